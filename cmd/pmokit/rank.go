package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/pmokit/pmokit/pmo"
	"github.com/pmokit/pmokit/prioritize"
)

var rankUsage = `usage: pmokit rank --portfolio FILE --method wsjf|rice|weighted|topsis [--criteria LIST] [--top N] [--sensitivity K] [--format text|json] [--max-input SIZE]

Ranks the projects of a portfolio, best first, and shows each criterion's
contribution to every score, so that a score explains itself.

Methods and where their values come from (a project's scores):
  wsjf      (business_value + time_criticality + risk_reduction) / job_size;
            the parts add up to the score, job_size divides
  rice      reach × impact × confidence / effort (confidence a fraction)
  weighted  weighted sum of the --criteria after normalization
  topsis    closeness to the ideal project over the --criteria (TOPSIS)

A criterion of --criteria names a score (strategic_fit reads
scores.strategic_fit), a numeric attribute (attributes.NAME), a budget or
earned-value amount (budget.approved, budget.forecast, budget.actual,
earned_value.bac|pv|ev|ac; one currency), or a count or duration
(duration_days, open_risks, open_issues, milestones, milestones_done,
changes, benefits).

flags:
  --portfolio FILE       the portfolio (YAML or JSON)
` + maxInputLines(25) + `  --method METHOD        wsjf, rice, weighted or topsis
  --criteria LIST        name:weight[:cost],... for weighted and topsis; cost
                         marks a criterion where lower is better
  --normalization NAME   min_max, vector, sum or none (default: min_max for
                         weighted, vector for topsis)
  --phase LIST           rank only the projects in these phases (comma-separated;
                         default: every phase before closing, since projects
                         in closing or later are finishing or done)
  --top N                show only the first N (default: all)
  --sensitivity K        for weighted and topsis: how far each weight may
                         move before the order of the top K changes
  --format FORMAT        text (default) or json

exit status: 0 ranked, 2 bad input (a missing value names its project).
`

// rankFlags are the parsed flags of rank.
type rankFlags struct {
	portfolio, method, criteria, normalization, phases, format string
	top, sensitivity                                           int
}

func runRank(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("rank", rankUsage, stderr)
	limit := registerMaxInput(fs)
	var f rankFlags
	fs.StringVar(&f.portfolio, "portfolio", "", "portfolio `FILE`")
	fs.StringVar(&f.method, "method", "", "wsjf, rice, weighted or topsis")
	fs.StringVar(&f.criteria, "criteria", "", "name:weight[:cost],...")
	fs.StringVar(&f.normalization, "normalization", "", "min_max, vector, sum or none")
	fs.StringVar(&f.phases, "phase", "", "phases, comma-separated")
	fs.IntVar(&f.top, "top", 0, "show the first N")
	fs.IntVar(&f.sensitivity, "sensitivity", 0, "weight sensitivity of the top `K`")
	fs.StringVar(&f.format, "format", "text", "text or json")
	if status, done := parseNoArgs(fs, rankUsage, args, stdout); done {
		return status
	}
	if err := checkFormat(f.format, "text", "json"); err != nil {
		return fail(stderr, "rank", err)
	}
	if f.top < 0 {
		return fail(stderr, "rank", fmt.Errorf("invalid --top %d (want a number >= 0)", f.top))
	}
	if f.sensitivity < 0 {
		return fail(stderr, "rank", fmt.Errorf("invalid --sensitivity %d (want a number >= 1)", f.sensitivity))
	}
	pf, err := readPortfolio(f.portfolio, limit)
	if err != nil {
		return fail(stderr, "rank", err)
	}
	keep, err := candidatePhases(pf, splitList(f.phases))
	if err != nil {
		return fail(stderr, "rank", err)
	}
	res, err := rankProjects(pf, keep.keep, f)
	if err == nil {
		for i := range pf.Projects {
			if p := &pf.Projects[i]; !keep.keep(p) {
				res.left = append(res.left, fmt.Sprintf("%s (%s)", p.ID, keep.why(p)))
			}
		}
	}
	if err != nil {
		return fail(stderr, "rank", err)
	}
	if f.format == "json" {
		if err := writeRankJSON(stdout, pf, res, f.top); err != nil {
			return fail(stderr, "rank", err)
		}
		return exitOK
	}
	writeRankText(stdout, pf, res, f.top)
	return exitOK
}

