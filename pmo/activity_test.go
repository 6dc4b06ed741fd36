package pmo_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/pmo"
)

const activitiesYAML = `
id: pf
name: PF
calendars:
  - id: uk
    name: UK office
    working_days: [monday, tuesday, wednesday, thursday, friday]
    holidays: [2026-04-03, 2026-04-06]
projects:
  - id: P-2
    name: Platform
    phase: execution
    start: 2026-03-02
    activities:
      - {id: A, name: Build API, duration: 10}
  - id: P-1
    name: CRM
    phase: execution
    start: 2026-03-02
    dependencies: [{id: D-1, on: P-2}]
    milestones: [{id: M1, name: Live}]
    risks: [{id: R-1, title: Vendor late, probability: 0.3, schedule_impact_days: 5}]
    activities:
      - id: A10
        name: Design
        estimate: {min: 4, most_likely: 5, max: 9}
        calendar: uk
      - id: A20
        name: Build
        duration: 10
        risks: [R-1]
        predecessors:
          - {activity: A10}
          - {activity: A, project: P-2, type: start_to_start, lag: 2}
        constraint: {type: start_no_earlier_than, date: 2026-03-16}
      - {id: A30, name: Go live, milestone: true, milestones: [M1], predecessors: [{activity: A20, type: finish_to_finish, lag: -1}]}
`

func TestReadActivities(t *testing.T) {
	pf, err := pmo.ReadPortfolio(strings.NewReader(activitiesYAML))
	require.NoError(t, err)
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	assert.Equal(t, []pmo.Calendar{{
		ID: "uk", Name: "UK office",
		WorkingDays: []pmo.Weekday{pmo.Monday, pmo.Tuesday, pmo.Wednesday, pmo.Thursday, pmo.Friday},
		Holidays:    []time.Time{day("2026-04-03"), day("2026-04-06")},
	}}, pf.Calendars)
	p, ok := pf.Project("P-1")
	require.True(t, ok)
	assert.Equal(t, []pmo.Activity{
		{ID: "A10", Name: "Design", Estimate: &pmo.ThreePoint{Min: 4, MostLikely: 5, Max: 9}, Calendar: "uk"},
		{ID: "A20", Name: "Build", Duration: 10, Risks: []string{"R-1"},
			Predecessors: []pmo.Link{{Activity: "A10"}, {Activity: "A", Project: "P-2", Type: pmo.StartToStart, Lag: 2}},
			Constraint:   &pmo.DateConstraint{Type: pmo.StartNoEarlierThan, Date: day("2026-03-16")}},
		{ID: "A30", Name: "Go live", Milestone: true, Milestones: []string{"M1"},
			Predecessors: []pmo.Link{{Activity: "A20", Type: pmo.FinishToFinish, Lag: -1}}},
	}, p.Activities)
	a, ok := p.Activity("A10")
	require.True(t, ok)
	assert.Equal(t, 5.0, a.MostLikely())
	b, _ := p.Activity("A20")
	assert.Equal(t, 10.0, b.MostLikely())
	_, ok = p.Activity("nope")
	assert.False(t, ok)
	c, ok := pf.Calendar("uk")
	require.True(t, ok)
	assert.Equal(t, "UK office", c.Name)

	// The writers write activities and calendars back unchanged.
	var buf bytes.Buffer
	require.NoError(t, pf.WriteJSON(&buf))
	back, err := pmo.ReadPortfolio(&buf)
	require.NoError(t, err)
	assert.Equal(t, pf, back)
	buf.Reset()
	require.NoError(t, pf.WriteYAML(&buf))
	back, err = pmo.ReadPortfolio(&buf)
	require.NoError(t, err)
	assert.Equal(t, pf, back)
}

