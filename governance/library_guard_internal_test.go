package governance

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGuardsTrackUntrackedEvaluations runs a program without a cost
// tracker (as budget.go's fast path does) whose guarded calls do more work
// than cel-go's estimate: the first expensive call installs a tracker with
// the engine's cost limit, and the loop stops at it instead of running on.
func TestGuardsTrackUntrackedEvaluations(t *testing.T) {
	e, err := New(WithCostLimit(10_000))
	require.NoError(t, err)
	env := e.envs[ScopePortfolio]
	ast, iss := env.Compile(`lists.range(100).all(i, lists.range(5000).map(j, string(j)).distinct().size() > 0)`)
	require.NoError(t, iss.Err())
	prg, err := env.Program(ast) // no cost limit
	require.NoError(t, err)
	_, _, err = prg.Eval(map[string]any{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "actual cost limit exceeded")
}
