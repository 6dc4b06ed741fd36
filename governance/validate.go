package governance

// Compile-time checks beyond CEL's type checker: literals that can never be
// valid, enum words that do not exist and phase names outside the lifecycle.
// They run as a cel-go AST validator (cel.ASTValidators, the mechanism of
// cel.ValidateTimestampLiterals) on every type-checked expression, so that a
// bad literal is a CompileError at the literal's file position instead of an
// evaluation error on every subject.

import (
	"encoding"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"

	"github.com/pmokit/pmokit/pmo"
)

// checker is the AST validator of the policy language. lifecycle is the
// lifecycle policies are compiled for ([WithLifecycle]); nil when only the
// portfolio knows it, in which case phase literals are checked at run time
// (see phaseRewrite). ratings are the rating names of the engine's risk
// matrix, dimensions its consequence dimensions.
type checker struct {
	lifecycle  pmo.Lifecycle
	ratings    []string
	dimensions []string
}

var _ cel.ASTValidator = checker{}

// Name implements cel.ASTValidator.
func (checker) Name() string { return "pmokit.governance.literals" }

// Validate implements cel.ASTValidator.
func (c checker) Validate(_ *cel.Env, _ cel.ValidatorConfig, a *ast.AST, iss *cel.Issues) {
	for _, e := range ast.MatchDescendants(ast.NavigateAST(a), ast.KindMatcher(ast.CallKind)) {
		call := e.AsCall()
		args := call.Args()
		switch fn := call.FunctionName(); fn {
		case "money":
			c.moneyCall(a, args, iss)
		case "date":
			if s, ok := stringLit(args, 0); ok && !call.IsMemberFunction() {
				if msg := checkDate(s); msg != "" {
					iss.ReportErrorAtID(args[0].ID(), "%s", msg)
				}
			}
		case "timestamp":
			if s, ok := stringLit(args, 0); ok && !call.IsMemberFunction() && len(args) == 1 {
				if msg := checkTimestamp(s); msg != "" {
					iss.ReportErrorAtID(args[0].ID(), "%s", msg)
				}
			}
		case "duration":
			if s, ok := stringLit(args, 0); ok && !call.IsMemberFunction() {
				if msg := checkDuration(s); msg != "" {
					iss.ReportErrorAtID(args[0].ID(), "%s", msg)
				}
			}
		case "days":
			if n, ok := intLit(args, 0); ok && (n > maxDaysLiteral || n < -maxDaysLiteral) {
				iss.ReportErrorAtID(args[0].ID(), "days(%d) is out of range (want at most %d days either way)", n, int64(maxDaysLiteral))
			}
		case "add_working_days":
			if n, ok := intLit(args, 1); ok && (n > maxWorkingDays || n < -maxWorkingDays) {
				iss.ReportErrorAtID(args[1].ID(), "add_working_days: %d working days is out of range (want at most %d either way)", n, int64(maxWorkingDays))
			}
		case "add_months":
			if n, ok := intLit(args, 1); ok && (n > maxMonths || n < -maxMonths) {
				iss.ReportErrorAtID(args[1].ID(), "add_months: %d months is out of range (want at most %d either way)", n, int64(maxMonths))
			}
		case "matches":
			// 'text'.matches(pattern) or matches(text, pattern): the pattern
			// is the last argument.
			if s, ok := stringLit(args, len(args)-1); ok {
				if _, err := regexp.Compile(s); err != nil {
					iss.ReportErrorAtID(args[len(args)-1].ID(), "invalid regular expression %s: %v (want RE2 syntax, https://github.com/google/re2/wiki/Syntax)",
						quoteCEL(s), strings.TrimPrefix(err.Error(), "error parsing regexp: "))
				}
			}
		case "int", "uint", "double":
			if s, ok := stringLit(args, 0); ok && !call.IsMemberFunction() && len(args) == 1 {
				if msg := checkNumber(fn, s); msg != "" {
					iss.ReportErrorAtID(args[0].ID(), "%s", msg)
				}
			}
		case operators.Equals, operators.NotEquals:
			if len(args) == 2 {
				c.compareWord(a, args[0], args[1], iss)
				c.compareWord(a, args[1], args[0], iss)
			}
		case operators.In:
			if len(args) == 2 && args[1].Kind() == ast.ListKind {
				for _, el := range args[1].AsList().Elements() {
					c.compareWord(a, args[0], el, iss)
				}
			}
		default:
			if c.lifecycle != nil {
				for _, i := range phaseArgs(call) {
					if s, ok := stringLit(args, i); ok {
						if msg := c.checkPhase(s); msg != "" {
							iss.ReportErrorAtID(args[i].ID(), "%s", msg)
						}
					}
				}
			}
		}
	}
}

