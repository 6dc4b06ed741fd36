package governance

import (
	"fmt"
	"math"
	"slices"
	"sync"
	"time"
	"unicode/utf8"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/functions"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/overloads"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"

	"github.com/pmokit/pmokit/pmo"
)

// Native plans: a boolean program evaluated without cel-go's interpreter.
//
// A native plan is the program's checked expression compiled into Go
// closures over the typed schema: a field read is a call of the field's
// typed getter (schema.go), a comparison of two strings is a Go
// comparison, a comprehension over an entity list is a loop over the
// slice. Functions are called through the very bindings cel-go calls
// (the environment's, standard and host alike), with cel-go's strictness
// and operand-trait checks, so a native plan evaluates the same
// operations as cel-go's interpreter in the same order.
//
// A native evaluation either gives the expression's value, exactly the
// value cel-go gives, or says it has none: an error, or a case it does
// not handle at run time (a value of a type it does not expect, an
// equality or guarded call of more than checkWorkAbove units). The engine
// then evaluates the program with cel-go, so every error result, and its
// message, is cel-go's own (activation.eval). The
// plan therefore only has to be exact where it gives a value, and CEL's
// error absorption keeps that so: `false && e`, `true || e`, an exists
// with one true element and an all with one false element are decided
// whatever e is, and "no value" is one of the things e can be.
//
// Native plans run where cel-go's untracked program would: when the
// measured portfolio bounds the expression's cost within the limit
// (budget.go) and the evaluation is not interruptible
// (maxUninterruptedCost), so a native evaluation is bounded as cel-go's
// is. An expression that uses what a plan does not compile (a message, a
// map or struct literal, optional values, two-variable comprehensions,
// late-bound or non-strict functions, a select or index on a dyn value)
// has no plan and always runs on cel-go. nativeStats counts the plans;
// TestNativeMatchesInterpreter and FuzzNativeMatchesInterpreter compare
// the engine with and without them.

// nativePlan is the native form of one boolean program.
type nativePlan struct {
	root  *nnode
	slots int // comprehension variables
	bufs  int // list accumulators
	pool  sync.Pool
}

// nctx is the state of one native evaluation: its worker's for the
// evaluation's depth (nativeStack), or from the plan's pool for an
// evaluation outside a worker (an explanation's variables). Nothing of it
// outlives the evaluation.
type nctx struct {
	a     *activation
	slots []ref.Val   // comprehension variables, by slot
	bufs  [][]ref.Val // the elements of list accumulators, by buffer
}

// eval evaluates the plan on a; ok is false when it gives no value (an
// error, or a case for cel-go), and then a's evaluation must run cel-go.
// A panic gives no value either: cel-go's evaluation reports it.
func (p *nativePlan) eval(a *activation) (v bool, ok bool) {
	var c *nctx
	if w := a.worker; w != nil {
		c = w.native.push(p)
		defer w.native.pop()
	} else {
		c, _ = p.pool.Get().(*nctx)
		if c == nil {
			c = new(nctx)
		}
		c.fit(p)
		defer p.pool.Put(c)
	}
	c.a = a
	defer func() {
		if recover() != nil {
			v, ok = false, false
		}
	}()
	return p.root.b(c)
}

// fit gives c the slots and buffers of p. Neither is cleared: a plan
// writes a slot before it reads it, and empties a buffer before it fills
// it.
func (c *nctx) fit(p *nativePlan) {
	if len(c.slots) < p.slots {
		c.slots = make([]ref.Val, p.slots)
	}
	for len(c.bufs) < p.bufs {
		c.bufs = append(c.bufs, nil)
	}
}

// nativeStack is a worker's states of native evaluations, by depth.
type nativeStack struct {
	ctxs  []*nctx
	depth int
}

// push is the state of an evaluation of p one level deeper; pop ends it.
func (s *nativeStack) push(p *nativePlan) *nctx {
	if s.depth == len(s.ctxs) {
		s.ctxs = append(s.ctxs, new(nctx))
	}
	c := s.ctxs[s.depth]
	s.depth++
	c.fit(p)
	return c
}

func (s *nativeStack) pop() { s.depth-- }

// nseq is a list value as native plans iterate it.
type nseq struct {
	v    ref.Val       // the list as a CEL value; nil for an accumulator's buffer
	obj  objSeq        // a list of schema structs
	lst  traits.Lister // any other CEL list
	vals []ref.Val     // an accumulator's buffer (a filter's or map's result)
	n    int
}

// at is element i.
func (s *nseq) at(i int) ref.Val {
	switch {
	case s.obj != nil:
		return s.obj.elem(i)
	case s.lst != nil:
		return s.lst.Get(types.Int(i))
	}
	return s.vals[i]
}

// seqOf is the list v as an nseq; ok is false when v is not a list.
func seqOf(v ref.Val) (nseq, bool) {
	switch l := v.(type) {
	case objSeq:
		return nseq{v: v, obj: l, n: l.size()}, true
	case traits.Lister:
		n, ok := l.Size().(types.Int)
		return nseq{v: v, lst: l, n: int(n)}, ok
	}
	return nseq{}, false
}

// value is the list as a CEL value; an accumulator's buffer is copied,
// since the buffer is reused.
func (s nseq) value(adapter types.Adapter) ref.Val {
	if s.v != nil {
		return s.v
	}
	return types.NewRefValList(adapter, slices.Clone(s.vals))
}

// nnode is one compiled expression. val is always set; the typed forms
// are set where the expression's static type has one and the node can
// compute it without a CEL value (finish derives the others). An
// error is an error value for val and ok == false for the typed forms.
type nnode struct {
	t     *types.Type
	konst ref.Val // the constant value, for a literal or folded call
	val   func(*nctx) ref.Val
	b     func(*nctx) (bool, bool)
	i     func(*nctx) (int64, bool)
	d     func(*nctx) (float64, bool)
	s     func(*nctx) (string, bool)
	ts    func(*nctx) (time.Time, bool)
	obj   func(*nctx) (any, bool) // the *T of a schema struct
	seq   func(*nctx) (nseq, bool)
}

// errNoValue is the error value of a native evaluation that has no value
// of its own to report (the engine re-evaluates with cel-go).
var errNoValue = types.NewErr("no native value")

