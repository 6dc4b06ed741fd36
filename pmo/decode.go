package pmo

import (
	"encoding"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/pmokit/pmokit/internal/document"
	"github.com/shopspring/decimal"
	yaml "go.yaml.in/yaml/v3"

	"github.com/pmokit/pmokit/internal/textcut"
)

// This file holds the strict decoder from a document tree into the schema's
// Go types: one reflection-driven walk that knows the schema's leaf types
// (time, money, decimal, enums) and reports every problem with its path.

// leaf classifies a Go type for the decoder and the writer.
type leaf uint8

const (
	leafStruct leaf = iota + 1
	leafPointer
	leafSlice
	leafTime
	leafMoney
	leafLimit
	leafDecimal
	leafText // an enum: a TextMarshaler/TextUnmarshaler over an int
	leafString
	leafWord // a named string type (a status word): a string node only
	leafBool
	leafInt
	leafFloat
	leafFloatMap
	leafIntMap
	leafAnyMap
	leafAny
	leafUnsupported
)

// fieldInfo describes one field of a schema struct.
type fieldInfo struct {
	name  string // the JSON/YAML name
	index int
}

// typeInfo is what the decoder and the writer need to know about a type.
type typeInfo struct {
	leaf   leaf
	fields []fieldInfo    // structs
	byName map[string]int // structs: name → position in fields
	elem   reflect.Type   // pointers and slices
}

// typeCache holds the typeInfo of the types met in one read or write; it is
// local to the call, never a package global.
type typeCache map[reflect.Type]*typeInfo

func (c typeCache) info(t reflect.Type) *typeInfo {
	if ti, ok := c[t]; ok {
		return ti
	}
	ti := &typeInfo{}
	c[t] = ti
	switch {
	case t == reflect.TypeFor[time.Time]():
		ti.leaf = leafTime
	case t == reflect.TypeFor[Money]():
		ti.leaf = leafMoney
	case t == reflect.TypeFor[Limit]():
		ti.leaf = leafLimit
	case t == reflect.TypeFor[decimal.Decimal]():
		ti.leaf = leafDecimal
	case t == reflect.TypeFor[map[string]float64]():
		ti.leaf = leafFloatMap
	case t == reflect.TypeFor[map[string]int]():
		ti.leaf = leafIntMap
	case t == reflect.TypeFor[map[string]any]():
		ti.leaf = leafAnyMap
	case t.Kind() == reflect.Int && reflect.PointerTo(t).Implements(reflect.TypeFor[encoding.TextUnmarshaler]()):
		ti.leaf = leafText
	case t.Kind() == reflect.String && t != reflect.TypeFor[string]():
		ti.leaf = leafWord
	case t.Kind() == reflect.String:
		ti.leaf = leafString
	case t.Kind() == reflect.Bool:
		ti.leaf = leafBool
	case t.Kind() == reflect.Int:
		ti.leaf = leafInt
	case t.Kind() == reflect.Float64:
		ti.leaf = leafFloat
	case t.Kind() == reflect.Interface && t.NumMethod() == 0:
		ti.leaf = leafAny
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct:
		ti.leaf, ti.elem = leafPointer, t.Elem()
	case t.Kind() == reflect.Slice:
		ti.leaf, ti.elem = leafSlice, t.Elem()
	case t.Kind() == reflect.Struct:
		ti.leaf = leafStruct
		ti.byName = make(map[string]int, t.NumField())
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "" || name == "-" {
				continue
			}
			ti.byName[name] = len(ti.fields)
			ti.fields = append(ti.fields, fieldInfo{name: name, index: i})
		}
	default:
		ti.leaf = leafUnsupported
	}
	return ti
}

// decoder decodes a node tree into a Go value, collecting every problem.
type decoder struct {
	json  bool // the document is JSON: no YAML-only leniency
	path  []seg
	errs  []*FieldError
	types typeCache
	chunk []byte // free space for cloned strings
	curs  map[string]string
}

// currency returns cur interned: one string per currency of the file,
// sharing nothing with the input.
func (d *decoder) currency(cur string) string {
	if c, ok := d.curs[cur]; ok {
		return c
	}
	if d.curs == nil {
		d.curs = make(map[string]string)
	}
	c := strings.Clone(cur)
	d.curs[c] = c
	return c
}

