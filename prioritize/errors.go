package prioritize

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pmokit/pmokit/pmo"
)

// ErrInvalid is matched (errors.Is) by every error about invalid input: a
// malformed table, a weight or value out of range, an AHP matrix that is not
// positive reciprocal, an unknown ID in a constraint.
var ErrInvalid = errors.New("prioritize: invalid input")

// ErrInfeasible is matched (errors.Is) by the error of a selection whose
// constraints no portfolio can meet (mandatory projects over budget, two
// mandatory projects in one mutually exclusive group, …). The message names
// the constraint.
var ErrInfeasible = errors.New("prioritize: infeasible constraints")

// ErrSearchLimit is matched (errors.Is) by the error of a selection whose
// branch-and-bound search hit its node limit before it proved the optimum.
var ErrSearchLimit = errors.New("prioritize: search limit reached")

// ErrNotConverged is matched (errors.Is) by the error of an AHP eigenvector
// computation whose power iteration did not converge within its iteration cap.
var ErrNotConverged = errors.New("prioritize: power iteration did not converge")

// Error is an error of this package. Its message starts with
// "prioritize: "; Row and Criterion say where the problem is, so that a
// caller can find it with [errors.As] without parsing the message:
//
//	var pe *prioritize.Error
//	if errors.As(err, &pe) && pe.Row != "" { highlight(pe.Row, pe.Criterion) }
//
// A joined error (several validation failures) holds one Error per
// failure; reach each by unwrapping it (Unwrap() []error). Error unwraps to
// Err, its kind: [ErrInvalid], [ErrInfeasible], [ErrSearchLimit],
// [ErrNotConverged], [pmo.ErrCurrencyMismatch], or a cause such as a
// context's error.
type Error struct {
	// Row is the ID of the row, item, alternative, candidate or project the
	// problem is in; "" when it is not one row's (no criteria, a bad
	// option) or the row has no ID (the message then gives its index).
	Row string
	// Criterion is the name of the criterion, factor, score or field the
	// problem is in (a column of a table, "job_size" of a WSJF item, the
	// path read from a project); "" when it is not one criterion's.
	Criterion string
	// Err is the kind of the problem, which errors.Is matches.
	Err error
	msg string
}

// Error returns the message, "prioritize: <what and where>".
func (e *Error) Error() string { return "prioritize: " + e.msg }

// Unwrap returns Err.
func (e *Error) Unwrap() error { return e.Err }

// invalidf returns an error matching ErrInvalid with the message
// "prioritize: <formatted>".
func invalidf(format string, args ...any) error {
	return &Error{msg: fmt.Sprintf(format, args...), Err: ErrInvalid}
}

// invalidAt is invalidf located at a row and a criterion (either may be "").
func invalidAt(row, criterion, format string, args ...any) error {
	return &Error{Row: row, Criterion: criterion, msg: fmt.Sprintf(format, args...), Err: ErrInvalid}
}

// infeasiblef returns an error matching ErrInfeasible with the message
// "prioritize: infeasible: <formatted>".
func infeasiblef(format string, args ...any) error {
	return &Error{msg: "infeasible: " + fmt.Sprintf(format, args...), Err: ErrInfeasible}
}

// mismatchAt returns an error matching pmo.ErrCurrencyMismatch, located at
// a row and a criterion, with the message "prioritize: <formatted>".
func mismatchAt(row, criterion, format string, args ...any) error {
	return &Error{Row: row, Criterion: criterion, msg: fmt.Sprintf(format, args...), Err: pmo.ErrCurrencyMismatch}
}

// mismatchf is mismatchAt at no row.
func mismatchf(format string, args ...any) error { return mismatchAt("", "", format, args...) }

// wrapf prefixes err with context. The result's message starts with
// "prioritize: " once (err's own prefix is dropped), it unwraps to err and
// keeps err's Row and Criterion. A joined error (several validation
// failures) is wrapped error by error, so that every line of its message
// names the context.
func wrapf(err error, format string, args ...any) error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs := j.Unwrap()
		out := make([]error, len(errs))
		for i, e := range errs {
			out[i] = wrapf(e, format, args...)
		}
		return errors.Join(out...)
	}
	inner := strings.TrimPrefix(err.Error(), "prioritize: ")
	out := &Error{msg: fmt.Sprintf(format, args...) + ": " + inner, Err: err}
	if pe, ok := err.(*Error); ok {
		out.Row, out.Criterion = pe.Row, pe.Criterion
	}
	return out
}

// maxJoined caps how many validation errors are joined into one error, so a
// table of a million bad values does not build a million-line message.
const maxJoined = 20

// errList collects validation errors up to maxJoined and counts the rest.
type errList struct {
	errs    []error
	dropped int
}

func (l *errList) add(err error) {
	if len(l.errs) < maxJoined {
		l.errs = append(l.errs, err)
		return
	}
	l.dropped++
}

func (l *errList) addf(format string, args ...any) { l.add(invalidf(format, args...)) }

// addAt adds an invalid-input error located at a row and a criterion.
func (l *errList) addAt(row, criterion, format string, args ...any) {
	l.add(invalidAt(row, criterion, format, args...))
}

func (l *errList) err() error {
	if len(l.errs) == 0 {
		return nil
	}
	if l.dropped > 0 {
		l.errs = append(l.errs, invalidf("%d more errors not shown", l.dropped))
	}
	return errors.Join(l.errs...)
}
