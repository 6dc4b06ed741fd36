package exprlang

import (
	"fmt"
	"time"

	"github.com/pmokit/pmokit/internal/pmogen"
	"github.com/pmokit/pmokit/pmo"
)

// edgePortfolio is a generated portfolio whose projects are edited to hold
// what the generator never makes and the rules must treat as pmokit does:
// absent dates and money (has(), and an absent date read inside exists()),
// money of two currencies (an error in a comparison and in a sum, absorbed
// by ||), the zero without currency, and both sides of every boundary
// (the 1.1 tolerance, 30 days since a report, 365 and 90 days back, five
// working days from a Friday and from a Saturday, the 10,000,000 USD
// change limit). now is the evaluation date.
func edgePortfolio(now time.Time) *pmo.Portfolio {
	pf := pmogen.Generate(len(edits()), 7)
	for i, edit := range edits() {
		p := &pf.Projects[i]
		p.Phase = pmo.PhaseExecution
		edit(p, now)
	}
	return pf
}

func usd(s string) pmo.Money { return mustMoney(s + " USD") }
func eur(s string) pmo.Money { return mustMoney(s + " EUR") }

func mustMoney(s string) pmo.Money {
	m, err := pmo.ParseMoney(s)
	if err != nil {
		panic(fmt.Sprintf("edge data: %v", err)) // a literal of this file
	}
	return m
}

func days(t time.Time, n int) time.Time { return t.AddDate(0, 0, n) }

// openRisk is an open risk of impact 1 (no other rule looks at it) costing
// cost, owned and responded to.
func openRisk(id string, cost pmo.Money) pmo.Risk {
	return pmo.Risk{ID: id, Title: "edge", Status: pmo.RiskOpen, Probability: 0.1, Impact: 1,
		CostImpact: cost, Owner: "u-x", Response: pmo.Mitigate}
}

