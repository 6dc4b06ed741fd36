package governance_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/internal/golden"
	"github.com/pmokit/pmokit/internal/sample"
)

// checkGolden compares got with testdata/name, or rewrites it with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name), got)
}

func sampleSet(t *testing.T) *governance.PolicySet {
	t.Helper()
	policies, err := governance.LoadPolicies(os.DirFS("testdata"), "policies")
	require.NoError(t, err)
	eng, err := governance.New()
	require.NoError(t, err)
	set, err := eng.Compile(policies...)
	require.NoError(t, err)
	return set
}

// TestGoldenReports evaluates the policies of testdata/policies on the
// sample portfolio and compares the JSON reports with the golden files.
func TestGoldenReports(t *testing.T) {
	set := sampleSet(t)
	pf, err := sample.Portfolio()
	require.NoError(t, err)
	ctx := context.Background()

	rep, err := set.Evaluate(ctx, pf, governance.At(sample.Today()))
	require.NoError(t, err)
	data, err := json.MarshalIndent(rep, "", "  ")
	require.NoError(t, err)
	checkGolden(t, "report.golden.json", append(data, '\n'))

	gate, err := set.CheckGate(ctx, pf, "P-003", "execution", governance.At(sample.Today()))
	require.NoError(t, err)
	data, err = json.MarshalIndent(gate, "", "  ")
	require.NoError(t, err)
	checkGolden(t, "gate.golden.json", append(data, '\n'))

	// The JSON form reads back to the same report.
	var back governance.Report
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, gate.Results(), back.Results())
	assert.Equal(t, gate.Gate(), back.Gate())
	assert.True(t, gate.Now().Equal(back.Now()))
}

func TestReportLogValue(t *testing.T) {
	set := sampleSet(t)
	pf, err := sample.Portfolio()
	require.NoError(t, err)
	rep, err := set.Evaluate(context.Background(), pf, governance.At(sample.Today()))
	require.NoError(t, err)
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}}))
	logger.Info("governance", "report", rep)
	c := rep.Counts()
	assert.Equal(t, c.Total, len(rep.Results()))
	assert.Equal(t, len(rep.Violations()), c.Fail+c.Error)
	checkGolden(t, "report.log", buf.Bytes())
}
