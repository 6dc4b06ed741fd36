package governance_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
)

const skip = governance.OutcomeSkipped

// evalDoc evaluates project-scope rules over a portfolio file and returns
// each result's outcome and message by "rule subject".
func evalDoc(t *testing.T, doc string, rules ...governance.Rule) (map[string]governance.Outcome, map[string]string) {
	t.Helper()
	pf, err := pmo.ReadPortfolio(strings.NewReader(doc))
	require.NoError(t, err)
	eng, err := governance.New()
	require.NoError(t, err)
	set, err := eng.Compile(&governance.Policy{Name: "p", Scope: governance.ScopeProject, Rules: rules})
	require.NoError(t, err)
	rep, err := set.Evaluate(context.Background(), pf, governance.At(testNow()))
	require.NoError(t, err)
	out, msgs := map[string]governance.Outcome{}, map[string]string{}
	for _, r := range rep.Results() {
		out[r.Rule+" "+r.Subject] = r.Outcome
		msgs[r.Rule+" "+r.Subject] = r.Message
	}
	return out, msgs
}

// TestToleranceInCEL reads tolerance(project) and tolerance(stage): the
// deviation, its percent, the limits and the direction, both ways, and the
// errors of a set tolerance that cannot be measured.
func TestToleranceInCEL(t *testing.T) {
	doc := `id: pf
name: PF
projects:
  - id: OVER
    name: Over budget, late
    phase: execution
    budget: {approved: "1000000 USD", forecast: "1125000 USD"}
    baseline_start: 2026-01-01
    baseline_finish: 2026-04-11
    forecast_finish: 2026-04-26
    tolerances: {cost: {plus: 10%, minus: 5%}, time: {plus: 10d, minus: 10%}}
    stages:
      - {id: S-1, name: Design, planned_cost: "200000 USD", forecast_cost: "150000 USD", start: 2026-01-01, finish: 2026-02-01,
         forecast_finish: 2026-01-20, tolerances: {cost: {plus: "10000 USD", minus: "10000 USD"}, time: {plus: 3d, minus: 3d}}}
      - {id: S-2, name: Build, planned_cost: "800000 USD", forecast_cost: "800000 USD", tolerances: {cost: {plus: 0%, minus: 0%}}}
  - id: UNDER
    name: Under budget, early
    phase: execution
    budget: {approved: "1000000 USD", forecast: "940000 USD"}
    finish: 2026-04-11
    forecast_finish: 2026-04-01
    tolerances: {cost: {plus: 10%, minus: 5%}, time: {plus: 10d, minus: 5d}}
  - id: NOFORECAST
    name: No forecast
    phase: execution
    budget: {approved: "1000000 USD"}
    tolerances: {cost: {plus: 10%, minus: 5%}}
  - id: NONE
    name: No tolerances
    phase: execution
    budget: {approved: "1000000 USD", forecast: "2000000 USD"}
`
	rules := []governance.Rule{
		{ID: "cost-above", Expression: `tolerance(project).cost.above`},
		{ID: "cost-below", Expression: `tolerance(project).cost.below`},
		{ID: "time-above", Expression: `tolerance(project).time.above`},
		{ID: "time-below", Expression: `tolerance(project).time.below`},
		{ID: "exceeded", Expression: `tolerance(project).exceeded`},
		{ID: "figures", When: `project.id == 'OVER'`, Expression: `tolerance(project).cost.deviation == money('125000 USD') &&
			tolerance(project).cost.percent == 12.5 && tolerance(project).cost.plus == '10%' && tolerance(project).cost.minus == '5%' &&
			tolerance(project).cost.target == money('1000000 USD') && tolerance(project).cost.forecast == money('1125000 USD') &&
			tolerance(project).time.deviation == 15 && tolerance(project).time.planned_days == 100 && tolerance(project).time.percent == 15.0 &&
			tolerance(project).time.target == date('2026-04-11') && tolerance(project).time.forecast == date('2026-04-26')`},
		{ID: "stages", When: `project.id == 'OVER'`, Expression: `project.stages.map(s, s.id + ':' + string(tolerance(s).cost.below) + string(tolerance(s).time.below)) == ['S-1:truetrue', 'S-2:falsefalse'] &&
			tolerance(project.stages[0]).cost.deviation == money('-50000 USD') && tolerance(project.stages[0]).time.deviation == -12 &&
			!tolerance(project.stages[1]).time.set && !tolerance(project.stages[1]).time.exceeded`},
		{ID: "set-measured", Expression: `string(tolerance(project).cost.set) + ' ' + string(tolerance(project).cost.measured) + ' ' + tolerance(project).cost.missing.join(',') == 'x'`,
			MessageExpression: `string(tolerance(project).cost.set) + ' ' + string(tolerance(project).cost.measured) + ' ' + tolerance(project).cost.missing.join(',')`},
		{ID: "summary", Expression: `tolerance(project).summary == ''`, MessageExpression: `tolerance(project).summary`},
	}
	got, msgs := evalDoc(t, doc, rules...)
	assert.Equal(t, map[string]governance.Outcome{
		"cost-above OVER": pass, "cost-above UNDER": fail, "cost-above NOFORECAST": bad, "cost-above NONE": fail,
		"cost-below OVER": fail, "cost-below UNDER": pass, "cost-below NOFORECAST": bad, "cost-below NONE": fail,
		"time-above OVER": pass, "time-above UNDER": fail, "time-above NOFORECAST": fail, "time-above NONE": fail,
		"time-below OVER": fail, "time-below UNDER": pass, "time-below NOFORECAST": fail, "time-below NONE": fail,
		"exceeded OVER": pass, "exceeded UNDER": pass, "exceeded NOFORECAST": bad, "exceeded NONE": fail,
		"figures OVER": pass, "figures UNDER": skip, "figures NOFORECAST": skip, "figures NONE": skip,
		"stages OVER": pass, "stages UNDER": skip, "stages NOFORECAST": skip, "stages NONE": skip,
		"set-measured OVER": fail, "set-measured UNDER": fail, "set-measured NOFORECAST": fail, "set-measured NONE": fail,
		"summary OVER": fail, "summary UNDER": fail, "summary NOFORECAST": fail, "summary NONE": fail,
	}, got)
	assert.Equal(t, "true true ", msgs["set-measured OVER"])
	assert.Equal(t, "true false budget.forecast", msgs["set-measured NOFORECAST"])
	assert.Equal(t, "false false ", msgs["set-measured NONE"])
	assert.Contains(t, msgs["cost-above NOFORECAST"], "tolerance(project NOFORECAST): cost.above: budget.forecast not given (test cost.measured)")
	assert.Equal(t, "project OVER: cost 125000 USD (12.5%) above plan, beyond tolerance, tolerance +10%/-5%; time 15 days (15%) above plan, beyond tolerance, tolerance +10d/-10%", msgs["summary OVER"])
	assert.Equal(t, "project UNDER: cost 60000 USD (6%) below plan, beyond tolerance, tolerance +10%/-5%; time 10 days below plan, beyond tolerance, tolerance +10d/-5d", msgs["summary UNDER"])
	assert.Equal(t, "project NONE: cost: no tolerance; time: no tolerance", msgs["summary NONE"])
}

