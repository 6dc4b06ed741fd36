package prioritize

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pmokit/pmokit/pmo"
	"github.com/shopspring/decimal"

	"github.com/pmokit/pmokit/internal/textcut"
)

// The project fields a criterion can read besides scores.<name> and
// attributes.<name>. Money fields read the amount as a number; every project
// must then use the same currency for that criterion.
const (
	FieldBudgetApproved = "budget.approved"  // money
	FieldBudgetForecast = "budget.forecast"  // money
	FieldBudgetActual   = "budget.actual"    // money
	FieldEVBAC          = "earned_value.bac" // money
	FieldEVPV           = "earned_value.pv"  // money
	FieldEVEV           = "earned_value.ev"  // money
	FieldEVAC           = "earned_value.ac"  // money
	FieldDurationDays   = "duration_days"    // finish − start, in days; both dates needed
	FieldOpenRisks      = "open_risks"       // number of risks whose status is open (or not given)
	FieldOpenIssues     = "open_issues"      // number of issues whose status is open (or not given)
	FieldMilestones     = "milestones"       // number of milestones
	FieldMilestonesDone = "milestones_done"  // number of milestones done
	FieldChanges        = "changes"          // number of change requests
	FieldBenefits       = "benefits"         // number of benefits
	fieldScoresPrefix   = "scores."          // scores.<name>
	fieldAttrPrefix     = "attributes."      // attributes.<name>, a numeric JSON value
)

// SourceOption configures how [FromPortfolio], [WSJFFromPortfolio] and
// [RICEFromPortfolio] read projects.
type SourceOption func(*sourceConfig)

type sourceConfig struct {
	paths  map[string]string
	filter func(*pmo.Project) bool
}

// WithSource reads criterion's values from path: "scores.<name>",
// "attributes.<name>" or one of the Field constants (e.g.
// [FieldBudgetApproved]). Without it a criterion whose name contains a dot or
// is one of the dot-less Field names (duration_days, open_risks, …) is read
// from the path it names, and any other from "scores.<name>".
func WithSource(criterion, path string) SourceOption {
	return func(c *sourceConfig) {
		if c.paths == nil {
			c.paths = map[string]string{}
		}
		c.paths[criterion] = path
	}
}

// WithProjects keeps only the projects for which keep returns true (e.g.
// those in a given phase). By default every project is read.
func WithProjects(keep func(*pmo.Project) bool) SourceOption {
	return func(c *sourceConfig) { c.filter = keep }
}

func newSourceConfig(opts []SourceOption) sourceConfig {
	var c sourceConfig
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	return c
}

func (c sourceConfig) path(criterion string) string {
	if p, ok := c.paths[criterion]; ok {
		return p
	}
	if strings.Contains(criterion, ".") || isCountField(criterion) {
		return criterion
	}
	return fieldScoresPrefix + criterion
}

func (c sourceConfig) projects(pf *pmo.Portfolio) []*pmo.Project {
	var out []*pmo.Project
	for i := range pf.Projects {
		if c.filter == nil || c.filter(&pf.Projects[i]) {
			out = append(out, &pf.Projects[i])
		}
	}
	return out
}

// FromPortfolio builds a decision table with one row per project (ID = the
// project's id, in portfolio order) and one column per criterion, each read
// from its source (see [WithSource]). A value that is missing or not numeric
// is an error naming the project, the criterion and the path; money of
// different currencies within one criterion is an error too. All errors are
// joined and match [ErrInvalid] (or [pmo.ErrCurrencyMismatch]).
func FromPortfolio(pf *pmo.Portfolio, criteria []Criterion, opts ...SourceOption) (Table, error) {
	if pf == nil {
		return Table{}, invalidf("no portfolio")
	}
	cfg := newSourceConfig(opts)
	projects := cfg.projects(pf)
	t := Table{Criteria: criteria, Rows: make([]Row, len(projects))}
	vals := make([]float64, len(projects)*len(criteria))
	var errs errList
	currency := make([]string, len(criteria))
	for i, p := range projects {
		row := vals[i*len(criteria) : (i+1)*len(criteria) : (i+1)*len(criteria)]
		for j, c := range criteria {
			path := cfg.path(c.Name)
			v, cur, err := readField(p, path)
			if err != nil {
				errs.addAt(p.ID, c.Name, "project %s: criterion %s: %s %v", textcut.Quote(p.ID), textcut.Quote(c.Name), path, err)
				continue
			}
			if cur != "" {
				if currency[j] == "" {
					currency[j] = cur
				} else if currency[j] != cur {
					errs.add(mismatchAt(p.ID, c.Name, "project %s: criterion %s: %s is in %s, earlier projects in %s", textcut.Quote(p.ID), textcut.Quote(c.Name), path, cur, currency[j]))
				}
			}
			row[j] = v
		}
		t.Rows[i] = Row{ID: p.ID, Values: row}
	}
	if err := errs.err(); err != nil {
		return Table{}, err
	}
	return t, nil
}

