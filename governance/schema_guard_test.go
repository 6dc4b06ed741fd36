package governance

// Guards of the schema's copies (issue 11, point 7; issue 10, point 12):
// reflection walks the pmo types and fails naming any field that the CEL
// getters (schema.go) or the size measurement of the cost shortcut
// (budget.go) misses.

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"cel.dev/cel-go/common/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/pmo"
)

// schemaStructs returns the pmo struct types reachable from pmo.Portfolio
// (money, dates and decimals are values of their own, not structs of the
// schema), in a stable order.
func schemaStructs() []reflect.Type {
	var out []reflect.Type
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || !isSchemaStruct(t) || seen[t] {
			return
		}
		seen[t] = true
		out = append(out, t)
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				walk(t.Field(i).Type)
			}
		}
	}
	walk(reflect.TypeFor[pmo.Portfolio]())
	return out
}

func isSchemaStruct(t reflect.Type) bool {
	return t.PkgPath() == reflect.TypeFor[pmo.Portfolio]().PkgPath() && t != reflect.TypeFor[pmo.Money]() &&
		t != reflect.TypeFor[pmo.Limit]() // a limit is a value of its own, a string in files and in CEL
}

// schemaFields returns the exported fields of a schema struct that files
// hold (a json name other than "-").
func schemaFields(t reflect.Type) []reflect.StructField {
	var out []reflect.StructField
	for i := range t.NumField() {
		sf := t.Field(i)
		if sf.IsExported() && sf.Tag.Get("json") != "-" {
			out = append(out, sf)
		}
	}
	return out
}

// TestSchemaGetters fails naming every field of a pmo struct that has no
// CEL getter: a field added to the Go types must be readable by rules.
func TestSchemaGetters(t *testing.T) {
	structs := schemaStructs()
	require.Greater(t, len(structs), 15)
	for _, st := range structs {
		cel, ok := schema().byGo[st]
		if !assert.True(t, ok, "pmo.%s has no CEL type in schema.go", st.Name()) {
			continue
		}
		names := map[string]bool{}
		for _, sf := range schemaFields(st) {
			name := jsonName(sf)
			names[name] = true
			_, ok := cel.fields[name]
			assert.True(t, ok, "pmo.%s.%s (%q) has no CEL getter in schema.go", st.Name(), sf.Name, name)
		}
		for _, name := range cel.names {
			assert.True(t, names[name], "the CEL field %s of %s is no field of pmo.%s", name, cel.name, st.Name())
		}
	}
}

// sizeTarget is a list, map or string of the schema, by JSON path
// (projects[].risks, projects[].decisions[].by, people[].roles[]: a string
// element of a list).
type sizeTarget struct {
	path []string
	kind reflect.Kind // Slice, Map or String
}

func (s sizeTarget) String() string { return strings.Join(s.path, ".") }

// sizeTargets lists every list, map and string reachable in a portfolio.
func sizeTargets() []sizeTarget {
	var out []sizeTarget
	var walk func(t reflect.Type, path []string)
	walk = func(t reflect.Type, path []string) {
		for _, sf := range schemaFields(t) {
			p := append(append([]string(nil), path...), jsonName(sf))
			ft := sf.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			switch ft.Kind() {
			case reflect.String:
				out = append(out, sizeTarget{p, reflect.String})
			case reflect.Map:
				out = append(out, sizeTarget{p, reflect.Map})
			case reflect.Slice:
				out = append(out, sizeTarget{p, reflect.Slice})
				switch e := ft.Elem(); {
				case e.Kind() == reflect.String:
					out = append(out, sizeTarget{append(p[:len(p):len(p)], "[]"), reflect.String})
				case e.Kind() == reflect.Struct && isSchemaStruct(e):
					walk(e, append(p[:len(p):len(p)], "[]"))
				}
			case reflect.Struct:
				if isSchemaStruct(ft) {
					walk(ft, p)
				}
			}
		}
	}
	walk(reflect.TypeFor[pmo.Portfolio](), nil)
	return out
}

// fieldByJSON returns the field of struct v named name in JSON.
func fieldByJSON(v reflect.Value, name string) reflect.Value {
	for i := range v.NumField() {
		if sf := v.Type().Field(i); sf.IsExported() && jsonName(sf) == name {
			return v.Field(i)
		}
	}
	panic("no field " + name + " in " + v.Type().String())
}

