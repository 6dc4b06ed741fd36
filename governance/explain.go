package governance

import (
	"context"
	"slices"
	"strconv"
	"sync"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
	"github.com/shopspring/decimal"

	"github.com/pmokit/pmokit/internal/textcut"
	"github.com/pmokit/pmokit/pmo"
)

// Explanations are lazy. A failing rule's evaluation keeps no state and
// makes nothing for its explanation: the report knows the inputs of the
// evaluation (report_store.go). When a result is first expanded from the
// report, it gets a small record (an explanation) that names the rule's
// program and an explainScope: the portfolio, the clock, the project,
// change or gate, the policy. Explanation() computes the lines on its first
// call by evaluating the rule once more (and the policy variables it
// reads), and keeps them in the record, which every later expansion of the
// result shares; a failure whose explanation is never read costs its row
// and detail only.
//
// That evaluation costs at most one evaluation of the rule (measured by
// BenchmarkExplanationRead), usually less. Each program has an explain
// plan, built on its first explanation (explain_plan.go): the values an
// explanation may print, with their texts, and a program whose cel-go
// decorator (explain_watch.go) records those values, and only those, where
// cel-go's state tracking would have recorded them, into a slice of the
// evaluation's activation, and leaves out what can neither change a
// printed value nor decide whether one is read: a part without items whose
// value is not needed, the body of a loop whose value is not needed and
// that reads no item (project.approvals.exists(a, ...) after ||: its range
// is evaluated, its body is not), the step of such a loop once its items
// have their values, the operation of an operator whose value is not
// needed (its operands are evaluated, in order up to the first error), and
// of a call that gave a value (only evaluations that gave one are
// explained): only its operands with items are evaluated, as none of the
// others can have stopped it with an error (the sum in
// project.risks.filter(...).map(...).sum() <= project.budget.approved
// is not computed again, only project.risks is read).
// The lines are the recorded values in the plan's order, printed into one
// string. The explanation is the one state tracking gave, line for line:
// explain_reference_test.go keeps that way, and explain_plan_test.go
// compares the two on every rule of the packs and in FuzzExplainPlan.
// An explanation's evaluator, activation and values come from its plan's
// pool, emptied after each explanation: no two explanations computed at
// once share one, and none keeps a cel-go frame.
//
// The records hold only the caller's data and the compiled policy set, never
// state of the evaluation (a context, an index, computed values), and they
// drop what they name once computed. So two reports of the same evaluation
// hold equal results (reflect.DeepEqual), and a result whose explanation was
// read equals the same result decoded from JSON.

// explainScope is what an explanation needs of its subject and policy: the
// inputs of the policy's evaluation on the subject.
type explainScope struct {
	pf      *pmo.Portfolio
	now     time.Time
	project *pmo.Project
	change  *pmo.Change
	gate    *gateInfo
	policy  *compiledPolicy
}

// explanation is the explanation of one failure, computed on first request.
// After that, scope and prog are dropped and only lines remain.
type explanation struct {
	once  sync.Once
	lines []string
	scope *explainScope
	prog  *program
	progs []*program // instead of prog: the levels of a rating tried (ratings.go)
}

// get returns the explanation's lines, computing them on first call. It is
// safe for concurrent use.
func (x *explanation) get() []string {
	if x == nil {
		return nil
	}
	x.once.Do(func() {
		switch {
		case x.prog != nil:
			x.lines = x.scope.explain(x.prog)
		case x.progs != nil:
			x.lines = x.scope.explainAll(x.progs)
		}
		x.scope, x.prog, x.progs = nil, nil, nil
	})
	return x.lines
}

// fixedExplanation is an explanation known in advance (decoded from JSON).
func fixedExplanation(lines []string) *explanation {
	if lines == nil {
		return nil
	}
	x := &explanation{lines: lines}
	x.once.Do(func() {})
	return x
}

// explain evaluates p on the scope's subject once more, recording the
// values its explanation prints (see explainPlan), and lists them. It
// builds its own activation (the variables it reads are computed again,
// with their cost limit), so that explanations computed concurrently share
// nothing they write.
func (s *explainScope) explain(p *program) []string {
	pl, err := p.explain()
	if err != nil || len(pl.items) == 0 {
		return nil
	}
	run := pl.run() // empty: only the fields the subject has are set
	defer pl.release(run)
	if run.nowVal == nil || !run.nowTime.Equal(s.now) || run.nowTime.Location() != s.now.Location() {
		run.nowTime, run.nowVal = s.now, types.Timestamp{Time: s.now} // boxed once per clock, not per explanation
	}
	run.ev.ctx, run.ev.pf, run.ev.pfVal, run.ev.now = context.Background(), s.pf, objRef[pmo.Portfolio]{s.pf}, run.nowVal
	x := &run.act
	x.ev, x.policy = &run.ev, s.policy
	x.setSubject(s.project, s.change, s.gate)
	if n := len(s.policy.vars); n > 0 {
		run.vars = slices.Grow(run.vars[:0], n)[:n]
		x.vars = run.vars
	}
	x.vals = slices.Grow(x.vals[:0], pl.values)[:pl.values]
	ok := func() (ok bool) {
		defer func() {
			if recover() != nil {
				ok = false
			}
		}()
		_, _, _ = pl.prg.Eval(x)
		return true
	}()
	if !ok {
		return nil
	}
	return pl.render(x.vals)
}

