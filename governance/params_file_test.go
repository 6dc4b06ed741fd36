package governance_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
)

const paramsFile = `params:
  max_open: 4
policies:
  budget-tolerance:
    cost_tolerance: 0.15
    change_limit: {USD: "300000", EUR: 280000.50}
`

func TestParseParams(t *testing.T) {
	ps, err := governance.ReadParams(strings.NewReader(paramsFile), "params.yaml")
	require.NoError(t, err)
	assert.Equal(t, governance.Params{
		{Name: "max_open", Value: json.Number("4"), File: "params.yaml", Line: 2, Column: 13},
		{Policy: "budget-tolerance", Name: "cost_tolerance", Value: json.Number("0.15"), File: "params.yaml", Line: 5, Column: 21},
		{Policy: "budget-tolerance", Name: "change_limit", Value: map[string]any{"USD": "300000", "EUR": json.Number("280000.50")}, File: "params.yaml", Line: 6, Column: 19},
	}, ps)

	rep, err := evalParams(t, paramsPortfolio("280000.50 EUR", "300000 EUR"), ps, paramsPolicy)
	require.NoError(t, err)
	assert.Equal(t, "pass", paramOutcomes(rep)["change-limit"])
	assert.Equal(t, "pass", paramOutcomes(rep)["tolerance"]) // 7.1% over, within 15%
	var sources []string
	for _, v := range rep.Params() {
		if !v.IsDefault() {
			sources = append(sources, v.String())
		}
	}
	assert.Equal(t, []string{
		"budget-tolerance.cost_tolerance = 0.15 (params.yaml:5:21)",
		`budget-tolerance.change_limit = {"EUR":"280000.5 EUR","USD":"300000 USD"} (params.yaml:6:19)`,
		"budget-tolerance.max_open = 4 (params.yaml:2:13)",
	}, sources)
}

func TestParseParamsJSON(t *testing.T) {
	ps, err := governance.ParseParams([]byte(`{"policies": {"budget-tolerance": {"report_interval": "7d", "approval_phases": ["closing"]}}}`))
	require.NoError(t, err)
	rep, err := evalParams(t, paramsPortfolio("1 USD", "1 USD"), ps, paramsPolicy)
	require.NoError(t, err)
	assert.Contains(t, rep.Params(), governance.ParamValue{Policy: "budget-tolerance", Name: "report_interval", Type: "duration", Value: "7d", Source: "1:55"})
	assert.Equal(t, "fail", paramOutcomes(rep)["typed"]) // 7d is not 336h
}

func TestParseParamsErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"empty", "", "governance: f.yaml: params: empty parameters file"},
		{"not a mapping", "- a\n", "governance: f.yaml:1:1: params: a parameters file must be a mapping with params: and policies:, found a list"},
		{"unknown key", "param:\n  a: 1\n", `governance: f.yaml:1:1: params: unknown key "param" (want params or policies)`},
		{"params list", "params: [a]\n", "governance: f.yaml:1:9: params: params: must be a mapping from parameter name to value, found a list"},
		{"policies list", "policies: [a]\n", "governance: f.yaml:1:11: params: policies: must be a mapping from policy name to its values, found a list"},
		{"policy scalar", "policies:\n  p: 1\n", `governance: f.yaml:2:6: params: policy p: policies: "p": must be a mapping`},
		{"bad name", "params:\n  1a: 1\n", `governance: f.yaml:2:3: params: invalid parameter name "1a"`},
		{"null", "params:\n  a:\n", "governance: f.yaml:2:5: params: parameter a: value missing (null)"},
		{"duplicate", "params:\n  a: 1\n  a: 2\n", `governance: f.yaml:3:3: params: duplicate key "a"`},
		{"syntax", "params: {a: [}\n", "governance: f.yaml:1:"},
		{"two documents", "params: {}\n---\nparams: {}\n", "governance: f.yaml:2:1: params: a second YAML document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := governance.ReadParams(strings.NewReader(tt.src), "f.yaml")
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.ErrorIs(t, err, governance.ErrInvalidParams)
		})
	}
}

