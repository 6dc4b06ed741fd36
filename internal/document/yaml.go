package document

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"

	"github.com/pmokit/pmokit/internal/textcut"
)

// This file holds the YAML front end: yaml.v3 parses, and the conversion to
// the document tree applies the strict rules every reader shares.

// MaxDepth bounds the nesting of a document (mappings and lists), so that a
// hostile file cannot exhaust the stack of a decoder.
const MaxDepth = 1000

// maxLocate is the largest YAML document whose syntax error is located
// precisely (see locateYAMLError); a larger one keeps yaml.v3's line.
const maxLocate = 1 << 20

// ParseYAML parses data as one YAML document (YAML 1.2 core schema, through
// yaml.v3) and returns its tree. The document is held to the rules of every
// pmokit file, each an [Error] with its path, line and column, all of them
// reported together ([Errors]):
//
//   - exactly one document: a second document (after ---), even an empty
//     or broken one, is an error at its position, never ignored;
//   - no aliases (*name): a document is a tree, so an alias bomb costs
//     nothing; anchors (&name) are allowed and mean nothing;
//   - no merge keys (<<) and no tags outside the core schema (!!binary,
//     !!set, !custom…): explicit !!str, !!int, !!float, !!bool, !!null,
//     !!timestamp, !!seq and !!map are accepted;
//   - every key of a mapping given once;
//   - valid UTF-8, nesting at most [MaxDepth].
//
// With [Errors], the tree is complete (an alias reads as null, a tagged
// scalar as its text), so that a reader can report its own problems
// alongside. A syntax error is a single *[Error] with the line and column of the
// offending token (located by re-parsing prefixes of the document when it
// is at most 1 MiB; yaml.v3 itself reports only a line, often the line
// where the enclosing block starts).
func ParseYAML(data []byte) (n Node, err error) {
	defer func() {
		// yaml.v3 recovers its own panics, but a parser of untrusted input
		// must never panic.
		if r := recover(); r != nil {
			n, err = Node{}, &Error{Msg: fmt.Sprintf("invalid YAML: %v", r)}
		}
	}()
	if err := checkUTF8(data); err != nil {
		return Node{}, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return Node{}, &Error{Msg: "empty document"}
		}
		return Node{}, yamlSyntaxError(data, err)
	}
	if len(doc.Content) == 0 {
		return Node{}, &Error{Msg: "empty document"}
	}
	var more yaml.Node
	if err := dec.Decode(&more); !errors.Is(err, io.EOF) {
		line, col := secondDocument(data, doc.Content[0].Line)
		if line == 0 && err == nil && more.Line > 0 {
			line, col = more.Line, more.Column
			if len(more.Content) > 0 {
				line, col = more.Content[0].Line, more.Content[0].Column
			}
		}
		return Node{}, &Error{Line: line, Column: col,
			Msg: "a second YAML document: a file holds one document (remove the --- and what follows, or split the file)"}
	}
	c := &yamlConverter{}
	var root Node
	if err := c.convert(doc.Content[0], &root, 0); err != nil {
		return Node{}, err
	}
	if es := resolve(&root, c.problems); es != nil {
		return root, es
	}
	return root, nil
}

// secondDocument finds the line of the separator that starts a second
// document after line first, for a second document yaml.v3 could not parse.
func secondDocument(data []byte, first int) (line, col int) {
	for i, l := range strings.Split(string(data), "\n") {
		if i+1 > first && (strings.HasPrefix(l, "---") || strings.HasPrefix(l, "...")) {
			return i + 1, 1
		}
	}
	return 0, 0
}

type yamlConverter struct {
	arena    []Node
	problems []pending
}

func (c *yamlConverter) bad(n *Node, format string, args ...any) {
	c.problems = append(c.problems, pending{n, fmt.Sprintf(format, args...)})
}

