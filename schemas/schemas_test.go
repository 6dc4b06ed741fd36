package schemas_test

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
	"github.com/pmokit/pmokit/risk"
	"github.com/pmokit/pmokit/schemas"
)

func compile(t *testing.T, data []byte) *jsonSchema {
	t.Helper()
	s, err := compileSchema(data)
	require.NoError(t, err)
	return s
}

func TestSchemasAreDraft202012WithTheirIDs(t *testing.T) {
	tests := []struct {
		name   string
		data   []byte
		id     string
		title  string
		fields []string
	}{
		{"portfolio", schemas.Portfolio(), schemas.PortfolioID, "pmokit portfolio", []string{"id", "name"}},
		{"policy", schemas.Policy(), schemas.PolicyID, "pmokit governance policy", []string{"policy"}}, // and rules or ratings (anyOf)
		{"matrix", schemas.Matrix(), schemas.MatrixID, "pmokit risk matrix", []string{"likelihood", "impact", "ratings", "cells"}},
		{"report", schemas.Report(), schemas.ReportID, "pmokit governance report", []string{"schema_version", "now", "blocked", "counts", "results"}},
		{"params", schemas.Params(), schemas.ParamsID, "pmokit parameters file", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := compile(t, tt.data)
			assert.Equal(t, "https://json-schema.org/draft/2020-12/schema", s.root["$schema"])
			assert.Equal(t, tt.id, s.root["$id"])
			assert.Equal(t, tt.title, s.root["title"])
			var required []string
			rs, _ := s.root["required"].([]any)
			for _, r := range rs {
				required = append(required, r.(string))
			}
			assert.Equal(t, tt.fields, required)
		})
	}
}

func TestSchemaBytesAreCopies(t *testing.T) {
	for name, get := range map[string]func() []byte{"portfolio": schemas.Portfolio, "policy": schemas.Policy, "matrix": schemas.Matrix, "report": schemas.Report, "params": schemas.Params} {
		t.Run(name, func(t *testing.T) {
			a := get()
			want := slices.Clone(a)
			for i := range a {
				a[i] = 'x'
			}
			assert.Equal(t, want, get())
		})
	}
}

// TestPortfolioSchemaMatchesGoTypes walks pmo.Portfolio and every type it
// holds by reflection and checks, field by field, that the schema has a
// property for every json-tagged field with the right JSON type (and the
// exact enum words, the money and date formats), that it has no property
// without a Go field, that every property is documented, and that it
// requires only fields the Go tags never omit.
//
// A field added to the Go types without the schema fails here. For example,
// adding
//
//	Owner string `json:"owner,omitempty" yaml:"owner,omitempty"`
//
// to pmo.Milestone fails with
//
//	#/$defs/milestone: Go field pmo.Milestone.Owner (json "owner") has no schema property
//
// and removing a field from the Go types fails with "schema property ... has
// no Go field".
func TestPortfolioSchemaMatchesGoTypes(t *testing.T) {
	s := compile(t, schemas.Portfolio())
	c := &typeChecker{s: s}
	c.object(s.root, reflect.TypeFor[pmo.Portfolio](), "#")
	assert.Empty(t, c.errs, strings.Join(c.errs, "\n"))
	// Every named definition is used, so the walk has seen every one.
	defs := s.root["$defs"].(map[string]any)
	var unused []string
	for name := range defs {
		if !c.seen["#/$defs/"+name] {
			unused = append(unused, name)
		}
	}
	assert.Empty(t, unused, "definitions no Go type uses")
}

// TestPolicySchemaMatchesGoTypes does for governance.Policy what
// TestPortfolioSchemaMatchesGoTypes does for pmo.Portfolio: a field added to
// Policy, Variable or Rule without its schema property fails here.
func TestPolicySchemaMatchesGoTypes(t *testing.T) {
	s := compile(t, schemas.Policy())
	c := &typeChecker{s: s, schemaOnly: map[string][]string{
		// ParsePolicy accepts a description of a variable as a comment.
		"#/$defs/variable": {"description"},
	}, enumSubsets: map[string]bool{
		// A map parameter's values are scalars: four of the eight types.
		"#/$defs/param/properties/of": true,
	}}
	c.object(s.root, reflect.TypeFor[governance.Policy](), "#")
	assert.Empty(t, c.errs, strings.Join(c.errs, "\n"))
}

// TestMatrixSchemaMatchesGoTypes does for risk.Definition what
// TestPortfolioSchemaMatchesGoTypes does for pmo.Portfolio.
func TestMatrixSchemaMatchesGoTypes(t *testing.T) {
	s := compile(t, schemas.Matrix())
	c := &typeChecker{s: s}
	c.object(s.root, reflect.TypeFor[risk.Definition](), "#")
	assert.Empty(t, c.errs, strings.Join(c.errs, "\n"))
}

