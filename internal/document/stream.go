package document

import (
	"errors"
	"strconv"
	"unsafe"
)

// ErrNotObject is returned by [StreamJSON] when the top-level value is not
// an object; the caller then reads the document as a whole.
var ErrNotObject = errors.New("document: the top-level JSON value is not an object")

// StreamJSON parses data, which must hold one JSON object, without building
// the tree of the whole document: it calls fn for each member of the object
// in order. For a member whose value is a non-empty array and stream(key)
// is true, fn is called once per item with its index i ≥ 0 and the item's
// tree; otherwise once with i = -1 and the value's tree. A tree is valid
// only during its call (its memory is reused for the next item), except
// its strings, which share data's memory as with [ParseJSON]. Peak memory
// is then the input and the largest single tree, not the whole document.
//
// top is the object's own node (position, no kids). The error is a
// syntax error as with ParseJSON — the calls made before it are then to be
// discarded —, or [ErrNotObject]; dups lists every duplicate key with its
// path, as [ParseJSON] reports them.
func StreamJSON(data []byte, stream func(key string) bool, fn func(key *Node, i int, v *Node)) (top Node, dups Errors, err error) {
	s := unsafe.String(unsafe.SliceData(data), len(data))
	counts, ok := countJSON(s)
	if !ok {
		return Node{}, nil, wholeError(data)
	}
	p := newJSONParser(s, counts)
	top, dups, err = p.stream(stream, fn)
	if errors.Is(err, errCount) {
		return Node{}, nil, wholeError(data)
	}
	return top, dups, err
}

// wholeError returns the error of parsing data whole, for a document the
// streaming pass found not to be JSON; ErrNotObject if it parses.
func wholeError(data []byte) error {
	if _, err := ParseJSON(data); err != nil {
		var es Errors
		if !errors.As(err, &es) {
			return err
		}
	}
	return ErrNotObject
}

func (p *jsonParser) stream(stream func(key string) bool, fn func(key *Node, i int, v *Node)) (top Node, dups Errors, err error) {
	p.space()
	if p.pos >= len(p.s) || p.s[p.pos] != '{' {
		return Node{}, nil, ErrNotObject
	}
	top = Node{Kind: Map, Line: int32(p.line), Column: int32(p.pos - p.lineStart + 1)}
	p.pos++
	p.ci++ // the object's count, which this loop does not need
	seen := make(map[string]*Node)
	var keys []Node // the top-level keys, kept for duplicate detection
	var problems Errors
	report := func(root *Node, prefix func() string) {
		if len(p.dups) == 0 {
			return
		}
		for _, e := range resolve(root, p.dups) {
			switch {
			case e.Path == "":
				e.Path = prefix()
			case e.Path[0] == '[':
				e.Path = prefix() + e.Path
			default:
				e.Path = prefix() + "." + e.Path
			}
			problems = append(problems, e)
		}
		p.dups = p.dups[:0]
	}
	p.space()
	if p.pos < len(p.s) && p.s[p.pos] == '}' {
		p.pos++
	} else {
		for {
			p.space()
			if p.pos >= len(p.s) || p.s[p.pos] != '"' {
				return Node{}, nil, p.errorf("want a string key, found %s", p.near())
			}
			keys = append(keys, Node{Kind: String, Style: DoubleQuoted, Line: int32(p.line), Column: int32(p.pos - p.lineStart + 1)})
			k := &keys[len(keys)-1]
			v, err := p.str()
			if err != nil {
				return Node{}, nil, err
			}
			k.Value = v
			if _, dup := seen[v]; dup {
				problems = append(problems, &Error{Path: KeySegment(true, v), Line: int(k.Line), Column: int(k.Column), Msg: "duplicate key " + strconv.Quote(v)})
			}
			seen[v] = k
			p.space()
			if p.pos >= len(p.s) || p.s[p.pos] != ':' {
				return Node{}, nil, p.errorf("want ':' after a key, found %s", p.near())
			}
			p.pos++
			p.space()
			key := *k
			prefix := func() string { return KeySegment(true, v) }
			if p.pos < len(p.s) && p.s[p.pos] == '[' && stream(v) {
				if err := p.streamArray(&key, prefix, fn, report); err != nil {
					return Node{}, nil, err
				}
			} else {
				var n Node
				if err := p.value(&n, 1); err != nil {
					return Node{}, nil, err
				}
				fn(&key, -1, &n)
				report(&n, prefix)
				p.arena = p.chunk // the tree is done with: reuse its memory
			}
			p.space()
			if p.pos < len(p.s) && p.s[p.pos] == ',' {
				p.pos++
				continue
			}
			if p.pos < len(p.s) && p.s[p.pos] == '}' {
				p.pos++
				break
			}
			return Node{}, nil, p.errorf("want ',' or '}' in an object, found %s", p.near())
		}
	}
	p.space()
	if p.pos < len(p.s) {
		return Node{}, nil, p.errorf("unexpected %s after the top-level value (a file holds one JSON value)", p.near())
	}
	return top, problems, nil
}

// streamArray parses the array at p.pos item by item, reusing the arena.
func (p *jsonParser) streamArray(key *Node, prefix func() string, fn func(key *Node, i int, v *Node), report func(*Node, func() string)) error {
	line, col := int32(p.line), int32(p.pos-p.lineStart+1)
	p.pos++
	p.ci++ // the array's count, which this loop does not need
	p.space()
	if p.pos < len(p.s) && p.s[p.pos] == ']' {
		p.pos++
		fn(key, -1, &Node{Kind: Seq, Line: line, Column: col})
		return nil
	}
	for i := 0; ; i++ {
		p.space()
		var n Node
		if err := p.value(&n, 2); err != nil {
			return err
		}
		fn(key, i, &n)
		report(&n, func() string { return prefix() + "[" + strconv.Itoa(i) + "]" })
		p.arena = p.chunk // the item is done with: reuse its memory
		p.space()
		if p.pos < len(p.s) && p.s[p.pos] == ',' {
			p.pos++
			continue
		}
		if p.pos < len(p.s) && p.s[p.pos] == ']' {
			p.pos++
			return nil
		}
		return p.errorf("want ',' or ']' in an array, found %s", p.near())
	}
}
