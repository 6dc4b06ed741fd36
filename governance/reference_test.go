package governance

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/ext"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var updateReference = flag.Bool("update-reference", false, "rewrite docs/policies.md from the schema and the library")

// TestPolicyReference checks that docs/policies.md is the reference
// generated from the schema and the library; go test ./governance -run
// TestPolicyReference -update-reference rewrites it.
func TestPolicyReference(t *testing.T) {
	got := PolicyReference()
	path := filepath.Join("..", "docs", "policies.md")
	if *updateReference {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./governance -run TestPolicyReference -update-reference")
	assert.Equal(t, string(want), got, "docs/policies.md is stale: run go test ./governance -run TestPolicyReference -update-reference")
}

// TestEntitiesCoverSchema checks that the reference documents every object
// type of the schema and every field of each, and that every field's
// example compiles where the entity is reached.
func TestEntitiesCoverSchema(t *testing.T) {
	eng, err := New()
	require.NoError(t, err)
	documented := map[string]bool{}
	for _, e := range Entities() {
		documented[e.Name] = true
		require.NotEmpty(t, e.Fields, e.Name)
		for _, f := range e.Fields {
			_, err := eng.Compile(&Policy{Name: "example", Scope: e.Scope, Rules: []Rule{{ID: "r", Expression: f.compiled}}})
			assert.NoError(t, err, "%s.%s: %s", e.Name, f.Name, f.compiled)
		}
	}
	for name, st := range schema().byName {
		if len(st.names) == 0 {
			continue // the schedule context: a variable of the library, no fields
		}
		assert.True(t, documented[entityName(name)], "schema type %s (%s) is not in the reference", name, entityName(name))
	}
	for _, e := range Entities() {
		st := schema().byName[entityTypeName(e.Name)]
		if assert.NotNil(t, st, e.Name) {
			var names []string
			for _, f := range e.Fields {
				names = append(names, f.Name)
			}
			assert.Equal(t, st.names, names, e.Name)
		}
	}
}

func entityTypeName(name string) string {
	for typeName := range schema().byName {
		if entityName(typeName) == name {
			return typeName
		}
	}
	return ""
}

// TestFunctionsDocumented checks that every function and macro the PMO
// library adds to CEL is in the reference, and that every example
// compiles in project scope and uses its function.
func TestFunctionsDocumented(t *testing.T) {
	eng, err := New()
	require.NoError(t, err)
	env := eng.envs[ScopeProject]
	plain, err := cel.NewEnv(ext.Strings(), ext.Math(), ext.Lists(), ext.Sets(), ext.Bindings())
	require.NoError(t, err)
	var names []string
	for _, f := range Functions() {
		names = append(names, f.Name)
	}
	for name := range env.Functions() {
		if _, std := plain.Functions()[name]; std || strings.HasPrefix(name, "@") {
			continue
		}
		assert.Contains(t, names, name, "function %s is not in the reference (reference.go)", name)
	}
	plainMacros := map[string]bool{}
	for _, m := range plain.Macros() {
		plainMacros[m.Function()] = true
	}
	for _, m := range env.Macros() {
		if !plainMacros[m.Function()] {
			assert.Contains(t, names, m.Function(), "macro %s is not in the reference (reference.go)", m.Function())
		}
	}
	for _, f := range Functions() {
		assert.Contains(t, f.Example, f.Name+"(", f.Name)
		_, err := eng.Compile(&Policy{Name: "example", Params: exampleParams, Rules: []Rule{{ID: "r", Expression: f.Example}}})
		assert.NoError(t, err, "%s: %s", f.Name, f.Example)
	}
	assert.False(t, slices.Contains(names, ""))
}

// exampleParams are the parameters the examples of the reference may read.
var exampleParams = []Param{{Name: "change_limit", Type: ParamMoney, Default: map[string]string{"USD": "250000", "EUR": "230000"}}}
