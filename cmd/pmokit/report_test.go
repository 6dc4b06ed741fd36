package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
	"github.com/pmokit/pmokit/report"
	"github.com/pmokit/pmokit/risk"
)

const samplePortfolio = "../../examples/quickstart/portfolio.yaml"

// TestReportWritesTheLibrarysPack checks that pmokit report is a thin layer:
// its file is, byte for byte, what report.Build and WriteHTML give for the
// same inputs (the library's own golden file pins those bytes).
func TestReportWritesTheLibrarysPack(t *testing.T) {
	pf, err := pmo.ReadPortfolioFile(samplePortfolio)
	require.NoError(t, err)
	policies, err := governance.Pack(pmo.Directive)
	require.NoError(t, err)
	eng, err := governance.New()
	require.NoError(t, err)
	set, err := eng.Compile(policies...)
	require.NoError(t, err)
	pack, err := report.Build(context.Background(), pf, report.Options{
		At: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), Policies: set, Budget: pmo.MustParseMoney("5000000 USD"),
		Matrix: risk.Preset5x5(), Trials: 2000, Seed: 1,
	})
	require.NoError(t, err)
	var want bytes.Buffer
	require.NoError(t, pack.WriteHTML(&want))

	var stdout, stderr bytes.Buffer
	status := run([]string{"report", "--portfolio", samplePortfolio, "--pack", "directive", "--at", "2026-11-26",
		"--budget", "5000000 USD", "--simulate", "2000", "--seed", "1", "--out", "-"}, &stdout, &stderr)
	require.Equal(t, exitOK, status, stderr.String())
	assert.Equal(t, want.String(), stdout.String())
}

func TestReport(t *testing.T) {
	runVerbCases(t, "report", []verbCase{
		// Deterministic: a fixed clock and seed give the same file. The
		// sample portfolio's pack is the library's golden file, which
		// TestReportWritesTheLibrarysPack compares the command with.
		{name: "small portfolio", args: []string{"report", "--portfolio", "testdata/portfolio.yaml", "--policy", "testdata/policies", "--at", "2026-11-26", "--simulate", "500", "--out", "-"}, golden: "small.html"},
		{name: "weighted ranking", args: []string{"report", "--portfolio", samplePortfolio, "--pack", "directive", "--at", "2026-11-26", "--criteria", "business_value:3,job_size:1:cost", "--simulate", "100", "--out", "-"}, stdout: "<p>Weighted sum of business_value × 3, job_size × 1 (lower is better)."},
		{name: "bad criteria", args: []string{"report", "--portfolio", samplePortfolio, "--pack", "directive", "--criteria", "value", "--out", "-"}, status: 2, stderr: `pmokit report: invalid --criteria item "value"`},
		{name: "help", args: []string{"report", "--help"}, stdout: "usage: pmokit report --portfolio FILE"},
		{name: "no out", args: []string{"report", "--portfolio", samplePortfolio, "--pack", "directive"}, status: 2, stderr: "pmokit report: no output: give --out FILE"},
		{name: "no policies", args: []string{"report", "--portfolio", samplePortfolio, "--out", "-"}, status: 2, stderr: "pmokit report: no policies: give --policy or --pack"},
		{name: "no portfolio", args: []string{"report", "--pack", "directive", "--out", "-"}, status: 2, stderr: "pmokit report: no portfolio: give --portfolio FILE"},
		{name: "bad budget", args: []string{"report", "--portfolio", samplePortfolio, "--pack", "directive", "--budget", "lots", "--out", "-"}, status: 2, stderr: `pmokit report: invalid --budget "lots"`},
		{name: "bad at", args: []string{"report", "--portfolio", samplePortfolio, "--pack", "directive", "--at", "tomorrow", "--out", "-"}, status: 2, stderr: `pmokit report: invalid --at "tomorrow"`},
		{name: "bad trials", args: []string{"report", "--portfolio", samplePortfolio, "--pack", "directive", "--simulate", "0", "--out", "-"}, status: 2, stderr: "pmokit report: invalid --simulate 0"},
		{name: "bad pack", args: []string{"report", "--portfolio", samplePortfolio, "--pack", "strict", "--out", "-"}, status: 2, stderr: `pmokit report: unknown pack "strict"`},
		{name: "bad matrix", args: []string{"report", "--portfolio", samplePortfolio, "--pack", "directive", "--matrix", "testdata/nope.yaml", "--out", "-"}, status: 2, stderr: "--matrix: open testdata/nope.yaml"},
		{name: "extra argument", args: []string{"report", "--portfolio", samplePortfolio, "--pack", "directive", "--out", "-", "extra"}, status: 2, stderr: "extra"},
	})
}

func TestReportWritesFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "board.html")
	var stdout, stderr bytes.Buffer
	status := run([]string{"report", "--portfolio", samplePortfolio, "--pack", "directive", "--at", "2026-11-26", "--simulate", "300", "--out", out}, &stdout, &stderr)
	require.Equal(t, exitOK, status, stderr.String())
	assert.Empty(t, stdout.String())
	assert.Empty(t, stderr.String())
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	html := string(data)
	assert.True(t, strings.HasPrefix(html, "<!DOCTYPE html>"))
	assert.NotContains(t, html, "<script")
	for _, h := range []string{"Portfolio summary", "Governance results", "Gate readiness", "Ranking", "Selection", "Risk", "Earned value"} {
		assert.Contains(t, html, "<h2>"+h+"</h2>")
	}

	// An output that cannot be written is an internal error (status 3).
	stderr.Reset()
	status = run([]string{"report", "--portfolio", samplePortfolio, "--pack", "directive", "--at", "2026-11-26", "--simulate", "300", "--out", filepath.Join(t.TempDir(), "no", "such", "dir.html")}, &stdout, &stderr)
	assert.Equal(t, exitInternal, status)
	assert.Contains(t, stderr.String(), "pmokit report:")
}
