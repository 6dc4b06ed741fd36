package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/pmokit/pmokit/pmo"
	"github.com/pmokit/pmokit/risk"
)

var riskUsage = `usage: pmokit risk --portfolio FILE [--matrix 5x5|3x3|pmbok|dod|FILE] [--order exposure|score] [--format text|svg|json] [--simulate TRIALS [--seed N]] [--max-input SIZE]

Reports on the risk register of a portfolio: the heat map (risks per cell of
the risk matrix, threats and opportunities on grids of their own), exposure
(probability × cost impact, and days of schedule) in total, by category and
by project, the top threats and the top opportunities, listed apart, and the
check of the matrix against Cox's axioms ("What's wrong with risk matrices?",
2008), which tells whether the matrix can rank risks in the wrong order. The
register holds the open and occurred risks; closed risks are left out.

Top lists are ordered by exposure (probability × cost impact), largest first,
then by score (the matrix cell's likelihood × impact score); --order score
puts the score first. Exposures in different currencies are never compared:
the largest of each currency comes first, then the second largest of each.

With --simulate, a Monte Carlo simulation gives the total cost impact per
currency, and the schedule impact per project (days of slip of projects that
run in parallel do not add up to a portfolio delay, so there is no portfolio
figure): the mean, P50, P80 and P90 and the contingency each implies over the
expected value.

flags:
  --portfolio FILE     the portfolio (YAML or JSON)
` + maxInputLines(23) + `  --matrix MATRIX      5x5 (default), 3x3, pmbok, dod, or a matrix definition FILE
                       (YAML or JSON: likelihood, impact, ratings, cells;
                       its JSON Schema is schemas/matrix.schema.json)
  --residual           rate risks after their response (residual), not before
  --top N              how many top threats and top opportunities to list
                       (default 5 of each; 0 for all)
  --order ORDER        exposure (default) or score: the order of the top lists
  --simulate TRIALS    run a Monte Carlo simulation of TRIALS trials
  --seed N             the simulation's seed (default 1); the same seed gives
                       the same figures
  --format FORMAT      text (default), svg (the heat map as an SVG document)
                       or json

exit status: 0 reported, 2 bad input.
`

// riskFlags are the parsed flags of risk.
type riskFlags struct {
	portfolio, matrix, format, order string
	residual                         bool
	top, trials                      int
	seed                             uint64
}

func runRisk(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("risk", riskUsage, stderr)
	limit := registerMaxInput(fs)
	var f riskFlags
	fs.StringVar(&f.portfolio, "portfolio", "", "portfolio `FILE`")
	fs.StringVar(&f.matrix, "matrix", "5x5", "5x5, 3x3, pmbok, dod or FILE")
	fs.StringVar(&f.format, "format", "text", "text, svg or json")
	fs.BoolVar(&f.residual, "residual", false, "residual basis")
	fs.IntVar(&f.top, "top", 5, "top N risks")
	fs.StringVar(&f.order, "order", "exposure", "exposure or score")
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
	case f.format == "svg" && flagSet(fs, "order"):
		return fail(stderr, "risk", errors.New("--order applies to text and json, not svg"))
	case f.trials == 0 && flagSet(fs, "seed"):
		return fail(stderr, "risk", errors.New("--seed applies only with --simulate TRIALS"))
	}
	var order risk.Order
	if err := order.UnmarshalText([]byte(f.order)); err != nil {
		return fail(stderr, "risk", fmt.Errorf("invalid --order %q (want exposure or score)", f.order))
	}
	in := newInputs(limit)
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
	var sim *risk.RegisterSimulation
	if f.trials > 0 {
		if sim, err = reg.Simulate(context.Background(), risk.SimOptions{Trials: f.trials, Seed: f.seed}); err != nil {
			return fail(stderr, "risk", err)
		}
	}
	rep := riskReport{pf: pf, reg: reg, title: title, residual: f.residual, top: f.top, order: order, trials: f.trials, seed: f.seed, sim: sim}
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
	case "dod":
		return risk.PresetDoD(), nil
	}
	r, src, closeFn, err := in.open("--matrix", name)
	if err != nil {
		return nil, fmt.Errorf("--matrix: %w (want 5x5, 3x3, pmbok, dod or a matrix file)", err)
	}
	defer closeFn()
	// ReadMatrix reads at most risk.MaxMatrixSize bytes, from a file or
	// from standard input.
	m, err := risk.ReadMatrix(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", src, err)
	}
	return m, nil
}

