package main

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseSize(t *testing.T) {
	good := map[string]int64{
		"1": 1, "1B": 1, "1024": 1024, "2KB": 2000, "2KiB": 2048, "256MiB": 256 << 20, "500MB": 500e6,
		"1GiB": 1 << 30, "2GB": 2e9, "64GiB": 64 << 30,
	}
	for in, want := range good {
		got, err := parseSize(in)
		if assert.NoError(t, err, in) {
			assert.Equal(t, want, got, in)
		}
	}
	for _, in := range []string{"", "0", "-1", "0MiB", "1.5GiB", "12X", "MiB", "1 MiB", "1mib", "65GiB", "68719476737", "99999999999999999999"} {
		_, err := parseSize(in)
		assert.Error(t, err, in)
	}
}

// TestMaxInput checks that --max-input sets the size limit of the
// portfolio a verb reads: below the file's size it is bad input (exit 2)
// whose message names the flag, above it the file is read; every verb that
// reads a portfolio takes it.
func TestMaxInput(t *testing.T) {
	const pf = "../../internal/sample/portfolio.yaml" // the quickstart's sample, tens of KB
	at := "--at=2026-11-26"
	verbs := [][]string{
		{"check", "--portfolio", pf, "--pack", "directive", at},
		{"gate", "--portfolio", pf, "--pack", "directive", "--project", "P-001", "--to", "execution", at},
		{"waivers", "--portfolio", pf, "--pack", "directive", at},
		{"diff", "--portfolio", pf, "--old-pack", "supportive", "--new-pack", "directive", at},
		{"report", "--portfolio", pf, "--pack", "directive", at, "--out", t.TempDir() + "/pack.html"},
		{"risk", "--portfolio", pf},
		{"rank", "--portfolio", pf, "--method", "wsjf"},
		{"schedule", "--portfolio", "testdata/schedule/portfolio.yaml"}, // 2.6 KB, with activities
		{"select", "--portfolio", pf, "--budget", "5000000 USD"},
	}
	for _, args := range verbs {
		t.Run(args[0], func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			status := run(append(append([]string(nil), args...), "--max-input", "1KiB"), &stdout, &stderr)
			assert.Equal(t, exitUsage, status, stderr.String())
			assert.Contains(t, stderr.String(), "larger than the limit of 1024 bytes")
			assert.Contains(t, stderr.String(), "--max-input SIZE")

			stdout.Reset()
			stderr.Reset()
			status = run(append(append([]string(nil), args...), "--max-input", "10MB"), &stdout, &stderr)
			require.NotEqual(t, exitUsage, status, stderr.String())
			assert.NotContains(t, stderr.String(), "larger than the limit")
		})
	}
}

// FuzzParseSize checks that parseSize never panics and that a size it
// accepts is within its bound and reads back the same as a number of
// bytes.
func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"1", "256MiB", "2GB", "64GiB", "65GiB", "0", "-1", "1.5GiB", "9223372036854775807", "1KiBKiB", "B", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseSize(s)
		if err != nil {
			return
		}
		if n < 1 || n > maxMaxInput {
			t.Fatalf("parseSize(%q) = %d, outside 1..%d", s, n, int64(maxMaxInput))
		}
		back, err := parseSize(strconv.FormatInt(n, 10))
		if err != nil || back != n {
			t.Fatalf("parseSize(%q) = %d, which reads back as %d, %v", s, n, back, err)
		}
	})
}
