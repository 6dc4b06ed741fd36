package pmo

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	yaml "go.yaml.in/yaml/v3"
)

// This file holds the document tree that ReadPortfolio decodes from: a small
// JSON/YAML-neutral tree with positions, built either by a JSON parser (fast,
// for large files) or from a yaml.v3 node tree.

// maxDepth bounds the nesting of a document (maps and lists), so that a
// hostile file cannot exhaust the stack of the decoder.
const maxDepth = 1000

type nodeKind uint8

const (
	nullNode nodeKind = iota + 1
	boolNode
	intNode
	floatNode
	stringNode
	timestampNode // a YAML plain scalar that resolves to a timestamp
	seqNode
	mapNode
	badNode // a YAML construct the reader refuses (an alias, a custom tag); value says why
)

// node is one value of a document. For mapNode, kids holds key and value
// nodes alternately; for seqNode, the items.
type node struct {
	kind  nodeKind
	plain bool // a YAML plain (unquoted) scalar; false for JSON
	line  int32
	col   int32
	value string // scalar text (decoded for strings), or why a badNode is bad
	kids  []node
}

func (n *node) describe() string {
	switch n.kind {
	case nullNode:
		return "null"
	case boolNode:
		return "a boolean"
	case intNode, floatNode:
		return "a number"
	case stringNode, timestampNode:
		return "a string"
	case seqNode:
		return "a list"
	case mapNode:
		return "a mapping"
	}
	return "an unsupported value"
}

// syntaxError is a document that is not well-formed JSON or YAML.
type syntaxError struct {
	line, col int
	msg       string
}

func (e *syntaxError) Error() string {
	if e.line > 0 {
		return fmt.Sprintf("line %d, column %d: %s", e.line, e.col, e.msg)
	}
	return e.msg
}

func (e *syntaxError) Unwrap() error { return ErrInvalid }

// ---- JSON ----

// jsonParser is a strict RFC 8259 parser that builds a node tree. It rejects
// invalid UTF-8, unpaired surrogate escapes, control characters in strings,
// leading zeros, trailing content and nesting deeper than maxDepth.
type jsonParser struct {
	s         string
	pos       int
	line      int
	lineStart int
	stack     []node  // scratch for the children of open containers (without counts)
	arena     []node  // free space for children, allocated in chunks
	counts    []int32 // children of each container, in opening order (first pass)
	ci        int     // next entry of counts
}

// parseJSON parses data, which must not be modified afterwards: the strings
// of the tree share its memory (and so do the strings decoded from them).
//
// A first pass counts the children of every container (countJSON), so that
// the second pass writes each node once, in place, into slices of the exact
// size. When the first pass cannot count (the input is not JSON), the parser
// runs with a scratch stack instead, which reports the precise error.
func parseJSON(data []byte) (node, error) {
	s := unsafe.String(unsafe.SliceData(data), len(data))
	if counts, ok := countJSON(s); ok {
		n, err := newJSONParser(s, counts).parse()
		if !errors.Is(err, errCount) {
			return n, err
		}
	}
	return newJSONParser(s, nil).parse()
}

func newJSONParser(s string, counts []int32) *jsonParser {
	p := &jsonParser{s: s, line: 1, counts: counts}
	if len(p.s) >= 3 && p.s[:3] == "\xef\xbb\xbf" {
		p.pos, p.lineStart = 3, 3
	}
	return p
}

func (p *jsonParser) parse() (node, error) {
	p.space()
	var n node
	if err := p.value(&n, 0); err != nil {
		return node{}, err
	}
	p.space()
	if p.pos < len(p.s) {
		return node{}, p.errorf("unexpected %s after the top-level value", p.near())
	}
	return n, nil
}

// countJSON returns the number of children (keys and values for an object)
// of every container of s, in the order the containers open. It does not
// validate s; ok is false when the brackets do not balance.
func countJSON(s string) (counts []int32, ok bool) {
	type open struct {
		idx      int
		object   bool
		commas   int32
		nonEmpty bool
	}
	counts = make([]int32, 0, len(s)/64)
	var stack []open
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case ',':
			if len(stack) > 0 {
				stack[len(stack)-1].commas++
			}
			continue
		case ':':
			continue
		case '}', ']':
			if len(stack) == 0 {
				return nil, false
			}
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			n := int32(0)
			if top.nonEmpty {
				n = top.commas + 1
			}
			if top.object {
				n *= 2
			}
			counts[top.idx] = n
			continue
		}
		if len(stack) > 0 {
			stack[len(stack)-1].nonEmpty = true
		}
		switch c {
		case '{', '[':
			stack = append(stack, open{idx: len(counts), object: c == '{'})
			counts = append(counts, 0)
		case '"':
			for i++; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' {
					i++
				}
			}
		}
	}
	return counts, len(stack) == 0
}

