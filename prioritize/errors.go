package prioritize

import (
	"errors"
	"fmt"
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

// inputError is an error about invalid input; it matches ErrInvalid.
type inputError struct{ msg string }

func (e *inputError) Error() string { return "prioritize: " + e.msg }
func (e *inputError) Unwrap() error { return ErrInvalid }

// invalidf returns an error matching ErrInvalid with the message
// "prioritize: <formatted>".
func invalidf(format string, args ...any) error {
	return &inputError{msg: fmt.Sprintf(format, args...)}
}

// infeasibleError is an error about unsatisfiable selection constraints; it
// matches ErrInfeasible.
type infeasibleError struct{ msg string }

func (e *infeasibleError) Error() string { return "prioritize: infeasible: " + e.msg }
func (e *infeasibleError) Unwrap() error { return ErrInfeasible }

func infeasiblef(format string, args ...any) error {
	return &infeasibleError{msg: fmt.Sprintf(format, args...)}
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
