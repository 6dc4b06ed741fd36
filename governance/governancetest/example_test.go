package governancetest_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/governance/governancetest"
	"github.com/pmokit/pmokit/pmo"
)

const sponsorPolicy = `
policy: approvals
scope: gate
rules:
  - id: sponsor-approval
    when: gate.to == 'execution'
    expression: approved_by_role(project, 'execution', 'sponsor')
    message: the sponsor must approve the move into execution
`

// printer is a testing.TB that prints what a test would report, so that
// the example can run outside a test. In a test, pass the test's t.
type printer struct{ testing.TB }

func (printer) Helper() {}

func (printer) Errorf(format string, args ...any) { fmt.Printf("error: "+format+"\n", args...) }

func (printer) Fatalf(format string, args ...any) { fmt.Printf("fatal: "+format+"\n", args...) }

// Example builds a portfolio with the builders and checks a gate with the
// assertion helpers, as a Go test of a PMO's own policy would.
func Example() {
	var t testing.TB = printer{}
	pol, err := governance.ParsePolicy([]byte(sponsorPolicy))
	if err != nil {
		fmt.Println(err)
		return
	}
	eng, err := governance.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	set, err := eng.Compile(pol)
	if err != nil {
		fmt.Println(err)
		return
	}
	pf := governancetest.NewPortfolio(t).
		WithPerson("u-ana", "sponsor").
		WithProject(governancetest.NewProject(t, "P-1").Phase("planning").Sponsor("u-ana").Build()).
		Build()
	at := governance.At(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC))

	rep, err := set.CheckGate(context.Background(), pf, "P-1", "execution", at)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("violation found:", governancetest.AssertViolation(t, rep, "approvals/sponsor-approval", "P-1"))
	fmt.Println("blocked:", rep.Blocked())

	pf.Projects[0].Approvals = append(pf.Projects[0].Approvals,
		pmo.Approval{Gate: "execution", Role: "sponsor", By: "u-ana", Decision: pmo.ApprovalApproved})
	rep, err = set.CheckGate(context.Background(), pf, "P-1", "execution", at)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("no violation:", governancetest.AssertNoViolation(t, rep, "sponsor-approval", ""))
	fmt.Println("blocked:", rep.Blocked())
	// Output:
	// violation found: true
	// blocked: true
	// no violation: true
	// blocked: false
}
