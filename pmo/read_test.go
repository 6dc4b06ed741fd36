package pmo_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/pmokit/pmokit/pmo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// base is a minimal valid portfolio that the cases below extend.
const base = `id: pf
name: PF
people: [{id: u1, name: U1}, {id: u2, name: U2}]
programs: [{id: pg, name: PG}]
projects:
  - id: P-1
    name: One
    phase: planning
`

// fieldErrors returns the FieldErrors joined in err, in order.
func fieldErrors(t *testing.T, err error) []*pmo.FieldError {
	t.Helper()
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok && !isFieldError(err) {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	out := make([]*pmo.FieldError, 0, len(errs))
	for _, e := range errs {
		var fe *pmo.FieldError
		require.True(t, errors.As(e, &fe), "%T %v is not a *pmo.FieldError", e, e)
		out = append(out, fe)
	}
	return out
}

func isFieldError(err error) bool {
	_, ok := err.(*pmo.FieldError)
	return ok
}

func read(doc string) (*pmo.Portfolio, error) { return pmo.ReadPortfolio(strings.NewReader(doc)) }

// TestReadErrors reads documents with one problem each and checks the whole
// error text and its position.
func TestReadErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want string // the error text
		line int    // of the FieldError; 0 to skip the check
	}{
		{"unknown top-level field", base + "owner: u1\n", `pmo: owner: unknown field "owner"`, 9},
		{"unknown nested field", base + "    budget: {approvd: 1 USD}\n", `pmo: projects[0].budget.approvd: unknown field "approvd"`, 9},
		{"malformed money", base + "    budget: {approved: 12x USD}\n", `pmo: projects[0].budget.approved: invalid money "12x USD"`, 9},
		{"money without currency", base + "    budget: {approved: 1200}\n", `pmo: projects[0].budget.approved: invalid money "1200"`, 9},
		{"malformed date", base + "    start: 2026-02-30\n", `pmo: projects[0].start: invalid date "2026-02-30" (want YYYY-MM-DD or RFC 3339)`, 9},
		{"date of wrong type", base + "    start: [2026]\n", `pmo: projects[0].start: want a date, found a list`, 9},
		{"enum outside its table", base + "    status: purple\n", `pmo: projects[0].status: status "purple" is not on the status scale [green amber red]`, 9},
		{"status off the portfolio's scale", "status_scale: [on_track, at_risk, off_track]\n" + base + "    status: red\n",
			`pmo: projects[0].status: status "red" is not on the status scale [on_track at_risk off_track]`, 10},
		{"enum of wrong type", base + "    status: 3\n", `pmo: projects[0].status: want a word, found a number`, 9},
		{"probability above 1", base + "    risks: [{id: R-1, title: T, probability: 1.5}]\n", `pmo: projects[0].risks[0].probability: probability 1.5 outside 0..1`, 9},
		{"probability below 0", base + "    risks: [{id: R-1, title: T, residual: {probability: -0.1}}]\n", `pmo: projects[0].risks[0].residual.probability: probability -0.1 outside 0..1`, 9},
		{"fractional impact", base + "    risks: [{id: R-1, title: T, impact: 1.5}]\n", `pmo: projects[0].risks[0].impact: want an integer, found 1.5`, 9},
		{"infinite number", base + "    scores: {reach: .inf}\n", `pmo: projects[0].scores.reach: invalid number .inf (want a finite number)`, 9},
		{"cost range reversed", base + "    risks: [{id: R-1, title: T, cost_range: {min: 5 USD, max: 1 USD}}]\n", `pmo: projects[0].risks[0].cost_range: min 5 USD is above max 1 USD`, 9},
		{"cost range in two currencies", base + "    risks: [{id: R-1, title: T, cost_range: {min: 5 USD, max: 1 EUR}}]\n", `pmo: projects[0].risks[0].cost_range: currency mismatch: 5 USD <=> 1 EUR`, 9},
		{"duplicate person", strings.Replace(base, "{id: u2, name: U2}", "{id: u1, name: U2}", 1), `pmo: people[1].id: duplicate id "u1" (first at people[0])`, 3},
		{"duplicate project", base + "  - {id: P-1, name: Two, phase: closing}\n", `pmo: projects[1].id: duplicate id "P-1" (first at projects[0])`, 9},
		{"duplicate item in one list", base + "    issues: [{id: I-1, title: A}, {id: I-1, title: B}]\n", `pmo: projects[0].issues[1].id: duplicate id "I-1" (first at issues[0])`, 9},
		{"unknown person", base + "    manager: u9\n", `pmo: projects[0].manager: unknown person "u9"`, 9},
		{"unknown person in a list", base + "    decisions: [{id: D-1, title: T, by: [u1, u9]}]\n", `pmo: projects[0].decisions[0].by[1]: unknown person "u9"`, 9},
		{"unknown program", base + "    program: pg-x\n", `pmo: projects[0].program: unknown program "pg-x"`, 9},
		{"unknown program manager", strings.Replace(base, "{id: pg, name: PG}", "{id: pg, name: PG, manager: u7}", 1), `pmo: programs[0].manager: unknown person "u7"`, 4},
		{"unknown project", base + "    dependencies: [{id: D-1, on: P-9}]\n", `pmo: projects[0].dependencies[0].on: unknown project "P-9"`, 9},
		{"self dependency", base + "    dependencies: [{id: D-1, on: P-1}]\n", `pmo: projects[0].dependencies[0].on: project "P-1" depends on itself`, 9},
		{"phase outside the lifecycle", strings.Replace(base, "phase: planning", "phase: build", 1), `pmo: projects[0].phase: phase "build" is not in the lifecycle [initiation planning execution closing]`, 8},
		{"phase outside a custom lifecycle", "lifecycle: [discover, build, run]\n" + base, `pmo: projects[0].phase: phase "planning" is not in the lifecycle [discover build run]`, 9},
		{"duplicate phase", "lifecycle: [planning, planning]\n" + base, `pmo: lifecycle[1]: duplicate phase "planning" (first at lifecycle[0])`, 1},
		{"approval gate outside the lifecycle", base + "    approvals: [{gate: build, by: u1}]\n", `pmo: projects[0].approvals[0].gate: phase "build" is not in the lifecycle [initiation planning execution closing]`, 9},
		{"decision gate outside the lifecycle", base + "    decisions: [{id: D-1, title: T, gate: build}]\n", `pmo: projects[0].decisions[0].gate: phase "build" is not in the lifecycle [initiation planning execution closing]`, 9},
		{"missing project name", strings.Replace(base, "    name: One\n", "", 1), `pmo: projects[0].name: missing required field`, 6},
		{"missing risk title", base + "    risks: [{id: R-1}]\n", `pmo: projects[0].risks[0].title: missing required field`, 9},
		{"missing item id", base + "    milestones: [{name: Go-live}]\n", `pmo: projects[0].milestones[0].id: missing required field`, 9},
		{"missing approval gate", base + "    approvals: [{by: u1}]\n", `pmo: projects[0].approvals[0].gate: missing required field`, 9},
		{"missing report date", base + "    status_reports: [{status: green}]\n", `pmo: projects[0].status_reports[0].date: missing required field`, 9},
		{"missing portfolio id", strings.Replace(base, "id: pf\n", "", 1), `pmo: id: missing required field`, 1},
		{"duplicate key", base + "    name: Again\n", `pmo: projects[0].name: duplicate key "name"`, 9},
		{"duplicate map key", base + "    scores: {reach: 1, reach: 2}\n", `pmo: projects[0].scores.reach: duplicate key "reach"`, 9},
		{"list expected", strings.Replace(base, "programs: [{id: pg, name: PG}]", "programs: pg", 1), `pmo: programs: want a list, found a string`, 4},
		{"mapping expected", base + "  - P-2\n", `pmo: projects[1]: want a mapping, found a string`, 9},
		{"string expected", base + "    manager: {id: u1}\n", `pmo: projects[0].manager: want a string, found a mapping`, 9},
		{"boolean expected", base + "    milestones: [{id: M1, name: M, done: yes}]\n", `pmo: projects[0].milestones[0].done: want true or false, found a string`, 9},
		{"alias", base + "    description: &d text\n    risks: [{id: R-1, title: *d}]\n", `pmo: projects[0].risks[0].title: aliases are not supported (*d): write the value out`, 10},
		{"merge key", base + "    budget: {<<: {approved: 1 USD}}\n", `pmo: projects[0].budget["<<"]: merge keys (<<) are not supported: write the keys out`, 9},
		{"custom tag", base + "    description: !secret xyz\n", `pmo: projects[0].description: unsupported YAML tag "!secret"`, 9},
		{"attribute key in quotes", base + "    attributes: {cost centre: [1, .nan]}\n", `pmo: projects[0].attributes["cost centre"][1]: invalid number .nan (want a finite number)`, 9},
		{"top level not a mapping", "- id: pf\n", `pmo: want a portfolio mapping at the top level, found a list`, 1},
		{"empty document", "", `pmo: empty document`, 0},
		{"comment only", "# nothing\n", `pmo: empty document`, 0},
		{"two documents", base + "---\nid: other\n", `pmo: line 9, column 1: a second YAML document: a file holds one document (remove the --- and what follows, or split the file)`, 9},
		{"YAML syntax error", "id: pf\nname: [unclosed\n", `pmo: line 2, column 8: invalid YAML: did not find expected ',' or ']'`, 0},
		{"JSON unknown field", `{"id": "pf", "name": "PF", "owner": "x"}`, `pmo: owner: unknown field "owner"`, 1},
		{"JSON duplicate key", `{"id": "pf", "name": "PF", "id": "pf"}`, `pmo: id: duplicate key "id"`, 1},
		{"JSON number for a string", `{"id": 7, "name": "PF"}`, `pmo: id: want a string, found a number`, 1},
		{"JSON trailing content", `{"id": "pf", "name": "PF"} {}`, `pmo: line 1, column 28: invalid JSON: unexpected '{' after the top-level value (a file holds one JSON value)`, 1},
		{"JSON unterminated", "{\"id\": \"pf\",\n \"name\": ", `pmo: line 2, column 10: invalid JSON: unexpected end of input`, 2},
		{"JSON invalid UTF-8", "{\"id\": \"p\xfff\", \"name\": \"PF\"}", `pmo: line 1, column 10: invalid JSON: invalid UTF-8 in a string`, 1},
		{"JSON unpaired surrogate", `{"id": "\ud800", "name": "PF"}`, `pmo: line 1, column 15: invalid JSON: unpaired surrogate in a \u escape`, 1},
		{"JSON missing comma", "{\"id\": \"pf\"\n \"name\": \"PF\"}", `pmo: line 2, column 2: invalid JSON: want ',' or '}' in an object, found '"'`, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pf, err := read(tt.doc)
			require.Error(t, err)
			assert.Nil(t, pf)
			assert.ErrorIs(t, err, pmo.ErrInvalid)
			assert.EqualError(t, err, tt.want)
			errs := fieldErrors(t, err)
			require.Len(t, errs, 1)
			if tt.line > 0 {
				assert.Equal(t, tt.line, errs[0].Line, "line")
				assert.Positive(t, errs[0].Column, "column")
			}
		})
	}
}

