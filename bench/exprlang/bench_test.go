package exprlang

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/expr-lang/expr/vm"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
)

// ruleCostRunners returns the two runs BenchmarkRuleCostExprLang compares,
// each evaluating the workload's rules on every project of pf once at now.
func ruleCostRunners(tb testing.TB, pf *pmo.Portfolio, now time.Time, w workload) (engine, exprlang func()) {
	set := compileEngine(tb, negate(celRules(), w.mask))
	prgs, err := compileRules(negate(exprRules(), w.mask), now)
	require.NoError(tb, err)
	ctx := context.Background()
	n := len(pf.Projects) * len(prgs)
	engine = func() {
		rep, err := set.Evaluate(ctx, pf, governance.At(now), governance.Workers(1))
		if err != nil || rep.Len() != n {
			tb.Fatal(err)
		}
	}
	e := newEnv(now)
	var machine vm.VM
	outcomes := make([]bool, n)
	exprlang = func() {
		k := 0
		for i := range pf.Projects {
			e.Project = &pf.Projects[i]
			for _, p := range prgs {
				out, err := machine.Run(p, e)
				outcomes[k] = err == nil && out == true
				k++
			}
		}
	}
	return engine, exprlang
}

func memStats() runtime.MemStats {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m
}

// BenchmarkRuleCostExprLang is issue 13's moonshot yardstick: the cost of
// one rule evaluation, pmokit's engine against expr-lang on the same
// workload, governance's BenchmarkRuleCost's (1,000 generated projects,
// the twenty bench rules, some negated to reach 5%, 25% and 50% of
// failures; fail% reports the actual rate, the same for both: see
// TestSameVerdicts and TestFailRates). Two runs are compared:
//
//   - engine: governance's Evaluate of the rules as one project policy,
//     with one worker and the default cost limit, at the generator's date:
//     a report of every result, the message of every failure and its
//     explanation available;
//   - exprlang: the rules in expr-lang (exprRules), each compiled once with
//     expr.Compile against the typed env (the checker's typed paths, the
//     literals folded at compile time), run with one reused vm.VM on every
//     project × rule, the outcomes stored in a slice.
//
// The sub-benchmarks engine and exprlang run one each and report ns/rule
// (wall time per rule evaluation), allocs/rule and B/rule. The
// sub-benchmark paired runs both in every iteration, one after the other,
// and reports the CPU time of each per rule (cpu-ns/rule: the process's
// user and system time, the collector's work included, waiting for a core
// not) and their ratio engine/exprlang, the figure to trust on a shared,
// noisy machine: the moonshot is a ratio below 1.
func BenchmarkRuleCostExprLang(b *testing.B) {
	pf, now := benchPortfolio()
	for _, w := range workloads(b, pf, now) {
		engine, exprlang := ruleCostRunners(b, pf, now, w)
		n := len(pf.Projects) * len(celRules())
		name := fmt.Sprintf("fail=%02.0f%%", 100*w.rate)
		single := func(run func()) func(b *testing.B) {
			return func(b *testing.B) {
				b.ReportAllocs()
				m0 := memStats()
				for b.Loop() {
					run()
				}
				m1 := memStats()
				per := float64(b.N * n)
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/per, "ns/rule")
				b.ReportMetric(float64(m1.Mallocs-m0.Mallocs)/per, "allocs/rule")
				b.ReportMetric(float64(m1.TotalAlloc-m0.TotalAlloc)/per, "B/rule")
				b.ReportMetric(100*w.actual, "fail%")
			}
		}
		b.Run(name+"/engine", single(engine))
		b.Run(name+"/exprlang", single(exprlang))
		b.Run(name+"/paired", func(b *testing.B) {
			b.ReportAllocs()
			var te, tx time.Duration
			timed := func(run func()) time.Duration {
				t0 := cpuTime()
				run()
				return cpuTime() - t0
			}
			for b.Loop() {
				te += timed(engine)
				tx += timed(exprlang)
			}
			per := float64(b.N * n)
			b.ReportMetric(float64(te.Nanoseconds())/per, "engine-cpu-ns/rule")
			b.ReportMetric(float64(tx.Nanoseconds())/per, "exprlang-cpu-ns/rule")
			b.ReportMetric(float64(te)/float64(tx), "engine/exprlang")
			b.ReportMetric(100*w.actual, "fail%")
		})
	}
}
