package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
)

// TestExitStatusTable runs one command per row of the documented exit
// status table (exit.go, doc.go, pmokit help), end to end, so that every
// status is produced by the real binary.
func TestExitStatusTable(t *testing.T) {
	rows := []struct {
		status int
		why    string
		args   []string
	}{
		{0, "clean check", []string{"check", "--portfolio", "testdata/portfolio.yaml", "--policy", "testdata/policies", at}},
		{0, "warnings below --fail-on", []string{"check", "--portfolio", "testdata/portfolio.yaml", "--pack", "supportive", at}},
		{0, "allowed gate", []string{"gate", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", "--project", "P-2", "--to", "execution", at}},
		{0, "passing tests", []string{"test", "testdata/suites/pass"}},
		{0, "diff that blocks nothing new", []string{"diff", "--old", "testdata/diff/new", "--new", "testdata/diff/old", "--portfolio", "testdata/portfolio.yaml", at}},
		{0, "version", []string{"version"}},
		{1, "violations", []string{"check", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", at}},
		{1, "violations at --fail-on warning", []string{"check", "--portfolio", "testdata/portfolio.yaml", "--policy", "testdata/policies", at, "--fail-on", "warning"}},
		{1, "blocked gate", []string{"gate", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", "--project", "P-3", "--to", "execution", at}},
		{1, "failed tests", []string{"test", "testdata/suites"}},
		{1, "blocking diff", []string{"diff", "--old", "testdata/diff/old", "--new", "testdata/diff/new", "--portfolio", "testdata/portfolio.yaml", at}},
		{2, "unknown verb", []string{"frobnicate"}},
		{2, "unknown flag", []string{"check", "--frob"}},
		{2, "unreadable portfolio", []string{"check", "--portfolio", "testdata/nope.yaml", "--pack", "directive"}},
		{2, "invalid portfolio", []string{"check", "--portfolio", "testdata/invalid-portfolio.yaml", "--pack", "directive"}},
		{2, "policy that does not compile", []string{"check", "--portfolio", "testdata/portfolio.yaml", "--policy", "testdata/broken"}},
		{2, "unknown project", []string{"gate", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", "--project", "P-9", "--to", "execution"}},
		{2, "suite that does not parse", []string{"test", "testdata/suites-bad"}},
		{2, "suite whose policy does not compile", []string{"test", "testdata/suites-broken-policy"}},
		{2, "diff with a broken policy", []string{"diff", "--old", "testdata/broken", "--new", "testdata/diff/new", "--portfolio", "testdata/portfolio.yaml"}},
		{2, "bad --fail-on", []string{"check", "--fail-on", "sometimes"}},
	}
	seen := map[int]bool{}
	for _, r := range rows {
		t.Run(r.why, func(t *testing.T) {
			cmd := exec.Command(binary, r.args...)
			out, err := cmd.CombinedOutput()
			status := 0
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				status = ee.ExitCode()
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, r.status, status, "%s", out)
			seen[status] = true
		})
	}
	t.Run("internal error", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		status := dispatch([]verb{{name: "boom", run: func([]string, io.Writer, io.Writer) int { panic("index out of range") }}}, []string{"boom"}, &stdout, &stderr)
		assert.Equal(t, 3, status)
		msg := stderr.String()
		assert.True(t, strings.HasPrefix(msg, "pmokit: internal error: index out of range\n\nThis is a bug in pmokit. Please report it at "+reportURL+"\n"), msg)
		assert.Contains(t, msg, "goroutine ", "the trace follows")
		seen[status] = true
	})
	assert.Equal(t, map[int]bool{0: true, 1: true, 2: true, 3: true}, seen, "every row of the table is exercised")
}

// failingWriter fails every write, like a closed pipe.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("write: broken pipe") }

// TestOutputThatCannotBeWritten is exit 3, not a bad-input 2 or a clean 0.
func TestOutputThatCannotBeWritten(t *testing.T) {
	for _, args := range [][]string{
		{"check", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", at, "--format", "json"},
		{"check", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", at, "--format", "sarif"},
		{"gate", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", "--project", "P-3", "--to", "execution", at, "--format", "junit"},
		{"check", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", at, "--format", "github"},
		{"diff", "--old", "testdata/diff/old", "--new", "testdata/diff/new", "--portfolio", "testdata/portfolio.yaml", at, "--format", "markdown"},
		{"diff", "--old", "testdata/diff/old", "--new", "testdata/diff/new", "--portfolio", "testdata/portfolio.yaml", at},
		{"check", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", at},
		{"gate", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", "--project", "P-2", "--to", "execution", at},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var stderr bytes.Buffer
			status := run(args, failingWriter{}, &stderr)
			assert.Equal(t, 3, status)
			assert.Contains(t, stderr.String(), "broken pipe")
		})
	}
}

// TestStandardInput runs the binary with - for file flags.
func TestStandardInput(t *testing.T) {
	portfolio, err := os.ReadFile("testdata/portfolio.yaml")
	require.NoError(t, err)
	policy, err := os.ReadFile("testdata/policies/owners.yaml")
	require.NoError(t, err)
	newPortfolio, err := os.ReadFile("testdata/diff/portfolio-new.yaml")
	require.NoError(t, err)
	matrix, err := os.ReadFile("testdata/risk/matrix.yaml")
	require.NoError(t, err)
	riskPortfolio, err := os.ReadFile("testdata/risk/portfolio.yaml")
	require.NoError(t, err)
	pass, err := os.ReadFile("testdata/suites/pass/owners_test.yaml")
	require.NoError(t, err)
	// From standard input, the suite's relative paths are relative to the
	// current directory.
	pass = bytes.ReplaceAll(bytes.ReplaceAll(pass, []byte("../../policies"), []byte("testdata/policies")), []byte("../../portfolio.yaml"), []byte("testdata/portfolio.yaml"))
	endless := bytes.Repeat([]byte{'#'}, governance.MaxPolicySize+1) // a YAML comment past the limit
	tests := []struct {
		name   string
		stdin  []byte
		args   []string
		status int
		stdout string // substring
		stderr string // substring; "" means empty
	}{
		{"portfolio from stdin", portfolio, []string{"check", "--portfolio", "-", "--pack", "directive", at}, 1, "portfolio pf-cli at 2026-11-26\n", ""},
		{"policy from stdin", policy, []string{"check", "--portfolio", "testdata/portfolio.yaml", "--policy", "-", at, "--format", "github"}, 0, "::warning title=owners/manager::project P-3: project P-3 has no manager\n", ""},
		{"gate portfolio from stdin", portfolio, []string{"gate", "--portfolio", "-", "--pack", "directive", "--project", "P-3", "--to", "execution", at}, 1, "BLOCKED", ""},
		{"diff new portfolio from stdin", newPortfolio, []string{"diff", "--policy", "testdata/diff/old", "--old-portfolio", "testdata/portfolio.yaml", "--new-portfolio", "-", at}, 1, "project P-4 (new): NEWLY BLOCKED", ""},
		{"diff new policy from stdin", policy, []string{"diff", "--old", "testdata/diff/old/owners.yaml", "--new", "-", "--portfolio", "testdata/portfolio.yaml", at}, 0, "rules removed: owners/sponsor\n", ""},
		{"risk matrix from stdin", matrix, []string{"risk", "--portfolio", "testdata/risk/portfolio.yaml", "--matrix", "-"}, 0, "on the board 3x5 matrix", ""},
		{"risk portfolio from stdin", riskPortfolio, []string{"risk", "--portfolio", "-"}, 0, "Risk register of pf-risk on the 5x5 matrix", ""},
		{"risk matrix and portfolio from stdin", matrix, []string{"risk", "--portfolio", "-", "--matrix", "-"}, 2, "", "--portfolio -: standard input is already read by --matrix"},
		{"bad matrix on stdin names stdin", []byte("name: x\n"), []string{"risk", "--portfolio", "testdata/risk/portfolio.yaml", "--matrix", "-"}, 2, "", "pmokit risk: <stdin>: "},
		{"policy on stdin past the size limit", endless, []string{"check", "--portfolio", "testdata/portfolio.yaml", "--policy", "-"}, 2, "", "pmokit check: <stdin>: larger than 4194304 bytes"},
		{"matrix on stdin past the size limit", endless, []string{"risk", "--portfolio", "testdata/risk/portfolio.yaml", "--matrix", "-"}, 2, "", "pmokit risk: <stdin>: risk: matrix: input larger than the limit"},
		{"suite from stdin", pass, []string{"test", "-"}, 0, "ok   owners/P-1 has a manager\n", ""},
		{"suite from stdin and a directory", pass, []string{"test", "-", "testdata/suites/pass"}, 0, "8 passed, 0 failed\n", ""},
		{"bad suite on stdin names stdin", []byte("name: x\ntests: 3\n"), []string{"test", "-"}, 2, "", "pmokit test: suite: <stdin>:"},
		{"stdin read twice", portfolio, []string{"diff", "--policy", "testdata/policies", "--old-portfolio", "-", "--new-portfolio", "-", at}, 2, "", "--new-portfolio -: standard input is already read by --old-portfolio"},
		{"bad policy on stdin names stdin", []byte("policy: x\nrules: 3\n"), []string{"check", "--portfolio", "testdata/portfolio.yaml", "--policy", "-"}, 2, "", "pmokit check: <stdin>: governance: 2:"},
		{"policy on stdin that does not compile names stdin", []byte("policy: x\nrules:\n  - id: r\n    expression: project.nope\n"), []string{"check", "--portfolio", "testdata/portfolio.yaml", "--policy", "-"}, 2, "", "<stdin>:4:"},
		{"invalid portfolio on stdin", []byte("id: x\n"), []string{"check", "--portfolio", "-", "--pack", "directive"}, 2, "", "pmokit check: pmo: <stdin>:1:1: name: missing required field\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(binary, tt.args...)
			cmd.Stdin = bytes.NewReader(tt.stdin)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			status := 0
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				status = ee.ExitCode()
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tt.status, status, "stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
			assert.Contains(t, stdout.String(), tt.stdout)
			if tt.stderr == "" {
				assert.Empty(t, stderr.String())
			} else {
				assert.Contains(t, stderr.String(), tt.stderr)
			}
		})
	}
}
