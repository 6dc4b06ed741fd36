package risk

import (
	"errors"
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/pmokit/pmokit/pmo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPresetDoDCells compares every cell of PresetDoD with the DoD risk
// reporting matrix (Risk Management Guide for DoD Acquisition, 6th ed.,
// 2006, §4.2), read row by row from likelihood 5 down to 1, consequence 1
// to 5: G Y R R R / G Y Y R R / G Y Y Y R / G G Y Y Y / G G G Y Y.
func TestPresetDoDCells(t *testing.T) {
	published := []string{"GYRRR", "GYYRR", "GYYYR", "GGYYY", "GGGYY"}
	color := map[byte]string{'G': "low", 'Y': "moderate", 'R': "high"}
	m := PresetDoD()
	nl, ni := m.Size()
	require.Equal(t, [2]int{5, 5}, [2]int{nl, ni})
	for row, cells := range published {
		l := 4 - row
		for i := range 5 {
			r, err := m.Rate(Cell{Likelihood: l, Impact: i})
			require.NoError(t, err)
			assert.Equal(t, color[cells[i]], r.Name, "likelihood %d, consequence %d", l+1, i+1)
		}
	}
	assert.Equal(t, []string{"cost", "schedule", "performance"}, m.Dimensions())
	assert.Equal(t, CombineMax, m.Combine())
	assert.Equal(t, []string{"cost", "schedule", "performance"}, Preset5x5().Dimensions())
	assert.Nil(t, Preset3x3().Dimensions())
	assert.Equal(t, CombineMax, Preset3x3().Combine())
}

// TestDoDWorkedExample rates risks as the DoD risk reporting matrix does:
// "the combination of likelihood and the maximum of the cost, schedule, and
// performance consequence scores" gives the risk level, low, moderate or
// high (DAU, Risk Reporting Matrix; DoD RIO guide, 2017). Likelihood levels
// are the RIO guide's bands (>60–≤80% is level 4, highly likely).
func TestDoDWorkedExample(t *testing.T) {
	m := PresetDoD()
	tests := []struct {
		name        string
		probability float64
		impacts     map[string]int
		impact      int
		level       string // the published risk level
		cell        Cell
		dimension   string
		score       float64
	}{
		// Likelihood 4 × max(cost 4, schedule 2, performance 3) = 4: L4C4, high (red).
		{"cost drives", 0.7, map[string]int{"cost": 4, "schedule": 2, "performance": 3}, 0, "high", Cell{3, 3}, "cost", 16},
		// The performance consequence alone would be moderate: L4C3.
		{"performance alone", 0.7, map[string]int{"performance": 3}, 0, "moderate", Cell{3, 2}, "performance", 12},
		// Likelihood 3 × max(cost 2, schedule 4, performance 1) = 4: L3C4, moderate (yellow).
		{"schedule drives", 0.5, map[string]int{"cost": 2, "schedule": 4, "performance": 1}, 0, "moderate", Cell{2, 3}, "schedule", 12},
		// Likelihood 3 × max(cost 2, schedule 4, performance 5) = 5: L3C5, high.
		{"performance drives", 0.5, map[string]int{"cost": 2, "schedule": 4, "performance": 5}, 0, "high", Cell{2, 4}, "performance", 15},
		// Likelihood 1 × max(cost 1, schedule 1, performance 5) = 5: L1C5, moderate.
		{"not likely but severe", 0.1, map[string]int{"cost": 1, "schedule": 1, "performance": 5}, 0, "moderate", Cell{0, 4}, "performance", 5},
		// Likelihood 2 × max(cost 2, schedule 2) = 2: L2C2, low (green); a tie
		// goes to the first dimension in the matrix's order.
		{"tie", 0.3, map[string]int{"schedule": 2, "cost": 2}, 0, "low", Cell{1, 1}, "cost", 4},
		// The single impact keeps working: one unnamed dimension.
		{"single impact", 0.9, nil, 2, "moderate", Cell{4, 1}, "", 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := m.Assess(pmo.Risk{ID: "R-1", Probability: tt.probability, Impacts: tt.impacts, Impact: tt.impact})
			require.NoError(t, err)
			assert.Equal(t, tt.level, a.Rating.Name)
			assert.Equal(t, tt.cell, a.Cell)
			assert.Equal(t, tt.dimension, a.Dimension)
			assert.Equal(t, tt.score, a.Score)
		})
	}
}

