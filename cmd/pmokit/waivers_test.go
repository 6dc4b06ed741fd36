package main

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The command's waiver paths (issue 16): check and gate show waived
// results in text and JSON, an expired waiver is honoured in neither, and
// pmokit waivers lists every waiver, exiting 1 when one is invalid.
// testdata/waivers/portfolio.yaml has W-1 (holds), W-2 (expired), W-3 (a
// gate waiver that expires in 9 days) and W-4 (approved by a sponsor,
// whom the standards policy does not allow).
func waiverCases() []cliCase {
	pf := "testdata/waivers/portfolio.yaml"
	pol := "testdata/waivers/policies"
	return []cliCase{
		{name: "check with waivers", args: []string{"check", "--portfolio", pf, "--policy", pol, at}, status: 1, golden: "check-waivers.txt"},
		{name: "check with waivers json", args: []string{"check", "--portfolio", pf, "--policy", pol, at, "--format", "json"}, status: 1, golden: "check-waivers.json"},
		{name: "check with waivers sarif", args: []string{"check", "--portfolio", pf, "--policy", pol, at, "--format", "sarif"}, status: 1, golden: "check-waivers.sarif"},
		{name: "check with waivers junit", args: []string{"check", "--portfolio", pf, "--policy", pol, at, "--format", "junit"}, status: 1, golden: "check-waivers.junit.xml"},
		{name: "check with waivers github", args: []string{"check", "--portfolio", pf, "--policy", pol, at, "--format", "github"}, status: 1, golden: "check-waivers.github.txt"},
		{name: "gate conditional go", args: []string{"gate", "--portfolio", pf, "--policy", pol, "--project", "P-2", "--to", "execution", at}, status: 0, golden: "gate-waivers.txt"},
		{name: "gate conditional go json", args: []string{"gate", "--portfolio", pf, "--policy", pol, "--project", "P-2", "--to", "execution", at, "--format", "json"}, status: 0, golden: "gate-waivers.json"},
		{name: "gate without the expiring warning", args: []string{"gate", "--portfolio", pf, "--policy", pol, "--project", "P-2", "--to", "execution", at, "--waiver-warning", "5d"}, status: 0,
			stdout: "no violations; not blocked\n"},
		{name: "waivers", args: []string{"waivers", "--portfolio", pf, "--policy", pol, at}, status: 1, golden: "waivers.txt"},
		{name: "waivers json", args: []string{"waivers", "--portfolio", pf, "--policy", pol, at, "--format", "json"}, status: 1, golden: "waivers.json"},
		{name: "waivers all valid", args: []string{"waivers", "--portfolio", "testdata/waivers/valid.yaml", "--policy", pol, at}, status: 0,
			stdout: "1 waiver: 1 active, 0 expiring, 0 expired, 0 invalid"},
		// A waiver of a policy the set does not have waives nothing and is a
		// warning of its own (governance.RuleWaiverNotEvaluated), so that a
		// register covering more policies than those checked still reads.
		{name: "check a waiver of an unknown policy", args: []string{"check", "--portfolio", "testdata/waivers/bad-reference.yaml", "--policy", pol, at}, status: 1,
			stdout: `warning  gate-aproval/waiver-policy-not-evaluated  waiver W-3 names policy "gate-aproval" (did you mean "gate-approval"?), which the evaluated policy set does not have`},
		{name: "gate with a waiver of an unknown policy", args: []string{"gate", "--portfolio", "testdata/waivers/bad-reference.yaml", "--policy", pol, "--project", "P-2", "--to", "execution", at}, status: 1,
			stdout: `waiver W-3 names policy "gate-aproval" (did you mean "gate-approval"?)`},
		{name: "waivers lists a waiver of an unknown policy as invalid", args: []string{"waivers", "--portfolio", "testdata/waivers/bad-reference.yaml", "--policy", pol, at}, status: 1,
			stdout: `waivers[2].policy: waiver "W-3": unknown policy "gate-aproval"`},
		{name: "bad waiver warning", args: []string{"check", "--portfolio", pf, "--policy", pol, "--waiver-warning", "two weeks"}, status: 2, stderr: `invalid duration "two weeks"`},
		{name: "waivers bad format", args: []string{"waivers", "--portfolio", pf, "--policy", pol, "--format", "sarif"}, status: 2, stderr: `invalid --format "sarif"`},
		{name: "waivers no policies", args: []string{"waivers", "--portfolio", pf}, status: 2, stderr: "no policies"},
	}
}

func TestWaiverCommands(t *testing.T) {
	for _, c := range waiverCases() {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			status := run(c.args, &stdout, &stderr)
			check(t, status, stdout.String(), stderr.String(), c.status, c.golden, c.stdout, c.stderr)
		})
		if *update {
			continue
		}
		t.Run(c.name+" (binary)", func(t *testing.T) {
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

// TestExpiredWaiverInCommand: the command path of "an expired waiver is
// honoured in no path": W-2 expired on 2026-11-20, so P-1's missing charter
// is a violation in check and gate, in text and in JSON.
func TestExpiredWaiverInCommand(t *testing.T) {
	for _, args := range [][]string{
		{"check", "--portfolio", "testdata/waivers/portfolio.yaml", "--policy", "testdata/waivers/policies", at, "--format", "json"},
		{"gate", "--portfolio", "testdata/waivers/portfolio.yaml", "--policy", "testdata/waivers/policies", "--project", "P-1", "--to", "execution", at, "--format", "json"},
	} {
		var stdout, stderr bytes.Buffer
		require.Equal(t, 1, run(args, &stdout, &stderr), stderr.String())
		var rep struct {
			Blocked bool `json:"blocked"`
			Results []struct {
				Policy, Rule, Subject, Outcome, Message string
				Waiver                                  struct{ ID, Problem string }
			} `json:"results"`
		}
		require.NoError(t, json.Unmarshal(stdout.Bytes(), &rep))
		assert.True(t, rep.Blocked, args[0])
		found := false
		for _, r := range rep.Results {
			if r.Rule == "charter" && r.Subject == "P-1" {
				found = true
				assert.Equal(t, "fail", r.Outcome, args[0])
				assert.Equal(t, "W-2", r.Waiver.ID, args[0])
				assert.Equal(t, "W-2: expired on 2026-11-20", r.Waiver.Problem, args[0])
			}
		}
		assert.True(t, found, args[0])
	}
}
