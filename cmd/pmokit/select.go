package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/pmokit/pmokit/pmo"
	"github.com/pmokit/pmokit/prioritize"
)

const selectUsage = `usage: pmokit select --portfolio FILE --budget MONEY [--value wsjf|score:NAME] [--mandatory IDS] [--exclude IDS] [--frontier FROM:TO:STEP] [--format text|json]

Chooses the projects that maximize total value within a budget: an exact
optimum (branch and bound), with mandatory and excluded projects, and each
project's dependencies on other candidates respected (choosing a project
chooses the projects it depends on). With --frontier it prints the efficient
frontier instead: the best selection at each budget from FROM to TO.

The candidates are the projects (in --phase, when given) whose approved
budget is in the budget's currency; their cost is the approved budget. The
others are listed as not candidates, and a dependency on one of them is
taken as met.

flags:
  --portfolio FILE          the portfolio (YAML or JSON)
  --budget MONEY            the money available, e.g. "5000000 USD"
  --value VALUE             wsjf (default): the project's WSJF score, or
                            score:NAME: the project's score NAME
  --mandatory IDS           projects that must be chosen (comma-separated)
  --exclude IDS             projects that must not be chosen (comma-separated)
  --phase LIST              candidates only from these phases (comma-separated)
  --frontier FROM:TO:STEP   budgets from FROM to TO by STEP, in the budget's
                            currency, e.g. 2000000:9000000:1000000
  --format FORMAT           text (default) or json

exit status: 0 selected, 1 the search stopped at its node limit (the best
selection found is printed), 2 bad input or constraints no selection meets.
`

// selectFlags are the parsed flags of select.
type selectFlags struct {
	portfolio, budget, value, mandatory, exclude, phases, frontier, format string
}

func runSelect(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("select", selectUsage, stderr)
	var f selectFlags
	fs.StringVar(&f.portfolio, "portfolio", "", "portfolio `FILE`")
	fs.StringVar(&f.budget, "budget", "", "budget `MONEY`")
	fs.StringVar(&f.value, "value", "wsjf", "wsjf or score:NAME")
	fs.StringVar(&f.mandatory, "mandatory", "", "mandatory project IDs")
	fs.StringVar(&f.exclude, "exclude", "", "excluded project IDs")
	fs.StringVar(&f.phases, "phase", "", "phases, comma-separated")
	fs.StringVar(&f.frontier, "frontier", "", "FROM:TO:STEP")
	fs.StringVar(&f.format, "format", "text", "text or json")
	if status, done := parseNoArgs(fs, selectUsage, args, stdout); done {
		return status
	}
	if err := checkFormat(f.format, "text", "json"); err != nil {
		return fail(stderr, "select", err)
	}
	if f.budget == "" {
		return fail(stderr, "select", errors.New("no budget: give --budget MONEY, e.g. \"5000000 USD\""))
	}
	budget, err := pmo.ParseMoney(f.budget)
	if err != nil {
		return fail(stderr, "select", fmt.Errorf("invalid --budget %q (want an amount and a currency, e.g. \"5000000 USD\")", f.budget))
	}
	var frontier []pmo.Money // from, to, step
	if f.frontier != "" {
		if frontier, err = parseFrontier(f.frontier, budget.Currency); err != nil {
			return fail(stderr, "select", err)
		}
	}
	pf, err := readPortfolio(f.portfolio)
	if err != nil {
		return fail(stderr, "select", err)
	}
	keep, err := phaseFilter(pf, splitList(f.phases))
	if err != nil {
		return fail(stderr, "select", err)
	}
	pool, err := selectionPool(pf, keep, budget.Currency, f.value)
	if err != nil {
		return fail(stderr, "select", err)
	}
	opts := prioritize.SelectOptions{Budget: budget, Mandatory: splitList(f.mandatory), Excluded: splitList(f.exclude)}
	ctx := context.Background()

	if frontier != nil {
		points, err := prioritize.Frontier(ctx, pool.candidates, opts, frontier[0], frontier[1], frontier[2])
		limited := errors.Is(err, prioritize.ErrSearchLimit)
		if err != nil && !limited {
			return fail(stderr, "select", err)
		}
		if f.format == "json" {
			if err := writeFrontierJSON(stdout, pf, pool, f.value, points); err != nil {
				return fail(stderr, "select", err)
			}
		} else {
			writeFrontierText(stdout, pf, pool, f.value, points)
		}
		if limited {
			fmt.Fprintf(stderr, "pmokit select: %v; the frontier stops there\n", err)
			return exitBlocked
		}
		return exitOK
	}

	sel, err := prioritize.Select(ctx, pool.candidates, opts)
	limited := errors.Is(err, prioritize.ErrSearchLimit) && sel != nil
	if err != nil && !limited {
		return fail(stderr, "select", err)
	}
	if f.format == "json" {
		err = writeSelectionJSON(stdout, pf, pool, f.value, budget, opts, sel)
	} else {
		writeSelectionText(stdout, pf, pool, f.value, budget, opts, sel)
	}
	if err != nil {
		return fail(stderr, "select", err)
	}
	if limited {
		fmt.Fprintf(stderr, "pmokit select: %v; the selection printed may not be optimal\n", prioritize.ErrSearchLimit)
		return exitBlocked
	}
	return exitOK
}

