package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
)

// runOut runs the command in process and returns its status and stdout;
// stderr must be empty.
func runOut(t *testing.T, args ...string) (int, []byte) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	status := run(args, &stdout, &stderr)
	require.Empty(t, stderr.String())
	return status, stdout.Bytes()
}

// TestSARIFStructure checks every SARIF output against what the SARIF 2.1.0
// schema requires (OASIS, sarif-schema-2.1.0.json): sarifLog.version
// "2.1.0" and runs; run.tool.driver.name; result.message.text; a level in
// the schema's enum; a physical location with an artifactLocation.uri and a
// region whose startLine and startColumn are at least 1; ruleIndex pointing
// at the driver's rule of that ruleId. It also checks what pmokit promises:
// the result names the subject and points at the rule's line in its file.
func TestSARIFStructure(t *testing.T) {
	for _, args := range [][]string{
		{"check", "--portfolio", "testdata/portfolio.yaml", "--policy", "testdata/policies", "--policy", "testdata/eval-error", at, "--format", "sarif"},
		{"check", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", at, "--format", "sarif"},
		{"gate", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", "--policy", "testdata/policies", "--project", "P-3", "--to", "execution", at, "--format", "sarif"},
		{"check", "--portfolio", "testdata/portfolio.yaml", "--pack", "supportive", at, "--format", "sarif", "--fail-on", "none"},
		{"diff", "--old", "testdata/diff/old", "--new", "testdata/diff/new", "--portfolio", "testdata/portfolio.yaml", at, "--format", "sarif"},
		{"diff", "--old-pack", "supportive", "--new-pack", "directive", "--portfolio", "testdata/portfolio.yaml", at, "--format", "sarif"},
	} {
		t.Run(strings.Join(args[:5], " "), func(t *testing.T) {
			_, out := runOut(t, args...)
			run, results := checkSARIF(t, out)
			require.NotEmpty(t, results)
			for _, r := range results {
				// The region is the rule's id in its policy file.
				uri, line, col := sarifPosition(t, r)
				rule := r["properties"].(map[string]any)["rule"].(string)
				var data []byte
				var err error
				phys := r["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)
				if base, _ := phys["artifactLocation"].(map[string]any)["uriBaseId"].(string); base == sarifPackBase {
					assert.Contains(t, run["originalUriBaseIds"], sarifPackBase)
					data, err = os.ReadFile(filepath.Join("../../governance/packs", uri))
				} else {
					data, err = os.ReadFile(uri)
				}
				require.NoError(t, err)
				lines := strings.Split(string(data), "\n")
				require.LessOrEqual(t, line, len(lines))
				assert.True(t, strings.HasPrefix(lines[line-1][col-1:], rule), "%s:%d:%d is not rule %s: %q", uri, line, col, rule, lines[line-1])
			}
		})
	}
}

// checkSARIF decodes a SARIF log and checks what the SARIF 2.1.0 schema
// requires of it and of each result (see TestSARIFStructure); it returns
// the log's one run and its results, for the caller's own checks. A result
// of a kind other than "fail" must have level "none" (SARIF 2.1.0
// §3.27.10).
func checkSARIF(t *testing.T, out []byte) (map[string]any, []map[string]any) {
	t.Helper()
	var log map[string]any
	require.NoError(t, json.Unmarshal(out, &log))
	assert.Equal(t, "2.1.0", log["version"])
	runs, ok := log["runs"].([]any)
	require.True(t, ok, "runs is an array")
	require.Len(t, runs, 1)
	run := runs[0].(map[string]any)
	driver := run["tool"].(map[string]any)["driver"].(map[string]any)
	assert.Equal(t, "pmokit", driver["name"])
	rules := driver["rules"].([]any)
	var results []map[string]any
	for _, x := range run["results"].([]any) {
		r := x.(map[string]any)
		msg := r["message"].(map[string]any)["text"].(string)
		assert.NotEmpty(t, msg)
		assert.Contains(t, []any{"none", "note", "warning", "error"}, r["level"])
		if kind, ok := r["kind"]; ok {
			assert.Contains(t, []any{"notApplicable", "pass", "fail", "review", "open", "informational"}, kind)
			if kind != "fail" {
				assert.Equal(t, "none", r["level"], "a %s result has level none", kind)
			}
		}
		i := int(r["ruleIndex"].(float64))
		require.Less(t, i, len(rules))
		assert.Equal(t, rules[i].(map[string]any)["id"], r["ruleId"])
		locs := r["locations"].([]any)
		require.Len(t, locs, 1)
		loc := locs[0].(map[string]any)
		logical := loc["logicalLocations"].([]any)[0].(map[string]any)
		subject := logical["name"].(string)
		assert.Contains(t, msg, subject, "the message names the subject")
		if phys, ok := loc["physicalLocation"].(map[string]any); ok {
			assert.NotEmpty(t, phys["artifactLocation"].(map[string]any)["uri"])
			if region, ok := phys["region"].(map[string]any); ok {
				assert.GreaterOrEqual(t, region["startLine"], 1.0)
				if col, ok := region["startColumn"]; ok {
					assert.GreaterOrEqual(t, col, 1.0)
				}
			}
		}
		results = append(results, r)
	}
	return run, results
}

// sarifPosition returns the file, line and column of a result checked by
// checkSARIF; it must have them.
func sarifPosition(t *testing.T, r map[string]any) (string, int, int) {
	t.Helper()
	phys := r["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)
	uri := phys["artifactLocation"].(map[string]any)["uri"].(string)
	region := phys["region"].(map[string]any)
	line, col := int(region["startLine"].(float64)), int(region["startColumn"].(float64))
	require.GreaterOrEqual(t, line, 1)
	require.GreaterOrEqual(t, col, 1)
	return uri, line, col
}

// TestJUnitFromCheck parses check's JUnit back and checks it against the
// report: one case per result, failures and errors where the report has
// violations at or above --fail-on.
func TestJUnitFromCheck(t *testing.T) {
	status, out := runOut(t, "check", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", at, "--format", "junit")
	assert.Equal(t, 1, status)
	var got xmlSuites
	require.NoError(t, xml.Unmarshal(out, &got))
	_, js := runOut(t, "check", "--portfolio", "testdata/portfolio.yaml", "--pack", "directive", at, "--format", "json")
	var rep governance.Report
	require.NoError(t, json.Unmarshal(js, &rep))
	assert.Equal(t, rep.Counts().Errors, got.Failures+got.Errors, "every error-severity violation fails a case")
	total := 0
	for _, s := range got.Suites {
		total += len(s.Cases)
		for _, c := range s.Cases {
			assert.True(t, strings.HasPrefix(c.Classname, s.Name+"."), c.Classname)
		}
	}
	assert.Equal(t, got.Tests, total)

	// --fail-on warning turns the supportive pack's warnings into failures.
	_, out = runOut(t, "check", "--portfolio", "testdata/portfolio.yaml", "--pack", "supportive", at, "--format", "junit", "--fail-on", "warning")
	require.NoError(t, xml.Unmarshal(out, &got))
	assert.Positive(t, got.Failures)
	_, out = runOut(t, "check", "--portfolio", "testdata/portfolio.yaml", "--pack", "supportive", at, "--format", "junit")
	require.NoError(t, xml.Unmarshal(out, &got))
	assert.Zero(t, got.Failures+got.Errors)
}

func TestGitHubEscaping(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, writeGitHub(&buf, []annotation{
		{level: "error", file: "a,b:c.yaml", line: 3, column: 2, title: "p/r, x: y", message: "100% bad\nsecond line\r"},
		{level: "notice", title: "t", message: "no file"},
	}))
	assert.Equal(t, "::error file=a%2Cb%3Ac.yaml,line=3,col=2,title=p/r%2C x%3A y::100%25 bad%0Asecond line%0D\n::notice title=t::no file\n", buf.String())
}
