package pmo

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/pmokit/pmokit/internal/textcut"
)

// ErrInvalid is matched (errors.Is) by every error about invalid portfolio
// data: a malformed value, a value outside its enum, a missing required field,
// a duplicate ID, a dangling reference.
var ErrInvalid = errors.New("pmo: invalid portfolio")

// FieldError is one problem with a portfolio, at a path such as
// projects[3].budget.approved. [ReadPortfolio], [Portfolio.Validate] and the
// writers join all the problems they find with [errors.Join]; reach each one
// with [errors.As] (or by unwrapping the joined error). A FieldError matches
// [ErrInvalid] and whatever Err matches (e.g. [ErrCurrencyMismatch]).
type FieldError struct {
	// File is the file the data was read from ([ReadPortfolioFile]); empty
	// for data read from a reader or built in Go.
	File string
	// Path locates the field: keys joined by dots, list positions in
	// brackets counting from 0, map keys that are not plain words quoted
	// in brackets (attributes["cost centre"]). It is empty for a problem
	// with the document as a whole, such as a syntax error.
	Path string
	// Line and Column locate the value in the file read, counting from 1;
	// they are 0 when unknown (data built in Go, or a syntax error without
	// a position).
	Line, Column int
	// Err says what is wrong, without the path.
	Err error
}

// Error returns "pmo: <path>: <what>", or "pmo: <what>" without a path;
// <what> is Err's message without its own "pmo: " prefix. With a File it
// returns "pmo: <file>:<line>:<col>: <path>: <what>" (the position when
// known).
func (e *FieldError) Error() string {
	what := "invalid value"
	if e.Err != nil {
		what = strings.TrimPrefix(e.Err.Error(), "pmo: ")
	}
	var b strings.Builder
	b.WriteString("pmo: ")
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			b.WriteString(":" + strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Column))
		}
		b.WriteString(": ")
	}
	if e.Path != "" {
		b.WriteString(textcut.Message(e.Path) + ": ")
	}
	b.WriteString(what)
	return b.String()
}

// withFile returns err with file recorded in each of its FieldErrors (err
// may join several); any other error becomes the Err of a FieldError of
// the file.
func withFile(err error, file string) error {
	errs := []error{err}
	if _, ok := err.(*FieldError); !ok {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			errs = j.Unwrap()
		}
	}
	out := make([]error, len(errs))
	for i, e := range errs {
		if fe, ok := e.(*FieldError); ok {
			c := *fe
			c.File = file
			// A syntax error without a file carries its position in its
			// message; with the file, Error prints file:line:col instead.
			if pos := fmt.Sprintf("line %d, column %d: ", c.Line, c.Column); c.Line > 0 && c.Path == "" && c.Err != nil && strings.HasPrefix(c.Err.Error(), pos) {
				c.Err = problem(strings.TrimPrefix(c.Err.Error(), pos))
			}
			out[i] = &c
			continue
		}
		out[i] = &FieldError{File: file, Err: e}
	}
	if len(out) == 1 {
		return out[0]
	}
	return errors.Join(out...)
}

// Unwrap returns Err and [ErrInvalid], for [errors.Is] and [errors.As].
func (e *FieldError) Unwrap() []error { return []error{e.Err, ErrInvalid} }

// seg is one step of a path: a field or map key (name), or a list index.
type seg struct {
	name  string
	index int // -1 for a name
	key   bool
}

func field(name string) seg { return seg{name: name, index: -1} }
func item(i int) seg        { return seg{index: i} }
func key(k string) seg      { return seg{name: k, index: -1, key: true} }

// renderPath renders segs as "projects[3].budget.approved".
func renderPath(segs []seg) string {
	var b strings.Builder
	for _, s := range segs {
		switch {
		case s.index >= 0:
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(s.index))
			b.WriteByte(']')
		case s.key && !plainKey(s.name):
			b.WriteByte('[')
			b.WriteString(strconv.Quote(s.name))
			b.WriteByte(']')
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s.name)
		}
	}
	return b.String()
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

// problem is the Err of a FieldError built from a message; it matches
// ErrInvalid through the FieldError.
type problem string

func (p problem) Error() string { return string(p) }
