package governance

import (
	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"

	"github.com/pmokit/pmokit/internal/textcut"
	"github.com/pmokit/pmokit/pmo"
)

// A status is a word of the portfolio's own status scale, unknown when
// policies compile. So a string literal compared with a status
// (project.status == 'amber', a status report's status in [...]) is
// rewritten, like a phase name (rewritePhases), into a call of
// statusCheckFunction that the rule evaluates against the portfolio's
// scale: a word off the scale is an error result that names it, never a
// comparison that is silently never true. Lint warns about the words off
// the default scale.

// statusCheckFunction is the internal function of the status rewrite:
// @status(portfolio, 'amber') is 'amber' when the portfolio's status scale
// holds it and an evaluation error naming the word otherwise. The name
// cannot be written in a rule.
const statusCheckFunction = "@status"

// statusWords returns the string literals a checked expression compares
// with a status (==, != and in) by the literal's expression ID, and, when
// withArgs, those it passes to status_index and status_worse too. The
// empty string is left out: it tests for an unset status.
func statusWords(a *ast.AST, withArgs bool) map[int64]string {
	out := map[int64]string{}
	isStatus := func(e ast.Expr) bool {
		typeName, field, ok := selectOf(a, e)
		return ok && isStatusField(typeName, field)
	}
	add := func(e ast.Expr) {
		if s, ok := literalString(e); ok && s != "" {
			out[e.ID()] = s
		}
	}
	for _, e := range ast.MatchDescendants(ast.NavigateAST(a), ast.KindMatcher(ast.CallKind)) {
		call := e.AsCall()
		args := call.Args()
		switch call.FunctionName() {
		case operators.Equals, operators.NotEquals:
			if len(args) == 2 && isStatus(args[0]) {
				add(args[1])
			}
			if len(args) == 2 && isStatus(args[1]) {
				add(args[0])
			}
		case operators.In:
			if len(args) == 2 && isStatus(args[0]) && args[1].Kind() == ast.ListKind {
				for _, el := range args[1].AsList().Elements() {
					add(el)
				}
			}
		case "status_index", "status_worse":
			if withArgs {
				for _, arg := range args {
					add(arg)
				}
			}
		case statusCheckFunction:
			// A rewritten literal: the call keeps the literal's ID, and so
			// its position.
			if s, ok := stringLit(args, 1); ok {
				out[e.ID()] = s
			}
		}
	}
	return out
}

// rewriteStatuses replaces each status literal of the parsed expression
// (by the IDs found on its checked twin) with a call of
// statusCheckFunction.
func rewriteStatuses(parsed *ast.AST, lits map[int64]string) {
	rewriteWords(parsed, lits, statusCheckFunction)
}

// statusCheckOptions declare statusCheckFunction.
func statusCheckOptions() []cel.EnvOption {
	return []cel.EnvOption{
		cel.Function(statusCheckFunction,
			cel.Overload("pmokit_status_portfolio_string", []*cel.Type{cel.ObjectType(portfolioTypeName), cel.StringType}, cel.StringType,
				cel.BinaryBinding(func(pfv, word ref.Val) ref.Val {
					pf, ok := portfolioArg(pfv)
					s, ok2 := word.(types.String)
					if !ok || !ok2 {
						return types.MaybeNoSuchOverloadErr(word)
					}
					scale := pf.Statuses()
					if !scale.Contains(string(s)) {
						hint := ""
						if near := nearest(string(s), scale); near != "" {
							hint = ": did you mean " + quoteCEL(near) + "?"
						}
						return types.NewErr("governance: status %s is not on the portfolio's status scale%s (want %s)", textcut.Quote(string(s)), hint, wordList(scale))
					}
					return word // the argument itself: returning s would box it again
				}))),
	}
}

// lintStatuses warns about the status words of prg that are not on the
// default status scale.
func lintStatuses(prg *program, warn func(prg *program, line, col int, format string, args ...any)) {
	def := pmo.DefaultStatusScale()
	for id, word := range statusWords(prg.ast.NativeRep(), true) {
		if !def.Contains(word) {
			loc := prg.ast.NativeRep().SourceInfo().GetStartLocation(id)
			warn(prg, loc.Line(), loc.Column(), "status %s is not on the default status scale (%s): on a portfolio whose status_scale lacks it the rule is an error",
				quoteCEL(word), wordList(def))
		}
	}
}
