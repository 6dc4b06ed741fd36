package governance_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
)

// perTypePolicy has a policy-level severity by PMO type, a rule that keeps
// it, a rule with its own map and a rule with a scalar.
const perTypePolicy = `policy: p
severity: {supportive: info, controlling: warning, directive: error}
rules:
  - id: inherits
    expression: "false"
  - id: own-map
    severity:
      supportive: warning
      controlling: error
      directive: error
    expression: "false"
  - id: scalar
    severity: info
    expression: "false"
`

func TestParseSeverityByType(t *testing.T) {
	for name, src := range map[string]string{
		"yaml": perTypePolicy,
		"json": `{"policy": "p", "severity": {"supportive": "info", "controlling": "warning", "directive": "error"},
		  "rules": [{"id": "inherits", "expression": "false"},
		            {"id": "own-map", "severity": {"supportive": "warning", "controlling": "error", "directive": "error"}, "expression": "false"},
		            {"id": "scalar", "severity": "info", "expression": "false"}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			p, err := governance.ParsePolicy([]byte(src))
			require.NoError(t, err)
			assert.Equal(t, governance.Severity(0), p.Severity)
			assert.Equal(t, map[pmo.Type]governance.Severity{
				pmo.Supportive: governance.SeverityInfo, pmo.Controlling: governance.SeverityWarning, pmo.Directive: governance.SeverityError,
			}, p.Severities)
			assert.Equal(t, governance.Severity(0), p.Rules[0].Severity)
			assert.Nil(t, p.Rules[0].Severities)
			assert.Equal(t, governance.Severity(0), p.Rules[1].Severity)
			assert.Equal(t, map[pmo.Type]governance.Severity{
				pmo.Supportive: governance.SeverityWarning, pmo.Controlling: governance.SeverityError, pmo.Directive: governance.SeverityError,
			}, p.Rules[1].Severities)
			assert.Equal(t, governance.SeverityInfo, p.Rules[2].Severity)
			assert.Nil(t, p.Rules[2].Severities)
		})
	}
}

func TestParseSeverityByTypeErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"unknown type and bad word", "policy: p\nrules:\n  - id: r\n    severity: {supportive: info, controling: error, directive: fatal}\n    expression: 'true'", []string{
			`governance: 4:34: rules[0].severity.controling: unknown PMO type "controling" (want supportive, controlling or directive)`,
			`governance: 4:64: rules[0].severity.directive: invalid severity "fatal" (want error, warning or info)`,
			`governance: 4:15: rules[0].severity: no severity for PMO type controlling (a severity by PMO type names supportive, controlling and directive)`,
		}},
		{"a type missing at policy level", "policy: p\nseverity: {directive: error}\nrules: [{id: r, expression: 'true'}]", []string{
			`governance: 2:11: severity: no severity for PMO type supportive (a severity by PMO type names supportive, controlling and directive)`,
			`governance: 2:11: severity: no severity for PMO type controlling (a severity by PMO type names supportive, controlling and directive)`,
		}},
		{"a list value", "policy: p\nseverity: {supportive: [info], controlling: warning, directive: error}\nrules: [{id: r, expression: 'true'}]", []string{
			`governance: 2:24: severity.supportive: must be a string, found a list`,
		}},
		{"a list", "policy: p\nseverity: [info]\nrules: [{id: r, expression: 'true'}]", []string{
			`governance: 2:11: severity: must be a string, found a list`,
		}},
		{"an unset value", "policy: p\nseverity: {supportive: , controlling: warning, directive: error}\nrules: [{id: r, expression: 'true'}]", []string{
			`governance: 2:24: severity.supportive: invalid severity "" (want error, warning or info)`,
		}},
		{"bad policy-level word", "policy: p\nseverity: loud\nrules: [{id: r, expression: 'true'}]", []string{
			`governance: 2:11: severity: invalid severity "loud" (want error, warning or info)`,
		}},
		{"json number", `{"policy": "p", "severity": {"supportive": 1, "controlling": "error", "directive": "error"}, "rules": [{"id": "r", "expression": "true"}]}`, []string{
			`governance: 1:44: severity.supportive: must be a string, found a number`,
		}},
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

// TestCompileSeverityByType compiles the same policy for each PMO type and
// checks the severity of each rule's violation.
func TestCompileSeverityByType(t *testing.T) {
	p, err := governance.ParsePolicy([]byte(perTypePolicy))
	require.NoError(t, err)
	want := map[pmo.Type][3]governance.Severity{
		pmo.Supportive:  {governance.SeverityInfo, governance.SeverityWarning, governance.SeverityInfo},
		pmo.Controlling: {governance.SeverityWarning, governance.SeverityError, governance.SeverityInfo},
		pmo.Directive:   {governance.SeverityError, governance.SeverityError, governance.SeverityInfo},
	}
	pf := &pmo.Portfolio{ID: "pf", Projects: []pmo.Project{{ID: "P-1", Name: "One"}}}
	for typ, sevs := range want {
		t.Run(typ.String(), func(t *testing.T) {
			eng, err := governance.New(governance.WithPMOType(typ))
			require.NoError(t, err)
			set, err := eng.Compile(p)
			require.NoError(t, err)
			rep, err := set.Evaluate(context.Background(), pf)
			require.NoError(t, err)
			got := map[string]governance.Severity{}
			for _, v := range rep.Violations() {
				got[v.Rule] = v.Severity
			}
			assert.Equal(t, map[string]governance.Severity{"inherits": sevs[0], "own-map": sevs[1], "scalar": sevs[2]}, got)
		})
	}
}

// TestCompileSeverityByTypeNeedsType checks that a severity by PMO type
// without WithPMOType is a compile error at the severity's position that
// says to set the type: one for the policy's default, one for the rule's
// own map; the scalar rule compiles.
func TestCompileSeverityByTypeNeedsType(t *testing.T) {
	p, err := governance.ParsePolicy([]byte(perTypePolicy))
	require.NoError(t, err)
	p.Source = "p.yaml"
	eng, err := governance.New()
	require.NoError(t, err)
	_, err = eng.Compile(p)
	require.Error(t, err)
	assert.ErrorIs(t, err, governance.ErrInvalidPolicy)
	const msg = "severity is given per PMO type: set the PMO type to compile for (governance.WithPMOType; pmokit: --pack TYPE)"
	assert.Equal(t, []string{
		"governance: p.yaml:2:11: policy p: severity: " + msg,
		"governance: p.yaml:8:7: policy p rule own-map: severity: " + msg,
	}, errorLines(err))
	var ce *governance.CompileError
	require.True(t, errors.As(err, &ce))
	assert.Equal(t, "severity", ce.Path)
}

// TestCompileSeverityBuiltInGo checks the severities of a policy built in
// Go: a map without the engine's type and a value that is not a severity
// are compile errors; a policy-level scalar applies to the rules without
// one.
func TestCompileSeverityBuiltInGo(t *testing.T) {
	eng, err := governance.New(governance.WithPMOType(pmo.Controlling))
	require.NoError(t, err)
	_, err = eng.Compile(&governance.Policy{Name: "p", Rules: []governance.Rule{
		{ID: "partial", Expression: "true", Severities: map[pmo.Type]governance.Severity{pmo.Directive: governance.SeverityError}},
		{ID: "bad", Expression: "true", Severities: map[pmo.Type]governance.Severity{pmo.Controlling: 9}},
		{ID: "bad-scalar", Expression: "true", Severity: -1},
	}})
	assert.Equal(t, []string{
		"governance: policy p rule partial: severity: severity has no value for PMO type controlling",
		"governance: policy p rule bad: severity: invalid severity 9 for PMO type controlling",
		"governance: policy p rule bad-scalar: severity: invalid severity -1",
	}, errorLines(err))

	_, err = eng.Compile(&governance.Policy{Name: "p", Severity: 7, Rules: []governance.Rule{{ID: "r", Expression: "true"}, {ID: "s", Expression: "true"}}})
	assert.Equal(t, []string{"governance: policy p: severity: invalid severity 7"}, errorLines(err))

	set, err := eng.Compile(&governance.Policy{Name: "p", Severity: governance.SeverityInfo, Rules: []governance.Rule{
		{ID: "r", Expression: "false"},
		{ID: "s", Expression: "false", Severity: governance.SeverityWarning},
	}})
	require.NoError(t, err)
	rep, err := set.Evaluate(context.Background(), &pmo.Portfolio{ID: "pf", Projects: []pmo.Project{{ID: "P-1", Name: "One"}}})
	require.NoError(t, err)
	var got []governance.Severity
	for _, v := range rep.Violations() {
		got = append(got, v.Severity)
	}
	assert.Equal(t, []governance.Severity{governance.SeverityInfo, governance.SeverityWarning}, got)
}

func TestWithPMOTypeInvalid(t *testing.T) {
	for _, typ := range []pmo.Type{0, 4, -1} {
		_, err := governance.New(governance.WithPMOType(typ))
		assert.Error(t, err, "type %d", int(typ))
	}
}

// TestRatingSeverityByType checks that a rating takes the policy's severity
// by PMO type for its error results (a subject no level matches), and its
// own mapping when it has one.
func TestRatingSeverityByType(t *testing.T) {
	p, err := governance.ParsePolicy([]byte(`policy: p
severity: {supportive: info, controlling: warning, directive: error}
ratings:
  - id: inherits
    levels:
      - {level: never, when: "false"}
  - id: own
    severity: {supportive: warning, controlling: warning, directive: warning}
    levels:
      - {level: never, when: "false"}
rules:
  - {id: r, expression: "true"}
`))
	require.NoError(t, err)
	pf := &pmo.Portfolio{ID: "pf", Projects: []pmo.Project{{ID: "P-1", Name: "One"}}}
	for typ, want := range map[pmo.Type]governance.Severity{
		pmo.Supportive: governance.SeverityInfo, pmo.Controlling: governance.SeverityWarning, pmo.Directive: governance.SeverityError,
	} {
		eng, err := governance.New(governance.WithPMOType(typ))
		require.NoError(t, err)
		set, err := eng.Compile(p)
		require.NoError(t, err)
		rep, err := set.Evaluate(context.Background(), pf)
		require.NoError(t, err)
		got := map[string]governance.Severity{}
		for _, v := range rep.Violations() {
			assert.Equal(t, governance.OutcomeError, v.Outcome)
			got[v.Rule] = v.Severity
		}
		assert.Equal(t, map[string]governance.Severity{"inherits": want, "own": governance.SeverityWarning}, got, typ)
	}
	eng, err := governance.New()
	require.NoError(t, err)
	_, err = eng.Compile(p)
	assert.ErrorContains(t, err, "policy p: severity: severity is given per PMO type")
}
