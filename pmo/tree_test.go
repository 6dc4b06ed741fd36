package pmo

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzJSONParser checks that the two ways of parsing JSON — with the child
// counts of the first pass, writing nodes in place, and with a scratch stack
// — build the same tree and report the same error.
func FuzzJSONParser(f *testing.F) {
	for _, s := range []string{
		`{}`, `[]`, `{"a": [1, 2, {"b": null}], "c": "x]}\"{"}`, `[1 2]`, `{"a" 1}`, `{"a": 1,}`,
		`[,1]`, `{"a": [1}`, `{"id": "x"]`, `[[[]]]`, `"\\"`, `{"k": "\u00e9\ud83d\ude00"}`, `[1, -0.5e3, true, false]`,
		"{\"a\":\n [\n 1,\n 2\n ]\n}", `]`, `[`, `{"a":}`, `[1,,2]`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		stack, stackErr := newJSONParser(s, nil).parse()
		got, err := parseJSON([]byte(s))
		if (err == nil) != (stackErr == nil) || err != nil && err.Error() != stackErr.Error() {
			t.Fatalf("parseJSON(%q) error %v, stack parser %v", s, err, stackErr)
		}
		if err == nil && !reflect.DeepEqual(got, stack) {
			t.Fatalf("parseJSON(%q) = %+v, stack parser %+v", s, got, stack)
		}
	})
}

func TestCountJSON(t *testing.T) {
	counts, ok := countJSON(`{"a": [1, 2, {"b": "]"}], "c": []}`)
	require.True(t, ok)
	assert.Equal(t, []int32{4, 3, 2, 0}, counts)
	_, ok = countJSON(`{"a": [1}`)
	assert.False(t, ok, "unbalanced brackets")
}
