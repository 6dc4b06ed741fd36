package risk

import (
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPMBOKGridScores compares the preset's cell scores with PMBOK Guide 5th
// ed., Fig. 11-10 (REFERENCES §2.1), at the figure's precision: P×I rounded
// half-up to two places.
func TestPMBOKGridScores(t *testing.T) {
	figure := [][]string{ // rows: probability 0.90 down to 0.10; columns: impact 0.05 .. 0.80
		{"0.05", "0.09", "0.18", "0.36", "0.72"},
		{"0.04", "0.07", "0.14", "0.28", "0.56"},
		{"0.03", "0.05", "0.10", "0.20", "0.40"},
		{"0.02", "0.03", "0.06", "0.12", "0.24"},
		{"0.01", "0.01", "0.02", "0.04", "0.08"},
	}
	m := PresetPMBOK()
	for row, cells := range figure {
		for col, want := range cells {
			c := Cell{Likelihood: 4 - row, Impact: col}
			got := decimal.NewFromFloat(m.Score(c)).Round(2).StringFixed(2)
			assert.Equal(t, want, got, "cell %v", c)
		}
	}
}

func TestPresetRatings(t *testing.T) {
	tests := []struct {
		name string
		m    *Matrix
		want [][]string // rows highest likelihood first, as drawn
	}{
		{"3x3", Preset3x3(), [][]string{
			{"low", "medium", "high"},
			{"low", "medium", "medium"},
			{"low", "low", "low"},
		}},
		{"5x5", Preset5x5(), [][]string{
			{"medium", "high", "high", "critical", "critical"},
			{"low", "medium", "high", "high", "critical"},
			{"low", "medium", "medium", "high", "high"},
			{"low", "low", "medium", "medium", "high"},
			{"low", "low", "low", "low", "medium"},
		}},
		// Zones: low below 0.05, high from 0.18 of the rounded figure values.
		{"PMBOK", PresetPMBOK(), [][]string{
			{"moderate", "moderate", "high", "high", "high"},
			{"low", "moderate", "moderate", "high", "high"},
			{"low", "moderate", "moderate", "high", "high"},
			{"low", "low", "moderate", "moderate", "high"},
			{"low", "low", "low", "low", "moderate"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nl, ni := tt.m.Size()
			got := make([][]string, nl)
			for row := range got {
				for i := range ni {
					r, err := tt.m.Rate(Cell{Likelihood: nl - 1 - row, Impact: i})
					require.NoError(t, err)
					got[row] = append(got[row], r.Name)
				}
			}
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.want, tt.m.Definition().Cells)
		})
	}
}

func TestPMBOKGridZones(t *testing.T) {
	_, err := PMBOKGrid(0.2, 0.1)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalidMatrix)
	m, err := PMBOKGrid(0.10, 0.40)
	require.NoError(t, err)
	r, err := m.Rate(Cell{Likelihood: 2, Impact: 3}) // 0.5 × 0.4 = 0.20
	require.NoError(t, err)
	assert.Equal(t, "moderate", r.Name)
}

func validDef() Definition {
	return Preset3x3().Definition()
}

func TestNewRejectsBadMatrices(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(d *Definition)
		wants []string
	}{
		{"empty likelihood", func(d *Definition) { d.Likelihood.Levels = nil }, []string{"likelihood.levels: empty scale", "cells: 3 rows for 0 likelihood levels"}},
		{"empty impact", func(d *Definition) { d.Impact.Levels = nil }, []string{"impact.levels: empty scale"}},
		{"ragged", func(d *Definition) { d.Cells[1] = d.Cells[1][:2] }, []string{"cells[1]: 2 cells for 3 impact levels"}},
		{"too few rows", func(d *Definition) { d.Cells = d.Cells[:2] }, []string{"cells: 2 rows for 3 likelihood levels"}},
		{"unknown rating", func(d *Definition) { d.Cells[0][2] = "extreme" }, []string{`cells[0][2]: rating "extreme" is not one of the ratings`}},
		{"no ratings", func(d *Definition) { d.Ratings = nil }, []string{"ratings: no ratings"}},
		{"duplicate rating", func(d *Definition) { d.Ratings[2].Name = "low" }, []string{`ratings[2].name: duplicate rating "low"`}},
		{"bad color", func(d *Definition) { d.Ratings[0].Color = "red;x" }, []string{`ratings[0].color: invalid color "red;x"`}},
		{"reversed band", func(d *Definition) { d.Impact.Levels[0].Min, d.Impact.Levels[0].Max = 0.3, 0 }, []string{"impact.levels[0]: band 0.3..0 is empty or reversed"}},
		{"overlap", func(d *Definition) { d.Likelihood.Levels[1].Min = 0.2 }, []string{"likelihood.levels[1]: band 0.2..0.6666666666666666 overlaps level \"low\""}},
		{"gap", func(d *Definition) { d.Likelihood.Levels[2].Min = 0.7 }, []string{"likelihood.levels[2]: gap between level \"medium\""}},
		{"probability above 1", func(d *Definition) { d.Likelihood.Levels[2].Max = 1.5 }, []string{"likelihood.levels[2]: band 0.6666666666666666..1.5 is outside 0..1"}},
		{"unordered", func(d *Definition) {
			d.Impact.Levels[0], d.Impact.Levels[2] = d.Impact.Levels[2], d.Impact.Levels[0]
		}, []string{"impact.levels[1]: band 0.3333333333333333..0.6666666666666666 overlaps level \"high\""}},
		{"empty level name", func(d *Definition) { d.Impact.Levels[1].Name = " " }, []string{"impact.levels[1].name: empty name"}},
		{"duplicate level name", func(d *Definition) { d.Impact.Levels[1].Name = "low" }, []string{`impact.levels[1].name: duplicate level "low"`}},
		{"negative score", func(d *Definition) { d.Impact.Levels[1].Score = -1 }, []string{"impact.levels[1].score: score -1 is outside 0..1000000"}},
		// 1e308 × 1e308 would be an infinite cell score.
		{"huge score", func(d *Definition) { d.Impact.Levels[1].Score = 1e308 }, []string{"impact.levels[1].score: score 1e+308 is outside 0..1000000"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := validDef()
			tt.edit(&d)
			m, err := NewMatrix(d)
			require.Error(t, err)
			assert.Nil(t, m)
			assert.True(t, errors.Is(err, ErrInvalidMatrix))
			for _, w := range tt.wants {
				assert.Contains(t, err.Error(), w)
			}
			assert.True(t, strings.HasPrefix(err.Error(), "risk: matrix: "), err.Error())
		})
	}
}

func TestLevelBands(t *testing.T) {
	m := Preset5x5()
	tests := []struct {
		p    float64
		want int
	}{{0, 0}, {0.2, 0}, {0.2000001, 1}, {0.4, 1}, {0.5, 2}, {0.8, 3}, {0.81, 4}, {1, 4}}
	for _, tt := range tests {
		got, err := m.LikelihoodLevel(tt.p)
		require.NoError(t, err, "p=%v", tt.p)
		assert.Equal(t, tt.want, got, "p=%v", tt.p)
	}
	for _, p := range []float64{-0.1, 1.1} {
		_, err := m.LikelihoodLevel(p)
		assert.Error(t, err, "p=%v", p)
	}
	i, err := m.ImpactLevel(3) // 300% of the reference: top level
	require.NoError(t, err)
	assert.Equal(t, 4, i)
	_, err = m.ImpactLevel(-0.5)
	assert.Error(t, err)
}
