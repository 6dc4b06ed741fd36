package governance

// Tests of the reach of a policy set (budget.go): Evaluate measures only
// what the set's expressions (and the portfolio's waiver conditions) read,
// and the estimate at those sizes still bounds the actual cost.

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"cel.dev/cel-go/common/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/internal/pmogen"
	"github.com/pmokit/pmokit/pmo"
)

// trickyPolicy reads the portfolio through comprehension variables over
// lists of strings (decisions' by, people's roles), index loops, cel.bind,
// a list computed by map, a variable, a rating, a rule's when and
// message_expression, and the policy's when.
func trickyPolicy() *Policy {
	return &Policy{Name: "tricky", Scope: ScopeProject,
		When:      `project.program == '' || project.program != project.id`,
		Variables: []Variable{{Name: "deciders", Expression: `project.decisions.filter(d, d.by.exists(b, b == project.sponsor))`}},
		Ratings: []Rating{{ID: "rated", Levels: []RatingLevel{
			{Level: "a", When: `project.benefits.exists(b, b.measure == project.manager)`, MessageExpression: `'measured by ' + project.manager`},
			{Level: "b", When: `true`, MessageExpression: `project.issues.exists(i, i.title == 'x') ? 'issue' : 'none'`},
		}}},
		Rules: []Rule{
			{ID: "by", Expression: `project.decisions.all(d, d.by.all(b, b != d.rationale))`},
			{ID: "roles", Expression: `portfolio.people.all(p, p.roles.all(r, r != p.email))`},
			{ID: "mapped", Expression: `portfolio.projects.map(p, p).exists(q, q.name == '')`},
			{ID: "index", Expression: `lists.range(size(project.risks)).all(i, project.risks[i].owner != project.risks[i].category)`},
			{ID: "bind", Expression: `cel.bind(rs, project.assumptions, rs.all(a, rs.exists(b, b.statement == a.owner)))`},
			{ID: "variable", Expression: `size(variables.deciders) < 100`},
			{ID: "presence", Expression: `!has(project.description) || has(project.start)`},
			{ID: "message", When: `project.milestones.exists(m, m.name != '')`, Expression: `project.manager != ''`,
				MessageExpression: `project.dependencies.exists(d, d.on == 'x') ? 'a dependency' : 'none'`},
		},
	}
}

// reachOf returns the reach of the set compiled from ps.
func reachOf(t *testing.T, eng *Engine, ps ...*Policy) []string {
	t.Helper()
	set, err := eng.Compile(ps...)
	require.NoError(t, err)
	return slices.Sorted(maps.Keys(set.reach))
}

