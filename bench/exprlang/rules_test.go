package exprlang

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
	"github.com/shopspring/decimal"

	"github.com/pmokit/pmokit/pmo"
)

// celRules returns governance's twenty bench rules, benchRules() in
// governance/bench_test.go, character for character
// (TestRulesMatchGovernance reads that file and fails when they drift).
func celRules() []string {
	return []string{
		`project.sponsor != ''`,
		`project.manager != ''`,
		`project.phase != 'execution' || project.approvals.exists(a, a.gate == 'execution' && a.role == 'sponsor' && a.decision == 'approved')`,
		`!has(project.budget.forecast) || !has(project.budget.approved) || project.budget.forecast <= project.budget.approved * 1.1`,
		`project.risks.filter(r, r.status == 'open' && r.impact >= 4).all(r, r.owner != '')`,
		`project.risks.filter(r, r.status == 'open' && r.probability * double(r.impact) >= 2.0).all(r, r.response != '')`,
		`project.milestones.all(m, m.done || !has(m.due) || m.due >= now)`,
		`project.status != 'red' || project.issues.exists(i, i.status == 'open')`,
		`project.phase == 'initiation' || project.status_reports.exists(s, days_since(s.date) <= 30)`,
		`project.changes.all(c, c.status != 'approved' || segregated(c.requested_by, c.decided_by))`,
		`project.approvals.all(a, a.requested_by == '' || a.requested_by != a.by)`,
		`project.phase == 'initiation' || project.documents.exists(d, d.kind == 'business_case' && d.status == 'approved')`,
		`project.risks.filter(r, r.status == 'open' && has(r.cost_impact)).map(r, r.cost_impact).sum() <= project.budget.approved`,
		`!has(project.start) || project.dependencies.all(d, !has(d.needed_by) || d.needed_by >= project.start - duration('8760h'))`,
		`project.benefits.all(b, b.owner != '')`,
		`project.assumptions.filter(a, a.status == 'unvalidated').all(a, !has(a.validate_by) || a.validate_by >= now - duration('2160h'))`,
		`!has(project.finish) || !has(project.start) || working_days(project.start, project.finish) >= 5`,
		`project.issues.filter(i, i.status == 'open' && (i.severity == 'high' || i.severity == 'critical')).all(i, i.owner != '')`,
		`size(project.risks) <= 20 && size(project.milestones) <= 50`,
		`project.changes.filter(c, has(c.cost_impact)).all(c, c.cost_impact < money('10000000 USD') || c.cost_impact.currency() != 'USD')`,
	}
}

// exprRules returns celRules in expr-lang, rule for rule, over the Go structs:
// project is a *pmo.Project, now a time.Time (see env). Each has the CEL
// rule's meaning, true, false or an error on the same inputs, which keeps
// negation (!(rule)) exact too:
//
//   - A field reads as in pmokit's schema (governance/schema.go): an absent
//     string is "", a list [] and a number 0; has() of a money or a date is
//     its presence; an enum is compared with the value of its word, which
//     the const functions decision("approved"), riskStatus("open") and so
//     on parse at compile time (expr.ConstExpr). A word other than "" names
//     exactly one value, and `!= response("")` is CEL's test against the
//     empty word for every value of the enum's table (the only values
//     pmo.Portfolio.Validate accepts).
//   - Reading an absent date is an error in CEL. Rules 6, 13, 15 and 16
//     read a date only when has() said it is set, as their CEL forms do;
//     rule 8 reads every report's date inside exists(), which is true when
//     some report is recent whatever the others hold, else an error when
//     some date is absent, else false: the translation says the same in
//     expr-lang, whose any() stops at the first error (unset() errs).
//   - Money compares and multiplies through operator functions with pmokit's
//     rules (library_money.go): different currencies are an error, and an
//     absent amount (as the sum of no amounts) is a zero without currency
//     that takes the other side's.
//   - CEL's || is true when either side is true even if the other errs;
//     expr-lang's || runs left to right. Only rule 19 has an erring
//     operand that is not the last (a non-USD amount compared with
//     10,000,000 USD), so its translation tests the currency first: the
//     same verdict on every input.
//   - Timestamps: CEL's range (years 1 to 9999) is not checked; rules 13
//     and 15 subtract a year or 90 days from a date, an error in CEL only
//     for a date in the first year of the era.
//
// Rule i is celRules()[i].
func exprRules() []string {
	return []string{
		`project.Sponsor != ""`,
		`project.Manager != ""`,
		`project.Phase != "execution" || any(project.Approvals, .Gate == "execution" && .Role == "sponsor" && .Decision == decision("approved"))`,
		`!has(project.Budget.Forecast) || !has(project.Budget.Approved) || project.Budget.Forecast <= project.Budget.Approved * 1.1`,
		`all(filter(project.Risks, .Status == riskStatus("open") && .Impact >= 4), .Owner != "")`,
		`all(filter(project.Risks, .Status == riskStatus("open") && .Probability * .Impact >= 2.0), .Response != response(""))`,
		`all(project.Milestones, .Done || !has(.Due) || .Due >= now)`,
		`project.Status != rag("red") || any(project.Issues, .Status == issueStatus("open"))`,
		`project.Phase == "initiation" || any(project.StatusReports, has(.Date) && daysBetween(.Date, now) <= 30) || (any(project.StatusReports, !has(.Date)) && unset("status_reports.date"))`,
		`all(project.Changes, .Status != changeStatus("approved") || segregated(.RequestedBy, .DecidedBy))`,
		`all(project.Approvals, .RequestedBy == "" || .RequestedBy != .By)`,
		`project.Phase == "initiation" || any(project.Documents, .Kind == "business_case" && .Status == documentStatus("approved"))`,
		`sumMoney(map(filter(project.Risks, .Status == riskStatus("open") && has(.CostImpact)), .CostImpact)) <= project.Budget.Approved`,
		`!has(project.Start) || all(project.Dependencies, !has(.NeededBy) || .NeededBy >= project.Start - duration("8760h"))`,
		`all(project.Benefits, .Owner != "")`,
		`all(filter(project.Assumptions, .Status == assumptionStatus("unvalidated")), !has(.ValidateBy) || .ValidateBy >= now - duration("2160h"))`,
		`!has(project.Finish) || !has(project.Start) || workingDays(project.Start, project.Finish) >= 5`,
		`all(filter(project.Issues, .Status == issueStatus("open") && (.Severity == severity("high") || .Severity == severity("critical"))), .Owner != "")`,
		`len(project.Risks) <= 20 && len(project.Milestones) <= 50`,
		`all(filter(project.Changes, has(.CostImpact)), .CostImpact.Currency != "USD" || .CostImpact < money("10000000 USD"))`,
	}
}

