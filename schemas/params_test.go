package schemas_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/schemas"
)

// TestParamsSchema validates the parameters files of the repository's
// tests (the ones governance.ParseParamsFile accepts) and checks that the
// schema catches the mistakes of shape an editor should flag.
func TestParamsSchema(t *testing.T) {
	s := compile(t, schemas.Params())
	root := moduleRoot(t)
	for _, rel := range []string{"cmd/pmokit/testdata/params/params.yaml", "cmd/pmokit/testdata/params/unknown-params.yaml", "cmd/pmokit/testdata/params/bad-params.yaml"} {
		path := filepath.Join(root, rel)
		_, err := governance.ParseParamsFile(path)
		require.NoError(t, err, rel)
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		v, err := jsonValue(data)
		require.NoError(t, err)
		assert.Empty(t, s.validate(v), rel)
	}
	for doc, want := range map[string]string{
		"param:\n  a: 1\n":      "param: unknown field",
		"params: [a]\n":         "params:",
		"params:\n  1a: 1\n":    "1a",
		"policies:\n  p: [1]\n": "policies.p:",
		"params:\n  a: null\n":  "params.a:",
	} {
		v, err := jsonValue([]byte(doc))
		require.NoError(t, err)
		errs := s.validate(v)
		require.NotEmpty(t, errs, doc)
		assert.Contains(t, errs[0], want, doc)
		_, err = governance.ParseParams([]byte(doc))
		assert.Error(t, err, "the reader rejects it too: %s", doc)
	}
}
