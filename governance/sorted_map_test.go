package governance

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/internal/pmogen"
)

// TestMapsIterateInKeyOrder: comprehensions over the data's maps (scores,
// attributes and the maps nested in them, impacts) and over map
// parameters visit keys in sorted order, so a list made from a map, the
// key an error names and the point a cost limit stops at are the same on
// every run: the same report, byte for byte, 40 times over.
func TestMapsIterateInKeyOrder(t *testing.T) {
	pf := pmogen.Generate(5, 11)
	for i := range pf.Projects {
		p := &pf.Projects[i]
		p.Scores = map[string]float64{"value": 1, "reach": 2, "effort": 3, "confidence": 4, "impact": 5, "zeal": 6}
		p.Attributes = map[string]any{"tier": "gold", "region": "emea", "regulated": true, "tags": []any{map[string]any{"b": 1, "a": 2, "c": 3}},
			"nested": map[string]any{"z": 1, "y": 2, "x": 3, "w": 4}}
		if len(p.Risks) > 0 {
			p.Risks[0].Impacts = map[string]int{"cost": 3, "schedule": 4, "quality": 2, "scope": 1}
		}
	}
	p := &Policy{Name: "maps", Scope: ScopeProject,
		Params: []Param{{Name: "weights", Type: ParamMap, Of: ParamNumber, Default: map[string]any{"d": 1.0, "c": 2.0, "b": 3.0, "a": 4.0}, Description: "weights by key"}},
		Rules: []Rule{
			{ID: "first-score", Expression: `project.scores.map(k, k)[0] == 'confidence'`},
			{ID: "keys", Expression: `project.scores.map(k, k) == ['confidence', 'effort', 'impact', 'reach', 'value', 'zeal']`},
			{ID: "error-names-first", Expression: `project.attributes.all(k, date(k) > now)`},
			{ID: "nested", Expression: `project.attributes.nested.map(k, k) == ['w', 'x', 'y', 'z'] && project.attributes.tags[0].map(k, k) == ['a', 'b', 'c']`},
			{ID: "impacts", Expression: `project.risks.all(r, r.impacts.map(k, k) == [] || r.impacts.map(k, k) == ['cost', 'quality', 'schedule', 'scope'])`},
			{ID: "params", Expression: `params.weights.map(k, k) == ['a', 'b', 'c', 'd']`},
			{ID: "explained", Expression: `project.scores.all(x, x.startsWith('v') && params.weights[x] > 10.0)`},
		}}
	eng, err := New(WithCostLimit(150))
	require.NoError(t, err)
	set, err := eng.Compile(p)
	require.NoError(t, err)
	var first string
	for run := range 40 {
		rep, err := set.Evaluate(context.Background(), pf, At(pmogen.Today()))
		require.NoError(t, err)
		var b bytes.Buffer
		require.NoError(t, rep.WriteJSON(&b, ""))
		for _, r := range rep.All() {
			if r.Explanation() != nil {
				fmt.Fprintln(&b, r.Explanation())
			}
		}
		if run == 0 {
			first = b.String()
			for _, r := range rep.All() {
				switch r.Rule {
				case "first-score", "keys", "nested", "params":
					assert.Equal(t, OutcomePass, r.Outcome, "%s on %s: %s", r.Rule, r.Subject, r.Message)
				case "error-names-first":
					require.Equal(t, OutcomeError, r.Outcome)
					assert.Contains(t, r.Message, `"nested"`, "the first key in order")
				}
			}
			continue
		}
		require.Equal(t, first, b.String(), "run %d differs from the first", run)
	}
}

// TestSortedMapOrder checks the order itself: booleans, numbers, strings;
// Iterator and Fold alike; lookups unchanged.
func TestSortedMapOrder(t *testing.T) {
	m := sortedOf(types.NewRefValMap(types.DefaultTypeAdapter, map[ref.Val]ref.Val{
		types.String("b"): types.Int(1), types.Int(3): types.Int(2), types.String("a"): types.Int(3),
		types.True: types.Int(4), types.Int(-1): types.Int(5), types.False: types.Int(6),
	}))
	var keys []any
	for it := m.Iterator(); it.HasNext() == types.True; {
		keys = append(keys, it.Next().Value())
	}
	assert.Equal(t, []any{false, true, int64(-1), int64(3), "a", "b"}, keys)
	v, found := m.Find(types.String("a"))
	assert.True(t, found)
	assert.Equal(t, types.Int(3), v)
	assert.Equal(t, types.Int(6), m.Get(types.False))
	assert.Equal(t, types.Int(6), m.Size())
	assert.Equal(t, types.True, m.Equal(m.Mapper))
}
