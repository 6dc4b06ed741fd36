package sample_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pmokit/pmokit/internal/sample"
	"github.com/pmokit/pmokit/pmo"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPortfolio(t *testing.T) {
	pf, err := sample.Portfolio()
	require.NoError(t, err)
	require.NoError(t, pf.Validate())
	assert.Len(t, pf.Projects, 12)
	assert.Len(t, pf.Programs, 3)
	assert.Equal(t, pmo.Directive, pf.PMOType)

	phases := map[string]int{}
	currencies := map[string]int{}
	for _, p := range pf.Projects {
		phases[p.Phase]++
		currencies[p.Budget.Approved.Currency]++
		for _, k := range []string{"strategic_fit", "business_value", "time_criticality", "risk_reduction", "job_size", "reach", "impact", "confidence", "effort"} {
			assert.Contains(t, p.Scores, k, "%s scores", p.ID)
		}
		assert.NotEmpty(t, p.Risks, "%s risks", p.ID)
	}
	for _, ph := range pf.Phases() {
		assert.Positive(t, phases[ph], "phase %s is represented", ph)
	}
	assert.Equal(t, map[string]int{"USD": 10, "EUR": 2}, currencies)
}

// TestContents checks that the sample holds what the examples promise to show:
// every RAID list, approvals, changes, decisions, benefits and earned value
// in some project, and projects of every RAG status.
func TestContents(t *testing.T) {
	pf, err := sample.Portfolio()
	require.NoError(t, err)
	count := map[string]int{}
	status := map[pmo.RAG]int{}
	for _, p := range pf.Projects {
		status[p.Status]++
		if p.EarnedValue != nil {
			count["earned_value"]++
		}
		for name, n := range map[string]int{
			"milestones": len(p.Milestones), "risks": len(p.Risks), "issues": len(p.Issues),
			"assumptions": len(p.Assumptions), "dependencies": len(p.Dependencies),
			"changes": len(p.Changes), "approvals": len(p.Approvals),
			"decisions": len(p.Decisions), "benefits": len(p.Benefits),
		} {
			if n > 0 {
				count[name]++
			}
		}
	}
	for _, name := range []string{"earned_value", "milestones", "risks", "issues", "assumptions", "dependencies", "changes", "approvals", "decisions", "benefits"} {
		assert.Positive(t, count[name], "projects with %s", name)
	}
	for _, s := range []pmo.RAG{pmo.Green, pmo.Amber, pmo.Red} {
		assert.Positive(t, status[s], "projects with status %s", s)
	}
	assert.NotEmpty(t, pf.People)
	assert.False(t, pf.Budget.IsZero(), "portfolio budget")
}

// TestFindings checks that the sample holds the unhealthy cases its comment
// promises, so that governance examples keep something to find.
func TestFindings(t *testing.T) {
	pf, err := sample.Portfolio()
	require.NoError(t, err)
	today := sample.Today()
	project := func(id string) *pmo.Project {
		p, ok := pf.Project(id)
		require.True(t, ok, id)
		return p
	}

	p1 := project("P-001") // forecast above approved, no budget decision
	over, err := p1.Budget.Forecast.Cmp(p1.Budget.Approved)
	require.NoError(t, err)
	assert.Equal(t, 1, over)
	for _, d := range p1.Decisions {
		assert.NotEqual(t, "budget_tolerance", d.Subject)
	}

	p5 := project("P-005") // CPI < 0.9, no recovery plan
	m, err := p5.EarnedValue.Metrics()
	require.NoError(t, err)
	assert.True(t, m.CPI.LessThan(mustDecimal(t, "0.9")))
	for _, d := range p5.Documents {
		assert.NotEqual(t, "recovery_plan", d.Kind)
	}

	p6 := project("P-006") // red, no open issue
	assert.Equal(t, pmo.Red, p6.Status)
	for _, is := range p6.Issues {
		assert.NotEqual(t, pmo.IssueOpen, is.Status)
	}

	p7 := project("P-007") // overdue milestone, open high risk without owner
	overdue := false
	for _, ms := range p7.Milestones {
		overdue = overdue || (!ms.Done && ms.Due.Before(today))
	}
	assert.True(t, overdue)
	unowned := false
	for _, r := range p7.Risks {
		unowned = unowned || (r.Owner == "" && r.Status == pmo.RiskOpen && r.Probability*float64(r.Impact) >= 2)
	}
	assert.True(t, unowned)

	p9 := project("P-009") // requester approved their own change
	self := false
	for _, c := range p9.Changes {
		self = self || (c.RequestedBy != "" && c.RequestedBy == c.DecidedBy)
	}
	assert.True(t, self)
}

func TestYAMLIsACopy(t *testing.T) {
	a := sample.YAML()
	a[0] = 'X'
	assert.NotEqual(t, a[0], sample.YAML()[0])
}

func mustDecimal(t *testing.T, s string) decimal.Decimal {
	t.Helper()
	d, err := decimal.NewFromString(s)
	require.NoError(t, err)
	return d
}

// TestExampleCopies checks that every example that ships the sample
// portfolio ships this one: the examples keep a copy beside them so that
// they build outside the module, and a copy must not drift.
func TestExampleCopies(t *testing.T) {
	copies, err := filepath.Glob(filepath.Join("..", "..", "examples", "*", "portfolio.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, copies)
	for _, c := range copies {
		got, err := os.ReadFile(c)
		require.NoError(t, err)
		assert.Equal(t, string(sample.YAML()), string(got), "%s differs from internal/sample/portfolio.yaml: copy it again", c)
	}
}
