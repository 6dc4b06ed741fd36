package governance_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
)

func compileErrors(t *testing.T, err error) []governance.CompileError {
	t.Helper()
	require.Error(t, err)
	var out []governance.CompileError
	var list []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	} else {
		list = []error{err}
	}
	for _, e := range list {
		var ce *governance.CompileError
		require.True(t, errors.As(e, &ce), "not a *CompileError: %v", e)
		out = append(out, *ce)
	}
	return out
}

func TestCompileErrorPositions(t *testing.T) {
	// Each case: a policy file, and the (line, column) in the file where the
	// offending token is, with the message's start.
	tests := []struct {
		name          string
		src           string
		rule, field   string
		line, column  int
		messagePrefix string
	}{
		{
			name: "plain scalar unknown field",
			src:  "policy: p\nrules:\n  - id: r\n    expression: project.budgt.approved != ''\n",
			rule: "r", field: "expression", line: 4, column: 24,
			messagePrefix: "undefined field 'budgt'",
		},
		{
			name: "double quoted",
			src:  "policy: p\nrules:\n  - id: r\n    expression: \"project.nme != ''\"\n",
			rule: "r", field: "expression", line: 4, column: 25,
			messagePrefix: "undefined field 'nme'",
		},
		{
			name: "folded block scalar, second line",
			src: `policy: p
rules:
  - id: r
    expression: >-
      project.manager != '' &&
        project.risks.all(r, r.ownr != '')
`,
			rule: "r", field: "expression", line: 6, column: 31,
			messagePrefix: "undefined field 'ownr'",
		},
		{
			name: "literal block scalar, third line",
			src: `policy: p
rules:
  - id: r
    expression: |
      project.manager != ''
      && project.sponsor != ''
      && project.phse == 'execution'
`,
			rule: "r", field: "expression", line: 7, column: 17,
			messagePrefix: "undefined field 'phse'",
		},
		{
			name: "not boolean",
			src:  "policy: p\nrules:\n  - id: r\n    expression: project.id\n",
			rule: "r", field: "expression", line: 4, column: 17,
			messagePrefix: "must be of type bool, found string",
		},
		{
			name: "message expression not a string",
			src:  "policy: p\nrules:\n  - id: r\n    expression: 'true'\n    message_expression: size(project.risks)\n",
			rule: "r", field: "message_expression", line: 5, column: 25,
			messagePrefix: "must be of type string, found int",
		},
		{
			name:  "policy when",
			src:   "policy: p\nwhen: project.phase == 1\nrules:\n  - id: r\n    expression: 'true'\n",
			field: "when", line: 2, column: 21,
			messagePrefix: "found no matching overload for '_==_'",
		},
		{
			name: "gate outside gate scope",
			src:  "policy: p\nscope: project\nrules:\n  - id: r\n    expression: gate.to == 'execution'\n",
			rule: "r", field: "expression", line: 5, column: 17,
			messagePrefix: "undeclared reference to 'gate'",
		},
		{
			name: "money compared with a number",
			src:  "policy: p\nrules:\n  - id: r\n    expression: project.budget.approved > 1000\n",
			rule: "r", field: "expression", line: 4, column: 41,
			messagePrefix: "found no matching overload for '_>_'",
		},
		{
			name: "syntax error",
			src:  "policy: p\nrules:\n  - id: r\n    when: project.id ==\n    expression: 'true'\n",
			rule: "r", field: "when", line: 4, column: 24,
			messagePrefix: "Syntax error",
		},
		{
			name:  "variable",
			src:   "policy: p\nvariables:\n  - name: v\n    expression: project.nope\nrules:\n  - id: r\n    expression: variables.v == 1\n",
			field: "variables.v", line: 4, column: 24,
			messagePrefix: "undefined field 'nope'",
		},
	}
	eng, err := governance.New()
	require.NoError(t, err)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := governance.ParsePolicy([]byte(tt.src))
			require.NoError(t, err)
			p.Source = "p.yaml"
			_, err = eng.Compile(p)
			errs := compileErrors(t, err)
			require.NotEmpty(t, errs)
			e := errs[0]
			assert.Equal(t, "p", e.Policy)
			assert.Equal(t, tt.rule, e.Rule)
			assert.Equal(t, tt.field, e.Field)
			assert.Equal(t, "p.yaml", e.Source)
			assert.Equal(t, [2]int{tt.line, tt.column}, [2]int{e.Line, e.Column}, e.Error())
			assert.True(t, strings.HasPrefix(e.Message, tt.messagePrefix), e.Message)
			assert.Contains(t, e.Error(), "governance: p.yaml:")
		})
	}
}

