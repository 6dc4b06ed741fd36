package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
	"github.com/pmokit/pmokit/prioritize"
	"github.com/pmokit/pmokit/risk"
)

// The fixed inputs of the tour: the planning envelope of the selection, the
// project it must keep, and the simulation's size and seed.
const (
	envelope  = "5000000 USD"
	mandatory = "P-009" // the ERP upgrade has a regulatory deadline
	trials    = 10_000
	seed      = 1
)

// policySet compiles the policy pack of the portfolio's PMO type.
func policySet(pf *pmo.Portfolio) (*governance.PolicySet, error) {
	policies, err := governance.Pack(pf.PMOType)
	if err != nil {
		return nil, err
	}
	engine, err := governance.New()
	if err != nil {
		return nil, err
	}
	return engine.Compile(policies...)
}

// printGovernance evaluates the pack over the portfolio and lists every
// violation, one line each, grouped by subject.
func printGovernance(w io.Writer, pf *pmo.Portfolio) error {
	set, err := policySet(pf)
	if err != nil {
		return err
	}
	rep, err := set.Evaluate(context.Background(), pf, governance.At(sampleDay()))
	if err != nil {
		return err
	}
	c := rep.Counts()
	fmt.Fprintf(w, "Governance: the %s pack (%d policies) at %s\n", pf.PMOType, len(set.PolicyNames()), sampleDay().Format("2006-01-02"))
	fmt.Fprintf(w, "  %d results: %d pass, %d rated, %d waived, %d skipped; violations: %d errors, %d warnings, %d info\n",
		c.Total, c.Pass, c.Rated, c.Waived, c.Skipped, c.Errors, c.Warnings, c.Infos)
	for _, v := range rep.Violations() {
		fmt.Fprintf(w, "  %-7s %-6s %s/%s: %s\n", v.Severity, v.Subject, v.Policy, v.Rule, v.Message)
	}
	// Waived: violations a waiver lets through, apart from the violations.
	for _, v := range rep.Waived() {
		fmt.Fprintf(w, "  waived  %-6s %s/%s by %s until %s: %s\n", v.Subject, v.Policy, v.Rule,
			v.Waiver.ID, v.Waiver.Expires.Format("2006-01-02"), v.Message)
	}
	// Ratings: what the PMO reports, level by level (the IT Dashboard's
	// cost and schedule variance bands).
	for _, rc := range c.Ratings {
		fmt.Fprintf(w, "  rated   %s\n", rc)
	}
	return nil
}

// printGates checks the gate into execution of each project in planning.
func printGates(w io.Writer, pf *pmo.Portfolio) error {
	set, err := policySet(pf)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "Gates: the projects in planning, checked for the move into execution")
	for _, p := range pf.Projects {
		if p.Phase != pmo.PhasePlanning {
			continue
		}
		rep, err := set.CheckGate(context.Background(), pf, p.ID, pmo.PhaseExecution, governance.At(sampleDay()))
		if err != nil {
			return err
		}
		verdict := "OPEN"
		if rep.Blocked() {
			verdict = "BLOCKED"
		}
		fmt.Fprintf(w, "  %s %s: %s\n", p.ID, p.Name, verdict)
		for _, v := range rep.Violations() {
			if v.Severity == governance.SeverityError {
				fmt.Fprintf(w, "    because %s (%s/%s)\n", v.Message, v.Policy, v.Rule)
			}
		}
	}
	return nil
}

// printRanking ranks the projects that are not closing by WSJF and gives
// each score's two largest parts as its reasons.
func printRanking(w io.Writer, pf *pmo.Portfolio) error {
	items, err := prioritize.WSJFFromPortfolio(pf, prioritize.WithProjects(notClosing))
	if err != nil {
		return err
	}
	ranking, err := prioritize.WSJF(items)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "Priorities: WSJF = (business value + time criticality + risk reduction) / job size")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range ranking {
		parts := r.Contributions()[:3] // the three parts of the cost of delay; job size divides
		slices.SortStableFunc(parts, func(a, b prioritize.Contribution) int {
			switch {
			case a.Weighted > b.Weighted:
				return -1
			case a.Weighted < b.Weighted:
				return 1
			}
			return 0
		})
		p, _ := pf.Project(r.ID)
		fmt.Fprintf(tw, "  %d\t%s\t%.3f\tmostly %s %.2f, %s %.2f\t%s\n", r.Rank, r.ID, r.Score,
			parts[0].Criterion, parts[0].Weighted, parts[1].Criterion, parts[1].Weighted, p.Name)
	}
	return tw.Flush()
}

func notClosing(p *pmo.Project) bool { return p.Phase != pmo.PhaseClosing }