// finish derives the forms n lacks from the ones it has.
func (n *nnode) finish() *nnode {
	if n.val == nil {
		switch {
		case n.b != nil:
			b := n.b
			n.val = func(c *nctx) ref.Val {
				v, ok := b(c)
				if !ok {
					return errNoValue
				}
				return types.Bool(v)
			}
		case n.i != nil:
			f := n.i
			n.val = func(c *nctx) ref.Val {
				v, ok := f(c)
				if !ok {
					return errNoValue
				}
				return types.Int(v)
			}
		case n.d != nil:
			f := n.d
			n.val = func(c *nctx) ref.Val {
				v, ok := f(c)
				if !ok {
					return errNoValue
				}
				return types.Double(v)
			}
		case n.s != nil:
			f := n.s
			n.val = func(c *nctx) ref.Val {
				v, ok := f(c)
				if !ok {
					return errNoValue
				}
				return types.String(v)
			}
		case n.ts != nil:
			f := n.ts
			n.val = func(c *nctx) ref.Val {
				v, ok := f(c)
				if !ok {
					return errNoValue
				}
				return types.Timestamp{Time: v}
			}
		default:
			panic("governance: native node without a form")
		}
	}
	val := n.val
	if n.b == nil {
		n.b = func(c *nctx) (bool, bool) {
			v, ok := val(c).(types.Bool)
			return bool(v), ok
		}
	}
	if n.i == nil {
		n.i = func(c *nctx) (int64, bool) {
			v, ok := val(c).(types.Int)
			return int64(v), ok
		}
	}
	if n.d == nil {
		n.d = func(c *nctx) (float64, bool) {
			v, ok := val(c).(types.Double)
			return float64(v), ok
		}
	}
	if n.s == nil {
		n.s = func(c *nctx) (string, bool) {
			v, ok := val(c).(types.String)
			return string(v), ok
		}
	}
	if n.ts == nil {
		n.ts = func(c *nctx) (time.Time, bool) {
			v, ok := val(c).(types.Timestamp)
			return v.Time, ok
		}
	}
	if n.obj == nil {
		n.obj = func(c *nctx) (any, bool) {
			v := val(c)
			if types.IsUnknownOrError(v) {
				return nil, false
			}
			return v.Value(), true
		}
	}
	if n.seq == nil {
		n.seq = func(c *nctx) (nseq, bool) { return seqOf(val(c)) }
	}
	return n
}

// errNotNative says an expression has no native plan, and why (for the
// tests: TestNoNativePlan, TestNativePlanCoverage).
type errNotNative struct{ why string }

func (e errNotNative) Error() string { return "no native plan: " + e.why }

// notNative is an errNotNative with a formatted reason.
func notNative(format string, args ...any) error {
	return errNotNative{fmt.Sprintf(format, args...)}
}

// ncompiler compiles one checked expression.
type ncompiler struct {
	a       *ast.AST
	adapter types.Adapter
	disp    map[string]*functions.Overload // by overload ID and by function name
	g       *guards                        // the guarded calls (library_guard.go)
	slots   int
	bufs    int
}

// nscope binds the comprehension variables in scope to their slots.
type nscope struct {
	name   string
	slot   int
	parent *nscope
}

// lookup is the slot of the innermost variable name.
func (s *nscope) lookup(name string) (int, bool) {
	for ; s != nil; s = s.parent {
		if s.name == name {
			return s.slot, true
		}
	}
	return 0, false
}

// overloadsOf indexes the bindings of env's functions by overload ID and
// by function name, as cel-go's dispatcher does.
func overloadsOf(env *cel.Env) (map[string]*functions.Overload, error) {
	disp := map[string]*functions.Overload{}
	for _, fn := range env.Functions() {
		bs, err := fn.Bindings()
		if err != nil {
			return nil, err
		}
		for _, b := range bs {
			disp[b.Operator] = b
		}
	}
	return disp, nil
}

// newNativePlan compiles a checked boolean expression of env; it returns
// an errNotNative when the expression has no native plan.
func newNativePlan(env *cel.Env, checked *cel.Ast, disp map[string]*functions.Overload, g *guards) (*nativePlan, error) {
	if !checked.OutputType().IsExactType(types.BoolType) {
		return nil, notNative("output type %s", checked.OutputType())
	}
	c := &ncompiler{a: checked.NativeRep(), adapter: env.CELTypeAdapter(), disp: disp, g: g}
	root, err := c.expr(c.a.Expr(), nil)
	if err != nil {
		return nil, err
	}
	return &nativePlan{root: root, slots: c.slots, bufs: c.bufs}, nil
}

// expr compiles e in the scope sc of comprehension variables.
func (c *ncompiler) expr(e ast.Expr, sc *nscope) (*nnode, error) {
	t := c.a.GetType(e.ID())
	if t == nil {
		return nil, notNative("untyped expression %d", e.ID())
	}
	switch e.Kind() {
	case ast.LiteralKind:
		return constNode(t, e.AsLiteral()), nil
	case ast.IdentKind:
		if slot, ok := sc.lookup(e.AsIdent()); ok {
			return slotNode(t, slot), nil
		}
		return c.global(e, t)
	case ast.SelectKind:
		if r, ok := c.a.ReferenceMap()[e.ID()]; ok && r.Name != "" {
			return c.global(e, t)
		}
		return c.selectNode(e, t, sc)
	case ast.CallKind:
		return c.call(e, t, sc)
	case ast.ListKind:
		return c.list(e, t, sc)
	case ast.ComprehensionKind:
		return c.comprehension(e, t, sc)
	case ast.MapKind:
		return nil, notNative("map literal")
	case ast.StructKind:
		return nil, notNative("struct literal")
	}
	return nil, notNative("expression kind %d", e.Kind())
}

// constNode is the constant v, with its typed form.
func constNode(t *types.Type, v ref.Val) *nnode {
	n := &nnode{t: t, konst: v, val: func(*nctx) ref.Val { return v }}
	switch x := v.(type) {
	case types.Bool:
		n.b = func(*nctx) (bool, bool) { return bool(x), true }
	case types.Int:
		n.i = func(*nctx) (int64, bool) { return int64(x), true }
	case types.Double:
		n.d = func(*nctx) (float64, bool) { return float64(x), true }
	case types.String:
		n.s = func(*nctx) (string, bool) { return string(x), true }
	case types.Timestamp:
		n.ts = func(*nctx) (time.Time, bool) { return x.Time, true }
	}
	if s, ok := seqOf(v); ok {
		n.seq = func(*nctx) (nseq, bool) { return s, true }
	}
	return n.finish()
}

// slotNode reads a comprehension variable: an element of the range, or
// the accumulator (which may be an error, cel.bind's).
func slotNode(t *types.Type, slot int) *nnode {
	return (&nnode{t: t,
		val: func(c *nctx) ref.Val { return c.slots[slot] },
		obj: func(c *nctx) (any, bool) {
			v := c.slots[slot]
			if _, bad := v.(*types.Err); bad {
				return nil, false
			}
			return v.Value(), true
		},
	}).finish()
}

