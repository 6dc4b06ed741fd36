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
	if fuzzing() {
		// The fuzz targets call the command's functions, not the binary;
		// building it in every fuzz worker process made a short fuzz pass
		// run out of time ("context deadline exceeded").
		os.Exit(m.Run())
	}
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

// fuzzing reports whether this process fuzzes (go test -fuzz), as the
// coordinator or as one of its workers.
func fuzzing() bool {
	if f := flag.Lookup("test.fuzz"); f != nil && f.Value.String() != "" {
		return true
	}
	f := flag.Lookup("test.fuzzworker")
	return f != nil && f.Value.String() == "true"
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
		{name: "check ratings text", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--policy", "testdata/ratings", at}, status: 1, golden: "check-ratings.txt"},
		{name: "check ratings json", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--policy", "testdata/ratings", at, "--format", "json"}, status: 1, golden: "check-ratings.json"},
		{name: "check ratings junit", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--policy", "testdata/ratings", at, "--format", "junit"}, status: 1, golden: "check-ratings.junit.xml"},
		{name: "gate ratings text", args: []string{"gate", "--portfolio", "testdata/portfolio.yaml", "--policy", "testdata/ratings", "--project", "P-1", "--to", "closing", at}, status: 0, golden: "gate-ratings.txt"},
		{name: "check repeated policy flags", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--policy", "testdata/policies/owners.yaml", "--policy", "testdata/policies/big-budgets.yaml", at}, status: 0, golden: "check-policies.txt"},
		{name: "check a rule that cannot be evaluated fails closed", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--policy", "testdata/eval-error", at}, status: 1, golden: "check-eval-error.txt"},
		{name: "check a severity by PMO type takes the pack's type", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--pack", "supportive", "--policy", "testdata/by-type", at}, status: 0, stdout: "  info     managers/manager                 project P-3 has no manager\n"},
		{name: "check a severity by PMO type needs a type", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--policy", "testdata/by-type", at}, status: 2, stderr: "severity: severity is given per PMO type: set the PMO type to compile for"},
		{name: "gate allowed", args: []string{"gate", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", "--project", "P-2", "--to", "execution", at}, status: 0, golden: "gate-allowed.txt"},
		{name: "gate blocked", args: []string{"gate", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", "--policy", "testdata/policies", "--project", "P-3", "--to", "execution", at}, status: 1, golden: "gate-blocked.txt"},
		{name: "gate blocked json", args: []string{"gate", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", "--project", "P-3", "--to", "execution", at, "--format=json"}, status: 1, golden: "gate-blocked.json"},
		{name: "test passing suites", args: []string{"test", "testdata/suites/pass"}, status: 0, golden: "test-pass.txt"},
		{name: "test ratings coverage", args: []string{"test", "--coverage", "testdata/ratings"}, status: 0, golden: "test-ratings.txt"},
		{name: "test ratings coverage json", args: []string{"test", "--coverage", "--format", "json", "testdata/ratings"}, status: 0, golden: "test-ratings.json"},
		{name: "test failing suites", args: []string{"test", "testdata/suites"}, status: 1, golden: "test-mixed.txt"},
		{name: "test the pack suites", args: []string{"test", "../../governance/packs/tests"}, status: 0, stdout: " passed, 0 failed\n"},
		{name: "help", args: []string{"help"}, status: 0, golden: "help.txt"},
		{name: "--help", args: []string{"--help"}, status: 0, golden: "help.txt"},
		{name: "help check", args: []string{"help", "check"}, status: 0, golden: "help-check.txt"},
		{name: "check --help", args: []string{"check", "--help"}, status: 0, golden: "help-check.txt"},
		{name: "gate -h", args: []string{"gate", "-h"}, status: 0, stdout: "usage: pmokit gate"},
		{name: "test --help", args: []string{"test", "--help"}, status: 0, stdout: "usage: pmokit test"},
		{name: "help --help", args: []string{"help", "--help"}, status: 0, stdout: "usage: pmokit help [VERB]"},

		// Formats and --fail-on (formats_test.go checks their structure).
		{name: "check junit", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--policy", "testdata/policies", "--policy", "testdata/eval-error", at, "--format", "junit"}, status: 1, golden: "check-policies.junit.xml"},
		{name: "check sarif", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--policy", "testdata/policies", "--policy", "testdata/eval-error", at, "--format", "sarif"}, status: 1, golden: "check-policies.sarif"},
		{name: "check github", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--policy", "testdata/policies", "--policy", "testdata/eval-error", at, "--format", "github"}, status: 1, golden: "check-policies.github.txt"},
		{name: "check directive sarif", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", at, "--format", "sarif"}, status: 1, golden: "check-directive.sarif"},
		{name: "check directive junit", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", at, "--format", "junit"}, status: 1, golden: "check-directive.junit.xml"},
		{name: "check directive github", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", at, "--format", "github"}, status: 1, golden: "check-directive.github.txt"},
		{name: "check fail on warning", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--policy", "testdata/policies", at, "--fail-on", "warning"}, status: 1, golden: "check-policies.txt"},
		{name: "check fail on warning github", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--policy", "testdata/policies", at, "--fail-on", "warning", "--format", "github"}, status: 1, stdout: "::error file=testdata/policies/owners.yaml,line=5,col=9,title=owners/manager::project P-3: project P-3 has no manager\n"},
		{name: "check fail on error passes warnings", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--policy", "testdata/policies", at, "--fail-on", "error", "--format", "github"}, status: 0, stdout: "::warning file=testdata/policies/owners.yaml,line=5,col=9,title=owners/manager::project P-3: project P-3 has no manager\n"},
		{name: "check fail on none", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", at, "--fail-on", "none"}, status: 0, golden: "check-directive.txt"},
		{name: "check fail on info supportive", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--pack", "supportive", at, "--fail-on", "info"}, status: 1, golden: "check-supportive.txt"},
		{name: "bad fail on", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", "--fail-on", "fatal"}, status: 2, stderr: `invalid value "fatal" for flag -fail-on: want error, warning, info or none`},
		{name: "gate blocked sarif", args: []string{"gate", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", "--policy", "testdata/policies", "--project", "P-3", "--to", "execution", at, "--format", "sarif"}, status: 1, golden: "gate-blocked.sarif"},
		{name: "gate blocked junit", args: []string{"gate", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", "--policy", "testdata/policies", "--project", "P-3", "--to", "execution", at, "--format", "junit"}, status: 1, golden: "gate-blocked.junit.xml"},
		{name: "gate blocked github", args: []string{"gate", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", "--policy", "testdata/policies", "--project", "P-3", "--to", "execution", at, "--format", "github"}, status: 1, golden: "gate-blocked.github.txt"},
		{name: "gate allowed fails on warning", args: []string{"gate", "--portfolio", "testdata/portfolio.yaml", "--pack", "supportive", "--project", "P-3", "--to", "execution", at, "--fail-on", "warning"}, status: 1, stdout: ": ALLOWED\n"},

		// diff: a policy change, a data change, both.
		{name: "diff policies text", args: []string{"diff", "--old", "testdata/diff/old", "--new", "testdata/diff/new", "--portfolio", "testdata/portfolio.yaml", at}, status: 1, golden: "diff-policies.txt"},
		{name: "diff policies json", args: []string{"diff", "--old", "testdata/diff/old", "--new", "testdata/diff/new", "--portfolio", "testdata/portfolio.yaml", at, "--format", "json"}, status: 1, golden: "diff-policies.json"},
		{name: "diff policies markdown", args: []string{"diff", "--old", "testdata/diff/old", "--new", "testdata/diff/new", "--portfolio", "testdata/portfolio.yaml", at, "--format", "markdown"}, status: 1, golden: "diff-policies.md"},
		{name: "diff policies github", args: []string{"diff", "--old", "testdata/diff/old", "--new", "testdata/diff/new", "--portfolio", "testdata/portfolio.yaml", at, "--format", "github"}, status: 1, golden: "diff-policies.github.txt"},
		{name: "diff policies junit", args: []string{"diff", "--old", "testdata/diff/old", "--new", "testdata/diff/new", "--portfolio", "testdata/portfolio.yaml", at, "--format", "junit"}, status: 1, golden: "diff-policies.junit.xml"},
		{name: "diff policies sarif", args: []string{"diff", "--old", "testdata/diff/old", "--new", "testdata/diff/new", "--portfolio", "testdata/portfolio.yaml", at, "--format", "sarif"}, status: 1, golden: "diff-policies.sarif"},
		{name: "diff snapshots github violations", args: []string{"diff", "--policy", "testdata/diff/old", "--old-portfolio", "testdata/portfolio.yaml", "--new-portfolio", "testdata/diff/portfolio-new.yaml", at, "--format", "github", "--fail-on-new", "violations"}, status: 1, golden: "diff-snapshots.github.txt"},
		{name: "diff snapshots", args: []string{"diff", "--policy", "testdata/diff/old", "--old-portfolio", "testdata/portfolio.yaml", "--new-portfolio", "testdata/diff/portfolio-new.yaml", at}, status: 1, golden: "diff-snapshots.txt"},
		{name: "diff snapshots markdown", args: []string{"diff", "--policy", "testdata/diff/old", "--old-portfolio", "testdata/portfolio.yaml", "--new-portfolio", "testdata/diff/portfolio-new.yaml", at, "--format", "markdown"}, status: 1, golden: "diff-snapshots.md"},
		{name: "diff both sides", args: []string{"diff", "--old", "testdata/diff/old", "--new", "testdata/diff/new", "--old-portfolio", "testdata/portfolio.yaml", "--new-portfolio", "testdata/diff/portfolio-new.yaml", at}, status: 1, golden: "diff-both.txt"},
		{name: "diff packs", args: []string{"diff", "--old-pack", "supportive", "--new-pack", "directive", "--portfolio", "testdata/portfolio.yaml", at}, status: 1, golden: "diff-packs.txt"},
		{name: "diff no change", args: []string{"diff", "--old", "testdata/diff/old", "--new", "testdata/diff/old", "--portfolio", "testdata/portfolio.yaml", at}, status: 0, stdout: "\nno verdict changes\n"},
		{name: "diff fail on new none", args: []string{"diff", "--old", "testdata/diff/old", "--new", "testdata/diff/new", "--portfolio", "testdata/portfolio.yaml", at, "--fail-on-new", "none"}, status: 0, golden: "diff-policies.txt"},
		{name: "diff fail on new violations", args: []string{"diff", "--old-pack", "directive", "--new-pack", "directive", "--old-portfolio", "testdata/diff/portfolio-new.yaml", "--new-portfolio", "testdata/portfolio.yaml", at, "--fail-on-new", "violations"}, status: 1, stdout: "newly failing"},
		{name: "diff unblocking passes", args: []string{"diff", "--old", "testdata/diff/new", "--new", "testdata/diff/old", "--portfolio", "testdata/portfolio.yaml", at}, status: 0, stdout: "project P-3: unblocked\n"},
		{name: "diff gate of a pack change", args: []string{"diff", "--old-pack", "supportive", "--new-pack", "directive", "--portfolio", "testdata/portfolio.yaml", "--project", "P-3", "--to", "execution", at}, status: 1, golden: "diff-gate.txt"},
		{name: "diff gate unknown project", args: []string{"diff", "--old-pack", "supportive", "--new-pack", "directive", "--portfolio", "testdata/portfolio.yaml", "--project", "P-9", "--to", "execution", at}, status: 2, stderr: "pmokit diff: old side: "},
		{name: "diff gate without to", args: []string{"diff", "--old-pack", "supportive", "--new-pack", "directive", "--portfolio", "testdata/portfolio.yaml", "--project", "P-3"}, status: 2, stderr: "give --project and --to together"},
		{name: "diff without new", args: []string{"diff", "--old", "testdata/diff/old", "--portfolio", "testdata/portfolio.yaml"}, status: 2, stderr: "pmokit diff: no policies: give --old and --new"},
		{name: "diff old and policy", args: []string{"diff", "--old", "testdata/diff/old", "--new", "testdata/diff/new", "--policy", "testdata/policies", "--portfolio", "testdata/portfolio.yaml"}, status: 2, stderr: "not both"},
		{name: "diff two portfolios and one", args: []string{"diff", "--policy", "testdata/policies", "--portfolio", "testdata/portfolio.yaml", "--old-portfolio", "testdata/portfolio.yaml"}, status: 2, stderr: "give --portfolio or --old-portfolio and --new-portfolio, not both"},
		{name: "diff no portfolio", args: []string{"diff", "--policy", "testdata/policies", "--old-portfolio", "testdata/portfolio.yaml"}, status: 2, stderr: "no portfolio: give --portfolio FILE, or --old-portfolio FILE and --new-portfolio FILE"},
		{name: "diff broken new policy", args: []string{"diff", "--old", "testdata/diff/old", "--new", "testdata/broken", "--portfolio", "testdata/portfolio.yaml", at}, status: 2, stderr: "pmokit diff: new policies: "},
		{name: "diff invalid new portfolio", args: []string{"diff", "--policy", "testdata/policies", "--old-portfolio", "testdata/portfolio.yaml", "--new-portfolio", "testdata/invalid-portfolio.yaml", at}, status: 2, stderr: "pmokit diff: pmo: testdata/invalid-portfolio.yaml:7:24: projects[0].budget.approved: invalid money \"12x USD\"\npmokit diff: pmo: testdata/invalid-portfolio.yaml:8:5: projects[0].sponsr: unknown field \"sponsr\"\n"},
		{name: "diff bad format", args: []string{"diff", "--policy", "testdata/policies", "--portfolio", "testdata/portfolio.yaml", "--format", "html"}, status: 2, stderr: `invalid --format "html" (want text, json, markdown, junit, sarif or github)`},
		{name: "diff bad fail on new", args: []string{"diff", "--fail-on-new", "always"}, status: 2, stderr: "want blocked, violations or none"},
		{name: "help diff", args: []string{"help", "diff"}, status: 0, golden: "help-diff.txt"},

		{name: "endless policy file", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--policy", "/dev/zero"}, status: 2, stderr: "/dev/zero"},
		{name: "endless matrix file", args: []string{"risk", "--portfolio", "testdata/risk/portfolio.yaml", "--matrix", "/dev/zero"}, status: 2, stderr: "pmokit risk: /dev/zero: risk: matrix: input larger than the limit"},
		{name: "version", args: []string{"version"}, status: 0, stdout: "\ncel-go v"},
		{name: "version stray argument", args: []string{"version", "now"}, status: 2, stderr: `unexpected argument "now"`},

		{name: "no verb", args: nil, status: 2, stderr: "usage: pmokit VERB"},
		{name: "unknown verb", args: []string{"frobnicate"}, status: 2, stderr: "pmokit: unknown verb \"frobnicate\"\n\npmokit applies a PMO's rules to a portfolio"},
		{name: "unknown flag", args: []string{"check", "--frob"}, status: 2, stderr: "flag provided but not defined: -frob\nusage: pmokit check"},
		{name: "help unknown verb", args: []string{"help", "frob"}, status: 2, stderr: "pmokit help: unknown verb \"frob\""},
		{name: "no portfolio", args: []string{"check", "--pack", "directive"}, status: 2, stderr: "pmokit check: no portfolio: give --portfolio FILE"},
		{name: "no policies", args: []string{"check", "--portfolio", "testdata/portfolio.yaml"}, status: 2, stderr: "pmokit check: no policies: give --policy or --pack"},
		{name: "two packs", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--pack", "supportive", "--pack", "directive"}, status: 2, stderr: "pmokit check: --pack given 2 times (supportive, directive): give one pack"},
		{name: "unknown pack", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--pack", "dictator"}, status: 2, stderr: `unknown pack "dictator"`},
		{name: "missing portfolio file", args: []string{"check", "--portfolio", "testdata/nope.yaml", "--pack", "directive"}, status: 2, stderr: "testdata/nope.yaml: no such file or directory"},
		{name: "invalid portfolio", args: []string{"check", "--portfolio", "testdata/invalid-portfolio.yaml", "--pack", "directive"}, status: 2, stderr: "pmokit check: pmo: testdata/invalid-portfolio.yaml:7:24: projects[0].budget.approved: invalid money \"12x USD\"\npmokit check: pmo: testdata/invalid-portfolio.yaml:8:5: projects[0].sponsr: unknown field \"sponsr\"\n"},
		{name: "policy that does not compile", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--policy", "testdata/broken", at}, status: 2, stderr: "testdata/broken/typo.yaml:6:"},
		{name: "missing policy file", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--policy", "testdata/nope.yaml"}, status: 2, stderr: "testdata/nope.yaml: no such file or directory"},
		{name: "bad at", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", "--at", "yesterday"}, status: 2, stderr: `invalid --at "yesterday"`},
		{name: "bad format", args: []string{"check", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", "--format", "xml"}, status: 2, stderr: `invalid --format "xml"`},
		{name: "stray argument", args: []string{"check", "--pack", "directive", "extra"}, status: 2, stderr: `unexpected argument "extra"`},
		{name: "gate without to", args: []string{"gate", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", "--project", "P-1"}, status: 2, stderr: "give --project and --to"},
		{name: "gate unknown project", args: []string{"gate", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", "--project", "P-9", "--to", "execution", at}, status: 2, stderr: "P-9"},
		{name: "test without suites", args: []string{"test", "testdata/policies"}, status: 2, stderr: "pmokit test: no suites (*_test.yaml) in testdata/policies"},
		{name: "test a suite that does not parse", args: []string{"test", "testdata/suites-bad"}, status: 2, stderr: "pmokit test: suite: testdata/suites-bad/bad_test.yaml:7:5: unknown field \"expct\" in test"},
		{name: "test a suite whose policy does not compile", args: []string{"test", "testdata/suites-broken-policy"}, status: 2, stdout: "0 passed, 0 failed\n", stderr: "policies do not compile: governance: testdata/broken/typo.yaml:6:14: "},
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
	if strings.HasSuffix(golden, ".sarif") {
		stdout = normalizeSARIF(stdout)
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

// sarifDriverVersion matches the tool version of a SARIF log, which depends
// on how the binary was built (test binary, go build with VCS stamping).
var sarifDriverVersion = regexp.MustCompile(`("informationUri": "[^"]*",\n\s*"version": )"[^"]*"`)

func normalizeSARIF(s string) string { return sarifDriverVersion.ReplaceAllString(s, `${1}"VERSION"`) }

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

// TestJSONFields checks the documented JSON field names: the library's
// Report document (schemas/report.schema.json).
func TestJSONFields(t *testing.T) {
	var stdout, stderr bytes.Buffer
	status := run([]string{"gate", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", "--project", "P-3", "--to", "execution", at, "--format", "json"}, &stdout, &stderr)
	require.Equal(t, 1, status, stderr.String())
	keys := regexp.MustCompile(`"([a-z_]+)":`).FindAllStringSubmatch(stdout.String(), -1)
	seen := map[string]bool{}
	for _, k := range keys {
		seen[k[1]] = true
	}
	for _, k := range strings.Fields("schema_version now gate project from to blocked counts total pass fail error skipped violations errors warnings infos subjects results policy policy_version rule subject subject_kind severity outcome message explanation") {
		assert.True(t, seen[k], "field %q missing from:\n%s", k, stdout.String())
	}
}
