package suite

import (
	"context"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
)

// runSuite parses a suite as if it were the file testdata/<name>_test.yaml,
// so that its relative paths resolve in testdata, and runs it.
func runSuite(t *testing.T, src string) []*Result {
	t.Helper()
	rs, err := runSuiteErr(t, src, Options{})
	require.NoError(t, err)
	return rs.Cases
}

func runSuiteErr(t *testing.T, src string, opts Options) (*Results, error) {
	t.Helper()
	s, err := Parse(filepath.Join("testdata", "inline_test.yaml"), []byte(src))
	require.NoError(t, err)
	return Run(context.Background(), s, opts)
}

const header = "name: run\npolicies: [policy.yaml]\nportfolio: portfolio.yaml\nnow: 2026-11-26\ntests:\n"

func TestRunPasses(t *testing.T) {
	results := runSuite(t, header+`
  - name: P-2 has no manager
    expect:
      blocked: true
      only: true
      violations:
        - {policy: owners, rule: manager, subject: P-2, severity: error, message: P-2 has no manager}
      passes:
        - {rule: manager, subject: P-1}
        - {rule: sponsor, subject: P-1}
  - name: patched
    patch:
      - {project: P-2, set: {manager: u-1}}
      - {project: P-1, set: {sponsor: null}}
    expect:
      blocked: false
      only: true
      violations:
        - {rule: sponsor, subject: P-1, severity: warning}
  - name: inline portfolio and a gate check
    portfolio: {id: pf, name: Inline, people: [{id: m, name: M}], projects: [{id: P-9, name: Nine, phase: planning, manager: m, sponsor: m}]}
    gate: {project: P-9, to: execution}
    expect:
      only: true
      passes:
        - {rule: manager, subject: P-9}
  - name: skipped
    skip: because
    expect: {only: true}
`)
	require.Len(t, results, 4)
	for _, r := range results[:3] {
		assert.True(t, r.Passed(), "%s: %v %q", r.Name(), r.Err, r.Failures)
		assert.NotNil(t, r.Report)
	}
	assert.True(t, results[3].Skipped)
	assert.False(t, results[3].Passed())
	assert.Equal(t, "run/skipped", results[3].Name())
}

func TestRunFailures(t *testing.T) {
	results := runSuite(t, header+`
  - name: wrong verdict and a missing violation
    expect:
      blocked: false
      violations:
        - {rule: manager, subject: P-1}
  - name: unexpected violation
    expect:
      only: true
  - name: wrong severity and message
    expect:
      violations:
        - {rule: manager, subject: P-2, severity: warning}
        - {rule: manager, subject: P-2, message: nothing like it}
  - name: passes that do not pass
    expect:
      passes:
        - {rule: manager, subject: P-2}
        - {rule: sponsor, subject: P-2}
        - {rule: nope}
  - name: a policy that does not exist
    expect:
      violations:
        - {policy: ownrs, rule: manager, subject: P-2}
`)
	require.Len(t, results, 5)
	want := [][]string{
		{
			"expected not blocked, got blocked; violations:\n\towners/manager subject P-2: error fail: project P-2 has no manager",
			"testdata/inline_test.yaml:11:11: expected a violation of rule manager subject P-1; violations:\n\towners/manager subject P-2",
		},
		{"unexpected violation owners/manager subject P-2: error fail: project P-2 has no manager"},
		{
			"testdata/inline_test.yaml:18:11: expected a violation of rule manager subject P-2 severity warning; violations:",
			`testdata/inline_test.yaml:19:11: expected a violation of rule manager subject P-2 message containing "nothing like it"; violations:`,
		},
		{
			`testdata/inline_test.yaml:25:11: the suite's policies have no rule "nope"`,
			"testdata/inline_test.yaml:23:11: expected rule manager subject P-2 to pass; got:\n\towners/manager subject P-2: error fail: project P-2 has no manager",
			"testdata/inline_test.yaml:24:11: expected rule sponsor subject P-2 to pass; got:\n\towners/sponsor subject P-2: warning skipped:",
			"testdata/inline_test.yaml:25:11: expected rule nope to pass; it was not evaluated",
		},
		{
			`testdata/inline_test.yaml:29:11: the suite's policies have no rule "manager" in policy "ownrs"`,
			"testdata/inline_test.yaml:29:11: expected a violation of rule ownrs/manager subject P-2; violations:",
		},
	}
	for i, r := range results {
		assert.False(t, r.Passed(), r.Name())
		require.NoError(t, r.Err)
		require.Len(t, r.Failures, len(want[i]), "%s: %q", r.Name(), r.Failures)
		for j, w := range want[i] {
			assert.True(t, strings.HasPrefix(r.Failures[j], w), "%s failure %d:\n got: %s\nwant: %s...", r.Name(), j, r.Failures[j], w)
		}
	}
}

