package governance_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
)

// guardPortfolio has one project whose description and name are as given.
func guardPortfolio(description, name string) *pmo.Portfolio {
	return &pmo.Portfolio{ID: "pf", Name: "PF", Projects: []pmo.Project{
		{ID: "P-1", Name: name, Phase: "planning", Description: description},
	}}
}

// evalTimed evaluates p on pf with a deadline and returns the only
// project result, the error of Evaluate and how long past the deadline
// Evaluate returned.
func evalTimed(t *testing.T, p *governance.Policy, pf *pmo.Portfolio, deadline time.Duration, opts ...governance.Option) (governance.Result, error, time.Duration) {
	t.Helper()
	eng, err := governance.New(opts...)
	require.NoError(t, err)
	set, err := eng.Compile(p)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	defer cancel()
	start := time.Now()
	rep, err := set.Evaluate(ctx, pf, governance.At(testNow()))
	late := time.Since(start) - deadline
	if err != nil {
		return governance.Result{}, err, late
	}
	res := rep.Results()
	require.Len(t, res, 1)
	return res[0], nil, late
}

// TestFormatIsMetered reproduces issue 10's string.format amplification: a
// small rule that makes format print a large string must hit the cost
// limit, not pass. Four variables each print the one before ten times: from
// 1 KB to 10 MB.
func TestFormatIsMetered(t *testing.T) {
	p := &governance.Policy{Name: "fmt", Variables: []governance.Variable{{Name: "v0", Expression: "project.description"}}}
	for i := 1; i <= 4; i++ {
		prev := fmt.Sprintf("variables.v%d", i-1)
		p.Variables = append(p.Variables, governance.Variable{Name: fmt.Sprintf("v%d", i),
			Expression: "'" + strings.Repeat("%s", 10) + "'.format([" + strings.Repeat(prev+", ", 9) + prev + "])"})
	}
	p.Rules = []governance.Rule{{ID: "r", Expression: "variables.v4.size() > 0"}}
	r, err, _ := evalTimed(t, p, guardPortfolio(strings.Repeat("d", 1000), "n"), 10*time.Second)
	require.NoError(t, err)
	assert.Equal(t, bad, r.Outcome)
	assert.Contains(t, r.Message, "format")

	// The same in a loop: each call prints 100 KB, 1,000 calls 100 MB.
	loop := &governance.Policy{Name: "loop", Rules: []governance.Rule{{ID: "r", Expression: "lists.range(1000).all(i, '" +
		strings.Repeat("%s", 10) + "'.format([" + strings.Repeat("project.description, ", 9) + "project.description]).size() > 0)"}}}
	r, err, _ = evalTimed(t, loop, guardPortfolio(strings.Repeat("d", 10_000), "n"), 10*time.Second)
	require.NoError(t, err)
	assert.Equal(t, bad, r.Outcome)
	assert.Contains(t, r.Message, "cost limit")
}

// TestLongCallsStopAtTheDeadline reproduces issue 10's uninterruptible
// calls: each expression runs one call (or a loop of calls) whose work
// grows with the data, under a 200 ms deadline and a cost limit too high to
// stop it. Evaluation must end within 1 s of the deadline, with an error
// result or the deadline's error.
func TestLongCallsStopAtTheDeadline(t *testing.T) {
	long := strings.Repeat("a", 150_000)
	tests := []struct {
		name, expr, description, projectName string
		// pass: the call is cheap once done well and must succeed.
		pass bool
	}{
		// 60,000 ids took 12 s past a 1 s deadline (issue 10); a hash set
		// makes it linear.
		{name: "distinct over 30,000 ids", expr: "lists.range(30000).map(i, string(i)).distinct().size() == 30000", pass: true},
		{name: "distinct over 10,000 lists", expr: "lists.range(10000).map(i, [i]).distinct().size() == 10000"},
		{name: "a data string as pattern", expr: "project.description.matches(project.name)",
			description: strings.Repeat("ab", 20_000), projectName: strings.Repeat("(a|b)?", 600) + "c"},
		{name: "a long pattern", expr: "project.description.matches(project.name)", description: "abc", projectName: strings.Repeat("a", 5000)},
		{name: "indexOf in a loop", expr: "lists.range(150).all(i, project.description.indexOf(project.name) < 0)",
			description: long, projectName: strings.Repeat("a", 149) + "b"},
		{name: "sets over ints", expr: "sets.contains(lists.range(20000), lists.range(20000).map(i, 19999 - i))"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &governance.Policy{Name: "p", Rules: []governance.Rule{{ID: "r", Expression: tt.expr}}}
			deadline := 200 * time.Millisecond
			if tt.pass {
				deadline = 10 * time.Second // a shared, slow machine
			}
			r, err, late := evalTimed(t, p, guardPortfolio(tt.description, tt.projectName), deadline,
				governance.WithCostLimit(1<<50), governance.WithEstimatedCostLimit(1<<62))
			assert.Less(t, late, time.Second, "returned %v after the deadline", late)
			if tt.pass {
				require.NoError(t, err)
				assert.Equal(t, pass, r.Outcome, r.Message)
				return
			}
			if err != nil {
				assert.ErrorIs(t, err, context.DeadlineExceeded)
				return
			}
			assert.Equal(t, bad, r.Outcome)
		})
	}
}

