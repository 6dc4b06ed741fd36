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

var selectUsage = `usage: pmokit select --portfolio FILE --budget MONEY [--value score:NAME|attribute:NAME|wsjf] [--cost remaining|approved|forecast|forecast_remaining] [--mandatory IDS] [--exclude IDS] [--frontier FROM:TO:STEP] [--format text|json] [--max-input SIZE]

Chooses the projects that maximize total value within a budget: an exact
optimum (branch and bound), with mandatory and excluded projects, and each
project's dependencies on other candidates respected (choosing a project
chooses the projects it depends on). With --frontier it prints the efficient
frontier instead: the best selection at each budget from FROM to TO.

Candidates: the projects still to decide on, those before the closing phase
(closing and later projects are finishing or done: funding them decides
nothing), or the projects in --phase when given, whose approved budget is in
the budget's currency. The others are listed as not candidates, and a
dependency on one of them is taken as met.

Value (--value): the selection maximizes the sum of the candidates' values,
so the value must be a measure that adds up across projects. The default is
score:business_value, the business value score; attribute:NAME reads a
numeric attribute (an NPV, say). WSJF is a ratio (cost of delay divided by
job size) that sequences work; its sum over a portfolio means nothing, so it
is used only when named: --value wsjf.

Cost (--cost): the money a candidate takes from the budget. The default,
remaining, is the money still to spend: for a project under way (it has an
actual cost), EAC − AC from its earned value, or forecast − actual without
one; for a project not yet under way, its approved budget. Money already
spent cannot be saved by not funding a project, so counting it again would
favour new projects over ones nearly done. approved and forecast take those
budget figures whole; forecast_remaining is forecast − actual.

flags:
  --portfolio FILE          the portfolio (YAML or JSON)
` + maxInputLines(28) + `  --budget MONEY            the money available, e.g. "5000000 USD"
  --value VALUE             score:NAME (default score:business_value),
                            attribute:NAME, or wsjf
  --cost BASIS              remaining (default), approved, forecast or
                            forecast_remaining
  --mandatory IDS           projects that must be chosen (comma-separated)
  --exclude IDS             projects that must not be chosen (comma-separated)
  --phase LIST              candidates only from these phases (comma-separated;
                            default: every phase before closing)
  --frontier FROM:TO:STEP   budgets from FROM to TO by STEP, in the budget's
                            currency, e.g. 2000000:9000000:1000000
  --format FORMAT           text (default) or json

exit status: 0 selected, 1 the search stopped at its node limit (the best
selection found is printed), 2 bad input or constraints no selection meets.
`

// selectFlags are the parsed flags of select.
type selectFlags struct {
	portfolio, budget, value, cost, mandatory, exclude, phases, frontier, format string
}

func runSelect(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("select", selectUsage, stderr)
	limit := registerMaxInput(fs)
	var f selectFlags
	fs.StringVar(&f.portfolio, "portfolio", "", "portfolio `FILE`")
	fs.StringVar(&f.budget, "budget", "", "budget `MONEY`")
	fs.StringVar(&f.value, "value", "score:business_value", "score:NAME, attribute:NAME or wsjf")
	fs.StringVar(&f.cost, "cost", "remaining", "remaining, approved, forecast or forecast_remaining")
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
	pf, err := readPortfolio(f.portfolio, limit)
	if err != nil {
		return fail(stderr, "select", err)
	}
	var basis prioritize.CostBasis
	if err := basis.UnmarshalText([]byte(f.cost)); err != nil || f.cost == "" {
		return fail(stderr, "select", fmt.Errorf("invalid --cost %q (want remaining, approved, forecast or forecast_remaining)", f.cost))
	}
	keep, err := candidatePhases(pf, splitList(f.phases))
	if err != nil {
		return fail(stderr, "select", err)
	}
	pool, err := selectionPool(pf, keep, budget.Currency, f.value, basis)
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
	basis      prioritize.CostBasis
}

// phaseKeep is a project filter and a word for what it leaves out.
type phaseKeep struct {
	keep func(*pmo.Project) bool
	why  func(*pmo.Project) string // why a project is left out
}

// candidatePhases keeps the projects in the phases given, or, with none,
// the projects before closing (prioritize.BeforeClosing).
func candidatePhases(pf *pmo.Portfolio, phases []string) (phaseKeep, error) {
	if len(phases) > 0 {
		keep, err := phaseFilter(pf, phases)
		return phaseKeep{keep: keep, why: func(p *pmo.Project) string { return "phase " + p.Phase + " not in --phase" }}, err
	}
	return phaseKeep{keep: prioritize.BeforeClosing(pf), why: func(p *pmo.Project) string { return p.Phase }}, nil
}

