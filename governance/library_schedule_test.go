package governance_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
)

// schedulePortfolio is a two-project network: P-1 (A → B, C in parallel,
// then M) and P-2 (X, an input of P-1's B).
const schedulePortfolio = `
id: pf
name: PF
calendars: [{id: six, name: Six days, working_days: [monday, tuesday, wednesday, thursday, friday, saturday], holidays: [2026-03-04]}]
projects:
  - id: P-1
    name: One
    phase: execution
    start: 2026-03-02
    dependencies: [{id: D-1, on: P-2}]
    milestones: [{id: M1, name: Done, due: 2026-03-20}]
    risks: [{id: R-1, title: Late, probability: 0.5, schedule_impact_days: 2}]
    activities:
      - {id: A, name: Design, duration: 3, calendar: six}
      - {id: B, name: Build, estimate: {min: 4, most_likely: 5, max: 8}, risks: [R-1], predecessors: [{activity: A}, {activity: X, project: P-2}]}
      - {id: C, name: Docs, duration: 2, predecessors: [{activity: A, type: start_to_start, lag: 1}], constraint: {type: finish_no_later_than, date: 2026-03-31}}
      - {id: M, name: Done, milestone: true, milestones: [M1], predecessors: [{activity: B}, {activity: C}]}
  - id: P-2
    name: Two
    phase: execution
    start: 2026-03-02
    activities:
      - {id: X, name: Input, duration: 1}
`

func readSchedulePortfolio(t *testing.T) *pmo.Portfolio {
	t.Helper()
	pf, err := pmo.ReadPortfolio(strings.NewReader(schedulePortfolio))
	require.NoError(t, err)
	return pf
}

// evalOn compiles one policy of scope with one rule per expression and
// evaluates it on pf; outcomes by rule then subject.
func evalOn(t *testing.T, pf *pmo.Portfolio, scope governance.Scope, exprs ...string) map[string]map[string]governance.Result {
	t.Helper()
	p := &governance.Policy{Name: "t", Scope: scope}
	for i, e := range exprs {
		p.Rules = append(p.Rules, governance.Rule{ID: fmt.Sprint(i), Expression: e})
	}
	eng, err := governance.New()
	require.NoError(t, err)
	set, err := eng.Compile(p)
	require.NoError(t, err)
	rep, err := set.Evaluate(context.Background(), pf, governance.At(testNow()))
	require.NoError(t, err)
	out := map[string]map[string]governance.Result{}
	for _, r := range rep.Results() {
		if out[r.Rule] == nil {
			out[r.Rule] = map[string]governance.Result{}
		}
		out[r.Rule][r.Subject] = r
	}
	return out
}

func TestActivityFieldsInCEL(t *testing.T) {
	exprs := []string{
		`project.activities.size() == 4`,
		`project.activities[0].id == 'A' && project.activities[0].name == 'Design' && project.activities[0].duration == 3.0 && project.activities[0].calendar == 'six'`,
		`project.activities[1].estimate.min == 4.0 && project.activities[1].estimate.most_likely == 5.0 && project.activities[1].estimate.max == 8.0`,
		`has(project.activities[1].estimate) && !has(project.activities[0].estimate)`,
		`project.activities[1].predecessors.map(l, l.type) == ['finish_to_start', 'finish_to_start'] && project.activities[1].predecessors[1].project == 'P-2'`,
		`project.activities[2].predecessors[0].type == 'start_to_start' && project.activities[2].predecessors[0].lag == 1.0`,
		`project.activities[2].constraint.type == 'finish_no_later_than' && project.activities[2].constraint.date == timestamp('2026-03-31T00:00:00Z')`,
		`project.activities[3].milestone && project.activities[3].milestones == ['M1'] && project.activities[1].risks == ['R-1']`,
		`portfolio.calendars[0].id == 'six' && portfolio.calendars[0].name == 'Six days' && portfolio.calendars[0].working_days.size() == 6 && portfolio.calendars[0].working_days[5] == 'saturday'`,
		`portfolio.calendars[0].holidays == [timestamp('2026-03-04T00:00:00Z')]`,
	}
	got := evalOn(t, readSchedulePortfolio(t), governance.ScopeProject, exprs...)
	for i, e := range exprs {
		r := got[fmt.Sprint(i)]["P-1"]
		assert.Equal(t, governance.OutcomePass, r.Outcome, "%s: %s", e, r.Message)
	}
}

func TestScheduleFunctions(t *testing.T) {
	pf := readSchedulePortfolio(t)
	// P-1: A (3 days on the six-day calendar, whose Wednesday 4 March is a
	// holiday: Mon 2, Tue 3, Thu 5) → B (5 days, also after P-2's X: Fri 6
	// to Thu 12) → M. C (2 days, Tue 3 – Wed 4) starts a day after A and
	// may slip 6 working days to finish with the project on Thu 12.
	exprs := []string{
		`schedule(project).start == timestamp('2026-03-02T00:00:00Z')`,
		`schedule(project).finish == timestamp('2026-03-12T00:00:00Z')`,
		`schedule(project).critical_path == ['A', 'B', 'M']`,
		`critical(project.activities[0]) && critical(project.activities[1]) && !critical(project.activities[2])`,
		`float_days(project.activities[2]) == 6.0 && free_float_days(project.activities[2]) == 6.0`,
		`float_days(project.activities[0]) == 0.0`,
		`schedule(project).p50_finish >= schedule(project).finish && schedule(project).p90_finish >= schedule(project).p80_finish`,
		`schedule(project).p90_finish <= timestamp('2026-03-19T00:00:00Z')`, // B at most 8 days + a 2-day delay,
		`criticality(project.activities[0]) == 1.0 && criticality(project.activities[2]) == 0.0`,
		`project.activities.filter(a, critical(a)).map(a, a.id) == ['A', 'B', 'M']`,
		`joint_confidence(project, timestamp('2026-03-31T00:00:00Z'), money('1 USD')) == 1.0`,
		`joint_confidence(project, timestamp('2026-03-10T00:00:00Z'), money('1 USD')) == 0.0`, // B takes at least 4 days from Fri 6,
	}
	got := evalOn(t, pf, governance.ScopeProject, exprs...)
	for i, e := range exprs {
		r := got[fmt.Sprint(i)]["P-1"]
		assert.Equal(t, governance.OutcomePass, r.Outcome, "%s: %s %v", e, r.Message, r.Explanation)
	}
	// A project without activities: an error, which fails closed.
	pf.Projects = append(pf.Projects, pmo.Project{ID: "P-3", Name: "Three", Phase: "execution"})
	got = evalOn(t, pf, governance.ScopeProject, `schedule(project).finish < now`)
	assert.Equal(t, governance.OutcomeError, got["0"]["P-3"].Outcome)
	assert.Contains(t, got["0"]["P-3"].Message, "project P-3 has no activities")
}

func TestScheduleFunctionsCycleFailsClosed(t *testing.T) {
	pf := readSchedulePortfolio(t)
	pf.Projects[0].Activities[0].Predecessors = []pmo.Link{{Activity: "M"}}
	got := evalOn(t, pf, governance.ScopeProject, `!critical(project.activities[0])`, `project.activities.size() > 0`)
	assert.Equal(t, governance.OutcomeError, got["0"]["P-1"].Outcome)
	assert.Contains(t, got["0"]["P-1"].Message, "cycle in the activity network: P-1/A → P-1/B → P-1/M → P-1/A")
	assert.Equal(t, governance.OutcomePass, got["1"]["P-1"].Outcome, "rules that do not read the schedule are unaffected")
}