// TestReach pins the reach of the bench rules, of the tricky policy and of
// single expressions: the fields their expressions select, per type.
func TestReach(t *testing.T) {
	eng, err := New()
	require.NoError(t, err)
	assert.Equal(t, []string{
		"pmo.Approval.by", "pmo.Approval.decision", "pmo.Approval.gate", "pmo.Approval.requested_by", "pmo.Approval.role",
		"pmo.Assumption.status", "pmo.Assumption.validate_by", "pmo.Benefit.owner", "pmo.Budget.approved", "pmo.Budget.forecast",
		"pmo.Change.cost_impact", "pmo.Change.decided_by", "pmo.Change.requested_by", "pmo.Change.status",
		"pmo.Dependency.needed_by", "pmo.Document.kind", "pmo.Document.status", "pmo.Issue.owner", "pmo.Issue.severity",
		"pmo.Issue.status", "pmo.Milestone.done", "pmo.Milestone.due",
		"pmo.Project.approvals", "pmo.Project.assumptions", "pmo.Project.benefits", "pmo.Project.budget", "pmo.Project.changes",
		"pmo.Project.dependencies", "pmo.Project.documents", "pmo.Project.finish", "pmo.Project.issues", "pmo.Project.manager",
		"pmo.Project.milestones", "pmo.Project.phase", "pmo.Project.risks", "pmo.Project.sponsor", "pmo.Project.start",
		"pmo.Project.status", "pmo.Project.status_reports",
		"pmo.Risk.cost_impact", "pmo.Risk.impact", "pmo.Risk.owner", "pmo.Risk.probability", "pmo.Risk.response", "pmo.Risk.status",
		"pmo.StatusReport.date",
	}, reachOf(t, eng, benchPolicy(0)), "bench rules")
	assert.Equal(t, []string{
		"pmo.Assumption.owner", "pmo.Assumption.statement", "pmo.Benefit.measure",
		"pmo.Decision.by", "pmo.Decision.rationale", "pmo.Dependency.on", "pmo.Issue.title", "pmo.Milestone.name",
		"pmo.Person.email", "pmo.Person.roles", "pmo.Portfolio.people", "pmo.Portfolio.projects",
		"pmo.Project.assumptions", "pmo.Project.benefits", "pmo.Project.decisions", "pmo.Project.dependencies",
		"pmo.Project.id", "pmo.Project.issues", "pmo.Project.manager", "pmo.Project.milestones", "pmo.Project.name",
		"pmo.Project.program", "pmo.Project.risks", "pmo.Project.sponsor",
		"pmo.Risk.category", "pmo.Risk.owner",
	}, reachOf(t, eng, trickyPolicy()), "tricky policy (has(project.description) reads no size)")
	for _, tt := range []struct {
		expr string
		want []string
	}{
		{`project.decisions.exists(d, d.by.exists(b, b == ''))`, []string{"pmo.Decision.by", "pmo.Project.decisions"}},
		{`portfolio.projects.map(p, p).exists(q, q.name == '')`, []string{"pmo.Portfolio.projects", "pmo.Project.name"}},
		{`cel.bind(x, project.risks, x.exists(r, r.title == ''))`, []string{"pmo.Project.risks", "pmo.Risk.title"}},
		{`lists.range(size(project.stages)).all(i, project.stages[i].tolerances.cost.plus != '')`,
			[]string{"pmo.Project.stages", "pmo.Stage.tolerances", "pmo.Tolerance.plus", "pmo.Tolerances.cost"}},
		{`has(project.description)`, nil},
		// Through attributes (dyn): a field of any type by that name.
		{`project.attributes.foo.name == 'x'`, []string{"*.foo", "*.name", "pmo.Project.attributes"}},
		{`[1, 2].exists(project, project > 1)`, nil},
	} {
		got := reachOf(t, eng, &Policy{Name: "x", Rules: []Rule{{ID: "r", Expression: tt.expr}}})
		assert.Equal(t, tt.want, got, tt.expr)
	}
}

// editedPortfolios returns generated portfolios, and copies with long
// strings and lists in fields that rules read and fields that they do not.
func editedPortfolios() map[string]*pmo.Portfolio {
	long := func(n int) string { return strings.Repeat("x", n) }
	out := map[string]*pmo.Portfolio{"gen-30": pmogen.Generate(30, 5), "gen-12": pmogen.Generate(12, 9)}
	pf := pmogen.Generate(30, 6)
	pf.Projects[0].Description = long(40_000)
	pf.Projects[1].Sponsor = long(5_000)
	pf.Projects[2].Risks = append(pf.Projects[2].Risks, make([]pmo.Risk, 400)...)
	pf.Projects[3].Decisions = append(pf.Projects[3].Decisions, pmo.Decision{ID: "D-long", By: slices.Repeat([]string{long(3_000)}, 300), Rationale: long(2_000)})
	pf.People[0].Roles = append(pf.People[0].Roles, long(6_000), long(10))
	pf.Projects[4].StatusReports = append(pf.Projects[4].StatusReports, pmo.StatusReport{Summary: long(50_000), By: "x"})
	pf.Projects[5].Approvals = append(pf.Projects[5].Approvals, pmo.Approval{Gate: "execution", Comment: long(30_000), RequestedBy: long(700)})
	out["edited"] = pf
	pf = pmogen.Generate(10, 7)
	pf.Projects[0].Changes = append(pf.Projects[0].Changes, make([]pmo.Change, 3_000)...)
	pf.Projects[1].Assumptions = append(pf.Projects[1].Assumptions, make([]pmo.Assumption, 500)...)
	pf.Projects[2].Name = long(100_000)
	out["long-lists"] = pf
	// One long list of strings alone: an element of a list of strings
	// that only a comprehension variable reads.
	pf = pmogen.Generate(6, 8)
	pf.Projects[1].Decisions = append(pf.Projects[1].Decisions, pmo.Decision{ID: "D-by", By: slices.Repeat([]string{long(2_000)}, 2_000)})
	out["by"] = pf
	pf = pmogen.Generate(6, 8)
	pf.People[1].Roles = slices.Repeat([]string{long(2_000)}, 2_000)
	out["roles"] = pf
	return out
}