func (p *jsonParser) errorf(format string, args ...any) error {
	return &syntaxError{line: p.line, col: p.pos - p.lineStart + 1, msg: "invalid JSON: " + fmt.Sprintf(format, args...)}
}

func (p *jsonParser) near() string {
	if p.pos >= len(p.s) {
		return "end of input"
	}
	r, _ := utf8.DecodeRuneInString(p.s[p.pos:])
	return strconv.QuoteRune(r)
}

func (p *jsonParser) space() {
	for p.pos < len(p.s) {
		switch p.s[p.pos] {
		case ' ', '\t', '\r':
			p.pos++
		case '\n':
			p.pos++
			p.line, p.lineStart = p.line+1, p.pos
		default:
			return
		}
	}
}

// errCount is returned when the counts of the first pass do not match the
// document; parseJSON then parses again with a scratch stack.
var errCount = errors.New("pmo: child count mismatch")

func (p *jsonParser) value(n *node, depth int) error {
	if depth > maxDepth {
		return p.errorf("nesting deeper than %d", maxDepth)
	}
	n.line, n.col = int32(p.line), int32(p.pos-p.lineStart+1)
	if p.pos >= len(p.s) {
		return p.errorf("unexpected end of input")
	}
	switch c := p.s[p.pos]; {
	case c == '{' || c == '[':
		return p.container(n, c == '{', depth)
	case c == '"':
		s, err := p.str()
		n.kind, n.value = stringNode, s
		return err
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number(n)
	default:
		for _, lit := range [...]struct {
			word string
			kind nodeKind
		}{{"true", boolNode}, {"false", boolNode}, {"null", nullNode}} {
			if len(p.s)-p.pos >= len(lit.word) && p.s[p.pos:p.pos+len(lit.word)] == lit.word {
				p.pos += len(lit.word)
				n.kind, n.value = lit.kind, lit.word
				return nil
			}
		}
		return p.errorf("unexpected %s", p.near())
	}
}

// container parses an object (keys and values alternate in n.kids) or an
// array at p.pos.
func (p *jsonParser) container(n *node, object bool, depth int) error {
	closing, what := byte(']'), "an array"
	n.kind = seqNode
	if object {
		closing, what = '}', "an object"
		n.kind = mapNode
	}
	p.pos++
	// With counts, children are written in place; without, onto the stack.
	var kids []node
	base := len(p.stack)
	if p.counts != nil {
		if p.ci >= len(p.counts) {
			return errCount
		}
		kids = p.carve(int(p.counts[p.ci]))
		p.ci++
	}
	count := 0
	next := func() *node {
		count++
		if p.counts != nil {
			if count > len(kids) {
				return nil
			}
			return &kids[count-1]
		}
		p.stack = append(p.stack, node{})
		return &p.stack[len(p.stack)-1]
	}
	p.space()
	if p.pos < len(p.s) && p.s[p.pos] == closing {
		p.pos++
	} else {
		for {
			p.space()
			if object {
				if p.pos >= len(p.s) || p.s[p.pos] != '"' {
					return p.errorf("want a string key, found %s", p.near())
				}
				k := next()
				if k == nil {
					return errCount
				}
				k.kind, k.line, k.col = stringNode, int32(p.line), int32(p.pos-p.lineStart+1)
				s, err := p.str()
				if err != nil {
					return err
				}
				k.value = s
				p.space()
				if p.pos >= len(p.s) || p.s[p.pos] != ':' {
					return p.errorf("want ':' after a key, found %s", p.near())
				}
				p.pos++
				p.space()
			}
			v := next()
			if v == nil {
				return errCount
			}
			if p.counts == nil {
				// v points into the stack, which the child may grow.
				var child node
				if err := p.value(&child, depth+1); err != nil {
					return err
				}
				p.stack[base+count-1] = child
			} else if err := p.value(v, depth+1); err != nil {
				return err
			}
			p.space()
			if p.pos < len(p.s) && p.s[p.pos] == ',' {
				p.pos++
				continue
			}
			if p.pos < len(p.s) && p.s[p.pos] == closing {
				p.pos++
				break
			}
			return p.errorf("want ',' or '%c' in %s, found %s", closing, what, p.near())
		}
	}
	if p.counts != nil {
		if count != len(kids) {
			return errCount
		}
		n.kids = kids
		return nil
	}
	n.kids = p.take(base)
	return nil
}

