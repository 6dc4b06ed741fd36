package governance_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
)

// TestPositionsFollowValues checks that a host that edits a parsed Policy
// in Go never gets a compile error pointing at another rule's line
// (issue 11, point 6): positions are tied to the rules' and variables'
// values, not to their indexes.
func TestPositionsFollowValues(t *testing.T) {
	const src = `policy: p
variables:
  - name: a
    expression: project.id
  - name: b
    expression: project.nme
rules:
  - id: first
    expression: project.budgt.approved > money('1 USD')
  - id: second
    expression: project.sponsr != ''
  - id: third
    expression: project.manager != ''
`
	eng, err := governance.New()
	require.NoError(t, err)
	parse := func() *governance.Policy {
		p, err := governance.ParsePolicy([]byte(src))
		require.NoError(t, err)
		p.Source = "p.yaml"
		return p
	}
	positions := func(p *governance.Policy) []string {
		_, err := eng.Compile(p)
		var out []string
		for _, e := range compileErrors(t, err) {
			out = append(out, e.Error())
		}
		return out
	}
	const (
		varB   = "governance: p.yaml:6:24: policy p: variables.b: undefined field 'nme': did you mean 'name'?"
		first  = "governance: p.yaml:9:24: policy p rule first: expression: undefined field 'budgt': did you mean 'budget'?"
		second = "governance: p.yaml:11:24: policy p rule second: expression: undefined field 'sponsr': did you mean 'sponsor'?"
	)
	assert.Equal(t, []string{varB, first, second}, positions(parse()))

	t.Run("rule removed", func(t *testing.T) {
		p := parse()
		p.Rules = slices.Delete(p.Rules, 0, 1)
		assert.Equal(t, []string{varB, second}, positions(p))
	})
	t.Run("rules reordered", func(t *testing.T) {
		p := parse()
		slices.Reverse(p.Rules)
		assert.Equal(t, []string{varB, second, first}, positions(p))
	})
	t.Run("variable removed", func(t *testing.T) {
		p := parse()
		p.Variables = p.Variables[1:]
		assert.Equal(t, []string{varB, first, second}, positions(p))
	})
	t.Run("rule replaced by one built in Go", func(t *testing.T) {
		p := parse()
		p.Rules[1] = governance.Rule{ID: "second", Expression: "project.sponsr == 'x'"}
		assert.Equal(t, []string{varB, first,
			"governance: p.yaml:1:8: policy p rule second: expression: undefined field 'sponsr': did you mean 'sponsor'?"}, positions(p))
	})
	t.Run("expression edited", func(t *testing.T) {
		p := parse()
		p.Rules[0].Expression = "true && project.budgt.approved > money('1 USD')"
		assert.Equal(t, []string{varB,
			"governance: p.yaml:1:16: policy p rule first: expression: undefined field 'budgt': did you mean 'budget'?", second}, positions(p))
	})
}
