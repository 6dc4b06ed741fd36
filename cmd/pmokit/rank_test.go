package main

import (
	"bytes"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/prioritize"
)

// verbCase is one run of the rank, select or risk verb, checked in process
// (run) and end to end (the binary built by TestMain).
type verbCase struct {
	name   string
	args   []string
	status int
	golden string // compare stdout with testdata/<verb>/<golden>; "" checks stdout instead
	stdout string // substring of stdout, when golden is ""
	stderr string // substring of stderr; "" means stderr must be empty
}

// runVerbCases runs each case in process and end to end. With -update the
// in-process run rewrites the golden files.
func runVerbCases(t *testing.T, verb string, cases []verbCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			status := run(c.args, &stdout, &stderr)
			checkVerb(t, verb, c, status, stdout.String(), stderr.String(), *update)
		})
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
			checkVerb(t, verb, c, status, stdout.String(), stderr.String(), false)
		})
	}
}

func checkVerb(t *testing.T, verb string, c verbCase, status int, stdout, stderr string, write bool) {
	t.Helper()
	assert.Equal(t, c.status, status, "exit status; stdout:\n%s\nstderr:\n%s", stdout, stderr)
	if c.stderr == "" {
		assert.Empty(t, stderr)
	} else {
		assert.Contains(t, stderr, c.stderr)
	}
	if c.golden == "" {
		assert.Contains(t, stdout, c.stdout)
		return
	}
	path := filepath.Join("testdata", verb, c.golden)
	if write {
		require.NoError(t, os.WriteFile(path, []byte(stdout), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./cmd/pmokit -update")
	assert.Equal(t, string(want), stdout)
}

const rankPortfolio = "testdata/rank/portfolio.yaml"

func TestRank(t *testing.T) {
	runVerbCases(t, "rank", []verbCase{
		{name: "wsjf", args: []string{"rank", "--portfolio", rankPortfolio, "--method", "wsjf"}, golden: "wsjf.txt"},
		{name: "wsjf top 3", args: []string{"rank", "-portfolio", rankPortfolio, "-method", "wsjf", "-top", "3"}, golden: "wsjf-top3.txt"},
		{name: "rice", args: []string{"rank", "--portfolio", rankPortfolio, "--method", "rice"}, golden: "rice.txt"},
		{name: "weighted with a cost criterion", args: []string{"rank", "--portfolio", rankPortfolio, "--method", "weighted", "--criteria", "strategic_fit:2,attributes.headcount:1:cost"}, golden: "weighted.txt"},
		{name: "topsis by phase", args: []string{"rank", "--portfolio", rankPortfolio, "--method", "topsis", "--criteria", "strategic_fit:3,business_value:2,budget.approved:1:cost", "--phase", "initiation,execution"}, golden: "topsis.txt"},
		{name: "counts and durations", args: []string{"rank", "--portfolio", rankPortfolio, "--method", "weighted", "--criteria", "strategic_fit:1,dependencies:1:cost"}, status: 2, stderr: "scores.dependencies is missing"},
		{name: "weighted without normalization", args: []string{"rank", "--portfolio", rankPortfolio, "--method", "weighted", "--criteria", "strategic_fit:1,business_value:1", "--normalization", "none", "--top", "2"}, golden: "weighted-none.txt"},
		{name: "json", args: []string{"rank", "--portfolio", rankPortfolio, "--method", "wsjf", "--top", "2", "--format", "json"}, golden: "wsjf.json"},
		{name: "weighted sensitivity", args: []string{"rank", "--portfolio", rankPortfolio, "--method", "weighted", "--criteria", "strategic_fit:2,attributes.headcount:1:cost,business_value:1", "--sensitivity", "2"}, golden: "weighted-sensitivity.txt"},
		{name: "topsis sensitivity json", args: []string{"rank", "--portfolio", rankPortfolio, "--method", "topsis", "--criteria", "strategic_fit:2,attributes.headcount:1:cost,business_value:1", "--sensitivity", "1", "--top", "2", "--format", "json"}, golden: "topsis-sensitivity.json"},
		{name: "sensitivity for wsjf", args: []string{"rank", "--portfolio", rankPortfolio, "--method", "wsjf", "--sensitivity", "1"}, status: 2, stderr: "--sensitivity applies to weighted and topsis, not wsjf"},
		{name: "negative sensitivity", args: []string{"rank", "--portfolio", rankPortfolio, "--method", "weighted", "--criteria", "a:1", "--sensitivity", "-2"}, status: 2, stderr: "invalid --sensitivity -2"},
		{name: "help", args: []string{"rank", "--help"}, stdout: "usage: pmokit rank --portfolio FILE --method wsjf|rice|weighted|topsis"},
		{name: "help verb", args: []string{"help", "rank"}, stdout: "usage: pmokit rank"},

		{name: "no method", args: []string{"rank", "--portfolio", rankPortfolio}, status: 2, stderr: "pmokit rank: no method: give --method wsjf, rice, weighted or topsis"},
		{name: "unknown method", args: []string{"rank", "--portfolio", rankPortfolio, "--method", "ahp"}, status: 2, stderr: `invalid --method "ahp"`},
		{name: "no portfolio", args: []string{"rank", "--method", "wsjf"}, status: 2, stderr: "pmokit rank: no portfolio: give --portfolio FILE"},
		{name: "missing portfolio file", args: []string{"rank", "--portfolio", "testdata/rank/nope.yaml", "--method", "wsjf"}, status: 2, stderr: "testdata/rank/nope.yaml"},
		{name: "missing scores named", args: []string{"rank", "--portfolio", "testdata/rank/no-scores.yaml", "--method", "wsjf"}, status: 2, stderr: "pmokit rank: prioritize: wsjf: project \"P-1\": scores.time_criticality is missing\npmokit rank: prioritize: wsjf: project \"P-1\": scores.risk_reduction is missing\npmokit rank: prioritize: wsjf: project \"P-1\": scores.job_size is missing\npmokit rank: prioritize: wsjf: project \"P-2\": scores.business_value is missing"},
		{name: "weighted without criteria", args: []string{"rank", "--portfolio", rankPortfolio, "--method", "weighted"}, status: 2, stderr: "--method weighted needs --criteria name:weight[:cost],..."},
		{name: "criteria for wsjf", args: []string{"rank", "--portfolio", rankPortfolio, "--method", "wsjf", "--criteria", "a:1"}, status: 2, stderr: "--criteria applies to weighted and topsis, not wsjf"},
		{name: "bad criteria", args: []string{"rank", "--portfolio", rankPortfolio, "--method", "topsis", "--criteria", "strategic_fit:heavy"}, status: 2, stderr: `invalid --criteria item "strategic_fit:heavy" (want name:weight or name:weight:cost)`},
		{name: "bad criterion direction", args: []string{"rank", "--portfolio", rankPortfolio, "--method", "topsis", "--criteria", "strategic_fit:1:benefit"}, status: 2, stderr: `invalid --criteria item "strategic_fit:1:benefit"`},
		{name: "unknown criterion", args: []string{"rank", "--portfolio", rankPortfolio, "--method", "weighted", "--criteria", "fun:1"}, status: 2, stderr: `prioritize: project "P-A": criterion "fun": scores.fun is missing`},
		{name: "text attribute", args: []string{"rank", "--portfolio", rankPortfolio, "--method", "weighted", "--criteria", "attributes.region:1"}, status: 2, stderr: `project "P-A": criterion "attributes.region": attributes.region is the string "EMEA", not a number`},
		{name: "mixed currencies", args: []string{"rank", "--portfolio", rankPortfolio, "--method", "weighted", "--criteria", "budget.approved:1:cost"}, status: 2, stderr: `project "P-F": criterion "budget.approved": budget.approved is in EUR, earlier projects in USD`},
		{name: "bad normalization", args: []string{"rank", "--portfolio", rankPortfolio, "--method", "weighted", "--criteria", "strategic_fit:1", "--normalization", "zscore"}, status: 2, stderr: `invalid --normalization "zscore"`},
		{name: "unknown phase", args: []string{"rank", "--portfolio", rankPortfolio, "--method", "wsjf", "--phase", "build"}, status: 2, stderr: `invalid --phase "build" (want one of initiation, planning, execution, closing)`},
		{name: "negative top", args: []string{"rank", "--portfolio", rankPortfolio, "--method", "wsjf", "--top", "-1"}, status: 2, stderr: "invalid --top -1"},
		{name: "bad format", args: []string{"rank", "--portfolio", rankPortfolio, "--method", "wsjf", "--format", "csv"}, status: 2, stderr: `invalid --format "csv"`},
		{name: "stray argument", args: []string{"rank", "--method", "wsjf", "extra"}, status: 2, stderr: `unexpected argument "extra"`},
	})
}

func TestParseCriteria(t *testing.T) {
	got, err := parseCriteria("strategic_fit:3, budget.approved:1.5:cost,attributes.tier:0")
	require.NoError(t, err)
	assert.Equal(t, []prioritize.Criterion{
		{Name: "strategic_fit", Weight: 3},
		{Name: "budget.approved", Weight: 1.5, Cost: true},
		{Name: "attributes.tier", Weight: 0},
	}, got)
	for _, bad := range []string{"", "a", "a:", ":1", "a:-1", "a:NaN", "a:Inf", "a:1:benefit", "a:1:cost:x", "a:1,", "a:1e400"} {
		_, err := parseCriteria(bad)
		assert.Error(t, err, "%q", bad)
	}
}

// FuzzParseCriteria checks that --criteria never panics and that whatever
// it accepts is a list of named criteria with finite, non-negative weights
// that prints back to an equivalent flag.
func FuzzParseCriteria(f *testing.F) {
	for _, s := range []string{"a:1", "a:1:cost,b:2", "a:1:cost:", "::", ",,", "a:0x10", "a:1e308,b:-0", "é:1", "a:+1", "a:1 ,b :2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cs, err := parseCriteria(s)
		if err != nil {
			return
		}
		require.NotEmpty(t, cs)
		var parts []string
		for _, c := range cs {
			require.NotEmpty(t, c.Name)
			require.False(t, math.IsNaN(c.Weight) || math.IsInf(c.Weight, 0) || c.Weight < 0, "weight %v", c.Weight)
			p := c.Name + ":" + strconv.FormatFloat(c.Weight, 'g', -1, 64)
			if c.Cost {
				p += ":cost"
			}
			parts = append(parts, p)
		}
		again, err := parseCriteria(strings.Join(parts, ","))
		require.NoError(t, err)
		assert.Equal(t, cs, again)
	})
}
