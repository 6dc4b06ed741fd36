package document

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var jsonSeeds = []string{
	`{}`, `[]`, `{"a": [1, 2, {"b": null}], "c": "x]}\"{"}`, `[1 2]`, `{"a" 1}`, `{"a": 1,}`,
	`[,1]`, `{"a": [1}`, `{"id": "x"]`, `[[[]]]`, `"\\"`, `{"k": "\u00e9\ud83d\ude00"}`, `[1, -0.5e3, true, false]`,
	"{\"a\":\n [\n 1,\n 2\n ]\n}", `]`, `[`, `{"a":}`, `[1,,2]`, `{"a": 1, "a": 2}`, `{"a": 1} {"b": 2}`,
	`{"a": 1} x`, `{"id": 7, "name": "PF",}`, "\xef\xbb\xbf{}", `"\ud800"`, "\"\xff\"", `01`, `1.`, `-`, `1e`,
	`{"a":{"b":{"a":1,"b":2,"a":3}}}`, `1e400`, `-0`, `[1e-400]`, `"\u0000"`, "\"\t\"", `nul`, `truex`,
}

// FuzzJSONParser checks that the two ways of parsing JSON — with the child
// counts of the first pass, writing nodes in place, and with a scratch stack
// — build the same tree and report the same error.
func FuzzJSONParser(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := newJSONParser(s, nil)
		stack, stackErr := p.finish(p.parse())
		got, err := ParseJSON([]byte(s))
		if (err == nil) != (stackErr == nil) || err != nil && err.Error() != stackErr.Error() {
			t.Fatalf("ParseJSON(%q) error %v, stack parser %v", s, err, stackErr)
		}
		if err == nil && !reflect.DeepEqual(got, stack) {
			t.Fatalf("ParseJSON(%q) = %+v, stack parser %+v", s, got, stack)
		}
	})
}

// FuzzJSONReference checks the parser against encoding/json, the reference:
// what ParseJSON accepts, encoding/json accepts and decodes to the same
// value; what encoding/json accepts and ParseJSON rejects is one of the
// documented stricter rules (a duplicate key, invalid UTF-8, an unpaired
// surrogate, nesting deeper than MaxDepth), and what encoding/json rejects
// ParseJSON rejects too (a leading byte order mark aside).
func FuzzJSONReference(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseJSON([]byte(s))
		body := strings.TrimPrefix(s, "\xef\xbb\xbf")
		dec := json.NewDecoder(strings.NewReader(body))
		dec.UseNumber()
		var want any
		refErr := dec.Decode(&want)
		if refErr == nil {
			if _, e := dec.Token(); e != io.EOF {
				refErr = errors.New("trailing data")
			}
		}
		switch {
		case err == nil && refErr != nil:
			t.Fatalf("ParseJSON(%q) accepted what encoding/json rejects: %v", s, refErr)
		case err == nil:
			if v := toAny(&got); !reflect.DeepEqual(v, want) {
				t.Fatalf("ParseJSON(%q) = %#v, encoding/json %#v", s, v, want)
			}
		case refErr == nil:
			msg := err.Error()
			for _, ok := range []string{"duplicate key", "invalid UTF-8", "surrogate", "nesting deeper"} {
				if strings.Contains(msg, ok) {
					return
				}
			}
			t.Fatalf("ParseJSON(%q) rejected what encoding/json accepts: %v", s, err)
		}
	})
}

func toAny(n *Node) any {
	switch n.Kind {
	case Null:
		return nil
	case Bool:
		return n.Value == "true"
	case Int, Float:
		return json.Number(n.Value)
	case String:
		return n.Value
	case Seq:
		out := []any{}
		for i := range n.Kids {
			out = append(out, toAny(&n.Kids[i]))
		}
		return out
	case Map:
		out := map[string]any{}
		for i := 0; i+1 < len(n.Kids); i += 2 {
			out[n.Kids[i].Value] = toAny(&n.Kids[i+1])
		}
		return out
	}
	return "?"
}

func TestCountJSON(t *testing.T) {
	counts, ok := countJSON(`{"a": [1, 2, {"b": "]"}], "c": []}`)
	require.True(t, ok)
	assert.Equal(t, []int32{4, 3, 2, 0}, counts)
	_, ok = countJSON(`{"a": [1}`)
	assert.False(t, ok, "unbalanced brackets")
}

func TestParseJSONErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"second value", "{\"a\": 1}\n{\"b\": 2}", `line 2, column 1: invalid JSON: unexpected '{' after the top-level value (a file holds one JSON value)`},
		{"trailing text", `{"a": 1} x`, `line 1, column 10: invalid JSON: unexpected 'x' after the top-level value (a file holds one JSON value)`},
		{"trailing comma", `{"id": 7, "name": "PF",}`, `line 1, column 24: invalid JSON: want a string key, found '}'`},
		{"duplicate key", "{\"a\": {\"b\": 1,\n \"b\": 2}}", `line 2, column 2: a.b: duplicate key "b"`},
		{"duplicate keys in a large object", `{"a":0,"b":0,"c":0,"d":0,"e":0,"f":0,"g":0,"h":0,"i":0,"j":0,"k":0,"l":0,"m":0,"n":0,"o":0,"p":0,"q":0,"a":1}`,
			`line 1, column 104: a: duplicate key "a"`},
		{"deep", strings.Repeat("[", MaxDepth+2), "line 1, column 1002: invalid JSON: nesting deeper than 1000"},
	}
	// Objects of 48 keys and fewer are checked pairwise, larger ones
	// through a set: one case of each size around the switch.
	for _, n := range []int{47, 48, 60} {
		var b strings.Builder
		b.WriteString(`{`)
		for i := range n {
			fmt.Fprintf(&b, `"k%02d":0,`, i)
		}
		b.WriteString(`"k07":1}`)
		tests = append(tests, struct{ name, in, want string }{fmt.Sprintf("duplicate key in an object of %d keys", n+1), b.String(),
			fmt.Sprintf(`line 1, column %d: k07: duplicate key "k07"`, 2+8*n)})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseJSON([]byte(tt.in))
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

func TestDetect(t *testing.T) {
	assert.Equal(t, JSON, Detect("", []byte(" \n{\"a\": 1}")))
	assert.Equal(t, JSON, Detect("", []byte("\xef\xbb\xbf[1]")))
	assert.Equal(t, YAML, Detect("", []byte("a: {b: 1}")))
	assert.Equal(t, YAML, Detect("p.yaml", []byte("{a: 1}")), "the extension decides")
	assert.Equal(t, JSON, Detect("P.JSON", []byte("a: 1")), "the extension decides")
	// A flow mapping that is not JSON is a JSON error, never YAML.
	_, err := Parse([]byte("{id: 7}"), Detect("", []byte("{id: 7}")))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "invalid JSON")
}

// endless is an io.Reader that never ends, like /dev/zero.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	clear(p)
	e.n += int64(len(p))
	return len(p), nil
}

func TestReadAllLimit(t *testing.T) {
	r := &endless{}
	_, err := ReadAll(r, 1<<20)
	require.Error(t, err)
	assert.True(t, errors.Is(err, ErrTooLarge))
	assert.LessOrEqual(t, r.n, int64(1<<20+64<<10), "reads at most about the limit")
	_, err = ReadAll(bytes.NewReader(make([]byte, 11)), 10)
	assert.True(t, errors.Is(err, ErrTooLarge), "a reader that says its size fails before reading")
	data, err := ReadAll(bytes.NewReader(make([]byte, 10)), 10)
	require.NoError(t, err)
	assert.Len(t, data, 10)
}

// FuzzStreamJSON checks StreamJSON against ParseJSON: the same syntax
// errors, the same duplicate keys, and the same members and items (streamed
// arrays rebuilt from their items) for every input that is an object.
func FuzzStreamJSON(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add(s)
	}
	f.Add(`{"projects": [{"id": "a", "id": "b"}, [], {}], "x": {"y": 1, "y": 2}, "projects": []}`)
	f.Fuzz(func(t *testing.T, s string) {
		whole, wholeErr := ParseJSON([]byte(s))
		var got Node
		top, dups, err := StreamJSON([]byte(s), func(k string) bool { return len(k)%2 == 0 }, func(k *Node, i int, v *Node) {
			if i <= 0 {
				got.Kids = append(got.Kids, *k, Node{Kind: Seq, Line: v.Line, Column: v.Column})
			}
			if i < 0 {
				got.Kids[len(got.Kids)-1] = deepCopy(v)
				return
			}
			last := &got.Kids[len(got.Kids)-1]
			if i == 0 {
				last.Line, last.Column = 0, 0 // the array's own position is not reported
			}
			last.Kids = append(last.Kids, deepCopy(v))
		})
		var es Errors
		softWhole := errors.As(wholeErr, &es)
		if errors.Is(err, ErrNotObject) {
			if wholeErr == nil && whole.Kind == Map || softWhole && whole.Kind == Map {
				t.Fatalf("StreamJSON(%q): not an object, ParseJSON: %v", s, whole.Kind)
			}
			return
		}
		if (err != nil) != (wholeErr != nil && !softWhole) {
			t.Fatalf("StreamJSON(%q) error %v, ParseJSON %v", s, err, wholeErr)
		}
		if err != nil {
			if err.Error() != wholeErr.Error() {
				t.Fatalf("StreamJSON(%q) error %v, ParseJSON %v", s, err, wholeErr)
			}
			return
		}
		sorted := func(es Errors) []string {
			out := strings.Split(es.Error(), "\n")
			slices.Sort(out)
			return out
		}
		if !slices.Equal(sorted(dups), sorted(es)) {
			t.Fatalf("StreamJSON(%q) duplicates %v, ParseJSON %v", s, dups, es)
		}
		if top.Line != whole.Line || top.Column != whole.Column || len(got.Kids) != len(whole.Kids) {
			t.Fatalf("StreamJSON(%q) = %+v, ParseJSON %+v", s, got, whole)
		}
		for i := range got.Kids {
			g, w := got.Kids[i], whole.Kids[i]
			if g.Line == 0 && w.Kind == Seq { // a streamed array
				g.Line, g.Column = w.Line, w.Column
			}
			if !reflect.DeepEqual(toAny(&g), toAny(&w)) || g.Line != w.Line || g.Column != w.Column {
				t.Fatalf("StreamJSON(%q) member %d = %+v, ParseJSON %+v", s, i, g, w)
			}
		}
	})
}

func deepCopy(n *Node) Node {
	out := *n
	out.Kids = nil
	for i := range n.Kids {
		out.Kids = append(out.Kids, deepCopy(&n.Kids[i]))
	}
	return out
}
