package governance_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/internal/pmogen"
	"github.com/pmokit/pmokit/pmo"
	"github.com/pmokit/pmokit/risk"
)

// testNow() returns the evaluation clock of the tests: a Thursday.
func testNow() time.Time { return time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC) }

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// testPortfolio has a fully described project P-1 (the DESIGN.md example)
// and a nearly empty project P-2.
func testPortfolio() *pmo.Portfolio {
	m := pmo.MustParseMoney
	return &pmo.Portfolio{
		ID: "pf", Name: "Test portfolio", Currency: "USD",
		People: []pmo.Person{
			{ID: "u-ceo", Name: "Ana", Roles: []string{"sponsor", "portfolio_board"}},
			{ID: "u-cfo", Name: "Marc", Roles: []string{"sponsor"}},
			{ID: "u-pm", Name: "Lee", Roles: []string{"project_manager"}},
		},
		Projects: []pmo.Project{
			{
				ID: "P-1", Name: "CRM Replacement", Sponsor: "u-ceo", Manager: "u-pm", Phase: "execution", Status: pmo.Amber,
				Start: day("2026-01-15"), Finish: day("2026-12-20"),
				Budget:      pmo.Budget{Approved: m("1200000 USD"), Forecast: m("1350000 USD"), Actual: m("600000 USD")},
				EarnedValue: &pmo.EarnedValue{AsOf: day("2026-11-01"), BAC: m("1200000 USD"), PV: m("700000 USD"), EV: m("620000 USD"), AC: m("600000 USD")},
				Scores:      map[string]float64{"business_value": 13},
				Attributes:  map[string]any{"region": "EMEA"},
				Milestones:  []pmo.Milestone{{ID: "M1", Name: "Data migrated", Due: day("2026-09-30"), Done: true, DoneOn: day("2026-10-04")}},
				Risks: []pmo.Risk{
					{ID: "R-1", Title: "Vendor API deprecation", Kind: pmo.Threat, Owner: "u-pm", Probability: 0.4, Impact: 4, CostImpact: m("200000 USD"), Status: pmo.RiskOpen, Response: pmo.Response(3)},
					{ID: "R-2", Title: "Key engineer leaves", Probability: 0.2, Impact: 2, CostImpact: m("50000 USD"), Status: pmo.RiskOpen},
				},
				Changes: []pmo.Change{
					{ID: "CR-7", Title: "Add SSO", RequestedBy: "u-pm", DecidedBy: "u-pm", CostImpact: m("80000 USD"), Status: pmo.ChangeApproved},
					{ID: "CR-8", Title: "Extra report", RequestedBy: "u-pm", DecidedBy: "u-ceo", CostImpact: m("5000 USD"), Status: pmo.ChangeApproved},
				},
				Approvals: []pmo.Approval{
					{Gate: "execution", Role: "sponsor", By: "u-ceo", Decision: pmo.ApprovalApproved, On: day("2026-03-01")},
					{Gate: "closing", By: "u-cfo", Decision: pmo.ApprovalApproved, On: day("2026-11-20")},
					{Gate: "closing", Role: "sponsor", By: "u-pm", Decision: pmo.ApprovalRejected},
					{Gate: "initiation", Role: "portfolio_board", By: "u-pm", Decision: pmo.ApprovalApproved}, // a claimed role
				},
			},
			{ID: "P-2", Name: "Nearly empty", Phase: "initiation"},
		},
	}
}

type outcomes map[string]governance.Outcome // by subject

// evalRules compiles one policy of scope with one rule per expression and
// evaluates it on the test portfolio; results by rule then subject.
func evalRules(t *testing.T, scope governance.Scope, exprs []string, opts ...governance.Option) map[string]map[string]governance.Result {
	t.Helper()
	p := &governance.Policy{Name: "t", Scope: scope}
	for i, e := range exprs {
		p.Rules = append(p.Rules, governance.Rule{ID: fmt.Sprint(i), Expression: e})
	}
	eng, err := governance.New(opts...)
	require.NoError(t, err)
	set, err := eng.Compile(p)
	require.NoError(t, err)
	rep, err := set.Evaluate(context.Background(), testPortfolio(), governance.At(testNow()))
	require.NoError(t, err)
	out := map[string]map[string]governance.Result{}
	for _, r := range rep.Results() {
		if out[r.Rule] == nil {
			out[r.Rule] = map[string]governance.Result{}
		}
		out[r.Rule][r.Subject] = r
	}
	return out
}

const (
	pass = governance.OutcomePass
	fail = governance.OutcomeFail
	bad  = governance.OutcomeError
)