// carve returns n zeroed nodes from the arena, which is refilled in chunks.
func (p *jsonParser) carve(n int) []node {
	if n == 0 {
		return nil
	}
	if n > len(p.arena) {
		p.arena = make([]node, max(n, 8192))
	}
	kids := p.arena[:n:n]
	p.arena = p.arena[n:]
	return kids
}

// take moves the scratch nodes from base on into a slice of their own.
func (p *jsonParser) take(base int) []node {
	kids := p.carve(len(p.stack) - base)
	copy(kids, p.stack[base:])
	p.stack = p.stack[:base] // the stale slots are overwritten, never read
	return kids
}

func (p *jsonParser) number(n *node) error {
	start := p.pos
	digits := func() int {
		d := 0
		for p.pos < len(p.s) && p.s[p.pos] >= '0' && p.s[p.pos] <= '9' {
			p.pos++
			d++
		}
		return d
	}
	if p.s[p.pos] == '-' {
		p.pos++
	}
	intStart := p.pos
	if digits() == 0 {
		return p.errorf("invalid number %q", p.s[start:p.pos])
	}
	if p.s[intStart] == '0' && p.pos-intStart > 1 {
		return p.errorf("invalid number %q (leading zero)", p.s[start:p.pos])
	}
	n.kind = intNode
	if p.pos < len(p.s) && p.s[p.pos] == '.' {
		p.pos++
		n.kind = floatNode
		if digits() == 0 {
			return p.errorf("invalid number %q", p.s[start:p.pos])
		}
	}
	if p.pos < len(p.s) && (p.s[p.pos] == 'e' || p.s[p.pos] == 'E') {
		p.pos++
		n.kind = floatNode
		if p.pos < len(p.s) && (p.s[p.pos] == '+' || p.s[p.pos] == '-') {
			p.pos++
		}
		if digits() == 0 {
			return p.errorf("invalid number %q", p.s[start:p.pos])
		}
	}
	n.value = p.s[start:p.pos]
	return nil
}

// str parses a string literal at p.pos. Without escapes the result shares
// the input's memory.
func (p *jsonParser) str() (string, error) {
	p.pos++ // opening quote
	start := p.pos
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		switch {
		case c == '"':
			s := p.s[start:p.pos]
			p.pos++
			return s, nil
		case c == '\\':
			return p.escaped(start)
		case c < 0x20:
			return "", p.errorf("control character %q in a string", c)
		case c < utf8.RuneSelf:
			p.pos++
		default:
			r, size := utf8.DecodeRuneInString(p.s[p.pos:])
			if r == utf8.RuneError && size == 1 {
				return "", p.errorf("invalid UTF-8 in a string")
			}
			p.pos += size
		}
	}
	return "", p.errorf("unterminated string")
}

func (p *jsonParser) escaped(start int) (string, error) {
	buf := []byte(p.s[start:p.pos])
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		switch {
		case c == '"':
			p.pos++
			return string(buf), nil
		case c == '\\':
			if p.pos+1 >= len(p.s) {
				return "", p.errorf("unterminated string")
			}
			e := p.s[p.pos+1]
			p.pos += 2
			switch e {
			case '"', '\\', '/':
				buf = append(buf, e)
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				r, ok := p.hex4()
				if !ok {
					return "", p.errorf("invalid \\u escape")
				}
				if utf16.IsSurrogate(r) {
					if p.pos+1 < len(p.s) && p.s[p.pos] == '\\' && p.s[p.pos+1] == 'u' {
						p.pos += 2
						r2, ok := p.hex4()
						if d := utf16.DecodeRune(r, r2); ok && d != utf8.RuneError {
							buf = utf8.AppendRune(buf, d)
							continue
						}
					}
					return "", p.errorf("unpaired surrogate in a \\u escape")
				}
				buf = utf8.AppendRune(buf, r)
			default:
				return "", p.errorf("invalid escape '\\%c'", e)
			}
		case c < 0x20:
			return "", p.errorf("control character %q in a string", c)
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			p.pos++
		default:
			r, size := utf8.DecodeRuneInString(p.s[p.pos:])
			if r == utf8.RuneError && size == 1 {
				return "", p.errorf("invalid UTF-8 in a string")
			}
			buf = append(buf, p.s[p.pos:p.pos+size]...)
			p.pos += size
		}
	}
	return "", p.errorf("unterminated string")
}

