package report

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
	"github.com/pmokit/pmokit/prioritize"
	"github.com/pmokit/pmokit/risk"
)

// Options configures Build. At is required; the zero value of every other
// field means its default.
type Options struct {
	// At is the evaluation clock of the governance checks and the date the
	// pack is "as at". It is required: time is an input, never the wall
	// clock read deep inside.
	At time.Time
	// Policies are the compiled policies of the governance and gate
	// sections; nil leaves those sections saying that no policy was given.
	Policies *governance.PolicySet
	// Budget, when not the zero Money, is the money of the selection
	// section: the candidates (projects before closing with an approved
	// budget in Budget's currency) that maximize the total business value
	// score within it, each costed at the money it still needs
	// (prioritize.CostRemaining). The zero Money leaves the section out.
	Budget pmo.Money
	// Matrix is the risk matrix; nil means risk.Preset5x5.
	Matrix *risk.Matrix
	// Trials is the number of Monte Carlo trials (0 means
	// risk.DefaultTrials; at most risk.MaxTrials).
	Trials int
	// Seed is the simulation's seed; the same seed gives the same figures.
	Seed uint64
	// Criteria, when given, rank the projects by a weighted sum of these
	// criteria (min-max normalized; see prioritize.FromPortfolio for the
	// names) instead of WSJF.
	Criteria []prioritize.Criterion
}

// BoardPack is the gathered content of a board pack, ready for
// BoardPack.WriteHTML. It is immutable and safe for concurrent use by
// multiple goroutines.
type BoardPack struct {
	v view
}

// Blocked reports whether the governance evaluation is blocked: a
// violation of severity error (false when no policy was given).
func (b *BoardPack) Blocked() bool { return b.v.Governance.Blocked }

// Violations returns the number of governance violations (outcome fail or
// error) of the portfolio evaluation.
func (b *BoardPack) Violations() int { return len(b.v.Governance.Violations) }

// ErrNoClock is matched (errors.Is) by the error of Build when Options.At is
// the zero time.
var ErrNoClock = errors.New("report: no evaluation clock: Options.At is required")

// view is what the template renders: every figure already formatted.
type view struct {
	Title, PortfolioID, PortfolioName, PMOType, At string
	Summary                                        summary
	Governance                                     governanceView
	Gates                                          []gateRow
	Ranking                                        rankingView
	Selection                                      *selectionView
	Risk                                           riskView
	EV                                             []evRow
}

type summary struct {
	Projects      int
	Budget        string
	ByPhase       []countRow
	ByStatus      []countRow
	Totals        []totalRow
	ProjectsTable []projectRow
}

type countRow struct {
	Name, Class string
	Count       int
}

type totalRow struct{ Currency, Approved, Forecast, Actual string }

type projectRow struct {
	ID, Name, Phase, Status, StatusClass, Approved, Forecast, Actual string
}

type governanceView struct {
	Given       bool
	Blocked     bool
	Conditional bool // not blocked only because waivers let errors through
	Counts      governance.Counts
	Violations  []violationRow
	Waived      []waivedRow
	Ratings     []ratingRow
}

// waivedRow is a violation a waiver lets through: what it waives, until
// when, and what must keep holding.
type waivedRow struct {
	violationRow
	Waiver, Expires string
	Conditions      []string
}

// ratingRow is one rating's levels: how many subjects each level holds
// and which subjects sit at the levels after the first (the ones a board
// asks about).
type ratingRow struct {
	Policy, Rating string
	Levels         []levelRow
	Error, Skipped int
}

type levelRow struct {
	Level, Class string
	Count        int
	Subjects     []string // the subjects at this level, for every level but the first
}

type violationRow struct {
	Severity, Class, Outcome, Policy, Rule, Subject, Message string
	Explanation                                              []string
}

type gateRow struct {
	ID, Name, From, To, State, Class string
	Violations                       []violationRow
	Waived                           []waivedRow // a conditional go: what is waived and what must hold
	Note                             string      // why there is no check
}

type rankingView struct {
	Weighted              bool
	Method, Legend, Error string
	Criteria              []string
	Rows                  []rankRow
	Left                  []string
}

type rankRow struct {
	Rank          int
	ID, Name      string
	Score         string
	Contributions []string
}