// TestFunctionLibrary checks every function of the library on the two test
// projects: the outcome on P-1 and on P-2.
func TestFunctionLibrary(t *testing.T) {
	tests := []struct {
		expr   string
		p1, p2 governance.Outcome
	}{
		// Schema: JSON names, enums as words, absent values.
		{`project.status == 'amber'`, pass, fail},
		{`project.status == ''`, fail, pass},
		{`project.manager == ''`, fail, pass},
		{`project.risks.size() == 0 && project.scores.size() == 0 && project.attributes.size() == 0`, fail, pass},
		{`project.risks.all(r, r.kind == 'threat')`, pass, pass}, // an unset kind reads as threat
		{`project.scores['business_value'] == 13.0 && project.attributes.region == 'EMEA'`, pass, bad},
		{`has(project.earned_value) && has(project.budget) && has(project.start)`, pass, fail},
		{`project.start < now`, pass, bad}, // an absent date is an error
		{`project.milestones.all(m, m.done && m.done_on > m.due)`, pass, pass},
		{`portfolio.projects.size() == 2 && portfolio.people.exists(p, p.id == project.sponsor)`, pass, fail},
		// Money.
		{`project.budget.approved == money('1200000.00 USD')`, pass, fail},
		{`project.budget.forecast > project.budget.approved && project.budget.actual <= project.budget.approved`, pass, fail},
		{`project.budget.forecast - project.budget.approved == money('150000 USD')`, pass, fail},
		{`project.budget.approved + money('1 USD') == money('1200001 USD')`, pass, fail},
		{`project.budget.approved * 1.1 == money('1320000 USD') && project.budget.approved * 2 == money('2400000 USD')`, pass, fail},
		{`project.budget.approved / 4 == money('300000 USD') && project.budget.approved / 0.5 == money('2400000 USD')`, pass, fail},
		{`project.budget.forecast / project.budget.approved == 1.125`, pass, bad}, // division by a zero amount
		{`project.risks.map(r, r.cost_impact).sum() == money('250000 USD')`, pass, fail},
		{`sum(project.risks.map(r, r.cost_impact)) >= money('0 USD')`, pass, pass}, // the sum of nothing is a zero
		{`project.budget.approved.amount() == 1200000.0 && project.budget.approved.currency() == 'USD'`, pass, fail},
		{`string(project.budget.approved) == '1200000 USD'`, pass, fail},
		{`-money('5 USD') < money('0 USD') && money(1000, 'EUR') == money('1000 EUR') && money(2.5, 'USD') == money('2.50 USD')`, pass, pass},
		{`!has(project.budget.approved) && project.budget.approved == money('0 EUR')`, fail, pass}, // absent money is a zero
		{`money('1 USD') < money('1 EUR')`, bad, bad},
		{`money('1 USD') + money('1 EUR') == money('2 USD')`, bad, bad},
		{`money('1 USD') == money('1 EUR')`, bad, bad},
		{`money('1 USD') != money('1 EUR')`, bad, bad},        // != is strict too (doc.go, library_equal.go)
		{`money('12x' + ' USD') == money('1 USD')`, bad, bad}, // a literal one is a compile error (validate_test.go)
		// Dates (now is Thursday 2026-11-26 10:00 UTC).
		{`date('2026-01-31') == timestamp('2026-01-31T00:00:00Z') && date('2026-01-31T12:00:00Z') > date('2026-01-31')`, pass, pass},
		{`days_since(date('2026-11-01')) == 25 && days_until(date('2026-12-01')) == 5`, pass, pass},
		{`days_between(date('2026-01-01'), date('2027-01-01')) == 365 && today() == date('2026-11-26')`, pass, pass},
		{`working_days(date('2026-11-23'), date('2026-11-30')) == 5 && working_days(date('2026-11-28'), date('2026-11-30')) == 0`, pass, pass},
		{`working_days(date('2026-11-30'), date('2026-11-23')) == -5 && working_days(date('2026-01-01'), date('2027-01-01')) == 261`, pass, pass},
		{`add_working_days(date('2026-11-27'), 1) == date('2026-11-30') && add_working_days(date('2026-11-30'), -1) == date('2026-11-27')`, pass, pass},
		{`add_working_days(date('2026-11-26'), 10) == date('2026-12-10') && add_working_days(date('2026-11-28'), 5) == date('2026-12-04')`, pass, pass},
		{`days(2) == duration('48h') && now - project.start > days(300)`, pass, bad},
		{`date('31/01/' + '2026') < now`, bad, bad}, // a literal one is a compile error (validate_test.go)
		// Lifecycle (the default one).
		{`phase_at_or_after(project.phase, 'planning') && !phase_at_or_after(project.phase, 'closing')`, pass, fail},
		{`phase_before('initiation', 'execution') && phase_index('closing') == 3 && portfolio.phase_index(project.phase) == 2`, pass, fail},
		{`phase_index('bogus') == 1`, bad, bad},
		// Earned value: CPI = 620/600, SPI = 620/700, CV = 20000, SV = -80000,
		// EAC = 1200000 × 600000 / 620000 (DAU EVM Gold Card).
		{`ev(project).cpi > 1.0333 && ev(project).cpi < 1.0334 && ev(project).spi > 0.8857 && ev(project).spi < 0.8858`, pass, bad},
		{`ev(project).cv == money('20000 USD') && ev(project).sv == money('-80000 USD')`, pass, bad},
		{`ev(project).eac > money('1161290.32 USD') && ev(project).eac < money('1161290.33 USD') && ev(project).vac < money('38710 USD')`, pass, bad},
		{`ev(project).percent_complete > 51.6 && ev(project).percent_complete < 51.7 && ev(project).as_of == date('2026-11-01')`, pass, bad},
		{`!has(ev(project).cpi) && !has(ev(project).eac)`, fail, pass},
		// The rest of the Gold Card: CV% = 20000/620000 × 100, SV% = −80000/700000 × 100,
		// TCPI to the budget.forecast 1350000: 580000/750000, EAC atypical 600000 + 580000,
		// EAC composite 600000 + 580000·600000·700000/620000², planned 339 days
		// (2026-01-15 to 2026-12-20), forecast 339·700/620 = 382.74 days.
		{`ev(project).cv_percent > 3.2258 && ev(project).cv_percent < 3.2259 && ev(project).sv_percent > -11.4286 && ev(project).sv_percent < -11.4285`, pass, bad},
		{`ev(project).tcpi_eac > 0.7733 && ev(project).tcpi_eac < 0.7734 && ev(project).tcpi < 0.967 && ev(project).tcpi > 0.966`, pass, bad},
		{`ev(project).eac_atypical == money('1180000 USD') && ev(project).eac_composite > money('1233714.88 USD') && ev(project).eac_composite < money('1233714.89 USD')`, pass, bad},
		{`ev(project).planned_duration_days == 339.0 && ev(project).forecast_duration_days > 382.74 && ev(project).forecast_duration_days < 382.75`, pass, bad},
		{`!has(ev(project).cv_percent) && !has(ev(project).tcpi_eac) && !has(ev(project).eac_atypical) && !has(ev(project).forecast_duration_days)`, fail, pass},
		// Approvals and roles.
		{`approved_by_role(project, 'execution', 'sponsor') && approved_by_role(project, 'closing', 'sponsor')`, pass, fail},
		{`!approved_by_role(project, 'planning', 'sponsor') && !approved_by_role(project, 'closing', 'portfolio_board')`, pass, pass},
		{`approvers(project, 'closing') == ['u-cfo'] && approvers(project, 'planning') == []`, pass, fail},
		// The role an approval names is a claim: u-pm is not on the board.
		{`!approved_by_role(project, 'initiation', 'portfolio_board') && approvers(project, 'initiation') == ['u-pm']`, pass, fail},
		{`has_role('u-ceo', 'sponsor') && !has_role('u-pm', 'sponsor') && !has_role('nobody', 'sponsor')`, pass, pass},
		{`segregated('a', 'b') && !segregated('a', 'a') && !segregated('', 'b')`, pass, pass},
		{`project.changes.all(c, segregated(c.requested_by, c.decided_by))`, fail, pass},
		// Risk ratings on the 5×5 preset: P 0.4 is level 2, impact 4, score 8.
		{`risk_rating(project.risks[0]) == 'medium' && risk_score(project.risks[0]) == 8.0`, pass, bad},
		{`project.risks.filter(r, risk_score(r) >= 10.0).size() == 0`, pass, pass},
		// cel-go extensions and numbers.
		{`project.name.lowerAscii().contains('crm') && math.greatest(1, 2) == 2`, pass, fail},
		{`project.risks.exists(r, r.probability > 0)`, pass, fail}, // int/double comparison
	}
	exprs := make([]string, len(tests))
	for i, tt := range tests {
		exprs[i] = tt.expr
	}
	res := evalRules(t, governance.ScopeProject, exprs)
	for i, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			r := res[fmt.Sprint(i)]
			assert.Equal(t, tt.p1, r["P-1"].Outcome, "P-1: %s", r["P-1"].Message)
			assert.Equal(t, tt.p2, r["P-2"].Outcome, "P-2: %s", r["P-2"].Message)
		})
	}
}