var (
	textMarshaler   = reflect.TypeFor[encoding.TextMarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// typeChecker compares a Go type with a schema node and collects every
// difference.
type typeChecker struct {
	s    *jsonSchema
	errs []string
	seen map[string]bool
	// schemaOnly lists, per schema location, properties that the reader
	// accepts but the Go type does not hold (e.g. a comment field).
	schemaOnly map[string][]string
	// enumSubsets lists the schema locations whose enum may hold only some
	// of the Go enum's words (in its order).
	enumSubsets map[string]bool
}

func (c *typeChecker) fail(at, format string, args ...any) {
	c.errs = append(c.errs, at+": "+fmt.Sprintf(format, args...))
}

// deref follows a node's $ref, remembering the definition as used, and
// returns the node that holds the type and where it is.
func (c *typeChecker) deref(node map[string]any, at string) (map[string]any, string) {
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	for {
		ref, ok := node["$ref"].(string)
		if !ok {
			return node, at
		}
		c.seen[ref] = true
		target, err := c.s.resolve(ref)
		if err != nil {
			c.fail(at, "%v", err)
			return node, at
		}
		node, at = target, ref
	}
}

// value checks a node against the Go type of a field.
func (c *typeChecker) value(node map[string]any, t reflect.Type, at string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	ref, _ := node["$ref"].(string)
	switch t {
	case reflect.TypeFor[pmo.Money]():
		if ref != "#/$defs/money" {
			c.fail(at, "pmo.Money wants $ref #/$defs/money, found %q", ref)
		}
		c.deref(node, at)
		return
	case reflect.TypeFor[time.Time]():
		if ref != "#/$defs/date" {
			c.fail(at, "time.Time wants $ref #/$defs/date, found %q", ref)
		}
		c.deref(node, at)
		return
	case reflect.TypeFor[pmo.Limit]():
		if ref != "#/$defs/limit" {
			c.fail(at, "pmo.Limit wants $ref #/$defs/limit, found %q", ref)
		}
		c.deref(node, at)
		return
	case reflect.TypeFor[decimal.Decimal]():
		if ref != "#/$defs/decimal" {
			c.fail(at, "decimal.Decimal wants $ref #/$defs/decimal, found %q", ref)
		}
		c.deref(node, at)
		return
	}
	if t == reflect.TypeFor[governance.Severity]() && ref == "#/$defs/severity" {
		// A policy's severity: a word, or a mapping by PMO type (the Go
		// field Severities, json "-").
		def, defAt := c.deref(node, at)
		alts, _ := def["anyOf"].([]any)
		if len(alts) != 2 {
			c.fail(defAt, "severity wants anyOf a word and a mapping by PMO type")
			return
		}
		word, _ := alts[0].(map[string]any)
		if !typeAllows(word["type"], "string") {
			c.fail(defAt+"/anyOf/0", "severity word wants type string")
		}
		c.enum(word, t, defAt+"/anyOf/0")
		byType, _ := alts[1].(map[string]any)
		c.deref(byType, defAt+"/anyOf/1")
		return
	}
	node, at = c.deref(node, at)
	want := ""
	switch t.Kind() {
	case reflect.String:
		want = "string"
	case reflect.Bool:
		want = "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		want = "integer"
		if t.Implements(textMarshaler) && reflect.PointerTo(t).Implements(textUnmarshaler) {
			want = "string"
			c.enum(node, t, at)
		}
	case reflect.Float32, reflect.Float64:
		want = "number"
	case reflect.Slice:
		want = "array"
	case reflect.Map, reflect.Struct:
		want = "object"
	case reflect.Interface:
		// Any JSON value (a parameter's default): the reader judges it.
		if _, ok := node["type"]; !ok {
			c.fail(at, "Go type %s wants a schema type listing the JSON values it takes", t)
		}
		return
	default:
		c.fail(at, "Go type %s has no JSON schema mapping in this test", t)
		return
	}
	if !typeAllows(node["type"], want) {
		c.fail(at, "Go type %s wants JSON type %q, schema says %v", t, want, node["type"])
		return
	}
	switch t.Kind() {
	case reflect.Slice:
		items, ok := node["items"].(map[string]any)
		if !ok {
			c.fail(at, "array without items")
			return
		}
		c.value(items, t.Elem(), at+"/items")
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			c.fail(at, "Go map key %s is not a string", t.Key())
		}
		if t.Elem().Kind() == reflect.Interface {
			// Any JSON value (attributes): the one open object of the schema.
			if _, ok := node["additionalProperties"]; ok {
				c.fail(at, "map of any JSON value must leave additionalProperties open")
			}
			return
		}
		ap, ok := node["additionalProperties"].(map[string]any)
		if !ok {
			c.fail(at, "map wants an additionalProperties schema")
			return
		}
		c.value(ap, t.Elem(), at+"/additionalProperties")
	case reflect.Struct:
		c.object(node, t, at)
	}
}

// object checks that a struct and an object schema have the same fields.
func (c *typeChecker) object(node map[string]any, t reflect.Type, at string) {
	if node["additionalProperties"] != false {
		c.fail(at, "object must set additionalProperties: false")
	}
	props, _ := node["properties"].(map[string]any)
	fields := map[string]bool{}
	omittable := map[string]bool{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if !f.IsExported() || name == "-" || name == "" {
			continue
		}
		fields[name] = true
		omittable[name] = strings.Contains(opts, "omitempty") || strings.Contains(opts, "omitzero")
		p, ok := props[name].(map[string]any)
		if !ok {
			c.fail(at, "Go field %s.%s (json %q) has no schema property", t, f.Name, name)
			continue
		}
		if !c.documented(p) {
			c.fail(at+"/properties/"+name, "no description")
		}
		c.value(p, f.Type, at+"/properties/"+name)
	}
	for _, name := range sortedKeys(props) {
		if !fields[name] && !slices.Contains(c.schemaOnly[at], name) {
			c.fail(at, "schema property %q has no Go field in %s", name, t)
		}
	}
	req, _ := node["required"].([]any)
	for _, r := range req {
		name := r.(string)
		if omittable[name] {
			c.fail(at, "schema requires %q but the Go tag of %s may omit it", name, t)
		}
	}
}

// documented reports whether a property has a description, its own or its
// definition's.
func (c *typeChecker) documented(p map[string]any) bool {
	for {
		if d, _ := p["description"].(string); d != "" {
			return true
		}
		ref, ok := p["$ref"].(string)
		if !ok {
			return false
		}
		target, err := c.s.resolve(ref)
		if err != nil {
			return false
		}
		p = target
	}
}

// enum checks that the schema's enum lists exactly the words of a Go enum:
// MarshalText of 1, 2, … until it fails.
func (c *typeChecker) enum(node map[string]any, t reflect.Type, at string) {
	var words []any
	for i := int64(1); i < 100; i++ {
		v := reflect.New(t).Elem()
		v.SetInt(i)
		b, err := v.Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil || len(b) == 0 {
			break
		}
		words = append(words, string(b))
	}
	got, _ := node["enum"].([]any)
	if c.enumSubsets[at] {
		sub := slices.DeleteFunc(slices.Clone(words), func(w any) bool { return !slices.Contains(got, w) })
		if len(got) > 0 && reflect.DeepEqual(got, sub) {
			return
		}
	}
	if !reflect.DeepEqual(got, words) {
		c.fail(at, "enum %v, Go type %s has the words %v", got, t, words)
	}
}

// typeAllows reports whether a schema's type is want or, for a list of
// types (a reader that also accepts a number for a string, say), contains
// want.
func typeAllows(t any, want string) bool {
	switch t := t.(type) {
	case string:
		return t == want
	case []any:
		return slices.Contains(t, any(want))
	}
	return false
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// moduleRoot is the repository root, one level above this package.
func moduleRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	_, err = os.Stat(filepath.Join(root, "go.mod"))
	require.NoError(t, err, "the module root holds go.mod")
	return root
}

// fileKind says what a data file of the module is, from its top-level keys:
// a policy (policy and rules), a risk matrix (likelihood, impact and cells),
// a portfolio (id and name, or a list of projects), or
// something else (a test suite, a golden output, a risk matrix…).
func fileKind(v any) string {
	m, ok := v.(map[string]any)
	if !ok {
		return "other"
	}
	has := func(k string) bool { _, ok := m[k]; return ok }
	switch {
	case has("policy") && has("rules"):
		return "policy"
	case has("likelihood") && has("impact") && has("cells"):
		return "matrix"
	case has("tests") || has("policy"):
		return "other"
	case isList(m["projects"]) || (has("id") && has("name")):
		return "portfolio"
	}
	return "other"
}

func isList(v any) bool { _, ok := v.([]any); return ok }

// meantInvalid reports whether a file is a negative fixture by the naming
// convention of the module: a file or directory whose name contains
// "invalid" or starts with "bad" (testdata/invalid/unknown-field.yaml,
// testdata/bad_money.yaml). Fuzz corpora are skipped too.
func meantInvalid(rel string) bool {
	for _, part := range strings.Split(filepath.ToSlash(rel), "/") {
		name := strings.ToLower(part)
		if strings.Contains(name, "invalid") || strings.HasPrefix(name, "bad") || name == "fuzz" {
			return true
		}
	}
	return false
}

// readerAccepts reports whether pmokit's own reader of a kind of file
// accepts it.
func readerAccepts(kind string, data []byte) bool {
	switch kind {
	case "policy":
		_, err := governance.ParsePolicy(data)
		return err == nil
	case "portfolio":
		_, err := pmo.ReadPortfolio(bytes.NewReader(data))
		return err == nil
	case "matrix":
		_, err := risk.ParseMatrix(data)
		return err == nil
	}
	return true
}

// TestRequiredFieldsAgreeWithReader removes each field the portfolio schema
// requires, one at a time, from a complete portfolio, and checks that
// pmo.ReadPortfolio rejects the result with an error naming that field: the
// schema requires nothing the reader does not.
func TestRequiredFieldsAgreeWithReader(t *testing.T) {
	full := `
id: pf
name: Portfolio
people:
  - {id: u-1, name: Ana}
programs:
  - {id: pg-1, name: Program}
projects:
  - id: P-1
    name: One
    phase: execution
    status_reports: [{date: 2026-11-01}]
    documents: [{id: D-1, title: Charter}]
    milestones: [{id: M-1, name: Go live}]
    risks: [{id: R-1, title: Vendor}]
    issues: [{id: I-1, title: Outage}]
    assumptions: [{id: A-1, statement: SLA holds}]
    dependencies: [{id: D-1, on: P-2}]
    changes: [{id: C-1, title: SSO}]
    approvals: [{gate: execution}]
    decisions: [{id: DEC-1, title: Go}]
    benefits: [{id: B-1, description: Churn down}]
    tolerances: {cost: {plus: 10%, minus: 5%}}
    stages: [{id: S-1, name: Initiation, tolerances: {time: {plus: 10d, minus: 0d}}}]
  - {id: P-2, name: Two, phase: planning}
`
	doc, err := jsonValue([]byte(full))
	require.NoError(t, err)
	s := compile(t, schemas.Portfolio())
	require.Empty(t, s.validate(doc), "the complete portfolio validates")
	_, err = pmo.ReadPortfolio(strings.NewReader(full))
	require.NoError(t, err, "the complete portfolio reads")

	// Every object of the document with the path of its schema definition.
	type object struct {
		path string // pmo path, e.g. projects[0].risks[0]
		m    map[string]any
		def  string
	}
	root := doc.(map[string]any)
	objects := []object{{"", root, ""}}
	for _, list := range []struct{ key, def string }{{"people", "person"}, {"programs", "program"}, {"projects", "project"}} {
		for i, v := range root[list.key].([]any) {
			objects = append(objects, object{fmt.Sprintf("%s[%d]", list.key, i), v.(map[string]any), list.def})
		}
	}
	project := root["projects"].([]any)[0].(map[string]any)
	for key, def := range map[string]string{
		"status_reports": "status_report", "documents": "document", "milestones": "milestone", "risks": "risk",
		"issues": "issue", "assumptions": "assumption", "dependencies": "dependency", "changes": "change",
		"approvals": "approval", "decisions": "decision", "benefits": "benefit", "stages": "stage",
	} {
		objects = append(objects, object{"projects[0]." + key + "[0]", project[key].([]any)[0].(map[string]any), def})
	}
	stage := project["stages"].([]any)[0].(map[string]any)
	objects = append(objects,
		object{"projects[0].tolerances.cost", project["tolerances"].(map[string]any)["cost"].(map[string]any), "tolerance"},
		object{"projects[0].stages[0].tolerances.time", stage["tolerances"].(map[string]any)["time"].(map[string]any), "tolerance"})

	defs := s.root["$defs"].(map[string]any)
	tested := 0
	for _, o := range objects {
		node := s.root
		if o.def != "" {
			node = defs[o.def].(map[string]any)
		}
		req, _ := node["required"].([]any)
		for _, r := range req {
			field := r.(string)
			t.Run(join(o.path, field), func(t *testing.T) {
				value := o.m[field]
				delete(o.m, field)
				defer func() { o.m[field] = value }()
				data, err := json.Marshal(doc)
				require.NoError(t, err)
				assert.Equal(t, []string{join(o.path, field) + ": required field missing"}, s.validate(doc))
				_, err = pmo.ReadPortfolio(bytes.NewReader(data))
				require.Error(t, err, "pmo.ReadPortfolio accepts a portfolio without %s", join(o.path, field))
				assert.Contains(t, err.Error(), join(o.path, field))
			})
			tested++
		}
	}
	assert.Equal(t, 38, tested, "required fields checked")
}

// TestPolicyRequiredFieldsAgreeWithParser does for policies what
// TestRequiredFieldsAgreeWithReader does for portfolios: each field the
// policy schema requires, removed from a complete policy, makes
// governance.ParsePolicy fail naming that field.
func TestPolicyRequiredFieldsAgreeWithParser(t *testing.T) {
	full := map[string]any{
		"policy":    "p",
		"variables": []any{map[string]any{"name": "v", "expression": "true"}},
		"rules":     []any{map[string]any{"id": "r", "expression": "variables.v"}},
		"ratings":   []any{map[string]any{"id": "g", "levels": []any{map[string]any{"level": "green", "when": "true"}}}},
	}
	s := compile(t, schemas.Policy())
	require.Empty(t, s.validate(full))
	data, err := json.Marshal(full)
	require.NoError(t, err)
	_, err = governance.ParsePolicy(data)
	require.NoError(t, err)

	tests := []struct {
		path   string
		object map[string]any
		field  string
	}{
		{"policy", full, "policy"},
		{"variables[0].name", full["variables"].([]any)[0].(map[string]any), "name"},
		{"variables[0].expression", full["variables"].([]any)[0].(map[string]any), "expression"},
		{"rules[0].id", full["rules"].([]any)[0].(map[string]any), "id"},
		{"rules[0].expression", full["rules"].([]any)[0].(map[string]any), "expression"},
		{"ratings[0].id", full["ratings"].([]any)[0].(map[string]any), "id"},
		{"ratings[0].levels", full["ratings"].([]any)[0].(map[string]any), "levels"},
		{"ratings[0].levels[0].level", full["ratings"].([]any)[0].(map[string]any)["levels"].([]any)[0].(map[string]any), "level"},
		{"ratings[0].levels[0].when", full["ratings"].([]any)[0].(map[string]any)["levels"].([]any)[0].(map[string]any), "when"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			value := tt.object[tt.field]
			delete(tt.object, tt.field)
			defer func() { tt.object[tt.field] = value }()
			assert.Equal(t, []string{tt.path + ": required field missing"}, s.validate(full))
			data, err := json.Marshal(full)
			require.NoError(t, err)
			_, err = governance.ParsePolicy(data)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.path+": required field missing")
		})
	}
	// Every required field of the schema is in the table above.
	var required []string
	collect := func(prefix string, node map[string]any) {
		for _, r := range node["required"].([]any) {
			required = append(required, prefix+r.(string))
		}
	}
	defs := s.root["$defs"].(map[string]any)
	collect("", s.root)
	collect("variables[0].", defs["variable"].(map[string]any))
	collect("rules[0].", defs["rule"].(map[string]any))
	collect("ratings[0].", defs["rating"].(map[string]any))
	collect("ratings[0].levels[0].", defs["level"].(map[string]any))
	var paths []string
	for _, tt := range tests {
		paths = append(paths, tt.path)
	}
	assert.ElementsMatch(t, required, paths)

	// A policy has rules, ratings or both: either alone is valid, neither
	// is an error of the schema and of the parser.
	rules, ratings := full["rules"], full["ratings"]
	defer func() { full["rules"], full["ratings"] = rules, ratings }()
	for _, drop := range []string{"rules", "ratings"} {
		kept := full[drop]
		delete(full, drop)
		assert.Empty(t, s.validate(full), "without %s", drop)
		data, err := json.Marshal(full)
		require.NoError(t, err)
		_, err = governance.ParsePolicy(data)
		assert.NoError(t, err, "without %s", drop)
		full[drop] = kept
	}
	delete(full, "rules")
	delete(full, "ratings")
	assert.NotEmpty(t, s.validate(full))
	data, err = json.Marshal(full)
	require.NoError(t, err)
	_, err = governance.ParsePolicy(data)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "rules: required field missing")
}

