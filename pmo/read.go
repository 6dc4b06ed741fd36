package pmo

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"slices"
)

// MaxInputSize is the largest portfolio file [ReadPortfolio] reads, 256 MiB;
// a larger input is an error, not a truncated portfolio.
const MaxInputSize = 256 << 20

// ReadPortfolio reads a portfolio file in JSON or YAML (YAML 1.2; a file
// whose first non-space character is '{' is read as JSON first) and checks it
// strictly:
//
//   - the document is one well-formed JSON or YAML document whose top level
//     is a mapping;
//   - every key is a field of the schema, given once;
//   - every value has the field's type: dates are YYYY-MM-DD or RFC 3339
//     (converted to UTC), money is "<amount> <CUR>" (see [ParseMoney]),
//     enums are one of their words, integers are integers, numbers are
//     finite, strings are strings (in YAML an unquoted number or date given
//     for a string field is taken as written);
//   - then every rule of [Portfolio.Validate]: required fields, unique IDs,
//     existing references, lifecycle phases, probabilities within 0..1…
//
// Every problem is reported, not just the first: the error joins them
// ([errors.Join]) in document order, each a [*FieldError] with its path, line
// and column, and matches [ErrInvalid]. A null value, an empty list and an
// empty mapping read as "not given".
//
// Limits: the input is at most [MaxInputSize] bytes and nests at most 1000
// levels; YAML aliases, merge keys, custom tags and more than one document
// are errors (so an alias bomb is rejected, never expanded). An error from r
// itself is returned wrapped, without ErrInvalid.
func ReadPortfolio(r io.Reader) (*Portfolio, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, fmt.Errorf("pmo: reading portfolio: %w", err)
	}
	if len(data) > MaxInputSize {
		return nil, &FieldError{Err: problem(fmt.Sprintf("input larger than %d bytes", MaxInputSize))}
	}
	root, isJSON, err := parseDocument(data)
	if err != nil {
		var se *syntaxError
		if errors.As(err, &se) {
			return nil, &FieldError{Line: se.line, Column: se.col, Err: se}
		}
		return nil, err
	}
	d := &decoder{json: isJSON, types: make(typeCache)}
	pf := new(Portfolio)
	if root.kind != mapNode {
		d.fail(&root, problem(fmt.Sprintf("want a portfolio mapping at the top level, found %s", root.describe())))
		return nil, joinFieldErrors(d.errs)
	}
	d.value(&root, reflect.ValueOf(pf).Elem())

	c := pf.check()
	errs := d.errs
	decodeErrs := make(map[string]bool, len(d.errs))
	for _, e := range d.errs {
		decodeErrs[e.Path] = true
	}
	for i, fe := range c.errs {
		if covered(fe.Path, decodeErrs) {
			continue // already reported as a malformed value
		}
		if n := locate(&root, c.segs[i]); n != nil {
			fe.Line, fe.Column = int(n.line), int(n.col)
		}
		errs = append(errs, fe)
	}
	if len(errs) > 0 {
		slices.SortStableFunc(errs, func(a, b *FieldError) int {
			return cmp.Or(cmp.Compare(lineOrLast(a.Line), lineOrLast(b.Line)), cmp.Compare(a.Column, b.Column))
		})
		return nil, joinFieldErrors(errs)
	}
	return pf, nil
}

// readAll reads r to its end, or to one byte past MaxInputSize, in a buffer
// sized from the reader when it says how much it holds (a bytes.Reader, a
// strings.Reader, a regular file) so that a large file is not copied as the
// buffer grows.
func readAll(r io.Reader) ([]byte, error) {
	size := 64 << 10
	switch v := r.(type) {
	case interface{ Len() int }:
		size = v.Len() + 1
	case *os.File:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() {
			size = int(min(fi.Size(), MaxInputSize)) + 1
		}
	}
	buf := make([]byte, 0, min(size, MaxInputSize+1))
	lr := io.LimitReader(r, MaxInputSize+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

func lineOrLast(line int) int {
	if line == 0 {
		return int(^uint(0) >> 1)
	}
	return line
}

// parseDocument builds the tree of a JSON or YAML document.
func parseDocument(data []byte) (node, bool, error) {
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '{' {
		root, jerr := parseJSON(data)
		if jerr == nil {
			return root, true, nil
		}
		// Not JSON: maybe a YAML flow mapping such as {id: x, name: y}.
		if root, yerr := parseYAML(data); yerr == nil {
			return root, false, nil
		}
		return node{}, true, jerr
	}
	root, err := parseYAML(data)
	return root, false, err
}

// covered reports whether path, or a path above it, is in paths.
func covered(path string, paths map[string]bool) bool {
	if len(paths) == 0 {
		return false
	}
	for i := len(path); i > 0; i-- {
		if i == len(path) || path[i] == '.' || path[i] == '[' {
			if paths[path[:i]] {
				return true
			}
		}
	}
	return false
}

// locate finds the node at segs, or the deepest node on the way there (a
// missing field is reported at its parent mapping).
func locate(root *node, segs []seg) *node {
	n := root
	for _, s := range segs {
		var next *node
		switch {
		case n.kind == seqNode && s.index >= 0 && s.index < len(n.kids):
			next = &n.kids[s.index]
		case n.kind == mapNode && s.index < 0:
			for i := 0; i+1 < len(n.kids); i += 2 {
				if n.kids[i].value == s.name {
					next = &n.kids[i+1]
				}
			}
		}
		if next == nil {
			return n
		}
		n = next
	}
	return n
}

// joinFieldErrors joins errs, or returns nil when there are none.
func joinFieldErrors(errs []*FieldError) error {
	if len(errs) == 0 {
		return nil
	}
	all := make([]error, len(errs))
	for i, e := range errs {
		all[i] = e
	}
	return errors.Join(all...)
}
