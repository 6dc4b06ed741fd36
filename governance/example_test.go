package governance_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
)

const portfolioYAML = `
id: pf-digital
name: Digital Portfolio
people:
  - {id: u-ceo, name: Ana Ruiz, roles: [sponsor]}
  - {id: u-pm1, name: Lee Chen, roles: [project_manager]}
projects:
  - id: P-001
    name: CRM Replacement
    sponsor: u-ceo
    manager: u-pm1
    phase: planning
    budget: {approved: "1200000 USD", forecast: "1350000 USD"}
    changes:
      - {id: CR-7, title: Add SSO, requested_by: u-pm1, decided_by: u-pm1, cost_impact: "80000 USD", status: approved}
  - id: P-002
    name: Data Platform
    sponsor: u-ceo
    phase: initiation
    budget: {approved: "400000 USD"}
`

const budgetPolicy = `
policy: budget
version: 1.0.0
rules:
  - id: forecast-within-tolerance
    severity: error
    expression: >-
      !has(project.budget.forecast) ||
      project.budget.forecast <= project.budget.approved * 1.1
    message_expression: >-
      'forecast ' + string(project.budget.forecast) +
      ' exceeds the approved ' + string(project.budget.approved) + ' by more than 10%'
  - id: manager-assigned
    severity: warning
    expression: project.manager != ''
    message: every project needs a manager
`

func mustPortfolio() *pmo.Portfolio {
	pf, err := pmo.ReadPortfolio(strings.NewReader(portfolioYAML))
	if err != nil {
		panic(err)
	}
	return pf
}

// Compile a policy and evaluate a portfolio at a fixed date.
func Example() {
	policy, err := governance.ParsePolicy([]byte(budgetPolicy))
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
	report, err := set.Evaluate(context.Background(), mustPortfolio(),
		governance.At(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range report.Violations() {
		fmt.Printf("%s %s/%s %s: %s\n", v.Subject, v.Policy, v.Rule, v.Severity, v.Message)
		for _, line := range v.Explanation() {
			fmt.Println("    " + line)
		}
	}
	fmt.Println(report.Summary())
	// Output:
	// P-001 budget/forecast-within-tolerance error: forecast 1350000 USD exceeds the approved 1200000 USD by more than 10%
	//     has(project.budget.forecast) = true
	//     project.budget.forecast = "1350000 USD"
	//     project.budget.approved = "1200000 USD"
	// P-002 budget/manager-assigned warning: every project needs a manager
	//     project.manager = ""
	// blocked: 4 results: 2 pass, 2 fail, 0 error, 0 skipped; violations: 1 error, 1 warning, 0 info
}

// Check whether a project may move to its next phase: gate-scope rules see
// gate.from and gate.to.
func ExamplePolicySet_CheckGate() {
	policy, err := governance.ParsePolicy([]byte(`
policy: stage-gates
scope: gate
rules:
  - id: sponsor-approval
    when: phase_at_or_after(gate.to, 'execution')
    expression: approved_by_role(project, gate.to, 'sponsor')
    message_expression: "project.id + ' needs a sponsor approval to enter ' + gate.to"
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	engine, _ := governance.New()
	set, err := engine.Compile(policy)
	if err != nil {
		fmt.Println(err)
		return
	}
	pf := mustPortfolio()
	for _, to := range []string{"planning", "execution"} {
		report, err := set.CheckGate(context.Background(), pf, "P-001", to,
			governance.At(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)))
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(to, "blocked:", report.Blocked())
		for _, v := range report.Violations() {
			fmt.Println("  " + v.Message)
		}
	}
	// Output:
	// planning blocked: false
	// execution blocked: true
	//   P-001 needs a sponsor approval to enter execution
}

// A compile error names the policy, the rule and the position in the policy
// file, here in a folded block scalar.
func ExampleCompileError() {
	policy, err := governance.ParsePolicy([]byte(`policy: typo
rules:
  - id: budget
    expression: >-
      has(project.budget.approved) &&
      project.budget.aproved > money('1 USD')
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	engine, _ := governance.New()
	_, err = engine.Compile(policy)
	fmt.Println(err)
	// Output:
	// governance: 6:21: policy typo rule budget: expression: undefined field 'aproved': did you mean 'approved'?
}

// A host adds its own CEL function through the escape hatch: here a lookup
// of a cost centre's spending limit.
func ExampleWithCELOptions() {
	limits := map[string]int64{"EMEA": 500000, "AMER": 2000000}
	limitOf := cel.Function("spending_limit",
		cel.Overload("spending_limit_string", []*cel.Type{cel.StringType}, cel.IntType,
			cel.UnaryBinding(func(region ref.Val) ref.Val {
				return types.Int(limits[string(region.(types.String))])
			})))
	engine, err := governance.New(governance.WithCELOptions(limitOf))
	if err != nil {
		fmt.Println(err)
		return
	}
	set, err := engine.Compile(&governance.Policy{
		Name: "regional-limits",
		Rules: []governance.Rule{{
			ID:         "within-limit",
			Expression: "project.budget.approved.amount() <= double(spending_limit('EMEA'))",
		}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	report, err := set.Evaluate(context.Background(), mustPortfolio(), governance.At(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range report.Results() {
		fmt.Println(r.Subject, r.Outcome)
	}
	// Output:
	// P-001 fail
	// P-002 pass
}

// Iterate over every result of a report, passes included, without the
// slice of expanded results that Results returns: a report stores its
// results compactly and All expands one at a time.
func ExampleReport_All() {
	report, err := budgetReport() // as in Example
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(report.Len(), "results")
	for i, r := range report.All() {
		fmt.Println(i, r.Subject, r.Rule, r.Outcome)
	}
	// Output:
	// 4 results
	// 0 P-001 forecast-within-tolerance fail
	// 1 P-001 manager-assigned pass
	// 2 P-002 forecast-within-tolerance pass
	// 3 P-002 manager-assigned fail
}

// Write a report as JSON result by result, the same bytes as
// json.Marshal (or an indenting json.Encoder) gives without building the
// whole document.
func ExampleReport_WriteJSON() {
	report, err := budgetReport() // as in Example
	if err != nil {
		fmt.Println(err)
		return
	}
	var streamed bytes.Buffer
	if err := report.WriteJSON(&streamed, ""); err != nil {
		fmt.Println(err)
		return
	}
	whole, err := json.Marshal(report)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(streamed.String() == string(whole)+"\n", streamed.Len())
	// Output:
	// true 1243
}

// budgetReport is the report of Example: budgetPolicy evaluated on the
// example portfolio on 2026-11-26.
func budgetReport() (*governance.Report, error) {
	policy, err := governance.ParsePolicy([]byte(budgetPolicy))
	if err != nil {
		return nil, err
	}
	engine, err := governance.New()
	if err != nil {
		return nil, err
	}
	set, err := engine.Compile(policy)
	if err != nil {
		return nil, err
	}
	return set.Evaluate(context.Background(), mustPortfolio(),
		governance.At(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)))
}