// rankResult is a ranking with what produced it.
type rankResult struct {
	method      string
	criteria    []prioritize.Criterion
	ranking     prioritize.Ranking
	names       map[string]string // project ID → name
	topK        int               // the k of the sensitivity analysis; 0 for none
	sensitivity []prioritize.WeightInterval
	left        []string // projects not ranked, "P-G (closing)", in portfolio order
}

// rankProjects ranks the projects that keep accepts by the chosen method.
func rankProjects(pf *pmo.Portfolio, keep func(*pmo.Project) bool, f rankFlags) (*rankResult, error) {
	res := &rankResult{method: f.method, names: make(map[string]string, len(pf.Projects))}
	n := 0
	for i := range pf.Projects {
		if keep(&pf.Projects[i]) {
			res.names[pf.Projects[i].ID] = pf.Projects[i].Name
			n++
		}
	}
	if n == 0 {
		return nil, errors.New("no projects to rank")
	}
	if f.criteria != "" && (f.method == "wsjf" || f.method == "rice") {
		return nil, fmt.Errorf("--criteria applies to weighted and topsis, not %s", f.method)
	}
	if f.normalization != "" && f.method != "weighted" && f.method != "topsis" {
		return nil, fmt.Errorf("--normalization applies to weighted and topsis, not %s", f.method)
	}
	if f.sensitivity > 0 && f.method != "weighted" && f.method != "topsis" {
		return nil, fmt.Errorf("--sensitivity applies to weighted and topsis, not %s", f.method)
	}
	only := prioritize.WithProjects(keep)
	switch f.method {
	case "wsjf":
		items, err := prioritize.WSJFFromPortfolio(pf, only)
		if err != nil {
			return nil, err
		}
		res.ranking, err = prioritize.WSJF(items)
		return res, err
	case "rice":
		items, err := prioritize.RICEFromPortfolio(pf, only)
		if err != nil {
			return nil, err
		}
		res.ranking, err = prioritize.RICE(items)
		return res, err
	case "weighted", "topsis":
		if f.criteria == "" {
			return nil, fmt.Errorf("--method %s needs --criteria name:weight[:cost],...", f.method)
		}
		var err error
		if res.criteria, err = parseCriteria(f.criteria); err != nil {
			return nil, err
		}
		var norm prioritize.Normalization
		if err := norm.UnmarshalText([]byte(f.normalization)); err != nil {
			return nil, fmt.Errorf("invalid --normalization %q (want min_max, vector, sum or none)", f.normalization)
		}
		table, err := prioritize.FromPortfolio(pf, res.criteria, only)
		if err != nil {
			return nil, err
		}
		method := prioritize.SensitivityWeightedSum
		if f.method == "weighted" {
			res.ranking, err = table.WeightedSum(norm)
		} else {
			res.ranking, err = table.TOPSIS(norm)
			method = prioritize.SensitivityTOPSIS
		}
		if err != nil || f.sensitivity == 0 {
			return res, err
		}
		res.topK = min(f.sensitivity, len(res.ranking))
		res.sensitivity, err = table.Sensitivity(context.Background(), prioritize.SensitivityOptions{Method: method, Normalization: norm, TopK: res.topK})
		return res, err
	case "":
		return nil, errors.New("no method: give --method wsjf, rice, weighted or topsis")
	}
	return nil, fmt.Errorf("invalid --method %q (want wsjf, rice, weighted or topsis)", f.method)
}

