package exprlang

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/expr-lang/expr/vm"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
)

// BenchmarkRuleByRule splits BenchmarkRuleCostExprLang's comparison by
// rule: each of the twenty rules alone, as a one-rule policy of the engine
// and as its expr-lang translation over the structs, on the same 1,000
// projects. The sub-benchmark rule=NN/paired runs both in every iteration
// and reports the CPU time of each per evaluation and the ratio
// engine/exprlang. A one-rule policy charges the rule with all of the
// engine's cost per project (the measurement of the portfolio's sizes
// that decides which expressions run without cel-go's cost tracker, the
// result rows), which a policy of twenty rules shares: the figures are an
// upper bound of each rule's share of the workload.
func BenchmarkRuleByRule(b *testing.B) {
	pf, now := benchPortfolio()
	ctx := context.Background()
	cel, exprs := celRules(), exprRules()
	for i := range cel {
		set := compileEngine(b, cel[i:i+1])
		prgs, err := compileRules(exprs[i:i+1], now)
		require.NoError(b, err)
		e := newEnv(now)
		var machine vm.VM
		outcomes := make([]bool, len(pf.Projects))
		engine := func() {
			rep, err := set.Evaluate(ctx, pf, governance.At(now), governance.Workers(1))
			if err != nil || rep.Len() != len(pf.Projects) {
				b.Fatal(err)
			}
		}
		exprlang := func() {
			for k := range pf.Projects {
				e.Project = &pf.Projects[k]
				out, err := machine.Run(prgs[0], e)
				outcomes[k] = err == nil && out == true
			}
		}
		b.Run(fmt.Sprintf("rule=%02d/paired", i), func(b *testing.B) {
			var te, tx time.Duration
			for b.Loop() {
				t0 := cpuTime()
				engine()
				t1 := cpuTime()
				exprlang()
				te, tx = te+t1-t0, tx+cpuTime()-t1
			}
			per := float64(b.N * len(pf.Projects))
			b.ReportMetric(float64(te.Nanoseconds())/per, "engine-cpu-ns/eval")
			b.ReportMetric(float64(tx.Nanoseconds())/per, "exprlang-cpu-ns/eval")
			b.ReportMetric(float64(te)/float64(tx), "engine/exprlang")
		})
	}
}