// maxDaysLiteral is the largest day count days(n) accepts.
const maxDaysLiteral = int64(1<<63-1) / int64(24*time.Hour)

// moneyCall checks money('<amount> <CUR>') and money(n, 'CUR').
func (checker) moneyCall(a *ast.AST, args []ast.Expr, iss *cel.Issues) {
	switch len(args) {
	case 1:
		if s, ok := stringLit(args, 0); ok {
			if msg := checkMoney(s); msg != "" {
				iss.ReportErrorAtID(args[0].ID(), "%s", msg)
			}
		}
	case 2:
		if s, ok := stringLit(args, 1); ok {
			if _, err := pmo.ParseMoney("0 " + s); err != nil {
				iss.ReportErrorAtID(args[1].ID(), "invalid currency %s (want an ISO 4217 code in upper case, e.g. money(1000, 'EUR'))", quoteCEL(s))
			}
		}
	}
}

// compareWord checks a string literal lit compared with (or tested for
// membership against) the value of side: an enum field, a phase field or a
// risk rating.
func (c checker) compareWord(a *ast.AST, side, lit ast.Expr, iss *cel.Issues) {
	word, ok := literalString(lit)
	if !ok {
		return
	}
	if msg := c.wordProblem(a, side, word); msg != "" {
		iss.ReportErrorAtID(lit.ID(), "%s", msg)
	}
}

// wordProblem says why word can never equal the value of side (an enum
// field, a phase field, a risk rating or a consequence dimension), or ""
// when it can or side's words are not known.
func (c checker) wordProblem(a *ast.AST, side ast.Expr, word string) string {
	if typeName, field, ok := selectOf(a, side); ok {
		if f, ok := enumFields()[typeName][field]; ok {
			if !slices.Contains(f.words, word) && !(word == "" && f.absent == "") {
				hint := ""
				if near := nearest(word, f.words); near != "" {
					hint = fmt.Sprintf(": did you mean %s?", quoteCEL(near))
				}
				return fmt.Sprintf("%s is not a word of %s.%s%s (want %s)", quoteCEL(word), shortType(typeName), field, hint, wordList(f.words))
			}
			return ""
		}
		if c.lifecycle != nil && isPhaseField(typeName, field) && word != "" {
			return c.checkPhase(word)
		}
		return ""
	}
	if side.Kind() == ast.CallKind && side.AsCall().FunctionName() == "risk_rating" && len(c.ratings) > 0 {
		if !slices.Contains(c.ratings, word) {
			return fmt.Sprintf("%s is not a rating of the engine's risk matrix (want %s)", quoteCEL(word), wordList(c.ratings))
		}
	}
	if side.Kind() == ast.CallKind && side.AsCall().FunctionName() == "risk_dimension" && word != "" && !slices.Contains(c.dimensions, word) {
		if len(c.dimensions) == 0 {
			return fmt.Sprintf("%s is not a consequence dimension of the engine's risk matrix, which names none (risk_dimension is always '')", quoteCEL(word))
		}
		return fmt.Sprintf("%s is not a consequence dimension of the engine's risk matrix (want %s, or '' for a risk with the single impact)", quoteCEL(word), wordList(c.dimensions))
	}
	return ""
}

