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

// kindError is an error of this package: its message starts with
// "prioritize: " and it matches (errors.Is) its kind: ErrInvalid,
// ErrInfeasible, pmo.ErrCurrencyMismatch or a wrapped cause.
type kindError struct {
	msg  string
	kind error
}

func (e *kindError) Error() string { return "prioritize: " + e.msg }
func (e *kindError) Unwrap() error { return e.kind }

// invalidf returns an error matching ErrInvalid with the message
// "prioritize: <formatted>".
func invalidf(format string, args ...any) error {
	return &kindError{msg: fmt.Sprintf(format, args...), kind: ErrInvalid}
}

// infeasiblef returns an error matching ErrInfeasible with the message
// "prioritize: infeasible: <formatted>".
func infeasiblef(format string, args ...any) error {
	return &kindError{msg: "infeasible: " + fmt.Sprintf(format, args...), kind: ErrInfeasible}
}

// mismatchf returns an error matching pmo.ErrCurrencyMismatch with the
// message "prioritize: <formatted>".
func mismatchf(format string, args ...any) error {
	return &kindError{msg: fmt.Sprintf(format, args...), kind: pmo.ErrCurrencyMismatch}
}

// wrapf prefixes err with context. The result's message starts with
// "prioritize: " once (err's own prefix is dropped) and it unwraps to err.
// A joined error (several validation failures) is wrapped error by error,
// so that every line of its message names the context.
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
	return &kindError{msg: fmt.Sprintf(format, args...) + ": " + inner, kind: err}
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

func (l *errList) err() error {
	if len(l.errs) == 0 {
		return nil
	}
	if l.dropped > 0 {
		l.errs = append(l.errs, invalidf("%d more errors not shown", l.dropped))
	}
	return errors.Join(l.errs...)
}
