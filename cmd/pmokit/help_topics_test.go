package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pmokit/pmokit/governance"
)

// TestHelpTopics runs the reference topics of pmokit help.
func TestHelpTopics(t *testing.T) {
	tests := []cliCase{
		{name: "fields of risk", args: []string{"help", "fields", "risk"}, status: 0, golden: "help-fields-risk.txt"},
		{name: "entities", args: []string{"help", "fields"}, status: 0, stdout: "  risk             project.risks.all(r, …)\n"},
		{name: "policies", args: []string{"help", "policies"}, status: 0, stdout: "## Scopes and the variables in scope"},
		{name: "functions", args: []string{"help", "functions"}, status: 0, stdout: "  add_months(timestamp, int) -> timestamp\n"},
		{name: "unknown entity", args: []string{"help", "fields", "riks"}, status: 2, stderr: `pmokit help fields: unknown entity "riks" (want one of project, portfolio,`},
		{name: "too many", args: []string{"help", "fields", "risk", "x"}, status: 2, stderr: `pmokit help fields: unexpected argument "x"`},
		{name: "functions argument", args: []string{"help", "functions", "x"}, status: 2, stderr: `pmokit help functions: unexpected argument "x"`},
		{name: "waivers", args: []string{"help", "waivers"}, status: 0, stdout: "max_waiver_days: 90"},
		{name: "waivers usage", args: []string{"help", "waivers"}, status: 0, stdout: "usage: pmokit waivers --portfolio FILE"},
		{name: "help lists the topics", args: []string{"help", "--help"}, status: 0, stdout: "pmokit help fields [ENTITY]"},
	}
	for _, c := range tests {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			status := run(c.args, &stdout, &stderr)
			check(t, status, stdout.String(), stderr.String(), c.status, c.golden, c.stdout, c.stderr)
		})
	}
	// Every function and every entity of the reference is printed.
	var stdout bytes.Buffer
	run([]string{"help", "functions"}, &stdout, &bytes.Buffer{})
	for _, f := range governance.Functions() {
		assert.Contains(t, stdout.String(), "  "+f.Signature+"\n      "+f.Description+"\n      e.g. "+f.Example+"\n")
	}
	stdout.Reset()
	run([]string{"help", "fields"}, &stdout, &bytes.Buffer{})
	for _, e := range governance.Entities() {
		assert.True(t, strings.Contains(stdout.String(), "  "+e.Name+" "), e.Name)
	}
}
