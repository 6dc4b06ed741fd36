package schedule_test

import (
	"context"
	"errors"
	"math"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/pmo"
	"github.com/pmokit/pmokit/schedule"
)

func est(id string, a, m, b float64, preds ...string) pmo.Activity {
	x := act(id, 0, preds...)
	x.Milestone, x.Duration, x.Estimate = false, 0, &pmo.ThreePoint{Min: a, MostLikely: m, Max: b}
	return x
}

func simulate(t *testing.T, pf *pmo.Portfolio, opts schedule.SimOptions) *schedule.Simulation {
	t.Helper()
	s, err := schedule.Simulate(context.Background(), pf, opts)
	require.NoError(t, err)
	return s
}

// triVar is the variance of the triangular distribution (a, m, b):
// (a² + m² + b² − am − ab − mb)/18.
func triVar(a, m, b float64) float64 { return (a*a + m*m + b*b - a*m - a*b - m*b) / 18 }

// TestChainMeanIsSumOfMeans: the duration of a chain of activities is the
// sum of theirs, so its mean is the sum of the means: (a+m+b)/3 for
// triangular, (a+4m+b)/6 for Beta-PERT.
func TestChainMeanIsSumOfMeans(t *testing.T) {
	pf := network(t, est("A", 1, 2, 6), est("B", 2, 4, 9, "A"), est("C", 0, 1, 2, "B"))
	const n = 40_000
	for _, tt := range []struct {
		dist     schedule.Distribution
		mean, sd float64
	}{
		{schedule.Triangular, 3 + 5 + 1, math.Sqrt(triVar(1, 2, 6) + triVar(2, 4, 9) + triVar(0, 1, 2))},
		// Beta-PERT variance (μ−a)(b−μ)/7.
		{schedule.BetaPERT, 15.0/6 + 4.5 + 1, math.Sqrt((2.5-1)*(6-2.5)/7 + (4.5-2)*(9-4.5)/7 + 1.0/7)},
	} {
		s := simulate(t, pf, schedule.SimOptions{Trials: n, Seed: 3, Distribution: tt.dist})
		mean, ok := s.MeanDuration("P")
		require.True(t, ok)
		assert.InDelta(t, tt.mean, mean, 4*tt.sd/math.Sqrt(n), "distribution %d", tt.dist)
		for _, id := range []string{"A", "B", "C"} {
			c, _ := s.Criticality("P", id)
			assert.Equal(t, 1.0, c, "every activity of a chain is always critical")
		}
	}
}

// TestParallelCriticality: with A ~ triangular(2, 3, 10) beside a fixed
// 5-day B, A is critical when A ≥ 5, with probability
// (10−5)²/((10−2)(10−3)) = 25/56, and B otherwise.
func TestParallelCriticality(t *testing.T) {
	pf := network(t, est("A", 2, 3, 10), act("B", 5), act("E", 0, "A", "B"))
	const n = 50_000
	s := simulate(t, pf, schedule.SimOptions{Trials: n, Seed: 11})
	p := 25.0 / 56
	tol := 4 * math.Sqrt(p*(1-p)/n)
	a, _ := s.Criticality("P", "A")
	b, _ := s.Criticality("P", "B")
	e, _ := s.Criticality("P", "E")
	assert.InDelta(t, p, a, tol)
	assert.InDelta(t, 1-p, b, tol)
	assert.Equal(t, 1.0, e)
	d, _ := s.Drivers("P")
	require.Len(t, d, 1, "only A varies")
	assert.Equal(t, "A", d[0].Activity)
	assert.Greater(t, d[0].Sensitivity, 0.5)
	assert.InDelta(t, a, d[0].Criticality, 0)
	_, ok := s.Criticality("P", "nope")
	assert.False(t, ok)
}

// TestRiskEvents: a 10-day activity that a risk (probability 0.3) delays
// by exactly 5 days finishes on day 10 in 70% of the trials and on day 15
// in the others; the risk costs 50 USD on top of the 100 USD forecast.
func TestRiskEventsAndJointConfidence(t *testing.T) {
	pf := network(t, act("A", 10))
	p := &pf.Projects[0]
	p.Budget.Forecast = pmo.MustParseMoney("100 USD")
	p.Risks = []pmo.Risk{
		{ID: "R", Title: "R", Probability: 0.3, ScheduleImpactDays: 5, CostImpact: pmo.MustParseMoney("50 USD")},
		{ID: "X", Title: "Closed", Probability: 1, ScheduleImpactDays: 50, Status: pmo.RiskClosed},
	}
	p.Activities[0].Risks = []string{"R", "X"}
	p.Milestones = []pmo.Milestone{{ID: "M", Name: "M"}}
	p.Activities[0].Milestones = []string{"M"}
	require.NoError(t, pf.Validate())
	const n = 20_000
	s := simulate(t, pf, schedule.SimOptions{Trials: n, Seed: 5})
	d50, _ := s.Duration("P", 0.5)
	d80, _ := s.Duration("P", 0.8)
	assert.Equal(t, 10.0, d50)
	assert.Equal(t, 15.0, d80)
	// Day 10 ends on Friday 13 March, day 15 on Friday 20 March.
	f50, _ := s.Finish("P", 0.5)
	f80, _ := s.Finish("P", 0.8)
	assert.Equal(t, day("2026-03-13"), f50)
	assert.Equal(t, day("2026-03-20"), f80)
	m80, ok := s.MilestoneFinish("P", "M", 0.8)
	require.True(t, ok)
	assert.Equal(t, day("2026-03-20"), m80)
	c50, _ := s.Cost("P", 0.5)
	c80, _ := s.Cost("P", 0.8)
	assert.Equal(t, "100 USD", c50.String())
	assert.Equal(t, "150 USD", c80.String())

	tol := 4 * math.Sqrt(0.21/n)
	for _, tt := range []struct {
		date   string
		budget string
		want   float64
	}{
		{"2026-03-13", "100 USD", 0.7}, {"2026-03-13", "200 USD", 0.7}, {"2026-03-20", "120 USD", 0.7},
		{"2026-03-20", "150 USD", 1}, {"2026-03-12", "1000 USD", 0}, {"2026-03-20", "", 1},
	} {
		var budget pmo.Money
		if tt.budget != "" {
			budget = pmo.MustParseMoney(tt.budget)
		}
		got, err := s.JointConfidence("P", day(tt.date), budget)
		require.NoError(t, err)
		assert.InDelta(t, tt.want, got, tol, "%s %s", tt.date, tt.budget)
	}
	_, err := s.JointConfidence("P", day("2026-03-20"), pmo.MustParseMoney("1 EUR"))
	assert.True(t, errors.Is(err, pmo.ErrCurrencyMismatch), "%v", err)
	_, err = s.JointConfidence("Q", day("2026-03-20"), pmo.Money{})
	assert.EqualError(t, err, `schedule: joint confidence: no simulated project "Q"`)
}

