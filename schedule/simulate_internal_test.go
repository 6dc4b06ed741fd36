package schedule

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/pmo"
)

// TestCorrelationAchieved draws trials directly and measures the sample
// rank correlation of two correlated durations, and of a risk's cost with
// its delay: each is within 0.02 of its coefficient.
func TestCorrelationAchieved(t *testing.T) {
	pf := &pmo.Portfolio{ID: "pf", Name: "PF", Projects: []pmo.Project{{ID: "P", Name: "P", Phase: "execution",
		Start:  time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC),
		Budget: pmo.Budget{Forecast: pmo.MustParseMoney("0 USD")},
		Risks: []pmo.Risk{{ID: "R", Title: "R", Probability: 1, ScheduleImpactDays: 5, ScheduleRangeDays: &pmo.DaysRange{Min: 1, Max: 20},
			CostImpact: pmo.MustParseMoney("100 USD"), CostRange: &pmo.MoneyRange{Min: pmo.MustParseMoney("10 USD"), Max: pmo.MustParseMoney("900 USD")}}},
		Activities: []pmo.Activity{
			{ID: "A", Name: "A", Estimate: &pmo.ThreePoint{Min: 1, MostLikely: 2, Max: 9}},
			{ID: "B", Name: "B", Estimate: &pmo.ThreePoint{Min: 3, MostLikely: 8, Max: 10}},
			{ID: "C", Name: "C", Milestone: true, Risks: []string{"R"}},
		}}}}
	require.NoError(t, pf.Validate())
	for _, dist := range []Distribution{Triangular, BetaPERT} {
		n, err := compile(pf)
		require.NoError(t, err)
		m, err := prepare(n, SimOptions{Distribution: dist, CostScheduleCorrelation: -0.4,
			Correlations: []Correlation{{A: ActivityRef{"P", "A"}, B: ActivityRef{"P", "B"}, Coefficient: 0.7}}})
		require.NoError(t, err)
		w := &trialState{p: n.newPasses(), cost: make([]float64, 1), z: make([]float64, 2), u: make([]float64, 2)}
		pcg := rand.NewPCG(1, 2)
		rng := rand.New(pcg)
		var a, b, delay, cost []float64
		for range 20_000 {
			m.trial(w, pcg, rng)
			a, b, delay, cost = append(a, w.p.dur[0]), append(b, w.p.dur[1]), append(delay, w.p.dur[2]), append(cost, w.cost[0])
		}
		assert.InDelta(t, 0.7, spearman(a, b), 0.02, "durations, distribution %d", dist)
		assert.InDelta(t, -0.4, spearman(delay, cost), 0.02, "cost and delay, distribution %d", dist)
		assert.InDelta(t, 0, spearman(a, delay), 0.03, "uncorrelated")
	}
}

func spearman(x, y []float64) float64 {
	rx, ry := ranks(x), ranks(y)
	n := float64(len(x))
	var d2 float64
	for i := range rx {
		d := rx[i] - ry[i]
		d2 += d * d
	}
	return 1 - 6*d2/(n*(n*n-1))
}

func ranks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		switch {
		case x[a] < x[b]:
			return -1
		case x[a] > x[b]:
			return 1
		}
		return 0
	})
	r := make([]float64, len(x))
	for k, i := range idx {
		r[i] = float64(k + 1)
	}
	return r
}
