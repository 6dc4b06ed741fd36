package governance

import (
	"fmt"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"
)

// The explain program of a rule records the values of the nodes its
// explanation prints, and only those, with a cel-go decorator. The
// decorator places its watchers where cel-go's state tracking
// (cel.OptTrackState, interpreter/decorators.go's decObserveEval) places
// its own: on attributes, whose value is recorded under the attribute's ID
// when it is executed (an ID that changes as qualifiers are added), on the
// qualifiers added to them (a field, an index), recorded under the
// qualifier's ID at each qualification, and on constants. So a node gets
// the value state tracking would have given it, the last one when it is
// evaluated several times (in a comprehension), and no value when it is
// never evaluated (short-circuited). Where state tracking would record a
// node that no explanation prints, nothing is watched.
//
// The watchers are part of a program shared by concurrent explanations, so
// they write nothing of their own: each evaluation's values go to the
// explainActivation it was given, found by name through the frame (cel-go
// says frames are not to be kept, and none is).

// explainRecordName is the name under which an explain activation answers
// with itself; no CEL identifier can be spelt so.
const explainRecordName = "#pmokit.explain"

// explainWatch is the decorator of a plan's explain program: slot maps an
// expression ID to the index of its value in an explainActivation's vals,
// -1 (or beyond its end) when no explanation prints it.
type explainWatch struct {
	slot []int32
	// While the program is planned: the nodes left out, the
	// comprehensions that evaluate their range only (by ID, with their
	// range's ID), the calls that evaluate their operands only (by ID,
	// with their operands' IDs), and the planned nodes they need, by ID
	// (see planBuilder.prune).
	skip    map[int64]bool
	folds   map[int64]int64
	planned map[int64]interpreter.InterpretableV2
	calls   map[int64][]int64
	steps   map[int64]*stepUntil // loop steps, by ID
	// The attributes that need no watcher (see planBuilder.unwatched).
	unwatched map[int64]bool
}

func (w *explainWatch) index(id int64) int32 {
	if id < 0 || id >= int64(len(w.slot)) {
		return -1
	}
	return w.slot[id]
}

// record stores v as the value of node id in the activation's record.
func (w *explainWatch) record(vars interpreter.Activation, id int64, v ref.Val) {
	i := w.index(id)
	if i < 0 {
		return
	}
	found, ok := vars.ResolveName(explainRecordName)
	if !ok {
		return
	}
	if a, ok := found.(*explainActivation); ok && int(i) < len(a.vals) {
		a.vals[i] = v
	}
}

// decorate replaces the planned node i when the explanation needs
// neither its value nor what it reads (see planBuilder.prune), else
// watches it.
func (w *explainWatch) decorate(i interpreter.InterpretableV2) (interpreter.InterpretableV2, error) {
	id := i.ID()
	var out interpreter.InterpretableV2
	if w.skip[id] {
		out = skipNode{id: id}
	} else if r, ok := w.folds[id]; ok {
		rng := w.planned[r]
		if rng == nil {
			return nil, fmt.Errorf("governance: explain: comprehension %d planned before its range %d", id, r)
		}
		out = &rangeOnly{id: id, iterRange: rng}
	} else if ops, ok := w.calls[id]; ok {
		call := &argsOnly{id: id, args: make([]interpreter.InterpretableV2, len(ops))}
		for i, op := range ops {
			if call.args[i] = w.planned[op]; call.args[i] == nil {
				return nil, fmt.Errorf("governance: explain: call %d planned before its operand %d", id, op)
			}
		}
		out = call
	} else {
		var err error
		if out, err = w.watch(i); err != nil {
			return nil, err
		}
	}
	if st, ok := w.steps[id]; ok && st.InterpretableV2 == nil {
		st.InterpretableV2 = out
		out = st
	}
	if _, ok := w.planned[id]; ok {
		w.planned[id] = out
	}
	return out, nil
}

// stepUntil is the step of a loop whose value no explanation needs: it
// evaluates the step until each of the items it reads has its value, and
// then leaves the accumulator as it is.
type stepUntil struct {
	interpreter.InterpretableV2
	accu string  // the accumulator's name
	need []int32 // the value indices of the step's items
}

// Exec implements interpreter.InterpretableV2.
func (s *stepUntil) Exec(frame *interpreter.ExecutionFrame) ref.Val {
	if found, ok := frame.ResolveName(explainRecordName); ok {
		if x, ok := found.(*explainActivation); ok && s.recorded(x.vals) {
			if accu, ok := frame.ResolveName(s.accu); ok {
				if v, ok := accu.(ref.Val); ok {
					return v
				}
			}
		}
	}
	return s.InterpretableV2.Exec(frame)
}

func (s *stepUntil) recorded(vals []ref.Val) bool {
	for _, i := range s.need {
		if int(i) >= len(vals) || vals[i] == nil {
			return false
		}
	}
	return true
}

// Eval implements interpreter.Interpretable.
func (s *stepUntil) Eval(vars interpreter.Activation) ref.Val {
	return interpreter.EvalActivation(vars, s.Exec)
}