// TestReproducibleWhateverGOMAXPROCS runs the same simulation on one and on
// two processors: every output is identical.
func TestReproducibleWhateverGOMAXPROCS(t *testing.T) {
	pf := network(t, est("A", 1, 2, 6), est("B", 2, 4, 9, "A"), est("C", 1, 5, 8, "A"), est("D", 0, 1, 2, "B", "C"))
	pf.Projects[0].Risks = []pmo.Risk{{ID: "R", Title: "R", Probability: 0.4, ScheduleImpactDays: 2, ScheduleRangeDays: &pmo.DaysRange{Min: 1, Max: 4}}}
	pf.Projects[0].Activities[2].Risks = []string{"R"}
	opts := schedule.SimOptions{Trials: 5000, Seed: 42, Distribution: schedule.BetaPERT, CostScheduleCorrelation: 0.5,
		Correlations: []schedule.Correlation{{A: schedule.ActivityRef{"P", "B"}, B: schedule.ActivityRef{"P", "C"}, Coefficient: 0.6}}}
	type out struct {
		finishes []time.Time
		drivers  []schedule.Driver
		mean     float64
	}
	run := func(procs int) out {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		s := simulate(t, pf, opts)
		f, _ := s.Finishes("P")
		d, _ := s.Drivers("P")
		m, _ := s.MeanDuration("P")
		return out{f, d, m}
	}
	one, two := run(1), run(2)
	assert.Equal(t, one, two)
	require.Len(t, one.finishes, 5000)
	assert.Len(t, one.drivers, 4)
	other := opts
	other.Seed = 43
	s := simulate(t, pf, other)
	m, _ := s.MeanDuration("P")
	assert.NotEqual(t, one.mean, m, "another seed, other draws")
}

func TestSimulateErrors(t *testing.T) {
	pf := network(t, est("A", 1, 2, 3), act("B", 1))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := schedule.Simulate(ctx, pf, schedule.SimOptions{})
	assert.ErrorIs(t, err, context.Canceled)

	for _, tt := range []struct {
		opts schedule.SimOptions
		want string
	}{
		{schedule.SimOptions{Trials: -1}, "schedule: simulate: trials -1 outside 1..1000000"},
		{schedule.SimOptions{Distribution: 7}, "schedule: simulate: unknown distribution 7"},
		{schedule.SimOptions{CostScheduleCorrelation: 2}, "schedule: simulate: cost-schedule correlation 2 outside -1..1"},
		{schedule.SimOptions{Correlations: []schedule.Correlation{{A: schedule.ActivityRef{"P", "A"}, B: schedule.ActivityRef{"P", "Z"}, Coefficient: 0.5}}},
			"schedule: simulate: correlations[0]: unknown activity P/Z"},
		{schedule.SimOptions{Correlations: []schedule.Correlation{{A: schedule.ActivityRef{"P", "A"}, B: schedule.ActivityRef{"P", "A"}, Coefficient: 0.5}}},
			"schedule: simulate: correlations[0]: activity P/A correlated with itself"},
		{schedule.SimOptions{Correlations: []schedule.Correlation{{A: schedule.ActivityRef{"P", "A"}, B: schedule.ActivityRef{"P", "B"}, Coefficient: 1}}},
			"schedule: simulate: correlations: correlation matrix is not positive definite"},
	} {
		_, err := schedule.Simulate(context.Background(), pf, tt.opts)
		assert.EqualError(t, err, tt.want)
	}
	pf.Projects[0].Budget.Forecast = pmo.MustParseMoney("1 USD")
	pf.Projects[0].Risks = []pmo.Risk{{ID: "R", Title: "R", Probability: 0.5, CostImpact: pmo.MustParseMoney("5 EUR")}}
	_, err = schedule.Simulate(context.Background(), pf, schedule.SimOptions{})
	assert.ErrorIs(t, err, pmo.ErrCurrencyMismatch)
}
