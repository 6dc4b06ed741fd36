package governance

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/internal/pmogen"
	"github.com/pmokit/pmokit/pmo"
)

// nativeCases are expressions chosen for the corners of CEL's semantics
// that a native plan must keep: error absorption in &&, || and the
// quantifiers, strict calls, a loop condition, filter and map errors,
// NaN, division by zero, overflow, absent dates, map keys, cel.bind,
// shadowing, the engine's strict money equality and its guarded calls.
var nativeCases = []string{
	`project.sponsor != ''`,
	`project.start < now || true`,
	`true || project.start < now`,
	`false && project.start < now`,
	`project.start < now && false`,
	`project.start < now || project.finish > now`,
	`project.start < now || false`,
	`false || project.start < now`,
	`project.start < now && true`,
	`true && project.start < now`,
	`project.risks.all(r, r.probability < 2.0)`,
	`project.risks.exists(r, r.probability >= 2.0)`,
	`project.risks.exists(r, r.impact / (r.impact - r.impact) > 0 || r.impact >= 1)`,
	`project.risks.all(r, r.impact / (r.impact - r.impact) > 0 && r.impact > 100)`,
	`project.risks.exists_one(r, r.impact >= 3)`,
	`project.risks.filter(r, 1 / (r.impact - 3) > 0).size() >= 0`,
	`project.risks.map(r, 10 / (r.impact - 3)).size() >= 0`,
	`project.risks.map(r, r.probability).filter(p, p > 0.3).size() > 1`,
	`project.milestones.all(m, m.due >= now)`,
	`project.milestones.exists(m, m.done) ? project.milestones.size() > 1 : project.risks.size() > 0`,
	`double(size(project.risks)) / 0.0 > 1.0`,
	`0.0 / 0.0 < 1.0 || size(project.risks) > 2`,
	`0.0 / 0.0 == 0.0 / 0.0`,
	`9223372036854775807 + size(project.risks) > 0`,
	`has(project.budget.forecast) && project.budget.forecast == project.budget.approved`,
	`project.budget.forecast == money('0 EUR') || true`,
	`project.budget.approved != money('1 USD')`,
	`project.budget.forecast <= project.budget.approved * 1.1 || project.budget.forecast.currency() != 'USD'`,
	`project.budget.approved * 2 > project.budget.forecast`,
	`project.budget.forecast < money('1000000 USD')`,
	`project.risks.exists(r, r.cost_impact >= money('100000 USD'))`,
	`project.budget.forecast.currency() == 'EUR' || project.budget.forecast >= project.budget.approved * 0.5`,
	`project.attributes.tier == 'gold'`,
	`has(project.attributes.tier) || !has(project.scores.value)`,
	`project.scores['value'] > 3.0`,
	`cel.bind(x, project.risks.filter(r, r.impact >= 4), x.size() > 0 && x.all(r, r.owner != ''))`,
	`cel.bind(p, project, has(p.start))`,
	`project.risks.all(r, project.risks.exists(r, r.impact >= r.probability))`,
	`project.risks.exists(r, r.owner in ['', 'nobody'])`,
	`project.status in ['red', 'amber'] && project.phase != 'closing'`,
	`[project.sponsor, project.manager].exists(s, s == '')`,
	`size(project.name) > 3 && project.name.startsWith('P')`,
	`project.changes.all(c, c.status != 'approved' || segregated(c.requested_by, c.decided_by))`,
	`project.status_reports.exists(s, days_since(s.date) <= 30)`,
	`project.risks.filter(r, has(r.cost_impact)).map(r, r.cost_impact).sum() <= project.budget.approved`,
	`string(size(project.risks)) == '3'`,
	`int(project.risks.size() > 0 ? 1.5 : 2.5) == 1`,
	`project.start - duration('24h') < now`,
	`timestamp('0001-01-01T00:00:00Z') - duration('1s') < now || size(project.risks) > 3`,
	`timestamp('9999-12-31T23:59:59Z') + duration('1s') > now || size(project.risks) > 3`,
	`days_between(timestamp('2026-01-01T00:30:00+05:00') - duration('1h'), now) > 300`,
	`working_days(project.start - duration('48h'), project.finish + duration('1h')) >= 10`,
	`string(project.start - duration('1h')) != ''`,
	`timestamp('2026-01-01T00:00:00Z') < now`,
	`portfolio.projects.exists(p, p.id == project.id && p.sponsor == project.sponsor)`,
	`portfolio.has_role(project.sponsor, 'sponsor') || project.sponsor == ''`,
}