// clone copies s, which may share the input's memory, so that a string
// kept from the portfolio never pins the input. Short strings are copied
// into chunks of 8 KiB (one allocation for many strings; a kept string pins
// at most its chunk), longer ones on their own.
func (d *decoder) clone(s string) string {
	if !d.json || s == "" {
		return s // YAML strings are yaml.v3's own
	}
	if len(s) > 256 {
		return strings.Clone(s)
	}
	if len(s) > cap(d.chunk)-len(d.chunk) {
		d.chunk = make([]byte, 0, 8<<10)
	}
	start := len(d.chunk)
	d.chunk = append(d.chunk, s...)
	return unsafe.String(&d.chunk[start], len(s))
}

func (d *decoder) fail(n *document.Node, err error) {
	d.errs = append(d.errs, &FieldError{
		Path: renderPath(d.path), Line: int(n.Line), Column: int(n.Column), Err: err,
	})
}

func (d *decoder) failf(n *document.Node, format string, args ...any) {
	d.fail(n, problem(fmt.Sprintf(format, args...)))
}

func (d *decoder) want(n *document.Node, what string) {
	d.failf(n, "want %s, found %s", what, n.Describe())
}

// value decodes n into v, which must be settable.
func (d *decoder) value(n *document.Node, v reflect.Value) {
	if n.Kind == document.Null {
		v.SetZero()
		return
	}
	ti := d.types.info(v.Type())
	switch ti.leaf {
	case leafStruct:
		d.structure(n, v, ti)
	case leafPointer:
		p := reflect.New(ti.elem)
		d.structure(n, p.Elem(), d.types.info(ti.elem))
		v.Set(p)
	case leafSlice:
		if n.Kind != document.Seq {
			d.want(n, "a list")
			return
		}
		if len(n.Kids) == 0 {
			v.SetZero()
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Kids), len(n.Kids))
		for i := range n.Kids {
			d.path = append(d.path, item(i))
			d.value(&n.Kids[i], s.Index(i))
			d.path = d.path[:len(d.path)-1]
		}
		v.Set(s)
	case leafTime:
		if t, ok := d.time(n); ok {
			*v.Addr().Interface().(*time.Time) = t
		}
	case leafMoney:
		if m, ok := d.money(n); ok {
			*v.Addr().Interface().(*Money) = m
		}
	case leafLimit:
		if n.Kind != document.String {
			d.want(n, `a tolerance limit such as "10%", "10d" or "50000 USD"`)
			return
		}
		l, err := ParseLimit(n.Value)
		if err != nil {
			d.fail(n, err)
			return
		}
		l.Money.Currency = d.currency(l.Money.Currency)
		*v.Addr().Interface().(*Limit) = l
	case leafDecimal:
		if dec, ok := d.decimal(n); ok {
			*v.Addr().Interface().(*decimal.Decimal) = dec
		}
	case leafText:
		if n.Kind != document.String {
			d.want(n, "a word")
			return
		}
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(n.Value)); err != nil {
			d.fail(n, err)
		}
	case leafString:
		if s, ok := d.str(n); ok {
			v.SetString(d.clone(s))
		}
	case leafWord:
		if n.Kind != document.String {
			d.want(n, "a word")
			return
		}
		v.SetString(d.clone(n.Value))
	case leafBool:
		if n.Kind != document.Bool {
			d.want(n, "true or false")
			return
		}
		b, err := strconv.ParseBool(n.Value)
		if err != nil {
			d.failf(n, "invalid boolean %s", textcut.Quote(n.Value))
			return
		}
		v.SetBool(b)
	case leafInt:
		if i, ok := d.int(n); ok {
			v.SetInt(i)
		}
	case leafFloat:
		if f, ok := d.float(n); ok {
			v.SetFloat(f)
		}
	case leafFloatMap:
		d.floatMap(n, v.Addr().Interface().(*map[string]float64))
	case leafIntMap:
		d.intMap(n, v.Addr().Interface().(*map[string]int))
	case leafAnyMap:
		if n.Kind != document.Map {
			d.want(n, "a mapping")
			return
		}
		if m := d.anyMap(n, 0); len(m) > 0 {
			v.Set(reflect.ValueOf(m))
		}
	case leafAny:
		if a, ok := d.any(n, 0); ok && a != nil {
			v.Set(reflect.ValueOf(a))
		}
	default:
		d.failf(n, "unsupported Go type %s", v.Type())
	}
}

