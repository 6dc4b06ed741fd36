package risk

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/pmokit/pmokit/pmo"
	"github.com/shopspring/decimal"
)

// benchRisks returns n deterministic risks with three-point cost and
// schedule estimates, a tenth of them opportunities.
func benchRisks(n int) []pmo.Risk {
	risks := make([]pmo.Risk, n)
	for i := range risks {
		ml := int64(10_000 + 1_000*(i%37))
		r := pmo.Risk{
			ID:                 fmt.Sprintf("R-%03d", i),
			Probability:        0.05 + 0.9*float64(i%19)/18,
			Impact:             1 + i%5,
			Category:           []string{"technical", "vendor", "schedule", "people"}[i%4],
			CostImpact:         pmo.NewMoney(decimal.NewFromInt(ml), "USD"),
			CostRange:          &pmo.MoneyRange{Min: pmo.NewMoney(decimal.NewFromInt(ml/2), "USD"), Max: pmo.NewMoney(decimal.NewFromInt(ml*3), "USD")},
			ScheduleImpactDays: float64(5 + i%20),
			ScheduleRangeDays:  &pmo.DaysRange{Min: 2, Max: float64(30 + i%40)},
		}
		if i%10 == 9 {
			r.Kind = pmo.Opportunity
		}
		risks[i] = r
	}
	return risks
}

func benchSimulate(b *testing.B, dist Distribution) {
	risks := benchRisks(100)
	opts := SimOptions{Trials: 100_000, Seed: 42, Distribution: dist}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Simulate(context.Background(), risks, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSimulate is the reference workload: 100,000 trials × 100 risks,
// triangular impacts. Compare with BenchmarkSimulateBaseline (target: within
// 1.5× on one core) and with itself at -cpu=2 (target: ≥ 1.7× faster on 2
// cores), each -cpu value in a process of its own: with b.Loop, -cpu=1,2 in
// one process mislabels the first figure. BENCHMARKS.md gives the commands.
func BenchmarkSimulate(b *testing.B) { benchSimulate(b, Triangular) }

// BenchmarkSimulateBetaPERT is the reference workload with Beta-PERT impacts.
func BenchmarkSimulateBetaPERT(b *testing.B) { benchSimulate(b, BetaPERT) }

// BenchmarkSimulateBaseline is the plain single loop the simulation is
// measured against: one random stream, one loop over trials and risks, the
// same samplers, the totals summed into a slice; no chunks, no goroutines,
// no sorting, no validation.
func BenchmarkSimulateBaseline(b *testing.B) {
	params, _, err := prepare(benchRisks(100), Triangular)
	if err != nil {
		b.Fatal(err)
	}
	const trials = 100_000
	cost, sched := make([]float64, trials), make([]float64, trials)
	b.ReportAllocs()
	for b.Loop() {
		baseline(params, 42, cost, sched)
	}
}

// baseline is BenchmarkSimulateBaseline's loop, in a function of its own so
// that it is compiled like runChunk (b.Loop bodies are not inlined into).
func baseline(params []riskParams, seed uint64, cost, sched []float64) {
	src := rand.NewPCG(seed, 0)
	rng := rand.New(src)
	for t := range cost {
		var c, d float64
		for k := range params {
			p := &params[k]
			if uniform(src) >= p.prob {
				continue
			}
			c += p.cost.sample(src, rng)
			d += p.sched.sample(src, rng)
		}
		cost[t], sched[t] = c, d
	}
}

// BenchmarkRollup rolls up 1,000 projects × 20 risks on the 5×5 preset.
func BenchmarkRollup(b *testing.B) {
	pf := &pmo.Portfolio{ID: "pf", Name: "bench"}
	risks := benchRisks(20)
	for i := range 1000 {
		pf.Projects = append(pf.Projects, pmo.Project{ID: fmt.Sprintf("P-%04d", i), Name: "p", Phase: "execution", Risks: risks})
	}
	m := Preset5x5()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Rollup(pf, m, Filter{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckCox checks the 5×5 preset against Cox's axioms.
func BenchmarkCheckCox(b *testing.B) {
	m := Preset5x5()
	b.ReportAllocs()
	for b.Loop() {
		_ = m.CheckCox()
	}
}