// explainRun is what one explanation's evaluation needs: an evaluator, an
// activation and the values recorded. A plan keeps the runs its
// explanations are done with, emptied, for the next ones (one at a time
// each: concurrent explanations never share one).
type explainRun struct {
	ev   evaluator
	act  explainActivation
	vars []ref.Val // the backing array of act.vars
	// nowTime is the clock of the run's last explanation and nowVal its
	// CEL value, kept across runs (a clock, no data of the portfolio).
	nowTime time.Time
	nowVal  ref.Val
}

// run returns an empty run for an explanation.
func (pl *explainPlan) run() *explainRun {
	if r, ok := pl.runs.Get().(*explainRun); ok {
		return r
	}
	return new(explainRun)
}

// release empties r (it holds nothing of the explanation after) and keeps
// it for another.
func (pl *explainPlan) release(r *explainRun) {
	vals, vars := r.act.vals, r.vars
	clear(vals)
	clear(vars)
	*r = explainRun{act: explainActivation{vals: vals[:0]}, vars: vars[:0], nowTime: r.nowTime, nowVal: r.nowVal}
	pl.runs.Put(r)
}

// explainActivation is the activation of an explanation's evaluation: the
// subject's, and the values the watchers of the explain program record
// (explain_watch.go), by the index its plan gives each node.
type explainActivation struct {
	activation
	vals []ref.Val
}

// ResolveName implements interpreter.Activation.
func (x *explainActivation) ResolveName(name string) (any, bool) {
	if name == explainRecordName {
		return x, true
	}
	return x.activation.ResolveName(name)
}

// maxExplainLines bounds the explanation of one failure.
const maxExplainLines = 32

// render lists the recorded values of the plan's items, in order, as
// "project.budget.forecast = \"1350000 USD\"": an item whose node was
// never evaluated, whose value is not worth printing (see appendValue) or
// whose text an earlier line has is left out, and at most maxExplainLines
// are listed. The lines are cut from one string.
func (pl *explainPlan) render(vals []ref.Val) []string {
	var (
		ends   [maxExplainLines]int
		groups [maxExplainLines]int32
		n      int
		stack  [512]byte
		buf    = stack[:0]
	)
items:
	for _, it := range pl.items {
		if n == maxExplainLines {
			break
		}
		v := vals[it.value]
		if v == nil {
			continue
		}
		for _, g := range groups[:n] {
			if g == it.first {
				continue items
			}
		}
		start := len(buf)
		buf = append(buf, it.text...)
		buf = append(buf, " = "...)
		var ok bool
		if buf, ok = appendValue(buf, v, 0); !ok {
			buf = buf[:start]
			continue
		}
		ends[n], groups[n] = len(buf), it.first
		n++
	}
	if n == 0 {
		return nil
	}
	all := string(buf)
	lines := make([]string, n)
	start := 0
	for i := range lines {
		lines[i] = all[start:ends[i]]
		start = ends[i]
	}
	return lines
}

// appendValue appends a value for an explanation; false for values not
// worth printing (objects, maps, unknowns), with dst unchanged. Strings,
// money and errors are cut to textcut.MaxBytes bytes (an ellipsis and the
// full length mark a cut), so a huge value read by a failing rule never
// makes a huge explanation; a list shows its elements only when it has at
// most 5 scalar ones.
func appendValue(dst []byte, v ref.Val, depth int) ([]byte, bool) {
	switch t := v.(type) {
	case types.String:
		return appendQuoted(dst, string(t)), true
	case types.Bool:
		return strconv.AppendBool(dst, bool(t)), true
	case types.Int:
		return strconv.AppendInt(dst, int64(t), 10), true
	case types.Uint:
		return strconv.AppendUint(dst, uint64(t), 10), true
	case types.Double:
		return strconv.AppendFloat(dst, float64(t), 'g', -1, 64), true
	case types.Timestamp:
		if midnightUTC(t.Time) {
			return appendDate(dst, t.Time.UTC()), true
		}
		return t.Time.UTC().AppendFormat(dst, time.RFC3339), true
	case types.Duration:
		return append(dst, t.Duration.String()...), true
	case moneyRef:
		return appendMoney(dst, t.money()), true
	case *threshold:
		return append(dst, textcut.Cut(t.String())...), true
	case *types.Err:
		return append(append(dst, "error: "...), textcut.Cut(t.Error())...), true
	case traits.Lister:
		n := int(t.Size().(types.Int))
		if n <= 5 && depth == 0 {
			start := len(dst)
			dst = append(dst, '[')
			for i := range n {
				if i > 0 {
					dst = append(dst, ", "...)
				}
				var ok bool
				if dst, ok = appendValue(dst, t.Get(types.Int(i)), depth+1); !ok {
					return appendItems(dst[:start], n), true
				}
			}
			return append(dst, ']'), true
		}
		return appendItems(dst, n), true
	}
	return dst, false
}

