package prioritize

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/pmokit/pmokit/pmo"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func testPortfolio() *pmo.Portfolio {
	return &pmo.Portfolio{
		ID: "pf", Name: "Test",
		Projects: []pmo.Project{
			{
				ID: "P-1", Name: "CRM", Phase: "execution",
				Start: day("2026-01-01"), Finish: day("2026-12-31"),
				Budget: pmo.Budget{Approved: usd("1200000"), Forecast: usd("1350000")},
				Scores: map[string]float64{"strategic_fit": 8, "business_value": 13, "time_criticality": 8, "risk_reduction": 5, "job_size": 8,
					"reach": 1000, "impact": 2, "confidence": 0.8, "effort": 5},
				Attributes:   map[string]any{"npv": 2.5e6, "region": "EMEA", "headcount": json.Number("12")},
				Risks:        []pmo.Risk{{ID: "R-1", Status: pmo.RiskOpen}, {ID: "R-2"}},
				Dependencies: []pmo.Dependency{{ID: "D-1", On: "P-2"}, {ID: "D-2", On: "P-9"}},
			},
			{
				ID: "P-2", Name: "Data", Phase: "planning",
				Start: day("2026-03-01"), Finish: day("2026-06-01"),
				Budget: pmo.Budget{Approved: usd("300000.50"), Forecast: usd("280000")},
				Scores: map[string]float64{"strategic_fit": 6, "business_value": 5, "time_criticality": 13, "risk_reduction": 3, "job_size": 3,
					"reach": 500, "impact": 1, "confidence": 0.9, "effort": 2},
				Attributes: map[string]any{"npv": 900000, "headcount": 4},
			},
		},
	}
}

func TestFromPortfolio(t *testing.T) {
	pf := testPortfolio()
	tbl, err := FromPortfolio(pf, []Criterion{
		{Name: "strategic_fit", Weight: 3},
		{Name: "cost", Weight: 1, Cost: true},
		{Name: "attributes.npv", Weight: 2},
		{Name: "duration_days", Weight: 1, Cost: true},
		{Name: "open_risks", Weight: 1, Cost: true},
		{Name: "headcount", Weight: 1, Cost: true},
	}, WithSource("cost", FieldBudgetApproved), WithSource("headcount", "attributes.headcount"))
	require.NoError(t, err)
	assert.Equal(t, []Row{
		{ID: "P-1", Values: []float64{8, 1200000, 2.5e6, 364, 2, 12}},
		{ID: "P-2", Values: []float64{6, 300000.5, 900000, 92, 0, 4}},
	}, tbl.Rows)
	r, err := tbl.WeightedSum(MinMax)
	require.NoError(t, err)
	assert.Len(t, r, 2)

	only, err := FromPortfolio(pf, []Criterion{{Name: "strategic_fit", Weight: 1}}, WithProjects(func(p *pmo.Project) bool { return p.Phase == "planning" }))
	require.NoError(t, err)
	assert.Equal(t, []Row{{ID: "P-2", Values: []float64{6}}}, only.Rows)
}

func TestFromPortfolioErrors(t *testing.T) {
	pf := testPortfolio()
	pf.Projects[1].Budget.Approved = pmo.MustParseMoney("1 EUR")
	pf.Projects[1].EarnedValue = nil
	_, err := FromPortfolio(pf, []Criterion{
		{Name: "missing_score", Weight: 1},
		{Name: "attributes.region", Weight: 1},
		{Name: "attributes.nope", Weight: 1},
		{Name: "budget.approved", Weight: 1},
		{Name: "earned_value.ev", Weight: 1},
		{Name: "bogus.field", Weight: 1},
	})
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalid)
	assert.ErrorIs(t, err, pmo.ErrCurrencyMismatch)
	for _, want := range []string{
		`prioritize: project "P-1": criterion "missing_score": scores.missing_score is missing`,
		`project "P-1": criterion "attributes.region": attributes.region is the string "EMEA", not a number`,
		`project "P-2": criterion "attributes.region": attributes.region is missing`,
		`project "P-1": criterion "attributes.nope": attributes.nope is missing`,
		`project "P-2": criterion "budget.approved": budget.approved is in EUR, earlier projects in USD`,
		`project "P-1": criterion "earned_value.ev": earned_value.ev is missing (no earned_value)`,
		`criterion "bogus.field": bogus.field is not a known field`,
	} {
		assert.Contains(t, err.Error(), want)
	}
	_, err = FromPortfolio(nil, nil)
	assert.ErrorIs(t, err, ErrInvalid)
}

