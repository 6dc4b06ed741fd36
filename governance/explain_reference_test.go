package governance

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
	"cel.dev/cel-go/interpreter"

	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/internal/textcut"
	"github.com/pmokit/pmokit/pmo"
)

// This file keeps the explanation of a failure as it was computed before
// explain plans (explain_plan.go): the rule evaluated once more with
// cel-go's state tracking, then its AST walked. The tests compare the two
// on every rule they can find.

// refExplainState lists the values a failed expression read: every field path
// and variable rooted in portfolio, project, change, gate, now or
// variables.<name> (not in comprehension variables), outermost first, as
// "project.budget.forecast = \"1350000 USD\"". Values that were never
// evaluated (short-circuited) and whole objects are left out; lists show
// their size, or their elements when short and scalar.
func refExplainState(a *cel.Ast, state interpreter.EvalState) []string {
	x := &refExplainer{ast: a.NativeRep(), state: state, seen: map[string]bool{}}
	x.walk(x.ast.Expr(), nil, false)
	return x.lines
}

type refExplainer struct {
	ast   *celast.AST
	state interpreter.EvalState
	lines []string
	seen  map[string]bool
}

func (x *refExplainer) add(text string, v ref.Val) {
	if len(x.lines) >= maxExplainLines || x.seen[text] {
		return
	}
	s, ok := refRenderValue(v)
	if !ok {
		return
	}
	x.seen[text] = true
	x.lines = append(x.lines, text+" = "+s)
}

// walk visits e; bound holds the comprehension variables in scope and
// inSelect whether e is the operand of a select (so not outermost).
func (x *refExplainer) walk(e celast.Expr, bound []string, inSelect bool) {
	switch e.Kind() {
	case celast.IdentKind:
		name := e.AsIdent()
		if !inSelect && !slices.Contains(bound, name) {
			if v, ok := x.state.Value(e.ID()); ok {
				x.add(name, v)
			}
		}
	case celast.SelectKind:
		sel := e.AsSelect()
		if !inSelect {
			if text, ok := x.pathText(e, bound); ok {
				if v, found := x.state.Value(e.ID()); found {
					if sel.IsTestOnly() {
						x.add("has("+text+")", v)
					} else {
						x.add(text, v)
					}
				}
			}
		}
		x.walk(sel.Operand(), bound, true)
	case celast.CallKind:
		call := e.AsCall()
		if text, ok := ratingRead(e); ok {
			if v, found := x.state.Value(e.ID()); found {
				x.add(text, v)
			}
			return
		}
		if call.IsMemberFunction() {
			x.walk(call.Target(), bound, false)
		}
		for _, arg := range call.Args() {
			x.walk(arg, bound, false)
		}
	case celast.ComprehensionKind:
		c := e.AsComprehension()
		x.walk(c.IterRange(), bound, false)
		inner := append(slices.Clone(bound), c.IterVar(), c.AccuVar())
		if c.HasIterVar2() {
			inner = append(inner, c.IterVar2())
		}
		x.walk(c.AccuInit(), bound, false)
		x.walk(c.LoopCondition(), inner, false)
		x.walk(c.LoopStep(), inner, false)
		x.walk(c.Result(), inner, false)
	case celast.ListKind:
		for _, el := range e.AsList().Elements() {
			x.walk(el, bound, false)
		}
	case celast.MapKind:
		for _, en := range e.AsMap().Entries() {
			me := en.AsMapEntry()
			x.walk(me.Key(), bound, false)
			x.walk(me.Value(), bound, false)
		}
	}
}

// pathText renders a select chain (a.b.c, or f(a).b) rooted outside the
// comprehension variables; false when it is rooted in one.
func (x *refExplainer) pathText(e celast.Expr, bound []string) (string, bool) {
	switch e.Kind() {
	case celast.IdentKind:
		name := e.AsIdent()
		return name, !slices.Contains(bound, name)
	case celast.SelectKind:
		if ref, ok := x.ast.ReferenceMap()[e.ID()]; ok && ref.Name != "" && ref.Value == nil {
			// A qualified identifier such as variables.over_threshold.
			return ref.Name, true
		}
		sel := e.AsSelect()
		base, ok := x.pathText(sel.Operand(), bound)
		if !ok {
			return "", false
		}
		return base + "." + sel.FieldName(), true
	case celast.CallKind:
		call := e.AsCall()
		var args []string
		for _, a := range call.Args() {
			t, ok := x.argText(a, bound)
			if !ok {
				return "", false
			}
			args = append(args, t)
		}
		fn := call.FunctionName() + "(" + strings.Join(args, ", ") + ")"
		if call.IsMemberFunction() {
			t, ok := x.pathText(call.Target(), bound)
			if !ok {
				return "", false
			}
			fn = t + "." + fn
		}
		return fn, true
	}
	return "", false
}

