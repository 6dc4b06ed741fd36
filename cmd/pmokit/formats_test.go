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
			results := run["results"].([]any)
			require.NotEmpty(t, results)
			for _, x := range results {
				r := x.(map[string]any)
				msg := r["message"].(map[string]any)["text"].(string)
				assert.NotEmpty(t, msg)
				assert.Contains(t, []any{"none", "note", "warning", "error"}, r["level"])
				i := int(r["ruleIndex"].(float64))
				require.Less(t, i, len(rules))
				assert.Equal(t, rules[i].(map[string]any)["id"], r["ruleId"])
				locs := r["locations"].([]any)
				require.Len(t, locs, 1)
				loc := locs[0].(map[string]any)
				logical := loc["logicalLocations"].([]any)[0].(map[string]any)
				subject := logical["name"].(string)
				assert.Contains(t, msg, subject, "the message names the subject")
				phys := loc["physicalLocation"].(map[string]any)
				uri := phys["artifactLocation"].(map[string]any)["uri"].(string)
				region := phys["region"].(map[string]any)
				line, col := int(region["startLine"].(float64)), int(region["startColumn"].(float64))
				require.GreaterOrEqual(t, line, 1)
				require.GreaterOrEqual(t, col, 1)
				// The region is the rule's id in its policy file.
				rule := r["properties"].(map[string]any)["rule"].(string)
				var data []byte
				var err error
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
