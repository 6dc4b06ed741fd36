package governance

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/internal/pmogen"
	"github.com/pmokit/pmokit/internal/textcut"
	"github.com/pmokit/pmokit/pmo"
)

// trickyExplainRules are expressions where recording only the printed
// values could part from state tracking: paths read in comprehension
// bodies (evaluated many times, or never when the loop short-circuits),
// presence tests, indexes (constant, computed, out of range), conditional
// attributes, selects on calls, member calls on paths, lists and errors.
var trickyExplainRules = []string{
	`project.risks.all(r, r.impact <= 4 || project.budget.approved > money('1 USD'))`,
	`project.milestones.all(m, m.done || m.due <= project.finish)`,
	`project.milestones.exists(m, !m.done && has(project.finish) && m.due > project.finish)`,
	`portfolio.projects.exists(p, p.id != project.id && p.name == project.name)`,
	`size(project.risks) > 0 && project.risks[0].owner != ''`,
	`project.risks[100].owner != ''`,
	`{'P-1': 1, 'P-2': 2}[project.id] > 1`,
	`[project.id, project.name][1] == project.id`,
	`(project.phase == 'execution' ? project.budget.approved : project.budget.forecast) > money('1 USD')`,
	`(project.phase == 'execution' ? project : project).budget.approved > money('1 USD')`,
	`has(project.budget.forecast) && project.budget.forecast.currency() == 'EUR'`,
	`!has(project.start) || !has(project.finish) || project.start > project.finish`,
	`project.risks.map(r, r.impact).exists(i, i > 4) || now < project.start`,
	`project.risks.filter(r, r.status == 'open').size() == 0`,
	`[project.phase, project.status] == ['execution', 'green']`,
	`string(size(project.risks)) + project.name == ''`,
	`project.issues.all(i, project.risks.all(r, r.owner != i.owner || project.manager == ''))`,
	`int(project.risks.size()) / (size(project.milestones) - size(project.milestones)) > 0`,
	`project.changes.all(c, c.cost_impact < money('1 USD') || c.cost_impact.currency() == project.budget.approved.currency())`,
	`duration('1h') > now - project.start && project.name.startsWith(project.id)`,
	`project.risks.exists(r, r.owner == project.manager) || project.risks.exists(r, r.owner == project.sponsor)`,
	`[1, 2, 3].all(i, size(project.risks) > i)`,
	`portfolio.projects.size() > 1000 || project.budget.approved.amount() > 1e12`,
	// Parts an explanation need not evaluate (see planBuilder.prune) next
	// to parts it must.
	`project.risks.exists(r, r.impact > 4) || project.name == ''`,
	`project.risks.all(r, r.owner != '') && project.risks.exists(r, r.impact > 3)`,
	`project.risks.exists(r, r.impact > 4) ? project.name == '' : project.manager == ''`,
	`project.risks.exists(r, r.impact > 4) ? project.risks.all(r, r.owner != '') : project.issues.all(i, i.owner != '')`,
	`(project.risks.exists(r, r.impact > 4) ? project.name : project.manager) == ''`,
	`!(project.risks.all(r, r.owner != '')) && project.name == ''`,
	`!project.risks.exists(r, r.impact > 2) || !project.issues.exists(i, i.status == 'open')`,
	`project.risks[100].owner == '' || project.approvals.exists(a, a.by == '')`,
	`project.milestones.exists(m, project.risks.exists(r, r.owner == m.name))`,
	`project.milestones.map(m, m.name).exists(n, n == '') || project.risks.filter(r, r.impact > 3).exists(r, r.owner == '')`,
	`project.risks.filter(r, r.impact > project.risks.size()).all(r, r.owner == '')`,
	`[project.risks.exists(r, r.impact > 4), project.name == ''].all(b, b)`,
	`project.risks.exists(r, r.impact > 4) == project.issues.exists(i, i.status == 'open')`,
	`size(project.risks.filter(r, r.impact > 4)) > 0 || now > project.start`,
	// Loops whose step reads items in some iterations only.
	`project.risks.exists(r, r.impact > 3 && r.owner == project.manager)`,
	`project.risks.all(r, r.impact < 3 || (r.impact < 5 ? project.name != '' : project.manager != ''))`,
	`project.risks.exists(r, r.impact > 4 && has(project.finish) && project.finish < now)`,
	`project.milestones.all(m, project.risks.all(r, r.owner != '' || project.manager == m.name))`,
	`project.risks.map(r, r.impact > 3 ? project.name : r.owner).exists(n, n == '')`,
	`project.risks.exists(r, r.impact == 5 && project.risks[100].owner == '')`,
	// Calls whose operands are evaluated up to the first error.
	`project.risks[100].owner + project.name == ''`,
	`size(project.risks[100].owner) + size(project.name) > 0`,
	`project.name.startsWith(project.risks[100].owner) || project.manager == ''`,
	`project.risks[100].owner.startsWith(project.name)`,
	`project.name.startsWith(project.manager) && project.budget.approved > project.budget.forecast`,
	`project.budget.forecast - project.budget.approved > project.budget.approved * 0.1`,
	`int(project.name) > size(project.risks)`,
}

