package governance_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
)

// TestEVGoldCardData covers the Gold Card figures of ev() whose inputs come
// from the project rather than the snapshot: a budget.forecast in another
// currency and a finish before the start make the figure an evaluation
// error (set for has(), so `!has(x) || …` fails closed); a project with a
// start and no finish has no planned duration.
func TestEVGoldCardData(t *testing.T) {
	day := func(s string) pmo.Money { return pmo.MustParseMoney(s) }
	ev := &pmo.EarnedValue{BAC: day("1000 USD"), PV: day("500 USD"), EV: day("400 USD"), AC: day("450 USD")}
	start, finish := testNow().AddDate(0, -2, 0), testNow().AddDate(0, 2, 0)
	pf := &pmo.Portfolio{Projects: []pmo.Project{
		{ID: "EUR-FORECAST", Name: "a", Phase: "execution", EarnedValue: ev, Budget: pmo.Budget{Forecast: day("1100 EUR")}},
		{ID: "BACKWARDS", Name: "b", Phase: "execution", EarnedValue: ev, Start: finish, Finish: start},
		{ID: "NO-FINISH", Name: "c", Phase: "execution", EarnedValue: ev, Start: start},
		{ID: "NO-FORECAST", Name: "d", Phase: "execution", EarnedValue: ev, Start: start, Finish: finish},
		// The baseline wins over the plan: 10 days, not the plan's backwards span.
		{ID: "BASELINE", Name: "e", Phase: "execution", EarnedValue: ev, Start: finish, Finish: start,
			BaselineStart: start, BaselineFinish: start.AddDate(0, 0, 10)},
	}}
	rules := []governance.Rule{
		{ID: "tcpi-eac", Expression: `!has(ev(project).tcpi_eac) || ev(project).tcpi_eac < 2.0`},
		{ID: "duration", Expression: `!has(ev(project).forecast_duration_days) || ev(project).forecast_duration_days > 0.0`},
		// 10 days at SPI 400/500: 12.5 days.
		{ID: "baseline", Expression: `project.id != 'BASELINE' || (ev(project).planned_duration_days == 10.0 && ev(project).forecast_duration_days == 12.5)`},
		// Every percentage is in percent, as in pmo.EVMetrics: EV/BAC 400/1000
		// is 40, AC/BAC 45, CV/EV -50/400 is -12.5, SV/PV -100/500 is -20.
		{ID: "percent", Expression: `ev(project).percent_complete == 40.0 && ev(project).percent_spent == 45.0 && ev(project).cv_percent == -12.5 && ev(project).sv_percent == -20.0`},
	}
	eng, err := governance.New()
	require.NoError(t, err)
	set, err := eng.Compile(&governance.Policy{Name: "ev", Scope: governance.ScopeProject, Rules: rules})
	require.NoError(t, err)
	rep, err := set.Evaluate(context.Background(), pf, governance.At(testNow()))
	require.NoError(t, err)
	got := map[string]governance.Outcome{}
	msg := map[string]string{}
	for _, r := range rep.Results() {
		got[r.Rule+" "+r.Subject] = r.Outcome
		msg[r.Rule+" "+r.Subject] = r.Message
	}
	assert.Equal(t, map[string]governance.Outcome{
		"tcpi-eac EUR-FORECAST": bad, "tcpi-eac BACKWARDS": pass, "tcpi-eac NO-FINISH": pass, "tcpi-eac NO-FORECAST": pass,
		"duration EUR-FORECAST": pass, "duration BACKWARDS": bad, "duration NO-FINISH": pass, "duration NO-FORECAST": pass,
		"tcpi-eac BASELINE": pass, "duration BASELINE": pass,
		"baseline EUR-FORECAST": pass, "baseline BACKWARDS": pass, "baseline NO-FINISH": pass, "baseline NO-FORECAST": pass,
		"baseline BASELINE":    pass,
		"percent EUR-FORECAST": pass, "percent BACKWARDS": pass, "percent NO-FINISH": pass, "percent NO-FORECAST": pass,
		"percent BASELINE": pass,
	}, got)
	assert.Contains(t, msg["tcpi-eac EUR-FORECAST"], "budget.forecast")
	assert.Contains(t, msg["duration BACKWARDS"], "before its start")
}
