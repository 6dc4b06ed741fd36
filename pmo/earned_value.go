package pmo

import (
	"fmt"

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
//	CPI = EV / AC               SPI = EV / PV
//	EAC = BAC / CPI  (computed as BAC·AC/EV, never through a rounded CPI)
//	ETC = EAC − AC              VAC = BAC − EAC
//	EACAtypical  = AC + (BAC − EV)
//	EACComposite = AC + (BAC − EV)/(CPI·SPI)  (computed as AC + (BAC−EV)·AC·PV/EV²)
//	TCPI = (BAC − EV)/(BAC − AC)   (to-complete performance index to reach BAC)
//
// A ratio whose denominator is zero is undefined: a project that has not
// started (PV = EV = AC = 0) is normal data, not an error, so the figure is
// left zero and its Defined flag false. Always test the flag before using
// CPI, SPI, TCPI, EAC, ETC, VAC or EACComposite. CV, SV and EACAtypical are
// always defined.
type EVMetrics struct {
	CV, SV, EAC, ETC, VAC, EACAtypical, EACComposite Money
	CPI, SPI, TCPI                                   decimal.Decimal

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
	return m, nil
}
