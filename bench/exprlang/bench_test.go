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

// ruleCostRunners returns the three runs BenchmarkRuleCostExprLang
// compares, each evaluating the workload's rules on every project of pf
// once at now.
func ruleCostRunners(tb testing.TB, pf *pmo.Portfolio, now time.Time, w workload) (engine, exprlang, exprlangMaps func()) {
	set := compileEngine(tb, negate(celRules(), w.mask))
	ctx := context.Background()
	n := len(pf.Projects) * len(celRules())
	engine = func() {
		rep, err := set.Evaluate(ctx, pf, governance.At(now), governance.Workers(1))
		if err != nil || rep.Len() != n {
			tb.Fatal(err)
		}
	}

	prgs, err := compileRules(negate(exprRules(), w.mask), now)
	require.NoError(tb, err)
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

	mapPrgs, err := compileMapRules(negate(mapRules(), w.mask), now)
	require.NoError(tb, err)
	projects := projectMaps(pf) // once, outside the measured runs
	me := newMapEnv(now)
	var mapMachine vm.VM
	mapOutcomes := make([]bool, n)
	exprlangMaps = func() {
		k := 0
		for _, pm := range projects {
			me["project"] = pm
			for _, p := range mapPrgs {
				out, err := mapMachine.Run(p, me)
				mapOutcomes[k] = err == nil && out == true
				k++
			}
		}
	}
	return engine, exprlang, exprlangMaps
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
// failures; fail% reports the actual rate, the same for all three runs:
// see TestSameVerdicts and TestFailRates). Three runs are compared:
//
//   - engine: governance's Evaluate of the rules as one project policy,
//     with one worker and the default cost limit, at the generator's date:
//     a report of every result, the message of every failure and its
//     explanation available;
//   - exprlang: the rules in expr-lang over the Go structs (exprRules),
//     each compiled once with expr.Compile against the typed env (the
//     checker's typed paths, operator overloading for money, the literals
//     folded at compile time), run with one reused vm.VM on every project ×
//     rule, the outcomes stored in a slice;
//   - exprlang-maps: the same over the projects converted once, before the
//     measured runs, to plain maps (mapRules over toMap's values), as a
//     host without typed structs would hand them to expr-lang: expr-lang
//     reads a map's values without copying them, where a closure over a
//     list of structs copies every element it visits.
//
// The sub-benchmarks engine, exprlang and exprlang-maps run one each and
// report ns/rule (wall time per rule evaluation), allocs/rule and B/rule.
// The sub-benchmark paired runs all three in every iteration, one after
// the other, and reports the CPU time of each per rule (cpu-ns/rule: the
// process's user and system time, the collector's work included, waiting
// for a core not) and the ratios engine/exprlang and engine/exprlang-maps,
// the figures to trust on a shared, noisy machine: the moonshot is a ratio
// below 1, against the faster of the two. The runs share the heap, so a
// collection is charged to the run it happens in, each paying on average
// in proportion to what it allocates.
func BenchmarkRuleCostExprLang(b *testing.B) {
	pf, now := benchPortfolio()
	for _, w := range workloads(b, pf, now) {
		engine, exprlang, exprlangMaps := ruleCostRunners(b, pf, now, w)
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
		b.Run(name+"/exprlang-maps", single(exprlangMaps))
		b.Run(name+"/paired", func(b *testing.B) {
			b.ReportAllocs()
			var te, tx, tm time.Duration
			timed := func(run func()) time.Duration {
				t0 := cpuTime()
				run()
				return cpuTime() - t0
			}
			for b.Loop() {
				te += timed(engine)
				tx += timed(exprlang)
				tm += timed(exprlangMaps)
			}
			per := float64(b.N * n)
			b.ReportMetric(float64(te.Nanoseconds())/per, "engine-cpu-ns/rule")
			b.ReportMetric(float64(tx.Nanoseconds())/per, "exprlang-cpu-ns/rule")
			b.ReportMetric(float64(tm.Nanoseconds())/per, "exprlang-maps-cpu-ns/rule")
			b.ReportMetric(float64(te)/float64(tx), "engine/exprlang")
			b.ReportMetric(float64(te)/float64(tm), "engine/exprlang-maps")
			b.ReportMetric(100*w.actual, "fail%")
		})
	}
}