func TestParamsFileAtCompile(t *testing.T) {
	ps, err := governance.ReadParams(strings.NewReader("params:\n  nope: 1\npolicies:\n  budget-tolerance:\n    max_open: many\n  other:\n    x: 1\n"), "p.yaml")
	require.NoError(t, err)
	_, err = evalParams(t, paramsPortfolio("1 USD", "1 USD"), ps, paramsPolicy)
	require.Error(t, err)
	assert.Equal(t, `governance: p.yaml:5:15: params: policy budget-tolerance: parameter max_open: int: want an int, found the string "many"
governance: p.yaml:2:9: params: parameter nope: no policy of the set declares this parameter (declared: approval_phases, change_limit, cost_tolerance, max_open, owner_role, report_interval, status_rank, strict)
governance: p.yaml:7:8: params: policy other: parameter x: unknown policy (the set has "budget-tolerance")`, err.Error())
	var pe *governance.ParamError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, governance.ParamError{File: "p.yaml", Line: 5, Column: 15, Policy: "budget-tolerance", Name: "max_open", Err: pe.Err}, *pe)
	assert.True(t, errors.Is(err, governance.ErrInvalidParams))
}

func TestParseParamsFileLimit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.json")
	require.NoError(t, os.WriteFile(path, []byte(`{"params": {"a": 1}}`), 0o600))
	ps, err := governance.ParseParamsFile(path)
	require.NoError(t, err)
	assert.Equal(t, path+":1:18", ps[0].File+":1:18")
	_, err = governance.ReadOptions{MaxBytes: 5}.ParseParamsFile(path)
	require.Error(t, err)
	assert.ErrorIs(t, err, governance.ErrInvalidParams)
	_, err = governance.ParseParamsFile(filepath.Join(dir, "missing.yaml"))
	require.Error(t, err)
}

// FuzzParseParams parses arbitrary bytes as a parameters file: it must
// never panic, every error must match ErrInvalidParams, every setting must
// have a valid name and a position, and compiling the settings against a
// policy must give a set or errors of the documented kinds.
func FuzzParseParams(f *testing.F) {
	for _, seed := range []string{
		paramsFile,
		"",
		"{}",
		`{"params": {"a": 1}, "policies": {"p": {"b": [1, 2]}}}`,
		"params: {cost_tolerance: .inf}\n",
		"params: {cost_tolerance: 1e400, max_open: 99999999999999999999}\n",
		"params: {change_limit: {USD: 1e3, EUR: '-0', JPY: 1.5}}\n",
		"params: {report_interval: 99999999999999d}\n",
		"params: {report_interval: 1d1d1d-1h}\n",
		"params: &a {x: *a}\n",
		"params: !!map {a: 1}\n",
		"policies: {budget-tolerance: {status_rank: {green: 1.0, red: x}}}\n",
		"policies:\n  budget-tolerance: null\n",
		"params: {strict: yes, owner_role: 12}\n",
		"params:\n  a: 1\n  a: 2\n",
		"\xff\xfe",
		"- - - -",
	} {
		f.Add([]byte(seed))
	}
	pol, err := governance.ParsePolicy([]byte(paramsPolicy))
	if err != nil {
		f.Fatal(err)
	}
	eng, err := governance.New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, err := governance.ParseParams(data)
		if err != nil {
			if !errors.Is(err, governance.ErrInvalidParams) {
				t.Fatalf("error does not match ErrInvalidParams: %v", err)
			}
			return
		}
		for _, s := range ps {
			if s.Name == "" || s.Line == 0 || s.Value == nil {
				t.Fatalf("setting without name, position or value: %+v", s)
			}
		}
		_, err = eng.WithParams(ps).Compile(pol)
		if err != nil && !errors.Is(err, governance.ErrInvalidParams) {
			t.Fatalf("compile error does not match ErrInvalidParams: %v", err)
		}
	})
}

func TestParseParamsPolicyValuesWin(t *testing.T) {
	// policies: before params: in the file; the value for the policy still
	// wins.
	ps, err := governance.ParseParams([]byte("policies:\n  budget-tolerance: {max_open: 9}\nparams:\n  max_open: 1\n"))
	require.NoError(t, err)
	rep, err := evalParams(t, paramsPortfolio("1 USD", "1 USD"), ps, paramsPolicy)
	require.NoError(t, err)
	assert.Contains(t, rep.Params(), governance.ParamValue{Policy: "budget-tolerance", Name: "max_open", Type: "int", Value: "9", Source: "2:32"})
}
