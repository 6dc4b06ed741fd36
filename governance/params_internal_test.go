package governance

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestParamsUntracked checks that reading parameters keeps an expression
// provably within the cost limit at measured sizes (budget.go): a
// parameter's size is known, so a rule that reads a list, a map, a string
// or a money parameter runs without the runtime cost tracker, like the same
// rule with a literal.
func TestParamsUntracked(t *testing.T) {
	p := &Policy{Name: "p",
		Params: []Param{
			{Name: "tolerance", Type: ParamNumber, Default: 0.1},
			{Name: "limit", Type: ParamMoney, Default: map[string]string{"USD": "250000", "EUR": "230000"}},
			{Name: "phases", Type: ParamList, Default: []string{"execution", "closing"}},
			{Name: "rank", Type: ParamMap, Of: ParamInt, Default: map[string]int{"green": 0, "red": 2}},
			{Name: "role", Type: ParamString, Default: "sponsor"},
		},
		Rules: []Rule{
			{ID: "number", Expression: "project.budget.forecast <= project.budget.approved * (1.0 + params.tolerance)"},
			{ID: "money", Expression: "project.budget.approved <= params.limit"},
			{ID: "list", Expression: "project.phase in params.phases"},
			{ID: "map", Expression: "params.rank[project.status] < 2"},
			{ID: "string", Expression: "project.approvals.exists(a, a.role == params.role)"},
		}}
	e, err := New()
	require.NoError(t, err)
	s, err := e.Compile(p)
	require.NoError(t, err)
	sizes := dataSizes{portfolioList: 1, list: 1, str: 16}
	for _, r := range s.policies[0].rules {
		assert.NotNil(t, r.expr.budget.program(sizes), "rule %s runs with the cost tracker", r.id)
	}
}