// global compiles a reference to a variable or constant of the
// environment (an identifier, or a select the checker resolved to a
// qualified name such as variables.x or params.y).
func (c *ncompiler) global(e ast.Expr, t *types.Type) (*nnode, error) {
	r, ok := c.a.ReferenceMap()[e.ID()]
	if !ok || r.Name == "" {
		return nil, notNative("unresolved identifier")
	}
	if r.Value != nil {
		return constNode(t, r.Value), nil
	}
	adapter := c.adapter
	name := r.Name
	var val func(*nctx) ref.Val
	switch name {
	case "project":
		val = func(c *nctx) ref.Val { return orNoValue(c.a.project) }
	case "change":
		val = func(c *nctx) ref.Val { return orNoValue(c.a.change) }
	case "gate":
		val = func(c *nctx) ref.Val { return orNoValue(c.a.gate) }
	case "portfolio":
		val = func(c *nctx) ref.Val { return c.a.ev.pfVal }
	case "now":
		val = func(c *nctx) ref.Val { return c.a.ev.now }
	default:
		val = func(c *nctx) ref.Val {
			v, ok := c.a.ResolveName(name)
			if !ok {
				return errNoValue
			}
			if rv, ok := v.(ref.Val); ok {
				return rv
			}
			return adapter.NativeToValue(v)
		}
	}
	n := &nnode{t: t, val: val}
	switch name {
	case "project":
		n.obj = func(c *nctx) (any, bool) {
			o, ok := c.a.project.(objRef[pmo.Project])
			return o.p, ok
		}
	case "portfolio":
		n.obj = func(c *nctx) (any, bool) { return c.a.ev.pf, true } // pfVal's Value
	}
	if name == "now" {
		n.ts = func(c *nctx) (time.Time, bool) {
			ts, ok := c.a.ev.now.(types.Timestamp)
			return ts.Time, ok
		}
	}
	return n.finish(), nil
}

// orNoValue is v, or no value for an unset variable (cel-go: no such
// attribute).
func orNoValue(v ref.Val) ref.Val {
	if v == nil {
		return errNoValue
	}
	return v
}

// selectNode compiles a field read or a has() test on a schema struct or
// a map.
func (c *ncompiler) selectNode(e ast.Expr, t *types.Type, sc *nscope) (*nnode, error) {
	sel := e.AsSelect()
	op, err := c.expr(sel.Operand(), sc)
	if err != nil {
		return nil, err
	}
	field := sel.FieldName()
	switch op.t.Kind() {
	case types.StructKind:
		st, ok := schema().byName[op.t.TypeName()]
		if !ok {
			return nil, notNative("select on %s", op.t)
		}
		ft, ok := st.fields[field]
		if !ok {
			return nil, notNative("no field %s.%s", st.name, field)
		}
		obj := op.obj
		if sel.IsTestOnly() {
			return (&nnode{t: t, b: func(c *nctx) (bool, bool) {
				o, ok := obj(c)
				if !ok {
					return false, false
				}
				return ft.IsSet(o), true
			}}).finish(), nil
		}
		n := &nnode{t: t, val: func(c *nctx) ref.Val {
			o, ok := obj(c)
			if !ok {
				return errNoValue
			}
			v, err := ft.GetFrom(o)
			if err != nil {
				return errNoValue
			}
			return v.(ref.Val)
		}}
		g := st.getters[field]
		switch {
		case g.str != nil:
			n.s = func(c *nctx) (string, bool) {
				o, ok := obj(c)
				if !ok {
					return "", false
				}
				return g.str(o)
			}
		case g.i != nil:
			n.i = func(c *nctx) (int64, bool) {
				o, ok := obj(c)
				if !ok {
					return 0, false
				}
				return g.i(o)
			}
		case g.d != nil:
			n.d = func(c *nctx) (float64, bool) {
				o, ok := obj(c)
				if !ok {
					return 0, false
				}
				return g.d(o)
			}
		case g.b != nil:
			n.b = func(c *nctx) (bool, bool) {
				o, ok := obj(c)
				if !ok {
					return false, false
				}
				return g.b(o)
			}
		case g.ts != nil:
			n.ts = func(c *nctx) (time.Time, bool) {
				o, ok := obj(c)
				if !ok {
					return time.Time{}, false
				}
				return g.ts(o)
			}
		}
		return n.finish(), nil
	case types.MapKind:
		val := op.val
		key := types.String(field)
		if sel.IsTestOnly() {
			return (&nnode{t: t, b: func(c *nctx) (bool, bool) {
				m, ok := val(c).(traits.Mapper)
				if !ok {
					return false, false
				}
				_, found := m.Find(key)
				return found, true
			}}).finish(), nil
		}
		return (&nnode{t: t, val: func(c *nctx) ref.Val { return lookup(val(c), key) }}).finish(), nil
	}
	return nil, notNative("select on %s", op.t)
}

// list compiles a list literal; a list of constants is a constant.
func (c *ncompiler) list(e ast.Expr, t *types.Type, sc *nscope) (*nnode, error) {
	l := e.AsList()
	if len(l.OptionalIndices()) > 0 {
		return nil, notNative("optional list elements")
	}
	elems := make([]*nnode, len(l.Elements()))
	konst := true
	for i, x := range l.Elements() {
		n, err := c.expr(x, sc)
		if err != nil {
			return nil, err
		}
		elems[i] = n
		konst = konst && n.konst != nil
	}
	adapter := c.adapter
	if konst {
		vals := make([]ref.Val, len(elems))
		for i, n := range elems {
			vals[i] = n.konst
		}
		return constNode(t, types.NewRefValList(adapter, vals)), nil
	}
	return (&nnode{t: t, val: func(c *nctx) ref.Val {
		vals := make([]ref.Val, len(elems))
		for i, n := range elems {
			v := n.val(c)
			if types.IsUnknownOrError(v) {
				return v
			}
			vals[i] = v
		}
		return types.NewRefValList(adapter, vals)
	}}).finish(), nil
}

