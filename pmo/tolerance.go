package pmo

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/pmokit/pmokit/internal/textcut"
)

// Tolerances are the permissible deviations of a plan (a project's or a
// stage's) from its targets, per dimension: PRINCE2's "permissible
// deviation above and below the plan's target … without escalating the
// deviation to the next management level" (AXELOS, PRINCE2 7, the manage
// by exception principle). A forecast beyond a tolerance, above or below,
// is an exception. Cost and Time are measured: [Project.CheckTolerances]
// and [Stage.CheckTolerances] compare their forecasts with the targets.
// Scope, Risk, Quality and Benefits are recorded for rules to read; the
// schema has no forecast to measure them against. A nil dimension has no
// tolerance.
type Tolerances struct {
	Cost     *Tolerance `json:"cost,omitempty" yaml:"cost,omitempty"`         // money ("50000 USD") or percent of the target cost
	Time     *Tolerance `json:"time,omitempty" yaml:"time,omitempty"`         // days ("10d") or percent of the planned duration
	Scope    *Tolerance `json:"scope,omitempty" yaml:"scope,omitempty"`       // percent
	Risk     *Tolerance `json:"risk,omitempty" yaml:"risk,omitempty"`         // money or percent
	Quality  *Tolerance `json:"quality,omitempty" yaml:"quality,omitempty"`   // percent
	Benefits *Tolerance `json:"benefits,omitempty" yaml:"benefits,omitempty"` // money or percent
}

// IsZero reports whether no dimension has a tolerance.
func (t Tolerances) IsZero() bool {
	return t.Cost == nil && t.Time == nil && t.Scope == nil && t.Risk == nil && t.Quality == nil && t.Benefits == nil
}

// Tolerance is the tolerance of one dimension: Plus is how far the forecast
// may go above the target (over budget, later), Minus how far below it
// (under budget, earlier). Both are sizes, never negative, and both are
// required: minus: 0% allows no deviation below the plan.
type Tolerance struct {
	Plus  Limit `json:"plus" yaml:"plus"`
	Minus Limit `json:"minus" yaml:"minus"`
}

// LimitUnit is the unit of a [Limit].
// Its zero value means "not set"; files and CEL rules use the words below.
type LimitUnit int

// The LimitUnit values.
const (
	LimitPercent LimitUnit = iota + 1 // "percent": "10%", a percent of the target (cost) or the planned duration (time)
	LimitDays                         // "days": "10d", whole calendar days
	LimitMoney                        // "money": "50000 USD", an amount
)

var limitUnits = [...]string{"", "percent", "days", "money"}

// String returns "percent", "days" or "money", or "" when u is not set.
func (u LimitUnit) String() string {
	if u < 0 || int(u) >= len(limitUnits) {
		return fmt.Sprintf("LimitUnit(%d)", int(u))
	}
	return limitUnits[u]
}

// Limit is one bound of a [Tolerance]. In files it is a string: a percent
// "10%" or "7.5%", a number of whole days "10d", or a money "50000 USD".
// A limit is a size: it has no sign ("minus: 5%" allows 5% below the
// plan) and "-5%" or "+5%" is an error. Percent limits are at most 1000%,
// and a minus percent at most 100%; day limits at most [MaxScheduleDays].
// The zero Limit means "not given".
type Limit struct {
	Unit  LimitUnit
	Value decimal.Decimal // the percent (10 for "10%") or the days; zero for a money limit
	Money Money           // the amount of a money limit
}

// maxPercentLimit bounds a percent limit.
var maxPercentLimit = decimal.NewFromInt(1000)

// ParseLimit parses a tolerance limit: "10%", "7.5%", "10d" or
// "50000 USD" (see [Limit]). The error matches [ErrInvalid].
func ParseLimit(s string) (Limit, error) {
	bad := func(why string) (Limit, error) {
		return Limit{}, &toleranceError{msg: "invalid tolerance limit " + textcut.Quote(s) + " (" + why + ")", sentinel: ErrInvalid}
	}
	const want = `want a percent "10%", whole days "10d" or a money "50000 USD"`
	switch {
	case s == "":
		return bad(want)
	case s[0] == '-' || s[0] == '+':
		return bad("a limit is a size, without a sign: minus: 5% allows 5% below the plan")
	case strings.HasSuffix(s, "%"):
		num := s[:len(s)-1]
		if !plainDecimal(num) {
			return bad(want)
		}
		v, err := decimal.NewFromString(num)
		if err != nil {
			return bad(want)
		}
		if v.GreaterThan(maxPercentLimit) {
			return bad("at most 1000%")
		}
		return Limit{Unit: LimitPercent, Value: v}, nil
	case strings.HasSuffix(s, "d"):
		num := s[:len(s)-1]
		if num == "" || len(num) > 6 || strings.Trim(num, "0123456789") != "" {
			return bad(want)
		}
		v, err := decimal.NewFromString(num)
		if err != nil {
			return bad(want)
		}
		if v.GreaterThan(decimal.NewFromInt(MaxScheduleDays)) {
			return bad(fmt.Sprintf("at most %dd", MaxScheduleDays))
		}
		return Limit{Unit: LimitDays, Value: v}, nil
	case strings.Contains(s, " "):
		m, err := ParseMoney(s)
		if err != nil || s != strings.TrimSpace(s) {
			return bad(want)
		}
		return Limit{Unit: LimitMoney, Money: m}, nil
	}
	return bad(want)
}

