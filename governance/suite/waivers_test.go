package suite

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// waiverPatch gives the fixture's P-2 (no manager) a waiver of
// owners/manager and people to request and approve it.
const waiverPatch = `
      - set: {people: [{id: u-1, name: One}, {id: u-pmo, name: Pat, roles: [pmo]}]}
      - append:
          waivers:
            - {id: W-1, policy: owners, rule: manager, subject: P-2, reason: recruiting, requested_by: u-1,
               approved_by: u-pmo, approved_on: 2026-11-01, expires: EXPIRES}
`

func TestRunWaivers(t *testing.T) {
	active := strings.ReplaceAll(waiverPatch, "EXPIRES", "2027-01-31")
	expired := strings.ReplaceAll(waiverPatch, "EXPIRES", "2026-11-20")
	soon := strings.ReplaceAll(waiverPatch, "EXPIRES", "2026-12-01")
	results := runSuite(t, header+`
  - name: waived
    patch:`+active+`
    expect:
      blocked: false
      only: true
      waived:
        - {policy: owners, rule: manager, subject: P-2, waiver: W-1, message: P-2 has no manager}
  - name: an expired waiver is not honoured
    patch:`+expired+`
    expect:
      blocked: true
      violations:
        - {rule: manager, subject: P-2, waiver: W-1, message: "waiver W-1 does not hold: expired on 2026-11-20"}
  - name: expiring soon
    patch:`+soon+`
    expect:
      blocked: false
      only: true
      waived: [{rule: manager, subject: P-2}]
      violations: [{rule: waiver-expiring, subject: P-2, severity: warning, waiver: W-1}]
  - name: expected waived but expired
    patch:`+expired+`
    expect:
      waived: [{rule: manager, subject: P-2}]
  - name: expected waived by another waiver
    patch:`+active+`
    expect:
      waived: [{rule: manager, subject: P-2, waiver: W-9}]
`)
	require.Len(t, results, 5)
	for _, r := range results[:3] {
		assert.True(t, r.Passed(), "%s: %v %v", r.Name(), r.Err, r.Failures)
	}
	require.Len(t, results[3].Failures, 1)
	assert.Contains(t, results[3].Failures[0], "expected rule manager subject P-2 to be waived; got:\n\towners/manager subject P-2: error fail: project P-2 has no manager (waiver W-1 does not hold: expired on 2026-11-20)")
	require.Len(t, results[4].Failures, 1)
	assert.Contains(t, results[4].Failures[0], "expected rule manager subject P-2 waiver W-9 to be waived; got:\n\towners/manager subject P-2: error waived: project P-2 has no manager [waived by W-1]")
}

func TestRunWaiverErrors(t *testing.T) {
	rs, err := runSuiteErr(t, header+`
  - name: a waiver of a rule the policy does not have
    patch:
      - append: {waivers: [{id: W-1, policy: owners, rule: nope, subject: P-2, reason: r, expires: 2027-01-01}]}
    expect: {blocked: true}
  - name: a waiver of a policy the suite does not have
    patch:
      - append: {waivers: [{id: W-1, policy: nope, subject: P-2, reason: r, expires: 2027-01-01}]}
    expect:
      violations: [{policy: nope, rule: waiver-policy-not-evaluated, subject: P-2, severity: warning, waiver: W-1}]
`, Options{})
	require.NoError(t, err)
	require.Len(t, rs.Cases, 2)
	require.Error(t, rs.Cases[0].Err, "an error of the case, never ignored")
	assert.Contains(t, rs.Cases[0].Err.Error(), `waivers[0].rule: waiver "W-1": policy "owners" has no rule "nope"`)
	assert.True(t, rs.Cases[1].Passed(), "a waiver of a policy not in the set is a warning result: %v %v", rs.Cases[1].Err, rs.Cases[1].Failures)
}

// TestWaiversDocExample runs the suite of docs/waivers.md ("Testing
// waivers") on a fixture whose register holds W-1.
func TestWaiversDocExample(t *testing.T) {
	rs, err := runSuiteErr(t, `name: waivers doc
policies: [standards.yaml]
portfolio:
  id: pf
  name: Doc
  people: [{id: u-pmo, name: Pat, roles: [pmo]}, {id: u-pm, name: Lee}]
  projects: [{id: P-1, name: One, phase: planning}]
  waivers:
    - {id: W-1, policy: standards, rule: manager-assigned, subject: P-1, reason: recruiting,
       requested_by: u-pm, approved_by: u-pmo, approved_on: 2026-11-01, expires: 2027-01-31}
tests:
  - name: the manager gap is waived
    now: 2026-11-26
    expect:
      blocked: false
      waived:
        - {policy: standards, rule: manager-assigned, subject: P-1, waiver: W-1}
  - name: an expired waiver is not honoured
    now: 2027-02-01
    expect:
      violations:
        - {rule: manager-assigned, subject: P-1, waiver: W-1, message: "does not hold: expired on 2027-01-31"}
  - name: a waiver approved by its requester does not hold
    now: 2026-11-26
    patch:
      - set: {waivers: [{id: W-1, policy: standards, rule: manager-assigned, subject: P-1, reason: recruiting,
                         requested_by: u-pmo, approved_by: u-pmo, approved_on: 2026-11-01, expires: 2027-01-31}]}
    expect:
      violations:
        - {rule: manager-assigned, subject: P-1, message: is the requester}
`, Options{})
	require.NoError(t, err)
	require.Len(t, rs.Cases, 3)
	for _, r := range rs.Cases {
		assert.True(t, r.Passed(), "%s: %v %v", r.Name(), r.Err, r.Failures)
	}
}

// TestCoverageCountsWaived: a waived result is a failure the rule caught,
// so it covers the rule's failing side.
func TestCoverageCountsWaived(t *testing.T) {
	rs, err := runSuiteErr(t, header+`
  - name: waived
    patch:`+strings.ReplaceAll(waiverPatch, "EXPIRES", "2027-01-31")+`
    expect:
      waived: [{rule: manager, subject: P-2}]
      passes: [{rule: manager, subject: P-1}]
`, Options{})
	require.NoError(t, err)
	i := slices.IndexFunc(rs.Coverage.Rules, func(c RuleCoverage) bool { return c.Rule == "manager" })
	require.GreaterOrEqual(t, i, 0)
	c := rs.Coverage.Rules[i]
	assert.Equal(t, 1, c.Waived)
	assert.Equal(t, 0, c.Fail)
	assert.True(t, c.Covered(), c.Missing())
}
