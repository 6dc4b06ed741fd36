package pmo_test

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/pmo"
)

// full returns a portfolio in which every field of every type of the schema
// is set, with one item in every list and map, so that a writer or a reader
// that misses a field shows it. Strings are "v" unless the schema
// constrains them (IDs that others refer to, currencies, phases).
func full(t *testing.T) *pmo.Portfolio {
	t.Helper()
	var pf pmo.Portfolio
	fill(reflect.ValueOf(&pf).Elem(), "")
	// What the filled values break: a project may not depend on itself, an
	// activity may not precede itself, and a milestone activity has no
	// duration. A second project and a second activity (the milestone) mend
	// it, and cover the fields the first leaves unset.
	p := &pf.Projects[0]
	p.Dependencies[0].On = "w"
	pf.Projects = append(pf.Projects, pmo.Project{ID: "w", Name: "w", Phase: pmo.PhaseExecution})
	p = &pf.Projects[0]
	p.Activities[0].Milestone = false
	p.Activities[0].Predecessors[0].Activity = "m"
	p.Activities[0].Duration = 0 // it has an estimate; "d" has a duration
	p.Activities = append(p.Activities, pmo.Activity{ID: "m", Name: "m", Milestone: true}, pmo.Activity{ID: "d", Name: "d", Duration: 2})
	// A risk gives impact or impacts, not both: the first keeps the single
	// impact, a second covers the impacts per dimension.
	r := p.Risks[0]
	r.ID, r.Impact, r.Residual = "r2", 0, &pmo.Residual{Impacts: r.Residual.Impacts}
	p.Risks[0].Impacts, p.Risks[0].Residual.Impacts = nil, nil
	p.Risks = append(p.Risks, r)
	return &pf
}

var (
	moneyType = reflect.TypeFor[pmo.Money]()
	timeType  = reflect.TypeFor[time.Time]()
	textM     = reflect.TypeFor[encoding.TextMarshaler]()
)

func fill(v reflect.Value, name string) {
	switch {
	case v.Type() == moneyType:
		v.Set(reflect.ValueOf(pmo.MustParseMoney("1 USD")))
		return
	case v.Type() == timeType:
		v.Set(reflect.ValueOf(time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)))
		return
	case v.Type() == decimalType:
		v.Set(reflect.ValueOf(decimal.NewFromInt(1)))
		return
	case v.Type() == reflect.TypeFor[pmo.Limit](): // a percent: every dimension accepts one
		v.Set(reflect.ValueOf(pmo.Limit{Unit: pmo.LimitPercent, Value: decimal.NewFromInt(10)}))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(stringFor(name))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1) // enums: their first word
	case reflect.Float32, reflect.Float64:
		v.SetFloat(0.5)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), name)
	case reflect.Slice:
		if name == "status_scale" { // two words at least; every status is "v"
			v.Set(reflect.ValueOf(pmo.StatusScale{"v", "w"}))
			return
		}
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0), name)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		val := reflect.New(v.Type().Elem()).Elem()
		if val.Kind() == reflect.Interface {
			val.Set(reflect.ValueOf("v"))
		} else {
			fill(val, name)
		}
		m.SetMapIndex(reflect.ValueOf("k").Convert(v.Type().Key()), val)
		v.Set(m)
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() || jsonName(f) == "" {
				continue
			}
			fill(v.Field(i), jsonName(f))
		}
	case reflect.Interface:
		v.Set(reflect.ValueOf("v"))
	}
}

// stringFor is the value of a string field: the words the schema
// constrains, and "v" (an ID every reference can point to) otherwise.
func stringFor(name string) string {
	switch name {
	case "currency":
		return "USD"
	case "phase", "gate", "lifecycle":
		return pmo.PhaseExecution
	}
	return "v"
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "-" {
		return ""
	}
	return name
}

