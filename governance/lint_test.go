package governance_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
)

func lintStrings(t *testing.T, eng *governance.Engine, src string) ([]string, error) {
	t.Helper()
	p, err := governance.ParsePolicy([]byte(src))
	require.NoError(t, err)
	p.Source = "p.yaml"
	ws, err := eng.Lint(p)
	var out []string
	for _, w := range ws {
		out = append(out, w.String())
	}
	return out, err
}

// TestLint pins every warning of Engine.Lint with its message and position.
func TestLint(t *testing.T) {
	eng, err := governance.New()
	require.NoError(t, err)
	got, err := lintStrings(t, eng, `policy: p
variables:
  - name: unused
    expression: project.budget.approved
  - name: used
    expression: size(project.risks)
rules:
  - id: constant-when
    when: 1 < 2
    expression: variables.used >= 0
  - id: never-fails
    expression: project.id != '' || true
  - id: always-fails
    expression: money('1 USD') > money('2 USD')
  - id: costly
    expression: portfolio.projects.all(a, portfolio.projects.all(b, a.id != b.id || a.name == b.name))
  - id: phase
    expression: project.phase != 'launch'
  - id: fine
    when: project.phase == 'execution'
    expression: project.manager != ''
`)
	require.NoError(t, err)
	assert.Equal(t, []string{
		"p.yaml:4:17: warning: policy p: variables.unused: variables.unused is never read",
		"p.yaml:9:11: warning: policy p rule constant-when: when: when is always true: remove it",
		"p.yaml:12:17: warning: policy p rule never-fails: expression: expression is always true: the rule can never fail",
		"p.yaml:14:17: warning: policy p rule always-fails: expression: expression is always false: the rule fails on every subject",
		"p.yaml:16:17: warning: policy p rule costly: expression: estimated worst-case cost 211006003 at the declared sizes (1000 projects, people and programs, 100 items in any other list, 1000-byte strings) exceeds the runtime cost limit 1000000: on a portfolio that large it is an error result",
		"p.yaml:18:34: warning: policy p rule phase: expression: phase 'launch' is not in the default lifecycle ('initiation', 'planning', 'execution' or 'closing'): the rule is an error on every portfolio whose lifecycle lacks it",
	}, got)

	// With the lifecycle known, the phase is a compile error; Lint returns
	// it, and the warnings of the policies that compile.
	strict, err := governance.New(governance.WithLifecycle("initiation", "planning", "execution", "closing"))
	require.NoError(t, err)
	got, err = lintStrings(t, strict, "policy: q\nrules:\n  - id: r\n    expression: project.phase != 'launch'\n")
	assert.Empty(t, got)
	assert.EqualError(t, err, "governance: p.yaml:4:34: policy q rule r: expression: phase 'launch' is not in the lifecycle (want 'initiation', 'planning', 'execution' or 'closing')")
}