// parseCriteria parses name:weight[:cost],...
func parseCriteria(s string) ([]prioritize.Criterion, error) {
	var out []prioritize.Criterion
	for _, item := range strings.Split(s, ",") {
		parts := strings.Split(item, ":")
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		bad := fmt.Errorf("invalid --criteria item %q (want name:weight or name:weight:cost)", item)
		if len(parts) < 2 || len(parts) > 3 || parts[0] == "" {
			return nil, bad
		}
		w, err := strconv.ParseFloat(parts[1], 64)
		if err != nil || math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
			return nil, bad
		}
		c := prioritize.Criterion{Name: parts[0], Weight: w}
		if len(parts) == 3 {
			if parts[2] != "cost" {
				return nil, bad
			}
			c.Cost = true
		}
		out = append(out, c)
	}
	return out, nil
}

// methodTitle names a method in the text output.
func methodTitle(method string) string {
	switch method {
	case "wsjf":
		return "WSJF"
	case "rice":
		return "RICE"
	case "weighted":
		return "Weighted-sum"
	case "topsis":
		return "TOPSIS"
	}
	return method
}

// contributionCell is what the text output shows for one criterion of one
// item: the part of the score, except where the method uses the criterion
// otherwise (WSJF divides by job size; RICE multiplies raw factors).
func contributionCell(method string, c prioritize.Contribution) string {
	switch {
	case method == "wsjf" && c.Criterion == prioritize.ScoreJobSize,
		method == "rice":
		return strconv.FormatFloat(c.Value, 'g', -1, 64)
	}
	return strconv.FormatFloat(c.Weighted, 'f', 3, 64)
}

// rankLegend says how to read the columns of a method.
func rankLegend(method string) string {
	switch method {
	case "wsjf":
		return "score = business_value + time_criticality + risk_reduction, each divided by job_size"
	case "rice":
		return "score = reach × impact × confidence / effort (the factors as given)"
	case "weighted":
		return "score = the sum of the weighted normalized criteria shown"
	case "topsis":
		return "score = closeness D-/(D+ + D-); criteria shown as weighted normalized values"
	}
	return ""
}

func writeRankText(w io.Writer, pf *pmo.Portfolio, res *rankResult, top int) {
	shown := res.ranking
	if top > 0 {
		shown = shown.Top(top)
	}
	fmt.Fprintf(w, "%s ranking of %s (%d projects", methodTitle(res.method), pf.ID, len(res.ranking))
	if len(shown) < len(res.ranking) {
		fmt.Fprintf(w, ", top %d shown", len(shown))
	}
	fmt.Fprintf(w, ")\n%s\n\n", rankLegend(res.method))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "rank\tproject\tscore")
	if len(shown) > 0 {
		for _, c := range shown[0].Contributions() {
			fmt.Fprintf(tw, "\t%s", columnName(res, c.Criterion))
		}
	}
	fmt.Fprint(tw, "\tname\n")
	for _, item := range shown {
		fmt.Fprintf(tw, "%d\t%s\t%.3f", item.Rank, item.ID, item.Score)
		for _, c := range item.Contributions() {
			fmt.Fprintf(tw, "\t%s", contributionCell(res.method, c))
		}
		fmt.Fprintf(tw, "\t%s\n", res.names[item.ID])
	}
	tw.Flush()
	if len(res.left) > 0 {
		fmt.Fprintf(w, "\nnot ranked: %s\n", strings.Join(res.left, ", "))
	}
	if res.topK == 0 {
		return
	}
	fmt.Fprintf(w, "\nSensitivity: the range of each weight (normalized, the others keeping their\nproportions) over which the order of the top %d stays the same\n\n", res.topK)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "criterion\tweight\trange\tat the lower end\tat the upper end")
	for _, wi := range res.sensitivity {
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f .. %.3f\t%s\t%s\n", wi.Criterion, wi.Weight, wi.Lower, wi.Upper, swap(wi.LowerSwap), swap(wi.UpperSwap))
	}
	tw.Flush()
}