// paramWordsChecker checks the words of string and list parameters where a
// rule compares them with a value whose words are known (x == params.s,
// x != params.s, x in params.list, with x an enum field, a phase field,
// risk_rating(r) or risk_dimension(r)), as checker does for literals: a
// parameter value that can never match, such as a misspelt rating in
// risk-hygiene's high_ratings or a rating the engine's matrix does not
// have, is a compile error at the reading expression that names the
// parameter, the word and where the value came from, instead of a rule
// that silently never fires.
type paramWordsChecker struct {
	checker
	values map[string]paramWords // by "params.<name>"
}

// paramWords are the words a parameter holds and where they came from.
type paramWords struct {
	words  []string
	list   bool
	source string // "default", "go" or "file:line:col"
}

var _ cel.ASTValidator = paramWordsChecker{}

// Name implements cel.ASTValidator.
func (paramWordsChecker) Name() string { return "pmokit.governance.param-words" }

// Validate implements cel.ASTValidator.
func (c paramWordsChecker) Validate(_ *cel.Env, _ cel.ValidatorConfig, a *ast.AST, iss *cel.Issues) {
	for _, e := range ast.MatchDescendants(ast.NavigateAST(a), ast.KindMatcher(ast.CallKind)) {
		call := e.AsCall()
		args := call.Args()
		if len(args) != 2 {
			continue
		}
		switch call.FunctionName() {
		case operators.Equals, operators.NotEquals:
			c.check(a, args[0], args[1], false, iss)
			c.check(a, args[1], args[0], false, iss)
		case operators.In:
			c.check(a, args[0], args[1], true, iss)
		}
	}
}

// check reports the words of the parameter read by param (a list when
// list) that can never equal the value of side.
func (c paramWordsChecker) check(a *ast.AST, side, param ast.Expr, list bool, iss *cel.Issues) {
	ref, ok := a.ReferenceMap()[param.ID()]
	if !ok {
		return
	}
	pw, ok := c.values[ref.Name]
	if !ok || pw.list != list {
		return
	}
	for _, w := range pw.words {
		if msg := c.wordProblem(a, side, w); msg != "" {
			hint := ""
			if pw.source == "default" {
				hint = "; the default does not fit this engine: set the parameter (a parameters file, --params, or governance.WithParams)"
			}
			iss.ReportErrorAtID(param.ID(), "%s (from %s): %s%s", ref.Name, pw.source, msg, hint)
			return
		}
	}
}

func (c checker) checkPhase(word string) string {
	if c.lifecycle.Contains(word) {
		return ""
	}
	hint := ""
	if near := nearest(word, c.lifecycle); near != "" {
		hint = fmt.Sprintf(": did you mean %s?", quoteCEL(near))
	}
	return fmt.Sprintf("phase %s is not in the lifecycle%s (want %s)", quoteCEL(word), hint, wordList(c.lifecycle))
}

// shortType names a schema type as rule authors see it: pmo.Risk → risk.
func shortType(typeName string) string {
	_, name, _ := strings.Cut(typeName, ".")
	switch name {
	case "StatusReport":
		return "status_report"
	case "Gate":
		return "gate"
	}
	return strings.ToLower(name)
}

// selectOf returns the object type and field of a field selection
// (r.status), when side is one on a schema type.
func selectOf(a *ast.AST, side ast.Expr) (typeName, field string, ok bool) {
	if side.Kind() != ast.SelectKind {
		return "", "", false
	}
	sel := side.AsSelect()
	if sel.IsTestOnly() {
		return "", "", false
	}
	t := a.GetType(sel.Operand().ID())
	if t == nil || t.Kind() != types.StructKind {
		return "", "", false
	}
	return t.TypeName(), sel.FieldName(), true
}

// isPhaseField reports whether typeName.field holds a phase name.
func isPhaseField(typeName, field string) bool {
	switch typeName + "." + field {
	case projectTypeName + ".phase", gateTypeName + ".from", gateTypeName + ".to",
		"pmo.Approval.gate", "pmo.Decision.gate":
		return true
	}
	return false
}

// isStatusField reports whether a field holds a word of the portfolio's
// status scale (library_status.go).
func isStatusField(typeName, field string) bool {
	switch typeName + "." + field {
	case projectTypeName + ".status", "pmo.StatusReport.status":
		return true
	}
	return false
}

