package governance

import (
	"fmt"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"

	"github.com/pmokit/pmokit/pmo"
)

// evTypeName is the CEL type of ev(project).
const evTypeName = "governance.EVFigures"

// evFigures are the earned-value figures of a project, from
// pmo.EarnedValue.Metrics (DAU EVM Gold Card, REFERENCES.md Part A §3): the snapshot (bac, pv, ev, ac, as_of), the
// variances cv = ev - ac and sv = ev - pv, the indices cpi = ev / ac and
// spi = ev / pv, the forecasts eac = bac / cpi, etc = eac - ac and
// vac = bac - eac, tcpi = (bac - ev) / (bac - ac), and percent_complete =
// ev / bac and percent_spent = ac / bac (fractions). A figure whose divisor is
// zero is undefined: has() is false and reading it is an evaluation error.
type evFigures struct {
	given                  bool // the project has an earned_value snapshot
	asOf                   time.Time
	bac, pv, ev, ac        pmo.Money
	cv, sv                 pmo.Money
	cpi, spi, tcpi         float64
	cpiOK, spiOK, tcpiOK   bool
	eac, etc, vac          pmo.Money
	eacOK                  bool
	complete, spent        float64
	percentOK              bool
	undefinedReason        string
	undefinedReasonCPI     string
	undefinedReasonSPI     string
	undefinedReasonTCPI    string
	undefinedReasonPercent string
}

func computeEV(p *pmo.Project) (*evFigures, error) {
	f := &evFigures{}
	if p.EarnedValue == nil {
		f.undefinedReason = "the project has no earned_value"
		f.undefinedReasonCPI, f.undefinedReasonSPI = f.undefinedReason, f.undefinedReason
		f.undefinedReasonTCPI, f.undefinedReasonPercent = f.undefinedReason, f.undefinedReason
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
	f.cpi, f.cpiOK = m.CPI.InexactFloat64(), m.CPIDefined
	f.spi, f.spiOK = m.SPI.InexactFloat64(), m.SPIDefined
	f.tcpi, f.tcpiOK = m.TCPI.InexactFloat64(), m.TCPIDefined
	f.eac, f.etc, f.vac, f.eacOK = m.EAC, m.ETC, m.VAC, m.EACDefined
	f.undefinedReasonCPI = "actual cost (ac) is zero"
	f.undefinedReasonSPI = "planned value (pv) is zero"
	f.undefinedReasonTCPI = "bac equals ac"
	f.undefinedReason = "earned value (ev) or actual cost (ac) is zero"
	if f.bac.Amount.IsZero() {
		f.undefinedReasonPercent = "budget at completion (bac) is zero"
	} else {
		f.complete = f.ev.Amount.InexactFloat64() / f.bac.Amount.InexactFloat64()
		f.spent = f.ac.Amount.InexactFloat64() / f.bac.Amount.InexactFloat64()
		f.percentOK = true
	}
	return f, nil
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

func evDouble(name string, g func(*evFigures) (float64, bool, string)) fieldDef {
	return field(name, types.DoubleType,
		func(f *evFigures) bool { _, ok, _ := g(f); return ok },
		func(f *evFigures) (ref.Val, error) {
			v, ok, why := g(f)
			if !ok {
				return nil, undefinedFigure(name, why)
			}
			return types.Double(v), nil
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
		evDouble("cpi", func(f *evFigures) (float64, bool, string) { return f.cpi, f.cpiOK, f.undefinedReasonCPI }),
		evDouble("spi", func(f *evFigures) (float64, bool, string) { return f.spi, f.spiOK, f.undefinedReasonSPI }),
		evDouble("tcpi", func(f *evFigures) (float64, bool, string) { return f.tcpi, f.tcpiOK, f.undefinedReasonTCPI }),
		evMoney("eac", func(f *evFigures) (pmo.Money, bool, string) { return f.eac, f.eacOK, f.undefinedReason }),
		evMoney("etc", func(f *evFigures) (pmo.Money, bool, string) { return f.etc, f.eacOK, f.undefinedReason }),
		evMoney("vac", func(f *evFigures) (pmo.Money, bool, string) { return f.vac, f.eacOK, f.undefinedReason }),
		evDouble("percent_complete", func(f *evFigures) (float64, bool, string) {
			return f.complete, f.percentOK, f.undefinedReasonPercent
		}),
		evDouble("percent_spent", func(f *evFigures) (float64, bool, string) {
			return f.spent, f.percentOK, f.undefinedReasonPercent
		}),
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