// swap describes two items whose order changes at a bound of a weight.
func swap(s [2]string) string {
	if s[0] == "" {
		return "-"
	}
	return s[1] + " passes " + s[0]
}

// columnName heads a criterion's column, marking cost criteria.
func columnName(res *rankResult, name string) string {
	for _, c := range res.criteria {
		if c.Name == name && c.Cost {
			return name + " (cost)"
		}
	}
	return name
}

// jsonRanking is the JSON output of rank. Its field names are part of the
// command's interface: add fields, never rename them.
type jsonRanking struct {
	Command   string          `json:"command"`
	Portfolio string          `json:"portfolio"`
	Method    string          `json:"method"`
	Criteria  []jsonCriterion `json:"criteria,omitempty"`
	Projects  int             `json:"projects"`
	Ranking   []jsonRanked    `json:"ranking"`
	// Sensitivity is present with --sensitivity K: per criterion, the
	// range of its normalized weight that keeps the top K order.
	Sensitivity *jsonSensitivity `json:"sensitivity,omitempty"`
	// NotRanked lists the projects left out, with why: "P-G (closing)".
	NotRanked []string `json:"not_ranked"`
}

type jsonSensitivity struct {
	TopK    int                         `json:"top_k"`
	Weights []prioritize.WeightInterval `json:"weights"`
}

type jsonCriterion struct {
	Name   string  `json:"name"`
	Weight float64 `json:"weight"`
	Cost   bool    `json:"cost"`
}

type jsonRanked struct {
	Rank          int                `json:"rank"`
	ID            string             `json:"id"`
	Name          string             `json:"name"`
	Score         float64            `json:"score"`
	Contributions []jsonContribution `json:"contributions"`
}

type jsonContribution struct {
	Criterion  string  `json:"criterion"`
	Value      float64 `json:"value"`
	Normalized float64 `json:"normalized"`
	Weighted   float64 `json:"weighted"`
}

func writeRankJSON(w io.Writer, pf *pmo.Portfolio, res *rankResult, top int) error {
	shown := res.ranking
	if top > 0 {
		shown = shown.Top(top)
	}
	out := jsonRanking{Command: "rank", Portfolio: pf.ID, Method: res.method, Projects: len(res.ranking), Ranking: make([]jsonRanked, 0, len(shown)), NotRanked: nonNil(res.left)}
	for _, c := range res.criteria {
		out.Criteria = append(out.Criteria, jsonCriterion{Name: c.Name, Weight: c.Weight, Cost: c.Cost})
	}
	if res.topK > 0 {
		out.Sensitivity = &jsonSensitivity{TopK: res.topK, Weights: res.sensitivity}
	}
	for _, item := range shown {
		r := jsonRanked{Rank: item.Rank, ID: item.ID, Name: res.names[item.ID], Score: item.Score}
		for _, c := range item.Contributions() {
			r.Contributions = append(r.Contributions, jsonContribution{Criterion: c.Criterion, Value: c.Value, Normalized: c.Normalized, Weighted: c.Weighted})
		}
		out.Ranking = append(out.Ranking, r)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// splitList splits a comma-separated flag value, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// phaseFilter returns a filter that keeps the projects in one of the
// phases, or every project when phases is empty. A phase outside the
// portfolio's lifecycle is an error.
func phaseFilter(pf *pmo.Portfolio, phases []string) (func(*pmo.Project) bool, error) {
	lifecycle := pf.Phases()
	for _, ph := range phases {
		if !lifecycle.Contains(ph) {
			return nil, fmt.Errorf("invalid --phase %q (want one of %s)", ph, strings.Join(lifecycle, ", "))
		}
	}
	return func(p *pmo.Project) bool { return len(phases) == 0 || slices.Contains(phases, p.Phase) }, nil
}
