package governance_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/pmokit/pmokit/governance"
)

// addWorkingDaysByHand steps one day at a time: the reference for
// add_working_days.
func addWorkingDaysByHand(t time.Time, n int) time.Time {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		t = t.AddDate(0, 0, step)
		if wd := t.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return t
}

// TestAddWorkingDaysFromEveryWeekday pins add_working_days against a day by
// day count, from every day of the week (weekends included) and for counts
// beyond a week in both directions (issue 10, point 12: from a weekend date
// with more than 5 days).
func TestAddWorkingDaysFromEveryWeekday(t *testing.T) {
	type tc struct {
		start time.Time
		n     int
	}
	var cases []tc
	var exprs []string
	base := time.Date(2026, 11, 21, 9, 30, 0, 0, time.UTC) // a Saturday, 09:30
	for d := range 7 {
		start := base.AddDate(0, 0, d)
		for _, n := range []int{-26, -11, -10, -6, -5, -1, 0, 1, 4, 5, 6, 7, 10, 11, 12, 26} {
			want := addWorkingDaysByHand(start, n)
			cases = append(cases, tc{start, n})
			exprs = append(exprs, fmt.Sprintf("add_working_days(timestamp('%s'), %d) == timestamp('%s')",
				start.Format(time.RFC3339), n, want.Format(time.RFC3339)))
		}
	}
	res := evalRules(t, governance.ScopePortfolio, exprs)
	for i, c := range cases {
		r := res[fmt.Sprint(i)]["pf"]
		assert.Equal(t, pass, r.Outcome, "from %s %s, %d days: %s", c.start.Weekday(), c.start.Format(time.DateOnly), c.n, r.Message)
	}
}

// TestLibraryEdgeCases pins the documented edge cases of the PMO library:
// the precision and rounding of money divided by a number (16 decimal
// places, half away from zero), exact products, and the bounds of the date
// functions.
func TestLibraryEdgeCases(t *testing.T) {
	tests := []struct {
		expr string
		want governance.Outcome
	}{
		// Money divided by a number: 16 decimal places, half away from zero.
		{`string(money('1 USD') / 3) == '0.3333333333333333 USD'`, pass},
		{`string(money('2 USD') / 3) == '0.6666666666666667 USD'`, pass},
		{`string(money('-2 USD') / 3) == '-0.6666666666666667 USD'`, pass},
		{`string(money('1 USD') / 8) == '0.125 USD' && string(money('10 USD') / 4.0) == '2.5 USD'`, pass},
		{`string(money('1 USD') / 0.3) == '3.3333333333333333 USD'`, pass},
		{`money('1 USD') / 3 * 3 == money('0.9999999999999999 USD')`, pass}, // rounded, not exact
		{`money('1 USD') / 0 == money('0 USD')`, bad},
		{`money('1 USD') / 0.0 == money('0 USD')`, bad},
		// Products are exact: a double is read as its shortest decimal.
		{`string(money('100 USD') * 1.1) == '110 USD' && string(money('0.10 USD') * 3) == '0.3 USD'`, pass},
		{`string(money(0.1, 'USD') + money(0.2, 'USD')) == '0.3 USD'`, pass},
		{`money('1 USD') * (1.0 / 0.0) == money('1 USD')`, bad},
		// money / money is a double.
		{`money('1 USD') / money('3 USD') > 0.3333 && money('1 USD') / money('3 USD') < 0.3334`, pass},
		{`money('1 USD') / money('0 USD') > 0.0`, bad},
		// Sums: mixing currencies is an error; nothing sums to a zero.
		{`[money('1 USD'), money('1 EUR')].sum() > money('0 USD')`, bad},
		{`[].map(x, money('1 USD')).sum() == money('0 EUR')`, pass},
		// Dates.
		{`date('2026-02-' + '30') < now`, bad}, // a literal one is a compile error (validate_test.go)
		{`working_days(date('2026-11-28'), date('2026-11-29')) == 0 && working_days(date('2026-11-28'), date('2026-12-05')) == 5`, pass},
		{`add_working_days(date('2026-11-28'), 0) == date('2026-11-28')`, pass}, // 0 keeps a weekend date
		{`add_working_days(date('2026-11-28'), 6) == date('2026-12-07')`, pass}, // doc.go's example
		{`add_working_days(now, 2500000 + size(portfolio.id)) > now`, bad},
		{`days(106751) > duration('0s') && days(106751 + size(portfolio.id)) > duration('0s')`, bad},
		{`days_between(date('2026-03-28'), date('2026-03-30')) == 2`, pass}, // UTC: no daylight saving
	}
	exprs := make([]string, len(tests))
	for i, tt := range tests {
		exprs[i] = tt.expr
	}
	res := evalRules(t, governance.ScopePortfolio, exprs)
	for i, tt := range tests {
		r := res[fmt.Sprint(i)]["pf"]
		assert.Equal(t, tt.want, r.Outcome, "%s: %s", tt.expr, r.Message)
	}
}