type selectionView struct {
	Budget, Cost, Remaining, Value, Error, Note string
	Rows                                        []selectionRow
	NotSelected, NotCandidates                  []string
}

type selectionRow struct{ ID, Name, Value, Cost, Requires string }

type riskView struct {
	Matrix, Error          string
	Risks, Threats, Opps   int
	Open, Occurred         int
	HeatMap                template.HTML
	HeatMapLabel           string
	TopThreats, TopOpps    []topRow
	Trials                 int
	Seed                   uint64
	CostSims, ScheduleSims []simRow
}

// topRow is a risk of a top list; Dimension is the consequence dimension
// that drove its level when the matrix combines several (risk.Assessment).
type topRow struct{ Exposure, Score, Rating, RatingClass, Dimension, Project, Risk, Probability, Title string }

type simRow struct {
	Key                 string
	Risks               int
	Mean, P50, P80, P90 string
	Figure              template.HTML
	Label               string
}

type evRow struct {
	ID, Name, AsOf, BAC, PV, EV, AC, CV, SV, CPI, SPI, EAC, VAC, TCPI string
	Health, HealthClass                                               string
}

// Build gathers the board pack of pf at opts.At. An invalid input (a
// missing clock, a negative trial count, an evaluation error of the policy
// set) is an error; data a section cannot use (projects without the scores
// of a ranking, a budget no candidate is in) is reported in that section,
// not dropped.
func Build(ctx context.Context, pf *pmo.Portfolio, opts Options) (*BoardPack, error) {
	if pf == nil {
		return nil, errors.New("report: nil portfolio")
	}
	if opts.At.IsZero() {
		return nil, ErrNoClock
	}
	if opts.Trials < 0 || opts.Trials > risk.MaxTrials {
		return nil, fmt.Errorf("report: trials %d out of range 0..%d", opts.Trials, risk.MaxTrials)
	}
	v := view{
		PortfolioID: pf.ID, PortfolioName: cmp.Or(pf.Name, pf.ID),
		PMOType: pf.PMOType.String(), At: opts.At.UTC().Format("2006-01-02"),
	}
	if pf.PMOType == 0 {
		v.PMOType = "not set"
	}
	v.Title = "Board pack: " + v.PortfolioName
	v.Summary = buildSummary(pf)
	if opts.Policies != nil {
		var err error
		if v.Governance, err = buildGovernance(ctx, pf, opts); err != nil {
			return nil, err
		}
		if v.Gates, err = buildGates(ctx, pf, opts); err != nil {
			return nil, err
		}
	}
	v.Ranking = buildRanking(pf, opts.Criteria)
	if !opts.Budget.IsZero() {
		sel, err := buildSelection(ctx, pf, opts.Budget)
		if err != nil {
			return nil, err
		}
		v.Selection = sel
	}
	var err error
	if v.Risk, err = buildRisk(ctx, pf, opts); err != nil {
		return nil, err
	}
	v.EV = buildEV(pf)
	return &BoardPack{v: v}, nil
}

