package governance_test

import (
	"context"
	"fmt"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
)

// ExampleWithPMOType compiles one policy, whose severity is given per PMO
// type, for a controlling PMO: its violation is a warning.
func ExampleWithPMOType() {
	p, err := governance.ParsePolicy([]byte(`policy: owners
severity: {supportive: info, controlling: warning, directive: error}
rules:
  - id: manager
    expression: project.manager != ''
    message_expression: "'project ' + project.id + ' has no manager'"
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	// Without a type the policy does not compile.
	plain, err := governance.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = plain.Compile(p)
	fmt.Println(err)

	eng, err := governance.New(governance.WithPMOType(pmo.Controlling))
	if err != nil {
		fmt.Println(err)
		return
	}
	set, err := eng.Compile(p)
	if err != nil {
		fmt.Println(err)
		return
	}
	pf := &pmo.Portfolio{ID: "pf", Projects: []pmo.Project{{ID: "P-1", Name: "CRM", Phase: "planning"}}}
	rep, err := set.Evaluate(context.Background(), pf)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range rep.Violations() {
		fmt.Println(v.Severity, v.Rule, v.Message)
	}
	// Output:
	// governance: 2:11: policy owners: severity: severity is given per PMO type: set the PMO type to compile for (governance.WithPMOType; pmokit: --pack TYPE)
	// warning manager project P-1 has no manager
}

// ExamplePack_params sets two parameters of the directive pack from a
// parameters file, as a PMO with a 15% cost tolerance and a lifecycle of
// its own does, instead of editing the pack: the report records where each
// value came from.
func ExamplePack_params() {
	params, err := governance.ParseParams([]byte(`params:
  reporting_phases: [initiating, delivering-stages]
policies:
  budget-tolerance:
    cost_tolerance: 0.15
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	policies, err := governance.Pack(pmo.Directive)
	if err != nil {
		fmt.Println(err)
		return
	}
	eng, err := governance.New(governance.WithParams(params))
	if err != nil {
		fmt.Println(err)
		return
	}
	set, err := eng.Compile(policies...)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range set.Params() {
		if !v.IsDefault() {
			fmt.Println(v)
		}
	}
	// Output:
	// budget-tolerance.cost_tolerance = 0.15 (5:21)
	// status-reporting.reporting_phases = ["initiating","delivering-stages"] (2:21)
}