// fieldError is the reason a project field cannot be read.
type fieldError string

func (e fieldError) Error() string { return string(e) }

// isCountField reports whether name is one of the dot-less Field names.
func isCountField(name string) bool {
	switch name {
	case FieldDurationDays, FieldOpenRisks, FieldOpenIssues, FieldMilestones, FieldMilestonesDone, FieldChanges, FieldBenefits:
		return true
	}
	return false
}

// readField returns a project's numeric value at path, and the currency when
// the field is money.
func readField(p *pmo.Project, path string) (float64, string, error) {
	switch {
	case strings.HasPrefix(path, fieldScoresPrefix):
		name := strings.TrimPrefix(path, fieldScoresPrefix)
		v, ok := p.Scores[name]
		if !ok {
			return 0, "", fieldError("is missing")
		}
		return v, "", nil
	case strings.HasPrefix(path, fieldAttrPrefix):
		name := strings.TrimPrefix(path, fieldAttrPrefix)
		raw, ok := p.Attributes[name]
		if !ok {
			return 0, "", fieldError("is missing")
		}
		v, err := number(raw)
		return v, "", err
	}
	money := func(m pmo.Money) (float64, string, error) {
		if m.IsZero() {
			return 0, "", fieldError("is missing")
		}
		return m.Amount.InexactFloat64(), m.Currency, nil
	}
	ev := func(get func(*pmo.EarnedValue) pmo.Money) (float64, string, error) {
		if p.EarnedValue == nil {
			return 0, "", fieldError("is missing (no earned_value)")
		}
		return money(get(p.EarnedValue))
	}
	switch path {
	case FieldBudgetApproved:
		return money(p.Budget.Approved)
	case FieldBudgetForecast:
		return money(p.Budget.Forecast)
	case FieldBudgetActual:
		return money(p.Budget.Actual)
	case FieldEVBAC:
		return ev(func(e *pmo.EarnedValue) pmo.Money { return e.BAC })
	case FieldEVPV:
		return ev(func(e *pmo.EarnedValue) pmo.Money { return e.PV })
	case FieldEVEV:
		return ev(func(e *pmo.EarnedValue) pmo.Money { return e.EV })
	case FieldEVAC:
		return ev(func(e *pmo.EarnedValue) pmo.Money { return e.AC })
	case FieldDurationDays:
		if p.Start.IsZero() || p.Finish.IsZero() {
			return 0, "", fieldError("is missing (needs start and finish)")
		}
		return p.Finish.Sub(p.Start).Hours() / 24, "", nil
	case FieldOpenRisks:
		n := 0
		for _, r := range p.Risks {
			if r.Status == 0 || r.Status == pmo.RiskOpen {
				n++
			}
		}
		return float64(n), "", nil
	case FieldOpenIssues:
		n := 0
		for _, is := range p.Issues {
			if is.Status == 0 || is.Status == pmo.IssueOpen {
				n++
			}
		}
		return float64(n), "", nil
	case FieldMilestones:
		return float64(len(p.Milestones)), "", nil
	case FieldMilestonesDone:
		n := 0
		for _, m := range p.Milestones {
			if m.Done {
				n++
			}
		}
		return float64(n), "", nil
	case FieldChanges:
		return float64(len(p.Changes)), "", nil
	case FieldBenefits:
		return float64(len(p.Benefits)), "", nil
	}
	return 0, "", fieldError("is not a known field (want scores.<name>, attributes.<name>, budget.approved, budget.forecast, budget.actual, earned_value.bac|pv|ev|ac, duration_days, open_risks, open_issues, milestones, milestones_done, changes or benefits)")
}

