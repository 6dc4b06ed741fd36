package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/pmokit/pmokit/governance/suite"
)

const testUsage = `usage: pmokit test [--run REGEX] [-v] [--format text|json|junit] [--coverage] [--min-coverage PCT] [DIR|FILE ...]

Runs policy test suites: each FILE, and every *_test.yaml or *_test.yml file
under each DIR (default: the current directory); - reads one suite from
standard input (its relative paths are then relative to the current
directory).

  --run REGEX         run only the cases whose name matches REGEX (the name is
                      "suite/case", or "suite[pack]/case" in a matrix suite);
                      a REGEX that matches no case is an error
  -v                  text: under each case, its description and the
                      violations its report held (with their explanations),
                      for passing cases too
  --format FORMAT     text (default), json or junit (JUnit XML for CI)
  --coverage          report rule coverage: for every rule of the suites'
                      policies, how many results passed, failed, erred or were
                      skipped; a rule is covered when some case made it pass
                      and some case made it fail; the uncovered rules are named
  --min-coverage PCT  fail (exit 1) when fewer than PCT percent (0 to 100) of
                      the rules are covered; implies --coverage

Text output: a line per case (ok, FAIL with what did not hold, ERROR for a
case that could not run, SKIP with the reason), and a final line "N passed, M failed" (", K errors"
and ", K skipped" follow when there are any). The JSON output is described in
docs/policy-tests.md.

exit status: 0 every case passed; 1 a case failed or coverage is below
--min-coverage; 2 bad input (no suites, a suite that does not parse, policies
that do not read or compile, a case whose fixture or patch does not apply,
a bad flag).
`

// testFlags are the flags of pmokit test.
type testFlags struct {
	run         string
	verbose     bool
	format      string
	coverage    bool
	minCoverage string
}