// TestCombineNamedDimension rates by one named dimension: the others are
// read (and checked) but do not drive the level.
func TestCombineNamedDimension(t *testing.T) {
	def := Preset3x3().Definition()
	def.Dimensions, def.Combine = []string{"cost", "safety"}, "safety"
	m, err := NewMatrix(def)
	require.NoError(t, err)
	a, err := m.Assess(pmo.Risk{ID: "R", Probability: 0.9, Impacts: map[string]int{"cost": 3, "safety": 1}})
	require.NoError(t, err)
	assert.Equal(t, Cell{Likelihood: 2, Impact: 0}, a.Cell)
	assert.Equal(t, "safety", a.Dimension)
	assert.Equal(t, "low", a.Rating.Name)

	_, err = m.Assess(pmo.Risk{ID: "R", Probability: 0.9, Impacts: map[string]int{"cost": 3}})
	assert.EqualError(t, err, `risk: risk "R": matrix "3x3" rates by dimension "safety", which its impacts do not give (they give "cost")`)
	assert.ErrorIs(t, err, ErrInvalid)

	a, err = m.Assess(pmo.Risk{ID: "R", Probability: 0.9, Impact: 3})
	require.NoError(t, err, "the single impact is rated as it is on any matrix")
	assert.Equal(t, Cell{Likelihood: 2, Impact: 2}, a.Cell)
	assert.Empty(t, a.Dimension)
}

