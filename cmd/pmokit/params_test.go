package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParamsFlag(t *testing.T) {
	base := []string{"--portfolio", "testdata/portfolio.yaml", "--policy", "testdata/params/tolerance.yaml", at}
	tests := []struct {
		name   string
		args   []string
		status int
		stdout string
		stderr string
	}{
		// P-1: approved 1.2M, forecast 1.35M (12.5% over).
		{"defaults", append([]string{"check"}, base...), 1, "project P-1\n", ""},
		{"file", append([]string{"check", "--params", "testdata/params/params.yaml"}, base...), 0,
			"params: tolerance.cost_tolerance = 0.15 (testdata/params/params.yaml:3:21), tolerance.change_limit = 1500000 USD (testdata/params/params.yaml:4:19)\n\nno violations", ""},
		{"gate", []string{"gate", "--params", "testdata/params/params.yaml", "--portfolio", "testdata/portfolio.yaml", "--policy", "testdata/params/tolerance.yaml", "--project", "P-2", "--to", "execution", at}, 0,
			"params: tolerance.cost_tolerance = 0.15", ""},
		{"bad file", append([]string{"check", "--params", "testdata/params/bad-params.yaml"}, base...), 2, "",
			"pmokit check: governance: testdata/params/bad-params.yaml:5:19: params: policy tolerance: parameter change_limit: money: want money"},
		{"unknown name", append([]string{"check", "--params", "testdata/params/bad-params.yaml"}, base...), 2, "",
			"pmokit check: governance: testdata/params/bad-params.yaml:2:19: params: parameter cost_tolerence: no policy of the set declares this parameter (declared: change_limit, cost_tolerance)"},
		{"test with the file", []string{"test", "--params", "testdata/params/params.yaml", "testdata/params"}, 0, "2 passed, 0 failed", ""},
		{"test without the file", []string{"test", "testdata/params"}, 1, "1 passed, 1 failed", ""},
		{"test with a value no suite declares", []string{"test", "--params", "testdata/params/unknown-params.yaml", "testdata/params"}, 2, "",
			"pmokit test: governance: testdata/params/unknown-params.yaml:2:19: params: parameter cost_tolerence: no policy of any suite declares this parameter"},
		{"test with a value of the wrong type", []string{"test", "--params", "testdata/params/bad-params.yaml", "testdata/params"}, 2, "",
			"policies do not compile: governance: testdata/params/bad-params.yaml:5:19: params: policy tolerance: parameter change_limit: money: want money"},
		{"report", []string{"report", "--params", "testdata/params/unknown-params.yaml", "--portfolio", "testdata/portfolio.yaml", "--policy", "testdata/params/tolerance.yaml", at, "--out", "/dev/null"}, 2, "",
			"pmokit report: governance: testdata/params/unknown-params.yaml:2:19: params: parameter cost_tolerence: no policy of the set declares this parameter"},
		{"lint", []string{"lint", "--params", "testdata/params/bad-params.yaml", "testdata/params/tolerance.yaml"}, 2,
			"testdata/params/bad-params.yaml:5:19: error: params: policy tolerance: parameter change_limit: money: want money", ""},
		{"lint unknown name", []string{"lint", "--params", "testdata/params/bad-params.yaml", "testdata/params/tolerance.yaml"}, 2,
			"testdata/params/bad-params.yaml:2:19: error: params: parameter cost_tolerence: no policy of the set declares this parameter", ""},
		{"lint good file", []string{"lint", "--params", "testdata/params/params.yaml", "testdata/params/tolerance.yaml"}, 0, "0 errors, 0 warnings in 1 policy", ""},
		{"missing file", append([]string{"check", "--params", "testdata/params/nope.yaml"}, base...), 2, "", "testdata/params/nope.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			status := run(tt.args, &stdout, &stderr)
			assert.Equal(t, tt.status, status, "stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
			assert.Contains(t, stdout.String(), tt.stdout)
			assert.Contains(t, stderr.String(), tt.stderr)
		})
	}
}

func TestParamsFlagJSON(t *testing.T) {
	var stdout, stderr bytes.Buffer
	status := run([]string{"check", "--format", "json", "--params", "testdata/params/params.yaml", "--portfolio", "testdata/portfolio.yaml", "--policy", "testdata/params/tolerance.yaml", at}, &stdout, &stderr)
	require.Equal(t, 0, status, stderr.String())
	var doc struct {
		Params []map[string]string `json:"params"`
	}
	require.NoError(t, json.NewDecoder(strings.NewReader(stdout.String())).Decode(&doc))
	assert.Equal(t, []map[string]string{
		{"policy": "tolerance", "name": "cost_tolerance", "type": "number", "value": "0.15", "source": "testdata/params/params.yaml:3:21"},
		{"policy": "tolerance", "name": "change_limit", "type": "money", "value": "1500000 USD", "source": "testdata/params/params.yaml:4:19"},
	}, doc.Params)
}
