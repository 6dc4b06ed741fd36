package pmo

import (
	"bufio"
	"bytes"
	"encoding"
	"fmt"
	"io"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	yaml "go.yaml.in/yaml/v3"

	"github.com/pmokit/pmokit/internal/document"
)

// WriteJSON writes the portfolio as an indented JSON document that
// [ReadPortfolio] reads back to an equal portfolio. Fields appear in schema
// order; fields holding their zero value ("not given") are left out, except
// inside attributes. Dates are written YYYY-MM-DD when they are midnight UTC
// and as RFC 3339 timestamps otherwise; money in its canonical string form
// ([Money.String]); numbers in their shortest exact form.
//
// WriteJSON does not validate references or required fields (see
// [Portfolio.Validate]) but refuses values it could not read back — a money
// without a valid currency, an enum out of range, a non-finite number,
// invalid UTF-8, an attribute that is not a JSON value — with a joined error
// of [*FieldError]s; nothing is written then.
func (pf *Portfolio) WriteJSON(w io.Writer) error {
	root, err := encodeTree(pf)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	buf := appendJSON(make([]byte, 0, 4096), &root, 0, bw)
	buf = append(buf, '\n')
	if _, err := bw.Write(buf); err != nil {
		return fmt.Errorf("pmo: writing portfolio: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("pmo: writing portfolio: %w", err)
	}
	return nil
}

// WriteYAML writes the portfolio as a YAML document that [ReadPortfolio]
// reads back to an equal portfolio, with the same conventions as
// [Portfolio.WriteJSON]; lists of plain values and short mappings of plain
// values are written in flow style ({approved: 1200000 USD, actual: 600000 USD}).
func (pf *Portfolio) WriteYAML(w io.Writer) error {
	root, err := encodeTree(pf)
	if err != nil {
		return err
	}
	// yaml.v3's emitter keeps every event of a document until it ends, which
	// is quadratic in memory traffic on a large portfolio; so each top-level
	// field, and each item of a top-level list, is encoded on its own and
	// the pieces are indented into place.
	bw := bufio.NewWriter(w)
	var chunk bytes.Buffer
	encode := func(y *yaml.Node, indent bool) error {
		chunk.Reset()
		enc := yaml.NewEncoder(&chunk)
		enc.SetIndent(2)
		if err := enc.Encode(y); err != nil {
			return err
		}
		if err := enc.Close(); err != nil {
			return err
		}
		for line := range bytes.Lines(chunk.Bytes()) {
			if indent && len(line) > 1 {
				bw.WriteString("  ")
			}
			bw.Write(line)
		}
		return nil
	}
	for i := 0; i+1 < len(root.Kids); i += 2 {
		k, v := &root.Kids[i], &root.Kids[i+1]
		if v.Kind == seqNode && (k.Value == "people" || k.Value == "programs" || k.Value == "projects") {
			bw.WriteString(k.Value + ":\n")
			for j := range v.Kids {
				item := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{toYAML(&v.Kids[j], true)}}
				if err := encode(item, true); err != nil {
					return fmt.Errorf("pmo: writing portfolio: %w", err)
				}
			}
			continue
		}
		one := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{toYAML(k, false), toYAML(v, false)}}
		if err := encode(one, false); err != nil {
			return fmt.Errorf("pmo: writing portfolio: %w", err)
		}
	}
	if len(root.Kids) == 0 {
		bw.WriteString("{}\n")
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("pmo: writing portfolio: %w", err)
	}
	return nil
}

// encoder builds the document tree of a Go value, collecting every problem.
type encoder struct {
	path  []seg
	errs  []*FieldError
	types typeCache
}

func encodeTree(pf *Portfolio) (node, error) {
	if pf == nil {
		return node{}, &FieldError{Err: problem("nil portfolio")}
	}
	e := &encoder{types: make(typeCache)}
	root, _ := e.value(reflect.ValueOf(pf).Elem(), 0)
	if len(e.errs) > 0 {
		return node{}, joinFieldErrors(e.errs)
	}
	if root.Kind == 0 {
		root.Kind = mapNode
	}
	return root, nil
}

func (e *encoder) failf(format string, args ...any) {
	e.errs = append(e.errs, &FieldError{Path: renderPath(e.path), Err: problem(fmt.Sprintf(format, args...))})
}

func scalar(kind nodeKind, s string) node { return node{Kind: kind, Value: s} }

