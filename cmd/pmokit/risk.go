package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/pmokit/pmokit/pmo"
	"github.com/pmokit/pmokit/risk"
)

const riskUsage = `usage: pmokit risk --portfolio FILE [--matrix 5x5|3x3|pmbok|FILE] [--format text|svg|json] [--simulate TRIALS [--seed N]]

Reports on the risk register of a portfolio: the heat map (risks per cell of
the risk matrix), exposure (probability × cost impact, and days of schedule)
in total, by category and by project, the top risks, and the check of the
matrix against Cox's axioms ("What's wrong with risk matrices?", 2008), which
tells whether the matrix can rank risks in the wrong order. With --simulate,
a Monte Carlo simulation of the total cost impact per currency and of the
schedule impact gives P50, P80 and P90 and the contingency each implies over
the expected value. Closed risks are left out.

flags:
  --portfolio FILE     the portfolio (YAML or JSON)
  --matrix MATRIX      5x5 (default), 3x3, pmbok, or a matrix definition FILE
                       (YAML or JSON: likelihood, impact, ratings, cells;
                       its JSON Schema is schemas/matrix.schema.json)
  --residual           rate risks after their response (residual), not before
  --top N              how many top risks to list (default 5; 0 for all)
  --simulate TRIALS    run a Monte Carlo simulation of TRIALS trials
  --seed N             the simulation's seed (default 1); the same seed gives
                       the same figures
  --format FORMAT      text (default), svg (the heat map as an SVG document)
                       or json

exit status: 0 reported, 2 bad input.
`

// riskFlags are the parsed flags of risk.
type riskFlags struct {
	portfolio, matrix, format string
	residual                  bool
	top, trials               int
	seed                      uint64
}

func runRisk(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("risk", riskUsage, stderr)
	var f riskFlags
	fs.StringVar(&f.portfolio, "portfolio", "", "portfolio `FILE`")
	fs.StringVar(&f.matrix, "matrix", "5x5", "5x5, 3x3, pmbok or FILE")
	fs.StringVar(&f.format, "format", "text", "text, svg or json")
	fs.BoolVar(&f.residual, "residual", false, "residual basis")
	fs.IntVar(&f.top, "top", 5, "top N risks")
	fs.IntVar(&f.trials, "simulate", 0, "Monte Carlo `TRIALS`")
	fs.Uint64Var(&f.seed, "seed", 1, "simulation seed")
	if status, done := parseNoArgs(fs, riskUsage, args, stdout); done {
		return status
	}
	if err := checkFormat(f.format, "text", "svg", "json"); err != nil {
		return fail(stderr, "risk", err)
	}
	switch {
	case f.top < 0:
		return fail(stderr, "risk", fmt.Errorf("invalid --top %d (want a number >= 0)", f.top))
	case f.trials < 0 || f.trials > risk.MaxTrials:
		return fail(stderr, "risk", fmt.Errorf("invalid --simulate %d (want 1..%d trials)", f.trials, risk.MaxTrials))
	case f.trials > 0 && f.format == "svg":
		return fail(stderr, "risk", errors.New("--simulate applies to text and json, not svg"))
	case f.format == "svg" && flagSet(fs, "top"):
		return fail(stderr, "risk", errors.New("--top applies to text and json, not svg"))
	case f.trials == 0 && flagSet(fs, "seed"):
		return fail(stderr, "risk", errors.New("--seed applies only with --simulate TRIALS"))
	}
	in := newInputs()
	m, err := loadMatrix(in, f.matrix)
	if err != nil {
		return fail(stderr, "risk", err)
	}
	pf, err := in.readPortfolio("--portfolio", f.portfolio)
	if err != nil {
		return fail(stderr, "risk", err)
	}
	filter := risk.Filter{}
	if f.residual {
		filter.Basis = risk.Residual
	}
	reg, err := risk.Rollup(pf, m, filter)
	if err != nil {
		return fail(stderr, "risk", err)
	}
	title := fmt.Sprintf("%s: %s risks on the %s matrix", pf.Name, basisName(f.residual), m.Name())
	if f.format == "svg" {
		if err := reg.HeatMap(title).WriteSVG(stdout); err != nil {
			return fail(stderr, "risk", err)
		}
		return exitOK
	}
	var sims []simulation
	if f.trials > 0 {
		if sims, err = simulate(reg, f.trials, f.seed); err != nil {
			return fail(stderr, "risk", err)
		}
	}
	rep := riskReport{pf: pf, reg: reg, title: title, residual: f.residual, top: f.top, trials: f.trials, seed: f.seed, sims: sims}
	if f.format == "json" {
		err = rep.writeJSON(stdout)
	} else {
		err = rep.writeText(stdout)
	}
	if err != nil {
		return fail(stderr, "risk", err)
	}
	return exitOK
}

