package governance_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
)

// A policy declares its thresholds as parameters; a host sets them in Go
// or in a parameters file, and the report records the values used. A money
// threshold holds one amount per currency: a project in a currency without
// one is an error result that says so.
func ExampleWithParams() {
	policy, err := governance.ParsePolicy([]byte(`policy: budget-tolerance
params:
  - name: cost_tolerance
    type: number
    default: 0.10
    description: Tolerance as a fraction of the approved budget.
  - name: change_limit
    type: money
    default: {USD: "250000", EUR: "230000"}
rules:
  - id: tolerance
    expression: project.budget.forecast <= project.budget.approved * (1.0 + params.cost_tolerance)
  - id: limit
    expression: project.budget.approved <= params.change_limit
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	file, err := governance.ReadParams(strings.NewReader("policies:\n  budget-tolerance:\n    cost_tolerance: 0.15\n"), "params.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	eng, err := governance.New(governance.WithParams(file))
	if err != nil {
		fmt.Println(err)
		return
	}
	set, err := eng.Compile(policy)
	if err != nil {
		fmt.Println(err)
		return
	}
	pf := &pmo.Portfolio{ID: "pf", Name: "Portfolio", Projects: []pmo.Project{
		{ID: "P-1", Name: "One", Phase: "execution", Budget: pmo.Budget{
			Approved: pmo.MustParseMoney("200000 USD"), Forecast: pmo.MustParseMoney("225000 USD")}},
		{ID: "P-2", Name: "Two", Phase: "execution", Budget: pmo.Budget{
			Approved: pmo.MustParseMoney("30000000 JPY"), Forecast: pmo.MustParseMoney("30000000 JPY")}},
	}}
	rep, err := set.Evaluate(context.Background(), pf, governance.At(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range rep.Params() {
		fmt.Println(v)
	}
	for _, r := range rep.Results() {
		fmt.Println(strings.TrimSpace(fmt.Sprintln(r.Subject, r.Rule, r.Outcome, r.Message)))
	}
	// Output:
	// budget-tolerance.cost_tolerance = 0.15 (params.yaml:3:21)
	// budget-tolerance.change_limit = {"EUR":"230000 EUR","USD":"250000 USD"} (default)
	// P-1 tolerance pass
	// P-1 limit pass
	// P-2 tolerance pass
	// P-2 limit error expression: pmo: currency mismatch: params.change_limit has no amount in "JPY" (it has EUR, USD): set one for JPY
}
