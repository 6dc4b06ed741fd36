// Command embed-engine shows a host application embedding the pmokit
// governance engine with a CEL function of its own.
//
// The host is a company's project portal. Its HR directory knows who has left
// the company, which the portfolio file does not. Through the engine's escape
// hatch, [governance.WithCELOptions], the host adds a function
// employed(person_id) backed by that directory, so that a PMO policy can
// require every active project to have a sponsor and a manager who still work
// there. The policy is ordinary YAML; only the function is the host's.
//
// The evaluation clock is fixed (governance.At) so that the output is
// reproducible. Run it with:
//
//	go run ./examples/embed-engine
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"

	"github.com/pmokit/pmokit/governance"
)

// policyYAML is the PMO's policy. It calls the host's employed function like
// any built-in one; the engine type-checks the call at compile time.
const policyYAML = `
policy: people-in-post
version: 1.0.0
description: Active projects are led by people who still work here.
scope: project
when: project.phase in ['planning', 'execution']
rules:
  - id: sponsor-employed
    description: The sponsor is still employed.
    severity: error
    expression: project.sponsor == '' || employed(project.sponsor)
    message_expression: "'sponsor ' + project.sponsor + ' of ' + project.id + ' has left the company'"
  - id: manager-employed
    description: The project manager is still employed.
    severity: error
    expression: project.manager == '' || employed(project.manager)
    message_expression: "'manager ' + project.manager + ' of ' + project.id + ' has left the company'"
`

// directory is the host's HR directory: here, who has left and when.
type directory struct {
	leavers map[string]time.Time
	today   time.Time
}

// employed reports whether a person still works for the company today.
func (d directory) employed(id string) bool {
	left, ok := d.leavers[id]
	return !ok || left.After(d.today)
}

// celFunction is the host's CEL binding of employed: one overload, string to
// bool. The directory is read-only, so the function is safe for concurrent
// use, as the engine requires.
func (d directory) celFunction() cel.EnvOption {
	return cel.Function("employed",
		cel.Overload("employed_string", []*cel.Type{cel.StringType}, cel.BoolType,
			cel.UnaryBinding(func(v ref.Val) ref.Val {
				id, ok := v.Value().(string)
				if !ok {
					return types.NewErr("employed: want a person id, got %s", v.Type().TypeName())
				}
				return types.Bool(d.employed(id))
			})))
}

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "embed-engine:", err)
		os.Exit(1)
	}
}

// run evaluates the policy over the sample portfolio and prints the verdict.
func run(w io.Writer) error {
	today := sampleDay()
	hr := directory{
		today: today,
		leavers: map[string]time.Time{
			"u-coo": time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC), // the COO left last month
			"u-pm2": time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC),  // a manager leaves next year
		},
	}

	engine, err := governance.New(governance.WithCELOptions(hr.celFunction()))
	if err != nil {
		return err
	}
	policy, err := governance.ParsePolicy([]byte(policyYAML))
	if err != nil {
		return err
	}
	set, err := engine.Compile(policy)
	if err != nil {
		return err
	}
	pf, err := readPortfolio()
	if err != nil {
		return err
	}
	report, err := set.Evaluate(context.Background(), pf, governance.At(today))
	if err != nil {
		return err
	}

	c := report.Counts()
	fmt.Fprintf(w, "Policy %s %s over %s at %s\n", policy.Name, policy.Version, pf.ID, today.Format(time.DateOnly))
	fmt.Fprintf(w, "%d results: %d pass, %d fail, %d skipped (projects not in planning or execution)\n\n",
		c.Total, c.Pass, c.Fail, c.Skipped)
	for _, v := range report.Violations() {
		fmt.Fprintf(w, "%-7s %s/%s on %s: %s\n", v.Severity, v.Policy, v.Rule, v.Subject, v.Message)
		for _, line := range v.Explanation() {
			fmt.Fprintf(w, "        %s\n", line)
		}
	}
	if report.Blocked() {
		fmt.Fprintln(w, "\nverdict: not compliant; reassign the sponsors above")
	} else {
		fmt.Fprintln(w, "\nverdict: compliant")
	}
	return nil
}