func TestCompileReportsAllErrors(t *testing.T) {
	eng, err := governance.New()
	require.NoError(t, err)
	p1 := &governance.Policy{Name: "a", Rules: []governance.Rule{
		{ID: "r1", Expression: "project.x"},
		{ID: "r2", Expression: "project.id"},
		{ID: "r3", Expression: "true"},
	}}
	p2 := &governance.Policy{Name: "b", Scope: governance.ScopeChange, Rules: []governance.Rule{
		{ID: "r1", Expression: "change.cost > money('1 USD')"},
	}}
	dup := &governance.Policy{Name: "a", Rules: []governance.Rule{{ID: "r", Expression: "true"}}}
	_, err = eng.Compile(p1, p2, dup)
	errs := compileErrors(t, err)
	var got []string
	for _, e := range errs {
		got = append(got, e.Policy+"/"+e.Rule)
	}
	assert.Equal(t, []string{"a/r1", "a/r2", "b/r1", "a/"}, got)
	// A policy built in Go has positions within its expression.
	assert.Equal(t, [2]int{1, 8}, [2]int{errs[0].Line, errs[0].Column})
	assert.Equal(t, "governance: 1:8: policy a rule r1: expression: undefined field 'x': project has no such field (pmokit help fields project lists them)", errs[0].Error())
}

func TestCompileCostEstimate(t *testing.T) {
	// A triple loop over the portfolio's projects: 1000³ iterations at the
	// size hints. The default engine compiles it (the runtime cost limit
	// guards each evaluation, see TestNaturalShapes); an engine with an
	// estimated cost limit refuses it.
	p := &governance.Policy{Name: "costly", Scope: governance.ScopePortfolio, Rules: []governance.Rule{{
		ID:         "r",
		Expression: "portfolio.projects.all(a, portfolio.projects.all(b, portfolio.projects.all(c, a.id != b.id || b.id != c.id)))",
	}}}
	eng, err := governance.New()
	require.NoError(t, err)
	_, err = eng.Compile(p)
	require.NoError(t, err)

	strict, err := governance.New(governance.WithEstimatedCostLimit(10_000_000))
	require.NoError(t, err)
	_, err = strict.Compile(p)
	errs := compileErrors(t, err)
	require.Len(t, errs, 1)
	assert.Equal(t, "estimated worst-case cost 211006006003 exceeds the limit 10000000 (assuming up to 1000 projects, people and programs, 100 items in any other list and 1000-byte strings)", errs[0].Message)
	_, err = strict.Compile(&governance.Policy{Name: "ok", Scope: governance.ScopePortfolio, Rules: []governance.Rule{{
		ID: "r", Expression: "portfolio.projects.all(p, p.risks.all(r, r.owner != ''))",
	}}})
	require.NoError(t, err)
}

func TestNewOptions(t *testing.T) {
	_, err := governance.New(governance.WithCostLimit(0))
	assert.EqualError(t, err, "governance: cost limit must be positive")
	_, err = governance.New(governance.WithEstimatedCostLimit(0))
	assert.Error(t, err)
	_, err = governance.New(governance.WithRiskMatrix(nil))
	assert.Error(t, err)
}
