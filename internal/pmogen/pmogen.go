// Package pmogen generates deterministic synthetic portfolios for tests and
// benchmarks: any number of projects over a handful of programs and people,
// each project with a full RAID log, approvals, changes, decisions, status
// reports, documents, earned value, prioritization scores and attributes.
//
// The same (n, seed) always gives the same portfolio, on every platform and
// Go version (it draws from math/rand/v2's PCG, whose sequence is specified).
// About a third of the projects are unhealthy in some way (over budget, CPI
// below 0.9, red status, overdue milestones, open high risks without an owner,
// large changes decided by a single person, a requester approving their own
// change) so that governance rules have something to find. Every generated
// portfolio passes [pmo.Portfolio.Validate].
package pmogen

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/pmokit/pmokit/pmo"
	"github.com/shopspring/decimal"
)

// Today returns the date the generated data is built around, 2026-11-26:
// status dates, due dates and report dates are placed relative to it. Tests
// that evaluate rules on a generated portfolio should evaluate them at this
// date.
func Today() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) }

// gen holds the state of one Generate call.
type gen struct {
	words
	r        *rand.Rand
	pf       *pmo.Portfolio
	sponsors []string
	managers []string
	staff    []string // everyone, for owners
	board    []string // portfolio_board members
	pmo      []string
}

// Generate returns a synthetic portfolio of n projects (n < 0 counts as 0)
// drawn from a PCG generator seeded with seed. The portfolio has
// max(3, n/25) programs and a pool of people scaled to n (sponsors, project
// managers, PMO staff, board members, change authority); its currency is USD
// and about one project in eight is budgeted in EUR.
//
// Each project has 3–8 risks (with cost and schedule ranges), 2–5 milestones,
// 0–3 issues, assumptions, changes, dependencies on earlier projects,
// approvals and decisions for the gates it has passed, status reports,
// documents (charter, business case), benefits, earned value once it is in
// execution or closing, the scores strategic_fit, business_value,
// time_criticality, risk_reduction, job_size, reach, impact, confidence and
// effort, and the attributes region, tier, regulated and tags.
func Generate(n int, seed uint64) *pmo.Portfolio {
	n = max(n, 0)
	g := &gen{words: vocabulary(), r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	g.pf = &pmo.Portfolio{
		ID:          fmt.Sprintf("pf-gen-%d", seed),
		Name:        fmt.Sprintf("Generated portfolio (%d projects, seed %d)", n, seed),
		Description: "Synthetic data from internal/pmogen",
		PMOType:     pmo.Type(1 + g.r.IntN(3)),
		Currency:    "USD",
	}
	g.people(n)
	g.programs(n)
	g.pf.Projects = make([]pmo.Project, 0, n)
	for i := range n {
		g.pf.Projects = append(g.pf.Projects, g.project(i))
	}
	total := decimal.Zero
	for _, p := range g.pf.Projects {
		if p.Budget.Approved.Currency == "USD" {
			total = total.Add(p.Budget.Approved.Amount)
		}
	}
	g.pf.Budget = pmo.NewMoney(total.Mul(decimal.NewFromInt(11)).Div(decimal.NewFromInt(10)).Round(-3), "USD")
	return g.pf
}

// words holds the vocabulary the generator draws names and titles from.
type words struct {
	firstNames     []string
	lastNames      []string
	regions        []string
	tags           []string
	nouns          []string
	verbs          []string
	riskTitles     []string
	categories     []string
	issueTitle     []string
	milestoneNames []string
	changeText     []string
	benefitTxt     []string
	fib            []float64
}

// vocabulary returns the generator's word lists; each call builds new ones.
func vocabulary() words {
	return words{
		firstNames:     []string{"Ana", "Lee", "Priya", "Tomás", "Chen", "Fatima", "Olu", "Marta", "Jonas", "Keiko", "Sam", "Ines", "Ravi", "Zoe", "Idris", "Noor"},
		lastNames:      []string{"Ruiz", "Chen", "Patel", "Silva", "Wang", "Haddad", "Adeyemi", "Nowak", "Berg", "Sato", "Okafor", "Moreau", "Iyer", "Klein", "Rahman", "Costa"},
		regions:        []string{"EMEA", "AMER", "APAC"},
		tags:           []string{"cloud", "data", "security", "customer", "finance", "compliance", "ai", "mobile", "erp", "hr"},
		nouns:          []string{"CRM", "Data Platform", "Billing", "Identity", "Payments", "Warehouse", "Mobile App", "Portal", "HR System", "Analytics", "Network", "ERP", "Contact Centre", "Website", "Security Ops"},
		verbs:          []string{"Replacement", "Modernisation", "Migration", "Rollout", "Upgrade", "Consolidation", "Redesign", "Automation"},
		riskTitles:     []string{"Vendor API deprecation", "Key engineer leaves", "Data quality worse than assumed", "Regulatory change", "Supplier delivers late", "Integration defects", "Licence costs rise", "Scope creep from business", "Performance below target", "Security audit findings", "Cloud credits available", "Reuse of shared platform"},
		categories:     []string{"technical", "resource", "commercial", "regulatory", "schedule", "security"},
		issueTitle:     []string{"Test environment down", "Budget code missing", "Vendor invoice disputed", "Key tester on leave", "Build pipeline flaky", "Access rights delayed"},
		milestoneNames: []string{"Charter signed", "Requirements baselined", "Design approved", "Build complete", "Data migrated", "User acceptance passed", "Go-live", "Hypercare ended"},
		changeText:     []string{"Add single sign-on", "Extra reporting module", "Extend pilot to second region", "Replace message broker", "Add audit trail", "Support a second currency"},
		benefitTxt:     []string{"Churn down 2%", "Cost to serve down 10%", "Cycle time halved", "Audit findings closed", "Revenue up 3%", "Manual effort down 5 FTE"},
		fib:            []float64{1, 2, 3, 5, 8, 13, 20},
	}
}

func (g *gen) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g *gen) people(n int) {
	add := func(prefix string, count int, roles ...string) []string {
		ids := make([]string, 0, count)
		for i := range count {
			id := fmt.Sprintf("u-%s%d", prefix, i+1)
			name := g.pick(g.firstNames) + " " + g.pick(g.lastNames)
			g.pf.People = append(g.pf.People, pmo.Person{
				ID: id, Name: name, Roles: append([]string(nil), roles...),
				Email: fmt.Sprintf("%s%d@example.com", prefix, i+1),
			})
			ids = append(ids, id)
		}
		return ids
	}
	g.sponsors = add("sp", max(3, n/20), "sponsor")
	g.managers = add("pm", max(4, n/8), "project_manager")
	g.pmo = add("pmo", max(2, n/100), "pmo")
	g.board = add("bd", 3, "portfolio_board", "sponsor")
	ca := add("ca", 1, "change_authority")
	g.staff = append(append(append(append([]string{}, g.sponsors...), g.managers...), g.pmo...), ca...)
}

