package governance

import (
	"cel.dev/cel-go/common/functions"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/cost"
	"cel.dev/cel-go/common/types"

	"github.com/pmokit/pmokit/internal/textcut"
)

// CompileError is an error in one expression of a policy: a syntax error, an
// unknown field or variable, a rule that is not boolean, a message
// expression that is not a string, or a worst-case cost above the limit. Its
// fields follow the naming rule of every pmokit error type: File is the
// policy's file (Policy.Source), Line and Column (1-based) the position in
// it when the policy was parsed from one (columns count bytes), otherwise
// within the expression, Path the policy field holding the expression (when,
// expression, message_expression, variables.<name>, or in a rating
// levels[i].when and levels[i].message_expression), and Err the cause.
// Policy and Rule name the policy and the rule (the rating, for an error in
// a rating); Rule is empty for errors in the policy's when or variables.
type CompileError struct {
	Policy       string
	Rule         string
	Path         string
	File         string
	Line, Column int
	Err          error
}

// Error returns "governance: <file>:<line>:<col>: policy <p> rule <r>:
// <path>: <cause>".
func (e *CompileError) Error() string {
	var b strings.Builder
	b.WriteString("governance: ")
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteString(":")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "%d:%d:", e.Line, e.Column)
	}
	if e.File != "" || e.Line > 0 {
		b.WriteString(" ")
	}
	fmt.Fprintf(&b, "policy %s", textcut.Cut(e.Policy))
	if e.Rule != "" {
		fmt.Fprintf(&b, " rule %s", textcut.Cut(e.Rule))
	}
	if e.Path != "" {
		fmt.Fprintf(&b, ": %s", e.Path)
	}
	b.WriteString(": ")
	if e.Err != nil {
		b.WriteString(strings.TrimPrefix(e.Err.Error(), "governance: "))
	}
	return b.String()
}

// Unwrap returns Err, the cause.
func (e *CompileError) Unwrap() error { return e.Err }

// Is reports whether target is [ErrInvalidPolicy], which every CompileError
// matches: a policy that does not compile is an invalid policy.
func (e *CompileError) Is(target error) bool { return target == ErrInvalidPolicy }

// PolicySet is a compiled set of policies, ready to evaluate with
// [PolicySet.Evaluate] and [PolicySet.CheckGate]. It is immutable and safe
// for concurrent use by multiple goroutines.
type PolicySet struct {
	engine   *Engine
	policies []*compiledPolicy // in Compile order
	conds    conditionCache    // the compiled conditions of waivers (waivers.go)
	params   []ParamValue      // the effective parameter values (params_set.go)
}

// PolicyNames returns the names of the compiled policies, in the order they
// were given to [Engine.Compile].
func (s *PolicySet) PolicyNames() []string {
	out := make([]string, len(s.policies))
	for i, p := range s.policies {
		out[i] = p.name
	}
	return out
}

type compiledPolicy struct {
	name, version string
	scope         Scope
	when          *program
	vars          []*program
	varNames      []string
	varIndex      map[string]int
	rules         []*compiledRule
	waiver        waiverPolicy      // who may waive it, for how long (waivers.go)
	env           *cel.Env          // the scope's environment with the variables, for waiver conditions
	ratings       []*compiledRating // see ratings.go
	ratingIndex   map[string]int
}

type compiledRule struct {
	id, message, description string
	severity                 Severity
	when, expr, msgExpr      *program
	fallback                 string // the message without message_expression, see fallbackMessage
	waivable                 bool   // see Rule.Waivable
}

// program is one compiled expression. Its explain plan (explain_plan.go)
// is built on first use, when a failure of it is first explained.
type program struct {
	text     string
	ast      *cel.Ast
	estimate uint64 // worst-case cost at the size hints (sizeHints)
	// Where the expression is, for Lint.
	env         *cel.Env
	rule, field string
	pos         exprPos
	prg         cel.Program // with the runtime cost limit
	budget      *budget     // when an untracked program will do; nil: always prg
	explain     func() (*explainPlan, error)
	native      func() *nativePlan // nil when the expression has none (native.go)
}

// nativePlan returns the program's native plan, nil if it has none.
func (p *program) nativePlan() *nativePlan {
	if p.native == nil {
		return nil
	}
	return p.native()
}