// selectionPool turns the projects that keep accepts and whose approved
// budget is in the currency into candidates: value from --value, cost on
// the basis, requirements from dependencies on other candidates.
func selectionPool(pf *pmo.Portfolio, keep phaseKeep, currency, value string, basis prioritize.CostBasis) (*pool, error) {
	p := &pool{projects: make(map[string]*pmo.Project), basis: basis}
	for i := range pf.Projects {
		pr := &pf.Projects[i]
		if !keep.keep(pr) {
			p.left = append(p.left, fmt.Sprintf("%s (%s)", pr.ID, keep.why(pr)))
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
		return nil, fmt.Errorf("no candidates: no project before closing (or in --phase) has an approved budget in %s", currency)
	}
	candidate := func(pr *pmo.Project) bool { return p.projects[pr.ID] == pr }
	opts := prioritize.CandidateOptions{Dependencies: true, Projects: candidate, Cost: basis}
	name, isScore := strings.CutPrefix(value, "score:")
	attr, isAttr := strings.CutPrefix(value, "attribute:")
	switch {
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
	case isAttr && attr != "":
		opts.ValueField = "attributes." + attr
	default:
		return nil, fmt.Errorf("invalid --value %q (want score:NAME, attribute:NAME or wsjf)", value)
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
	if a, ok := strings.CutPrefix(value, "attribute:"); ok {
		return "attribute " + a
	}
	return "score " + strings.TrimPrefix(value, "score:")
}

// costName describes a cost basis in the output.
func costName(b prioritize.CostBasis) string {
	switch b {
	case prioritize.CostRemaining:
		return "remaining (EAC − AC, or forecast − actual, for projects under way; approved budget otherwise)"
	case prioritize.CostForecast:
		return "forecast budget"
	case prioritize.CostForecastRemaining:
		return "forecast − actual"
	}
	return "approved budget"
}

func writeSelectionText(w io.Writer, pf *pmo.Portfolio, p *pool, value string, budget pmo.Money, opts prioritize.SelectOptions, sel *prioritize.Selection) {
	fmt.Fprintf(w, "Selection from %s within %s, maximizing the total %s\n", pf.ID, humanMoney(budget), valueName(value))
	fmt.Fprintf(w, "cost: %s\n", costName(p.basis))
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
		fmt.Fprintf(tw, "%s\t%.3f\t%s\t%s\t%s\n", c.ID, c.Value, humanMoney(c.Cost), dash(strings.Join(c.Requires, " ")), p.projects[c.ID].Name)
	}
	tw.Flush()
	fmt.Fprintf(w, "\n%s, total value %.3f, cost %s, budget left %s\n", plural(len(sel.IDs), "project"), sel.Value, humanMoney(sel.Cost), humanMoney(sel.Remaining))
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
	fmt.Fprintf(w, "\ncost: %s\n\n", costName(p.basis))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "budget\tvalue\tgain\tcost\t  projects")
	previous := 0.0
	for _, pt := range points {
		if !pt.Feasible {
			// The reason reads "prioritize: infeasible: ...": the verb's
			// output drops the package name.
			fmt.Fprintf(tw, "%s\t-\t-\t-\t  %s\n", groupThousands(pt.Budget.Amount.String()), cmp.Or(strings.TrimPrefix(pt.Reason, "prioritize: "), "infeasible"))
			continue
		}
		fmt.Fprintf(tw, "%s\t%.3f\t%+.3f\t%s\t  %s\n", groupThousands(pt.Budget.Amount.String()), pt.Value, pt.Value-previous, groupThousands(pt.Cost.Amount.String()), strings.Join(pt.IDs, " "))
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
	Cost          string   `json:"cost"` // the cost basis: remaining, approved, forecast or forecast_remaining
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
		Command: "select", Portfolio: pf.ID, Value: value, Cost: p.basis.String(), Budget: budget.String(),
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
	Cost          string              `json:"cost"` // the cost basis
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
	out := jsonFrontier{Command: "select", Portfolio: pf.ID, Value: value, Cost: p.basis.String(), Frontier: []jsonFrontierPoint{}, NotCandidates: nonNil(p.left)}
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
