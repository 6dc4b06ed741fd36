package document

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseYAMLRules(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"second document", "a: 1\n---\nb: 2\n", "line 2, column 1: a second YAML document: a file holds one document (remove the --- and what follows, or split the file)"},
		{"broken second document", "a: 1\n---\nb: [\n", "line 2, column 1: a second YAML document: a file holds one document (remove the --- and what follows, or split the file)"},
		{"empty second document", "a: 1\n---\n", "line 2, column 1: a second YAML document: a file holds one document (remove the --- and what follows, or split the file)"},
		{"alias", "a: &x 1\nb: *x\n", "line 2, column 4: b: aliases are not supported (*x): write the value out"},
		{"merge key", "a: {x: 1}\nb: {<<: {x: 1}}\n", `line 2, column 5: b["<<"]: merge keys (<<) are not supported: write the keys out`},
		{"binary", "a: !!binary aGk=\n", `line 1, column 4: a: unsupported YAML tag "!!binary"`},
		{"custom tag", "a: !secret x\n", `line 1, column 4: a: unsupported YAML tag "!secret"`},
		{"set", "a: !!set {x: null}\n", `line 1, column 4: a: unsupported YAML tag "!!set"`},
		{"duplicate key", "a: 1\nb:\n  c: 1\n  c: 2\n", `line 4, column 3: b.c: duplicate key "c"`},
		{"indentation", "a:\n  - b: 1\n   c: 2\n", "line 3, column 4: invalid YAML: did not find expected '-' indicator"},
		{"tab", "a:\n\tb: 1\n", "line 2, column 1: invalid YAML: found character that cannot start any token"},
		{"empty", "", "empty document"},
		{"comments only", "# nothing\n", "empty document"},
		// yaml.v3 decodes a UTF-16 file, and would read UTF-8 text after it
		// (a second document) into its first value (found by FuzzParseYAML).
		{"utf-16", "\xfe\xff00\n---\nx: 1\n", "line 1, column 1: invalid UTF-8 (a pmokit file is UTF-8: convert a UTF-16 or UTF-32 file first)"},
		{"invalid utf-8", "a: 1\nb: x\xffy\n", "line 2, column 5: invalid UTF-8 (a pmokit file is UTF-8: convert a UTF-16 or UTF-32 file first)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseYAML([]byte(tt.in))
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
	n, err := ParseYAML([]byte("a: !!str 12\nb: !!int 3\nc: &unused x\n"))
	require.NoError(t, err, "explicit core tags and unused anchors are fine")
	assert.Equal(t, String, n.Kids[1].Kind)
	assert.Equal(t, Int, n.Kids[3].Kind)
}

// FuzzParseYAML checks that no input makes ParseYAML panic, that every
// error is an *Error or Errors with a message, and that a document it
// accepts followed by a second document is rejected.
func FuzzParseYAML(f *testing.F) {
	for _, s := range []string{
		"a: 1", "a: &a [*a]", "a: {<<: {b: 1}}", "a: !!binary aGk=", "a: 1\n---\nb: 2", "- - -", "? [a]\n: b",
		"%YAML 1.2\n---\na: 1", "a: |\n  x\n  y\n", "a: \"\\u0000\"", "a:\n\tb", "{a: 1, a: 2}", strings.Repeat("[", 200),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, err := ParseYAML([]byte(s))
		if err != nil {
			var e *Error
			var es Errors
			if !errors.As(err, &e) && !errors.As(err, &es) || err.Error() == "" {
				t.Fatalf("ParseYAML(%q): error of an unexpected kind %T: %v", s, err, err)
			}
			return
		}
		if _, err := ParseYAML([]byte(s + "\n---\nx: 1\n")); err == nil {
			t.Fatalf("ParseYAML(%q + a second document) accepted", s)
		}
	})
}
