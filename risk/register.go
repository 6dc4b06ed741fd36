package risk

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/pmokit/pmokit/pmo"

	"github.com/pmokit/pmokit/internal/textcut"
)

// Basis says which assessment of a risk a roll-up counts.
type Basis int

// The Basis values. The zero value is Inherent.
const (
	Inherent Basis = iota // the risk's own probability and impact, before its response
	Residual              // the residual assessment when the risk has one, the inherent one otherwise
)

// Filter selects the risks a roll-up covers. The zero Filter covers every
// open or occurred risk of every project on the inherent basis.
//
// Closed risks are left out unless IncludeClosed is set: a closed risk can
// no longer happen, and counting it would inflate exposure. Risks of a kind
// the matrix does not rate (an opportunity on a threat matrix) are left out
// too, so that threats and opportunities can be rolled up on their own
// matrices.
type Filter struct {
	Project       string   // only this project (an ID); "" for all
	Program       string   // only the projects of this program (an ID); "" for all
	Categories    []string // only risks of these categories; empty for all
	IncludeClosed bool     // count closed risks too
	Basis         Basis    // inherent (default) or residual assessments
}

// Entry is one risk of a register with its project and assessment.
type Entry struct {
	ProjectID  string
	Risk       pmo.Risk
	Assessment Assessment // on the register's basis: the residual one when Basis is Residual and the risk has one
}

// Amounts is a list of amounts in distinct currencies, sorted by currency.
// Totals over a portfolio are kept per currency, never converted.
type Amounts []pmo.Money

// add adds m to the amount in m's currency; the zero Money is skipped.
func (a Amounts) add(m pmo.Money) Amounts {
	if m.IsZero() {
		return a
	}
	i, found := slices.BinarySearchFunc(a, m.Currency, func(x pmo.Money, c string) int { return cmp.Compare(x.Currency, c) })
	if found {
		a[i].Amount = a[i].Amount.Add(m.Amount)
		return a
	}
	return slices.Insert(a, i, pmo.Money{Amount: m.Amount, Currency: m.Currency})
}

// In returns the amount in a currency, and false when there is none.
func (a Amounts) In(currency string) (pmo.Money, bool) {
	for _, m := range a {
		if m.Currency == currency {
			return m, true
		}
	}
	return pmo.Money{}, false
}

// Exposure is a roll-up of a group of risks (a category, a project, or the
// whole register): how many, the threats' exposure (Σ probability × cost
// impact) and the opportunities' expected value, per currency, and the
// expected schedule impact in days of each.
//
// Risks counts every risk of the group; Threats and Opportunities split it
// by kind, and Open, Occurred and Closed by status (a risk without a status
// counts as open; Closed is 0 unless the filter includes closed risks). The
// register covers open and occurred risks by default: say "33 risks, 32
// open and 1 occurred", not "33 open risks".
type Exposure struct {
	Key             string // the category or project ID; "" for the total and for uncategorized risks
	Risks           int
	Threats         int
	Opportunities   int
	Open            int
	Occurred        int
	Closed          int
	Threat          Amounts
	Opportunity     Amounts
	ThreatDays      float64
	OpportunityDays float64
}

func (e *Exposure) add(a Assessment, status pmo.RiskStatus) {
	e.Risks++
	switch status {
	case pmo.RiskOccurred:
		e.Occurred++
	case pmo.RiskClosed:
		e.Closed++
	default:
		e.Open++
	}
	if a.Kind == pmo.Opportunity {
		e.Opportunities++
		e.Opportunity = e.Opportunity.add(a.Exposure)
		e.OpportunityDays += a.ScheduleDays
		return
	}
	e.Threats++
	e.Threat = e.Threat.add(a.Exposure)
	e.ThreatDays += a.ScheduleDays
}

// Register is a roll-up of the risks of a portfolio, a program or a project
// on one matrix: every risk assessed, counts per cell, exposure by category,
// by project and in total. Build one with [Rollup]. It is safe for concurrent
// reading; do not modify the slices it returns.
type Register struct {
	matrix  *Matrix
	entries []Entry // in portfolio order: projects, then their risks
	counts  [][]int
	threats [][]int // counts of threats only
	opps    [][]int // counts of opportunities only
	total   Exposure
	byCat   []Exposure
	byProj  []Exposure
}

