package governance_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
)

// PRINCE2 management by exception: a project forecast beyond its
// tolerance, above or below the plan, needs a recorded decision.
// tolerance(project) compares the forecasts with the targets.
func Example_tolerance() {
	pf, _ := pmo.ReadPortfolio(strings.NewReader(`id: pf
name: PF
status_scale: [green, amber/green, amber, amber/red, red]
projects:
  - id: P-1
    name: Under-spending
    phase: execution
    status: amber/green
    budget: {approved: "1000000 USD", forecast: "880000 USD"}
    finish: 2026-12-31
    forecast_finish: 2027-01-04
    tolerances:
      cost: {plus: 10%, minus: 10%}
      time: {plus: 10d, minus: 10d}
`))
	p, _ := governance.ParsePolicy([]byte(`policy: prince2
rules:
  - id: within-tolerance
    when: tolerance(project).cost.set || tolerance(project).time.set
    expression: >-
      !tolerance(project).exceeded ||
      project.decisions.exists(d, d.subject == 'tolerance')
    message_expression: tolerance(project).summary
  - id: confidence
    expression: status_index(project.status) <= status_index('amber')
`))
	eng, _ := governance.New()
	set, err := eng.Compile(p)
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, _ := set.Evaluate(context.Background(), pf, governance.At(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)))
	for _, r := range rep.Results() {
		fmt.Println(r.Rule, r.Outcome, r.Message)
	}
	// Output:
	// within-tolerance fail project P-1: cost 120000 USD (12%) below plan, beyond tolerance, tolerance +10%/-10%; time 4 days above plan, within tolerance, tolerance +10d/-10d
	// confidence pass
}
