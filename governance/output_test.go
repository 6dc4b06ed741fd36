package governance_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
)

// TestOutputsBounded checks that a huge value never makes a huge
// explanation or error message: values are cut to 64 bytes with an ellipsis
// and their full length, whole error messages to 1024 bytes.
func TestOutputsBounded(t *testing.T) {
	const mib = 1 << 20
	huge := strings.Repeat("a", mib)
	cut := `"` + strings.Repeat("a", 64) + `…" (1048576 bytes)`
	pf := &pmo.Portfolio{ID: "pf", Name: "PF", Projects: []pmo.Project{
		{ID: "P-1", Name: "One", Phase: "planning", Description: huge},
	}}
	pf.Projects[0].Attributes = map[string]any{"nested": []any{[]any{huge, huge}, huge}}
	tests := []struct {
		name, expr string
		want       governance.Outcome
		check      func(t *testing.T, r governance.Result)
	}{
		{"explanation of a long string", `project.description == ''`, fail, func(t *testing.T, r governance.Result) {
			assert.Equal(t, []string{"project.description = " + cut}, r.Explanation())
		}},
		{"explanation of a nested list", `project.attributes.nested == []`, fail, func(t *testing.T, r governance.Result) {
			require.Len(t, r.Explanation(), 1)
			assert.Equal(t, `project.attributes.nested = [[2 items], `+cut+`]`, r.Explanation()[0])
		}},
		{"bad money", `money(project.description + ' USD') > money('1 USD')`, bad, func(t *testing.T, r governance.Result) {
			assert.Contains(t, r.Message, `invalid money "`+strings.Repeat("a", 64)+`…" (1048580 bytes)`)
			assert.Less(t, len(r.Message), 300)
		}},
		{"bad date", `date(project.description) < now`, bad, func(t *testing.T, r governance.Result) {
			assert.Contains(t, r.Message, "invalid date "+cut)
			assert.Less(t, len(r.Message), 300)
		}},
		{"cel-go error quoting the value", `timestamp(project.description) < now`, bad, func(t *testing.T, r governance.Result) {
			assert.LessOrEqual(t, len(r.Message), 1100)
			assert.Contains(t, r.Message, "… (")
		}},
	}
	p := &governance.Policy{Name: "out"}
	for _, tt := range tests {
		p.Rules = append(p.Rules, governance.Rule{ID: tt.name, Expression: tt.expr})
	}
	eng, err := governance.New(governance.WithCostLimit(100_000_000))
	require.NoError(t, err)
	set, err := eng.Compile(p)
	require.NoError(t, err)
	rep, err := set.Evaluate(context.Background(), pf, governance.At(testNow()))
	require.NoError(t, err)
	got := map[string]governance.Result{}
	for _, r := range rep.Results() {
		got[r.Rule] = r
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := got[tt.name]
			require.Equal(t, tt.want, r.Outcome, r.Message)
			tt.check(t, r)
		})
	}
}
