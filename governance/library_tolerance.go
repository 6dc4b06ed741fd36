package governance

import (
	"fmt"
	"reflect"
	"strings"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"

	"github.com/pmokit/pmokit/pmo"
)

// Stages and tolerances in CEL (PRINCE2 management by exception).
//
// project.stages is the list of a project's management stages (pmo.Stage)
// and x.tolerances its tolerances (pmo.Tolerances: cost, time, scope,
// risk, quality, benefits, each {plus, minus} with the limits as strings,
// "10%", "10d", "50000 USD"; an absent dimension reads as has() false).
//
// tolerance(project) and tolerance(stage) measure the plan's forecast
// against its tolerances with pmo's CheckTolerances and give a
// governance.ToleranceCheck:
//
//	exceeded  bool    the forecast is beyond a set tolerance, in cost or time, above or below
//	summary   string  one line per dimension, e.g. "cost 150000 USD (12.5%) above plan, tolerance +10%/-5%"
//	cost      governance.CostTolerance
//	time      governance.TimeTolerance
//
// and per dimension:
//
//	set       bool    a tolerance is given for the dimension
//	measured  bool    the tolerance, the target and the forecast are all given
//	missing   list    when set and not measured: the fields that are not given
//	plus, minus string the limits as written ('' when not set)
//	target, forecast  money (cost) or timestamp (time: the target and forecast finish)
//	deviation money (cost: forecast - target) or int (time: days late, negative when early)
//	planned_days int  (time) the target duration in days
//	percent   double  the deviation as a percent of the target cost or the planned duration
//	above, below, exceeded  bool  beyond the plus limit, beyond the minus limit, either
//
// above, below and exceeded are false when the dimension has no tolerance
// (no tolerance, no exception: test set to skip such plans); reading them,
// or the deviation, when the tolerance is set but not measured is an
// evaluation error naming what is missing, so a rule on a plan without a
// forecast fails closed. A check that cannot be made (a money limit or a
// forecast in another currency than the target, a percent of a zero
// target) makes tolerance() itself an evaluation error.

// The CEL names of the tolerance types.
const (
	stageTypeName          = "pmo.Stage"
	toleranceCheckTypeName = "governance.ToleranceCheck"
	costToleranceTypeName  = "governance.CostTolerance"
	timeToleranceTypeName  = "governance.TimeTolerance"
)

// tolFigures is the value of tolerance(x).
type tolFigures struct {
	what string // "project P-1", "stage S-2"
	cost costTol
	time timeTol
}

// costTol and timeTol are one dimension of a tolFigures.
type costTol struct {
	what string
	c    pmo.CostCheck
}

type timeTol struct {
	what string
	c    pmo.TimeCheck
}

func newTolFigures(what string, c pmo.ToleranceCheck) *tolFigures {
	return &tolFigures{what: what, cost: costTol{what, c.Cost}, time: timeTol{what, c.Time}}
}

// notMeasured is the error of reading a figure of a dimension that is not
// measured.
func notMeasured(what, dim, field string, tolSet bool, missing []string) error {
	if !tolSet {
		return fmt.Errorf("tolerance(%s): %s.%s: the %s has no %s tolerance (test %s.set)", what, dim, field, what, dim, dim)
	}
	return fmt.Errorf("tolerance(%s): %s.%s: %s not given (test %s.measured)", what, dim, field, strings.Join(missing, ", "), dim)
}

// exceededOf reads a direction: false without a tolerance, an error when
// set and not measured.
func exceededOf(what, dim, field string, tol *pmo.Tolerance, measured bool, missing []string, v bool) (ref.Val, error) {
	switch {
	case tol == nil:
		return types.False, nil
	case !measured:
		return nil, notMeasured(what, dim, field, true, missing)
	}
	return types.Bool(v), nil
}

func limitText(t *pmo.Tolerance, plus bool) string {
	switch {
	case t == nil:
		return ""
	case plus:
		return t.Plus.String()
	}
	return t.Minus.String()
}

