package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/pmokit/pmokit/governance/suite"
)

const testUsage = `usage: pmokit test [--run REGEX] [-v] [--format text|json|junit|sarif|github] [--coverage] [--min-coverage PCT] [--params FILE] [DIR|FILE ...]

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
  --format FORMAT     text (default), json, junit (JUnit XML for CI), sarif
                      (SARIF 2.1.0 for code scanning) or github (GitHub
                      Actions annotations)
  --coverage          report rule coverage: for every rule of the suites'
                      policies, how many results passed, failed, erred or were
                      skipped; a rule is covered when some case made it pass
                      and some case made it fail; the uncovered rules are named;
                      for every rating, how many subjects each level rated
                      (a level is covered when some case reached it)
  --min-coverage PCT  fail (exit 1) when fewer than PCT percent (0 to 100) of
                      the rules and rating levels are covered; implies
                      --coverage
  --params FILE       values of the policies' parameters for every suite (a
                      parameters file: params: for every policy declaring the
                      name, policies: <policy>: for one); each applies to the
                      suites whose policies declare it, a suite's and a
                      case's own params win; a value no suite's policies
                      declare is an error (exit 2)

Text output: a line per case (ok, FAIL with what did not hold, ERROR for a
case that could not run, SKIP with the reason), and a final line "N passed, M failed" (", K errors"
and ", K skipped" follow when there are any). The JSON output is described in
docs/policy-tests.md. SARIF: a result per case at the case's file, line and
column; a case that failed or could not run is kind "fail", level "error",
its message what did not hold; a passing case is kind "pass", a skipped one
kind "notApplicable", both level "none" (SARIF 2.1.0 §3.27.9-10); suites that
could not run are notifications of a failed invocation; with --coverage the
run's properties hold the coverage. GitHub: a line
"::error file=F,line=L,col=C,title=suite/case::what did not hold" per case
that failed or could not run, one per suite that could not run, and one when
coverage is below --min-coverage; passing and skipped cases print nothing.

exit status: 0 every case passed; 1 a case failed or coverage is below
--min-coverage; 2 bad input (no suites, a suite that does not parse, policies
that do not read or compile, a case whose fixture or patch does not apply,
a bad flag); 3 output that could not be written.
`

// testFlags are the flags of pmokit test.
type testFlags struct {
	run         string
	verbose     bool
	format      string
	coverage    bool
	minCoverage string
	params      string
}

