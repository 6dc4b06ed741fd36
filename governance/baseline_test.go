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

// TestBaselineDatesInCEL reads the baseline and forecast dates of a project
// and a milestone from rules: the PRINCE2-style "forecast to finish late"
// test, and absent dates tested with has().
func TestBaselineDatesInCEL(t *testing.T) {
	pf, err := pmo.ReadPortfolio(strings.NewReader(`id: pf
name: PF
projects:
  - id: LATE
    name: Late
    phase: execution
    baseline_start: 2026-01-05
    baseline_finish: 2026-09-30
    forecast_start: 2026-01-12
    forecast_finish: 2026-11-15
    milestones:
      - {id: M1, name: Go-live, baseline_start: 2026-06-01, baseline_finish: 2026-09-01, forecast_start: 2026-06-15, forecast_finish: 2026-10-20}
  - id: BARE
    name: Bare
    phase: execution
    milestones:
      - {id: M1, name: Go-live}
`))
	require.NoError(t, err)
	rules := []governance.Rule{
		{ID: "project-on-time", Expression: `!has(project.forecast_finish) || !has(project.baseline_finish) || project.forecast_finish <= project.baseline_finish`},
		{ID: "project-slip", Expression: `!has(project.forecast_finish) || days_between(project.baseline_finish, project.forecast_finish) == 46`},
		{ID: "project-starts", Expression: `!has(project.baseline_start) || (project.baseline_start == date('2026-01-05') && project.forecast_start == date('2026-01-12'))`},
		{ID: "milestones-on-time", Expression: `project.milestones.all(m, !has(m.forecast_finish) || m.forecast_finish <= m.baseline_finish)`},
		{ID: "milestone-starts", Expression: `project.milestones.all(m, !has(m.baseline_start) || (days_between(m.baseline_start, m.forecast_start) == 14))`},
		{ID: "read-absent", Expression: `project.milestones.all(m, m.forecast_finish > m.baseline_finish)`},
	}
	eng, err := governance.New()
	require.NoError(t, err)
	set, err := eng.Compile(&governance.Policy{Name: "dates", Scope: governance.ScopeProject, Rules: rules})
	require.NoError(t, err)
	rep, err := set.Evaluate(context.Background(), pf, governance.At(testNow()))
	require.NoError(t, err)
	got := map[string]governance.Outcome{}
	for _, r := range rep.Results() {
		got[r.Rule+" "+r.Subject] = r.Outcome
	}
	assert.Equal(t, map[string]governance.Outcome{
		"project-on-time LATE": fail, "project-on-time BARE": pass,
		"project-slip LATE": pass, "project-slip BARE": pass,
		"project-starts LATE": pass, "project-starts BARE": pass,
		"milestones-on-time LATE": fail, "milestones-on-time BARE": pass,
		"milestone-starts LATE": pass, "milestone-starts BARE": pass,
		"read-absent LATE": pass, "read-absent BARE": bad, // an absent date is an evaluation error
	}, got)
}
