package governance

import (
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"

	"github.com/pmokit/pmokit/internal/textcut"
)

const secondsPerDay = 24 * 60 * 60

// dateOf returns midnight UTC of t's calendar day in UTC.
func dateOf(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// daysBetween is the number of calendar days (UTC) from a's day to b's day.
func daysBetween(a, b time.Time) int64 {
	return (dateOf(b).Unix() - dateOf(a).Unix()) / secondsPerDay
}

// workingDays counts the Monday-to-Friday days d with a's day <= d < b's day;
// negative when b is before a.
func workingDays(a, b time.Time) int64 {
	a, b = dateOf(a), dateOf(b)
	if b.Before(a) {
		return -workingDays(b, a)
	}
	days := (b.Unix() - a.Unix()) / secondsPerDay
	n := days / 7 * 5
	wd := int64(a.Weekday())
	for i := range days % 7 {
		switch (wd + i) % 7 {
		case int64(time.Saturday), int64(time.Sunday):
		default:
			n++
		}
	}
	return n
}

func isWeekend(t time.Time) bool {
	wd := t.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// maxWorkingDays bounds add_working_days so that results stay within CEL's
// timestamp range.
const maxWorkingDays = 2_500_000

// addWorkingDays moves t by n Monday-to-Friday days (backwards when n < 0),
// keeping the time of day; n = 0 returns t.
func addWorkingDays(t time.Time, n int64) time.Time {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	if n > 5 {
		weeks := (n - 1) / 5
		t = t.AddDate(0, 0, step*int(weeks)*7)
		n -= weeks * 5
	}
	for n > 0 {
		t = t.AddDate(0, 0, step)
		if !isWeekend(t) {
			n--
		}
	}
	return t
}

// dayCount binds a count of days between two timestamps as a CEL function.
func dayCount(count func(a, b time.Time) int64) func(a, b ref.Val) ref.Val {
	return func(a, b ref.Val) ref.Val {
		ta, ok1 := timestampArg(a)
		tb, ok2 := timestampArg(b)
		if !ok1 || !ok2 {
			return types.MaybeNoSuchOverloadErr(b)
		}
		return types.Int(count(ta, tb))
	}
}

func timestampArg(v ref.Val) (time.Time, bool) {
	t, ok := v.(types.Timestamp)
	return t.Time, ok
}

// validTimestamp reports whether t is within CEL's range (years 1 to 9999).
func validTimestamp(t time.Time) bool {
	y := t.Year()
	return y >= 1 && y <= 9999
}

func parseDate(v ref.Val) ref.Val {
	s, ok := v.(types.String)
	if !ok {
		return types.MaybeNoSuchOverloadErr(v)
	}
	if t, err := time.Parse(time.DateOnly, string(s)); err == nil {
		return types.Timestamp{Time: t}
	}
	if t, err := time.Parse(time.RFC3339, string(s)); err == nil && validTimestamp(t) {
		return types.Timestamp{Time: t.UTC()}
	}
	return types.NewErr("governance: date: invalid date %s (want YYYY-MM-DD or RFC 3339)", textcut.Quote(string(s)))
}

// dateOptions declares the date functions. days_since, days_until and
// today() are macros over days_between and date_of with now (see library.go).
func dateOptions() []cel.EnvOption {
	return []cel.EnvOption{
		cel.Function("date",
			cel.Overload("date_string", []*cel.Type{cel.StringType}, cel.TimestampType, cel.UnaryBinding(parseDate))),
		cel.Function("date_of",
			cel.Overload("date_of_timestamp", []*cel.Type{cel.TimestampType}, cel.TimestampType,
				cel.UnaryBinding(func(v ref.Val) ref.Val {
					t, ok := timestampArg(v)
					if !ok {
						return types.MaybeNoSuchOverloadErr(v)
					}
					return types.Timestamp{Time: dateOf(t)}
				}))),
		cel.Function("days_between",
			cel.Overload("days_between_timestamp_timestamp", []*cel.Type{cel.TimestampType, cel.TimestampType}, cel.IntType,
				cel.BinaryBinding(dayCount(daysBetween)))),
		cel.Function("working_days",
			cel.Overload("working_days_timestamp_timestamp", []*cel.Type{cel.TimestampType, cel.TimestampType}, cel.IntType,
				cel.BinaryBinding(dayCount(workingDays)))),
		cel.Function("add_working_days",
			cel.Overload("add_working_days_timestamp_int", []*cel.Type{cel.TimestampType, cel.IntType}, cel.TimestampType,
				cel.BinaryBinding(shiftDate("add_working_days", "days", maxWorkingDays, addWorkingDays)))),
		cel.Function("days",
			cel.Overload("days_int", []*cel.Type{cel.IntType}, cel.DurationType,
				cel.UnaryBinding(func(v ref.Val) ref.Val {
					n, ok := v.(types.Int)
					if !ok {
						return types.MaybeNoSuchOverloadErr(v)
					}
					const maxDays = int64(1<<63-1) / int64(24*time.Hour)
					if int64(n) > maxDays || int64(n) < -maxDays {
						return types.NewErr("governance: days: %d days is out of range", int64(n))
					}
					return types.Duration{Duration: time.Duration(n) * 24 * time.Hour}
				}))),
	}
}

// Month arithmetic with spreadsheet semantics (EDATE, EOMONTH, DATEDIF "M").

// maxMonths bounds add_months: CEL timestamps span years 1 to 9999.
const maxMonths = 12 * 10_000

// daysIn is the number of days of month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// addMonths moves t by n calendar months like a spreadsheet's EDATE: the
// day of the month is kept, or is the month's last day when the month is
// shorter (2026-01-31 plus one month is 2026-02-28; 2024-01-31 plus one
// month is 2024-02-29). The time of day (UTC) is kept; n may be negative.
func addMonths(t time.Time, n int64) time.Time {
	t = t.UTC()
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	return first.AddDate(0, 0, min(d, daysIn(first.Year(), first.Month()))-1)
}

// endOfMonth is midnight UTC of the last day of t's month (UTC), like a
// spreadsheet's EOMONTH(t, 0).
func endOfMonth(t time.Time) time.Time {
	y, m, _ := t.UTC().Date()
	return time.Date(y, m, daysIn(y, m), 0, 0, 0, 0, time.UTC)
}

// monthsBetween is the number of whole months from a's day to b's day (UTC),
// like a spreadsheet's DATEDIF(a, b, "M"): a month counts once b's day of
// the month reaches a's (2026-01-15 to 2026-03-14 is 1, to 2026-03-15 is 2;
// 2026-01-31 to 2026-02-28 is 0). Negative when b is before a.
func monthsBetween(a, b time.Time) int64 {
	if b.Before(a) {
		return -monthsBetween(b, a)
	}
	ay, am, ad := a.UTC().Date()
	by, bm, bd := b.UTC().Date()
	n := int64(by-ay)*12 + int64(bm-am)
	if bd < ad {
		n--
	}
	return n
}

// shiftDate is the binding of a function that moves a timestamp by n units
// (add_working_days, add_months): n within ±limit, the result a valid
// timestamp, else an evaluation error naming the function.
func shiftDate(name, unit string, limit int64, shift func(time.Time, int64) time.Time) func(a, b ref.Val) ref.Val {
	return func(a, b ref.Val) ref.Val {
		t, ok1 := timestampArg(a)
		n, ok2 := b.(types.Int)
		if !ok1 || !ok2 {
			return types.MaybeNoSuchOverloadErr(b)
		}
		if int64(n) > limit || int64(n) < -limit {
			return types.NewErr("governance: %s: %d %s is out of range", name, int64(n), unit)
		}
		r := shift(t, int64(n))
		if !validTimestamp(r) {
			return types.NewErr("governance: %s: result out of range", name)
		}
		return types.Timestamp{Time: r}
	}
}

// monthOptions declares add_months, end_of_month and months_between.
func monthOptions() []cel.EnvOption {
	return []cel.EnvOption{
		cel.Function("add_months",
			cel.Overload("add_months_timestamp_int", []*cel.Type{cel.TimestampType, cel.IntType}, cel.TimestampType,
				cel.BinaryBinding(shiftDate("add_months", "months", maxMonths, addMonths)))),
		cel.Function("end_of_month",
			cel.Overload("end_of_month_timestamp", []*cel.Type{cel.TimestampType}, cel.TimestampType,
				cel.UnaryBinding(func(v ref.Val) ref.Val {
					t, ok := timestampArg(v)
					if !ok {
						return types.MaybeNoSuchOverloadErr(v)
					}
					return types.Timestamp{Time: endOfMonth(t)}
				}))),
		cel.Function("months_between",
			cel.Overload("months_between_timestamp_timestamp", []*cel.Type{cel.TimestampType, cel.TimestampType}, cel.IntType,
				cel.BinaryBinding(dayCount(monthsBetween)))),
	}
}