// Compile type-checks policies against the schema of their scope and
// compiles them into a PolicySet. Every error of every policy is reported
// together: errors.Join of *CompileError values (use errors.As). Policy
// names must be unique in the set.
func (e *Engine) Compile(policies ...*Policy) (*PolicySet, error) {
	if e == nil || e.envs[ScopeProject] == nil {
		// A zero Engine has no environments; compiling with it would
		// panic in a goroutine the caller cannot recover.
		return nil, errors.New("governance: compile: engine not created with New")
	}
	set := &PolicySet{engine: e}
	// Policies compile independently (cel-go environments are safe for
	// concurrent use), so they are spread over GOMAXPROCS goroutines; the
	// results and errors are gathered in policy order.
	type compiled struct {
		cp     *compiledPolicy
		errs   []error
		params []ParamValue
		used   []int // indexes of e.params
	}
	out := make([]compiled, len(policies))
	names := map[string]bool{}
	var todo []int
	for i, p := range policies {
		switch {
		case p == nil:
			out[i].errs = []error{&CompileError{Err: fmt.Errorf("policy %d is nil", i)}}
		case names[p.Name]:
			line, col := p.pos.node.fileAt(0)
			out[i].errs = []error{&CompileError{Policy: p.Name, File: p.Source, Line: line, Column: col,
				Err: errors.New("duplicate policy name in the set")}}
		default:
			names[p.Name] = true
			todo = append(todo, i)
		}
	}
	var (
		next atomic.Int64
		wg   sync.WaitGroup
	)
	for range min(runtime.GOMAXPROCS(0), len(todo)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1)) - 1
				if k >= len(todo) {
					return
				}
				i := todo[k]
				c := &out[i]
				c.cp, c.errs, c.params, c.used = e.compilePolicySafe(policies[i])
			}
		}()
	}
	wg.Wait()
	var errs []error
	used := make([]bool, len(e.params))
	for _, c := range out {
		errs = append(errs, c.errs...)
		if c.cp != nil {
			set.policies = append(set.policies, c.cp)
			set.params = append(set.params, c.params...)
		}
		for _, i := range c.used {
			used[i] = true
		}
	}
	errs = append(errs, unusedSettings(e.params, used, policies)...)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return set, nil
}

// compilePolicySafe is compilePolicy with a panic (from cel-go or from a
// host's cel.EnvOption) turned into a compile error: it runs on a goroutine
// of Compile, where a panic would end the host's program.
func (e *Engine) compilePolicySafe(p *Policy) (cp *compiledPolicy, errs []error, params []ParamValue, used []int) {
	defer func() {
		if r := recover(); r != nil {
			cp, errs = nil, []error{&CompileError{Policy: p.Name, File: p.Source,
				Err: fmt.Errorf("internal error: %v", r)}}
		}
	}()
	return e.compilePolicy(p)
}

// policyCompiler compiles the expressions of one policy.
type policyCompiler struct {
	e    *Engine
	p    *Policy
	env  *cel.Env
	errs []error
	// policySevReported: an error of the policy's default severity is
	// recorded once (see severity).
	policySevReported bool
	// paramSizes are the sizes of the policy's parameter values
	// (params_set.go), for the cost estimate at measured sizes.
	paramSizes dataSizes
	// disp is the function bindings of the scope, for native plans.
	disp func() (map[string]*functions.Overload, error)
}

