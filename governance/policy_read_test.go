package governance_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
)

const onePolicy = "policy: p\nrules:\n  - id: r\n    expression: 'true'\n"

// TestParsePolicyNothingDropped checks that nothing after the first policy
// of a file is silently ignored, in YAML and in JSON.
func TestParsePolicyNothingDropped(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"broken second YAML document", onePolicy + "---\npolicy: q\nrules: [{id: r, expression: 'true'\n",
			"governance: 5:1: a second YAML document: a file holds one document (remove the --- and what follows, or split the file)"},
		{"valid second YAML document", onePolicy + "---\npolicy: q\nrules: [{id: r, expression: 'false'}]\n",
			"governance: 5:1: a second YAML document: a file holds one document (remove the --- and what follows, or split the file)"},
		{"JSON values one after another", `{"policy": "p", "rules": [{"id": "r", "expression": "true"}]}` + "\n" + `{"policy": "q"}`,
			"governance: 2:1: invalid JSON: unexpected '{' after the top-level value (a file holds one JSON value)"},
		{"text after JSON", `{"policy": "p", "rules": [{"id": "r", "expression": "true"}]} trailing`,
			"governance: 1:63: invalid JSON: unexpected 't' after the top-level value (a file holds one JSON value)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := governance.ParsePolicy([]byte(tt.in))
			require.Error(t, err)
			assert.True(t, errors.Is(err, governance.ErrInvalidPolicy))
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

// TestParsePolicyStrict checks that a policy file obeys the rules of every
// pmokit file: JSON read as JSON, no aliases, merge keys or binary.
func TestParsePolicyStrict(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"JSON with a trailing comma is not re-read as YAML", `{"policy": "p", "rules": [{"id": "r", "expression": "true"}],}`,
			"governance: 1:62: invalid JSON: want a string key, found '}'"},
		{"JSON number for a text field", `{"policy": 7, "rules": [{"id": "r", "expression": "true"}]}`,
			"governance: 1:12: policy: must be a string, found a number"},
		{"alias", "policy: &a p\nversion: *a\nrules: [{id: r, expression: 'true'}]\n",
			"governance: 2:10: version: aliases are not supported (*a): write the value out"},
		{"merge key", "policy: p\nrules:\n  - <<: {id: r}\n    expression: 'true'\n",
			"governance: 3:5: rules[0][\"<<\"]: merge keys (<<) are not supported: write the keys out\n" +
				"governance: 3:5: rules[0].<<: unknown key (want id, description, severity, when, expression, message, message_expression or waivable)\n" +
				"governance: 3:5: rules[0].id: required field missing"},
		{"binary", "policy: !!binary cA==\nrules: [{id: r, expression: 'true'}]\n",
			"governance: 1:9: policy: unsupported YAML tag \"!!binary\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := governance.ParsePolicy([]byte(tt.in))
			require.Error(t, err)
			assert.True(t, errors.Is(err, governance.ErrInvalidPolicy))
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

// TestParsePolicySyntaxPosition checks that a YAML syntax error names the
// line and column of the offending token, not the line where the enclosing
// block starts (yaml.v3 says line 2 here).
func TestParsePolicySyntaxPosition(t *testing.T) {
	in := "policy: p\nrules:\n  - id: r\n   expression: 'true'\n"
	_, err := governance.ParsePolicy([]byte(in))
	require.Error(t, err)
	var pe *governance.ParseError
	require.True(t, errors.As(err, &pe))
	assert.Equal(t, [2]int{4, 4}, [2]int{pe.Line, pe.Column}, err.Error())
}

// zeros is an endless reader, like /dev/zero.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	clear(p)
	z.n += int64(len(p))
	return len(p), nil
}

func TestPolicyLimits(t *testing.T) {
	z := &zeros{}
	_, err := governance.ReadOptions{MaxBytes: 1 << 20}.ReadPolicy(z, "-")
	require.Error(t, err)
	assert.True(t, errors.Is(err, governance.ErrInvalidPolicy))
	assert.True(t, errors.Is(err, pmo.ErrTooLarge))
	assert.Less(t, z.n, int64(2<<20))
	assert.Equal(t, "governance: -: input larger than the limit of 1048576 bytes (raise MaxBytes in the reader's options to read it)", err.Error())

	if _, statErr := os.Stat("/dev/zero"); statErr == nil {
		_, err = governance.ParsePolicyFile("/dev/zero")
		assert.True(t, errors.Is(err, pmo.ErrTooLarge), "%v", err)
	}

	_, err = governance.ReadOptions{MaxBytes: 10}.ParsePolicy([]byte(onePolicy))
	assert.True(t, errors.Is(err, pmo.ErrTooLarge))
	p, err := governance.ReadOptions{MaxBytes: int64(len(onePolicy))}.ParsePolicy([]byte(onePolicy))
	require.NoError(t, err)
	assert.Equal(t, "p", p.Name)

	fsys := fstest.MapFS{"p/a.yaml": {Data: []byte(onePolicy)}, "p/b.yaml": {Data: []byte(strings.Repeat("#", 100))}}
	_, err = governance.ReadOptions{MaxBytes: 99}.LoadPolicies(fsys, "p")
	assert.True(t, errors.Is(err, pmo.ErrTooLarge))
	assert.EqualError(t, err, "governance: p/b.yaml: input larger than the limit of 99 bytes (raise MaxBytes in the reader's options to read it)")
}

// TestParsePolicyFileFormat checks that the extension decides the format.
func TestParsePolicyFileFormat(t *testing.T) {
	dir := t.TempDir()
	j := filepath.Join(dir, "p.json")
	require.NoError(t, os.WriteFile(j, []byte(onePolicy), 0o600))
	_, err := governance.ParsePolicyFile(j)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "invalid JSON")
	y := filepath.Join(dir, "p.yaml")
	require.NoError(t, os.WriteFile(y, []byte(`{policy: p, rules: [{id: r, expression: "true"}]}`), 0o600))
	p, err := governance.ParsePolicyFile(y)
	require.NoError(t, err)
	assert.Equal(t, "p", p.Name)
}
