package pmo

import "fmt"

// The phases of the default lifecycle, in order.
const (
	PhaseInitiation = "initiation"
	PhasePlanning   = "planning"
	PhaseExecution  = "execution"
	PhaseClosing    = "closing"
)

// Lifecycle is the ordered list of phases a project passes through; a
// portfolio may define its own. Phase names are unique. A nil or empty
// Lifecycle stands for [DefaultLifecycle] in a [Portfolio].
type Lifecycle []string

// DefaultLifecycle returns a new copy of the default lifecycle: initiation,
// planning, execution, closing (PMI's and PM²'s phases).
func DefaultLifecycle() Lifecycle {
	return Lifecycle{PhaseInitiation, PhasePlanning, PhaseExecution, PhaseClosing}
}

// Index returns the position of phase in l (0 for the first), or -1 when l
// has no such phase.
func (l Lifecycle) Index(phase string) int {
	for i, p := range l {
		if p == phase {
			return i
		}
	}
	return -1
}

// Contains reports whether phase is one of l's phases.
func (l Lifecycle) Contains(phase string) bool { return l.Index(phase) >= 0 }

// Compare orders two phases by their position in l: -1 if a comes before b,
// 0 if they are the same phase, +1 if a comes after b. A phase outside l is an
// error that matches [ErrInvalid].
func (l Lifecycle) Compare(a, b string) (int, error) {
	i, j := l.Index(a), l.Index(b)
	switch {
	case i < 0:
		return 0, fmt.Errorf("%w: phase %q is not in the lifecycle %v", ErrInvalid, a, []string(l))
	case j < 0:
		return 0, fmt.Errorf("%w: phase %q is not in the lifecycle %v", ErrInvalid, b, []string(l))
	case i < j:
		return -1, nil
	case i > j:
		return 1, nil
	}
	return 0, nil
}

// Next returns the phase after phase, and false when phase is the last one or
// not in l.
func (l Lifecycle) Next(phase string) (string, bool) {
	i := l.Index(phase)
	if i < 0 || i+1 >= len(l) {
		return "", false
	}
	return l[i+1], true
}

// Phases returns the portfolio's lifecycle, or [DefaultLifecycle] when the
// portfolio defines none (or is nil).
func (pf *Portfolio) Phases() Lifecycle {
	if pf == nil || len(pf.Lifecycle) == 0 {
		return DefaultLifecycle()
	}
	return pf.Lifecycle
}