func TestRunErrors(t *testing.T) {
	tests := []struct {
		name  string
		suite string
		want  string
	}{
		{
			name:  "patch of a missing project",
			suite: header + "  - name: a\n    patch: [{project: P-7, set: {name: x}}]\n    expect: {only: true}\n",
			want:  `suite: testdata/inline_test.yaml:7:13: patch: no project "P-7" in the portfolio`,
		},
		{
			name:  "patch that makes the portfolio invalid",
			suite: header + "  - name: a\n    patch: [{project: P-1, set: {budget: {approved: 12x}}}]\n    expect: {only: true}\n",
			want:  `suite: testdata/inline_test.yaml:6:5: test "a": invalid portfolio: pmo: projects[0].budget.approved: invalid money "12x"`,
		},
		{
			name:  "missing fixture",
			suite: "name: run\npolicies: [policy.yaml]\nportfolio: nope.yaml\nnow: 2026-11-26\ntests:\n  - name: a\n    expect: {only: true}\n",
			want:  "suite: testdata/inline_test.yaml:3:12: portfolio: open testdata/nope.yaml: no such file or directory",
		},
		{
			name:  "gate of a missing project",
			suite: header + "  - name: a\n    gate: {project: P-7, to: execution}\n    expect: {only: true}\n",
			want:  `suite: testdata/inline_test.yaml:6:5: test "a": governance: check gate: pmo: invalid portfolio: unknown project "P-7"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			results := runSuite(t, tt.suite)
			require.Len(t, results, 1)
			require.Error(t, results[0].Err)
			assert.EqualError(t, results[0].Err, tt.want)
			assert.False(t, results[0].Passed())
		})
	}
}

// TestRunPolicyErrors checks that policies that do not read or compile stop
// the suite with one error at the suite's policies (no case can run), which
// matches ErrInvalid and the governance error, instead of failing each case.
func TestRunPolicyErrors(t *testing.T) {
	tests := []struct {
		name  string
		suite string
		want  string
		is    error
	}{
		{
			name:  "policies that do not compile",
			suite: "name: run\npolicies: [broken.yaml]\nportfolio: portfolio.yaml\nnow: 2026-11-26\ntests:\n  - name: a\n    expect: {only: true}\n  - name: b\n    expect: {only: true}\n",
			want:  "suite: testdata/inline_test.yaml:2:12: policies do not compile: governance: testdata/broken.yaml:4:24: policy broken rule r: expression: undefined field 'nope': project has no such field (pmokit help fields project lists them)",
			is:    governance.ErrInvalidPolicy,
		},
		{
			name:  "missing policy file",
			suite: "name: run\npolicies: [nope.yaml]\nportfolio: portfolio.yaml\nnow: 2026-11-26\ntests:\n  - name: a\n    expect: {only: true}\n",
			want:  "suite: testdata/inline_test.yaml:2:12: policies: governance: stat testdata/nope.yaml: no such file or directory",
			is:    fs.ErrNotExist,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := runSuiteErr(t, tt.suite, Options{})
			assert.Nil(t, rs)
			require.Error(t, err)
			assert.EqualError(t, err, tt.want)
			assert.ErrorIs(t, err, ErrInvalid)
			assert.ErrorIs(t, err, tt.is)
			var se *Error
			require.ErrorAs(t, err, &se)
			assert.Equal(t, Pos{File: se.File, Line: se.Line, Column: se.Column}, Pos{File: "testdata/inline_test.yaml", Line: 2, Column: 12})
		})
	}
}

func TestRunMatch(t *testing.T) {
	rs, err := runSuiteErr(t, header+"  - name: a\n    expect: {only: false, violations: [{rule: manager}]}\n  - name: b\n    expect: {blocked: true}\n",
		Options{Match: func(name string) bool { return name == "run/b" }})
	require.NoError(t, err)
	require.Len(t, rs.Cases, 1)
	assert.Equal(t, "run/b", rs.Cases[0].Name())
}

func TestRunCancelled(t *testing.T) {
	s, err := Parse(filepath.Join("testdata", "inline_test.yaml"), []byte(header+"  - name: a\n    expect: {blocked: true}\n"))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = Run(ctx, s, Options{})
	assert.ErrorIs(t, err, context.Canceled)
}

func TestCoverage(t *testing.T) {
	rs, err := runSuiteErr(t, header+`
  - name: P-2 has no manager
    expect:
      violations: [{rule: manager, subject: P-2}]
`, Options{})
	require.NoError(t, err)
	cov := rs.Coverage
	got := make(map[string]RuleCoverage)
	for _, r := range cov.Rules {
		r.order = 0
		got[r.Policy+"/"+r.Rule] = r
	}
	assert.Equal(t, map[string]RuleCoverage{
		"owners/manager": {Policy: "owners", Rule: "manager", Source: "testdata/policy.yaml", Pass: 1, Fail: 1},
		"owners/sponsor": {Policy: "owners", Rule: "sponsor", Source: "testdata/policy.yaml", Pass: 1, Skipped: 1}, // P-2 is in initiation
	}, got)
	assert.Equal(t, 50.0, cov.Percent())
	require.Len(t, cov.Uncovered(), 1)
	assert.Equal(t, "sponsor", cov.Uncovered()[0].Rule)
	assert.Equal(t, "never fails", cov.Uncovered()[0].Missing())

	var total Coverage
	total.Merge(cov)
	total.Merge(cov)
	assert.Equal(t, 2, total.Rules[0].Fail+total.Rules[1].Fail, "merged counts add up")
	assert.Len(t, total.Rules, 2)
}

func TestRunMatrix(t *testing.T) {
	results := runSuite(t, `
name: matrix
packs: [supportive, directive]
portfolio: portfolio.yaml
now: 2026-11-26
tests:
  - name: P-2 has no manager
    expect:
      violations:
        - {policy: accountability, rule: manager-assigned, subject: P-2}
`)
	require.Len(t, results, 2)
	assert.Equal(t, "matrix[supportive]/P-2 has no manager", results[0].Name())
	assert.Equal(t, "matrix[directive]/P-2 has no manager", results[1].Name())
	for _, r := range results {
		assert.True(t, r.Passed(), "%s: %v %q", r.Name(), r.Err, r.Failures)
	}
	assert.False(t, results[0].Report.Blocked(), "the supportive pack never blocks")
	assert.True(t, results[1].Report.Blocked(), "the directive pack blocks")
}

func TestPackTypeNames(t *testing.T) {
	for _, name := range []string{"supportive", "controlling", "directive"} {
		typ, err := packType(name)
		require.NoError(t, err)
		assert.Equal(t, name, typ.String())
	}
	for _, name := range []string{"", "Directive", "chaotic"} {
		_, err := packType(name)
		assert.EqualError(t, err, `unknown pack "`+name+`" (want supportive, controlling or directive)`)
	}
}