func TestEvaluationSemantics(t *testing.T) {
	src := `policy: sem
version: 2.0.0
when: project.phase != 'closing'
rules:
  - id: pass
    expression: project.id != ''
  - id: skipped
    when: project.phase == 'closing'
    expression: 'false'
  - id: fail-message
    severity: warning
    expression: project.budget.forecast <= project.budget.approved
    message: over budget
  - id: fail-message-expression
    severity: info
    expression: project.budget.forecast <= project.budget.approved
    message: over budget
    message_expression: "'forecast ' + string(project.budget.forecast)"
  - id: message-expression-error
    expression: project.budget.forecast <= project.budget.approved
    message: over budget
    message_expression: "'start ' + string(project.finish)"
  - id: default-message
    description: budget within approval
    expression: project.budget.forecast <= project.budget.approved
  - id: error
    expression: project.finish > now
`
	p, err := governance.ParsePolicy([]byte(src))
	require.NoError(t, err)
	eng, err := governance.New()
	require.NoError(t, err)
	set, err := eng.Compile(p)
	require.NoError(t, err)
	pf := testPortfolio()
	pf.Projects[1].Budget.Forecast = pmo.MustParseMoney("10 USD")
	pf.Projects = append(pf.Projects, pmo.Project{ID: "P-3", Name: "Closing", Phase: "closing"})
	rep, err := set.Evaluate(context.Background(), pf, governance.At(testNow()))
	require.NoError(t, err)

	type row struct {
		Rule, Subject string
		Outcome       governance.Outcome
		Severity      governance.Severity
		Message       string
	}
	var got []row
	for _, r := range rep.Results() {
		assert.Equal(t, "2.0.0", r.PolicyVersion)
		assert.Equal(t, governance.SubjectProject, r.SubjectKind)
		got = append(got, row{r.Rule, r.Subject, r.Outcome, r.Severity, r.Message})
	}
	E, W, I := governance.SeverityError, governance.SeverityWarning, governance.SeverityInfo
	want := []row{
		{"pass", "P-1", pass, E, ""},
		{"skipped", "P-1", governance.OutcomeSkipped, E, "rule when is false"},
		{"fail-message", "P-1", fail, W, "over budget"},
		{"fail-message-expression", "P-1", fail, I, "forecast 1350000 USD"},
		{"message-expression-error", "P-1", fail, E, "start 2026-12-20T00:00:00Z"},
		{"default-message", "P-1", fail, E, "budget within approval"},
		{"error", "P-1", pass, E, ""},
		{"pass", "P-2", pass, E, ""},
		{"skipped", "P-2", governance.OutcomeSkipped, E, "rule when is false"},
		{"fail-message", "P-2", fail, W, "over budget"},
		{"fail-message-expression", "P-2", fail, I, "forecast 10 USD"},
		{"message-expression-error", "P-2", fail, E, "over budget (message_expression failed: finish is not set (test it with has()))"},
		{"default-message", "P-2", fail, E, "budget within approval"},
		{"error", "P-2", bad, E, "expression: finish is not set (test it with has())"},
	}
	for _, r := range want[:7] {
		want = append(want, row{r.Rule, "P-3", governance.OutcomeSkipped, r.Severity, "policy when is false"})
	}
	assert.Equal(t, want, got)

	violations := rep.Violations()
	assert.Len(t, violations, 9)
	assert.True(t, rep.Blocked())
	assert.Equal(t, governance.Counts{Total: 21, Pass: 3, Fail: 8, Error: 1, Skipped: 9, Errors: 5, Warnings: 2, Infos: 2, Violations: 9, Subjects: 3}, rep.Counts())
	assert.Equal(t, "blocked: 21 results: 3 pass, 8 fail, 1 error, 9 skipped; violations: 5 error, 2 warning, 2 info", rep.Summary())
}

