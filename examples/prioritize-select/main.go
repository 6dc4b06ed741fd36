// Command prioritize-select shows a portfolio board re-planning after a
// budget cut: rank the projects, choose what to fund, and see what each extra
// million would buy.
//
// It reads the sample portfolio and takes every USD project that is not
// closing as a candidate, at its approved budget. It ranks them by Weighted
// Shortest Job First (prioritize.WSJF: cost of delay over job size, from
// each project's scores) and explains each score by its parts. Then it
// chooses, with prioritize.Select, the set of projects with the greatest
// total WSJF that fits a 5,000,000 USD envelope, with the ERP upgrade
// mandatory (a regulatory deadline) and each project's dependencies on other
// candidates respected (choosing a project chooses what it needs). Last, it
// prints the efficient frontier (prioritize.Frontier): the best selection at
// each budget from 1 to 9 million, so the board sees where more money stops
// buying much value. The portfolio is read through prioritize's portfolio
// sources (WSJFFromPortfolio, CandidatesFromPortfolio).
//
// Everything is exact and deterministic. Run it with:
//
//	go run ./examples/prioritize-select
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/pmokit/pmokit/pmo"
	"github.com/pmokit/pmokit/prioritize"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "prioritize-select:", err)
		os.Exit(1)
	}
}

// plan is the board's question: the envelope, what is mandatory, and the
// budget levels of the frontier (from, to, step).
type plan struct {
	currency       string
	budget         pmo.Money
	mandatory      []string
	from, to, step pmo.Money
}

// run ranks, selects and prints the frontier for the sample portfolio.
func run(w io.Writer) error {
	pf, err := readPortfolio()
	if err != nil {
		return err
	}
	p := plan{
		currency:  "USD",
		budget:    pmo.MustParseMoney("5000000 USD"),
		mandatory: []string{"P-009"},
		from:      pmo.MustParseMoney("1000000 USD"),
		to:        pmo.MustParseMoney("9000000 USD"),
		step:      pmo.MustParseMoney("1000000 USD"),
	}

	projects := make(map[string]*pmo.Project)
	for i := range pf.Projects {
		if pr := &pf.Projects[i]; pr.Phase != pmo.PhaseClosing && pr.Budget.Approved.Currency == p.currency {
			projects[pr.ID] = pr
		}
	}
	isCandidate := func(pr *pmo.Project) bool { return projects[pr.ID] == pr }

	items, err := prioritize.WSJFFromPortfolio(pf, prioritize.WithProjects(isCandidate))
	if err != nil {
		return err
	}
	ranking, err := prioritize.WSJF(items)
	if err != nil {
		return err
	}
	printRanking(w, ranking, projects)

	// The ranking's scores are the values; approved budgets the costs;
	// dependencies between candidates become requirements.
	cands, err := prioritize.CandidatesFromPortfolio(pf, prioritize.CandidateOptions{
		Ranking: ranking, Dependencies: true, Projects: isCandidate,
	})
	if err != nil {
		return err
	}
	opts := prioritize.SelectOptions{Budget: p.budget, Mandatory: p.mandatory}
	sel, err := prioritize.Select(context.Background(), cands, opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nSelection under %s (mandatory: %s)\n", p.budget, strings.Join(p.mandatory, ", "))
	printSelection(w, sel, projects)

	fmt.Fprintln(w, "\nEfficient frontier: the best total WSJF at each budget")
	points, err := prioritize.Frontier(context.Background(), cands, opts, p.from, p.to, p.step)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "  budget\tvalue\tgain\tcost\t  projects")
	previous := 0.0
	for _, pt := range points {
		if !pt.Feasible {
			fmt.Fprintf(tw, "  %s\t-\t-\t-\t  infeasible: the mandatory projects cost more\n", pt.Budget.Amount)
			continue
		}
		fmt.Fprintf(tw, "  %s\t%.3f\t%+.3f\t%s\t  %s\n", pt.Budget.Amount, pt.Value, pt.Value-previous, pt.Cost.Amount, strings.Join(pt.IDs, " "))
		previous = pt.Value
	}
	return tw.Flush()
}

// printRanking prints the ranking with each score's parts: the share of
// business value, time criticality and risk reduction per unit of job size.
func printRanking(w io.Writer, r prioritize.Ranking, projects map[string]*pmo.Project) {
	fmt.Fprintln(w, "WSJF ranking (cost of delay / job size)")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  rank\tproject\tWSJF\t= value\t+ time\t+ risk\tjob size\tname")
	for _, item := range r {
		c := item.Contributions()
		fmt.Fprintf(tw, "  %d\t%s\t%.3f\t%.3f\t%.3f\t%.3f\t%g\t%s\n", item.Rank, item.ID, item.Score,
			c[0].Weighted, c[1].Weighted, c[2].Weighted, c[3].Value, projects[item.ID].Name)
	}
	tw.Flush()
}

// printSelection prints the chosen projects and the totals.
func printSelection(w io.Writer, s *prioritize.Selection, projects map[string]*pmo.Project) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, id := range s.IDs {
		p := projects[id]
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", id, p.Budget.Approved, p.Name)
	}
	tw.Flush()
	fmt.Fprintf(w, "  total value %.3f, cost %s, remaining %s\n", s.Value, s.Cost, s.Remaining)
	var out []string
	for id := range projects {
		if !slices.Contains(s.IDs, id) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	fmt.Fprintf(w, "  not funded: %s\n", strings.Join(out, " "))
}
