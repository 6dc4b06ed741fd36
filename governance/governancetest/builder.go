package governancetest

import (
	"maps"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/pmokit/pmokit/pmo"
)

// PortfolioBuilder builds a small portfolio for a test. Its methods return
// the builder so that calls chain; a malformed value (a money or a date) is
// reported with t.Fatalf at the call that gave it.
type PortfolioBuilder struct {
	t  testing.TB
	pf pmo.Portfolio
}

// NewPortfolio starts a portfolio with ID "pf-test", name "Test portfolio",
// currency USD and the default lifecycle.
func NewPortfolio(t testing.TB) *PortfolioBuilder {
	t.Helper()
	return &PortfolioBuilder{t: t, pf: pmo.Portfolio{ID: "pf-test", Name: "Test portfolio", Currency: "USD"}}
}

// WithType sets the PMO type of the portfolio.
func (b *PortfolioBuilder) WithType(t pmo.Type) *PortfolioBuilder {
	b.pf.PMOType = t
	return b
}

// WithPerson adds a person with the given ID (also used as the name) and
// roles.
func (b *PortfolioBuilder) WithPerson(id string, roles ...string) *PortfolioBuilder {
	b.pf.People = append(b.pf.People, pmo.Person{ID: id, Name: id, Roles: roles})
	return b
}

// WithProject adds a project, typically built with [NewProject].
func (b *PortfolioBuilder) WithProject(p pmo.Project) *PortfolioBuilder {
	b.pf.Projects = append(b.pf.Projects, p)
	return b
}

// With applies f to the portfolio under construction: the escape hatch for
// fields the builder has no method for.
func (b *PortfolioBuilder) With(f func(*pmo.Portfolio)) *PortfolioBuilder {
	f(&b.pf)
	return b
}

// Build returns the portfolio. Each call returns a new value, whose people
// and projects (with their lists) a test may change without changing the
// builder or another built value; the builder may be reused.
func (b *PortfolioBuilder) Build() *pmo.Portfolio {
	pf := b.pf
	pf.People = slices.Clone(b.pf.People)
	for i := range pf.People {
		pf.People[i].Roles = slices.Clone(pf.People[i].Roles)
	}
	pf.Programs = slices.Clone(b.pf.Programs)
	pf.Waivers = slices.Clone(b.pf.Waivers)
	for i := range pf.Waivers {
		pf.Waivers[i].Conditions = slices.Clone(pf.Waivers[i].Conditions)
	}
	pf.Projects = slices.Clone(b.pf.Projects)
	for i := range pf.Projects {
		pf.Projects[i] = cloneProject(pf.Projects[i])
	}
	return &pf
}

// ProjectBuilder builds one project for a test; see [PortfolioBuilder].
type ProjectBuilder struct {
	t testing.TB
	p pmo.Project
}

// NewProject starts a project with the given ID (also used as the name) in
// phase initiation.
func NewProject(t testing.TB, id string) *ProjectBuilder {
	t.Helper()
	return &ProjectBuilder{t: t, p: pmo.Project{ID: id, Name: id, Phase: pmo.PhaseInitiation}}
}

// Phase sets the lifecycle phase.
func (b *ProjectBuilder) Phase(phase string) *ProjectBuilder {
	b.p.Phase = phase
	return b
}

// Status sets the status, a word of the portfolio's status scale (green,
// amber, red by default).
func (b *ProjectBuilder) Status(s pmo.RAG) *ProjectBuilder {
	b.p.Status = s
	return b
}

// Sponsor sets the sponsor's person ID.
func (b *ProjectBuilder) Sponsor(id string) *ProjectBuilder {
	b.p.Sponsor = id
	return b
}

// Manager sets the project manager's person ID.
func (b *ProjectBuilder) Manager(id string) *ProjectBuilder {
	b.p.Manager = id
	return b
}

// Budget sets the approved budget and the forecast at completion, each a
// money string such as "1200000 USD"; an empty string leaves it unset.
func (b *ProjectBuilder) Budget(approved, forecast string) *ProjectBuilder {
	b.t.Helper()
	b.p.Budget.Approved = b.money(approved)
	b.p.Budget.Forecast = b.money(forecast)
	return b
}

// EarnedValue sets the earned-value snapshot: budget at completion, planned
// value, earned value and actual cost, as money strings.
func (b *ProjectBuilder) EarnedValue(bac, pv, ev, ac string) *ProjectBuilder {
	b.t.Helper()
	b.p.EarnedValue = &pmo.EarnedValue{BAC: b.money(bac), PV: b.money(pv), EV: b.money(ev), AC: b.money(ac)}
	return b
}

// Document adds a governance document of the given kind (charter,
// business_case, recovery_plan…) and status.
func (b *ProjectBuilder) Document(kind string, status pmo.DocumentStatus) *ProjectBuilder {
	id := "DOC-" + strconv.Itoa(len(b.p.Documents)+1)
	b.p.Documents = append(b.p.Documents, pmo.Document{ID: id, Title: kind, Kind: kind, Status: status})
	return b
}

// Approval adds an approved approval of the gate (the phase being entered)
// by person by, in role.
func (b *ProjectBuilder) Approval(gate, role, by string) *ProjectBuilder {
	b.p.Approvals = append(b.p.Approvals, pmo.Approval{Gate: gate, Role: role, By: by, Decision: pmo.ApprovalApproved})
	return b
}

