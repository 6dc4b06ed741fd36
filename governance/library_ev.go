package governance

import (
	"fmt"
	"sync"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/shopspring/decimal"

	"github.com/pmokit/pmokit/pmo"
)

// evTypeName is the CEL type of ev(project).
const evTypeName = "governance.EVFigures"

// evFigures are the earned-value figures of a project, from
// pmo.EarnedValue.MetricsFor (DAU EVM Gold Card, REFERENCES.md Part A §3): the
// snapshot (bac, pv, ev, ac, as_of), the variances cv = ev - ac and
// sv = ev - pv and their percentages cv_percent = cv / ev × 100 and
// sv_percent = sv / pv × 100, the indices cpi = ev / ac and spi = ev / pv,
// the forecasts eac = bac / cpi, etc = eac - ac and vac = bac - eac, the
// independent estimates eac_atypical = ac + (bac - ev) and eac_composite =
// ac + (bac - ev) / (cpi × spi), tcpi = (bac - ev) / (bac - ac) and
// tcpi_eac = (bac - ev) / (eac - ac) against the project's budget.forecast
// (the CPI eac when there is none), percent_complete = ev / bac × 100 and
// percent_spent = ac / bac × 100 (in percent, like every percentage here
// and in pmo.EVMetrics), and the planned duration in days
// (the project's baseline_start to baseline_finish, or start to finish
// without a baseline) with the forecast duration by SPI, planned / spi. A figure whose divisor is zero is undefined: has() is
// false and reading it is an evaluation error. A figure that cannot be
// computed from the project's data (a budget.forecast in another currency
// than bac, a finish before the start) is set for has() and reading it is
// an evaluation error, so a rule on it fails closed.
type evFigures struct {
	given                  bool // the project has an earned_value snapshot
	asOf                   time.Time
	bac, pv, ev, ac        pmo.Money
	cv, sv                 pmo.Money
	cpi, spi, tcpi         decimal.Decimal // as doubles on read (a conversion costs a string)
	cpiOK, spiOK, tcpiOK   bool
	eac, etc, vac          pmo.Money
	eacOK                  bool
	complete, spent        decimal.Decimal
	percentOK              bool
	undefinedReason        string
	undefinedReasonCPI     string
	undefinedReasonSPI     string
	undefinedReasonTCPI    string
	undefinedReasonPercent string

	cvPct, svPct              evFigure
	eacAtypical, eacComposite pmo.Money
	eacCompositeOK            bool
	undefinedReasonComposite  string

	// tcpi_eac against the project's budget.forecast and the planned and
	// forecast durations each take a computation of their own
	// (MetricsFor with a plan): they are made on first read (planned),
	// from the project (nil once made, or when there is nothing to make).
	planOnce                           sync.Once
	planProject                        *pmo.Project
	tcpiEAC, plannedDays, forecastDays evFigure
}

// planned returns f with tcpiEAC, plannedDays and forecastDays made.
func (f *evFigures) planned() *evFigures {
	f.planOnce.Do(func() {
		if p := f.planProject; p != nil {
			f.planFigures(p)
			f.planProject = nil
		}
	})
	return f
}

// evFigure is one Gold Card ratio: its value when ok, else why it is
// undefined, or the error that reading it gives (err != nil: set for has(),
// so that a rule on it fails closed).
type evFigure struct {
	v   decimal.Decimal // as a double on read
	ok  bool
	why string
	err error
}

