package governance_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
)

// A waiver turns a violation the PMO knowingly accepts into the outcome
// waived, which does not block, until it expires or its conditions fail;
// then the violation stands again and says why.
func Example_waivers() {
	pf, err := pmo.ReadPortfolio(strings.NewReader(`
id: pf
name: Portfolio
people:
  - {id: u-pmo, name: Pat, roles: [pmo]}
  - {id: u-ana, name: Ana, roles: [sponsor]}
projects:
  - {id: P-1, name: CRM, phase: planning, sponsor: u-ana, status: amber}
waivers:
  - id: W-1
    policy: standards
    rule: manager-assigned
    subject: P-1
    reason: the manager starts in January
    requested_by: u-ana
    approved_by: u-pmo
    approved_on: 2026-11-02
    expires: 2027-01-15
    conditions: ["project.status != 'red'"]
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	policy, err := governance.ParsePolicy([]byte(`
policy: standards
max_waiver_days: 90
rules:
  - id: manager-assigned
    expression: project.manager != ''
    message: the project has no manager
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
	for _, day := range []string{"2026-11-26", "2027-01-20"} {
		now, _ := time.Parse(time.DateOnly, day)
		rep, err := set.CheckGate(context.Background(), pf, "P-1", "execution", governance.At(now))
		if err != nil {
			fmt.Println(err)
			return
		}
		r := rep.Results()[0]
		fmt.Printf("%s: blocked %v, conditional %v: %s %s (waiver %s)\n", day, rep.Blocked(), rep.Conditional(), r.Outcome, r.Message, r.WaiverID())
	}
	// Output:
	// 2026-11-26: blocked false, conditional true: waived the project has no manager (waiver W-1)
	// 2027-01-20: blocked true, conditional false: fail the project has no manager (waiver W-1 does not hold: expired on 2027-01-15) (waiver W-1)
}
