package governance_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
)

// A gate rule that reads the schedule: the P80 finish of the activity
// network must be on or before the finish date committed for the project,
// and the joint cost–schedule confidence at least 70% (NASA's JCL policy).
func Example_schedule() {
	pf, err := pmo.ReadPortfolio(strings.NewReader(`
id: pf
name: Example
projects:
  - id: P-1
    name: Office move
    phase: planning
    start: 2026-03-02
    finish: 2026-03-11
    budget: {approved: "55000 USD", forecast: "50000 USD"}
    risks:
      - {id: R-1, title: Lift out of order, probability: 0.25, schedule_impact_days: 2, cost_impact: "3000 USD"}
    activities:
      - {id: A, name: Plan, estimate: {min: 2, most_likely: 3, max: 6}}
      - {id: B, name: Pack, estimate: {min: 1, most_likely: 2, max: 4}, predecessors: [{activity: A}]}
      - {id: C, name: Move, duration: 1, risks: [R-1], predecessors: [{activity: B}]}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	policy, err := governance.ParsePolicy([]byte(`
policy: schedule-confidence
scope: gate
rules:
  - id: p80-by-committed-finish
    expression: schedule(project).p80_finish <= project.finish
    message_expression: "'P80 finish ' + string(schedule(project).p80_finish) + ' is after ' + string(project.finish)"
  - id: jcl-70
    expression: joint_confidence(project, project.finish, project.budget.approved) >= 0.7
  - id: no-critical-float-eaten
    expression: project.activities.all(a, critical(a) || float_days(a) >= 1.0)
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	eng, _ := governance.New()
	set, err := eng.Compile(policy)
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, err := set.CheckGate(context.Background(), pf, "P-1", "execution", governance.At(time.Date(2026, 2, 20, 0, 0, 0, 0, time.UTC)))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rep.Results() {
		fmt.Println(r.Rule, r.Outcome, r.Message)
	}
	// Output:
	// p80-by-committed-finish fail P80 finish 2026-03-12T00:00:00Z is after 2026-03-11T00:00:00Z
	// jcl-70 fail expression is false: joint_confidence(project, project.finish, project.budget.approved) >= 0.7
	// no-critical-float-eaten pass
}