// TestDeepEqualityIsBounded compares two values of 10^7 leaves built from
// policy variables (each a list of ten of the one before): a few units of
// cost for cel-go, 10^7 comparisons. It must be refused, quickly.
func TestDeepEqualityIsBounded(t *testing.T) {
	p := &governance.Policy{Name: "deep", Variables: []governance.Variable{{Name: "v0", Expression: "[project.name]"}}}
	for i := 1; i <= 7; i++ {
		prev := fmt.Sprintf("variables.v%d", i-1)
		p.Variables = append(p.Variables, governance.Variable{Name: fmt.Sprintf("v%d", i),
			Expression: "[" + strings.Repeat(prev+", ", 9) + prev + "]"})
	}
	p.Rules = []governance.Rule{{ID: "r", Expression: "variables.v7 == variables.v7 && variables.v7 != [] && [variables.v7].flatten(8).size() > 0"}}
	r, err, late := evalTimed(t, p, guardPortfolio("", "n"), 200*time.Millisecond, governance.WithEstimatedCostLimit(1<<62))
	assert.Less(t, late, time.Second)
	if err != nil { // a loaded machine: the deadline came first
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		return
	}
	assert.Equal(t, bad, r.Outcome)
	assert.Contains(t, r.Message, "cost")
}

// TestGuardedFunctionsStillWork checks the guarded functions on ordinary
// inputs.
func TestGuardedFunctionsStillWork(t *testing.T) {
	exprs := []string{
		`'%s has %d risks, CPI %.2f'.format([project.id, project.risks.size(), 1.0333]) == 'P-1 has 2 risks, CPI 1.03'`,
		`project.name.matches('^CRM') && matches(project.name, 'Replacement$') && project.name.contains('Rep')`,
		`project.name.indexOf('R') == 1 && project.name.lastIndexOf('e') == 12 && 'a,b'.split(',') == ['a', 'b']`,
		`'a-b-c'.replace('-', '+') == 'a+b+c' && 'a-b-c'.replace('-', '', 1) == 'ab-c' && ['x', 'y'].join('/') == 'x/y'`,
		`[3, 1, 2].sort() == [1, 2, 3] && project.risks.sortBy(r, r.id).map(r, r.id) == ['R-1', 'R-2']`,
		`[[1], [2, [3]]].flatten() == [1, 2, [3]] && [1, 2, 3].slice(1, 3) == [2, 3] && lists.range(3) == [0, 1, 2]`,
		`[1, 2, 1].distinct() == [1, 2] && sets.equivalent([1, 2], [2, 1, 2]) && [1, 2].hasOnly([1, 2, 3])`,
		`2 in [1, 2] && 'k' in {'k': 1} && !(3 in [1, 2]) && math.greatest([1, 5, 2]) == 5 && [1, 2].reverse() == [2, 1]`,
		`strings.quote('a"b') == '"a\\"b"' && string(b'abc') == 'abc' && project.id != 'P-2'`,
	}
	res := evalRules(t, governance.ScopeProject, exprs)
	for i, e := range exprs {
		r := res[fmt.Sprint(i)]["P-1"]
		assert.Equal(t, pass, r.Outcome, "%s: %s", e, r.Message)
	}
}