// TestMatrixRequiredFieldsAgreeWithReader removes each field the matrix
// schema requires from a complete matrix and checks that risk.ParseMatrix
// rejects the result, naming the place.
func TestMatrixRequiredFieldsAgreeWithReader(t *testing.T) {
	full := `
likelihood: {levels: [{name: low, min: 0, max: 0.5}, {name: high, min: 0.5, max: 1}]}
impact: {levels: [{name: small, min: 0, max: 0.1}, {name: big, min: 0.1, max: 1}]}
ratings: [{name: green}, {name: red}]
cells: [[green, red], [green, green]]
`
	doc, err := jsonValue([]byte(full))
	require.NoError(t, err)
	s := compile(t, schemas.Matrix())
	require.Empty(t, s.validate(doc))
	_, err = risk.ParseMatrix([]byte(full))
	require.NoError(t, err)

	root := doc.(map[string]any)
	level := func(axis string) map[string]any {
		return root[axis].(map[string]any)["levels"].([]any)[0].(map[string]any)
	}
	tests := []struct {
		path   string
		object map[string]any
		field  string
		reader string // the place the reader's error names
	}{
		{"likelihood", root, "likelihood", "likelihood.levels"},
		{"impact", root, "impact", "impact.levels"},
		{"ratings", root, "ratings", "ratings"},
		{"cells", root, "cells", "cells"},
		{"likelihood.levels", root["likelihood"].(map[string]any), "levels", "likelihood.levels"},
		{"impact.levels", root["impact"].(map[string]any), "levels", "impact.levels"},
		{"likelihood.levels[0].name", level("likelihood"), "name", "likelihood.levels[0].name"},
		{"likelihood.levels[0].max", level("likelihood"), "max", "likelihood.levels[0]"},
		{"impact.levels[0].name", level("impact"), "name", "impact.levels[0].name"},
		{"impact.levels[0].max", level("impact"), "max", "impact.levels[0]"},
		{"ratings[0].name", root["ratings"].([]any)[0].(map[string]any), "name", "ratings[0].name"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			value := tt.object[tt.field]
			delete(tt.object, tt.field)
			defer func() { tt.object[tt.field] = value }()
			assert.Equal(t, []string{tt.path + ": required field missing"}, s.validate(doc))
			data, err := json.Marshal(doc)
			require.NoError(t, err)
			_, err = risk.ParseMatrix(data)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.reader)
		})
	}
	defs := s.root["$defs"].(map[string]any)
	n := len(s.root["required"].([]any))
	for _, d := range []string{"likelihood_scale", "impact_scale", "likelihood_level", "impact_level", "rating"} {
		n += len(defs[d].(map[string]any)["required"].([]any))
	}
	assert.Equal(t, n, len(tests), "every required field is in the table")
}

