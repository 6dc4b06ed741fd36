package pmo_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/pmo"
)

func TestParseLimit(t *testing.T) {
	pct := func(s string) pmo.Limit {
		return pmo.Limit{Unit: pmo.LimitPercent, Value: decimal.RequireFromString(s)}
	}
	good := []struct {
		in   string
		want pmo.Limit
		text string
	}{
		{"10%", pct("10"), "10%"},
		{"7.5%", pct("7.5"), "7.5%"},
		{"0%", pct("0"), "0%"},
		{"1000%", pct("1000"), "1000%"},
		{"10d", pmo.Limit{Unit: pmo.LimitDays, Value: decimal.NewFromInt(10)}, "10d"},
		{"0d", pmo.Limit{Unit: pmo.LimitDays, Value: decimal.NewFromInt(0)}, "0d"},
		{"36500d", pmo.Limit{Unit: pmo.LimitDays, Value: decimal.NewFromInt(36500)}, "36500d"},
		{"50000 USD", pmo.Limit{Unit: pmo.LimitMoney, Money: pmo.MustParseMoney("50000 USD")}, "50000 USD"},
		{"0.50 EUR", pmo.Limit{Unit: pmo.LimitMoney, Money: pmo.MustParseMoney("0.50 EUR")}, "0.5 EUR"},
	}
	for _, tt := range good {
		t.Run(tt.in, func(t *testing.T) {
			got, err := pmo.ParseLimit(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want.Unit, got.Unit)
			assert.True(t, tt.want.Value.Equal(got.Value), "%s != %s", tt.want.Value, got.Value)
			assert.True(t, tt.want.Money.Equal(got.Money))
			assert.Equal(t, tt.text, got.String())
			back, err := pmo.ParseLimit(got.String())
			require.NoError(t, err)
			assert.Equal(t, got.String(), back.String())
		})
	}
	bad := []struct{ in, why string }{
		{"", `want a percent "10%", whole days "10d" or a money "50000 USD"`},
		{"-5%", "a limit is a size, without a sign: minus: 5% allows 5% below the plan"},
		{"+5%", "a limit is a size, without a sign"},
		{"-5 USD", "without a sign"},
		{"10", "want a percent"},
		{"10 %", "want a percent"},
		{" 10%", "want a percent"},
		{"10%%", "want a percent"},
		{".5%", "want a percent"},
		{"5.%", "want a percent"},
		{"1e3%", "want a percent"},
		{"1000.01%", "at most 1000%"},
		{"1.5d", "want a percent"},
		{"d", "want a percent"},
		{"10 days", "want a percent"},
		{"36501d", "at most 36500d"},
		{"50000 usd", "want a percent"},
		{"50000  USD", "want a percent"},
		{"50000 USD ", "want a percent"},
		{"1,000 USD", "want a percent"},
		{"NaN%", "want a percent"},
	}
	for _, tt := range bad {
		t.Run("bad "+tt.in, func(t *testing.T) {
			_, err := pmo.ParseLimit(tt.in)
			require.Error(t, err)
			assert.ErrorIs(t, err, pmo.ErrInvalid)
			assert.True(t, strings.HasPrefix(err.Error(), "pmo: invalid tolerance limit "), err.Error())
			assert.Contains(t, err.Error(), tt.why)
		})
	}
}