// summary is one line about a dimension for messages.
func (c *costTol) summary() string {
	switch t := c.c; {
	case t.Tolerance == nil:
		return "cost: no tolerance"
	case !t.Measured:
		return "cost: " + strings.Join(t.Missing, ", ") + " not given"
	default:
		size := pmo.Money{Amount: t.Deviation.Amount.Abs(), Currency: t.Deviation.Currency}
		return "cost " + directionText(size.String(), t.Percent.Abs().String(), t.PercentDefined, t.Deviation.Sign(), t.Above, t.Below) +
			", tolerance +" + t.Tolerance.Plus.String() + "/-" + t.Tolerance.Minus.String()
	}
}

func (c *timeTol) summary() string {
	switch t := c.c; {
	case t.Tolerance == nil:
		return "time: no tolerance"
	case !t.Measured:
		return "time: " + strings.Join(t.Missing, ", ") + " not given"
	default:
		days := t.Days
		if days < 0 {
			days = -days
		}
		unit := "days"
		if days == 1 {
			unit = "day"
		}
		sign := 0
		switch {
		case t.Days > 0:
			sign = 1
		case t.Days < 0:
			sign = -1
		}
		return "time " + directionText(fmt.Sprintf("%d %s", days, unit), t.Percent.Abs().String(), t.PercentDefined, sign, t.Above, t.Below) +
			", tolerance +" + t.Tolerance.Plus.String() + "/-" + t.Tolerance.Minus.String()
	}
}

// directionText says how far and which way a forecast deviates, and
// whether that is beyond the tolerance.
func directionText(size, pct string, pctOK bool, sign int, above, below bool) string {
	if sign == 0 {
		return "on plan"
	}
	s := size
	if pctOK {
		s += " (" + pct + "%)"
	}
	if sign > 0 {
		s += " above plan"
	} else {
		s += " below plan"
	}
	if above || below {
		return s + ", beyond tolerance"
	}
	return s + ", within tolerance"
}

func (f *tolFigures) exceeded() (bool, error) {
	out := false
	for _, d := range []struct {
		dim      string
		tol      *pmo.Tolerance
		measured bool
		missing  []string
		hit      bool
	}{
		{"cost", f.cost.c.Tolerance, f.cost.c.Measured, f.cost.c.Missing, f.cost.c.Above || f.cost.c.Below},
		{"time", f.time.c.Tolerance, f.time.c.Measured, f.time.c.Missing, f.time.c.Above || f.time.c.Below},
	} {
		if d.tol == nil {
			continue
		}
		if !d.measured {
			return false, notMeasured(f.what, d.dim, "exceeded", true, d.missing)
		}
		out = out || d.hit
	}
	return out, nil
}

func toleranceFields() []fieldDef {
	return []fieldDef{
		field("exceeded", types.BoolType,
			func(f *tolFigures) bool { return f.cost.c.Tolerance != nil || f.time.c.Tolerance != nil },
			func(f *tolFigures) (ref.Val, error) {
				b, err := f.exceeded()
				if err != nil {
					return nil, err
				}
				return types.Bool(b), nil
			}),
		field("summary", types.StringType,
			func(*tolFigures) bool { return true },
			func(f *tolFigures) (ref.Val, error) {
				return types.String(f.what + ": " + f.cost.summary() + "; " + f.time.summary()), nil
			}),
		field("cost", types.NewObjectType(costToleranceTypeName),
			func(f *tolFigures) bool { return f.cost.c.Tolerance != nil },
			func(f *tolFigures) (ref.Val, error) { return objRef[costTol]{&f.cost}, nil }),
		field("time", types.NewObjectType(timeToleranceTypeName),
			func(f *tolFigures) bool { return f.time.c.Tolerance != nil },
			func(f *tolFigures) (ref.Val, error) { return objRef[timeTol]{&f.time}, nil }),
	}
}