// skipNode stands for a part of the expression whose value no
// explanation needs and that reads nothing an explanation prints.
type skipNode struct{ id int64 }

// ID implements interpreter.Interpretable.
func (n skipNode) ID() int64 { return n.id }

// Exec implements interpreter.InterpretableV2.
func (skipNode) Exec(*interpreter.ExecutionFrame) ref.Val { return types.False }

// Eval implements interpreter.Interpretable.
func (skipNode) Eval(interpreter.Activation) ref.Val { return types.False }

// rangeOnly stands for a comprehension whose value no explanation needs
// and whose loop reads nothing an explanation prints: it evaluates the
// range only.
type rangeOnly struct {
	id        int64
	iterRange interpreter.InterpretableV2
}

// ID implements interpreter.Interpretable.
func (n *rangeOnly) ID() int64 { return n.id }

// Exec implements interpreter.InterpretableV2.
func (n *rangeOnly) Exec(frame *interpreter.ExecutionFrame) ref.Val {
	n.iterRange.Exec(frame)
	return types.False
}

// Eval implements interpreter.Interpretable.
func (n *rangeOnly) Eval(vars interpreter.Activation) ref.Val {
	return interpreter.EvalActivation(vars, n.Exec)
}

// argsOnly stands for an operator whose value no explanation needs: it
// evaluates the operands as the operator would (in order, up to the
// first error), up to the last that reads an item, and does not call.
type argsOnly struct {
	id   int64
	args []interpreter.InterpretableV2
}

// ID implements interpreter.Interpretable.
func (n *argsOnly) ID() int64 { return n.id }

// Exec implements interpreter.InterpretableV2.
func (n *argsOnly) Exec(frame *interpreter.ExecutionFrame) ref.Val {
	for _, a := range n.args {
		if v := a.Exec(frame); types.IsUnknownOrError(v) {
			return v
		}
	}
	return types.False
}

// Eval implements interpreter.Interpretable.
func (n *argsOnly) Eval(vars interpreter.Activation) ref.Val {
	return interpreter.EvalActivation(vars, n.Exec)
}

// watch wraps the planned node i as decObserveEval would, for the nodes
// an explanation may read.
func (w *explainWatch) watch(i interpreter.InterpretableV2) (interpreter.InterpretableV2, error) {
	switch inst := i.(type) {
	case *watchAttr, *watchConst, *watchNode, *stepUntil:
		return i, nil
	case interpreter.InterpretableAttribute:
		// Every attribute is watched, as its ID changes when a select or
		// index adds a qualifier to it: only the ID it ends with counts;
		// but not those rooted in a comprehension variable.
		if !w.unwatched[inst.ID()] {
			return &watchAttr{InterpretableAttribute: inst, w: w}, nil
		}
	case interpreter.InterpretableConst:
		if w.index(inst.ID()) >= 0 {
			return &watchConst{InterpretableConst: inst, w: w}, nil
		}
	case interpreter.InterpretableConstructor:
		// decObserveEval records constructors under their ID; no
		// explanation prints a list, map or message literal.
	default:
		if w.index(inst.ID()) >= 0 {
			return &watchNode{InterpretableV2: inst, w: w}, nil
		}
	}
	return i, nil
}

// watchNode records the value of a node that is neither an attribute nor a
// constant.
type watchNode struct {
	interpreter.InterpretableV2
	w *explainWatch
}

// Exec implements interpreter.InterpretableV2.
func (e *watchNode) Exec(frame *interpreter.ExecutionFrame) ref.Val {
	v := e.InterpretableV2.Exec(frame)
	e.w.record(frame, e.ID(), v)
	return v
}

// Eval implements interpreter.Interpretable.
func (e *watchNode) Eval(vars interpreter.Activation) ref.Val {
	return interpreter.EvalActivation(vars, e.Exec)
}

// watchConst records a constant when it is evaluated.
type watchConst struct {
	interpreter.InterpretableConst
	w *explainWatch
}

// Exec implements interpreter.InterpretableV2.
func (e *watchConst) Exec(frame *interpreter.ExecutionFrame) ref.Val {
	v := e.Value()
	e.w.record(frame, e.ID(), v)
	return v
}

// Eval implements interpreter.Interpretable.
func (e *watchConst) Eval(vars interpreter.Activation) ref.Val {
	return interpreter.EvalActivation(vars, e.Exec)
}

// watchAttr records an attribute's value under the ID it ends with, and
// watches the qualifiers added to it.
type watchAttr struct {
	interpreter.InterpretableAttribute
	w *explainWatch
}