// TestReadAllErrors reads files with many problems and compares the whole
// joined error text, and the position of each problem, with the reviewed
// golden files (regenerate with -update).
func TestReadAllErrors(t *testing.T) {
	for _, name := range []string{"bad.yaml", "bad.json"} {
		t.Run(name, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", name))
			require.NoError(t, err)
			defer f.Close()
			_, err = pmo.ReadPortfolio(f)
			require.Error(t, err)
			assert.ErrorIs(t, err, pmo.ErrInvalid)

			var positions strings.Builder
			for _, fe := range fieldErrors(t, err) {
				require.Positive(t, fe.Line, "every problem of a file has a line: %v", fe)
				fmt.Fprintf(&positions, "%d:%d: %s\n", fe.Line, fe.Column, fe.Path)
			}
			for golden, got := range map[string]string{
				name + ".golden":           err.Error() + "\n",
				name + ".positions.golden": positions.String(),
			} {
				golden = filepath.Join("testdata", golden)
				if *update {
					require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
				}
				want, err := os.ReadFile(golden)
				require.NoError(t, err)
				assert.Equal(t, string(want), got, golden)
			}
		})
	}
}

// TestReadValues checks how values are read: dates, timestamps, nulls,
// YAML leniency for unquoted numbers in string fields, attributes.
func TestReadValues(t *testing.T) {
	pf, err := read(`id: 2026
name: PF
currency: USD
budget: "25000000.00 USD"
people: [{id: u1, name: ~}]
projects:
  - id: P-1
    name: One
    phase: planning
    manager: null
    start: 2026-01-15
    finish: "2026-12-20T15:30:00+02:00"
    attributes: {tier: 2, ratio: 0.5, flag: true, none: null, list: [a, 1], nested: {k: v}, when: 2026-01-01}
    scores: {reach: 0x10, impact: 1e3}
    risks: []
    benefits: [{id: B-1, description: D, target: 1.50}]
`)
	// people[0] has a null name: it is missing.
	require.EqualError(t, err, "pmo: people[0].name: missing required field")

	pf, err = read(strings.Replace(`id: 2026
name: PF
budget: "25000000.00 USD"
people: [{id: u1, name: U}]
projects:
  - id: P-1
    name: One
    phase: planning
    manager: null
    start: 2026-01-15
    finish: "2026-12-20T15:30:00+02:00"
    attributes: {tier: 2, ratio: 0.5, flag: true, none: null, list: [a, 1], nested: {k: v}, when: 2026-01-01}
    scores: {reach: 0x10, impact: 1e3}
    risks: []
    benefits: [{id: B-1, description: D, target: 1.50}]
`, "\t", "", -1))
	require.NoError(t, err)
	assert.Equal(t, "2026", pf.ID)
	assert.Equal(t, "25000000 USD", pf.Budget.String())
	p := pf.Projects[0]
	assert.Equal(t, "", p.Manager)
	assert.Equal(t, time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC), p.Start)
	assert.Equal(t, time.Date(2026, 12, 20, 13, 30, 0, 0, time.UTC), p.Finish)
	assert.Equal(t, map[string]any{
		"tier": 2.0, "ratio": 0.5, "flag": true, "none": nil, "list": []any{"a", 1.0},
		"nested": map[string]any{"k": "v"}, "when": "2026-01-01",
	}, p.Attributes)
	assert.Equal(t, map[string]float64{"reach": 16, "impact": 1000}, p.Scores)
	assert.Nil(t, p.Risks, "an empty list reads as not given")
	assert.Equal(t, "1.5", p.Benefits[0].Target.String())
}