func TestNumber(t *testing.T) {
	for _, v := range []any{int(3), int8(3), int16(3), int32(3), int64(3), uint(3), uint8(3), uint16(3), uint32(3), uint64(3),
		float32(3), float64(3), json.Number("3"), decimal.NewFromInt(3)} {
		f, err := number(v)
		require.NoError(t, err, "%T", v)
		assert.Equal(t, 3.0, f)
	}
	for _, v := range []any{nil, "3", true, []any{1}, json.Number("x")} {
		_, err := number(v)
		assert.Error(t, err, "%T", v)
	}
}

func TestWSJFAndRICEFromPortfolio(t *testing.T) {
	pf := testPortfolio()
	w, err := WSJFFromPortfolio(pf)
	require.NoError(t, err)
	assert.Equal(t, []WSJFItem{
		{ID: "P-1", BusinessValue: 13, TimeCriticality: 8, RiskReduction: 5, JobSize: 8},
		{ID: "P-2", BusinessValue: 5, TimeCriticality: 13, RiskReduction: 3, JobSize: 3},
	}, w)
	r, err := WSJF(w)
	require.NoError(t, err)
	assert.Equal(t, []string{"P-2", "P-1"}, r.IDs()) // 21/3 = 7 > 26/8 = 3.25

	rice, err := RICEFromPortfolio(pf)
	require.NoError(t, err)
	assert.Equal(t, RICEItem{ID: "P-1", Reach: 1000, Impact: 2, Confidence: 0.8, Effort: 5}, rice[0])

	delete(pf.Projects[1].Scores, "job_size")
	_, err = WSJFFromPortfolio(pf)
	assert.ErrorContains(t, err, `prioritize: wsjf: project "P-2": scores.job_size is missing`)
	_, err = RICEFromPortfolio(nil)
	assert.ErrorIs(t, err, ErrInvalid)
	// A source override renames a conventional score.
	pf.Projects[1].Scores["size"] = 2
	pf.Projects[0].Scores["size"] = 4
	w, err = WSJFFromPortfolio(pf, WithSource("job_size", "scores.size"))
	require.NoError(t, err)
	assert.Equal(t, 2.0, w[1].JobSize)
}

func TestCandidatesFromPortfolio(t *testing.T) {
	pf := testPortfolio()
	cs, err := CandidatesFromPortfolio(pf, CandidateOptions{ValueScore: "strategic_fit", Dependencies: true})
	require.NoError(t, err)
	assert.Equal(t, []Candidate{
		{ID: "P-1", Value: 8, Cost: usd("1200000"), Requires: []string{"P-2"}}, // P-9 is not a candidate
		{ID: "P-2", Value: 6, Cost: usd("300000.50")},
	}, cs)
	sel, err := Select(context.Background(), cs, SelectOptions{Budget: usd("1400000")})
	require.NoError(t, err)
	assert.Equal(t, []string{"P-2"}, sel.IDs, "P-1 needs P-2: 1,500,000.50 is over budget")

	r, err := WSJF(mustWSJF(t, pf))
	require.NoError(t, err)
	cs, err = CandidatesFromPortfolio(pf, CandidateOptions{Ranking: r, Cost: CostForecast})
	require.NoError(t, err)
	assert.Equal(t, 7.0, cs[1].Value)
	assert.Equal(t, usd("1350000"), cs[0].Cost)

	_, err = CandidatesFromPortfolio(pf, CandidateOptions{})
	assert.ErrorContains(t, err, "neither a ranking nor a value score or field given")
	_, err = CandidatesFromPortfolio(pf, CandidateOptions{Ranking: r[:1]})
	assert.ErrorContains(t, err, `candidates: project "P-1" is not in the ranking`)
	pf.Projects[0].Budget.Approved = pmo.Money{}
	_, err = CandidatesFromPortfolio(pf, CandidateOptions{ValueScore: "nope"})
	assert.ErrorContains(t, err, `candidates: project "P-1": scores.nope is missing`)
	assert.ErrorContains(t, err, `candidates: project "P-1": budget.approved is missing`)
	_, err = CandidatesFromPortfolio(pf, CandidateOptions{ValueScore: "x", Cost: CostBasis(5)})
	assert.ErrorIs(t, err, ErrInvalid)
}

func mustWSJF(t *testing.T, pf *pmo.Portfolio) []WSJFItem {
	w, err := WSJFFromPortfolio(pf)
	require.NoError(t, err)
	return w
}

