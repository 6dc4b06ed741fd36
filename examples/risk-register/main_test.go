package main

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/pmokit/pmokit/internal/golden"
	"github.com/stretchr/testify/require"
)

// TestRun compares the report and the SVG heat map with the reviewed golden
// files, so that the example cannot rot.
func TestRun(t *testing.T) {
	var out, svg bytes.Buffer
	require.NoError(t, run(&out, &svg))
	for name, got := range map[string][]byte{"risk-register.golden": out.Bytes(), "heatmap.svg": svg.Bytes()} {
		golden.Check(t, filepath.Join("testdata", name), got)
	}
}