func TestReadJSON(t *testing.T) {
	doc := "\xef\xbb\xbf" + `{
  "id": "pf", "name": "P\u00e9rez \ud83d\ude00 \"q\" \/ \b\f\n\r\t",
  "people": [{"id": "u1", "name": "U", "roles": []}],
  "projects": [{"id": "P-1", "name": "N", "phase": "closing", "manager": "u1",
    "earned_value": {"as_of": "2026-11-01T00:00:00Z", "bac": "10 EUR", "pv": "5 EUR", "ev": "4 EUR", "ac": "5 EUR"},
    "risks": [{"id": "R", "title": "T", "probability": 0.25, "impact": 3, "schedule_impact_days": 1.5e1}],
    "attributes": {"n": -0, "big": 12345678901234567890, "s": null}}]
}`
	pf, err := read(doc)
	require.NoError(t, err)
	assert.Equal(t, "P\u00e9rez \U0001F600 \"q\" / \b\f\n\r\t", pf.Name)
	assert.Nil(t, pf.People[0].Roles)
	p := pf.Projects[0]
	assert.Equal(t, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), p.EarnedValue.AsOf)
	assert.Equal(t, pmo.Risk{ID: "R", Title: "T", Probability: 0.25, Impact: 3, ScheduleImpactDays: 15}, p.Risks[0])
	assert.Equal(t, map[string]any{"n": 0.0, "big": 12345678901234567890.0, "s": nil}, p.Attributes)

	// JSON is strict where YAML is lenient: an unquoted number is not a string.
	_, err = read(`{"id": "pf", "name": 12}`)
	assert.EqualError(t, err, "pmo: name: want a string, found a number")
	// The format is decided once: a file that starts like JSON is read by
	// JSON's grammar, never re-read as YAML with YAML's looser typing.
	_, err = read(`{id: pf, name: 12}`)
	assert.EqualError(t, err, `pmo: line 1, column 2: invalid JSON: want a string key, found 'i'`)
	_, err = read(`{"id": 7, "name": "PF",}`)
	assert.EqualError(t, err, `pmo: line 1, column 24: invalid JSON: want a string key, found '}'`)
}

