package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// binary is the pmokit command built once by TestMain for the end-to-end
// tests.
var binary string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "pmokit-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	binary = filepath.Join(dir, "pmokit")
	out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "building pmokit: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

const at = "--at=2026-11-26"

// cliCase is one run of the command: its arguments and what it must give.
type cliCase struct {
	name   string
	args   []string
	status int
	golden string // compare stdout with testdata/golden/<golden>; "" checks stdout instead
	stdout string // substring of stdout, when golden is ""
	stderr string // substring of stderr; "" means stderr must be empty
}

// cases returns the runs made both in process (run) and end to end (the
// built binary).
func cases() []cliCase {
	return []cliCase{
		{name: "check directive text", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", at}, status: 1, golden: "check-directive.txt"},
		{name: "check directive json", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", at, "--format", "json"}, status: 1, golden: "check-directive.json"},
		{name: "check supportive never blocks", args: []string{"check", "-portfolio", "testdata/portfolio.yaml", "-pack", "supportive", at}, status: 0, golden: "check-supportive.txt"},
		{name: "check own policies", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--policy", "testdata/policies", at}, status: 0, golden: "check-policies.txt"},
		{name: "check repeated policy flags", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--policy", "testdata/policies/owners.yaml", "--policy", "testdata/policies/big-budgets.yaml", at}, status: 0, golden: "check-policies.txt"},
		{name: "check a rule that cannot be evaluated fails closed", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--policy", "testdata/eval-error", at}, status: 1, golden: "check-eval-error.txt"},
		{name: "gate allowed", args: []string{"gate", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", "--project", "P-2", "--to", "execution", at}, status: 0, golden: "gate-allowed.txt"},
		{name: "gate blocked", args: []string{"gate", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", "--policy", "testdata/policies", "--project", "P-3", "--to", "execution", at}, status: 1, golden: "gate-blocked.txt"},
		{name: "gate blocked json", args: []string{"gate", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", "--project", "P-3", "--to", "execution", at, "--format=json"}, status: 1, golden: "gate-blocked.json"},
		{name: "test passing suites", args: []string{"test", "testdata/suites/pass"}, status: 0, golden: "test-pass.txt"},
		{name: "test failing suites", args: []string{"test", "testdata/suites"}, status: 1, golden: "test-mixed.txt"},
		{name: "test the pack suites", args: []string{"test", "../../governance/packs/tests"}, status: 0, stdout: " passed, 0 failed\n"},
		{name: "help", args: []string{"help"}, status: 0, golden: "help.txt"},
		{name: "--help", args: []string{"--help"}, status: 0, golden: "help.txt"},
		{name: "help check", args: []string{"help", "check"}, status: 0, golden: "help-check.txt"},
		{name: "check --help", args: []string{"check", "--help"}, status: 0, golden: "help-check.txt"},
		{name: "gate -h", args: []string{"gate", "-h"}, status: 0, stdout: "usage: pmokit gate"},
		{name: "test --help", args: []string{"test", "--help"}, status: 0, stdout: "usage: pmokit test"},
		{name: "help --help", args: []string{"help", "--help"}, status: 0, stdout: "usage: pmokit help [VERB]"},

		{name: "no verb", args: nil, status: 2, stderr: "usage: pmokit VERB"},
		{name: "unknown verb", args: []string{"frobnicate"}, status: 2, stderr: "pmokit: unknown verb \"frobnicate\"\n\npmokit applies a PMO's rules to a portfolio"},
		{name: "unknown flag", args: []string{"check", "--frob"}, status: 2, stderr: "flag provided but not defined: -frob\nusage: pmokit check"},
		{name: "help unknown verb", args: []string{"help", "frob"}, status: 2, stderr: "pmokit help: unknown verb \"frob\""},
		{name: "no portfolio", args: []string{"check", "--pack", "directive"}, status: 2, stderr: "pmokit check: no portfolio: give --portfolio FILE"},
		{name: "no policies", args: []string{"check", "--portfolio", "testdata/portfolio.yaml"}, status: 2, stderr: "pmokit check: no policies: give --policy or --pack"},
		{name: "two packs", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--pack", "supportive", "--pack", "directive"}, status: 2, stderr: "pmokit check: --pack given 2 times (supportive, directive): give one pack"},
		{name: "unknown pack", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--pack", "dictator"}, status: 2, stderr: `unknown pack "dictator"`},
		{name: "missing portfolio file", args: []string{"check", "--portfolio", "testdata/nope.yaml", "--pack", "directive"}, status: 2, stderr: "testdata/nope.yaml: no such file or directory"},
		{name: "invalid portfolio", args: []string{"check", "--portfolio", "testdata/invalid-portfolio.yaml", "--pack", "directive"}, status: 2, stderr: "testdata/invalid-portfolio.yaml: "},
		{name: "policy that does not compile", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--policy", "testdata/broken", at}, status: 2, stderr: "testdata/broken/typo.yaml:6:"},
		{name: "missing policy file", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--policy", "testdata/nope.yaml"}, status: 2, stderr: "testdata/nope.yaml: no such file or directory"},
		{name: "bad at", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", "--at", "yesterday"}, status: 2, stderr: `invalid --at "yesterday"`},
		{name: "bad format", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", "--format", "xml"}, status: 2, stderr: `invalid --format "xml"`},
		{name: "stray argument", args: []string{"check", "--pack", "directive", "extra"}, status: 2, stderr: `unexpected argument "extra"`},
		{name: "gate without to", args: []string{"gate", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", "--project", "P-1"}, status: 2, stderr: "give --project and --to"},
		{name: "gate unknown project", args: []string{"gate", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", "--project", "P-9", "--to", "execution", at}, status: 2, stderr: "P-9"},
		{name: "test without suites", args: []string{"test", "testdata/policies"}, status: 2, stderr: "pmokit test: no suites (*_test.yaml) in testdata/policies"},
		{name: "test a suite that does not parse", args: []string{"test", "testdata/suites-bad"}, status: 2, stderr: "pmokit test: suite: testdata/suites-bad/bad_test.yaml:7:5: unknown field \"expct\" in test"},
		{name: "test missing path", args: []string{"test", "testdata/nope"}, status: 2, stderr: "testdata/nope: no such file or directory"},
	}
}

func check(t *testing.T, status int, stdout, stderr string, want int, golden, wantOut, wantErr string) {
	t.Helper()
	assert.Equal(t, want, status, "exit status; stdout:\n%s\nstderr:\n%s", stdout, stderr)
	if wantErr == "" {
		assert.Empty(t, stderr)
	} else {
		assert.Contains(t, stderr, wantErr)
	}
	switch {
	case golden != "":
		path := filepath.Join("testdata", "golden", golden)
		if *update {
			require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
			require.NoError(t, os.WriteFile(path, []byte(stdout), 0o644))
		}
		want, err := os.ReadFile(path)
		require.NoError(t, err, "run go test ./cmd/pmokit -update")
		assert.Equal(t, string(want), stdout)
	case wantOut != "":
		assert.Contains(t, stdout, wantOut)
	}
}

func TestRun(t *testing.T) {
	for _, c := range cases() {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			status := run(c.args, &stdout, &stderr)
			check(t, status, stdout.String(), stderr.String(), c.status, c.golden, c.stdout, c.stderr)
		})
	}
}

func TestEndToEnd(t *testing.T) {
	for _, c := range cases() {
		if *update && c.golden != "" {
			continue // TestRun writes the golden files
		}
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command(binary, c.args...)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			status := 0
			if ee, ok := err.(*exec.ExitError); ok {
				status = ee.ExitCode()
			} else {
				require.NoError(t, err)
			}
			check(t, status, stdout.String(), stderr.String(), c.status, c.golden, c.stdout, c.stderr)
		})
	}
}

// TestJSONFields checks the documented JSON field names.
func TestJSONFields(t *testing.T) {
	var stdout, stderr bytes.Buffer
	status := run([]string{"gate", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", "--project", "P-3", "--to", "execution", at, "--format", "json"}, &stdout, &stderr)
	require.Equal(t, 1, status, stderr.String())
	keys := regexp.MustCompile(`"([a-z_]+)":`).FindAllStringSubmatch(stdout.String(), -1)
	seen := map[string]bool{}
	for _, k := range keys {
		seen[k[1]] = true
	}
	for _, k := range strings.Fields("command at project to blocked summary violations errors warnings info subjects policy version rule subject subject_kind severity outcome message explanation") {
		assert.True(t, seen[k], "field %q missing from:\n%s", k, stdout.String())
	}
}