// TestReadStagesAndTolerances reads stages and tolerances and checks every
// problem is reported with its path and line.
func TestReadStagesAndTolerances(t *testing.T) {
	pf, err := read(base + `    budget: {approved: "1000000 USD", forecast: "1080000 USD"}
    tolerances:
      cost: {plus: 10%, minus: "50000 USD"}
      time: {plus: 15d, minus: 5%}
      scope: {plus: 0%, minus: 5%}
      benefits: {plus: 100%, minus: "20000 USD"}
    stages:
      - id: S-1
        name: Initiation
        start: 2026-01-05
        finish: 2026-02-27
        forecast_finish: 2026-03-06
        planned_cost: "100000 USD"
        forecast_cost: "95000 USD"
        actual_cost: "60000 USD"
        tolerances: {cost: {plus: 5%, minus: 5%}, time: {plus: 5d, minus: 0d}}
        attributes: {gate_review: done}
`)
	require.NoError(t, err)
	p := pf.Projects[0]
	require.NotNil(t, p.Tolerances)
	assert.Equal(t, "10%", p.Tolerances.Cost.Plus.String())
	assert.Equal(t, "50000 USD", p.Tolerances.Cost.Minus.String())
	assert.Equal(t, pmo.LimitDays, p.Tolerances.Time.Plus.Unit)
	assert.Nil(t, p.Tolerances.Risk)
	require.Len(t, p.Stages, 1)
	s := p.Stages[0]
	assert.Equal(t, "S-1", s.ID)
	assert.Equal(t, "95000 USD", s.ForecastCost.String())
	assert.Equal(t, "0d", s.Tolerances.Time.Minus.String())
	assert.Equal(t, "done", s.Attributes["gate_review"])

	tests := []struct {
		name, doc, want string
		line            int
	}{
		{"limit with a sign", "    tolerances: {cost: {plus: 10%, minus: -5%}}\n",
			`pmo: projects[0].tolerances.cost.minus: invalid tolerance limit "-5%" (a limit is a size, without a sign: minus: 5% allows 5% below the plan)`, 9},
		{"limit as a number", "    tolerances: {cost: {plus: 10, minus: 5%}}\n",
			`pmo: projects[0].tolerances.cost.plus: want a tolerance limit such as "10%", "10d" or "50000 USD", found a number`, 9},
		{"plus missing", "    tolerances: {time: {minus: 5d}}\n",
			`pmo: projects[0].tolerances.time.plus: missing required field`, 9},
		{"unknown dimension", "    tolerances: {budget: {plus: 5%, minus: 5%}}\n",
			`pmo: projects[0].tolerances.budget: unknown field "budget"`, 9},
		{"days for cost", "    tolerances: {cost: {plus: 10d, minus: 5%}}\n",
			`pmo: projects[0].tolerances.cost.plus: a cost tolerance is in money or percent, not days (10d)`, 9},
		{"money for time", "    tolerances: {time: {plus: 5%, minus: \"5 USD\"}}\n",
			`pmo: projects[0].tolerances.time.minus: a time tolerance is in days or percent, not money (5 USD)`, 9},
		{"money for scope", "    tolerances: {scope: {plus: \"5 USD\", minus: 5%}}\n",
			`pmo: projects[0].tolerances.scope.plus: a scope tolerance is in percent, not money (5 USD)`, 9},
		{"minus more than the plan", "    tolerances: {cost: {plus: 200%, minus: 101%}}\n",
			`pmo: projects[0].tolerances.cost.minus: minus 101% is more than the whole plan (at most 100%)`, 9},
		{"money limit in another currency", "    budget: {approved: \"1000 USD\"}\n    tolerances: {cost: {plus: \"100 EUR\", minus: 5%}}\n",
			`pmo: projects[0].tolerances.cost.plus: limit 100 EUR is not in the plan's currency USD`, 10},
		{"stage without a name", "    stages: [{id: S-1}]\n",
			`pmo: projects[0].stages[0].name: missing required field`, 9},
		{"duplicate stage", "    stages: [{id: S-1, name: A}, {id: S-1, name: B}]\n",
			`pmo: projects[0].stages[1].id: duplicate id "S-1" (first at stages[0])`, 9},
		{"stage finish before start", "    stages: [{id: S-1, name: A, start: 2026-03-01, finish: 2026-02-01}]\n",
			`pmo: projects[0].stages[0].finish: finish 2026-02-01 is before start 2026-03-01`, 9},
		{"negative stage cost", "    stages: [{id: S-1, name: A, forecast_cost: \"-1 USD\"}]\n",
			`pmo: projects[0].stages[0].forecast_cost: negative amount -1 USD (want 0 or more)`, 9},
		{"stage limit in another currency", "    stages: [{id: S-1, name: A, planned_cost: \"1 GBP\", tolerances: {cost: {plus: 1%, minus: \"1 USD\"}}}]\n",
			`pmo: projects[0].stages[0].tolerances.cost.minus: limit 1 USD is not in the plan's currency GBP`, 9},
		{"unknown stage field", "    stages: [{id: S-1, name: A, budget: \"1 USD\"}]\n",
			`pmo: projects[0].stages[0].budget: unknown field "budget"`, 9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := read(base + tt.doc)
			require.Error(t, err)
			assert.ErrorIs(t, err, pmo.ErrInvalid)
			errs := fieldErrors(t, err)
			require.Len(t, errs, 1, err.Error())
			assert.Equal(t, tt.want, errs[0].Error())
			assert.Equal(t, tt.line, errs[0].Line, "line")
		})
	}
}

