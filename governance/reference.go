package governance

// The reference for policy authors: the entities and fields rules read, the
// function library, and docs/policies.md, all generated from the schema and
// the library so that they cannot drift from the code (reference_test.go
// keeps docs/policies.md in step and compiles every example).

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"cel.dev/cel-go/common/types"
)

// EntityDoc describes one entity of the schema as rules read it: a
// portfolio, a project, a risk of a project, …
type EntityDoc struct {
	// Name is the entity's name in the docs: "risk", "status_report".
	Name string
	// Reach is how a rule reaches one, e.g. "project.risks.all(r, …)".
	Reach string
	// Scope is the narrowest policy scope whose rules can read it.
	Scope Scope
	// Scopes are all the scopes whose rules can read it.
	Scopes []Scope
	// Fields are the entity's fields, in schema order.
	Fields []FieldDoc
}

// FieldDoc describes one field of an entity.
type FieldDoc struct {
	// Name is the field's name, the JSON name of the file format.
	Name string
	// Type is its CEL type in words: string, int, double, bool, timestamp,
	// money, an entity name, "list of risk", "map of string to double".
	Type string
	// Words are the words of an enumeration field, in order; nil otherwise.
	Words []string
	// Absent says what an absent value reads as.
	Absent string
	// Example is an expression that reads the field, e.g.
	// "r.status == 'open'".
	Example string

	compiled string // the example as a whole rule, for the tests
}

// FunctionDoc describes one function (or macro) of the PMO library.
type FunctionDoc struct {
	// Group is the part of the library: money, dates, lifecycle, approvals,
	// status, tolerance, earned value, risk, schedule, bindings.
	Group string
	// Name is the function's name.
	Name string
	// Signature shows its arguments and result, e.g.
	// "add_months(timestamp, int) -> timestamp".
	Signature string
	// Description says what it returns.
	Description string
	// Example is a boolean expression of project scope that uses it.
	Example string
}

// entityRoots are the values a rule starts from: variables and function
// results, each with the entity name and the scope that offers it.
var entityRoots = []struct {
	typeName, name, reach string
	scope                 Scope
}{
	{projectTypeName, "project", "project", ScopeProject},
	{portfolioTypeName, "portfolio", "portfolio", ScopePortfolio},
	{gateTypeName, "gate", "gate", ScopeGate},
	{changeTypeName, "change", "change", ScopeChange},
	{evTypeName, "ev", "ev(project)", ScopeProject},
	{scheduleTypeName, "schedule", "schedule(project)", ScopeProject},
	{toleranceCheckTypeName, "tolerance_check", "tolerance(project)", ScopeProject},
}

// Entities returns every entity of the schema, each with its fields, in
// the order a reader meets them: the variables (project, portfolio, gate,
// change), the function results (ev, schedule), then what they hold,
// breadth first.
func Entities() []EntityDoc {
	type item struct {
		typeName, name, reach, short string // short: the value's expression, e.g. "r"
		wrap, wrapText               func(string) string
		scope                        Scope
		vars                         []string
	}
	var queue []item
	seen := map[string]bool{}
	for _, r := range entityRoots {
		seen[r.typeName] = true
		queue = append(queue, item{typeName: r.typeName, name: r.name, reach: r.reach, short: r.reach,
			wrap: func(s string) string { return s }, wrapText: func(s string) string { return s }, scope: r.scope})
	}
	var out []EntityDoc
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		st, ok := schema().byName[it.typeName]
		if !ok {
			continue
		}
		doc := EntityDoc{Name: it.name, Reach: it.reach, Scope: it.scope, Scopes: scopesFrom(it.scope)}
		for _, f := range st.names {
			ft := st.fields[f]
			fd := fieldDoc(it.typeName, f, ft.Type, it.short)
			fd.compiled = it.wrap(fd.Example)
			doc.Fields = append(doc.Fields, fd)
			elem, list := objectOf(ft.Type)
			if elem == "" || seen[elem] {
				continue
			}
			seen[elem] = true
			name := entityName(elem)
			next := item{typeName: elem, name: name, scope: it.scope}
			if list {
				v := loopVar(name, it.vars)
				outer, outerWrap, outerText := it.short, it.wrap, it.wrapText
				next.short = v
				next.vars = append(slices.Clone(it.vars), v)
				next.wrap = func(s string) string { return outerWrap(fmt.Sprintf("%s.%s.all(%s, %s)", outer, f, v, s)) }
				next.wrapText = func(s string) string { return outerText(fmt.Sprintf("%s.%s.all(%s, %s)", outer, f, v, s)) }
				next.reach = next.wrapText("…")
			} else {
				next.short = it.short + "." + f
				next.vars = it.vars
				next.wrap, next.wrapText = it.wrap, it.wrapText
				next.reach = it.wrapText(next.short)
				if next.reach != next.short {
					next.reach = it.wrapText("… " + next.short + " …")
				}
			}
			queue = append(queue, next)
		}
		out = append(out, doc)
	}
	return out
}

