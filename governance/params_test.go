package governance_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
)

const paramsPolicy = `policy: budget-tolerance
params:
  - name: cost_tolerance
    type: number
    default: 0.10
    description: Cost tolerance as a fraction of the approved budget.
  - name: change_limit
    type: money
    default: {USD: "250000", EUR: "230000"}
  - name: status_rank
    type: map
    of: int
    default: {green: 0, amber: 1, red: 2}
  - name: approval_phases
    type: list
    default: [execution, closing]
  - name: report_interval
    type: duration
    default: 14d
  - name: max_open
    type: int
    default: 3
  - name: owner_role
    type: string
    default: sponsor
  - name: strict
    type: bool
    default: true
rules:
  - id: tolerance
    expression: project.budget.forecast <= project.budget.approved * (1.0 + params.cost_tolerance)
  - id: change-limit
    expression: project.budget.approved <= params.change_limit
  - id: typed
    expression: >-
      params.status_rank['amber'] == 1 && 'closing' in params.approval_phases &&
      params.report_interval == duration('336h') && params.max_open == 3 &&
      params.owner_role == 'sponsor' && params.strict
`

func paramsPortfolio(approved, forecast string) *pmo.Portfolio {
	return &pmo.Portfolio{ID: "pf", Name: "PF", Projects: []pmo.Project{{
		ID: "P-1", Name: "One", Phase: "execution",
		Budget: pmo.Budget{Approved: pmo.MustParseMoney(approved), Forecast: pmo.MustParseMoney(forecast)},
	}}}
}

func paramOutcomes(r *governance.Report) map[string]string {
	out := map[string]string{}
	for _, res := range r.Results() {
		s := res.Outcome.String()
		if res.Outcome == governance.OutcomeError {
			s += ": " + res.Message
		}
		out[res.Rule] = s
	}
	return out
}

func evalParams(t *testing.T, pf *pmo.Portfolio, params governance.Params, policies ...string) (*governance.Report, error) {
	t.Helper()
	var ps []*governance.Policy
	for _, src := range policies {
		p, err := governance.ParsePolicy([]byte(src))
		require.NoError(t, err)
		ps = append(ps, p)
	}
	eng, err := governance.New(governance.WithParams(params))
	require.NoError(t, err)
	set, err := eng.Compile(ps...)
	if err != nil {
		return nil, err
	}
	return set.Evaluate(context.Background(), pf, governance.At(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)))
}

func TestParamsDefaults(t *testing.T) {
	rep, err := evalParams(t, paramsPortfolio("200000 USD", "215000 USD"), nil, paramsPolicy)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"tolerance": "pass", "change-limit": "pass", "typed": "pass"}, paramOutcomes(rep))
	assert.Equal(t, []governance.ParamValue{
		{Policy: "budget-tolerance", Name: "cost_tolerance", Type: "number", Value: "0.1", Source: "default"},
		{Policy: "budget-tolerance", Name: "change_limit", Type: "money", Value: `{"EUR":"230000 EUR","USD":"250000 USD"}`, Source: "default"},
		{Policy: "budget-tolerance", Name: "status_rank", Type: "map of int", Value: `{"amber":1,"green":0,"red":2}`, Source: "default"},
		{Policy: "budget-tolerance", Name: "approval_phases", Type: "list", Value: `["execution","closing"]`, Source: "default"},
		{Policy: "budget-tolerance", Name: "report_interval", Type: "duration", Value: "14d", Source: "default"},
		{Policy: "budget-tolerance", Name: "max_open", Type: "int", Value: "3", Source: "default"},
		{Policy: "budget-tolerance", Name: "owner_role", Type: "string", Value: "sponsor", Source: "default"},
		{Policy: "budget-tolerance", Name: "strict", Type: "bool", Value: "true", Source: "default"},
	}, rep.Params())
}