func (x *refExplainer) argText(e celast.Expr, bound []string) (string, bool) {
	if e.Kind() == celast.LiteralKind {
		return refRenderValue(e.AsLiteral())
	}
	return x.pathText(e, bound)
}

// refRenderValue prints a value for an explanation; false for values not worth
// printing (objects, maps, unknowns). Strings, money and errors are cut to
// textcut.MaxBytes bytes (an ellipsis and the full length mark a cut), so a
// huge value read by a failing rule never makes a huge explanation; a list
// shows its elements only when it has at most 5 scalar ones.
func refRenderValue(v ref.Val) (string, bool) {
	return refRenderValueDepth(v, 0)
}

func refRenderValueDepth(v ref.Val, depth int) (string, bool) {
	switch t := v.(type) {
	case types.String:
		return textcut.Quote(string(t)), true
	case types.Bool, types.Int, types.Uint:
		return fmt.Sprint(t.Value()), true
	case types.Double:
		return strconv.FormatFloat(float64(t), 'g', -1, 64), true
	case types.Timestamp:
		if t.Time.Equal(dateOf(t.Time)) {
			return t.Time.UTC().Format(time.DateOnly), true
		}
		return t.Time.UTC().Format(time.RFC3339), true
	case types.Duration:
		return t.Duration.String(), true
	case moneyRef:
		return textcut.Quote(moneyString(t.money())), true
	case *threshold:
		return textcut.Cut(t.String()), true
	case *types.Err:
		return "error: " + textcut.Cut(t.Error()), true
	case traits.Lister:
		n := int(t.Size().(types.Int))
		if n <= 5 && depth == 0 {
			parts := make([]string, 0, n)
			for i := range n {
				s, ok := refRenderValueDepth(t.Get(types.Int(i)), depth+1)
				if !ok {
					return fmt.Sprintf("[%d items]", n), true
				}
				parts = append(parts, s)
			}
			return "[" + strings.Join(parts, ", ") + "]", true
		}
		return fmt.Sprintf("[%d items]", n), true
	}
	return "", false
}

// refExplain is explainScope.explain as it was: the rule evaluated once
// more with state tracking, then its AST walked; gaveValue says whether
// the evaluation gave a value (not an error), the only evaluations
// explained.
func refExplain(tb testing.TB, s *explainScope, p *program) (lines []string, gaveValue bool) {
	prg, err := p.env.Program(p.ast, cel.InterruptCheckFrequency(interruptCheckFrequency), cel.EvalOptions(cel.OptTrackState))
	require.NoError(tb, err)
	pfVal := objRef[pmo.Portfolio]{s.pf}
	ev := &evaluator{ctx: context.Background(), pf: s.pf, pfVal: pfVal, now: types.Timestamp{Time: s.now}}
	a := &activation{ev: ev, policy: s.policy}
	if s.project != nil {
		a.project = objRef[pmo.Project]{s.project}
	}
	if s.change != nil {
		a.change = objRef[pmo.Change]{s.change}
	}
	if s.gate != nil {
		a.gate = objRef[gateInfo]{s.gate}
	}
	if n := len(s.policy.vars); n > 0 {
		a.vars = make([]ref.Val, n)
	}
	var (
		det     *cel.EvalDetails
		out     ref.Val
		evalErr error
	)
	func() {
		defer func() { _ = recover() }()
		out, det, evalErr = prg.Eval(a)
	}()
	gaveValue = evalErr == nil && out != nil && !types.IsUnknownOrError(out)
	if det == nil || det.State() == nil {
		return nil, gaveValue
	}
	return refExplainState(p.ast, det.State()), gaveValue
}