// explainPolicies are the pack policies, the bench rules (with negations
// at every failure rate) and trickyExplainRules (with and without
// negation) with variables read plain, indexed and in loops.
func explainPolicies(t *testing.T, pf *pmo.Portfolio) []*Policy {
	var out []*Policy
	for _, typ := range []pmo.Type{pmo.Supportive, pmo.Controlling, pmo.Directive} {
		ps, err := Pack(typ)
		require.NoError(t, err)
		out = append(out, ps...)
	}
	out = append(out, benchPolicy(0))
	for _, rate := range failRates {
		rules, _ := failWorkload(t, pf, rate)
		out = append(out, rulesPolicy(rules))
	}
	tricky := append([]string(nil), trickyExplainRules...)
	for _, r := range trickyExplainRules {
		tricky = append(tricky, "!("+r+")")
	}
	tricky = append(tricky,
		`variables.open.all(r, r.owner != '')`,
		`size(variables.open) == 0 || variables.open[0].owner != ''`,
		`variables.late || variables.open.exists(r, r.impact > variables.limit)`,
		`project.risks.all(r, r.impact < variables.limit)`,
		`!variables.late && variables.names.size() > 0`,
	)
	p := rulesPolicy(tricky)
	p.Variables = []Variable{
		{Name: "open", Expression: "project.risks.filter(r, r.status == 'open')"},
		{Name: "late", Expression: "has(project.finish) && project.finish < now"},
		{Name: "limit", Expression: "3"},
		{Name: "names", Expression: "project.risks.map(r, r.owner)"},
	}
	return append(out, p)
}

// TestExplainPlanMatchesStateTracking checks that an explanation computed
// from its plan (the printed values only, recorded by the explain
// program's watchers) is the explanation state tracking gave, line for
// line, for every program of every policy on every subject of generated
// portfolios, whether the program passes, fails or errs.
func TestExplainPlanMatchesStateTracking(t *testing.T) {
	eng, err := New(WithEstimatedCostLimit(1 << 62))
	require.NoError(t, err)
	compared, lines, errored := 0, 0, 0
	for _, seed := range []uint64{1, 7} {
		pf := pmogen.Generate(30, seed)
		if seed == 7 {
			longText(pf)
		}
		now := pmogen.Today()
		for _, p := range explainPolicies(t, pf) {
			set, err := eng.Compile(p)
			require.NoError(t, err, p.Name)
			cp := set.policies[0]
			progs := append(programsOf(cp), cp.ratingPrograms()...)
			for _, s := range explainScopesOf(cp, pf, now) {
				for _, prg := range progs {
					want, gaveValue := refExplain(t, s, prg)
					if !gaveValue {
						// An evaluation that errs has no explanation
						// (Result.Explanation: fails, waived and rated
						// results only), and the plan may assume a value.
						errored++
						continue
					}
					got := s.explain(prg)
					require.Equal(t, want, got, "%s: %s on %s", p.Name, prg.text, subjectName(s))
					compared++
					lines += len(got)
				}
				if len(cp.ratings) > 0 {
					// A rating's explanation lists the values every level
					// tried read (ratings.go's explainAll).
					lv := cp.ratingPrograms()
					assert.NotPanics(t, func() { s.explainAll(lv) })
				}
			}
		}
	}
	t.Logf("%d explanations compared, %d lines (%d evaluations erred, not compared)", compared, lines, errored)
	assert.Greater(t, lines, 1000)
}

