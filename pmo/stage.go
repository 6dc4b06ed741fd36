package pmo

import (
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// Stage is a management stage of a project (PRINCE2): a section of the
// project that the project board authorizes one at a time, with its own
// plan and tolerances. Stages are distinct from the lifecycle phase
// ([Project.Phase]): a project in the execution phase may run several
// delivery stages.
//
// Start and Finish are the stage plan's dates; BaselineStart and
// BaselineFinish the approved baseline's, when it differs from the plan;
// ForecastStart and ForecastFinish the current forecast's. PlannedCost is
// the stage budget, ForecastCost the forecast at the stage's completion
// and ActualCost the cost so far. Each date pair has start <= finish.
type Stage struct {
	ID             string         `json:"id" yaml:"id"`
	Name           string         `json:"name" yaml:"name"`
	Start          time.Time      `json:"start,omitzero" yaml:"start,omitempty"`
	Finish         time.Time      `json:"finish,omitzero" yaml:"finish,omitempty"`
	BaselineStart  time.Time      `json:"baseline_start,omitzero" yaml:"baseline_start,omitempty"`
	BaselineFinish time.Time      `json:"baseline_finish,omitzero" yaml:"baseline_finish,omitempty"`
	ForecastStart  time.Time      `json:"forecast_start,omitzero" yaml:"forecast_start,omitempty"`
	ForecastFinish time.Time      `json:"forecast_finish,omitzero" yaml:"forecast_finish,omitempty"`
	PlannedCost    Money          `json:"planned_cost,omitzero" yaml:"planned_cost,omitempty"`
	ForecastCost   Money          `json:"forecast_cost,omitzero" yaml:"forecast_cost,omitempty"`
	ActualCost     Money          `json:"actual_cost,omitzero" yaml:"actual_cost,omitempty"`
	Tolerances     *Tolerances    `json:"tolerances,omitempty" yaml:"tolerances,omitempty"` // the stage tolerances
	Attributes     map[string]any `json:"attributes,omitempty" yaml:"attributes,omitempty"` // host-specific custom fields, any JSON value
}

// ToleranceCheck is a plan's forecast against its tolerances: the cost and
// time dimensions, measured by [Project.CheckTolerances] and
// [Stage.CheckTolerances].
type ToleranceCheck struct {
	Cost CostCheck
	Time TimeCheck
}

// Exceeded reports whether the forecast is beyond a tolerance in either
// dimension, above or below: an exception in PRINCE2's terms.
func (c ToleranceCheck) Exceeded() bool {
	return c.Cost.Above || c.Cost.Below || c.Time.Above || c.Time.Below
}

// CostCheck is a plan's forecast cost against its cost tolerance.
//
// The target is a project's budget.approved or a stage's planned_cost; the
// forecast a project's budget.forecast or a stage's forecast_cost.
// Deviation is forecast - target (positive: over budget) and Percent
// deviation / target × 100, rounded to two decimal places (undefined for
// a zero target). Above is true when the deviation is more than the plus
// limit, Below when it is more than the minus limit below the target; a
// deviation equal to a limit is within tolerance. Comparisons are exact
// (a percent limit compares deviation × 100 with limit × target).
type CostCheck struct {
	Tolerance        *Tolerance // nil: the plan has no cost tolerance
	Target, Forecast Money      // zero Money: not given
	Measured         bool       // a tolerance, the target and the forecast are all given
	Missing          []string   // when the tolerance is set but not measured: the fields not given
	Deviation        Money
	Percent          decimal.Decimal
	PercentDefined   bool
	Above, Below     bool
}

// TimeCheck is a plan's forecast finish against its time tolerance.
//
// The target dates are the baseline's (baseline_start, baseline_finish)
// when the plan has a baseline_finish, else the plan's (start, finish);
// the forecast is forecast_finish. Days is forecast finish - target
// finish in calendar days (positive: late) and PlannedDays the target
// duration, target finish - target start; Percent is Days / PlannedDays ×
// 100, rounded to two decimal places (undefined without a target start or
// for a zero duration). A day limit compares Days, a percent limit
// Days × 100 with limit × PlannedDays. Above is true when the forecast is
// later than the plus limit allows, Below when it is earlier than the
// minus limit allows; a deviation equal to a limit is within tolerance.
type TimeCheck struct {
	Tolerance                 *Tolerance // nil: the plan has no time tolerance
	TargetStart, TargetFinish time.Time  // zero: not given
	ForecastFinish            time.Time  // zero: not given
	Measured                  bool       // a tolerance, the target finish and the forecast finish are all given (and the target start for a percent limit)
	Missing                   []string   // when the tolerance is set but not measured: the fields not given
	Days, PlannedDays         int
	Percent                   decimal.Decimal
	PercentDefined            bool
	Above, Below              bool
}

// planView is what a tolerance check reads of a project or a stage.
type planView struct {
	tol                                  *Tolerances
	target, forecast                     Money
	targetName, forecastName             string
	start, finish, baseStart, baseFinish time.Time
	forecastFinish                       time.Time
}

// CheckTolerances compares the project's forecasts with its targets and
// its tolerances (see [CostCheck] and [TimeCheck]): cost is budget.forecast
// against budget.approved, time is forecast_finish against baseline_finish
// (or finish). An error, matching [ErrInvalid] or [ErrCurrencyMismatch],
// says why a set tolerance cannot be measured: amounts or a money limit in
// different currencies, a percent limit of a zero target with a non-zero
// deviation.
func (p *Project) CheckTolerances() (ToleranceCheck, error) {
	return planView{
		tol: p.Tolerances, target: p.Budget.Approved, forecast: p.Budget.Forecast,
		targetName: "budget.approved", forecastName: "budget.forecast",
		start: p.Start, finish: p.Finish, baseStart: p.BaselineStart, baseFinish: p.BaselineFinish,
		forecastFinish: p.ForecastFinish,
	}.check()
}

// CheckTolerances compares the stage's forecasts with its targets and its
// tolerances, as [Project.CheckTolerances] does: cost is forecast_cost
// against planned_cost, time is forecast_finish against baseline_finish
// (or finish).
func (s *Stage) CheckTolerances() (ToleranceCheck, error) {
	return planView{
		tol: s.Tolerances, target: s.PlannedCost, forecast: s.ForecastCost,
		targetName: "planned_cost", forecastName: "forecast_cost",
		start: s.Start, finish: s.Finish, baseStart: s.BaselineStart, baseFinish: s.BaselineFinish,
		forecastFinish: s.ForecastFinish,
	}.check()
}

func (v planView) check() (ToleranceCheck, error) {
	var out ToleranceCheck
	var errs []error
	if v.tol != nil {
		out.Cost.Tolerance, out.Time.Tolerance = v.tol.Cost, v.tol.Time
	}
	if err := v.cost(&out.Cost); err != nil {
		errs = append(errs, err)
	}
	if err := v.time(&out.Time); err != nil {
		errs = append(errs, err)
	}
	return out, errors.Join(errs...)
}

var hundred = decimal.NewFromInt(100)

func (v planView) cost(c *CostCheck) error {
	c.Target, c.Forecast = v.target, v.forecast
	if c.Tolerance == nil {
		return nil
	}
	if c.Target.IsZero() {
		c.Missing = append(c.Missing, v.targetName)
	}
	if c.Forecast.IsZero() {
		c.Missing = append(c.Missing, v.forecastName)
	}
	if len(c.Missing) > 0 {
		return nil
	}
	dev, err := c.Forecast.Sub(c.Target)
	if err != nil {
		return &toleranceError{fmt.Sprintf("cost tolerance: %s %s and %s %s are in different currencies", v.forecastName, c.Forecast, v.targetName, c.Target), ErrCurrencyMismatch}
	}
	c.Measured, c.Deviation = true, dev
	if !c.Target.Amount.IsZero() {
		c.Percent, c.PercentDefined = dev.Amount.Mul(hundred).DivRound(c.Target.Amount, 2), true
	}
	c.Above, c.Below, err = exceeds(*c.Tolerance, dev.Amount, dev.Currency, c.Target.Amount, "cost", v.targetName)
	return err
}

func (v planView) time(t *TimeCheck) error {
	t.TargetStart, t.TargetFinish = v.start, v.finish
	if !v.baseFinish.IsZero() {
		t.TargetStart, t.TargetFinish = v.baseStart, v.baseFinish
	}
	t.ForecastFinish = v.forecastFinish
	if !t.TargetStart.IsZero() && !t.TargetFinish.IsZero() {
		t.PlannedDays = int(calendarDays(t.TargetStart, t.TargetFinish))
	}
	if t.Tolerance == nil {
		return nil
	}
	if t.TargetFinish.IsZero() {
		t.Missing = append(t.Missing, "baseline_finish or finish")
	}
	if t.TargetStart.IsZero() && (t.Tolerance.Plus.Unit == LimitPercent || t.Tolerance.Minus.Unit == LimitPercent) {
		name := "start"
		if !v.baseFinish.IsZero() {
			name = "baseline_start"
		}
		t.Missing = append(t.Missing, name+" (for a percent limit)")
	}
	if t.ForecastFinish.IsZero() {
		t.Missing = append(t.Missing, "forecast_finish")
	}
	if len(t.Missing) > 0 {
		return nil
	}
	t.Measured = true
	t.Days = int(calendarDays(t.TargetFinish, t.ForecastFinish))
	if !t.TargetStart.IsZero() && t.PlannedDays != 0 {
		t.Percent = decimal.NewFromInt(int64(t.Days)).Mul(hundred).DivRound(decimal.NewFromInt(int64(t.PlannedDays)), 2)
		t.PercentDefined = true
	}
	var err error
	t.Above, t.Below, err = exceeds(*t.Tolerance, decimal.NewFromInt(int64(t.Days)), "", decimal.NewFromInt(int64(t.PlannedDays)), "time", "the planned duration")
	return err
}

// exceeds compares a signed deviation (a money amount in currency cur, or
// days when cur is "") with a tolerance: above when it is positive and more
// than the plus limit, below when it is negative and more than the minus
// limit in size. base is what a percent limit is a percent of.
func exceeds(t Tolerance, dev decimal.Decimal, cur string, base decimal.Decimal, dim, baseName string) (above, below bool, err error) {
	over := func(l Limit, size decimal.Decimal, which string) (bool, error) {
		if size.IsZero() {
			return false, nil
		}
		switch l.Unit {
		case LimitPercent:
			if base.IsZero() {
				return false, &toleranceError{fmt.Sprintf("%s tolerance: a %s limit %s of a zero %s", dim, which, l, baseName), ErrInvalid}
			}
			return size.Mul(hundred).GreaterThan(l.Value.Mul(base.Abs())), nil
		case LimitDays:
			if cur != "" {
				break
			}
			return size.GreaterThan(l.Value), nil
		case LimitMoney:
			if cur == "" {
				break
			}
			if l.Money.Currency != cur {
				return false, &toleranceError{fmt.Sprintf("%s tolerance: %s limit %s against amounts in %s", dim, which, l, cur), ErrCurrencyMismatch}
			}
			return size.GreaterThan(l.Money.Amount), nil
		}
		return false, &toleranceError{fmt.Sprintf("%s tolerance: a %s limit in %s (%s)", dim, which, l.Unit, l), ErrInvalid}
	}
	switch dev.Sign() {
	case 1:
		above, err = over(t.Plus, dev, "plus")
	case -1:
		below, err = over(t.Minus, dev.Neg(), "minus")
	}
	return above, below, err
}

// stages checks a project's management stages.
func (c *checker) stages(p *pathNode, x *Project) {
	ids := make(map[string]int, len(x.Stages))
	for i := range x.Stages {
		s := &x.Stages[i]
		q := p.field("stages").item(i)
		c.id(q, "stages", s.ID, ids, i)
		c.required(q.field("name"), s.Name)
		c.span(q, "start", s.Start, "finish", s.Finish)
		c.span(q, "baseline_start", s.BaselineStart, "baseline_finish", s.BaselineFinish)
		c.span(q, "forecast_start", s.ForecastStart, "forecast_finish", s.ForecastFinish)
		c.amount(q.field("planned_cost"), s.PlannedCost)
		c.amount(q.field("forecast_cost"), s.ForecastCost)
		c.amount(q.field("actual_cost"), s.ActualCost)
		c.tolerances(q, s.Tolerances, s.PlannedCost.Currency)
		c.attributes(q, s.Attributes)
	}
}
