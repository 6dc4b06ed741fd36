package governance

// Guards: every call whose work depends on the size of its arguments is
// bounded, metered and interruptible.
//
// cel-go charges a function call after it returns, checks the context only
// between comprehension iterations, and prices some calls by the size of
// their receiver alone (string.format costs the length of the format string
// whatever it prints). A guard replaces each such call node of a program
// (an interpreter decorator, see guardDecorator) with one that
//
//  1. evaluates the arguments,
//  2. computes an upper bound of the call's work from them before doing
//     any (work, in cost units: one per element compared or copied, one per
//     ten bytes scanned or written),
//  3. refuses the call, as an evaluation error, when that bound exceeds the
//     work one call may do (the engine's cost limit, at most maxCallWork),
//  4. checks the evaluation's context before a call of more than
//     checkWorkAbove units, so that a deadline stops the evaluation before
//     the next long call, not after it,
//  5. runs the call and charges its work to the runtime cost tracker.
//
// The same decorator makes == and != strict (see strictEqual): a comparison
// of amounts in different currencies is an error wherever the amounts are,
// inside lists and maps too; and in, distinct and the set functions are
// reimplemented on that equality. The package documentation lists every
// function with its bound.

import (
	"math/bits"
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode/utf8"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/cost"
	"cel.dev/cel-go/common/functions"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/overloads"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
	"cel.dev/cel-go/interpreter"

	"github.com/pmokit/pmokit/pmo"
)

// maxCallWork is the most work, in cost units, that one call of a library
// function may do, whatever the cost limit: cel-go cannot interrupt a call,
// so this bounds how long one runs (about 10 to 50 ms).
const maxCallWork = 1_000_000

// checkWorkAbove is the work above which a call first checks the context.
const checkWorkAbove = 1_000

// maxPatternBytes bounds the length of a regular expression given to
// matches; a longer one is an evaluation error.
const maxPatternBytes = 4096

// guardWorkOverload is the overload ID under which guarded calls charge
// their work to the cost tracker (see workCall).
const guardWorkOverload = "pmokit_guard_work"

// guardSpec describes one guarded function.
type guardSpec struct {
	// work bounds the work of a call on args; an error value refuses it.
	work func(args []ref.Val, limit uint64) (uint64, ref.Val)
	// impl, when set, replaces the function's implementation; it returns
	// the result and the work it did (0: the bound of work).
	impl func(args []ref.Val, limit uint64) (ref.Val, uint64)
}

// guards is the table of guarded functions of an environment and the work
// one call may do.
type guards struct {
	limit     uint64                         // the work one call may do
	costLimit uint64                         // the engine's cost limit of one evaluation
	specs     map[string]*guardSpec          // by function name
	impls     map[string]*functions.Overload // cel-go's bindings, by overload ID and function name
}

