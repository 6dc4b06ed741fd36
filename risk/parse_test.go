package risk

import (
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/pmokit/pmokit/pmo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

func TestParseMatrixYAML(t *testing.T) {
	f, err := os.Open("testdata/corporate.yaml")
	require.NoError(t, err)
	defer f.Close()
	m, err := ReadMatrix(f)
	require.NoError(t, err)
	assert.Equal(t, "corporate 4x4", m.Name())
	assert.Equal(t, pmo.Threat, m.Kind())
	nl, ni := m.Size()
	assert.Equal(t, [2]int{4, 4}, [2]int{nl, ni})
	r, err := m.Rate(Cell{Likelihood: 3, Impact: 2}) // almost certain × major
	require.NoError(t, err)
	assert.Equal(t, Rating{Name: "high", Color: "#c62828", Rank: 3}, r)
	assert.Equal(t, "Cost impact", m.Impact().Name)
}

func TestParseMatrixRoundTrip(t *testing.T) {
	for _, m := range []*Matrix{Preset3x3(), Preset5x5(), PresetPMBOK(), PresetDoD()} {
		t.Run(m.Name(), func(t *testing.T) {
			j, err := json.Marshal(m.Definition())
			require.NoError(t, err)
			y, err := yaml.Marshal(m.Definition())
			require.NoError(t, err)
			for _, data := range [][]byte{j, y} {
				got, err := ParseMatrix(data)
				require.NoError(t, err, string(data))
				assert.Equal(t, m, got)
			}
		})
	}
}

func TestParseMatrixErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", "risk: matrix: empty document"},
		{"unknown field yaml", "name: x\ncolour: red\n", `risk: matrix: colour: unknown field "colour" (want cells, combine, dimensions, impact, kind, likelihood, name, ratings)`},
		{"unknown field json", `{"name": "x", "colour": "red"}`, `risk: matrix: colour: unknown field "colour" (want cells, combine, dimensions, impact, kind, likelihood, name, ratings)`},
		{"trailing json", `{"name": "x"} {}`, "risk: matrix: line 1, column 15: invalid JSON: unexpected '{' after the top-level value (a file holds one JSON value)"},
		{"two documents", "name: x\n---\nname: y\n", "risk: matrix: line 2, column 1: a second YAML document: a file holds one document (remove the --- and what follows, or split the file)"},
		{"bad kind", "kind: risk\n", `risk: matrix: kind: invalid risk kind "risk" (want one of "threat" or "opportunity")`},
		{"wrong type", "cells: 3\n", "risk: matrix: cells: want a list, found a number"},
		{"nan band", "likelihood: {levels: [{name: a, min: 0, max: .nan}]}\nimpact: {levels: [{name: b, min: 0, max: 1}]}\nratings: [{name: low}]\ncells: [[low]]\n",
			"risk: matrix: likelihood.levels[0].max: invalid number .nan (want a finite number)"},
		{"too many levels", "likelihood: {levels: [" + strings.Repeat("{name: a, min: 0, max: 1},", 21) + "]}\n",
			"risk: matrix: likelihood.levels: 21 levels, more than 20"},
		{"JSON duplicate key", `{"name": "x", "name": "y"}`, `risk: matrix: name: duplicate key "name"`},
		{"merge key", "likelihood: {<<: {levels: []}}\n", `risk: matrix: likelihood["<<"]: merge keys (<<) are not supported: write the keys out`},
		{"binary", "name: !!binary eA==\n", `risk: matrix: name: unsupported YAML tag "!!binary"`},
		{"alias", "name: &n x\nimpact: {name: *n}\n", `risk: matrix: impact.name: aliases are not supported (*n): write the value out`},
		{"JSON not re-read as YAML", `{"name": "x",}`, `risk: matrix: line 1, column 14: invalid JSON: want a string key, found '}'`},
		{"JSON number for a name", `{"name": 7}`, `risk: matrix: name: want a string, found a number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ParseMatrix([]byte(tt.in))
			require.Error(t, err)
			assert.Nil(t, m)
			assert.True(t, errors.Is(err, ErrInvalidMatrix))
			assert.Contains(t, err.Error(), tt.want)
			for _, twice := range []string{"yaml: yaml:", "json: json:"} {
				assert.NotContains(t, err.Error(), twice, "the decoder's prefix is said once")
			}
		})
	}
}

// FuzzParseMatrix checks that no input makes ParseMatrix panic, and that a
// matrix it accepts is usable: its definition rebuilds the same matrix, and
// rating, assessing and Cox's check work on every cell.
func FuzzParseMatrix(f *testing.F) {
	for _, m := range []*Matrix{Preset3x3(), Preset5x5(), PresetPMBOK(), PresetDoD()} {
		j, _ := json.Marshal(m.Definition())
		y, _ := yaml.Marshal(m.Definition())
		f.Add(j)
		f.Add(y)
	}
	for _, name := range []string{"testdata/corporate.yaml", "testdata/dimensions.yaml"} {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	for _, s := range []string{
		"", "{}", "[]", "null", "~", "---\n---\n", "{\"cells\": [[]]}",
		"likelihood: {levels: [{name: a, min: 0, max: .inf}]}",
		"likelihood: {levels: [{name: a, min: -1e308, max: 1e308}]}",
		"impact: {levels: [{name: a, min: 0, max: 1e308, score: 1e308}]}\nlikelihood: {levels: [{name: b, min: 0, max: 1, score: 1e308}]}\nratings: [{name: x}]\ncells: [[x]]",
		"a: &a [*a, *a]", "ratings: [{name: \"<script>\", color: \"#fff\"}]",
		"kind: opportunity\nlikelihood: {levels: [{name: a, min: 0, max: 1}]}\nimpact: {levels: [{name: b, min: 0, max: 1}]}\nratings: [{name: x}]\ncells: [[x]]",
		"likelihood: {levels: [{name: a, min: 0, max: 1}]}\nimpact: {levels: [{name: b, min: 0, max: 1}]}\nratings: [{name: x}]\ncells: [[x]]\ndimensions: [cost, cost, max, \"\", \" s\", \"\\xff\"]\ncombine: safety",
		"likelihood: {levels: [{name: a, min: 0, max: 1}]}\nimpact: {levels: [{name: b, min: 0, max: 1}]}\nratings: [{name: x}]\ncells: [[x]]\ndimensions: [cost]\ncombine: cost",
		"likelihood: {levels: [{name: a, min: 0, max: 1}]}\nimpact: {levels: [{name: b, min: 0, max: 1}]}\nratings: [{name: x}]\ncells: [[x]]\ncombine: max\ndimensions: {cost: 1}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseMatrix(data)
		if err != nil {
			if m != nil {
				t.Fatal("matrix and error")
			}
			return
		}
		again, err := NewMatrix(m.Definition())
		if err != nil {
			t.Fatalf("definition of an accepted matrix fails: %v", err)
		}
		nl, ni := m.Size()
		if a, b := again.Size(); a != nl || b != ni {
			t.Fatal("size changed")
		}
		for l := range nl {
			for i := range ni {
				if _, err := m.Rate(Cell{Likelihood: l, Impact: i}); err != nil {
					t.Fatal(err)
				}
			}
		}
		_ = m.CheckCox()
		kind := m.Kind()
		_, _ = m.AssessWith(pmo.Risk{ID: "R", Kind: kind, Probability: 0.5, Impact: 1, CostImpact: pmo.MustParseMoney("10 USD")}, pmo.MustParseMoney("100 USD"))
		_, _ = m.AssessWith(pmo.Risk{ID: "R", Kind: kind, Probability: 1, CostImpact: pmo.MustParseMoney("1000 USD")}, pmo.MustParseMoney("1 USD"))
		if dims := m.Dimensions(); len(dims) > 0 {
			im := map[string]int{}
			for k, d := range dims {
				im[d] = k%ni + 1
			}
			a, err := m.Assess(pmo.Risk{ID: "R", Kind: kind, Probability: 0.5, Impacts: im})
			if err != nil {
				t.Fatalf("impacts on every dimension: %v", err)
			}
			if a.Dimension == "" || !slices.Contains(dims, a.Dimension) {
				t.Fatalf("dimension %q is not one of %v", a.Dimension, dims)
			}
		}
	})
}