// comprehension compiles a one-variable comprehension (the macros all,
// exists, exists_one, filter and map, and cel.bind) as cel-go's
// interpreter runs it (interpreter.evalFold): the range is evaluated
// first; for each element the loop condition, then the step; the result
// with the accumulator (the iteration variable out of scope). A loop
// condition that is not true stops the loop, and one that errs makes the
// comprehension an error. A list accumulator that starts empty and grows
// by one element a step (filter, map) appends to a buffer of the plan.
func (c *ncompiler) comprehension(e ast.Expr, t *types.Type, sc *nscope) (*nnode, error) {
	comp := e.AsComprehension()
	if comp.HasIterVar2() {
		return nil, notNative("two-variable comprehension")
	}
	rng, err := c.expr(comp.IterRange(), sc)
	if err != nil {
		return nil, err
	}
	if k := rng.t.Kind(); k != types.ListKind {
		return nil, notNative("comprehension over %s", rng.t)
	}
	accu := c.slots
	iter := c.slots + 1
	c.slots += 2
	inner := &nscope{name: comp.IterVar(), slot: iter, parent: &nscope{name: comp.AccuVar(), slot: accu, parent: sc}}
	// filter, map and the quantifiers need neither the accumulator's
	// initial value nor the loop condition: their shapes fix both.
	if elem, pred, ok := c.appendStep(comp); ok {
		return c.appendComprehension(t, rng, elem, pred, iter, inner)
	}
	if q, pred := quantifierOf(comp); q != notQuantifier {
		return c.quantifier(t, q, rng, pred, iter, inner)
	}
	init, err := c.expr(comp.AccuInit(), sc)
	if err != nil {
		return nil, err
	}
	cond, err := c.expr(comp.LoopCondition(), inner)
	if err != nil {
		return nil, err
	}
	step, err := c.expr(comp.LoopStep(), inner)
	if err != nil {
		return nil, err
	}
	result, err := c.expr(comp.Result(), &nscope{name: comp.AccuVar(), slot: accu, parent: sc})
	if err != nil {
		return nil, err
	}
	rseq, condB, stepV, initV := rng.seq, cond.b, step.val, init.val
	// loop leaves the accumulator in its slot; false: no value.
	loop := func(c *nctx) bool {
		s, ok := rseq(c)
		if !ok {
			return false
		}
		c.slots[accu] = initV(c)
		for i := 0; i < s.n; i++ {
			c.slots[iter] = s.at(i)
			more, ok := condB(c)
			if !ok {
				return false // cel-go: an interrupted fold
			}
			if !more {
				break
			}
			c.slots[accu] = stepV(c)
		}
		c.slots[iter] = nil
		return true
	}
	rv, rb := result.val, result.b
	n := &nnode{t: t, val: func(c *nctx) ref.Val {
		if !loop(c) {
			return errNoValue
		}
		return rv(c)
	}}
	if t.IsExactType(types.BoolType) {
		// all, exists: read the result without boxing it
		n.b = func(c *nctx) (bool, bool) {
			if !loop(c) {
				return false, false
			}
			return rb(c)
		}
	}
	return n.finish(), nil
}

// quantifierKind is one of the quantifier macros, recognised by the
// comprehension cel-go's parser expands it to.
type quantifierKind int

const (
	notQuantifier quantifierKind = iota
	quantAll
	quantExists
	quantExistsOne
)

// quantifierOf recognises the expansion of all(x, p), exists(x, p) and
// exists_one(x, p) (cel-go's parser.MakeAll, MakeExists, MakeExistsOne)
// and returns p; p must not read the accumulator (the parser's hidden
// @result cannot be written in a rule, but a comprehension of another
// origin is checked all the same).
//
//	all:        init true,  condition @not_strictly_false(@result),  step @result && p, result @result
//	exists:     init false, condition @not_strictly_false(!@result), step @result || p, result @result
//	exists_one: init 0,     condition true, step p ? @result + 1 : @result, result @result == 1
func quantifierOf(comp ast.ComprehensionExpr) (quantifierKind, ast.Expr) {
	accu := comp.AccuVar()
	isAccu := func(e ast.Expr) bool { return e.Kind() == ast.IdentKind && e.AsIdent() == accu }
	call := func(e ast.Expr, fn string, n int) []ast.Expr {
		if e.Kind() != ast.CallKind || e.AsCall().FunctionName() != fn || e.AsCall().IsMemberFunction() || len(e.AsCall().Args()) != n {
			return nil
		}
		return e.AsCall().Args()
	}
	literal := func(e ast.Expr, v ref.Val) bool {
		return e.Kind() == ast.LiteralKind && e.AsLiteral().Equal(v) == types.True && e.AsLiteral().Type() == v.Type()
	}
	readsAccu := func(e ast.Expr) bool { return refersTo(e, accu) }
	kind, pred := notQuantifier, ast.Expr(nil)
	switch init := comp.AccuInit(); {
	case literal(init, types.True), literal(init, types.False):
		all := literal(init, types.True)
		cond := call(comp.LoopCondition(), operators.NotStrictlyFalse, 1)
		if cond == nil {
			break
		}
		op := operators.LogicalAnd
		if all {
			if !isAccu(cond[0]) {
				break
			}
		} else {
			not := call(cond[0], operators.LogicalNot, 1)
			if not == nil || !isAccu(not[0]) {
				break
			}
			op = operators.LogicalOr
		}
		step := call(comp.LoopStep(), op, 2)
		if step == nil || !isAccu(step[0]) || !isAccu(comp.Result()) {
			break
		}
		kind, pred = quantExists, step[1]
		if all {
			kind = quantAll
		}
	case literal(init, types.IntZero):
		if !literal(comp.LoopCondition(), types.True) {
			break
		}
		step := call(comp.LoopStep(), operators.Conditional, 3)
		res := call(comp.Result(), operators.Equals, 2)
		if step == nil || res == nil || !isAccu(res[0]) || !literal(res[1], types.IntOne) || !isAccu(step[2]) {
			break
		}
		inc := call(step[1], operators.Add, 2)
		if inc == nil || !isAccu(inc[0]) || !literal(inc[1], types.IntOne) {
			break
		}
		kind, pred = quantExistsOne, step[0]
	}
	if kind == notQuantifier || readsAccu(pred) {
		return notQuantifier, nil
	}
	return kind, pred
}

// refersTo reports whether e reads the variable name where it is free: a
// comprehension inside e that binds the same name (every macro's
// accumulator is @result) hides it in its loop, and its accumulator in
// its result too.
func refersTo(e ast.Expr, name string) bool {
	some := func(es ...ast.Expr) bool {
		for _, x := range es {
			if refersTo(x, name) {
				return true
			}
		}
		return false
	}
	switch e.Kind() {
	case ast.IdentKind:
		return e.AsIdent() == name
	case ast.SelectKind:
		return refersTo(e.AsSelect().Operand(), name)
	case ast.CallKind:
		call := e.AsCall()
		if call.IsMemberFunction() && refersTo(call.Target(), name) {
			return true
		}
		return some(call.Args()...)
	case ast.ListKind:
		return some(e.AsList().Elements()...)
	case ast.MapKind:
		for _, en := range e.AsMap().Entries() {
			if en.Kind() == ast.MapEntryKind && some(en.AsMapEntry().Key(), en.AsMapEntry().Value()) {
				return true
			}
		}
		return false
	case ast.StructKind:
		for _, f := range e.AsStruct().Fields() {
			if f.Kind() == ast.StructFieldKind && refersTo(f.AsStructField().Value(), name) {
				return true
			}
		}
		return false
	case ast.ComprehensionKind:
		c := e.AsComprehension()
		if some(c.IterRange(), c.AccuInit()) {
			return true
		}
		inLoop := name != c.AccuVar() && name != c.IterVar() && (!c.HasIterVar2() || name != c.IterVar2())
		if inLoop && some(c.LoopCondition(), c.LoopStep()) {
			return true
		}
		return name != c.AccuVar() && refersTo(c.Result(), name)
	}
	return false
}

