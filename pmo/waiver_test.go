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

const waiverBase = `id: pf
name: Waivers
people: [{id: u-1, name: Ana, roles: [pmo]}, {id: u-2, name: Lee}]
projects:
  - {id: P-1, name: One, phase: planning, changes: [{id: CR-1, title: SSO}, {id: CR-2, title: API}]}
  - {id: P-2, name: Two, phase: planning, changes: [{id: CR-1, title: Logs}]}
waivers:
`

func TestReadWaivers(t *testing.T) {
	src := waiverBase + `  - id: W-1
    policy: pmo-standards
    rule: manager-assigned
    subject: P-1
    reason: recruiting
    reference: PMO-12
    requested_by: u-2
    requested_on: 2026-11-01
    approved_by: u-1
    approved_on: 2026-11-02
    expires: 2027-01-15
    conditions: ["project.status != 'red'"]
    attributes: {board_minute: 7}
  - {id: W-2, policy: change-control, subject: CR-2, reason: urgent, expires: 2026-12-01}
  - {id: W-3, policy: change-control, subject: P-2/CR-1, reason: urgent, expires: 2026-12-01}
  - {id: W-4, policy: portfolio-budget, subject: pf, reason: reorganisation, expires: 2026-12-01}
`
	pf, err := pmo.ReadPortfolio(strings.NewReader(src))
	require.NoError(t, err)
	require.Len(t, pf.Waivers, 4)
	d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	assert.Equal(t, pmo.Waiver{ID: "W-1", Policy: "pmo-standards", Rule: "manager-assigned", Subject: "P-1", Reason: "recruiting",
		Reference: "PMO-12", RequestedBy: "u-2", RequestedOn: d("2026-11-01"), ApprovedBy: "u-1", ApprovedOn: d("2026-11-02"),
		Expires: d("2027-01-15"), Conditions: []string{"project.status != 'red'"}, Attributes: map[string]any{"board_minute": 7.0}}, pf.Waivers[0])
	w, ok := pf.Waiver("W-3")
	require.True(t, ok)
	assert.Equal(t, "P-2/CR-1", w.Subject)

	// The writers write waivers back.
	var buf bytes.Buffer
	require.NoError(t, pf.WriteYAML(&buf))
	back, err := pmo.ReadPortfolio(&buf)
	require.NoError(t, err)
	assert.Equal(t, pf.Waivers, back.Waivers)
}

func TestReadWaiversErrors(t *testing.T) {
	src := waiverBase + `  - {id: W-1, policy: p, subject: P-9, reason: r, expires: 2026-12-01}
  - {id: W-1, policy: p, subject: CR-1, reason: r, expires: 2026-12-01}
  - {id: W-3, subject: P-1/CR-9, expires: 2026-12-01, approved_by: u-9, requested_by: u-8}
  - {id: W-4, policy: p, subject: P-1, reason: r, conditions: ["", "x"]}
  - {id: W-5, policy: p, subject: P-1, reason: r, expires: soon, colour: red}
`
	_, err := pmo.ReadOptions{File: "pf.yaml"}.ReadPortfolio(strings.NewReader(src))
	require.Error(t, err)
	assert.ErrorIs(t, err, pmo.ErrInvalid)
	assert.Equal(t, `pmo: pf.yaml:8:35: waivers[0].subject: unknown subject "P-9" (want the portfolio's id, a project id or a change request id)
pmo: pf.yaml:9:10: waivers[1].id: duplicate id "W-1" (first at waivers[0])
pmo: pf.yaml:9:35: waivers[1].subject: change request id "CR-1" is used by projects "P-1" and "P-2": write P-1/CR-1
pmo: pf.yaml:10:5: waivers[2].policy: missing required field
pmo: pf.yaml:10:24: waivers[2].subject: project "P-1" has no change request "CR-9"
pmo: pf.yaml:10:68: waivers[2].approved_by: unknown person "u-9"
pmo: pf.yaml:10:87: waivers[2].requested_by: unknown person "u-8"
pmo: pf.yaml:11:5: waivers[3].expires: missing required field (a waiver always expires)
pmo: pf.yaml:11:64: waivers[3].conditions[0]: empty condition
pmo: pf.yaml:12:60: waivers[4].expires: invalid date "soon" (want YYYY-MM-DD or RFC 3339)
pmo: pf.yaml:12:66: waivers[4].colour: unknown field "colour"`, err.Error())
}