func (p *jsonParser) hex4() (rune, bool) {
	if p.pos+4 > len(p.s) {
		return 0, false
	}
	v, err := strconv.ParseUint(p.s[p.pos:p.pos+4], 16, 32)
	if err != nil {
		return 0, false
	}
	p.pos += 4
	return rune(v), true
}

// ---- YAML ----

// parseYAML parses one YAML document (YAML 1.2, which includes JSON) with
// yaml.v3 and converts it. Aliases and tags outside the core schema become
// badNodes, which the decoder reports with their path; aliases are never
// expanded, so an alias bomb costs nothing.
func parseYAML(data []byte) (node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return node{}, &syntaxError{msg: "empty document"}
		}
		return node{}, yamlError(err)
	}
	if len(doc.Content) == 0 {
		return node{}, &syntaxError{msg: "empty document"}
	}
	var more yaml.Node
	if err := dec.Decode(&more); !errors.Is(err, io.EOF) {
		line := 0
		if err == nil {
			line = more.Line
		}
		return node{}, &syntaxError{line: line, col: 1, msg: "more than one YAML document"}
	}
	var root node
	var arena []node
	if err := fromYAML(doc.Content[0], &root, 0, &arena); err != nil {
		return node{}, err
	}
	return root, nil
}

func yamlError(err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return &syntaxError{msg: fmt.Sprint(te.Errors)}
	}
	return &syntaxError{msg: err.Error()}
}

// fromYAML converts y into *n, which must be zero; the children of
// containers are carved from *arena, which is refilled in chunks, and filled
// in place.
func fromYAML(y *yaml.Node, n *node, depth int, arena *[]node) error {
	n.line, n.col = int32(y.Line), int32(y.Column)
	if depth > maxDepth {
		return &syntaxError{line: y.Line, col: y.Column, msg: fmt.Sprintf("nesting deeper than %d", maxDepth)}
	}
	tag := y.ShortTag()
	switch y.Kind {
	case yaml.AliasNode:
		n.kind, n.value = badNode, "aliases are not supported"
	case yaml.DocumentNode:
		n.kind, n.value = badNode, "nested document"
	case yaml.SequenceNode, yaml.MappingNode:
		if y.Kind == yaml.SequenceNode && tag != "!!seq" || y.Kind == yaml.MappingNode && tag != "!!map" {
			n.kind, n.value = badNode, fmt.Sprintf("unsupported tag %q", y.Tag)
			return nil
		}
		n.kind = seqNode
		if y.Kind == yaml.MappingNode {
			n.kind = mapNode
		}
		if m := len(y.Content); m > 0 {
			if m > len(*arena) {
				*arena = make([]node, max(m, 8192))
			}
			n.kids, *arena = (*arena)[:m:m], (*arena)[m:]
			for i, c := range y.Content {
				if err := fromYAML(c, &n.kids[i], depth+1, arena); err != nil {
					return err
				}
			}
		}
	case yaml.ScalarNode:
		n.plain = y.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) == 0
		switch tag {
		case "!!null":
			n.kind = nullNode
		case "!!bool":
			n.kind = boolNode
		case "!!int":
			n.kind = intNode
		case "!!float":
			n.kind = floatNode
		case "!!str":
			n.kind = stringNode
		case "!!timestamp":
			n.kind = timestampNode
		case "!!merge":
			n.kind, n.value = badNode, "merge keys are not supported"
			return nil
		default:
			n.kind, n.value = badNode, fmt.Sprintf("unsupported tag %q", y.Tag)
			return nil
		}
		if !utf8.ValidString(y.Value) {
			n.kind, n.value = badNode, "invalid UTF-8"
			return nil
		}
		n.value = y.Value
	default:
		n.kind, n.value = badNode, "unsupported YAML node"
	}
	return nil
}