func (g *gen) programs(n int) {
	for i := range max(3, n/25) {
		g.pf.Programs = append(g.pf.Programs, pmo.Program{
			ID:      fmt.Sprintf("pg-%d", i+1),
			Name:    fmt.Sprintf("%s Programme %d", g.pick(g.nouns), i+1),
			Manager: g.pick(g.managers),
			Sponsor: g.pick(g.board),
		})
	}
}

func day(offset int) time.Time { return Today().AddDate(0, 0, offset) }

// money returns amount (in whole units) in cur.
func money(amount int64, cur string) pmo.Money {
	return pmo.NewMoney(decimal.NewFromInt(amount), cur)
}

// scale returns m × f rounded to whole units, f in thousandths.
func scale(m pmo.Money, f int) pmo.Money {
	return pmo.NewMoney(m.Amount.Mul(decimal.NewFromInt(int64(f))).Div(decimal.NewFromInt(1000)).Round(0), m.Currency)
}

func (g *gen) project(i int) pmo.Project {
	r := g.r
	phases := pmo.DefaultLifecycle()
	// More projects in execution than elsewhere, as in real portfolios.
	phase := phases[[]int{0, 1, 1, 2, 2, 2, 2, 3}[r.IntN(8)]]
	phaseIdx := phases.Index(phase)
	unhealthy := r.IntN(3) == 0
	cur := "USD"
	if r.IntN(8) == 0 {
		cur = "EUR"
	}
	start := day(-30*(phaseIdx*3+1) - r.IntN(60))
	finish := start.AddDate(0, 4+r.IntN(20), r.IntN(28))
	p := pmo.Project{
		ID:          fmt.Sprintf("P-%05d", i+1),
		Name:        fmt.Sprintf("%s %s", g.pick(g.nouns), g.pick(g.verbs)),
		Description: "Generated project",
		Program:     g.pf.Programs[r.IntN(len(g.pf.Programs))].ID,
		Sponsor:     g.pick(g.sponsors),
		Manager:     g.pick(g.managers),
		Phase:       phase,
		Status:      pmo.Green,
		Start:       start,
		Finish:      finish,
	}
	if r.IntN(20) == 0 {
		p.Manager = "" // no manager assigned yet
	}
	approved := money(int64(100+r.IntN(4900))*1000, cur)
	p.Budget.Approved = approved
	p.Budget.Forecast = scale(approved, 900+r.IntN(150))
	if phaseIdx >= 2 {
		p.Budget.Actual = scale(approved, 100+r.IntN(700))
	}
	if unhealthy {
		p.Status = []pmo.RAG{pmo.Amber, pmo.Red}[r.IntN(2)]
		p.Budget.Forecast = scale(approved, 1080+r.IntN(300))
	} else if r.IntN(6) == 0 {
		p.Status = pmo.Amber
	}
	if phaseIdx >= 2 {
		p.EarnedValue = g.earnedValue(approved, unhealthy)
	}
	p.Scores = map[string]float64{
		"strategic_fit":    float64(1 + r.IntN(10)),
		"business_value":   g.fib[r.IntN(len(g.fib))],
		"time_criticality": g.fib[r.IntN(len(g.fib))],
		"risk_reduction":   g.fib[r.IntN(len(g.fib))],
		"job_size":         g.fib[r.IntN(len(g.fib))],
		"reach":            float64(100 * (1 + r.IntN(100))),
		"impact":           []float64{0.25, 0.5, 1, 2, 3}[r.IntN(5)],
		"confidence":       []float64{0.5, 0.8, 1}[r.IntN(3)],
		"effort":           float64(1 + r.IntN(24)),
	}
	tagList := []any{g.pick(g.tags)}
	if r.IntN(2) == 0 {
		tagList = append(tagList, g.pick(g.tags))
	}
	p.Attributes = map[string]any{
		"region":    g.pick(g.regions),
		"tier":      float64(1 + r.IntN(3)),
		"regulated": r.IntN(4) == 0,
		"tags":      tagList,
	}
	g.documents(&p, phaseIdx)
	g.milestones(&p, unhealthy)
	g.risks(&p, cur, unhealthy)
	g.issues(&p, unhealthy)
	g.assumptions(&p)
	g.dependencies(&p, i)
	g.changes(&p, cur, unhealthy)
	g.gates(&p, phases, phaseIdx, unhealthy)
	g.statusReports(&p, phaseIdx)
	g.benefits(&p)
	return p
}