// date parses YYYY-MM-DD for the tests below.
func date(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	require.NoError(t, err)
	return d
}

func tol(t *testing.T, plus, minus string) *pmo.Tolerance {
	t.Helper()
	p, err := pmo.ParseLimit(plus)
	require.NoError(t, err)
	m, err := pmo.ParseLimit(minus)
	require.NoError(t, err)
	return &pmo.Tolerance{Plus: p, Minus: m}
}

// TestCheckTolerances measures forecasts against tolerances in both
// directions, at the limits and past them (PRINCE2: a deviation equal to
// the tolerance is within it; beyond it, above or below, is an exception).
func TestCheckTolerances(t *testing.T) {
	usd := pmo.MustParseMoney
	cost := []struct {
		name             string
		tol              *pmo.Tolerance
		target, forecast string
		above, below     bool
		deviation, pct   string
	}{
		{"on plan", tol(t, "10%", "5%"), "1000 USD", "1000 USD", false, false, "0 USD", "0"},
		{"within plus", tol(t, "10%", "5%"), "1000 USD", "1099.99 USD", false, false, "99.99 USD", "10"},
		{"at plus", tol(t, "10%", "5%"), "1000 USD", "1100 USD", false, false, "100 USD", "10"},
		{"past plus", tol(t, "10%", "5%"), "1000 USD", "1100.01 USD", true, false, "100.01 USD", "10"},
		{"at minus", tol(t, "10%", "5%"), "1000 USD", "950 USD", false, false, "-50 USD", "-5"},
		{"past minus", tol(t, "10%", "5%"), "1000 USD", "949.99 USD", false, true, "-50.01 USD", "-5"},
		{"money plus", tol(t, "100 USD", "0 USD"), "1000 USD", "1100.01 USD", true, false, "100.01 USD", "10"},
		{"money minus of zero", tol(t, "100 USD", "0 USD"), "1000 USD", "999.99 USD", false, true, "-0.01 USD", "0"},
		{"a third", tol(t, "50%", "50%"), "3 USD", "4 USD", false, false, "1 USD", "33.33"},
	}
	for _, tt := range cost {
		t.Run("cost "+tt.name, func(t *testing.T) {
			p := &pmo.Project{ID: "P-1", Budget: pmo.Budget{Approved: usd(tt.target), Forecast: usd(tt.forecast)},
				Tolerances: &pmo.Tolerances{Cost: tt.tol}}
			c, err := p.CheckTolerances()
			require.NoError(t, err)
			assert.True(t, c.Cost.Measured)
			assert.Equal(t, tt.above, c.Cost.Above, "above")
			assert.Equal(t, tt.below, c.Cost.Below, "below")
			assert.Equal(t, tt.above || tt.below, c.Exceeded())
			assert.Equal(t, usd(tt.deviation).String(), c.Cost.Deviation.String())
			assert.True(t, c.Cost.PercentDefined)
			assert.Equal(t, decimal.RequireFromString(tt.pct).Round(0).String(), c.Cost.Percent.Round(0).String())
			if tt.name == "a third" {
				assert.Equal(t, "33.33", c.Cost.Percent.String())
			}
		})
	}

	// A 100-day plan: 2026-01-01 to 2026-04-11.
	start, finish := date(t, "2026-01-01"), date(t, "2026-04-11")
	timeCases := []struct {
		name         string
		tol          *pmo.Tolerance
		forecast     string
		above, below bool
		days         int
	}{
		{"on plan", tol(t, "10d", "5d"), "2026-04-11", false, false, 0},
		{"at plus days", tol(t, "10d", "5d"), "2026-04-21", false, false, 10},
		{"past plus days", tol(t, "10d", "5d"), "2026-04-22", true, false, 11},
		{"at minus days", tol(t, "10d", "5d"), "2026-04-06", false, false, -5},
		{"past minus days", tol(t, "10d", "5d"), "2026-04-05", false, true, -6},
		{"at plus percent", tol(t, "10%", "10%"), "2026-04-21", false, false, 10},
		{"past plus percent", tol(t, "10%", "10%"), "2026-04-22", true, false, 11},
		{"past minus percent", tol(t, "10%", "10%"), "2026-03-31", false, true, -11},
	}
	for _, tt := range timeCases {
		t.Run("time "+tt.name, func(t *testing.T) {
			s := &pmo.Stage{ID: "S-1", Name: "Build", Start: start, Finish: finish, ForecastFinish: date(t, tt.forecast),
				Tolerances: &pmo.Tolerances{Time: tt.tol}}
			c, err := s.CheckTolerances()
			require.NoError(t, err)
			assert.True(t, c.Time.Measured)
			assert.Equal(t, 100, c.Time.PlannedDays)
			assert.Equal(t, tt.days, c.Time.Days)
			assert.Equal(t, tt.above, c.Time.Above, "above")
			assert.Equal(t, tt.below, c.Time.Below, "below")
		})
	}

	t.Run("the baseline is the target when given", func(t *testing.T) {
		p := &pmo.Project{ID: "P-1", Start: start, Finish: finish,
			BaselineStart: start, BaselineFinish: date(t, "2026-03-02"), ForecastFinish: date(t, "2026-04-11"),
			Tolerances: &pmo.Tolerances{Time: tol(t, "30d", "0d")}}
		c, err := p.CheckTolerances()
		require.NoError(t, err)
		assert.Equal(t, 40, c.Time.Days)
		assert.True(t, c.Time.Above)
		assert.Equal(t, date(t, "2026-03-02"), c.Time.TargetFinish)
	})
	t.Run("not measured without a forecast", func(t *testing.T) {
		p := &pmo.Project{ID: "P-1", Budget: pmo.Budget{Approved: usd("1 USD")}, Finish: finish,
			Tolerances: &pmo.Tolerances{Cost: tol(t, "1%", "1%"), Time: tol(t, "5%", "5d")}}
		c, err := p.CheckTolerances()
		require.NoError(t, err)
		assert.False(t, c.Cost.Measured)
		assert.Equal(t, []string{"budget.forecast"}, c.Cost.Missing)
		assert.False(t, c.Time.Measured)
		assert.Equal(t, []string{"start (for a percent limit)", "forecast_finish"}, c.Time.Missing)
		assert.False(t, c.Exceeded())
	})
	t.Run("no tolerance, nothing missing", func(t *testing.T) {
		s := &pmo.Stage{ID: "S-1", PlannedCost: usd("5 USD"), ForecastCost: usd("50 USD")}
		c, err := s.CheckTolerances()
		require.NoError(t, err)
		assert.Nil(t, c.Cost.Tolerance)
		assert.False(t, c.Cost.Measured)
		assert.Empty(t, c.Cost.Missing)
		assert.False(t, c.Exceeded())
	})
	t.Run("currencies never mix", func(t *testing.T) {
		s := &pmo.Stage{ID: "S-1", PlannedCost: usd("5 USD"), ForecastCost: usd("6 EUR"), Tolerances: &pmo.Tolerances{Cost: tol(t, "1%", "1%")}}
		_, err := s.CheckTolerances()
		require.Error(t, err)
		assert.ErrorIs(t, err, pmo.ErrCurrencyMismatch)
		assert.Equal(t, "pmo: cost tolerance: forecast_cost 6 EUR and planned_cost 5 USD are in different currencies", err.Error())
		s = &pmo.Stage{ID: "S-1", PlannedCost: usd("5 USD"), ForecastCost: usd("6 USD"), Tolerances: &pmo.Tolerances{Cost: tol(t, "1 EUR", "1 EUR")}}
		_, err = s.CheckTolerances()
		require.Error(t, err)
		assert.ErrorIs(t, err, pmo.ErrCurrencyMismatch)
		assert.Contains(t, err.Error(), "cost tolerance: plus limit 1 EUR against amounts in USD")
	})
	t.Run("a percent of a zero target", func(t *testing.T) {
		s := &pmo.Stage{ID: "S-1", PlannedCost: usd("0 USD"), ForecastCost: usd("6 USD"), Tolerances: &pmo.Tolerances{Cost: tol(t, "10%", "10%")}}
		c, err := s.CheckTolerances()
		require.Error(t, err)
		assert.True(t, errors.Is(err, pmo.ErrInvalid))
		assert.Contains(t, err.Error(), "a plus limit 10% of a zero planned_cost")
		assert.False(t, c.Cost.PercentDefined)
	})
}