// number converts a numeric JSON or YAML value to float64.
func number(v any) (float64, error) {
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case float32:
		f = float64(x)
	case int:
		f = float64(x)
	case int8:
		f = float64(x)
	case int16:
		f = float64(x)
	case int32:
		f = float64(x)
	case int64:
		f = float64(x)
	case uint:
		f = float64(x)
	case uint8:
		f = float64(x)
	case uint16:
		f = float64(x)
	case uint32:
		f = float64(x)
	case uint64:
		f = float64(x)
	case json.Number:
		g, err := x.Float64()
		if err != nil {
			return 0, fieldError(fmt.Sprintf("is %s, not a number", textcut.Quote(x.String())))
		}
		f = g
	case decimal.Decimal:
		f = x.InexactFloat64()
	case nil:
		return 0, fieldError("is null, not a number")
	case string:
		return 0, fieldError(fmt.Sprintf("is the string %s, not a number", textcut.Quote(x)))
	default:
		return 0, fieldError(fmt.Sprintf("is a %T, not a number", v))
	}
	if !finite(f) {
		return 0, fieldError(fmt.Sprintf("is %v, not a finite number", f))
	}
	return f, nil
}

// readScores reads the named scores of every selected project.
func readScores(pf *pmo.Portfolio, method string, names []string, opts []SourceOption) ([]*pmo.Project, [][]float64, error) {
	if pf == nil {
		return nil, nil, invalidf("%s: no portfolio", method)
	}
	cfg := newSourceConfig(opts)
	projects := cfg.projects(pf)
	out := make([][]float64, len(projects))
	var errs errList
	for i, p := range projects {
		out[i] = make([]float64, len(names))
		for j, n := range names {
			path := cfg.path(n)
			v, _, err := readField(p, path)
			if err != nil {
				errs.addAt(p.ID, n, "%s: project %s: %s %v", method, textcut.Quote(p.ID), path, err)
				continue
			}
			out[i][j] = v
		}
	}
	return projects, out, errs.err()
}

// WSJFFromPortfolio returns one [WSJFItem] per project from its scores
// business_value, time_criticality, risk_reduction and job_size (or the
// sources given by [WithSource] for those names). A missing or non-numeric
// score is an error naming the project; all are joined.
func WSJFFromPortfolio(pf *pmo.Portfolio, opts ...SourceOption) ([]WSJFItem, error) {
	ps, vals, err := readScores(pf, "wsjf", []string{ScoreBusinessValue, ScoreTimeCriticality, ScoreRiskReduction, ScoreJobSize}, opts)
	if err != nil {
		return nil, err
	}
	items := make([]WSJFItem, len(ps))
	for i, p := range ps {
		v := vals[i]
		items[i] = WSJFItem{ID: p.ID, BusinessValue: v[0], TimeCriticality: v[1], RiskReduction: v[2], JobSize: v[3]}
	}
	return items, nil
}

// RICEFromPortfolio returns one [RICEItem] per project from its scores
// reach, impact, confidence (a fraction, 0.8 for 80 %) and effort (or the
// sources given by [WithSource] for those names). A missing or non-numeric
// score is an error naming the project; all are joined.
func RICEFromPortfolio(pf *pmo.Portfolio, opts ...SourceOption) ([]RICEItem, error) {
	ps, vals, err := readScores(pf, "rice", []string{ScoreReach, ScoreImpact, ScoreConfidence, ScoreEffort}, opts)
	if err != nil {
		return nil, err
	}
	items := make([]RICEItem, len(ps))
	for i, p := range ps {
		v := vals[i]
		items[i] = RICEItem{ID: p.ID, Reach: v[0], Impact: v[1], Confidence: v[2], Effort: v[3]}
	}
	return items, nil
}

