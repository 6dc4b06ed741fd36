package risk

import (
	"fmt"
	"os"
	"testing"

	"github.com/pmokit/pmokit/pmo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testPortfolio has two projects in two currencies, a closed risk, an
// opportunity, a risk rated by its cost against the budget and a residual.
func testPortfolio() *pmo.Portfolio {
	return &pmo.Portfolio{
		ID: "pf", Name: "Digital",
		Projects: []pmo.Project{
			{
				ID: "P-001", Name: "CRM", Program: "pg-crm", Phase: "execution",
				Budget: pmo.Budget{Approved: usd("1000000 USD")},
				Risks: []pmo.Risk{
					{ID: "R-1", Category: "technical", Probability: 0.4, Impact: 4, CostImpact: usd("200000 USD"), ScheduleImpactDays: 30,
						Residual: &pmo.Residual{Probability: 0.1}},
					{ID: "R-2", Category: "vendor", Probability: 0.9, Impact: 5, CostImpact: usd("50000 USD")},
					{ID: "R-3", Category: "technical", Probability: 0.5, CostImpact: usd("150000 USD")}, // 15% of budget: moderate
					{ID: "R-4", Category: "technical", Probability: 0.9, Impact: 5, Status: pmo.RiskClosed},
					{ID: "O-1", Kind: pmo.Opportunity, Category: "vendor", Probability: 0.5, Impact: 3, CostImpact: usd("20000 USD"), ScheduleImpactDays: 8},
				},
			},
			{
				ID: "P-002", Name: "ERP", Phase: "planning",
				Risks: []pmo.Risk{
					{ID: "R-9", Category: "people", Probability: 0.9, Impact: 5, CostImpact: usd("80000 EUR")},
				},
			},
			{ID: "P-003", Name: "No risks", Phase: "planning"},
		},
	}
}

func TestRollup(t *testing.T) {
	pf := testPortfolio()
	pf.Projects[1].Risks[0].Status = pmo.RiskOccurred // still counted, but not open
	reg, err := Rollup(pf, Preset5x5(), Filter{})
	require.NoError(t, err)
	counts := make([][]int, 5)
	for l := range counts {
		counts[l] = make([]int, 5)
	}
	counts[1][3] = 1 // 0.4, impact 4
	counts[4][4] = 2
	counts[2][2] = 2 // R-3 (15% → moderate), O-1
	assert.Equal(t, counts, reg.Counts())
	assert.Equal(t, counts, reg.KindCounts(0))
	opps := make([][]int, 5)
	for l := range opps {
		opps[l] = make([]int, 5)
	}
	opps[2][2] = 1 // O-1
	counts[2][2] = 1
	assert.Equal(t, counts, reg.KindCounts(pmo.Threat))
	assert.Equal(t, opps, reg.KindCounts(pmo.Opportunity))

	assert.Equal(t, Exposure{
		Risks:           5,
		Threats:         4,
		Opportunities:   1,
		Open:            4,
		Occurred:        1,
		Threat:          Amounts{usd("72000 EUR"), usd("200000 USD")}, // 80000 + 45000 + 75000 USD
		Opportunity:     Amounts{usd("10000 USD")},
		ThreatDays:      12,
		OpportunityDays: 4,
	}, normalize(reg.Total()))
	var cats []string
	for _, c := range reg.ByCategory() {
		cats = append(cats, c.Key)
	}
	assert.Equal(t, []string{"people", "technical", "vendor"}, cats)
	tech := normalize(reg.ByCategory()[1])
	assert.Equal(t, Exposure{Key: "technical", Risks: 2, Threats: 2, Open: 2, Threat: Amounts{usd("155000 USD")}, ThreatDays: 12}, tech)
	require.Len(t, reg.ByProject(), 2)
	assert.Equal(t, "P-001", reg.ByProject()[0].Key)
	assert.Equal(t, 4, reg.ByProject()[0].Risks)

	ids := func(es []Entry) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.ProjectID+"/"+e.Risk.ID)
		}
		return out
	}
	// Exposures: R-9 72000 EUR; R-1 80000, R-3 75000, R-2 45000, O-1 10000
	// USD. By exposure (the default), EUR sorts before USD.
	assert.Equal(t, []string{"P-002/R-9", "P-001/R-1", "P-001/R-3", "P-001/R-2", "P-001/O-1"}, ids(reg.Top(0)))
	// By score: both score 25 (EUR before USD); then the two
	// 9s, R-3 and O-1 (exposure 75000 before 10000), then R-1 (8).
	assert.Equal(t, []string{"P-002/R-9", "P-001/R-2", "P-001/R-3", "P-001/O-1", "P-001/R-1"}, ids(reg.TopBy(0, TopOptions{Order: ByScore})))
	// Threats and opportunities apart.
	assert.Equal(t, []string{"P-002/R-9", "P-001/R-1", "P-001/R-3", "P-001/R-2"}, ids(reg.TopBy(0, TopOptions{Kind: pmo.Threat})))
	assert.Equal(t, []string{"P-001/O-1"}, ids(reg.TopBy(3, TopOptions{Kind: pmo.Opportunity})))
	assert.Equal(t, []string{"P-002/R-9", "P-001/R-2"}, ids(reg.TopBy(2, TopOptions{Kind: pmo.Threat, Order: ByScore})))
	assert.Len(t, reg.Top(2), 2)
	var risks []string
	for _, r := range reg.Risks() {
		risks = append(risks, r.ID)
	}
	assert.Equal(t, []string{"R-1", "R-2", "R-3", "O-1", "R-9"}, risks)
}

