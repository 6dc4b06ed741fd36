package governance_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pmokit/pmokit/governance"
)

// TestMonthFunctions checks add_months (a spreadsheet's EDATE),
// end_of_month (EOMONTH(d, 0)) and months_between (DATEDIF(a, b, "M")) on
// the cases spreadsheets document: month ends clamp, leap years count,
// negative months go back.
func TestMonthFunctions(t *testing.T) {
	exprs := []string{
		`add_months(date('2026-01-31'), 1) == date('2026-02-28')`,
		`add_months(date('2024-01-31'), 1) == date('2024-02-29')`, // leap year
		`add_months(date('2026-03-31'), -1) == date('2026-02-28')`,
		`add_months(date('2026-01-15'), 12) == date('2027-01-15')`,
		`add_months(date('2026-01-15'), -13) == date('2024-12-15')`,
		`add_months(date('2024-02-29'), 12) == date('2025-02-28')`,
		`add_months(timestamp('2026-01-31T10:30:00Z'), 1) == timestamp('2026-02-28T10:30:00Z')`,
		`add_months(date('2026-05-31'), 0) == date('2026-05-31')`,
		`end_of_month(date('2026-02-10')) == date('2026-02-28')`,
		`end_of_month(date('2024-02-10')) == date('2024-02-29')`,
		`end_of_month(timestamp('2026-12-31T23:59:59Z')) == date('2026-12-31')`,
		`months_between(date('2026-01-15'), date('2026-03-14')) == 1`,
		`months_between(date('2026-01-15'), date('2026-03-15')) == 2`,
		`months_between(date('2026-01-31'), date('2026-02-28')) == 0`,
		`months_between(date('2026-03-15'), date('2026-01-15')) == -2`,
		`months_between(date('2025-06-01'), date('2026-06-01')) == 12`,
		`months_between(project.start, today()) == 10`, // 2026-01-15 to 2026-11-26
		// cel.bind (cel-go's bindings extension).
		`cel.bind(eom, end_of_month(today()), eom > now && days_between(today(), eom) == 4)`,
	}
	res := evalRules(t, governance.ScopeProject, exprs)
	for i, e := range exprs {
		r := res[fmt.Sprint(i)]["P-1"]
		assert.Equal(t, governance.OutcomePass, r.Outcome, "%s: %s", e, r.Message)
	}
	bad := evalRules(t, governance.ScopeProject, []string{`add_months(date('9999-12-01'), project.name.size()) > now`})
	assert.Equal(t, governance.OutcomeError, bad["0"]["P-1"].Outcome)
	assert.Contains(t, bad["0"]["P-1"].Message, "governance: add_months: result out of range")
}