// phaseArgs returns the indexes of the arguments of call that are phase
// names: the lifecycle functions and the gate of the approval functions.
func phaseArgs(call ast.CallExpr) []int {
	switch call.FunctionName() {
	case "phase_index":
		return []int{0}
	case "phase_at_or_after", "phase_before":
		return []int{0, 1}
	case "approved_by_role":
		return []int{1}
	case "approvers":
		return []int{1}
	}
	return nil
}

func stringLit(args []ast.Expr, i int) (string, bool) {
	if i < 0 || i >= len(args) {
		return "", false
	}
	return literalString(args[i])
}

func literalString(e ast.Expr) (string, bool) {
	if e.Kind() != ast.LiteralKind {
		return "", false
	}
	s, ok := e.AsLiteral().(types.String)
	return string(s), ok
}

func intLit(args []ast.Expr, i int) (int64, bool) {
	if i >= len(args) {
		return 0, false
	}
	e := args[i]
	neg := false
	// -5 parses as a call of the negation operator on 5.
	if e.Kind() == ast.CallKind && e.AsCall().FunctionName() == operators.Negate && len(e.AsCall().Args()) == 1 {
		neg, e = true, e.AsCall().Args()[0]
	}
	if e.Kind() != ast.LiteralKind {
		return 0, false
	}
	n, ok := e.AsLiteral().(types.Int)
	if neg {
		n = -n
	}
	return int64(n), ok
}

// quoteCEL quotes s as a CEL string literal is written in a policy: 'x'.
func quoteCEL(s string) string {
	const max = 64
	if len(s) > max {
		s = s[:max] + "…"
	}
	return "'" + strings.ReplaceAll(s, "'", `\'`) + "'"
}

