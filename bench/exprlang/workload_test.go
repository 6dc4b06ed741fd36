package exprlang

import (
	"context"
	"fmt"
	"math"
	"math/bits"
	"testing"
	"time"

	"github.com/expr-lang/expr/vm"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/internal/pmogen"
	"github.com/pmokit/pmokit/pmo"
)

// failRates are the failure rates of DESIGN.md's reference workload.
func failRates() []float64 { return []float64{0.05, 0.25, 0.50} }

// benchPortfolio is the portfolio of governance's BenchmarkRuleCost, with
// its evaluation date.
func benchPortfolio() (*pmo.Portfolio, time.Time) { return pmogen.Generate(1000, 1), pmogen.Today() }

// rulesPolicy is the project policy of rules, rule i with the ID r%02d.
func rulesPolicy(rules []string) *governance.Policy {
	p := &governance.Policy{Name: "rules", Scope: governance.ScopeProject}
	for i, r := range rules {
		p.Rules = append(p.Rules, governance.Rule{ID: fmt.Sprintf("r%02d", i), Expression: r})
	}
	return p
}

// compileEngine compiles rules as one policy of a default engine.
func compileEngine(tb testing.TB, rules []string) *governance.PolicySet {
	tb.Helper()
	eng, err := governance.New()
	require.NoError(tb, err)
	set, err := eng.Compile(rulesPolicy(rules))
	require.NoError(tb, err)
	return set
}

// engineVerdicts evaluates rules with the engine on pf at now and returns
// pass[i*len(rules)+j]: whether rule j passes on project i, and the
// engine's outcome of each.
func engineVerdicts(tb testing.TB, pf *pmo.Portfolio, now time.Time, rules []string) ([]bool, []governance.Outcome) {
	tb.Helper()
	rep, err := compileEngine(tb, rules).Evaluate(context.Background(), pf, governance.At(now), governance.Workers(1))
	require.NoError(tb, err)
	n := len(pf.Projects) * len(rules)
	require.Equal(tb, n, rep.Len())
	project := make(map[string]int, len(pf.Projects))
	for i, p := range pf.Projects {
		project[p.ID] = i
	}
	outcomes := make([]governance.Outcome, n)
	for _, r := range rep.All() {
		i, ok := project[r.Subject]
		require.True(tb, ok, "subject %q", r.Subject)
		var j int
		_, err := fmt.Sscanf(r.Rule, "r%02d", &j)
		require.NoError(tb, err, r.Rule)
		require.Zero(tb, outcomes[i*len(rules)+j], "%s %s twice", r.Subject, r.Rule)
		outcomes[i*len(rules)+j] = r.Outcome
	}
	pass := make([]bool, n)
	for k, o := range outcomes {
		require.NotZero(tb, o, "project %d rule %d: no result", k/len(rules), k%len(rules))
		pass[k] = o == governance.OutcomePass
	}
	return pass, outcomes
}

// exprVerdicts runs the expr-lang rules on every project of pf at now and
// returns pass[i*len(prgs)+j]: whether rule j gives true on project i (an
// error is not a pass).
func exprVerdicts(pf *pmo.Portfolio, now time.Time, prgs []*vm.Program) []bool {
	pass := make([]bool, len(pf.Projects)*len(prgs))
	e := newEnv(now)
	var machine vm.VM
	k := 0
	for i := range pf.Projects {
		e.Project = &pf.Projects[i]
		for _, p := range prgs {
			out, err := machine.Run(p, e)
			pass[k] = err == nil && out == true
			k++
		}
	}
	return pass
}

// negate returns rules with rule i negated (!(rule)) where mask has bit i.
func negate(rules []string, mask uint32) []string {
	out := make([]string, len(rules))
	for i, r := range rules {
		out[i] = r
		if mask&(1<<i) != 0 {
			out[i] = "!(" + r + ")"
		}
	}
	return out
}

// workload is one of BenchmarkRuleCost's workloads: the mask of the rules
// it negates and the failure rate the engine's outcomes predict.
type workload struct {
	rate   float64 // the rate asked for
	mask   uint32  // bit i: rule i negated
	actual float64 // failed (false or error) evaluations / all, predicted
}

// chooseWorkload is governance's failWorkload (rulecost_bench_test.go)
// through the public API: per rule, how many projects of pf it fails
// (outcome other than pass) and errs on (outcome error), from the engine's
// report; negating a rule turns its passes into failures and its falses
// into passes, its errors staying errors; of the 2^20 masks, the one whose
// failure count is nearest rate (then the one negating fewest rules).
func chooseWorkload(outcomes []governance.Outcome, projects, rules int, rate float64) workload {
	fails, errs := make([]int, rules), make([]int, rules)
	for k, o := range outcomes {
		if o != governance.OutcomePass {
			fails[k%rules]++
		}
		if o == governance.OutcomeError {
			errs[k%rules]++
		}
	}
	base := 0
	gain := make([]int, rules) // failures added by negating rule i
	for i := range rules {
		base += fails[i]
		gain[i] = (projects - fails[i]) - (fails[i] - errs[i])
	}
	target := rate * float64(projects*rules)
	best, bestDist := uint32(0), math.Inf(1)
	for mask := uint32(0); mask < 1<<rules; mask++ {
		f := base
		for m := mask; m != 0; m &= m - 1 {
			f += gain[bits.TrailingZeros32(m)]
		}
		d := math.Abs(float64(f) - target)
		if d < bestDist || (d == bestDist && bits.OnesCount32(mask) < bits.OnesCount32(best)) {
			best, bestDist = mask, d
		}
	}
	total := base
	for m := best; m != 0; m &= m - 1 {
		total += gain[bits.TrailingZeros32(m)]
	}
	return workload{rate: rate, mask: best, actual: float64(total) / float64(projects*rules)}
}

// workloads returns the workloads of failRates on pf at now.
func workloads(tb testing.TB, pf *pmo.Portfolio, now time.Time) []workload {
	tb.Helper()
	rules := celRules()
	_, outcomes := engineVerdicts(tb, pf, now, rules)
	var out []workload
	for _, rate := range failRates() {
		out = append(out, chooseWorkload(outcomes, len(pf.Projects), len(rules), rate))
	}
	return out
}
