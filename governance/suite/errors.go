package suite

import (
	"errors"
	"strconv"
	"strings"
)

// ErrInvalid is matched (errors.Is) by every error about a suite that cannot
// run as written: a suite file that does not parse, policies that do not
// read or compile, a fixture or a patch that does not apply.
var ErrInvalid = errors.New("suite: invalid suite")

// Error is one problem with a suite, at a position in its file. Its fields
// follow the naming rule of every error type of pmokit: File, Line and
// Column locate the problem (Line and Column count from 1; 0 when unknown),
// Path names the field when known, and Err is the cause, without the
// position. It matches [ErrInvalid] and whatever Err matches (for policies
// that do not compile, [governance.ErrInvalidPolicy]).
type Error struct {
	File         string
	Line, Column int
	Path         string
	Err          error
}

// Error returns "suite: <file>:<line>:<col>: <path>: <cause>".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("suite: ")
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			b.WriteString(":" + strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Column))
		}
		b.WriteString(": ")
	}
	if e.Path != "" {
		b.WriteString(e.Path + ": ")
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	} else {
		b.WriteString("invalid suite")
	}
	return b.String()
}

// Unwrap returns Err and [ErrInvalid].
func (e *Error) Unwrap() []error { return []error{e.Err, ErrInvalid} }

// errorAt returns an *Error at pos.
func errorAt(pos Pos, err error) *Error {
	return &Error{File: pos.File, Line: pos.Line, Column: pos.Column, Err: err}
}
