package pmo_test

import (
	"fmt"
	"strings"

	"github.com/pmokit/pmokit/pmo"
)

// A stage forecast to finish 12 days late and 20% over its budget, against
// PRINCE2-style tolerances of +10%/-5% on cost and +7/-7 days on time: an
// exception on both, above the plan.
func ExampleStage_CheckTolerances() {
	pf, err := pmo.ReadPortfolio(strings.NewReader(`id: pf
name: PF
projects:
  - id: P-1
    name: CRM
    phase: execution
    stages:
      - id: S-2
        name: Build
        start: 2026-03-01
        finish: 2026-06-30
        forecast_finish: 2026-07-12
        planned_cost: "300000 USD"
        forecast_cost: "360000 USD"
        tolerances:
          cost: {plus: 10%, minus: 5%}
          time: {plus: 7d, minus: 7d}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := pf.Projects[0].Stages[0].CheckTolerances()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("cost: %s (%s%%) above %v below %v\n", c.Cost.Deviation, c.Cost.Percent, c.Cost.Above, c.Cost.Below)
	fmt.Printf("time: %d of %d days (%s%%) above %v below %v\n", c.Time.Days, c.Time.PlannedDays, c.Time.Percent, c.Time.Above, c.Time.Below)
	fmt.Println("exception:", c.Exceeded())
	// Output:
	// cost: 60000 USD (20%) above true below false
	// time: 12 of 121 days (9.92%) above true below false
	// exception: true
}

// A portfolio may rank its statuses on a scale of its own, best first: here
// the UK IPA's five delivery confidence levels.
func ExampleStatusScale_Compare() {
	scale := pmo.StatusScale{"green", "amber/green", "amber", "amber/red", "red"}
	c, _ := scale.Compare("amber/red", "amber")
	fmt.Println(c, scale.Index("amber/green"))
	_, err := scale.Compare("amber", "purple")
	fmt.Println(err)
	// Output:
	// 1 1
	// pmo: invalid portfolio: status "purple" is not on the status scale [green amber/green amber amber/red red]
}