func TestFrontier(t *testing.T) {
	cands := []Candidate{
		{ID: "A", Value: 10, Cost: usd("50")},
		{ID: "B", Value: 6, Cost: usd("30")},
		{ID: "C", Value: 5, Cost: usd("20")},
		{ID: "M", Value: 1, Cost: usd("25")},
	}
	pts, err := Frontier(context.Background(), cands, SelectOptions{Mandatory: []string{"M"}}, usd("0"), usd("110"), usd("25"))
	require.NoError(t, err)
	budgets := []string{}
	for _, p := range pts {
		budgets = append(budgets, p.Budget.String())
	}
	assert.Equal(t, []string{"0 USD", "25 USD", "50 USD", "75 USD", "100 USD", "110 USD"}, budgets)
	assert.False(t, pts[0].Feasible, "the mandatory project costs 25")
	assert.Empty(t, pts[0].IDs)
	assert.Equal(t, "prioritize: infeasible: mandatory candidates (with what they require) cost 25 USD, over the budget 0 USD", pts[0].Reason)
	// A constraint that fails at every budget: each point says which.
	never, err := Frontier(context.Background(), cands, SelectOptions{Mandatory: []string{"A"}, Excluded: []string{"A"}}, usd("0"), usd("50"), usd("25"))
	require.NoError(t, err)
	require.Len(t, never, 3)
	for _, p := range never {
		assert.False(t, p.Feasible)
		assert.Equal(t, `prioritize: infeasible: candidate "A" is both mandatory and excluded`, p.Reason)
	}
	assert.Equal(t, FrontierPoint{Budget: usd("25"), Feasible: true, Value: 1, Cost: usd("25"), IDs: []string{"M"}}, pts[1])
	assert.Equal(t, []string{"C", "M"}, pts[2].IDs)
	assert.Equal(t, 12.0, pts[3].Value) // B+C+M (75) beats A+M (75, value 11)
	assert.Equal(t, []string{"B", "C", "M"}, pts[3].IDs)
	for i := 2; i < len(pts); i++ {
		assert.GreaterOrEqual(t, pts[i].Value, pts[i-1].Value, "the frontier never decreases")
	}

	_, err = Frontier(context.Background(), cands, SelectOptions{}, usd("10"), usd("5"), usd("1"))
	assert.ErrorContains(t, err, "frontier: from 10 USD is above to 5 USD")
	_, err = Frontier(context.Background(), cands, SelectOptions{}, usd("0"), usd("5"), usd("0"))
	assert.ErrorContains(t, err, "frontier: step 0 USD is not positive")
	_, err = Frontier(context.Background(), cands, SelectOptions{}, usd("0"), pmo.MustParseMoney("5 EUR"), usd("1"))
	assert.ErrorIs(t, err, pmo.ErrCurrencyMismatch)
	_, err = Frontier(context.Background(), cands, SelectOptions{}, usd("0"), usd("1000000"), usd("1"))
	assert.ErrorContains(t, err, "more than 10000 budget levels")
}

func TestFrontierSearchLimit(t *testing.T) {
	cs, opts := benchCandidates()
	opts.NodeLimit = 5
	pts, err := Frontier(context.Background(), cs, opts, opts.Budget, opts.Budget, usd("1"))
	assert.ErrorIs(t, err, ErrSearchLimit)
	assert.Empty(t, pts)
	assert.ErrorContains(t, err, "prioritize: frontier at budget ")
}

func TestSynthesize(t *testing.T) {
	r, err := Synthesize([]string{"a", "b"}, []string{"x", "y"}, []float64{3, 1}, [][]float64{{0.2, 0.8}, {0.9, 0.1}})
	require.NoError(t, err)
	// a = .75·.2 + .25·.9 = .375; b = .75·.8 + .25·.1 = .625
	assert.Equal(t, []string{"b", "a"}, r.IDs())
	assert.InDelta(t, 0.625, r[0].Score, 1e-15)
	cs := r[0].Contributions()
	require.Len(t, cs, 2)
	assert.Equal(t, "x", cs[0].Criterion)
	assert.Equal(t, 0.8, cs[0].Value)
	assert.Equal(t, 0.8, cs[0].Normalized)
	assert.InDelta(t, 0.6, cs[0].Weighted, 1e-15)
	assert.Equal(t, "y", cs[1].Criterion)
	assert.InDelta(t, 0.025, cs[1].Weighted, 1e-15)
	_, err = Synthesize([]string{"a"}, []string{"x"}, []float64{1, 2}, nil)
	assert.ErrorIs(t, err, ErrInvalid)
	_, err = Synthesize([]string{"a", "b"}, []string{"x"}, []float64{1}, [][]float64{{1}})
	assert.ErrorContains(t, err, `prioritize: ahp: criterion "x": 1 local priorities for 2 alternatives`)
	// A negative priority is not a priority: an error, not a silently
	// penalized alternative.
	r, err = Synthesize([]string{"a", "b"}, []string{"x"}, []float64{1}, [][]float64{{-0.5, 1.5}})
	assert.Nil(t, r)
	assert.ErrorIs(t, err, ErrInvalid)
	assert.EqualError(t, err, `prioritize: ahp: criterion "x": alternative "a": local priority -0.5 is not a finite number >= 0`)
}