// value returns the node of v and whether v is given (not its zero value).
func (e *encoder) value(v reflect.Value, depth int) (node, bool) {
	ti := e.types.info(v.Type())
	switch ti.leaf {
	case leafStruct:
		n := node{Kind: mapNode}
		for _, f := range ti.fields {
			e.path = append(e.path, field(f.name))
			if k, ok := e.value(v.Field(f.index), depth+1); ok {
				n.Kids = append(n.Kids, scalar(stringNode, f.name), k)
			}
			e.path = e.path[:len(e.path)-1]
		}
		return n, len(n.Kids) > 0
	case leafPointer:
		if v.IsNil() {
			return node{}, false
		}
		n, _ := e.value(v.Elem(), depth)
		return n, true
	case leafSlice:
		if v.Len() == 0 {
			return node{}, false
		}
		n := node{Kind: seqNode, Kids: make([]node, v.Len())}
		for i := range v.Len() {
			e.path = append(e.path, item(i))
			k, ok := e.value(v.Index(i), depth+1)
			if !ok && k.Kind == 0 {
				k = e.zero(v.Index(i))
			}
			n.Kids[i] = k
			e.path = e.path[:len(e.path)-1]
		}
		return n, true
	case leafTime:
		t := v.Interface().(time.Time)
		if t.IsZero() {
			return node{}, false
		}
		return e.time(t), true
	case leafMoney:
		m := v.Interface().(Money)
		if m.IsZero() {
			return node{}, false
		}
		s := m.String()
		if _, err := ParseMoney(s); err != nil {
			e.failf("cannot write money %q: want a three-letter upper-case currency", s)
		}
		return scalar(stringNode, s), true
	case leafLimit:
		l := v.Interface().(Limit)
		if l.IsZero() {
			return node{}, false
		}
		b, err := l.MarshalText()
		if err != nil {
			e.failf("cannot write: %s", trimPkg(err))
		}
		return scalar(stringNode, string(b)), true
	case leafDecimal:
		d := v.Interface().(decimal.Decimal)
		if d.IsZero() {
			return node{}, false
		}
		return number(d.String()), true
	case leafText:
		if v.Int() == 0 {
			return node{}, false
		}
		b, err := v.Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil {
			e.failf("cannot write: %s", trimPkg(err))
		}
		return scalar(stringNode, string(b)), true
	case leafString, leafWord:
		s := v.String()
		e.checkString(s)
		return scalar(stringNode, s), s != ""
	case leafBool:
		return scalar(boolNode, strconv.FormatBool(v.Bool())), v.Bool()
	case leafInt:
		return scalar(intNode, strconv.FormatInt(v.Int(), 10)), v.Int() != 0
	case leafFloat:
		return e.float(v.Float()), v.Float() != 0
	case leafFloatMap, leafIntMap, leafAnyMap:
		if v.Len() == 0 {
			return node{}, false
		}
		n := node{Kind: mapNode, Kids: make([]node, 0, 2*v.Len())}
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return compareStrings(a.String(), b.String()) })
		for _, k := range keys {
			e.path = append(e.path, key(k.String()))
			e.checkString(k.String())
			var val node
			switch ti.leaf {
			case leafFloatMap:
				val = e.float(v.MapIndex(k).Float())
			case leafIntMap:
				val = scalar(intNode, strconv.FormatInt(v.MapIndex(k).Int(), 10))
			default:
				val = e.any(v.MapIndex(k).Interface(), depth+1)
			}
			n.Kids = append(n.Kids, scalar(stringNode, k.String()), val)
			e.path = e.path[:len(e.path)-1]
		}
		return n, true
	case leafAny:
		if v.IsNil() {
			return node{}, false
		}
		return e.any(v.Interface(), depth), true
	}
	e.failf("cannot write a value of Go type %s", v.Type())
	return node{}, false
}

// zero is the node of a zero value that must still be written (an item of a
// list): an empty mapping for a struct, null otherwise.
func (e *encoder) zero(v reflect.Value) node {
	if e.types.info(v.Type()).leaf == leafStruct {
		return node{Kind: mapNode}
	}
	return node{Kind: nullNode, Value: "null"}
}

func (e *encoder) time(t time.Time) node {
	if t.Year() < 0 || t.Year() > 9999 {
		e.failf("cannot write date %s: year outside 0..9999", t)
	}
	if t.Location() == time.UTC && t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return scalar(timestampNode, t.Format(time.DateOnly))
	}
	return scalar(timestampNode, t.UTC().Format(time.RFC3339Nano))
}

func (e *encoder) float(f float64) node {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		e.failf("cannot write the non-finite number %v", f)
		return scalar(intNode, "0")
	}
	return number(strconv.FormatFloat(f, 'g', -1, 64))
}

// number returns the node of a number's text: an integer node when it has no
// fraction or exponent (so that YAML prints it without a tag).
func number(s string) node {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '.' || c == 'e' || c == 'E' {
			return scalar(floatNode, s)
		}
	}
	return scalar(intNode, s)
}

func (e *encoder) checkString(s string) {
	if !utf8.ValidString(s) {
		e.failf("cannot write invalid UTF-8 %q", s)
	}
}

