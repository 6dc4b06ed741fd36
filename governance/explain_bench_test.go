package governance

import (
	"context"
	"fmt"
	"testing"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/internal/pmogen"
	"github.com/pmokit/pmokit/pmo"
)

// BenchmarkExplanationRead measures issue 13's bound on explanations: one
// that is read costs at most one more evaluation of its rule. Over
// BenchmarkRuleCost's workload (1,000 generated projects, the twenty bench
// rules negated to fail 5%, 25% and 50% of evaluations), each iteration
// takes every failure of an evaluation and, one after the other:
//
//   - read: gives it a fresh explanation record, as Evaluate leaves it
//     (the record is built untimed), and reads it: what Result.Explanation
//     costs the first time, the evaluation with its watchers, the
//     activation and the lines included;
//   - eval: evaluates the same rule on the same project once with plain
//     cel-go (BenchmarkRuleCost's celgo: a program without cost tracker,
//     limit or interrupt checks, on a reused map activation);
//   - engine-eval: evaluates the same rule on the same project once as
//     Evaluate does (the engine's activation, the program the measured
//     portfolio allows): the evaluation an explanation repeats.
//
// It reports the CPU time of each per failure (cpu-ns/read, cpu-ns/eval,
// cpu-ns/engine-eval), the ratios read/eval (against plain cel-go, the
// stricter reading of the target "at most one more evaluation") and
// read/engine-eval (against the engine's own evaluation of the rule), the
// allocations per read and the lines per explanation. The runs share the
// heap: a collection is charged to the run it happens in.
func BenchmarkExplanationRead(b *testing.B) {
	pf := pmogen.Generate(1000, 1)
	now := pmogen.Today()
	for _, rate := range failRates {
		rules, actual := failWorkload(b, pf, rate)
		eng, err := New()
		require.NoError(b, err)
		set, err := eng.Compile(rulesPolicy(rules))
		require.NoError(b, err)
		cp := set.policies[0]
		fails := ruleFailures(b, set, pf)
		prgs := plainPrograms(b, rules)
		act := plainActivation(pf)
		scopes := make([]explainScope, len(pf.Projects))
		for i := range scopes {
			scopes[i] = explainScope{pf: pf, now: now, project: &pf.Projects[i], policy: cp}
		}
		xs := make([]explanation, len(fails))
		ev := &evaluator{set: set, ctx: context.Background(), pf: pf, pfVal: newPortfolioVal(pf), now: types.Timestamp{Time: now},
			sizes: measureOn(pf, 1, set.plan), measured: true}
		engineAct := &activation{ev: ev, policy: cp}
		name := fmt.Sprintf("fail=%02.0f%%", 100*rate)
		b.Run(name+"/paired", func(b *testing.B) {
			var tr, te, tg time.Duration
			var lines int
			var m0, m1 uint64
			for b.Loop() {
				for i, f := range fails {
					xs[i] = explanation{scope: &scopes[f.project], prog: cp.rules[f.rule].expr}
				}
				ms := memStats()
				t0 := cpuTime()
				for i := range xs {
					lines += len(xs[i].get())
				}
				t1 := cpuTime()
				me := memStats()
				for _, f := range fails {
					act["project"] = objRef[pmo.Project]{&pf.Projects[f.project]}
					var out ref.Val
					out, _, _ = prgs[f.rule].Eval(act)
					if out == types.True {
						b.Fatal("a failure passes")
					}
				}
				t2 := cpuTime()
				for _, f := range fails {
					engineAct.project = objRef[pmo.Project]{&pf.Projects[f.project]}
					if ok, err := engineAct.evalBool(cp.rules[f.rule].expr); ok && err == nil {
						b.Fatal("a failure passes")
					}
				}
				t3 := cpuTime()
				tr += t1 - t0
				te += t2 - t1
				tg += t3 - t2
				m0 += me.Mallocs - ms.Mallocs
				m1 += me.TotalAlloc - ms.TotalAlloc
			}
			per := float64(b.N * len(fails))
			b.ReportMetric(float64(tr.Nanoseconds())/per, "cpu-ns/read")
			b.ReportMetric(float64(te.Nanoseconds())/per, "cpu-ns/eval")
			b.ReportMetric(float64(tg.Nanoseconds())/per, "cpu-ns/engine-eval")
			b.ReportMetric(float64(tr)/float64(te), "read/eval")
			b.ReportMetric(float64(tr)/float64(tg), "read/engine-eval")
			b.ReportMetric(float64(m0)/per, "allocs/read")
			b.ReportMetric(float64(m1)/per, "B/read")
			b.ReportMetric(float64(lines)/per, "lines/read")
			b.ReportMetric(100*actual, "fail%")
		})
	}
}

// ruleFailure is a failure of rule (an index of the policy's rules) on
// project (an index of the portfolio's projects).
type ruleFailure struct{ rule, project int }

// ruleFailures evaluates the one-policy set on pf and returns its failures.
func ruleFailures(tb testing.TB, set *PolicySet, pf *pmo.Portfolio) []ruleFailure {
	rep, err := set.Evaluate(context.Background(), pf, At(pmogen.Today()), Workers(1))
	require.NoError(tb, err)
	projects := map[string]int{}
	for i := range pf.Projects {
		projects[pf.Projects[i].ID] = i
	}
	rules := map[string]int{}
	for i, r := range set.policies[0].rules {
		rules[r.id] = i
	}
	var out []ruleFailure
	for _, r := range rep.Results() {
		if r.Outcome == OutcomeFail {
			out = append(out, ruleFailure{rules[r.Rule], projects[r.Subject]})
		}
	}
	require.NotEmpty(tb, out)
	return out
}