// TestCandidatesDefaults checks the selection defaults: projects in closing
// (or after it) are not candidates, and the cost bases, remaining money
// included, for projects under way and not.
func TestCandidatesDefaults(t *testing.T) {
	pf := &pmo.Portfolio{ID: "pf", Projects: []pmo.Project{
		// Under way with earned value: EAC = BAC·AC/EV = 1000·600/500 = 1200, ETC = 600.
		{ID: "A", Phase: "execution", Scores: map[string]float64{"business_value": 8},
			Budget:      pmo.Budget{Approved: usd("1000"), Forecast: usd("1100"), Actual: usd("600")},
			EarnedValue: &pmo.EarnedValue{BAC: usd("1000"), PV: usd("550"), EV: usd("500"), AC: usd("600")}},
		// Under way without earned value: forecast − actual.
		{ID: "B", Phase: "execution", Scores: map[string]float64{"business_value": 5},
			Budget: pmo.Budget{Approved: usd("400"), Forecast: usd("450"), Actual: usd("100")}},
		// Not started: its approved budget.
		{ID: "C", Phase: "planning", Scores: map[string]float64{"business_value": 3},
			Budget: pmo.Budget{Approved: usd("300")}},
		// Finishing: not a candidate by default.
		{ID: "D", Phase: "closing", Scores: map[string]float64{"business_value": 9},
			Budget: pmo.Budget{Approved: usd("50"), Actual: usd("45")}},
	}}
	costs := func(cs []Candidate) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.ID+" "+c.Cost.String())
		}
		return out
	}
	cs, err := CandidatesFromPortfolio(pf, CandidateOptions{ValueScore: "business_value"})
	require.NoError(t, err)
	assert.Equal(t, []string{"A 1000 USD", "B 400 USD", "C 300 USD"}, costs(cs), "closing projects are left out")
	cs, err = CandidatesFromPortfolio(pf, CandidateOptions{ValueField: "scores.business_value", Cost: CostRemaining})
	require.NoError(t, err)
	assert.Equal(t, []string{"A 600 USD", "B 350 USD", "C 300 USD"}, costs(cs))
	assert.Equal(t, 8.0, cs[0].Value)
	all := func(*pmo.Project) bool { return true }
	cs, err = CandidatesFromPortfolio(pf, CandidateOptions{ValueScore: "business_value", Cost: CostForecastRemaining, Projects: all})
	require.ErrorContains(t, err, `candidates: project "C": budget.forecast is missing`)
	pf.Projects[2].Budget.Forecast = usd("320")
	cs, err = CandidatesFromPortfolio(pf, CandidateOptions{ValueScore: "business_value", Cost: CostForecastRemaining, Projects: all})
	require.ErrorContains(t, err, `candidates: project "D": budget.forecast is missing`)
	pf.Projects[3].Budget.Forecast = usd("40")
	_, err = CandidatesFromPortfolio(pf, CandidateOptions{ValueScore: "business_value", Cost: CostForecastRemaining, Projects: all})
	var pe *Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "D", pe.Row)
	assert.EqualError(t, err, `prioritize: candidates: project "D": remaining cost 40 USD − budget.actual 45 USD is negative`)
	pf.Projects[3].Budget.Forecast = usd("50")
	cs, err = CandidatesFromPortfolio(pf, CandidateOptions{ValueScore: "business_value", Cost: CostForecastRemaining, Projects: all})
	require.NoError(t, err)
	assert.Equal(t, []string{"A 500 USD", "B 350 USD", "C 320 USD", "D 5 USD"}, costs(cs))

	// A custom lifecycle without "closing": its last phase is the end.
	pf.Lifecycle = pmo.Lifecycle{"idea", "build", "done"}
	pf.Projects[0].Phase, pf.Projects[1].Phase, pf.Projects[2].Phase, pf.Projects[3].Phase = "idea", "build", "done", "build"
	keep := BeforeClosing(pf)
	var kept []string
	for i := range pf.Projects {
		if keep(&pf.Projects[i]) {
			kept = append(kept, pf.Projects[i].ID)
		}
	}
	assert.Equal(t, []string{"A", "B", "D"}, kept)
}

// TestCandidatesRemainingRounded checks that a remaining cost from earned
// value, whose EAC = BAC·AC/EV need not terminate, is rounded to cents.
func TestCandidatesRemainingRounded(t *testing.T) {
	pf := &pmo.Portfolio{ID: "pf", Projects: []pmo.Project{{ID: "A", Phase: "execution", Scores: map[string]float64{"v": 1},
		Budget:      pmo.Budget{Approved: usd("1000"), Actual: usd("200")},
		EarnedValue: &pmo.EarnedValue{BAC: usd("1000"), PV: usd("300"), EV: usd("300"), AC: usd("200")}}}}
	cs, err := CandidatesFromPortfolio(pf, CandidateOptions{ValueScore: "v", Cost: CostRemaining})
	require.NoError(t, err)
	assert.Equal(t, "466.67 USD", cs[0].Cost.String()) // 666.666… − 200
}