func (e *encoder) any(a any, depth int) node {
	if depth > document.MaxDepth {
		e.failf("nesting deeper than %d", document.MaxDepth)
		return node{Kind: nullNode, Value: "null"}
	}
	switch a := a.(type) {
	case nil:
		return node{Kind: nullNode, Value: "null"}
	case bool:
		return scalar(boolNode, strconv.FormatBool(a))
	case string:
		e.checkString(a)
		return scalar(stringNode, a)
	case float64:
		return e.float(a)
	case float32:
		return e.float(float64(a))
	case int, int8, int16, int32, int64:
		return scalar(intNode, strconv.FormatInt(reflect.ValueOf(a).Int(), 10))
	case uint, uint8, uint16, uint32, uint64:
		return scalar(intNode, strconv.FormatUint(reflect.ValueOf(a).Uint(), 10))
	case []any:
		n := node{Kind: seqNode, Kids: make([]node, len(a))}
		for i, x := range a {
			e.path = append(e.path, item(i))
			n.Kids[i] = e.any(x, depth+1)
			e.path = e.path[:len(e.path)-1]
		}
		return n
	case map[string]any:
		n := node{Kind: mapNode, Kids: make([]node, 0, 2*len(a))}
		for _, k := range slices.Sorted(maps.Keys(a)) {
			e.path = append(e.path, key(k))
			e.checkString(k)
			n.Kids = append(n.Kids, scalar(stringNode, k), e.any(a[k], depth+1))
			e.path = e.path[:len(e.path)-1]
		}
		return n
	}
	e.failf("cannot write an attribute of type %T (want a JSON value)", a)
	return node{Kind: nullNode, Value: "null"}
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// ---- JSON output ----

// appendJSON appends n indented at level; it flushes buf into w as it grows
// so that a large portfolio is not held twice in memory.
func appendJSON(buf []byte, n *node, level int, w *bufio.Writer) []byte {
	if len(buf) > 64<<10 {
		_, _ = w.Write(buf) // a write error sticks in w and is returned by Flush
		buf = buf[:0]
	}
	switch n.Kind {
	case mapNode, seqNode:
		open, close := byte('{'), byte('}')
		if n.Kind == seqNode {
			open, close = '[', ']'
		}
		buf = append(buf, open)
		if len(n.Kids) == 0 {
			return append(buf, close)
		}
		step := 1
		if n.Kind == mapNode {
			step = 2
		}
		for i := 0; i < len(n.Kids); i += step {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = indent(buf, level+1)
			if n.Kind == mapNode {
				buf = appendJSONString(buf, n.Kids[i].Value)
				buf = append(buf, ": "...)
				buf = appendJSON(buf, &n.Kids[i+1], level+1, w)
			} else {
				buf = appendJSON(buf, &n.Kids[i], level+1, w)
			}
		}
		buf = indent(buf, level)
		return append(buf, close)
	case stringNode, timestampNode:
		return appendJSONString(buf, n.Value)
	default: // numbers, booleans, null
		return append(buf, n.Value...)
	}
}

func indent(buf []byte, level int) []byte {
	buf = append(buf, '\n')
	for range level {
		buf = append(buf, ' ', ' ')
	}
	return buf
}

func appendJSONString(buf []byte, s string) []byte {
	const hex = "0123456789abcdef"
	buf = append(buf, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			buf = append(buf, '\\', c)
		case c == '\n':
			buf = append(buf, '\\', 'n')
		case c == '\r':
			buf = append(buf, '\\', 'r')
		case c == '\t':
			buf = append(buf, '\\', 't')
		case c < 0x20 || c == 0x7f:
			buf = append(buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			buf = append(buf, c)
		}
	}
	return append(buf, '"')
}

// ---- YAML output ----

// toYAML converts the tree for the YAML encoder. Lists of plain values, and
// short mappings of plain values that are not list items (budget,
// cost_range…), are written in flow style.
func toYAML(n *node, listItem bool) *yaml.Node {
	switch n.Kind {
	case mapNode, seqNode:
		y := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		if n.Kind == seqNode {
			y.Kind, y.Tag = yaml.SequenceNode, "!!seq"
		}
		width, flat := 0, true
		y.Content = make([]*yaml.Node, len(n.Kids))
		for i := range n.Kids {
			k := &n.Kids[i]
			y.Content[i] = toYAML(k, n.Kind == seqNode)
			if k.Kind == mapNode || k.Kind == seqNode || y.Content[i].Style != 0 {
				flat = false
			}
			width += len(k.Value) + 2
		}
		if flat && len(n.Kids) > 0 && width <= 80 && (n.Kind == seqNode || !listItem) {
			y.Style = yaml.FlowStyle
		}
		return y
	case stringNode:
		y := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: n.Value}
		if needsDoubleQuotes(n.Value) {
			y.Style = yaml.DoubleQuotedStyle
		}
		return y
	case timestampNode:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: n.Value}
	case intNode:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: n.Value}
	case floatNode:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: n.Value}
	case boolNode:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: n.Value}
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
}

// needsDoubleQuotes reports whether s holds characters that only a
// double-quoted YAML scalar represents exactly (line breaks, control and
// special Unicode characters, surrounding spaces).
func needsDoubleQuotes(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return true
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0xfeff || r == 0x2028 || r == 0x2029 || r == utf8.RuneError {
			return true
		}
	}
	return false
}