// reachSets returns the policy sets of the differential test at a cost
// limit: each pack for its PMO type, the bench rules and the tricky policy.
func reachSets(t *testing.T, limit uint64) map[string]*PolicySet {
	t.Helper()
	out := map[string]*PolicySet{}
	for _, typ := range []pmo.Type{pmo.Supportive, pmo.Controlling, pmo.Directive} {
		ps, err := Pack(typ)
		require.NoError(t, err)
		eng, err := New(WithCostLimit(limit), WithEstimatedCostLimit(1<<62), WithPMOType(typ))
		require.NoError(t, err)
		set, err := eng.Compile(ps...)
		require.NoError(t, err, typ)
		out["pack-"+typ.String()] = set
	}
	eng, err := New(WithCostLimit(limit), WithEstimatedCostLimit(1<<62))
	require.NoError(t, err)
	set, err := eng.Compile(benchPolicy(0), trickyPolicy())
	require.NoError(t, err)
	out["bench+tricky"] = set
	return out
}

// fullMeasurement returns set with the full measurement: the same
// policies, no plan (measurePlanFor measures everything).
func fullMeasurement(set *PolicySet) *PolicySet {
	return &PolicySet{engine: set.engine, policies: set.policies, params: set.params}
}

// TestReachBoundsActualCost is the differential soundness test of the
// reach: for every program of every pack, the bench rules and the tricky
// policy, over generated and edited portfolios and at three cost limits,
// the estimate at the sizes of the set's measurement bounds the actual
// cost of a tracked evaluation on every subject (so a program taken
// untracked is within the limit), and the reports equal those of the full
// measurement.
func TestReachBoundsActualCost(t *testing.T) {
	ctx := context.Background()
	now := pmogen.Today().Add(9 * time.Hour)
	portfolios := editedPortfolios()
	untracked, checked := 0, 0
	for _, limit := range []uint64{300, 20_000, DefaultCostLimit} {
		for setName, set := range reachSets(t, limit) {
			for pfName, pf := range portfolios {
				sizes := measureOn(pf, 1, set.measurePlanFor(nil))
				full := measure(pf)
				require.LessOrEqual(t, sizes.str, full.str)
				require.LessOrEqual(t, sizes.list, full.list)
				ev := &evaluator{set: set, ctx: ctx, pf: pf, pfVal: newPortfolioVal(pf), now: types.Timestamp{Time: now}}
				for _, cp := range set.policies {
					for _, prg := range append(programsOf(cp), slices.DeleteFunc(cp.ratingPrograms(), func(p *program) bool { return p == nil })...) {
						h := dataHints{sizes: sizes, indexLoops: prg.budget.indexLoops, params: prg.budget.params}
						est, err := prg.budget.env.EstimateCost(prg.ast, h, rangeCost(h))
						require.NoError(t, err)
						u := prg.budget.program(sizes) != nil
						require.Equal(t, est.Max <= limit, u, "%s: the verdict is the estimate's", prg.text)
						if u {
							untracked++
						}
						for _, act := range subjectsOf(ev, cp, pf) {
							// The program's own tracker: a variable it reads
							// is evaluated (and tracked) on its own.
							_, det, _ := prg.prg.ContextEval(ctx, act)
							if det == nil || det.ActualCost() == nil {
								continue
							}
							checked++
							assert.LessOrEqual(t, *det.ActualCost(), est.Max, "%s on %s/%s at limit %d: the estimate at the reach sizes %+v does not bound the actual cost",
								prg.text, setName, pfName, limit, sizes)
						}
					}
				}
				got, err := set.Evaluate(ctx, pf, At(now), Workers(1))
				require.NoError(t, err)
				want, err := fullMeasurement(set).Evaluate(ctx, pf, At(now), Workers(1))
				require.NoError(t, err)
				assert.Equal(t, want.Results(), got.Results(), "%s on %s at limit %d: the report differs from the full measurement's", setName, pfName, limit)
			}
		}
	}
	assert.Positive(t, untracked)
	assert.Greater(t, checked, 10_000)
}

