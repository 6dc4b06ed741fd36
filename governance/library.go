package governance

import (
	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common"
	"cel.dev/cel-go/common/ast"
)

// pmoLibrary is the PMO function library as one cel.Library bundle (like
// cel-go's ext libraries): the schema types, money, dates, lifecycle,
// approvals, earned value and risk functions, and the macros that give the
// functions reading now or the portfolio their short global forms. The
// package documentation lists every function with an example.
type pmoLibrary struct {
	risk riskRater
}

// LibraryName implements cel.Library.
func (pmoLibrary) LibraryName() string { return "pmokit.governance" }

// CompileOptions implements cel.Library.
func (l pmoLibrary) CompileOptions() []cel.EnvOption {
	var opts []cel.EnvOption
	opts = append(opts, moneyOptions()...)
	opts = append(opts, dateOptions()...)
	opts = append(opts, monthOptions()...)
	opts = append(opts, portfolioOptions()...)
	opts = append(opts, statusOptions()...)      // library_status.go
	opts = append(opts, statusCheckOptions()...) // lint_status.go
	opts = append(opts, toleranceOptions()...)   // library_tolerance.go
	opts = append(opts, evOptions()...)
	opts = append(opts, riskOptions(l.risk)...)
	opts = append(opts, scheduleOptions()...) // library_schedule.go
	opts = append(opts, cel.Macros(pmoMacros()...))
	return opts
}

// ProgramOptions implements cel.Library.
func (pmoLibrary) ProgramOptions() []cel.ProgramOption { return nil }

// pmoMacros rewrite the short forms of the functions that depend on the
// evaluation clock or on the portfolio:
//
//	days_since(t)              → days_between(t, now)
//	days_until(t)              → days_between(now, t)
//	today()                    → date_of(now)
//	phase_index(p)             → portfolio.phase_index(p)
//	phase_at_or_after(a, b)    → portfolio.phase_at_or_after(a, b)
//	phase_before(a, b)         → portfolio.phase_before(a, b)
//	has_role(person, role)     → portfolio.has_role(person, role)
//	approved_by_role(p, g, r)  → portfolio.approved_by_role(p, g, r)
//	status_index(s)            → portfolio.status_index(s)
//	status_worse(a, b)         → portfolio.status_worse(a, b)
//	worst_status()             → portfolio.worst_status()
func pmoMacros() []cel.Macro {
	global := func(name, fn string, argc int, withNow int) cel.Macro {
		return cel.GlobalMacro(name, argc, func(eh cel.MacroExprFactory, _ ast.Expr, args []ast.Expr) (ast.Expr, *common.Error) {
			switch withNow {
			case 1: // now appended
				return eh.NewCall(fn, append(args, eh.NewIdent("now"))...), nil
			case -1: // now prepended
				return eh.NewCall(fn, append([]ast.Expr{eh.NewIdent("now")}, args...)...), nil
			}
			return eh.NewMemberCall(fn, eh.NewIdent("portfolio"), args...), nil
		})
	}
	return []cel.Macro{
		global("days_since", "days_between", 1, 1),
		global("days_until", "days_between", 1, -1),
		global("today", "date_of", 0, -1),
		global("phase_index", "phase_index", 1, 0),
		global("phase_at_or_after", "phase_at_or_after", 2, 0),
		global("phase_before", "phase_before", 2, 0),
		global("has_role", "has_role", 2, 0),
		global("approved_by_role", "approved_by_role", 3, 0),
		global("status_index", "status_index", 1, 0),
		global("status_worse", "status_worse", 2, 0),
		global("worst_status", "worst_status", 0, 0),
	}
}