func buildSummary(pf *pmo.Portfolio) summary {
	s := summary{Projects: len(pf.Projects), Budget: Money(pf.Budget)}
	phases := map[string]int{}
	statuses := map[pmo.RAG]int{}
	type sums struct{ approved, forecast, actual decimal.Decimal }
	totals := map[string]*sums{}
	total := func(m pmo.Money, pick func(*sums) *decimal.Decimal) {
		if m.IsZero() {
			return
		}
		t := totals[m.Currency]
		if t == nil {
			t = &sums{}
			totals[m.Currency] = t
		}
		p := pick(t)
		*p = p.Add(m.Amount)
	}
	for i := range pf.Projects {
		p := &pf.Projects[i]
		phases[p.Phase]++
		statuses[p.Status]++
		total(p.Budget.Approved, func(t *sums) *decimal.Decimal { return &t.approved })
		total(p.Budget.Forecast, func(t *sums) *decimal.Decimal { return &t.forecast })
		total(p.Budget.Actual, func(t *sums) *decimal.Decimal { return &t.actual })
		name, class := ragText(pf.Statuses(), p.Status)
		s.ProjectsTable = append(s.ProjectsTable, projectRow{
			ID: p.ID, Name: p.Name, Phase: p.Phase, Status: name, StatusClass: class,
			Approved: Money(p.Budget.Approved), Forecast: Money(p.Budget.Forecast), Actual: Money(p.Budget.Actual),
		})
	}
	seen := map[string]bool{}
	for _, ph := range pf.Phases() {
		seen[ph] = true
		if n := phases[ph]; n > 0 {
			s.ByPhase = append(s.ByPhase, countRow{Name: ph, Count: n})
		}
	}
	var other []string
	for ph := range phases {
		if !seen[ph] {
			other = append(other, ph)
		}
	}
	slices.Sort(other)
	for _, ph := range other {
		s.ByPhase = append(s.ByPhase, countRow{Name: ph, Count: phases[ph]})
	}
	// Worst first, on the portfolio's status scale; then any word off the
	// scale (a portfolio built in Go and not validated), then no status.
	scale := pf.Statuses()
	order := make([]pmo.RAG, 0, len(statuses))
	for i := len(scale) - 1; i >= 0; i-- {
		order = append(order, pmo.RAG(scale[i]))
	}
	var off []pmo.RAG
	for r := range statuses {
		if r != "" && !scale.Contains(string(r)) {
			off = append(off, r)
		}
	}
	slices.Sort(off)
	order = append(append(order, off...), "")
	for _, r := range order {
		if n := statuses[r]; n > 0 {
			name, class := ragText(scale, r)
			s.ByStatus = append(s.ByStatus, countRow{Name: name, Class: class, Count: n})
		}
	}
	currencies := make([]string, 0, len(totals))
	for c := range totals {
		currencies = append(currencies, c)
	}
	slices.Sort(currencies)
	for _, c := range currencies {
		t := totals[c]
		s.Totals = append(s.Totals, totalRow{
			Currency: c,
			Approved: Amount(t.approved), Forecast: Amount(t.forecast), Actual: Amount(t.actual),
		})
	}
	return s
}

// ragText returns the word and the CSS class of a status: the best word of
// the portfolio's scale is green, the worst red, any between amber.
func ragText(scale pmo.StatusScale, r pmo.RAG) (name, class string) {
	switch i := scale.Index(string(r)); {
	case r == "":
		return "not reported", "none"
	case i < 0:
		return string(r), "none"
	case i == 0:
		return string(r), "green"
	case i == len(scale)-1:
		return string(r), "red"
	}
	return string(r), "amber"
}

func severityClass(s governance.Severity) string {
	switch s {
	case governance.SeverityError:
		return "red"
	case governance.SeverityWarning:
		return "amber"
	}
	return "info"
}

func violationRows(vs []governance.Result) []violationRow {
	rows := make([]violationRow, 0, len(vs))
	for _, r := range vs {
		rows = append(rows, violationRow{
			Severity: r.Severity.String(), Class: severityClass(r.Severity), Outcome: r.Outcome.String(),
			Policy: r.Policy, Rule: r.Rule, Subject: r.Subject, Message: r.Message, Explanation: r.Explanation(),
		})
	}
	return rows
}

