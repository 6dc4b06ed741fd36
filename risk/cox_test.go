package risk

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// colorings3x3 calls f with every coloring of the equal-band 3×3 grid in
// three ordered ratings that uses all three (3^9 − 3·2^9 + 3 = 18,150).
func colorings3x3(t *testing.T, f func(cells [][]string, m *Matrix)) {
	names := []string{"green", "yellow", "red"}
	base := Preset3x3().Definition()
	base.Ratings = []Rating{{Name: "green"}, {Name: "yellow"}, {Name: "red"}}
	for code := range 19683 {
		var seen [3]bool
		cells := make([][]string, 3)
		x := code
		for row := range 3 {
			cells[row] = make([]string, 3)
			for col := range 3 {
				cells[row][col] = names[x%3]
				seen[x%3] = true
				x /= 3
			}
		}
		if !seen[0] || !seen[1] || !seen[2] {
			continue
		}
		d := base
		d.Cells = cells
		m, err := NewMatrix(d)
		require.NoError(t, err)
		f(cells, m)
	}
}

// TestCoxUnique3x3 checks Cox (2008)'s result that on a 3×3 matrix with
// equal bands exactly one three-color coloring satisfies weak consistency,
// betweenness and consistent coloring: red top right, green in the left
// column and the bottom row, yellow elsewhere (REFERENCES §2.3).
func TestCoxUnique3x3(t *testing.T) {
	var pass [][][]string
	n := 0
	colorings3x3(t, func(cells [][]string, m *Matrix) {
		n++
		if len(m.CheckCox()) == 0 {
			pass = append(pass, cells)
		}
	})
	assert.Equal(t, 18150, n)
	assert.Equal(t, [][][]string{{
		{"green", "yellow", "red"},
		{"green", "yellow", "yellow"},
		{"green", "green", "green"},
	}}, pass)
}