func (g *gen) earnedValue(bac pmo.Money, unhealthy bool) *pmo.EarnedValue {
	r := g.r
	pv := scale(bac, 150+r.IntN(750))
	spi, cpi := 930+r.IntN(120), 940+r.IntN(110)
	if unhealthy {
		spi, cpi = 700+r.IntN(200), 720+r.IntN(170)
	}
	ev := scale(pv, spi)
	ac := pmo.NewMoney(ev.Amount.Mul(decimal.NewFromInt(1000)).Div(decimal.NewFromInt(int64(cpi))).Round(0), ev.Currency)
	return &pmo.EarnedValue{AsOf: day(-1 - r.IntN(25)), BAC: bac, PV: pv, EV: ev, AC: ac}
}

func (g *gen) documents(p *pmo.Project, phaseIdx int) {
	r := g.r
	kinds := []string{"charter", "business_case"}
	for k, kind := range kinds {
		if phaseIdx == 0 && r.IntN(2) == 0 {
			continue // still being prepared
		}
		d := pmo.Document{
			ID: fmt.Sprintf("DOC-%d", k+1), Title: p.Name + " " + kind, Kind: kind,
			Status: pmo.DocumentDraft, URL: fmt.Sprintf("https://docs.example.com/%s/%s", p.ID, kind),
		}
		if phaseIdx > 0 || r.IntN(2) == 0 {
			d.Status, d.ApprovedBy, d.ApprovedOn = pmo.DocumentApproved, p.Sponsor, p.Start.AddDate(0, 0, 10+r.IntN(20))
		}
		p.Documents = append(p.Documents, d)
	}
	if p.Status == pmo.Red && r.IntN(2) == 0 {
		p.Documents = append(p.Documents, pmo.Document{
			ID: "DOC-3", Title: "Recovery plan", Kind: "recovery_plan", Status: pmo.DocumentDraft,
		})
	}
}

