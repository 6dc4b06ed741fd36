package main

import (
	"bytes"
	"testing"
)

// TestLint runs pmokit lint on the policies of testdata/lint: every error
// (exit 2) and every warning, in the file:line:col form of the golden files.
func TestLint(t *testing.T) {
	tests := []cliCase{
		{name: "errors and warnings", args: []string{"lint", "testdata/lint"}, status: 2, golden: "lint-all.txt"},
		{name: "warnings only", args: []string{"lint", "testdata/lint/warnings.yaml"}, status: 0, golden: "lint-warnings.txt"},
		{name: "strict", args: []string{"lint", "--strict", "testdata/lint/warnings.yaml"}, status: 1, golden: "lint-warnings.txt"},
		{name: "lifecycle", args: []string{"lint", "--lifecycle", "idea,build,run", "testdata/lint/warnings.yaml"}, status: 2, golden: "lint-lifecycle.txt"},
		{name: "clean", args: []string{"lint", "testdata/policies"}, status: 0, stdout: "0 errors, 0 warnings in 2 policies\n"},
		{name: "no files", args: []string{"lint"}, status: 2, stderr: "pmokit lint: no policy files: give FILE or DIR"},
		{name: "bad lifecycle", args: []string{"lint", "--lifecycle", "a,,b", "testdata/lint"}, status: 2, stderr: `pmokit lint: governance: lifecycle: empty or duplicate phase ""`},
		{name: "missing file", args: []string{"lint", "testdata/nope.yaml"}, status: 2, stdout: "testdata/nope.yaml"},
		{name: "help", args: []string{"help", "lint"}, status: 0, stdout: "usage: pmokit lint"},
	}
	for _, c := range tests {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			status := run(c.args, &stdout, &stderr)
			check(t, status, stdout.String(), stderr.String(), c.status, c.golden, c.stdout, c.stderr)
		})
	}
}
