package risk

import (
	"context"
	"errors"
	"github.com/shopspring/decimal"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/pmokit/pmokit/pmo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The analytic checks below allow 5 standard errors: with the fixed seeds the
// results are deterministic, and a correct sampler lies within 5 SE of the
// true value with probability 1 − 6e-7 for any seed.
const nSE = 5

func usd(s string) pmo.Money { return pmo.MustParseMoney(s) }

// Triangular (a, m, b): mean (a+m+b)/3 (REFERENCES §2.5), variance
// (a²+b²+m²−ab−am−bm)/18, inverse CDF a+√(u(b−a)(m−a)) below F(m) =
// (m−a)/(b−a), b−√((1−u)(b−a)(b−m)) above.
func TestSimulateTriangularAnalytic(t *testing.T) {
	const n = 200_000
	a, m, b := 100.0, 200.0, 600.0
	r := pmo.Risk{ID: "R-1", Probability: 1, CostImpact: usd("200 USD"),
		CostRange: &pmo.MoneyRange{Min: usd("100 USD"), Max: usd("600 USD")}}
	s, err := Simulate(context.Background(), []pmo.Risk{r}, SimOptions{Trials: n, Seed: 7})
	require.NoError(t, err)

	mean := (a + m + b) / 3
	sd := math.Sqrt((a*a + b*b + m*m - a*b - a*m - b*m) / 18)
	got := s.MeanCost().Amount.InexactFloat64()
	assert.InDelta(t, mean, got, nSE*sd/math.Sqrt(n)+0.005, "mean")

	fc := (m - a) / (b - a)
	for _, q := range []float64{0.1, 0.5, 0.8, 0.9} {
		var x, f float64
		if q < fc {
			x = a + math.Sqrt(q*(b-a)*(m-a))
			f = 2 * (x - a) / ((b - a) * (m - a))
		} else {
			x = b - math.Sqrt((1-q)*(b-a)*(b-m))
			f = 2 * (b - x) / ((b - a) * (b - m))
		}
		se := math.Sqrt(q*(1-q)/n) / f // asymptotic SE of a sample quantile
		assert.InDelta(t, x, s.Cost(q).Amount.InexactFloat64(), nSE*se+0.005, "P%v", q*100)
	}
	assert.Equal(t, "USD", s.Currency())
	assert.Equal(t, n, s.Trials())
}

// Beta-PERT (5, 8, 14): mean (a+4m+b)/6 = 8.5 and exact variance
// (μ−a)(b−μ)/7 = 2.75, SD 1.6583 (REFERENCES §2.5).
func TestSimulateBetaPERTAnalytic(t *testing.T) {
	const n = 200_000
	r := pmo.Risk{ID: "R-1", Probability: 1, ScheduleImpactDays: 8, ScheduleRangeDays: &pmo.DaysRange{Min: 5, Max: 14}}
	s, err := Simulate(context.Background(), []pmo.Risk{r}, SimOptions{Trials: n, Seed: 11, Distribution: BetaPERT})
	require.NoError(t, err)
	mean, variance := 8.5, 2.75
	assert.InDelta(t, mean, s.MeanSchedule(), nSE*math.Sqrt(variance/n), "mean")
	var ss float64
	for _, x := range s.schedule {
		ss += (x - s.meanSched) * (x - s.meanSched)
	}
	// SE of a sample variance is √((μ4 − σ⁴)/n) ≤ σ²√(2/n) for this
	// platykurtic distribution.
	assert.InDelta(t, variance, ss/(n-1), nSE*variance*math.Sqrt(2.0/n), "variance")
	assert.GreaterOrEqual(t, s.Schedule(0), 5.0)
	assert.LessOrEqual(t, s.Schedule(1), 14.0)
	assert.Equal(t, Currency(""), Currency(s.Currency()))
	assert.True(t, s.Cost(0.5).IsZero(), "no cost impacts: zero Money")
}

// Currency is a string type only to make the assertion above read well.
type Currency string

// A risk occurs with its probability: Bernoulli(p) per trial.
func TestSimulateOccurrence(t *testing.T) {
	const n = 100_000
	risks := []pmo.Risk{
		{ID: "R-1", Probability: 0.3, CostImpact: usd("100 USD"), ScheduleImpactDays: 10},
		{ID: "O-1", Kind: pmo.Opportunity, Probability: 0.5, CostImpact: usd("40 USD"), ScheduleImpactDays: 4},
		{ID: "R-0", Probability: 0, CostImpact: usd("1000000 USD")},
	}
	s, err := Simulate(context.Background(), risks, SimOptions{Trials: n, Seed: 3})
	require.NoError(t, err)
	for i, p := range []float64{0.3, 0.5, 0} {
		rate, ok := s.OccurrenceRate(i)
		require.True(t, ok)
		assert.InDelta(t, p, rate, nSE*math.Sqrt(p*(1-p)/n)+1e-12, "risk %d", i)
	}
	_, ok := s.OccurrenceRate(3)
	assert.False(t, ok)
	// E[cost] = 0.3×100 − 0.5×40 = 10; SD = √(0.21×100² + 0.25×40²) = √2500
	assert.InDelta(t, 10, s.MeanCost().Amount.InexactFloat64(), nSE*50/math.Sqrt(n)+0.005)
	// E[days] = 0.3×10 − 0.5×4 = 1; SD = √(0.21×100 + 0.25×16) = 5
	assert.InDelta(t, 1, s.MeanSchedule(), nSE*5/math.Sqrt(n))
	// The outcomes are −40, 0, 60 and 100 with probabilities .35, .35, .15, .15.
	assert.Equal(t, "-40 USD", s.Cost(0.2).String())
	assert.Equal(t, "0 USD", s.Cost(0.5).String())
	assert.Equal(t, "60 USD", s.Cost(0.8).String())
	assert.Equal(t, "100 USD", s.Cost(0.9).String())
	assert.Equal(t, "100 USD", s.Cost(2).String(), "p clamped")
	assert.True(t, s.Cost(math.NaN()).IsZero())
	assert.Zero(t, s.Schedule(math.NaN()))
	mean, c80 := s.MeanCost(), s.Contingency(0.8)
	sum, err := mean.Add(c80)
	require.NoError(t, err)
	assert.True(t, sum.Equal(s.Cost(0.8)), "mean + contingency = P80")
}

func TestSimulateReproducible(t *testing.T) {
	risks := benchRisks(30)
	run := func(procs int, seed uint64, dist Distribution) *Simulation {
		old := runtime.GOMAXPROCS(procs)
		defer runtime.GOMAXPROCS(old)
		s, err := Simulate(context.Background(), risks, SimOptions{Trials: 10_000, Seed: seed, Distribution: dist})
		require.NoError(t, err)
		return s
	}
	for _, dist := range []Distribution{Triangular, BetaPERT} {
		t.Run(dist.String(), func(t *testing.T) {
			one, two := run(1, 99, dist), run(2, 99, dist)
			assert.Equal(t, one, two, "GOMAXPROCS 1 vs 2")
			assert.Equal(t, one, run(2, 99, dist), "same seed")
			assert.NotEqual(t, one.cost, run(2, 100, dist).cost, "another seed")
		})
	}
}

// TestSimulateOneSidedRange: a cost range with only a min (or only a max)
// takes the most likely value as its other end, as Simulate documents.
func TestSimulateOneSidedRange(t *testing.T) {
	tests := []struct {
		name   string
		rng    pmo.MoneyRange
		lo, hi float64 // the support of the draws
	}{
		{"min only", pmo.MoneyRange{Min: usd("50 USD")}, 50, 100},
		{"max only", pmo.MoneyRange{Max: usd("300 USD")}, 100, 300},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := []pmo.Risk{{ID: "R-1", Probability: 1, CostImpact: usd("100 USD"), CostRange: &tt.rng}}
			s, err := Simulate(context.Background(), r, SimOptions{Trials: 5000, Seed: 1})
			require.NoError(t, err)
			lo, hi := s.Cost(0).Amount.InexactFloat64(), s.Cost(1).Amount.InexactFloat64()
			assert.GreaterOrEqual(t, lo, tt.lo)
			assert.LessOrEqual(t, hi, tt.hi)
			assert.InDelta(t, tt.lo, lo, 0.1*(tt.hi-tt.lo), "draws reach the low end")
			assert.InDelta(t, tt.hi, hi, 0.1*(tt.hi-tt.lo), "draws reach the high end")
			assert.InDelta(t, (tt.lo+tt.hi+100)/3, s.MeanCost().Amount.InexactFloat64(), 2, "triangular mean")
		})
	}
}