// guardSpecs lists the guarded functions by name.
func guardSpecs() map[string]*guardSpec {
	strict := func(w func([]ref.Val, uint64) (uint64, ref.Val), f func([]ref.Val, uint64) (ref.Val, uint64)) *guardSpec {
		return &guardSpec{work: w, impl: f}
	}
	s := map[string]*guardSpec{
		// Standard library.
		overloads.Matches: {work: matchesWork, impl: matchesImpl},
		overloads.Contains: {work: func(a []ref.Val, _ uint64) (uint64, ref.Val) {
			return scan(strLen(a[0]) + strLen(a[1])), nil
		}},
		operators.In:    strict(inWork, inImpl),
		operators.OldIn: strict(inWork, inImpl),
		"in":            strict(inWork, inImpl),
		// Strings extension.
		"indexOf":       {work: searchWork},
		"lastIndexOf":   {work: searchWork},
		"replace":       {work: replaceWork},
		"split":         {work: splitWork},
		"join":          {work: joinWork},
		"format":        {work: formatWork},
		"strings.quote": {work: func(a []ref.Val, _ uint64) (uint64, ref.Val) { return scan(3 * strLen(a[0])), nil }},
		// Lists extension.
		"lists.range": {work: func(a []ref.Val, _ uint64) (uint64, ref.Val) { return intArg(a, 0) + 1, nil }},
		"slice": {work: func(a []ref.Val, _ uint64) (uint64, ref.Val) {
			return max(intArg(a, 2)-min(intArg(a, 1), intArg(a, 2)), 0) + 1, nil
		}},
		"flatten":                   {work: flattenWork},
		"sort":                      {work: func(a []ref.Val, _ uint64) (uint64, ref.Val) { return sortWork(a[0]), nil }},
		"@sortByAssociatedKeys":     {work: func(a []ref.Val, _ uint64) (uint64, ref.Val) { return sortWork(a[1]), nil }},
		"distinct":                  strict(distinctWork, distinctImpl),
		"hasAll":                    strict(pairWork, func(a []ref.Val, l uint64) (ref.Val, uint64) { return setsContains(a[0], a[1], l) }),
		"hasOnly":                   strict(pairWork, func(a []ref.Val, l uint64) (ref.Val, uint64) { return setsContains(a[1], a[0], l) }),
		"hasAny":                    strict(pairWork, func(a []ref.Val, l uint64) (ref.Val, uint64) { return setsIntersects(a[0], a[1], l) }),
		"hasExactly":                strict(pairWork, func(a []ref.Val, l uint64) (ref.Val, uint64) { return setsEquivalent(a[0], a[1], l) }),
		"sets.contains":             strict(pairWork, func(a []ref.Val, l uint64) (ref.Val, uint64) { return setsContains(a[0], a[1], l) }),
		"sets.intersects":           strict(pairWork, func(a []ref.Val, l uint64) (ref.Val, uint64) { return setsIntersects(a[0], a[1], l) }),
		"sets.equivalent":           strict(pairWork, func(a []ref.Val, l uint64) (ref.Val, uint64) { return setsEquivalent(a[0], a[1], l) }),
		"math.@max":                 {work: listArgWork},
		"math.@min":                 {work: listArgWork},
		"reverse":                   {work: func(a []ref.Val, _ uint64) (uint64, ref.Val) { return sizeOf(a[0]) + 1, nil }},
		overloads.TypeConvertString: {work: func(a []ref.Val, _ uint64) (uint64, ref.Val) { return scan(strLen(a[0])), nil }},
		// The PMO library: the functions that scan the portfolio.
		"has_role": {work: func(a []ref.Val, _ uint64) (uint64, ref.Val) { return peopleOf(a[0]) + 1, nil }},
		"approved_by_role": {work: func(a []ref.Val, _ uint64) (uint64, ref.Val) {
			return mulSat(approvalsOf(a[1]), peopleOf(a[0])+1) + 1, nil
		}},
		"approvers": {work: func(a []ref.Val, _ uint64) (uint64, ref.Val) { return approvalsOf(a[0]) + 1, nil }},
		"sum":       {work: func(a []ref.Val, _ uint64) (uint64, ref.Val) { return sizeOf(a[0]) + 1, nil }},
	}
	return s
}

// newGuards returns the guards of an engine with the cost limit.
func newGuards(costLimit uint64) *guards {
	g := &guards{limit: min(costLimit, maxCallWork), costLimit: costLimit, specs: guardSpecs(), impls: map[string]*functions.Overload{}}
	if g.limit == 0 {
		g.limit = maxCallWork
	}
	return g
}

// guardOptions installs the guards on an environment: it must come after
// every library whose functions it guards.
// It fills g's table of bindings.
func guardOptions(g *guards) cel.EnvOption {
	return func(env *cel.Env) (*cel.Env, error) {
		for name, decl := range env.Functions() {
			if _, ok := g.specs[name]; !ok {
				continue
			}
			bindings, err := decl.Bindings()
			if err != nil {
				return nil, err
			}
			for _, b := range bindings {
				g.impls[b.Operator] = b
			}
		}
		return cel.Lib(guardLibrary{g})(env)
	}
}

// guardLibrary adds the guard decorator and the work tracker to programs,
// and the cost model of string.format to the estimator.
type guardLibrary struct{ g *guards }