func runTest(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("test", testUsage, stderr)
	var f testFlags
	fs.StringVar(&f.run, "run", "", "run only the cases matching `REGEX`")
	fs.BoolVar(&f.verbose, "v", false, "list every case")
	fs.StringVar(&f.format, "format", "text", "text, json or junit")
	fs.BoolVar(&f.coverage, "coverage", false, "report rule coverage")
	fs.StringVar(&f.minCoverage, "min-coverage", "", "fail below `PCT` percent of rules covered")
	if status, done := parseFlags(fs, testUsage, args, stdout); done {
		return status
	}
	if err := checkFormat(f.format, "text", "json", "junit"); err != nil {
		return fail(stderr, "test", err)
	}
	opts := suite.Options{}
	if f.run != "" {
		re, err := regexp.Compile(f.run)
		if err != nil {
			return fail(stderr, "test", fmt.Errorf("invalid --run %q: %w", f.run, err))
		}
		opts.Match = re.MatchString
	}
	minCoverage := -1.0
	if f.minCoverage != "" {
		v, err := strconv.ParseFloat(f.minCoverage, 64)
		if err != nil || math.IsNaN(v) || v < 0 || v > 100 {
			return fail(stderr, "test", fmt.Errorf("invalid --min-coverage %q (want a percentage from 0 to 100)", f.minCoverage))
		}
		minCoverage = v
		f.coverage = true
	}
	paths := fs.Args()
	if len(paths) == 0 {
		paths = []string{"."}
	}
	// "-" is a suite read from standard input (its relative paths are
	// relative to the current directory).
	var (
		suites []*suite.Suite
		bad    bool
		files  []string
		err    error
	)
	paths, fromStdin := splitStdin(paths)
	if fromStdin {
		s, err := newInputs().readStdinSuite("the suite argument")
		if err != nil {
			fmt.Fprintf(stderr, "pmokit test: %v\n", err)
			return exitUsage
		}
		suites = append(suites, s)
	}
	if len(paths) > 0 {
		files, err = suite.Find(paths...)
		if err != nil {
			return fail(stderr, "test", err)
		}
		if len(files) == 0 {
			return fail(stderr, "test", fmt.Errorf("no suites (*_test.yaml) in %s", strings.Join(paths, ", ")))
		}
	}
	for _, file := range files {
		s, err := suite.Load(file)
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

	run := testRun{coverage: &suite.Coverage{}}
	for _, s := range suites {
		rs, err := suite.Run(context.Background(), s, opts)
		if err != nil {
			fmt.Fprintf(stderr, "pmokit test: %v\n", err)
			run.suiteErrors = append(run.suiteErrors, err.Error())
			continue
		}
		run.results = append(run.results, rs)
		run.coverage.Merge(rs.Coverage)
		for _, r := range rs.Cases {
			run.count(r)
		}
	}
	if f.run != "" && run.total() == 0 && len(run.suiteErrors) == 0 {
		return fail(stderr, "test", fmt.Errorf("no case matches --run %q", f.run))
	}
	if !f.coverage {
		run.coverage = nil
	}

	switch f.format {
	case "json":
		err = writeTestJSON(stdout, &run, minCoverage)
	case "junit":
		err = writeJUnit(stdout, testJUnit(&run))
	default:
		writeTestText(stdout, &run, f.verbose, minCoverage)
	}
	if err != nil {
		fmt.Fprintf(stderr, "pmokit test: %v\n", err)
		return exitUsage
	}

	switch {
	case len(run.suiteErrors) > 0 || run.errors > 0:
		return exitUsage
	case run.failed > 0:
		return exitBlocked
	case run.coverage != nil && minCoverage >= 0 && run.coverage.Percent() < minCoverage:
		if f.format != "text" {
			fmt.Fprintf(stderr, "pmokit test: %s\n", belowMinimum(run.coverage, minCoverage))
		}
		return exitBlocked
	}
	return exitOK
}

// testRun is what running every suite gave.
type testRun struct {
	results                         []*suite.Results
	coverage                        *suite.Coverage // nil without --coverage
	passed, failed, errors, skipped int
	suiteErrors                     []string // suites whose policies did not read or compile
}

func (t *testRun) count(r *suite.Result) {
	switch r.Status() {
	case "pass":
		t.passed++
	case "fail":
		t.failed++
	case "error":
		t.errors++
	case "skip":
		t.skipped++
	}
}

func (t *testRun) total() int { return t.passed + t.failed + t.errors + t.skipped }

// writeVerbose writes what a passing case saw: its description and the
// violations of its report, with their explanations.
func writeVerbose(w io.Writer, r *suite.Result) {
	if r.Case.Description != "" {
		fmt.Fprintf(w, "    %s\n", indent(r.Case.Description))
	}
	if r.Report == nil {
		return
	}
	vs := r.Report.Violations()
	fmt.Fprintf(w, "    %s, %s\n", plural(len(r.Report.Results()), "result"), plural(len(vs), "violation"))
	for _, v := range vs {
		fmt.Fprintf(w, "        %s\n", strings.ReplaceAll(indent(suite.FormatResult(v)), "\n", "\n    "))
	}
}

// caseDetails returns the lines that explain a case that did not pass: its
// error, or each expectation that did not hold.
func caseDetails(r *suite.Result) []string {
	if r.Err != nil {
		return []string{r.Err.Error()}
	}
	return r.Failures
}

func writeTestText(w io.Writer, run *testRun, verbose bool, minCoverage float64) {
	for _, rs := range run.results {
		for _, r := range rs.Cases {
			switch r.Status() {
			case "skip":
				fmt.Fprintf(w, "SKIP %s: %s\n", r.Name(), r.Case.Skip)
			case "pass":
				fmt.Fprintf(w, "ok   %s\n", r.Name())
				if verbose {
					writeVerbose(w, r)
				}
			default:
				word := "FAIL"
				if r.Err != nil {
					word = "ERROR"
				}
				fmt.Fprintf(w, "%s %s (%s)\n", word, r.Name(), r.Case.Pos)
				if verbose && r.Case.Description != "" {
					fmt.Fprintf(w, "    %s\n", indent(r.Case.Description))
				}
				for _, d := range caseDetails(r) {
					fmt.Fprintf(w, "    %s\n", indent(d))
				}
			}
		}
	}
	fmt.Fprintf(w, "%d passed, %d failed", run.passed, run.failed)
	if run.errors > 0 {
		fmt.Fprintf(w, ", %s", plural(run.errors, "error"))
	}
	if run.skipped > 0 {
		fmt.Fprintf(w, ", %d skipped", run.skipped)
	}
	fmt.Fprintln(w)
	if run.coverage == nil {
		return
	}
	cov := run.coverage
	covered := len(cov.Rules) - len(cov.Uncovered())
	fmt.Fprintf(w, "\ncoverage: %d of %d rules covered (%.1f%%)\n", covered, len(cov.Rules), cov.Percent())
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tPASS\tFAIL\tERROR\tSKIPPED\tCOVERED")
	for _, r := range cov.Rules {
		state := "yes"
		if !r.Covered() {
			state = "no: " + r.Missing()
		}
		fmt.Fprintf(tw, "%s/%s\t%d\t%d\t%d\t%d\t%s\n", r.Policy, r.Rule, r.Pass, r.Fail, r.Error, r.Skipped, state)
	}
	tw.Flush()
	if un := cov.Uncovered(); len(un) > 0 {
		names := make([]string, len(un))
		for i, r := range un {
			names[i] = fmt.Sprintf("%s/%s (%s)", r.Policy, r.Rule, r.Missing())
		}
		fmt.Fprintf(w, "uncovered: %s\n", strings.Join(names, ", "))
	}
	if minCoverage >= 0 && cov.Percent() < minCoverage {
		fmt.Fprintln(w, belowMinimum(cov, minCoverage))
	}
}

func belowMinimum(cov *suite.Coverage, minCoverage float64) string {
	return fmt.Sprintf("coverage %.1f%% is below --min-coverage %g%%", cov.Percent(), minCoverage)
}

// testSchemaVersion is the version of the JSON that pmokit test writes; it
// changes when a field changes meaning or goes away.
const testSchemaVersion = 1

type (
	testJSON struct {
		SchemaVersion int             `json:"schema_version"`
		Suites        []testSuiteJSON `json:"suites"`
		Counts        testCountsJSON  `json:"counts"`
		Errors        []string        `json:"errors,omitempty"`
		Coverage      *coverageJSON   `json:"coverage,omitempty"`
	}
	testSuiteJSON struct {
		Name  string         `json:"name"`
		File  string         `json:"file"`
		Cases []testCaseJSON `json:"cases"`
	}
	testCaseJSON struct {
		Name       string   `json:"name"`
		Pack       string   `json:"pack,omitempty"`
		Status     string   `json:"status"`
		File       string   `json:"file"`
		Line       int      `json:"line"`
		Column     int      `json:"column"`
		SkipReason string   `json:"skip_reason,omitempty"`
		Failures   []string `json:"failures,omitempty"`
		Error      string   `json:"error,omitempty"`
	}
	testCountsJSON struct {
		Passed  int `json:"passed"`
		Failed  int `json:"failed"`
		Errors  int `json:"errors"`
		Skipped int `json:"skipped"`
	}
	coverageJSON struct {
		Percent     float64            `json:"percent"`
		Covered     int                `json:"covered"`
		Total       int                `json:"total"`
		MinCoverage *float64           `json:"min_coverage,omitempty"`
		Rules       []ruleCoverageJSON `json:"rules"`
	}
	ruleCoverageJSON struct {
		suite.RuleCoverage
		Covered bool   `json:"covered"`
		Missing string `json:"missing,omitempty"`
	}
)

func writeTestJSON(w io.Writer, run *testRun, minCoverage float64) error {
	out := testJSON{
		SchemaVersion: testSchemaVersion,
		Suites:        []testSuiteJSON{},
		Counts:        testCountsJSON{Passed: run.passed, Failed: run.failed, Errors: run.errors, Skipped: run.skipped},
		Errors:        run.suiteErrors,
	}
	for _, rs := range run.results {
		sj := testSuiteJSON{Name: rs.Suite.Name, File: rs.Suite.File, Cases: []testCaseJSON{}}
		for _, r := range rs.Cases {
			cj := testCaseJSON{Name: r.Case.Name, Pack: r.Pack, Status: r.Status(),
				File: r.Case.Pos.File, Line: r.Case.Pos.Line, Column: r.Case.Pos.Column, Failures: r.Failures}
			if r.Skipped {
				cj.SkipReason = r.Case.Skip
			}
			if r.Err != nil {
				cj.Error = r.Err.Error()
			}
			sj.Cases = append(sj.Cases, cj)
		}
		out.Suites = append(out.Suites, sj)
	}
	if cov := run.coverage; cov != nil {
		cj := &coverageJSON{Percent: math.Round(cov.Percent()*10) / 10, Total: len(cov.Rules), Rules: []ruleCoverageJSON{}}
		cj.Covered = cj.Total - len(cov.Uncovered())
		if minCoverage >= 0 {
			cj.MinCoverage = &minCoverage
		}
		for _, r := range cov.Rules {
			cj.Rules = append(cj.Rules, ruleCoverageJSON{RuleCoverage: r, Covered: r.Covered(), Missing: r.Missing()})
		}
		out.Coverage = cj
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// testJUnit turns the run into a JUnit report: a suite per suite file (per
// pack for a matrix suite), a case per case.
func testJUnit(run *testRun) junitReport {
	rep := junitReport{Name: "pmokit test"}
	for _, rs := range run.results {
		byName := map[string]int{}
		for _, r := range rs.Cases {
			name := rs.Suite.Name
			if r.Pack != "" {
				name += "[" + r.Pack + "]"
			}
			i, ok := byName[name]
			if !ok {
				i = len(rep.Suites)
				byName[name] = i
				rep.Suites = append(rep.Suites, junitSuite{Name: name, File: rs.Suite.File})
			}
			c := junitCase{Name: r.Case.Name, Classname: name, File: r.Case.Pos.File, Line: r.Case.Pos.Line}
			switch r.Status() {
			case "skip":
				c.Skipped = &junitProblem{Message: r.Case.Skip}
			case "error":
				c.Error = &junitProblem{Message: firstLine(r.Err.Error()), Type: "error", Text: r.Err.Error()}
			case "fail":
				c.Failure = &junitProblem{Message: firstLine(r.Failures[0]), Type: "failure", Text: strings.Join(r.Failures, "\n")}
			}
			rep.Suites[i].Cases = append(rep.Suites[i].Cases, c)
		}
	}
	return rep
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// indent indents the continuation lines of a failure under its first line,
// with spaces for the tabs of the failure text.
func indent(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\t", "    "), "\n", "\n    ")
}