func computeEV(p *pmo.Project) (*evFigures, error) {
	f := &evFigures{}
	if p.EarnedValue == nil {
		f.undefinedReason = "the project has no earned_value"
		f.undefinedReasonCPI, f.undefinedReasonSPI = f.undefinedReason, f.undefinedReason
		f.undefinedReasonTCPI, f.undefinedReasonPercent = f.undefinedReason, f.undefinedReason
		f.undefinedReasonComposite = f.undefinedReason
		none := evFigure{why: f.undefinedReason}
		f.cvPct, f.svPct, f.tcpiEAC, f.plannedDays, f.forecastDays = none, none, none, none, none
		return f, nil
	}
	e := p.EarnedValue
	m, err := e.Metrics()
	if err != nil {
		return nil, fmt.Errorf("ev: project %s: %w", p.ID, err)
	}
	cur := e.BAC.Currency
	norm := func(m pmo.Money) pmo.Money {
		if m.IsZero() {
			return pmo.Money{Currency: cur}
		}
		return m
	}
	f.given = true
	f.asOf = e.AsOf
	f.bac, f.pv, f.ev, f.ac = norm(e.BAC), norm(e.PV), norm(e.EV), norm(e.AC)
	f.cv, f.sv = m.CV, m.SV
	f.cpi, f.cpiOK = m.CPI, m.CPIDefined
	f.spi, f.spiOK = m.SPI, m.SPIDefined
	f.tcpi, f.tcpiOK = m.TCPI, m.TCPIDefined
	f.eac, f.etc, f.vac, f.eacOK = m.EAC, m.ETC, m.VAC, m.EACDefined
	f.undefinedReasonCPI = "actual cost (ac) is zero"
	f.undefinedReasonSPI = "planned value (pv) is zero"
	f.undefinedReasonTCPI = "bac equals ac"
	f.undefinedReason = "earned value (ev) or actual cost (ac) is zero"
	if f.bac.Amount.IsZero() {
		f.undefinedReasonPercent = "budget at completion (bac) is zero"
	} else {
		f.complete, f.spent = m.PercentComplete, m.PercentSpent
		f.percentOK = m.PercentDefined
	}
	f.cvPct = evFigure{v: m.CVPercent, ok: m.CVPercentDefined, why: "earned value (ev) is zero"}
	f.svPct = evFigure{v: m.SVPercent, ok: m.SVPercentDefined, why: f.undefinedReasonSPI}
	f.eacAtypical = m.EACAtypical
	f.eacComposite, f.eacCompositeOK = m.EACComposite, m.EACCompositeDefined
	f.undefinedReasonComposite = "earned value (ev), actual cost (ac) or planned value (pv) is zero"

	f.tcpiEAC = evFigure{v: m.TCPIEAC, ok: m.TCPIEACDefined, why: "the cpi eac is undefined or equals ac"}
	f.planProject = p // planFigures, on first read
	return f, nil
}

// planFigures makes the figures of p that need a plan: tcpi_eac against
// its budget.forecast (when it has one) and the planned and forecast
// durations.
func (f *evFigures) planFigures(p *pmo.Project) {
	e := p.EarnedValue
	if fc := p.Budget.Forecast; !fc.IsZero() {
		tm, err := e.MetricsFor(pmo.EVPlan{EAC: fc})
		switch {
		case err != nil:
			f.tcpiEAC = evFigure{err: fmt.Errorf("ev: tcpi_eac of project %s: budget.forecast: %w", p.ID, err)}
		default:
			f.tcpiEAC = evFigure{v: tm.TCPIEAC, ok: tm.TCPIEACDefined, why: "budget.forecast equals ac"}
		}
	}

	start, finish := evPlanDates(p)
	switch {
	case start.IsZero() || finish.IsZero():
		why := "the project has no baseline_start and baseline_finish, nor start and finish"
		f.plannedDays, f.forecastDays = evFigure{why: why}, evFigure{why: why}
	default:
		dm, err := e.MetricsFor(pmo.EVPlan{Start: start, Finish: finish})
		if err != nil {
			err = fmt.Errorf("ev: duration of project %s: %w", p.ID, err)
			f.plannedDays, f.forecastDays = evFigure{err: err}, evFigure{err: err}
			break
		}
		f.plannedDays = evFigure{v: dm.PlannedDays, ok: dm.PlannedDaysDefined}
		f.forecastDays = evFigure{v: dm.ForecastDays, ok: dm.ForecastDaysDefined,
			why: "planned value (pv) or earned value (ev) is zero"}
	}
}

// evPlanDates are the planned start and finish that ev() measures the
// planned duration on: the project's baseline_start and baseline_finish
// when both are given (the performance measurement baseline), else its
// start and finish.
func evPlanDates(p *pmo.Project) (start, finish time.Time) {
	if !p.BaselineStart.IsZero() && !p.BaselineFinish.IsZero() {
		return p.BaselineStart, p.BaselineFinish
	}
	return p.Start, p.Finish
}

func undefinedFigure(name, reason string) error {
	return fmt.Errorf("ev: %s is undefined: %s (test it with has())", name, reason)
}

func evMoney(name string, g func(*evFigures) (pmo.Money, bool, string)) fieldDef {
	return field(name, newMoneyType(),
		func(f *evFigures) bool { _, ok, _ := g(f); return ok },
		func(f *evFigures) (ref.Val, error) {
			m, ok, why := g(f)
			if !ok {
				return nil, undefinedFigure(name, why)
			}
			return newMoney(m), nil
		})
}

