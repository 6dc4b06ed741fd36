package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRun compares the report and the SVG heat map with the reviewed golden
// files, so that the example cannot rot.
func TestRun(t *testing.T) {
	var out, svg bytes.Buffer
	require.NoError(t, run(&out, &svg))
	for name, got := range map[string][]byte{"risk-register.golden": out.Bytes(), "heatmap.svg": svg.Bytes()} {
		checkGolden(t, filepath.Join("testdata", name), got)
	}
}

// TestReport checks what go run does: the report on standard output, the
// SVG heat map in the file given by -out, and where it went.
func TestReport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "heatmap.svg")
	var out bytes.Buffer
	require.NoError(t, report(&out, path))
	svg, err := os.ReadFile(path)
	require.NoError(t, err)
	want, err := os.ReadFile(filepath.Join("testdata", "heatmap.svg"))
	require.NoError(t, err)
	assert.Equal(t, string(want), string(svg))
	text, err := os.ReadFile(filepath.Join("testdata", "risk-register.golden"))
	require.NoError(t, err)
	assert.Equal(t, string(text)+"\nSVG heat map written to "+path+"\n", out.String())
}

// TestReportUnwritable checks that a path that cannot be created is an
// error, not a report without its heat map.
func TestReportUnwritable(t *testing.T) {
	err := report(&bytes.Buffer{}, filepath.Join(t.TempDir(), "no-such-dir", "heatmap.svg"))
	assert.ErrorIs(t, err, os.ErrNotExist)
}