// TestModuleFilesValidate validates every portfolio and policy file of the
// module against its schema: the embedded sample, every policy pack, and
// every portfolio and policy under a testdata directory or in examples/,
// except the negative fixtures: those named so (see meantInvalid) and those
// that pmokit's own reader rejects. So the schema is never stricter than the
// reader on the module's files.
func TestModuleFilesValidate(t *testing.T) {
	root := moduleRoot(t)
	portfolio := compile(t, schemas.Portfolio())
	policy := compile(t, schemas.Policy())
	matrix := compile(t, schemas.Matrix())
	counts := map[string]int{}
	validated := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") && path != root {
				return filepath.SkipDir
			}
			return nil
		}
		ext := filepath.Ext(path)
		if ext != ".yaml" && ext != ".yml" && ext != ".json" {
			return nil
		}
		if strings.HasSuffix(path, ".schema.json") || meantInvalid(rel) {
			return nil
		}
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		v, err := jsonValue(data)
		if err != nil {
			// Not a single YAML document of plain values (e.g. a multi-document
			// golden output); only portfolio and policy files matter here.
			return nil
		}
		kind := fileKind(v)
		var s *jsonSchema
		switch kind {
		case "portfolio":
			s = portfolio
		case "policy":
			s = policy
		case "matrix":
			s = matrix
		default:
			return nil
		}
		if !readerAccepts(kind, data) {
			// A negative fixture of the reader's own tests: the schema
			// promises nothing about files the reader rejects.
			t.Logf("%s: skipped, the %s reader rejects it", rel, kind)
			return nil
		}
		counts[kind]++
		validated[filepath.ToSlash(rel)] = true
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			assert.Empty(t, s.validate(v), "%s does not validate as a %s", rel, kind)
		})
		return nil
	})
	require.NoError(t, err)
	t.Logf("validated %d portfolio, %d policy and %d matrix files", counts["portfolio"], counts["policy"], counts["matrix"])
	// The policy packs and the pack test portfolio are always there; if the
	// walk finds none, the walk is broken, not the files.
	assert.Positive(t, counts["policy"], "policy files found")
	assert.Positive(t, counts["portfolio"], "portfolio files found")
	// The files that must always be among them: the sample, the pack test
	// portfolio and every policy of every pack.
	must := []string{"internal/sample/portfolio.yaml", "governance/packs/tests/testdata/portfolio.yaml", "risk/testdata/corporate.yaml"}
	packs, err := filepath.Glob(filepath.Join(root, "governance", "packs", "policies", "*.yaml"))
	require.NoError(t, err)
	for _, p := range packs {
		if rel, _ := filepath.Rel(root, p); !strings.HasSuffix(p, "_test.yaml") {
			must = append(must, filepath.ToSlash(rel))
		}
	}
	assert.Greater(t, len(must), 12, "pack policies found")
	for _, rel := range must {
		assert.True(t, validated[rel], "%s was not validated (misclassified, or rejected by its reader)", rel)
	}
}

