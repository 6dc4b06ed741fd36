package suite

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestJSONFixtureReadAsJSON checks that a JSON portfolio fixture is read by
// JSON's strict grammar and typing, with its own positions, not re-read as
// YAML (where a number given for a text field would be taken as written).
func TestJSONFixtureReadAsJSON(t *testing.T) {
	dir := t.TempDir()
	policy, err := os.ReadFile(filepath.Join("testdata", "policy.yaml"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "policy.yaml"), policy, 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "pf.json"), []byte(`{"id": "pf",
 "name": 7}`), 0o600))
	file := filepath.Join(dir, "j_test.yaml")
	s, err := Parse(file, []byte("name: j\npolicies: [policy.yaml]\nportfolio: pf.json\nnow: 2026-11-26\ntests:\n  - name: a\n    expect: {only: true}\n"))
	require.NoError(t, err)
	rs, err := Run(context.Background(), s, Options{})
	require.NoError(t, err)
	require.Len(t, rs.Cases, 1)
	require.Error(t, rs.Cases[0].Err)
	assert.Contains(t, rs.Cases[0].Err.Error(), `pf.json:2:10: name: want a string, found a number`)
}