func basisName(residual bool) string {
	if residual {
		return "residual"
	}
	return "inherent"
}

// riskReport is everything the text and JSON outputs show.
type riskReport struct {
	pf       *pmo.Portfolio
	reg      *risk.Register
	title    string
	residual bool
	top      int
	order    risk.Order
	trials   int
	seed     uint64
	sim      *risk.RegisterSimulation // nil without --simulate
}

// quantile is a confidence level the simulation reports.
type quantile struct {
	name string
	p    float64
}

// quantiles returns the confidence levels the simulation reports.
func quantiles() []quantile { return []quantile{{"P50", 0.5}, {"P80", 0.8}, {"P90", 0.9}} }

func (r riskReport) writeText(w io.Writer) error {
	t := r.reg.Total()
	fmt.Fprintf(w, "Risk register of %s on the %s matrix: %s (%s)\n", r.pf.ID, r.reg.Matrix().Name(), plural(t.Risks, "risk"), basisName(r.residual))
	fmt.Fprintf(w, "%s and %s; %d open, %d occurred (closed risks are left out)\n\n", kinds(t.Threats, "threat"), kinds(t.Opportunities, "opportunity"), t.Open, t.Occurred)
	if err := r.reg.HeatMap(r.title).WriteText(w); err != nil {
		return err
	}

	fmt.Fprintln(w, "\nExposure (probability × cost impact; schedule in days)")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  \trisks\tthreats\tdays\topportunities\tdays")
	writeExposure(tw, "total", t)
	for _, e := range r.reg.ByCategory() {
		writeExposure(tw, "category "+cmp.Or(e.Key, "(none)"), e)
	}
	for _, e := range r.reg.ByProject() {
		writeExposure(tw, "project "+e.Key, e)
	}
	tw.Flush()

	for _, k := range []struct {
		kind pmo.RiskKind
		name string
	}{{pmo.Threat, "threat"}, {pmo.Opportunity, "opportunity"}} {
		top := r.reg.TopBy(r.top, risk.TopOptions{Kind: k.kind, Order: r.order})
		if len(top) == 0 {
			fmt.Fprintf(w, "\nTop %s: none\n", kinds(2, k.name)[2:])
			continue
		}
		fmt.Fprintf(w, "\nTop %s, by %s\n", kinds(len(top), k.name), orderName(r.order))
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  exposure\tscore\trating\tproject\trisk\tprobability\tcell\ttitle")
		for _, e := range top {
			a := e.Assessment
			fmt.Fprintf(tw, "  %s\t%g\t%s\t%s\t%s\t%g\t%s\t%s\n", dash(humanMoney(a.Exposure)), a.Score, a.Rating.Name, e.ProjectID, e.Risk.ID, a.Probability,
				cellName(r.reg.Matrix(), a.Cell)+drivenBy(a.Dimension), e.Risk.Title)
		}
		tw.Flush()
	}

	vs := r.reg.Matrix().CheckCox()
	if len(vs) == 0 {
		fmt.Fprintln(w, "\nMatrix check (Cox 2008): consistent: weak consistency, betweenness and consistent coloring hold")
	} else {
		fmt.Fprintf(w, "\nMatrix check (Cox 2008): %s; the matrix can rank risks wrongly\n", plural(len(vs), "violation"))
		for _, v := range vs {
			fmt.Fprintf(w, "  %s\n", v)
		}
	}

	if r.sim == nil {
		return nil
	}
	if len(r.sim.Cost) == 0 && len(r.sim.Schedule) == 0 {
		fmt.Fprintf(w, "\nMonte Carlo simulation: %d trials, seed %d: no open risks to simulate\n", r.trials, r.seed)
		return nil
	}
	fmt.Fprintf(w, "\nMonte Carlo simulation: %d trials, seed %d, triangular impacts\n", r.trials, r.seed)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	header := func(what string) {
		fmt.Fprintf(tw, "  %s\trisks\tmean", what)
		for _, q := range quantiles() {
			fmt.Fprintf(tw, "\t%s", q.name)
		}
		for _, q := range quantiles()[1:] {
			fmt.Fprintf(tw, "\tcontingency %s", q.name)
		}
		fmt.Fprintln(tw, "\t")
	}
	if len(r.sim.Cost) > 0 {
		header("cost, per currency")
	}
	for _, g := range r.sim.Cost {
		fmt.Fprintf(tw, "  %s\t%d\t%s", g.Key, g.Risks, humanAmount(g.MeanCost()))
		for _, q := range quantiles() {
			fmt.Fprintf(tw, "\t%s", humanAmount(g.Cost(q.p)))
		}
		for _, q := range quantiles()[1:] {
			fmt.Fprintf(tw, "\t%s", humanAmount(g.Contingency(q.p)))
		}
		fmt.Fprintln(tw, "\t")
	}
	if len(r.sim.Schedule) > 0 {
		if len(r.sim.Cost) > 0 {
			fmt.Fprintln(tw, "\t")
		}
		header("schedule days, per project")
	}
	for _, g := range r.sim.Schedule {
		mean := g.MeanSchedule()
		fmt.Fprintf(tw, "  %s\t%d\t%.1f", g.Key, g.Risks, mean)
		for _, q := range quantiles() {
			fmt.Fprintf(tw, "\t%.1f", g.Schedule(q.p))
		}
		for _, q := range quantiles()[1:] {
			fmt.Fprintf(tw, "\t%.1f", g.Schedule(q.p)-mean)
		}
		fmt.Fprintln(tw, "\t")
	}
	tw.Flush()
	fmt.Fprintln(w, "  contingency Pn = Pn − mean: the reserve beyond the expected value that covers the risks with probability n%")
	if len(r.sim.Schedule) > 0 {
		fmt.Fprintln(w, "  schedule days are per project: the projects run in parallel, so their days do not add up to a portfolio delay")
	}
	return nil
}

