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
// prints the efficient frontier: the best selection at each budget from 2 to
// 9 million, so the board sees where more money stops buying much value.
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

	"github.com/shopspring/decimal"

	"github.com/pmokit/pmokit/internal/sample"
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
// budget levels of the frontier.
type plan struct {
	currency  string
	budget    pmo.Money
	mandatory []string
	frontier  []pmo.Money
}

// run ranks, selects and prints the frontier for the sample portfolio.
func run(w io.Writer) error {
	pf, err := sample.Portfolio()
	if err != nil {
		return err
	}
	p := plan{
		currency:  "USD",
		budget:    pmo.MustParseMoney("5000000 USD"),
		mandatory: []string{"P-009"},
	}
	for m := int64(2); m <= 9; m++ {
		p.frontier = append(p.frontier, pmo.NewMoney(decimal.New(m, 6), "USD"))
	}

	projects := candidates(pf, p.currency)
	ranking, err := prioritize.WSJF(wsjfItems(projects))
	if err != nil {
		return err
	}
	printRanking(w, ranking, projects)

	cands := selectionCandidates(ranking, projects)
	sel, err := prioritize.Select(context.Background(), cands, prioritize.SelectOptions{
		Budget:    p.budget,
		Mandatory: p.mandatory,
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nSelection under %s (mandatory: %s)\n", p.budget, strings.Join(p.mandatory, ", "))
	printSelection(w, sel, projects)

	fmt.Fprintln(w, "\nEfficient frontier: the best total WSJF at each budget")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "  budget\tvalue\tgain\tcost\t\tprojects")
	previous := 0.0
	for _, b := range p.frontier {
		s, err := prioritize.Select(context.Background(), cands, prioritize.SelectOptions{Budget: b, Mandatory: p.mandatory})
		if err != nil {
			fmt.Fprintf(tw, "  %s\t-\t-\t-\t\t%v\n", b.Amount, err)
			continue
		}
		fmt.Fprintf(tw, "  %s\t%.3f\t%+.3f\t%s\t\t%s\n", b.Amount, s.Value, s.Value-previous, s.Cost.Amount, strings.Join(s.IDs, " "))
		previous = s.Value
	}
	return tw.Flush()
}

// candidates returns the projects that compete for money: in the currency,
// not closing, with an approved budget.
func candidates(pf *pmo.Portfolio, currency string) map[string]*pmo.Project {
	out := make(map[string]*pmo.Project)
	for i := range pf.Projects {
		p := &pf.Projects[i]
		if p.Phase == pmo.PhaseClosing || p.Budget.Approved.Currency != currency {
			continue
		}
		out[p.ID] = p
	}
	return out
}

// wsjfItems reads the WSJF components from each project's scores.
func wsjfItems(projects map[string]*pmo.Project) []prioritize.WSJFItem {
	items := make([]prioritize.WSJFItem, 0, len(projects))
	for id, p := range projects {
		items = append(items, prioritize.WSJFItem{
			ID:              id,
			BusinessValue:   p.Scores[prioritize.ScoreBusinessValue],
			TimeCriticality: p.Scores[prioritize.ScoreTimeCriticality],
			RiskReduction:   p.Scores[prioritize.ScoreRiskReduction],
			JobSize:         p.Scores[prioritize.ScoreJobSize],
		})
	}
	return items
}

// selectionCandidates turns the ranking into selection candidates: the WSJF
// score is the value, the approved budget the cost, and dependencies on other
// candidates are requirements.
func selectionCandidates(r prioritize.Ranking, projects map[string]*pmo.Project) []prioritize.Candidate {
	out := make([]prioritize.Candidate, 0, len(r))
	for _, item := range r {
		p := projects[item.ID]
		c := prioritize.Candidate{ID: item.ID, Value: item.Score, Cost: p.Budget.Approved}
		for _, d := range p.Dependencies {
			if _, ok := projects[d.On]; ok {
				c.Requires = append(c.Requires, d.On)
			}
		}
		out = append(out, c)
	}
	return out
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