// Rollup assesses the risks of pf that the filter selects on matrix m and
// rolls them up. A risk's ordinal impact is used when it has one; otherwise
// its cost impact is rated as a fraction of its project's approved budget
// (see [Matrix.AssessWith]). Every risk that cannot be assessed is reported,
// the errors joined, each naming the risk's path
// (risk: projects[2].risks[0]: ...). A filter that names a project
// or program the portfolio does not have is an error, not an empty register.
func Rollup(pf *pmo.Portfolio, m *Matrix, f Filter) (*Register, error) {
	if pf == nil || m == nil {
		return nil, invalidf("risk: rollup: nil portfolio or matrix")
	}
	nl, ni := m.Size()
	grid := func() [][]int {
		g := make([][]int, nl)
		for l := range g {
			g[l] = make([]int, ni)
		}
		return g
	}
	reg := &Register{matrix: m, counts: grid(), threats: grid(), opps: grid()}
	if f.Project != "" && !slices.ContainsFunc(pf.Projects, func(p pmo.Project) bool { return p.ID == f.Project }) {
		return nil, invalidf("risk: rollup: filter project %s is not a project of the portfolio", textcut.Quote(f.Project))
	}
	if f.Program != "" &&
		!slices.ContainsFunc(pf.Programs, func(p pmo.Program) bool { return p.ID == f.Program }) &&
		!slices.ContainsFunc(pf.Projects, func(p pmo.Project) bool { return p.Program == f.Program }) {
		return nil, invalidf("risk: rollup: filter program %s is not a program of the portfolio", textcut.Quote(f.Program))
	}
	selected := func(p *pmo.Project) bool {
		return (f.Project == "" || p.ID == f.Project) && (f.Program == "" || p.Program == f.Program)
	}
	n := 0
	for pi := range pf.Projects {
		if selected(&pf.Projects[pi]) {
			n += len(pf.Projects[pi].Risks)
		}
	}
	reg.entries = make([]Entry, 0, n)
	var errs []error
	cats := map[string]*Exposure{}
	for pi := range pf.Projects {
		p := &pf.Projects[pi]
		if !selected(p) {
			continue
		}
		proj := Exposure{Key: p.ID}
		for ri, r := range p.Risks {
			if !f.IncludeClosed && r.Status == pmo.RiskClosed {
				continue
			}
			if len(f.Categories) > 0 && !slices.Contains(f.Categories, r.Category) {
				continue
			}
			kind := cmp.Or(r.Kind, pmo.Threat)
			if m.Kind() != 0 && kind != m.Kind() {
				continue
			}
			a, err := m.AssessWith(r, p.Budget.Approved)
			if err != nil {
				errs = append(errs, &riskError{path: fmt.Sprintf("projects[%d].risks[%d] (%s)", pi, ri, r.ID), err: err})
				continue
			}
			if f.Basis == Residual && a.Residual != nil {
				a = *a.Residual
			}
			reg.entries = append(reg.entries, Entry{ProjectID: p.ID, Risk: r, Assessment: a})
			reg.counts[a.Cell.Likelihood][a.Cell.Impact]++
			if a.Kind == pmo.Opportunity {
				reg.opps[a.Cell.Likelihood][a.Cell.Impact]++
			} else {
				reg.threats[a.Cell.Likelihood][a.Cell.Impact]++
			}
			reg.total.add(a, r.Status)
			proj.add(a, r.Status)
			c := cats[r.Category]
			if c == nil {
				c = &Exposure{Key: r.Category}
				cats[r.Category] = c
			}
			c.add(a, r.Status)
		}
		if proj.Risks > 0 {
			reg.byProj = append(reg.byProj, proj)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	for _, c := range cats {
		reg.byCat = append(reg.byCat, *c)
	}
	slices.SortFunc(reg.byCat, func(a, b Exposure) int { return cmp.Compare(a.Key, b.Key) })
	return reg, nil
}

// riskError is a risk of a portfolio that cannot be assessed, with its path:
// "risk: projects[2].risks[0]: ...", the package name once.
type riskError struct {
	path string
	err  error
}

func (e *riskError) Error() string {
	return "risk: " + e.path + ": " + strings.TrimPrefix(e.err.Error(), "risk: ")
}

func (e *riskError) Unwrap() error { return e.err }

// Matrix returns the matrix the register is rated on.
func (r *Register) Matrix() *Matrix { return r.matrix }

// Entries returns the risks of the register with their assessments, in
// portfolio order (projects in order, then each project's risks).
func (r *Register) Entries() []Entry { return r.entries }

// Risks returns the register's risks, in portfolio order: the risks its
// filter selected (by default, no closed ones). [Simulate] takes them when
// their costs are in one currency; [Register.Simulate] simulates any
// register, per currency and per project.
func (r *Register) Risks() []pmo.Risk {
	out := make([]pmo.Risk, len(r.entries))
	for i, e := range r.entries {
		out[i] = e.Risk
	}
	return out
}

// Counts returns the number of risks in each cell, threats and
// opportunities together, indexed [likelihood][impact] with the lowest
// levels first. A heat map shows the two kinds apart: see [Register.KindCounts]
// and [Register.HeatMap].
func (r *Register) Counts() [][]int { return r.counts }

// KindCounts returns the number of risks of one kind (pmo.Threat or
// pmo.Opportunity) in each cell, indexed as [Register.Counts]; any other
// kind gives the counts of every risk.
func (r *Register) KindCounts(kind pmo.RiskKind) [][]int {
	switch kind {
	case pmo.Threat:
		return r.threats
	case pmo.Opportunity:
		return r.opps
	}
	return r.counts
}

// Total returns the exposure of the whole register.
func (r *Register) Total() Exposure { return r.total }

// ByCategory returns the exposure per risk category, sorted by category.
func (r *Register) ByCategory() []Exposure { return r.byCat }

// ByProject returns the exposure per project that has risks in the
// register, in portfolio order.
func (r *Register) ByProject() []Exposure { return r.byProj }

// Order is the order of a list of top risks. The zero value is ByExposure.
type Order int

// The Order values.
const (
	// ByExposure orders by exposure (probability × cost impact), largest
	// first; then by score, then by schedule exposure (probability × days).
	// Risks with a cost impact come before those without. Amounts are
	// compared only within a currency, never converted: with several
	// currencies the order takes the largest exposure of each currency
	// (those of equal rank by score), then the second largest of each, and
	// so on.
	ByExposure Order = iota
	// ByScore orders by the matrix cell's score, highest first; then by
	// exposure as ByExposure does, then by schedule exposure.
	ByScore
)

// TopOptions selects and orders a list of top risks. The zero value lists
// threats and opportunities together by exposure.
type TopOptions struct {
	Kind  pmo.RiskKind // only risks of this kind (pmo.Threat or pmo.Opportunity); 0 for both
	Order Order        // ByExposure (default) or ByScore
}

// Top returns the n highest risks of either kind by exposure: TopBy with
// the zero [TopOptions].
func (r *Register) Top(n int) []Entry { return r.TopBy(n, TopOptions{}) }

// TopBy returns the n highest risks (all when n ≤ 0 or n exceeds their
// number) of the kind and in the [Order] of o. Ties on every figure are
// ordered by project ID and risk ID, so that they always come out in the
// same order. List threats and opportunities apart (Kind pmo.Threat, then
// pmo.Opportunity): an opportunity's exposure is a gain, not a loss to rank
// among the threats. An Order or Kind outside its values is taken as the
// default.
func (r *Register) TopBy(n int, o TopOptions) []Entry {
	out := make([]Entry, 0, len(r.entries))
	for _, e := range r.entries {
		if o.Kind == 0 || e.Assessment.Kind == o.Kind || o.Kind != pmo.Threat && o.Kind != pmo.Opportunity {
			out = append(out, e)
		}
	}
	// Amounts are compared within a currency only: each risk gets the rank
	// of its exposure among the risks in its currency (1 for the largest),
	// and the order takes the first of every currency, then the second, and
	// so on.
	rank := make([]int, len(out))
	byCur := make([]int, len(out))
	for i := range byCur {
		byCur[i] = i
	}
	slices.SortStableFunc(byCur, func(i, j int) int {
		x, y := out[i].Assessment.Exposure, out[j].Assessment.Exposure
		if c := cmp.Compare(x.Currency, y.Currency); c != 0 {
			return c
		}
		return y.Amount.Cmp(x.Amount)
	})
	for k, i := range byCur {
		switch prev := out[byCur[max(k-1, 0)]].Assessment.Exposure; {
		case out[i].Assessment.Exposure.IsZero():
			rank[i] = 0
		case k > 0 && prev.Currency == out[i].Assessment.Exposure.Currency && prev.Amount.Equal(out[i].Assessment.Exposure.Amount):
			rank[i] = rank[byCur[k-1]]
		case k > 0 && prev.Currency == out[i].Assessment.Exposure.Currency:
			rank[i] = rank[byCur[k-1]] + 1
		default:
			rank[i] = 1
		}
	}
	idx := make([]int, len(out))
	for i := range idx {
		idx[i] = i
	}
	byExposure := func(i, j int) int {
		x, y := out[i].Assessment.Exposure, out[j].Assessment.Exposure
		if c := cmp.Compare(b2i(x.IsZero()), b2i(y.IsZero())); c != 0 {
			return c
		}
		if c := cmp.Compare(rank[i], rank[j]); c != 0 {
			return c
		}
		if x.Currency == y.Currency {
			return y.Amount.Cmp(x.Amount)
		}
		return 0
	}
	slices.SortStableFunc(idx, func(i, j int) int {
		x, y := out[i].Assessment, out[j].Assessment
		if o.Order == ByScore {
			if c := cmp.Compare(y.Score, x.Score); c != 0 {
				return c
			}
			if c := byExposure(i, j); c != 0 {
				return c
			}
		} else {
			if c := byExposure(i, j); c != 0 {
				return c
			}
			if c := cmp.Compare(y.Score, x.Score); c != 0 {
				return c
			}
		}
		if c := cmp.Compare(y.ScheduleDays, x.ScheduleDays); c != 0 {
			return c
		}
		if c := cmp.Compare(x.Exposure.Currency, y.Exposure.Currency); c != 0 {
			return c
		}
		if c := cmp.Compare(out[i].ProjectID, out[j].ProjectID); c != 0 {
			return c
		}
		return cmp.Compare(out[i].Risk.ID, out[j].Risk.ID)
	})
	sorted := make([]Entry, len(out))
	for k, i := range idx {
		sorted[k] = out[i]
	}
	out = sorted
	if n > 0 && n < len(out) {
		out = out[:n]
	}
	return out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Appetite is a PMO's risk appetite: the limits a threat, a project and the
// whole register should stay within. A zero field sets no limit.
// Opportunities are never breaches.
//
// Money limits apply to amounts in their own currency; an exposure in
// another currency cannot be compared and is reported as a breach of kind
// [BreachCurrency] rather than passed silently.
type Appetite struct {
	MaxRating          string    // the highest acceptable rating, by name (e.g. "medium")
	MaxScore           float64   // the highest acceptable cell score
	MaxExposure        pmo.Money // the largest acceptable exposure of one threat
	MaxProjectExposure pmo.Money // the largest acceptable total threat exposure of a project
	MaxTotalExposure   pmo.Money // the largest acceptable total threat exposure of the register
}

// BreachKind says which limit of an [Appetite] a breach exceeds.
type BreachKind int

// The BreachKind values.
const (
	BreachRating          BreachKind = iota + 1 // a threat rated above MaxRating
	BreachScore                                 // a threat scored above MaxScore
	BreachExposure                              // a threat's exposure above MaxExposure
	BreachProjectExposure                       // a project's threat exposure above MaxProjectExposure
	BreachTotalExposure                         // the register's threat exposure above MaxTotalExposure
	BreachCurrency                              // an exposure in another currency than its limit
)

// Breach is one limit of an appetite exceeded: by which risk (RiskID "" for
// a project or register limit) of which project (ProjectID "" for the
// register), the limit and the actual value as text, and a sentence.
type Breach struct {
	Kind      BreachKind
	ProjectID string
	RiskID    string
	Limit     string
	Actual    string
	Message   string
}

// Breaches checks the register's threats against an appetite and lists
// every breach: per risk (rating, score, exposure) in portfolio order, then
// per project in portfolio order, then the total. A MaxRating that is not
// one of the matrix's ratings, or a negative limit, is an error.
func (r *Register) Breaches(a Appetite) ([]Breach, error) {
	var maxRank int
	if a.MaxRating != "" {
		rt, ok := r.matrix.Rating(a.MaxRating)
		if !ok {
			return nil, invalidf("risk: appetite: max rating %s is not a rating of matrix %s", textcut.Quote(a.MaxRating), textcut.Quote(r.matrix.Name()))
		}
		maxRank = rt.Rank
	}
	for _, lim := range []pmo.Money{a.MaxExposure, a.MaxProjectExposure, a.MaxTotalExposure} {
		if lim.Sign() < 0 {
			return nil, invalidf("risk: appetite: negative limit %s", lim)
		}
	}
	if a.MaxScore < 0 {
		return nil, invalidf("risk: appetite: negative max score %v", a.MaxScore)
	}
	var out []Breach
	money := func(kind BreachKind, proj, risk, what string, limit pmo.Money, actual Amounts) {
		if limit.IsZero() {
			return
		}
		for _, x := range actual {
			if x.Currency != limit.Currency {
				out = append(out, Breach{Kind: BreachCurrency, ProjectID: proj, RiskID: risk, Limit: limit.String(), Actual: x.String(),
					Message: fmt.Sprintf("%s %s cannot be compared with the limit %s", what, x, limit)})
				continue
			}
			if x.Amount.GreaterThan(limit.Amount) {
				out = append(out, Breach{Kind: kind, ProjectID: proj, RiskID: risk, Limit: limit.String(), Actual: x.String(),
					Message: fmt.Sprintf("%s %s exceeds the limit %s", what, x, limit)})
			}
		}
	}
	for _, e := range r.entries {
		as := e.Assessment
		if as.Kind == pmo.Opportunity {
			continue
		}
		if maxRank > 0 && as.Rating.Rank > maxRank {
			out = append(out, Breach{Kind: BreachRating, ProjectID: e.ProjectID, RiskID: e.Risk.ID, Limit: a.MaxRating, Actual: as.Rating.Name,
				Message: fmt.Sprintf("risk %s of project %s is rated %s, above %s", e.Risk.ID, e.ProjectID, as.Rating.Name, a.MaxRating)})
		}
		if a.MaxScore > 0 && as.Score > a.MaxScore {
			out = append(out, Breach{Kind: BreachScore, ProjectID: e.ProjectID, RiskID: e.Risk.ID,
				Limit: fmt.Sprint(a.MaxScore), Actual: fmt.Sprint(as.Score),
				Message: fmt.Sprintf("risk %s of project %s scores %v, above %v", e.Risk.ID, e.ProjectID, as.Score, a.MaxScore)})
		}
		money(BreachExposure, e.ProjectID, e.Risk.ID, fmt.Sprintf("the exposure of risk %s of project %s", e.Risk.ID, e.ProjectID),
			a.MaxExposure, Amounts{}.add(as.Exposure))
	}
	for _, p := range r.byProj {
		money(BreachProjectExposure, p.Key, "", "the threat exposure of project "+p.Key, a.MaxProjectExposure, p.Threat)
	}
	money(BreachTotalExposure, "", "", "the total threat exposure", a.MaxTotalExposure, r.total.Threat)
	return out, nil
}