// wordList lists words as 'a', 'b' or 'c'.
func wordList(words []string) string {
	var b strings.Builder
	for i, w := range words {
		switch {
		case i == 0:
		case i == len(words)-1:
			b.WriteString(" or ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(quoteCEL(w))
	}
	return b.String()
}

// The accepted formats, as the messages state them.
const (
	moneyFormat = "want an amount and an ISO 4217 currency code separated by one space, e.g. money('1250000.00 USD')"
	dateFormat  = "want YYYY-MM-DD, e.g. date('2026-01-31'), or an RFC 3339 timestamp"
)

// checkMoney returns why s is not a money literal, with the fix, or "".
func checkMoney(s string) string {
	if _, err := pmo.ParseMoney(s); err == nil {
		return ""
	}
	q := quoteCEL(s)
	amount, cur, spaced := strings.Cut(strings.TrimSpace(s), " ")
	switch {
	case !spaced:
		// 1000USD: split the trailing letters off.
		i := strings.LastIndexFunc(s, func(r rune) bool { return r < 'A' || r > 'Z' && r < 'a' || r > 'z' })
		if i >= 0 && i < len(s)-1 {
			fix := s[:i+1] + " " + strings.ToUpper(s[i+1:])
			if _, err := pmo.ParseMoney(fix); err == nil {
				return fmt.Sprintf("invalid money %s: put a space between the amount and the currency: money(%s)", q, quoteCEL(fix))
			}
		}
	case strings.ContainsAny(amount, ",_'") && !strings.ContainsAny(amount, " "):
		fix := strings.NewReplacer(",", "", "_", "", "'", "").Replace(amount) + " " + cur
		if _, err := pmo.ParseMoney(fix); err == nil {
			return fmt.Sprintf("invalid money %s: write the amount without thousands separators: money(%s)", q, quoteCEL(fix))
		}
	case strings.ToUpper(cur) != cur:
		fix := amount + " " + strings.ToUpper(cur)
		if _, err := pmo.ParseMoney(fix); err == nil {
			return fmt.Sprintf("invalid money %s: currency codes are upper case: money(%s)", q, quoteCEL(fix))
		}
	}
	return fmt.Sprintf("invalid money %s (%s)", q, moneyFormat)
}

// checkDate returns why s is not a date('…') literal, or "".
func checkDate(s string) string {
	if t, err := time.Parse(time.DateOnly, s); err == nil && validTimestamp(t) {
		return ""
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil && validTimestamp(t) {
		return ""
	}
	return fmt.Sprintf("invalid date %s (%s)", quoteCEL(s), dateFormat)
}

// checkTimestamp returns why s is not a timestamp('…') literal, or "".
func checkTimestamp(s string) string {
	if t, err := time.Parse(time.RFC3339, s); err == nil && validTimestamp(t) {
		return ""
	}
	if checkDate(s) == "" {
		return fmt.Sprintf("invalid timestamp %s: timestamp() wants an RFC 3339 date and time; for a date write date(%s)", quoteCEL(s), quoteCEL(s))
	}
	return fmt.Sprintf("invalid timestamp %s (want RFC 3339, e.g. timestamp('2026-01-31T09:00:00Z'); for a date write date('2026-01-31'))", quoteCEL(s))
}

// checkDuration returns why s is not a duration('…') literal, or "".
func checkDuration(s string) string {
	if _, err := time.ParseDuration(s); err == nil {
		return ""
	}
	msg := fmt.Sprintf("invalid duration %s (want a number and a unit h, m, s, ms, us or ns, e.g. duration('36h')", quoteCEL(s))
	if n, ok := strings.CutSuffix(s, "d"); ok && n != "" && strings.Trim(n, "0123456789") == "" {
		return msg + fmt.Sprintf("; for days write days(%s))", n)
	}
	return msg + "; for days write days(30))"
}

// enumField is what the checks know of an enum field of the schema.
type enumFieldInfo struct {
	words  []string // the enum's words, in order
	absent string   // what an absent value reads as ("" for most)
}

// enumFields returns the enum fields of the schema by CEL type name and
// field name. The words come from the pmo enum types themselves (their
// String method), so the checks follow the schema.
var enumFields = sync.OnceValue(func() map[string]map[string]enumFieldInfo {
	out := map[string]map[string]enumFieldInfo{}
	for name, st := range schema().byName {
		if st.goType.Kind() != reflect.Struct {
			continue
		}
		for i := range st.goType.NumField() {
			sf := st.goType.Field(i)
			words := enumWords(sf.Type)
			if words == nil {
				continue
			}
			field := jsonName(sf)
			ft, ok := st.fields[field]
			if !ok {
				continue
			}
			info := enumFieldInfo{words: words}
			if v, err := ft.GetFrom(reflect.New(st.goType).Interface()); err == nil {
				if s, ok := v.(types.String); ok {
					info.absent = string(s)
				}
			}
			if out[name] == nil {
				out[name] = map[string]enumFieldInfo{}
			}
			out[name][field] = info
		}
	}
	return out
})

// enumWords returns the words of an enum type (an int type whose values 1,
// 2, … marshal as text to its words and past the last one to an error, as
// every pmo enum does), or nil.
func enumWords(t reflect.Type) []string {
	if t.Kind() != reflect.Int || !t.Implements(reflect.TypeFor[encoding.TextMarshaler]()) {
		return nil
	}
	var words []string
	for i := int64(1); i < 1000; i++ {
		v := reflect.New(t).Elem()
		v.SetInt(i)
		b, err := v.Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil || len(b) == 0 {
			break
		}
		words = append(words, string(b))
	}
	return words
}

// jsonName is the JSON (and CEL) name of a struct field.
func jsonName(sf reflect.StructField) string {
	name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
	if name == "" {
		return sf.Name
	}
	return name
}

// phaseLiterals returns the phase-name literals of a checked expression
// (compared with a phase field, or passed to a lifecycle or approval
// function) by expression ID; the empty string is left out.
func phaseLiterals(a *ast.AST) map[int64]string {
	out := map[int64]string{}
	add := func(e ast.Expr) {
		if s, ok := literalString(e); ok && s != "" {
			out[e.ID()] = s
		}
	}
	isPhase := func(e ast.Expr) bool {
		typeName, field, ok := selectOf(a, e)
		return ok && isPhaseField(typeName, field)
	}
	for _, e := range ast.MatchDescendants(ast.NavigateAST(a), ast.KindMatcher(ast.CallKind)) {
		call := e.AsCall()
		args := call.Args()
		switch call.FunctionName() {
		case operators.Equals, operators.NotEquals:
			if len(args) == 2 {
				if isPhase(args[0]) {
					add(args[1])
				}
				if isPhase(args[1]) {
					add(args[0])
				}
			}
		case operators.In:
			if len(args) == 2 && args[1].Kind() == ast.ListKind && isPhase(args[0]) {
				for _, el := range args[1].AsList().Elements() {
					add(el)
				}
			}
		default:
			for _, i := range phaseArgs(call) {
				if i < len(args) {
					add(args[i])
				}
			}
		}
	}
	return out
}

// phaseCheckFunction is the internal function that the phase-literal
// rewrite calls: @phase(portfolio, 'execution') is 'execution' when the
// portfolio's lifecycle holds it and an evaluation error naming the phase
// otherwise. The name cannot be written in a rule.
const phaseCheckFunction = "@phase"

// rewritePhases replaces each phase literal of the parsed expression (by
// the IDs found on its checked twin) with a call of phaseCheckFunction, so
// that a phase outside the evaluated portfolio's lifecycle is an error
// result that names it instead of a comparison that is never true.
func rewritePhases(parsed *ast.AST, lits map[int64]string) {
	rewriteWords(parsed, lits, phaseCheckFunction)
}

// rewriteWords replaces each literal of lits (word by expression ID) in the
// parsed expression with a call fn(portfolio, word), the check of a phase or
// a status word against the evaluated portfolio.
func rewriteWords(parsed *ast.AST, lits map[int64]string, fn string) {
	if len(lits) == 0 {
		return
	}
	var next int64
	for _, e := range ast.MatchDescendants(ast.NavigateAST(parsed), ast.AllMatcher()) {
		next = max(next, e.ID())
	}
	fac := ast.NewExprFactory()
	for _, e := range ast.MatchDescendants(ast.NavigateAST(parsed), ast.KindMatcher(ast.LiteralKind)) {
		word, ok := lits[e.ID()]
		if !ok {
			continue
		}
		if s, ok := literalString(e); !ok || s != word {
			continue
		}
		e.SetKindCase(fac.NewCall(next+1, fn,
			fac.NewIdent(next+2, "portfolio"), fac.NewLiteral(next+3, types.String(word))))
		next += 3
	}
}

// checkOptions are the environment options of the compile-time checks: the
// AST validator and the phase check function of the rewrite.
func checkOptions(c checker) []cel.EnvOption {
	return []cel.EnvOption{
		cel.ASTValidators(c),
		cel.Function(phaseCheckFunction,
			cel.Overload("pmokit_phase_portfolio_string", []*cel.Type{cel.ObjectType(portfolioTypeName), cel.StringType}, cel.StringType,
				cel.BinaryBinding(func(pfv, phase ref.Val) ref.Val {
					pf, ok := portfolioArg(pfv)
					s, ok2 := phase.(types.String)
					if !ok || !ok2 {
						return types.MaybeNoSuchOverloadErr(phase)
					}
					l := pf.Phases()
					if !l.Contains(string(s)) {
						hint := ""
						if near := nearest(string(s), l); near != "" {
							hint = fmt.Sprintf(": did you mean %s?", quoteCEL(near))
						}
						return types.NewErr("phase %s is not in the portfolio's lifecycle%s (want %s)", quoteCEL(string(s)), hint, wordList(l))
					}
					return phase // the argument itself: returning s would box it again
				}))),
	}
}

// checkNumber returns why s is not a literal for the conversion fn (int,
// uint or double), or "".
func checkNumber(fn, s string) string {
	var err error
	example := "int('42')"
	switch fn {
	case "int":
		_, err = strconv.ParseInt(s, 10, 64)
	case "uint":
		_, err = strconv.ParseUint(s, 10, 64)
		example = "uint('42')"
	case "double":
		_, err = strconv.ParseFloat(s, 64)
		example = "double('2.5')"
	}
	if err == nil {
		return ""
	}
	return fmt.Sprintf("invalid %s %s (want a number such as %s)", fn, quoteCEL(s), example)
}
