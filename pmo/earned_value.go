package pmo

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// EVPrecision is the number of decimal places [EarnedValue.Metrics] keeps of a
// quotient that does not terminate (CPI = 2/3, EAC = BAC·AC/EV…), rounding
// half away from zero. Sums and differences are exact.
const EVPrecision = 16

// EVMetrics are the earned-value figures derived from an [EarnedValue]
// snapshot, with the formulas of the DAU EVM "Gold Card":
//
//	CV  = EV − AC               SV  = EV − PV
//	CV% = CV / EV × 100         SV% = SV / PV × 100
//	CPI = EV / AC               SPI = EV / PV
//	EAC = BAC / CPI  (computed as BAC·AC/EV, never through a rounded CPI)
//	ETC = EAC − AC              VAC = BAC − EAC
//	EACAtypical  = AC + (BAC − EV)
//	EACComposite = AC + (BAC − EV)/(CPI·SPI)  (computed as AC + (BAC−EV)·AC·PV/EV²)
//	TCPI    = (BAC − EV)/(BAC − AC)   (to-complete performance index to reach BAC)
//	TCPIEAC = (BAC − EV)/(EAC − AC)   (to reach the forecast EAC, see [EVPlan])
//	PercentComplete = EV / BAC × 100  PercentSpent = AC / BAC × 100
//	ForecastDays    = PlannedDays / SPI  (computed as PlannedDays·PV/EV)
//
// Percentages are in percent (−12.5 for −12.5 %), as the Gold Card prints
// them. PlannedDays and ForecastDays need the plan's dates, which the
// snapshot does not hold: [EarnedValue.MetricsFor] takes them (and the
// forecast EAC) in an [EVPlan]; [EarnedValue.Metrics] leaves them undefined
// and takes TCPIEAC against the CPI EAC (where it equals CPI).
//
// A ratio whose denominator is zero is undefined: a project that has not
// started (PV = EV = AC = 0) is normal data, not an error, so the figure is
// left zero and its Defined flag false. Always test the flag before using
// CPI, SPI, TCPI, TCPIEAC, EAC, ETC, VAC, EACComposite, the percentages and
// the durations. CV, SV and EACAtypical are always defined.
type EVMetrics struct {
	CV, SV, EAC, ETC, VAC, EACAtypical, EACComposite Money
	CPI, SPI, TCPI                                   decimal.Decimal

	// CVPercent is CV / EV × 100; SVPercent is SV / PV × 100.
	CVPercent, SVPercent decimal.Decimal
	// TCPIEAC is the to-complete performance index to reach the forecast
	// EAC: (BAC − EV)/(EAC − AC).
	TCPIEAC decimal.Decimal
	// PercentComplete is EV / BAC × 100; PercentSpent is AC / BAC × 100.
	PercentComplete, PercentSpent decimal.Decimal
	// PlannedDays is the plan's duration in calendar days, from the UTC day
	// of [EVPlan.Start] to that of [EVPlan.Finish]; ForecastDays is the
	// forecast duration by SPI, PlannedDays / SPI.
	PlannedDays, ForecastDays decimal.Decimal

	// CPIDefined is false when AC is zero.
	CPIDefined bool
	// SPIDefined is false when PV is zero.
	SPIDefined bool
	// TCPIDefined is false when BAC equals AC (no budget left to spend).
	TCPIDefined bool
	// EACDefined is false when EV or AC is zero (CPI is zero or undefined);
	// it covers EAC, ETC and VAC.
	EACDefined bool
	// EACCompositeDefined is false when EV, AC or PV is zero.
	EACCompositeDefined bool
	// CVPercentDefined is false when EV is zero.
	CVPercentDefined bool
	// SVPercentDefined is false when PV is zero.
	SVPercentDefined bool
	// TCPIEACDefined is false when the forecast EAC is undefined (no
	// [EVPlan.EAC] and EACDefined false) or equals AC.
	TCPIEACDefined bool
	// PercentDefined is false when BAC is zero; it covers PercentComplete
	// and PercentSpent.
	PercentDefined bool
	// PlannedDaysDefined is false when the plan has no start or no finish.
	PlannedDaysDefined bool
	// ForecastDaysDefined is false when PlannedDays is undefined or PV or
	// EV is zero (SPI is zero or undefined).
	ForecastDaysDefined bool
}

// EVPlan is what an earned-value snapshot does not hold and some Gold Card
// figures need: the plan's start and finish (for the planned and forecast
// durations) and the forecast EAC that TCPIEAC aims at. Its zero value
// means "none given". A host takes Start and Finish from the project's
// baseline dates, or its planned start and finish, and EAC from the
// project's budget forecast; the governance ev() function does so.
type EVPlan struct {
	// Start and Finish are the planned start and finish; both or neither.
	Start, Finish time.Time
	// EAC is the forecast estimate at completion, in BAC's currency. The
	// zero Money means the CPI forecast, [EVMetrics].EAC.
	EAC Money
}

// Metrics computes the earned-value figures of the snapshot (see
// [EVMetrics]). BAC is required; a missing PV, EV or AC (the zero Money)
// reads as zero in BAC's currency, as for a project that has not started.
// Exact decimal arithmetic throughout; quotients that do not terminate keep
// [EVPrecision] decimal places.
//
// A missing BAC, or a negative BAC, PV, EV or AC, is an error that matches
// [ErrInvalid] and names the figure: earned-value figures are amounts of
// work budgeted, earned or spent, never below zero, and a negative one
// would give meaningless ratios (a negative EV over a negative AC is a
// healthy-looking CPI). Figures in different currencies give an error that
// matches [ErrCurrencyMismatch]. Undefined ratios (a zero denominator) are
// not errors: see the Defined flags.
func (ev EarnedValue) Metrics() (EVMetrics, error) {
	return ev.MetricsFor(EVPlan{})
}

