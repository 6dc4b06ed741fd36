package governance_test

import (
	"errors"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
)

const goodPolicy = `policy: budget-approvals
version: 1.2.0
description: Large projects need their sponsor's approval before execution.
scope: project
when: project.phase != 'closing'
variables:
  - name: over_threshold
    expression: project.budget.approved > money('1000000 USD')
rules:
  - id: sponsor-approval
    description: sponsor approves
    severity: warning
    when: variables.over_threshold
    expression: >-
      project.approvals.exists(a, a.role == 'sponsor' && a.decision == 'approved')
    message: Projects over 1M need an approved sponsor decision
    message_expression: "'Project ' + project.id + ' needs sponsor approval'"
  - id: manager
    expression: project.manager != ''
`

func TestParsePolicy(t *testing.T) {
	p, err := governance.ParsePolicy([]byte(goodPolicy))
	require.NoError(t, err)
	assert.Equal(t, "budget-approvals", p.Name)
	assert.Equal(t, "1.2.0", p.Version)
	assert.Equal(t, governance.ScopeProject, p.Scope)
	assert.Equal(t, "project.phase != 'closing'", p.When)
	assert.Equal(t, []governance.Variable{{Name: "over_threshold", Expression: "project.budget.approved > money('1000000 USD')"}}, p.Variables)
	require.Len(t, p.Rules, 2)
	assert.Equal(t, governance.Rule{
		ID: "sponsor-approval", Description: "sponsor approves", Severity: governance.SeverityWarning,
		When:              "variables.over_threshold",
		Expression:        "project.approvals.exists(a, a.role == 'sponsor' && a.decision == 'approved')",
		Message:           "Projects over 1M need an approved sponsor decision",
		MessageExpression: "'Project ' + project.id + ' needs sponsor approval'",
	}, p.Rules[0])
	assert.Equal(t, governance.Rule{ID: "manager", Expression: "project.manager != ''"}, p.Rules[1])
}

func TestParsePolicyJSON(t *testing.T) {
	p, err := governance.ParsePolicy([]byte(`{"policy": "p", "scope": "change",
  "rules": [{"id": "r", "severity": "info", "expression": "change.id != ''"}]}`))
	require.NoError(t, err)
	assert.Equal(t, governance.ScopeChange, p.Scope)
	assert.Equal(t, governance.SeverityInfo, p.Rules[0].Severity)
}

func TestParsePolicyErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // every error message, in order
	}{
		{"empty", ``, []string{"governance: empty policy"}},
		{"not a mapping", `[1, 2]`, []string{"governance: 1:1: a policy must be a mapping, found a list"}},
		{"syntax", "policy: [", []string{"governance: 1:9: invalid YAML: did not find expected node content"}},
		{"missing fields", `version: 1`, []string{
			"governance: 1:1: policy: required field missing",
			"governance: 1:1: rules: required field missing (a policy has rules, ratings or both)",
		}},
		{"unknown key", "policy: p\nscop: project\nrules: [{id: r, expression: 'true'}]", []string{
			"governance: 2:1: scop: unknown key (want policy, version, description, scope, severity, when, params, variables, rules, ratings, waivable, waiver_approvers or max_waiver_days)",
		}},
		{"bad scope and severity", "policy: p\nscope: program\nrules:\n  - {id: r, severity: fatal, expression: 'true'}", []string{
			`governance: 2:8: scope: invalid scope "program" (want portfolio, project, gate or change)`,
			`governance: 4:23: rules[0].severity: invalid severity "fatal" (want error, warning or info)`,
		}},
		{"duplicate rule ids", "policy: p\nrules:\n  - {id: r, expression: 'true'}\n  - {id: r, expression: 'false'}", []string{
			`governance: 4:10: rules[1].id: duplicate rule id "r"`,
		}},
		{"duplicate and bad variable names", "policy: p\nvariables:\n  - {name: a, expression: '1'}\n  - {name: a, expression: '2'}\n  - {name: 1x, expression: '3'}\nrules: [{id: r, expression: 'true'}]", []string{
			`governance: 4:12: variables[1].name: duplicate variable name "a"`,
			`governance: 5:12: variables[2].name: invalid variable name "1x" (want letters, digits and _, not starting with a digit)`,
		}},
		{"rule missing id and expression", "policy: p\nrules:\n  - {description: d, colour: red}", []string{
			"governance: 3:22: rules[0].colour: unknown key (want id, description, severity, when, expression, message, message_expression or waivable)",
			"governance: 3:5: rules[0].id: required field missing",
			"governance: 3:5: rules[0].expression: required field missing",
		}},
		{"two documents", "policy: p\nrules: [{id: r, expression: 'true'}]\n---\npolicy: q\n", []string{"governance: 3:1: a second YAML document: a file holds one document (remove the --- and what follows, or split the file)"}},
		{"no rules", "policy: p\nrules: []", []string{"governance: 2:8: rules: must have at least one rule"}},
		{"duplicate key", "policy: p\npolicy: q\nrules: [{id: r, expression: 'true'}]", []string{"governance: 2:1: policy: duplicate key \"policy\""}},
		{"duplicate keys in a rule and a variable", "policy: p\nvariables: [{name: v, name: w, expression: 'true'}]\nrules: [{id: r, id: s, expression: 'true'}]", []string{
			"governance: 2:23: variables[0].name: duplicate key \"name\"",
			"governance: 3:17: rules[0].id: duplicate key \"id\"",
		}},
		{"not a string", "policy: p\nwhen: [a]\nrules: [{id: r, expression: 'true'}]", []string{"governance: 2:7: when: must be a string, found a list"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := governance.ParsePolicy([]byte(tt.src))
			require.Error(t, err)
			assert.ErrorIs(t, err, governance.ErrInvalidPolicy)
			assert.Equal(t, tt.want, errorLines(err))
		})
	}
}