func waivedRows(rs []governance.Result) []waivedRow {
	rows := make([]waivedRow, 0, len(rs))
	for _, r := range rs {
		row := waivedRow{violationRow: violationRows([]governance.Result{r})[0], Waiver: r.WaiverID()}
		if w := r.Waiver; w != nil {
			row.Conditions = w.Conditions
			if !w.Expires.IsZero() {
				row.Expires = w.Expires.UTC().Format(time.DateOnly)
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// levelClass colours a rating's level by its place in the rating's order:
// the first green, the last red, those between amber (a rating of one level
// is green). The level's name is always printed beside the colour.
func levelClass(i, n int) string {
	switch {
	case i == 0:
		return "green"
	case i == n-1:
		return "red"
	}
	return "amber"
}

// ratingRows lists every rating of the report with the subjects at each
// level after the first, in report order.
func ratingRows(rep *governance.Report) []ratingRow {
	counts := rep.Counts().Ratings
	if len(counts) == 0 {
		return nil
	}
	type key struct{ policy, rating, level string }
	subjects := make(map[key][]string)
	for _, r := range rep.All() {
		if r.Outcome == governance.OutcomeRated {
			k := key{r.Policy, r.Rule, r.Level}
			subjects[k] = append(subjects[k], r.Subject)
		}
	}
	rows := make([]ratingRow, 0, len(counts))
	for _, c := range counts {
		row := ratingRow{Policy: c.Policy, Rating: c.Rating, Error: c.Error, Skipped: c.Skipped}
		for i, l := range c.Levels {
			lr := levelRow{Level: l.Level, Class: levelClass(i, len(c.Levels)), Count: l.Count}
			if i > 0 {
				lr.Subjects = subjects[key{c.Policy, c.Rating, l.Level}]
			}
			row.Levels = append(row.Levels, lr)
		}
		rows = append(rows, row)
	}
	return rows
}

func buildGovernance(ctx context.Context, pf *pmo.Portfolio, opts Options) (governanceView, error) {
	rep, err := opts.Policies.Evaluate(ctx, pf, governance.At(opts.At))
	if err != nil {
		return governanceView{}, fmt.Errorf("report: governance: %w", err)
	}
	return governanceView{
		Given: true, Blocked: rep.Blocked(), Conditional: rep.Conditional(), Counts: rep.Counts(),
		Violations: violationRows(rep.Violations()), Waived: waivedRows(rep.Waived()), Ratings: ratingRows(rep),
	}, nil
}

func buildGates(ctx context.Context, pf *pmo.Portfolio, opts Options) ([]gateRow, error) {
	var rows []gateRow
	for i := range pf.Projects {
		p := &pf.Projects[i]
		row := gateRow{ID: p.ID, Name: p.Name, From: p.Phase}
		next, ok := pf.Phases().Next(p.Phase)
		if !ok {
			row.State, row.Class, row.To = "no next phase", "none", "-"
			row.Note = "the last phase of the lifecycle"
			if !pf.Phases().Contains(p.Phase) {
				row.Note = "phase not in the lifecycle"
			}
			rows = append(rows, row)
			continue
		}
		row.To = next
		rep, err := opts.Policies.CheckGate(ctx, pf, p.ID, next, governance.At(opts.At))
		if err != nil {
			return nil, fmt.Errorf("report: gate %s to %s: %w", p.ID, next, err)
		}
		row.State, row.Class = "ready", "green"
		switch {
		case rep.Blocked():
			row.State, row.Class = "blocked", "red"
		case rep.Conditional():
			row.State, row.Class = "conditional go", "amber"
		case len(rep.Violations()) > 0:
			row.State, row.Class = "ready with warnings", "amber"
		}
		row.Violations = violationRows(rep.Violations())
		row.Waived = waivedRows(rep.Waived())
		rows = append(rows, row)
	}
	return rows, nil
}

func buildRanking(pf *pmo.Portfolio, criteria []prioritize.Criterion) rankingView {
	rv := rankingView{
		Method: "WSJF (weighted shortest job first)",
		Legend: "score = business_value + time_criticality + risk_reduction, each divided by job_size; the parts shown add up to the score. Projects in closing or later are not ranked.",
	}
	if len(criteria) > 0 {
		var parts []string
		for _, c := range criteria {
			w := c.Name + " × " + strconv.FormatFloat(c.Weight, 'g', -1, 64)
			if c.Cost {
				w += " (lower is better)"
			}
			parts = append(parts, w)
		}
		rv.Weighted = true
		rv.Method = "Weighted sum of " + strings.Join(parts, ", ")
		rv.Legend = "score = the sum of each criterion's min-max normalized value times its share of the weights; the parts shown add up to the score. Projects in closing or later are not ranked."
	}
	keep := prioritize.BeforeClosing(pf)
	names := map[string]string{}
	for i := range pf.Projects {
		p := &pf.Projects[i]
		if keep(p) {
			names[p.ID] = p.Name
		} else {
			rv.Left = append(rv.Left, p.ID+" ("+p.Phase+")")
		}
	}
	if len(names) == 0 {
		rv.Error = "no project before closing to rank"
		return rv
	}
	ranking, err := rank(pf, keep, criteria)
	if err != nil {
		rv.Error = err.Error()
		return rv
	}
	rv.Criteria = rankingCriteria(ranking)
	for _, r := range ranking {
		row := rankRow{Rank: r.Rank, ID: r.ID, Name: names[r.ID], Score: strconv.FormatFloat(r.Score, 'f', 3, 64)}
		for _, c := range r.Contributions() {
			if len(criteria) == 0 && c.Criterion == prioritize.ScoreJobSize {
				row.Contributions = append(row.Contributions, "÷ "+strconv.FormatFloat(c.Value, 'g', -1, 64))
				continue
			}
			row.Contributions = append(row.Contributions, strconv.FormatFloat(c.Weighted, 'f', 3, 64)+" ("+strconv.FormatFloat(c.Value, 'g', -1, 64)+")")
		}
		rv.Rows = append(rv.Rows, row)
	}
	return rv
}

// rank ranks the projects keep accepts: by WSJF, or by a weighted sum of
// the criteria when there are any.
func rank(pf *pmo.Portfolio, keep func(*pmo.Project) bool, criteria []prioritize.Criterion) (prioritize.Ranking, error) {
	only := prioritize.WithProjects(keep)
	if len(criteria) > 0 {
		table, err := prioritize.FromPortfolio(pf, criteria, only)
		if err != nil {
			return nil, err
		}
		return table.WeightedSum(prioritize.MinMax)
	}
	items, err := prioritize.WSJFFromPortfolio(pf, only)
	if err != nil {
		return nil, err
	}
	return prioritize.WSJF(items)
}

// rankingCriteria returns the criterion names of a ranking's first item.
func rankingCriteria(r prioritize.Ranking) []string {
	if len(r) == 0 {
		return nil
	}
	var out []string
	for _, c := range r[0].Contributions() {
		out = append(out, c.Criterion)
	}
	return out
}

func buildSelection(ctx context.Context, pf *pmo.Portfolio, budget pmo.Money) (*selectionView, error) {
	sv := &selectionView{
		Budget: Money(budget),
		Note: "Maximizes the total business_value score within the budget (an exact optimum); each candidate costs the money it still needs " +
			"(EAC − AC, or forecast − actual, for a project under way; its approved budget otherwise). Candidates are the projects before closing " +
			"with an approved budget in " + budget.Currency + "; choosing a project chooses the candidates it depends on.",
	}
	keep := prioritize.BeforeClosing(pf)
	names := map[string]string{}
	ok := map[string]bool{}
	for i := range pf.Projects {
		p := &pf.Projects[i]
		names[p.ID] = p.Name
		switch a := p.Budget.Approved; {
		case !keep(p):
			sv.NotCandidates = append(sv.NotCandidates, p.ID+" ("+p.Phase+")")
		case a.IsZero():
			sv.NotCandidates = append(sv.NotCandidates, p.ID+" (no approved budget)")
		case a.Currency != budget.Currency:
			sv.NotCandidates = append(sv.NotCandidates, p.ID+" (budget in "+a.Currency+")")
		default:
			ok[p.ID] = true
		}
	}
	if len(ok) == 0 {
		sv.Error = "no candidates: no project before closing has an approved budget in " + budget.Currency
		return sv, nil
	}
	cands, err := prioritize.CandidatesFromPortfolio(pf, prioritize.CandidateOptions{
		ValueScore: prioritize.ScoreBusinessValue, Cost: prioritize.CostRemaining, Dependencies: true,
		Projects: func(p *pmo.Project) bool { return ok[p.ID] },
	})
	if err != nil {
		sv.Error = err.Error()
		return sv, nil
	}
	sel, err := prioritize.Select(ctx, cands, prioritize.SelectOptions{Budget: budget})
	switch {
	case errors.Is(err, prioritize.ErrSearchLimit) && sel != nil:
		sv.Error = err.Error() + ": the selection shown may not be optimal"
	case ctx.Err() != nil:
		return nil, fmt.Errorf("report: selection: %w", ctx.Err())
	case err != nil:
		sv.Error = err.Error()
		return sv, nil
	}
	sv.Cost, sv.Remaining, sv.Value = Money(sel.Cost), Money(sel.Remaining), strconv.FormatFloat(sel.Value, 'f', 3, 64)
	for _, c := range cands {
		if !slices.Contains(sel.IDs, c.ID) {
			sv.NotSelected = append(sv.NotSelected, c.ID)
			continue
		}
		sv.Rows = append(sv.Rows, selectionRow{
			ID: c.ID, Name: names[c.ID], Value: strconv.FormatFloat(c.Value, 'f', 3, 64), Cost: Money(c.Cost),
			Requires: cmp.Or(strings.Join(c.Requires, ", "), "-"),
		})
	}
	return sv, nil
}

// ratingClass is the CSS class of a risk's rating: red, amber or green for
// a threat, blue (info) for an opportunity, whose high rating is good news.
func ratingClass(k pmo.RiskKind, r risk.Rating) string {
	if k == pmo.Opportunity {
		return "info"
	}
	switch strings.ToLower(r.Name) {
	case "critical", "high", "very high", "red":
		return "red"
	case "medium", "moderate", "amber":
		return "amber"
	case "low", "very low", "green":
		return "green"
	}
	return "none"
}

func buildRisk(ctx context.Context, pf *pmo.Portfolio, opts Options) (riskView, error) {
	m := opts.Matrix
	if m == nil {
		m = risk.Preset5x5()
	}
	rv := riskView{Matrix: m.Name(), Seed: opts.Seed, Trials: cmp.Or(opts.Trials, risk.DefaultTrials)}
	reg, err := risk.Rollup(pf, m, risk.Filter{})
	if err != nil {
		return rv, fmt.Errorf("report: risk: %w", err)
	}
	t := reg.Total()
	rv.Risks, rv.Threats, rv.Opps, rv.Open, rv.Occurred = t.Risks, t.Threats, t.Opportunities, t.Open, t.Occurred
	rv.HeatMapLabel = fmt.Sprintf("Heat map of %s: %d threats and %d opportunities on the %s matrix (inherent ratings)", cmp.Or(pf.Name, pf.ID), t.Threats, t.Opportunities, m.Name())
	var svg bytes.Buffer
	if err := reg.HeatMap(rv.HeatMapLabel).WriteSVG(&svg); err != nil {
		return rv, fmt.Errorf("report: heat map: %w", err)
	}
	rv.HeatMap = inlineSVG(svg.Bytes(), rv.HeatMapLabel)
	for _, k := range []pmo.RiskKind{pmo.Threat, pmo.Opportunity} {
		var rows []topRow
		for _, e := range reg.TopBy(5, risk.TopOptions{Kind: k, Order: risk.ByExposure}) {
			a := e.Assessment
			rows = append(rows, topRow{
				Exposure: cmp.Or(Money(a.Exposure), "-"), Score: strconv.FormatFloat(a.Score, 'g', -1, 64),
				Rating: a.Rating.Name, RatingClass: ratingClass(k, a.Rating), Dimension: a.Dimension, Project: e.ProjectID, Risk: e.Risk.ID,
				Probability: strconv.FormatFloat(a.Probability, 'g', -1, 64), Title: e.Risk.Title,
			})
		}
		if k == pmo.Threat {
			rv.TopThreats = rows
		} else {
			rv.TopOpps = rows
		}
	}
	sim, err := reg.Simulate(ctx, risk.SimOptions{Trials: opts.Trials, Seed: opts.Seed})
	if err != nil {
		return rv, fmt.Errorf("report: simulation: %w", err)
	}
	for _, g := range sim.Cost {
		label := fmt.Sprintf("S-curve of the net cost impact in %s of %s (threats less opportunities): probability that it is at most the amount", g.Key, risksWord(g.Risks))
		rv.CostSims = append(rv.CostSims, simRow{
			Key: g.Key, Risks: g.Risks, Label: label,
			Mean: cents(g.MeanCost()), P50: cents(g.Cost(0.5)), P80: cents(g.Cost(0.8)), P90: cents(g.Cost(0.9)),
			Figure: sCurve(label, "net cost impact, "+g.Key, func(p float64) float64 { return g.Cost(p).Amount.InexactFloat64() }),
		})
	}
	for _, g := range sim.Schedule {
		label := fmt.Sprintf("S-curve of the net schedule impact of project %s (%s, in days of slip): probability that it is at most the days", g.Key, risksWord(g.Risks))
		rv.ScheduleSims = append(rv.ScheduleSims, simRow{
			Key: g.Key, Risks: g.Risks, Label: label,
			Mean: days(g.MeanSchedule()), P50: days(g.Schedule(0.5)), P80: days(g.Schedule(0.8)), P90: days(g.Schedule(0.9)),
			Figure: sCurve(label, "net days of slip", g.Schedule),
		})
	}
	return rv, nil
}

// cents formats a simulated amount with 2 decimal places and thousands
// separators, without its currency: "1,234,567.50".
func cents(m pmo.Money) string { return groupThousands(m.Amount.StringFixed(2)) }

func days(d float64) string { return groupThousands(strconv.FormatFloat(d, 'f', 1, 64)) }

// inlineSVG drops the XML declaration of an SVG document and marks it as
// an image with a label, for inclusion in HTML. The SVG is the risk
// package's own output, whose text is escaped.
func inlineSVG(doc []byte, label string) template.HTML {
	s := string(doc)
	if strings.HasPrefix(s, "<?xml") {
		if i := strings.Index(s, "?>"); i >= 0 {
			s = strings.TrimLeft(s[i+2:], "\r\n")
		}
	}
	s = strings.Replace(s, "<svg ", `<svg role="img" aria-label="`+template.HTMLEscapeString(label)+`" `, 1)
	return template.HTML(s) //nolint:gosec // generated by risk.HeatMap.WriteSVG, which escapes its text
}

func buildEV(pf *pmo.Portfolio) []evRow {
	var rows []evRow
	for i := range pf.Projects {
		p := &pf.Projects[i]
		if p.EarnedValue == nil {
			continue
		}
		ev := p.EarnedValue
		row := evRow{ID: p.ID, Name: p.Name, BAC: Money(ev.BAC), PV: Money(ev.PV), EV: Money(ev.EV), AC: Money(ev.AC), AsOf: "-"}
		if !ev.AsOf.IsZero() {
			row.AsOf = ev.AsOf.Format("2006-01-02")
		}
		mx, err := ev.Metrics()
		if err != nil {
			row.Health, row.HealthClass = "invalid: "+err.Error(), "red"
			rows = append(rows, row)
			continue
		}
		undefined := "n/a"
		ratio := func(d decimal.Decimal, ok bool) string {
			if !ok {
				return undefined
			}
			return d.StringFixed(2)
		}
		row.CV, row.SV = Money(mx.CV), Money(mx.SV)
		row.CPI, row.SPI, row.TCPI = ratio(mx.CPI, mx.CPIDefined), ratio(mx.SPI, mx.SPIDefined), ratio(mx.TCPI, mx.TCPIDefined)
		row.EAC, row.VAC = undefined, undefined
		if mx.EACDefined {
			row.EAC, row.VAC = Money(roundMoney(mx.EAC)), Money(roundMoney(mx.VAC))
		}
		row.Health, row.HealthClass = evHealth(mx)
		rows = append(rows, row)
	}
	return rows
}

func roundMoney(m pmo.Money) pmo.Money {
	return pmo.Money{Amount: m.Amount.Round(2), Currency: m.Currency}
}

// evHealth rates CPI and SPI: red below 0.9, amber below 1, green otherwise
// (the worse of the two); "not started" when neither is defined.
func evHealth(mx pmo.EVMetrics) (name, class string) {
	worst := 3
	rate := func(d decimal.Decimal, ok bool) {
		if !ok {
			return
		}
		switch {
		case d.LessThan(decimal.RequireFromString("0.9")):
			worst = min(worst, 1)
		case d.LessThan(decimal.NewFromInt(1)):
			worst = min(worst, 2)
		}
	}
	if !mx.CPIDefined && !mx.SPIDefined {
		return "not started", "none"
	}
	rate(mx.CPI, mx.CPIDefined)
	rate(mx.SPI, mx.SPIDefined)
	switch worst {
	case 1:
		return "red", "red"
	case 2:
		return "amber", "amber"
	}
	return "green", "green"
}

// risksWord returns "1 risk" or "n risks".
func risksWord(n int) string {
	if n == 1 {
		return "1 risk"
	}
	return fmt.Sprintf("%d risks", n)
}