// TestToleranceErrorsFailClosed checks that a check that cannot be made is
// an error result naming the plan and the reason.
func TestToleranceErrorsFailClosed(t *testing.T) {
	doc := `id: pf
name: PF
projects:
  - id: MIXED
    name: Mixed currencies
    phase: execution
    budget: {approved: "1000 USD", forecast: "1100 EUR"}
    tolerances: {cost: {plus: 10%, minus: 5%}}
  - id: ZERO
    name: A zero stage budget
    phase: execution
    stages: [{id: S-0, name: Zero, planned_cost: "0 USD", forecast_cost: "5 USD", tolerances: {cost: {plus: 10%, minus: 10%}}}]
`
	got, msgs := evalDoc(t, doc,
		governance.Rule{ID: "project", Expression: `!tolerance(project).exceeded`},
		governance.Rule{ID: "stages", Expression: `project.stages.all(s, !tolerance(s).exceeded)`})
	assert.Equal(t, bad, got["project MIXED"])
	assert.Contains(t, msgs["project MIXED"], "tolerance(project MIXED): cost tolerance: budget.forecast 1100 EUR and budget.approved 1000 USD are in different currencies")
	assert.Equal(t, pass, got["stages MIXED"])
	assert.Equal(t, bad, got["stages ZERO"])
	assert.Contains(t, msgs["stages ZERO"], "tolerance(stage S-0): cost tolerance: a plus limit 10% of a zero planned_cost")
}

