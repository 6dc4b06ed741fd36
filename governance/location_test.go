package governance_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
)

func TestRuleLocation(t *testing.T) {
	src := "# budget rules\npolicy: budget\nrules:\n  - id: sponsor\n    expression: project.sponsor != ''\n  -   expression: project.manager != ''\n      id: manager\n"
	p, err := governance.ParsePolicy([]byte(src))
	require.NoError(t, err)
	p.Source = "budget.yaml"
	assert.Equal(t, governance.Location{Source: "budget.yaml", Line: 2, Column: 1}, p.Location())
	loc, ok := p.RuleLocation("sponsor")
	require.True(t, ok)
	assert.Equal(t, governance.Location{Source: "budget.yaml", Line: 4, Column: 9}, loc)
	loc, ok = p.RuleLocation("manager")
	require.True(t, ok)
	assert.Equal(t, governance.Location{Source: "budget.yaml", Line: 7, Column: 11}, loc)
	_, ok = p.RuleLocation("nope")
	assert.False(t, ok)

	built := &governance.Policy{Name: "go", Source: "host", Rules: []governance.Rule{{ID: "r", Expression: "true"}}}
	loc, ok = built.RuleLocation("r")
	require.True(t, ok)
	assert.Equal(t, governance.Location{Source: "host"}, loc)
	assert.Equal(t, governance.Location{Source: "host"}, built.Location())
}