func TestExplanation(t *testing.T) {
	p := &governance.Policy{Name: "x", Variables: []governance.Variable{{Name: "ceiling", Expression: "project.budget.approved * 1.1"}},
		Rules: []governance.Rule{
			{ID: "budget", Expression: "project.budget.forecast <= variables.ceiling && project.status != 'amber'"},
			{ID: "risks", Expression: "project.risks.all(r, r.owner != '') || days_since(project.start) < 10"},
		}}
	eng, err := governance.New()
	require.NoError(t, err)
	set, err := eng.Compile(p)
	require.NoError(t, err)
	rep, err := set.Evaluate(context.Background(), testPortfolio(), governance.At(testNow()))
	require.NoError(t, err)
	v := rep.Violations()
	require.Len(t, v, 2)
	assert.Equal(t, []string{
		`project.budget.forecast = "1350000 USD"`,
		`variables.ceiling = "1320000 USD"`,
	}, v[0].Explanation())
	assert.Equal(t, []string{
		"project.risks = [2 items]",
		"project.start = 2026-01-15",
		"now = 2026-11-26T10:00:00Z",
	}, v[1].Explanation())
}

// TestVariablesOnce checks that a variable is computed at most once per
// subject, however many rules (and the policy's when) read it, and not at
// all when nothing reads it: a host function counts the calls.
func TestVariablesOnce(t *testing.T) {
	var calls atomic.Int64
	counter := cel.Function("count_call",
		cel.Overload("count_call_string", []*cel.Type{cel.StringType}, cel.StringType,
			cel.UnaryBinding(func(v ref.Val) ref.Val { calls.Add(1); return v })))
	eng, err := governance.New(governance.WithCELOptions(counter))
	require.NoError(t, err)
	p := &governance.Policy{
		Name: "v", When: "variables.id != 'none'",
		Variables: []governance.Variable{
			{Name: "id", Expression: "count_call(project.id)"},
			{Name: "unused", Expression: "count_call('x')"},
			{Name: "derived", Expression: "variables.id + '!'"},
		},
		Rules: []governance.Rule{
			{ID: "a", Expression: "variables.id != ''"},
			{ID: "b", When: "variables.id != ''", Expression: "variables.derived.endsWith('!')"},
			{ID: "c", Expression: "variables.id == project.id"},
		},
	}
	set, err := eng.Compile(p)
	require.NoError(t, err)
	rep, err := set.Evaluate(context.Background(), testPortfolio(), governance.At(testNow()))
	require.NoError(t, err)
	assert.Equal(t, int64(2), calls.Load()) // once per project
	assert.Equal(t, 6, rep.Counts().Pass)
}