// StatusReport adds a status report dated date (YYYY-MM-DD) with a status.
func (b *ProjectBuilder) StatusReport(date string, status pmo.RAG) *ProjectBuilder {
	b.t.Helper()
	b.p.StatusReports = append(b.p.StatusReports, pmo.StatusReport{Date: b.date(date), Status: status})
	return b
}

// Milestone adds a milestone due on due (YYYY-MM-DD), done or not.
func (b *ProjectBuilder) Milestone(id, due string, done bool) *ProjectBuilder {
	b.t.Helper()
	b.p.Milestones = append(b.p.Milestones, pmo.Milestone{ID: id, Name: id, Due: b.date(due), Done: done})
	return b
}

// Tolerance sets the project's tolerance of one dimension (cost, time,
// scope, risk, quality or benefits) from its plus and minus limits, each a
// percent, whole days or a money ("10%", "10d", "50000 USD"); a limit that
// does not parse, or an unknown dimension, fails the test.
func (b *ProjectBuilder) Tolerance(dimension, plus, minus string) *ProjectBuilder {
	b.t.Helper()
	tol := &pmo.Tolerance{Plus: b.limit(plus), Minus: b.limit(minus)}
	if b.p.Tolerances == nil {
		b.p.Tolerances = &pmo.Tolerances{}
	}
	t := b.p.Tolerances
	switch dimension {
	case "cost":
		t.Cost = tol
	case "time":
		t.Time = tol
	case "scope":
		t.Scope = tol
	case "risk":
		t.Risk = tol
	case "quality":
		t.Quality = tol
	case "benefits":
		t.Benefits = tol
	default:
		b.t.Fatalf("governancetest: project %s: unknown tolerance dimension %q (want cost, time, scope, risk, quality or benefits)", b.p.ID, dimension)
	}
	return b
}

// Stage adds a management stage as given.
func (b *ProjectBuilder) Stage(s pmo.Stage) *ProjectBuilder {
	b.p.Stages = append(b.p.Stages, s)
	return b
}

func (b *ProjectBuilder) limit(s string) pmo.Limit {
	b.t.Helper()
	l, err := pmo.ParseLimit(s)
	if err != nil {
		b.t.Fatalf("governancetest: project %s: %v", b.p.ID, err)
	}
	return l
}

// Risk adds a risk as given.
func (b *ProjectBuilder) Risk(r pmo.Risk) *ProjectBuilder {
	b.p.Risks = append(b.p.Risks, r)
	return b
}

// Issue adds an issue as given.
func (b *ProjectBuilder) Issue(i pmo.Issue) *ProjectBuilder {
	b.p.Issues = append(b.p.Issues, i)
	return b
}

// Change adds a change request as given.
func (b *ProjectBuilder) Change(c pmo.Change) *ProjectBuilder {
	b.p.Changes = append(b.p.Changes, c)
	return b
}

// Decision adds a decision-log entry as given.
func (b *ProjectBuilder) Decision(d pmo.Decision) *ProjectBuilder {
	b.p.Decisions = append(b.p.Decisions, d)
	return b
}

// With applies f to the project under construction: the escape hatch for
// fields the builder has no method for.
func (b *ProjectBuilder) With(f func(*pmo.Project)) *ProjectBuilder {
	f(&b.p)
	return b
}

// Build returns the project. Each call returns a new value, whose lists a
// test may change without changing the builder or another built value.
func (b *ProjectBuilder) Build() pmo.Project { return cloneProject(b.p) }

// cloneProject copies the lists, maps and earned value of a project so that
// the copy shares no storage the builders append to or a test changes.
func cloneProject(p pmo.Project) pmo.Project {
	if p.EarnedValue != nil {
		ev := *p.EarnedValue
		p.EarnedValue = &ev
	}
	p.Scores = maps.Clone(p.Scores)
	p.Attributes = maps.Clone(p.Attributes)
	p.StatusReports = slices.Clone(p.StatusReports)
	p.Documents = slices.Clone(p.Documents)
	p.Milestones = slices.Clone(p.Milestones)
	p.Risks = slices.Clone(p.Risks)
	p.Issues = slices.Clone(p.Issues)
	p.Assumptions = slices.Clone(p.Assumptions)
	p.Dependencies = slices.Clone(p.Dependencies)
	p.Changes = slices.Clone(p.Changes)
	p.Approvals = slices.Clone(p.Approvals)
	p.Decisions = slices.Clone(p.Decisions)
	for i := range p.Decisions {
		p.Decisions[i].By = slices.Clone(p.Decisions[i].By)
	}
	p.Benefits = slices.Clone(p.Benefits)
	return p
}

func (b *ProjectBuilder) money(s string) pmo.Money {
	b.t.Helper()
	if s == "" {
		return pmo.Money{}
	}
	m, err := pmo.ParseMoney(s)
	if err != nil {
		b.t.Fatalf("governancetest: project %s: %v", b.p.ID, err)
	}
	return m
}

func (b *ProjectBuilder) date(s string) time.Time {
	b.t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		b.t.Fatalf("governancetest: project %s: invalid date %q (want YYYY-MM-DD)", b.p.ID, s)
	}
	return d
}
