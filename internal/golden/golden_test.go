package golden

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorder is a testing.TB that records failures instead of stopping the
// test, so that Check's own failures can be checked.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) FailNow()              { r.failed = true; panic(r) }
func (r *recorder) Fatalf(string, ...any) { r.FailNow() }
func (r *recorder) Logf(string, ...any)   {}
func (r *recorder) Name() string          { return "recorder" }

func check(path string, got []byte) (failed bool) {
	r := &recorder{}
	defer func() {
		if v := recover(); v != nil && v != r {
			panic(v)
		}
		failed = r.failed
	}()
	Check(r, path, got)
	return r.failed
}

func TestCheck(t *testing.T) {
	saved := *update
	*update = false
	t.Cleanup(func() { *update = saved })
	dir := t.TempDir()
	path := filepath.Join(dir, "out.golden")
	require.NoError(t, os.WriteFile(path, []byte("hello\n"), 0o644))

	assert.False(t, check(path, []byte("hello\n")), "equal output passes")
	assert.True(t, check(path, []byte("hello, world\n")), "different output fails")
	assert.True(t, check(filepath.Join(dir, "missing.golden"), []byte("x")), "a missing golden file fails")
}

func TestCheckUpdate(t *testing.T) {
	saved := *update
	*update = true
	t.Cleanup(func() { *update = saved })
	path := filepath.Join(t.TempDir(), "sub", "new.golden")
	assert.False(t, check(path, []byte("fresh\n")))
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "fresh\n", string(b))
}