func TestVariableErrorFailsReaders(t *testing.T) {
	p := &governance.Policy{Name: "v",
		Variables: []governance.Variable{{Name: "f", Expression: "project.finish"}},
		Rules: []governance.Rule{
			{ID: "reads", Expression: "variables.f > now"},
			{ID: "ignores", Expression: "true"},
		}}
	eng, err := governance.New()
	require.NoError(t, err)
	set, err := eng.Compile(p)
	require.NoError(t, err)
	rep, err := set.Evaluate(context.Background(), testPortfolio(), governance.At(testNow()))
	require.NoError(t, err)
	r := rep.Results()
	require.Len(t, r, 4)
	assert.Equal(t, []governance.Outcome{pass, pass, bad, pass}, []governance.Outcome{r[0].Outcome, r[1].Outcome, r[2].Outcome, r[3].Outcome})
	assert.Equal(t, "expression: variables.f: finish is not set (test it with has())", r[2].Message)
}

func TestScopesAndOrder(t *testing.T) {
	eng, err := governance.New()
	require.NoError(t, err)
	mk := func(name string, scope governance.Scope, expr string) *governance.Policy {
		return &governance.Policy{Name: name, Scope: scope, Rules: []governance.Rule{{ID: "r", Expression: expr}}}
	}
	set, err := eng.Compile(
		mk("changes", governance.ScopeChange, "change.requested_by != change.decided_by && project.id != ''"),
		mk("projects", governance.ScopeProject, "project.id != ''"),
		mk("portfolio", governance.ScopePortfolio, "portfolio.projects.size() > 0"),
		mk("gates", governance.ScopeGate, "gate.to != ''"),
	)
	require.NoError(t, err)
	assert.Equal(t, []string{"changes", "projects", "portfolio", "gates"}, set.PolicyNames())
	rep, err := set.Evaluate(context.Background(), testPortfolio(), governance.At(testNow()))
	require.NoError(t, err)
	var got []string
	for _, r := range rep.Results() {
		got = append(got, fmt.Sprintf("%s %s %s/%s %s", r.SubjectKind, r.Subject, r.Project, r.Policy, r.Outcome))
	}
	assert.Equal(t, []string{
		"portfolio pf /portfolio pass",
		"project P-1 P-1/projects pass",
		"change CR-7 P-1/changes fail",
		"change CR-8 P-1/changes pass",
		"project P-2 P-2/projects pass",
	}, got)
	assert.Equal(t, testNow(), rep.Now())
	assert.Nil(t, rep.Gate())
}

