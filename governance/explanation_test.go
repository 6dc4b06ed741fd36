package governance_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/internal/pmogen"
)

// countingEngine returns an engine with a host function tick(s) that counts
// its calls and returns false: a rule reading it fails, and the count says
// how many times the rule was evaluated.
func countingEngine(t *testing.T) (*governance.Engine, *atomic.Int64) {
	t.Helper()
	var calls atomic.Int64
	tick := cel.Function("tick",
		cel.Overload("tick_string", []*cel.Type{cel.StringType}, cel.BoolType,
			cel.UnaryBinding(func(ref.Val) ref.Val { calls.Add(1); return types.False })))
	eng, err := governance.New(governance.WithCELOptions(tick))
	require.NoError(t, err)
	return eng, &calls
}

// TestExplanationLazy checks the cost of explanations: Evaluate evaluates a
// failing rule once per subject and no more (an unread explanation costs no
// evaluation), reading an explanation evaluates its rule exactly once more,
// and reading it again (or from another copy of the result) costs nothing.
func TestExplanationLazy(t *testing.T) {
	eng, calls := countingEngine(t)
	p := &governance.Policy{Name: "lazy", Rules: []governance.Rule{
		{ID: "tick", Expression: "project.id == 'nobody' || tick(project.name)", Message: "ticked"},
	}}
	set, err := eng.Compile(p)
	require.NoError(t, err)
	pf := testPortfolio()
	rep, err := set.Evaluate(context.Background(), pf, governance.At(testNow()))
	require.NoError(t, err)
	v := rep.Violations()
	require.Len(t, v, 2)
	assert.Equal(t, int64(2), calls.Load(), "one evaluation per project, none for explanations")
	assert.Equal(t, "ticked", v[0].Message)

	want := []string{`project.id = "P-1"`, `project.name = "CRM Replacement"`}
	assert.Equal(t, want, v[0].Explanation())
	assert.Equal(t, int64(3), calls.Load(), "reading one explanation evaluates its rule once")
	assert.Equal(t, want, v[0].Explanation())
	assert.Equal(t, want, rep.Violations()[0].Explanation(), "copies share the explanation")
	assert.Equal(t, int64(3), calls.Load(), "an explanation is computed once")

	// Passes, skips and errors have none, and reading it costs nothing.
	p.Rules = append(p.Rules, governance.Rule{ID: "pass", Expression: "tick(project.id) || true"})
	set, err = eng.Compile(p)
	require.NoError(t, err)
	rep, err = set.Evaluate(context.Background(), pf, governance.At(testNow()))
	require.NoError(t, err)
	before := calls.Load()
	for _, r := range rep.Results() {
		if r.Outcome != governance.OutcomeFail {
			assert.Nil(t, r.Explanation(), r.Rule)
		}
	}
	assert.Equal(t, before, calls.Load())
}

// TestExplanationConcurrent reads every explanation of a report from
// several goroutines at once (run with -race): each is computed once and
// all readers see the same lines.
func TestExplanationConcurrent(t *testing.T) {
	eng, calls := countingEngine(t)
	p := &governance.Policy{Name: "lazy",
		Variables: []governance.Variable{{Name: "open", Expression: "project.risks.filter(r, r.status == 'open')"}},
		Rules: []governance.Rule{
			{ID: "tick", Expression: "variables.open.all(r, r.owner != '') && tick(project.id)"},
			{ID: "owners", Expression: "variables.open.all(r, r.owner != '')"},
		}}
	set, err := eng.Compile(p)
	require.NoError(t, err)
	pf := pmogen.Generate(50, 3)
	rep, err := set.Evaluate(context.Background(), pf, governance.At(pmogen.Today()), governance.Workers(2))
	require.NoError(t, err)
	v := rep.Violations()
	require.NotEmpty(t, v)
	evaluated := calls.Load()
	ticks := 0
	for _, r := range v {
		if r.Rule == "tick" {
			ticks++
		}
	}
	got := make([][][]string, 4)
	var wg sync.WaitGroup
	for g := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, r := range v {
				got[g] = append(got[g], r.Explanation())
			}
		}()
	}
	wg.Wait()
	for g := range got {
		assert.Equal(t, got[0], got[g])
	}
	for i, r := range v {
		assert.NotEmpty(t, got[0][i], "%s %s", r.Subject, r.Rule)
	}
	// A tick failure whose variable rule passed re-evaluates tick once; an
	// owners failure short-circuits before tick.
	assert.LessOrEqual(t, calls.Load()-evaluated, int64(ticks))
}

