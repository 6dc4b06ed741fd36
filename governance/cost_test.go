package governance_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
)

// TestNaturalShapes checks that the rules a PMO writes naturally compile
// under the default engine and evaluate right (issue 12, point 4): nested
// comprehensions over a project's lists and the portfolio's people and
// projects with library calls inside, and index loops.
func TestNaturalShapes(t *testing.T) {
	project := []string{
		// A decision signed by a person who holds the role: decisions ×
		// deciders × a role lookup.
		`project.decisions.all(d, d.outcome != 'go' || d.by.exists(b, has_role(b, 'sponsor')))`,
		`project.decisions.all(d, d.by.all(b, portfolio.people.exists(u, u.id == b && 'sponsor' in u.roles)))`,
		// Index loops.
		`lists.range(size(project.risks)).all(i, project.risks[i].owner != '')`,
		`lists.range(size(project.risks)).all(i, lists.range(size(project.risks)).all(j, i == j || project.risks[i].id != project.risks[j].id))`,
		// Pairs of a project's lists.
		`project.changes.all(c, project.approvals.exists(a, a.by == c.decided_by) || c.decided_by == '')`,
	}
	res := evalRules(t, governance.ScopeProject, project)
	want := []governance.Outcome{pass, pass, fail, pass, pass}
	for i, e := range project {
		assert.Equal(t, want[i], res[fmt.Sprint(i)]["P-1"].Outcome, "%s: %s", e, res[fmt.Sprint(i)]["P-1"].Message)
	}
	portfolio := []string{
		`portfolio.projects.all(p, p.sponsor == '' || portfolio.people.exists(u, u.id == p.sponsor && u.roles.exists(r, r == 'sponsor')))`,
		`portfolio.projects.all(p, portfolio.projects.all(q, p.id != q.id || p == q))`,
	}
	res = evalRules(t, governance.ScopePortfolio, portfolio)
	for i, e := range portfolio {
		assert.Equal(t, pass, res[fmt.Sprint(i)]["pf"].Outcome, "%s: %s", e, res[fmt.Sprint(i)]["pf"].Message)
	}

	// The decision rules on decisions that are and are not signed by a
	// sponsor.
	eng, err := governance.New()
	require.NoError(t, err)
	set, err := eng.Compile(&governance.Policy{Name: "d", Rules: []governance.Rule{
		{ID: "0", Expression: project[0]}, {ID: "1", Expression: project[1]},
	}})
	require.NoError(t, err)
	pf := testPortfolio()
	pf.Projects[0].Decisions = []pmo.Decision{{ID: "D-1", Title: "go", Outcome: pmo.OutcomeGo, By: []string{"u-pm", "u-ceo"}}}
	pf.Projects[1].Decisions = []pmo.Decision{{ID: "D-2", Title: "go", Outcome: pmo.OutcomeGo, By: []string{"u-pm"}}}
	rep, err := set.Evaluate(context.Background(), pf, governance.At(testNow()))
	require.NoError(t, err)
	var got []string
	for _, r := range rep.Results() {
		got = append(got, r.Subject+"/"+r.Rule+": "+r.Outcome.String())
	}
	assert.Equal(t, []string{"P-1/0: pass", "P-1/1: fail", "P-2/0: fail", "P-2/1: fail"}, got)
}

// TestRunawayFailsClosed checks that a rule that compiles but costs too
// much on the evaluated portfolio is stopped by the runtime cost limit (an
// error result, a violation) and that a deadline stops the evaluation.
func TestRunawayFailsClosed(t *testing.T) {
	pf := &pmo.Portfolio{ID: "pf", Name: "big"}
	for i := range 3000 {
		pf.Projects = append(pf.Projects, pmo.Project{ID: fmt.Sprintf("P-%d", i), Name: "p", Phase: "execution"})
	}
	eng, err := governance.New()
	require.NoError(t, err)
	set, err := eng.Compile(&governance.Policy{Name: "pairs", Scope: governance.ScopePortfolio, Rules: []governance.Rule{{
		ID: "unique", Expression: `portfolio.projects.all(p, portfolio.projects.all(q, p.id != q.id || p == q))`,
	}}})
	require.NoError(t, err)
	rep, err := set.Evaluate(context.Background(), pf, governance.At(testNow()))
	require.NoError(t, err)
	require.Len(t, rep.Results(), 1)
	r := rep.Results()[0]
	assert.Equal(t, governance.OutcomeError, r.Outcome)
	assert.Contains(t, r.Message, "cost limit exceeded")
	assert.True(t, rep.Blocked())

	unlimited, err := governance.New(governance.WithCostLimit(1 << 62))
	require.NoError(t, err)
	set, err = unlimited.Compile(&governance.Policy{Name: "triples", Scope: governance.ScopePortfolio, Rules: []governance.Rule{{
		ID: "r", Expression: `portfolio.projects.all(p, portfolio.projects.all(q, portfolio.projects.all(s, p.id != '')))`,
	}}})
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = set.Evaluate(ctx, pf, governance.At(testNow()))
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 2*time.Second)
}