// CostBasis says which figure is a candidate's cost. The zero value is
// [CostApproved].
//
// For a project under way, part of its approved budget is spent and cannot
// be saved by not funding it any further: what a selection decides is the
// money still to spend, [CostRemaining]. A project is under way when it has
// an actual cost (budget.actual or earned_value.ac above zero).
type CostBasis int

// The cost bases.
const (
	CostApproved CostBasis = iota // budget.approved, whatever has been spent
	CostForecast                  // budget.forecast
	// CostRemaining is the money still to spend: for a project under way,
	// EAC − AC from its earned value (the estimate to complete, ETC, rounded
	// to 2 decimal places, half away from zero: EAC = BAC·AC/EV need not
	// terminate) when it has earned value whose EAC is defined, else
	// forecast − actual
	// (budget.forecast, or budget.approved when there is no forecast, minus
	// budget.actual); for a project not under way, its approved budget.
	CostRemaining
	// CostForecastRemaining is budget.forecast − budget.actual (0 actual
	// when it is missing), for every project.
	CostForecastRemaining
)

// BeforeClosing returns a filter that keeps the projects still to decide
// on: those whose phase comes before the closing phase of pf's lifecycle
// ("closing", or the last phase when the lifecycle has none of that name).
// Projects in closing, or in a phase after it, are finishing or done:
// neither selecting nor ranking them decides anything.
func BeforeClosing(pf *pmo.Portfolio) func(*pmo.Project) bool {
	lc := pf.Phases()
	end := lc.Index(pmo.PhaseClosing)
	if end < 0 {
		end = len(lc) - 1
	}
	return func(p *pmo.Project) bool {
		i := lc.Index(p.Phase)
		return i >= 0 && i < end
	}
}

// CandidateOptions configures [CandidatesFromPortfolio].
type CandidateOptions struct {
	// Ranking, when not nil, gives each project's value: its score in the
	// ranking (a project missing from it is an error). Scores must be >= 0;
	// every method gives such scores except a weighted sum under
	// NoNormalization with cost criteria or negative values. A selection
	// maximizes the sum of the values, so the value should be additive (a
	// business value, an NPV): a ratio such as WSJF (cost of delay per job
	// size) sequences work but does not add up over a portfolio.
	Ranking Ranking
	// ValueScore names the score (scores.<name>) that is the value when
	// Ranking is nil.
	ValueScore string
	// ValueField is the path of the value when Ranking is nil and
	// ValueScore is empty: "scores.<name>", "attributes.<name>" or one of
	// the Field constants, as [WithSource] takes.
	ValueField string
	// Cost selects the figure used as cost (default budget.approved; see
	// [CostBasis]).
	Cost CostBasis
	// Dependencies turns each project's dependencies (dependencies[].on)
	// into requirements, keeping those on projects that are candidates.
	Dependencies bool
	// Projects keeps only the projects for which it returns true; nil keeps
	// the projects before closing ([BeforeClosing]).
	Projects func(*pmo.Project) bool
}