// CompileOptions implements cel.Library.
func (guardLibrary) CompileOptions() []cel.EnvOption {
	// format writes the format string and every argument: price it by its
	// output, at most the format string plus 512 bytes per argument and
	// the arguments' contents, instead of by the format string alone.
	return []cel.EnvOption{cel.CostModel(cost.MemberOverload("string_format",
		cost.EvalCost(cost.Sum(cost.Const(cost.CallCost), cost.StringScan(cost.Target()), cost.StringScan(cost.Length(cost.Result())))),
		cost.ResultSize(cost.AtMost(cost.Sum(cost.Target(), cost.ElemTotal(cost.Arg(0)), cost.Scale(cost.Length(cost.Arg(0)), 512)))),
	))}
}

// ProgramOptions implements cel.Library.
func (l guardLibrary) ProgramOptions() []cel.ProgramOption {
	return []cel.ProgramOption{
		cel.CustomDecoratorV2(l.g.decorator()),
		cel.CostTrackerOptions(cost.OverloadTracker(guardWorkOverload, chargeWork)),
	}
}

// decorator replaces the call nodes of ==, != and the guarded functions.
func (g *guards) decorator() interpreter.InterpretableDecoratorV2 {
	return func(i interpreter.InterpretableV2) (interpreter.InterpretableV2, error) {
		call, ok := i.(interpreter.InterpretableCall)
		if !ok {
			return i, nil
		}
		switch fn := call.Function(); fn {
		case operators.Equals, operators.NotEquals:
			args := call.Args()
			if len(args) != 2 {
				return i, nil
			}
			return &equalsCall{g: g, id: call.ID(), fn: fn, overload: call.OverloadID(), lhs: args[0], rhs: args[1]}, nil
		default:
			spec, ok := g.specs[fn]
			if !ok {
				return i, nil
			}
			impl := g.impls[call.OverloadID()]
			if impl == nil {
				impl = g.impls[fn]
			}
			if impl == nil && spec.impl == nil {
				return i, nil // not bound in this environment
			}
			return &guardedCall{g: g, id: call.ID(), fn: fn, overload: call.OverloadID(), args: call.Args(), spec: spec, impl: impl}, nil
		}
	}
}

// guardedCall is the call node of a guarded function.
type guardedCall struct {
	g            *guards
	id           int64
	fn, overload string
	args         []interpreter.InterpretableV2
	spec         *guardSpec
	impl         *functions.Overload
}

var _ interpreter.InterpretableCall = (*guardedCall)(nil)

// ID implements interpreter.Interpretable.
func (c *guardedCall) ID() int64 { return c.id }

// Function implements interpreter.InterpretableCall.
func (c *guardedCall) Function() string { return c.fn }

// OverloadID implements interpreter.InterpretableCall.
func (c *guardedCall) OverloadID() string { return c.overload }

// Args implements interpreter.InterpretableCall.
func (c *guardedCall) Args() []interpreter.InterpretableV2 { return c.args }

// Eval implements interpreter.Interpretable.
func (c *guardedCall) Eval(act interpreter.Activation) ref.Val {
	return interpreter.EvalActivation(act, c.Exec)
}

// Exec implements interpreter.InterpretableV2.
func (c *guardedCall) Exec(frame *interpreter.ExecutionFrame) ref.Val {
	var buf [3]ref.Val
	args := buf[:0]
	for _, a := range c.args {
		v := a.Exec(frame)
		if types.IsUnknownOrError(v) {
			return v
		}
		args = append(args, v)
	}
	work := uint64(1)
	if c.spec.work != nil {
		w, refused := c.spec.work(args, c.g.limit)
		if refused != nil {
			return refused
		}
		if w > c.g.limit {
			return tooMuchWork(c.fn, w, c.g.limit)
		}
		work = max(w, 1)
	}
	if work > checkWorkAbove && interrupted(frame) {
		return types.NewErr("operation interrupted")
	}
	var res ref.Val
	switch {
	case c.spec.impl != nil:
		var done uint64
		res, done = c.spec.impl(args, c.g.limit)
		if done > 0 {
			work = done
		}
	case len(args) == 1 && c.impl.Unary != nil:
		res = c.impl.Unary(args[0])
	case len(args) == 2 && c.impl.Binary != nil:
		res = c.impl.Binary(args[0], args[1])
	case c.impl.Function != nil:
		res = c.impl.Function(args...)
	default:
		res = types.NewErr("no such overload: %s", c.fn)
	}
	if t := c.g.tracker(frame, work); t != nil {
		t.EvalUnary(frame, c.id, workCall{}, types.Int(min(work, 1<<62)), res)
	}
	return res
}