func TestParamsSetInGo(t *testing.T) {
	pf := paramsPortfolio("200000 USD", "225000 USD") // 12.5% over
	rep, err := evalParams(t, pf, nil, paramsPolicy)
	require.NoError(t, err)
	assert.Equal(t, "fail", paramOutcomes(rep)["tolerance"])

	rep, err = evalParams(t, pf, governance.Params{{Name: "cost_tolerance", Value: 0.15}}, paramsPolicy)
	require.NoError(t, err)
	assert.Equal(t, "pass", paramOutcomes(rep)["tolerance"])
	assert.Contains(t, rep.Params(), governance.ParamValue{Policy: "budget-tolerance", Name: "cost_tolerance", Type: "number", Value: "0.15", Source: "go"})

	// The last value that applies wins, for one policy or for every one.
	rep, err = evalParams(t, pf, governance.Params{
		{Name: "cost_tolerance", Value: 0.01},
		{Policy: "budget-tolerance", Name: "cost_tolerance", Value: 0.2, File: "p.yaml", Line: 4, Column: 5},
	}, paramsPolicy)
	require.NoError(t, err)
	assert.Equal(t, "pass", paramOutcomes(rep)["tolerance"])
	assert.Contains(t, rep.Params(), governance.ParamValue{Policy: "budget-tolerance", Name: "cost_tolerance", Type: "number", Value: "0.2", Source: "p.yaml:4:5"})
	rep, err = evalParams(t, pf, governance.Params{
		{Policy: "budget-tolerance", Name: "cost_tolerance", Value: 0.2},
		{Name: "cost_tolerance", Value: 0.01},
	}, paramsPolicy)
	require.NoError(t, err)
	assert.Equal(t, "fail", paramOutcomes(rep)["tolerance"])
}

func TestParamsMoneyThreshold(t *testing.T) {
	tests := []struct {
		name, approved string
		params         governance.Params
		want           string
	}{
		{"USD under", "250000 USD", nil, "pass"},
		{"USD over", "250000.01 USD", nil, "fail"},
		{"EUR uses its own amount", "240000 EUR", nil, "fail"},
		{"EUR under", "230000 EUR", nil, "pass"},
		{"JPY has none", "1000 JPY", nil,
			`error: expression: currency mismatch: params.change_limit has no amount in "JPY" (it has EUR, USD): set one for JPY`},
		{"single amount", "1000 USD", governance.Params{{Name: "change_limit", Value: "500 USD"}}, "fail"},
		{"single amount other currency", "1 EUR", governance.Params{{Name: "change_limit", Value: pmo.MustParseMoney("500 USD")}},
			`error: expression: currency mismatch: params.change_limit has no amount in "EUR" (it has USD): set one for EUR`},
		{"map of Go values", "1000000 JPY", governance.Params{{Name: "change_limit", Value: map[string]string{"JPY": "40000000"}}}, "pass"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := evalParams(t, paramsPortfolio(tt.approved, tt.approved), tt.params, paramsPolicy)
			require.NoError(t, err)
			got := paramOutcomes(rep)["change-limit"]
			assert.Equal(t, tt.want, strings.Replace(got, "pmo: ", "", 1))
		})
	}
}

func TestParamsMoneyOperators(t *testing.T) {
	const pol = `policy: ops
params:
  - {name: limit, type: money, default: {USD: "100", EUR: "90"}}
rules:
  - {id: lt, expression: "money('99 USD') < params.limit && params.limit > money('99 USD')"}
  - {id: le, expression: "money('90 EUR') <= params.limit && params.limit >= money('90 EUR')"}
  - {id: eq, expression: "dyn(money('100 USD')) == params.limit && params.limit == dyn(money('90 EUR')) && dyn(money('1 USD')) != params.limit"}
  - {id: add, expression: "money('1 USD') + params.limit == money('101 USD') && params.limit - money('1 EUR') == money('89 EUR')"}
  - {id: scale, expression: "money('150 USD') <= params.limit * 1.5 && money('150 USD') >= params.limit * 1.5 && params.limit / 2 >= money('45 EUR') && params.limit / 2 < money('45.01 EUR')"}
  - {id: in, expression: "params.limit.in_currency('EUR') == money('90 EUR') && params.limit.has_currency('USD') && !params.limit.has_currency('GBP')"}
  - {id: list, expression: "params.limit.currencies() == ['EUR', 'USD']"}
  - {id: missing, expression: "params.limit.in_currency('GBP') > money('1 GBP')"}
  - {id: missing-eq, expression: "dyn(money('1 GBP')) != params.limit"}
  - {id: zero, expression: "project.budget.actual < params.limit"}
`
	rep, err := evalParams(t, paramsPortfolio("1 USD", "1 USD"), nil, pol)
	require.NoError(t, err)
	got := paramOutcomes(rep)
	for _, id := range []string{"lt", "le", "eq", "add", "scale", "in", "list", "zero"} {
		assert.Equal(t, "pass", got[id], id)
	}
	assert.Contains(t, got["missing"], `params.limit has no amount in "GBP"`)
	assert.Contains(t, got["missing-eq"], `params.limit has no amount in "GBP"`)
}

