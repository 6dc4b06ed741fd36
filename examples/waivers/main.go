// Command waivers shows governed exceptions: a PMO that knowingly lets a
// project through a rule records a waiver, with an approver, an expiry and
// compensating conditions, instead of switching the rule off.
//
// It loads a small portfolio whose waiver register (portfolio.waivers) holds
// four waivers, and two policies: project standards (a manager, an approved
// charter, a sponsor that cannot be waived) and the board's gate approval.
// It lists where each waiver stands (PolicySet.Waivers); evaluates the
// portfolio, where a waived violation is the outcome waived and a waiver
// that does not hold leaves its violation standing and says why; checks
// P-101's gate into execution, a conditional go that lists what must hold;
// and checks the same gate after the waivers expire.
//
// The clock is fixed (governance.At), so the output is the same on every
// run. Run it with:
//
//	go run ./examples/waivers
package main

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
)

//go:embed register.yaml
var portfolioYAML []byte

//go:embed policies/*.yaml
var policyFiles embed.FS

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "waivers:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	pf, err := pmo.ReadPortfolio(bytes.NewReader(portfolioYAML))
	if err != nil {
		return err
	}
	policies, err := governance.LoadPolicies(policyFiles, "policies")
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
	ctx := context.Background()
	today := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)

	// 1. The register: where each waiver stands today.
	fmt.Fprintf(w, "Waiver register of %s at %s\n", pf.Name, today.Format(time.DateOnly))
	statuses, err := set.Waivers(ctx, pf, governance.At(today))
	if err != nil {
		return err
	}
	for _, st := range statuses {
		what := st.Policy
		if st.Rule != "" {
			what += "/" + st.Rule
		}
		fmt.Fprintf(w, "  %-5s %-8s %-34s %-6s expires %s\n", st.ID, st.State, what, st.Subject, st.Expires.Format(time.DateOnly))
		for _, p := range st.Problems {
			fmt.Fprintf(w, "        %s\n", p)
		}
	}

	// 2. The portfolio check: waived results apart from the violations.
	rep, err := set.Evaluate(ctx, pf, governance.At(today))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nPortfolio check: %s\n", rep.Summary())
	for _, r := range rep.Waived() {
		fmt.Fprintf(w, "  waived     %s %s/%s: %s (waiver %s until %s)\n", r.Subject, r.Policy, r.Rule, r.Message, r.WaiverID(), r.Waiver.Expires.Format(time.DateOnly))
	}
	for _, r := range rep.Violations() {
		fmt.Fprintf(w, "  violation  %s %s/%s (%s): %s\n", r.Subject, r.Policy, r.Rule, r.Severity, r.Message)
	}

	// 3. The gate into execution: a conditional go.
	for _, at := range []time.Time{today, time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)} {
		gate, err := set.CheckGate(ctx, pf, "P-101", "execution", governance.At(at))
		if err != nil {
			return err
		}
		verdict := "GO"
		switch {
		case gate.Blocked():
			verdict = "BLOCKED"
		case gate.Conditional():
			verdict = "CONDITIONAL GO"
		}
		fmt.Fprintf(w, "\nGate P-101 planning -> execution at %s: %s\n", at.Format(time.DateOnly), verdict)
		for _, r := range gate.Waived() {
			fmt.Fprintf(w, "  waived by %s until %s: %s/%s, %s\n", r.WaiverID(), r.Waiver.Expires.Format(time.DateOnly), r.Policy, r.Rule, r.Message)
			if len(r.Waiver.Conditions) > 0 {
				fmt.Fprintf(w, "    must hold: %s\n", strings.Join(r.Waiver.Conditions, "; "))
			}
		}
		for _, r := range gate.Violations() {
			fmt.Fprintf(w, "  %s %s/%s: %s\n", r.Severity, r.Policy, r.Rule, r.Message)
		}
	}
	return nil
}
