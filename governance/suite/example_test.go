package suite_test

import (
	"context"
	"fmt"

	"github.com/pmokit/pmokit/governance/suite"
)

// Example parses a suite, as pmokit test does, runs it and prints a line
// per case.
func Example() {
	src := `
name: owners
policies: [policy.yaml]
portfolio: portfolio.yaml
now: 2026-11-26
tests:
  - name: P-2 has no manager
    expect:
      only: true
      violations: [{rule: manager, subject: P-2}]
  - name: wrong subject
    expect:
      violations: [{rule: manager, subject: P-1}]
`
	s, err := suite.Parse("testdata/example_test.yaml", []byte(src))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range suite.Run(context.Background(), s, suite.Options{}) {
		fmt.Printf("%s passed=%v failures=%d\n", r.Name(), r.Passed(), len(r.Failures))
	}
	// Output:
	// owners/P-2 has no manager passed=true failures=0
	// owners/wrong subject passed=false failures=1
}