func TestParamsCompileErrors(t *testing.T) {
	tests := []struct {
		name, policy string
		params       governance.Params
		want         string
	}{
		{"unknown param", "policy: p\nparams:\n  - {name: a, type: int, default: 1}\nrules:\n  - id: r\n    expression: params.b > 1\n",
			nil, "governance: 6:23: policy p rule r: expression: undeclared reference to 'params.b' (did you mean 'params.a'?)"},
		{"no params", "policy: p\nrules:\n  - id: r\n    expression: params.b > 1\n",
			nil, "the policy declares no params"},
		{"wrong use of a type", "policy: p\nparams:\n  - {name: a, type: string, default: x}\nrules:\n  - id: r\n    expression: params.a > 1\n",
			nil, "found no matching overload for '_>_' applied to '(string, int)'"},
		{"money is not a number", "policy: p\nparams:\n  - {name: a, type: money, default: 1 USD}\nrules:\n  - id: r\n    expression: params.a > 1.0\n",
			nil, "a money parameter compares and adds with money only, the amount in that money's currency"},
		{"money equality", "policy: p\nparams:\n  - {name: a, type: money, default: 1 USD}\nrules:\n  - id: r\n    expression: project.budget.approved == params.a\n",
			nil, "compare with the amount in the money's currency: m == params.limit.in_currency(m.currency())"},
		{"int and double", "policy: p\nparams:\n  - {name: a, type: number, default: 0.1}\nrules:\n  - id: r\n    expression: project.budget.forecast <= project.budget.approved * (1 + params.a)\n",
			nil, "CEL does not mix int and double in arithmetic: write the int as a double (1.0, not 1)"},
		{"unknown name", "policy: p\nparams:\n  - {name: a, type: int, default: 1}\nrules:\n  - {id: r, expression: params.a > 0}\n",
			governance.Params{{Name: "b", Value: 1, File: "f.yaml", Line: 2, Column: 3}},
			"governance: f.yaml:2:3: params: parameter b: no policy of the set declares this parameter (declared: a)"},
		{"unknown policy", "policy: p\nparams:\n  - {name: a, type: int, default: 1}\nrules:\n  - {id: r, expression: params.a > 0}\n",
			governance.Params{{Policy: "q", Name: "a", Value: 1}},
			`governance: params: policy q: parameter a: unknown policy (the set has "p")`},
		{"name not of that policy", "policy: p\nparams:\n  - {name: a, type: int, default: 1}\nrules:\n  - {id: r, expression: params.a > 0}\n",
			governance.Params{{Policy: "p", Name: "c", Value: 1}},
			"governance: params: policy p: parameter c: the policy declares no such parameter (declared: a)"},
		{"wrong type", "policy: p\nparams:\n  - {name: a, type: int, default: 1}\nrules:\n  - {id: r, expression: params.a > 0}\n",
			governance.Params{{Name: "a", Value: "x", File: "f.yaml", Line: 7, Column: 4}},
			`governance: f.yaml:7:4: params: policy p: parameter a: int: want an int, found the string "x"`},
		// A parameter's words are checked where a rule compares them with
		// words the engine knows, like literals: a rating the matrix lacks,
		// an enum word, from the default or from a setting.
		{"rating not on the matrix", "policy: p\nparams:\n  - {name: high, type: list, default: [high, critical]}\nrules:\n  - id: r\n    expression: project.risks.all(x, !(risk_rating(x) in params.high) || x.owner != '')\n",
			governance.Params{{Name: "high", Value: []string{"hgh", "critical"}, File: "f.yaml", Line: 2, Column: 9}},
			`params.high (from f.yaml:2:9): 'hgh' is not a rating of the engine's risk matrix (want 'low', 'medium', 'high' or 'critical')`},
		{"default not on the matrix", "policy: p\nparams:\n  - {name: high, type: list, default: [hihg]}\nrules:\n  - id: r\n    expression: project.risks.all(x, !(risk_rating(x) in params.high) || x.owner != '')\n",
			nil, `params.high (from default): 'hihg' is not a rating of the engine's risk matrix (want 'low', 'medium', 'high' or 'critical'); the default does not fit this engine: set the parameter`},
		{"enum word", "policy: p\nparams:\n  - {name: s, type: string, default: opn}\nrules:\n  - id: r\n    expression: project.risks.all(x, x.status != params.s || x.owner != '')\n",
			nil, `params.s (from default): 'opn' is not a word of risk.status: did you mean 'open'?`},
		{"money float", "policy: p\nparams:\n  - {name: a, type: money, default: 1 USD}\nrules:\n  - {id: r, expression: params.a > money('0 USD')}\n",
			governance.Params{{Name: "a", Value: map[string]any{"USD": 1.5}}},
			"USD: want an amount such as \"250000\" (money is exact: never a Go float), found the number 1.5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := evalParams(t, paramsPortfolio("1 USD", "1 USD"), tt.params, tt.policy)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.True(t, errors.Is(err, governance.ErrInvalidPolicy) || errors.Is(err, governance.ErrInvalidParams), err.Error())
		})
	}
}

func TestParamsParseErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"default does not fit", "policy: p\nparams:\n  - name: a\n    type: int\n    default: 1.5\nrules:\n  - {id: r, expression: 'true'}\n",
			`governance: 5:14: params[0].default: int: invalid int "1.5"`},
		{"default missing", "policy: p\nparams:\n  - {name: a, type: int}\nrules:\n  - {id: r, expression: 'true'}\n",
			"governance: 3:5: params[0].default: required field missing (every parameter has a default)"},
		{"type missing", "policy: p\nparams:\n  - {name: a, default: 1}\nrules:\n  - {id: r, expression: 'true'}\n",
			"governance: 3:5: params[0].type: required field missing"},
		{"bad type", "policy: p\nparams:\n  - {name: a, type: float, default: 1}\nrules:\n  - {id: r, expression: 'true'}\n",
			`governance: 3:21: params[0].type: invalid parameter type "float"`},
		{"duplicate", "policy: p\nparams:\n  - {name: a, type: int, default: 1}\n  - {name: a, type: int, default: 2}\nrules:\n  - {id: r, expression: 'true'}\n",
			`governance: 4:12: params[1].name: duplicate parameter name "a"`},
		{"bad name", "policy: p\nparams:\n  - {name: 1a, type: int, default: 1}\nrules:\n  - {id: r, expression: 'true'}\n",
			`params[0].name: invalid parameter name "1a"`},
		{"unknown key", "policy: p\nparams:\n  - {name: a, type: int, default: 1, unit: days}\nrules:\n  - {id: r, expression: 'true'}\n",
			"governance: 3:38: params[0].unit: unknown key (want name, type, of, default or description)"},
		{"of on a list", "policy: p\nparams:\n  - {name: a, type: list, of: int, default: []}\nrules:\n  - {id: r, expression: 'true'}\n",
			"params[0].of: only a map has of"},
		{"map value", "policy: p\nparams:\n  - {name: a, type: map, of: int, default: {green: x}}\nrules:\n  - {id: r, expression: 'true'}\n",
			`params[0].default: map of int: green: want an int, found the string "x"`},
		{"money currency", "policy: p\nparams:\n  - {name: a, type: money, default: {usd: '1'}}\nrules:\n  - {id: r, expression: 'true'}\n",
			`params[0].default: money: usd: invalid amount "1" in currency "usd"`},
		{"money mismatch", "policy: p\nparams:\n  - {name: a, type: money, default: {USD: '1 EUR'}}\nrules:\n  - {id: r, expression: 'true'}\n",
			`params[0].default: money: USD: amount "1 EUR" is not in USD`},
		{"money empty", "policy: p\nparams:\n  - {name: a, type: money, default: {}}\nrules:\n  - {id: r, expression: 'true'}\n",
			`params[0].default: money: no currency`},
		{"duration", "policy: p\nparams:\n  - {name: a, type: duration, default: 2w}\nrules:\n  - {id: r, expression: 'true'}\n",
			`params[0].default: duration: invalid duration "2w"`},
		{"bool word", "policy: p\nparams:\n  - {name: a, type: bool, default: yes}\nrules:\n  - {id: r, expression: 'true'}\n",
			`params[0].default: bool: want a boolean, found the string "yes" (write true or false)`},
		{"string number", "policy: p\nparams:\n  - {name: a, type: string, default: 12}\nrules:\n  - {id: r, expression: 'true'}\n",
			`(quote it to make it a string)`},
		{"list element", "policy: p\nparams:\n  - {name: a, type: list, default: [a, 1]}\nrules:\n  - {id: r, expression: 'true'}\n",
			`params[0].default: list: [1]: want a string, found the number 1`},
		{"null default", "policy: p\nparams:\n  - {name: a, type: int, default: null}\nrules:\n  - {id: r, expression: 'true'}\n",
			`params[0].default: must not be null`},
		{"not a list", "policy: p\nparams: {a: 1}\nrules:\n  - {id: r, expression: 'true'}\n",
			`governance: 2:9: params: must be a list, found a mapping`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := governance.ParsePolicy([]byte(tt.src))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.ErrorIs(t, err, governance.ErrInvalidPolicy)
		})
	}
}

