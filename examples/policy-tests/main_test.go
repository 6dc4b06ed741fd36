package main

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRun compares the example's whole output with the reviewed golden file,
// so that the example cannot rot.
func TestRun(t *testing.T) {
	var buf bytes.Buffer
	failed, err := run(&buf, "")
	require.NoError(t, err)
	assert.False(t, failed, buf.String())
	checkGolden(t, filepath.Join("testdata", "policy-tests.golden"), buf.Bytes())
}

func TestRunNoSuites(t *testing.T) {
	_, err := run(&bytes.Buffer{}, t.TempDir())
	assert.ErrorContains(t, err, "no such file or directory")
}