// normalize rewrites amounts through their canonical strings so that
// decimals compare by value.
func normalize(e Exposure) Exposure {
	n := func(a Amounts) Amounts {
		var out Amounts
		for _, m := range a {
			out = append(out, pmo.MustParseMoney(m.String()))
		}
		return out
	}
	e.Threat, e.Opportunity = n(e.Threat), n(e.Opportunity)
	return e
}

func TestRollupFilters(t *testing.T) {
	ids := func(reg *Register) []string {
		var out []string
		for _, e := range reg.Entries() {
			out = append(out, e.Risk.ID)
		}
		return out
	}
	oppOnly, err := NewMatrix(func() Definition { d := Preset5x5().Definition(); d.Kind = pmo.Opportunity; return d }())
	require.NoError(t, err)
	tests := []struct {
		name string
		m    *Matrix
		f    Filter
		want []string
	}{
		{"all open", Preset5x5(), Filter{}, []string{"R-1", "R-2", "R-3", "O-1", "R-9"}},
		{"with closed", Preset5x5(), Filter{IncludeClosed: true}, []string{"R-1", "R-2", "R-3", "R-4", "O-1", "R-9"}},
		{"project", Preset5x5(), Filter{Project: "P-002"}, []string{"R-9"}},
		{"program", Preset5x5(), Filter{Program: "pg-crm"}, []string{"R-1", "R-2", "R-3", "O-1"}},
		{"categories", Preset5x5(), Filter{Categories: []string{"vendor", "people"}}, []string{"R-2", "O-1", "R-9"}},
		{"opportunity matrix", oppOnly, Filter{}, []string{"O-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg, err := Rollup(testPortfolio(), tt.m, tt.f)
			require.NoError(t, err)
			assert.Equal(t, tt.want, ids(reg))
		})
	}

	reg, err := Rollup(testPortfolio(), Preset5x5(), Filter{Basis: Residual, Project: "P-001", Categories: []string{"technical"}})
	require.NoError(t, err)
	require.Len(t, reg.Entries(), 2)
	assert.Equal(t, Cell{Likelihood: 0, Impact: 3}, reg.Entries()[0].Assessment.Cell, "R-1's residual probability 0.1")
	assert.Equal(t, "20000 USD", reg.Entries()[0].Assessment.Exposure.String())
}

