package pmo

import (
	"fmt"
	"math"
	"time"

	"github.com/pmokit/pmokit/internal/enum"
)

// This file holds the schedule part of the schema: a project's activity
// network (activities, their links and constraints) and the portfolio's
// working-day calendars. Package schedule analyses them.

// MaxActivityDays is the largest duration, estimate or lag in working
// days that a portfolio may hold (about 400 years of working days).
const MaxActivityDays = 100_000

// Activity is one unit of scheduled work of a project: a task or, with
// Milestone set, a zero-duration event. Duration is in working days of the
// activity's calendar; Estimate, when given, is a three-point estimate used
// by schedule risk analysis, whose most likely value is the duration the
// critical path method uses. Predecessors link it to the activities it
// waits for, in this project or (with [Link.Project]) in a project this one
// depends on. Milestones and Risks name the project's milestones this
// activity delivers and the risks that would delay it.
type Activity struct {
	ID           string          `json:"id" yaml:"id"`
	Name         string          `json:"name" yaml:"name"`
	Duration     float64         `json:"duration,omitempty" yaml:"duration,omitempty"` // working days
	Estimate     *ThreePoint     `json:"estimate,omitempty" yaml:"estimate,omitempty"` // three-point duration, working days
	Predecessors []Link          `json:"predecessors,omitempty" yaml:"predecessors,omitempty"`
	Constraint   *DateConstraint `json:"constraint,omitempty" yaml:"constraint,omitempty"`
	Calendar     string          `json:"calendar,omitempty" yaml:"calendar,omitempty"` // a Calendar ID; empty: Monday to Friday
	Milestone    bool            `json:"milestone,omitempty" yaml:"milestone,omitempty"`
	Milestones   []string        `json:"milestones,omitempty" yaml:"milestones,omitempty"` // Milestone IDs of the project
	Risks        []string        `json:"risks,omitempty" yaml:"risks,omitempty"`           // Risk IDs of the project
	Attributes   map[string]any  `json:"attributes,omitempty" yaml:"attributes,omitempty"` // host-specific custom fields, any JSON value
}

// MostLikely returns the duration the critical path method uses: the
// estimate's most likely value when there is an estimate, else Duration.
func (a *Activity) MostLikely() float64 {
	if a.Estimate != nil {
		return a.Estimate.MostLikely
	}
	return a.Duration
}

// ThreePoint is a three-point duration estimate in working days: the
// least, the most likely and the greatest duration, min ≤ most_likely ≤ max.
type ThreePoint struct {
	Min        float64 `json:"min" yaml:"min"`
	MostLikely float64 `json:"most_likely" yaml:"most_likely"`
	Max        float64 `json:"max" yaml:"max"`
}

// Link is a precedence link from a predecessor activity: the type says
// which end of the predecessor (start or finish) constrains which end of
// the successor, and Lag, in working days of the successor's calendar,
// delays it (a negative lag is a lead). Project, when set, is another
// project of the portfolio that this project names in its dependencies.
type Link struct {
	Activity string         `json:"activity" yaml:"activity"`                   // an Activity ID
	Project  string         `json:"project,omitempty" yaml:"project,omitempty"` // a Project ID; empty: this project
	Type     DependencyType `json:"type,omitzero" yaml:"type,omitempty"`        // not set reads as finish_to_start
	Lag      float64        `json:"lag,omitempty" yaml:"lag,omitempty"`         // working days
}

// DateConstraint is a date constraint on an activity: it may not start (or
// finish) before (or after) Date. A start date means the start of that day,
// a finish date its end.
type DateConstraint struct {
	Type ConstraintType `json:"type" yaml:"type"`
	Date time.Time      `json:"date" yaml:"date"`
}

// Calendar is a working-day calendar: the weekdays that are worked and the
// holidays (dates not worked even on a working weekday). An empty list of
// working days means Monday to Friday.
type Calendar struct {
	ID          string      `json:"id" yaml:"id"`
	Name        string      `json:"name,omitempty" yaml:"name,omitempty"`
	WorkingDays []Weekday   `json:"working_days,omitempty" yaml:"working_days,omitempty"`
	Holidays    []time.Time `json:"holidays,omitempty" yaml:"holidays,omitempty"`
}

// Activity returns the activity of the project with the given id.
func (p *Project) Activity(id string) (*Activity, bool) {
	for i := range p.Activities {
		if p.Activities[i].ID == id {
			return &p.Activities[i], true
		}
	}
	return nil, false
}

// Calendar returns the calendar of the portfolio with the given id.
func (pf *Portfolio) Calendar(id string) (*Calendar, bool) {
	for i := range pf.Calendars {
		if pf.Calendars[i].ID == id {
			return &pf.Calendars[i], true
		}
	}
	return nil, false
}

// ConstraintType is the kind of a date constraint on an activity.
// Its zero value means "not set"; files and CEL rules use the words below.
type ConstraintType int