// CandidatesFromPortfolio returns one [Candidate] per project for [Select]
// and [Frontier]: its value from a ranking, a score or a field, its cost on
// the chosen [CostBasis], and optionally its dependencies as requirements.
// By default only the projects before closing are candidates. A missing
// value or cost, or a remaining cost below zero (more spent than
// forecast), is an error naming the project; all are joined and match
// [ErrInvalid].
func CandidatesFromPortfolio(pf *pmo.Portfolio, opts CandidateOptions) ([]Candidate, error) {
	if pf == nil {
		return nil, invalidf("candidates: no portfolio")
	}
	if opts.Ranking == nil && opts.ValueScore == "" && opts.ValueField == "" {
		return nil, invalidf("candidates: neither a ranking nor a value score or field given")
	}
	if _, err := opts.Cost.MarshalText(); err != nil {
		return nil, invalidf("candidates: invalid cost basis %d", int(opts.Cost))
	}
	keep := opts.Projects
	if keep == nil {
		keep = BeforeClosing(pf)
	}
	cfg := sourceConfig{filter: keep}
	projects := cfg.projects(pf)
	var scores map[string]float64
	if opts.Ranking != nil {
		scores = opts.Ranking.Scores()
	}
	valuePath := opts.ValueField
	if opts.ValueScore != "" {
		valuePath = fieldScoresPrefix + opts.ValueScore
	}
	ids := make(map[string]bool, len(projects))
	for _, p := range projects {
		ids[p.ID] = true
	}
	var errs errList
	out := make([]Candidate, 0, len(projects))
	for _, p := range projects {
		c := Candidate{ID: p.ID}
		if scores != nil {
			v, ok := scores[p.ID]
			if !ok {
				errs.addAt(p.ID, "", "candidates: project %q is not in the ranking", p.ID)
			}
			c.Value = v
		} else {
			v, _, err := readField(p, valuePath)
			if err != nil {
				errs.addAt(p.ID, valuePath, "candidates: project %q: %s %v", p.ID, valuePath, err)
			}
			c.Value = v
		}
		cost, field, err := projectCost(p, opts.Cost)
		if err != nil {
			errs.addAt(p.ID, field, "candidates: project %q: %v", p.ID, err)
		}
		c.Cost = cost
		if opts.Dependencies {
			for _, d := range p.Dependencies {
				if ids[d.On] && !containsString(c.Requires, d.On) {
					c.Requires = append(c.Requires, d.On)
				}
			}
		}
		out = append(out, c)
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// underWay reports whether a project has spent money.
func underWay(p *pmo.Project) bool {
	if p.Budget.Actual.Sign() > 0 {
		return true
	}
	return p.EarnedValue != nil && p.EarnedValue.AC.Sign() > 0
}

// projectCost returns a project's cost on basis b and the field it comes
// from (for errors).
func projectCost(p *pmo.Project, b CostBasis) (pmo.Money, string, error) {
	need := func(m pmo.Money, field string) (pmo.Money, string, error) {
		if m.IsZero() {
			return pmo.Money{}, field, fieldError(field + " is missing")
		}
		return m, field, nil
	}
	minusActual := func(m pmo.Money, field string) (pmo.Money, string, error) {
		if m.IsZero() {
			return pmo.Money{}, field, fieldError(field + " is missing")
		}
		if p.Budget.Actual.IsZero() {
			return m, field, nil
		}
		left, err := m.Sub(p.Budget.Actual)
		if err != nil {
			return pmo.Money{}, field, fieldError(fmt.Sprintf("%s %s and budget.actual %s: %v", field, m, p.Budget.Actual, err))
		}
		if left.Sign() < 0 {
			return pmo.Money{}, field, fieldError(fmt.Sprintf("remaining cost %s − budget.actual %s is negative", m, p.Budget.Actual))
		}
		return left, field + " − budget.actual", nil
	}
	switch b {
	case CostForecast:
		return need(p.Budget.Forecast, FieldBudgetForecast)
	case CostForecastRemaining:
		return minusActual(p.Budget.Forecast, FieldBudgetForecast)
	case CostRemaining:
		if !underWay(p) {
			return need(p.Budget.Approved, FieldBudgetApproved)
		}
		if ev := p.EarnedValue; ev != nil {
			m, err := ev.Metrics()
			if err != nil {
				return pmo.Money{}, "earned_value", fieldError(strings.TrimPrefix(err.Error(), "pmo: "))
			}
			if m.EACDefined {
				if m.ETC.Sign() < 0 {
					return pmo.Money{}, "earned_value", fieldError(fmt.Sprintf("remaining cost EAC − AC = %s is negative", m.ETC))
				}
				return pmo.NewMoney(m.ETC.Amount.Round(2), m.ETC.Currency), "earned_value EAC − AC", nil
			}
		}
		if !p.Budget.Forecast.IsZero() {
			return minusActual(p.Budget.Forecast, FieldBudgetForecast)
		}
		return minusActual(p.Budget.Approved, FieldBudgetApproved)
	}
	return need(p.Budget.Approved, FieldBudgetApproved)
}

func containsString(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