// MetricsFor is [EarnedValue.Metrics] with the plan's dates and the forecast
// EAC (see [EVPlan]): it also gives PlannedDays and ForecastDays, and takes
// TCPIEAC against plan.EAC when given. A plan with only one of its dates, a
// finish before its start, or an EAC that is negative or in another
// currency than BAC is an error that matches [ErrInvalid] or
// [ErrCurrencyMismatch].
func (ev EarnedValue) MetricsFor(plan EVPlan) (EVMetrics, error) {
	if ev.BAC.IsZero() {
		return EVMetrics{}, fmt.Errorf("%w: earned value has no bac", ErrInvalid)
	}
	cur := ev.BAC.Currency
	fig := func(name string, m Money) (decimal.Decimal, error) {
		if m.IsZero() {
			return decimal.Zero, nil
		}
		if m.Currency != cur {
			return decimal.Zero, fmt.Errorf("%w: earned value %s is %s, bac is %s", ErrCurrencyMismatch, name, m, ev.BAC)
		}
		if m.Amount.Sign() < 0 {
			return decimal.Zero, fmt.Errorf("%w: earned value %s %s is negative (want an amount >= 0)", ErrInvalid, name, m)
		}
		return m.Amount, nil
	}
	bac, err := fig("bac", ev.BAC)
	if err != nil {
		return EVMetrics{}, err
	}
	pv, err := fig("pv", ev.PV)
	if err != nil {
		return EVMetrics{}, err
	}
	evv, err := fig("ev", ev.EV)
	if err != nil {
		return EVMetrics{}, err
	}
	ac, err := fig("ac", ev.AC)
	if err != nil {
		return EVMetrics{}, err
	}
	var planEAC decimal.Decimal
	if !plan.EAC.IsZero() {
		if planEAC, err = fig("forecast eac", plan.EAC); err != nil {
			return EVMetrics{}, err
		}
	}
	if plan.Start.IsZero() != plan.Finish.IsZero() {
		return EVMetrics{}, fmt.Errorf("%w: earned value plan has a start or a finish but not both", ErrInvalid)
	}
	if plan.Finish.Before(plan.Start) {
		return EVMetrics{}, fmt.Errorf("%w: earned value plan finish %s is before its start %s",
			ErrInvalid, plan.Finish.Format(time.DateOnly), plan.Start.Format(time.DateOnly))
	}
	money := func(d decimal.Decimal) Money { return Money{Amount: d, Currency: cur} }
	div := func(a, b decimal.Decimal) decimal.Decimal { return a.DivRound(b, EVPrecision) }

	m := EVMetrics{
		CV:          money(evv.Sub(ac)),
		SV:          money(evv.Sub(pv)),
		EACAtypical: money(ac.Add(bac.Sub(evv))),
	}
	if !ac.IsZero() {
		m.CPI, m.CPIDefined = div(evv, ac), true
	}
	if !pv.IsZero() {
		m.SPI, m.SPIDefined = div(evv, pv), true
	}
	if left := bac.Sub(ac); !left.IsZero() {
		m.TCPI, m.TCPIDefined = div(bac.Sub(evv), left), true
	}
	if !evv.IsZero() && !ac.IsZero() {
		eac := div(bac.Mul(ac), evv)
		m.EAC, m.ETC, m.VAC, m.EACDefined = money(eac), money(eac.Sub(ac)), money(bac.Sub(eac)), true
		if !pv.IsZero() {
			m.EACComposite = money(ac.Add(div(bac.Sub(evv).Mul(ac).Mul(pv), evv.Mul(evv))))
			m.EACCompositeDefined = true
		}
	}
	hundred := decimal.NewFromInt(100)
	if !evv.IsZero() {
		m.CVPercent, m.CVPercentDefined = div(evv.Sub(ac).Mul(hundred), evv), true
	}
	if !pv.IsZero() {
		m.SVPercent, m.SVPercentDefined = div(evv.Sub(pv).Mul(hundred), pv), true
	}
	if !bac.IsZero() {
		m.PercentComplete, m.PercentSpent = div(evv.Mul(hundred), bac), div(ac.Mul(hundred), bac)
		m.PercentDefined = true
	}
	eac, eacOK := planEAC, !plan.EAC.IsZero()
	if !eacOK {
		eac, eacOK = m.EAC.Amount, m.EACDefined
	}
	if left := eac.Sub(ac); eacOK && !left.IsZero() {
		m.TCPIEAC, m.TCPIEACDefined = div(bac.Sub(evv), left), true
	}
	if !plan.Start.IsZero() {
		days := decimal.NewFromInt(calendarDays(plan.Start, plan.Finish))
		m.PlannedDays, m.PlannedDaysDefined = days, true
		if !pv.IsZero() && !evv.IsZero() {
			m.ForecastDays, m.ForecastDaysDefined = div(days.Mul(pv), evv), true
		}
	}
	return m, nil
}

// calendarDays is the number of calendar days from a's UTC day to b's.
func calendarDays(a, b time.Time) int64 {
	day := func(t time.Time) int64 {
		y, mo, d := t.UTC().Date()
		return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
	}
	return day(b) - day(a)
}