// TestAssessImpactsErrors checks that a risk's impacts are never ignored: a
// dimension the matrix does not have, a matrix without dimensions, a level
// off the scale and both forms at once are errors naming the risk and the
// dimension.
func TestAssessImpactsErrors(t *testing.T) {
	tests := []struct {
		name string
		m    *Matrix
		r    pmo.Risk
		want string
	}{
		{"unknown dimension", PresetDoD(), pmo.Risk{ID: "R-1", Probability: 0.5, Impacts: map[string]int{"cost": 2, "reputation": 4}},
			`risk: risk "R-1": impacts name dimension "reputation" that matrix "DoD" does not have (its dimensions: cost, schedule, performance)`},
		{"unknown dimensions", Preset5x5(), pmo.Risk{ID: "R-1", Probability: 0.5, Impacts: map[string]int{"safety": 2, "reputation": 4}},
			`risk: risk "R-1": impacts name dimensions "reputation", "safety" that matrix "5x5" does not have (its dimensions: cost, schedule, performance)`},
		{"matrix without dimensions", Preset3x3(), pmo.Risk{ID: "R-1", Probability: 0.5, Impacts: map[string]int{"cost": 2}},
			`risk: risk "R-1": impacts per dimension ("cost"), but matrix "3x3" names no consequence dimensions: give the single impact, or rate on a matrix with dimensions`},
		{"level off the scale", PresetDoD(), pmo.Risk{ID: "R-1", Probability: 0.5, Impacts: map[string]int{"cost": 2, "schedule": 6}},
			`risk: risk "R-1": impacts.schedule 6 is outside the matrix's 1..5`},
		{"zero level", PresetDoD(), pmo.Risk{ID: "R-1", Probability: 0.5, Impacts: map[string]int{"cost": 0}},
			`risk: risk "R-1": impacts.cost 0 is outside the matrix's 1..5`},
		{"both forms", PresetDoD(), pmo.Risk{ID: "R-1", Probability: 0.5, Impact: 2, Impacts: map[string]int{"cost": 3}},
			`risk: risk "R-1": impact and impacts both given: give the single impact or one per dimension`},
		{"residual single for per dimension", PresetDoD(), pmo.Risk{ID: "R-1", Probability: 0.5, Impacts: map[string]int{"cost": 3}, Residual: &pmo.Residual{Impact: 1}},
			`risk: risk "R-1": a single residual impact for a risk rated per dimension: give residual impacts`},
		{"residual per dimension for single", PresetDoD(), pmo.Risk{ID: "R-1", Probability: 0.5, Impact: 3, Residual: &pmo.Residual{Impacts: map[string]int{"cost": 1}}},
			`risk: risk "R-1": residual impacts per dimension for a risk with the single impact: give a residual impact`},
		{"residual unknown dimension", PresetDoD(), pmo.Risk{ID: "R-1", Probability: 0.5, Impacts: map[string]int{"cost": 3}, Residual: &pmo.Residual{Impacts: map[string]int{"safety": 1}}},
			`risk: risk "R-1": impacts name dimension "safety" that matrix "DoD" does not have (its dimensions: cost, schedule, performance) (residual)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.m.Assess(tt.r)
			assert.EqualError(t, err, tt.want)
			assert.ErrorIs(t, err, ErrInvalid)
		})
	}
}

// TestResidualImpacts replaces the inherent impacts dimension by dimension:
// a response that lowers the cost consequence leaves schedule and
// performance as they were, so the level is then the highest of the rest.
func TestResidualImpacts(t *testing.T) {
	m := PresetDoD()
	r := pmo.Risk{ID: "R-1", Probability: 0.7, Impacts: map[string]int{"cost": 5, "schedule": 2, "performance": 3},
		Residual: &pmo.Residual{Probability: 0.5, Impacts: map[string]int{"cost": 1}}}
	a, err := m.Assess(r)
	require.NoError(t, err)
	assert.Equal(t, "cost", a.Dimension)
	assert.Equal(t, "high", a.Rating.Name) // L4C5
	require.NotNil(t, a.Residual)
	assert.Equal(t, Cell{Likelihood: 2, Impact: 2}, a.Residual.Cell) // L3 × max(1, 2, 3)
	assert.Equal(t, "performance", a.Residual.Dimension)
	assert.Equal(t, "moderate", a.Residual.Rating.Name)
	assert.Equal(t, map[string]int{"cost": 5, "schedule": 2, "performance": 3}, r.Impacts, "the risk is not modified")
}

// TestMatrixDimensionErrors checks the definition of dimensions and of the
// combine rule, built in Go and read from a file with positions.
func TestMatrixDimensionErrors(t *testing.T) {
	base := Preset3x3().Definition()
	tests := []struct {
		name       string
		dims       []string
		combine    string
		want       []string
		wantParsed []string // with positions, as ParseMatrix reports them
	}{
		{"bad names", []string{"cost", "", " safety", "max", "cost", "a\tb"}, "",
			[]string{`risk: matrix: dimensions[1]: empty dimension name`,
				`risk: matrix: dimensions[2]: dimension name " safety" has surrounding spaces`,
				`risk: matrix: dimensions[3]: "max" is the combine rule, not a dimension name`,
				`risk: matrix: dimensions[4]: duplicate dimension "cost"`,
				`risk: matrix: dimensions[5]: dimension name "a\tb" has a control character`},
			[]string{"30:22", "30:26", "30:37", "30:44", "30:52"}},
		{"unknown combine", []string{"cost", "schedule"}, "safety",
			[]string{`risk: matrix: combine: combine rule "safety" is neither "max" nor one of the dimensions (cost, schedule)`},
			[]string{"31:10"}},
		{"combine without dimensions", nil, "cost",
			[]string{`risk: matrix: combine: combine rule "cost" without dimensions (want "max", or name one of the dimensions)`},
			[]string{"31:10"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			def := base
			def.Dimensions, def.Combine = tt.dims, tt.combine
			_, err := NewMatrix(def)
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalidMatrix)
			var got []string
			for _, e := range matrixErrors(err) {
				got = append(got, e.Error())
			}
			assert.Equal(t, tt.want, got)

			data, err := os.ReadFile("testdata/dimensions.yaml")
			require.NoError(t, err)
			text := string(data[:len(data)-len("dimensions: [cost, schedule, reputation, safety]\ncombine: max\n")])
			if tt.dims != nil {
				text += "dimensions: ["
				for k, d := range tt.dims {
					if k > 0 {
						text += ", "
					}
					text += fmt.Sprintf("%q", d)
				}
				text += "]\n"
			} else {
				text += "# no dimensions\n"
			}
			text += "combine: " + cmpOr(tt.combine, "max") + "\n"
			_, err = ParseMatrix([]byte(text))
			require.Error(t, err)
			var pos, msgs []string
			for _, e := range matrixErrors(err) {
				pos = append(pos, fmt.Sprintf("%d:%d", e.Line, e.Column))
				msgs = append(msgs, e.Error())
			}
			assert.Equal(t, tt.want, msgs)
			assert.Equal(t, tt.wantParsed, pos)
		})
	}

	def := base
	for i := range MaxDimensions + 1 {
		def.Dimensions = append(def.Dimensions, fmt.Sprint("d", i))
	}
	_, err := NewMatrix(def)
	assert.EqualError(t, err, "risk: matrix: dimensions: 21 dimensions, more than 20")
}

// TestParseMatrixDimensions reads a matrix file with dimensions and rates a
// risk on it.
func TestParseMatrixDimensions(t *testing.T) {
	data, err := os.ReadFile("testdata/dimensions.yaml")
	require.NoError(t, err)
	m, err := ParseMatrix(data)
	require.NoError(t, err)
	assert.Equal(t, []string{"cost", "schedule", "reputation", "safety"}, m.Dimensions())
	assert.Equal(t, CombineMax, m.Combine())
	a, err := m.Assess(pmo.Risk{ID: "R", Probability: 0.5, Impacts: map[string]int{"cost": 2, "schedule": 3, "reputation": 1, "safety": 4}})
	require.NoError(t, err)
	assert.Equal(t, Assessment{RiskID: "R", Kind: pmo.Threat, Probability: 0.5, Cell: Cell{Likelihood: 2, Impact: 3},
		Dimension: "safety", Rating: Rating{Name: "high", Color: "#c62828", Rank: 3}, Score: 12}, a)
	_, err = m.Assess(pmo.Risk{ID: "R", Probability: 0.5, Impacts: map[string]int{"performance": 2}})
	assert.True(t, errors.Is(err, ErrInvalid))
	assert.ErrorContains(t, err, `impacts name dimension "performance" that matrix "corporate 4x4 by dimension" does not have`)
}

// dodPortfolio is a program rated on the DoD risk reporting matrix: risks
// with their cost, schedule and performance consequences, one with the
// single impact, an opportunity and a residual.
func dodPortfolio() *pmo.Portfolio {
	return &pmo.Portfolio{
		ID: "pf", Name: "Radar programme",
		Projects: []pmo.Project{
			{
				ID: "P-1", Name: "Radar upgrade", Phase: "execution",
				Risks: []pmo.Risk{
					{ID: "R-1", Probability: 0.7, Impacts: map[string]int{"cost": 4, "schedule": 2, "performance": 3}, CostImpact: usd("400000 USD")},
					{ID: "R-2", Probability: 0.5, Impacts: map[string]int{"cost": 2, "schedule": 4, "performance": 1}},
					{ID: "R-3", Probability: 0.5, Impacts: map[string]int{"cost": 2, "schedule": 4, "performance": 5},
						Residual: &pmo.Residual{Impacts: map[string]int{"performance": 2}}},
					{ID: "R-4", Probability: 0.9, Impact: 2},
					{ID: "O-1", Kind: pmo.Opportunity, Probability: 0.3, Impacts: map[string]int{"schedule": 3}},
				},
			},
		},
	}
}

// TestRollupDimensions rolls up a register rated per dimension: the cells
// and scores are the combined ones, and Drivers counts the risks each
// dimension drove, on the register's basis.
func TestRollupDimensions(t *testing.T) {
	reg, err := Rollup(dodPortfolio(), PresetDoD(), Filter{})
	require.NoError(t, err)
	assert.Equal(t, []Driver{
		{Dimension: "cost", Threats: 1},
		{Dimension: "schedule", Threats: 1, Opportunities: 1},
		{Dimension: "performance", Threats: 1},
		{Dimension: "", Threats: 1},
	}, reg.Drivers())
	assert.Equal(t, [][]int{
		{0, 0, 0, 0, 0},
		{0, 0, 0, 0, 0},
		{0, 0, 0, 1, 1}, // R-2 by schedule 4, R-3 by performance 5
		{0, 0, 0, 1, 0}, // R-1 by cost 4
		{0, 1, 0, 0, 0}, // R-4 by its single impact 2
	}, reg.KindCounts(pmo.Threat))
	var top []string
	for _, e := range reg.TopBy(0, TopOptions{Kind: pmo.Threat, Order: ByScore}) {
		top = append(top, fmt.Sprintf("%s %s %s %v", e.Risk.ID, e.Assessment.Rating.Name, cmpOr(e.Assessment.Dimension, "-"), e.Assessment.Score))
	}
	assert.Equal(t, []string{"R-1 high cost 16", "R-3 high performance 15", "R-2 moderate schedule 12", "R-4 moderate - 10"}, top)

	res, err := Rollup(dodPortfolio(), PresetDoD(), Filter{Basis: Residual})
	require.NoError(t, err)
	assert.Equal(t, []Driver{
		{Dimension: "cost", Threats: 1},
		{Dimension: "schedule", Threats: 2, Opportunities: 1}, // R-3's residual: max(cost 2, schedule 4, performance 2)
		{Dimension: "performance"},
		{Dimension: "", Threats: 1},
	}, res.Drivers())

	plain, err := Rollup(testPortfolio(), Preset5x5(), Filter{})
	require.NoError(t, err)
	assert.Equal(t, []Driver{{Dimension: "cost"}, {Dimension: "schedule"}, {Dimension: "performance"}, {Threats: 4, Opportunities: 1}}, plain.Drivers())
	assert.Nil(t, plain.HeatMap("").Drivers, "a register without risks rated per dimension draws the heat map as before")

	_, err = Rollup(dodPortfolio(), Preset3x3(), Filter{})
	assert.ErrorContains(t, err, `risk: projects[0].risks[0] (R-1): risk "R-1": impacts per dimension ("cost", "performance", "schedule"), but matrix "3x3" names no consequence dimensions`)
}

// TestHeatMapDriversInvalid checks a heat map's drivers against its matrix.
func TestHeatMapDriversInvalid(t *testing.T) {
	h := HeatMap{Matrix: PresetDoD(), Drivers: []Driver{{Dimension: "safety", Threats: 1}}}
	assert.EqualError(t, h.WriteText(io.Discard), `risk: heat map: drivers[0]: dimension "safety" is not one of matrix "DoD"'s`)
	h.Drivers = []Driver{{Dimension: "cost", Threats: -1}}
	assert.EqualError(t, h.WriteSVG(io.Discard), "risk: heat map: drivers[0]: negative count")
}
