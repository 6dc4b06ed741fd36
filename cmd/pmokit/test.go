package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/pmokit/pmokit/governance/suite"
)

const testUsage = `usage: pmokit test [DIR|FILE ...]

Runs policy test suites: each FILE, and every *_test.yaml or *_test.yml file
under each DIR (default: the current directory). Prints each case's result
(ok, FAIL with what did not hold, or SKIP with the reason) and a final line
"N passed, M failed" (", K skipped" follows when cases were skipped).

exit status: 0 every case passed, 1 a case failed, 2 bad input (no suites, a
suite that does not parse).
`

func runTest(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("test", testUsage, stderr)
	if status, done := parseFlags(fs, testUsage, args, stdout); done {
		return status
	}
	paths := fs.Args()
	if len(paths) == 0 {
		paths = []string{"."}
	}
	files, err := suite.Find(paths...)
	if err != nil {
		return fail(stderr, "test", err)
	}
	if len(files) == 0 {
		return fail(stderr, "test", fmt.Errorf("no suites (*_test.yaml) in %s", strings.Join(paths, ", ")))
	}
	var suites []*suite.Suite
	var bad bool
	for _, f := range files {
		s, err := suite.Load(f)
		if err != nil {
			fmt.Fprintf(stderr, "pmokit test: %v\n", err)
			bad = true
			continue
		}
		suites = append(suites, s)
	}
	if bad {
		return exitUsage
	}
	var passed, failed, skipped int
	for _, s := range suites {
		for _, r := range suite.Run(context.Background(), s, suite.Options{}) {
			switch {
			case r.Skipped:
				skipped++
				fmt.Fprintf(stdout, "SKIP %s: %s\n", r.Name(), r.Case.Skip)
			case r.Passed():
				passed++
				fmt.Fprintf(stdout, "ok   %s\n", r.Name())
			default:
				failed++
				fmt.Fprintf(stdout, "FAIL %s (%s)\n", r.Name(), r.Case.Pos)
				if r.Err != nil {
					fmt.Fprintf(stdout, "    %s\n", indent(r.Err.Error()))
				}
				for _, f := range r.Failures {
					fmt.Fprintf(stdout, "    %s\n", indent(f))
				}
			}
		}
	}
	fmt.Fprintf(stdout, "%d passed, %d failed", passed, failed)
	if skipped > 0 {
		fmt.Fprintf(stdout, ", %d skipped", skipped)
	}
	fmt.Fprintln(stdout)
	if failed > 0 {
		return exitBlocked
	}
	return exitOK
}

// indent indents the continuation lines of a failure under its first line,
// with spaces for the tabs of the failure text.
func indent(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\t", "    "), "\n", "\n    ")
}