// nativeTestPortfolio is a generated portfolio with the values a native
// plan can get wrong put in: absent dates, NaN and infinite
// probabilities, money in another currency or none, attributes and
// scores.
func nativeTestPortfolio() *pmo.Portfolio {
	pf := pmogen.Generate(40, 7)
	for i := range pf.Projects {
		p := &pf.Projects[i]
		switch i % 8 {
		case 0:
			p.Start, p.Finish = time.Time{}, time.Time{}
		case 1:
			if len(p.Risks) > 0 {
				p.Risks[0].Probability = math.NaN()
			}
		case 2:
			if len(p.Risks) > 0 {
				p.Risks[0].Probability = math.Inf(1)
			}
		case 3:
			p.Budget.Forecast = pmo.MustParseMoney("10 EUR")
		case 4:
			p.Attributes = map[string]any{"tier": "gold"}
			p.Scores = map[string]float64{"value": 4}
		case 5:
			p.Sponsor, p.Manager = "", ""
			p.Risks = nil
		case 6:
			for j := range p.Milestones {
				p.Milestones[j].Due = time.Time{}
			}
		}
	}
	return pf
}

// evaluateBoth evaluates the policy in an engine with native plans and in
// one without, and requires the same report; it returns the native
// engine's set.
func evaluateBoth(t *testing.T, pf *pmo.Portfolio, p *Policy) *PolicySet {
	t.Helper()
	eng, err := New()
	require.NoError(t, err)
	interp, err := New()
	require.NoError(t, err)
	interp.interpretOnly = true
	set, err := eng.Compile(p)
	require.NoError(t, err)
	iset, err := interp.Compile(p)
	require.NoError(t, err)
	for _, workers := range []int{1, 2} {
		opts := []EvalOption{At(pmogen.Today()), Workers(workers)}
		got, err := set.Evaluate(context.Background(), pf, opts...)
		require.NoError(t, err)
		want, err := iset.Evaluate(context.Background(), pf, opts...)
		require.NoError(t, err)
		var gj, wj bytes.Buffer
		require.NoError(t, got.WriteJSON(&gj, ""))
		require.NoError(t, want.WriteJSON(&wj, ""))
		if gj.String() != wj.String() {
			w := want.Results()
			for i, g := range got.Results() {
				if g.Outcome != w[i].Outcome || g.Message != w[i].Message {
					t.Errorf("%s on %s: native %s %q, cel-go %s %q", g.Rule, g.Subject, g.Outcome, g.Message, w[i].Outcome, w[i].Message)
				}
			}
			t.Fatalf("reports differ (workers %d)", workers)
		}
	}
	return set
}

// TestNativePlansKeepCELSemantics evaluates each case with and without
// native plans and requires the same results, messages included, and a
// native plan for every case.
func TestNativePlansKeepCELSemantics(t *testing.T) {
	pf := nativeTestPortfolio()
	p := &Policy{Name: "native", Scope: ScopeProject}
	for i, x := range nativeCases {
		p.Rules = append(p.Rules, Rule{ID: fmt.Sprintf("n%02d", i), Expression: x})
	}
	set := evaluateBoth(t, pf, p)
	for i, r := range set.policies[0].rules {
		assert.NotNil(t, r.expr.nativePlan(), "%s: %s", r.id, nativeCases[i])
	}
	// The cases must reach every outcome the plan can give: a value both
	// ways and no value (cel-go's error).
	rep, err := set.Evaluate(context.Background(), pf, At(pmogen.Today()))
	require.NoError(t, err)
	c := rep.Counts()
	assert.Positive(t, c.Pass)
	assert.Positive(t, c.Fail)
	assert.Positive(t, c.Error)
}

// TestNativePlanValues checks native values directly on one project,
// against cel-go's program of the same expression.
func TestNativePlanValues(t *testing.T) {
	pf := nativeTestPortfolio()
	eng, err := New()
	require.NoError(t, err)
	set, err := eng.Compile(rulesPolicy(nativeCases))
	require.NoError(t, err)
	ev := &evaluator{set: set, ctx: context.Background(), pf: pf, pfVal: newPortfolioVal(pf), now: types.Timestamp{Time: pmogen.Today()}}
	values, none := 0, 0
	for i := range pf.Projects {
		a := &activation{ev: ev, project: objRef[pmo.Project]{&pf.Projects[i]}, policy: set.policies[0]}
		for _, r := range set.policies[0].rules {
			np := r.expr.nativePlan()
			require.NotNil(t, np, r.expr.text)
			got, ok := np.eval(a)
			out, _, err := r.expr.prg.Eval(a)
			if !ok {
				none++
				continue
			}
			values++
			require.NoError(t, err, "%s on %s: native %v, cel-go errs", r.expr.text, pf.Projects[i].ID, got)
			assert.Equal(t, out.Value(), got, "%s on %s", r.expr.text, pf.Projects[i].ID)
		}
	}
	assert.Positive(t, values)
	assert.Positive(t, none)
}