// errorLines returns the messages of a (joined) error.
func errorLines(err error) []string {
	var out []string
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			out = append(out, e.Error())
		}
		return out
	}
	return []string{err.Error()}
}

func TestParseErrorFields(t *testing.T) {
	_, err := governance.ParsePolicy([]byte("policy: p\nrules:\n  - {id: r, severity: loud, expression: 'true'}"))
	var pe *governance.ParseError
	require.True(t, errors.As(err, &pe))
	assert.Equal(t, 3, pe.Line)
	assert.Equal(t, 23, pe.Column)
	assert.Equal(t, "", pe.File)
	assert.Equal(t, "rules[0].severity", pe.Path)
	assert.EqualError(t, pe.Err, `invalid severity "loud" (want error, warning or info)`)
	assert.ErrorIs(t, err, governance.ErrInvalidPolicy)
}

func TestLoadPolicies(t *testing.T) {
	fsys := fstest.MapFS{
		"policies/b.yaml":   {Data: []byte("policy: b\nrules: [{id: r, expression: 'true'}]")},
		"policies/a.json":   {Data: []byte(`{"policy": "a", "rules": [{"id": "r", "expression": "true"}]}`)},
		"policies/notes.md": {Data: []byte("not a policy")},
		"policies/bad.yml":  {Data: []byte("policy: bad\nrules: [{id: r}]")},
	}
	_, err := governance.LoadPolicies(fsys, "policies")
	require.Error(t, err)
	assert.Equal(t, []string{"governance: policies/bad.yml:2:9: rules[0].expression: required field missing"}, errorLines(err))

	delete(fsys, "policies/bad.yml")
	ps, err := governance.LoadPolicies(fsys, "policies")
	require.NoError(t, err)
	require.Len(t, ps, 2)
	assert.Equal(t, []string{"a", "b"}, []string{ps[0].Name, ps[1].Name})
	assert.Equal(t, "policies/a.json", ps[0].Source)
}

func TestEnumsText(t *testing.T) {
	for _, s := range []governance.Severity{governance.SeverityError, governance.SeverityWarning, governance.SeverityInfo} {
		text, err := s.MarshalText()
		require.NoError(t, err)
		var back governance.Severity
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, s, back)
	}
	assert.Equal(t, []string{"error", "warning", "info"}, []string{
		governance.SeverityError.String(), governance.SeverityWarning.String(), governance.SeverityInfo.String()})
	for _, o := range []governance.Outcome{governance.OutcomePass, governance.OutcomeFail, governance.OutcomeError, governance.OutcomeSkipped} {
		text, err := o.MarshalText()
		require.NoError(t, err)
		var back governance.Outcome
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, o, back)
	}
	_, err := governance.Severity(9).MarshalText()
	assert.Error(t, err)
}