func TestRollupErrors(t *testing.T) {
	pf := testPortfolio()
	pf.Projects[1].Risks = append(pf.Projects[1].Risks,
		pmo.Risk{ID: "R-10", Probability: 2, Impact: 1},
		pmo.Risk{ID: "R-11", Probability: 0.5, CostImpact: usd("5 EUR")}) // no budget to rate against
	_, err := Rollup(pf, Preset5x5(), Filter{})
	require.Error(t, err)
	assert.EqualError(t, err, `risk: projects[1].risks[1] (R-10): risk "R-10": probability 2 is outside 0..1`+"\n"+
		`risk: projects[1].risks[2] (R-11): risk "R-11": no ordinal impact, and no reference amount to rate cost_impact 5 EUR against`)
	_, err = Rollup(nil, Preset5x5(), Filter{})
	assert.Error(t, err)

	// Two risks of 1e308 days would make the schedule exposure +Inf.
	pf = testPortfolio()
	pf.Projects[0].Risks = append(pf.Projects[0].Risks,
		pmo.Risk{ID: "R-20", Probability: 0.9, Impact: 1, ScheduleImpactDays: 1e308},
		pmo.Risk{ID: "R-21", Probability: 0.9, Impact: 1, ScheduleImpactDays: 1e308})
	_, err = Rollup(pf, Preset5x5(), Filter{})
	assert.EqualError(t, err, `risk: projects[0].risks[5] (R-20): risk "R-20": schedule_impact_days 1e+308 is outside 0..1000000 days`+"\n"+
		`risk: projects[0].risks[6] (R-21): risk "R-21": schedule_impact_days 1e+308 is outside 0..1000000 days`)

	// The wrapped cause stays reachable through the path.
	pf = testPortfolio()
	pf.Projects[0].Risks = append(pf.Projects[0].Risks, pmo.Risk{ID: "R-12", Probability: 0.5, CostImpact: usd("5 EUR")})
	_, err = Rollup(pf, Preset5x5(), Filter{})
	assert.ErrorIs(t, err, pmo.ErrCurrencyMismatch)
	assert.EqualError(t, err, `risk: projects[0].risks[5] (R-12): risk "R-12": pmo: currency mismatch: cost_impact 5 EUR against reference 1000000 USD`)

	// A filter naming what the portfolio does not have is an error, not an
	// empty register.
	_, err = Rollup(testPortfolio(), Preset5x5(), Filter{Project: "P-999"})
	assert.EqualError(t, err, `risk: rollup: filter project "P-999" is not a project of the portfolio`)
	_, err = Rollup(testPortfolio(), Preset5x5(), Filter{Program: "pg-none"})
	assert.EqualError(t, err, `risk: rollup: filter program "pg-none" is not a program of the portfolio`)
	pf = testPortfolio()
	pf.Programs = []pmo.Program{{ID: "pg-empty", Name: "No projects yet"}}
	reg, err := Rollup(pf, Preset5x5(), Filter{Program: "pg-empty"})
	require.NoError(t, err, "a program of the portfolio without projects")
	assert.Empty(t, reg.Entries())
}