// kinds counts risks of a kind: "1 threat", "2 opportunities".
func kinds(n int, kind string) string {
	switch {
	case n == 1:
		return "1 " + kind
	case kind == "opportunity":
		return fmt.Sprintf("%d opportunities", n)
	}
	return fmt.Sprintf("%d %ss", n, kind)
}

// orderName describes a top list's order.
func orderName(o risk.Order) string {
	if o == risk.ByScore {
		return "score, then exposure"
	}
	return "exposure, then score"
}

// writeExposure prints one exposure row.
func writeExposure(w io.Writer, label string, e risk.Exposure) {
	fmt.Fprintf(w, "  %s\t%d\t%s\t%.1f\t%s\t%.1f\n", label, e.Risks, amounts(e.Threat), e.ThreatDays, amounts(e.Opportunity), e.OpportunityDays)
}

// amounts prints amounts in several currencies as "1,000 USD + 2 EUR".
func amounts(a risk.Amounts) string {
	if len(a) == 0 {
		return "-"
	}
	parts := make([]string, len(a))
	for i, m := range a {
		parts[i] = humanMoney(m)
	}
	return strings.Join(parts, " + ")
}

// humanMoney prints money for people: the amount with thousands separators
// and the currency, "1,234,567.5 USD"; the zero Money prints as "".
func humanMoney(m pmo.Money) string {
	if m.IsZero() {
		return ""
	}
	return groupThousands(m.Amount.String()) + " " + m.Currency
}