// equalsCall is the call node of == and != (strict equality).
type equalsCall struct {
	g            *guards
	id           int64
	fn, overload string
	lhs, rhs     interpreter.InterpretableV2
}

var _ interpreter.InterpretableCall = (*equalsCall)(nil)

// ID implements interpreter.Interpretable.
func (c *equalsCall) ID() int64 { return c.id }

// Function implements interpreter.InterpretableCall.
func (c *equalsCall) Function() string { return c.fn }

// OverloadID implements interpreter.InterpretableCall.
func (c *equalsCall) OverloadID() string { return c.overload }

// Args implements interpreter.InterpretableCall.
func (c *equalsCall) Args() []interpreter.InterpretableV2 {
	return []interpreter.InterpretableV2{c.lhs, c.rhs}
}

// Eval implements interpreter.Interpretable.
func (c *equalsCall) Eval(act interpreter.Activation) ref.Val {
	return interpreter.EvalActivation(act, c.Exec)
}

// Exec implements interpreter.InterpretableV2.
func (c *equalsCall) Exec(frame *interpreter.ExecutionFrame) ref.Val {
	l := c.lhs.Exec(frame)
	if types.IsUnknownOrError(l) {
		return l
	}
	r := c.rhs.Exec(frame)
	if types.IsUnknownOrError(r) {
		return r
	}
	res, work := strictEqual(displayName(c.fn), l, r, c.g.limit)
	if c.fn == operators.NotEquals && !types.IsError(res) {
		res = types.Bool(res != types.True)
	}
	if t := c.g.tracker(frame, work); t != nil {
		t.EvalUnary(frame, c.id, workCall{}, types.Int(max(work, 1)), res)
	}
	return res
}

// tracker returns the evaluation's cost tracker. An evaluation that runs
// without one (the untracked fast path of budget.go, which trusts cel-go's
// estimate) gets one at its first call of more than checkWorkAbove units,
// with the engine's cost limit: from then on everything it does is charged,
// so a call whose work the estimate missed cannot repeat without limit.
func (g *guards) tracker(frame *interpreter.ExecutionFrame, work uint64) *interpreter.CostTracker {
	t := frame.CostTracker()
	if t != nil || work <= checkWorkAbove || g.costLimit == 0 {
		return t
	}
	t, err := interpreter.NewCostTracker(nil, cost.TrackerLimit(g.costLimit), cost.OverloadTracker(guardWorkOverload, chargeWork))
	if err != nil {
		return nil
	}
	frame.SetCostTracker(t)
	return t
}

// chargeWork is the cost of a guarded call: the work it passes as its one
// argument.
func chargeWork(args []ref.Val, _ ref.Val) *uint64 {
	w := uint64(1)
	if len(args) == 1 {
		if n, ok := args[0].(types.Int); ok && n > 0 {
			w = uint64(n)
		}
	}
	return &w
}

// interrupted reports whether the evaluation's context is done. cel-go
// checks the context every interruptCheckFrequency calls of CheckInterrupt,
// so it is called that many times (a few hundred nanoseconds).
func interrupted(frame *interpreter.ExecutionFrame) bool {
	for range interruptCheckFrequency {
		if frame.CheckInterrupt() {
			return true
		}
	}
	return false
}

// workCall names the charge of a guarded call for the cost tracker.
type workCall struct{}

func (workCall) Function() string   { return guardWorkOverload }
func (workCall) OverloadID() string { return guardWorkOverload }

func tooMuchWork(fn string, work, limit uint64) ref.Val {
	return types.NewErr("governance: %s: the call would cost %d units, over the %d one call may do (cost limit, at most %d); work on smaller values, e.g. filter the list first",
		displayName(fn), work, limit, uint64(maxCallWork))
}

