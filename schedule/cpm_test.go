package schedule_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/pmo"
	"github.com/pmokit/pmokit/schedule"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// act is an activity with finish-to-start predecessors.
func act(id string, dur float64, preds ...string) pmo.Activity {
	a := pmo.Activity{ID: id, Name: id, Duration: dur, Milestone: dur == 0}
	for _, p := range preds {
		a.Predecessors = append(a.Predecessors, pmo.Link{Activity: p})
	}
	return a
}

// network is a valid one-project portfolio starting Monday 2026-03-02.
func network(t *testing.T, acts ...pmo.Activity) *pmo.Portfolio {
	t.Helper()
	pf := &pmo.Portfolio{ID: "pf", Name: "PF", Projects: []pmo.Project{{
		ID: "P", Name: "P", Phase: "execution", Start: day("2026-03-02"), Activities: acts,
	}}}
	require.NoError(t, pf.Validate())
	return pf
}

func cpm(t *testing.T, pf *pmo.Portfolio) *schedule.Project {
	t.Helper()
	s, err := schedule.CPM(pf)
	require.NoError(t, err)
	p, ok := s.Project(pf.Projects[0].ID)
	require.True(t, ok)
	return p
}

// row is an activity's published figures.
type row struct {
	id                 string
	es, ef, ls, lf, tf float64
}

func assertRows(t *testing.T, p *schedule.Project, rows []row) {
	t.Helper()
	for _, r := range rows {
		a, ok := p.Activity(r.id)
		require.True(t, ok, r.id)
		assert.Equal(t, r, row{a.ID, a.ES, a.EF, a.LS, a.LF, a.TotalFloat}, r.id)
	}
}

// TestPublishedExample1 is "Example 1" of the course notes at
// studylib.net/doc/8378728 (a seven-event prototype project in hours):
// Table 1 gives the durations and immediate predecessors, Table 2 the
// published ES, EF, LS, LF and slack, and the critical path ABDEG of 16.
func TestPublishedExample1(t *testing.T) {
	p := cpm(t, network(t,
		act("A", 6), act("B", 2, "A"), act("C", 2, "A"), act("D", 3, "B"),
		act("F", 2, "C"), act("E", 4, "D", "F"), act("G", 1, "E"),
	))
	assertRows(t, p, []row{
		{"A", 0, 6, 0, 6, 0}, {"B", 6, 8, 6, 8, 0}, {"D", 8, 11, 8, 11, 0}, {"E", 11, 15, 11, 15, 0},
		{"G", 15, 16, 15, 16, 0}, {"C", 6, 8, 7, 9, 1}, {"F", 8, 10, 9, 11, 1},
	})
	assert.Equal(t, [][]string{{"A", "B", "D", "E", "G"}}, p.CriticalPaths)
}

// TestPublishedExample2 is the worked example of "Critical Path Analysis,
// part 2" (bizhelp24.com/small-business-portal/critical-path-analysis-part-2-4.html):
// its table publishes each task's duration, earliest start, latest finish,
// total float and free float in weeks, and the critical path A-B-D-F-G of
// 11 weeks. The links are the page's diagram: B and C follow A, D follows
// B, E follows C, F follows D and E, G follows F.
func TestPublishedExample2(t *testing.T) {
	p := cpm(t, network(t,
		act("A", 1), act("B", 3, "A"), act("C", 2, "A"), act("D", 3, "B"),
		act("E", 3, "C"), act("F", 2, "D", "E"), act("G", 2, "F"),
	))
	type pub struct {
		id             string
		est, lft       float64
		total, freeFlt float64
	}
	for _, want := range []pub{
		{"A", 0, 1, 0, 0}, {"B", 1, 4, 0, 0}, {"C", 1, 4, 1, 0}, {"D", 4, 7, 0, 0},
		{"E", 3, 7, 1, 1}, {"F", 7, 9, 0, 0}, {"G", 9, 11, 0, 0},
	} {
		a, _ := p.Activity(want.id)
		assert.Equal(t, want, pub{a.ID, a.ES, a.LF, a.TotalFloat, a.FreeFloat}, want.id)
	}
	assert.Equal(t, [][]string{{"A", "B", "D", "F", "G"}}, p.CriticalPaths)
	g, _ := p.Activity("G")
	assert.Equal(t, 11.0, g.EF)
}

