package governance

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"

	"github.com/pmokit/pmokit/internal/document"
	"github.com/pmokit/pmokit/internal/textcut"
	"github.com/pmokit/pmokit/pmo"
)

// Rating is a rating of a policy: what a PMO reports as green, amber or
// red, computed per subject like a rule. Its levels are tried in order and
// the first whose When is true rates the subject: the result has outcome
// [OutcomeRated] and the level's name in [Result.Level]. A subject that no
// level matches, or a level condition that cannot be evaluated, is a result
// with outcome [OutcomeError] (fail closed): a rating never leaves a gap.
// The rules of the same policy read the level as ratings['<id>'].
type Rating struct {
	// ID identifies the rating; unique among the policy's rule and rating
	// IDs. A rating's results carry it in [Result.Rule].
	ID string `json:"id"`
	// Description says what the rating measures; optional.
	Description string `json:"description,omitempty"`
	// Severity is the severity of the rating's error results (no level
	// matched, a condition that failed); the zero value means the
	// policy's severity, else SeverityError (see Severities). A rated
	// result is not a violation, whatever its level.
	Severity Severity `json:"severity,omitzero"`
	// Severities is the severity of the error results by PMO type, when
	// the file gives the rating's "severity:" as a mapping (see
	// [Rule.Severities]); a rating with neither takes the policy's
	// severity (Policy.Severity, Policy.Severities), else SeverityError.
	Severities map[pmo.Type]Severity `json:"-"`
	// Levels are the rating's levels, in the order they are tried; at
	// least one.
	Levels []RatingLevel `json:"levels"`
}

// RatingLevel is one level of a [Rating].
type RatingLevel struct {
	// Level is the level's name ("green"); unique in its rating.
	Level string `json:"level"`
	// When is the CEL condition of the level, of type bool: the first
	// level whose When is true rates the subject. "true" makes a
	// catch-all last level.
	When string `json:"when"`
	// Message is the message of a result rated at this level; optional.
	Message string `json:"message,omitempty"`
	// MessageExpression is a CEL string expression for the message; it
	// wins over Message.
	MessageExpression string `json:"message_expression,omitempty"`
}

// ratingsVar is the CEL variable through which rules read the levels of
// their policy's ratings: ratings['<id>'] is a string.
const ratingsVar = "ratings"

// maxLevelName bounds a level's name, in bytes.
const maxLevelName = 64

// ratingPositions holds where a rating of a parsed policy sits: its id and,
// by level name, the positions of each level's expressions.
type ratingPositions struct {
	id     exprPos
	levels map[string]levelPositions
}

type levelPositions struct {
	level, when, messageExpression exprPos
}

// ratings parses the "ratings" list of a policy file.
func (pp *policyParser) ratings(p *Policy, n *document.Node) {
	ids := map[string]bool{}
	for field, item := range pp.items(n, "ratings", "rating") {
		var (
			r   Rating
			pos = ratingPositions{id: exprPos{segs: []seg{{line: int(item.Line), col: int(item.Column)}}}}
		)
		for k, val := range pp.fields(item, field) {
			f := field + "." + k.Value
			switch k.Value {
			case "id":
				r.ID, pos.id = pp.id(val, f, "rating", ids)
			case "description":
				r.Description = pp.str(val, f)
			case "severity":
				r.Severity, r.Severities = pp.severity(val, f)
			case "levels":
				pp.levels(&r, &pos, val, f)
			default:
				pp.errorf(k, f, "unknown key (want id, description, severity or levels)")
			}
		}
		pp.required(item, field, "id", r.ID)
		if !hasKey(item, "levels") {
			pp.errorf(item, field+".levels", "required field missing")
		}
		p.Ratings = append(p.Ratings, r)
		if _, dup := p.pos.ratings[r.ID]; !dup {
			if p.pos.ratings == nil {
				p.pos.ratings = map[string]ratingPositions{}
			}
			p.pos.ratings[r.ID] = pos
		}
	}
}

