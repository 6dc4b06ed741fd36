package main

import (
	"os"
	"os/exec"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestVersion checks the built binary's version lines, and that the cel-go
// version is the one go.mod requires.
func TestVersion(t *testing.T) {
	mod, err := os.ReadFile("../../go.mod")
	require.NoError(t, err)
	m := regexp.MustCompile(`(?m)^\s*(?:require\s+)?cel\.dev/cel-go (v\S+)`).FindSubmatch(mod)
	require.NotNil(t, m, "cel-go in go.mod")
	out, err := exec.Command(binary, "version").Output()
	require.NoError(t, err)
	want := regexp.MustCompile(`^pmokit \S+\nrevision \S+( \(\S+\))?\ngo\S+\ncel-go ` + regexp.QuoteMeta(string(m[1])) + `\n$`)
	assert.Regexp(t, want, string(out))
}
