package governance

import (
	"reflect"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"

	"github.com/pmokit/pmokit/pmo"
)

// activityTypeName is the CEL type of an activity of project.activities.
const activityTypeName = "pmo.Activity"

// addScheduleTypes declares the schedule part of the schema to CEL: the
// activities of a project and the calendars of the portfolio.
func addScheduleTypes(add func(name string, goType reflect.Type, defs ...fieldDef)) {
	type (
		act = pmo.Activity
		lnk = pmo.Link
		cal = pmo.Calendar
	)
	add(activityTypeName, reflect.TypeFor[act](),
		strField("id", func(a *act) string { return a.ID }),
		strField("name", func(a *act) string { return a.Name }),
		doubleField("duration", func(a *act) float64 { return a.Duration }),
		ptrField("estimate", "pmo.ThreePoint", func(a *act) *pmo.ThreePoint { return a.Estimate }),
		listField("predecessors", "pmo.Link", func(a *act) *[]pmo.Link { return &a.Predecessors }),
		ptrField("constraint", "pmo.DateConstraint", func(a *act) *pmo.DateConstraint { return a.Constraint }),
		strField("calendar", func(a *act) string { return a.Calendar }),
		boolField("milestone", func(a *act) bool { return a.Milestone }),
		stringsField("milestones", func(a *act) []string { return a.Milestones }),
		stringsField("risks", func(a *act) []string { return a.Risks }),
	)
	add("pmo.ThreePoint", reflect.TypeFor[pmo.ThreePoint](),
		doubleField("min", func(t *pmo.ThreePoint) float64 { return t.Min }),
		doubleField("most_likely", func(t *pmo.ThreePoint) float64 { return t.MostLikely }),
		doubleField("max", func(t *pmo.ThreePoint) float64 { return t.Max }),
	)
	add("pmo.Link", reflect.TypeFor[lnk](),
		strField("activity", func(l *lnk) string { return l.Activity }),
		strField("project", func(l *lnk) string { return l.Project }),
		field("type", types.StringType,
			func(l *lnk) bool { return l.Type != 0 },
			func(l *lnk) (ref.Val, error) {
				if l.Type == 0 { // not set reads as finish_to_start (pmo.Link)
					return types.String(pmo.FinishToStart.String()), nil
				}
				return types.String(l.Type.String()), nil
			}),
		doubleField("lag", func(l *lnk) float64 { return l.Lag }),
	)
	add("pmo.DateConstraint", reflect.TypeFor[pmo.DateConstraint](),
		enumField("type", func(c *pmo.DateConstraint) pmo.ConstraintType { return c.Type }),
		timeField("date", func(c *pmo.DateConstraint) time.Time { return c.Date }),
	)
	add("pmo.Calendar", reflect.TypeFor[cal](),
		strField("id", func(c *cal) string { return c.ID }),
		strField("name", func(c *cal) string { return c.Name }),
		field("working_days", types.NewListType(types.StringType),
			func(c *cal) bool { return len(c.WorkingDays) > 0 },
			func(c *cal) (ref.Val, error) {
				words := make([]string, len(c.WorkingDays))
				for i, d := range c.WorkingDays {
					words[i] = d.String()
				}
				return types.NewStringList(types.DefaultTypeAdapter, words), nil
			}),
		field("holidays", types.NewListType(types.TimestampType),
			func(c *cal) bool { return len(c.Holidays) > 0 },
			func(c *cal) (ref.Val, error) {
				days := make([]ref.Val, len(c.Holidays))
				for i, d := range c.Holidays {
					days[i] = types.Timestamp{Time: d}
				}
				return types.NewRefValList(types.DefaultTypeAdapter, days), nil
			}),
	)
}

// activities measures a project's activities for the cost estimate
// (budget.go): their lists and strings, the constraint words included
// (longer than longestEnumWord).
func (m *sizeMeter) activities(acts []pmo.Activity) {
	m.n(len(acts))
	for i := range acts {
		a := &acts[i]
		m.strs(a.ID, a.Name, a.Calendar)
		m.strList(a.Milestones)
		m.strList(a.Risks)
		m.n(len(a.Predecessors))
		for _, l := range a.Predecessors {
			m.strs(l.Activity, l.Project)
		}
		if a.Constraint != nil {
			m.strs(a.Constraint.Type.String())
		}
	}
}

// calendars measures the portfolio's calendars for the cost estimate.
func (m *sizeMeter) calendars(cals []pmo.Calendar) {
	m.n(len(cals))
	for i := range cals {
		c := &cals[i]
		m.strs(c.ID, c.Name)
		m.n(len(c.WorkingDays))
		m.n(len(c.Holidays))
	}
}