func TestSimulateTrials(t *testing.T) {
	r := []pmo.Risk{{ID: "R-1", Probability: 0.5, CostImpact: usd("1 USD")}}
	s, err := Simulate(context.Background(), r, SimOptions{Trials: 2500})
	require.NoError(t, err)
	assert.Len(t, s.cost, 2500)
	s, err = Simulate(context.Background(), r, SimOptions{})
	require.NoError(t, err)
	assert.Equal(t, DefaultTrials, s.Trials())
	s, err = Simulate(context.Background(), nil, SimOptions{Trials: 10})
	require.NoError(t, err)
	assert.Zero(t, s.Schedule(0.9))
}

func TestSimulateErrors(t *testing.T) {
	tests := []struct {
		name  string
		risks []pmo.Risk
		opts  SimOptions
		want  string
	}{
		{"mixed currencies", []pmo.Risk{
			{ID: "R-1", Probability: 0.5, CostImpact: usd("1 USD")},
			{ID: "R-2", Probability: 0.5, CostImpact: usd("1 EUR")},
		}, SimOptions{}, "risk: simulate: risks[1] (R-2): cost_impact 1 EUR: pmo: currency mismatch: risks[0] (R-1) is in USD"},
		{"range currency", []pmo.Risk{
			{ID: "R-1", Probability: 0.5, CostImpact: usd("1 USD"), CostRange: &pmo.MoneyRange{Min: usd("0 USD"), Max: usd("2 EUR")}},
		}, SimOptions{}, "risk: simulate: risks[0] (R-1): cost_range.max 2 EUR: pmo: currency mismatch: risks[0] (R-1) is in USD"},
		{"probability", []pmo.Risk{{ID: "R-1", Probability: 1.2}}, SimOptions{}, "risk: simulate: risks[0] (R-1): probability 1.2 is outside 0..1"},
		{"cost range", []pmo.Risk{
			{ID: "R-1", Probability: 0.5, CostImpact: usd("5 USD"), CostRange: &pmo.MoneyRange{Min: usd("6 USD"), Max: usd("9 USD")}},
		}, SimOptions{}, "risk: simulate: risks[0] (R-1): cost range 6 USD..9 USD does not hold the most likely 5 USD"},
		{"range without most likely", []pmo.Risk{
			{ID: "R-1", Probability: 0.5, CostRange: &pmo.MoneyRange{Min: usd("6 USD"), Max: usd("9 USD")}},
		}, SimOptions{}, "risk: simulate: risks[0] (R-1): cost_range without cost_impact (the most likely value)"},
		{"schedule range", []pmo.Risk{
			{ID: "R-1", Probability: 0.5, ScheduleImpactDays: 1, ScheduleRangeDays: &pmo.DaysRange{Min: 2, Max: 3}},
		}, SimOptions{}, "risk: simulate: risks[0] (R-1): schedule range 2..3 does not hold the most likely 1 days"},
		// Two risks of 1e308 days would make every total +Inf.
		{"huge days", []pmo.Risk{
			{ID: "R-1", Probability: 0.5, ScheduleImpactDays: 1e308},
		}, SimOptions{}, "risk: simulate: risks[0] (R-1): schedule impact 1e+308 (range 1e+308..1e+308) is outside 0..1000000 days"},
		{"negative range", []pmo.Risk{
			{ID: "R-1", Probability: 0.5, ScheduleImpactDays: 1, ScheduleRangeDays: &pmo.DaysRange{Min: -2, Max: 3}},
		}, SimOptions{}, "risk: simulate: risks[0] (R-1): schedule impact 1 (range -2..3) is outside 0..1000000 days"},
		{"huge cost", []pmo.Risk{
			{ID: "R-1", Probability: 0.5, CostImpact: pmo.NewMoney(decimal.New(1, 300), "USD")},
		}, SimOptions{}, "risk: simulate: risks[0] (R-1): cost_impact 1" + strings.Repeat("0", 300) + " USD is outside 0..10000000000000"},
		{"negative cost", []pmo.Risk{
			{ID: "R-1", Probability: 0.5, CostImpact: usd("5 USD"), CostRange: &pmo.MoneyRange{Min: usd("-1 USD"), Max: usd("9 USD")}},
		}, SimOptions{}, "risk: simulate: risks[0] (R-1): cost_range.min -1 USD is outside 0..10000000000000"},
		{"trials", nil, SimOptions{Trials: -1}, "risk: simulate: trials -1 outside 1..50000000"},
		{"distribution", nil, SimOptions{Distribution: 7}, "risk: simulate: unknown distribution 7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Simulate(context.Background(), tt.risks, tt.opts)
			require.Error(t, err)
			assert.Nil(t, s)
			assert.EqualError(t, err, tt.want)
		})
	}
	_, err := Simulate(context.Background(), []pmo.Risk{
		{ID: "R-1", Probability: 0.5, CostImpact: usd("1 USD")},
		{ID: "R-2", Probability: 0.5, CostImpact: usd("1 EUR")},
	}, SimOptions{})
	assert.True(t, errors.Is(err, pmo.ErrCurrencyMismatch))
}

func TestSimulateCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s, err := Simulate(ctx, benchRisks(5), SimOptions{Trials: 100_000})
	assert.Nil(t, s)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestEnumsText(t *testing.T) {
	var d Distribution
	require.NoError(t, d.UnmarshalText([]byte("beta_pert")))
	assert.Equal(t, BetaPERT, d)
	txt, err := Triangular.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "triangular", string(txt))
	assert.EqualError(t, d.UnmarshalText([]byte("normal")), `risk: invalid distribution "normal" (want one of "triangular" or "beta_pert")`)
	_, err = Distribution(5).MarshalText()
	assert.EqualError(t, err, "risk: invalid distribution 5")
	assert.Equal(t, "Distribution(5)", Distribution(5).String())

	var b Basis
	require.NoError(t, b.UnmarshalText([]byte("residual")))
	assert.Equal(t, Residual, b)
	assert.Equal(t, "inherent", Inherent.String())

	var a Axiom
	require.NoError(t, a.UnmarshalText([]byte("betweenness")))
	assert.Equal(t, Betweenness, a)
	_, err = Axiom(0).MarshalText()
	assert.Error(t, err)

	var k BreachKind
	require.NoError(t, k.UnmarshalText([]byte("total_exposure")))
	assert.Equal(t, BreachTotalExposure, k)
	assert.Equal(t, "BreachKind(0)", BreachKind(0).String())
}

