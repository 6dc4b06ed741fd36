package pmo

import (
	"encoding"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

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
	leafDecimal
	leafText // an enum: a TextMarshaler/TextUnmarshaler over an int
	leafString
	leafBool
	leafInt
	leafFloat
	leafFloatMap
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
	case t == reflect.TypeFor[decimal.Decimal]():
		ti.leaf = leafDecimal
	case t == reflect.TypeFor[map[string]float64]():
		ti.leaf = leafFloatMap
	case t == reflect.TypeFor[map[string]any]():
		ti.leaf = leafAnyMap
	case t.Kind() == reflect.Int && reflect.PointerTo(t).Implements(reflect.TypeFor[encoding.TextUnmarshaler]()):
		ti.leaf = leafText
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
}

func (d *decoder) fail(n *node, err error) {
	d.errs = append(d.errs, &FieldError{
		Path: renderPath(d.path), Line: int(n.line), Column: int(n.col), Err: err,
	})
}

func (d *decoder) failf(n *node, format string, args ...any) {
	d.fail(n, problem(fmt.Sprintf(format, args...)))
}

func (d *decoder) want(n *node, what string) {
	d.failf(n, "want %s, found %s", what, n.describe())
}

// value decodes n into v, which must be settable.
func (d *decoder) value(n *node, v reflect.Value) {
	if n.kind == badNode {
		d.fail(n, problem(n.value))
		return
	}
	if n.kind == nullNode {
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
		if n.kind != seqNode {
			d.want(n, "a list")
			return
		}
		if len(n.kids) == 0 {
			v.SetZero()
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.kids), len(n.kids))
		for i := range n.kids {
			d.path = append(d.path, item(i))
			d.value(&n.kids[i], s.Index(i))
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
	case leafDecimal:
		if dec, ok := d.decimal(n); ok {
			*v.Addr().Interface().(*decimal.Decimal) = dec
		}
	case leafText:
		if n.kind != stringNode {
			d.want(n, "a word")
			return
		}
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(n.value)); err != nil {
			d.fail(n, err)
		}
	case leafString:
		if s, ok := d.str(n); ok {
			v.SetString(s)
		}
	case leafBool:
		if n.kind != boolNode {
			d.want(n, "true or false")
			return
		}
		b, err := strconv.ParseBool(n.value)
		if err != nil {
			d.failf(n, "invalid boolean %s", textcut.Quote(n.value))
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
	case leafAnyMap:
		if n.kind != mapNode {
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

func (d *decoder) structure(n *node, v reflect.Value, ti *typeInfo) {
	if n.kind != mapNode {
		d.want(n, "a mapping")
		return
	}
	var seen uint64 // a bit per field: the schema's structs have fewer than 64
	var seenMore []bool
	if len(ti.fields) > 64 {
		seenMore = make([]bool, len(ti.fields))
	}
	for i := 0; i+1 < len(n.kids); i += 2 {
		k := &n.kids[i]
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
			d.value(&n.kids[i+1], v.Field(ti.fields[idx].index))
		}
		d.path = d.path[:len(d.path)-1]
	}
}

// key returns the text of a mapping key, which must be a scalar.
func (d *decoder) key(k *node) (string, bool) {
	switch k.kind {
	case stringNode:
		return k.value, true
	case intNode, floatNode, boolNode, timestampNode, nullNode:
		if !d.json {
			return k.value, true
		}
	case badNode:
		d.fail(k, problem(k.value))
		return "", false
	}
	d.failf(k, "want a string key, found %s", k.describe())
	return "", false
}

func (d *decoder) floatMap(n *node, m *map[string]float64) {
	if n.kind != mapNode {
		d.want(n, "a mapping")
		return
	}
	if len(n.kids) == 0 {
		*m = nil
		return
	}
	out := make(map[string]float64, len(n.kids)/2)
	for i := 0; i+1 < len(n.kids); i += 2 {
		k, ok := d.key(&n.kids[i])
		if !ok {
			continue
		}
		d.path = append(d.path, key(k))
		if _, dup := out[k]; dup {
			d.failf(&n.kids[i], "duplicate key %q", k)
		} else if f, ok := d.float(&n.kids[i+1]); ok {
			out[k] = f
		}
		d.path = d.path[:len(d.path)-1]
	}
	*m = out
}

// any decodes an attribute value: nil, bool, float64 (every number, as in
// encoding/json), string, []any or map[string]any.
func (d *decoder) any(n *node, depth int) (any, bool) {
	switch n.kind {
	case nullNode:
		return nil, true
	case boolNode:
		b, err := strconv.ParseBool(n.value)
		if err != nil {
			d.failf(n, "invalid boolean %s", textcut.Quote(n.value))
			return nil, false
		}
		return b, true
	case intNode, floatNode:
		return d.float(n)
	case stringNode, timestampNode:
		return n.value, true
	case seqNode:
		out := make([]any, 0, len(n.kids))
		for i := range n.kids {
			d.path = append(d.path, item(i))
			a, _ := d.any(&n.kids[i], depth+1)
			out = append(out, a)
			d.path = d.path[:len(d.path)-1]
		}
		return out, true
	case mapNode:
		return d.anyMap(n, depth+1), true
	}
	d.fail(n, problem(n.value))
	return nil, false
}

func (d *decoder) anyMap(n *node, depth int) map[string]any {
	out := make(map[string]any, len(n.kids)/2)
	for i := 0; i+1 < len(n.kids); i += 2 {
		k, ok := d.key(&n.kids[i])
		if !ok {
			continue
		}
		d.path = append(d.path, key(k))
		if _, dup := out[k]; dup {
			d.failf(&n.kids[i], "duplicate key %q", k)
		} else if a, ok := d.any(&n.kids[i+1], depth+1); ok {
			out[k] = a
		}
		d.path = d.path[:len(d.path)-1]
	}
	return out
}

func (d *decoder) str(n *node) (string, bool) {
	switch n.kind {
	case stringNode:
		return n.value, true
	case intNode, floatNode, timestampNode:
		// YAML: an unquoted id: 2026 or version: 1.2 is the text as written.
		if !d.json && n.plain {
			return n.value, true
		}
	}
	d.want(n, "a string")
	return "", false
}

func (d *decoder) time(n *node) (time.Time, bool) {
	if n.kind != stringNode && n.kind != timestampNode {
		d.want(n, "a date")
		return time.Time{}, false
	}
	t, err := parseTime(n.value)
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

func (d *decoder) money(n *node) (Money, bool) {
	switch n.kind {
	case stringNode:
		if n.value == "" {
			return Money{}, true
		}
		m, err := ParseMoney(n.value)
		if err != nil {
			d.fail(n, err)
			return Money{}, false
		}
		return m, true
	case intNode, floatNode, boolNode, timestampNode:
		d.fail(n, &moneyError{n.value})
		return Money{}, false
	}
	d.want(n, `a money string such as "1250000.00 USD"`)
	return Money{}, false
}

func (d *decoder) decimal(n *node) (decimal.Decimal, bool) {
	switch n.kind {
	case intNode, floatNode, stringNode:
		dec, err := parseDecimal(n.value)
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

func (d *decoder) int(n *node) (int64, bool) {
	switch n.kind {
	case intNode:
		if i, err := strconv.ParseInt(n.value, 10, 64); err == nil {
			return i, true
		}
		var i int64
		if !d.json && (&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: n.value}).Decode(&i) == nil {
			return i, true
		}
		d.failf(n, "integer %s out of range", n.value)
		return 0, false
	case floatNode:
		d.failf(n, "want an integer, found %s", n.value)
		return 0, false
	}
	d.want(n, "an integer")
	return 0, false
}

func (d *decoder) float(n *node) (float64, bool) {
	if n.kind != intNode && n.kind != floatNode {
		d.want(n, "a number")
		return 0, false
	}
	f, err := strconv.ParseFloat(n.value, 64)
	if err != nil && !d.json {
		tag := "!!float"
		if n.kind == intNode {
			tag = "!!int"
		}
		var g float64
		if (&yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: n.value}).Decode(&g) == nil {
			f, err = g, nil
		}
	}
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		d.failf(n, "invalid number %s (want a finite number)", n.value)
		return 0, false
	}
	return f, true
}
