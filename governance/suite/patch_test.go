package suite

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

func node(t *testing.T, s string) *yaml.Node {
	t.Helper()
	var doc yaml.Node
	require.NoError(t, yaml.Unmarshal([]byte(s), &doc))
	return doc.Content[0]
}

func render(t *testing.T, n *yaml.Node) map[string]any {
	t.Helper()
	data, err := yaml.Marshal(n)
	require.NoError(t, err)
	var out map[string]any
	require.NoError(t, yaml.Unmarshal(data, &out))
	return out
}

const basePortfolio = `id: pf
name: Base
projects:
  - id: P-1
    name: One
    sponsor: u-1
    budget: {approved: "100 USD", forecast: "110 USD"}
    risks: [{id: R-1, title: a}]
  - id: P-2
    name: Two
`

func TestApplyPatches(t *testing.T) {
	tests := []struct {
		name    string
		patches string // a YAML list of patches, as in a suite
		want    string // the whole portfolio after the patches
	}{
		{
			name:    "merge patch: null deletes, mappings merge, scalars replace",
			patches: `[{project: P-1, set: {sponsor: null, name: Uno, budget: {forecast: "120 USD"}}}]`,
			want: `{id: pf, name: Base, projects: [
				{id: P-1, name: Uno, budget: {approved: "100 USD", forecast: "120 USD"}, risks: [{id: R-1, title: a}]},
				{id: P-2, name: Two}]}`,
		},
		{
			name:    "lists are replaced by set and extended by append",
			patches: `[{project: P-1, set: {risks: [{id: R-2, title: b}]}}, {project: P-1, append: {risks: [{id: R-3, title: c}]}}, {project: P-2, append: {risks: [{id: R-4, title: d}]}}]`,
			want: `{id: pf, name: Base, projects: [
				{id: P-1, name: One, sponsor: u-1, budget: {approved: "100 USD", forecast: "110 USD"}, risks: [{id: R-2, title: b}, {id: R-3, title: c}]},
				{id: P-2, name: Two, risks: [{id: R-4, title: d}]}]}`,
		},
		{
			name:    "portfolio root, new keys, nulls inside new values dropped",
			patches: `[{set: {name: Renamed, currency: USD, budget: {x: null}}}]`,
			want: `{id: pf, name: Renamed, currency: USD, budget: {}, projects: [
				{id: P-1, name: One, sponsor: u-1, budget: {approved: "100 USD", forecast: "110 USD"}, risks: [{id: R-1, title: a}]},
				{id: P-2, name: Two}]}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := node(t, basePortfolio)
			before := render(t, base)
			d := &decoder{file: "p_test.yaml"}
			var patches []Patch
			for _, item := range d.seq(node(t, tt.patches), "patch") {
				patches = append(patches, d.patch(item))
			}
			require.Empty(t, d.errs)
			got, err := applyPatches(base, patches)
			require.NoError(t, err)
			var want map[string]any
			require.NoError(t, yaml.Unmarshal([]byte(tt.want), &want))
			assert.Equal(t, want, render(t, got))
			assert.Equal(t, before, render(t, base), "the base portfolio must not change")
		})
	}
}

func TestApplyPatchesErrors(t *testing.T) {
	base := node(t, basePortfolio)
	d := &decoder{file: "p_test.yaml"}
	missing := d.patch(node(t, `{project: P-9, set: {name: x}}`))
	_, err := applyPatches(base, []Patch{missing})
	assert.EqualError(t, err, `suite: p_test.yaml:1:1: patch: no project "P-9" in the portfolio`)

	notList := d.patch(node(t, `{project: P-1, append: {sponsor: [x]}}`))
	_, err = applyPatches(base, []Patch{notList})
	assert.EqualError(t, err, `suite: p_test.yaml:1:1: append: sponsor is not a list`)
}

func TestCheckAliases(t *testing.T) {
	_, err := Parse("a_test.yaml", []byte("name: x\ntests: &t [{name: a, expect: {only: true}, x: *t}]\n"))
	assert.ErrorContains(t, err, "suite: a_test.yaml:2:47: tests[0].x: aliases are not supported (*t): write the value out")

	lol := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g"} {
		lol += n + ": &" + n + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n"
		prev = n
	}
	_, err = Parse("lol_test.yaml", []byte(lol))
	assert.ErrorContains(t, err, "suite: lol_test.yaml:2:8: b[0]: aliases are not supported (*a): write the value out")
}

// FuzzApplyPatches checks that no patch, however malformed, makes the
// patcher panic or change the base portfolio.
func FuzzApplyPatches(f *testing.F) {
	f.Add(`[{project: P-1, set: {sponsor: null, budget: {forecast: "1 USD"}}}]`)
	f.Add(`[{set: {projects: null}}, {project: P-1, set: {a: 1}}]`)
	f.Add(`[{project: P-2, append: {risks: [{id: R}], issues: []}}]`)
	f.Add(`[{project: P-1, set: &a {x: *a}}]`)
	f.Add(`[{set: {a: {b: {c: null}}}, append: {projects: [{id: P-1}]}}, {project: P-1, set: {id: P-3}}]`)
	f.Fuzz(func(t *testing.T, patches string) {
		var doc yaml.Node
		if yaml.Unmarshal([]byte(patches), &doc) != nil || len(doc.Content) == 0 || checkAliases(doc.Content[0]) != nil {
			return
		}
		d := &decoder{file: "fuzz_test.yaml"}
		items := d.seq(doc.Content[0], "patch")
		var ps []Patch
		for _, item := range items {
			ps = append(ps, d.patch(item))
		}
		if len(d.errs) > 0 {
			return
		}
		var baseDoc yaml.Node
		if err := yaml.Unmarshal([]byte(basePortfolio), &baseDoc); err != nil {
			t.Fatal(err)
		}
		base := baseDoc.Content[0]
		before, err := yaml.Marshal(base)
		if err != nil {
			t.Fatal(err)
		}
		out, err := applyPatches(base, ps)
		after, err2 := yaml.Marshal(base)
		if err2 != nil || string(before) != string(after) {
			t.Fatalf("the base portfolio changed:\n%s\n%s", before, after)
		}
		if err == nil {
			if _, err := yaml.Marshal(out); err != nil {
				t.Fatalf("patched portfolio does not marshal: %v", err)
			}
		}
	})
}