func link(id string, dur float64, pred string, typ pmo.DependencyType, lag float64) pmo.Activity {
	return pmo.Activity{ID: id, Name: id, Duration: dur, Predecessors: []pmo.Link{{Activity: pred, Type: typ, Lag: lag}}}
}

// TestLinkTypesAndLags checks each link type with a lag or a lead on a
// two-activity network, against figures worked by hand from the PDM rules:
// FS: ES_B ≥ EF_A + lag; SS: ES_B ≥ ES_A + lag; FF: EF_B ≥ EF_A + lag;
// SF: EF_B ≥ ES_A + lag; the backward pass mirrors them.
func TestLinkTypesAndLags(t *testing.T) {
	tests := []struct {
		name string
		b    pmo.Activity
		want []row
	}{
		{"FS with lag", link("B", 3, "A", pmo.FinishToStart, 2), []row{{"A", 0, 5, 0, 5, 0}, {"B", 7, 10, 7, 10, 0}}},
		{"FS with lead", link("B", 3, "A", pmo.FinishToStart, -2), []row{{"A", 0, 5, 0, 5, 0}, {"B", 3, 6, 3, 6, 0}}},
		{"FS by default", link("B", 3, "A", 0, 0), []row{{"A", 0, 5, 0, 5, 0}, {"B", 5, 8, 5, 8, 0}}},
		// B may start 2 days after A starts; A still has to finish by 6.
		{"SS with lag", link("B", 4, "A", pmo.StartToStart, 2), []row{{"A", 0, 5, 0, 5, 0}, {"B", 2, 6, 2, 6, 0}}},
		{"SS, short successor", link("B", 1, "A", pmo.StartToStart, 1), []row{{"A", 0, 5, 0, 5, 0}, {"B", 1, 2, 4, 5, 3}}},
		{"FF with lag", link("B", 2, "A", pmo.FinishToFinish, 1), []row{{"A", 0, 5, 0, 5, 0}, {"B", 4, 6, 4, 6, 0}}},
		{"FF, long successor", link("B", 8, "A", pmo.FinishToFinish, 0), []row{{"A", 0, 5, 3, 8, 3}, {"B", 0, 8, 0, 8, 0}}},
		{"SF with lag", link("B", 2, "A", pmo.StartToFinish, 4), []row{{"A", 0, 5, 0, 5, 0}, {"B", 2, 4, 3, 5, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertRows(t, cpm(t, network(t, act("A", 5), tt.b)), tt.want)
		})
	}
}

func TestDatesOnCalendars(t *testing.T) {
	pf := network(t, act("A", 5), act("B", 3, "A"), act("M", 0, "B"))
	pf.Calendars = []pmo.Calendar{
		{ID: "hol", Holidays: []time.Time{day("2026-03-04"), day("2026-03-07")}}, // a Wednesday; a Saturday (not worked anyway)
		{ID: "six", WorkingDays: []pmo.Weekday{pmo.Monday, pmo.Tuesday, pmo.Wednesday, pmo.Thursday, pmo.Friday, pmo.Saturday}},
	}
	type dates struct{ es, ef, ls, lf string }
	get := func(p *schedule.Project, id string) dates {
		a, _ := p.Activity(id)
		f := func(t time.Time) string { return t.Format(time.DateOnly) }
		return dates{f(a.EarlyStart), f(a.EarlyFinish), f(a.LateStart), f(a.LateFinish)}
	}

	p := cpm(t, pf)
	assert.Equal(t, dates{"2026-03-02", "2026-03-06", "2026-03-02", "2026-03-06"}, get(p, "A"), "Monday to Friday")
	assert.Equal(t, dates{"2026-03-09", "2026-03-11", "2026-03-09", "2026-03-11"}, get(p, "B"), "after the weekend")
	assert.Equal(t, dates{"2026-03-11", "2026-03-11", "2026-03-11", "2026-03-11"}, get(p, "M"), "a milestone on the day it closes")
	assert.Equal(t, day("2026-03-11"), p.Finish)
	assert.Equal(t, day("2026-03-02"), p.Start)

	pf.Projects[0].Activities[0].Calendar = "hol"
	p = cpm(t, pf)
	assert.Equal(t, dates{"2026-03-02", "2026-03-09", "2026-03-02", "2026-03-09"}, get(p, "A"), "over a holiday")
	assert.Equal(t, dates{"2026-03-10", "2026-03-12", "2026-03-10", "2026-03-12"}, get(p, "B"))

	// A works Saturdays; B does not, and starts on Monday.
	pf.Projects[0].Activities[0].Calendar = "six"
	pf.Projects[0].Activities[0].Duration = 6
	p = cpm(t, pf)
	assert.Equal(t, dates{"2026-03-02", "2026-03-07", "2026-03-02", "2026-03-07"}, get(p, "A"), "a six-day week")
	assert.Equal(t, dates{"2026-03-09", "2026-03-11", "2026-03-09", "2026-03-11"}, get(p, "B"))

	// A project starting on a Sunday starts work on Monday; a start
	// milestone is dated on the first working day.
	pf.Projects[0].Activities[0].Calendar = ""
	pf.Projects[0].Activities[0].Duration = 5
	pf.Projects[0].Start = day("2026-03-01")
	pf.Projects[0].Activities = append(pf.Projects[0].Activities, act("S", 0))
	p = cpm(t, pf)
	assert.Equal(t, dates{"2026-03-02", "2026-03-06", "2026-03-02", "2026-03-06"}, get(p, "A"))
	assert.Equal(t, "2026-03-02", get(p, "S").es)
}

func TestConstraints(t *testing.T) {
	b := act("B", 3, "A")
	b.Constraint = &pmo.DateConstraint{Type: pmo.StartNoEarlierThan, Date: day("2026-03-16")}
	p := cpm(t, network(t, act("A", 5), b))
	// B waits for Monday 16 March (day 10); A gains float up to it.
	assertRows(t, p, []row{{"A", 0, 5, 5, 10, 5}, {"B", 10, 13, 10, 13, 0}})
	a, _ := p.Activity("A")
	assert.Equal(t, 5.0, a.FreeFloat)

	b.Constraint = &pmo.DateConstraint{Type: pmo.FinishNoLaterThan, Date: day("2026-03-10")}
	p = cpm(t, network(t, act("A", 5), b))
	// B must finish by the end of Tuesday 10 March (day 7): two days late.
	assertRows(t, p, []row{{"A", 0, 5, -1, 4, -1}, {"B", 5, 8, 4, 7, -1}})

	b.Constraint = &pmo.DateConstraint{Type: pmo.FinishNoEarlierThan, Date: day("2026-03-13")}
	// B may not finish before the end of Friday 13 March (day 10): A gains 2 days.
	assertRows(t, cpm(t, network(t, act("A", 5), b)), []row{{"A", 0, 5, 2, 7, 2}, {"B", 7, 10, 7, 10, 0}})

	b.Constraint = &pmo.DateConstraint{Type: pmo.StartNoLaterThan, Date: day("2026-03-06")}
	assertRows(t, cpm(t, network(t, act("A", 5), b)), []row{{"A", 0, 5, -1, 4, -1}, {"B", 5, 8, 4, 7, -1}})
}

func TestCycle(t *testing.T) {
	pf := network(t, act("X", 1), act("A", 2, "C", "X"), act("B", 2, "A"), act("C", 2, "B"))
	_, err := schedule.CPM(pf)
	require.Error(t, err)
	assert.True(t, errors.Is(err, schedule.ErrCycle))
	var ce *schedule.CycleError
	require.True(t, errors.As(err, &ce))
	assert.Equal(t, []string{"P/A", "P/B", "P/C"}, ce.Activities)
	assert.EqualError(t, err, "schedule: cycle in the activity network: P/A → P/B → P/C → P/A")
}

func TestCrossProjectAndMilestones(t *testing.T) {
	pf := &pmo.Portfolio{ID: "pf", Name: "PF", Projects: []pmo.Project{
		{ID: "P-1", Name: "One", Phase: "execution", Start: day("2026-03-02"),
			Dependencies: []pmo.Dependency{{ID: "D", On: "P-2"}},
			Milestones:   []pmo.Milestone{{ID: "M1", Name: "Built", Due: day("2026-03-13")}, {ID: "M2", Name: "Unlinked"}},
			Activities: []pmo.Activity{
				act("A", 2),
				{ID: "B", Name: "B", Duration: 3, Milestones: []string{"M1"}, Predecessors: []pmo.Link{{Activity: "A"}, {Activity: "X", Project: "P-2"}}},
			}},
		{ID: "P-2", Name: "Two", Phase: "execution", Start: day("2026-03-02"), Activities: []pmo.Activity{act("X", 4)}},
		{ID: "P-3", Name: "No activities", Phase: "execution"},
	}}
	require.NoError(t, pf.Validate())
	s, err := schedule.CPM(pf)
	require.NoError(t, err)
	require.Len(t, s.Projects(), 2)
	_, ok := s.Project("P-3")
	assert.False(t, ok)
	p1, _ := s.Project("P-1")
	assertRows(t, p1, []row{{"A", 0, 2, 2, 4, 2}, {"B", 4, 7, 4, 7, 0}})
	assert.Equal(t, []schedule.Milestone{{ID: "M1", Due: day("2026-03-13"), Finish: day("2026-03-10")}}, p1.Milestones)
	assert.Equal(t, [][]string{{"B"}}, p1.CriticalPaths, "B is driven by P-2's X")
	p2, _ := s.Project("P-2")
	// X finishes its own project on day 4 and drives P-1's B.
	assertRows(t, p2, []row{{"X", 0, 4, 0, 4, 0}})
}

func TestParallelCriticalPaths(t *testing.T) {
	p := cpm(t, network(t, act("A", 2), act("B", 3, "A"), act("C", 3, "A"), act("D", 1, "B", "C")))
	assert.Equal(t, [][]string{{"A", "B", "D"}, {"A", "C", "D"}}, p.CriticalPaths)
	assert.Equal(t, []string{"A", "B", "D"}, p.CriticalPath())
}

func TestCPMErrors(t *testing.T) {
	_, err := schedule.CPM(nil)
	assert.EqualError(t, err, "schedule: nil portfolio")
	pf := network(t, act("A", 1))
	pf.Projects[0].Start = time.Time{}
	_, err = schedule.CPM(pf)
	assert.EqualError(t, err, "schedule: project P: activities without a start date (set start)")
	pf = network(t, act("A", 1), act("B", 1, "A"))
	pf.Projects[0].Activities[1].Predecessors[0].Activity = "Z"
	_, err = schedule.CPM(pf)
	assert.EqualError(t, err, "schedule: activity P/B: unknown predecessor P/Z")
}

// TestPDMExample is the precedence-diagram network of the course module
// "Network Construction – Precedence Diagram Method" (slideserve.com,
// lorimer-sutherland; also in the nvidia/Nemotron-CC-Math-v1 corpus): B
// starts with A (SS), J waits for C's finish and G's start (SS), K for I's
// start (SS). The module's own results are in figures not retrievable as
// text; the figures below were worked by hand with the PDM rules, and the
// critical path A-D-H-M-N (38 days) follows from them.
func TestPDMExample(t *testing.T) {
	ss := func(a pmo.Activity, i int) pmo.Activity {
		a.Predecessors[i].Type = pmo.StartToStart
		return a
	}
	p := cpm(t, network(t,
		act("A", 2), ss(act("B", 10, "A"), 0), act("C", 13, "A"), act("D", 12, "A"),
		act("E", 12, "B"), act("F", 7, "B"), act("G", 10, "D"), act("H", 16, "D"),
		act("I", 6, "F"), ss(act("J", 12, "C", "G"), 1), ss(act("K", 5, "I"), 0),
		act("L", 8, "E", "I", "K"), act("M", 5, "H"), act("N", 3, "G", "J", "L", "M"),
	))
	assertRows(t, p, []row{
		{"A", 0, 2, 0, 2, 0}, {"B", 0, 10, 4, 14, 4}, {"C", 2, 15, 10, 23, 8}, {"D", 2, 14, 2, 14, 0},
		{"E", 10, 22, 15, 27, 5}, {"F", 10, 17, 14, 21, 4}, {"G", 14, 24, 23, 33, 9}, {"H", 14, 30, 14, 30, 0},
		{"I", 17, 23, 21, 27, 4}, {"J", 15, 27, 23, 35, 8}, {"K", 17, 22, 22, 27, 5}, {"L", 23, 31, 27, 35, 4},
		{"M", 30, 35, 30, 35, 0}, {"N", 35, 38, 35, 38, 0},
	})
	assert.Equal(t, [][]string{{"A", "D", "H", "M", "N"}}, p.CriticalPaths)
}