// quantifier compiles all, exists and exists_one as the loop their
// expansion is. all: false at the first element whose p is false (the
// loop condition stops there), else no value if some p had none (@result
// && error is an error), else true; exists is the same with true and
// false exchanged. exists_one: no value if some p has none (its step is
// strict), else whether exactly one p is true; it visits every element.
func (c *ncompiler) quantifier(t *types.Type, q quantifierKind, rng *nnode, predE ast.Expr, iter int, inner *nscope) (*nnode, error) {
	p, err := c.expr(predE, inner)
	if err != nil {
		return nil, err
	}
	pred, rseq := p.b, rng.seq
	if q == quantExistsOne {
		return (&nnode{t: t, b: func(c *nctx) (bool, bool) {
			s, ok := rseq(c)
			if !ok {
				return false, false
			}
			n := 0
			for i := 0; i < s.n; i++ {
				c.slots[iter] = s.at(i)
				v, ok := pred(c)
				if !ok {
					return false, false
				}
				if v {
					n++
				}
			}
			return n == 1, true
		}}).finish(), nil
	}
	decided := q == quantExists // the value of p that decides the quantifier
	return (&nnode{t: t, b: func(c *nctx) (bool, bool) {
		s, ok := rseq(c)
		if !ok {
			return false, false
		}
		none := false
		for i := 0; i < s.n; i++ {
			c.slots[iter] = s.at(i)
			v, ok := pred(c)
			switch {
			case !ok:
				none = true
			case v == decided:
				return decided, true
			}
		}
		if none {
			return false, false
		}
		return !decided, true
	}}).finish(), nil
}

// appendStep recognises the accumulation of filter and map: an empty list
// literal as the initial value, a step `accu + [elem]` or `pred ? accu +
// [elem] : accu`, and the accumulator as the result, with the loop
// condition true.
func (c *ncompiler) appendStep(comp ast.ComprehensionExpr) (elem, pred ast.Expr, ok bool) {
	isAccu := func(e ast.Expr) bool { return e.Kind() == ast.IdentKind && e.AsIdent() == comp.AccuVar() }
	if init := comp.AccuInit(); init.Kind() != ast.ListKind || len(init.AsList().Elements()) != 0 {
		return nil, nil, false
	}
	if cond := comp.LoopCondition(); cond.Kind() != ast.LiteralKind || cond.AsLiteral() != types.True {
		return nil, nil, false
	}
	if !isAccu(comp.Result()) {
		return nil, nil, false
	}
	add := func(e ast.Expr) (ast.Expr, bool) {
		if e.Kind() != ast.CallKind {
			return nil, false
		}
		call := e.AsCall()
		if call.FunctionName() != operators.Add || call.IsMemberFunction() || len(call.Args()) != 2 || !isAccu(call.Args()[0]) {
			return nil, false
		}
		l := call.Args()[1]
		if l.Kind() != ast.ListKind || len(l.AsList().Elements()) != 1 || len(l.AsList().OptionalIndices()) > 0 {
			return nil, false
		}
		return l.AsList().Elements()[0], true
	}
	step := comp.LoopStep()
	if x, ok := add(step); ok {
		return x, nil, true
	}
	if step.Kind() == ast.CallKind && step.AsCall().FunctionName() == operators.Conditional && len(step.AsCall().Args()) == 3 {
		args := step.AsCall().Args()
		if x, ok := add(args[1]); ok && isAccu(args[2]) {
			return x, args[0], true
		}
	}
	return nil, nil, false
}

// appendComprehension compiles a filter or map: the elements of the
// range for which pred is true (every element when pred is nil), mapped
// by elem, appended to a buffer. An error of pred or elem makes the list
// an error, as the strict `+` of cel-go's accumulation does.
func (c *ncompiler) appendComprehension(t *types.Type, rng *nnode, elemE, predE ast.Expr, iter int, inner *nscope) (*nnode, error) {
	elem, err := c.expr(elemE, inner)
	if err != nil {
		return nil, err
	}
	var pred func(*nctx) (bool, bool)
	if predE != nil {
		p, err := c.expr(predE, inner)
		if err != nil {
			return nil, err
		}
		pred = p.b
	}
	// The element of a filter is the iteration variable itself.
	identity := elemE.Kind() == ast.IdentKind && elemE.AsIdent() == inner.name
	buf := c.bufs
	c.bufs++
	rseq, elemV, adapter := rng.seq, elem.val, c.adapter
	seq := func(c *nctx) (nseq, bool) {
		s, ok := rseq(c)
		if !ok {
			return nseq{}, false
		}
		out := c.bufs[buf][:0]
		for i := 0; i < s.n; i++ {
			x := s.at(i)
			c.slots[iter] = x
			if pred != nil {
				keep, ok := pred(c)
				if !ok {
					return nseq{}, false
				}
				if !keep {
					continue
				}
			}
			if !identity {
				x = elemV(c)
				if types.IsUnknownOrError(x) {
					return nseq{}, false
				}
			}
			out = append(out, x)
		}
		c.slots[iter] = nil
		c.bufs[buf] = out
		return nseq{vals: out, n: len(out)}, true
	}
	return (&nnode{t: t, seq: seq, val: func(c *nctx) ref.Val {
		s, ok := seq(c)
		if !ok {
			return errNoValue
		}
		return s.value(adapter)
	}}).finish(), nil
}

// call compiles a function call: the logical operators and the
// comparisons of scalars natively, every other function through its
// binding.
func (c *ncompiler) call(e ast.Expr, t *types.Type, sc *nscope) (*nnode, error) {
	call := e.AsCall()
	fn := call.FunctionName()
	var argE []ast.Expr
	if call.IsMemberFunction() {
		argE = append(argE, call.Target())
	}
	argE = append(argE, call.Args()...)
	args := make([]*nnode, len(argE))
	for i, x := range argE {
		n, err := c.expr(x, sc)
		if err != nil {
			return nil, err
		}
		args[i] = n
	}
	overload := ""
	if r, ok := c.a.ReferenceMap()[e.ID()]; ok && len(r.OverloadIDs) == 1 {
		overload = r.OverloadIDs[0]
	}
	switch fn {
	case operators.LogicalAnd, operators.LogicalOr:
		if len(args) != 2 {
			return nil, notNative("%s of %d operands", fn, len(args))
		}
		return logical(t, fn == operators.LogicalOr, args[0].b, args[1].b), nil
	case operators.LogicalNot:
		x := args[0].b
		return (&nnode{t: t, b: func(c *nctx) (bool, bool) {
			v, ok := x(c)
			return !v, ok
		}}).finish(), nil
	case operators.NotStrictlyFalse:
		x := args[0].b
		return (&nnode{t: t, b: func(c *nctx) (bool, bool) {
			v, ok := x(c)
			return v || !ok, true
		}}).finish(), nil
	case operators.Conditional:
		return conditional(t, args[0].b, args[1], args[2]), nil
	case operators.Equals, operators.NotEquals:
		return c.equality(t, fn, args[0], args[1]), nil
	case operators.Index:
		return c.index(t, args[0], args[1])
	case operators.OptIndex, operators.OptSelect:
		return nil, notNative("optional values")
	}
	if n := c.guarded(t, fn, overload, args); n != nil {
		return n, nil
	}
	if n := nativeOp(t, overload, args); n != nil {
		return n, nil
	}
	return c.bound(t, fn, overload, args)
}