// countdownCtx reports cancellation after its Err has been asked n times, so
// that a test can cancel a simulation between chunks without timing.
type countdownCtx struct {
	context.Context
	n atomic.Int64
}

func (c *countdownCtx) Err() error {
	if c.n.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

func TestSimulateCancelledBetweenChunks(t *testing.T) {
	ctx := &countdownCtx{Context: context.Background()}
	ctx.n.Store(5) // the check before the run, then a few chunks
	s, err := Simulate(ctx, benchRisks(5), SimOptions{Trials: 100 * chunkSize})
	assert.Nil(t, s)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Less(t, ctx.n.Load(), int64(0))
}

// The inner loop allocates nothing: a run of 64 chunks allocates as much as
// a run of 2.
func TestSimulateAllocs(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	risks := benchRisks(10)
	allocs := func(trials int) float64 {
		return testing.AllocsPerRun(5, func() {
			_, err := Simulate(context.Background(), risks, SimOptions{Trials: trials, Distribution: BetaPERT})
			require.NoError(t, err)
		})
	}
	assert.Equal(t, allocs(2*chunkSize), allocs(64*chunkSize))
}

// TestSimulateLongRegisterStops checks that a register long enough to make
// one chunk of trials slow is checked for cancellation within the chunk, and that
// drawing a chunk in slices gives the same figures as drawing it whole.
func TestSimulateLongRegisterStops(t *testing.T) {
	// One chunk of 1024 trials over 5,000 risks: a context that turns
	// cancelled after the checks before the run and before the chunk must
	// stop the chunk itself.
	ctx := &countdownCtx{Context: context.Background()}
	ctx.n.Store(2)
	_, err := Simulate(ctx, benchRisks(5000), SimOptions{Trials: chunkSize})
	assert.ErrorIs(t, err, context.Canceled)

	// 4,500 risks are drawn in slices of 931 trials; the split must not
	// change a single draw.
	const nr, trials = 4500, 1100
	risks := benchRisks(nr)
	sliced, err := Simulate(context.Background(), risks, SimOptions{Trials: trials, Seed: 4})
	require.NoError(t, err)
	params, _, err := prepare(risks, Triangular)
	require.NoError(t, err)
	var whole []float64
	for k := 0; k*chunkSize < trials; k++ {
		cost := make([]float64, min(chunkSize, trials-k*chunkSize))
		pcg := rand.NewPCG(splitmix64(4^splitmix64(2*uint64(k))), splitmix64(4+splitmix64(2*uint64(k)+1)))
		runChunk(params, pcg, rand.New(pcg), cost, make([]float64, len(cost)), make([]int64, len(params)))
		whole = append(whole, cost...)
	}
	slices.Sort(whole)
	assert.Equal(t, whole, sliced.cost)
}

// TestSimulateMoneyPlaces pins the money a simulation reports: rounded to
// exactly 2 decimal places, half away from zero, for threats and
// opportunities alike, and Contingency as the difference of the rounded
// figures.
func TestSimulateMoneyPlaces(t *testing.T) {
	tests := []struct {
		name string
		risk pmo.Risk
		want string
	}{
		{"cents kept", pmo.Risk{ID: "R-1", Probability: 1, CostImpact: usd("1234.5678 USD")}, "1234.57 USD"},
		{"half away from zero", pmo.Risk{ID: "R-1", Probability: 1, CostImpact: usd("0.125 USD")}, "0.13 USD"},
		{"opportunity half away from zero", pmo.Risk{ID: "R-1", Kind: pmo.Opportunity, Probability: 1, CostImpact: usd("0.125 USD")}, "-0.13 USD"},
		{"below a cent", pmo.Risk{ID: "R-1", Probability: 1, CostImpact: usd("0.004 USD")}, "0 USD"},
		{"whole amount", pmo.Risk{ID: "R-1", Probability: 1, CostImpact: usd("2000000 EUR")}, "2000000 EUR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Simulate(context.Background(), []pmo.Risk{tt.risk}, SimOptions{Trials: 10})
			require.NoError(t, err)
			for _, got := range []pmo.Money{s.Cost(0.5), s.Cost(0.9), s.MeanCost()} {
				assert.Equal(t, tt.want, got.String())
				assert.LessOrEqual(t, -got.Amount.Exponent(), int32(2), "at most 2 decimal places: %s", got)
			}
			assert.Equal(t, "0 "+tt.risk.CostImpact.Currency, s.Contingency(0.9).String())
		})
	}
}
