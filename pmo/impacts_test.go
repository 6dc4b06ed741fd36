package pmo_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/pmo"
)

// impactsYAML is a portfolio whose risks use both forms of consequence:
// the single impact and impacts per dimension (issue 14, point 4).
const impactsYAML = `id: pf
name: Consequences
projects:
  - id: P1
    name: Radar upgrade
    phase: execution
    risks:
      - {id: R1, title: Single, probability: 0.5, impact: 3, residual: {impact: 2}}
      - id: R2
        title: Per dimension
        probability: 0.7
        impacts: {cost: 4, schedule: 2, performance: 3}
        residual: {probability: 0.3, impacts: {cost: 2}}
`

// TestImpactsReadAndWrite reads impacts per dimension, and writes them back
// in JSON and YAML unchanged.
func TestImpactsReadAndWrite(t *testing.T) {
	pf, err := pmo.ReadPortfolio(strings.NewReader(impactsYAML))
	require.NoError(t, err)
	rs := pf.Projects[0].Risks
	assert.Equal(t, 3, rs[0].Impact)
	assert.Nil(t, rs[0].Impacts)
	assert.Equal(t, map[string]int{"cost": 4, "schedule": 2, "performance": 3}, rs[1].Impacts)
	assert.Equal(t, &pmo.Residual{Probability: 0.3, Impacts: map[string]int{"cost": 2}}, rs[1].Residual)
	for _, write := range []func(*pmo.Portfolio, *bytes.Buffer) error{
		func(pf *pmo.Portfolio, b *bytes.Buffer) error { return pf.WriteJSON(b) },
		func(pf *pmo.Portfolio, b *bytes.Buffer) error { return pf.WriteYAML(b) },
	} {
		var b bytes.Buffer
		require.NoError(t, write(pf, &b))
		again, err := pmo.ReadPortfolio(&b)
		require.NoError(t, err)
		assert.Equal(t, pf.Projects[0].Risks, again.Projects[0].Risks)
	}
}

// TestImpactsInvalid checks that every malformed consequence is an error
// naming its path, line and column: a level out of range (0 included: a
// dimension listed is a dimension given), a non-integer, a duplicate or
// blank dimension, both forms on one risk, and a residual of the other
// form than its risk.
func TestImpactsInvalid(t *testing.T) {
	head := "id: pf\nname: N\nprojects:\n  - id: P\n    name: N\n    phase: execution\n    risks:\n"
	for _, tc := range []struct {
		name, risk string
		want       []string
	}{
		{"zero", "      - {id: R, title: T, impacts: {cost: 0}}\n",
			[]string{"8:43 pmo: projects[0].risks[0].impacts.cost: impact 0 outside 1..20"}},
		{"too high", "      - {id: R, title: T, impacts: {cost: 21, schedule: -1}}\n",
			[]string{"8:43 pmo: projects[0].risks[0].impacts.cost: impact 21 outside 1..20",
				"8:57 pmo: projects[0].risks[0].impacts.schedule: impact -1 outside 1..20"}},
		{"not an integer", "      - {id: R, title: T, impacts: {cost: 2.5, schedule: high}}\n",
			[]string{"8:43 pmo: projects[0].risks[0].impacts.cost: want an integer, found 2.5",
				"8:58 pmo: projects[0].risks[0].impacts.schedule: want an integer, found a string"}},
		{"not a mapping", "      - {id: R, title: T, impacts: [4, 2]}\n",
			[]string{"8:36 pmo: projects[0].risks[0].impacts: want a mapping, found a list"}},
		{"duplicate", "      - {id: R, title: T, impacts: {cost: 2, cost: 3}}\n",
			[]string{"8:46 pmo: projects[0].risks[0].impacts.cost: duplicate key \"cost\""}},
		{"blank name", "      - {id: R, title: T, impacts: {\" \": 2, \" cost\": 3}}\n",
			[]string{"8:42 pmo: projects[0].risks[0].impacts[\" \"]: empty dimension name",
				"8:54 pmo: projects[0].risks[0].impacts[\" cost\"]: dimension name \" cost\" has surrounding spaces"}},
		{"control character", "      - {id: R, title: T, impacts: {\"cost\\nx\": 2}}\n",
			[]string{"8:48 pmo: projects[0].risks[0].impacts[\"cost\\nx\"]: dimension name \"cost\\nx\" has a control character"}},
		{"both forms", "      - {id: R, title: T, impact: 3, impacts: {cost: 4}}\n",
			[]string{"8:47 pmo: projects[0].risks[0].impacts: impact and impacts both given: give the single impact or one per dimension"}},
		{"residual single for per dimension", "      - {id: R, title: T, impacts: {cost: 4}, residual: {impact: 2}}\n",
			[]string{"8:66 pmo: projects[0].risks[0].residual.impact: a single residual impact for a risk rated per dimension: give residual impacts"}},
		{"residual per dimension for single", "      - {id: R, title: T, impact: 4, residual: {impacts: {cost: 2}}}\n",
			[]string{"8:58 pmo: projects[0].risks[0].residual.impacts: residual impacts per dimension for a risk with the single impact: give a residual impact"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := pmo.ReadPortfolio(strings.NewReader(head + tc.risk))
			require.Error(t, err)
			assert.ErrorIs(t, err, pmo.ErrInvalid)
			var got []string
			for _, e := range fieldErrors(t, err) {
				got = append(got, fmt.Sprintf("%d:%d %s", e.Line, e.Column, e))
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestImpactsValidateInGo checks Validate on a portfolio built in Go: too
// many dimensions is an error naming the bound.
func TestImpactsValidateInGo(t *testing.T) {
	im := map[string]int{}
	for i := range pmo.MaxDimensions + 1 {
		im[string(rune('a'+i))] = 1
	}
	pf := &pmo.Portfolio{ID: "pf", Name: "N", Projects: []pmo.Project{{ID: "P", Name: "N", Phase: pmo.PhaseExecution,
		Risks: []pmo.Risk{{ID: "R", Title: "T", Impacts: im}}}}}
	assert.EqualError(t, pf.Validate(), "pmo: projects[0].risks[0].impacts: 21 dimensions, more than 20")
}
