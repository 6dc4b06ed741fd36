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

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestRun compares the report and the SVG heat map with the reviewed golden
// files, so that the example cannot rot.
func TestRun(t *testing.T) {
	var out, svg bytes.Buffer
	require.NoError(t, run(&out, &svg))
	for name, got := range map[string][]byte{"risk-register.golden": out.Bytes(), "heatmap.svg": svg.Bytes()} {
		golden := filepath.Join("testdata", name)
		if *update {
			require.NoError(t, os.WriteFile(golden, got, 0o644))
		}
		want, err := os.ReadFile(golden)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), name)
	}
}
