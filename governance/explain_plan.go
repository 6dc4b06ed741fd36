package governance

import (
	"slices"
	"strings"

	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
)

// explainPlan is what the explanations of one program need, built once
// (when one of its failures is first explained): the values they may
// print, with their texts, and the program that records them.
type explainPlan struct {
	// items are the values an explanation may print, outermost first:
	// every field path and variable rooted in portfolio, project, change,
	// gate, now or variables.<name> (not in comprehension variables), the
	// presence tests, the ratings read.
	items []explainItem
	// values is how many nodes the items read (an explanation records
	// that many values).
	values int
	// prg is the program with the watchers that record them.
	prg cel.Program
}

// explainItem is one value an explanation may print.
type explainItem struct {
	text  string // as "project.budget.forecast", "has(project.start)", "ratings[\"health\"]"
	value int32  // index of the node's value
	first int32  // index of the first item with this text: an explanation prints a text once
}

// newExplainPlan lists the values an explanation of the expression may
// print and compiles it with the watchers that record them.
func newExplainPlan(env *cel.Env, a *cel.Ast) (*explainPlan, error) {
	b := &planBuilder{ast: a.NativeRep(), nodes: map[int64]int32{}, texts: map[string]int32{}}
	b.walk(b.ast.Expr(), nil, false)
	pl := &explainPlan{items: b.items, values: len(b.nodes)}
	if len(pl.items) == 0 {
		return pl, nil
	}
	var top int64
	for id := range b.nodes {
		top = max(top, id)
	}
	w := &explainWatch{slot: make([]int32, top+1)}
	for i := range w.slot {
		w.slot[i] = -1
	}
	for id, i := range b.nodes {
		w.slot[id] = i
	}
	// The program re-runs an evaluation that already finished within the
	// cost limit, so it needs no cost tracking of its own.
	prg, err := env.Program(a, cel.InterruptCheckFrequency(interruptCheckFrequency), cel.CustomDecoratorV2(w.decorate))
	if err != nil {
		return nil, err
	}
	pl.prg = prg
	return pl, nil
}

type planBuilder struct {
	ast   *celast.AST
	items []explainItem
	nodes map[int64]int32  // expression ID -> value index
	texts map[string]int32 // text -> first item
}

func (b *planBuilder) add(id int64, text string) {
	v, ok := b.nodes[id]
	if !ok {
		v = int32(len(b.nodes))
		b.nodes[id] = v
	}
	first, ok := b.texts[text]
	if !ok {
		first = int32(len(b.items))
		b.texts[text] = first
	}
	b.items = append(b.items, explainItem{text: text, value: v, first: first})
}

// walk visits e; bound holds the comprehension variables in scope and
// inSelect whether e is the operand of a select (so not outermost).
func (b *planBuilder) walk(e celast.Expr, bound []string, inSelect bool) {
	switch e.Kind() {
	case celast.IdentKind:
		name := e.AsIdent()
		if !inSelect && !slices.Contains(bound, name) {
			b.add(e.ID(), name)
		}
	case celast.SelectKind:
		sel := e.AsSelect()
		if !inSelect {
			if text, ok := b.pathText(e, bound); ok {
				if sel.IsTestOnly() {
					text = "has(" + text + ")"
				}
				b.add(e.ID(), text)
			}
		}
		b.walk(sel.Operand(), bound, true)
	case celast.CallKind:
		call := e.AsCall()
		if text, ok := ratingRead(e); ok {
			b.add(e.ID(), text)
			return
		}
		if call.IsMemberFunction() {
			b.walk(call.Target(), bound, false)
		}
		for _, arg := range call.Args() {
			b.walk(arg, bound, false)
		}
	case celast.ComprehensionKind:
		c := e.AsComprehension()
		b.walk(c.IterRange(), bound, false)
		inner := append(slices.Clone(bound), c.IterVar(), c.AccuVar())
		if c.HasIterVar2() {
			inner = append(inner, c.IterVar2())
		}
		b.walk(c.AccuInit(), bound, false)
		b.walk(c.LoopCondition(), inner, false)
		b.walk(c.LoopStep(), inner, false)
		b.walk(c.Result(), inner, false)
	case celast.ListKind:
		for _, el := range e.AsList().Elements() {
			b.walk(el, bound, false)
		}
	case celast.MapKind:
		for _, en := range e.AsMap().Entries() {
			me := en.AsMapEntry()
			b.walk(me.Key(), bound, false)
			b.walk(me.Value(), bound, false)
		}
	}
}

// pathText renders a select chain (a.b.c, or f(a).b) rooted outside the
// comprehension variables; false when it is rooted in one.
func (b *planBuilder) pathText(e celast.Expr, bound []string) (string, bool) {
	switch e.Kind() {
	case celast.IdentKind:
		name := e.AsIdent()
		return name, !slices.Contains(bound, name)
	case celast.SelectKind:
		if ref, ok := b.ast.ReferenceMap()[e.ID()]; ok && ref.Name != "" && ref.Value == nil {
			// A qualified identifier such as variables.over_threshold.
			return ref.Name, true
		}
		sel := e.AsSelect()
		base, ok := b.pathText(sel.Operand(), bound)
		if !ok {
			return "", false
		}
		return base + "." + sel.FieldName(), true
	case celast.CallKind:
		call := e.AsCall()
		var args []string
		for _, a := range call.Args() {
			t, ok := b.argText(a, bound)
			if !ok {
				return "", false
			}
			args = append(args, t)
		}
		fn := call.FunctionName() + "(" + strings.Join(args, ", ") + ")"
		if call.IsMemberFunction() {
			t, ok := b.pathText(call.Target(), bound)
			if !ok {
				return "", false
			}
			fn = t + "." + fn
		}
		return fn, true
	}
	return "", false
}

func (b *planBuilder) argText(e celast.Expr, bound []string) (string, bool) {
	if e.Kind() == celast.LiteralKind {
		v, ok := appendValue(nil, e.AsLiteral(), 0)
		return string(v), ok
	}
	return b.pathText(e, bound)
}
