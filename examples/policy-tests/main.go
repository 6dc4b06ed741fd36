// Command policy-tests shows how a PMO tests its own policies, the way a
// team tests its code: policy files under policies/, test suites under
// tests/, and a test that runs them.
//
// The folder is laid out as a user's repository would be:
//
//	policies/security-review.yaml       a gate policy that reads a custom attribute
//	policies/risk-estimates.yaml        a project policy with variables
//	tests/portfolio.yaml                the fixture every case patches
//	tests/*_test.yaml                   table-driven cases: patch, gate, expect
//	policies_test.go                    go test runs the suites (governancetest.RunSuites)
//	                                    and a Go-level test built with the builders
//
// Under go test each suite and each case is a subtest, so
// go test -run 'TestPolicies/security-review' runs one suite. Without Go, the pmokit command runs the same files:
//
//	pmokit test examples/policy-tests/tests
//
// This program runs the suites with the same runner as pmokit test and prints
// one line per case, so that go run works too:
//
//	go run ./examples/policy-tests
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/pmokit/pmokit/governance/suite"
)

func main() {
	dir := flag.String("dir", "", "the example's folder (default: . or examples/policy-tests, whichever holds tests/)")
	flag.Parse()
	failed, err := run(os.Stdout, *dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "policy-tests:", err)
		os.Exit(2)
	}
	if failed {
		os.Exit(1)
	}
}

// run runs every suite under dir/tests and prints the results; failed is
// true when a case failed.
func run(w io.Writer, dir string) (failed bool, err error) {
	if dir == "" {
		dir = findDir()
	}
	files, err := suite.Find(filepath.Join(dir, "tests"))
	if err != nil {
		return false, err
	}
	if len(files) == 0 {
		return false, errors.New("no suites (*_test.yaml) in " + filepath.Join(dir, "tests"))
	}
	var passed, nfailed int
	for _, f := range files {
		s, err := suite.Load(f)
		if err != nil {
			return false, err
		}
		fmt.Fprintf(w, "suite %q (%s): %s\n", s.Name, filepath.Base(f), s.Description)
		results, err := suite.Run(context.Background(), s, suite.Options{})
		if err != nil {
			return false, err
		}
		for _, r := range results.Cases {
			switch {
			case r.Skipped:
				fmt.Fprintf(w, "  SKIP %s: %s\n", r.Case.Name, r.Case.Skip)
			case r.Passed():
				passed++
				fmt.Fprintf(w, "  ok   %s\n", r.Case.Name)
			default:
				nfailed++
				fmt.Fprintf(w, "  FAIL %s\n", r.Case.Name)
				if r.Err != nil {
					fmt.Fprintf(w, "       %v\n", r.Err)
				}
				for _, msg := range r.Failures {
					fmt.Fprintf(w, "       %s\n", msg)
				}
			}
		}
	}
	fmt.Fprintf(w, "%d passed, %d failed\n", passed, nfailed)
	return nfailed > 0, nil
}

// findDir returns the folder that holds tests/: the current directory when
// run from the example's folder, examples/policy-tests from the repository
// root.
func findDir() string {
	for _, dir := range []string{".", filepath.Join("examples", "policy-tests")} {
		if info, err := os.Stat(filepath.Join(dir, "tests")); err == nil && info.IsDir() {
			return dir
		}
	}
	return "."
}
