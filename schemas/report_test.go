package schemas_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/internal/sample"
	"github.com/pmokit/pmokit/pmo"
	"github.com/pmokit/pmokit/schemas"
)

// TestReportSchemaMatchesGoTypes checks the report schema against the Go
// types of a report: a field added to governance.Result, Counts or
// GateCheck without its schema property fails here, naming the field; and
// the top-level properties are exactly the keys Report.MarshalJSON writes.
func TestReportSchemaMatchesGoTypes(t *testing.T) {
	s := compile(t, schemas.Report())
	// A result's explanation is computed lazily: Result.MarshalJSON writes
	// it from the Explanation method, not from a field.
	c := &typeChecker{s: s, schemaOnly: map[string][]string{"#/$defs/result": {"explanation"}}}
	_, lazy := reflect.TypeFor[governance.Result]().MethodByName("Explanation")
	require.True(t, lazy, "governance.Result.Explanation writes the explanation property")
	defs := s.root["$defs"].(map[string]any)
	c.object(defs["result"].(map[string]any), reflect.TypeFor[governance.Result](), "#/$defs/result")
	c.object(defs["counts"].(map[string]any), reflect.TypeFor[governance.Counts](), "#/$defs/counts")
	c.object(defs["gate"].(map[string]any), reflect.TypeFor[governance.GateCheck](), "#/$defs/gate")
	c.object(defs["param"].(map[string]any), reflect.TypeFor[governance.ParamValue](), "#/$defs/param")
	assert.Empty(t, c.errs, strings.Join(c.errs, "\n"))

	rep := gateReport(t)
	data, err := json.Marshal(rep)
	require.NoError(t, err)
	var top map[string]any
	require.NoError(t, json.Unmarshal(data, &top))
	assert.Equal(t, sortedKeys(s.root["properties"].(map[string]any)), sortedKeys(top),
		"the schema's top-level properties are the keys of a gate report")
	assert.Equal(t, float64(governance.ReportSchemaVersion), top["schema_version"])
	props := s.root["properties"].(map[string]any)
	v := props["schema_version"].(map[string]any)
	assert.Equal(t, []any{float64(governance.ReportSchemaVersion), float64(governance.ReportSchemaVersion)}, []any{v["minimum"], v["maximum"]},
		"the schema is of the version the code writes")
}

// TestReportsValidate validates produced reports against the schema: the
// library's, of an evaluation and of a gate check over the sample
// portfolio, and the command's golden JSON outputs.
func TestReportsValidate(t *testing.T) {
	s := compile(t, schemas.Report())
	pf, err := sample.Portfolio()
	require.NoError(t, err)
	policies, err := governance.Pack(pmo.Directive)
	require.NoError(t, err)
	// A policy with a parameter set in Go, so that the report records one.
	policies = append(policies, schemaParamsPolicy())
	eng, err := governance.New(governance.WithParams(governance.Params{{Policy: "schema-params", Name: "limit", Value: "2000000 USD"}}))
	require.NoError(t, err)
	set, err := eng.Compile(policies...)
	require.NoError(t, err)
	rep, err := set.Evaluate(context.Background(), pf, governance.At(sample.Today()))
	require.NoError(t, err)
	require.NotEmpty(t, rep.Violations(), "the sample breaks the directive pack: the report has every kind of result")

	docs := map[string][]byte{}
	for name, r := range map[string]*governance.Report{"evaluate": rep, "gate": gateReport(t)} {
		data, err := json.Marshal(r)
		require.NoError(t, err)
		docs[name] = data
	}
	root := moduleRoot(t)
	for _, f := range []string{"cmd/pmokit/testdata/golden/check-directive.json", "cmd/pmokit/testdata/golden/gate-blocked.json",
		"cmd/pmokit/testdata/golden/check-waivers.json", "cmd/pmokit/testdata/golden/gate-waivers.json", "cmd/pmokit/testdata/golden/check-ratings.json"} {
		data, err := os.ReadFile(filepath.Join(root, f))
		require.NoError(t, err)
		docs[f] = data
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range docs {
			if !yield(k) {
				return
			}
		}
	})
	for _, name := range names {
		var v any
		require.NoError(t, json.Unmarshal(docs[name], &v), name)
		assert.Empty(t, s.validate(v), "%s does not validate against report.schema.json", name)
	}

	// The schema rejects what a reader of reports must not accept.
	bad := map[string]string{
		"no schema_version": `{"now": "2026-11-26T00:00:00Z", "blocked": false, "counts": {"total":0,"pass":0,"fail":0,"error":0,"skipped":0,"violations":0,"errors":0,"warnings":0,"infos":0,"subjects":0}, "results": []}`,
		"old command shape": `{"schema_version": 1, "command": "check", "at": "2026-11-26T00:00:00Z", "blocked": false, "summary": {}, "violations": []}`,
		"unknown outcome":   `{"schema_version": 1, "now": "2026-11-26T00:00:00Z", "blocked": false, "counts": {"total":1,"pass":0,"fail":0,"error":0,"skipped":0,"violations":0,"errors":0,"warnings":0,"infos":0,"subjects":1}, "results": [{"policy":"p","rule":"r","subject":"s","subject_kind":"project","severity":"error","outcome":"passed"}]}`,
	}
	for name, doc := range bad {
		var v any
		require.NoError(t, json.Unmarshal([]byte(doc), &v), name)
		assert.NotEmpty(t, s.validate(v), name)
	}
}

// TestReportReadsBack checks the reader of the report JSON against the
// writer: a report read back with UnmarshalJSON marshals to the same bytes,
// and a document of another schema_version is refused.
func TestReportReadsBack(t *testing.T) {
	rep := gateReport(t)
	data, err := json.Marshal(rep)
	require.NoError(t, err)
	var back governance.Report
	require.NoError(t, json.Unmarshal(data, &back))
	again, err := json.Marshal(&back)
	require.NoError(t, err)
	assert.JSONEq(t, string(data), string(again))

	var other governance.Report
	err = json.Unmarshal([]byte(strings.Replace(string(data), `"schema_version":1`, `"schema_version":2`, 1)), &other)
	assert.ErrorIs(t, err, governance.ErrInvalidReport)
}

func gateReport(t *testing.T) *governance.Report {
	t.Helper()
	pf, err := sample.Portfolio()
	require.NoError(t, err)
	policies, err := governance.Pack(pmo.Directive)
	require.NoError(t, err)
	policies = append(policies, schemaParamsPolicy())
	eng, err := governance.New(governance.WithParams(governance.Params{{Policy: "schema-params", Name: "limit", Value: "2000000 USD"}}))
	require.NoError(t, err)
	set, err := eng.Compile(policies...)
	require.NoError(t, err)
	var planning string
	for _, p := range pf.Projects {
		if p.Phase == pmo.PhasePlanning {
			planning = p.ID
			break
		}
	}
	require.NotEmpty(t, planning)
	rep, err := set.CheckGate(context.Background(), pf, planning, pmo.PhaseExecution, governance.At(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)))
	require.NoError(t, err)
	return rep
}

// schemaParamsPolicy is a policy with a parameter, so that a report records
// one.
func schemaParamsPolicy() *governance.Policy {
	return &governance.Policy{Name: "schema-params", Scope: governance.ScopeGate,
		Params: []governance.Param{{Name: "limit", Type: governance.ParamMoney, Default: "1000000 USD"}},
		Rules:  []governance.Rule{{ID: "r", Expression: "project.budget.approved.currency() != 'USD' || project.budget.approved <= params.limit"}}}
}
