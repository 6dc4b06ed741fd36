package pmo

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"

	"github.com/pmokit/pmokit/internal/document"

	"github.com/pmokit/pmokit/internal/textcut"
)

// MaxInputSize is the default size limit of a JSON portfolio, 64 MiB: a
// larger input is an error matching [ErrTooLarge], not a truncated
// portfolio. [ReadOptions.MaxBytes] sets another (a generated
// 100,000-project portfolio is about 840 MB of JSON: MaxBytes 1<<30 reads
// it, in about 2.7 times its size of memory). The default keeps the peak
// memory of a read under about 2.5 GiB whatever the input (see
// [ReadOptions.ReadPortfolio], Memory).
const MaxInputSize = 64 << 20

// MaxYAMLInputSize is the default size limit of a YAML portfolio, 16 MiB,
// lower than JSON's because yaml.v3 builds its own node tree, which costs
// up to about 140 times the input on adversarial shapes: the default keeps
// the peak under about 2.3 GiB. Set [ReadOptions.MaxBytes] to read larger
// YAML files, or write them as JSON.
const MaxYAMLInputSize = 16 << 20

// ErrTooLarge is matched (errors.Is) by the error of every pmokit reader
// whose input is larger than its limit: portfolios, policies, risk
// matrices, policy test suites.
var ErrTooLarge = document.ErrTooLarge

// ReadOptions configures [ReadOptions.ReadPortfolio]. The zero value means
// the defaults.
type ReadOptions struct {
	// MaxBytes is the largest input read, in bytes; a larger one is an
	// error matching [ErrTooLarge] and [ErrInvalid], found after reading at
	// most MaxBytes+1 bytes (an endless reader costs no more). Zero means
	// [MaxInputSize] for JSON and [MaxYAMLInputSize] for YAML.
	MaxBytes int64
	// File names the input: every problem's [*FieldError] carries it in
	// File (so its message reads "file:line:col: path: problem"), and its
	// extension decides the format as in [ReadOptions.ReadPortfolioFile].
	// Empty means unnamed. ReadPortfolioFile sets it to the path.
	File string
}

// ReadPortfolio reads a portfolio with the default [ReadOptions]; see
// [ReadOptions.ReadPortfolio].
func ReadPortfolio(r io.Reader) (*Portfolio, error) {
	return ReadOptions{}.ReadPortfolio(r)
}

// ReadPortfolio reads a portfolio file in JSON or YAML and checks it
// strictly. The format is decided once, by the first character that is not
// white space: '{' or '[' is JSON, read by the strict JSON grammar (RFC
// 8259; never re-read as YAML), anything else YAML 1.2. Then:
//
//   - the file is one JSON value or one YAML document whose top level is a
//     mapping; anything after it (a second JSON value, text, a second YAML
//     document after ---) is an error at its position;
//   - every key is a field of the schema, given once;
//   - every value has the field's type: dates are YYYY-MM-DD or RFC 3339
//     (converted to UTC), money is "<amount> <CUR>" (see [ParseMoney]),
//     enums are one of their words, integers are integers, numbers are
//     finite, strings are strings (in YAML an unquoted number or date given
//     for a string field is taken as written; in JSON a number is never a
//     string);
//   - then every rule of [Portfolio.Validate]: required fields, unique IDs,
//     existing references, lifecycle phases, figures within their ranges.
//
// Every problem is reported, not just the first: the error joins them
// ([errors.Join]) in document order, each a [*FieldError] with its path, line
// and column, and matches [ErrInvalid]. A null value, an empty list and an
// empty mapping read as "not given".
//
// Limits: the input is at most o.MaxBytes bytes and nests at most 1000
// levels; YAML aliases, merge keys and tags outside the core schema
// (!!binary included) are errors (so an alias bomb is rejected, never
// expanded). An error from r itself is returned wrapped, without ErrInvalid.
//
// Memory: JSON is decoded as it is parsed, one item of a top-level list
// (people, programs, projects…) at a time, so the peak is the input, the
// portfolio and the document tree of the largest single item (56 bytes per
// value); YAML is parsed whole by yaml.v3, then decoded. Measured per input
// byte (BenchmarkReadPortfolioMemory, peak live heap including the garbage
// of the read and ReadPortfolio's copy of the input): at most about 2.9×
// for a realistic JSON file (2.9× at 4 MB, 2.7× at 840 MB; encoding/json
// into the same structs, without the copy: 2.3×) and 31× for YAML; at most about 40× for JSON and 140× for YAML on the
// adversarial shape, one long flat list of one-digit numbers (two bytes of
// JSON per value). The default limits are set from those worst cases. The
// portfolio's strings share nothing with the input, so keeping one keeps at
// most 8 KiB alive.
//
// Time: on a generated 10,000-project JSON file, ReadPortfolio (strict
// parse, decode and every validation rule) is faster than encoding/json
// decoding the same file into structs of the same shape without any check
// (BenchmarkReadPortfolio/json against BenchmarkReadPortfolioTyped).
func (o ReadOptions) ReadPortfolio(r io.Reader) (*Portfolio, error) {
	pf, err := o.read(r, o.File)
	if err != nil && o.File != "" {
		return nil, withFile(err, o.File)
	}
	return pf, err
}