// flagSet reports whether the flag name was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// loadMatrix returns a preset by name or reads a matrix definition file.
func loadMatrix(in *inputs, name string) (*risk.Matrix, error) {
	switch strings.ToLower(name) {
	case "5x5", "":
		return risk.Preset5x5(), nil
	case "3x3":
		return risk.Preset3x3(), nil
	case "pmbok":
		return risk.PresetPMBOK(), nil
	}
	var (
		data []byte
		err  error
	)
	if isStdin(name) {
		data, name, err = in.readAll("--matrix", name, maxStdinMatrix)
	} else {
		data, err = os.ReadFile(name)
	}
	if err != nil {
		return nil, fmt.Errorf("--matrix: %w (want 5x5, 3x3, pmbok or a matrix file)", err)
	}
	m, err := risk.ParseMatrix(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return m, nil
}

func basisName(residual bool) string {
	if residual {
		return "residual"
	}
	return "inherent"
}

// simulation is one Monte Carlo run: the cost of the risks in one currency,
// or (currency "") the schedule of every risk.
type simulation struct {
	currency string
	risks    int
	sim      *risk.Simulation
}

// simulate runs one simulation per currency of cost impact, and one of the
// schedule impact of every risk (costs left out, so that currencies never
// mix). Each run uses the same seed.
func simulate(reg *risk.Register, trials int, seed uint64) ([]simulation, error) {
	byCurrency := map[string][]pmo.Risk{}
	var all []pmo.Risk
	for _, e := range reg.Entries() {
		r := e.Risk
		if cur := riskCurrency(r); cur != "" {
			byCurrency[cur] = append(byCurrency[cur], r)
		}
		r.CostImpact, r.CostRange = pmo.Money{}, nil
		all = append(all, r)
	}
	opts := risk.SimOptions{Trials: trials, Seed: seed}
	var out []simulation
	ctx := context.Background()
	for _, cur := range slices.Sorted(maps.Keys(byCurrency)) {
		s, err := risk.Simulate(ctx, byCurrency[cur], opts)
		if err != nil {
			return nil, err
		}
		out = append(out, simulation{currency: cur, risks: len(byCurrency[cur]), sim: s})
	}
	if len(all) > 0 {
		s, err := risk.Simulate(ctx, all, opts)
		if err != nil {
			return nil, err
		}
		out = append(out, simulation{risks: len(all), sim: s})
	}
	return out, nil
}

// riskCurrency is the currency of a risk's cost impact or range, "" when it
// has none.
func riskCurrency(r pmo.Risk) string {
	if !r.CostImpact.IsZero() {
		return r.CostImpact.Currency
	}
	if r.CostRange != nil {
		return cmp.Or(r.CostRange.Min.Currency, r.CostRange.Max.Currency)
	}
	return ""
}

// riskReport is everything the text and JSON outputs show.
type riskReport struct {
	pf       *pmo.Portfolio
	reg      *risk.Register
	title    string
	residual bool
	top      int
	trials   int
	seed     uint64
	sims     []simulation
}

// quantile is a confidence level the simulation reports.
type quantile struct {
	name string
	p    float64
}

// quantiles returns the confidence levels the simulation reports.
func quantiles() []quantile { return []quantile{{"P50", 0.5}, {"P80", 0.8}, {"P90", 0.9}} }

func (r riskReport) writeText(w io.Writer) error {
	entries := r.reg.Entries()
	fmt.Fprintf(w, "Risk register of %s on the %s matrix: %s (%s)\n\n", r.pf.ID, r.reg.Matrix().Name(), plural(len(entries), "risk"), basisName(r.residual))
	if err := r.reg.HeatMap(r.title).WriteText(w); err != nil {
		return err
	}

	fmt.Fprintln(w, "\nExposure (probability × cost impact; schedule in days)")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  \trisks\tthreats\tdays\topportunities\tdays")
	writeExposure(tw, "total", r.reg.Total())
	for _, e := range r.reg.ByCategory() {
		writeExposure(tw, "category "+cmp.Or(e.Key, "(none)"), e)
	}
	for _, e := range r.reg.ByProject() {
		writeExposure(tw, "project "+e.Key, e)
	}
	tw.Flush()

	top := r.reg.Top(r.top)
	if len(top) == 0 {
		fmt.Fprintln(w, "\nTop risks: none")
	} else {
		fmt.Fprintf(w, "\nTop %s\n", plural(len(top), "risk"))
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if len(top) > 0 {
		fmt.Fprintln(tw, "  rating\tscore\tproject\trisk\tprobability\tcell\texposure\ttitle")
	}
	for _, e := range top {
		a := e.Assessment
		fmt.Fprintf(tw, "  %s\t%g\t%s\t%s\t%g\t%s\t%s\t%s\n", a.Rating.Name, a.Score, e.ProjectID, e.Risk.ID, a.Probability,
			cellName(r.reg.Matrix(), a.Cell), dash(a.Exposure.String()), e.Risk.Title)
	}
	tw.Flush()

	vs := r.reg.Matrix().CheckCox()
	if len(vs) == 0 {
		fmt.Fprintln(w, "\nMatrix check (Cox 2008): consistent: weak consistency, betweenness and consistent coloring hold")
	} else {
		fmt.Fprintf(w, "\nMatrix check (Cox 2008): %s; the matrix can rank risks wrongly\n", plural(len(vs), "violation"))
		for _, v := range vs {
			fmt.Fprintf(w, "  %s\n", v)
		}
	}

	if r.trials > 0 && len(r.sims) == 0 {
		fmt.Fprintf(w, "\nMonte Carlo simulation: %d trials, seed %d: no open risks to simulate\n", r.trials, r.seed)
	}
	if len(r.sims) > 0 {
		fmt.Fprintf(w, "\nMonte Carlo simulation: %d trials, seed %d, triangular impacts\n", r.trials, r.seed)
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprint(tw, "  \trisks\tmean")
		for _, q := range quantiles() {
			fmt.Fprintf(tw, "\t%s", q.name)
		}
		for _, q := range quantiles()[1:] {
			fmt.Fprintf(tw, "\tcontingency %s", q.name)
		}
		fmt.Fprintln(tw, "\t")
		for _, s := range r.sims {
			if s.currency != "" {
				fmt.Fprintf(tw, "  cost %s\t%d\t%s", s.currency, s.risks, s.sim.MeanCost().Amount.StringFixed(2))
				for _, q := range quantiles() {
					fmt.Fprintf(tw, "\t%s", s.sim.Cost(q.p).Amount.StringFixed(2))
				}
				for _, q := range quantiles()[1:] {
					fmt.Fprintf(tw, "\t%s", s.sim.Contingency(q.p).Amount.StringFixed(2))
				}
			} else {
				mean := s.sim.MeanSchedule()
				fmt.Fprintf(tw, "  schedule days\t%d\t%.1f", s.risks, mean)
				for _, q := range quantiles() {
					fmt.Fprintf(tw, "\t%.1f", s.sim.Schedule(q.p))
				}
				for _, q := range quantiles()[1:] {
					fmt.Fprintf(tw, "\t%.1f", s.sim.Schedule(q.p)-mean)
				}
			}
			fmt.Fprintln(tw, "\t")
		}
		tw.Flush()
		fmt.Fprintln(w, "  contingency Pn = Pn − mean: the reserve beyond the expected value that covers the risks with probability n%")
	}
	return nil
}

// writeExposure prints one exposure row.
func writeExposure(w io.Writer, label string, e risk.Exposure) {
	fmt.Fprintf(w, "  %s\t%d\t%s\t%.1f\t%s\t%.1f\n", label, e.Risks, amounts(e.Threat), e.ThreatDays, amounts(e.Opportunity), e.OpportunityDays)
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

// cellName names a cell by its levels, e.g. "likely/severe".
func cellName(m *risk.Matrix, c risk.Cell) string {
	l, i := m.Likelihood().Levels, m.Impact().Levels
	if c.Likelihood < 0 || c.Likelihood >= len(l) || c.Impact < 0 || c.Impact >= len(i) {
		return c.String()
	}
	return l[c.Likelihood].Name + "/" + i[c.Impact].Name
}

// jsonRisk is the JSON output of risk. Its field names are part of the
// command's interface: add fields, never rename them.
type jsonRisk struct {
	Command    string           `json:"command"`
	Portfolio  string           `json:"portfolio"`
	Matrix     string           `json:"matrix"`
	Basis      string           `json:"basis"`
	Risks      int              `json:"risks"`
	HeatMap    jsonHeatMap      `json:"heat_map"`
	Exposure   jsonExposures    `json:"exposure"`
	Top        []jsonTopRisk    `json:"top"`
	Cox        []string         `json:"cox_violations"`
	Simulation *jsonSimulations `json:"simulation,omitempty"`
}

type jsonHeatMap struct {
	Likelihood []string   `json:"likelihood"` // level names, lowest first
	Impact     []string   `json:"impact"`     // level names, lowest first
	Counts     [][]int    `json:"counts"`     // [likelihood][impact]
	Ratings    [][]string `json:"ratings"`    // [likelihood][impact]
}

type jsonExposures struct {
	Total      jsonExposure   `json:"total"`
	ByCategory []jsonExposure `json:"by_category"`
	ByProject  []jsonExposure `json:"by_project"`
}

type jsonExposure struct {
	Key             string   `json:"key,omitempty"`
	Risks           int      `json:"risks"`
	Threat          []string `json:"threat"`
	ThreatDays      float64  `json:"threat_days"`
	Opportunity     []string `json:"opportunity"`
	OpportunityDays float64  `json:"opportunity_days"`
}

type jsonTopRisk struct {
	Project     string  `json:"project"`
	Risk        string  `json:"risk"`
	Title       string  `json:"title"`
	Rating      string  `json:"rating"`
	Score       float64 `json:"score"`
	Probability float64 `json:"probability"`
	Likelihood  string  `json:"likelihood"`
	Impact      string  `json:"impact"`
	Exposure    string  `json:"exposure,omitempty"`
}

type jsonSimulations struct {
	Trials   int              `json:"trials"`
	Seed     uint64           `json:"seed"`
	Cost     []jsonCostSim    `json:"cost"`
	Schedule *jsonScheduleSim `json:"schedule,omitempty"`
}

type jsonCostSim struct {
	Currency    string            `json:"currency"`
	Risks       int               `json:"risks"`
	Mean        string            `json:"mean"`
	Quantiles   map[string]string `json:"quantiles"`
	Contingency map[string]string `json:"contingency"`
}

type jsonScheduleSim struct {
	Risks     int                `json:"risks"`
	Mean      float64            `json:"mean_days"`
	Quantiles map[string]float64 `json:"quantiles_days"`
}

func toJSONExposure(e risk.Exposure) jsonExposure {
	j := jsonExposure{Key: e.Key, Risks: e.Risks, Threat: []string{}, ThreatDays: e.ThreatDays, Opportunity: []string{}, OpportunityDays: e.OpportunityDays}
	for _, m := range e.Threat {
		j.Threat = append(j.Threat, m.String())
	}
	for _, m := range e.Opportunity {
		j.Opportunity = append(j.Opportunity, m.String())
	}
	return j
}

func (r riskReport) writeJSON(w io.Writer) error {
	m := r.reg.Matrix()
	out := jsonRisk{
		Command: "risk", Portfolio: r.pf.ID, Matrix: m.Name(), Basis: basisName(r.residual), Risks: len(r.reg.Entries()),
		Exposure: jsonExposures{Total: toJSONExposure(r.reg.Total()), ByCategory: []jsonExposure{}, ByProject: []jsonExposure{}},
		Top:      []jsonTopRisk{}, Cox: []string{},
	}
	for _, l := range m.Likelihood().Levels {
		out.HeatMap.Likelihood = append(out.HeatMap.Likelihood, l.Name)
	}
	for _, l := range m.Impact().Levels {
		out.HeatMap.Impact = append(out.HeatMap.Impact, l.Name)
	}
	out.HeatMap.Counts = r.reg.Counts()
	for l := range out.HeatMap.Likelihood {
		row := make([]string, len(out.HeatMap.Impact))
		for i := range row {
			rating, err := m.Rate(risk.Cell{Likelihood: l, Impact: i})
			if err != nil {
				return err
			}
			row[i] = rating.Name
		}
		out.HeatMap.Ratings = append(out.HeatMap.Ratings, row)
	}
	for _, e := range r.reg.ByCategory() {
		out.Exposure.ByCategory = append(out.Exposure.ByCategory, toJSONExposure(e))
	}
	for _, e := range r.reg.ByProject() {
		out.Exposure.ByProject = append(out.Exposure.ByProject, toJSONExposure(e))
	}
	for _, e := range r.reg.Top(r.top) {
		a := e.Assessment
		out.Top = append(out.Top, jsonTopRisk{
			Project: e.ProjectID, Risk: e.Risk.ID, Title: e.Risk.Title, Rating: a.Rating.Name, Score: a.Score,
			Probability: a.Probability, Likelihood: m.Likelihood().Levels[a.Cell.Likelihood].Name,
			Impact: m.Impact().Levels[a.Cell.Impact].Name, Exposure: a.Exposure.String(),
		})
	}
	for _, v := range m.CheckCox() {
		out.Cox = append(out.Cox, v.String())
	}
	if r.trials > 0 {
		js := &jsonSimulations{Trials: r.trials, Seed: r.seed, Cost: []jsonCostSim{}}
		for _, s := range r.sims {
			if s.currency == "" {
				sch := &jsonScheduleSim{Risks: s.risks, Mean: s.sim.MeanSchedule(), Quantiles: map[string]float64{}}
				for _, q := range quantiles() {
					sch.Quantiles[q.name] = s.sim.Schedule(q.p)
				}
				js.Schedule = sch
				continue
			}
			c := jsonCostSim{Currency: s.currency, Risks: s.risks, Mean: s.sim.MeanCost().String(), Quantiles: map[string]string{}, Contingency: map[string]string{}}
			for _, q := range quantiles() {
				c.Quantiles[q.name] = s.sim.Cost(q.p).String()
				c.Contingency[q.name] = s.sim.Contingency(q.p).String()
			}
			js.Cost = append(js.Cost, c)
		}
		out.Simulation = js
	}
	return encodeJSON(w, out)
}