// explainScopesOf returns the scopes of the policy's subjects in pf: the
// portfolio, each project, each change, each project's move to the next
// phase of the default lifecycle (at most 40).
func explainScopesOf(cp *compiledPolicy, pf *pmo.Portfolio, now time.Time) []*explainScope {
	var out []*explainScope
	add := func(s explainScope) {
		s.pf, s.now, s.policy = pf, now, cp
		out = append(out, &s)
	}
	for i := range pf.Projects {
		p := &pf.Projects[i]
		switch cp.scope {
		case ScopePortfolio:
			if i == 0 {
				add(explainScope{})
			}
		case ScopeProject:
			add(explainScope{project: p})
		case ScopeChange:
			for j := range p.Changes {
				add(explainScope{project: p, change: &p.Changes[j]})
			}
		case ScopeGate:
			add(explainScope{project: p, gate: &gateInfo{From: string(p.Phase), To: "execution"}})
		}
		if len(out) >= 40 {
			break
		}
	}
	return out
}

func subjectName(s *explainScope) string {
	switch {
	case s.change != nil:
		return s.change.ID
	case s.project != nil:
		return s.project.ID
	}
	return s.pf.ID
}

// longText gives the first projects names and managers longer than an
// explanation shows.
func longText(pf *pmo.Portfolio) {
	for i := range min(3, len(pf.Projects)) {
		p := &pf.Projects[i]
		p.Name = strings.Repeat("ü", 40+i)
		p.Manager = strings.Repeat("m", 100)
	}
}

// TestExplainSkipsLoops checks that reading an explanation leaves out the
// loops whose value it does not need and that read nothing it prints (the
// loop calling tick is evaluated with the rule and not again), and stops
// evaluating the step of one that reads project.name once it has its value.
func TestExplainSkipsLoops(t *testing.T) {
	var calls atomic.Int64
	tick := cel.Function("tick",
		cel.Overload("tick_string", []*cel.Type{cel.StringType}, cel.BoolType,
			cel.UnaryBinding(func(ref.Val) ref.Val { calls.Add(1); return types.False })))
	eng, err := New(WithCELOptions(tick))
	require.NoError(t, err)
	set, err := eng.Compile(rulesPolicy([]string{
		`project.phase == 'none' || project.risks.exists(r, tick(r.owner))`,
		`project.phase == 'none' || project.risks.exists(r, tick(project.name))`,
	}))
	require.NoError(t, err)
	pf := pmogen.Generate(5, 1)
	cp := set.policies[0]
	for _, s := range explainScopesOf(cp, pf, pmogen.Today()) {
		if len(s.project.Risks) == 0 {
			continue
		}
		calls.Store(0)
		assert.Equal(t, []string{"project.phase = " + strconv.Quote(string(s.project.Phase)), fmt.Sprintf("project.risks = [%d items]", len(s.project.Risks))},
			s.explain(cp.rules[0].expr))
		assert.Zero(t, calls.Load(), "the loop of rule 0 is left out")
		got := s.explain(cp.rules[1].expr)
		assert.Equal(t, int64(1), calls.Load(), "the step of rule 1 is evaluated until project.name has its value")
		assert.Contains(t, got, "project.name = "+strconv.Quote(s.project.Name))
	}
}

