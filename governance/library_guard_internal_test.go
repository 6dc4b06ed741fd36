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

// unguardedFunctions are the functions of the environment that need no
// guard: their work is constant, or linear in a value that already exists
// and charged by cel-go per byte or element (doc.go, "Bounds of every
// function").
var unguardedFunctions = []string{
	// Operators.
	"!_", "-_", "_%_", "_&&_", "_*_", "_+_", "_-_", "_/_", "_<=_", "_<_", "_>=_", "_>_",
	"_?_:_", "_[_]", "_||_", "@not_strictly_false", "__not_strictly_false__",
	// Conversions and types.
	"bool", "bytes", "double", "duration", "dyn", "int", "timestamp", "type", "uint",
	// Sizes, prefixes and the linear string functions.
	"size", "startsWith", "endsWith", "charAt", "substring", "lowerAscii", "upperAscii", "trim",
	// Timestamps and durations.
	"getDate", "getDayOfMonth", "getDayOfWeek", "getDayOfYear", "getFullYear", "getHours",
	"getMilliseconds", "getMinutes", "getMonth", "getSeconds",
	// Math.
	"math.abs", "math.bitAnd", "math.bitNot", "math.bitOr", "math.bitShiftLeft", "math.bitShiftRight",
	"math.bitXor", "math.ceil", "math.floor", "math.isFinite", "math.isInf", "math.isNaN",
	"math.round", "math.sign", "math.sqrt", "math.trunc",
	// The PMO library.
	"money", "amount", "currency", "date", "date_of", "days", "days_between", "working_days",
	"add_working_days", "add_months", "end_of_month", "months_between", "phase_index",
	"phase_at_or_after", "phase_before", "@phase", "ev", "risk_rating", "risk_score", "risk_impact", "risk_dimension", "segregated",
	// A scan of the status scale (at most pmo.MaxStatusWords words once
	// validated) and a tolerance check (constant work per plan).
	"status_index", "status_worse", "worst_status", "tolerance", "@status",
	// Money thresholds (params_money.go): linear in the currencies of a
	// parameter, at most maxParamElements.
	"in_currency", "has_currency", "currencies",
	// The schedule functions: the critical path and the simulation are
	// computed once per evaluation (linear in the activities and links;
	// the simulation checks the context), then each call reads them.
	"schedule", "critical", "criticality", "float_days", "free_float_days", "joint_confidence",
	// cel.bind (ext.Bindings): binds a value once.
	"cel.@block",
}

// TestEveryFunctionIsBounded lists every function of the environment and
// checks that each is either guarded or known to need no guard, so that a
// function added by a cel-go upgrade or a new library cannot run unbounded
// unnoticed.
func TestEveryFunctionIsBounded(t *testing.T) {
	e, err := New()
	require.NoError(t, err)
	specs := guardSpecs()
	known := map[string]bool{}
	for _, f := range unguardedFunctions {
		known[f] = true
	}
	for _, f := range []string{"_==_", "_!=_"} { // strict equality nodes
		known[f] = true
	}
	for name := range e.envs[ScopeProject].Functions() {
		_, guarded := specs[name]
		assert.True(t, guarded || known[name], "function %s is neither guarded nor known to be bounded", name)
		assert.False(t, guarded && known[name], "function %s is listed twice", name)
	}
}

// TestEveryMacroIsBounded checks that every macro of the environment is a
// known one: the comprehensions (checked and charged per iteration), has,
// cel.bind, math's least and greatest (calls of math.@min and math.@max),
// sortBy (a call of @sortByAssociatedKeys) and the PMO short forms.
func TestEveryMacroIsBounded(t *testing.T) {
	e, err := New()
	require.NoError(t, err)
	known := map[string]bool{}
	for _, m := range []string{"has", "all", "exists", "exists_one", "map", "filter", "least", "greatest",
		"sortBy", "bind", "days_since", "days_until", "today", "phase_index", "phase_at_or_after",
		"phase_before", "has_role", "approved_by_role", "status_index", "status_worse", "worst_status",
		// The schedule short forms.
		"schedule", "critical", "float_days", "free_float_days", "criticality", "joint_confidence"} {
		known[m] = true
	}
	for _, m := range e.envs[ScopeProject].Macros() {
		assert.True(t, known[m.Function()], "macro %s is not known to be bounded", m.Function())
	}
}
