package governancetest

import (
	"errors"
	"slices"
	"testing"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/governance/suite"
)

// Runner runs policy test suites under go test with options: parameter
// values for the suites' policies and the engine that compiles them.
// Create one with [NewRunner]; its With methods return the Runner, so that
// calls chain:
//
//	governancetest.NewRunner(t).
//		WithParams(governance.Params{{Name: "cost_tolerance", Value: 0.15}}).
//		RunSuites("testdata/policies")
//
// [RunSuites] and [RunSuite] are NewRunner(t).RunSuites and
// NewRunner(t).RunSuite.
type Runner struct {
	t    *testing.T
	opts suite.Options
}

// NewRunner returns a Runner with the defaults: no parameter values (each
// parameter has its default, or the value the suite or the case sets) and
// an engine of governance.New's defaults.
func NewRunner(t *testing.T) *Runner { return &Runner{t: t} }

// WithParams adds parameter values for every suite: each applies to the
// suites whose policies declare it (see [suite.Options.Params]); a suite's
// and a case's own params win over them. A value that no suite's policies
// declare fails the run, naming it. Several calls add up, a later value
// for the same policy and name winning.
func (r *Runner) WithParams(p governance.Params) *Runner {
	r.opts.Params = append(slices.Clip(r.opts.Params), p...)
	return r
}

// WithParamsFile adds the values of a parameters file (see
// [governance.ReadOptions.ParseParams]), as WithParams does; a file that
// cannot be read or parsed fails the test.
func (r *Runner) WithParamsFile(path string) *Runner {
	r.t.Helper()
	p, err := governance.ParseParamsFile(path)
	if err != nil {
		r.t.Fatalf("governancetest: %v", err)
	}
	return r.WithParams(p)
}

// WithEngine sets the engine that compiles the suites' policies (its
// options: a lifecycle, a risk matrix, parameter values, …).
func (r *Runner) WithEngine(e *governance.Engine) *Runner {
	r.opts.Engine = e
	return r
}

// RunSuites runs suite files and directories of suites; see the function
// [RunSuites].
func (r *Runner) RunSuites(paths ...string) {
	r.t.Helper()
	runSuites(r.t, r.opts, paths...)
}

// RunSuite runs one suite file; see the function [RunSuite].
func (r *Runner) RunSuite(path string) {
	r.t.Helper()
	checkUnused(r.t, r.opts.Params, runSuite(r.t, r.opts, path), 1)
}

// checkUnused fails the test for each value of ps that none of the suites
// run declare: unused counts, for each value, the suites that did not use
// it.
func checkUnused(t *testing.T, ps governance.Params, unused []int, suites int) {
	t.Helper()
	if suites == 0 {
		return
	}
	for i, n := range unused {
		if n == suites {
			s := ps[i]
			t.Errorf("%v", &governance.ParamError{File: s.File, Line: s.Line, Column: s.Column, Policy: s.Policy, Name: s.Name,
				Err: errNotDeclared})
		}
	}
}

var errNotDeclared = errors.New("no policy of any suite declares this parameter")
