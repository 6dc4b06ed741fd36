package governance_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
)

// TestAttributesInCEL reads the attributes of every kind of entity from a
// rule: the value, a nested value, and an absent map as empty.
func TestAttributesInCEL(t *testing.T) {
	a := func(n float64) map[string]any { return map[string]any{"n": n, "nested": map[string]any{"k": "v"}} }
	pf := &pmo.Portfolio{
		ID: "pf", Name: "PF",
		People:   []pmo.Person{{ID: "u1", Name: "Ana", Attributes: a(1)}},
		Programs: []pmo.Program{{ID: "pg", Name: "Program", Attributes: a(2)}},
		Projects: []pmo.Project{
			{ID: "P0", Name: "Bare", Phase: "closing", Milestones: []pmo.Milestone{{ID: "M", Name: "m"}}},
			{
				ID: "P1", Name: "All kinds", Phase: "execution", Attributes: a(3),
				StatusReports: []pmo.StatusReport{{Date: testNow(), Attributes: a(4)}},
				Documents:     []pmo.Document{{ID: "D1", Title: "Charter", Attributes: a(5)}},
				Milestones:    []pmo.Milestone{{ID: "M1", Name: "Go-live", Attributes: a(6)}},
				Risks:         []pmo.Risk{{ID: "R1", Title: "Vendor", Attributes: a(7)}},
				Issues:        []pmo.Issue{{ID: "I1", Title: "Outage", Attributes: a(8)}},
				Assumptions:   []pmo.Assumption{{ID: "A1", Statement: "Funding", Attributes: a(9)}},
				Dependencies:  []pmo.Dependency{{ID: "DP1", On: "P0", Attributes: a(10)}},
				Changes:       []pmo.Change{{ID: "C1", Title: "SSO", Attributes: a(11)}},
				Approvals:     []pmo.Approval{{Gate: "execution", By: "u1", Attributes: a(12)}},
				Decisions:     []pmo.Decision{{ID: "DC1", Title: "Go", Attributes: a(13)}},
				Benefits:      []pmo.Benefit{{ID: "B1", Description: "Sales", Attributes: a(14)}},
				Activities:    []pmo.Activity{{ID: "T1", Name: "Build", Duration: 5, Attributes: a(15)}},
			},
		},
	}
	project := map[string]string{
		"people":         `portfolio.people.all(x, x.attributes.n == 1.0 && x.attributes.nested.k == 'v')`,
		"programs":       `portfolio.programs.all(x, x.attributes.n == 2.0)`,
		"projects":       `project.attributes.n == 3.0`,
		"status_reports": `project.status_reports.all(x, x.attributes.n == 4.0)`,
		"documents":      `project.documents.all(x, x.attributes.n == 5.0)`,
		"milestones":     `project.milestones.all(x, x.attributes.n == 6.0)`,
		"risks":          `project.risks.all(x, x.attributes.n == 7.0)`,
		"issues":         `project.issues.all(x, x.attributes.n == 8.0)`,
		"assumptions":    `project.assumptions.all(x, x.attributes.n == 9.0)`,
		"dependencies":   `project.dependencies.all(x, x.attributes.n == 10.0)`,
		"changes":        `project.changes.all(x, x.attributes.n == 11.0)`,
		"approvals":      `project.approvals.all(x, x.attributes.n == 12.0)`,
		"decisions":      `project.decisions.all(x, x.attributes.n == 13.0)`,
		"benefits":       `project.benefits.all(x, x.attributes.n == 14.0)`,
		"activities":     `project.activities.all(x, x.attributes.n == 15.0)`,
		"absent":         `project.milestones.all(m, project.id != 'P0' || (m.attributes.size() == 0 && !has(m.attributes.n)))`,
	}
	var rules []governance.Rule
	for id, e := range project {
		rules = append(rules, governance.Rule{ID: id, Expression: e})
	}
	eng, err := governance.New()
	require.NoError(t, err)
	set, err := eng.Compile(
		&governance.Policy{Name: "p", Scope: governance.ScopeProject, Rules: rules},
		&governance.Policy{Name: "c", Scope: governance.ScopeChange, Rules: []governance.Rule{
			{ID: "change", Expression: `change.attributes.n == 11.0 && change.attributes.nested.k == 'v'`},
		}},
	)
	require.NoError(t, err)
	rep, err := set.Evaluate(context.Background(), pf, governance.At(testNow()))
	require.NoError(t, err)
	got := map[string]governance.Outcome{}
	for _, r := range rep.Results() {
		if r.Subject == "P1" || r.Rule == "change" || r.Rule == "absent" {
			got[r.Rule+" "+r.Subject] = r.Outcome
		}
	}
	want := map[string]governance.Outcome{"change C1": pass, "absent P0": pass}
	for id := range project {
		want[id+" P1"] = pass
	}
	assert.Equal(t, want, got)
}
