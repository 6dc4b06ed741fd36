package governance

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/pmo"
)

// TestEVPlanFiguresLazy checks that ev() computes the figures that need a
// plan (tcpi_eac against budget.forecast, the durations) on their first
// read only, and then the same as when computed at once.
func TestEVPlanFiguresLazy(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	p := &pmo.Project{ID: "P-1",
		Budget: pmo.Budget{Forecast: pmo.MustParseMoney("1100 USD")},
		Start:  day("2026-01-01"), Finish: day("2026-12-31"),
		EarnedValue: &pmo.EarnedValue{BAC: pmo.MustParseMoney("1000 USD"), PV: pmo.MustParseMoney("500 USD"),
			EV: pmo.MustParseMoney("400 USD"), AC: pmo.MustParseMoney("450 USD")}}
	f, err := computeEV(p)
	require.NoError(t, err)
	assert.Same(t, p, f.planProject, "not made yet")
	assert.InDelta(t, 400.0/450, f.cpi.InexactFloat64(), 1e-12)
	assert.Same(t, p, f.planProject, "reading cpi does not make them")

	g := f.planned()
	assert.Nil(t, g.planProject)
	want, err := p.EarnedValue.MetricsFor(pmo.EVPlan{EAC: p.Budget.Forecast})
	require.NoError(t, err)
	assert.True(t, want.TCPIEAC.Equal(g.tcpiEAC.v))
	assert.True(t, g.tcpiEAC.ok)
	dm, err := p.EarnedValue.MetricsFor(pmo.EVPlan{Start: p.Start, Finish: p.Finish})
	require.NoError(t, err)
	assert.True(t, dm.PlannedDays.Equal(g.plannedDays.v))
	assert.True(t, dm.ForecastDays.Equal(g.forecastDays.v))

	// A forecast in another currency is still an error of tcpi_eac alone.
	p.Budget.Forecast = pmo.MustParseMoney("1100 EUR")
	f, err = computeEV(p)
	require.NoError(t, err)
	require.Error(t, f.planned().tcpiEAC.err)
	assert.NoError(t, f.plannedDays.err)
}
