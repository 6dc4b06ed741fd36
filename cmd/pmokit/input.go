package main

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/governance/suite"
	"github.com/pmokit/pmokit/pmo"
)

// stdinName is how messages and reports name standard input.
const stdinName = "<stdin>"

// inputs opens the files one run of a verb reads. Every file flag (and
// every file argument) takes "-" for standard input; standard input can be
// read once, so a second "-" is an error that names both users, never an
// empty read. A verb makes one inputs per run (newInputs) and passes it to
// the readers; other verbs (test's suite paths) use open the same way.
type inputs struct {
	stdin  io.Reader
	usedBy string // the flag that read standard input, "" while unread
	// maxBytes is the size limit of a portfolio (--max-input); 0 keeps
	// the reader's defaults.
	maxBytes int64
}

// newInputs returns the inputs of one run, reading the process's standard
// input, with the portfolio size limit of --max-input (nil: the reader's
// defaults).
func newInputs(limit *maxInput) *inputs {
	in := &inputs{stdin: os.Stdin}
	if limit != nil {
		in.maxBytes = int64(*limit)
	}
	return in
}

// isStdin reports whether path names standard input.
func isStdin(path string) bool { return path == "-" }

// open opens path ("-": standard input) for what (a flag name such as
// "--portfolio", used in messages). It returns the reader, the name to
// report it by (the path, or "<stdin>") and a close function.
func (in *inputs) open(what, path string) (r io.Reader, name string, closeFn func() error, err error) {
	if !isStdin(path) {
		f, err := os.Open(path)
		if err != nil {
			return nil, path, nil, err
		}
		return f, path, f.Close, nil
	}
	if in.usedBy != "" {
		return nil, stdinName, nil, fmt.Errorf("%s -: standard input is already read by %s", what, in.usedBy)
	}
	in.usedBy = what
	return in.stdin, stdinName, func() error { return nil }, nil
}

// readAll reads path ("-": standard input) whole, failing past limit bytes
// with an error that names the input and the limit.
func (in *inputs) readAll(what, path string, limit int64) (data []byte, name string, err error) {
	r, name, closeFn, err := in.open(what, path)
	if err != nil {
		return nil, name, err
	}
	defer closeFn()
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(r, limit+1))
	if err != nil {
		return nil, name, fmt.Errorf("%s: %w", name, err)
	}
	if n > limit {
		return nil, name, fmt.Errorf("%s: larger than %d bytes", name, limit)
	}
	return buf.Bytes(), name, nil
}

// readPortfolio reads the portfolio at path ("-": standard input) for
// the flag what; the error names the file.
func (in *inputs) readPortfolio(what, path string) (*pmo.Portfolio, error) {
	if path == "" {
		return nil, fmt.Errorf("no portfolio: give %s FILE", what)
	}
	r, name, closeFn, err := in.open(what, path)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	// The name is in every problem (file:line:col), and a file's extension
	// decides its format, as pmo.ReadPortfolioFile does.
	pf, err := pmo.ReadOptions{File: name, MaxBytes: in.maxBytes}.ReadPortfolio(r)
	return pf, tooLarge(err)
}

// readStdinPolicy reads one policy from standard input, at most
// governance.MaxPolicySize bytes like every policy file; its Source is "<stdin>"
// so that compile errors and locations name it.
func (in *inputs) readStdinPolicy(what string) (*governance.Policy, error) {
	data, name, err := in.readAll(what, "-", governance.MaxPolicySize)
	if err != nil {
		return nil, err
	}
	p, err := governance.ParsePolicy(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	p.Source = name
	return p, nil
}

// splitStdin returns paths without "-", and whether "-" was among them.
func splitStdin(paths []string) (rest []string, stdin bool) {
	for _, p := range paths {
		if isStdin(p) {
			stdin = true
			continue
		}
		rest = append(rest, p)
	}
	return rest, stdin
}

// readStdinSuite reads one policy test suite from standard input, at most
// suite.MaxSuiteSize bytes like every suite file; messages name it
// "<stdin>" and its relative paths are relative to the current directory.
func (in *inputs) readStdinSuite(what string) (*suite.Suite, error) {
	data, _, err := in.readAll(what, "-", suite.MaxSuiteSize)
	if err != nil {
		return nil, err
	}
	return suite.Parse(stdinName, data)
}
