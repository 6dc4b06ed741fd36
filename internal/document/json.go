package document

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// This file holds the strict JSON parser: RFC 8259, two passes, building
// the document tree of node.go.

// jsonParser is a strict RFC 8259 parser that builds a node tree. It rejects
// invalid UTF-8, unpaired surrogate escapes, control characters in strings,
// leading zeros, trailing content, duplicate keys and nesting deeper than
// [MaxDepth].
type jsonParser struct {
	s         string
	pos       int
	line      int
	lineStart int
	stack     []Node  // scratch for the children of open containers (without counts)
	arena     []Node  // free space for children, allocated in chunks
	counts    []int32 // children of each container, in opening order (first pass)
	ci        int     // next entry of counts
	dups      []pending
	chunk     []Node // the arena's latest chunk, whole (for StreamJSON to reuse)
}

// ParseJSON parses data as one JSON value (RFC 8259) and returns its tree.
// data must not be modified while the tree is in use: the strings of the
// tree that hold no escape share its memory, so a reader that keeps a
// string clones it (strings.Clone) to not pin data.
//
// The error is a *[Error] for a syntax error (with its line and column; the
// tree is then empty), or [Errors] listing every duplicate key with its
// path; the tree is then complete (later keys kept beside the first), so
// that a reader can report its own problems alongside.
//
// A first pass counts the children of every container (countJSON), so that
// the second pass writes each node once, in place, into slices of the exact
// size. When the first pass cannot count (the input is not JSON), the parser
// runs with a scratch stack instead, which reports the precise error.
func ParseJSON(data []byte) (Node, error) {
	s := unsafe.String(unsafe.SliceData(data), len(data))
	if counts, ok := countJSON(s); ok {
		p := newJSONParser(s, counts)
		n, err := p.parse()
		if !errors.Is(err, errCount) {
			return p.finish(n, err)
		}
	}
	p := newJSONParser(s, nil)
	n, err := p.parse()
	return p.finish(n, err)
}

func (p *jsonParser) finish(n Node, err error) (Node, error) {
	if err != nil {
		return Node{}, err
	}
	if es := resolve(&n, p.dups); es != nil {
		return n, es
	}
	return n, nil
}

func newJSONParser(s string, counts []int32) *jsonParser {
	p := &jsonParser{s: s, line: 1, counts: counts}
	if len(p.s) >= 3 && p.s[:3] == "\xef\xbb\xbf" {
		p.pos, p.lineStart = 3, 3
	}
	return p
}

func (p *jsonParser) parse() (Node, error) {
	p.space()
	var n Node
	if err := p.value(&n, 0); err != nil {
		return Node{}, err
	}
	p.space()
	if p.pos < len(p.s) {
		return Node{}, p.errorf("unexpected %s after the top-level value (a file holds one JSON value)", p.near())
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
	return &Error{Line: p.line, Column: p.pos - p.lineStart + 1, Msg: "invalid JSON: " + fmt.Sprintf(format, args...)}
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
var errCount = errors.New("document: child count mismatch")

func (p *jsonParser) value(n *Node, depth int) error {
	if depth > MaxDepth {
		return p.errorf("nesting deeper than %d", MaxDepth)
	}
	n.Line, n.Column = int32(p.line), int32(p.pos-p.lineStart+1)
	if p.pos >= len(p.s) {
		return p.errorf("unexpected end of input")
	}
	switch c := p.s[p.pos]; {
	case c == '{' || c == '[':
		return p.container(n, c == '{', depth)
	case c == '"':
		s, err := p.str()
		n.Kind, n.Style, n.Value = String, DoubleQuoted, s
		return err
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number(n)
	default:
		for _, lit := range [...]struct {
			word string
			kind Kind
		}{{"true", Bool}, {"false", Bool}, {"null", Null}} {
			if len(p.s)-p.pos >= len(lit.word) && p.s[p.pos:p.pos+len(lit.word)] == lit.word {
				p.pos += len(lit.word)
				n.Kind, n.Value = lit.kind, lit.word
				return nil
			}
		}
		return p.errorf("unexpected %s", p.near())
	}
}

// container parses an object (keys and values alternate in n.Kids) or an
// array at p.pos.
func (p *jsonParser) container(n *Node, object bool, depth int) error {
	closing, what := byte(']'), "an array"
	n.Kind = Seq
	if object {
		closing, what = '}', "an object"
		n.Kind = Map
	}
	p.pos++
	// With counts, children are written in place; without, onto the stack.
	var kids []Node
	base := len(p.stack)
	if p.counts != nil {
		if p.ci >= len(p.counts) {
			return errCount
		}
		kids = p.carve(int(p.counts[p.ci]))
		p.ci++
	}
	count := 0
	next := func() *Node {
		count++
		if p.counts != nil {
			if count > len(kids) {
				return nil
			}
			return &kids[count-1]
		}
		p.stack = append(p.stack, Node{})
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
				k.Kind, k.Style, k.Line, k.Column = String, DoubleQuoted, int32(p.line), int32(p.pos-p.lineStart+1)
				s, err := p.str()
				if err != nil {
					return err
				}
				k.Value = s
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
				var child Node
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
		n.Kids = kids
	} else {
		n.Kids = p.take(base)
	}
	if object {
		duplicateKeys(n, &p.dups)
	}
	return nil
}

// carve returns n zeroed nodes from the arena, which is refilled in chunks.
func (p *jsonParser) carve(n int) []Node {
	if n == 0 {
		return nil
	}
	if n > len(p.arena) {
		p.arena = make([]Node, max(n, 8192))
		p.chunk = p.arena
	}
	kids := p.arena[:n:n]
	clear(kids) // the arena may be reused (StreamJSON)
	p.arena = p.arena[n:]
	return kids
}

// take moves the scratch nodes from base on into a slice of their own.
func (p *jsonParser) take(base int) []Node {
	kids := p.carve(len(p.stack) - base)
	copy(kids, p.stack[base:])
	p.stack = p.stack[:base] // the stale slots are overwritten, never read
	return kids
}

func (p *jsonParser) number(n *Node) error {
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
	n.Kind = Int
	if p.pos < len(p.s) && p.s[p.pos] == '.' {
		p.pos++
		n.Kind = Float
		if digits() == 0 {
			return p.errorf("invalid number %q", p.s[start:p.pos])
		}
	}
	if p.pos < len(p.s) && (p.s[p.pos] == 'e' || p.s[p.pos] == 'E') {
		p.pos++
		n.Kind = Float
		if p.pos < len(p.s) && (p.s[p.pos] == '+' || p.s[p.pos] == '-') {
			p.pos++
		}
		if digits() == 0 {
			return p.errorf("invalid number %q", p.s[start:p.pos])
		}
	}
	n.Value = p.s[start:p.pos]
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
