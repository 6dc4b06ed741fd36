package main

import (
	"fmt"
	"io"
	"runtime/debug"

	"github.com/pmokit/pmokit/governance"
)

// The exit statuses of every verb, in one table (doc.go and "pmokit help"
// print it; exit_test.go checks every row):
//
//	0  clean: nothing fails the run
//	1  the run found what it looks for: a violation at or above --fail-on
//	   (by default: one of severity error, which blocks), a blocked gate, a
//	   failed test case (or coverage below --min-coverage), a diff that
//	   newly blocks, an invalid waiver (pmokit waivers)
//	2  bad input anywhere: usage, a file that cannot be read or is invalid,
//	   a policy that does not parse or compile, an unknown project
//	3  internal error: a bug in pmokit (a recovered panic), or output that
//	   could not be written
const (
	exitOK       = 0
	exitBlocked  = 1
	exitUsage    = 2
	exitInternal = 3
)

// reportURL is where internal errors are to be reported.
const reportURL = "https://github.com/pmokit/pmokit/issues"

// recoverInternal turns a panic in a verb into exit status 3 with a message
// that asks for a report, the panic value and the stack. It is deferred by
// run with a pointer to run's status.
func recoverInternal(stderr io.Writer, status *int) {
	r := recover()
	if r == nil {
		return
	}
	fmt.Fprintf(stderr, "pmokit: internal error: %v\n\n"+
		"This is a bug in pmokit. Please report it at %s\n"+
		"with the command line, the pmokit version (pmokit version) and, if you can,\n"+
		"the input files, and this trace:\n\n%s", r, reportURL, debug.Stack())
	*status = exitInternal
}

// internal prints an error that is not the input's fault (output that could
// not be written) and returns exit status 3.
func internal(stderr io.Writer, verb string, err error) int {
	fmt.Fprintf(stderr, "pmokit %s: %v\n", verb, err)
	return exitInternal
}

// failOn is the --fail-on level: the least severe violation that fails the
// run (exit 1). The zero value, none, fails on nothing.
type failOn governance.Severity

// failOnWords lists the --fail-on values.
const failOnWords = "error, warning, info or none"

// Set implements flag.Value.
func (f *failOn) Set(s string) error {
	switch s {
	case "error":
		*f = failOn(governance.SeverityError)
	case "warning":
		*f = failOn(governance.SeverityWarning)
	case "info":
		*f = failOn(governance.SeverityInfo)
	case "none":
		*f = 0
	default:
		return fmt.Errorf("want %s", failOnWords)
	}
	return nil
}

// String implements flag.Value.
func (f *failOn) String() string {
	if f == nil || *f == 0 {
		return "none"
	}
	return governance.Severity(*f).String()
}

// fails reports whether a violation of severity s fails the run.
func (f failOn) fails(s governance.Severity) bool {
	return f != 0 && s <= governance.Severity(f)
}

// status returns the exit status of a report: 1 when a violation is at or
// above the level.
func (f failOn) status(rep *governance.Report) int {
	for _, r := range rep.Violations() {
		if f.fails(r.Severity) {
			return exitBlocked
		}
	}
	return exitOK
}

// errWriter remembers the first write error of w, for the text outputs
// that print with fmt.Fprintf and check once at the end.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	if err != nil {
		e.err = err
	}
	return n, err
}