func TestParamsDurations(t *testing.T) {
	for in, want := range map[string]string{"14d": "14d", "336h": "14d", "1d12h": "36h0m0s", "1.5d": "36h0m0s", "90m": "1h30m0s", "-1d": "-1d"} {
		rep, err := evalParams(t, paramsPortfolio("1 USD", "1 USD"), governance.Params{{Name: "d", Value: in}},
			"policy: p\nparams:\n  - {name: d, type: duration, default: 1d}\nrules:\n  - {id: r, expression: params.d != duration('0s')}\n")
		require.NoError(t, err, in)
		assert.Equal(t, want, rep.Params()[0].Value, in)
	}
	for _, bad := range []string{"", "d", "1x", "1dd", "99999999999d", "1e3d", ".d"} {
		_, err := evalParams(t, paramsPortfolio("1 USD", "1 USD"), governance.Params{{Name: "d", Value: bad}},
			"policy: p\nparams:\n  - {name: d, type: duration, default: 1d}\nrules:\n  - {id: r, expression: params.d != duration('0s')}\n")
		assert.Error(t, err, bad)
	}
}

func TestParamsInGoPolicy(t *testing.T) {
	p := &governance.Policy{Name: "go", Params: []governance.Param{{Name: "n", Type: governance.ParamInt, Default: 2}},
		Rules: []governance.Rule{{ID: "r", Expression: "size(project.risks) <= params.n"}}}
	eng, err := governance.New()
	require.NoError(t, err)
	_, err = eng.Compile(p)
	require.NoError(t, err)

	p.Params[0].Default = "two"
	_, err = eng.Compile(p)
	require.EqualError(t, err, `governance: policy go: params.n.default: int: want an int, found the string "two"`)

	p.Params[0] = governance.Param{Name: "n", Type: governance.ParamInt}
	_, err = eng.Compile(p)
	require.EqualError(t, err, `governance: policy go: params.n: parameter n: default required`)
}