func TestCheckGate(t *testing.T) {
	eng, err := governance.New()
	require.NoError(t, err)
	p, err := governance.ParsePolicy([]byte(`policy: gates
scope: gate
rules:
  - id: sponsor-approval
    when: gate.to == 'closing'
    expression: approved_by_role(project, gate.to, 'sponsor')
    message_expression: "'moving ' + project.id + ' from ' + gate.from + ' to ' + gate.to + ' needs a sponsor approval'"
  - id: forward
    severity: warning
    expression: phase_before(gate.from, gate.to)
`))
	require.NoError(t, err)
	set, err := eng.Compile(p, &governance.Policy{Name: "pm", Rules: []governance.Rule{{ID: "manager", Expression: "project.manager != ''"}}})
	require.NoError(t, err)
	pf := testPortfolio()
	ctx := context.Background()

	rep, err := set.CheckGate(ctx, pf, "P-1", "closing", governance.At(testNow()))
	require.NoError(t, err)
	assert.False(t, rep.Blocked())
	assert.Equal(t, &governance.GateCheck{Project: "P-1", From: "execution", To: "closing"}, rep.Gate())
	assert.Len(t, rep.Results(), 3)

	pf.Projects[0].Approvals = nil
	rep, err = set.CheckGate(ctx, pf, "P-1", "closing", governance.At(testNow()))
	require.NoError(t, err)
	assert.True(t, rep.Blocked())
	require.Len(t, rep.Violations(), 1)
	assert.Equal(t, "moving P-1 from execution to closing needs a sponsor approval", rep.Violations()[0].Message)

	rep, err = set.CheckGate(ctx, pf, "P-2", "initiation", governance.At(testNow()))
	require.NoError(t, err)
	assert.True(t, rep.Blocked()) // P-2 has no manager
	assert.Equal(t, []string{"forward", "manager"}, []string{rep.Violations()[0].Rule, rep.Violations()[1].Rule})
	assert.Equal(t, "gate P-2 initiation -> initiation blocked: 3 results: 0 pass, 2 fail, 0 error, 1 skipped; violations: 1 error, 1 warning, 0 info", rep.Summary())

	_, err = set.CheckGate(ctx, pf, "P-9", "closing")
	assert.ErrorIs(t, err, governance.ErrUnknownProject)
	assert.ErrorIs(t, err, pmo.ErrInvalid)
	_, err = set.CheckGate(ctx, pf, "P-1", "launch")
	assert.ErrorIs(t, err, governance.ErrUnknownPhase)
	assert.ErrorIs(t, err, pmo.ErrInvalid)
	assert.EqualError(t, err, `governance: check gate: project P-1: pmo: invalid portfolio: phase not in the lifecycle: "launch" is not one of [initiation planning execution closing]`)
}

func TestCostLimit(t *testing.T) {
	pf := pmogen.Generate(200, 3)
	p := &governance.Policy{Name: "loop", Scope: governance.ScopePortfolio, Rules: []governance.Rule{
		{ID: "big", Expression: "portfolio.projects.all(p, p.risks.all(r, r.id != ''))"},
		{ID: "small", Expression: "portfolio.id != ''"},
	}}
	eng, err := governance.New(governance.WithCostLimit(500), governance.WithEstimatedCostLimit(1<<40))
	require.NoError(t, err)
	set, err := eng.Compile(p)
	require.NoError(t, err)
	rep, err := set.Evaluate(context.Background(), pf, governance.At(testNow()))
	require.NoError(t, err)
	r := rep.Results()
	require.Len(t, r, 2)
	assert.Equal(t, bad, r[0].Outcome)
	assert.Contains(t, r[0].Message, "cost limit exceeded")
	assert.Equal(t, pass, r[1].Outcome)
}

func TestContextCancellation(t *testing.T) {
	pf := pmogen.Generate(300, 4)
	p := &governance.Policy{Name: "slow", Scope: governance.ScopePortfolio, Rules: []governance.Rule{{
		ID:         "pairs",
		Expression: "portfolio.projects.all(a, portfolio.projects.all(b, portfolio.projects.all(c, a.id != '' && b.id != '' && c.id != '')))",
	}}}
	eng, err := governance.New(governance.WithCostLimit(1<<62), governance.WithEstimatedCostLimit(1<<62))
	require.NoError(t, err)
	set, err := eng.Compile(p)
	require.NoError(t, err)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = set.Evaluate(ctx, pf, governance.At(testNow()))
	assert.ErrorIs(t, err, context.Canceled)

	// 300³ iterations would take minutes; the deadline stops it.
	ctx, cancel = context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err = set.Evaluate(ctx, pf, governance.At(testNow()))
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}

