package governance

import (
	"slices"
	"strings"
	"sync"

	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/interpreter"
)

// explainPlan is what the explanations of one program need, built once
// (when one of its failures is first explained): the values they may
// print, with their texts, and the program that records them. Its size is
// linear in the expression's (one item per field path, variable or rating
// read, a slot per expression node).
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
	// runs are the explainRuns of the explanations done (see run).
	runs sync.Pool
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
	b := &planBuilder{env: env, ast: a.NativeRep(), nodes: map[int64]int32{}, texts: map[string]int32{}, bound: map[int64]bool{}}
	b.walk(b.ast.Expr(), nil, false)
	pl := &explainPlan{items: b.items, values: len(b.nodes)}
	if len(pl.items) == 0 {
		return pl, nil
	}
	var top int64
	for id := range b.nodes {
		top = max(top, id)
	}
	w := &explainWatch{slot: make([]int32, top+1), skip: map[int64]bool{}, folds: map[int64]int64{},
		planned: map[int64]interpreter.InterpretableV2{}, calls: map[int64][]int64{}, steps: map[int64]*stepUntil{}, unwatched: map[int64]bool{}}
	for i := range w.slot {
		w.slot[i] = -1
	}
	for id, i := range b.nodes {
		w.slot[id] = i
	}
	b.hasItems = map[int64]bool{}
	b.prune(b.ast.Expr(), false, true, w) // an explained evaluation gave a value, not an error
	b.unwatched(b.ast.Expr(), w)
	// The program re-runs an evaluation that already finished within the
	// cost limit, so it needs no cost tracking of its own; and as it runs
	// without a context, no interrupt checks either.
	prg, err := env.Program(a, cel.CustomDecoratorV2(w.decorate))
	w.skip, w.folds, w.planned, w.calls, w.steps, w.unwatched = nil, nil, nil, nil, nil, nil // planning is over
	if err != nil {
		return nil, err
	}
	pl.prg = prg
	return pl, nil
}

// prune marks the parts of e the explain program need not evaluate: a
// part without items whose value nothing needs (a rule's result, the
// terms of && and || after which no term has items, the operand of !, the
// branches of ?: when nothing needs its value, the operand of an operator
// after which no operand has items) is left out, an operator whose value
// nothing needs evaluates its operands only (up to the last with items), a
// comprehension whose value nothing needs and whose loop has no items
// evaluates its range only, and one whose loop step has items stops
// evaluating the step once they all have their values. needed says
// whether e's value is needed; ok that e gave a value, not an error,
// whenever it was evaluated: true of the whole expression (only
// evaluations that gave a value are explained), hence of the operands of
// a strict call and of ! that gave one, of a select's operand, of a
// comprehension's range and of the condition of ?:. A call whose value
// nothing needs and that gave a value evaluates only its operands with
// items: the others cannot have stopped it with an error. The parts
// evaluated are those whose value can decide whether an item is reached,
// so every item gets the value it gets when the whole expression is
// evaluated (and none when it would not be reached).
func (b *planBuilder) prune(e celast.Expr, needed, ok bool, w *explainWatch) {
	if !needed && !b.reads(e) {
		w.skip[e.ID()] = true
		return
	}
	switch e.Kind() {
	case celast.CallKind:
		call := e.AsCall()
		args := call.Args()
		switch call.FunctionName() {
		case operators.LogicalAnd, operators.LogicalOr:
			// A term decides whether the terms after it are evaluated.
			for i, arg := range args {
				later := false
				for _, next := range args[i+1:] {
					later = later || b.reads(next)
				}
				b.prune(arg, needed || later, false, w)
			}
			return
		case operators.LogicalNot:
			if len(args) == 1 {
				b.prune(args[0], needed, ok, w) // !x gives a value only when x does
				return
			}
		case operators.Conditional:
			if len(args) == 3 {
				b.prune(args[0], needed || b.reads(args[1]) || b.reads(args[2]), ok, w)
				b.prune(args[1], needed, false, w)
				b.prune(args[2], needed, false, w)
				return
			}
		default:
			if !needed && ok && b.callNode(e) {
				// A call that gave a value, not an error, had operands that
				// all gave values (every overload is strict): only those
				// with items are evaluated, for them, and the call is not
				// made.
				var ids []int64
				for _, op := range children(e) {
					if b.reads(op) {
						b.prune(op, false, true, w)
						ids = append(ids, op.ID())
						w.planned[op.ID()] = nil // planned before e
					}
				}
				w.calls[e.ID()] = ids
				return
			}
			if !needed && b.strictCall(e) {
				// Its operands are evaluated in order, up to the first
				// error: each decides whether those after it are, the last
				// with items is evaluated for them, and the call is not
				// made.
				ops := children(e)
				last := 0
				for i, op := range ops {
					if b.reads(op) {
						last = i
					}
				}
				ids := make([]int64, last+1)
				for i, op := range ops[:last+1] {
					b.prune(op, i < last, false, w)
					ids[i] = op.ID()
					w.planned[op.ID()] = nil // planned before e
				}
				w.calls[e.ID()] = ids
				return
			}
		}
	case celast.ComprehensionKind:
		c := e.AsComprehension()
		if needed || b.reads(c.AccuInit()) || b.reads(c.LoopCondition()) || b.reads(c.Result()) {
			break
		}
		if !b.reads(c.LoopStep()) {
			w.folds[e.ID()] = c.IterRange().ID()
			w.planned[c.IterRange().ID()] = nil // planned before e
			b.prune(c.IterRange(), false, ok, w)
			return
		}
		// The items of the step are read in every iteration that reaches
		// them, with the same value (they are not rooted in the loop's
		// variables): once each has its value, the step's evaluation can
		// change none, and the loop's value is not needed.
		w.steps[c.LoopStep().ID()] = &stepUntil{accu: c.AccuVar(), need: b.values(c.LoopStep(), nil)}
	}
	for i, child := range children(e) {
		// The operand of a select, and the range of a comprehension, gave
		// a value whenever the select or the comprehension did.
		b.prune(child, true, ok && i == 0 && (e.Kind() == celast.SelectKind || e.Kind() == celast.ComprehensionKind), w)
	}
}