func costToleranceFields() []fieldDef {
	measuredOnly := func(name string, t *types.Type, get func(c *pmo.CostCheck) (ref.Val, error)) fieldDef {
		return field(name, t,
			func(x *costTol) bool { return x.c.Measured },
			func(x *costTol) (ref.Val, error) {
				if !x.c.Measured {
					return nil, notMeasured(x.what, "cost", name, x.c.Tolerance != nil, x.c.Missing)
				}
				return get(&x.c)
			})
	}
	dir := func(name string, v func(c *pmo.CostCheck) bool) fieldDef {
		return field(name, types.BoolType,
			func(x *costTol) bool { return x.c.Tolerance != nil },
			func(x *costTol) (ref.Val, error) {
				return exceededOf(x.what, "cost", name, x.c.Tolerance, x.c.Measured, x.c.Missing, v(&x.c))
			})
	}
	return []fieldDef{
		boolField("set", func(x *costTol) bool { return x.c.Tolerance != nil }),
		boolField("measured", func(x *costTol) bool { return x.c.Measured }),
		stringsField("missing", func(x *costTol) []string { return x.c.Missing }),
		strField("plus", func(x *costTol) string { return limitText(x.c.Tolerance, true) }),
		strField("minus", func(x *costTol) string { return limitText(x.c.Tolerance, false) }),
		moneyGiven("target", func(x *costTol) pmo.Money { return x.c.Target }),
		moneyGiven("forecast", func(x *costTol) pmo.Money { return x.c.Forecast }),
		measuredOnly("deviation", newMoneyType(), func(c *pmo.CostCheck) (ref.Val, error) { return newMoney(c.Deviation), nil }),
		field("percent", types.DoubleType,
			func(x *costTol) bool { return x.c.PercentDefined },
			func(x *costTol) (ref.Val, error) {
				if !x.c.Measured {
					return nil, notMeasured(x.what, "cost", "percent", x.c.Tolerance != nil, x.c.Missing)
				}
				if !x.c.PercentDefined {
					return nil, fmt.Errorf("tolerance(%s): cost.percent is undefined: the target is zero (test it with has())", x.what)
				}
				return types.Double(x.c.Percent.InexactFloat64()), nil
			}),
		dir("above", func(c *pmo.CostCheck) bool { return c.Above }),
		dir("below", func(c *pmo.CostCheck) bool { return c.Below }),
		dir("exceeded", func(c *pmo.CostCheck) bool { return c.Above || c.Below }),
		field("summary", types.StringType,
			func(*costTol) bool { return true },
			func(x *costTol) (ref.Val, error) { return types.String(x.summary()), nil }),
	}
}