// objectOf returns the object type of a field of type t (or of its list
// elements, list true), or "".
func objectOf(t *types.Type) (name string, list bool) {
	switch t.Kind() {
	case types.StructKind:
		return t.TypeName(), false
	case types.ListKind:
		if e := t.Parameters()[0]; e.Kind() == types.StructKind {
			return e.TypeName(), true
		}
	}
	return "", false
}

// entityName names a CEL object type in the docs: pmo.StatusReport →
// status_report.
func entityName(typeName string) string {
	for _, r := range entityRoots {
		if r.typeName == typeName {
			return r.name
		}
	}
	_, name, _ := strings.Cut(typeName, ".")
	var b strings.Builder
	for i, r := range name {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// loopVar picks the comprehension variable of an entity: its first letter,
// or a letter not used by the enclosing comprehensions.
func loopVar(name string, used []string) string {
	v := name[:1]
	for i := 2; slices.Contains(used, v) || v == "m" && name != "milestone"; i++ {
		v = fmt.Sprintf("%s%d", name[:1], i)
	}
	return v
}

// typeText writes a CEL type as the docs do.
func typeText(t *types.Type) string {
	switch t.Kind() {
	case types.StringKind:
		return "string"
	case types.IntKind:
		return "int"
	case types.DoubleKind:
		return "double"
	case types.BoolKind:
		return "bool"
	case types.TimestampKind:
		return "timestamp"
	case types.DurationKind:
		return "duration"
	case types.DynKind:
		return "any"
	case types.OpaqueKind:
		return t.TypeName()
	case types.StructKind:
		return entityName(t.TypeName())
	case types.ListKind:
		return "list of " + typeText(t.Parameters()[0])
	case types.MapKind:
		return "map of " + typeText(t.Parameters()[0]) + " to " + typeText(t.Parameters()[1])
	}
	return t.String()
}

// fieldDoc documents field f of typeName, read on the value v.
func fieldDoc(typeName, f string, t *types.Type, v string) FieldDoc {
	fd := FieldDoc{Name: f, Type: typeText(t)}
	x := v + "." + f
	if isPhaseField(typeName, f) {
		fd.Words = []string{"a phase of portfolio.lifecycle"}
		fd.Absent, fd.Example = "''", x+" == 'execution'"
		return fd
	}
	if isStatusField(typeName, f) {
		fd.Words = []string{"a word of portfolio.status_scale"}
		fd.Absent, fd.Example = "''", fmt.Sprintf("%s == '' || status_index(%s) >= 0", x, x)
		return fd
	}
	if info, ok := enumFields()[typeName][f]; ok {
		fd.Words = info.words
		fd.Absent = "''"
		if info.absent != "" {
			fd.Absent = quoteCEL(info.absent)
		}
		fd.Example = fmt.Sprintf("%s == %s", x, quoteCEL(info.words[0]))
		return fd
	}
	switch t.Kind() {
	case types.StringKind:
		fd.Absent, fd.Example = "''", x+" != ''"
	case types.IntKind:
		fd.Absent, fd.Example = "0", x+" > 0"
	case types.DoubleKind:
		fd.Absent, fd.Example = "0.0", x+" > 0.0"
	case types.BoolKind:
		fd.Absent, fd.Example = "false", x
	case types.TimestampKind:
		fd.Absent, fd.Example = "test with has(); reading it is an error", fmt.Sprintf("has(%s) && %s < now", x, x)
	case types.OpaqueKind:
		fd.Absent, fd.Example = "test with has(); reads as a zero of no currency", fmt.Sprintf("%s > money('100000 USD')", x)
	case types.StructKind:
		fd.Absent, fd.Example = "test with has(); reads as an empty one", fmt.Sprintf("has(%s)", x)
	case types.ListKind:
		fd.Absent, fd.Example = "[]", fmt.Sprintf("size(%s) > 0", x)
	case types.MapKind:
		fd.Absent, fd.Example = "{}", fmt.Sprintf("'key' in %s", x)
	default:
		fd.Absent, fd.Example = "", fmt.Sprintf("has(%s)", x)
	}
	if typeName == costToleranceTypeName || typeName == timeToleranceTypeName || typeName == toleranceCheckTypeName {
		toleranceFieldDoc(&fd, typeName, f, x, v)
	}
	if f == "impacts" {
		// A risk's (or a residual's) consequences per dimension, named by
		// the risk matrix.
		fd.Words = []string{"dimensions of the engine's risk matrix (5×5: cost, schedule, performance)"}
		fd.Example = fmt.Sprintf("!('schedule' in %s) || %s['schedule'] < 4", x, x)
	}
	if typeName == evTypeName && t.Kind() != types.TimestampKind {
		fd.Absent = "undefined (a zero divisor, or no earned_value): test with has(); reading it is an error"
		fd.Example = fmt.Sprintf("!has(%s) || %s", x, strings.TrimPrefix(fd.Example, "has("+x+") && "))
	}
	return fd
}

// Functions returns the PMO function library, in the order of the
// reference: money, dates, lifecycle, approvals, status, tolerance,
// earned value, risk, schedule and bindings.
func Functions() []FunctionDoc {
	return slices.Clone(functionDocs)
}

var functionDocs = []FunctionDoc{
	{"money", "money", "money(string) -> money", "an amount in a currency, the amount and the ISO 4217 code separated by one space", "project.budget.approved > money('1000000 USD')"},
	{"money", "money", "money(int|double, string) -> money", "an amount from a number and a currency code", "money(1000, 'EUR') < money(2000, 'EUR')"},
	{"money", "amount", "money.amount() -> double", "the amount as a number, for ratios and comparisons with numbers", "project.budget.approved.amount() > 500000.0"},
	{"money", "currency", "money.currency() -> string", "the ISO 4217 code", "project.budget.approved.currency() in ['', 'USD']"},
	{"money", "sum", "list(money).sum() -> money, sum(list(money)) -> money", "the total of a list of amounts of one currency; of no amounts, a zero of no currency", "project.risks.map(r, r.cost_impact).sum() <= project.budget.approved"},
	{"money", "string", "string(money) -> string", "the canonical text, e.g. '1350000 USD'", "string(money('5 USD')) == '5 USD'"},
	{"money", "in_currency", "money_threshold.in_currency(string) -> money", "the amount of a money parameter in the currency; a currency without an amount is an evaluation error naming the parameter and the currency (money compared with a parameter, <, <=, >, >=, picks its own currency the same way)", "params.change_limit.in_currency('EUR') == money('230000 EUR')"},
	{"money", "has_currency", "money_threshold.has_currency(string) -> bool", "whether a money parameter has an amount in the currency", "!params.change_limit.has_currency(project.budget.approved.currency()) || project.budget.approved <= params.change_limit"},
	{"money", "currencies", "money_threshold.currencies() -> list(string)", "the currencies of a money parameter, in order", "params.change_limit.currencies() == ['EUR', 'USD']"},
	{"dates", "date", "date(string) -> timestamp", "a date, 'YYYY-MM-DD' (midnight UTC), or an RFC 3339 timestamp", "project.start >= date('2026-01-01') || !has(project.start)"},
	{"dates", "today", "today() -> timestamp", "the date of now (midnight UTC)", "today() <= now"},
	{"dates", "date_of", "date_of(timestamp) -> timestamp", "midnight UTC of the timestamp's day", "date_of(now) == today()"},
	{"dates", "days_since", "days_since(timestamp) -> int", "calendar days from the date to now", "!has(project.start) || days_since(project.start) > 30"},
	{"dates", "days_until", "days_until(timestamp) -> int", "calendar days from now to the date", "project.milestones.all(m, !has(m.due) || m.done || days_until(m.due) >= 0)"},
	{"dates", "days_between", "days_between(timestamp, timestamp) -> int", "calendar days from the first date to the second (negative when earlier)", "days_between(date('2026-01-01'), date('2026-01-31')) == 30"},
	{"dates", "days", "days(int) -> duration", "a duration of whole days, for timestamp arithmetic", "now - date('2026-01-01') > days(30)"},
	{"dates", "working_days", "working_days(timestamp, timestamp) -> int", "Monday-to-Friday days d with from <= d < to", "working_days(date('2026-11-23'), date('2026-11-30')) == 5"},
	{"dates", "add_working_days", "add_working_days(timestamp, int) -> timestamp", "the date n working days later (earlier when n < 0)", "add_working_days(date('2026-11-27'), 1) == date('2026-11-30')"},
	{"dates", "add_months", "add_months(timestamp, int) -> timestamp", "n calendar months later, like a spreadsheet's EDATE: the day is kept or clamped to the month's last day (2026-01-31 plus one month is 2026-02-28; leap years count); n may be negative", "add_months(date('2026-01-31'), 1) == date('2026-02-28')"},
	{"dates", "end_of_month", "end_of_month(timestamp) -> timestamp", "the last day of the month, like EOMONTH(date, 0)", "end_of_month(date('2024-02-10')) == date('2024-02-29')"},
	{"dates", "months_between", "months_between(timestamp, timestamp) -> int", "whole months from the first date to the second, like DATEDIF(a, b, \"M\"): a month counts once the day of the month is reached (2026-01-15 to 2026-03-14 is 1); negative when earlier", "months_between(date('2026-01-15'), date('2026-03-15')) == 2"},
	{"lifecycle", "phase_index", "phase_index(string) -> int", "the position of a phase in the portfolio's lifecycle, 0 for the first; a phase outside it is an evaluation error", "phase_index(project.phase) >= 0"},
	{"lifecycle", "phase_at_or_after", "phase_at_or_after(string, string) -> bool", "whether the first phase is the second or later in the lifecycle", "!phase_at_or_after(project.phase, 'execution') || project.manager != ''"},
	{"lifecycle", "phase_before", "phase_before(string, string) -> bool", "whether the first phase comes before the second", "phase_before('planning', 'execution')"},
	{"approvals", "has_role", "has_role(string, string) -> bool", "whether the person (an ID of portfolio.people) holds the role", "project.sponsor == '' || has_role(project.sponsor, 'sponsor')"},
	{"approvals", "approved_by_role", "approved_by_role(project, string, string) -> bool", "whether an approved approval for the gate was given by someone who holds the role in portfolio.people (for sponsor, also the project's own sponsor); the role an approval names is a claim, not authority", "!phase_at_or_after(project.phase, 'execution') || approved_by_role(project, 'execution', 'sponsor')"},
	{"approvals", "approvers", "approvers(project, string) -> list(string)", "the distinct people who approved the gate", "approvers(project, 'execution').size() >= 0"},
	{"approvals", "segregated", "segregated(string, string) -> bool", "both set and different: the four-eyes principle", "project.changes.all(c, c.decided_by == '' || segregated(c.requested_by, c.decided_by))"},
	{"status", "status_index", "status_index(string) -> int", "the position of a status on the portfolio's status_scale, 0 for the best (default scale: green 0, amber 1, red 2); a word off the scale, or '', is an evaluation error", "project.status == '' || status_index(project.status) < 2"},
	{"status", "status_worse", "status_worse(string, string) -> bool", "whether the first status is worse than the second on the portfolio's status_scale", "project.status_reports.all(r, r.status == '' || project.status == '' || !status_worse(r.status, 'amber') || status_worse(project.status, 'green'))"},
	{"status", "worst_status", "worst_status() -> string", "the last (worst) word of the portfolio's status_scale: red by default", "project.status != worst_status() || project.issues.exists(i, i.status == 'open')"},
	{"tolerance", "tolerance", "tolerance(project) -> tolerance, tolerance(stage) -> tolerance", "the plan's forecast against its tolerances (PRINCE2 management by exception): per dimension (cost: budget.forecast against budget.approved, or a stage's forecast_cost against planned_cost; time: forecast_finish against baseline_finish, or finish) the deviation, its percent, the plus and minus limits and whether it is beyond them, above or below (see the tolerance_check entity)", "!tolerance(project).cost.set || !tolerance(project).cost.exceeded || project.decisions.exists(d, d.subject == 'tolerance')"},
	{"earned value", "ev", "ev(project) -> ev", "the earned-value figures of the project's earned_value snapshot (see the ev entity)", "!has(ev(project).cpi) || ev(project).cpi >= 0.9"},
	{"risk", "risk_rating", "risk_rating(risk) -> string", "the rating of the risk's cell in the engine's risk matrix (default: the 5×5 preset: low, medium, high, critical); a risk's impacts per dimension combine by the matrix's rule (the 5×5: the highest of cost, schedule, performance), and a dimension the matrix does not have is an evaluation error", "project.risks.all(r, r.impact == 0 && size(r.impacts) == 0 || risk_rating(r) != 'critical' || r.owner != '')"},
	{"risk", "risk_score", "risk_score(risk) -> double", "the score of the risk's cell", "project.risks.all(r, r.impact == 0 && size(r.impacts) == 0 || risk_score(r) >= 0.0)"},
	{"risk", "risk_impact", "risk_impact(risk) -> int", "the impact level of the risk's cell, 1 for the lowest: its impact, or its impacts per dimension combined by the matrix's rule", "project.risks.all(r, size(r.impacts) == 0 || risk_impact(r) < 4 || r.response != '')"},
	{"risk", "risk_dimension", "risk_dimension(risk) -> string", "the consequence dimension that drove the risk's impact level (with the rule max, the highest; on a tie, the first in the matrix's order); '' for a risk with the single impact", "project.risks.all(r, size(r.impacts) == 0 || risk_dimension(r) != 'schedule' || has(r.schedule_range_days))"},
	{"schedule", "schedule", "schedule(project) -> schedule", "the critical-path schedule of the project's activities (see the schedule entity); a project without activities is an evaluation error", "size(project.activities) == 0 || schedule(project).finish <= project.finish"},
	{"schedule", "critical", "critical(activity) -> bool", "whether the activity's total float is zero or less", "project.activities.all(a, !critical(a) || a.duration > 0.0)"},
	{"schedule", "float_days", "float_days(activity) -> double", "total float in working days", "project.activities.all(a, float_days(a) >= 0.0)"},
	{"schedule", "free_float_days", "free_float_days(activity) -> double", "free float in working days", "project.activities.all(a, free_float_days(a) >= 0.0)"},
	{"schedule", "criticality", "criticality(activity) -> double", "the fraction of the schedule simulation's trials in which the activity is critical", "project.activities.all(a, criticality(a) < 0.5)"},
	{"schedule", "joint_confidence", "joint_confidence(project, timestamp, money) -> double", "the probability of finishing by the date within the cost (NASA's joint confidence level)", "size(project.activities) == 0 || joint_confidence(project, project.finish, project.budget.approved) >= 0.7"},
	{"bindings", "cel.bind", "cel.bind(name, value, expression)", "binds a name to a value computed once, for the expression (cel-go's bindings extension)", "cel.bind(over, project.budget.forecast - project.budget.approved, over <= money('0 USD') || project.status != 'green')"},
}

// scopesFrom lists the scopes that offer a value first offered by scope s.
func scopesFrom(s Scope) []Scope {
	switch s {
	case ScopePortfolio:
		return []Scope{ScopePortfolio, ScopeProject, ScopeGate, ScopeChange}
	case ScopeProject:
		return []Scope{ScopeProject, ScopeGate, ScopeChange}
	}
	return []Scope{s}
}

// toleranceFieldDoc says what the fields of tolerance() read when the
// plan has no tolerance or cannot be measured (library_tolerance.go).
func toleranceFieldDoc(fd *FieldDoc, typeName, f, x, v string) {
	dim := v // tolerance(project).cost
	switch f {
	case "target", "forecast":
		fd.Absent = "not given: test with has(); reading it is an error"
		fd.Example = fmt.Sprintf("!has(%s) || %s", x, strings.TrimPrefix(fd.Example, "has("+x+") && "))
	case "deviation", "percent", "planned_days":
		fd.Absent = "undefined unless measured (percent: also for a zero target): test with has(); reading it is an error"
		fd.Example = fmt.Sprintf("!has(%s) || %s", x, strings.TrimPrefix(fd.Example, "has("+x+") && "))
	case "above", "below", "exceeded":
		if typeName == toleranceCheckTypeName {
			fd.Absent = "false without cost and time tolerances; an error when a set one is not measured"
			fd.Example = fmt.Sprintf("!%s || %s.summary != ''", x, v)
			return
		}
		fd.Absent = "false without a tolerance; an error when set but not measured"
		fd.Example = fmt.Sprintf("!%s.measured || !%s", dim, x)
	}
}