// env is the typed environment of the expr-lang rules: the project under
// evaluation, the evaluation clock, and the const functions that turn a
// literal into a value at compile time (expr.ConstExpr), so that a rule
// compares with a constant. One env serves every project: the loop sets
// Project before each run.
type env struct {
	Project *pmo.Project `expr:"project"`
	Now     time.Time    `expr:"now"`

	Money            func(string) (pmo.Money, error)            `expr:"money"`
	Decision         func(string) (pmo.ApprovalDecision, error) `expr:"decision"`
	RiskStatus       func(string) (pmo.RiskStatus, error)       `expr:"riskStatus"`
	Response         func(string) (pmo.Response, error)         `expr:"response"`
	IssueStatus      func(string) (pmo.IssueStatus, error)      `expr:"issueStatus"`
	Severity         func(string) (pmo.Severity, error)         `expr:"severity"`
	ChangeStatus     func(string) (pmo.ChangeStatus, error)     `expr:"changeStatus"`
	DocumentStatus   func(string) (pmo.DocumentStatus, error)   `expr:"documentStatus"`
	AssumptionStatus func(string) (pmo.AssumptionStatus, error) `expr:"assumptionStatus"`
	RAG              func(string) pmo.RAG                       `expr:"rag"`
	Duration         func(string) (time.Duration, error)        `expr:"duration"`
}

// constNames returns the env's const functions, by their names in the rules.
func constNames() []string {
	return []string{"money", "decision", "riskStatus", "response", "issueStatus", "severity",
		"changeStatus", "documentStatus", "assumptionStatus", "rag", "duration"}
}

// newEnv returns an env at now with its const functions set.
func newEnv(now time.Time) *env {
	return &env{
		Now:              now,
		Money:            pmo.ParseMoney,
		Decision:         word[pmo.ApprovalDecision],
		RiskStatus:       word[pmo.RiskStatus],
		Response:         word[pmo.Response],
		IssueStatus:      word[pmo.IssueStatus],
		Severity:         word[pmo.Severity],
		ChangeStatus:     word[pmo.ChangeStatus],
		DocumentStatus:   word[pmo.DocumentStatus],
		AssumptionStatus: word[pmo.AssumptionStatus],
		RAG:              func(s string) pmo.RAG { return pmo.RAG(s) },
		Duration:         time.ParseDuration,
	}
}

// word parses an enum word with the enum's UnmarshalText.
func word[E any, P interface {
	*E
	UnmarshalText([]byte) error
}](s string) (E, error) {
	var v E
	err := P(&v).UnmarshalText([]byte(s))
	return v, err
}

// errUnset is the error of reading an absent date (pmokit: "date is not
// set (test it with has())").
var errUnset = errors.New("exprlang: date is not set")