// TestAppendValueMatchesRenderValue checks appendValue against the
// renderValue it replaced, value for value, on every kind it prints and
// some it does not.
func TestAppendValueMatchesRenderValue(t *testing.T) {
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	m := pmo.Money{Amount: decimal.RequireFromString("1350000.50"), Currency: "USD"}
	long := strings.Repeat("é", 50)
	vals := []ref.Val{
		types.String("plain"), types.String(long), types.String("quote\"d\n"),
		types.True, types.False, types.Int(-42), types.Uint(7), types.Double(0.1), types.Double(1e21),
		types.Timestamp{Time: day}, types.Timestamp{Time: day.Add(90 * time.Minute)},
		types.Timestamp{Time: time.Date(2026, 3, 1, 0, 0, 0, 0, time.FixedZone("x", 3600))},
		types.Timestamp{Time: time.Date(7, 12, 31, 0, 0, 0, 0, time.UTC)}, types.Timestamp{Time: time.Date(-44, 3, 15, 0, 0, 0, 0, time.UTC)},
		types.Timestamp{Time: time.Date(12345, 1, 9, 0, 0, 0, 0, time.UTC)}, types.Timestamp{Time: time.Date(999, 10, 10, 0, 0, 0, 0, time.UTC)},
		types.Duration{Duration: 36 * time.Hour},
		moneyRef{&m},
		types.NewErr("boom %s", strings.Repeat("x", 100)),
		types.NewDynamicList(types.DefaultTypeAdapter, []ref.Val{types.Int(1), types.String("a")}),
		types.NewDynamicList(types.DefaultTypeAdapter, []ref.Val{types.Int(1), types.Int(2), types.Int(3), types.Int(4), types.Int(5), types.Int(6)}),
		types.NewDynamicList(types.DefaultTypeAdapter, []ref.Val{types.NewDynamicList(types.DefaultTypeAdapter, []ref.Val{types.Int(1)})}),
		types.NewDynamicList(types.DefaultTypeAdapter, []ref.Val{types.Int(1), types.NewStringInterfaceMap(types.DefaultTypeAdapter, map[string]any{})}),
		types.NewDynamicList(types.DefaultTypeAdapter, nil),
		types.NewStringInterfaceMap(types.DefaultTypeAdapter, map[string]any{"a": 1}),
		types.NullValue,
		objRef[pmo.Project]{&pmo.Project{}},
	}
	for i, v := range vals {
		want, wantOK := refRenderValue(v)
		got, ok := appendValue([]byte("prefix"), v, 0)
		assert.Equal(t, wantOK, ok, "value %d", i)
		if wantOK {
			assert.Equal(t, "prefix"+want, string(got), "value %d", i)
		} else {
			assert.Equal(t, "prefix", string(got), "value %d: dst changed", i)
		}
	}
}

// TestExplainPlanItems checks the plan of one expression: the texts in
// order, every node once, repeated texts pointing at their first item.
func TestExplainPlanItems(t *testing.T) {
	eng, err := New()
	require.NoError(t, err)
	set, err := eng.Compile(rulesPolicy([]string{
		`has(project.start) && project.start < now && project.risks.all(r, r.owner != project.manager) && project.start > now`,
	}))
	require.NoError(t, err)
	pl, err := set.policies[0].rules[0].expr.explain()
	require.NoError(t, err)
	var texts []string
	for i, it := range pl.items {
		texts = append(texts, fmt.Sprintf("%s@%d", it.text, it.first))
		assert.LessOrEqual(t, int(it.first), i)
	}
	assert.Equal(t, []string{"has(project.start)@0", "project.start@1", "now@2", "project.risks@3", "project.manager@4", "project.start@1", "now@2"}, texts)
	assert.Equal(t, len(pl.items), pl.values)
}

// TestExplainConcurrentRuns computes the explanations of the same
// programs on many subjects from several goroutines at once (run with
// -race): the runs a plan reuses are never shared, so every explanation is
// the one computed alone.
func TestExplainConcurrentRuns(t *testing.T) {
	pf := pmogen.Generate(40, 3)
	eng, err := New()
	require.NoError(t, err)
	p := explainPolicies(t, pf)
	set, err := eng.Compile(p[len(p)-1])
	require.NoError(t, err)
	cp := set.policies[0]
	scopes := explainScopesOf(cp, pf, pmogen.Today())
	want := make([][]string, 0, len(scopes)*len(cp.rules))
	for _, s := range scopes {
		for _, r := range cp.rules {
			want = append(want, s.explain(r.expr))
		}
	}
	got := make([][][]string, 4)
	var wg sync.WaitGroup
	for g := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, s := range scopes {
				for _, r := range cp.rules {
					got[g] = append(got[g], s.explain(r.expr))
				}
			}
		}()
	}
	wg.Wait()
	for g := range got {
		assert.Equal(t, want, got[g], "goroutine %d", g)
	}
}