// logical is && (or false) and || (or true): the first operand that
// decides the result decides it, whichever side it is on; two operands
// that do not, and one without a value, give no value.
func logical(t *types.Type, or bool, l, r func(*nctx) (bool, bool)) *nnode {
	return (&nnode{t: t, b: func(c *nctx) (bool, bool) {
		lv, lok := l(c)
		if lok && lv == or {
			return or, true
		}
		rv, rok := r(c)
		if rok && rv == or {
			return or, true
		}
		if lok && rok {
			return !or, true
		}
		return false, false
	}}).finish()
}

func conditional(t *types.Type, cond func(*nctx) (bool, bool), yes, no *nnode) *nnode {
	pick := func(c *nctx) (*nnode, bool) {
		v, ok := cond(c)
		if !ok {
			return nil, false
		}
		if v {
			return yes, true
		}
		return no, true
	}
	n := &nnode{t: t, val: func(c *nctx) ref.Val {
		x, ok := pick(c)
		if !ok {
			return errNoValue
		}
		return x.val(c)
	}}
	if t.IsExactType(types.BoolType) {
		n.b = func(c *nctx) (bool, bool) {
			x, ok := pick(c)
			if !ok {
				return false, false
			}
			return x.b(c)
		}
	}
	return n.finish()
}

// sameScalar returns the kind both operands have statically when it is
// one native comparisons handle, and 0 otherwise.
func sameScalar(l, r *nnode) types.Kind {
	k := l.t.Kind()
	if r.t.Kind() != k || !l.t.IsExactType(r.t) {
		return 0
	}
	switch k {
	case types.BoolKind, types.IntKind, types.DoubleKind, types.StringKind, types.TimestampKind:
		return k
	}
	return 0
}

// equality is == (fn) or !=: native for two operands of the same scalar
// type, else the engine's strict equality (strictEqual) as its decorator
// computes it (library_guard.go). An equality of more than
// checkWorkAbove units gives no value: in cel-go's untracked program it
// attaches a cost tracker (guards.tracker), which native plans do not
// keep.
func (c *ncompiler) equality(t *types.Type, fn string, l, r *nnode) *nnode {
	var eq func(*nctx) (bool, bool)
	switch sameScalar(l, r) {
	case types.BoolKind:
		eq = compare2(l.b, r.b, func(x, y bool) bool { return x == y })
	case types.IntKind:
		eq = compare2(l.i, r.i, func(x, y int64) bool { return x == y })
	case types.DoubleKind:
		eq = compare2(l.d, r.d, func(x, y float64) bool { return x == y })
	case types.StringKind:
		eq = compare2(l.s, r.s, func(x, y string) bool { return x == y })
	case types.TimestampKind:
		eq = compare2(l.ts, r.ts, func(x, y time.Time) bool { return x.Equal(y) })
	default:
		lv, rv, name, limit := l.val, r.val, displayName(fn), c.g.limit
		eq = func(c *nctx) (bool, bool) {
			x := lv(c)
			if types.IsUnknownOrError(x) {
				return false, false
			}
			y := rv(c)
			if types.IsUnknownOrError(y) {
				return false, false
			}
			res, work := strictEqual(name, x, y, limit)
			if work > checkWorkAbove {
				return false, false
			}
			b, ok := res.(types.Bool)
			return bool(b), ok
		}
	}
	if fn == operators.Equals {
		return (&nnode{t: t, b: eq}).finish()
	}
	return (&nnode{t: t, b: func(c *nctx) (bool, bool) {
		v, ok := eq(c)
		return !v, ok
	}}).finish()
}

// guarded compiles a call of a guarded function as the guards' decorator
// runs it (guardedCall): the arguments (strict), the bound of its work
// (refused: no value), the guard's implementation or the binding it
// found, without an operand-trait check. A call of more than
// checkWorkAbove units gives no value (cel-go checks the context and
// attaches a cost tracker there). It returns nil when fn is not guarded.
func (c *ncompiler) guarded(t *types.Type, fn, overload string, args []*nnode) *nnode {
	spec, ok := c.g.specs[fn]
	if !ok {
		return nil
	}
	impl := c.g.impls[overload]
	if impl == nil {
		impl = c.g.impls[fn]
	}
	if impl == nil && spec.impl == nil {
		return nil // not bound in this environment: not decorated
	}
	vals := make([]func(*nctx) ref.Val, len(args))
	for i, a := range args {
		vals[i] = a.val
	}
	limit := c.g.limit
	return (&nnode{t: t, val: func(c *nctx) ref.Val {
		var buf [3]ref.Val
		in := buf[:0]
		for _, v := range vals {
			x := v(c)
			if types.IsUnknownOrError(x) {
				return x
			}
			in = append(in, x)
		}
		work := uint64(1)
		if spec.work != nil {
			w, refused := spec.work(in, limit)
			if refused != nil || w > limit {
				return errNoValue
			}
			work = max(w, 1)
		}
		if work > checkWorkAbove {
			return errNoValue
		}
		switch {
		case spec.impl != nil:
			res, done := spec.impl(in, limit)
			if done > checkWorkAbove {
				return errNoValue
			}
			return res
		case len(in) == 1 && impl.Unary != nil:
			return impl.Unary(in[0])
		case len(in) == 2 && impl.Binary != nil:
			return impl.Binary(in[0], in[1])
		case impl.Function != nil:
			return impl.Function(in...)
		}
		return errNoValue
	}}).finish()
}

// compare2 evaluates both operands, the left first, and compares them;
// either without a value gives none.
func compare2[V any](l, r func(*nctx) (V, bool), op func(x, y V) bool) func(*nctx) (bool, bool) {
	return func(c *nctx) (bool, bool) {
		x, ok := l(c)
		if !ok {
			return false, false
		}
		y, ok := r(c)
		if !ok {
			return false, false
		}
		return op(x, y), true
	}
}

