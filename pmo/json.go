package pmo

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// This file holds the package's own JSON parser: strict RFC 8259, two
// passes, building the document tree of tree.go.

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
