package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/pmokit/pmokit/governance"
)

const lintUsage = `usage: pmokit lint [--lifecycle PHASES] [--matrix MATRIX] [--params FILE] [--strict] FILE|DIR...

Compiles policy files without a portfolio and lists every error (a file
that does not parse, an expression that does not compile, a literal that
cannot be valid, an enum word that does not exist), then warns about what
compiles but is almost certainly a mistake: variables no expression reads,
parameters no expression reads, constant whens and rules (a rule that can
never fail or always fails),
expressions whose estimated worst-case cost exceeds the runtime cost limit,
and phase names outside the lifecycle. A directory means its *.yaml, *.yml
and *.json files.

flags:
  --lifecycle PHASES  the lifecycle the policies are written for, comma
                      separated (default: phases are checked against each
                      portfolio, and lint warns about names outside
                      initiation,planning,execution,closing)
  --matrix MATRIX     the risk matrix whose ratings and consequence dimensions
                      risk_rating(r) and risk_dimension(r) are compared with:
                      5x5 (default), 3x3, pmbok, dod or a matrix FILE
  --params FILE       a parameters file to check against the policies: a value
                      for an unknown policy or name, or of the wrong type, is
                      an error at its file:line:col
  --strict            exit 1 when there are warnings

exit status: 0 no errors, 1 warnings with --strict, 2 errors.
`

func runLint(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("lint", lintUsage, stderr)
	var (
		lifecycle = fs.String("lifecycle", "", "comma-separated `PHASES`")
		matrix    = fs.String("matrix", "", matrixFlagUsage)
		strict    = fs.Bool("strict", false, "exit 1 when there are warnings")
		params    = fs.String("params", "", paramsFlagUsage)
	)
	if status, done := parseFlags(fs, lintUsage, args, stdout); done {
		return status
	}
	paths := fs.Args()
	if len(paths) == 0 {
		fmt.Fprintf(stderr, "pmokit lint: no policy files: give FILE or DIR\n\n%s", lintUsage)
		return exitUsage
	}
	var opts []governance.Option
	if *lifecycle != "" {
		opts = append(opts, governance.WithLifecycle(strings.Split(*lifecycle, ",")...))
	}
	if *matrix != "" {
		m, err := loadMatrix(newInputs(nil), *matrix)
		if err != nil {
			return fail(stderr, "lint", err)
		}
		opts = append(opts, governance.WithRiskMatrix(m))
	}
	ps, err := newInputs(nil).readParams("--params", *params)
	if err != nil {
		return fail(stderr, "lint", err)
	}
	opts = append(opts, governance.WithParams(ps))
	eng, err := governance.New(opts...)
	if err != nil {
		return fail(stderr, "lint", err)
	}
	policies, err := governance.LoadPolicies(nil, paths...)
	errs := flatten(err)
	var warnings []governance.LintWarning
	if err == nil {
		warnings, err = eng.Lint(policies...)
		errs = flatten(err)
	}
	for _, e := range errs {
		fmt.Fprintln(stdout, lintError(e))
	}
	for _, w := range warnings {
		fmt.Fprintln(stdout, w.String())
	}
	fmt.Fprintf(stdout, "%s, %s in %s\n", plural(len(errs), "error"), plural(len(warnings), "warning"), policyCount(len(policies)))
	switch {
	case len(errs) > 0:
		return exitUsage
	case *strict && len(warnings) > 0:
		return exitBlocked
	}
	return exitOK
}

// flatten returns the errors joined in err, one by one.
func flatten(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// lintError prints an error as "<file>:<line>:<col>: error: <what>", the
// form editors and CI annotate.
func lintError(err error) string {
	var (
		ce *governance.CompileError
		pe *governance.ParseError
		pm *governance.ParamError
	)
	switch {
	case errors.As(err, &ce):
		msg := "invalid policy"
		if ce.Err != nil {
			msg = strings.TrimPrefix(ce.Err.Error(), "governance: ")
		}
		w := governance.LintWarning{Policy: ce.Policy, Rule: ce.Rule, Path: ce.Path, File: ce.File,
			Line: ce.Line, Column: ce.Column, Message: msg}
		return strings.Replace(w.String(), "warning: ", "error: ", 1)
	case errors.As(err, &pe):
		return strings.Replace(strings.TrimPrefix(pe.Error(), "governance: "), ": ", ": error: ", 1)
	case errors.As(err, &pm):
		if pm.File != "" {
			return strings.Replace(strings.TrimPrefix(pm.Error(), "governance: "), ": ", ": error: ", 1)
		}
	}
	return "error: " + strings.TrimPrefix(err.Error(), "governance: ")
}

func policyCount(n int) string {
	if n == 1 {
		return "1 policy"
	}
	return fmt.Sprintf("%d policies", n)
}
