package governance_test

import (
	"context"
	"fmt"
	"time"

	"github.com/pmokit/pmokit/governance"
)

// A PMO tightens its manager rule from a warning to an error and adds a
// sponsor rule: Impact previews what that does to the portfolio before the
// change merges.
func ExampleImpact() {
	compile := func(src string) *governance.PolicySet {
		p, err := governance.ParsePolicy([]byte(src))
		if err != nil {
			panic(err)
		}
		eng, err := governance.New()
		if err != nil {
			panic(err)
		}
		set, err := eng.Compile(p)
		if err != nil {
			panic(err)
		}
		return set
	}
	old := compile(`
policy: owners
version: 1.0.0
rules:
  - id: manager
    severity: warning
    expression: project.manager != ''
    message: every project needs a manager
`)
	new := compile(`
policy: owners
version: 1.1.0
rules:
  - id: manager
    severity: error
    expression: project.manager != ''
    message: every project needs a manager
  - id: sponsor
    expression: project.sponsor != ''
    message: every project needs a sponsor
`)
	at := governance.At(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC))
	impact, err := governance.Impact(context.Background(), old, new, mustPortfolio(), at)
	if err != nil {
		panic(err)
	}
	fmt.Println("rules added:", impact.RulesAdded)
	for _, s := range impact.Subjects {
		fmt.Printf("%s %s newly blocked: %v\n", s.SubjectKind, s.Subject, s.NewlyBlocked())
		for _, c := range s.Changes {
			fmt.Printf("  %s %s/%s: %s\n", c.Kind, c.Policy, c.Rule, c.Explanation)
		}
	}
	// Output:
	// rules added: [{owners sponsor}]
	// project P-002 newly blocked: true
	//   severity_changed owners/manager: severity warning -> error: every project needs a manager [policy version 1.0.0 -> 1.1.0]
}

// The same policies over last month's portfolio and today's: P-002 got its
// manager, so it is no longer blocked.
func ExampleSnapshotImpact() {
	p, err := governance.ParsePolicy([]byte(`
policy: owners
rules:
  - id: manager
    expression: project.manager != ''
    message: every project needs a manager
`))
	if err != nil {
		panic(err)
	}
	eng, err := governance.New()
	if err != nil {
		panic(err)
	}
	set, err := eng.Compile(p)
	if err != nil {
		panic(err)
	}
	before := mustPortfolio()
	after := mustPortfolio()
	after.Projects[1].Manager = "u-pm1"
	at := governance.At(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC))
	impact, err := governance.SnapshotImpact(context.Background(), set, before, after, at)
	if err != nil {
		panic(err)
	}
	for _, s := range impact.Subjects {
		fmt.Printf("%s %s unblocked: %v\n", s.SubjectKind, s.Subject, s.Unblocked())
		for _, c := range s.Changes {
			fmt.Printf("  %s %s/%s: %s\n", c.Kind, c.Policy, c.Rule, c.Explanation)
		}
	}
	// Output:
	// project P-002 unblocked: true
	//   newly_passing owners/manager: now pass, was fail (error): every project needs a manager
}