// AddQualifier wraps q in a watcher, as decObserveEval's evalWatchAttr
// does: a watched attribute used as a qualifier (an index computed from
// the data) is unwrapped, its value being recorded at qualification.
func (e *watchAttr) AddQualifier(q interpreter.Qualifier) (interpreter.Attribute, error) {
	adapter := e.Adapter()
	switch qual := q.(type) {
	case interpreter.ConstantQualifier:
		if e.w.index(qual.ID()) >= 0 {
			q = &watchConstQual{ConstantQualifier: qual, w: e.w, adapter: adapter}
		}
	case *watchAttr:
		q = qual.InterpretableAttribute
		if e.w.index(qual.ID()) >= 0 {
			q = &watchAttrQual{Attribute: qual.InterpretableAttribute, w: e.w, adapter: adapter}
		}
	case interpreter.Attribute:
		if e.w.index(qual.ID()) >= 0 {
			q = &watchAttrQual{Attribute: qual, w: e.w, adapter: adapter}
		}
	default:
		if e.w.index(qual.ID()) >= 0 {
			q = &watchQual{Qualifier: qual, w: e.w, adapter: adapter}
		}
	}
	_, err := e.InterpretableAttribute.AddQualifier(q)
	return e, err
}

// Exec implements interpreter.InterpretableV2.
func (e *watchAttr) Exec(frame *interpreter.ExecutionFrame) ref.Val {
	v := e.InterpretableAttribute.Exec(frame)
	e.w.record(frame, e.ID(), v)
	return v
}

// Eval implements interpreter.Interpretable.
func (e *watchAttr) Eval(vars interpreter.Activation) ref.Val {
	return interpreter.EvalActivation(vars, e.Exec)
}

// qualified is the value a qualifier watcher records, as decObserveEval's.
func qualified(adapter types.Adapter, id int64, out any, err error) ref.Val {
	if err != nil {
		return types.LabelErrNode(id, types.WrapErr(err))
	}
	return adapter.NativeToValue(out)
}

// qualifiedIfPresent is the value a qualifier watcher records on a
// presence test; false when it records none.
func qualifiedIfPresent(adapter types.Adapter, id int64, out any, present, presenceOnly bool, err error) (ref.Val, bool) {
	var v ref.Val
	switch {
	case err != nil:
		v = types.LabelErrNode(id, types.WrapErr(err))
	case out != nil:
		v = adapter.NativeToValue(out)
	case presenceOnly:
		v = types.Bool(present)
	}
	return v, present || presenceOnly
}

// watchConstQual watches a field or constant index.
type watchConstQual struct {
	interpreter.ConstantQualifier
	w       *explainWatch
	adapter types.Adapter
}

// Qualify implements interpreter.Qualifier.
func (e *watchConstQual) Qualify(vars interpreter.Activation, obj any) (any, error) {
	out, err := e.ConstantQualifier.Qualify(vars, obj)
	e.w.record(vars, e.ID(), qualified(e.adapter, e.ID(), out, err))
	return out, err
}

// QualifyIfPresent implements interpreter.Qualifier.
func (e *watchConstQual) QualifyIfPresent(vars interpreter.Activation, obj any, presenceOnly bool) (any, bool, error) {
	out, present, err := e.ConstantQualifier.QualifyIfPresent(vars, obj, presenceOnly)
	if v, ok := qualifiedIfPresent(e.adapter, e.ID(), out, present, presenceOnly, err); ok {
		e.w.record(vars, e.ID(), v)
	}
	return out, present, err
}

// watchAttrQual watches an index computed from the data.
type watchAttrQual struct {
	interpreter.Attribute
	w       *explainWatch
	adapter types.Adapter
}

// Qualify implements interpreter.Qualifier.
func (e *watchAttrQual) Qualify(vars interpreter.Activation, obj any) (any, error) {
	out, err := e.Attribute.Qualify(vars, obj)
	e.w.record(vars, e.ID(), qualified(e.adapter, e.ID(), out, err))
	return out, err
}

// QualifyIfPresent implements interpreter.Qualifier.
func (e *watchAttrQual) QualifyIfPresent(vars interpreter.Activation, obj any, presenceOnly bool) (any, bool, error) {
	out, present, err := e.Attribute.QualifyIfPresent(vars, obj, presenceOnly)
	if v, ok := qualifiedIfPresent(e.adapter, e.ID(), out, present, presenceOnly, err); ok {
		e.w.record(vars, e.ID(), v)
	}
	return out, present, err
}

// watchQual watches a qualifier of another kind.
type watchQual struct {
	interpreter.Qualifier
	w       *explainWatch
	adapter types.Adapter
}

// Qualify implements interpreter.Qualifier.
func (e *watchQual) Qualify(vars interpreter.Activation, obj any) (any, error) {
	out, err := e.Qualifier.Qualify(vars, obj)
	e.w.record(vars, e.ID(), qualified(e.adapter, e.ID(), out, err))
	return out, err
}

// QualifyIfPresent implements interpreter.Qualifier.
func (e *watchQual) QualifyIfPresent(vars interpreter.Activation, obj any, presenceOnly bool) (any, bool, error) {
	out, present, err := e.Qualifier.QualifyIfPresent(vars, obj, presenceOnly)
	if v, ok := qualifiedIfPresent(e.adapter, e.ID(), out, present, presenceOnly, err); ok {
		e.w.record(vars, e.ID(), v)
	}
	return out, present, err
}