// hostFunctions are the host functions of the rules, each with its types
// so that expr-lang's checker resolves the calls, and the operators that
// money overloads.
func hostFunctions() []expr.Option {
	return []expr.Option{
		expr.Function("has", func(p ...any) (any, error) {
			switch v := p[0].(type) {
			case pmo.Money:
				return !v.IsZero(), nil
			case time.Time:
				return !v.IsZero(), nil
			}
			return nil, fmt.Errorf("exprlang: has: %T", p[0])
		}, new(func(pmo.Money) bool), new(func(time.Time) bool)),
		expr.Function("unset", func(p ...any) (any, error) {
			return nil, fmt.Errorf("%w: %s", errUnset, p[0])
		}, new(func(string) bool)),
		expr.Function("daysBetween", func(p ...any) (any, error) {
			return daysBetween(p[0].(time.Time), p[1].(time.Time)), nil
		}, new(func(time.Time, time.Time) int)),
		expr.Function("workingDays", func(p ...any) (any, error) {
			return workingDays(p[0].(time.Time), p[1].(time.Time)), nil
		}, new(func(time.Time, time.Time) int)),
		expr.Function("segregated", func(p ...any) (any, error) {
			a, b := p[0].(string), p[1].(string)
			return a != "" && b != "" && a != b, nil
		}, new(func(string, string) bool)),
		expr.Function("sumMoney", func(p ...any) (any, error) {
			return sumMoney(p[0].([]any))
		}, new(func([]any) pmo.Money)),
		expr.Function("moneyLess", func(p ...any) (any, error) {
			c, err := cmpMoney(p[0].(pmo.Money), p[1].(pmo.Money))
			return c < 0, err
		}, new(func(pmo.Money, pmo.Money) bool)),
		expr.Function("moneyLessOrEqual", func(p ...any) (any, error) {
			c, err := cmpMoney(p[0].(pmo.Money), p[1].(pmo.Money))
			return c <= 0, err
		}, new(func(pmo.Money, pmo.Money) bool)),
		expr.Function("moneyTimes", func(p ...any) (any, error) {
			return moneyTimes(p[0].(pmo.Money), p[1].(float64))
		}, new(func(pmo.Money, float64) pmo.Money)),
		expr.Operator("<", "moneyLess"),
		expr.Operator("<=", "moneyLessOrEqual"),
		expr.Operator("*", "moneyTimes"),
	}
}

// compileRules compiles rules (expr-lang) once each against env, with the
// host functions and the const functions folded, each expected to be
// boolean.
func compileRules(rules []string, now time.Time) ([]*vm.Program, error) {
	// duration is the env's const function, not expr-lang's builtin (the
	// same parse, time.ParseDuration, done once at compile time).
	opts := []expr.Option{expr.Env(newEnv(now)), expr.AsBool(), expr.DisableBuiltin("duration")}
	opts = append(opts, hostFunctions()...)
	for _, name := range constNames() {
		opts = append(opts, expr.ConstExpr(name))
	}
	prgs := make([]*vm.Program, len(rules))
	for i, r := range rules {
		p, err := expr.Compile(r, opts...)
		if err != nil {
			return nil, fmt.Errorf("exprlang: rule %d: %w", i, err)
		}
		prgs[i] = p
	}
	return prgs, nil
}

// The host functions below have the semantics of governance's library
// (library_dates.go, library_money.go), written again here because those
// are unexported.

// dateOf is midnight UTC of t's calendar day in UTC.
func dateOf(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// daysBetween is the number of calendar days (UTC) from a's day to b's day:
// days_since(t) is days_between(t, now).
func daysBetween(a, b time.Time) int {
	return int((dateOf(b).Unix() - dateOf(a).Unix()) / (24 * 60 * 60))
}

// workingDays counts the Monday-to-Friday days d with a's day <= d < b's
// day; negative when b is before a.
func workingDays(a, b time.Time) int {
	a, b = dateOf(a), dateOf(b)
	if b.Before(a) {
		return -workingDays(b, a)
	}
	days := daysBetween(a, b)
	n := days / 7 * 5
	wd := int(a.Weekday())
	for i := range days % 7 {
		if d := time.Weekday((wd + i) % 7); d != time.Saturday && d != time.Sunday {
			n++
		}
	}
	return n
}

// align gives a zero without currency the other side's currency.
func align(a, b pmo.Money) (pmo.Money, pmo.Money) {
	switch {
	case a.Currency == "" && a.Amount.IsZero():
		a.Currency = b.Currency
	case b.Currency == "" && b.Amount.IsZero():
		b.Currency = a.Currency
	}
	return a, b
}

// cmpMoney compares a and b; different currencies are an error.
func cmpMoney(a, b pmo.Money) (int, error) {
	a, b = align(a, b)
	return a.Cmp(b)
}

// moneyTimes is m × f, f exact as decimal.NewFromFloat gives it; a factor
// that is not a finite number below 1e300 is an error.
func moneyTimes(m pmo.Money, f float64) (pmo.Money, error) {
	if math.IsNaN(f) || f > 1e300 || f < -1e300 {
		return pmo.Money{}, fmt.Errorf("exprlang: cannot multiply money by %v", f)
	}
	return m.Mul(decimal.NewFromFloat(f)), nil
}

// sumMoney adds a list of money; the sum of no amounts is the zero without
// currency, and different currencies are an error.
func sumMoney(list []any) (pmo.Money, error) {
	var total pmo.Money
	for i, v := range list {
		m, ok := v.(pmo.Money)
		if !ok {
			return pmo.Money{}, fmt.Errorf("exprlang: sum: element %d is %T, not money", i, v)
		}
		a, b := align(total, m)
		r, err := a.Add(b)
		if err != nil {
			return pmo.Money{}, fmt.Errorf("exprlang: sum: element %d: %w", i, err)
		}
		total = r
	}
	return total, nil
}
