// Command gate-review shows a stage-gate review: before the investment
// decision, the PMO checks every project in planning for the move into
// execution and tells each sponsor whether the gate is open and, if not,
// what is missing.
//
// It loads the sample portfolio and the built-in policy pack of its PMO type
// (directive: every standard enforced), and runs PolicySet.CheckGate for each
// project in planning with the target phase execution. A gate check
// evaluates the gate-scope rules (sponsor approval, an approved business
// case, the budget approvals by the right tier) together with the project's
// own project-scope rules, so a project that breaks a standard cannot slip
// through a gate. Each blocking violation is printed with its explanation:
// the values of the fields the rule read. Last, it records the approvals one
// project lacks and checks again: the gate opens.
//
// The clock is fixed at the sample's date, so the verdicts are reproducible.
// Run it with:
//
//	go run ./examples/gate-review
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "gate-review:", err)
		os.Exit(1)
	}
}

// run reviews the gate into execution of every project in planning.
func run(w io.Writer) error {
	pf, err := readPortfolio()
	if err != nil {
		return err
	}
	policies, err := governance.Pack(pf.PMOType)
	if err != nil {
		return err
	}
	engine, err := governance.New()
	if err != nil {
		return err
	}
	set, err := engine.Compile(policies...)
	if err != nil {
		return err
	}
	today := sampleDay()
	fmt.Fprintf(w, "Gate review of %s, %s, under the %s pack (%d policies)\n",
		pf.Name, today.Format(time.DateOnly), pf.PMOType, len(set.PolicyNames()))

	for _, p := range pf.Projects {
		if p.Phase != pmo.PhasePlanning {
			continue
		}
		rep, err := set.CheckGate(context.Background(), pf, p.ID, pmo.PhaseExecution, governance.At(today))
		if err != nil {
			return err
		}
		printGate(w, p, rep)
	}

	// The remedy for P-003: its sponsor and the PMO record their approvals;
	// the same check then opens the gate.
	fmt.Fprintln(w, "\nAfter P-003's sponsor and the PMO approve the move:")
	p3, ok := pf.Project("P-003")
	if !ok {
		return fmt.Errorf("the sample has no P-003")
	}
	on := today.AddDate(0, 0, -1)
	p3.Approvals = append(p3.Approvals,
		pmo.Approval{Gate: pmo.PhaseExecution, Role: "sponsor", By: p3.Sponsor, RequestedBy: p3.Manager, Decision: pmo.ApprovalApproved, On: on},
		pmo.Approval{Gate: pmo.PhaseExecution, Role: "pmo", By: "u-pmo", RequestedBy: p3.Manager, Decision: pmo.ApprovalApproved, On: on})
	if err := pf.Validate(); err != nil {
		return err
	}
	rep, err := set.CheckGate(context.Background(), pf, p3.ID, pmo.PhaseExecution, governance.At(today))
	if err != nil {
		return err
	}
	printGate(w, *p3, rep)
	return nil
}

// printGate prints one project's verdict: the gate, blocked or open, the
// counts, and every violation with its explanation, errors first.
func printGate(w io.Writer, p pmo.Project, rep *governance.Report) {
	verdict := "OPEN"
	if rep.Blocked() {
		verdict = "BLOCKED"
	}
	g := rep.Gate()
	c := rep.Counts()
	fmt.Fprintf(w, "\n%s %s: %s -> %s: %s\n", p.ID, p.Name, g.From, g.To, verdict)
	fmt.Fprintf(w, "  %d rules checked: %d pass, %d skipped; %d errors, %d warnings, %d info\n",
		c.Total, c.Pass, c.Skipped, c.Errors, c.Warnings, c.Infos)
	for _, sev := range []governance.Severity{governance.SeverityError, governance.SeverityWarning, governance.SeverityInfo} {
		for _, v := range rep.Violations() {
			if v.Severity != sev {
				continue
			}
			fmt.Fprintf(w, "  %-7s %s/%s: %s\n", v.Severity, v.Policy, v.Rule, v.Message)
			for _, line := range v.Explanation() {
				fmt.Fprintf(w, "            %s\n", line)
			}
		}
	}
	if rep.Blocked() {
		fmt.Fprintf(w, "  to open the gate: fix the %s above, then ask again\n", plural(c.Errors, "error"))
	} else {
		fmt.Fprintln(w, "  the sponsor may take the investment decision")
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, strings.TrimSuffix(word, "s"))
}
