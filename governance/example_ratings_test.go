package governance_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
)

// A rating rates every project at the first level whose condition holds:
// here cost variance in the bands of the US Federal IT Dashboard
// (https://itdashboard.gov, FAQ on cost and schedule ratings): green under
// 10%, yellow from 10% to under 30%, red from 30%. A rule reads the rating
// to flag a project that reports green while its cost is rated red.
func ExampleRating() {
	policy, err := governance.ParsePolicy([]byte(`
policy: cost-control
ratings:
  - id: cost-variance
    levels:
      - level: green
        when: math.abs(ev(project).cv_percent) < 10.0
      - level: yellow
        when: math.abs(ev(project).cv_percent) < 30.0
      - level: red
        when: "true"
        message: cost variance 30% or more
rules:
  - id: status-not-better-than-cost
    expression: "!(project.status == 'green' && ratings['cost-variance'] == 'red')"
    message: reports green while its cost variance is rated red
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	// Earned value 100 against actual costs of 95, 110, 129.9 and 130:
	// cost variances of +5%, -10%, -29.9% and -30%.
	pf, err := pmo.ReadPortfolio(strings.NewReader(`
id: pf
name: Bands
projects:
  - {id: P-1, name: a, phase: execution, status: green, earned_value: {as_of: 2026-11-01, bac: "1000 USD", pv: "100 USD", ev: "100 USD", ac: "95 USD"}}
  - {id: P-2, name: b, phase: execution, status: amber, earned_value: {as_of: 2026-11-01, bac: "1000 USD", pv: "100 USD", ev: "100 USD", ac: "110 USD"}}
  - {id: P-3, name: c, phase: execution, status: amber, earned_value: {as_of: 2026-11-01, bac: "1000 USD", pv: "100 USD", ev: "100 USD", ac: "129.9 USD"}}
  - {id: P-4, name: d, phase: execution, status: green, earned_value: {as_of: 2026-11-01, bac: "1000 USD", pv: "100 USD", ev: "100 USD", ac: "130 USD"}}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	engine, err := governance.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	set, err := engine.Compile(policy)
	if err != nil {
		fmt.Println(err)
		return
	}
	report, err := set.Evaluate(context.Background(), pf, governance.At(time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range report.Results() {
		switch {
		case r.Outcome == governance.OutcomeRated:
			fmt.Printf("%s %s: %s\n", r.Subject, r.Rule, r.Level)
		case r.IsViolation():
			fmt.Printf("%s %s: %s\n", r.Subject, r.Rule, r.Message)
			for _, line := range r.Explanation() {
				fmt.Println("    " + line)
			}
		}
	}
	for _, c := range report.Counts().Ratings {
		fmt.Println(c)
	}
	// Output:
	// P-1 cost-variance: green
	// P-2 cost-variance: yellow
	// P-3 cost-variance: yellow
	// P-4 cost-variance: red
	// P-4 status-not-better-than-cost: reports green while its cost variance is rated red
	//     project.status = "green"
	//     ratings["cost-variance"] = "red"
	// cost-control/cost-variance: 1 green, 2 yellow, 1 red
}