// levels parses the "levels" list of a rating.
func (pp *policyParser) levels(r *Rating, pos *ratingPositions, n *document.Node, field string) {
	names := map[string]bool{}
	for lf, item := range pp.items(n, field, "level") {
		var (
			l  RatingLevel
			lp = levelPositions{level: exprPos{segs: []seg{{line: int(item.Line), col: int(item.Column)}}}}
		)
		for k, val := range pp.fields(item, lf) {
			f := lf + "." + k.Value
			switch k.Value {
			case "level":
				l.Level = pp.str(val, f)
				lp.level = exprPos{segs: []seg{{line: int(val.Line), col: int(val.Column)}}}
				if msg := checkLevelName(l.Level); l.Level != "" && msg != "" {
					pp.errorf(val, f, "%s", msg)
				} else if names[l.Level] {
					pp.errorf(val, f, "duplicate level %s", textcut.Quote(l.Level))
				}
				names[l.Level] = true
			case "when":
				l.When = pp.str(val, f)
				lp.when = pp.position(val)
			case "message":
				l.Message = pp.str(val, f)
			case "message_expression":
				l.MessageExpression = pp.str(val, f)
				lp.messageExpression = pp.position(val)
			default:
				pp.errorf(k, f, "unknown key (want level, when, message or message_expression)")
			}
		}
		pp.required(item, lf, "level", l.Level)
		pp.required(item, lf, "when", l.When)
		r.Levels = append(r.Levels, l)
		if _, dup := pos.levels[l.Level]; !dup {
			lp.when.text, lp.messageExpression.text = l.When, l.MessageExpression
			if pos.levels == nil {
				pos.levels = map[string]levelPositions{}
			}
			pos.levels[l.Level] = lp
		}
	}
}

// ratingIDs reports the ratings whose ID is also a rule's: a result names
// its rule or rating by ID alone.
func (pp *policyParser) ratingIDs(p *Policy) {
	for i, r := range p.Ratings {
		if r.ID == "" || !hasRule(p, r.ID) {
			continue
		}
		line, col := p.pos.ratings[r.ID].id.fileAt(0)
		pp.errs = append(pp.errs, &ParseError{File: pp.source, Line: line, Column: col, Path: fmt.Sprintf("ratings[%d].id", i),
			Err: fmt.Errorf("rating id %s is also a rule id (rule and rating ids are unique in a policy)", textcut.Quote(r.ID))})
	}
}

func hasRule(p *Policy, id string) bool {
	for _, r := range p.Rules {
		if r.ID == id {
			return true
		}
	}
	return false
}

// checkLevelName says what is wrong with a level name, or "" when it is
// valid: at most maxLevelName bytes, no control characters, no leading or
// trailing space.
func checkLevelName(name string) string {
	switch {
	case strings.TrimSpace(name) == "":
		return "level must not be empty"
	case len(name) > maxLevelName:
		return fmt.Sprintf("level %s is longer than %d bytes", textcut.Quote(name), maxLevelName)
	case strings.TrimSpace(name) != name:
		return fmt.Sprintf("level %s has leading or trailing space", textcut.Quote(name))
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return fmt.Sprintf("level %s has a control character", textcut.Quote(name))
	}
	return ""
}

// compiledRating is a rating ready to evaluate.
type compiledRating struct {
	id       string
	severity Severity
	levels   []compiledLevel
	whens    []*program // the levels' conditions, in order, for explanations
}

type compiledLevel struct {
	name, message string
	val           ref.Val // the name as a CEL string, read by ratings['<id>']
	when, msgExpr *program
}

// levelNames returns the names of the rating's levels, in order.
func (r *compiledRating) levelNames() []string {
	out := make([]string, len(r.levels))
	for i, l := range r.levels {
		out[i] = l.name
	}
	return out
}