func TestReadActivitiesErrors(t *testing.T) {
	tests := []struct {
		name, old, new string
		want           []string
	}{
		{"unknown field", "name: Design", "name: Design\n        effort: 3",
			[]string{`projects[1].activities[0].effort: unknown field "effort"`}},
		{"unknown predecessor", "- {activity: A10}", "- {activity: A11}",
			[]string{`projects[1].activities[1].predecessors[0].activity: unknown activity "A11"`}},
		{"own predecessor", "- {activity: A10}", "- {activity: A20}",
			[]string{`projects[1].activities[1].predecessors[0].activity: activity "A20" is its own predecessor`}},
		{"duplicate link", "- {activity: A10}", "- {activity: A10}\n          - {activity: A10, lag: 1}",
			[]string{`projects[1].activities[1].predecessors[1]: duplicate link to A10 (first at predecessors[0])`}},
		{"project not a dependency", "dependencies: [{id: D-1, on: P-2}]", "",
			[]string{`projects[1].activities[1].predecessors[1].project: project "P-2" is not in this project's dependencies (add a dependency on it)`}},
		{"unknown project", "project: P-2, type", "project: P-9, type",
			[]string{`projects[1].activities[1].predecessors[1].project: unknown project "P-9"`}},
		{"unknown activity of other project", "{activity: A, project", "{activity: B, project",
			[]string{`projects[1].activities[1].predecessors[1].activity: unknown activity "B" of project "P-2"`}},
		{"unknown link type", "type: start_to_start", "type: SS",
			[]string{`projects[1].activities[1].predecessors[1].type: invalid dependency type "SS"`}},
		{"negative duration", "duration: 10\n        risks", "duration: -1\n        risks",
			[]string{`projects[1].activities[1].duration: negative duration -1`}},
		{"huge duration", "duration: 10\n        risks", "duration: 1e9\n        risks",
			[]string{`projects[1].activities[1].duration: 1e+09 working days is beyond the bound of 100000`}},
		{"estimate out of order", "{min: 4, most_likely: 5, max: 9}", "{min: 6, most_likely: 5, max: 9}",
			[]string{`projects[1].activities[0].estimate: want min ≤ most_likely ≤ max, found 6, 5, 9`}},
		{"duration and estimate", "name: Design", "name: Design\n        duration: 5",
			[]string{`projects[1].activities[0].duration: both duration and estimate given`}},
		{"no duration", "duration: 10\n        risks", "risks",
			[]string{`projects[1].activities[1].duration: missing duration`}},
		{"milestone with duration", "milestone: true,", "milestone: true, duration: 2,",
			[]string{`projects[1].activities[2].milestone: a milestone has no duration or estimate`}},
		{"unknown calendar", "calendar: uk", "calendar: us",
			[]string{`projects[1].activities[0].calendar: unknown calendar "us"`}},
		{"unknown risk", "risks: [R-1]", "risks: [R-2]",
			[]string{`projects[1].activities[1].risks[0]: unknown risk "R-2"`}},
		{"unknown milestone", "milestones: [M1]", "milestones: [M2]",
			[]string{`projects[1].activities[2].milestones[0]: unknown milestone "M2"`}},
		{"duplicate activity", "id: A20", "id: A10",
			[]string{`projects[1].activities[1].id: duplicate id "A10" (first at activities[0])`}},
		{"constraint without date", "{type: start_no_earlier_than, date: 2026-03-16}", "{type: start_no_earlier_than}",
			[]string{`projects[1].activities[1].constraint.date: missing required field`}},
		{"bad constraint type", "type: start_no_earlier_than", "type: asap",
			[]string{`projects[1].activities[1].constraint.type: invalid constraint type "asap"`}},
		{"bad weekday", "working_days: [monday,", "working_days: [mon,",
			[]string{`calendars[0].working_days[0]: invalid weekday "mon"`}},
		{"duplicate weekday", "working_days: [monday, tuesday,", "working_days: [monday, monday,",
			[]string{`calendars[0].working_days[1]: duplicate weekday "monday" (first at working_days[0])`}},
		{"duplicate holiday", "[2026-04-03, 2026-04-06]", "[2026-04-03, 2026-04-03]",
			[]string{`calendars[0].holidays[1]: duplicate holiday 2026-04-03 (first at holidays[0])`}},
		{"several at once", "calendar: uk", "calendar: us\n        duration: -3",
			[]string{`projects[1].activities[0].calendar: unknown calendar "us"`, `projects[1].activities[0].duration: negative duration -3`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Contains(t, activitiesYAML, tt.old)
			_, err := pmo.ReadPortfolio(strings.NewReader(strings.Replace(activitiesYAML, tt.old, tt.new, 1)))
			require.Error(t, err)
			assert.True(t, errors.Is(err, pmo.ErrInvalid), "%v", err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
			var fe *pmo.FieldError
			require.True(t, errors.As(err, &fe))
			assert.NotZero(t, fe.Line, "positioned: %v", err)
		})
	}
}

func TestValidateActivitiesInGo(t *testing.T) {
	pf := valid()
	p := &pf.Projects[1]
	p.Activities = []pmo.Activity{{ID: "X", Name: "X", Duration: 1, Predecessors: []pmo.Link{{Activity: ""}}}}
	pf.Calendars = []pmo.Calendar{{ID: "c", WorkingDays: []pmo.Weekday{0, 9}, Holidays: []time.Time{{}, time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)}}}
	err := pf.Validate()
	require.Error(t, err)
	for _, w := range []string{
		`projects[1].activities[0].predecessors[0].activity: missing required field`,
		`calendars[0].working_days[0]: empty weekday`,
		`calendars[0].working_days[1]: invalid value: invalid weekday 9`,
		`calendars[0].holidays[0]: missing date`,
		`calendars[0].holidays[1]: holiday 2026-01-01T12:00:00Z is not a date (want YYYY-MM-DD)`,
	} {
		assert.Contains(t, err.Error(), w)
	}
}

func TestWeekday(t *testing.T) {
	checkEnum[pmo.Weekday](t, []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
	checkEnum[pmo.ConstraintType](t, []string{"start_no_earlier_than", "start_no_later_than", "finish_no_earlier_than", "finish_no_later_than"})
	for v, want := range map[pmo.Weekday]time.Weekday{pmo.Monday: time.Monday, pmo.Saturday: time.Saturday, pmo.Sunday: time.Sunday} {
		got, ok := v.Time()
		assert.True(t, ok)
		assert.Equal(t, want, got)
	}
	_, ok := pmo.Weekday(0).Time()
	assert.False(t, ok)
}