// TestReadHostile checks that hostile documents are refused quickly and
// without a panic or a memory blow-up.
func TestReadHostile(t *testing.T) {
	var bomb strings.Builder
	bomb.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 10; i++ {
		bomb.WriteString("a" + strconv.Itoa(i) + ": &a" + strconv.Itoa(i) + " [")
		for j := range 10 {
			if j > 0 {
				bomb.WriteString(", ")
			}
			bomb.WriteString("*a" + strconv.Itoa(i-1))
		}
		bomb.WriteString("]\n")
	}
	tests := []struct {
		name, doc, want string
	}{
		{"alias bomb", "id: pf\nname: x\nprojects:\n  - id: P\n    name: N\n    phase: closing\n    attributes:\n" + indent(bomb.String(), "      "), "aliases are not supported"},
		{"deep YAML nesting", base + "    attributes: {a: " + strings.Repeat("[", 1200) + strings.Repeat("]", 1200) + "}\n", "nesting deeper than 1000"},
		{"deep JSON nesting", `{"id": "pf", "name": "x", "a": ` + strings.Repeat("[", 100000), "nesting deeper than 1000"},
		{"huge number", base + "    scores: {reach: 1" + strings.Repeat("0", 400) + "}\n", "want a number, found a string"},
		{"huge JSON number", `{"id": "pf", "name": "x", "projects": [{"id": "P", "name": "N", "phase": "closing", "scores": {"a": 1e400}}]}`, "invalid number 1e400 (want a finite number)"},
		{"huge exponent", base + "    benefits: [{id: B, description: D, target: 1e999999999}]\n", `invalid decimal "1e999999999"`},
		{"huge integer", base + "    risks: [{id: R, title: T, impact: 99999999999999999999}]\n", "want an integer, found 99999999999999999999"},
		{"huge JSON integer", `{"id": "pf", "name": "x", "projects": [{"id": "P", "name": "N", "phase": "closing", "risks": [{"id": "R", "title": "T", "impact": 99999999999999999999}]}]}`, "integer 99999999999999999999 out of range"},
		{"invalid UTF-8 in YAML", base + "    description: \"\xff\"\n", "invalid"},
		{"NUL bytes", "id: pf\x00\n", "invalid YAML"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := read(tt.doc)
			require.Error(t, err)
			assert.ErrorIs(t, err, pmo.ErrInvalid)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func indent(s, prefix string) string {
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "")
}

func TestReadReaderError(t *testing.T) {
	boom := errors.New("disk on fire")
	_, err := pmo.ReadPortfolio(iotest.ErrReader(boom))
	require.Error(t, err)
	assert.ErrorIs(t, err, boom)
	assert.NotErrorIs(t, err, pmo.ErrInvalid)
	assert.EqualError(t, err, "pmo: reading portfolio: disk on fire")
}

// TestValidateMatchesRead checks that Validate on data built in Go gives the
// same problems as reading the same data from a file (without positions).
func TestValidateMatchesRead(t *testing.T) {
	doc := base + `    manager: u9
    status_reports: [{status: green}]
    risks: [{id: R-1, title: T, probability: 2}, {id: R-1, title: U}]
`
	_, readErr := read(doc)
	require.Error(t, readErr)

	pf := &pmo.Portfolio{
		ID: "pf", Name: "PF",
		People:   []pmo.Person{{ID: "u1", Name: "U1"}, {ID: "u2", Name: "U2"}},
		Programs: []pmo.Program{{ID: "pg", Name: "PG"}},
		Projects: []pmo.Project{{
			ID: "P-1", Name: "One", Phase: "planning", Manager: "u9",
			StatusReports: []pmo.StatusReport{{Status: pmo.Green}},
			Risks:         []pmo.Risk{{ID: "R-1", Title: "T", Probability: 2}, {ID: "R-1", Title: "U"}},
		}},
	}
	validateErr := pf.Validate()
	require.Error(t, validateErr)

	paths := func(err error) []string {
		var out []string
		for _, fe := range fieldErrors(t, err) {
			out = append(out, fe.Error())
		}
		return out
	}
	assert.ElementsMatch(t, paths(readErr), paths(validateErr))
	for _, fe := range fieldErrors(t, validateErr) {
		assert.Zero(t, fe.Line)
	}
	assert.Equal(t, []string{
		`pmo: projects[0].manager: unknown person "u9"`,
		`pmo: projects[0].status_reports[0].date: missing required field`,
		`pmo: projects[0].risks[0].probability: probability 2 outside 0..1`,
		`pmo: projects[0].risks[1].id: duplicate id "R-1" (first at risks[0])`,
	}, paths(validateErr))
}

func TestReadSampleBytes(t *testing.T) {
	pf, err := pmo.ReadPortfolio(bytes.NewReader([]byte(base)))
	require.NoError(t, err)
	assert.Equal(t, &pmo.Portfolio{
		ID: "pf", Name: "PF",
		People:   []pmo.Person{{ID: "u1", Name: "U1"}, {ID: "u2", Name: "U2"}},
		Programs: []pmo.Program{{ID: "pg", Name: "PG"}},
		Projects: []pmo.Project{{ID: "P-1", Name: "One", Phase: "planning"}},
	}, pf)
}