// compileRatings compiles the policy's ratings into cp and declares the
// ratings variable for the rules: each rating's levels may read the policy's
// variables and the ratings declared before it (so that ratings never read
// each other in a cycle); the rules read every rating.
func (pc *policyCompiler) compileRatings(cp *compiledPolicy) {
	p := pc.p
	if len(p.Ratings) == 0 {
		return
	}
	base := pc.env
	cp.ratingIndex = make(map[string]int, len(p.Ratings))
	visible, all := map[string]bool{}, map[string]bool{}
	for _, r := range p.Ratings {
		all[r.ID] = true
	}
	for i, r := range p.Ratings {
		rp := p.pos.ratings[r.ID]
		if _, dup := cp.ratingIndex[r.ID]; r.ID == "" || dup || hasRule(p, r.ID) {
			pc.fail(r.ID, "id", rp.id, "", 0, 0, fmt.Sprintf("rating %d: missing or duplicate rating id %s (rule and rating ids are unique in a policy)", i, textcut.Quote(r.ID)))
			continue
		}
		cr := &compiledRating{id: r.ID, severity: pc.severity(r.ID, r.Severity, r.Severities, rp.id, exprPos{}, &pc.policySevReported)}
		if len(r.Levels) == 0 {
			pc.fail(r.ID, "levels", rp.id, "", 0, 0, "a rating needs at least one level")
		}
		env, err := base.Extend(cel.Variable(ratingsVar, cel.MapType(cel.StringType, cel.StringType)),
			cel.ASTValidators(ratingRefs{visible: maps.Clone(visible), all: all, self: r.ID}))
		if err != nil {
			pc.fail(r.ID, "levels", rp.id, "", 0, 0, err.Error())
			continue
		}
		pc.env = env
		names := map[string]bool{}
		for j, l := range r.Levels {
			lp := rp.levels[l.Level]
			field := fmt.Sprintf("levels[%d]", j)
			if msg := checkLevelName(l.Level); msg != "" || names[l.Level] {
				if msg == "" {
					msg = fmt.Sprintf("duplicate level %s", textcut.Quote(l.Level))
				}
				pc.fail(r.ID, field+".level", lp.level, "", 0, 0, msg)
				continue
			}
			names[l.Level] = true
			cl := compiledLevel{name: l.Level, message: l.Message, val: types.String(l.Level)}
			if strings.TrimSpace(l.When) == "" {
				pc.fail(r.ID, field+".when", lp.level, "", 0, 0, "required field missing")
			} else {
				cl.when = pc.compile(r.ID, field+".when", l.When, lp.when.forText(l.When), types.BoolType)
			}
			if l.MessageExpression != "" {
				cl.msgExpr = pc.compile(r.ID, field+".message_expression", l.MessageExpression, lp.messageExpression.forText(l.MessageExpression), types.StringType)
			}
			cr.levels = append(cr.levels, cl)
			cr.whens = append(cr.whens, cl.when)
		}
		visible[r.ID] = true
		cp.ratingIndex[r.ID] = len(cp.ratings)
		cp.ratings = append(cp.ratings, cr)
	}
	env, err := base.Extend(cel.Variable(ratingsVar, cel.MapType(cel.StringType, cel.StringType)),
		cel.ASTValidators(ratingRefs{visible: visible, all: all}))
	if err != nil {
		pc.fail("", "ratings", exprPos{}, "", 0, 0, err.Error())
		return
	}
	pc.env = env
}

// ratingRefs is the AST validator of the ratings variable: it is read only
// as ratings['<id>'] (or ratings.<id>) with the literal ID of a rating the
// expression may read (visible), so that a typo in an ID is a compile error at its
// position, never a run-time surprise.
type ratingRefs struct {
	visible map[string]bool // the ratings the expression may read
	all     map[string]bool // every rating of the policy
	self    string          // the rating being compiled, or "" for the rules
}

var _ cel.ASTValidator = ratingRefs{}

// Name implements cel.ASTValidator.
func (ratingRefs) Name() string { return "pmokit.governance.ratings" }

// Validate implements cel.ASTValidator.
func (v ratingRefs) Validate(_ *cel.Env, _ cel.ValidatorConfig, a *ast.AST, iss *cel.Issues) {
	ok := map[int64]bool{}
	for _, e := range ast.MatchDescendants(ast.NavigateAST(a), ast.KindMatcher(ast.CallKind)) {
		call := e.AsCall()
		if call.FunctionName() != operators.Index || len(call.Args()) != 2 {
			continue
		}
		target, key := call.Args()[0], call.Args()[1]
		if target.Kind() != ast.IdentKind || target.AsIdent() != ratingsVar {
			continue
		}
		ok[target.ID()] = true
		id, lit := stringLit(call.Args(), 1)
		if !lit {
			iss.ReportErrorAtID(e.ID(), "a rating is read as ratings['<id>'] with the rating id written as a literal string")
			continue
		}
		v.check(iss, key.ID(), id)
	}
	// ratings.<id>, for an id that is an identifier: the same as
	// ratings['<id>'].
	for _, e := range ast.MatchDescendants(ast.NavigateAST(a), ast.KindMatcher(ast.SelectKind)) {
		sel := e.AsSelect()
		if op := sel.Operand(); op.Kind() == ast.IdentKind && op.AsIdent() == ratingsVar {
			ok[op.ID()] = true
			if sel.IsTestOnly() {
				iss.ReportErrorAtID(e.ID(), "has() does not apply to a rating: every rating has a level on every subject of its policy, or is an error")
				continue
			}
			v.check(iss, e.ID(), sel.FieldName())
		}
	}
	for _, e := range ast.MatchDescendants(ast.NavigateAST(a), ast.KindMatcher(ast.IdentKind)) {
		if e.AsIdent() == ratingsVar && !ok[e.ID()] {
			iss.ReportErrorAtID(e.ID(), "ratings is read only as ratings['<id>'], one rating at a time")
		}
	}
}