// nativeOp compiles the standard overloads on scalars that native plans
// compute without a CEL value: the orderings of ints, doubles, strings
// and timestamps, double arithmetic, int to double and size. It returns
// nil for any other overload.
func nativeOp(t *types.Type, overload string, args []*nnode) *nnode {
	b := func(f func(*nctx) (bool, bool)) *nnode { return (&nnode{t: t, b: f}).finish() }
	d := func(f func(*nctx) (float64, bool)) *nnode { return (&nnode{t: t, d: f}).finish() }
	// A comparison with a NaN is false in Go, as cel-go's standard
	// library makes it (its ordering functions test for NaN first).
	cmpD := func(op func(x, y float64) bool) *nnode { return b(compare2(args[0].d, args[1].d, op)) }
	arithD := func(op func(x, y float64) float64) *nnode {
		l, r := args[0].d, args[1].d
		return d(func(c *nctx) (float64, bool) {
			x, ok := l(c)
			if !ok {
				return 0, false
			}
			y, ok := r(c)
			if !ok {
				return 0, false
			}
			return op(x, y), true
		})
	}
	switch overload {
	case overloads.LessInt64:
		return b(compare2(args[0].i, args[1].i, func(x, y int64) bool { return x < y }))
	case overloads.LessEqualsInt64:
		return b(compare2(args[0].i, args[1].i, func(x, y int64) bool { return x <= y }))
	case overloads.GreaterInt64:
		return b(compare2(args[0].i, args[1].i, func(x, y int64) bool { return x > y }))
	case overloads.GreaterEqualsInt64:
		return b(compare2(args[0].i, args[1].i, func(x, y int64) bool { return x >= y }))
	case overloads.LessString:
		return b(compare2(args[0].s, args[1].s, func(x, y string) bool { return x < y }))
	case overloads.LessEqualsString:
		return b(compare2(args[0].s, args[1].s, func(x, y string) bool { return x <= y }))
	case overloads.GreaterString:
		return b(compare2(args[0].s, args[1].s, func(x, y string) bool { return x > y }))
	case overloads.GreaterEqualsString:
		return b(compare2(args[0].s, args[1].s, func(x, y string) bool { return x >= y }))
	case overloads.LessTimestamp:
		return b(compare2(args[0].ts, args[1].ts, time.Time.Before))
	case overloads.LessEqualsTimestamp:
		return b(compare2(args[0].ts, args[1].ts, func(x, y time.Time) bool { return !x.After(y) }))
	case overloads.GreaterTimestamp:
		return b(compare2(args[0].ts, args[1].ts, time.Time.After))
	case overloads.GreaterEqualsTimestamp:
		return b(compare2(args[0].ts, args[1].ts, func(x, y time.Time) bool { return !x.Before(y) }))
	case overloads.LessDouble:
		return cmpD(func(x, y float64) bool { return x < y })
	case overloads.LessEqualsDouble:
		return cmpD(func(x, y float64) bool { return x <= y })
	case overloads.GreaterDouble:
		return cmpD(func(x, y float64) bool { return x > y })
	case overloads.GreaterEqualsDouble:
		return cmpD(func(x, y float64) bool { return x >= y })
	case overloads.AddDouble:
		return arithD(func(x, y float64) float64 { return x + y })
	case overloads.SubtractDouble:
		return arithD(func(x, y float64) float64 { return x - y })
	case overloads.MultiplyDouble:
		return arithD(func(x, y float64) float64 { return x * y })
	case overloads.DivideDouble:
		return arithD(func(x, y float64) float64 { return x / y })
	case overloads.IntToDouble:
		x := args[0].i
		return d(func(c *nctx) (float64, bool) {
			v, ok := x(c)
			return float64(v), ok
		})
	case overloads.AddTimestampDuration, overloads.SubtractTimestampDuration:
		x, y, neg := args[0].ts, args[1].val, overload == overloads.SubtractTimestampDuration
		return (&nnode{t: t, ts: func(c *nctx) (time.Time, bool) {
			tv, ok := x(c)
			if !ok {
				return time.Time{}, false
			}
			d, ok := y(c).(types.Duration)
			if !ok {
				return time.Time{}, false
			}
			return addDuration(tv, d.Duration, neg)
		}}).finish()
	case "days_between_timestamp_timestamp", "working_days_timestamp_timestamp": // library_dates.go
		count := daysBetween
		if overload == "working_days_timestamp_timestamp" {
			count = workingDays
		}
		x, y := args[0].ts, args[1].ts
		return (&nnode{t: t, i: func(c *nctx) (int64, bool) {
			a, ok := x(c)
			if !ok {
				return 0, false
			}
			b, ok := y(c)
			if !ok {
				return 0, false
			}
			return count(a, b), true
		}}).finish()
	case "less_money_money", "less_equals_money_money", "greater_money_money", "greater_equals_money_money": // library_money.go
		// moneyCompare without its error: amounts of two currencies (an
		// error in cel-go, with a message to format) give no value.
		ops := map[string]func(int) bool{
			"less_money_money":           func(c int) bool { return c < 0 },
			"less_equals_money_money":    func(c int) bool { return c <= 0 },
			"greater_money_money":        func(c int) bool { return c > 0 },
			"greater_equals_money_money": func(c int) bool { return c >= 0 },
		}
		x, y, op := args[0].val, args[1].val, ops[overload]
		return b(func(c *nctx) (bool, bool) {
			l, ok := x(c).(moneyRef)
			if !ok {
				return false, false
			}
			r, ok := y(c).(moneyRef)
			if !ok {
				return false, false
			}
			ma, mb := align(l.money(), r.money())
			if ma.Currency != mb.Currency {
				return false, false
			}
			return op(cmpDecimal(ma.Amount, mb.Amount)), true
		})
	case "money_currency": // library_money.go
		x := args[0].val
		return (&nnode{t: t, s: func(c *nctx) (string, bool) {
			m, ok := x(c).(moneyRef)
			return m.money().Currency, ok
		}}).finish()
	case "multiply_money_double", "multiply_money_int": // moneyScale, by a constant factor converted once
		if args[1].konst == nil {
			return nil
		}
		f, ok := factor(args[1].konst)
		if !ok {
			return nil
		}
		x := args[0].val
		return (&nnode{t: t, val: func(c *nctx) ref.Val {
			m, ok := x(c).(moneyRef)
			if !ok {
				return errNoValue
			}
			return newMoney(m.money().Mul(f))
		}}).finish()
	case overloads.SizeList, overloads.SizeListInst:
		x := args[0].seq
		return (&nnode{t: t, i: func(c *nctx) (int64, bool) {
			s, ok := x(c)
			return int64(s.n), ok
		}}).finish()
	case overloads.SizeString, overloads.SizeStringInst:
		x := args[0].s
		return (&nnode{t: t, i: func(c *nctx) (int64, bool) {
			s, ok := x(c)
			return int64(utf8.RuneCountInString(s)), ok
		}}).finish()
	}
	return nil
}

// CEL's range of timestamps in seconds from the Unix epoch: years 1 to
// 9999 (cel-go's types.minUnixTime and maxUnixTime).
const (
	minUnixTime int64 = -62135596800
	maxUnixTime int64 = 253402300799
)

// addDuration is t + d (t - d with neg) as cel-go computes it
// (types.Timestamp's Add and Subtract): the instant in t's location,
// without a monotonic reading; ok is false where cel-go errs (the result
// out of CEL's range, -d overflowing) and for a t so far out of range
// that Go's Add would saturate.
func addDuration(t time.Time, d time.Duration, neg bool) (time.Time, bool) {
	if neg {
		if d == math.MinInt64 {
			return time.Time{}, false
		}
		d = -d
	}
	if u := t.Unix(); u < minUnixTime-1<<40 || u > maxUnixTime+1<<40 {
		return time.Time{}, false
	}
	r := t.Add(d)
	sec := r.Unix()
	if sec < minUnixTime || sec > maxUnixTime {
		return time.Time{}, false
	}
	return time.Unix(sec, int64(r.Nanosecond())).In(t.Location()), true
}

