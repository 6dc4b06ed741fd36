package main

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRun compares the whole summary with the reviewed golden output.
func TestRun(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, run(&buf))
	checkGolden(t, filepath.Join("testdata", "quickstart.golden"), buf.Bytes())
}