// TestStatusScaleInCEL compares statuses by their position on the
// portfolio's scale, default and five-level, and fails closed on a word off
// the scale.
func TestStatusScaleInCEL(t *testing.T) {
	rules := []governance.Rule{
		{ID: "index", Expression: `status_index(project.status) == int(project.attributes.want)`},
		{ID: "worse-than-amber", Expression: `status_worse(project.status, 'amber')`},
		{ID: "worst", Expression: `project.status == worst_status()`},
		{ID: "scale", Expression: `portfolio.status_scale[0] == 'green' && size(portfolio.status_scale) == int(project.attributes.size)`},
		{ID: "off-scale", Expression: `status_index('purple') >= 0`},
		{ID: "unset", Expression: `status_index(project.description) >= 0`},
		{ID: "typo", Expression: `project.status != 'gren'`},
		{ID: "word", Expression: `project.status in ['green', 'amber/green'] || project.status_reports.exists(r, r.status == 'red')`},
		{ID: "unset-word", Expression: `project.status != ''`},
	}
	t.Run("default scale", func(t *testing.T) {
		got, msgs := evalDoc(t, `id: pf
name: PF
projects:
  - {id: G, name: G, phase: execution, status: green, attributes: {want: 0, size: 3}}
  - {id: R, name: R, phase: execution, status: red, attributes: {want: 2, size: 3}}
`, rules...)
		assert.Equal(t, map[string]governance.Outcome{
			"index G": pass, "index R": pass, "worse-than-amber G": fail, "worse-than-amber R": pass,
			"worst G": fail, "worst R": pass, "scale G": pass, "scale R": pass,
			"off-scale G": bad, "off-scale R": bad, "unset G": bad, "unset R": bad,
			"typo G": bad, "typo R": bad, "word G": bad, "word R": bad, "unset-word G": pass, "unset-word R": pass,
		}, got)
		assert.Contains(t, msgs["off-scale G"], `status "purple" is not on the status scale [green amber red]`)
		assert.Contains(t, msgs["typo G"], `status "gren" is not on the portfolio's status scale: did you mean 'green'? (want 'green', 'amber' or 'red')`)
		assert.Contains(t, msgs["word G"], `status "amber/green" is not on the portfolio's status scale`)
		assert.Contains(t, msgs["unset G"], "status_index: the status is not set")
	})
	t.Run("five levels", func(t *testing.T) {
		got, msgs := evalDoc(t, `id: pf
name: PF
status_scale: [green, amber/green, amber, amber/red, red]
projects:
  - {id: AG, name: AG, phase: execution, status: amber/green, attributes: {want: 1, size: 5}}
  - {id: AR, name: AR, phase: execution, status: amber/red, attributes: {want: 3, size: 5}}
`, rules...)
		assert.Equal(t, map[string]governance.Outcome{
			"index AG": pass, "index AR": pass, "worse-than-amber AG": fail, "worse-than-amber AR": pass,
			"worst AG": fail, "worst AR": fail, "scale AG": pass, "scale AR": pass,
			"off-scale AG": bad, "off-scale AR": bad, "unset AG": bad, "unset AR": bad,
			"typo AG": bad, "typo AR": bad, "word AG": pass, "word AR": fail, "unset-word AG": pass, "unset-word AR": pass,
		}, got)
		assert.Contains(t, msgs["off-scale AG"], `status "purple" is not on the status scale [green amber/green amber amber/red red]`)
	})
}