func displayName(fn string) string {
	switch fn {
	case operators.Equals:
		return "=="
	case operators.NotEquals:
		return "!="
	case operators.In, operators.OldIn:
		return "in"
	case "@sortByAssociatedKeys":
		return "sortBy"
	}
	return strings.TrimPrefix(fn, "math.@")
}

// scan is the work of reading or writing n bytes: one unit per ten.
func scan(n uint64) uint64 { return n/10 + 1 }

func strLen(v ref.Val) uint64 {
	switch s := v.(type) {
	case types.String:
		return uint64(len(s))
	case types.Bytes:
		return uint64(len(s))
	}
	return 0
}

// intArg returns args[i] as a non-negative int, 0 when absent or negative.
func intArg(args []ref.Val, i int) uint64 {
	if i >= len(args) {
		return 0
	}
	if n, ok := args[i].(types.Int); ok && n > 0 {
		return uint64(n)
	}
	return 0
}

func sizeOf(v ref.Val) uint64 {
	if s, ok := v.(traits.Sizer); ok {
		if n, ok := s.Size().(types.Int); ok && n > 0 {
			return uint64(n)
		}
	}
	return 0
}

func mulSat(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	if hi != 0 || lo > 1<<62 {
		return 1 << 62
	}
	return lo
}

// matchesWork bounds s.matches(p): RE2 runs in time proportional to the
// input length times the size of the compiled pattern; one unit per two
// steps (about 50 ns). Patterns longer than maxPatternBytes are refused.
func matchesWork(a []ref.Val, _ uint64) (uint64, ref.Val) {
	p, ok := a[1].(types.String)
	if !ok {
		return 1, nil
	}
	if len(p) > maxPatternBytes {
		return 0, types.NewErr("governance: matches: pattern of %d bytes is longer than %d; use a pattern written in the rule, not one read from the data", len(p), maxPatternBytes)
	}
	re, err := syntax.Parse(string(p), syntax.Perl)
	if err != nil {
		return 1, nil // the call reports the error
	}
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		return 1, nil
	}
	return mulSat(strLen(a[0])+1, uint64(len(prog.Inst)))/2 + 1, nil
}

// matchesImpl is CEL's matches (RE2, as types.String.Match).
func matchesImpl(a []ref.Val, _ uint64) (ref.Val, uint64) {
	s, ok1 := a[0].(types.String)
	p, ok2 := a[1].(types.String)
	if !ok1 || !ok2 {
		return types.MaybeNoSuchOverloadErr(a[1]), 0
	}
	re, err := regexp.Compile(string(p))
	if err != nil {
		return types.WrapErr(err), 0
	}
	return types.Bool(re.MatchString(string(s))), 0
}

// searchWork bounds indexOf and lastIndexOf, which compare the needle at
// every position of the receiver.
func searchWork(a []ref.Val, _ uint64) (uint64, ref.Val) {
	n := uint64(utf8.RuneCountInString(string(strOf(a[0]))))
	m := uint64(utf8.RuneCountInString(string(strOf(a[1]))))
	return scan(mulSat(n+1, m+1) + 4*n), nil
}

func strOf(v ref.Val) types.String {
	s, _ := v.(types.String)
	return s
}

// replaceWork computes the exact length of the result of replace.
func replaceWork(a []ref.Val, _ uint64) (uint64, ref.Val) {
	s, old, repl := strOf(a[0]), strOf(a[1]), strOf(a[2])
	count := uint64(strings.Count(string(s), string(old)))
	if len(a) > 3 {
		if n, ok := a[3].(types.Int); ok && n >= 0 {
			count = min(count, uint64(n))
		}
	}
	out := uint64(len(s)) + mulSat(count, uint64(len(repl)))
	return scan(uint64(len(s)) + out), nil
}

// splitWork counts the parts of split.
func splitWork(a []ref.Val, _ uint64) (uint64, ref.Val) {
	s, sep := strOf(a[0]), strOf(a[1])
	parts := uint64(strings.Count(string(s), string(sep))) + 1
	return scan(uint64(len(s))) + parts, nil
}