// pool is the candidates of a selection and the projects left out.
type pool struct {
	candidates []prioritize.Candidate
	projects   map[string]*pmo.Project
	left       []string // "P-3 (budget in EUR)", in portfolio order
}

// selectionPool turns the projects that keep accepts and whose approved
// budget is in the currency into candidates: value from --value, cost from
// the approved budget, requirements from dependencies on other candidates.
func selectionPool(pf *pmo.Portfolio, keep func(*pmo.Project) bool, currency, value string) (*pool, error) {
	p := &pool{projects: make(map[string]*pmo.Project)}
	for i := range pf.Projects {
		pr := &pf.Projects[i]
		if !keep(pr) {
			continue
		}
		switch approved := pr.Budget.Approved; {
		case approved.IsZero():
			p.left = append(p.left, pr.ID+" (no approved budget)")
		case approved.Currency != currency:
			p.left = append(p.left, fmt.Sprintf("%s (budget in %s)", pr.ID, approved.Currency))
		default:
			p.projects[pr.ID] = pr
		}
	}
	if len(p.projects) == 0 {
		return nil, fmt.Errorf("no candidates: no project has an approved budget in %s", currency)
	}
	candidate := func(pr *pmo.Project) bool { return p.projects[pr.ID] == pr }
	opts := prioritize.CandidateOptions{Dependencies: true, Projects: candidate}
	switch name, isScore := strings.CutPrefix(value, "score:"); {
	case value == "wsjf":
		items, err := prioritize.WSJFFromPortfolio(pf, prioritize.WithProjects(candidate))
		if err != nil {
			return nil, err
		}
		if opts.Ranking, err = prioritize.WSJF(items); err != nil {
			return nil, err
		}
	case isScore && name != "":
		opts.ValueScore = name
	default:
		return nil, fmt.Errorf("invalid --value %q (want wsjf or score:NAME)", value)
	}
	var err error
	p.candidates, err = prioritize.CandidatesFromPortfolio(pf, opts)
	return p, err
}

// parseFrontier parses FROM:TO:STEP into three amounts in the currency.
func parseFrontier(s, currency string) ([]pmo.Money, error) {
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		return nil, fmt.Errorf("invalid --frontier %q (want FROM:TO:STEP, e.g. 2000000:9000000:1000000)", s)
	}
	out := make([]pmo.Money, 3)
	for i, part := range parts {
		m, err := pmo.ParseMoney(part + " " + currency)
		if err != nil {
			return nil, fmt.Errorf("invalid --frontier %q: %q is not an amount", s, part)
		}
		out[i] = m
	}
	return out, nil
}

// valueName describes --value in the output.
func valueName(value string) string {
	if value == "wsjf" {
		return "WSJF score"
	}
	return "score " + strings.TrimPrefix(value, "score:")
}

func writeSelectionText(w io.Writer, pf *pmo.Portfolio, p *pool, value string, budget pmo.Money, opts prioritize.SelectOptions, sel *prioritize.Selection) {
	fmt.Fprintf(w, "Selection from %s within %s, maximizing the total %s\n", pf.ID, budget, valueName(value))
	if len(opts.Mandatory) > 0 {
		fmt.Fprintf(w, "mandatory: %s\n", strings.Join(opts.Mandatory, " "))
	}
	if len(opts.Excluded) > 0 {
		fmt.Fprintf(w, "excluded: %s\n", strings.Join(opts.Excluded, " "))
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "project\tvalue\tcost\trequires\tname")
	for _, c := range p.candidates {
		if !slices.Contains(sel.IDs, c.ID) {
			continue
		}
		fmt.Fprintf(tw, "%s\t%.3f\t%s\t%s\t%s\n", c.ID, c.Value, c.Cost, dash(strings.Join(c.Requires, " ")), p.projects[c.ID].Name)
	}
	tw.Flush()
	fmt.Fprintf(w, "\n%s, total value %.3f, cost %s, remaining %s\n", plural(len(sel.IDs), "project"), sel.Value, sel.Cost, sel.Remaining)
	var out []string
	for _, c := range p.candidates {
		if !slices.Contains(sel.IDs, c.ID) {
			out = append(out, c.ID)
		}
	}
	fmt.Fprintf(w, "not selected: %s\n", dash(strings.Join(out, " ")))
	if len(p.left) > 0 {
		fmt.Fprintf(w, "not candidates: %s\n", strings.Join(p.left, ", "))
	}
}