// TestAppendMoney checks appendMoney against the quoted moneyString it
// stands for, on amounts of every scale and sign, long ones, odd
// currencies, and with shopspring/decimal's printing options changed.
func TestAppendMoney(t *testing.T) {
	amounts := []string{"0", "0.00", "-0.5", "1", "10", "1350000", "1350000.50", "0.001", "-0.0000123", "123456789012345678",
		"1234567890123456789", "-999999999999999999", "9223372036854775807", "-9223372036854775808", "12345678901234567890.123",
		"0.000000000000000000001", "100.100", "5E3", "-7E-20", "42.000000000000000000"}
	for i := range 200 { // coefficients and exponents of every size
		c := int64(i*i*7919+i) * int64(1+i%3) * int64(1-2*(i%2))
		amounts = append(amounts, decimal.New(c, int32(i%25-18)).String(), decimal.New(c, int32(i%7)).String())
	}
	currencies := []string{"USD", "", "EUR", "ü€", "a\"b\n", strings.Repeat("X", 60)}
	check := func() {
		for _, a := range amounts {
			for _, cur := range currencies {
				d, err := decimal.NewFromString(a)
				require.NoError(t, err, a)
				for _, amt := range []decimal.Decimal{d, d.Mul(decimal.New(1, 0)), decimal.New(d.CoefficientInt64(), d.Exponent())} {
					m := pmo.Money{Amount: amt, Currency: cur}
					want := textcut.Quote(moneyString(m))
					assert.Equal(t, "<"+want, string(appendMoney([]byte("<"), m)), "%s %q (exp %d)", a, cur, amt.Exponent())
				}
			}
		}
	}
	check()
	defer func(trim, sci bool) { decimal.TrimTrailingZeros, decimal.UseScientificNotation = trim, sci }(decimal.TrimTrailingZeros, decimal.UseScientificNotation)
	decimal.TrimTrailingZeros = false
	check()
	decimal.TrimTrailingZeros, decimal.UseScientificNotation = true, true
	check()
}

// FuzzExplainPlan compares, on any expression that compiles in the
// project scope, the explanation from its plan with the one state
// tracking gave, on every project of a small generated portfolio.
func FuzzExplainPlan(f *testing.F) {
	for _, r := range append(append([]string(nil), trickyExplainRules...), benchRules()...) {
		f.Add(r)
	}
	eng, err := New()
	require.NoError(f, err)
	pf := pmogen.Generate(8, 5)
	longText(pf)
	now := pmogen.Today()
	f.Fuzz(func(t *testing.T, expr string) {
		p := rulesPolicy([]string{expr})
		p.Variables = []Variable{{Name: "open", Expression: "project.risks.filter(r, r.status == 'open')"}}
		set, err := eng.Compile(p)
		if err != nil {
			return
		}
		cp := set.policies[0]
		for _, s := range explainScopesOf(cp, pf, now) {
			prg := cp.rules[0].expr
			if want, gaveValue := refExplain(t, s, prg); gaveValue { // only evaluations that give a value are explained
				require.Equal(t, want, s.explain(prg), "%s on %s", expr, subjectName(s))
			}
		}
	})
}

// TestAppendQuotedMatchesStrconv checks the plain-ASCII shortcut of
// appendQuoted against strconv.Quote: every one- and two-byte string, and
// longer ones with escapes, non-ASCII and invalid UTF-8.
func TestAppendQuotedMatchesStrconv(t *testing.T) {
	var in []string
	for a := range 256 {
		in = append(in, string([]byte{byte(a)}))
		for _, b := range []byte{'a', '"', '\\', 0x7f, 0x80, 0xff, ' ', '~', '\n'} {
			in = append(in, string([]byte{byte(a), b}))
		}
	}
	in = append(in, "", "execution", `say "hi"`, `C:\path`, "tab\there", "café", "日本", "\xff\xfe", "a\u2028b", strings.Repeat("x", textcut.MaxBytes))
	for _, s := range in {
		assert.Equal(t, strconv.Quote(s), string(appendQuoted(nil, s)), "%q", s)
	}
}

// TestMidnightUTC checks midnightUTC against its definition,
// t.Equal(dateOf(t)), around midnight, in other zones, before 1970 and
// before year 1.
func TestMidnightUTC(t *testing.T) {
	zone := time.FixedZone("x", -5*3600)
	var in []time.Time
	for _, day := range []time.Time{
		time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(-400, 3, 1, 0, 0, 0, 0, time.UTC),
	} {
		for _, d := range []time.Duration{0, time.Nanosecond, -time.Nanosecond, time.Second, -time.Second, 5 * time.Hour, 24 * time.Hour} {
			in = append(in, day.Add(d), day.Add(d).In(zone))
		}
	}
	for _, x := range in {
		assert.Equal(t, x.Equal(dateOf(x)), midnightUTC(x), "%v", x)
	}
}