func TestCheckCox(t *testing.T) {
	def := func(ratings []string, cells [][]string) Definition {
		d := Preset3x3().Definition()
		d.Ratings = nil
		for _, r := range ratings {
			d.Ratings = append(d.Ratings, Rating{Name: r})
		}
		d.Cells = cells
		return d
	}
	tests := []struct {
		name string
		d    Definition
		want []string
	}{
		{"Cox's 3x3", Preset3x3().Definition(), nil},
		{"one color", def([]string{"low", "high"}, [][]string{{"low", "low", "low"}, {"low", "low", "low"}, {"low", "low", "low"}}), nil},
		{
			// Red next to green in the top row, and a red cell in the left column.
			"red beside green",
			def([]string{"green", "yellow", "red"}, [][]string{
				{"red", "green", "red"},
				{"green", "yellow", "yellow"},
				{"green", "green", "green"},
			}),
			[]string{
				"weak consistency: cell L1I1 (green) holds risks up to 0.1111, above the least risk 0 of cell L3I1 (red)",
				"weak consistency: cell L1I2 (green) holds risks up to 0.2222, above the least risk 0 of cell L3I1 (red)",
				"weak consistency: cell L1I3 (green) holds risks up to 0.3333, above the least risk 0 of cell L3I1 (red)",
				"weak consistency: cell L2I1 (green) holds risks up to 0.2222, above the least risk 0 of cell L3I1 (red)",
				"weak consistency: cell L3I2 (green) holds risks up to 0.6667, above the least risk 0 of cell L3I1 (red)",
				"weak consistency: cell L3I2 (green) holds risks up to 0.6667, above the least risk 0.4444 of cell L3I3 (red)",
				"betweenness: cell L2I1 (green) shares an edge with cell L3I1 (red) with no rating between them",
				"betweenness: cell L3I2 (green) shares an edge with cell L3I1 (red) with no rating between them",
				"betweenness: cell L3I2 (green) shares an edge with cell L3I3 (red) with no rating between them",
				"consistent coloring: cell L3I1 (red) holds risks (0..0.3333) as small as all of some green cell's and none as high as all of any red cell's; it should be green",
				"consistent coloring: cell L3I2 (green) holds risks (0.2222..0.6667) as high as all of some red cell's and none as small as all of any green cell's; it should be red",
			},
		},
		{
			// Green in the top-left and bottom-right corners, red top right:
			// the centre cell is yellow but lies in no rectangle spanned by
			// a green and a red cell, and its risks (1/9..4/9) straddle
			// nothing: only the third clause of consistent coloring (an
			// intermediate color only between red and green, or where a
			// cell straddles them) catches it.
			"yellow off the green-red rectangles",
			def([]string{"green", "yellow", "red"}, [][]string{
				{"green", "yellow", "red"},
				{"yellow", "yellow", "yellow"},
				{"yellow", "yellow", "green"},
			}),
			[]string{
				"consistent coloring: cell L1I1 (yellow) holds risks (0..0.1111) as small as all of some green cell's and none as high as all of any red cell's; it should be green",
				"consistent coloring: cell L1I2 (yellow) holds risks (0..0.2222) as small as all of some green cell's and none as high as all of any red cell's; it should be green",
				"consistent coloring: cell L2I1 (yellow) holds risks (0..0.2222) as small as all of some green cell's and none as high as all of any red cell's; it should be green",
				"consistent coloring: cell L2I2 (yellow) neither lies between a green and a red cell nor straddles their risks (0.1111..0.4444)",
			},
		},
		{
			// Uneven bands: likelihood 0–0.1–0.2–1, impact 0–0.5–0.9–1. The
			// yellow cells L1I3 (0..0.1) and L2I3 (0.09..0.2) lie in no
			// green–red rectangle but straddle the risks of the red and
			// green cells (above the red cell's top, 0.05, and below the
			// green cell's bottom, 0.1), so clause (b) of the third clause
			// lets them be yellow: they are not in the list.
			"yellow that straddles",
			func() Definition {
				d := def([]string{"green", "yellow", "red"}, [][]string{
					{"yellow", "green", "yellow"},
					{"yellow", "yellow", "yellow"},
					{"red", "yellow", "yellow"},
				})
				for i, b := range [][2]float64{{0, 0.1}, {0.1, 0.2}, {0.2, 1}} {
					d.Likelihood.Levels[i].Min, d.Likelihood.Levels[i].Max = b[0], b[1]
				}
				for i, b := range [][2]float64{{0, 0.5}, {0.5, 0.9}, {0.9, 1}} {
					d.Impact.Levels[i].Min, d.Impact.Levels[i].Max = b[0], b[1]
				}
				return d
			}(),
			[]string{
				"weak consistency: cell L3I2 (green) holds risks up to 0.9, above the least risk 0 of cell L1I1 (red)",
				"consistent coloring: cell L1I1 (red) holds risks (0..0.05) as small as all of some green cell's and none as high as all of any red cell's; it should be green",
				"consistent coloring: cell L3I2 (green) holds risks (0.1..0.9) as high as all of some red cell's and none as small as all of any green cell's; it should be red",
				"consistent coloring: cell L3I3 (yellow) holds risks (0.18..1) as high as all of some red cell's and none as small as all of any green cell's; it should be red",
			},
		},
		{
			"two colors",
			def([]string{"low", "high"}, [][]string{
				{"low", "high", "high"},
				{"low", "low", "high"},
				{"low", "low", "low"},
			}),
			[]string{
				"weak consistency: cell L1I3 (low) holds risks up to 0.3333, above the least risk 0.2222 of cell L2I3 (high)",
				"weak consistency: cell L1I3 (low) holds risks up to 0.3333, above the least risk 0.2222 of cell L3I2 (high)",
				"weak consistency: cell L2I2 (low) holds risks up to 0.4444, above the least risk 0.2222 of cell L2I3 (high)",
				"weak consistency: cell L2I2 (low) holds risks up to 0.4444, above the least risk 0.2222 of cell L3I2 (high)",
				"weak consistency: cell L3I1 (low) holds risks up to 0.3333, above the least risk 0.2222 of cell L2I3 (high)",
				"weak consistency: cell L3I1 (low) holds risks up to 0.3333, above the least risk 0.2222 of cell L3I2 (high)",
				"betweenness: cell L1I2 (low) touches, on a rising diagonal, cell L2I3 (high) with no rating between them",
				"betweenness: cell L1I3 (low) shares an edge with cell L2I3 (high) with no rating between them",
				"betweenness: cell L2I1 (low) touches, on a rising diagonal, cell L3I2 (high) with no rating between them",
				"betweenness: cell L2I2 (low) shares an edge with cell L2I3 (high) with no rating between them",
				"betweenness: cell L2I2 (low) shares an edge with cell L3I2 (high) with no rating between them",
				"betweenness: cell L2I2 (low) touches, on a rising diagonal, cell L3I3 (high) with no rating between them",
				"betweenness: cell L3I1 (low) shares an edge with cell L3I2 (high) with no rating between them",
			},
		},
		{
			// The score-banded 5×5 misranks: a "low" cell (probability ≤ 0.2,
			// impact 20–40%) holds more risk than parts of "high" cells, and
			// the cells of the bottom row and left column, which hold risks
			// near zero, are not all rated lowest (Cox's theorem).
			"5x5 preset", Preset5x5().Definition(),
			[]string{
				"weak consistency: cell L1I4 (low) holds risks up to 0.08, above the least risk 0.06 of cell L4I3 (high)",
				"weak consistency: cell L1I4 (low) holds risks up to 0.08, above the least risk 0.04 of cell L5I2 (high)",
				"weak consistency: cell L1I5 (medium) holds risks up to 0.2, above the least risk 0.16 of cell L5I4 (critical)",
				"betweenness: cell L1I4 (low) touches, on a rising diagonal, cell L2I5 (high) with no rating between them",
				"betweenness: cell L4I1 (low) touches, on a rising diagonal, cell L5I2 (high) with no rating between them",
				"consistent coloring: cell L1I5 (medium) holds risks (0..0.2) as small as all of some low cell's and none as high as all of any critical cell's; it should be low",
				"consistent coloring: cell L2I5 (high) holds risks (0.08..0.4) as high as all of some critical cell's and none as small as all of any low cell's; it should be critical",
				"consistent coloring: cell L3I5 (high) holds risks (0.16..0.6) as high as all of some critical cell's and none as small as all of any low cell's; it should be critical",
				"consistent coloring: cell L5I1 (medium) holds risks (0..0.05) as small as all of some low cell's and none as high as all of any critical cell's; it should be low",
			},
		},
		{
			"PMBOK preset", PresetPMBOK().Definition(),
			[]string{
				"betweenness: cell L1I4 (low) touches, on a rising diagonal, cell L2I5 (high) with no rating between them",
				"consistent coloring: cell L5I1 (moderate) holds risks (0..0.05) as small as all of some low cell's and none as high as all of any high cell's; it should be low",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := NewMatrix(tt.d)
			require.NoError(t, err)
			var got []string
			for _, v := range m.CheckCox() {
				got = append(got, v.String())
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestCheckCoxCells(t *testing.T) {
	vs := Preset5x5().CheckCox()
	require.NotEmpty(t, vs)
	assert.Equal(t, Violation{
		Axiom:   WeakConsistency,
		Cells:   []Cell{{Likelihood: 0, Impact: 3}, {Likelihood: 3, Impact: 2}},
		Message: "cell L1I4 (low) holds risks up to 0.08, above the least risk 0.06 of cell L4I3 (high)",
	}, vs[0])
	assert.Equal(t, "Axiom(9)", Axiom(9).String())
}
