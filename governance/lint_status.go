package governance

import (
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"

	"github.com/pmokit/pmokit/pmo"
)

// statusWords returns the string literals a rule compares with a status
// (project.status, a status report's status: ==, != and in) or passes to
// status_index and status_worse, by the literal's expression ID. A status
// is a word of the portfolio's own scale, unknown when policies compile,
// so Lint (not Compile) warns about a word off the default scale.
func statusWords(a *ast.AST) map[int64]string {
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
			for _, arg := range args {
				add(arg)
			}
		}
	}
	return out
}

// lintStatuses warns about the status words of prg that are not on the
// default status scale.
func lintStatuses(prg *program, warn func(prg *program, line, col int, format string, args ...any)) {
	def := pmo.DefaultStatusScale()
	for id, word := range statusWords(prg.ast.NativeRep()) {
		if !def.Contains(word) {
			loc := prg.ast.NativeRep().SourceInfo().GetStartLocation(id)
			warn(prg, loc.Line(), loc.Column(), "status %s is not on the default status scale (%s): on a portfolio whose status_scale lacks it no status equals it and status_index is an error",
				quoteCEL(word), wordList(def))
		}
	}
}
