package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance/suite"
)

// testVerbCases are the runs of pmokit test beyond those of cases(): its
// flags, formats and exit statuses.
func testVerbCases() []cliCase {
	return []cliCase{
		{name: "verbose", args: []string{"test", "-v", "testdata/suites/pass"}, status: 0, golden: "test-verbose.txt"},
		{name: "run selects cases", args: []string{"test", "--run", "owners/P-[12]", "testdata/suites"}, status: 0, golden: "test-run.txt"},
		{name: "run selects a matrix pack", args: []string{"test", "--run", `^controlling pack/P-2`, "testdata/suites"}, status: 0, stdout: "ok   controlling pack/P-2 may enter execution\n1 passed, 0 failed\n"},
		{name: "run matches nothing", args: []string{"test", "--run", "nothing-like-this", "testdata/suites"}, status: 2, stderr: `pmokit test: no case matches --run "nothing-like-this"`},
		{name: "run bad regex", args: []string{"test", "--run", "(", "testdata/suites"}, status: 2, stderr: `invalid --run "("`},
		{name: "json", args: []string{"test", "--format", "json", "testdata/suites"}, status: 1, golden: "test-mixed.json"},
		{name: "junit", args: []string{"test", "--format", "junit", "testdata/suites"}, status: 1, golden: "test-mixed.xml"},
		{name: "sarif", args: []string{"test", "--format", "sarif", "testdata/suites"}, status: 1, golden: "test-mixed.sarif"},
		{name: "github", args: []string{"test", "--format", "github", "testdata/suites"}, status: 1, golden: "test-mixed.github.txt"},
		{name: "github passing", args: []string{"test", "--format", "github", "testdata/suites/pass"}, status: 0, golden: "test-pass.github.txt"},
		{name: "github case error", args: []string{"test", "--format", "github", "testdata/suites-error"}, status: 2, golden: "test-error.github.txt"},
		{name: "github policies that do not compile", args: []string{"test", "--format", "github", "testdata/suites-badpolicy"}, status: 2,
			stdout: "::error file=testdata/suites-badpolicy/typo_test.yaml,line=2,col=12,title=pmokit test::suite: testdata/suites-badpolicy/typo_test.yaml:2:12: policies do not compile: governance: testdata/broken/typo.yaml:",
			stderr: "pmokit test: suite: testdata/suites-badpolicy/typo_test.yaml:2:12: policies do not compile"},
		{name: "sarif policies that do not compile", args: []string{"test", "--format", "sarif", "testdata/suites-badpolicy"}, status: 2,
			stdout: `"executionSuccessful": false`, stderr: "pmokit test: suite: testdata/suites-badpolicy/typo_test.yaml:2:12: policies do not compile"},
		{name: "github min coverage not met", args: []string{"test", "--min-coverage", "75", "--format", "github", "testdata/suites/pass"}, status: 1,
			stdout: "::error title=pmokit test coverage::coverage 50.0%25 is below --min-coverage 75%25\n", stderr: "pmokit test: coverage 50.0% is below --min-coverage 75%"},
		{name: "bad format", args: []string{"test", "--format", "xml", "testdata/suites"}, status: 2, stderr: `invalid --format "xml" (want text, json, junit, sarif or github)`},
		{name: "coverage", args: []string{"test", "--coverage", "testdata/suites/pass"}, status: 0, golden: "test-coverage.txt"},
		{name: "coverage json", args: []string{"test", "--coverage", "--format", "json", "testdata/suites/pass"}, status: 0, golden: "test-coverage.json"},
		{name: "min coverage met", args: []string{"test", "--min-coverage", "50", "testdata/suites/pass"}, status: 0, stdout: "coverage: 1 of 2 rules covered (50.0%)"},
		{name: "min coverage not met", args: []string{"test", "--min-coverage", "75", "testdata/suites/pass"}, status: 1, stdout: "coverage 50.0% is below --min-coverage 75%"},
		{name: "min coverage not met json", args: []string{"test", "--min-coverage=75", "--format=json", "testdata/suites/pass"}, status: 1, stdout: `"min_coverage": 75`, stderr: "pmokit test: coverage 50.0% is below --min-coverage 75%"},
		{name: "min coverage out of range", args: []string{"test", "--min-coverage", "101", "testdata/suites/pass"}, status: 2, stderr: `invalid --min-coverage "101" (want a percentage from 0 to 100)`},
		{name: "policies that do not compile are bad input", args: []string{"test", "testdata/suites-badpolicy"}, status: 2, stdout: "0 passed, 0 failed\n", stderr: "pmokit test: suite: testdata/suites-badpolicy/typo_test.yaml:2:12: policies do not compile: governance: testdata/broken/typo.yaml:"},
		{name: "a case that cannot run is bad input", args: []string{"test", "testdata/suites-error"}, status: 2, golden: "test-error.txt"},
	}
}

