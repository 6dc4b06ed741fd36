package governance_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
)

// TestLoadPoliciesPaths checks the one loader of policy files with files
// and directories, in an fs.FS and on the operating system's file system:
// suites are passed over, a directory without policies is an error, and the
// errors of every path are joined.
func TestLoadPoliciesPaths(t *testing.T) {
	const pol = "rules: [{id: r, expression: 'true'}]\npolicy: "
	fsys := fstest.MapFS{
		"p/b.yaml":        {Data: []byte(pol + "b")},
		"p/a.yml":         {Data: []byte(pol + "a")},
		"p/a_test.yaml":   {Data: []byte("name: a suite, not a policy")},
		"p/sub/c.yaml":    {Data: []byte(pol + "c")},
		"other/d.json":    {Data: []byte(`{"policy": "d", "rules": [{"id": "r", "expression": "true"}]}`)},
		"empty/notes.txt": {Data: []byte("no policy here")},
	}
	ps, err := governance.LoadPolicies(fsys, "p", "other/d.json", "p/sub")
	require.NoError(t, err)
	var names, sources []string
	for _, p := range ps {
		names = append(names, p.Name)
		sources = append(sources, p.Source)
	}
	assert.Equal(t, []string{"a", "b", "d", "c"}, names)
	assert.Equal(t, []string{"p/a.yml", "p/b.yaml", "other/d.json", "p/sub/c.yaml"}, sources)

	_, err = governance.LoadPolicies(fsys, "empty", "nope.yaml")
	require.Error(t, err)
	assert.ErrorContains(t, err, "governance: empty: no policy files (*.yaml, *.yml, *.json)")
	assert.ErrorIs(t, err, fs.ErrNotExist)

	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "x.yaml"), []byte(pol+"x"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "x_test.yml"), []byte("a suite"), 0o600))
	ps, err = governance.LoadPolicies(nil, dir)
	require.NoError(t, err)
	require.Len(t, ps, 1)
	assert.Equal(t, filepath.Join(dir, "x.yaml"), ps[0].Source)
	ps, err = governance.LoadPolicies(nil, filepath.Join(dir, "x.yaml"))
	require.NoError(t, err)
	require.Len(t, ps, 1)
}
