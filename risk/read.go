package risk

import (
	"errors"
	"io"
	"slices"
	"strings"

	"github.com/pmokit/pmokit/internal/document"
)

// MaxMatrixSize is the default size limit of a matrix definition, 1 MiB: a
// larger one is an error matching [ErrInvalidMatrix] and [pmo.ErrTooLarge].
// [ReadOptions.MaxBytes] sets another.
const MaxMatrixSize = 1 << 20

// ReadOptions configures [ReadOptions.ParseMatrix] and
// [ReadOptions.ReadMatrix]. The zero value means the defaults.
type ReadOptions struct {
	// MaxBytes is the largest definition read, in bytes; zero means
	// [MaxMatrixSize]. A reader that never ends costs at most MaxBytes+1
	// bytes.
	MaxBytes int64
}

func (o ReadOptions) limit() int64 {
	if o.MaxBytes > 0 {
		return o.MaxBytes
	}
	return MaxMatrixSize
}

// MatrixError is one problem of a matrix definition. Path locates it
// (likelihood.levels[2].max; empty for the document as a whole); Line and
// Column locate it in the file read, counting from 1, and are 0 for a
// definition built in Go or a problem without a position. [NewMatrix] and
// [ParseMatrix] join every problem they find ([errors.Join]); reach each with
// [errors.As]. A MatrixError matches [ErrInvalidMatrix] and whatever Err
// matches.
type MatrixError struct {
	Path         string
	Line, Column int
	Err          error
}

// Error returns "risk: matrix: <path>: <what>", or "risk: matrix: <what>"
// without a path (a syntax error then says its line and column).
func (e *MatrixError) Error() string {
	what := "invalid value"
	if e.Err != nil {
		what = e.Err.Error()
	}
	if e.Path == "" {
		return "risk: matrix: " + what
	}
	return "risk: matrix: " + e.Path + ": " + what
}

// Unwrap returns Err and [ErrInvalidMatrix].
func (e *MatrixError) Unwrap() []error { return []error{e.Err, ErrInvalidMatrix} }

// problem is the Err of a MatrixError built from a message.
type problem string

func (p problem) Error() string { return string(p) }

// ParseMatrix reads a matrix definition with the default [ReadOptions]; see
// [ReadOptions.ParseMatrix].
func ParseMatrix(data []byte) (*Matrix, error) { return ReadOptions{}.ParseMatrix(data) }

// ReadMatrix reads a matrix definition from r with the default
// [ReadOptions]; see [ReadOptions.ReadMatrix].
func ReadMatrix(r io.Reader) (*Matrix, error) { return ReadOptions{}.ReadMatrix(r) }

// ParseMatrix reads a matrix definition (see [Definition]) from JSON or
// YAML and validates it with [NewMatrix]. The format is decided once: data whose
// first non-blank byte is '{' is JSON, read by JSON's strict grammar and
// never re-read as YAML; anything else YAML. Reading is strict, by the
// rules of every pmokit file: one JSON value or one YAML document (anything
// after it is an error at its position), every key once, no YAML aliases,
// merge keys or tags outside the core schema (!!binary included), no
// unknown field, every value of its field's type (a JSON number is not a
// name; in YAML an unquoted scalar is taken as written). data is at most
// o.MaxBytes bytes.
//
// Every problem is reported at once, each a [*MatrixError] with its path,
// line and column, the reading problems and [NewMatrix]'s together.
func (o ReadOptions) ParseMatrix(data []byte) (*Matrix, error) {
	if err := document.Check(data, o.limit()); err != nil {
		return nil, &MatrixError{Err: err}
	}
	format := document.Detect("", data)
	root, err := document.Parse(data, format)
	var errs []*MatrixError
	if err != nil {
		var es document.Errors
		if !errors.As(err, &es) {
			var de *document.Error
			if errors.As(err, &de) {
				return nil, &MatrixError{Path: de.Path, Line: de.Line, Column: de.Column, Err: problem(de.Error())}
			}
			return nil, &MatrixError{Err: err}
		}
		errs = append(errs, fromDocument(es)...)
	}
	var def Definition
	errs = append(errs, fromDocument(document.Decode(&root, &def, format == document.JSON))...)
	reported := make([]string, len(errs))
	for i, e := range errs {
		reported[i] = e.Path
	}
	if len(errs) == 0 || root.Kind == document.Map {
		m, err := NewMatrix(def)
		if err == nil && len(errs) == 0 {
			return m, nil
		}
		for _, e := range matrixErrors(err) {
			if covered(e.Path, reported) {
				continue // already reported as a malformed value
			}
			if n := document.Locate(&root, e.Path); n != nil {
				e.Line, e.Column = int(n.Line), int(n.Column)
			}
			errs = append(errs, e)
		}
	}
	slices.SortStableFunc(errs, func(a, b *MatrixError) int {
		if a.Line != b.Line {
			return lineOrLast(a.Line) - lineOrLast(b.Line)
		}
		return a.Column - b.Column
	})
	all := make([]error, len(errs))
	for i, e := range errs {
		all[i] = e
	}
	return nil, errors.Join(all...)
}

// ReadMatrix reads r (at most o.MaxBytes bytes; an endless reader costs no
// more) and parses it with [ReadOptions.ParseMatrix]. An error of r itself
// is returned wrapped, without ErrInvalidMatrix.
func (o ReadOptions) ReadMatrix(r io.Reader) (*Matrix, error) {
	data, err := document.ReadAll(r, o.limit())
	if err != nil {
		if errors.Is(err, document.ErrTooLarge) {
			return nil, &MatrixError{Err: err}
		}
		return nil, &readError{err}
	}
	return o.ParseMatrix(data)
}

type readError struct{ err error }

func (e *readError) Error() string { return "risk: read matrix: " + e.err.Error() }
func (e *readError) Unwrap() error { return e.err }

func fromDocument(es document.Errors) []*MatrixError {
	out := make([]*MatrixError, len(es))
	for i, e := range es {
		out[i] = &MatrixError{Path: e.Path, Line: e.Line, Column: e.Column, Err: problem(e.Msg)}
	}
	return out
}

// matrixErrors flattens the joined errors of New.
func matrixErrors(err error) []*MatrixError {
	var out []*MatrixError
	var walk func(error)
	walk = func(err error) {
		if me, ok := err.(*MatrixError); ok {
			out = append(out, me)
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
		}
	}
	walk(err)
	return out
}

// covered reports whether path, or a path above or below it, was reported.
func covered(path string, reported []string) bool {
	for _, r := range reported {
		if r == path || strings.HasPrefix(path, r) && (path[len(r)] == '.' || path[len(r)] == '[') ||
			strings.HasPrefix(r, path) && path != "" && (r[len(path)] == '.' || r[len(path)] == '[') {
			return true
		}
	}
	return false
}

func lineOrLast(line int) int {
	if line == 0 {
		return int(^uint(0) >> 1)
	}
	return line
}