func timeToleranceFields() []fieldDef {
	dir := func(name string, v func(c *pmo.TimeCheck) bool) fieldDef {
		return field(name, types.BoolType,
			func(x *timeTol) bool { return x.c.Tolerance != nil },
			func(x *timeTol) (ref.Val, error) {
				return exceededOf(x.what, "time", name, x.c.Tolerance, x.c.Measured, x.c.Missing, v(&x.c))
			})
	}
	date := func(name string, g func(c *pmo.TimeCheck) time.Time) fieldDef {
		return field(name, types.TimestampType,
			func(x *timeTol) bool { return !g(&x.c).IsZero() },
			func(x *timeTol) (ref.Val, error) {
				t := g(&x.c)
				if t.IsZero() {
					return nil, fmt.Errorf("tolerance(%s): time.%s is not given (test it with has())", x.what, name)
				}
				return types.Timestamp{Time: t}, nil
			})
	}
	return []fieldDef{
		boolField("set", func(x *timeTol) bool { return x.c.Tolerance != nil }),
		boolField("measured", func(x *timeTol) bool { return x.c.Measured }),
		stringsField("missing", func(x *timeTol) []string { return x.c.Missing }),
		strField("plus", func(x *timeTol) string { return limitText(x.c.Tolerance, true) }),
		strField("minus", func(x *timeTol) string { return limitText(x.c.Tolerance, false) }),
		date("target", func(c *pmo.TimeCheck) time.Time { return c.TargetFinish }),
		date("forecast", func(c *pmo.TimeCheck) time.Time { return c.ForecastFinish }),
		field("deviation", types.IntType,
			func(x *timeTol) bool { return x.c.Measured },
			func(x *timeTol) (ref.Val, error) {
				if !x.c.Measured {
					return nil, notMeasured(x.what, "time", "deviation", x.c.Tolerance != nil, x.c.Missing)
				}
				return types.Int(x.c.Days), nil
			}),
		field("planned_days", types.IntType,
			func(x *timeTol) bool { return !x.c.TargetStart.IsZero() && !x.c.TargetFinish.IsZero() },
			func(x *timeTol) (ref.Val, error) {
				if x.c.TargetStart.IsZero() || x.c.TargetFinish.IsZero() {
					return nil, fmt.Errorf("tolerance(%s): time.planned_days is undefined: no target start and finish (test it with has())", x.what)
				}
				return types.Int(x.c.PlannedDays), nil
			}),
		field("percent", types.DoubleType,
			func(x *timeTol) bool { return x.c.PercentDefined },
			func(x *timeTol) (ref.Val, error) {
				if !x.c.Measured {
					return nil, notMeasured(x.what, "time", "percent", x.c.Tolerance != nil, x.c.Missing)
				}
				if !x.c.PercentDefined {
					return nil, fmt.Errorf("tolerance(%s): time.percent is undefined: no target start, or a zero planned duration (test it with has())", x.what)
				}
				return types.Double(x.c.Percent.InexactFloat64()), nil
			}),
		dir("above", func(c *pmo.TimeCheck) bool { return c.Above }),
		dir("below", func(c *pmo.TimeCheck) bool { return c.Below }),
		dir("exceeded", func(c *pmo.TimeCheck) bool { return c.Above || c.Below }),
		field("summary", types.StringType,
			func(*timeTol) bool { return true },
			func(x *timeTol) (ref.Val, error) { return types.String(x.summary()), nil }),
	}
}

// moneyGiven is a money figure that has() tests and that is an error to
// read when not given.
func moneyGiven[T any](name string, g func(*T) pmo.Money) fieldDef {
	return field(name, newMoneyType(),
		func(x *T) bool { return !g(x).IsZero() },
		func(x *T) (ref.Val, error) {
			m := g(x)
			if m.IsZero() {
				return nil, fmt.Errorf("%s is not given (test it with has())", name)
			}
			return newMoney(m), nil
		})
}

// addToleranceTypes declares pmo.Stage, pmo.Tolerances, pmo.Tolerance and
// the result types of tolerance() (called by buildSchema).
func addToleranceTypes(add func(name string, goType reflect.Type, defs ...fieldDef)) {
	type (
		stg = pmo.Stage
		tls = pmo.Tolerances
		tol = pmo.Tolerance
	)
	add(stageTypeName, reflect.TypeFor[stg](),
		strField("id", func(s *stg) string { return s.ID }),
		strField("name", func(s *stg) string { return s.Name }),
		timeField("start", func(s *stg) time.Time { return s.Start }),
		timeField("finish", func(s *stg) time.Time { return s.Finish }),
		timeField("baseline_start", func(s *stg) time.Time { return s.BaselineStart }),
		timeField("baseline_finish", func(s *stg) time.Time { return s.BaselineFinish }),
		timeField("forecast_start", func(s *stg) time.Time { return s.ForecastStart }),
		timeField("forecast_finish", func(s *stg) time.Time { return s.ForecastFinish }),
		moneyField("planned_cost", func(s *stg) *pmo.Money { return &s.PlannedCost }),
		moneyField("forecast_cost", func(s *stg) *pmo.Money { return &s.ForecastCost }),
		moneyField("actual_cost", func(s *stg) *pmo.Money { return &s.ActualCost }),
		ptrField("tolerances", "pmo.Tolerances", func(s *stg) *pmo.Tolerances { return s.Tolerances }),
		attributesField(func(s *stg) map[string]any { return s.Attributes }),
	)
	dim := func(name string, g func(*tls) *pmo.Tolerance) fieldDef {
		return ptrField(name, "pmo.Tolerance", g)
	}
	add("pmo.Tolerances", reflect.TypeFor[tls](),
		dim("cost", func(t *tls) *pmo.Tolerance { return t.Cost }),
		dim("time", func(t *tls) *pmo.Tolerance { return t.Time }),
		dim("scope", func(t *tls) *pmo.Tolerance { return t.Scope }),
		dim("risk", func(t *tls) *pmo.Tolerance { return t.Risk }),
		dim("quality", func(t *tls) *pmo.Tolerance { return t.Quality }),
		dim("benefits", func(t *tls) *pmo.Tolerance { return t.Benefits }),
	)
	add("pmo.Tolerance", reflect.TypeFor[tol](),
		strField("plus", func(t *tol) string { return t.Plus.String() }),
		strField("minus", func(t *tol) string { return t.Minus.String() }),
	)
	add(toleranceCheckTypeName, reflect.TypeFor[tolFigures](), toleranceFields()...)
	add(costToleranceTypeName, reflect.TypeFor[costTol](), costToleranceFields()...)
	add(timeToleranceTypeName, reflect.TypeFor[timeTol](), timeToleranceFields()...)
}

