package document

import (
	"encoding"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/pmokit/pmokit/internal/textcut"
)

// Decode decodes the tree root into v, a pointer to a struct, by the
// fields' json tags, and returns every problem with its path and position:
// an unknown field (the message lists the known ones), a value of the wrong
// kind, an integer that is not one or out of range, a number that is not
// finite, a word its type's UnmarshalText refuses. A null value leaves the
// field zero. In YAML (json false) an unquoted scalar given for a string
// field is taken as written; in JSON a string field takes only a string.
//
// Decode supports the types of small configuration files: structs, pointers
// to structs, slices, strings, booleans, ints, float64s and types whose
// pointer implements encoding.TextUnmarshaler (read from a string). It is
// the decoder of risk matrices and of the parameter and waiver files to
// come; pmo has its own for the portfolio's richer types.
func Decode(root *Node, v any, json bool) Errors {
	d := &decoder{json: json}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return Errors{{Msg: fmt.Sprintf("cannot decode into %T", v)}}
	}
	d.value(root, rv.Elem())
	return d.errs
}

type decoder struct {
	json bool
	path []string
	errs Errors
}

func (d *decoder) failf(n *Node, format string, args ...any) {
	d.errs = append(d.errs, &Error{
		Path: strings.Join(d.path, ""), Line: int(n.Line), Column: int(n.Column), Msg: fmt.Sprintf(format, args...),
	})
}

func (d *decoder) want(n *Node, what string) { d.failf(n, "want %s, found %s", what, n.Describe()) }

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

func (d *decoder) value(n *Node, v reflect.Value) {
	if n.Kind == Null {
		v.SetZero()
		return
	}
	if reflect.PointerTo(v.Type()).Implements(textUnmarshaler) {
		s, ok := d.text(n, "a word")
		if !ok {
			return
		}
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
			d.failf(n, "%s", withoutPackage(err.Error()))
		}
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		d.structure(n, v)
	case reflect.Pointer:
		if v.Type().Elem().Kind() != reflect.Struct {
			d.failf(n, "unsupported Go type %s", v.Type())
			return
		}
		p := reflect.New(v.Type().Elem())
		d.structure(n, p.Elem())
		v.Set(p)
	case reflect.Slice:
		if n.Kind != Seq {
			d.want(n, "a list")
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Kids), len(n.Kids))
		for i := range n.Kids {
			d.path = append(d.path, "["+strconv.Itoa(i)+"]")
			d.value(&n.Kids[i], s.Index(i))
			d.path = d.path[:len(d.path)-1]
		}
		v.Set(s)
	case reflect.String:
		if s, ok := d.text(n, "a string"); ok {
			v.SetString(strings.Clone(s))
		}
	case reflect.Bool:
		if n.Kind != Bool {
			d.want(n, "true or false")
			return
		}
		v.SetBool(n.Value == "true" || n.Value == "True" || n.Value == "TRUE")
	case reflect.Int, reflect.Int64, reflect.Int32:
		if n.Kind != Int {
			if n.Kind == Float {
				d.failf(n, "want an integer, found %s", n.Value)
				return
			}
			d.want(n, "an integer")
			return
		}
		i, err := strconv.ParseInt(n.Value, 0, v.Type().Bits())
		if err != nil {
			d.failf(n, "integer %s out of range", n.Value)
			return
		}
		v.SetInt(i)
	case reflect.Float64:
		if n.Kind != Int && n.Kind != Float {
			d.want(n, "a number")
			return
		}
		f, err := parseFloat(n.Value, d.json)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			d.failf(n, "invalid number %s (want a finite number)", n.Value)
			return
		}
		v.SetFloat(f)
	default:
		d.failf(n, "unsupported Go type %s", v.Type())
	}
}

// parseFloat reads a JSON number, or a YAML 1.2 core-schema float or int
// (.5, 0x1F, 0o17, .inf — infinities are then refused by the caller).
func parseFloat(s string, json bool) (float64, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err == nil || json {
		return f, err
	}
	switch strings.ToLower(strings.TrimLeft(s, "+-")) {
	case ".inf", ".nan":
		return math.Inf(1), nil
	}
	if i, err := strconv.ParseInt(s, 0, 64); err == nil {
		return float64(i), nil
	}
	return strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
}

// text returns the text of a string node, or in YAML of any unquoted scalar.
func (d *decoder) text(n *Node, what string) (string, bool) {
	switch n.Kind {
	case String:
		return n.Value, true
	case Int, Float, Bool, Timestamp:
		if !d.json {
			return n.Value, true
		}
	}
	d.want(n, what)
	return "", false
}

func (d *decoder) structure(n *Node, v reflect.Value) {
	if n.Kind != Map {
		d.want(n, "a mapping")
		return
	}
	t := v.Type()
	names := make([]string, 0, t.NumField())
	index := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "" || name == "-" {
			continue
		}
		index[name] = i
		names = append(names, name)
	}
	seen := make(map[string]bool, len(n.Kids)/2)
	for i := 0; i+1 < len(n.Kids); i += 2 {
		k := &n.Kids[i]
		d.path = append(d.path, KeySegment(len(d.path) == 0, k.Value))
		switch idx, ok := index[k.Value]; {
		case k.Kind == Seq || k.Kind == Map:
			d.failf(k, "want a string key, found %s", k.Describe())
		case !ok:
			d.failf(k, "unknown field %s (want %s)", textcut.Quote(k.Value), strings.Join(slices.Sorted(slices.Values(names)), ", "))
		case seen[k.Value]:
			// A duplicate key, which the parser reports.
		default:
			seen[k.Value] = true
			d.value(&n.Kids[i+1], v.Field(idx))
		}
		d.path = d.path[:len(d.path)-1]
	}
}

// withoutPackage drops a leading "pkg: " from a message that is placed
// under another package's prefix.
func withoutPackage(msg string) string {
	pkg, rest, ok := strings.Cut(msg, ": ")
	if !ok || pkg == "" || strings.IndexFunc(pkg, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
		return msg
	}
	return rest
}