// TestInvalidFilesFail checks that the schemas catch the mistakes an editor
// should flag, each with a clear path.
func TestInvalidFilesFail(t *testing.T) {
	portfolio := compile(t, schemas.Portfolio())
	policy := compile(t, schemas.Policy())
	tests := []struct {
		name   string
		schema *jsonSchema
		doc    string
		want   []string
	}{
		{
			name:   "unknown project field",
			schema: portfolio,
			doc: `
id: pf
name: Portfolio
projects:
  - {id: P-1, name: One, phase: planning, sponsr: u-1}`,
			want: []string{"projects[0].sponsr: unknown field"},
		},
		{
			name:   "bad money",
			schema: portfolio,
			doc: `
id: pf
name: Portfolio
projects:
  - id: P-1
    name: One
    phase: execution
    budget: {approved: "12x USD", forecast: "1,200 USD"}`,
			want: []string{
				`projects[0].budget.approved: "12x USD" does not match ^[+-]?[0-9]+(\.[0-9]+)? [A-Z]{3}$`,
				`projects[0].budget.forecast: "1,200 USD" does not match ^[+-]?[0-9]+(\.[0-9]+)? [A-Z]{3}$`,
			},
		},
		{
			name:   "impacts per dimension",
			schema: portfolio,
			doc: `
id: pf
name: Portfolio
projects:
  - id: P-1
    name: One
    phase: execution
    risks:
      - {id: R-1, title: T, impacts: {cost: 0, schedule: 21, performance: high}, residual: {impacts: [2]}}`,
			want: []string{
				"projects[0].risks[0].impacts.cost: 0 is less than the minimum 1",
				`projects[0].risks[0].impacts.performance: "high" is string, want integer`,
				"projects[0].risks[0].impacts.schedule: 21 is more than the maximum 20",
				"projects[0].risks[0].residual.impacts: a list is array, want object",
			},
		},
		{
			name:   "money as a number",
			schema: portfolio,
			doc:    `{"id": "pf", "name": "Portfolio", "budget": 25000000}`,
			want:   []string{"budget: 25000000 is integer, want string"},
		},
		{
			name:   "missing required fields",
			schema: portfolio,
			doc: `
name: Portfolio
projects:
  - {id: P-1, name: One}
  - id: P-2
    name: Two
    phase: planning
    risks: [{id: R-1}]`,
			want: []string{
				"id: required field missing",
				"projects[0].phase: required field missing",
				"projects[1].risks[0].title: required field missing",
			},
		},
		{
			name:   "enum word, probability and date",
			schema: portfolio,
			doc: `
id: pf
name: Portfolio
pmo_type: directiv
projects:
  - id: P-1
    name: One
    phase: planning
    start: 26/01/2026
    risks: [{id: R-1, title: T, probability: 40, status: opened}]`,
			want: []string{
				`pmo_type: "directiv" is not one of "supportive", "controlling", "directive"`,
				`projects[0].risks[0].probability: 40 is more than the maximum 1`,
				`projects[0].risks[0].status: "opened" is not one of "open", "closed", "occurred"`,
				`projects[0].start: "26/01/2026" does not match ^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2}))?$`,
			},
		},
		{
			name:   "lifecycle phase twice",
			schema: portfolio,
			doc:    "{id: pf, name: P, lifecycle: [plan, build, plan]}",
			want:   []string{`lifecycle: items 0 and 2 are both "plan", want unique items`},
		},
		{
			name:   "policy with an unknown key and a bad severity",
			schema: policy,
			doc: `
policy: p
scope: projects
rules:
  - id: r
    severity: fatal
    expresion: project.manager != ''`,
			want: []string{
				"rules[0].expresion: unknown field",
				"rules[0].expression: required field missing",
				`rules[0].severity: "fatal" matches 0 of the 2 alternatives of anyOf`,
				`scope: "projects" is not one of "portfolio", "project", "gate", "change"`,
			},
		},
		{
			name:   "matrix with a bad color, a likelihood above 1 and an unknown key",
			schema: compile(t, schemas.Matrix()),
			doc: `
likelihood: {levels: [{name: low, max: 1.5}]}
impact: {levels: [{name: small, max: 1}]}
ratings: [{name: green, colour: "#0f0"}, {name: red, color: red}]
cells: [[green]]`,
			want: []string{
				"likelihood.levels[0].max: 1.5 is more than the maximum 1",
				"ratings[0].colour: unknown field",
				`ratings[1].color: "red" does not match ^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`,
			},
		},
		{
			name:   "policy without rules",
			schema: policy,
			doc:    "policy: p\nrules: []\nvariables: [{name: 1x, expression: 'true'}]",
			want: []string{
				"rules: has 0 items, want at least 1",
				`variables[0].name: "1x" does not match ^[A-Za-z_][A-Za-z0-9_]*$`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := jsonValue([]byte(tt.doc))
			require.NoError(t, err)
			assert.Equal(t, tt.want, tt.schema.validate(v))
		})
	}
}