func TestParamsReportJSON(t *testing.T) {
	rep, err := evalParams(t, paramsPortfolio("1 USD", "1 USD"), governance.Params{{Name: "max_open", Value: 4}}, paramsPolicy)
	require.NoError(t, err)
	data, err := json.Marshal(rep)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"params":[{"policy":"budget-tolerance","name":"cost_tolerance","type":"number","value":"0.1","source":"default"}`)
	var back governance.Report
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, rep.Params(), back.Params())
}

func TestParamsExplanation(t *testing.T) {
	rep, err := evalParams(t, paramsPortfolio("300000 USD", "300000 USD"), nil, paramsPolicy)
	require.NoError(t, err)
	var lines []string
	for _, r := range rep.Violations() {
		if r.Rule == "change-limit" {
			lines = r.Explanation()
		}
	}
	assert.Equal(t, []string{`project.budget.approved = "300000 USD"`, `params.change_limit = {"EUR":"230000 EUR","USD":"250000 USD"}`}, lines)
}

func TestEngineWithParams(t *testing.T) {
	p, err := governance.ParsePolicy([]byte(paramsPolicy))
	require.NoError(t, err)
	eng, err := governance.New(governance.WithParams(governance.Params{{Name: "max_open", Value: 5}}))
	require.NoError(t, err)
	derived := eng.WithParams(governance.Params{{Name: "max_open", Value: 6}})
	s1, err := eng.Compile(p)
	require.NoError(t, err)
	s2, err := derived.Compile(p)
	require.NoError(t, err)
	value := func(s *governance.PolicySet) string {
		for _, v := range s.Params() {
			if v.Name == "max_open" {
				return v.Value
			}
		}
		return ""
	}
	assert.Equal(t, "5", value(s1))
	assert.Equal(t, "6", value(s2))
}

func TestParamsInRatings(t *testing.T) {
	const pol = `policy: rated
params:
  - {name: amber_from, type: money, default: {USD: "100"}}
ratings:
  - id: size
    levels:
      - {level: green, when: project.budget.approved < params.amber_from, message: small}
      - {level: amber, when: "true", message: big}
rules:
  - {id: r, expression: "ratings['size'] == 'green'"}
`
	for amber, want := range map[string]string{"100 USD": "amber", "1000 USD": "green"} {
		rep, err := evalParams(t, paramsPortfolio("500 USD", "500 USD"), governance.Params{{Name: "amber_from", Value: amber}}, pol)
		require.NoError(t, err)
		var level string
		for _, r := range rep.Results() {
			if r.Rule == "size" {
				level = r.Level
			}
		}
		assert.Equal(t, want, level, amber)
	}
}

func TestParamsLint(t *testing.T) {
	eng, err := governance.New()
	require.NoError(t, err)
	p, err := governance.ParsePolicy([]byte(paramsPolicy))
	require.NoError(t, err)
	ws, err := eng.Lint(p)
	require.NoError(t, err)
	assert.Empty(t, ws, "a rule reading parameters is not constant")

	p, err = governance.ParsePolicy([]byte("policy: p\nparams:\n  - name: unused\n    type: int\n    default: 1\nrules:\n  - {id: r, expression: project.manager != ''}\n"))
	require.NoError(t, err)
	ws, err = eng.Lint(p)
	require.NoError(t, err)
	require.Len(t, ws, 1)
	assert.Equal(t, "params.unused is never read", ws[0].Message)
	assert.Equal(t, []int{5, 14}, []int{ws[0].Line, ws[0].Column})
}

func TestParamsJSONPolicy(t *testing.T) {
	p, err := governance.ParsePolicy([]byte(`{"policy": "p", "params": [
  {"name": "n", "type": "number", "default": 0.25},
  {"name": "m", "type": "money", "default": {"USD": "10", "EUR": 9}},
  {"name": "k", "type": "map", "of": "bool", "default": {"a": true}}],
  "rules": [{"id": "r", "expression": "params.n < 1.0 && params.k['a'] && money('1 EUR') < params.m"}]}`))
	require.NoError(t, err)
	assert.Equal(t, []governance.Param{
		{Name: "n", Type: governance.ParamNumber, Default: json.Number("0.25")},
		{Name: "m", Type: governance.ParamMoney, Default: map[string]any{"USD": "10", "EUR": json.Number("9")}},
		{Name: "k", Type: governance.ParamMap, Of: governance.ParamBool, Default: map[string]any{"a": true}},
	}, p.Params)
	rep, err := evalParams(t, paramsPortfolio("1 USD", "1 USD"), nil, `{"policy": "p", "params": [{"name": "n", "type": "number", "default": 0.25}], "rules": [{"id": "r", "expression": "params.n < 1.0"}]}`)
	require.NoError(t, err)
	assert.Equal(t, "pass", paramOutcomes(rep)["r"])

	_, err = governance.ParsePolicy([]byte(`{"policy": "p", "params": [{"name": "n", "type": "number", "default": "0.25"}], "rules": [{"id": "r", "expression": "true"}]}`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `governance: 1:71: params[0].default: number: want a number, found the string "0.25"`)
}