// stages measures what the plan measures of the strings of a project's
// stages and tolerances for the cost shortcut (budget.go); measureOn
// measures the length of the list.
func (m *sizeMeter) stages(p *pmo.Project) {
	x := &m.plan.stage
	m.tolerances(p.Tolerances)
	for i := range p.Stages {
		s := &p.Stages[i]
		m.s(x.id, s.ID)
		m.s(x.name, s.Name)
		m.tolerances(s.Tolerances)
	}
}

func (m *sizeMeter) tolerances(t *pmo.Tolerances) {
	x := &m.plan.tolerance
	if t == nil || !x.any {
		return
	}
	if x.plus || x.minus {
		for _, d := range []*pmo.Tolerance{t.Cost, t.Time, t.Scope, t.Risk, t.Quality, t.Benefits} {
			if d != nil {
				m.s(x.plus, d.Plus.String())
				m.s(x.minus, d.Minus.String())
			}
		}
	}
	// tolerance(x).summary and missing: a few fixed phrases around the
	// limits and figures; 256 bytes bounds them.
	if x.check {
		m.str = max(m.str, 256)
	}
}

func toleranceOptions() []cel.EnvOption {
	check := func(what string, c pmo.ToleranceCheck, err error) ref.Val {
		if err != nil {
			return types.WrapErr(fmt.Errorf("tolerance(%s): %s", what, strings.ReplaceAll(err.Error(), "pmo: ", "")))
		}
		return objRef[tolFigures]{newTolFigures(what, c)}
	}
	return []cel.EnvOption{
		cel.Function("tolerance",
			cel.Overload("tolerance_project", []*cel.Type{cel.ObjectType(projectTypeName)}, cel.ObjectType(toleranceCheckTypeName),
				cel.UnaryBinding(func(v ref.Val) ref.Val {
					p, ok := v.(objRef[pmo.Project])
					if !ok {
						return types.MaybeNoSuchOverloadErr(v)
					}
					c, err := p.p.CheckTolerances()
					return check("project "+p.p.ID, c, err)
				})),
			cel.Overload("tolerance_stage", []*cel.Type{cel.ObjectType(stageTypeName)}, cel.ObjectType(toleranceCheckTypeName),
				cel.UnaryBinding(func(v ref.Val) ref.Val {
					s, ok := v.(objRef[pmo.Stage])
					if !ok {
						return types.MaybeNoSuchOverloadErr(v)
					}
					c, err := s.p.CheckTolerances()
					return check("stage "+s.p.ID, c, err)
				}))),
	}
}