// TestNativePlanCoverage: every bench rule and every pack program has a
// native plan; what has none is listed with the reason.
func TestNativePlanCoverage(t *testing.T) {
	for _, ty := range []pmo.Type{pmo.Supportive, pmo.Controlling, pmo.Directive} {
		eng, err := New(WithPMOType(ty))
		require.NoError(t, err)
		ps, err := Pack(ty)
		require.NoError(t, err)
		set, err := eng.Compile(append(ps, benchPolicy(0))...)
		require.NoError(t, err)
		native, total := set.nativeStats()
		if native != total {
			for _, p := range set.policies {
				for _, r := range p.rules {
					d, _ := eng.disp[p.scope]()
					if _, err := newNativePlan(r.expr.env, r.expr.ast, d, eng.guards); err != nil {
						t.Errorf("%s %s/%s: %v", ty, p.name, r.id, err)
					}
				}
			}
		}
		assert.Equal(t, total, native, "%s", ty)
	}
}

// TestNoNativePlan lists expressions that must run on cel-go, and why.
func TestNoNativePlan(t *testing.T) {
	eng, err := New()
	require.NoError(t, err)
	for _, tc := range []struct{ expr, why string }{
		{`{'a': project.sponsor}.a == ''`, "map literal"},
		{`dyn(project).sponsor == ''`, "select on dyn"},
		{`project.attributes.exists(k, k == 'a')`, "comprehension over map"},
	} {
		ast, iss := eng.envs[ScopeProject].Compile(tc.expr)
		require.NoError(t, iss.Err(), tc.expr)
		d, _ := eng.disp[ScopeProject]()
		_, err := newNativePlan(eng.envs[ScopeProject], ast, d, eng.guards)
		var nn errNotNative
		require.ErrorAs(t, err, &nn, tc.expr)
		assert.True(t, strings.Contains(err.Error(), tc.why), "%s: %v", tc.expr, err)
	}
}

// TestNativePlansOffWithHostOptions: a host's cel options may add program
// options a native plan cannot mirror, so an engine with any has none.
func TestNativePlansOffWithHostOptions(t *testing.T) {
	eng, err := New(WithCELOptions(cel.Constant("host_limit", cel.IntType, types.Int(3))))
	require.NoError(t, err)
	set, err := eng.Compile(benchPolicy(0))
	require.NoError(t, err)
	native, total := set.nativeStats()
	assert.Equal(t, 0, native)
	assert.Equal(t, len(benchRules()), total)
}

// TestAddDurationIsCELs: addDuration gives cel-go's instant, location and
// errors for timestamps across CEL's range and past it, in three
// locations, and durations up to the extremes.
func TestAddDurationIsCELs(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	locs := []*time.Location{time.UTC, time.FixedZone("plus5", 5*3600), time.FixedZone("minus7", -7*3600)}
	durs := []time.Duration{0, 1, -1, time.Hour, math.MaxInt64, math.MinInt64, math.MinInt64 + 1}
	for i := range 100_000 {
		sec := minUnixTime - 1000 + r.Int64N(maxUnixTime-minUnixTime+2000)
		if i%10 == 0 {
			sec = []int64{minUnixTime, maxUnixTime, minUnixTime - 1, maxUnixTime + 1}[i/10%4]
		}
		ts := time.Unix(sec, r.Int64N(1e9)).In(locs[i%3])
		d := time.Duration(r.Int64())
		if i%7 == 0 {
			d = durs[i/7%len(durs)]
		}
		for _, neg := range []bool{false, true} {
			var want ref.Val
			if neg {
				want = types.Timestamp{Time: ts}.Subtract(types.Duration{Duration: d})
			} else {
				want = types.Timestamp{Time: ts}.Add(types.Duration{Duration: d})
			}
			got, ok := addDuration(ts, d, neg)
			if w, isTs := want.(types.Timestamp); isTs {
				require.True(t, ok, "%v %v (neg %v): cel-go %v", ts, d, neg, w)
				require.True(t, w.Time.Equal(got), "%v %v (neg %v): %v, cel-go %v", ts, d, neg, got, w)
				require.Equal(t, w.Time.Location(), got.Location())
				require.Equal(t, w.Time, got)
			} else {
				require.False(t, ok, "%v %v (neg %v): %v, cel-go errs %v", ts, d, neg, got, want)
			}
		}
	}
}

