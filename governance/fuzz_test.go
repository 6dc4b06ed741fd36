package governance_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
)

// FuzzParsePolicy parses arbitrary bytes as a policy: it must never panic,
// every error must match ErrInvalidPolicy, and a parsed policy must have a
// name and rules with IDs and expressions.
func FuzzParsePolicy(f *testing.F) {
	for _, seed := range []string{
		goodPolicy,
		"",
		"policy: p\nrules: [{id: r, expression: 'true'}]",
		`{"policy": "p", "rules": [{"id": "r", "expression": "true"}]}`,
		"policy: p\nrules:\n  - id: r\n    expression: |\n      a &&\n      b\n",
		"policy: p\nrules:\n  - id: r\n    expression: >-\n      a\n\n      b\n",
		"policy: &a p\nrules: *a",
		"policy: p\nrules: [{id: r, expression: \"\\u0000\\t\\\"\"}]",
		"- - - -",
		"policy: p\nscope: gate\nseverity: x\nrules: [[]]",
		"policy: p\nseverity: {supportive: info, controlling: warning, directive: error}\nrules: [{id: r, severity: {directive: [x], supportive: warning, supportive: info, pmo: error}, expression: 'true'}]",
		`{"policy": "p", "severity": {"directive": "error"}, "rules": [{"id": "r", "severity": {}, "expression": "true"}]}`,
		"policy: p\nvariables: [{name: a, expression: b}, {name: a}]\nrules: [{}]",
		"? [a]\n: b",
		"%YAML 1.2\n---\npolicy: p",
		"policy: !!binary aGVsbG8=\nrules: []",
		paramsPolicy,
		"policy: p\nparams: [{name: m, type: money, default: {USD: 1e3, usd: x}}, {name: d, type: duration, default: 9999999999d}, {name: x, type: map, of: list, default: {}}]\nrules: [{id: r, expression: 'true'}]",
		// Ratings (issue 15).
		"policy: p\nratings: [{id: r, levels: [{level: g, when: 'true'}]}]",
		"policy: p\nratings: [{id: r, levels: [{level: g, when: 'true'}, {level: g}]}, {id: r}]\nrules: [{id: r, expression: x}]",
		"policy: p\nratings: [{id: r, levels: [{level: \" g\\t\", when: ''}, {level: [], when: {}}]}]",
		"policy: p\nratings: []\nrules: []",
		`{"policy": "p", "ratings": [{"id": "r", "severity": 3, "levels": [{"level": 1, "when": true}]}]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := governance.ParsePolicy(data)
		if err != nil {
			if !errors.Is(err, governance.ErrInvalidPolicy) {
				t.Fatalf("error does not match ErrInvalidPolicy: %v", err)
			}
			return
		}
		if p.Name == "" || len(p.Rules)+len(p.Ratings) == 0 {
			t.Fatalf("parsed a policy without name, rules or ratings: %+v", p)
		}
		for _, r := range p.Ratings {
			if r.ID == "" || len(r.Levels) == 0 {
				t.Fatalf("parsed a rating without id or levels: %+v", r)
			}
			for _, l := range r.Levels {
				if l.Level == "" || l.When == "" {
					t.Fatalf("parsed a level without name or when: %+v", l)
				}
			}
		}
		for _, r := range p.Rules {
			if r.ID == "" || r.Expression == "" {
				t.Fatalf("parsed a rule without id or expression: %+v", r)
			}
		}
	})
}

// FuzzCompileEvaluate compiles an arbitrary expression as a rule (and as a
// message expression) in every scope and evaluates it on a small portfolio
// with a small cost limit and a short deadline: no panic, no hang, and
// errors only of the documented kinds.
func FuzzCompileEvaluate(f *testing.F) {
	for _, seed := range []string{
		"true",
		"project.budget.forecast > project.budget.approved * 1.1",
		"project.risks.map(r, r.cost_impact).sum() < money('1 EUR')",
		"portfolio.projects.all(a, portfolio.projects.all(b, a.id != b.id))",
		"days_since(project.start) > 30 && working_days(now, date('2099-12-31')) > 0",
		"add_working_days(now, 9223372036854775807) > now",
		"ev(project).cpi / 0.0 > 1.0",
		"phase_at_or_after(project.phase, gate.to)",
		"change.cost_impact * 1e308 * 1e308 > money('1 USD')",
		"approved_by_role(project, 'execution', 'sponsor') || has_role('', '')",
		"risk_rating(project.risks[99]) == 'high'",
		"[1, 2, 3].map(x, [x, x]).size() == 3",
		"'a'.repeat(1000000).size() > 0",
		"dyn(project).budget.approved == dyn(1)",
		"variables.x",
		"money(1.0/0.0, 'USD') == money('1 USD')",
		"date('0001-01-01') - days(1) < now",
		// Issue 12: compile-time checks, index loops, months, bindings.
		"project.status != 'yelow' && money('1,000 USD') > project.budget.approved",
		// Issue 14: status words, status functions, tolerances.
		"project.status in ['green', 'amber/green', ''] && status_worse(project.status, worst_status())",
		"project.status_reports.all(s, s.status != 'red' || status_index(s.status) > 1) == ('red' == project.status)",
		"tolerance(project).exceeded || project.stages.exists(s, tolerance(s).time.deviation > 10 || tolerance(s).cost.percent < -5.0)",
		"tolerance(project).cost.deviation > money('0 USD') && tolerance(project).summary.size() > 0",
		"project.risks.all(r, r.status in ['open', 'Open', ''] && risk_rating(r) != 'hgh')",
		"project.phase in ['exection', ''] || approved_by_role(project, 'exec', 'sponsor')",
		"lists.range(size(project.risks)).all(i, project.risks[i].owner != '')",
		"cel.bind(project, portfolio.projects[0], lists.range(size(project.risks)).all(i, i >= 0))",
		"add_months(now, -9223372036854775807) < now && months_between(now, end_of_month(now)) == 0",
		"days(-9223372036854775807) < duration('1h') && project.name.matches('[')",
		// Issue 10: work that cel-go does not meter or cannot interrupt.
		"'%s%s%s%s%s%s%s%s'.format([project.description, project.description, project.description, project.description, project.description, project.description, project.description, project.description]).size() > 0",
		"lists.range(1000).all(i, '%s%s%s%s'.format([project.description, project.description, project.description, project.description]) != '')",
		"lists.range(60000).map(i, string(i)).distinct().size() > 0",
		"lists.range(5000).map(i, [i]).distinct().size() > 0",
		"project.description.matches(project.name)",
		"project.description.matches(project.description)",
		"lists.range(100).all(i, project.description.indexOf(project.description.substring(1)) >= 0)",
		"[[[project.description, project.description], [project.description]]] == [[[project.description, project.description], [project.description]]]",
		"project.description.split('').join(project.description).size() > 0",
		"project.description.replace('', project.description).size() > 0",
		"lists.range(1000).map(i, lists.range(1000)).flatten().size() > 0",
		"lists.range(2000).sort() == lists.range(2000) && project.description.split('').sort().size() > 0",
		"sets.intersects(lists.range(3000).map(i, [i]), lists.range(3000).map(i, [i]))",
		// Issue 10: currencies never mix, inside aggregates either.
		"[money('1 USD')] == [money('1 EUR')]",
		"money('1 USD') != money('1 EUR')",
		"money('1 USD') in [money('1 EUR')] || sets.contains([money('1 USD')], [money('1 EUR')])",
		"{'a': money('1 USD')} != {'a': money('1 EUR')}",
		// Issue 15: ratings, read by rules and by later ratings.
		"ratings['first'] == 'a'",
		"ratings['first'] != ratings['first']",
		"ratings['nope'] == 'a'",
		"ratings[project.id] == 'a'",
		"size(ratings) > 0",
		"ratings.first == 'a'",
		"has(ratings.first)",
	} {
		f.Add(seed)
	}
	eng, err := governance.New(governance.WithCostLimit(10_000), governance.WithEstimatedCostLimit(1<<62))
	if err != nil {
		f.Fatal(err)
	}
	pf := testPortfolio()
	// Long strings, so that size-dependent calls have something to chew.
	pf.Projects[0].Description = strings.Repeat("ab", 50_000)
	pf.Projects[1].Name = strings.Repeat("(a|b)?", 300) + "c"
	f.Fuzz(func(t *testing.T, expr string) {
		done := make(chan struct{})
		defer close(done)
		go func() {
			select {
			case <-done:
			case <-time.After(30 * time.Second): // a safety net: evaluation has a 200 ms deadline
				panic(fmt.Sprintf("HANG %q", expr))
			}
		}()
		for _, scope := range []governance.Scope{governance.ScopePortfolio, governance.ScopeProject, governance.ScopeGate, governance.ScopeChange} {
			p := &governance.Policy{Name: "fuzz", Scope: scope, Rules: []governance.Rule{
				{ID: "r", Expression: expr},
				{ID: "m", Expression: "false", MessageExpression: expr},
			}}
			// The same expression as a rating's condition, then as a level's
			// message, after a first rating it may read.
			rated := func(when, msg string) *governance.Policy {
				return &governance.Policy{Name: "fuzz-rated", Scope: scope, Ratings: []governance.Rating{
					{ID: "first", Levels: []governance.RatingLevel{{Level: "a", When: "now < timestamp('2000-01-01T00:00:00Z')"}, {Level: "b", When: "true"}}},
					{ID: "second", Levels: []governance.RatingLevel{{Level: "x", When: when, MessageExpression: msg}, {Level: "y", When: "ratings['first'] == 'b'"}}},
				}, Rules: []governance.Rule{{ID: "reads", Expression: "ratings['second'] == 'x'"}}}
			}
			for _, p := range []*governance.Policy{p, rated(expr, ""), rated("true", expr)} {
				fuzzEvaluate(t, eng, pf, p, expr)
			}
		}
	})
}

// fuzzEvaluate compiles p and evaluates it on pf within a deadline,
// checking that results are complete and bounded.
func fuzzEvaluate(t *testing.T, eng *governance.Engine, pf *pmo.Portfolio, p *governance.Policy, expr string) {
	t.Helper()
	scope := p.Scope
	set, err := eng.Compile(p)
	if err != nil {
		var ce *governance.CompileError
		if !errors.As(err, &ce) {
			t.Fatalf("compile error is not a *CompileError: %v", err)
		}
		return
	}
	const deadline = 200 * time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	start := time.Now()
	var rep *governance.Report
	if scope == governance.ScopeGate {
		rep, err = set.CheckGate(ctx, pf, "P-1", "closing", governance.At(testNow()))
	} else {
		rep, err = set.Evaluate(ctx, pf, governance.At(testNow()))
	}
	cancel()
	// Every evaluation stops within 1 s past its deadline or cost
	// limit, whatever the expression (issue 10).
	if late := time.Since(start) - deadline; late > time.Second {
		t.Fatalf("evaluation returned %v after its deadline: %q", late, expr)
	}
	if err != nil {
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("evaluate: %v", err)
		}
		return
	}
	for _, r := range rep.Results() {
		if r.Outcome == 0 || r.Severity == 0 {
			t.Fatalf("incomplete result %+v", r)
		}
		// Outputs are bounded: whole error texts to 1024 bytes, values
		// in explanations to 64 (with an ellipsis and the length).
		if r.Outcome == governance.OutcomeError && len(r.Message) > 2048 {
			t.Fatalf("error message of %d bytes: %.200s", len(r.Message), r.Message)
		}
		for _, line := range r.Explanation() {
			if len(line) > 2048 {
				t.Fatalf("explanation line of %d bytes: %.200s", len(line), line)
			}
		}
	}
}