// TestReachUnreadLongStrings: a 10 MB description that no rule reads no
// longer forces the runtime cost tracker on rules that compare strings;
// a 10 MB sponsor still does for the rule that reads it.
func TestReachUnreadLongStrings(t *testing.T) {
	eng, err := New(WithCostLimit(10_000))
	require.NoError(t, err)
	rules := []Rule{
		{ID: "sponsor", Expression: `project.sponsor == project.manager`},
		{ID: "pairs", Expression: `project.risks.all(r, project.risks.all(s, r.impact <= s.impact + 5))`},
		{ID: "ids", Expression: `project.risks.exists(r, r.id == project.id)`},
	}
	two, err := eng.Compile(&Policy{Name: "b", Rules: rules[:2]})
	require.NoError(t, err)
	three, err := eng.Compile(&Policy{Name: "b", Rules: rules})
	require.NoError(t, err)
	verdicts := func(pf *pmo.Portfolio, set, plan *PolicySet) []bool {
		sizes := measureOn(pf, 1, plan.measurePlanFor(nil))
		var out []bool
		for _, r := range set.policies[0].rules {
			out = append(out, r.expr.budget.program(sizes) != nil)
		}
		return out
	}
	pf := pmogen.Generate(20, 3)
	assert.Equal(t, []bool{true, true, true}, verdicts(pf, three, three), "generated")
	pf.Projects[3].Description = strings.Repeat("d", 10<<20)
	assert.Equal(t, []bool{true, true, true}, verdicts(pf, three, three), "a 10 MB description")
	assert.Equal(t, []bool{false, true, false}, verdicts(pf, three, fullMeasurement(three)), "a 10 MB description, measured in full")
	pf.Projects[3].Description = ""
	pf.Projects[5].Sponsor = strings.Repeat("s", 10<<20)
	assert.Equal(t, []bool{false, true, false}, verdicts(pf, three, three), "a 10 MB sponsor")
	pf.Projects[5].Sponsor = ""
	pf.Projects[6].Risks = append(pf.Projects[6].Risks, pmo.Risk{ID: strings.Repeat("r", 10<<20)})
	assert.Equal(t, []bool{true, true}, verdicts(pf, two, two), "a 10 MB risk ID that no rule reads")
	assert.Equal(t, []bool{false, true, false}, verdicts(pf, three, three), "a 10 MB risk ID that a rule reads")
}

// TestReachWaiverConditions: the conditions of the portfolio's waivers are
// measured with the set's expressions, a field only a condition reads
// included; waivers of no policy of the set, and conditions that do not
// compile, add nothing.
func TestReachWaiverConditions(t *testing.T) {
	eng, err := New(WithCostLimit(10_000))
	require.NoError(t, err)
	set, err := eng.Compile(&Policy{Name: "p", Rules: []Rule{{ID: "r", Expression: `project.sponsor != ''`}}})
	require.NoError(t, err)
	pf := pmogen.Generate(10, 4)
	pf.Projects[2].Description = strings.Repeat("d", 1<<20)
	cfg := evalConfig{now: pmogen.Today(), workers: 1}
	sizes := func() dataSizes {
		wr, err := set.prepareWaivers(pf, cfg)
		require.NoError(t, err)
		return measureOn(pf, 1, set.measurePlanFor(wr))
	}
	assert.Less(t, sizes().str, uint64(1<<20), "no waivers")
	ids := 0
	waiver := func(policy string, conds ...string) pmo.Waiver {
		ids++
		return pmo.Waiver{ID: fmt.Sprint("W-", ids), Policy: policy, Rule: "r", Subject: pf.Projects[0].ID,
			Reason: "r", ApprovedBy: pf.People[0].ID, Expires: cfg.now.AddDate(0, 1, 0), Conditions: conds}
	}
	pf.Waivers = []pmo.Waiver{waiver("p", `size(project.name) > 0`), waiver("p", `project.description ==`), waiver("other", `project.description != ''`)}
	assert.Less(t, sizes().str, uint64(1<<20), "conditions that do not read descriptions, do not compile, or apply to no policy of the set")
	pf.Waivers = append(pf.Waivers, waiver("p", `project.description != project.manager`))
	got := sizes()
	assert.GreaterOrEqual(t, got.str, uint64(1<<20), "a condition reads descriptions")
	prg := set.condition(set.policies[0], `project.description != project.manager`).prg
	require.NotNil(t, prg)
	assert.Nil(t, prg.budget.program(got), "the condition runs tracked")
}

