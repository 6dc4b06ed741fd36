package governance

import (
	"context"
	"reflect"
	"testing"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/internal/pmogen"
	"github.com/pmokit/pmokit/pmo"
)

// holdsType reports whether a value of type t can hold a value of type
// target: t itself, or a field, element or pointee of t (recursively, within
// this package's types).
func holdsType(t, target reflect.Type, seen map[reflect.Type]bool) bool {
	if t == target {
		return true
	}
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Chan:
		return holdsType(t.Elem(), target, seen)
	case reflect.Map:
		return holdsType(t.Key(), target, seen) || holdsType(t.Elem(), target, seen)
	case reflect.Struct:
		if t.PkgPath() != reflect.TypeFor[worker]().PkgPath() {
			return false // cel-go's and the standard library's own types
		}
		for i := range t.NumField() {
			if holdsType(t.Field(i).Type, target, seen) {
				return true
			}
		}
	}
	return false
}

// TestNoStoredExecutionFrames checks cel-go's contract that an execution
// frame is not stored ("The execution frame must not be stored in any
// fashion as its lifecycle is completely controlled by the CEL evaluation
// process", interpreter/frame.go): none of the types that live across
// evaluations (the worker, the evaluator, the activation, the lazy
// explanations and the results) can hold one.
func TestNoStoredExecutionFrames(t *testing.T) {
	frame := reflect.TypeFor[*interpreter.ExecutionFrame]()
	for _, typ := range []reflect.Type{
		reflect.TypeFor[worker](), reflect.TypeFor[evaluator](), reflect.TypeFor[activation](),
		reflect.TypeFor[explanation](), reflect.TypeFor[explainScope](), reflect.TypeFor[Result](),
		reflect.TypeFor[Report](), reflect.TypeFor[portfolioVal](),
	} {
		assert.False(t, holdsType(typ, frame, map[reflect.Type]bool{}), "%v can hold a cel-go execution frame", typ)
	}
}

// TestCostShortcutExact checks the cost-tracker shortcut of budget.go on
// every expression of the three policy packs and of the bench rules, over
// generated portfolios of two sizes and with three cost limits (so that
// each expression is, somewhere, taken untracked and, somewhere, tracked):
//
//   - the untracked program is chosen only when the estimate at the
//     measured sizes is within the limit;
//   - then, on every subject, the tracked program's actual cost is within
//     the limit (the proof holds) and the untracked program gives the same
//     value or the same error as the tracked one.
func TestCostShortcutExact(t *testing.T) {
	var policies []*Policy
	for _, typ := range []pmo.Type{pmo.Supportive, pmo.Controlling, pmo.Directive} {
		ps, err := Pack(typ)
		require.NoError(t, err)
		policies = append(policies, ps...)
	}
	policies = append(policies, benchPolicy(0))
	ctx := context.Background()
	untracked, tracked := 0, 0
	for _, limit := range []uint64{50, 500, DefaultCostLimit} {
		eng, err := New(WithCostLimit(limit), WithEstimatedCostLimit(1<<62))
		require.NoError(t, err)
		var sets []*PolicySet
		for _, p := range policies { // one set per policy: pack policies share names
			set, err := eng.Compile(p)
			require.NoError(t, err, p.Name)
			sets = append(sets, set)
		}
		for _, n := range []int{20, 200} {
			pf := pmogen.Generate(n, uint64(n))
			sizes := measure(pf)
			ev := &evaluator{ctx: ctx, pf: pf, pfVal: newPortfolioVal(pf), now: types.Timestamp{Time: pmogen.Today()}}
			for _, set := range sets {
				cp := set.policies[0]
				for _, prg := range programsOf(cp) {
					u := prg.budget.program(sizes)
					if u == nil {
						tracked++
						continue
					}
					untracked++
					est, err := prg.budget.env.EstimateCost(prg.ast, dataHints{sizes: sizes, indexLoops: prg.budget.indexLoops})
					require.NoError(t, err)
					require.LessOrEqual(t, est.Max, limit, "%s: untracked but estimated above the limit", prg.text)
					for _, act := range subjectsOf(ev, cp, pf) {
						want, det, wantErr := prg.prg.ContextEval(ctx, act)
						got, _, gotErr := u.ContextEval(ctx, act)
						if wantErr != nil {
							assert.Error(t, gotErr, "%s: tracked fails (%v), untracked does not", prg.text, wantErr)
							continue
						}
						require.NotNil(t, det.ActualCost())
						assert.LessOrEqual(t, *det.ActualCost(), limit, "%s: actual cost above the limit", prg.text)
						if assert.NoError(t, gotErr, prg.text) {
							same := want.Equal(got) == types.True || reflect.DeepEqual(want.Value(), got.Value()) // objects built per call
							assert.True(t, same, "%s: tracked %v, untracked %v", prg.text, want, got)
						}
					}
				}
			}
		}
	}
	assert.Positive(t, untracked)
	assert.Positive(t, tracked)
}

// programsOf lists the programs of a compiled policy.
func programsOf(cp *compiledPolicy) []*program {
	out := append([]*program{cp.when}, cp.vars...)
	for _, r := range cp.rules {
		out = append(out, r.when, r.expr, r.msgExpr)
	}
	var kept []*program
	for _, p := range out {
		if p != nil {
			kept = append(kept, p)
		}
	}
	return kept
}

// subjectsOf returns an activation per subject of the policy's scope in pf
// (at most 50), the policy's variables computed on demand.
func subjectsOf(ev *evaluator, cp *compiledPolicy, pf *pmo.Portfolio) []*activation {
	var out []*activation
	add := func(project, change ref.Val) {
		a := &activation{ev: ev, project: project, change: change, policy: cp}
		if len(cp.vars) > 0 {
			a.vars = make([]ref.Val, len(cp.vars))
		}
		out = append(out, a)
	}
	for i := range pf.Projects {
		p := &pf.Projects[i]
		switch cp.scope {
		case ScopePortfolio:
			if i == 0 {
				add(nil, nil)
			}
		case ScopeProject:
			add(objRef[pmo.Project]{p}, nil)
		case ScopeChange:
			for j := range p.Changes {
				add(objRef[pmo.Project]{p}, objRef[pmo.Change]{&p.Changes[j]})
			}
		}
		if len(out) >= 50 {
			break
		}
	}
	return out
}