func (g *gen) milestones(p *pmo.Project, unhealthy bool) {
	r := g.r
	count := 2 + r.IntN(4)
	span := int(p.Finish.Sub(p.Start).Hours() / 24)
	for k := range count {
		due := p.Start.AddDate(0, 0, span*(k+1)/count)
		m := pmo.Milestone{ID: fmt.Sprintf("M%d", k+1), Name: g.milestoneNames[k%len(g.milestoneNames)], Due: due}
		if due.Before(Today()) && (!unhealthy || r.IntN(2) == 0) {
			m.Done, m.DoneOn = true, due.AddDate(0, 0, r.IntN(10)-3)
		}
		p.Milestones = append(p.Milestones, m)
	}
}

func (g *gen) risks(p *pmo.Project, cur string, unhealthy bool) {
	r := g.r
	for k := range 3 + r.IntN(6) {
		likely := int64(10+r.IntN(290)) * 1000
		days := float64(5 + r.IntN(55))
		rk := pmo.Risk{
			ID:                 fmt.Sprintf("R-%d", k+1),
			Title:              g.pick(g.riskTitles),
			Kind:               pmo.Threat,
			Category:           g.pick(g.categories),
			Owner:              g.pick(g.staff),
			Probability:        float64(1+r.IntN(19)) / 20,
			Impact:             1 + r.IntN(5),
			CostImpact:         money(likely, cur),
			CostRange:          &pmo.MoneyRange{Min: money(likely/2, cur), Max: money(likely*(2+int64(r.IntN(3))), cur)},
			ScheduleImpactDays: days,
			ScheduleRangeDays:  &pmo.DaysRange{Min: days / 2, Max: days * 2},
			Response:           []pmo.Response{pmo.Mitigate, pmo.Mitigate, pmo.Accept, pmo.Transfer, pmo.Avoid, pmo.Escalate}[r.IntN(6)],
			Status:             pmo.RiskOpen,
			Raised:             p.Start.AddDate(0, 0, r.IntN(60)),
			ReviewDate:         day(r.IntN(60) - 20),
		}
		if rk.Title == "Cloud credits available" || rk.Title == "Reuse of shared platform" {
			rk.Kind, rk.Response = pmo.Opportunity, []pmo.Response{pmo.Exploit, pmo.Share, pmo.Enhance}[r.IntN(3)]
		}
		switch r.IntN(6) {
		case 0:
			rk.Status = pmo.RiskClosed
		case 1:
			rk.Residual = &pmo.Residual{Probability: rk.Probability / 2, Impact: max(1, rk.Impact-1), CostImpact: money(likely/2, cur)}
		}
		if unhealthy && k == 0 {
			rk.Probability, rk.Impact, rk.Status = 0.7, 5, pmo.RiskOpen
			if r.IntN(2) == 0 {
				rk.Owner = ""
			}
		}
		if r.IntN(5) == 0 {
			rk.CostRange, rk.ScheduleRangeDays = nil, nil
		}
		p.Risks = append(p.Risks, rk)
	}
}

func (g *gen) issues(p *pmo.Project, unhealthy bool) {
	r := g.r
	count := r.IntN(3)
	if unhealthy && p.Status == pmo.Red && r.IntN(3) == 0 {
		count = 0 // a red project with no open issue: a data-quality finding
	}
	for k := range count {
		is := pmo.Issue{
			ID: fmt.Sprintf("I-%d", k+1), Title: g.pick(g.issueTitle),
			Severity: pmo.Severity(1 + r.IntN(4)), Owner: g.pick(g.staff),
			Status: pmo.IssueOpen, Opened: day(-r.IntN(90) - 1),
		}
		is.Due = is.Opened.AddDate(0, 0, 14+r.IntN(30))
		if r.IntN(3) == 0 {
			is.Status, is.Closed = pmo.IssueClosed, is.Opened.AddDate(0, 0, 1+r.IntN(20))
		}
		p.Issues = append(p.Issues, is)
	}
}

func (g *gen) assumptions(p *pmo.Project) {
	r := g.r
	for k := range r.IntN(3) {
		p.Assumptions = append(p.Assumptions, pmo.Assumption{
			ID: fmt.Sprintf("A-%d", k+1), Statement: "Vendor keeps its service level",
			Owner: p.Manager, Status: pmo.AssumptionStatus(1 + r.IntN(3)), ValidateBy: day(r.IntN(90) - 30),
		})
	}
}