// TestReachMeasuresEachField: for each string, list and map of the schema
// (as TestMeasureCoversEveryList), a plan that reaches only that field
// measures it, and a plan that reaches everything but it does not walk it.
func TestReachMeasuresEachField(t *testing.T) {
	const n = 300
	checked := 0
	for _, target := range sizeTargets() {
		if slices.Contains(target.path, "attributes") {
			continue
		}
		typ, field := targetField(target)
		only := reach{typ + "." + field: true}
		pf := portfolioWith(target, n)
		sizes := measureOn(pf, 1, only.plan())
		var got uint64
		switch {
		case target.kind == reflect.String:
			got = sizes.str
		case len(target.path) == 1 && (field == "projects" || field == "people" || field == "programs"):
			got = sizes.portfolioList
		default:
			got = sizes.list
		}
		if isEnumField(typ, field) {
			assert.LessOrEqual(t, got, uint64(longestEnumWord), "%s: an enumeration is bounded by longestEnumWord", target)
			continue
		}
		checked++
		assert.GreaterOrEqual(t, got, uint64(n), "%s (%s.%s): a %d of it is measured as %d when only it is reached", target, typ, field, n, got)
		if target.kind == reflect.String {
			all := reach{}
			for _, st := range schema().byName {
				for _, f := range st.names {
					if st.name != typ || f != field {
						all[st.name+"."+f] = true
					}
				}
			}
			assert.Less(t, measureOn(pf, 1, all.plan()).str, uint64(n), "%s (%s.%s): measured when not reached", target, typ, field)
		}
	}
	assert.Greater(t, checked, 60)
}

// targetField returns the CEL type and field of a size target: the last
// field of its path and the type that holds it.
func targetField(target sizeTarget) (typ, field string) {
	t := reflect.TypeFor[pmo.Portfolio]()
	typ = portfolioTypeName
	for _, name := range target.path {
		if name == "[]" {
			continue
		}
		sf, ok := fieldByJSONType(t, name)
		if !ok {
			panic("no field " + name + " in " + t.String())
		}
		typ, field = schema().byGo[t].name, name
		ft := sf.Type
		for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice {
			ft = ft.Elem()
		}
		t = ft
	}
	return typ, field
}

func fieldByJSONType(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		if sf := t.Field(i); sf.IsExported() && jsonName(sf) == name {
			return sf, true
		}
	}
	return reflect.StructField{}, false
}

// isEnumField reports whether the CEL field is an enumeration read as a
// word (pmo enum types: a Go kind other than string).
func isEnumField(typ, field string) bool {
	st := schema().byName[typ]
	sf, ok := fieldByJSONType(st.goType, field)
	return ok && sf.Type.Kind() != reflect.String && sf.Type.Kind() != reflect.Slice && sf.Type.Kind() != reflect.Map && sf.Type.Kind() != reflect.Pointer
}

// TestEnumWordsBounded: every enumeration field of the schema (a Go
// integer read as a word) reads as a word of at most longestEnumWord
// bytes, which is why the measurement never walks them; the one exception,
// a date constraint's type, is measured (activities).
func TestEnumWordsBounded(t *testing.T) {
	checked := 0
	for _, st := range schema().byName {
		if st.goType == nil || st.goType.Kind() != reflect.Struct {
			continue
		}
		for _, name := range st.names {
			if st.fields[name].Type.Kind() != types.StringKind {
				continue
			}
			sf, ok := fieldByJSONType(st.goType, name)
			if !ok || sf.Type.Kind() < reflect.Int || sf.Type.Kind() > reflect.Uint64 {
				continue // a string (or a tolerance's limit): measured where reached
			}
			if _, ok := reflect.New(sf.Type).Interface().(interface{ MarshalText() ([]byte, error) }); !ok {
				continue
			}
			longest := 0
			for i := int64(1); i < 1000; i++ {
				v := reflect.New(sf.Type)
				v.Elem().SetInt(i)
				word, err := v.Interface().(interface{ MarshalText() ([]byte, error) }).MarshalText()
				if err != nil {
					break
				}
				longest = max(longest, len(word))
			}
			checked++
			if st.name == "pmo.DateConstraint" && name == "type" {
				assert.Greater(t, longest, longestEnumWord, "measured in activities: still longer?")
				continue
			}
			assert.LessOrEqual(t, longest, longestEnumWord, "%s.%s: a word of %d bytes, above longestEnumWord", st.name, name, longest)
		}
	}
	assert.Greater(t, checked, 10)
}