// convert converts y into *n, which must be zero; the children of
// containers are carved from the arena, which is refilled in chunks, and
// filled in place. Only nesting too deep stops the conversion; other
// problems are collected.
func (c *yamlConverter) convert(y *yaml.Node, n *Node, depth int) error {
	n.Line, n.Column = int32(y.Line), int32(y.Column)
	if depth > MaxDepth {
		return &Error{Line: y.Line, Column: y.Column, Msg: fmt.Sprintf("nesting deeper than %d", MaxDepth)}
	}
	tag := y.ShortTag()
	switch y.Kind {
	case yaml.AliasNode:
		n.Kind = Null
		c.bad(n, "aliases are not supported (*%s): write the value out", y.Value)
	case yaml.SequenceNode, yaml.MappingNode:
		n.Kind = Seq
		if y.Kind == yaml.MappingNode {
			n.Kind = Map
		}
		if y.Kind == yaml.SequenceNode && tag != "!!seq" || y.Kind == yaml.MappingNode && tag != "!!map" {
			c.bad(n, "unsupported YAML tag %s", textcut.Quote(y.Tag))
		}
		if m := len(y.Content); m > 0 {
			if m > len(c.arena) {
				c.arena = make([]Node, max(m, 8192))
			}
			n.Kids, c.arena = c.arena[:m:m], c.arena[m:]
			for i, k := range y.Content {
				if err := c.convert(k, &n.Kids[i], depth+1); err != nil {
					return err
				}
			}
		}
		if n.Kind == Map {
			duplicateKeys(n, &c.problems)
		}
	case yaml.ScalarNode:
		switch {
		case y.Style&yaml.DoubleQuotedStyle != 0:
			n.Style = DoubleQuoted
		case y.Style&yaml.SingleQuotedStyle != 0:
			n.Style = SingleQuoted
		case y.Style&yaml.LiteralStyle != 0:
			n.Style = Literal
		case y.Style&yaml.FoldedStyle != 0:
			n.Style = Folded
		}
		n.Value = y.Value
		switch tag {
		case "!!null":
			n.Kind = Null
		case "!!bool":
			n.Kind = Bool
		case "!!int":
			n.Kind = Int
		case "!!float":
			n.Kind = Float
		case "!!str":
			n.Kind = String
		case "!!timestamp":
			n.Kind = Timestamp
		case "!!merge":
			n.Kind = String
			c.bad(n, "merge keys (<<) are not supported: write the keys out")
		default:
			n.Kind = String
			c.bad(n, "unsupported YAML tag %s", textcut.Quote(y.Tag))
		}
		if !utf8.ValidString(y.Value) {
			c.bad(n, "invalid UTF-8")
		}
	default:
		n.Kind = Null
		c.bad(n, "unsupported YAML node")
	}
	return nil
}

// yamlSyntaxError turns a yaml.v3 error into an *Error with the line and
// column of the offending token.
func yamlSyntaxError(data []byte, err error) *Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, tail, ok := strings.Cut(rest, ": "); ok {
			if l, err := strconv.Atoi(num); err == nil {
				line, msg = l, tail
			}
		}
	}
	e := &Error{Line: line, Msg: "invalid YAML: " + msg}
	if len(data) <= maxLocate {
		if l, c, ok := locateYAMLError(data, msg); ok {
			e.Line, e.Column = l, c
		}
	}
	return e
}

// locateYAMLError finds where yaml.v3 meets the problem msg: the shortest
// prefix of data (first in whole lines, then in bytes of the last line)
// whose parse fails with the same problem. yaml.v3 parses left to right, so
// a prefix that reaches the offending token fails the same way and a
// shorter one does not; about 2·log2(size) parses of at most the document.
func locateYAMLError(data []byte, msg string) (line, col int, ok bool) {
	fails := func(prefix []byte) bool {
		return yamlProblem(prefix) == msg
	}
	var starts []int // byte offset of each line
	starts = append(starts, 0)
	for i, b := range data {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	end := func(k int) int { // end of the first k lines
		if k >= len(starts) {
			return len(data)
		}
		return starts[k]
	}
	if !fails(data) {
		return 0, 0, false
	}
	lo, hi := 1, len(starts) // the answer k is in lo..hi
	for lo < hi {
		mid := (lo + hi) / 2
		if fails(data[:end(mid)]) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	line = lo
	base := starts[line-1]
	lineEnd := end(line)
	clo, chi := base+1, lineEnd
	for clo < chi {
		mid := (clo + chi) / 2
		if fails(data[:mid]) {
			chi = mid
		} else {
			clo = mid + 1
		}
	}
	col = clo - base
	if chi > lineEnd || col < 1 {
		col = 1
	}
	// An error found only at the end of the line (or with its newline) is
	// the line's first token's problem.
	text := string(data[base:lineEnd])
	if trimmed := strings.TrimRight(text, "\r\n"); col > len(trimmed) {
		col = len(text) - len(strings.TrimLeft(text, " \t")) + 1
	}
	return line, col, true
}

// yamlProblem returns yaml.v3's problem (without "yaml: line N: ") for the
// first document of data, or "" when it parses.
func yamlProblem(data []byte) (problem string) {
	defer func() {
		if recover() != nil {
			problem = ""
		}
	}()
	var doc yaml.Node
	err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc)
	if err == nil || errors.Is(err, io.EOF) {
		return ""
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if _, tail, ok := strings.Cut(rest, ": "); ok {
			return tail
		}
	}
	return msg
}

// checkUTF8 rejects a document that is not UTF-8. yaml.v3 would read a
// UTF-16 file (one that starts with its byte order mark) by decoding it, and
// so read text appended to it in UTF-8 — a second document included — as
// part of its first value; every pmokit file is UTF-8, so such a file is an
// error at the first byte that is not, never a guess.
func checkUTF8(data []byte) error {
	if utf8.Valid(data) {
		return nil
	}
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return &Error{Line: line, Column: col, Msg: "invalid UTF-8 (a pmokit file is UTF-8: convert a UTF-16 or UTF-32 file first)"}
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col += size
		}
		i += size
	}
	return nil
}