func TestTestVerb(t *testing.T) {
	for _, c := range testVerbCases() {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			status := run(c.args, &stdout, &stderr)
			check(t, status, stdout.String(), stderr.String(), c.status, c.golden, c.stdout, c.stderr)
		})
	}
}

// TestTestJUnitParses reads the JUnit output back with encoding/xml and
// checks its counts against the cases.
func TestTestJUnitParses(t *testing.T) {
	var stdout, stderr bytes.Buffer
	status := run([]string{"test", "--format", "junit", "testdata/suites", "testdata/suites-error"}, &stdout, &stderr)
	require.Equal(t, 2, status, stderr.String())
	var doc struct {
		XMLName  xml.Name `xml:"testsuites"`
		Tests    int      `xml:"tests,attr"`
		Failures int      `xml:"failures,attr"`
		Errors   int      `xml:"errors,attr"`
		Skipped  int      `xml:"skipped,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Tests int    `xml:"tests,attr"`
			Cases []struct {
				Name    string    `xml:"name,attr"`
				File    string    `xml:"file,attr"`
				Line    int       `xml:"line,attr"`
				Failure *struct{} `xml:"failure"`
				Error   *struct{} `xml:"error"`
				Skipped *struct{} `xml:"skipped"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	require.NoError(t, xml.Unmarshal(stdout.Bytes(), &doc), stdout.String())
	assert.Equal(t, 9, doc.Tests)
	assert.Equal(t, 1, doc.Failures)
	assert.Equal(t, 1, doc.Errors)
	assert.Equal(t, 1, doc.Skipped)
	var names []string
	for _, s := range doc.Suites {
		names = append(names, s.Name)
		assert.Len(t, s.Cases, s.Tests)
		for _, c := range s.Cases {
			assert.NotEmpty(t, c.File, c.Name)
			assert.Positive(t, c.Line, c.Name)
		}
	}
	assert.Equal(t, []string{"controlling pack", "owners", "patch error"}, names)
}

// TestTestJSONShape decodes the JSON output and checks it whole for one case.
func TestTestJSONShape(t *testing.T) {
	var stdout, stderr bytes.Buffer
	status := run([]string{"test", "--format", "json", "--coverage", "--run", "owners/P-1", "testdata/suites/pass"}, &stdout, &stderr)
	require.Equal(t, 0, status, stderr.String())
	var got map[string]any
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &got))
	assert.Equal(t, map[string]any{
		"schema_version": 1.0,
		"suites": []any{map[string]any{"name": "owners", "file": "testdata/suites/pass/owners_test.yaml", "cases": []any{
			map[string]any{"name": "P-1 has a manager", "status": "pass", "file": "testdata/suites/pass/owners_test.yaml", "line": 12.0, "column": 5.0},
		}}},
		"counts": map[string]any{"passed": 1.0, "failed": 0.0, "errors": 0.0, "skipped": 0.0},
		"coverage": map[string]any{"percent": 50.0, "covered": 1.0, "total": 2.0, "rules": []any{
			map[string]any{"policy": "big-budgets", "rule": "board", "source": "testdata/policies/big-budgets.yaml", "pass": 0.0, "fail": 0.0, "error": 0.0, "skipped": 0.0, "covered": false, "missing": "never evaluated"},
			map[string]any{"policy": "owners", "rule": "manager", "source": "testdata/policies/owners.yaml", "pass": 2.0, "fail": 1.0, "error": 0.0, "skipped": 0.0, "covered": true},
		}},
	}, got)
}