// callNode reports whether e is a call, not an item, of a function whose
// every overload is strict (evaluates its operands and stops at the
// first error), so that a value of the call means a value of each
// operand. The logical operators and ?: are not (see prune).
func (b *planBuilder) callNode(e celast.Expr) bool {
	if e.Kind() != celast.CallKind {
		return false
	}
	if _, item := b.nodes[e.ID()]; item {
		return false
	}
	fn := e.AsCall().FunctionName()
	switch fn {
	case operators.LogicalAnd, operators.LogicalOr, operators.LogicalNot, operators.Conditional, operators.NotStrictlyFalse, operators.OldNotStrictlyFalse:
		return false
	}
	decl, ok := b.env.Functions()[fn]
	if !ok {
		return false
	}
	for _, o := range decl.OverloadDecls() {
		if o.IsNonStrict() {
			return false
		}
	}
	return true
}

// strictCall reports whether e is a call that the explain program may
// replace by the evaluation of its operands (see argsOnly): not an item,
// of an arithmetic, comparison or membership operator whose every
// overload is strict (evaluates its operands in order and stops at the
// first error). Functions are called (a host's may count its calls).
func (b *planBuilder) strictCall(e celast.Expr) bool {
	if _, item := b.nodes[e.ID()]; item {
		return false
	}
	fn := e.AsCall().FunctionName()
	switch fn {
	case operators.Add, operators.Subtract, operators.Multiply, operators.Divide, operators.Modulo, operators.Negate,
		operators.Less, operators.LessEquals, operators.Greater, operators.GreaterEquals,
		operators.Equals, operators.NotEquals, operators.In:
	default:
		return false
	}
	decl, ok := b.env.Functions()[fn]
	if !ok {
		return false
	}
	for _, o := range decl.OverloadDecls() {
		if o.IsNonStrict() {
			return false
		}
	}
	return true
}

// values appends the value indices of the items of e to out.
func (b *planBuilder) values(e celast.Expr, out []int32) []int32 {
	if v, ok := b.nodes[e.ID()]; ok && !slices.Contains(out, v) {
		out = append(out, v)
	}
	for _, child := range children(e) {
		out = b.values(child, out)
	}
	return out
}

// reads reports whether e or a part of it is an item.
func (b *planBuilder) reads(e celast.Expr) bool {
	if has, ok := b.hasItems[e.ID()]; ok {
		return has
	}
	_, has := b.nodes[e.ID()]
	for _, child := range children(e) {
		if b.reads(child) {
			has = true
		}
	}
	b.hasItems[e.ID()] = has
	return has
}

// children returns the operands of e.
func children(e celast.Expr) []celast.Expr {
	switch e.Kind() {
	case celast.CallKind:
		call := e.AsCall()
		if call.IsMemberFunction() {
			return append([]celast.Expr{call.Target()}, call.Args()...)
		}
		return call.Args()
	case celast.SelectKind:
		return []celast.Expr{e.AsSelect().Operand()}
	case celast.ComprehensionKind:
		c := e.AsComprehension()
		return []celast.Expr{c.IterRange(), c.AccuInit(), c.LoopCondition(), c.LoopStep(), c.Result()}
	case celast.ListKind:
		return e.AsList().Elements()
	case celast.MapKind:
		var out []celast.Expr
		for _, en := range e.AsMap().Entries() {
			me := en.AsMapEntry()
			out = append(out, me.Key(), me.Value())
		}
		return out
	case celast.StructKind:
		var out []celast.Expr
		for _, f := range e.AsStruct().Fields() {
			out = append(out, f.AsStructField().Value())
		}
		return out
	}
	return nil
}

type planBuilder struct {
	env      *cel.Env
	ast      *celast.AST
	items    []explainItem
	nodes    map[int64]int32  // expression ID -> value index
	texts    map[string]int32 // text -> first item
	hasItems map[int64]bool   // see reads
	bound    map[int64]bool   // the identifiers of comprehension variables
}

// unwatched marks the fields and indexes of comprehension variables (as
// r.owner in risks.all(r, r.owner != ”)), and the variables: no
// explanation prints them, so they need no watcher.
func (b *planBuilder) unwatched(e celast.Expr, w *explainWatch) {
	if b.rootBound(e) {
		w.unwatched[e.ID()] = true
	}
	for _, child := range children(e) {
		b.unwatched(child, w)
	}
}

// rootBound reports whether e is a comprehension variable or a select or
// index chain rooted in one (as pathText would find).
func (b *planBuilder) rootBound(e celast.Expr) bool {
	switch e.Kind() {
	case celast.IdentKind:
		return b.bound[e.ID()]
	case celast.SelectKind:
		if ref, ok := b.ast.ReferenceMap()[e.ID()]; ok && ref.Name != "" && ref.Value == nil {
			return false
		}
		return b.rootBound(e.AsSelect().Operand())
	case celast.CallKind:
		call := e.AsCall()
		if call.FunctionName() == operators.Index && len(call.Args()) == 2 {
			return b.rootBound(call.Args()[0])
		}
	}
	return false
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
		if slices.Contains(bound, name) {
			b.bound[e.ID()] = true
		} else if !inSelect {
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