func TestBreaches(t *testing.T) {
	reg, err := Rollup(testPortfolio(), Preset5x5(), Filter{})
	require.NoError(t, err)
	got, err := reg.Breaches(Appetite{
		MaxRating:          "high",
		MaxScore:           12,
		MaxExposure:        usd("60000 USD"),
		MaxProjectExposure: usd("150000 USD"),
		MaxTotalExposure:   usd("250000 USD"),
	})
	require.NoError(t, err)
	want := []Breach{
		{Kind: BreachExposure, ProjectID: "P-001", RiskID: "R-1", Limit: "60000 USD", Actual: "80000 USD",
			Message: "the exposure of risk R-1 of project P-001 80000 USD exceeds the limit 60000 USD"},
		{Kind: BreachRating, ProjectID: "P-001", RiskID: "R-2", Limit: "high", Actual: "critical",
			Message: "risk R-2 of project P-001 is rated critical, above high"},
		{Kind: BreachScore, ProjectID: "P-001", RiskID: "R-2", Limit: "12", Actual: "25",
			Message: "risk R-2 of project P-001 scores 25, above 12"},
		{Kind: BreachExposure, ProjectID: "P-001", RiskID: "R-3", Limit: "60000 USD", Actual: "75000 USD",
			Message: "the exposure of risk R-3 of project P-001 75000 USD exceeds the limit 60000 USD"},
		{Kind: BreachRating, ProjectID: "P-002", RiskID: "R-9", Limit: "high", Actual: "critical",
			Message: "risk R-9 of project P-002 is rated critical, above high"},
		{Kind: BreachScore, ProjectID: "P-002", RiskID: "R-9", Limit: "12", Actual: "25",
			Message: "risk R-9 of project P-002 scores 25, above 12"},
		{Kind: BreachCurrency, ProjectID: "P-002", RiskID: "R-9", Limit: "60000 USD", Actual: "72000 EUR",
			Message: "the exposure of risk R-9 of project P-002 72000 EUR cannot be compared with the limit 60000 USD"},
		{Kind: BreachProjectExposure, ProjectID: "P-001", Limit: "150000 USD", Actual: "200000 USD",
			Message: "the threat exposure of project P-001 200000 USD exceeds the limit 150000 USD"},
		{Kind: BreachCurrency, ProjectID: "P-002", Limit: "150000 USD", Actual: "72000 EUR",
			Message: "the threat exposure of project P-002 72000 EUR cannot be compared with the limit 150000 USD"},
		{Kind: BreachCurrency, Limit: "250000 USD", Actual: "72000 EUR",
			Message: "the total threat exposure 72000 EUR cannot be compared with the limit 250000 USD"},
	}
	assert.Equal(t, want, got)

	none, err := reg.Breaches(Appetite{})
	require.NoError(t, err)
	assert.Empty(t, none)
	_, err = reg.Breaches(Appetite{MaxRating: "extreme"})
	assert.EqualError(t, err, `risk: appetite: max rating "extreme" is not a rating of matrix "5x5"`)
	_, err = reg.Breaches(Appetite{MaxExposure: usd("-1 USD")})
	assert.EqualError(t, err, "risk: appetite: negative limit -1 USD")
	assert.Equal(t, "project_exposure", BreachProjectExposure.String())
}

// TestRollupFromFile reads a portfolio file with pmo.ReadPortfolio; R-1 is
// DESIGN.md's example risk: 0.4 × 200,000 USD = 80,000 USD of exposure.
func TestRollupFromFile(t *testing.T) {
	f, err := os.Open("testdata/portfolio.yaml")
	require.NoError(t, err)
	defer f.Close()
	pf, err := pmo.ReadPortfolio(f)
	require.NoError(t, err)
	reg, err := Rollup(pf, Preset5x5(), Filter{})
	require.NoError(t, err)
	var got []string
	for _, e := range reg.Entries() {
		a := e.Assessment
		got = append(got, fmt.Sprintf("%s %v %s %v %s", e.Risk.ID, a.Cell, a.Rating.Name, a.Score, a.EMV))
	}
	assert.Equal(t, []string{
		"R-1 L2I4 medium 8 -80000 USD",
		"R-2 L2I3 medium 6 -54000 USD", // 180,000 / 1,200,000 = 15%: moderate
		"O-1 L3I2 medium 6 15000 USD",
	}, got)
	assert.Equal(t, Amounts{usd("134000 USD")}, normalize(reg.Total()).Threat)
}

