package schedule_test

import (
	"fmt"
	"strings"

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