func (e *Engine) compilePolicy(p *Policy) (*compiledPolicy, []error, []ParamValue, []int) {
	scope := p.Scope.orDefault()
	pc := &policyCompiler{e: e, p: p}
	if p.Name == "" {
		pc.errs = append(pc.errs, &CompileError{File: p.Source, Err: errors.New("policy has no name")})
	}
	if scope < ScopePortfolio || scope > ScopeChange {
		pc.errs = append(pc.errs, &CompileError{Policy: p.Name, File: p.Source, Err: fmt.Errorf("invalid scope %d", int(scope))})
		return nil, pc.errs, nil, nil
	}
	if len(p.Rules) == 0 && len(p.Ratings) == 0 {
		pc.errs = append(pc.errs, &CompileError{Policy: p.Name, File: p.Source, Err: errors.New("policy has no rules (and no ratings)")})
	}
	pc.env = e.envs[scope]
	pc.disp = e.disp[scope]
	cp := &compiledPolicy{name: p.Name, version: p.Version, scope: scope}
	cp.waiver = pc.waiverPolicy() // waivers.go

	// Parameters: constants of the policy's environment (params_set.go).
	params, record, used := pc.bindParams()
	if len(params) > 0 {
		pc.env = pc.paramsEnv(params, record)
		pc.paramSizes = sizesOf(params)
	}

	// Variables: each is compiled in an environment that declares the ones
	// before it; a variable that does not compile is declared as dyn so that
	// the rules reading it are still checked.
	if len(p.Variables) > 0 {
		cp.varIndex = make(map[string]int, len(p.Variables))
	}
	for _, v := range p.Variables {
		pos := p.pos.vars[v.Name].forText(v.Expression)
		field := "variables." + v.Name
		prg := pc.compile("", field, v.Expression, pos, nil)
		t := cel.DynType
		if prg != nil {
			t = prg.ast.OutputType()
		}
		if _, dup := cp.varIndex[v.Name]; dup || !isIdent(v.Name) {
			pc.fail("", field, pos, v.Expression, 0, 0, fmt.Sprintf("invalid or duplicate variable name %s", textcut.Quote(v.Name)))
			continue
		}
		env, err := pc.env.Extend(cel.Variable("variables."+v.Name, t))
		if err != nil {
			pc.fail("", field, pos, v.Expression, 0, 0, err.Error())
			continue
		}
		pc.env = env
		cp.varIndex[v.Name] = len(cp.vars)
		cp.vars = append(cp.vars, prg)
		cp.varNames = append(cp.varNames, v.Name)
	}
	if p.When != "" {
		cp.when = pc.compile("", "when", p.When, p.pos.when.forText(p.When), types.BoolType)
	}
	pc.compileRatings(cp) // declares ratings for the rules (ratings.go)
	ids := map[string]bool{}
	for i, r := range p.Rules {
		rp := p.pos.rules[r.ID] // the positions of this rule, by value
		pos := rulePositions{
			id:                rp.id,
			when:              rp.when.forText(r.When),
			expression:        rp.expression.forText(r.Expression),
			messageExpression: rp.messageExpression.forText(r.MessageExpression),
		}
		if r.ID == "" || ids[r.ID] {
			pc.fail(r.ID, "id", pos.id, "", 0, 0, fmt.Sprintf("rule %d: missing or duplicate rule id %s", i, textcut.Quote(r.ID)))
			continue
		}
		ids[r.ID] = true
		cr := &compiledRule{id: r.ID, message: r.Message, description: r.Description, waivable: r.Waivable == nil || *r.Waivable}
		cr.severity = pc.severity(r.ID, r.Severity, r.Severities, rp.id, rp.severity, &pc.policySevReported)
		if r.When != "" {
			cr.when = pc.compile(r.ID, "when", r.When, pos.when, types.BoolType)
		}
		if strings.TrimSpace(r.Expression) == "" {
			pc.fail(r.ID, "expression", pos.id, "", 0, 0, "required field missing")
		} else {
			cr.expr = pc.compile(r.ID, "expression", r.Expression, pos.expression, types.BoolType)
		}
		if r.MessageExpression != "" {
			cr.msgExpr = pc.compile(r.ID, "message_expression", r.MessageExpression, pos.messageExpression, types.StringType)
		}
		cr.fallback = fallbackMessage(r)
		cp.rules = append(cp.rules, cr)
	}
	if len(pc.errs) > 0 {
		return nil, pc.errs, nil, used
	}
	cp.env = pc.env
	return cp, nil, record, used
}

// fail records a compile error at line:col (CEL's: 1-based line, 0-based
// rune column) within expr, translated to the file position.
func (pc *policyCompiler) fail(rule, field string, pos exprPos, expr string, line, col int, msg string) {
	l, c := pos.locate(expr, line, col)
	if !pos.known() && expr == "" {
		l, c = 0, 0
	}
	pc.errs = append(pc.errs, &CompileError{
		Policy: pc.p.Name, Rule: rule, Path: field, File: pc.p.Source,
		Line: l, Column: c, Err: errors.New(msg),
	})
}

