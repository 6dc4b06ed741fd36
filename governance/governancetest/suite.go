package governancetest

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/pmokit/pmokit/governance/suite"
)

// RunSuites runs policy test suites under go test. Each path is a suite
// file or a directory searched (recursively) for files named *_test.yaml or
// *_test.yml. Each suite is a subtest named after its file (relative to the
// directory given), each pack of a
// matrix suite a subtest of it, and each case a subtest of that; a case with
// skip is skipped with its reason. A failing case reports every expectation
// that did not hold, with the violations the report held and their
// explanations. A path that holds no suite fails the test.
func RunSuites(t *testing.T, paths ...string) {
	t.Helper()
	runSuites(t, suite.Options{}, paths...)
}

func runSuites(t *testing.T, opts suite.Options, paths ...string) {
	t.Helper()
	var (
		found  bool
		unused = make([]int, len(opts.Params))
		suites int
	)
	for _, p := range paths {
		files, err := suite.Find(p)
		if err != nil {
			t.Fatalf("governancetest: %v", err)
		}
		for _, f := range files {
			found = true
			name := filepath.Base(f)
			if rel, err := filepath.Rel(p, f); err == nil && rel != "." {
				name = filepath.ToSlash(rel)
			}
			t.Run(name, func(t *testing.T) {
				for i, n := range runSuite(t, opts, f) {
					unused[i] += n
				}
				suites++
			})
		}
	}
	if !found {
		t.Fatalf("governancetest: no suites (*_test.yaml) in %s", strings.Join(paths, ", "))
	}
	checkUnused(t, opts.Params, unused, suites)
}

// RunSuite runs one policy test suite file under go test; see [RunSuites].
// It is the testing layer over [suite.Load] and [suite.Run]. A suite that
// does not parse, or whose policies do not read or compile, fails the test
// with every problem at its file:line:col.
func RunSuite(t *testing.T, path string) {
	t.Helper()
	NewRunner(t).RunSuite(path)
}

// runSuite runs one suite and returns, for each of opts.Params, 1 when the
// suite's policies do not declare it (0 otherwise).
func runSuite(t *testing.T, opts suite.Options, path string) (unused []int) {
	t.Helper()
	unused = make([]int, len(opts.Params))
	s, err := suite.Load(path)
	if err != nil {
		t.Fatalf("%v", err)
	}
	results, err := suite.Run(t.Context(), s, opts)
	if err != nil {
		t.Fatalf("%v", err)
	}
	for _, i := range results.UnusedParams {
		unused[i] = 1
	}
	byPack := make(map[string][]*suite.Result)
	var packs []string
	for _, r := range results.Cases {
		if _, ok := byPack[r.Pack]; !ok {
			packs = append(packs, r.Pack)
		}
		byPack[r.Pack] = append(byPack[r.Pack], r)
	}
	for _, pack := range packs {
		if pack == "" {
			report(t, byPack[pack])
			continue
		}
		t.Run(pack, func(t *testing.T) { report(t, byPack[pack]) })
	}
	return unused
}

func report(t *testing.T, results []*suite.Result) {
	t.Helper()
	for _, r := range results {
		t.Run(r.Case.Name, func(t *testing.T) {
			t.Helper()
			switch {
			case r.Skipped:
				t.Skip(r.Case.Skip)
			case r.Err != nil:
				t.Fatalf("%s: %v", r.Case.Pos, r.Err)
			}
			for _, f := range r.Failures {
				t.Errorf("%s", f)
			}
		})
	}
}
