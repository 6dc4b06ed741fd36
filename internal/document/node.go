package document

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pmokit/pmokit/internal/textcut"
)

// Kind is the kind of a [Node].
type Kind uint8

// The kinds of node. A YAML plain scalar that resolves to a timestamp is a
// Timestamp; JSON has none.
const (
	Null Kind = iota + 1
	Bool
	Int
	Float
	String
	Timestamp
	Seq
	Map
)

// Style is how a scalar was written: plain (JSON numbers, booleans and null,
// YAML unquoted scalars), quoted (every JSON string) or as a YAML block.
type Style uint8

// The styles of a scalar.
const (
	Plain Style = iota
	DoubleQuoted
	SingleQuoted
	Literal // YAML |
	Folded  // YAML >
)

// Node is one value of a document. For a Map, Kids holds key and value
// nodes alternately (every key is a String node, or in YAML a scalar); for a
// Seq, the items. Line and Column locate the value, counting from 1 (Column
// counts bytes).
type Node struct {
	Kind   Kind
	Style  Style
	Line   int32
	Column int32
	// Value is the text of a scalar: the decoded text of a string, the
	// literal of a number or boolean. It may share the input's memory (see
	// [ParseJSON]); a reader clones what it keeps.
	Value string
	Kids  []Node
}

// Quoted reports whether the scalar was quoted or written as a YAML block:
// its text is a string whatever it looks like.
func (n *Node) Quoted() bool { return n.Style != Plain }

// Describe names the kind of n for messages: "a mapping", "a list",
// "a string", "a number", "a boolean" or "null".
func (n *Node) Describe() string {
	switch n.Kind {
	case Null:
		return "null"
	case Bool:
		return "a boolean"
	case Int, Float:
		return "a number"
	case String, Timestamp:
		return "a string"
	case Seq:
		return "a list"
	case Map:
		return "a mapping"
	}
	return "nothing"
}

// Error is a problem with a document as a document: a syntax error, or a
// construct that no reader accepts (a second document, a duplicate key, a
// YAML alias, merge key or custom tag, nesting too deep, input too large).
// Path is the place in the document (keys joined by dots, list positions in
// brackets: "projects[3].budget"), empty for a syntax error; Line and Column
// count from 1 and are 0 when unknown.
type Error struct {
	Path         string
	Line, Column int
	Msg          string
}

// Error returns "line L, column C: path: msg", leaving out what is unknown.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d, column %d: ", e.Line, e.Column)
	}
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors is the list of problems [Parse] found, in document order.
type Errors []*Error

// Error joins the messages, one a line.
func (es Errors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "\n")
}

// pending is a problem found while parsing at a node whose path is resolved
// once the tree is complete.
type pending struct {
	at  *Node
	msg string
}

// resolve turns pending problems into Errors with their paths, found by one
// walk of the tree.
func resolve(root *Node, ps []pending) Errors {
	if len(ps) == 0 {
		return nil
	}
	want := make(map[*Node]int, len(ps))
	for i, p := range ps {
		want[p.at] = i
	}
	out := make(Errors, len(ps))
	for i, p := range ps {
		out[i] = &Error{Line: int(p.at.Line), Column: int(p.at.Column), Msg: p.msg}
	}
	var path []string
	var walk func(n *Node)
	walk = func(n *Node) {
		if i, ok := want[n]; ok {
			out[i].Path = strings.Join(path, "")
		}
		switch n.Kind {
		case Seq:
			for i := range n.Kids {
				path = append(path, "["+strconv.Itoa(i)+"]")
				walk(&n.Kids[i])
				path = path[:len(path)-1]
			}
		case Map:
			for i := 0; i+1 < len(n.Kids); i += 2 {
				path = append(path, KeySegment(len(path) == 0, n.Kids[i].Value))
				walk(&n.Kids[i])
				walk(&n.Kids[i+1])
				path = path[:len(path)-1]
			}
		}
	}
	walk(root)
	return out
}

// KeySegment renders one key of a path: ".key" (or "key" first), or
// ["key"] for a key that is not a plain word.
func KeySegment(first bool, k string) string {
	if !plainKey(k) {
		return "[" + strconv.Quote(k) + "]"
	}
	if first {
		return k
	}
	return "." + k
}

func plainKey(k string) bool {
	if k == "" {
		return false
	}
	for _, r := range k {
		if !(r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// Locate returns the node at path (as rendered in errors: a.b[2].c or
// a["x y"]), or the deepest node on the way there, so that a missing field
// is reported at its mapping.
func Locate(root *Node, path string) *Node {
	n := root
	for path != "" {
		var next *Node
		switch {
		case path[0] == '.':
			path = path[1:]
			continue
		case strings.HasPrefix(path, `["`):
			end := closingQuote(path)
			if end < 0 {
				return n
			}
			k, err := strconv.Unquote(path[1 : end+1])
			if err != nil {
				return n
			}
			next = lookup(n, k)
			path = strings.TrimPrefix(path[end+1:], "]")
		case path[0] == '[':
			end := strings.IndexByte(path, ']')
			if end < 0 {
				return n
			}
			i, err := strconv.Atoi(path[1:end])
			if err == nil && n.Kind == Seq && i >= 0 && i < len(n.Kids) {
				next = &n.Kids[i]
			}
			path = path[end+1:]
		default:
			end := strings.IndexAny(path, ".[")
			if end < 0 {
				end = len(path)
			}
			next = lookup(n, path[:end])
			path = path[end:]
		}
		if next == nil {
			return n
		}
		n = next
	}
	return n
}

func closingQuote(path string) int {
	for i := 2; i < len(path); i++ {
		switch path[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}

// lookup returns the value of key k in the mapping n, or nil.
func lookup(n *Node, k string) *Node {
	if n.Kind != Map {
		return nil
	}
	for i := 0; i+1 < len(n.Kids); i += 2 {
		if n.Kids[i].Value == k {
			return &n.Kids[i+1]
		}
	}
	return nil
}

// duplicateKeys adds a pending problem for every key of mapping n given
// before. Mappings of up to 48 keys (every entity of a portfolio) are
// compared pairwise, which allocates nothing (at most 1,128 string
// comparisons, most decided by the length); larger ones through a set.
func duplicateKeys(n *Node, ps *[]pending) {
	k := len(n.Kids) / 2
	if k < 2 {
		return
	}
	if k <= 48 {
		for i := 2; i+1 < len(n.Kids); i += 2 {
			for j := 0; j < i; j += 2 {
				if n.Kids[j].Value == n.Kids[i].Value {
					*ps = append(*ps, pending{&n.Kids[i], fmt.Sprintf("duplicate key %s", textcut.Quote(n.Kids[i].Value))})
					break
				}
			}
		}
		return
	}
	seen := make(map[string]struct{}, k)
	for i := 0; i+1 < len(n.Kids); i += 2 {
		v := n.Kids[i].Value
		if _, dup := seen[v]; dup {
			*ps = append(*ps, pending{&n.Kids[i], fmt.Sprintf("duplicate key %s", textcut.Quote(v))})
			continue
		}
		seen[v] = struct{}{}
	}
}