// TestQuantifierOf: the expansions of all, exists and exists_one are
// recognised (and run as their loops), anything else is not.
func TestQuantifierOf(t *testing.T) {
	eng, err := New()
	require.NoError(t, err)
	for expr, want := range map[string][]quantifierKind{
		`project.risks.all(r, r.impact > 2)`:                          {quantAll},
		`project.risks.exists(r, r.impact > 2)`:                       {quantExists},
		`project.risks.exists_one(r, r.impact > 2)`:                   {quantExistsOne},
		`project.risks.map(r, r.impact).size() > 0`:                   {notQuantifier},
		`cel.bind(x, true, x)`:                                        {notQuantifier},
		`project.risks.filter(r, r.impact > 2).size() > 0`:            {notQuantifier},
		`[true, false].all(b, b) || [1].exists(i, i == 1)`:            {quantAll, quantExists},
		`project.risks.all(r, project.risks.exists(s, s == r))`:       {quantAll, quantExists},
		`project.risks.exists_one(r, r.owner in ['a', 'b'])`:          {quantExistsOne},
		`project.risks.filter(r, r.impact > 2).all(r, r.owner != '')`: {notQuantifier, quantAll},
	} {
		ast, iss := eng.envs[ScopeProject].Compile(expr)
		require.NoError(t, iss.Err(), expr)
		a := ast.NativeRep()
		var got []quantifierKind
		for _, c := range celast.MatchDescendants(celast.NavigateAST(a), celast.KindMatcher(celast.ComprehensionKind)) {
			q, _ := quantifierOf(c.AsComprehension())
			got = append(got, q)
		}
		assert.ElementsMatch(t, want, got, expr)
	}
}

// TestRefersTo: a name is read where it is free, not where a nested
// comprehension rebinds it.
func TestRefersTo(t *testing.T) {
	eng, err := New()
	require.NoError(t, err)
	for expr, want := range map[string]bool{
		`x.size() > 0`:                              true,
		`[1].all(x, x > 0)`:                         false,
		`[1].all(y, x.size() > y)`:                  true,
		`x.all(x, x > 0)`:                           true, // the range is outside the binding
		`cel.bind(x, [1], x.size() > 0)`:            false,
		`cel.bind(y, x, y.size() > 0)`:              true,
		`[1].map(x, x).size() + x.size() > 0`:       true,
		`{'a': x.size()}.size() > 0`:                true,
		`[1].exists(y, [2].all(x, x > y)) || false`: false,
	} {
		env, err := eng.envs[ScopeProject].Extend(cel.Variable("x", cel.ListType(cel.IntType)))
		require.NoError(t, err)
		ast, iss := env.Compile(expr)
		require.NoError(t, iss.Err(), expr)
		assert.Equal(t, want, refersTo(ast.NativeRep().Expr(), "x"), expr)
	}
}

// TestMessageExpressionLazy: a failure's message_expression is evaluated
// when the result is first read, once, and gives the message an eager
// evaluation gave (the message of a failing message_expression too).
func TestMessageExpressionLazy(t *testing.T) {
	var calls atomic.Int64
	eng, err := New(WithCELOptions(cel.Function("tick",
		cel.Overload("tick_string", []*cel.Type{cel.StringType}, cel.StringType,
			cel.UnaryBinding(func(v ref.Val) ref.Val { calls.Add(1); return v })))))
	require.NoError(t, err)
	set, err := eng.Compile(&Policy{Name: "lazy", Scope: ScopeProject, Rules: []Rule{
		{ID: "m", Expression: `project.sponsor == 'nobody'`, Message: "no sponsor", MessageExpression: `tick('project ' + project.id + ' has sponsor ' + project.sponsor)`},
		{ID: "e", Expression: `false`, Message: "fallback", MessageExpression: `tick(string(project.start - now))`},
	}})
	require.NoError(t, err)
	pf := nativeTestPortfolio()
	for _, workers := range []int{1, 2} {
		calls.Store(0)
		rep, err := set.Evaluate(context.Background(), pf, At(pmogen.Today()), Workers(workers))
		require.NoError(t, err)
		assert.Zero(t, calls.Load(), "no message evaluated during Evaluate")
		first := rep.Results()
		n := calls.Load()
		assert.Positive(t, n)
		for _, r := range first {
			p, ok := pf.Project(r.Subject)
			require.True(t, ok)
			switch {
			case r.Rule == "m":
				assert.Equal(t, "project "+p.ID+" has sponsor "+p.Sponsor, r.Message)
			case p.Start.IsZero():
				assert.Equal(t, "fallback (message_expression failed: start is not set (test it with has()))", r.Message)
			default:
				assert.NotContains(t, r.Message, "fallback")
			}
		}
		assert.Equal(t, first, rep.Results(), "read again: the same messages")
		var b bytes.Buffer
		require.NoError(t, rep.WriteJSON(&b, ""))
		assert.Equal(t, n, calls.Load(), "each message evaluated once")
	}
}