// compile parses, checks and plans one expression; want is the required
// output type (nil: any). It returns nil after recording errors.
func (pc *policyCompiler) compile(rule, field, text string, pos exprPos, want *types.Type) *program {
	ast, iss := pc.env.Compile(text)
	if iss != nil && iss.Err() != nil {
		for _, ce := range iss.Errors() {
			msg := ce.Message
			if hint := paramHintFor(pc.p, msg); hint != "" {
				msg += ": " + hint
			} else if hint := typeHint(msg); hint != "" {
				msg += ": " + hint
			} else if hint := fieldHint(pc.env, text, msg); hint != "" {
				msg += ": " + hint
			} else if hint := ratingsHint(pc.p, msg); hint != "" {
				msg += ": " + hint
			}
			pc.fail(rule, field, pos, text, ce.Location.Line(), ce.Location.Column(), msg)
		}
		return nil
	}
	// Only the portfolio knows its lifecycle (without WithLifecycle) and its
	// status scale: phase names and the status words compared with a
	// status are checked when the rule runs (see rewritePhases and
	// rewriteStatuses).
	var phaseLits map[int64]string
	if pc.e.lifecycle == nil {
		phaseLits = phaseLiterals(ast.NativeRep())
	}
	if statusLits := statusWords(ast.NativeRep(), false); len(phaseLits) > 0 || len(statusLits) > 0 {
		parsed, iss := pc.env.Parse(text)
		if iss == nil || iss.Err() == nil {
			rewritePhases(parsed.NativeRep(), phaseLits)
			rewriteStatuses(parsed.NativeRep(), statusLits)
			checked, iss := pc.env.Check(parsed)
			if iss != nil && iss.Err() != nil {
				pc.fail(rule, field, pos, text, 1, 0, "internal error: phase or status check: "+iss.Err().Error())
				return nil
			}
			ast = checked
		}
	}
	if want != nil && !ast.OutputType().IsExactType(want) && ast.OutputType() != types.DynType {
		pc.fail(rule, field, pos, text, 1, 0,
			fmt.Sprintf("must be of type %s, found %s", want, ast.OutputType()))
		return nil
	}
	est, err := pc.env.EstimateCost(ast, sizeHints{}, rangeCost(sizeHints{}))
	if err != nil {
		pc.fail(rule, field, pos, text, 1, 0, fmt.Sprintf("cannot estimate cost: %v", err))
		return nil
	}
	if pc.e.estimateLimit > 0 && est.Max > pc.e.estimateLimit {
		pc.fail(rule, field, pos, text, 1, 0,
			fmt.Sprintf("estimated worst-case cost %d exceeds the limit %d (assuming up to %d projects, people and programs, %d items in any other list and %d-byte strings)",
				est.Max, pc.e.estimateLimit, hintPortfolioList, hintList, hintString))
		return nil
	}
	progOpts := []cel.ProgramOption{cel.InterruptCheckFrequency(interruptCheckFrequency), cel.CustomDecoratorV2(foldConstants)}
	if pc.e.costLimit > 0 { // always, except in this package's benchmarks
		progOpts = append(progOpts, cel.CostLimit(pc.e.costLimit))
	}
	prg, err := pc.env.Program(ast, progOpts...)
	if err != nil {
		pc.fail(rule, field, pos, text, 1, 0, err.Error())
		return nil
	}
	env := pc.env
	var b *budget
	if pc.e.costLimit > 0 {
		b = &budget{env: env, ast: ast, limit: pc.e.costLimit, indexLoops: !rebindsSchemaVariable(ast.NativeRep()), params: pc.paramSizes,
			untracked: sync.OnceValues(func() (cel.Program, error) {
				return env.Program(ast, cel.InterruptCheckFrequency(interruptCheckFrequency), cel.CustomDecoratorV2(foldConstants))
			})}
	}
	return &program{
		text:     text,
		ast:      ast,
		estimate: est.Max,
		env:      env,
		rule:     rule,
		field:    field,
		pos:      pos,
		prg:      prg,
		budget:   b,
		explain: sync.OnceValues(func() (*explainPlan, error) {
			return newExplainPlan(env, ast)
		}),
		native: nativeFor(pc.e, env, ast, pc.disp),
	}
}

// sizeHints are the size assumptions of the compile-time cost estimate.
type sizeHints struct{}

// The size hints of the cost estimate.
const (
	hintPortfolioList = 1000 // projects, people, programs of a portfolio
	hintList          = 100  // any other list or map
	hintString        = 1000 // bytes of a string
)

// EstimateSize implements cost.Estimator.
func (sizeHints) EstimateSize(n cost.AstNode) *cost.SizeEstimate {
	t := n.Type()
	if t == nil {
		return nil
	}
	switch t.Kind() {
	case types.ListKind, types.MapKind:
		return &cost.SizeEstimate{Min: 0, Max: hintListSize(n.Path())}
	case types.StringKind, types.BytesKind:
		return &cost.SizeEstimate{Min: 0, Max: hintString}
	case types.OpaqueKind:
		if t.TypeName() == moneyTypeName {
			return &cost.SizeEstimate{Min: 1, Max: 1}
		}
	}
	return nil
}