func (g *gen) dependencies(p *pmo.Project, i int) {
	r := g.r
	if i == 0 || r.IntN(4) != 0 {
		return
	}
	on := g.pf.Projects[r.IntN(i)].ID
	p.Dependencies = append(p.Dependencies, pmo.Dependency{
		ID: "D-1", On: on, Type: pmo.DependencyType(1 + r.IntN(4)), NeededBy: day(r.IntN(200) - 50),
		Description: "Needs the other project's platform",
	})
}

func (g *gen) changes(p *pmo.Project, cur string, unhealthy bool) {
	r := g.r
	for k := range r.IntN(4) {
		c := pmo.Change{
			ID: fmt.Sprintf("CR-%d", k+1), Title: g.pick(g.changeText),
			RequestedBy: p.Manager, Requested: day(-r.IntN(120) - 1),
			CostImpact:         money(int64(5+r.IntN(195))*1000, cur),
			ScheduleImpactDays: float64(r.IntN(30)),
			Status:             pmo.ChangeStatus(1 + r.IntN(5)),
		}
		if c.RequestedBy == "" {
			c.RequestedBy = p.Sponsor
		}
		if c.Status != pmo.ChangeSubmitted {
			c.DecidedBy, c.DecidedOn = g.pick(g.board), c.Requested.AddDate(0, 0, 3+r.IntN(20))
			if unhealthy && r.IntN(2) == 0 {
				c.DecidedBy = c.RequestedBy // segregation of duties breach
			}
		}
		p.Changes = append(p.Changes, c)
	}
}

func (g *gen) gates(p *pmo.Project, phases pmo.Lifecycle, phaseIdx int, unhealthy bool) {
	r := g.r
	for k := 1; k <= phaseIdx; k++ {
		gate := phases[k]
		on := p.Start.AddDate(0, 0, 30*k+r.IntN(10))
		p.Approvals = append(p.Approvals, pmo.Approval{
			Gate: gate, Role: "sponsor", By: p.Sponsor, RequestedBy: p.Manager,
			Decision: pmo.ApprovalApproved, On: on,
		})
		if gate == pmo.PhaseExecution && !(unhealthy && r.IntN(2) == 0) {
			p.Approvals = append(p.Approvals, pmo.Approval{
				Gate: gate, Role: "portfolio_board", By: g.pick(g.board), RequestedBy: p.Manager,
				Decision: pmo.ApprovalApproved, On: on.AddDate(0, 0, 2), Comment: "Within appetite",
			})
		}
		p.Decisions = append(p.Decisions, pmo.Decision{
			ID: fmt.Sprintf("DEC-%d", k), Title: "Go to " + gate, Gate: gate, Outcome: pmo.OutcomeGo,
			By: []string{p.Sponsor, g.pick(g.board)}, On: on, Rationale: "Gate criteria met",
		})
	}
	if phaseIdx+1 < len(phases) && r.IntN(3) == 0 {
		p.Approvals = append(p.Approvals, pmo.Approval{
			Gate: phases[phaseIdx+1], Role: "sponsor", By: p.Sponsor, RequestedBy: p.Manager, Decision: pmo.ApprovalPending,
		})
	}
	if unhealthy && r.IntN(2) == 0 {
		p.Decisions = append(p.Decisions, pmo.Decision{
			ID: fmt.Sprintf("DEC-%d", phaseIdx+1), Title: "Accept budget overrun", Subject: "budget_tolerance",
			Outcome: pmo.OutcomeApproved, By: []string{g.pick(g.board)}, On: day(-r.IntN(30) - 1),
		})
	}
}

func (g *gen) statusReports(p *pmo.Project, phaseIdx int) {
	r := g.r
	count := 1 + r.IntN(4)
	if phaseIdx == 0 {
		count = r.IntN(2)
	}
	gap := 7 + r.IntN(40) // days since the latest report: some are stale
	for k := count - 1; k >= 0; k-- {
		p.StatusReports = append(p.StatusReports, pmo.StatusReport{
			Date: day(-gap - 14*k), Status: p.Status, Summary: "Fortnightly report", By: p.Manager,
		})
	}
}

func (g *gen) benefits(p *pmo.Project) {
	r := g.r
	for k := range 1 + r.IntN(2) {
		p.Benefits = append(p.Benefits, pmo.Benefit{
			ID: fmt.Sprintf("B-%d", k+1), Description: g.pick(g.benefitTxt), Owner: p.Sponsor,
			Measure: "percent", Target: decimal.NewFromInt(int64(1 + r.IntN(20))),
			TargetDate: p.Finish.AddDate(0, 6, 0), Status: pmo.BenefitStatus(1 + r.IntN(5)),
		})
	}
}