// TestTestOutputThatCannotBeWritten is exit 3 in every format.
func TestTestOutputThatCannotBeWritten(t *testing.T) {
	for _, format := range []string{"text", "json", "junit", "sarif", "github"} {
		t.Run(format, func(t *testing.T) {
			var stderr bytes.Buffer
			// github prints only what fails: the mixed suites have a failure.
			status := run([]string{"test", "--format", format, "testdata/suites/pass", "testdata/suites/mixed"}, failingWriter{}, &stderr)
			assert.Equal(t, 3, status)
			assert.Contains(t, stderr.String(), "broken pipe")
		})
	}
}

// TestTestSARIF checks the SARIF of pmokit test with checkSARIF, and what
// pmokit test promises of it: a result per case, at the case's "name:" in
// its suite file; kind fail and level error for a case that failed or could
// not run, kind pass or notApplicable (skipped) and level none otherwise;
// the message of a failed case lists every expectation that did not hold.
func TestTestSARIF(t *testing.T) {
	var stdout, stderr bytes.Buffer
	status := run([]string{"test", "--format", "sarif", "testdata/suites", "testdata/suites-error"}, &stdout, &stderr)
	require.Equal(t, 2, status, stderr.String())
	_, results := checkSARIF(t, stdout.Bytes())
	var js bytes.Buffer
	require.Equal(t, 2, run([]string{"test", "--format", "json", "testdata/suites", "testdata/suites-error"}, &js, &stderr))
	var doc struct {
		Suites []struct {
			Cases []struct {
				Name, Status, File, Error string
				Line, Column              int
				Failures                  []string
			}
		}
	}
	require.NoError(t, json.Unmarshal(js.Bytes(), &doc))
	kinds := map[string]string{"pass": "pass", "skip": "notApplicable", "fail": "fail", "error": "fail"}
	i := 0
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			require.Less(t, i, len(results), "a result per case")
			r := results[i]
			i++
			assert.Equal(t, kinds[c.Status], r["kind"], c.Name)
			if c.Status == "fail" || c.Status == "error" {
				assert.Equal(t, "error", r["level"], c.Name)
			}
			props := r["properties"].(map[string]any)
			assert.Equal(t, c.Name, props["case"])
			assert.Equal(t, c.Status, props["status"])
			uri, line, col := sarifPosition(t, r)
			assert.Equal(t, []any{c.File, c.Line, c.Column}, []any{uri, line, col})
			data, err := os.ReadFile(uri)
			require.NoError(t, err)
			lines := strings.Split(string(data), "\n")
			require.LessOrEqual(t, line, len(lines))
			assert.True(t, strings.HasPrefix(lines[line-1][col-1:], "name: "+c.Name), "%s:%d:%d is not case %q: %q", uri, line, col, c.Name, lines[line-1])
			msg := r["message"].(map[string]any)["text"].(string)
			for _, f := range c.Failures {
				assert.Contains(t, msg, f)
			}
			assert.Contains(t, msg, c.Error)
		}
	}
	assert.Len(t, results, i, "a result per case")
	assert.Equal(t, 9, i)
}

// TestTestStdinNamesNoFile: a suite read from standard input has no file a
// CI system could link, so its annotations and SARIF results name none.
func TestTestStdinNamesNoFile(t *testing.T) {
	data, err := os.ReadFile("testdata/suites/mixed/pack_test.yaml")
	require.NoError(t, err)
	// Its relative paths are relative to the current directory.
	s, err := suite.Parse(stdinName, bytes.ReplaceAll(data, []byte("../../portfolio.yaml"), []byte("testdata/portfolio.yaml")))
	require.NoError(t, err)
	rs, err := suite.Run(context.Background(), s, suite.Options{})
	require.NoError(t, err)
	run := testRun{results: []*suite.Results{rs}}
	for _, r := range rs.Cases {
		run.count(r)
	}
	require.Equal(t, 1, run.failed)
	as := testAnnotations(&run, -1)
	require.Len(t, as, 1)
	assert.Equal(t, annotation{level: "error", title: "controlling pack/wrong expectation", message: strings.Join(rs.Cases[1].Failures, "\n")}, as[0])
	log := testSARIF(&run, -1)
	require.Len(t, log.Runs[0].Results, 3)
	for _, r := range log.Runs[0].Results {
		assert.Nil(t, r.Locations[0].Physical, r.RuleID)
	}
}