// TestConcurrentEvaluate runs one policy set from several goroutines with
// several workers each (run with -race) and checks that every report is
// identical, in the same order, to the single-worker one.
func TestConcurrentEvaluate(t *testing.T) {
	pf := pmogen.Generate(60, 5)
	eng, err := governance.New()
	require.NoError(t, err)
	p := &governance.Policy{Name: "mix", Variables: []governance.Variable{{Name: "open", Expression: "project.risks.filter(r, r.status == 'open')"}},
		Rules: []governance.Rule{
			{ID: "owner", Expression: "variables.open.all(r, r.owner != '')"},
			{ID: "budget", Expression: "!has(project.budget.forecast) || project.budget.forecast <= project.budget.approved"},
			{ID: "cpi", When: "has(project.earned_value)", Expression: "!has(ev(project).cpi) || ev(project).cpi >= 0.9"},
		}}
	set, err := eng.Compile(p, &governance.Policy{Name: "changes", Scope: governance.ScopeChange,
		Rules: []governance.Rule{{ID: "sod", Expression: "change.decided_by == '' || segregated(change.requested_by, change.decided_by)"}}})
	require.NoError(t, err)
	want, err := set.Evaluate(context.Background(), pf, governance.At(testNow()), governance.Workers(1))
	require.NoError(t, err)
	require.NotEmpty(t, want.Violations())
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := set.Evaluate(context.Background(), pf, governance.At(testNow()), governance.Workers(g+2))
			if assert.NoError(t, err) {
				assert.Equal(t, want.Results(), got.Results())
			}
		}()
	}
	wg.Wait()
}

func TestEvaluateNoPanic(t *testing.T) {
	eng, err := governance.New(governance.WithCELOptions(cel.Function("boom",
		cel.Overload("boom_string", []*cel.Type{cel.StringType}, cel.BoolType,
			cel.UnaryBinding(func(ref.Val) ref.Val { panic("boom") })))))
	require.NoError(t, err)
	set, err := eng.Compile(&governance.Policy{Name: "p", Rules: []governance.Rule{{ID: "r", Expression: "boom(project.id)"}}})
	require.NoError(t, err)
	rep, err := set.Evaluate(context.Background(), testPortfolio(), governance.At(testNow()))
	require.NoError(t, err)
	for _, r := range rep.Results() {
		assert.Equal(t, bad, r.Outcome)
		assert.Contains(t, r.Message, "boom")
	}
	_, err = set.Evaluate(context.Background(), nil)
	assert.Error(t, err)
	_, err = set.CheckGate(context.Background(), nil, "P-1", "closing")
	assert.Error(t, err)
	assert.Equal(t, types.True, types.Bool(true))
}

func TestPolicyWhenError(t *testing.T) {
	eng, err := governance.New()
	require.NoError(t, err)
	set, err := eng.Compile(&governance.Policy{Name: "p", When: "project.finish > now", Rules: []governance.Rule{
		{ID: "a", Expression: "true"}, {ID: "b", Severity: governance.SeverityInfo, Expression: "true"},
	}})
	require.NoError(t, err)
	rep, err := set.Evaluate(context.Background(), testPortfolio(), governance.At(testNow()))
	require.NoError(t, err)
	var got []string
	for _, r := range rep.Results() {
		got = append(got, fmt.Sprintf("%s/%s %s %s", r.Subject, r.Rule, r.Outcome, r.Message))
	}
	assert.Equal(t, []string{
		"P-1/a pass ",
		"P-1/b pass ",
		"P-2/a error policy when: finish is not set (test it with has())",
		"P-2/b error policy when: finish is not set (test it with has())",
	}, got)
}

