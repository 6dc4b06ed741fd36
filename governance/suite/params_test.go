package suite

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
)

const paramsSuite = `name: params
policies: [params-policy.yaml]
portfolio:
  id: pf
  name: Params
  projects:
    - {id: P-1, name: One, phase: execution, budget: {approved: "5000 USD"}}
now: 2026-11-26
params:
  params: {max_budget: {USD: "10000"}}
tests:
  - name: the suite's value
    expect:
      only: true
  - name: a case's value wins
    params:
      policies:
        limits: {max_budget: "4000 USD", label: changed}
    expect:
      only: true
      violations:
        - {rule: budget, subject: P-1}
        - {rule: label, subject: P-1}
`

func TestSuiteParams(t *testing.T) {
	s, err := Parse(filepath.Join("testdata", "inline_test.yaml"), []byte(paramsSuite))
	require.NoError(t, err)
	file := filepath.Join("testdata", "inline_test.yaml")
	assert.Equal(t, governance.Params{{Name: "max_budget", Value: map[string]any{"USD": "10000"}, File: file, Line: 10, Column: 24}}, s.Params)
	assert.Equal(t, governance.Params{
		{Policy: "limits", Name: "max_budget", Value: "4000 USD", File: file, Line: 18, Column: 30},
		{Policy: "limits", Name: "label", Value: "changed", File: file, Line: 18, Column: 49},
	}, s.Tests[1].Params)

	rs, err := runSuiteErr(t, paramsSuite, Options{})
	require.NoError(t, err)
	for _, r := range rs.Cases {
		assert.True(t, r.Passed(), "%s: %v %v", r.Name(), r.Failures, r.Err)
	}
	assert.Contains(t, rs.Cases[0].Report.Params(), governance.ParamValue{Policy: "limits", Name: "max_budget", Type: "money", Value: "10000 USD", Source: file + ":10:24"})
	assert.Contains(t, rs.Cases[1].Report.Params(), governance.ParamValue{Policy: "limits", Name: "max_budget", Type: "money", Value: "4000 USD", Source: file + ":18:30"})
}

func TestSuiteParamsOptions(t *testing.T) {
	// Options.Params apply where they fit; the suite's win over them.
	opts := Options{Params: governance.Params{
		{Name: "max_budget", Value: "1 USD"},   // fits, but the suite sets it
		{Name: "label", Value: "from options"}, // fits
		{Policy: "other", Name: "x", Value: 1}, // another suite's
		{Name: "unknown_everywhere", Value: 1}, // nobody's
	}}
	rs, err := runSuiteErr(t, paramsSuite, opts)
	require.NoError(t, err)
	assert.Equal(t, []int{2, 3}, rs.UnusedParams)
	assert.Contains(t, rs.Cases[0].Report.Params(), governance.ParamValue{Policy: "limits", Name: "label", Type: "string", Value: "from options", Source: "go"})
	assert.False(t, rs.Cases[0].Passed(), "label from options makes the label rule fail")
}

func TestSuiteParamsErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"not the file shape", "name: x\npolicies: [params-policy.yaml]\nportfolio: portfolio.yaml\nnow: 2026-11-26\nparams: {max_budget: 1}\ntests:\n  - {name: t, expect: {only: true}}\n",
			`inline_test.yaml:5:10: unknown field "max_budget" in suite params (want one of params, policies)`},
		{"null", "name: x\npolicies: [params-policy.yaml]\nportfolio: portfolio.yaml\nnow: 2026-11-26\ntests:\n  - name: t\n    params: {params: {label: null}}\n    expect: {only: true}\n",
			`inline_test.yaml:7:30: params "label": value missing (null)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(filepath.Join("testdata", "inline_test.yaml"), []byte(tt.src))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
	// A case whose value does not fit cannot run; it names the value.
	rs, err := runSuiteErr(t, "name: x\npolicies: [params-policy.yaml]\nportfolio: portfolio.yaml\nnow: 2026-11-26\ntests:\n  - name: t\n    params: {params: {label: 12, nope: 1}}\n    expect: {only: true}\n", Options{})
	require.NoError(t, err)
	require.Error(t, rs.Cases[0].Err)
	assert.Contains(t, rs.Cases[0].Err.Error(), `inline_test.yaml:7:30: params: policy limits: parameter label: string: want a string, found the number 12`)
	assert.Contains(t, rs.Cases[0].Err.Error(), `inline_test.yaml:7:40: params: parameter nope: no policy of the set declares this parameter`)
	assert.Equal(t, json.Number("12"), mustCase(t, rs).Params[0].Value)
}

func mustCase(t *testing.T, rs *Results) *Case {
	t.Helper()
	require.NotEmpty(t, rs.Cases)
	return rs.Cases[0].Case
}