// check reports a read of rating id at expression at that the expression
// may not make.
func (v ratingRefs) check(iss *cel.Issues, at int64, id string) {
	switch {
	case id == v.self:
		iss.ReportErrorAtID(at, "rating %s reads itself", textcut.Quote(id))
	case !v.all[id]:
		iss.ReportErrorAtID(at, "unknown rating %s (this policy's ratings: %s)", textcut.Quote(id), strings.Join(slices.Sorted(maps.Keys(v.all)), ", "))
	case !v.visible[id]:
		iss.ReportErrorAtID(at, "rating %s is declared after %s: a rating reads only the ratings declared before it", textcut.Quote(id), textcut.Quote(v.self))
	}
}

// ratingsHint explains an undeclared ratings variable: in a policy without
// ratings, or in a variable or the policy's when, which are evaluated
// before the ratings.
func ratingsHint(p *Policy, msg string) string {
	if !strings.Contains(msg, "undeclared reference to '"+ratingsVar+"'") {
		return ""
	}
	if len(p.Ratings) == 0 {
		return "this policy declares no ratings"
	}
	return "ratings are read by the rules and by the levels of later ratings, not by variables or the policy's when"
}

// ratingState is the evaluation of one rating on the current subject.
type ratingState struct {
	state uint8 // ratingUnset, ratingRunning or ratingDone
	level int   // the index of the level that matched; -1 on err
	err   error
}

const (
	ratingUnset uint8 = iota
	ratingRunning
	ratingDone
)

// ratingSlots returns n cleared rating states, reusing the worker's.
func (w *worker) ratingSlots(n int) []ratingState {
	if cap(w.ratings) < n {
		w.ratings = make([]ratingState, n)
	}
	s := w.ratings[:n]
	clear(s)
	return s
}

// rating evaluates rating i of the current policy on the subject, on first
// use, and returns its state: the first level whose when is true, or the
// error (no level matched, a condition that failed).
func (a *activation) rating(i int) *ratingState {
	if a.ratings == nil {
		a.ratings = make([]ratingState, len(a.policy.ratings))
	}
	st := &a.ratings[i]
	switch st.state {
	case ratingDone:
		return st
	case ratingRunning: // compile-time checks forbid cycles; never loop
		return &ratingState{state: ratingDone, level: -1, err: errors.New("rating reads itself")}
	}
	st.state = ratingRunning
	r := a.policy.ratings[i]
	st.level, st.err = -1, nil
	for j := range r.levels {
		l := &r.levels[j]
		ok, err := a.evalBool(l.when)
		if err != nil {
			st.err = fmt.Errorf("level %s: when: %s", textcut.Quote(l.name), textcut.Message(err.Error()))
			break
		}
		if ok {
			st.level = j
			break
		}
	}
	if st.err == nil && st.level < 0 {
		st.err = errors.New(textcut.Message("no level matched (levels " + strings.Join(r.levelNames(), ", ") + ")"))
	}
	st.state = ratingDone
	return st
}

// ratingResults evaluates the current policy's ratings into out (one
// cleared result each, in order; see worker.results); whenErr and skip are
// the outcome of the policy's when.
func (a *activation) ratingResults(whenErr, skip string, out []Result) {
	p := a.policy
	if a.worker != nil {
		a.ratings = a.worker.ratingSlots(len(p.ratings))
	} else {
		a.ratings = nil
	}
	for i, r := range p.ratings {
		res := &out[i]
		res.Severity = r.severity
		switch {
		case whenErr != "":
			res.Outcome, res.Message = OutcomeError, whenErr
		case skip != "":
			res.Outcome, res.Message = OutcomeSkipped, skip
		default:
			st := a.rating(i)
			if st.err != nil {
				res.Outcome, res.Message = OutcomeError, st.err.Error()
				continue
			}
			l := &r.levels[st.level]
			res.Outcome, res.Level = OutcomeRated, l.name
			res.Message = a.levelMessage(l)
			// The explanation (made by the report, report_store.go)
			// lists what the levels tried read: why not the levels
			// before, and why this one.
		}
	}
}

// levelMessage is the message of a result rated at level l: its
// message_expression, else its message.
func (a *activation) levelMessage(l *compiledLevel) string {
	if l.msgExpr == nil {
		return l.message
	}
	out, err := a.eval(l.msgExpr)
	if err == nil {
		if s, ok := out.(types.String); ok {
			return string(s)
		}
		err = fmt.Errorf("gave %s, want string", typeName(out))
	}
	msg := "message_expression failed: " + textcut.Message(err.Error())
	if l.message != "" {
		msg = l.message + " (" + msg + ")"
	}
	return msg
}

// ratingsRef is the CEL value of the ratings variable: ratings['<id>'] is
// the level of the rating on the current subject, computed on first read
// (an error when the rating errored, which makes the reading expression an
// error).
type ratingsRef struct{ a *activation }