// TestRegisterSimulate checks the one-call simulation of a register: cost
// per currency (every currency), schedule per project (no portfolio sum of
// days), reproducible, each group independent of the others.
func TestRegisterSimulate(t *testing.T) {
	pf := testPortfolio()
	pf.Projects[1].Risks = append(pf.Projects[1].Risks, pmo.Risk{ID: "R-10", Probability: 1, Impact: 2, ScheduleImpactDays: 40})
	reg, err := Rollup(pf, Preset5x5(), Filter{})
	require.NoError(t, err)
	ctx := t.Context()
	sim, err := reg.Simulate(ctx, SimOptions{Trials: 4000, Seed: 7})
	require.NoError(t, err)

	var keys []string
	for _, g := range sim.Cost {
		keys = append(keys, fmt.Sprint(g.Key, " ", g.Risks, " ", g.Currency()))
		assert.Zero(t, g.MeanSchedule(), "cost groups carry no days")
	}
	assert.Equal(t, []string{"EUR 1 EUR", "USD 4 USD"}, keys)
	keys = nil
	for _, g := range sim.Schedule {
		keys = append(keys, fmt.Sprint(g.Key, " ", g.Risks))
		assert.True(t, g.MeanCost().IsZero(), "schedule groups carry no cost")
	}
	assert.Equal(t, []string{"P-001 2", "P-002 1"}, keys)
	// P-002's only schedule risk is certain: 40 days in every trial.
	assert.Equal(t, 40.0, sim.Schedule[1].Schedule(0.5))
	assert.Equal(t, 40.0, sim.Schedule[1].MeanSchedule())
	// R-9 (0.9 × 80000 EUR, no range) costs 0 or 80000 EUR.
	assert.Equal(t, "80000 EUR", sim.Cost[0].Cost(0.5).String())

	// The same options give the same figures; a group's figures do not
	// depend on the other groups.
	again, err := reg.Simulate(ctx, SimOptions{Trials: 4000, Seed: 7})
	require.NoError(t, err)
	assert.Equal(t, sim.Cost[1].Cost(0.8), again.Cost[1].Cost(0.8))
	pf2 := testPortfolio()
	pf2.Projects = pf2.Projects[:1]
	reg2, err := Rollup(pf2, Preset5x5(), Filter{})
	require.NoError(t, err)
	alone, err := reg2.Simulate(ctx, SimOptions{Trials: 4000, Seed: 7})
	require.NoError(t, err)
	assert.Equal(t, sim.Cost[1].Cost(0.8), alone.Cost[0].Cost(0.8))
	assert.Equal(t, sim.Schedule[0].Schedule(0.8), alone.Schedule[0].Schedule(0.8))

	// Errors name the project and the risk; the trials of all groups
	// together are bounded.
	pf.Projects[1].Risks[0].CostRange = &pmo.MoneyRange{Min: usd("1 EUR"), Max: usd("2 EUR")}
	reg, err = Rollup(pf, Preset5x5(), Filter{})
	require.NoError(t, err)
	_, err = reg.Simulate(ctx, SimOptions{Trials: 10})
	assert.EqualError(t, err, "risk: simulate: project P-002: risk R-9: cost range 1 EUR..2 EUR does not hold the most likely 80000 EUR")
	reg, err = Rollup(testPortfolio(), Preset5x5(), Filter{})
	require.NoError(t, err)
	_, err = reg.Simulate(ctx, SimOptions{Trials: MaxTrials})
	assert.EqualError(t, err, "risk: simulate: 50000000 trials for each of 3 groups, more than 50000000 trials in all")
}

// TestTopAcrossCurrencies checks that amounts in different currencies are
// never compared: the largest exposure of each currency comes first, then
// the second largest of each, the ranks of one level ordered by score.
func TestTopAcrossCurrencies(t *testing.T) {
	pf := testPortfolio()
	pf.Projects[1].Risks = append(pf.Projects[1].Risks,
		pmo.Risk{ID: "R-11", Probability: 0.1, Impact: 1, CostImpact: usd("10000 EUR")}, // 1000 EUR, score 1
		pmo.Risk{ID: "R-12", Probability: 0.1, Impact: 2, CostImpact: usd("5000 EUR")})  // 500 EUR, score 2
	reg, err := Rollup(pf, Preset5x5(), Filter{})
	require.NoError(t, err)
	var got []string
	for _, e := range reg.TopBy(0, TopOptions{Kind: pmo.Threat}) {
		got = append(got, e.Risk.ID+" "+e.Assessment.Exposure.String())
	}
	assert.Equal(t, []string{
		"R-9 72000 EUR", "R-1 80000 USD", // the largest of each currency; R-9 scores 25, R-1 8
		"R-3 75000 USD", "R-11 1000 EUR", // the second largest: R-3 scores 9, R-11 1
		"R-2 45000 USD", "R-12 500 EUR", // the third: R-2 scores 25, R-12 2
	}, got)
}