// humanAmount prints a simulated amount (2 decimal places) with thousands
// separators and without its currency, "1,234,567.50".
func humanAmount(m pmo.Money) string {
	return groupThousands(m.Amount.StringFixed(2))
}

// groupThousands puts a comma between each group of three digits of the
// integer part of a decimal number written in digits.
func groupThousands(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return sign + b.String()
}

// drivenBy names the consequence dimension that drove a risk's impact
// level, " (by cost)"; "" for a risk with the single impact.
func drivenBy(dimension string) string {
	if dimension == "" {
		return ""
	}
	return " (by " + dimension + ")"
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
	Command   string        `json:"command"`
	Portfolio string        `json:"portfolio"`
	Matrix    string        `json:"matrix"`
	Basis     string        `json:"basis"`
	Risks     int           `json:"risks"`
	HeatMap   jsonHeatMap   `json:"heat_map"`
	Exposure  jsonExposures `json:"exposure"`
	// Order is the order of the top lists: exposure or score.
	Order string `json:"order"`
	// Top lists threats and opportunities together; TopThreats and
	// TopOpportunities list each kind apart, as the text output does.
	Top              []jsonTopRisk    `json:"top"`
	TopThreats       []jsonTopRisk    `json:"top_threats"`
	TopOpportunities []jsonTopRisk    `json:"top_opportunities"`
	Cox              []string         `json:"cox_violations"`
	Simulation       *jsonSimulations `json:"simulation,omitempty"`
	// Drivers counts the risks each consequence dimension drove (risk.Register.Drivers),
	// present when some risk is rated per dimension.
	Drivers []risk.Driver `json:"drivers,omitempty"`
}

type jsonHeatMap struct {
	Likelihood []string `json:"likelihood"` // level names, lowest first
	Impact     []string `json:"impact"`     // level names, lowest first
	Counts     [][]int  `json:"counts"`     // [likelihood][impact], every risk
	// ThreatCounts and OpportunityCounts split Counts by kind.
	ThreatCounts      [][]int    `json:"threat_counts"`
	OpportunityCounts [][]int    `json:"opportunity_counts"`
	Ratings           [][]string `json:"ratings"` // [likelihood][impact]
}

type jsonExposures struct {
	Total      jsonExposure   `json:"total"`
	ByCategory []jsonExposure `json:"by_category"`
	ByProject  []jsonExposure `json:"by_project"`
}

type jsonExposure struct {
	Key             string   `json:"key,omitempty"`
	Risks           int      `json:"risks"`
	Threats         int      `json:"threats"`
	Opportunities   int      `json:"opportunities"`
	Open            int      `json:"open"`
	Occurred        int      `json:"occurred"`
	Threat          []string `json:"threat"`
	ThreatDays      float64  `json:"threat_days"`
	Opportunity     []string `json:"opportunity"`
	OpportunityDays float64  `json:"opportunity_days"`
}

type jsonTopRisk struct {
	Project     string  `json:"project"`
	Risk        string  `json:"risk"`
	Kind        string  `json:"kind"`
	Title       string  `json:"title"`
	Rating      string  `json:"rating"`
	Score       float64 `json:"score"`
	Probability float64 `json:"probability"`
	Likelihood  string  `json:"likelihood"`
	Impact      string  `json:"impact"`
	// Dimension is the consequence dimension that drove the impact level
	// of a risk rated per dimension; absent for the single impact.
	Dimension string `json:"dimension,omitempty"`
	Exposure  string `json:"exposure,omitempty"`
}

// jsonSimulations is the simulation: cost per currency and schedule per
// project. There is no portfolio schedule figure: the days of projects
// that run in parallel do not add up.
type jsonSimulations struct {
	Trials            int               `json:"trials"`
	Seed              uint64            `json:"seed"`
	Cost              []jsonCostSim     `json:"cost"`
	ScheduleByProject []jsonScheduleSim `json:"schedule_by_project"`
}

