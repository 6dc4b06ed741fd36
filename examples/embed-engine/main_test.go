package main

import (
	"bytes"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRun compares the example's whole output with the reviewed golden file,
// so that the example cannot rot.
func TestRun(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, run(&buf))
	checkGolden(t, filepath.Join("testdata", "embed-engine.golden"), buf.Bytes())
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
