package governance

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/types"

	"github.com/pmokit/pmokit/pmo"
)

// LintWarning is a finding of [Engine.Lint]: something in a policy that
// compiles but is almost certainly a mistake. Its fields are those of
// [CompileError].
type LintWarning struct {
	Policy, Rule string
	// Path is the policy field holding the expression: when, expression,
	// message_expression, variables.<name>, or a rating's levels[i].when
	// and levels[i].message_expression (the names error types use); Rule
	// is then the rating's ID.
	Path string
	// File is the policy's file ([Policy.Source]), empty for a policy built
	// in Go.
	File         string
	Line, Column int
	Message      string
}

// String returns "<file>:<line>:<col>: warning: policy <p> rule <r>:
// <path>: <message>".
func (w LintWarning) String() string {
	var b strings.Builder
	if w.File != "" {
		b.WriteString(w.File)
		b.WriteString(":")
	}
	if w.Line > 0 {
		fmt.Fprintf(&b, "%d:%d:", w.Line, w.Column)
	}
	if b.Len() > 0 {
		b.WriteString(" ")
	}
	fmt.Fprintf(&b, "warning: policy %s", w.Policy)
	if w.Rule != "" {
		fmt.Fprintf(&b, " rule %s", w.Rule)
	}
	if w.Path != "" {
		fmt.Fprintf(&b, ": %s", w.Path)
	}
	b.WriteString(": ")
	b.WriteString(w.Message)
	return b.String()
}

// Lint compiles policies as [Engine.Compile] does, without a portfolio,
// and reports what compiles but is almost certainly a mistake:
//
//   - a variable that no expression of its policy reads;
//   - a when or expression that is constant (it reads no field, or folds
//     to a constant: x || true), so that the rule never runs, always fails
//     or can never fail (a constant variable is a threshold, not a
//     mistake);
//   - a rating level whose condition is constant: always true before the
//     last level (the levels after it are never reached) or always false;
//   - an expression whose worst-case cost estimated at the declared sizes
//     (see [WithEstimatedCostLimit]) exceeds the runtime cost limit: on a
//     portfolio that large it is an error result;
//   - a status word (compared with a status, or passed to status_index or
//     status_worse) off the default status scale green, amber, red: a
//     portfolio's status_scale may hold it, but it is most often a typo
//     (on a portfolio whose scale lacks it the rule is an error result);
//   - a phase name outside the default lifecycle, when the engine has no
//     [WithLifecycle]: it makes its rule an error on every portfolio whose
//     lifecycle lacks it.
//
// The error is that of Compile (every *CompileError of every policy,
// joined); the warnings are those of the policies that compile, in policy
// order. Enum words and literals that cannot be valid are compile errors,
// not warnings.
func (e *Engine) Lint(policies ...*Policy) ([]LintWarning, error) {
	_, err := e.Compile(policies...)
	var warnings []LintWarning
	for _, p := range policies {
		if p == nil {
			continue
		}
		set, perr := e.Compile(p)
		if perr != nil {
			continue
		}
		warnings = append(warnings, e.lintPolicy(p, set.policies[0])...)
	}
	if err != nil {
		var ce *CompileError
		if !errors.As(err, &ce) {
			return warnings, err
		}
	}
	return warnings, err
}

func (e *Engine) lintPolicy(p *Policy, cp *compiledPolicy) []LintWarning {
	var out []LintWarning
	warn := func(prg *program, line, col int, format string, args ...any) {
		l, c := prg.pos.locate(prg.text, line, col)
		out = append(out, LintWarning{Policy: p.Name, Rule: prg.rule, Path: prg.field, File: p.Source,
			Line: l, Column: c, Message: fmt.Sprintf(format, args...)})
	}
	var all []*program
	all = append(all, cp.when)
	all = append(all, cp.vars...)
	for _, r := range cp.rules {
		all = append(all, r.when, r.expr, r.msgExpr)
	}
	all = append(all, cp.ratingPrograms()...)
	all = slices.DeleteFunc(all, func(prg *program) bool { return prg == nil })

	// Variables nobody reads.
	read := map[string]bool{}
	for _, prg := range all {
		for _, ref := range prg.ast.NativeRep().ReferenceMap() {
			if name, ok := strings.CutPrefix(ref.Name, "variables."); ok {
				read[name] = true
			}
		}
	}
	for i, name := range cp.varNames {
		if !read[name] {
			warn(cp.vars[i], 1, 0, "variables.%s is never read", name)
		}
	}
	out = append(out, unreadParams(p, all)...) // params_set.go
	for _, prg := range all {
		e.lintProgram(prg, warn)
	}
	e.lintRatings(cp, warn) // ratings.go
	return out
}

func (e *Engine) lintProgram(prg *program, warn func(prg *program, line, col int, format string, args ...any)) {
	if msg := constantMessage(prg, e.costLimit); msg != "" {
		warn(prg, 1, 0, "%s", msg)
	}
	if prg.estimate > e.costLimit {
		warn(prg, 1, 0, "estimated worst-case cost %s at the declared sizes (%d projects, people and programs, %d items in any other list, %d-byte strings) exceeds the runtime cost limit %d: on a portfolio that large it is an error result",
			costString(prg.estimate), hintPortfolioList, hintList, hintString, e.costLimit)
	}
	lintStatuses(prg, warn) // lint_status.go
	if e.lifecycle == nil {
		def := pmo.DefaultLifecycle()
		for id, word := range checkedPhases(prg.ast.NativeRep()) {
			if !def.Contains(word) {
				loc := prg.ast.NativeRep().SourceInfo().GetStartLocation(id)
				warn(prg, loc.Line(), loc.Column(), "phase %s is not in the default lifecycle (%s): the rule is an error on every portfolio whose lifecycle lacks it",
					quoteCEL(word), wordList(def))
			}
		}
	}
}

func costString(c uint64) string {
	if c == ^uint64(0) {
		return "unbounded"
	}
	return fmt.Sprint(c)
}

// constantMessage says why a constant expression is a mistake, or "".
func constantMessage(prg *program, limit uint64) string {
	if prg.estimate > limit {
		return "" // never fold an expensive constant
	}
	opt, err := cel.NewStaticOptimizer(constantFolder())
	if err != nil {
		return ""
	}
	folded, iss := opt.Optimize(prg.env, prg.ast)
	if iss != nil && iss.Err() != nil {
		return ""
	}
	root := folded.NativeRep().Expr()
	if root.Kind() != ast.LiteralKind {
		return ""
	}
	v := root.AsLiteral()
	switch prg.field {
	case "when":
		if v == types.True {
			return "when is always true: remove it"
		}
		if v == types.False {
			return "when is always false: the rule never runs"
		}
	case "expression":
		if v == types.True {
			return "expression is always true: the rule can never fail"
		}
		if v == types.False {
			return "expression is always false: the rule fails on every subject"
		}
	}
	// A constant variable is a threshold, and a constant message is a
	// message: both as intended.
	return ""
}

// constantFolder is cel-go's constant-folding optimizer.
func constantFolder() cel.ASTOptimizer {
	f, err := cel.NewConstantFoldingOptimizer()
	if err != nil {
		return nil
	}
	return f
}

// checkedPhases returns the phase names that rewritePhases turned into run
// time checks, by the expression ID of the check (the literal's).
func checkedPhases(a *ast.AST) map[int64]string {
	out := map[int64]string{}
	for _, e := range ast.MatchDescendants(ast.NavigateAST(a), ast.FunctionMatcher(phaseCheckFunction)) {
		if s, ok := stringLit(e.AsCall().Args(), 1); ok {
			out[e.ID()] = s
		}
	}
	return out
}