func (d *decoder) structure(n *document.Node, v reflect.Value, ti *typeInfo) {
	if n.Kind != document.Map {
		d.want(n, "a mapping")
		return
	}
	var seen uint64 // a bit per field: the schema's structs have fewer than 64
	var seenMore []bool
	if len(ti.fields) > 64 {
		seenMore = make([]bool, len(ti.fields))
	}
	for i := 0; i+1 < len(n.Kids); i += 2 {
		k := &n.Kids[i]
		name, ok := d.key(k)
		if !ok {
			continue
		}
		idx, found := ti.byName[name]
		if !found {
			d.path = append(d.path, key(name))
			d.failf(k, "unknown field %s", textcut.Quote(name))
			d.path = d.path[:len(d.path)-1]
			continue
		}
		d.path = append(d.path, field(name))
		dup := false
		if seenMore != nil {
			dup, seenMore[idx] = seenMore[idx], true
		} else {
			dup, seen = seen&(1<<uint(idx)) != 0, seen|1<<uint(idx)
		}
		if dup {
			d.failf(k, "duplicate field %q", name)
		} else {
			d.value(&n.Kids[i+1], v.Field(ti.fields[idx].index))
		}
		d.path = d.path[:len(d.path)-1]
	}
}

// key returns the text of a mapping key, which must be a scalar.
func (d *decoder) key(k *document.Node) (string, bool) {
	switch k.Kind {
	case document.String:
		return k.Value, true
	case document.Int, document.Float, document.Bool, document.Timestamp, document.Null:
		if !d.json {
			return k.Value, true
		}
	}
	d.failf(k, "want a string key, found %s", k.Describe())
	return "", false
}

func (d *decoder) floatMap(n *document.Node, m *map[string]float64) {
	decodeMap(d, n, m, d.float)
}

// intMap decodes a mapping of integers (a risk's impacts), every key once.
func (d *decoder) intMap(n *document.Node, m *map[string]int) {
	decodeMap(d, n, m, func(v *document.Node) (int, bool) {
		i, ok := d.int(v)
		if ok && (i < math.MinInt32 || i > math.MaxInt32) {
			d.failf(v, "integer %d out of range", i)
			return 0, false
		}
		return int(i), ok
	})
}

// decodeMap decodes a mapping with string keys, every key once, each value
// with value (which reports its own errors); an empty mapping is nil.
func decodeMap[T any](d *decoder, n *document.Node, m *map[string]T, value func(*document.Node) (T, bool)) {
	if n.Kind != document.Map {
		d.want(n, "a mapping")
		return
	}
	if len(n.Kids) == 0 {
		*m = nil
		return
	}
	out := make(map[string]T, len(n.Kids)/2)
	for i := 0; i+1 < len(n.Kids); i += 2 {
		k, ok := d.key(&n.Kids[i])
		if !ok {
			continue
		}
		d.path = append(d.path, key(k))
		if _, dup := out[k]; dup {
			d.failf(&n.Kids[i], "duplicate key %q", k)
		} else if v, ok := value(&n.Kids[i+1]); ok {
			out[d.clone(k)] = v
		}
		d.path = d.path[:len(d.path)-1]
	}
	*m = out
}

// smallFloats holds the float64 values 0..255 boxed once, read-only, so
// that a list of small numbers in attributes costs no allocation per item.
var smallFloats = func() (out [256]any) {
	for i := range out {
		out[i] = float64(i)
	}
	return out
}()

// any decodes an attribute value: nil, bool, float64 (every number, as in
// encoding/json), string, []any or map[string]any.
func (d *decoder) any(n *document.Node, depth int) (any, bool) {
	switch n.Kind {
	case document.Null:
		return nil, true
	case document.Bool:
		b, err := strconv.ParseBool(n.Value)
		if err != nil {
			d.failf(n, "invalid boolean %s", textcut.Quote(n.Value))
			return nil, false
		}
		return b, true
	case document.Int, document.Float:
		f, ok := d.float(n)
		if ok && f == math.Trunc(f) && f >= 0 && f < float64(len(smallFloats)) && !math.Signbit(f) {
			return smallFloats[int(f)], true // no allocation for the common small numbers
		}
		return f, ok
	case document.String, document.Timestamp:
		return d.clone(n.Value), true
	case document.Seq:
		out := make([]any, 0, len(n.Kids))
		for i := range n.Kids {
			d.path = append(d.path, item(i))
			a, _ := d.any(&n.Kids[i], depth+1)
			out = append(out, a)
			d.path = d.path[:len(d.path)-1]
		}
		return out, true
	case document.Map:
		return d.anyMap(n, depth+1), true
	}
	d.fail(n, problem(n.Value))
	return nil, false
}