func writeFrontierText(w io.Writer, pf *pmo.Portfolio, p *pool, value string, points []prioritize.FrontierPoint) {
	fmt.Fprintf(w, "Efficient frontier of %s: the best total %s at each budget", pf.ID, valueName(value))
	if len(points) > 0 {
		fmt.Fprintf(w, " (%s)", points[0].Budget.Currency)
	}
	fmt.Fprint(w, "\n\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "budget\tvalue\tgain\tcost\t  projects")
	previous := 0.0
	for _, pt := range points {
		if !pt.Feasible {
			// The reason reads "prioritize: infeasible: ...": the verb's
			// output drops the package name.
			fmt.Fprintf(tw, "%s\t-\t-\t-\t  %s\n", pt.Budget.Amount, cmp.Or(strings.TrimPrefix(pt.Reason, "prioritize: "), "infeasible"))
			continue
		}
		fmt.Fprintf(tw, "%s\t%.3f\t%+.3f\t%s\t  %s\n", pt.Budget.Amount, pt.Value, pt.Value-previous, pt.Cost.Amount, strings.Join(pt.IDs, " "))
		previous = pt.Value
	}
	tw.Flush()
	if len(p.left) > 0 {
		fmt.Fprintf(w, "\nnot candidates: %s\n", strings.Join(p.left, ", "))
	}
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// jsonSelection is the JSON output of select (without --frontier). Its
// field names are part of the command's interface: add fields, never rename
// them.
type jsonSelection struct {
	Command       string   `json:"command"`
	Portfolio     string   `json:"portfolio"`
	Value         string   `json:"value"`
	Budget        string   `json:"budget"`
	Mandatory     []string `json:"mandatory"`
	Excluded      []string `json:"excluded"`
	Selected      []string `json:"selected"`
	TotalValue    float64  `json:"total_value"`
	TotalCost     string   `json:"total_cost"`
	Remaining     string   `json:"remaining"`
	NotSelected   []string `json:"not_selected"`
	NotCandidates []string `json:"not_candidates"`
}

func writeSelectionJSON(w io.Writer, pf *pmo.Portfolio, p *pool, value string, budget pmo.Money, opts prioritize.SelectOptions, sel *prioritize.Selection) error {
	out := jsonSelection{
		Command: "select", Portfolio: pf.ID, Value: value, Budget: budget.String(),
		Mandatory: nonNil(opts.Mandatory), Excluded: nonNil(opts.Excluded), Selected: nonNil(sel.IDs),
		TotalValue: sel.Value, TotalCost: sel.Cost.String(), Remaining: sel.Remaining.String(),
		NotSelected: []string{}, NotCandidates: nonNil(p.left),
	}
	for _, c := range p.candidates {
		if !slices.Contains(sel.IDs, c.ID) {
			out.NotSelected = append(out.NotSelected, c.ID)
		}
	}
	return encodeJSON(w, out)
}

// jsonFrontier is the JSON output of select --frontier.
type jsonFrontier struct {
	Command       string              `json:"command"`
	Portfolio     string              `json:"portfolio"`
	Value         string              `json:"value"`
	Frontier      []jsonFrontierPoint `json:"frontier"`
	NotCandidates []string            `json:"not_candidates"`
}

type jsonFrontierPoint struct {
	Budget     string   `json:"budget"`
	Feasible   bool     `json:"feasible"`
	Selected   []string `json:"selected"`
	TotalValue float64  `json:"total_value"`
	TotalCost  string   `json:"total_cost"`
	// Reason says which constraint fails at an infeasible budget.
	Reason string `json:"reason,omitempty"`
}

func writeFrontierJSON(w io.Writer, pf *pmo.Portfolio, p *pool, value string, points []prioritize.FrontierPoint) error {
	out := jsonFrontier{Command: "select", Portfolio: pf.ID, Value: value, Frontier: []jsonFrontierPoint{}, NotCandidates: nonNil(p.left)}
	for _, pt := range points {
		out.Frontier = append(out.Frontier, jsonFrontierPoint{
			Budget: pt.Budget.String(), Feasible: pt.Feasible, Selected: nonNil(pt.IDs),
			TotalValue: pt.Value, TotalCost: pt.Cost.String(), Reason: pt.Reason,
		})
	}
	return encodeJSON(w, out)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
