// Package golden compares test output with reviewed golden files, the
// testdata/*.golden convention of the module's tests: a test renders its
// output, [Check] compares it with the file, and "go test -update" rewrites
// the file instead, for review in the diff.
//
// It registers the -update flag in every test binary that imports it, so a
// test that imports it must not define its own.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/ with the actual output")

// Check compares got with the golden file at path and fails t with a diff
// when they differ. With -update it first writes got to path (creating its
// directory), so the comparison holds and the change shows in version
// control.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "golden file missing: run go test -update and review it")
	assert.Equal(t, string(want), string(got), "output differs from %s (go test -update rewrites it)", path)
}
