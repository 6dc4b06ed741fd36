package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/embed-engine.golden")

// TestRun compares the example's whole output with the reviewed golden file,
// so that the example cannot rot.
func TestRun(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, run(&buf))
	golden := filepath.Join("testdata", "embed-engine.golden")
	if *update {
		require.NoError(t, os.WriteFile(golden, buf.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	assert.Equal(t, string(want), buf.String())
}

func TestEmployed(t *testing.T) {
	d := directory{today: mustDate(t, "2026-11-26"), leavers: map[string]time.Time{
		"gone":    mustDate(t, "2026-10-31"),
		"leaving": mustDate(t, "2027-01-31"),
		"today":   mustDate(t, "2026-11-26"),
	}}
	for id, want := range map[string]bool{"gone": false, "leaving": true, "today": false, "stays": true} {
		assert.Equal(t, want, d.employed(id), id)
	}
}

func mustDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	require.NoError(t, err)
	return d
}
