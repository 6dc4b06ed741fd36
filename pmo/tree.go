package pmo

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

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
