package schedule_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/pmokit/pmokit/pmo"
	"github.com/pmokit/pmokit/schedule"
)

func ExampleCPM() {
	pf, err := pmo.ReadPortfolio(strings.NewReader(`
id: pf
name: Example
projects:
  - id: P-1
    name: Office move
    phase: execution
    start: 2026-03-02
    activities:
      - {id: A, name: Plan, duration: 3}
      - {id: B, name: Pack, duration: 2, predecessors: [{activity: A}]}
      - {id: C, name: Book movers, duration: 1, predecessors: [{activity: A}]}
      - {id: D, name: Move, duration: 1, predecessors: [{activity: B}, {activity: C}]}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := schedule.CPM(pf)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := s.Project("P-1")
	for _, a := range p.Activities {
		fmt.Printf("%s ES %v EF %v TF %v %s..%s\n", a.ID, a.ES, a.EF, a.TotalFloat,
			a.EarlyStart.Format("Jan 2"), a.EarlyFinish.Format("Jan 2"))
	}
	fmt.Println("critical path:", strings.Join(p.CriticalPath(), " → "))
	fmt.Println("finish:", p.Finish.Format("2006-01-02"))
	// Output:
	// A ES 0 EF 3 TF 0 Mar 2..Mar 4
	// B ES 3 EF 5 TF 0 Mar 5..Mar 6
	// C ES 3 EF 4 TF 1 Mar 5..Mar 5
	// D ES 5 EF 6 TF 0 Mar 9..Mar 9
	// critical path: A → B → D
	// finish: 2026-03-09
}

func ExampleSimulate() {
	pf, err := pmo.ReadPortfolio(strings.NewReader(`
id: pf
name: Example
projects:
  - id: P-1
    name: Office move
    phase: execution
    start: 2026-03-02
    budget: {forecast: "50000 USD"}
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
	sim, err := schedule.Simulate(context.Background(), pf, schedule.SimOptions{Trials: 10_000, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range []float64{0.5, 0.8, 0.9} {
		d, _ := sim.Finish("P-1", p)
		fmt.Printf("P%.0f finish %s\n", 100*p, d.Format("2006-01-02"))
	}
	drivers, _ := sim.Drivers("P-1")
	fmt.Println("top driver:", drivers[0].Activity)
	jcl, _ := sim.JointConfidence("P-1", time.Date(2026, 3, 13, 0, 0, 0, 0, time.UTC), pmo.MustParseMoney("50000 USD"))
	fmt.Printf("JCL by 2026-03-13 within 50000 USD: %.2f\n", jcl)
	// Output:
	// P50 finish 2026-03-11
	// P80 finish 2026-03-12
	// P90 finish 2026-03-13
	// top driver: C
	// JCL by 2026-03-13 within 50000 USD: 0.75
}