// The ConstraintType values.
const (
	StartNoEarlierThan  ConstraintType = iota + 1 // "start_no_earlier_than": may not start before the start of the date
	StartNoLaterThan                              // "start_no_later_than": must start by the start of the date
	FinishNoEarlierThan                           // "finish_no_earlier_than": may not finish before the end of the date
	FinishNoLaterThan                             // "finish_no_later_than": must finish by the end of the date
)

var constraintTypeTable = &enum.Table[ConstraintType]{Pkg: "pmo", Kind: "constraint type", Type: "ConstraintType", First: StartNoEarlierThan, Unset: true, Sentinel: ErrInvalid,
	Words: []string{"start_no_earlier_than", "start_no_later_than", "finish_no_earlier_than", "finish_no_later_than"}}

// String returns the word used in files and rules, or "" when v is not set.
func (v ConstraintType) String() string { return constraintTypeTable.String(v) }

// MarshalText implements [encoding.TextMarshaler].
func (v ConstraintType) MarshalText() ([]byte, error) {
	return constraintTypeTable.Marshal(v)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; a word outside the
// table is an error that matches [ErrInvalid].
func (v *ConstraintType) UnmarshalText(text []byte) error {
	return constraintTypeTable.Parse(text, v)
}

// IsZero reports whether v is not set.
func (v ConstraintType) IsZero() bool { return v == 0 }

// Weekday is a day of the week, Monday first (ISO 8601).
// Its zero value means "not set"; files and CEL rules use the words below.
type Weekday int

// The Weekday values.
const (
	Monday    Weekday = iota + 1 // "monday"
	Tuesday                      // "tuesday"
	Wednesday                    // "wednesday"
	Thursday                     // "thursday"
	Friday                       // "friday"
	Saturday                     // "saturday"
	Sunday                       // "sunday"
)

var weekdayTable = &enum.Table[Weekday]{Pkg: "pmo", Kind: "weekday", Type: "Weekday", First: Monday, Unset: true, Sentinel: ErrInvalid,
	Words: []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}}

// String returns the word used in files and rules, or "" when v is not set.
func (v Weekday) String() string { return weekdayTable.String(v) }

// MarshalText implements [encoding.TextMarshaler].
func (v Weekday) MarshalText() ([]byte, error) { return weekdayTable.Marshal(v) }

// UnmarshalText implements [encoding.TextUnmarshaler]; a word outside the
// table is an error that matches [ErrInvalid].
func (v *Weekday) UnmarshalText(text []byte) error {
	return weekdayTable.Parse(text, v)
}

// IsZero reports whether v is not set.
func (v Weekday) IsZero() bool { return v == 0 }

// Time returns the [time.Weekday] of v (Sunday is 0), and false when v is
// not set or out of range.
func (v Weekday) Time() (time.Weekday, bool) {
	if v < Monday || v > Sunday {
		return 0, false
	}
	return time.Weekday(int(v) % 7), true
}

// calendars checks the portfolio's calendars and records their IDs.
func (c *checker) calendarList() {
	var root *pathNode
	c.calendars = make(map[string]int, len(c.pf.Calendars))
	for i := range c.pf.Calendars {
		p, cal := root.field("calendars").item(i), &c.pf.Calendars[i]
		c.id(p, "calendars", cal.ID, c.calendars, i)
		c.text(p.field("name"), cal.Name)
		seen := make(map[Weekday]int, len(cal.WorkingDays))
		for j, d := range cal.WorkingDays {
			q := p.field("working_days").item(j)
			if d.IsZero() {
				c.fail(q, "empty weekday")
				continue
			}
			c.enum(q, d)
			if k, dup := seen[d]; dup {
				c.fail(q, "duplicate weekday %q (first at working_days[%d])", d, k)
			}
			seen[d] = j
		}
		holidays := make(map[time.Time]int, len(cal.Holidays))
		for j, h := range cal.Holidays {
			q := p.field("holidays").item(j)
			c.date(q, h)
			if h.IsZero() {
				c.fail(q, "missing date")
				continue
			}
			if h != h.Truncate(24*time.Hour) || h.Location() != time.UTC {
				c.fail(q, "holiday %s is not a date (want YYYY-MM-DD)", h.Format(time.RFC3339))
			}
			if k, dup := holidays[h]; dup {
				c.fail(q, "duplicate holiday %s (first at holidays[%d])", h.Format(time.DateOnly), k)
			}
			holidays[h] = j
		}
	}
}