// appendDate appends t as time.DateOnly formats it.
func appendDate(dst []byte, t time.Time) []byte {
	y, m, d := t.Date()
	if y < 0 || y > 9999 {
		return t.AppendFormat(dst, time.DateOnly)
	}
	return append(dst, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+int(m)/10), byte('0'+int(m)%10), '-', byte('0'+d/10), byte('0'+d%10))
}

// appendMoney appends m as appendQuoted(moneyString(m)) does, without
// building the string when its amount has at most 18 digits and
// shopspring/decimal prints as by default.
func appendMoney(dst []byte, m pmo.Money) []byte {
	if m.IsZero() || !decimal.TrimTrailingZeros || decimal.UseScientificNotation {
		return appendQuoted(dst, moneyString(m))
	}
	var digits [40]byte
	amount, ok := appendDecimal(digits[:0], m.Amount)
	if !ok || len(amount)+1+len(m.Currency) > textcut.MaxBytes {
		return appendQuoted(dst, moneyString(m))
	}
	// The amount and the space need no escaping: the quoted string is the
	// quoted currency with the amount put after its opening quote.
	dst = append(dst, '"')
	dst = append(dst, amount...)
	dst = append(dst, ' ')
	at := len(dst)
	dst = strconv.AppendQuote(dst, m.Currency)
	copy(dst[at:], dst[at+1:])
	return dst[:len(dst)-1]
}

// appendDecimal appends d as d.String() prints it by default (trailing
// zeros of the fraction trimmed, no exponent); false, with dst unchanged,
// when its coefficient has more than 18 digits.
func appendDecimal(dst []byte, d decimal.Decimal) ([]byte, bool) {
	if d.NumDigits() > 18 {
		return dst, false
	}
	c, exp := d.CoefficientInt64(), int(d.Exponent())
	switch {
	case c == 0:
		return append(dst, '0'), true
	case exp >= 0:
		dst = strconv.AppendInt(dst, c, 10)
		for range exp {
			dst = append(dst, '0')
		}
		return dst, true
	}
	if c < 0 {
		dst = append(dst, '-')
		c = -c
	}
	var buf [20]byte
	str := strconv.AppendInt(buf[:0], c, 10)
	frac := -exp
	zeros := 0 // between the point and the digits
	if len(str) > frac {
		dst = append(dst, str[:len(str)-frac]...)
		str = str[len(str)-frac:]
	} else {
		dst = append(dst, '0')
		zeros = frac - len(str)
	}
	for len(str) > 0 && str[len(str)-1] == '0' {
		str = str[:len(str)-1]
	}
	if len(str) == 0 {
		return dst, true
	}
	dst = append(dst, '.')
	for range zeros {
		dst = append(dst, '0')
	}
	return append(dst, str...), true
}

// appendQuoted appends s quoted and cut as textcut.Quote does.
func appendQuoted(dst []byte, s string) []byte {
	if len(s) <= textcut.MaxBytes {
		if plainASCII(s) { // what strconv.AppendQuote leaves as it is
			dst = append(dst, '"')
			dst = append(dst, s...)
			return append(dst, '"')
		}
		return strconv.AppendQuote(dst, s)
	}
	return append(dst, textcut.Quote(s)...)
}

// midnightUTC reports whether t is a date: midnight UTC, as
// t.Equal(dateOf(t)) says, without building the date.
func midnightUTC(t time.Time) bool {
	return t.Nanosecond() == 0 && (t.Unix()%secondsPerDay+secondsPerDay)%secondsPerDay == 0
}

// plainASCII reports whether s is printable ASCII without a quote or a
// backslash: the strings strconv.Quote quotes without escaping anything.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

func appendItems(dst []byte, n int) []byte {
	dst = append(dst, '[')
	dst = strconv.AppendInt(dst, int64(n), 10)
	return append(dst, " items]"...)
}