// TestWithRiskMatrix rates the same risk on the default 5×5 matrix and on
// the 3×3 preset: P 0.9 and impact 1 scores 5 × 1 (medium) on the 5×5 and
// falls in the left column (low) of the 3×3.
func TestWithRiskMatrix(t *testing.T) {
	exprs := []string{
		"risk_rating(project.risks[0]) == 'medium'",
		"project.risks.map(r, risk_rating(r)) == ['medium', 'low']",
	}
	res := evalRules(t, governance.ScopeProject, exprs)
	assert.Equal(t, pass, res["0"]["P-1"].Outcome, res["0"]["P-1"].Message)
	assert.Equal(t, pass, res["1"]["P-1"].Outcome, res["1"]["P-1"].Message)

	pf := testPortfolio()
	pf.Projects[0].Risks[0].Probability, pf.Projects[0].Risks[0].Impact = 0.9, 1
	for _, tt := range []struct {
		name   string
		matrix *risk.Matrix
		want   string
	}{{"5x5", risk.Preset5x5(), "medium"}, {"3x3", risk.Preset3x3(), "low"}} {
		t.Run(tt.name, func(t *testing.T) {
			eng, err := governance.New(governance.WithRiskMatrix(tt.matrix))
			require.NoError(t, err)
			set, err := eng.Compile(&governance.Policy{Name: "r", Rules: []governance.Rule{{
				ID: "r", Expression: "false", MessageExpression: "risk_rating(project.risks[0])",
			}}})
			require.NoError(t, err)
			rep, err := set.Evaluate(context.Background(), pf, governance.At(testNow()))
			require.NoError(t, err)
			assert.Equal(t, tt.want, rep.Results()[0].Message)
		})
	}
}

func TestParsePolicyFile(t *testing.T) {
	p, err := governance.ParsePolicyFile("testdata/policies/changes.yaml")
	require.NoError(t, err)
	assert.Equal(t, "testdata/policies/changes.yaml", p.Source)
	assert.Equal(t, governance.ScopeChange, p.Scope)
	_, err = governance.ParsePolicyFile("testdata/policies/missing.yaml")
	assert.ErrorIs(t, err, os.ErrNotExist)
}

// TestExplanationNoStaleValues checks that an explanation lists only what
// its own evaluation read: a node that was short-circuited never shows a
// value left over from the explanation of an earlier rule.
func TestExplanationNoStaleValues(t *testing.T) {
	p := &governance.Policy{Name: "x", Rules: []governance.Rule{
		{ID: "many-nodes", Expression: "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30].size() == 0"},
		{ID: "short-circuit", Expression: "project.risks.all(r, r.owner == 'nobody' && days_since(r.raised) <= 0)"},
	}}
	eng, err := governance.New()
	require.NoError(t, err)
	set, err := eng.Compile(p)
	require.NoError(t, err)
	pf := testPortfolio()
	pf.Projects = pf.Projects[:1]
	for range 3 {
		rep, err := set.Evaluate(context.Background(), pf, governance.At(testNow()), governance.Workers(1))
		require.NoError(t, err)
		v := rep.Violations()
		require.Len(t, v, 2)
		assert.Equal(t, []string{"project.risks = [2 items]"}, v[1].Explanation())
	}
}

// TestZeroValuesNoPanic: a zero Engine or a nil PolicySet gives an error,
// and a zero PolicySet is an empty set, instead of a panic (the zero
// Engine's used to happen on a goroutine of Compile, ending the program).
func TestZeroValuesNoPanic(t *testing.T) {
	p := &governance.Policy{Name: "p", Rules: []governance.Rule{{ID: "r", Expression: "true"}}}
	var zero governance.Engine
	_, err := zero.Compile(p)
	assert.EqualError(t, err, "governance: compile: engine not created with New")
	var nilEngine *governance.Engine
	_, err = nilEngine.Compile(p)
	assert.Error(t, err)

	var nilSet *governance.PolicySet
	_, err = nilSet.Evaluate(context.Background(), testPortfolio())
	assert.EqualError(t, err, "governance: evaluate: nil policy set")
	_, err = nilSet.CheckGate(context.Background(), testPortfolio(), "P-1", "closing")
	assert.EqualError(t, err, "governance: check gate: nil policy set")

	var empty governance.PolicySet
	rep, err := empty.Evaluate(context.Background(), testPortfolio(), governance.At(testNow()))
	require.NoError(t, err)
	assert.Empty(t, rep.Results())
}

// TestCompilePanicIsError: a panic while compiling (here a host macro's)
// becomes a *CompileError naming the policy instead of ending the program.
func TestCompilePanicIsError(t *testing.T) {
	eng, err := governance.New(governance.WithCELOptions(cel.Macros(cel.GlobalMacro("explode", 0,
		func(cel.MacroExprFactory, celast.Expr, []celast.Expr) (celast.Expr, *common.Error) { panic("kaboom") }))))
	require.NoError(t, err)
	_, err = eng.Compile(&governance.Policy{Name: "p", Rules: []governance.Rule{{ID: "r", Expression: "explode()"}}})
	var ce *governance.CompileError
	require.True(t, errors.As(err, &ce), "got %v", err)
	assert.Equal(t, "p", ce.Policy)
	assert.Contains(t, ce.Err.Error(), "kaboom")
}
