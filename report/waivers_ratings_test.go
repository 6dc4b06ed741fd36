package report_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
	"github.com/pmokit/pmokit/report"
)

// boardPortfolio has three projects in planning: P-1 lacks a manager under
// a waiver that holds, P-2 lacks one with no waiver, P-3 has one.
const boardPortfolio = `
id: pf
name: Board
people:
  - {id: u-pmo, name: Pat, roles: [pmo]}
  - {id: u-pm, name: Lee, roles: [project_manager]}
projects:
  - {id: P-1, name: CRM, phase: planning, status: green, budget: {approved: 100 USD, forecast: 150 USD}}
  - {id: P-2, name: Portal, phase: planning, status: green, budget: {approved: 100 USD, forecast: 115 USD}}
  - id: P-3
    name: Data
    phase: planning
    status: green
    manager: u-pm
    budget: {approved: 100 USD, forecast: 100 USD}
    risks:
      - {id: R-1, title: Test range booked, probability: 0.5, impacts: {cost: 2, schedule: 4, performance: 1}, status: open}
waivers:
  - id: W-7
    policy: standards
    rule: manager-assigned
    subject: P-1
    reason: the manager is being recruited
    requested_by: u-pm
    requested_on: 2026-11-01
    approved_by: u-pmo
    approved_on: 2026-11-02
    expires: 2026-12-20
    conditions: ["project.phase == 'planning'"]
`

const boardPolicy = `
policy: standards
rules:
  - id: manager-assigned
    expression: project.manager != ''
    message: the project has no manager
ratings:
  - id: cost-variance
    levels:
      - {level: green, when: "project.budget.forecast <= project.budget.approved * 1.1"}
      - {level: yellow, when: "project.budget.forecast < project.budget.approved * 1.3"}
      - {level: red, when: "true"}
`

// TestPackShowsWaiversAndRatings: the governance section lists the waived
// violation with its waiver, expiry and conditions apart from the
// violations, and each rating's levels with the subjects off the first
// level; the gate of the waived project is a conditional go; a top risk
// rated per consequence dimension names the dimension that drove it.
func TestPackShowsWaiversAndRatings(t *testing.T) {
	pf, err := pmo.ReadPortfolio(strings.NewReader(boardPortfolio))
	require.NoError(t, err)
	pol, err := governance.ParsePolicy([]byte(boardPolicy))
	require.NoError(t, err)
	eng, err := governance.New()
	require.NoError(t, err)
	set, err := eng.Compile(pol)
	require.NoError(t, err)
	html := string(render(t, pf, report.Options{At: sampleDay, Policies: set, Trials: 100, Seed: 1}))

	gov := between(t, html, `<section id="governance">`, `</section>`)
	assert.Contains(t, gov, "1 waived; 3 rated.")
	assert.Contains(t, gov, "<caption>Waived: violations let through by a waiver</caption>")
	waived := between(t, gov, "<caption>Waived", "</table>")
	assert.Contains(t, waived, `<th scope="row">P-1</th><td>standards / manager-assigned</td>`)
	assert.Contains(t, waived, "<li>waiver W-7, expires 2026-12-20</li>")
	assert.Contains(t, waived, "<li>must hold: project.phase == &#39;planning&#39;</li>")
	assert.NotContains(t, waived, "P-2", "a violation no waiver covers is not waived")
	violations := between(t, gov, "<caption>Violations</caption>", "</table>")
	assert.Contains(t, violations, `<th scope="row">P-2</th>`)
	assert.NotContains(t, violations, `<th scope="row">P-1</th>`, "the waived violation is not listed as a violation")

	ratings := between(t, gov, "<caption>Ratings</caption>", "</table>")
	assert.Contains(t, ratings, `<th scope="row">standards / cost-variance</th>`)
	assert.Contains(t, ratings, `<span class="tag green">green</span> 1 `, "P-3 is within 10%")
	assert.Contains(t, ratings, `<span class="tag amber">yellow</span> 1 (P-2)`)
	assert.Contains(t, ratings, `<span class="tag red">red</span> 1 (P-1)`)

	// A risk rated per consequence dimension names the one that drove it.
	top := between(t, html, "<h3>Top threats, by exposure</h3>", "</table>")
	assert.Contains(t, top, "</span> (by schedule)</td><td>P-3</td>")

	gates := between(t, html, `<section id="gates">`, `</section>`)
	p1 := between(t, gates, `<th scope="row">P-1</th>`, "</tr>")
	assert.Contains(t, p1, `<span class="tag amber">conditional go</span>`)
	assert.Contains(t, p1, "standards / manager-assigned by W-7 until 2026-12-20; must hold: project.phase == &#39;planning&#39;")
	assert.Contains(t, between(t, gates, `<th scope="row">P-2</th>`, "</tr>"), `<span class="tag red">blocked</span>`)
	assert.Contains(t, between(t, gates, `<th scope="row">P-3</th>`, "</tr>"), `<span class="tag green">ready</span>`)
}

// between returns the text of s from the first from to the next to after it.
func between(t *testing.T, s, from, to string) string {
	t.Helper()
	i := strings.Index(s, from)
	require.GreaterOrEqual(t, i, 0, "no %q", from)
	j := strings.Index(s[i:], to)
	require.GreaterOrEqual(t, j, 0, "no %q after %q", to, from)
	return s[i : i+j]
}
