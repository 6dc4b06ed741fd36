package governance_test

import (
	"fmt"

	"github.com/pmokit/pmokit/governance"
)

// A literal that can never be valid, and an enum word that does not exist,
// are compile errors at their position, with the fix.
func ExampleEngine_Compile_checks() {
	p, _ := governance.ParsePolicy([]byte(`policy: checks
rules:
  - id: threshold
    expression: project.budget.approved > money('1,000,000 USD')
  - id: risks
    expression: project.risks.all(r, r.status != 'Open')
`))
	eng, _ := governance.New()
	_, err := eng.Compile(p)
	fmt.Println(err)
	// Output:
	// governance: 4:49: policy checks rule threshold: expression: invalid money '1,000,000 USD': write the amount without thousands separators: money('1000000 USD')
	// governance: 6:50: policy checks rule risks: expression: 'Open' is not a word of risk.status: did you mean 'open'? (want 'open', 'closed' or 'occurred')
}

// Lint reports what compiles but is almost certainly a mistake.
func ExampleEngine_Lint() {
	p, _ := governance.ParsePolicy([]byte(`policy: lint
variables:
  - name: limit
    expression: money('1000000 USD')
rules:
  - id: manager
    expression: project.manager != '' || true
`))
	eng, _ := governance.New()
	warnings, err := eng.Lint(p)
	for _, w := range warnings {
		fmt.Println(w)
	}
	fmt.Println(err)
	// Output:
	// 4:17: warning: policy lint: variables.limit: variables.limit is never read
	// 7:17: warning: policy lint rule manager: expression: expression is always true: the rule can never fail
	// <nil>
}

// With the lifecycle known at compile time, a phase name outside it is a
// compile error.
func ExampleWithLifecycle() {
	eng, _ := governance.New(governance.WithLifecycle("idea", "build", "run"))
	_, err := eng.Compile(&governance.Policy{Name: "gate", Scope: governance.ScopeGate, Rules: []governance.Rule{
		{ID: "into-build", Expression: "gate.to != 'biuld' || project.sponsor != ''"},
	}})
	fmt.Println(err)
	// Output:
	// governance: 1:12: policy gate rule into-build: expression: phase 'biuld' is not in the lifecycle: did you mean 'build'? (want 'idea', 'build' or 'run')
}