// TestExplanationEquality checks that laziness does not show in the
// values: two evaluations of the same data give equal results (whatever
// the workers), before and after their explanations are read, and a result
// whose explanation was read equals its JSON round trip.
func TestExplanationEquality(t *testing.T) {
	pf := pmogen.Generate(40, 9)
	eng, err := governance.New()
	require.NoError(t, err)
	p := &governance.Policy{Name: "mix",
		Variables: []governance.Variable{{Name: "open", Expression: "project.risks.filter(r, r.status == 'open')"}},
		Rules: []governance.Rule{
			{ID: "owner", Expression: "variables.open.all(r, r.owner != '')"},
			{ID: "budget", Expression: "!has(project.budget.forecast) || project.budget.forecast <= project.budget.approved"},
			{ID: "sponsor", Expression: "approved_by_role(project, 'execution', 'portfolio_board') || project.phase != 'execution'"},
		}}
	set, err := eng.Compile(p)
	require.NoError(t, err)
	ctx := context.Background()
	a, err := set.Evaluate(ctx, pf, governance.At(pmogen.Today()), governance.Workers(1))
	require.NoError(t, err)
	b, err := set.Evaluate(ctx, pf, governance.At(pmogen.Today()), governance.Workers(3))
	require.NoError(t, err)
	require.NotEmpty(t, a.Violations())
	assert.Equal(t, a.Results(), b.Results(), "before reading")

	data, err := json.Marshal(a) // computes a's explanations
	require.NoError(t, err)
	var back governance.Report
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, a.Results(), back.Results(), "JSON round trip")
	for _, r := range b.Results() {
		r.Explanation()
	}
	assert.Equal(t, a.Results(), b.Results(), "after reading")
	for _, r := range a.Violations() {
		if r.Outcome == governance.OutcomeFail {
			assert.NotEmpty(t, r.Explanation(), "%s %s", r.Subject, r.Rule)
		}
	}
	assert.Contains(t, string(data), `"explanation":["variables.open = `)
}

// TestExplanationSkipsWhatGaveAValue checks that reading an explanation
// does not evaluate again what only mattered for its value: in
// size(project.risks.filter(r, tick(r.id))) > 100, the comparison gave a
// value (false), so its operands did, and the explanation needs only the
// list, not the loop (tick is not called again); the explanation is the
// one state tracking gives.
func TestExplanationSkipsWhatGaveAValue(t *testing.T) {
	eng, calls := countingEngine(t)
	p := &governance.Policy{Name: "skip", Rules: []governance.Rule{
		{ID: "few", Expression: "size(project.risks.filter(r, tick(r.id))) > 100"},
	}}
	set, err := eng.Compile(p)
	require.NoError(t, err)
	pf := pmogen.Generate(3, 1)
	rep, err := set.Evaluate(context.Background(), pf, governance.At(pmogen.Today()), governance.Workers(1))
	require.NoError(t, err)
	v := rep.Violations()
	require.Len(t, v, 3)
	evaluated := calls.Load()
	require.Positive(t, evaluated, "the rule's evaluation calls tick")
	for _, r := range v {
		p, ok := pf.Project(r.Subject)
		require.True(t, ok)
		assert.Equal(t, []string{fmt.Sprintf("project.risks = [%d items]", len(p.Risks))}, r.Explanation(), r.Subject)
	}
	assert.Equal(t, evaluated, calls.Load(), "no tick call for the explanations")
}
