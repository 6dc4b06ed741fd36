package pmo_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/pmo"
)

const baselineYAML = `id: pf
name: Baselines
projects:
  - id: P1
    name: Replatform
    phase: execution
    start: 2026-01-05
    finish: 2026-09-30
    baseline_start: 2026-01-05
    baseline_finish: 2026-09-30
    forecast_start: 2026-01-12
    forecast_finish: 2026-11-15
    milestones:
      - id: M1
        name: Go-live
        due: 2026-09-01
        baseline_start: 2026-06-01
        baseline_finish: 2026-09-01
        forecast_start: 2026-06-15
        forecast_finish: 2026-10-20
`

// TestBaselineAndForecastDates reads, validates and writes the baseline and
// forecast dates of a project and a milestone.
func TestBaselineAndForecastDates(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		require.NoError(t, err)
		return d
	}
	pf, err := pmo.ReadPortfolio(strings.NewReader(baselineYAML))
	require.NoError(t, err)
	p, m := &pf.Projects[0], &pf.Projects[0].Milestones[0]
	assert.Equal(t, []time.Time{day("2026-01-05"), day("2026-09-30"), day("2026-01-12"), day("2026-11-15")},
		[]time.Time{p.BaselineStart, p.BaselineFinish, p.ForecastStart, p.ForecastFinish})
	assert.Equal(t, []time.Time{day("2026-06-01"), day("2026-09-01"), day("2026-06-15"), day("2026-10-20")},
		[]time.Time{m.BaselineStart, m.BaselineFinish, m.ForecastStart, m.ForecastFinish})
	require.NoError(t, pf.Validate())

	var b bytes.Buffer
	require.NoError(t, pf.WriteYAML(&b))
	assert.Contains(t, b.String(), "forecast_finish: 2026-11-15")
	back, err := pmo.ReadPortfolio(&b)
	require.NoError(t, err)
	assert.Equal(t, pf.Projects[0], back.Projects[0])

	// Strict: a date that is not one is an error with its path.
	_, err = pmo.ReadPortfolio(strings.NewReader(strings.Replace(baselineYAML, "forecast_finish: 2026-10-20", "forecast_finish: soon", 1)))
	require.Error(t, err)
	assert.ErrorIs(t, err, pmo.ErrInvalid)
	assert.Contains(t, err.Error(), "pmo: projects[0].milestones[0].forecast_finish")
}

// TestBaselineAndForecastOrder: each pair has start <= finish, the plan's
// start and finish too; every pair out of order is reported.
func TestBaselineAndForecastOrder(t *testing.T) {
	pf, err := pmo.ReadPortfolio(strings.NewReader(baselineYAML))
	require.NoError(t, err)
	p, m := &pf.Projects[0], &pf.Projects[0].Milestones[0]
	p.Finish = p.Start.AddDate(0, 0, -1)
	p.BaselineStart, p.BaselineFinish = p.BaselineFinish, p.BaselineStart
	p.ForecastFinish = p.ForecastStart.AddDate(0, 0, -1)
	m.BaselineFinish = m.BaselineStart.AddDate(0, 0, -1)
	m.ForecastStart, m.ForecastFinish = m.ForecastFinish, m.ForecastStart
	err = pf.Validate()
	require.Error(t, err)
	assert.ErrorIs(t, err, pmo.ErrInvalid)
	assert.Equal(t, []string{
		"pmo: projects[0].finish: finish 2026-01-04 is before start 2026-01-05",
		"pmo: projects[0].baseline_finish: baseline_finish 2026-01-05 is before baseline_start 2026-09-30",
		"pmo: projects[0].forecast_finish: forecast_finish 2026-01-11 is before forecast_start 2026-01-12",
		"pmo: projects[0].milestones[0].baseline_finish: baseline_finish 2026-05-31 is before baseline_start 2026-06-01",
		"pmo: projects[0].milestones[0].forecast_finish: forecast_finish 2026-06-15 is before forecast_start 2026-10-20",
	}, strings.Split(err.Error(), "\n"))

	// The same day is in order; one date of a pair alone is too.
	pf, err = pmo.ReadPortfolio(strings.NewReader(baselineYAML))
	require.NoError(t, err)
	p = &pf.Projects[0]
	p.ForecastFinish = p.ForecastStart
	p.BaselineStart = time.Time{}
	assert.NoError(t, pf.Validate())
}