// activities checks a project's activity network: ids, durations,
// estimates, links (to activities that exist, in this project or in a
// project it depends on), constraints, calendars, milestone and risk
// references. Cycles are found by package schedule.
func (c *checker) activities(p *pathNode, x *Project) {
	if len(x.Activities) == 0 {
		return
	}
	ids := make(map[string]int, len(x.Activities))
	for i := range x.Activities {
		c.id(p.field("activities").item(i), "activities", x.Activities[i].ID, ids, i)
	}
	dependsOn := make(map[string]bool, len(x.Dependencies))
	for _, d := range x.Dependencies {
		dependsOn[d.On] = true
	}
	milestones := make(map[string]bool, len(x.Milestones))
	for _, m := range x.Milestones {
		milestones[m.ID] = true
	}
	risks := make(map[string]bool, len(x.Risks))
	for _, r := range x.Risks {
		risks[r.ID] = true
	}
	for i := range x.Activities {
		a := &x.Activities[i]
		q := p.field("activities").item(i)
		c.required(q.field("name"), a.Name)
		c.attributes(q, a.Attributes)
		if c.workingDays(q.field("duration"), a.Duration, false) {
			switch {
			case a.Milestone && (a.Duration != 0 || a.Estimate != nil):
				c.fail(q.field("milestone"), "a milestone has no duration or estimate")
			case !a.Milestone && a.Duration == 0 && a.Estimate == nil:
				c.fail(q.field("duration"), "missing duration (give a duration or an estimate, or mark the activity milestone: true)")
			case a.Duration != 0 && a.Estimate != nil:
				c.fail(q.field("duration"), "both duration and estimate given (the estimate's most_likely is the duration)")
			}
		}
		if e := a.Estimate; e != nil {
			eq := q.field("estimate")
			okMin := c.workingDays(eq.field("min"), e.Min, false)
			okML := c.workingDays(eq.field("most_likely"), e.MostLikely, false)
			okMax := c.workingDays(eq.field("max"), e.Max, false)
			if okMin && okML && okMax && !(e.Min <= e.MostLikely && e.MostLikely <= e.Max) {
				c.fail(eq, "want min ≤ most_likely ≤ max, found %v, %v, %v", e.Min, e.MostLikely, e.Max)
			}
		}
		links := make(map[[2]string]int, len(a.Predecessors))
		for j := range a.Predecessors {
			l := &a.Predecessors[j]
			lq := q.field("predecessors").item(j)
			c.enum(lq.field("type"), l.Type)
			c.workingDays(lq.field("lag"), l.Lag, true)
			if !c.required(lq.field("activity"), l.Activity) {
				continue
			}
			if k, dup := links[[2]string{l.Project, l.Activity}]; dup {
				c.fail(lq, "duplicate link to %s (first at predecessors[%d])", linkName(l), k)
				continue
			}
			links[[2]string{l.Project, l.Activity}] = j
			if l.Project == "" || l.Project == x.ID {
				if _, ok := ids[l.Activity]; !ok {
					c.fail(lq.field("activity"), "unknown activity %q", l.Activity)
				} else if l.Activity == a.ID {
					c.fail(lq.field("activity"), "activity %q is its own predecessor", l.Activity)
				}
				continue
			}
			k, ok := c.projects[l.Project]
			switch {
			case !ok:
				c.fail(lq.field("project"), "unknown project %q", l.Project)
			case !dependsOn[l.Project]:
				c.fail(lq.field("project"), "project %q is not in this project's dependencies (add a dependency on it)", l.Project)
			default:
				if _, ok := c.pf.Projects[k].Activity(l.Activity); !ok {
					c.fail(lq.field("activity"), "unknown activity %q of project %q", l.Activity, l.Project)
				}
			}
		}
		if dc := a.Constraint; dc != nil {
			cq := q.field("constraint")
			if dc.Type.IsZero() {
				c.fail(cq.field("type"), "missing required field")
			} else {
				c.enum(cq.field("type"), dc.Type)
			}
			if dc.Date.IsZero() {
				c.fail(cq.field("date"), "missing required field")
			}
			c.date(cq.field("date"), dc.Date)
		}
		if a.Calendar != "" {
			if _, ok := c.calendars[a.Calendar]; !ok {
				c.fail(q.field("calendar"), "unknown calendar %q", a.Calendar)
			}
		}
		for j, m := range a.Milestones {
			if !milestones[m] {
				c.fail(q.field("milestones").item(j), "unknown milestone %q", m)
			}
		}
		for j, r := range a.Risks {
			if !risks[r] {
				c.fail(q.field("risks").item(j), "unknown risk %q", r)
			}
		}
	}
}

// workingDays checks a number of working days: finite, within ±MaxActivityDays,
// and not negative unless signed.
func (c *checker) workingDays(p *pathNode, f float64, signed bool) bool {
	if !c.finite(p, f) {
		return false
	}
	if !signed && f < 0 {
		c.fail(p, "negative duration %v", f)
		return false
	}
	if math.Abs(f) > MaxActivityDays {
		c.fail(p, "%v working days is beyond the bound of %d", f, MaxActivityDays)
		return false
	}
	return true
}

func linkName(l *Link) string {
	if l.Project != "" {
		return fmt.Sprintf("%s/%s", l.Project, l.Activity)
	}
	return l.Activity
}