// EstimateCallCost implements cost.Estimator: the library's functions that
// loop over a project's approvals or a list of money cost one unit per
// element.
func (sizeHints) EstimateCallCost(function, overloadID string, target *cost.AstNode, args []cost.AstNode) *cost.CallEstimate {
	switch overloadID {
	case "portfolio_approved_by_role_project_string_string", "approvers_project_string",
		"sum_list_money", "list_money_sum":
		return &cost.CallEstimate{CostEstimate: cost.CostEstimate{Min: 1, Max: hintList + 1}}
	case "portfolio_has_role_string_string":
		return &cost.CallEstimate{CostEstimate: cost.CostEstimate{Min: 1, Max: hintPortfolioList + 1}}
	}
	return nil
}

// rangeBound implements rangeBounder: the range of an index loop over x
// is as long as x's size hint.
func (sizeHints) rangeBound(arg cost.AstNode) (uint64, bool) {
	if path, ok := sizeArgPath(arg.Expr()); ok {
		return hintListSize(path), true
	}
	return 0, false
}

// rangeBounder bounds the length of lists.range(n) from its argument.
type rangeBounder interface {
	rangeBound(arg cost.AstNode) (uint64, bool)
}

// rangeCost is the cost estimate of lists.range, replacing cel-go's model
// (which bounds only a literal n): a literal n, or a size of a schema
// list bounded by h (an index loop), and unbounded otherwise.
func rangeCost(h rangeBounder) cost.CostOption {
	return cost.OverloadCostEstimate("lists_range", func(_ cost.Estimator, _ *cost.AstNode, args []cost.AstNode) *cost.CallEstimate {
		if len(args) == 1 {
			if e := args[0].Expr(); e != nil && e.Kind() == ast.LiteralKind {
				if n, ok := e.AsLiteral().(types.Int); ok {
					return rangeEstimate(uint64(max(n, 0)))
				}
			}
			if n, ok := h.rangeBound(args[0]); ok {
				return rangeEstimate(n)
			}
		}
		return rangeEstimate(math.MaxUint64 - 11)
	})
}

// rangeEstimate is the cost and result size of lists.range(n) for n at
// most size: cel-go charges a call and a list creation (1 + 10) plus one
// unit per element.
func rangeEstimate(size uint64) *cost.CallEstimate {
	return &cost.CallEstimate{
		CostEstimate: cost.CostEstimate{Min: 11, Max: 11 + size},
		ResultSize:   &cost.SizeEstimate{Min: 0, Max: size},
	}
}

// hintListSize is the size hint of the list or map at path.
func hintListSize(path []string) uint64 {
	if len(path) > 0 {
		switch path[len(path)-1] {
		case "projects", "people", "programs":
			return hintPortfolioList
		}
	}
	return hintList
}

// sizeArgPath recognises the argument of an index loop's range,
// lists.range(size(x)) or lists.range(x.size()) with x a list or map field
// of the schema variables, and returns the path of x: the range is no
// longer than x.
func sizeArgPath(arg ast.Expr) ([]string, bool) {
	if arg == nil {
		return nil, false
	}
	if arg.Kind() != ast.CallKind || arg.AsCall().FunctionName() != "size" {
		return nil, false
	}
	c := arg.AsCall()
	var x ast.Expr
	switch {
	case c.IsMemberFunction() && len(c.Args()) == 0:
		x = c.Target()
	case !c.IsMemberFunction() && len(c.Args()) == 1:
		x = c.Args()[0]
	default:
		return nil, false
	}
	var path []string
	for x.Kind() == ast.SelectKind && !x.AsSelect().IsTestOnly() {
		path = append([]string{x.AsSelect().FieldName()}, path...)
		x = x.AsSelect().Operand()
	}
	if x.Kind() != ast.IdentKind || len(path) == 0 {
		return nil, false
	}
	var typeName string
	switch x.AsIdent() {
	case "portfolio":
		typeName = portfolioTypeName
	case "project":
		typeName = projectTypeName
	case "change":
		typeName = changeTypeName
	case "gate":
		typeName = gateTypeName
	default:
		return nil, false
	}
	// Only a list or map field of the schema (not a string: its size is
	// bounded by the string length, not the list length).
	for i, f := range path {
		st, ok := schema().byName[typeName]
		if !ok {
			return nil, false
		}
		ft, ok := st.fields[f]
		if !ok {
			return nil, false
		}
		if i == len(path)-1 {
			if k := ft.Type.Kind(); k != types.ListKind && k != types.MapKind {
				return nil, false
			}
			break
		}
		typeName = ft.Type.TypeName()
	}
	return append([]string{x.AsIdent()}, path...), true
}