var _ traits.Indexer = ratingsRef{}

// ConvertToNative implements ref.Val.
func (r ratingsRef) ConvertToNative(t reflect.Type) (any, error) {
	return nil, fmt.Errorf("governance: cannot convert ratings to %v", t)
}

// ConvertToType implements ref.Val.
func (r ratingsRef) ConvertToType(t ref.Type) ref.Val {
	if t == types.TypeType {
		return types.MapType
	}
	return types.NewErr("type conversion error from 'ratings' to '%s'", t.TypeName())
}

// Equal implements ref.Val.
func (r ratingsRef) Equal(other ref.Val) ref.Val {
	o, ok := other.(ratingsRef)
	return types.Bool(ok && o.a == r.a)
}

// Type implements ref.Val.
func (r ratingsRef) Type() ref.Type { return types.MapType }

// Value implements ref.Val.
func (r ratingsRef) Value() any { return nil }

// Get implements traits.Indexer.
func (r ratingsRef) Get(key ref.Val) ref.Val {
	id, ok := key.(types.String)
	if !ok {
		return types.NewErr("ratings: key of type %s, want string", typeName(key))
	}
	p := r.a.policy
	i, ok := p.ratingIndex[string(id)]
	if !ok {
		return types.NewErr("ratings: unknown rating %s", textcut.Quote(string(id)))
	}
	st := r.a.rating(i)
	if st.err != nil {
		return types.NewErr("ratings[%s]: %s", textcut.Quote(string(id)), st.err.Error())
	}
	return p.ratings[i].levels[st.level].val
}

// explainAll explains the conditions of the levels a rating tried, in
// order: the values each read, every line once, at most maxExplainLines.
func (s *explainScope) explainAll(progs []*program) []string {
	var (
		out  []string
		seen = map[string]bool{}
	)
	for _, p := range progs {
		if p == nil {
			continue
		}
		for _, line := range s.explain(p) {
			if !seen[line] && len(out) < maxExplainLines {
				seen[line] = true
				out = append(out, line)
			}
		}
	}
	return out
}

// ratingRead recognises ratings['<id>'] and returns its text for an
// explanation.
func ratingRead(e ast.Expr) (string, bool) {
	call := e.AsCall()
	if call.FunctionName() != operators.Index || len(call.Args()) != 2 {
		return "", false
	}
	target := call.Args()[0]
	if target.Kind() != ast.IdentKind || target.AsIdent() != ratingsVar {
		return "", false
	}
	id, ok := stringLit(call.Args(), 1)
	if !ok {
		return "", false
	}
	return ratingsVar + "[" + strconv.Quote(id) + "]", true
}

// ratingPrograms returns the compiled expressions of the policy's ratings,
// for Lint.
func (cp *compiledPolicy) ratingPrograms() []*program {
	var out []*program
	for _, r := range cp.ratings {
		for _, l := range r.levels {
			out = append(out, l.when, l.msgExpr)
		}
	}
	return out
}

// ratingLocation is RuleLocation for a rating's ID.
func (p *Policy) ratingLocation(id string) (Location, bool) {
	for _, r := range p.Ratings {
		if r.ID != id {
			continue
		}
		loc := Location{Source: p.Source}
		if rp, ok := p.pos.ratings[id]; ok {
			loc.Line, loc.Column = rp.id.fileAt(0)
		}
		return loc, true
	}
	return Location{}, false
}

// lintRatings warns of levels that are never reached: a level whose
// condition is always true before the last level hides the levels after
// it, and one whose condition is always false never rates a subject.
func (e *Engine) lintRatings(cp *compiledPolicy, warn func(prg *program, line, col int, format string, args ...any)) {
	for _, r := range cp.ratings {
		for i, l := range r.levels {
			if l.when == nil || l.when.estimate > e.costLimit {
				continue
			}
			opt, err := cel.NewStaticOptimizer(constantFolder())
			if err != nil {
				return
			}
			folded, iss := opt.Optimize(l.when.env, l.when.ast)
			if iss != nil && iss.Err() != nil {
				continue
			}
			root := folded.NativeRep().Expr()
			if root.Kind() != ast.LiteralKind {
				continue
			}
			switch v := root.AsLiteral(); {
			case v == types.True && i < len(r.levels)-1:
				warn(l.when, 1, 0, "level %s is always true: the levels after it are never reached", textcut.Quote(l.name))
			case v == types.False:
				warn(l.when, 1, 0, "level %s is always false: it never rates a subject", textcut.Quote(l.name))
			}
		}
	}
}