// portfolioWith returns a portfolio whose only non-empty value on the way
// to target is target itself, of size n (n elements, n keys or n bytes).
func portfolioWith(target sizeTarget, n int) *pmo.Portfolio {
	pf := &pmo.Portfolio{}
	v := reflect.ValueOf(pf).Elem()
	for i := 0; i < len(target.path); i++ {
		name := target.path[i]
		last := i == len(target.path)-1
		if name == "[]" { // a string element of the list v
			v.Set(reflect.MakeSlice(v.Type(), 1, 1))
			v.Index(0).SetString(strings.Repeat("x", n))
			break
		}
		f := fieldByJSON(v, name)
		if f.Kind() == reflect.Pointer {
			f.Set(reflect.New(f.Type().Elem()))
			f = f.Elem()
		}
		switch {
		case last && f.Kind() == reflect.String:
			f.SetString(strings.Repeat("x", n))
		case last && f.Kind() == reflect.Map:
			m := reflect.MakeMap(f.Type())
			for k := range n {
				m.SetMapIndex(reflect.ValueOf(fmt.Sprint("k", k)), reflect.Zero(f.Type().Elem()))
			}
			f.Set(m)
		case last && f.Kind() == reflect.Slice:
			f.Set(reflect.MakeSlice(f.Type(), n, n))
		case f.Kind() == reflect.Slice && i+1 < len(target.path) && target.path[i+1] == "[]" && f.Type().Elem().Kind() == reflect.Struct:
			f.Set(reflect.MakeSlice(f.Type(), 1, 1))
			v = f.Index(0)
			i++ // skip "[]"
		default:
			v = f
		}
	}
	return pf
}

// TestMeasureCoversEveryList proves that the size measurement of the cost
// shortcut sees every list, map and string of the schema: for each one, a
// portfolio where it alone is long must measure at least its length. A
// list the measurement missed would let a quadratic rule over it run
// without the runtime cost tracker.
func TestMeasureCoversEveryList(t *testing.T) {
	const n = 300
	targets := sizeTargets()
	require.Greater(t, len(targets), 60)
	for _, target := range targets {
		if slices.Contains(target.path, "attributes") {
			// Not measured: the estimator bounds nothing read through
			// attributes (dyn values of any size), at any measured size.
			path := []string{"portfolio"}
			for _, p := range target.path {
				path = append(path, strings.ReplaceAll(p, "[]", "@items"))
			}
			for _, typ := range []*types.Type{types.StringType, types.NewListType(types.DynType), types.NewMapType(types.StringType, types.DynType)} {
				assert.Nil(t, dataHints{sizes: dataSizes{1, 1, 1}}.EstimateSize(pathNode{path: path, t: typ}), "%s", target)
			}
			continue
		}
		sizes := measure(portfolioWith(target, n))
		var got uint64
		var bound string
		switch {
		case target.kind == reflect.String:
			got, bound = sizes.str, "string"
		case len(target.path) == 1 && (target.path[0] == "projects" || target.path[0] == "people" || target.path[0] == "programs"):
			got, bound = sizes.portfolioList, "portfolio list"
		default:
			got, bound = sizes.list, "list"
		}
		assert.GreaterOrEqual(t, got, uint64(n), "%s: a %s of %d is measured as %d: budget.go's measure misses it", target, bound, n, got)
	}
}

// TestCostShortcutFailsClosed is the end-to-end pin of the measurement: for
// every list of a project, a quadratic rule over a long one must be
// stopped by the runtime cost limit (an error result), not run untracked
// and pass. It includes the case of issue 10: 3,000 change requests.
func TestCostShortcutFailsClosed(t *testing.T) {
	eng, err := New()
	require.NoError(t, err)
	var lists []string
	for _, sf := range schemaFields(reflect.TypeFor[pmo.Project]()) {
		if (sf.Type.Kind() == reflect.Slice && sf.Type.Elem().Kind() == reflect.Struct) || sf.Type.Kind() == reflect.Map {
			lists = append(lists, jsonName(sf))
		}
	}
	require.GreaterOrEqual(t, len(lists), 13, "the per-project lists and maps")
	lists = append(lists, "changes-3000")
	for _, name := range lists {
		t.Run(name, func(t *testing.T) {
			field, n := name, 600
			if name == "changes-3000" {
				field, n = "changes", 3000
			}
			target := sizeTarget{path: []string{"projects", "[]", field}}
			pf := portfolioWith(target, n)
			pf.ID, pf.Name = "pf", "pf"
			pf.Projects[0].ID, pf.Projects[0].Phase = "P-1", "execution"
			set, err := eng.Compile(&Policy{Name: "pairs", Rules: []Rule{{ID: "r",
				Expression: fmt.Sprintf("project.%s.all(a, project.%s.all(b, size(project.%s) > 0))", field, field, field)}}})
			require.NoError(t, err)
			rep, err := set.Evaluate(context.Background(), pf, At(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)))
			require.NoError(t, err)
			require.Len(t, rep.Results(), 1)
			r := rep.Results()[0]
			assert.Equal(t, OutcomeError, r.Outcome, "%d² iterations over %s ran untracked", n, field)
			assert.Contains(t, r.Message, "cost limit exceeded")
		})
	}
}
