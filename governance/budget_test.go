package governance

import (
	"context"
	"strings"
	"testing"
	"time"

	"cel.dev/cel-go/common/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/internal/pmogen"
	"github.com/pmokit/pmokit/pmo"
)

func TestMeasure(t *testing.T) {
	pf := &pmo.Portfolio{
		ID: "pf", Name: "a name of 17 bytes",
		People: []pmo.Person{{ID: "a", Roles: []string{"x", "y", "z"}}, {ID: "b"}, {ID: "c"}},
		Projects: []pmo.Project{
			{ID: "P-1", Risks: make([]pmo.Risk, 5), Attributes: map[string]any{"tags": []any{"a", "b", "c", "d", "e", "f", "g", "h", "i"}}},
			{ID: "P-2", Description: "thirty-three bytes of description"},
		},
	}
	// The attributes' list of 9 is not measured (see dataHints): the
	// longest list is the 5 risks.
	assert.Equal(t, dataSizes{portfolioList: 4, list: 8, str: 64}, measure(pf))
	assert.Equal(t, dataSizes{portfolioList: 1, list: 4, str: 16}, measure(&pmo.Portfolio{}))
}

// TestBudgetDecisions checks which expressions may run without the runtime
// cost tracker: those whose worst case at the measured sizes is within the
// limit, and never those whose cost the measurement does not bound.
func TestBudgetDecisions(t *testing.T) {
	eng, err := New(WithCostLimit(10_000))
	require.NoError(t, err)
	small := dataSizes{portfolioList: 16, list: 8, str: 64}
	big := dataSizes{portfolioList: 1 << 14, list: 1 << 10, str: 1 << 20}
	tests := []struct {
		expr       string
		small, big bool // untracked at these sizes
	}{
		{`project.sponsor != ''`, true, true}, // compared with a literal: bounded by the literal
		{`project.sponsor == project.manager`, true, false},
		{`project.risks.all(r, project.risks.all(s, r.id != s.id))`, true, false},
		{`portfolio.projects.all(a, portfolio.projects.all(b, a.id != b.id))`, true, false},
		{`project.attributes.exists(k, k == 'x')`, false, false},
		{`variables.v.all(r, r.impact < 4)`, false, false},
		{`[project.risks, project.risks].flatten().all(r, r.impact < 4)`, true, false}, // sizes derived from the data
		{`[1, 2, 3].all(x, x > 0)`, true, true},
		{`project.budget.approved > money('1 USD')`, true, true},
		// Index loops: the range is as long as the list, unless a
		// comprehension rebinds the variable or the size is a string's.
		{`lists.range(size(project.risks)).all(i, project.risks[i].owner != '')`, true, false},
		{`lists.range(project.risks.size()).all(i, i >= 0)`, true, true},
		{`cel.bind(project, portfolio.projects[0], lists.range(size(project.risks)).all(i, i >= 0))`, false, false},
		{`portfolio.projects.all(project, lists.range(size(project.risks)).all(i, i >= 0))`, false, false},
		{`lists.range(size(project.name)).all(i, i >= 0)`, false, false},
		// Attributes are dyn values of any size, not measured.
		{`lists.range(size(project.attributes.tags)).all(i, i >= 0)`, false, false},
		{`project.attributes.tags.all(t, t != '')`, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			p := &Policy{Name: "b", Variables: []Variable{{Name: "v", Expression: "project.risks"}},
				Rules: []Rule{{ID: "r", Expression: tt.expr}}}
			set, err := eng.Compile(p)
			require.NoError(t, err)
			b := set.policies[0].rules[0].expr.budget
			require.NotNil(t, b)
			assert.Equal(t, tt.small, b.program(small) != nil, "small")
			assert.Equal(t, tt.big, b.program(big) != nil, "big")
		})
	}
}

// TestBudgetSameResults evaluates the bench rules on a generated portfolio
// with and without the measurement: the results must be the same.
func TestBudgetSameResults(t *testing.T) {
	pf := pmogen.Generate(40, 7)
	eng, err := New()
	require.NoError(t, err)
	set, err := eng.Compile(benchPolicy(0))
	require.NoError(t, err)
	var subjects []subject
	for i := range pf.Projects {
		subjects = append(subjects, subject{kind: SubjectProject, project: &pf.Projects[i]})
	}
	cfg := evalConfig{now: pmogen.Today().Add(9 * time.Hour), workers: 1}
	measured, err := set.run(context.Background(), pf, cfg, subjects, true)
	require.NoError(t, err)
	tracked, err := set.run(context.Background(), pf, cfg, subjects, false)
	require.NoError(t, err)
	assert.Equal(t, tracked, measured)
	untracked := 0
	sizes := measure(pf)
	for _, r := range set.policies[0].rules {
		if r.expr.budget.program(sizes) != nil {
			untracked++
		}
	}
	assert.Positive(t, untracked)
}