// read reads a portfolio from r; name, when it has an extension, decides
// the format (document.Detect).
func (o ReadOptions) read(r io.Reader, name string) (*Portfolio, error) {
	limit := o.MaxBytes
	if limit <= 0 {
		limit = MaxInputSize
	}
	data, err := document.ReadAll(r, limit)
	if err != nil {
		if errors.Is(err, document.ErrTooLarge) {
			return nil, &FieldError{Err: err}
		}
		return nil, fmt.Errorf("pmo: reading portfolio: %w", err)
	}
	format := document.Detect(name, data)
	if format == document.YAML && o.MaxBytes <= 0 && len(data) > MaxYAMLInputSize {
		return nil, &FieldError{Err: &document.TooLargeError{Limit: MaxYAMLInputSize}}
	}
	d := &decoder{json: format == document.JSON, types: make(typeCache)}
	pf := new(Portfolio)
	var (
		root     document.Node
		docErrs  []*FieldError
		streamed bool
	)
	if format == document.JSON {
		// JSON is decoded as it is parsed, one list item at a time, so that
		// the document tree is never held whole.
		top, es, err := d.streamJSON(data, reflect.ValueOf(pf).Elem())
		switch {
		case err == nil:
			root, streamed, docErrs = top, true, fromDocument(es)
		case !errors.Is(err, document.ErrNotObject):
			return nil, documentErrors(err) // a syntax error: nothing else counts
		}
	}
	if !streamed {
		var err error
		root, err = document.Parse(data, format)
		if err != nil {
			var es document.Errors
			if !errors.As(err, &es) {
				return nil, documentErrors(err) // a syntax error: no tree
			}
			// The tree is complete; its problems (duplicate keys, YAML
			// aliases, tags) are reported with the decoder's and the
			// validator's.
			docErrs = fromDocument(es)
		}
		if root.Kind != document.Map {
			d.fail(&root, problem(fmt.Sprintf("want a portfolio mapping at the top level, found %s", root.Describe())))
			return nil, joinFieldErrors(append(docErrs, d.errs...))
		}
		d.value(&root, reflect.ValueOf(pf).Elem())
	}

	c := pf.check()
	errs := docErrs
	reported := make(map[string]bool, len(d.errs)+len(docErrs))
	for _, e := range docErrs {
		reported[e.Path] = true
	}
	for _, e := range d.errs {
		if !covered(e.Path, reported) {
			errs = append(errs, e)
		}
	}
	for _, e := range d.errs {
		reported[e.Path] = true
	}
	if streamed && len(c.errs) > 0 {
		// Positions of the validator's problems: parse again, as a tree.
		full, _ := document.ParseJSON(data)
		root = full
	}
	for i, fe := range c.errs {
		if covered(fe.Path, reported) {
			continue // already reported as a malformed value
		}
		if n := locate(&root, c.segs[i]); n != nil {
			fe.Line, fe.Column = int(n.Line), int(n.Column)
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

func lineOrLast(line int) int {
	if line == 0 {
		return int(^uint(0) >> 1)
	}
	return line
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
func locate(root *document.Node, segs []seg) *document.Node {
	n := root
	for _, s := range segs {
		var next *document.Node
		switch {
		case n.Kind == document.Seq && s.index >= 0 && s.index < len(n.Kids):
			next = &n.Kids[s.index]
		case n.Kind == document.Map && s.index < 0:
			for i := 0; i+1 < len(n.Kids); i += 2 {
				if n.Kids[i].Value == s.name {
					next = &n.Kids[i+1]
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

// documentErrors turns the errors of the document layer into FieldErrors.
func documentErrors(err error) error {
	var es document.Errors
	if errors.As(err, &es) {
		out := make([]*FieldError, len(es))
		for i, e := range es {
			msg := e.Msg
			if e.Path == "" {
				msg = e.Error()
			}
			out[i] = &FieldError{Path: e.Path, Line: e.Line, Column: e.Column, Err: problem(msg)}
		}
		return joinFieldErrors(out)
	}
	var e *document.Error
	if errors.As(err, &e) {
		if e.Path == "" { // a syntax error: its position is its message
			return &FieldError{Line: e.Line, Column: e.Column, Err: problem(e.Error())}
		}
		return &FieldError{Path: e.Path, Line: e.Line, Column: e.Column, Err: problem(e.Msg)}
	}
	return &FieldError{Err: err}
}

func fromDocument(es document.Errors) []*FieldError {
	out := make([]*FieldError, len(es))
	for i, e := range es {
		out[i] = &FieldError{Path: e.Path, Line: e.Line, Column: e.Column, Err: problem(e.Msg)}
	}
	return out
}

// streamJSON decodes a JSON portfolio into v (a Portfolio) as
// document.StreamJSON parses it: the top-level lists (people, programs,
// projects…) item by item, each item's tree dropped once decoded.
func (d *decoder) streamJSON(data []byte, v reflect.Value) (document.Node, document.Errors, error) {
	ti := d.types.info(v.Type())
	seen := make([]bool, len(ti.fields))
	var (
		cur   = -1 // the field of the member being streamed, or -1 to skip it
		lists []int
	)
	stream := func(name string) bool {
		idx, ok := ti.byName[name]
		return ok && d.types.info(v.Field(ti.fields[idx].index).Type()).leaf == leafSlice
	}
	top, es, err := document.StreamJSON(data, stream, func(k *document.Node, i int, n *document.Node) {
		if i <= 0 { // the member's first call
			cur = -1
			idx, found := ti.byName[k.Value]
			switch {
			case !found:
				d.path = append(d.path, key(k.Value))
				d.failf(k, "unknown field %s", textcut.Quote(k.Value))
				d.path = d.path[:len(d.path)-1]
				return
			case seen[idx]:
				return // a duplicate key, which StreamJSON reports
			}
			seen[idx], cur = true, idx
			if i < 0 {
				d.path = append(d.path, field(k.Value))
				d.value(n, v.Field(ti.fields[idx].index))
				d.path = d.path[:len(d.path)-1]
				return
			}
			lists = append(lists, idx)
		}
		if cur < 0 {
			return
		}
		f := v.Field(ti.fields[cur].index)
		at := f.Len()
		if at == f.Cap() {
			f.Grow(max(at, 16))
		}
		f.SetLen(at + 1)
		d.path = append(d.path, field(k.Value), item(i))
		d.value(n, f.Index(at))
		d.path = d.path[:len(d.path)-2]
	})
	if err != nil {
		return document.Node{}, nil, err
	}
	for _, idx := range lists { // drop the spare capacity of the growth
		f := v.Field(ti.fields[idx].index)
		if f.Cap() > f.Len() {
			exact := reflect.MakeSlice(f.Type(), f.Len(), f.Len())
			reflect.Copy(exact, f)
			f.Set(exact)
		}
	}
	return top, es, nil
}