// joinWork adds the lengths of the elements and separators.
func joinWork(a []ref.Val, limit uint64) (uint64, ref.Val) {
	l, ok := a[0].(traits.Lister)
	if !ok {
		return 1, nil
	}
	var sep uint64
	if len(a) > 1 {
		sep = strLen(a[1])
	}
	n := sizeOf(l)
	total := mulSat(n, sep)
	for i := range n {
		total += strLen(l.Get(types.Int(i)))
		if scan(total) > limit {
			break
		}
	}
	return scan(total) + n, nil
}

// formatWork bounds the length of what format writes: the format string,
// and for each argument at most 512 bytes (a number with a precision of up
// to 100) or twice its text (%x of a string), lists and maps element by
// element.
func formatWork(a []ref.Val, limit uint64) (uint64, ref.Val) {
	budget := mulSat(limit, 10) + 1
	out := strLen(a[0]) + renderBound(a[1], &budget, 0)
	return scan(out), nil
}

// renderBound bounds the printed size of v, spending one unit of budget per
// value visited; a nested value deeper than maxValueDepth or an exhausted
// budget gives a bound over any limit.
func renderBound(v ref.Val, budget *uint64, depth int) uint64 {
	if *budget == 0 || depth > maxValueDepth {
		return 1 << 62
	}
	*budget--
	switch x := v.(type) {
	case types.String:
		return 2*uint64(len(x)) + 2
	case types.Bytes:
		return 2*uint64(len(x)) + 2
	case traits.Lister:
		n := sizeOf(x)
		total := 2 + 2*n
		for i := range n {
			total += renderBound(x.Get(types.Int(i)), budget, depth+1)
			if total >= 1<<62 || *budget == 0 {
				return 1 << 62
			}
		}
		return total
	case traits.Mapper:
		total := 2 + 4*sizeOf(x)
		for it := x.Iterator(); it.HasNext() == types.True; {
			k := it.Next()
			total += renderBound(k, budget, depth+1) + renderBound(x.Get(k), budget, depth+1)
			if total >= 1<<62 || *budget == 0 {
				return 1 << 62
			}
		}
		return total
	}
	return 512
}

// flattenWork counts the elements flatten visits, up to the requested depth.
func flattenWork(a []ref.Val, limit uint64) (uint64, ref.Val) {
	depth := uint64(1)
	if len(a) > 1 {
		depth = intArg(a, 1)
	}
	budget := limit + 1
	return countElems(a[0], depth, &budget) + 1, nil
}

func countElems(v ref.Val, depth uint64, budget *uint64) uint64 {
	l, ok := v.(traits.Lister)
	if !ok {
		return 1
	}
	n := sizeOf(l)
	if depth == 0 {
		return n
	}
	var total uint64
	for i := range n {
		if *budget == 0 {
			return 1 << 62
		}
		*budget--
		total += countElems(l.Get(types.Int(i)), depth-1, budget)
	}
	return total
}

// sortWork bounds a sort of n keys: n·log2(n) comparisons, each reading at
// most the longest key.
func sortWork(keys ref.Val) uint64 {
	l, ok := keys.(traits.Lister)
	if !ok {
		return 1
	}
	n := sizeOf(l)
	var longest uint64
	for i := range n {
		longest = max(longest, strLen(l.Get(types.Int(i))))
	}
	return mulSat(mulSat(n, uint64(bits.Len64(n))+1), scan(longest))
}

// listArgWork is the work of a function over one list argument.
func listArgWork(a []ref.Val, _ uint64) (uint64, ref.Val) {
	if len(a) == 1 {
		return sizeOf(a[0]) + 1, nil
	}
	return uint64(len(a)), nil
}

func peopleOf(v ref.Val) uint64 {
	if pf, ok := v.(objRef[pmo.Portfolio]); ok && pf.p != nil {
		return uint64(len(pf.p.People))
	}
	return 0
}

func approvalsOf(v ref.Val) uint64 {
	if p, ok := v.(objRef[pmo.Project]); ok && p.p != nil {
		return uint64(len(p.p.Approvals))
	}
	return 0
}