// TestValidator checks the validator itself on small schemas, keyword by
// keyword, so that a passing file test means something.
func TestValidator(t *testing.T) {
	tests := []struct {
		name   string
		schema string
		doc    string
		want   []string
	}{
		{"type ok", `{"type": "string"}`, `"x"`, nil},
		{"type mismatch", `{"type": "string"}`, `3`, []string{"(root): 3 is integer, want string"}},
		{"integer is a number", `{"type": "number"}`, `3`, nil},
		{"number is not an integer", `{"type": "integer"}`, `3.5`, []string{"(root): 3.5 is number, want integer"}},
		{"type list", `{"type": ["number", "string"]}`, `true`, []string{"(root): true is boolean, want number or string"}},
		{"null", `{"type": "object"}`, `null`, []string{"(root): null is null, want object"}},
		{"enum", `{"enum": ["a", "b"]}`, `"c"`, []string{`(root): "c" is not one of "a", "b"`}},
		{"pattern on strings only", `{"type": ["number", "string"], "pattern": "^[0-9]+$"}`, `1.5`, nil},
		{"pattern", `{"pattern": "^[0-9]+$"}`, `"1.5"`, []string{`(root): "1.5" does not match ^[0-9]+$`}},
		{"minLength", `{"minLength": 1}`, `""`, []string{`(root): "" is shorter than 1 characters`}},
		{"minimum", `{"minimum": 0}`, `-1`, []string{"(root): -1 is less than the minimum 0"}},
		{"maximum", `{"maximum": 1}`, `1.5`, []string{"(root): 1.5 is more than the maximum 1"}},
		{"minItems", `{"minItems": 1}`, `[]`, []string{"(root): has 0 items, want at least 1"}},
		{"maxItems", `{"maxItems": 1}`, `[1, 2]`, []string{"(root): has 2 items, want at most 1"}},
		{"uniqueItems", `{"uniqueItems": true}`, `[a, b, a, 1, 1.0]`, []string{`(root): items 0 and 2 are both "a", want unique items`, "(root): items 3 and 4 are both 1, want unique items"}},
		{"uniqueItems of mappings", `{"uniqueItems": true}`, `[{a: 1}, {a: 1}]`, nil},
		{"items", `{"items": {"type": "integer"}}`, `[1, "a"]`, []string{`[1]: "a" is string, want integer`}},
		{"required", `{"required": ["a"]}`, `{}`, []string{"a: required field missing"}},
		{"closed object", `{"properties": {"a": {}}, "additionalProperties": false}`, `{"a": 1, "b": 2}`, []string{"b: unknown field"}},
		{"open object", `{"properties": {"a": {}}}`, `{"b": 2}`, nil},
		{"additionalProperties schema", `{"additionalProperties": {"type": "number"}}`, `{"x": "y"}`, []string{`x: "y" is string, want number`}},
		{"nested path", `{"properties": {"a": {"items": {"properties": {"b": {"type": "string"}}}}}}`, `{"a": [{"b": 1}]}`, []string{"a[0].b: 1 is integer, want string"}},
		{"ref", `{"$defs": {"d": {"type": "string"}}, "properties": {"a": {"$ref": "#/$defs/d"}}}`, `{"a": 1}`, []string{"a: 1 is integer, want string"}},
		{"ref and sibling", `{"$defs": {"d": {"type": "number"}}, "$ref": "#/$defs/d", "maximum": 2}`, `3`, []string{"(root): 3 is more than the maximum 2"}},
		{"anyOf", `{"anyOf": [{"type": "string"}, {"type": "boolean"}]}`, `1`, []string{"(root): 1 matches 0 of the 2 alternatives of anyOf"}},
		{"anyOf ok", `{"anyOf": [{"type": "string"}, {"type": "boolean"}]}`, `true`, nil},
		{"oneOf twice", `{"oneOf": [{"type": "number"}, {"type": "integer"}]}`, `1`, []string{"(root): 1 matches 2 of the 2 alternatives of oneOf"}},
		{"date from YAML", `{"pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}`, `2026-11-26`, nil},
		{"unsupported keyword", `{"const_free": true}`, `1`, []string{"compile"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := compileSchema([]byte(tt.schema))
			if slices.Equal(tt.want, []string{"compile"}) {
				assert.ErrorContains(t, err, "unsupported keyword")
				return
			}
			require.NoError(t, err)
			v, err := jsonValue([]byte(tt.doc))
			require.NoError(t, err)
			got := s.validate(v)
			if tt.want == nil {
				assert.Empty(t, got)
				return
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestJSONValueDates(t *testing.T) {
	tests := []struct {
		doc  string
		want any
	}{
		{"d: 2026-11-26", map[string]any{"d": "2026-11-26"}},
		{"d: 2026-11-26T10:30:00Z", map[string]any{"d": "2026-11-26T10:30:00Z"}},
		{"d: 2026-11-26T10:30:00+02:00", map[string]any{"d": "2026-11-26T10:30:00+02:00"}},
		{`d: "2026-11-26"`, map[string]any{"d": "2026-11-26"}},
		{"n: [1, 2.5, true, null]", map[string]any{"n": []any{1.0, 2.5, true, nil}}},
	}
	for _, tt := range tests {
		t.Run(tt.doc, func(t *testing.T) {
			got, err := jsonValue([]byte(tt.doc))
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	_, err := jsonValue([]byte("{1: a}"))
	assert.ErrorContains(t, err, "keys must be strings")
}