// edits returns one edit per project of edgePortfolio.
func edits() []func(p *pmo.Project, now time.Time) {
	return []func(p *pmo.Project, now time.Time){
		// Rule 8: an absent report date beside a recent one (exists is
		// true), beside an old one (an error), alone (an error), no
		// reports (false); the 30-day boundary.
		func(p *pmo.Project, now time.Time) {
			p.StatusReports = []pmo.StatusReport{{Summary: "no date"}, {Date: days(now, -5)}}
		},
		func(p *pmo.Project, now time.Time) {
			p.StatusReports = []pmo.StatusReport{{Summary: "no date"}, {Date: days(now, -100)}}
		},
		func(p *pmo.Project, now time.Time) { p.StatusReports = []pmo.StatusReport{{Summary: "no date"}} },
		func(p *pmo.Project, now time.Time) { p.StatusReports = nil },
		func(p *pmo.Project, now time.Time) { p.StatusReports = []pmo.StatusReport{{Date: days(now, -30)}} },
		func(p *pmo.Project, now time.Time) {
			p.StatusReports = []pmo.StatusReport{{Date: days(now, -31)}, {Summary: "no date"}}
			p.Phase = pmo.PhaseInitiation // the phase excuses it
		},
		// Rule 3: currencies differ (an error), approved absent, the 1.1
		// boundary.
		func(p *pmo.Project, now time.Time) { p.Budget.Forecast, p.Budget.Approved = eur("1000"), usd("1000") },
		func(p *pmo.Project, now time.Time) { p.Budget.Approved = pmo.Money{} },
		func(p *pmo.Project, now time.Time) { p.Budget.Approved, p.Budget.Forecast = usd("1000"), usd("1100") },
		func(p *pmo.Project, now time.Time) {
			p.Budget.Approved, p.Budget.Forecast = usd("1000"), usd("1100.01")
		},
		// Rule 12: a sum of two currencies (an error), EUR risks against a
		// USD budget (an error), no costed open risk (the zero without
		// currency), a closed risk left out, the boundary.
		func(p *pmo.Project, now time.Time) {
			p.Budget.Approved = usd("10000000")
			p.Risks = []pmo.Risk{openRisk("R-1", usd("10")), openRisk("R-2", eur("10"))}
		},
		func(p *pmo.Project, now time.Time) {
			p.Budget.Approved = usd("10000000")
			p.Risks = []pmo.Risk{openRisk("R-1", eur("10"))}
		},
		func(p *pmo.Project, now time.Time) {
			p.Budget.Approved = usd("5")
			p.Risks = []pmo.Risk{openRisk("R-1", pmo.Money{})}
		},
		func(p *pmo.Project, now time.Time) {
			closed := openRisk("R-2", usd("1000"))
			closed.Status = pmo.RiskClosed
			p.Budget.Approved = usd("20")
			p.Risks = []pmo.Risk{openRisk("R-1", usd("20")), closed}
		},
		func(p *pmo.Project, now time.Time) {
			p.Budget.Approved = usd("20")
			p.Risks = []pmo.Risk{openRisk("R-1", usd("20.01"))}
		},
		// Rules 4 and 5: an open risk of impact 4 without owner, an open
		// likely risk without response.
		func(p *pmo.Project, now time.Time) {
			r := openRisk("R-1", usd("1"))
			r.Impact, r.Owner = 4, ""
			p.Risks = []pmo.Risk{r}
		},
		func(p *pmo.Project, now time.Time) {
			r := openRisk("R-1", usd("1"))
			r.Probability, r.Impact, r.Response = 0.5, 4, 0
			p.Risks = []pmo.Risk{r}
		},
		// Rule 6: a milestone without due date, one due today, one overdue.
		func(p *pmo.Project, now time.Time) { p.Milestones = []pmo.Milestone{{ID: "M1", Name: "no due"}} },
		func(p *pmo.Project, now time.Time) {
			p.Milestones = []pmo.Milestone{{ID: "M1", Name: "today", Due: now}}
		},
		func(p *pmo.Project, now time.Time) {
			p.Milestones = []pmo.Milestone{{ID: "M1", Name: "late", Due: days(now, -1)}, {ID: "M2", Name: "no due"}}
		},
		// Rules 13 and 16: no start, no finish; a dependency without date,
		// one exactly a year before the start, one a day earlier; five
		// working days from a Friday and four from a Saturday.
		func(p *pmo.Project, now time.Time) { p.Start, p.Finish = time.Time{}, time.Time{} },
		func(p *pmo.Project, now time.Time) {
			p.Start = time.Date(2026, 3, 6, 0, 0, 0, 0, time.UTC) // a Friday
			p.Finish = days(p.Start, 7)
			p.Dependencies = []pmo.Dependency{{ID: "D-1", On: "P-00001"}, {ID: "D-2", On: "P-00001", NeededBy: days(p.Start, -365)}}
		},
		func(p *pmo.Project, now time.Time) {
			p.Start = time.Date(2026, 3, 7, 0, 0, 0, 0, time.UTC) // a Saturday
			p.Finish = days(p.Start, 6)
			p.Dependencies = []pmo.Dependency{{ID: "D-1", On: "P-00001", NeededBy: days(p.Start, -366)}}
		},
		// Rule 15: an unvalidated assumption without date, one exactly 90
		// days back, one 91.
		func(p *pmo.Project, now time.Time) {
			p.Assumptions = []pmo.Assumption{{ID: "A-1", Statement: "edge", Status: pmo.AssumptionUnvalidated},
				{ID: "A-2", Statement: "edge", Status: pmo.AssumptionUnvalidated, ValidateBy: days(now, -90)}}
		},
		func(p *pmo.Project, now time.Time) {
			p.Assumptions = []pmo.Assumption{{ID: "A-1", Statement: "edge", Status: pmo.AssumptionUnvalidated, ValidateBy: days(now, -91)}}
		},
		// Rules 9 and 19: a large EUR change (its comparison with USD errs,
		// and || absorbs it), a large USD one, a zero USD one (present), an
		// approved change decided by its requester, one decided by nobody.
		func(p *pmo.Project, now time.Time) {
			p.Changes = []pmo.Change{{ID: "CR-1", Title: "edge", CostImpact: eur("20000000"), Status: pmo.ChangeSubmitted},
				{ID: "CR-2", Title: "edge", CostImpact: usd("0"), Status: pmo.ChangeSubmitted}}
		},
		func(p *pmo.Project, now time.Time) {
			p.Changes = []pmo.Change{{ID: "CR-1", Title: "edge", CostImpact: usd("10000000"), Status: pmo.ChangeSubmitted}}
		},
		func(p *pmo.Project, now time.Time) {
			p.Changes = []pmo.Change{{ID: "CR-1", Title: "edge", RequestedBy: "u-a", DecidedBy: "u-a", Status: pmo.ChangeApproved}}
		},
		func(p *pmo.Project, now time.Time) {
			p.Changes = []pmo.Change{{ID: "CR-1", Title: "edge", RequestedBy: "u-a", Status: pmo.ChangeApproved}}
		},
		// Rules 0, 1, 2, 7, 10, 11, 14, 17, 18: nobody assigned, no
		// execution approval, red with no open issue, a self-approval, no
		// business case, a benefit without owner, a critical issue without
		// owner, too many risks.
		func(p *pmo.Project, now time.Time) {
			p.Sponsor, p.Manager, p.Approvals = "", "", nil
			p.Status, p.Issues = pmo.Red, []pmo.Issue{{ID: "I-1", Title: "edge", Status: pmo.IssueClosed}}
		},
		func(p *pmo.Project, now time.Time) {
			p.Approvals = []pmo.Approval{{Gate: pmo.PhaseExecution, Role: "sponsor", By: "u-a", RequestedBy: "u-a", Decision: pmo.ApprovalApproved}}
			p.Documents = nil
			p.Benefits = []pmo.Benefit{{ID: "B-1", Description: "edge"}}
		},
		func(p *pmo.Project, now time.Time) {
			p.Issues = []pmo.Issue{{ID: "I-1", Title: "edge", Status: pmo.IssueOpen, Severity: pmo.SeverityCritical}}
			for i := range 21 {
				p.Risks = append(p.Risks, openRisk(fmt.Sprintf("R-x%d", i), pmo.Money{}))
			}
		},
	}
}