// missing walks the Go type of v beside the decoded JSON doc and returns
// every json field of a set Go field that doc lacks, as "Type.Field (json
// path)".
func missing(v reflect.Value, doc any, path string) []string {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	if v.Type() == moneyType || v.Type() == timeType || v.Type() == decimalType || reflect.PointerTo(v.Type()).Implements(textM) {
		return nil
	}
	var out []string
	switch v.Kind() {
	case reflect.Struct:
		m, _ := doc.(map[string]any)
		for i := range v.NumField() {
			f := v.Type().Field(i)
			name := jsonName(f)
			if !f.IsExported() || name == "" {
				continue
			}
			if v.Field(i).IsZero() {
				continue // unset: a writer may omit it
			}
			sub, ok := m[name]
			if !ok {
				out = append(out, fmt.Sprintf("%s.%s (json %s%s)", v.Type(), f.Name, path, name))
				continue
			}
			out = append(out, missing(v.Field(i), sub, path+name+".")...)
		}
	case reflect.Slice:
		l, _ := doc.([]any)
		for i := 0; i < v.Len() && i < len(l); i++ {
			out = append(out, missing(v.Index(i), l[i], strings.TrimSuffix(path, ".")+fmt.Sprintf("[%d].", i))...)
		}
	}
	return out
}

// TestWriterCoversSchema writes a portfolio with every field set and
// checks that the output of each writer holds every field: a field added to
// the Go types that WriteJSON or WriteYAML drops fails here, named.
func TestWriterCoversSchema(t *testing.T) {
	pf := full(t)
	for _, format := range []string{"json", "yaml"} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if format == "json" {
				require.NoError(t, pf.WriteJSON(&buf))
			} else {
				require.NoError(t, pf.WriteYAML(&buf))
			}
			// Read the YAML back through the reader to JSON, so that one walk
			// checks both (the reader is checked on its own below).
			var doc any
			if format == "json" {
				require.NoError(t, json.Unmarshal(buf.Bytes(), &doc))
			} else {
				back, err := pmo.ReadPortfolio(&buf)
				require.NoError(t, err)
				var jb bytes.Buffer
				require.NoError(t, back.WriteJSON(&jb))
				require.NoError(t, json.Unmarshal(jb.Bytes(), &doc))
			}
			if miss := missing(reflect.ValueOf(pf), doc, ""); len(miss) > 0 {
				t.Errorf("Portfolio.Write%s drops:\n%s", strings.ToUpper(format), strings.Join(miss, "\n"))
			}
		})
	}
}

// TestReaderCoversSchema reads what the writer wrote and checks, field by
// field, that the reader kept every one: a field the reader drops or reads
// wrong fails here, named.
func TestReaderCoversSchema(t *testing.T) {
	pf := full(t)
	var buf bytes.Buffer
	require.NoError(t, pf.WriteJSON(&buf))
	back, err := pmo.ReadPortfolio(&buf)
	require.NoError(t, err)
	var diffs []string
	diff(reflect.ValueOf(normalized(t, pf)).Elem(), reflect.ValueOf(normalized(t, back)).Elem(), "", &diffs)
	if len(diffs) > 0 {
		t.Errorf("ReadPortfolio loses:\n%s", strings.Join(diffs, "\n"))
	}
}

func diff(a, b reflect.Value, path string, out *[]string) {
	switch {
	case a.Kind() == reflect.Struct && a.Type() != moneyType && a.Type() != timeType && a.Type() != decimalType:
		for i := range a.NumField() {
			f := a.Type().Field(i)
			if !f.IsExported() || jsonName(f) == "" {
				continue
			}
			diff(a.Field(i), b.Field(i), path+"."+jsonName(f)+" ("+a.Type().String()+"."+f.Name+")", out)
		}
	case a.Kind() == reflect.Pointer:
		if a.IsNil() != b.IsNil() {
			*out = append(*out, path)
			return
		}
		if !a.IsNil() {
			diff(a.Elem(), b.Elem(), path, out)
		}
	case a.Kind() == reflect.Slice:
		if a.Len() != b.Len() {
			*out = append(*out, path)
			return
		}
		for i := range a.Len() {
			diff(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i), out)
		}
	default:
		if !reflect.DeepEqual(a.Interface(), b.Interface()) {
			*out = append(*out, fmt.Sprintf("%s: wrote %v, read %v", path, a.Interface(), b.Interface()))
		}
	}
}