// TestBudgetEstimateBoundsActualCost checks the property the budget relies
// on: on every project of a generated portfolio, the actual runtime cost of
// every bench rule (and of each rule of the test policies) is at most the
// estimate at the measured sizes.
func TestBudgetEstimateBoundsActualCost(t *testing.T) {
	pf := pmogen.Generate(60, 11)
	eng, err := New()
	require.NoError(t, err)
	loops := &Policy{Name: "index-loops", Rules: []Rule{
		{ID: "l1", Expression: `lists.range(size(project.risks)).all(i, project.risks[i].owner != '')`},
		{ID: "l2", Expression: `lists.range(size(project.milestones)).all(i, lists.range(size(project.milestones)).all(j, i == j || project.milestones[i].id != project.milestones[j].id))`},
		{ID: "l3", Expression: `lists.range(project.changes.size()).exists(i, project.changes[i].cost_impact > money('1 USD'))`},
	}}
	set, err := eng.Compile(benchPolicy(0), loops)
	require.NoError(t, err)
	sizes := measure(pf)
	ctx := context.Background()
	ev := &evaluator{set: set, ctx: ctx, pf: pf, pfVal: objRef[pmo.Portfolio]{pf}, now: types.Timestamp{Time: pmogen.Today()}}
	for _, r := range append(set.policies[0].rules, set.policies[1].rules...) {
		h := dataHints{sizes: sizes, indexLoops: true}
		est, err := r.expr.budget.env.EstimateCost(r.expr.ast, h, rangeCost(h))
		require.NoError(t, err)
		for i := range pf.Projects {
			act := &activation{ev: ev, project: objRef[pmo.Project]{&pf.Projects[i]}, policy: set.policies[0]}
			_, det, err := r.expr.prg.ContextEval(ctx, act)
			if err != nil {
				continue
			}
			require.NotNil(t, det.ActualCost())
			assert.LessOrEqual(t, *det.ActualCost(), est.Max, "%s on %s", r.expr.text, pf.Projects[i].ID)
		}
	}
}

// BenchmarkMeasure is the portfolio measurement every Evaluate pays before
// its first rule (1,000 generated projects): full, one pass over every
// list, map and string of the portfolio (the measurement before reach);
// bench-rules, what the twenty bench rules read (the set's plan). paired
// runs both in every iteration and reports each one's ns/op and the ratio
// reach/full.
func BenchmarkMeasure(b *testing.B) {
	pf := pmogen.Generate(1000, 1)
	eng, err := New()
	require.NoError(b, err)
	set, err := eng.Compile(benchPolicy(0))
	require.NoError(b, err)
	full, plan := fullPlan(), set.plan
	b.Run("full", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = measureOn(pf, 1, full)
		}
	})
	b.Run("bench-rules", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = measureOn(pf, 1, plan)
		}
	})
	b.Run("paired", func(b *testing.B) {
		var tFull, tReach time.Duration
		n := 0
		for b.Loop() {
			t0 := time.Now()
			_ = measureOn(pf, 1, full)
			t1 := time.Now()
			_ = measureOn(pf, 1, plan)
			tFull, tReach = tFull+t1.Sub(t0), tReach+time.Since(t1)
			n++
		}
		b.ReportMetric(float64(tFull.Nanoseconds())/float64(n), "full-ns/op")
		b.ReportMetric(float64(tReach.Nanoseconds())/float64(n), "reach-ns/op")
		b.ReportMetric(float64(tReach)/float64(tFull), "reach/full")
	})
}

// TestMeasureSkipsAttributes: attributes are not measured (no size read
// through them is bounded, see dataHints), so a portfolio whose attributes
// hold long lists and strings measures as one without attributes.
func TestMeasureSkipsAttributes(t *testing.T) {
	pf := pmogen.Generate(3, 1)
	want := measure(pf)
	long := make([]any, 5000)
	for i := range long {
		long[i] = strings.Repeat("x", 5000)
	}
	attrs := map[string]any{strings.Repeat("k", 3000): long}
	pf.People[0].Attributes = attrs
	pf.Projects[0].Attributes = attrs
	pf.Projects[1].Risks[0].Attributes = attrs
	assert.Equal(t, want, measure(pf))
}

// TestMeasureOnWorkers: the measurement split over goroutines is the
// serial one, whichever share holds the longest list or string.
func TestMeasureOnWorkers(t *testing.T) {
	pf := pmogen.Generate(2000, 3)
	for _, at := range []int{0, 999, 1999} {
		p := &pf.Projects[at]
		p.Name = strings.Repeat("n", 70000+at)
		p.Risks = append(p.Risks, make([]pmo.Risk, 3000+at)...)
		want := measure(pf)
		assert.Equal(t, uint64(1<<17), want.str, "project %d", at)
		for _, w := range []int{2, 3, 7, 64} {
			assert.Equal(t, want, measureOn(pf, w, fullPlan()), "project %d, %d workers", at, w)
		}
		p.Name, p.Risks = "", p.Risks[:len(p.Risks)-3000-at]
	}
}