func (d *decoder) anyMap(n *document.Node, depth int) map[string]any {
	out := make(map[string]any, len(n.Kids)/2)
	for i := 0; i+1 < len(n.Kids); i += 2 {
		k, ok := d.key(&n.Kids[i])
		if !ok {
			continue
		}
		d.path = append(d.path, key(k))
		if _, dup := out[k]; dup {
			d.failf(&n.Kids[i], "duplicate key %q", k)
		} else if a, ok := d.any(&n.Kids[i+1], depth+1); ok {
			out[d.clone(k)] = a
		}
		d.path = d.path[:len(d.path)-1]
	}
	return out
}

func (d *decoder) str(n *document.Node) (string, bool) {
	switch n.Kind {
	case document.String:
		return n.Value, true
	case document.Int, document.Float, document.Timestamp:
		// YAML: an unquoted id: 2026 or version: 1.2 is the text as written.
		if !d.json && !n.Quoted() {
			return n.Value, true
		}
	}
	d.want(n, "a string")
	return "", false
}

func (d *decoder) time(n *document.Node) (time.Time, bool) {
	if n.Kind != document.String && n.Kind != document.Timestamp {
		d.want(n, "a date")
		return time.Time{}, false
	}
	t, err := parseTime(n.Value)
	if err != nil {
		d.fail(n, err)
		return time.Time{}, false
	}
	return t, true
}

// parseTime reads YYYY-MM-DD (midnight UTC) or an RFC 3339 timestamp
// (converted to UTC).
func parseTime(s string) (time.Time, error) {
	if len(s) == len(time.DateOnly) {
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			return t, nil
		}
	} else if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	return time.Time{}, problem(fmt.Sprintf("invalid date %s (want YYYY-MM-DD or RFC 3339)", textcut.Quote(s)))
}

func (d *decoder) money(n *document.Node) (Money, bool) {
	switch n.Kind {
	case document.String:
		if n.Value == "" {
			return Money{}, true
		}
		m, err := ParseMoney(n.Value)
		if err != nil {
			d.fail(n, err)
			return Money{}, false
		}
		m.Currency = d.currency(m.Currency)
		return m, true
	case document.Int, document.Float, document.Bool, document.Timestamp:
		d.fail(n, &moneyError{n.Value})
		return Money{}, false
	}
	d.want(n, `a money string such as "1250000.00 USD"`)
	return Money{}, false
}

func (d *decoder) decimal(n *document.Node) (decimal.Decimal, bool) {
	switch n.Kind {
	case document.Int, document.Float, document.String:
		dec, err := parseDecimal(n.Value)
		if err != nil {
			d.fail(n, err)
			return decimal.Decimal{}, false
		}
		return dec, true
	}
	d.want(n, "a decimal number")
	return decimal.Decimal{}, false
}

// parseDecimal reads a decimal of at most 64 characters whose exponent, if
// any, is within ±64, so that printing it back stays small.
func parseDecimal(s string) (decimal.Decimal, error) {
	if len(s) <= 64 && s != "" && s[0] != '.' {
		if dec, err := decimal.NewFromString(s); err == nil && dec.Exponent() >= -128 && dec.Exponent() <= 64 &&
			strings.IndexFunc(s, func(r rune) bool { return !strings.ContainsRune("0123456789+-.eE", r) }) < 0 {
			return dec, nil
		}
	}
	return decimal.Decimal{}, problem(fmt.Sprintf("invalid decimal %s", textcut.Quote(s)))
}

func (d *decoder) int(n *document.Node) (int64, bool) {
	switch n.Kind {
	case document.Int:
		if i, err := strconv.ParseInt(n.Value, 10, 64); err == nil {
			return i, true
		}
		var i int64
		if !d.json && (&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: n.Value}).Decode(&i) == nil {
			return i, true
		}
		d.failf(n, "integer %s out of range", n.Value)
		return 0, false
	case document.Float:
		d.failf(n, "want an integer, found %s", n.Value)
		return 0, false
	}
	d.want(n, "an integer")
	return 0, false
}

func (d *decoder) float(n *document.Node) (float64, bool) {
	if n.Kind != document.Int && n.Kind != document.Float {
		d.want(n, "a number")
		return 0, false
	}
	f, err := strconv.ParseFloat(n.Value, 64)
	if err != nil && !d.json {
		tag := "!!float"
		if n.Kind == document.Int {
			tag = "!!int"
		}
		var g float64
		if (&yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: n.Value}).Decode(&g) == nil {
			f, err = g, nil
		}
	}
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		d.failf(n, "invalid number %s (want a finite number)", n.Value)
		return 0, false
	}
	return f, true
}