func runTest(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("test", testUsage, stderr)
	var f testFlags
	fs.StringVar(&f.run, "run", "", "run only the cases matching `REGEX`")
	fs.BoolVar(&f.verbose, "v", false, "list every case")
	fs.StringVar(&f.format, "format", "text", "text, json, junit, sarif or github")
	fs.BoolVar(&f.coverage, "coverage", false, "report rule coverage")
	fs.StringVar(&f.minCoverage, "min-coverage", "", "fail below `PCT` percent of rules covered")
	fs.StringVar(&f.params, "params", "", paramsFlagUsage)
	if status, done := parseFlags(fs, testUsage, args, stdout); done {
		return status
	}
	if err := checkFormat(f.format, reportFormats...); err != nil {
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
	in := newInputs(nil)
	paths, fromStdin := splitStdin(paths)
	if fromStdin {
		s, err := in.readStdinSuite("the suite argument")
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
	if opts.Params, err = in.readParams("--params", f.params); err != nil {
		return fail(stderr, "test", err)
	}

	run := testRun{coverage: &suite.Coverage{}}
	for _, s := range suites {
		rs, err := suite.Run(context.Background(), s, opts)
		if err != nil {
			fmt.Fprintf(stderr, "pmokit test: %v\n", err)
			run.suiteErrors = append(run.suiteErrors, err)
			continue
		}
		run.results = append(run.results, rs)
		run.coverage.Merge(rs.Coverage)
		for _, r := range rs.Cases {
			run.count(r)
		}
	}
	if err := unusedParams(opts.Params, run.results); err != nil {
		return fail(stderr, "test", err)
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
	case "sarif":
		err = writeSARIF(stdout, testSARIF(&run, minCoverage))
	case "github":
		err = writeGitHub(stdout, testAnnotations(&run, minCoverage))
	default:
		out := &errWriter{w: stdout}
		writeTestText(out, &run, f.verbose, minCoverage)
		err = out.err
	}
	if err != nil {
		fmt.Fprintf(stderr, "pmokit test: writing the output: %v\n", err)
		return exitInternal // output that could not be written
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
	suiteErrors                     []error // suites whose policies did not read or compile
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
	fmt.Fprintf(w, "    %s, %s\n", plural(r.Report.Len(), "result"), plural(len(vs), "violation"))
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
	fmt.Fprintf(w, "\ncoverage: %d of %d rules covered%s (%.1f%%)\n", covered, len(cov.Rules), levelsCovered(cov), cov.Percent())
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
	writeRatingCoverage(w, cov)
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
		// The rating levels, when the policies have ratings (ratings.go).
		LevelsCovered int                  `json:"levels_covered,omitempty"`
		LevelsTotal   int                  `json:"levels_total,omitempty"`
		Ratings       []ratingCoverageJSON `json:"ratings,omitempty"`
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
	}
	for _, err := range run.suiteErrors {
		out.Errors = append(out.Errors, err.Error())
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
	out.Coverage = coverageDoc(run.coverage, minCoverage)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// coverageDoc is the coverage as the JSON and the SARIF properties hold
// it; nil without --coverage.
func coverageDoc(cov *suite.Coverage, minCoverage float64) *coverageJSON {
	if cov == nil {
		return nil
	}
	cj := &coverageJSON{Percent: math.Round(cov.Percent()*10) / 10, Total: len(cov.Rules), Rules: []ruleCoverageJSON{}}
	cj.Covered = cj.Total - len(cov.Uncovered())
	if minCoverage >= 0 {
		cj.MinCoverage = &minCoverage
	}
	for _, r := range cov.Rules {
		cj.Rules = append(cj.Rules, ruleCoverageJSON{RuleCoverage: r, Covered: r.Covered(), Missing: r.Missing()})
	}
	addRatingCoverage(cj, cov)
	return cj
}

// sarifTestProperties are the properties of a SARIF result about a case.
type sarifTestProperties struct {
	Suite      string   `json:"suite"`
	Case       string   `json:"case"`
	Pack       string   `json:"pack,omitempty"`
	Status     string   `json:"status"` // pass, fail, skip or error, as in the JSON
	SkipReason string   `json:"skipReason,omitempty"`
	Failures   []string `json:"failures,omitempty"`
	Error      string   `json:"error,omitempty"`
}

// caseFile returns the suite file of a case as a slash path, "" for a suite
// read from standard input (no file a CI system could link).
func caseFile(pos suite.Pos) string {
	if pos.File == stdinName {
		return ""
	}
	return filepath.ToSlash(pos.File)
}

// caseMessage is what a SARIF result or an annotation says of a case: its
// name, then what did not hold (every failure) or why it could not run or
// was skipped.
func caseMessage(r *suite.Result) string {
	switch r.Status() {
	case "pass":
		return r.Name() + ": passed"
	case "skip":
		return r.Name() + ": skipped: " + r.Case.Skip
	case "error":
		return r.Name() + ": could not run: " + r.Err.Error()
	}
	return r.Name() + ": " + strings.Join(r.Failures, "\n")
}

// testSARIF turns the run into one SARIF run: a rule per case (its id the
// case's name, suite/case or suite[pack]/case) and a result per case, at
// the case's position in its suite file. Following SARIF 2.1.0 §3.27.9-10,
// a case that failed or could not run is kind "fail", level "error"; a
// passing case kind "pass" and a skipped one "notApplicable", both level
// "none". A suite whose policies did not read or compile ran no case: it is
// a notification of a failed invocation, at its error's position. With
// --coverage the run's properties hold the coverage, as in the JSON.
func testSARIF(run *testRun, minCoverage float64) sarifLog {
	b := newSARIF()
	for _, rs := range run.results {
		for _, r := range rs.Cases {
			res := sarifResult{
				RuleID:    r.Name(),
				RuleIndex: b.rule(r.Name(), r.Case.Name, oneLine(r.Case.Description), "error"),
				Message:   sarifMessage{Text: caseMessage(r)},
				Locations: []sarifLocation{{
					Physical: b.physical(caseFile(r.Case.Pos), r.Case.Pos.Line, r.Case.Pos.Column, false),
					Logical:  []sarifLogical{{Name: r.Case.Name, FullyQualifiedName: r.Name(), Kind: "member"}},
				}},
			}
			props := sarifTestProperties{Suite: rs.Suite.Name, Case: r.Case.Name, Pack: r.Pack, Status: r.Status(), Failures: r.Failures}
			switch r.Status() {
			case "pass":
				res.Kind, res.Level = "pass", "none"
			case "skip":
				res.Kind, res.Level = "notApplicable", "none"
				props.SkipReason = r.Case.Skip
			case "error":
				res.Kind, res.Level = "fail", "error"
				props.Error = r.Err.Error()
			default:
				res.Kind, res.Level = "fail", "error"
			}
			res.Properties = props
			b.result(res, "Case", r.Name())
		}
	}
	for _, err := range run.suiteErrors {
		var phys *sarifPhysical
		if se := (*suite.Error)(nil); errors.As(err, &se) {
			phys = b.physical(caseFile(suite.Pos{File: se.File}), se.Line, se.Column, false)
		}
		b.notify(err.Error(), phys)
	}
	if cj := coverageDoc(run.coverage, minCoverage); cj != nil {
		b.properties = map[string]any{"coverage": cj}
	}
	return b.log()
}

// testAnnotations returns an error annotation per case that failed or
// could not run, at the case in its suite file, titled with the case's name
// and saying what did not hold; one per suite that could not run, at its
// error's position; and one, with no file, when coverage is below
// --min-coverage. Passing and skipped cases have none.
func testAnnotations(run *testRun, minCoverage float64) []annotation {
	var out []annotation
	for _, rs := range run.results {
		for _, r := range rs.Cases {
			if st := r.Status(); st != "fail" && st != "error" {
				continue
			}
			a := annotation{level: "error", title: r.Name(), message: strings.Join(caseDetails(r), "\n")}
			if a.file = caseFile(r.Case.Pos); a.file != "" {
				a.line, a.column = r.Case.Pos.Line, r.Case.Pos.Column
			}
			out = append(out, a)
		}
	}
	for _, err := range run.suiteErrors {
		a := annotation{level: "error", title: "pmokit test", message: err.Error()}
		if se := (*suite.Error)(nil); errors.As(err, &se) {
			if a.file = caseFile(suite.Pos{File: se.File}); a.file != "" {
				a.line, a.column = se.Line, se.Column
			}
		}
		out = append(out, a)
	}
	if cov := run.coverage; cov != nil && minCoverage >= 0 && cov.Percent() < minCoverage {
		out = append(out, annotation{level: "error", title: "pmokit test coverage", message: belowMinimum(cov, minCoverage)})
	}
	return out
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