// printSelection chooses the USD projects (not closing) with the largest
// total WSJF that fit the envelope, the mandatory one included.
func printSelection(w io.Writer, pf *pmo.Portfolio) error {
	budget := pmo.MustParseMoney(envelope)
	usd := func(p *pmo.Project) bool { return notClosing(p) && p.Budget.Approved.Currency == budget.Currency }
	items, err := prioritize.WSJFFromPortfolio(pf, prioritize.WithProjects(usd))
	if err != nil {
		return err
	}
	ranking, err := prioritize.WSJF(items)
	if err != nil {
		return err
	}
	cands, err := prioritize.CandidatesFromPortfolio(pf, prioritize.CandidateOptions{Ranking: ranking, Dependencies: true, Projects: usd})
	if err != nil {
		return err
	}
	sel, err := prioritize.Select(context.Background(), cands, prioritize.SelectOptions{Budget: budget, Mandatory: []string{mandatory}})
	if err != nil {
		return err
	}
	var left []string
	for _, c := range cands {
		if !slices.Contains(sel.IDs, c.ID) {
			left = append(left, c.ID)
		}
	}
	fmt.Fprintf(w, "Selection: the USD projects an envelope of %s funds (%s mandatory, dependencies kept)\n", budget, mandatory)
	fmt.Fprintf(w, "  funded:     %s\n", strings.Join(sel.IDs, " "))
	fmt.Fprintf(w, "  not funded: %s\n", strings.Join(left, " "))
	fmt.Fprintf(w, "  total WSJF %.3f, cost %s, %s left\n", sel.Value, sel.Cost, sel.Remaining)
	return nil
}

// rollup rolls the open risks of the portfolio up on the 5×5 matrix.
func rollup(pf *pmo.Portfolio) (*risk.Register, error) {
	return risk.Rollup(pf, risk.Preset5x5(), risk.Filter{})
}

// printRisks prints the heat map, the exposure and the top three risks.
func printRisks(w io.Writer, pf *pmo.Portfolio) error {
	reg, err := rollup(pf)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "Risks")
	total := reg.Total()
	title := fmt.Sprintf("%d risks (%d open, %d occurred) on the 5x5 matrix", total.Risks, total.Open, total.Occurred)
	if err := reg.HeatMap(title).WriteText(w); err != nil {
		return err
	}
	fmt.Fprintf(w, "exposure (probability × cost): threats %s; opportunities %s\n", amounts(total.Threat), amounts(total.Opportunity))
	fmt.Fprintln(w, "top threats by exposure:")
	for _, e := range reg.TopBy(3, risk.TopOptions{Kind: pmo.Threat}) {
		a := e.Assessment
		fmt.Fprintf(w, "  %-8s %g  %s %s  %s (exposure %s)\n", a.Rating.Name, a.Score, e.ProjectID, e.Risk.ID, e.Risk.Title, a.Exposure)
	}
	return nil
}

// printSimulation simulates the total cost impact of the open risks, one
// currency at a time, and prints the P50 and P80 with their contingency.
func printSimulation(w io.Writer, pf *pmo.Portfolio) error {
	reg, err := rollup(pf)
	if err != nil {
		return err
	}
	byCurrency := map[string][]pmo.Risk{}
	for _, r := range reg.Risks() {
		if !r.CostImpact.IsZero() {
			byCurrency[r.CostImpact.Currency] = append(byCurrency[r.CostImpact.Currency], r)
		}
	}
	fmt.Fprintf(w, "Monte Carlo: total cost impact of the open risks, %d trials, seed %d\n", trials, seed)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "  currency\trisks\tmean\tP50\tP80\tcontingency P80\t")
	for _, cur := range slices.Sorted(maps.Keys(byCurrency)) {
		sim, err := risk.Simulate(context.Background(), byCurrency[cur], risk.SimOptions{Trials: trials, Seed: seed})
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "  %s\t%d\t%s\t%s\t%s\t%s\t\n", cur, len(byCurrency[cur]), sim.MeanCost().Amount.StringFixed(0),
			sim.Cost(0.5).Amount.StringFixed(0), sim.Cost(0.8).Amount.StringFixed(0), sim.Contingency(0.8).Amount.StringFixed(0))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "  contingency P80 = P80 - mean: the reserve beyond the expected cost that covers the risks 4 times in 5")
	return nil
}

// amounts prints amounts in several currencies as "1 USD + 2 EUR".
func amounts(a risk.Amounts) string {
	if len(a) == 0 {
		return "-"
	}
	parts := make([]string, len(a))
	for i, m := range a {
		parts[i] = m.String()
	}
	return strings.Join(parts, " + ")
}