// index compiles l[i] on a list and m[k] on a map, as cel-go's attribute
// qualifiers read them (an index out of range or a missing key is an
// error); other indexes have no native plan.
func (c *ncompiler) index(t *types.Type, op, key *nnode) (*nnode, error) {
	switch {
	case op.t.Kind() == types.ListKind && key.t.Kind() == types.IntKind:
		seq, idx := op.seq, key.i
		return (&nnode{t: t, val: func(c *nctx) ref.Val {
			s, ok := seq(c)
			if !ok {
				return errNoValue
			}
			i, ok := idx(c)
			if !ok || i < 0 || i >= int64(s.n) {
				return errNoValue
			}
			return s.at(int(i))
		}}).finish(), nil
	case op.t.Kind() == types.MapKind && key.t.Kind() == types.StringKind:
		m, k := op.val, key.val
		return (&nnode{t: t, val: func(c *nctx) ref.Val {
			mv := m(c)
			if types.IsUnknownOrError(mv) {
				return mv
			}
			kv := k(c)
			if types.IsUnknownOrError(kv) {
				return kv
			}
			return lookup(mv, kv)
		}}).finish(), nil
	}
	return nil, notNative("index of %s by %s", op.t, key.t)
}

// lookup is m[key] (or m.key) on a map as cel-go's attribute qualifiers
// read it (interpreter.refQualify): a map's entry, a missing key an
// error; an indexer's Get.
func lookup(m, key ref.Val) ref.Val {
	switch x := m.(type) {
	case traits.Mapper:
		v, found := x.Find(key)
		if !found {
			return errNoValue
		}
		return v
	case traits.Lister:
		return errNoValue
	case traits.Indexer:
		return x.Get(key)
	}
	return errNoValue
}

// bound compiles a call of a function through its binding, as cel-go's
// interpreter plans it: the overload the checker chose, or the
// function's dispatcher when it chose several; every argument evaluated
// before the call (strict), an error argument being the result; the
// operand trait checked. A call of literal constructors on constants
// (foldableOverloads) is computed once, here.
func (c *ncompiler) bound(t *types.Type, fn, overload string, args []*nnode) (*nnode, error) {
	var impl *functions.Overload
	if overload != "" {
		impl = c.disp[overload]
	}
	if impl == nil {
		impl = c.disp[fn]
	}
	switch {
	case impl == nil:
		return nil, notNative("no binding of %s (%s)", fn, overload)
	case impl.NonStrict, impl.LateBound, impl.Async != nil:
		return nil, notNative("%s is not a strict function", fn)
	}
	trait := impl.OperandTrait
	traitOK := func(v ref.Val) bool { return trait == 0 || v.Type().HasTrait(trait) }
	var fold func(vals []ref.Val) ref.Val // the call on constants
	var node *nnode
	switch {
	case len(args) == 0 && impl.Function != nil:
		f := impl.Function
		fold = func([]ref.Val) ref.Val { return f() }
		node = &nnode{t: t, val: func(*nctx) ref.Val { return f() }}
	case len(args) == 1 && impl.Unary != nil:
		f, x := impl.Unary, args[0].val
		fold = func(v []ref.Val) ref.Val { return f(v[0]) }
		node = &nnode{t: t, val: func(c *nctx) ref.Val {
			a := x(c)
			if types.IsUnknownOrError(a) {
				return a
			}
			if !traitOK(a) {
				return errNoValue
			}
			return f(a)
		}}
	case len(args) == 2 && impl.Binary != nil:
		f, x, y := impl.Binary, args[0].val, args[1].val
		fold = func(v []ref.Val) ref.Val { return f(v[0], v[1]) }
		node = &nnode{t: t, val: func(c *nctx) ref.Val {
			a := x(c)
			if types.IsUnknownOrError(a) {
				return a
			}
			b := y(c)
			if types.IsUnknownOrError(b) {
				return b
			}
			if !traitOK(a) {
				return errNoValue
			}
			return f(a, b)
		}}
	case len(args) > 0 && impl.Function != nil && (len(args) > 2 || (len(args) == 1 && impl.Unary == nil) || (len(args) == 2 && impl.Binary == nil)):
		f := impl.Function
		fold = func(v []ref.Val) ref.Val { return f(v...) }
		vals := make([]func(*nctx) ref.Val, len(args))
		for i, a := range args {
			vals[i] = a.val
		}
		node = &nnode{t: t, val: func(c *nctx) ref.Val {
			in := make([]ref.Val, len(vals))
			for i, v := range vals {
				x := v(c)
				if types.IsUnknownOrError(x) {
					return x
				}
				in[i] = x
			}
			if !traitOK(in[0]) {
				return errNoValue
			}
			return f(in...)
		}}
	default:
		return nil, notNative("no binding of %s for %d arguments", fn, len(args))
	}
	if foldableOverloads[overload] {
		konst := true
		vals := make([]ref.Val, len(args))
		for i, a := range args {
			konst = konst && a.konst != nil
			vals[i] = a.konst
		}
		if konst {
			if v := fold(vals); !types.IsUnknownOrError(v) {
				return constNode(t, v), nil
			}
		}
	}
	return node.finish(), nil
}

// nativeFor returns the maker of the native plan of a checked
// expression of env (made on first use; nil when it has none), or nil
// when it is not boolean or the engine runs cel-go only.
func nativeFor(e *Engine, env *cel.Env, checked *cel.Ast, disp func() (map[string]*functions.Overload, error)) func() *nativePlan {
	// A host's cel options may add program options (decorators,
	// bindings) a native plan cannot mirror.
	if e.interpretOnly || len(e.celOpts) > 0 || disp == nil || !checked.OutputType().IsExactType(types.BoolType) {
		return nil
	}
	return sync.OnceValue(func() *nativePlan {
		d, err := disp()
		if err != nil {
			return nil
		}
		p, err := newNativePlan(env, checked, d, e.guards)
		if err != nil {
			return nil
		}
		return p
	})
}

// nativeStats reports how many of the set's boolean programs (policy and
// rule conditions, rule expressions) have a native plan, and how many
// there are.
func (s *PolicySet) nativeStats() (native, total int) {
	for _, p := range s.policies {
		progs := []*program{p.when}
		for _, r := range p.rules {
			progs = append(progs, r.when, r.expr)
		}
		for _, pr := range progs {
			if pr == nil {
				continue
			}
			total++
			if pr.nativePlan() != nil {
				native++
			}
		}
	}
	return native, total
}
