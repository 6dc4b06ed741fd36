package risk

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/pmo"
)

// TestCostScheduleCorrelation draws one risk's impacts many times and
// measures their sample rank correlation: within 0.02 of the option's
// coefficient, for both distributions and for an opportunity.
func TestCostScheduleCorrelation(t *testing.T) {
	r := pmo.Risk{ID: "R", Title: "R", Probability: 1,
		CostImpact: pmo.MustParseMoney("100 USD"), CostRange: &pmo.MoneyRange{Min: pmo.MustParseMoney("20 USD"), Max: pmo.MustParseMoney("900 USD")},
		ScheduleImpactDays: 10, ScheduleRangeDays: &pmo.DaysRange{Min: 2, Max: 40}}
	opp := r
	opp.Kind = pmo.Opportunity
	for _, dist := range []Distribution{Triangular, BetaPERT} {
		for _, rho := range []float64{0.8, -0.5, 0} {
			for _, risk := range []pmo.Risk{r, opp} {
				params, _, err := prepare([]pmo.Risk{risk}, dist)
				require.NoError(t, err)
				require.NoError(t, correlate(params, rho))
				pcg := rand.NewPCG(3, 4)
				rng := rand.New(pcg)
				var cs, ds []float64
				for range 20_000 {
					c, d := params[0].draw(pcg, rng)
					cs, ds = append(cs, c), append(ds, d)
				}
				assert.InDelta(t, rho, rankCorrelation(cs, ds), 0.02, "dist %d rho %v kind %v", dist, rho, risk.Kind)
			}
		}
	}
}

func TestCostScheduleCorrelationOption(t *testing.T) {
	risks := []pmo.Risk{{ID: "R", Title: "R", Probability: 0.5,
		CostImpact: pmo.MustParseMoney("100 USD"), CostRange: &pmo.MoneyRange{Min: pmo.MustParseMoney("20 USD"), Max: pmo.MustParseMoney("900 USD")},
		ScheduleImpactDays: 10, ScheduleRangeDays: &pmo.DaysRange{Min: 2, Max: 40}}}
	_, err := Simulate(context.Background(), risks, SimOptions{CostScheduleCorrelation: 1.5})
	assert.EqualError(t, err, "risk: simulate: cost-schedule correlation 1.5 outside -1..1")
	// The correlation leaves each marginal distribution as it is: the mean
	// cost is the same (within sampling error) with and without it.
	a, err := Simulate(context.Background(), risks, SimOptions{Trials: 50_000, Seed: 1})
	require.NoError(t, err)
	b, err := Simulate(context.Background(), risks, SimOptions{Trials: 50_000, Seed: 1, CostScheduleCorrelation: 0.9})
	require.NoError(t, err)
	mean := (20.0 + 100 + 900) / 3 / 2
	assert.InDelta(t, mean, a.MeanCost().Amount.InexactFloat64(), 5)
	assert.InDelta(t, mean, b.MeanCost().Amount.InexactFloat64(), 5)
	assert.InDelta(t, a.MeanSchedule(), b.MeanSchedule(), 0.3)
}

func rankCorrelation(x, y []float64) float64 {
	rank := func(v []float64) []float64 {
		idx := make([]int, len(v))
		for i := range idx {
			idx[i] = i
		}
		slices.SortFunc(idx, func(a, b int) int {
			switch {
			case v[a] < v[b]:
				return -1
			case v[a] > v[b]:
				return 1
			}
			return 0
		})
		r := make([]float64, len(v))
		for k, i := range idx {
			r[i] = float64(k + 1)
		}
		return r
	}
	rx, ry := rank(x), rank(y)
	n := float64(len(x))
	var d2 float64
	for i := range rx {
		d := rx[i] - ry[i]
		d2 += d * d
	}
	return 1 - 6*d2/(n*(n*n-1))
}
