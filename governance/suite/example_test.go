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
	results, err := suite.Run(context.Background(), s, suite.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range results.Cases {
		fmt.Printf("%s %s failures=%d\n", r.Name(), r.Status(), len(r.Failures))
	}
	fmt.Printf("coverage %.0f%%\n", results.Coverage.Percent())
	// Output:
	// owners/P-2 has no manager pass failures=0
	// owners/wrong subject fail failures=1
	// coverage 50%
}