func evDouble(name string, g func(*evFigures) (decimal.Decimal, bool, string)) fieldDef {
	return field(name, types.DoubleType,
		func(f *evFigures) bool { _, ok, _ := g(f); return ok },
		func(f *evFigures) (ref.Val, error) {
			v, ok, why := g(f)
			if !ok {
				return nil, undefinedFigure(name, why)
			}
			return types.Double(v.InexactFloat64()), nil
		})
}

func evRatio(name string, g func(*evFigures) evFigure) fieldDef {
	return field(name, types.DoubleType,
		func(f *evFigures) bool { x := g(f); return x.ok || x.err != nil },
		func(f *evFigures) (ref.Val, error) {
			x := g(f)
			switch {
			case x.err != nil:
				return nil, x.err
			case !x.ok:
				return nil, undefinedFigure(name, x.why)
			}
			return types.Double(x.v.InexactFloat64()), nil
		})
}

func evFields() []fieldDef {
	snap := func(g func(*evFigures) pmo.Money) func(*evFigures) (pmo.Money, bool, string) {
		return func(f *evFigures) (pmo.Money, bool, string) { return g(f), f.given, f.undefinedReason }
	}
	return []fieldDef{
		field("as_of", types.TimestampType,
			func(f *evFigures) bool { return !f.asOf.IsZero() },
			func(f *evFigures) (ref.Val, error) {
				if f.asOf.IsZero() {
					return nil, fmt.Errorf("ev: as_of is not set (test it with has())")
				}
				return types.Timestamp{Time: f.asOf}, nil
			}),
		evMoney("bac", snap(func(f *evFigures) pmo.Money { return f.bac })),
		evMoney("pv", snap(func(f *evFigures) pmo.Money { return f.pv })),
		evMoney("ev", snap(func(f *evFigures) pmo.Money { return f.ev })),
		evMoney("ac", snap(func(f *evFigures) pmo.Money { return f.ac })),
		evMoney("cv", snap(func(f *evFigures) pmo.Money { return f.cv })),
		evMoney("sv", snap(func(f *evFigures) pmo.Money { return f.sv })),
		evDouble("cpi", func(f *evFigures) (decimal.Decimal, bool, string) { return f.cpi, f.cpiOK, f.undefinedReasonCPI }),
		evDouble("spi", func(f *evFigures) (decimal.Decimal, bool, string) { return f.spi, f.spiOK, f.undefinedReasonSPI }),
		evDouble("tcpi", func(f *evFigures) (decimal.Decimal, bool, string) { return f.tcpi, f.tcpiOK, f.undefinedReasonTCPI }),
		evMoney("eac", func(f *evFigures) (pmo.Money, bool, string) { return f.eac, f.eacOK, f.undefinedReason }),
		evMoney("etc", func(f *evFigures) (pmo.Money, bool, string) { return f.etc, f.eacOK, f.undefinedReason }),
		evMoney("vac", func(f *evFigures) (pmo.Money, bool, string) { return f.vac, f.eacOK, f.undefinedReason }),
		evDouble("percent_complete", func(f *evFigures) (decimal.Decimal, bool, string) {
			return f.complete, f.percentOK, f.undefinedReasonPercent
		}),
		evDouble("percent_spent", func(f *evFigures) (decimal.Decimal, bool, string) {
			return f.spent, f.percentOK, f.undefinedReasonPercent
		}),
		evRatio("cv_percent", func(f *evFigures) evFigure { return f.cvPct }),
		evRatio("sv_percent", func(f *evFigures) evFigure { return f.svPct }),
		evRatio("tcpi_eac", func(f *evFigures) evFigure { return f.planned().tcpiEAC }),
		evMoney("eac_atypical", snap(func(f *evFigures) pmo.Money { return f.eacAtypical })),
		evMoney("eac_composite", func(f *evFigures) (pmo.Money, bool, string) {
			return f.eacComposite, f.eacCompositeOK, f.undefinedReasonComposite
		}),
		evRatio("planned_duration_days", func(f *evFigures) evFigure { return f.planned().plannedDays }),
		evRatio("forecast_duration_days", func(f *evFigures) evFigure { return f.planned().forecastDays }),
	}
}

func evOptions() []cel.EnvOption {
	return []cel.EnvOption{
		cel.Function("ev",
			cel.Overload("ev_project", []*cel.Type{cel.ObjectType(projectTypeName)}, cel.ObjectType(evTypeName),
				cel.UnaryBinding(func(v ref.Val) ref.Val {
					p, ok := v.(objRef[pmo.Project])
					if !ok {
						return types.MaybeNoSuchOverloadErr(v)
					}
					f, err := computeEV(p.p)
					if err != nil {
						return types.WrapErr(err)
					}
					return objRef[evFigures]{f}
				}))),
	}
}