type jsonCostSim struct {
	Currency    string            `json:"currency"`
	Risks       int               `json:"risks"`
	Mean        string            `json:"mean"`
	Quantiles   map[string]string `json:"quantiles"`
	Contingency map[string]string `json:"contingency"`
}

type jsonScheduleSim struct {
	Project   string             `json:"project"`
	Risks     int                `json:"risks"`
	Mean      float64            `json:"mean_days"`
	Quantiles map[string]float64 `json:"quantiles_days"`
}

func toJSONExposure(e risk.Exposure) jsonExposure {
	j := jsonExposure{Key: e.Key, Risks: e.Risks, Threats: e.Threats, Opportunities: e.Opportunities, Open: e.Open, Occurred: e.Occurred,
		Threat: []string{}, ThreatDays: e.ThreatDays, Opportunity: []string{}, OpportunityDays: e.OpportunityDays}
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
		Order:    r.order.String(), Cox: []string{},
	}
	for _, l := range m.Likelihood().Levels {
		out.HeatMap.Likelihood = append(out.HeatMap.Likelihood, l.Name)
	}
	for _, l := range m.Impact().Levels {
		out.HeatMap.Impact = append(out.HeatMap.Impact, l.Name)
	}
	out.HeatMap.Counts = r.reg.Counts()
	out.HeatMap.ThreatCounts = r.reg.KindCounts(pmo.Threat)
	out.HeatMap.OpportunityCounts = r.reg.KindCounts(pmo.Opportunity)
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
	list := func(kind pmo.RiskKind) []jsonTopRisk {
		top := []jsonTopRisk{}
		for _, e := range r.reg.TopBy(r.top, risk.TopOptions{Kind: kind, Order: r.order}) {
			a := e.Assessment
			top = append(top, jsonTopRisk{
				Project: e.ProjectID, Risk: e.Risk.ID, Kind: a.Kind.String(), Title: e.Risk.Title, Rating: a.Rating.Name, Score: a.Score,
				Probability: a.Probability, Likelihood: m.Likelihood().Levels[a.Cell.Likelihood].Name,
				Impact: m.Impact().Levels[a.Cell.Impact].Name, Dimension: a.Dimension, Exposure: a.Exposure.String(),
			})
		}
		return top
	}
	out.Top, out.TopThreats, out.TopOpportunities = list(0), list(pmo.Threat), list(pmo.Opportunity)
	if slices.ContainsFunc(r.reg.Entries(), func(e risk.Entry) bool { return e.Assessment.Dimension != "" }) {
		out.Drivers = r.reg.Drivers()
	}
	for _, v := range m.CheckCox() {
		out.Cox = append(out.Cox, v.String())
	}
	if r.sim != nil {
		js := &jsonSimulations{Trials: r.trials, Seed: r.seed, Cost: []jsonCostSim{}, ScheduleByProject: []jsonScheduleSim{}}
		for _, g := range r.sim.Cost {
			c := jsonCostSim{Currency: g.Key, Risks: g.Risks, Mean: g.MeanCost().String(), Quantiles: map[string]string{}, Contingency: map[string]string{}}
			for _, q := range quantiles() {
				c.Quantiles[q.name] = g.Cost(q.p).String()
				c.Contingency[q.name] = g.Contingency(q.p).String()
			}
			js.Cost = append(js.Cost, c)
		}
		for _, g := range r.sim.Schedule {
			sch := jsonScheduleSim{Project: g.Key, Risks: g.Risks, Mean: g.MeanSchedule(), Quantiles: map[string]float64{}}
			for _, q := range quantiles() {
				sch.Quantiles[q.name] = g.Schedule(q.p)
			}
			js.ScheduleByProject = append(js.ScheduleByProject, sch)
		}
		out.Simulation = js
	}
	return encodeJSON(w, out)
}
