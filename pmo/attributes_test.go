package pmo_test

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/pmo"
)

// attributesYAML has one entity of every kind, each with its own
// attributes: the entity's path as "at" and a number.
const attributesYAML = `id: pf
name: Attributes everywhere
people:
  - {id: u1, name: Ana, attributes: {at: people, n: 1}}
programs:
  - {id: pg, name: Program, attributes: {at: programs, n: 2}}
projects:
  - id: P0
    name: Other
    phase: closing
  - id: P1
    name: All kinds
    phase: execution
    attributes: {at: projects, n: 3}
    status_reports:
      - {date: 2026-11-01, status: green, attributes: {at: status_reports, n: 4}}
    documents:
      - {id: D1, title: Charter, attributes: {at: documents, n: 5}}
    milestones:
      - {id: M1, name: Go-live, due: 2026-12-01, attributes: {at: milestones, n: 6}}
    risks:
      - {id: R1, title: Vendor, probability: 0.5, impact: 3, attributes: {at: risks, n: 7, consequence: {cost: 4, schedule: 2}}}
    issues:
      - {id: I1, title: Outage, attributes: {at: issues, n: 8}}
    assumptions:
      - {id: A1, statement: Funding holds, attributes: {at: assumptions, n: 9}}
    dependencies:
      - {id: DP1, "on": P0, attributes: {at: dependencies, n: 10}}
    changes:
      - {id: C1, title: Add SSO, attributes: {at: changes, n: 11}}
    approvals:
      - {gate: execution, by: u1, decision: approved, attributes: {at: approvals, n: 12}}
    decisions:
      - {id: DC1, title: Go, attributes: {at: decisions, n: 13}}
    benefits:
      - {id: B1, description: Faster sales, attributes: {at: benefits, n: 14}}
    activities:
      - {id: T1, name: Build, duration: 5, attributes: {at: activities, n: 15}}
`

// attributesOf lists every entity's attributes of pf by the name of its list.
func attributesOf(pf *pmo.Portfolio) map[string]map[string]any {
	p := &pf.Projects[1]
	return map[string]map[string]any{
		"people": pf.People[0].Attributes, "programs": pf.Programs[0].Attributes, "projects": p.Attributes,
		"status_reports": p.StatusReports[0].Attributes, "documents": p.Documents[0].Attributes,
		"milestones": p.Milestones[0].Attributes, "risks": p.Risks[0].Attributes, "issues": p.Issues[0].Attributes,
		"assumptions": p.Assumptions[0].Attributes, "dependencies": p.Dependencies[0].Attributes,
		"changes": p.Changes[0].Attributes, "approvals": p.Approvals[0].Attributes,
		"decisions": p.Decisions[0].Attributes, "benefits": p.Benefits[0].Attributes,
		"activities": p.Activities[0].Attributes,
	}
}

// TestAttributesEverywhere reads, validates and writes the attributes of
// every kind of entity: read strictly, written in JSON and YAML and read
// back unchanged.
func TestAttributesEverywhere(t *testing.T) {
	pf, err := pmo.ReadPortfolio(strings.NewReader(attributesYAML))
	require.NoError(t, err)
	got := attributesOf(pf)
	require.Len(t, got, 15)
	n := 0.0
	for _, at := range []string{"people", "programs", "projects", "status_reports", "documents", "milestones", "risks",
		"issues", "assumptions", "dependencies", "changes", "approvals", "decisions", "benefits", "activities"} {
		n++
		assert.Equal(t, at, got[at]["at"], at)
		assert.Equal(t, n, got[at]["n"], at)
	}
	assert.Equal(t, map[string]any{"cost": 4.0, "schedule": 2.0}, got["risks"]["consequence"])
	require.NoError(t, pf.Validate())

	for name, write := range map[string]func(*pmo.Portfolio, *bytes.Buffer) error{
		"json": func(pf *pmo.Portfolio, b *bytes.Buffer) error { return pf.WriteJSON(b) },
		"yaml": func(pf *pmo.Portfolio, b *bytes.Buffer) error { return pf.WriteYAML(b) },
	} {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, write(pf, &b))
			back, err := pmo.ReadPortfolio(&b)
			require.NoError(t, err)
			assert.Equal(t, got, attributesOf(back))
		})
	}
}

// TestAttributesChecked makes each entity's attributes invalid in turn: a
// reader error names the path and line, and Validate names the path.
func TestAttributesChecked(t *testing.T) {
	lists := []string{"people", "programs", "projects", "status_reports", "documents", "milestones", "risks",
		"issues", "assumptions", "dependencies", "changes", "approvals", "decisions", "benefits", "activities"}
	paths := map[string]string{"people": "people[0]", "programs": "programs[0]", "projects": "projects[1]"}
	for _, at := range lists {
		path, ok := paths[at]
		if !ok {
			path = "projects[1]." + at + "[0]"
		}
		t.Run(at, func(t *testing.T) {
			// Not a map: a strict reading error at the field (the rest of
			// the entity's attributes become an unknown field, also an error).
			src := strings.Replace(attributesYAML, "attributes: {at: "+at+",", "attributes: 5, rest: {at: "+at+",", 1)
			if at == "projects" { // block style
				src = strings.Replace(attributesYAML, "attributes: {at: projects, n: 3}", "attributes: 5", 1)
			}
			require.NotEqual(t, attributesYAML, src)
			_, err := pmo.ReadPortfolio(strings.NewReader(src))
			require.Error(t, err)
			assert.ErrorIs(t, err, pmo.ErrInvalid)
			assert.Contains(t, err.Error(), "pmo: "+path+".attributes")

			// A Go value that is no JSON value: Validate names the key.
			pf, err := pmo.ReadPortfolio(strings.NewReader(attributesYAML))
			require.NoError(t, err)
			attributesOf(pf)[at]["bad"] = math.Inf(1)
			err = pf.Validate()
			require.Error(t, err)
			assert.EqualError(t, err, "pmo: "+path+".attributes.bad: invalid number +Inf (want a finite number)")
		})
	}
}
