package main

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// junitSample has a suite with a passing, a failing, an erroring and a
// skipped case, text that needs escaping, and a second, empty suite.
func junitSample() junitReport {
	return junitReport{
		Name: "pmokit check",
		Suites: []junitSuite{
			{Name: "budget", File: "policies/budget.yaml", Cases: []junitCase{
				{Name: "P-1 tolerance", Classname: "budget.tolerance", File: "policies/budget.yaml", Line: 7, Time: 1500 * time.Microsecond},
				{Name: "P-2 tolerance", File: "policies/budget.yaml", Line: 7,
					Failure: &junitProblem{Message: `forecast > approved & "10%"`, Type: "error", Text: "project.budget.forecast = \"1350000 USD\"\n<end>"}},
				{Name: "P-3 tolerance", Error: &junitProblem{Message: "currency mismatch", Type: "error"}},
				{Name: "P-4 tolerance", Skipped: &junitProblem{Message: "when is false"}, Output: "bell \x07 nul \x00"},
			}},
			{Name: "empty"},
		},
	}
}

func TestWriteJUnitGolden(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, writeJUnit(&buf, junitSample()))
	goldenFile(t, "junit-sample.xml", buf.String())
}

// TestWriteJUnitParses reads the document back with encoding/xml and checks
// every count and case.
func TestWriteJUnitParses(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, writeJUnit(&buf, junitSample()))
	var got xmlSuites
	require.NoError(t, xml.Unmarshal(buf.Bytes(), &got), buf.String())
	assert.Equal(t, "pmokit check", got.Name)
	assert.Equal(t, [5]int{4, 1, 1, 1}, [5]int{got.Tests, got.Failures, got.Errors, got.Skipped})
	require.Len(t, got.Suites, 2)
	s := got.Suites[0]
	assert.Equal(t, "budget", s.Name)
	assert.Equal(t, "policies/budget.yaml", s.File)
	assert.Equal(t, [4]int{4, 1, 1, 1}, [4]int{s.Tests, s.Failures, s.Errors, s.Skipped})
	assert.Equal(t, "0.002", s.Time) // 1.5 ms rounded to milliseconds
	require.Len(t, s.Cases, 4)
	assert.Equal(t, "budget.tolerance", s.Cases[0].Classname)
	assert.Equal(t, "budget", s.Cases[1].Classname, "classname defaults to the suite name")
	assert.Nil(t, s.Cases[0].Failure)
	require.NotNil(t, s.Cases[1].Failure)
	assert.Equal(t, `forecast > approved & "10%"`, s.Cases[1].Failure.Message)
	assert.Equal(t, "project.budget.forecast = \"1350000 USD\"\n<end>", s.Cases[1].Failure.Text)
	assert.Equal(t, 7, s.Cases[1].Line)
	require.NotNil(t, s.Cases[2].Error)
	assert.Equal(t, "currency mismatch", s.Cases[2].Error.Message)
	require.NotNil(t, s.Cases[3].Skipped)
	assert.Equal(t, "when is false", s.Cases[3].Skipped.Message)
	assert.Equal(t, "bell \uFFFD nul \uFFFD", s.Cases[3].SystemOut, "characters XML cannot hold are replaced, not written raw")
	assert.Equal(t, 0, got.Suites[1].Tests)
}

func TestWriteJUnitAmbiguousCase(t *testing.T) {
	r := junitReport{Suites: []junitSuite{{Name: "s", Cases: []junitCase{
		{Name: "c", Failure: &junitProblem{Message: "x"}, Skipped: &junitProblem{Message: "y"}},
	}}}}
	var buf bytes.Buffer
	err := writeJUnit(&buf, r)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `case "c" of suite "s"`)
}

// goldenFile compares got with testdata/golden/<name>, rewriting it under
// -update.
func goldenFile(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./cmd/pmokit -update")
	assert.Equal(t, string(want), got)
}
