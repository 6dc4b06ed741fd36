package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/policy-tests.golden")

// TestRun compares the example's whole output with the reviewed golden file,
// so that the example cannot rot.
func TestRun(t *testing.T) {
	var buf bytes.Buffer
	failed, err := run(&buf, "")
	require.NoError(t, err)
	assert.False(t, failed, buf.String())
	golden := filepath.Join("testdata", "policy-tests.golden")
	if *update {
		require.NoError(t, os.WriteFile(golden, buf.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	assert.Equal(t, string(want), buf.String())
}

func TestRunNoSuites(t *testing.T) {
	_, err := run(&bytes.Buffer{}, t.TempDir())
	assert.ErrorContains(t, err, "no such file or directory")
}