// plainDecimal reports whether s is digits with an optional fraction
// ("10", "7.5"), at most 20 characters.
func plainDecimal(s string) bool {
	whole, frac, dot := strings.Cut(s, ".")
	digits := func(x string) bool { return x != "" && strings.Trim(x, "0123456789") == "" }
	return len(s) <= 20 && digits(whole) && (!dot || digits(frac))
}

// String returns the limit as files write it ("10%", "10d", "50000 USD"),
// or "" for the zero Limit.
func (l Limit) String() string {
	switch l.Unit {
	case LimitPercent:
		return l.Value.String() + "%"
	case LimitDays:
		return l.Value.String() + "d"
	case LimitMoney:
		return l.Money.String()
	case 0:
		return ""
	}
	return fmt.Sprintf("Limit(%d)", int(l.Unit))
}

// IsZero reports whether the limit is not given.
func (l Limit) IsZero() bool { return l.Unit == 0 && l.Value.IsZero() && l.Money.IsZero() }

// MarshalText implements [encoding.TextMarshaler]; a limit that
// [ParseLimit] would not read back is an error.
func (l Limit) MarshalText() ([]byte, error) {
	if l.IsZero() {
		return []byte{}, nil
	}
	s := l.String()
	if _, err := ParseLimit(s); err != nil {
		return nil, err
	}
	return []byte(s), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler] with [ParseLimit].
func (l *Limit) UnmarshalText(text []byte) error {
	v, err := ParseLimit(string(text))
	if err != nil {
		return err
	}
	*l = v
	return nil
}

// checkTolerances checks the tolerances at p of a plan whose cost targets
// are in currency cur ("" when the plan has no cost).
func (c *checker) tolerances(p *pathNode, t *Tolerances, cur string) {
	if t == nil {
		return
	}
	q := p.field("tolerances")
	dims := []struct {
		name  string
		tol   *Tolerance
		units []LimitUnit
	}{
		{"cost", t.Cost, []LimitUnit{LimitMoney, LimitPercent}},
		{"time", t.Time, []LimitUnit{LimitDays, LimitPercent}},
		{"scope", t.Scope, []LimitUnit{LimitPercent}},
		{"risk", t.Risk, []LimitUnit{LimitMoney, LimitPercent}},
		{"quality", t.Quality, []LimitUnit{LimitPercent}},
		{"benefits", t.Benefits, []LimitUnit{LimitMoney, LimitPercent}},
	}
	for _, d := range dims {
		if d.tol == nil {
			continue
		}
		dq := q.field(d.name)
		c.limit(dq.field("plus"), d.name, d.tol.Plus, d.units, false, cur)
		c.limit(dq.field("minus"), d.name, d.tol.Minus, d.units, true, cur)
	}
}

// limit checks one limit of a tolerance of dimension dim.
func (c *checker) limit(p *pathNode, dim string, l Limit, units []LimitUnit, minus bool, cur string) {
	if l.IsZero() {
		c.fail(p, "missing required field")
		return
	}
	if _, err := l.MarshalText(); err != nil {
		c.fail(p, "%s", trimPkg(err))
		return
	}
	ok := false
	var words []string
	for _, u := range units {
		ok = ok || l.Unit == u
		words = append(words, u.String())
	}
	if !ok {
		c.fail(p, "a %s tolerance is in %s, not %s (%s)", dim, strings.Join(words, " or "), l.Unit, l)
		return
	}
	switch {
	case minus && l.Unit == LimitPercent && l.Value.GreaterThan(decimal.NewFromInt(100)):
		c.fail(p, "minus %s is more than the whole plan (at most 100%%)", l)
	case l.Unit == LimitMoney && dim == "cost" && cur != "" && l.Money.Currency != cur:
		c.fail(p, "limit %s is not in the plan's currency %s", l, cur)
	}
}

// toleranceError is an error of a tolerance: a limit that does not parse,
// or a check that cannot be made. It matches its sentinel (ErrInvalid or
// ErrCurrencyMismatch) with errors.Is.
type toleranceError struct {
	msg      string
	sentinel error
}

func (e *toleranceError) Error() string { return "pmo: " + e.msg }
func (e *toleranceError) Unwrap() error { return e.sentinel }
