package risk

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/pmokit/pmokit/pmo"
	"github.com/shopspring/decimal"

	"github.com/pmokit/pmokit/internal/textcut"
)

// Level is one step of a [Scale]: a name and a numeric band.
//
// The band of the first level of a scale is the closed interval [Min, Max];
// the band of every later level is (Min, Max], so that a value on a shared
// boundary belongs to the lower level (the DoD RIO guide's ">20–≤40%"
// convention). Bands of a scale are contiguous: each level's Min is the Max
// of the level below it.
//
// Score is the level's weight in a cell's score (score = likelihood score ×
// impact score). Zero means the level's ordinal position (1 for the first
// level), which gives the familiar 1..25 scores of a 5×5 matrix; the PMBOK
// grid uses the probabilities and impact fractions themselves.
type Level struct {
	Name  string  `json:"name" yaml:"name"`
	Min   float64 `json:"min" yaml:"min"`
	Max   float64 `json:"max" yaml:"max"`
	Score float64 `json:"score,omitempty" yaml:"score,omitempty"`
}

// Scale is one axis of a [Matrix]: an ordered list of levels, lowest first.
//
// On the likelihood scale the bands are probabilities in 0..1. On the impact
// scale they are fractions of a reference amount (a cost impact of 0.2 is 20%
// of the reference, e.g. the project's approved budget; see [Matrix.AssessWith]);
// an ordinal impact (pmo.Risk.Impact = 1..n) picks the level by position and
// does not use the bands.
type Scale struct {
	Name   string  `json:"name,omitempty" yaml:"name,omitempty"`
	Levels []Level `json:"levels" yaml:"levels"`
}

// Rating is one grade of an ordered set of risk ratings, e.g. low, medium,
// high, critical. Color is an optional "#rgb" or "#rrggbb" fill for heat maps.
// Rank is the rating's position in its matrix, 1 for the lowest; a matrix
// sets it, and it is ignored in a [Definition].
type Rating struct {
	Name  string `json:"name" yaml:"name"`
	Color string `json:"color,omitempty" yaml:"color,omitempty"`
	Rank  int    `json:"-" yaml:"-"`
}

// Definition is the data that defines a [Matrix], as read from a file by
// [ParseMatrix]:
//
//	name: corporate 3x3
//	kind: threat                 # threat | opportunity | omitted: both
//	likelihood: {name: Likelihood, levels: [{name: low, min: 0, max: 0.33}, ...]}
//	impact:     {name: Impact, levels: [...]}
//	ratings: [{name: low, color: "#4caf50"}, {name: medium}, {name: high}]   # lowest first
//	cells:                       # one row per likelihood level, the highest first,
//	  - [medium, high,   high]   # one rating per impact level, the lowest first
//	  - [low,    medium, high]
//	  - [low,    low,    medium]
//	dimensions: [cost, schedule, performance]   # optional: consequence dimensions
//	combine: max                 # max (the default) | one of the dimensions
//
// Rows are written as the matrix is drawn: the top row is the most likely.
//
// Dimensions names the consequence dimensions that a risk's impacts
// (pmo.Risk.Impacts) may rate, each on the impact scale: free words such as
// cost, schedule, performance, reputation or safety, unique, at most
// [MaxDimensions]. Combine says how a risk's impacts give the one impact
// level of its cell: "max" (or empty) takes the highest of them, as the DoD
// risk reporting matrix does with the cost, schedule and performance
// consequences; the name of one of the dimensions takes that dimension's
// level alone. "max" is therefore no dimension's name. See [Matrix.Assess].
type Definition struct {
	Name       string       `json:"name,omitempty" yaml:"name,omitempty"`
	Kind       pmo.RiskKind `json:"kind,omitzero" yaml:"kind,omitempty"`
	Likelihood Scale        `json:"likelihood" yaml:"likelihood"`
	Impact     Scale        `json:"impact" yaml:"impact"`
	Ratings    []Rating     `json:"ratings" yaml:"ratings"`
	Cells      [][]string   `json:"cells" yaml:"cells"`
	Dimensions []string     `json:"dimensions,omitempty" yaml:"dimensions,omitempty"`
	Combine    string       `json:"combine,omitempty" yaml:"combine,omitempty"`
}

// Cell is a position in a matrix: the likelihood and impact level indexes,
// 0 for the lowest level of each scale.
type Cell struct {
	Likelihood int `json:"likelihood"`
	Impact     int `json:"impact"`
}

// String returns the cell as "L<likelihood>I<impact>" with 1-based levels,
// e.g. "L3I4".
func (c Cell) String() string { return fmt.Sprintf("L%dI%d", c.Likelihood+1, c.Impact+1) }

// Matrix is a validated risk matrix: two scales, an ordered set of ratings
// and the rating of every cell. Build one with [NewMatrix], [ParseMatrix] or a
// preset ([Preset3x3], [Preset5x5], [PresetPMBOK]). A Matrix is immutable and
// safe for concurrent use by multiple goroutines.
type Matrix struct {
	def   Definition // deep copy; Ratings carry their Rank
	grid  [][]int    // grid[likelihood][impact] = rating index, lowest likelihood first
	score [][]float64
}

// ErrInvalidMatrix is matched (errors.Is) by every error about a malformed
// matrix definition.
var ErrInvalidMatrix = errors.New("risk: invalid matrix")

// NewMatrix validates a definition and returns its matrix. Every problem found is
// reported, joined, each naming its path: an empty scale, a level without a
// name, a band that is reversed, overlaps or leaves a gap, a likelihood
// outside 0..1, a ragged cell table, a cell rating that is not one of the
// ratings, a dimension without a name, duplicated or named "max", more than
// [MaxDimensions] dimensions, a combine rule that is neither "max" nor one
// of the dimensions. The definition is copied; later changes to it do not
// affect the matrix.
func NewMatrix(def Definition) (*Matrix, error) {
	var errs []error
	bad := func(path, format string, args ...any) {
		errs = append(errs, &MatrixError{Path: path, Err: problem(fmt.Sprintf(format, args...))})
	}
	if def.Kind != 0 && def.Kind != pmo.Threat && def.Kind != pmo.Opportunity {
		bad("kind", "invalid kind %d", int(def.Kind))
	}
	checkScale(bad, "likelihood", def.Likelihood, 0, 1)
	checkScale(bad, "impact", def.Impact, 0, math.MaxFloat64)

	rank := make(map[string]int, len(def.Ratings))
	if len(def.Ratings) == 0 {
		bad("ratings", "no ratings")
	}
	for i, r := range def.Ratings {
		p := fmt.Sprintf("ratings[%d]", i)
		switch {
		case strings.TrimSpace(r.Name) == "":
			bad(p+".name", "empty name")
		case rank[r.Name] != 0:
			bad(p+".name", "duplicate rating %s", textcut.Quote(r.Name))
		default:
			rank[r.Name] = i + 1
		}
		if r.Color != "" && !validColor(r.Color) {
			bad(p+".color", "invalid color %s (want #rgb or #rrggbb)", textcut.Quote(r.Color))
		}
	}

	nl, ni := len(def.Likelihood.Levels), len(def.Impact.Levels)
	if len(def.Cells) != nl {
		bad("cells", "%d rows for %d likelihood levels", len(def.Cells), nl)
	}
	for row, cells := range def.Cells {
		if len(cells) != ni {
			bad(fmt.Sprintf("cells[%d]", row), "%d cells for %d impact levels", len(cells), ni)
		}
		for col, name := range cells {
			if rank[name] == 0 {
				bad(fmt.Sprintf("cells[%d][%d]", row, col), "rating %s is not one of the ratings", textcut.Quote(name))
			}
		}
	}
	checkDimensions(bad, def.Dimensions, def.Combine)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}

	m := &Matrix{def: cloneDefinition(def)}
	for i := range m.def.Ratings {
		m.def.Ratings[i].Rank = i + 1
	}
	m.grid = make([][]int, nl)
	m.score = make([][]float64, nl)
	for l := range nl {
		m.grid[l] = make([]int, ni)
		m.score[l] = make([]float64, ni)
		row := def.Cells[nl-1-l] // rows are written highest likelihood first
		for i := range ni {
			m.grid[l][i] = rank[row[i]] - 1
			ls := decimal.NewFromFloat(levelScore(m.def.Likelihood.Levels, l))
			is := decimal.NewFromFloat(levelScore(m.def.Impact.Levels, i))
			m.score[l][i] = ls.Mul(is).InexactFloat64()
		}
	}
	return m, nil
}

// MaxLevels is the largest number of levels a scale may have.
const MaxLevels = 20

// MaxLevelScore is the largest [Level.Score]: a cell's score, the product of
// two level scores, is then at most 10¹², a finite number that prints and
// encodes as JSON.
const MaxLevelScore = 1_000_000

func checkScale(bad func(path, format string, args ...any), path string, s Scale, lo, hi float64) {
	if len(s.Levels) == 0 {
		bad(path+".levels", "empty scale")
		return
	}
	if len(s.Levels) > MaxLevels {
		bad(path+".levels", "%d levels, more than %d", len(s.Levels), MaxLevels)
		return
	}
	seen := make(map[string]bool, len(s.Levels))
	for i, lv := range s.Levels {
		p := fmt.Sprintf("%s.levels[%d]", path, i)
		switch {
		case strings.TrimSpace(lv.Name) == "":
			bad(p+".name", "empty name")
		case seen[lv.Name]:
			bad(p+".name", "duplicate level %s", textcut.Quote(lv.Name))
		}
		seen[lv.Name] = true
		if !finite(lv.Min) || !finite(lv.Max) || !finite(lv.Score) {
			bad(p, "band and score must be finite numbers")
			continue
		}
		if lv.Score < 0 || lv.Score > MaxLevelScore {
			bad(p+".score", "score %v is outside 0..%d", lv.Score, MaxLevelScore)
		}
		if lv.Min >= lv.Max {
			bad(p, "band %v..%v is empty or reversed", lv.Min, lv.Max)
		}
		if lv.Min < lo || lv.Max > hi {
			bad(p, "band %v..%v is outside %v..%v", lv.Min, lv.Max, lo, hi)
		}
		if i > 0 {
			prev := s.Levels[i-1]
			switch {
			case lv.Min < prev.Max:
				bad(p, "band %v..%v overlaps level %s (..%v) or is out of order", lv.Min, lv.Max, textcut.Quote(prev.Name), prev.Max)
			case lv.Min > prev.Max:
				bad(p, "gap between level %s (..%v) and this band (%v..)", textcut.Quote(prev.Name), prev.Max, lv.Min)
			}
		}
	}
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

func validColor(c string) bool {
	if len(c) != 4 && len(c) != 7 || c[0] != '#' {
		return false
	}
	for _, r := range c[1:] {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F') {
			return false
		}
	}
	return true
}

func levelScore(levels []Level, i int) float64 {
	if levels[i].Score != 0 {
		return levels[i].Score
	}
	return float64(i + 1)
}

func cloneDefinition(d Definition) Definition {
	out := d
	out.Likelihood.Levels = append([]Level(nil), d.Likelihood.Levels...)
	out.Impact.Levels = append([]Level(nil), d.Impact.Levels...)
	out.Ratings = append([]Rating(nil), d.Ratings...)
	out.Dimensions = append([]string(nil), d.Dimensions...)
	if len(out.Dimensions) == 0 {
		out.Dimensions = nil
	}
	out.Cells = make([][]string, len(d.Cells))
	for i, row := range d.Cells {
		out.Cells[i] = append([]string(nil), row...)
	}
	return out
}

// mustNew builds a preset from a constant definition; the tests build every
// preset, so it cannot fail at run time.
func mustNewMatrix(def Definition) *Matrix {
	m, err := NewMatrix(def)
	if err != nil {
		panic(err)
	}
	return m
}

// Definition returns a copy of the matrix's definition, with each rating's
// Rank set.
func (m *Matrix) Definition() Definition { return cloneDefinition(m.def) }

// Name returns the matrix's name.
func (m *Matrix) Name() string { return m.def.Name }

// Kind returns the kind of risk the matrix rates: pmo.Threat, pmo.Opportunity,
// or 0 when it rates both.
func (m *Matrix) Kind() pmo.RiskKind { return m.def.Kind }

// Likelihood returns a copy of the likelihood scale.
func (m *Matrix) Likelihood() Scale {
	s := m.def.Likelihood
	s.Levels = append([]Level(nil), s.Levels...)
	return s
}

// Impact returns a copy of the impact scale.
func (m *Matrix) Impact() Scale {
	s := m.def.Impact
	s.Levels = append([]Level(nil), s.Levels...)
	return s
}

// Ratings returns the ratings, lowest first, with their Rank set.
func (m *Matrix) Ratings() []Rating { return append([]Rating(nil), m.def.Ratings...) }

// Rating returns the rating with the given name, and false when the matrix
// has none.
func (m *Matrix) Rating(name string) (Rating, bool) {
	for _, r := range m.def.Ratings {
		if r.Name == name {
			return r, true
		}
	}
	return Rating{}, false
}

// Size returns the number of likelihood and impact levels.
func (m *Matrix) Size() (likelihood, impact int) { return len(m.grid), len(m.grid[0]) }

// Rate returns the rating of a cell; a cell outside the matrix is an error.
func (m *Matrix) Rate(c Cell) (Rating, error) {
	if !m.inside(c) {
		return Rating{}, invalidf("risk: cell %v is outside the %d×%d matrix", c, len(m.grid), len(m.grid[0]))
	}
	return m.def.Ratings[m.grid[c.Likelihood][c.Impact]], nil
}

// Score returns the score of a cell: its likelihood level's score times its
// impact level's score (see [Level]); 0 for a cell outside the matrix.
func (m *Matrix) Score(c Cell) float64 {
	if !m.inside(c) {
		return 0
	}
	return m.score[c.Likelihood][c.Impact]
}

func (m *Matrix) inside(c Cell) bool {
	return c.Likelihood >= 0 && c.Likelihood < len(m.grid) && c.Impact >= 0 && c.Impact < len(m.grid[0])
}

// LikelihoodLevel returns the index of the likelihood level whose band holds
// the probability p; p outside 0..1 or outside the scale is an error.
func (m *Matrix) LikelihoodLevel(p float64) (int, error) {
	i, err := m.likelihoodLevel(p)
	if err != nil {
		return 0, invalidf("risk: %s", err)
	}
	return i, nil
}

// ImpactLevel returns the index of the impact level whose band holds the
// impact fraction f. A fraction above the top band is rated at the top level
// (a cost overrun of 150% of budget is at least "very high"); a negative
// fraction or one below the lowest band is an error.
func (m *Matrix) ImpactLevel(f float64) (int, error) {
	i, err := m.impactFraction(f)
	if err != nil {
		return 0, invalidf("risk: %s", err)
	}
	return i, nil
}

// likelihoodLevel and impactFraction are LikelihoodLevel and ImpactLevel
// with errors that callers prefix with their own context.
func (m *Matrix) likelihoodLevel(p float64) (int, error) {
	levels := m.def.Likelihood.Levels
	if !(p >= 0 && p <= 1) {
		return 0, fmt.Errorf("probability %v is outside 0..1", p)
	}
	if i, ok := band(levels, p); ok {
		return i, nil
	}
	return 0, fmt.Errorf("probability %v is outside the likelihood scale %v..%v", p, levels[0].Min, levels[len(levels)-1].Max)
}

func (m *Matrix) impactFraction(f float64) (int, error) {
	levels := m.def.Impact.Levels
	if !(f >= 0) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("impact fraction %v is not a finite non-negative number", f)
	}
	if f > levels[len(levels)-1].Max {
		return len(levels) - 1, nil
	}
	if i, ok := band(levels, f); ok {
		return i, nil
	}
	return 0, fmt.Errorf("impact fraction %v is below the impact scale (from %v)", f, levels[0].Min)
}

// band finds the level holding v: [Min, Max] for the first, (Min, Max] after.
func band(levels []Level, v float64) (int, bool) {
	for i, lv := range levels {
		if v <= lv.Max && (v > lv.Min || i == 0 && v == lv.Min) {
			return i, true
		}
	}
	return 0, false
}

// The default heat-map colors of the presets' ratings.
const (
	colorGreen = "#4caf50"
	colorAmber = "#ffc107"
	colorRed   = "#f44336"
	colorDark  = "#8e0000"
)

// Preset3x3 returns a 3×3 matrix with equal-width bands on both axes
// (probability and impact fraction in thirds of 0..1) and the only
// three-color coloring that satisfies Cox's axioms on it (Cox 2008, see
// [Matrix.CheckCox]): the top-right cell high, the left column and the bottom
// row low, the other three cells medium. It rates threats and opportunities.
func Preset3x3() *Matrix {
	third, twoThirds := 1.0/3, 2.0/3
	levels := []Level{{Name: "low", Min: 0, Max: third}, {Name: "medium", Min: third, Max: twoThirds}, {Name: "high", Min: twoThirds, Max: 1}}
	return mustNewMatrix(Definition{
		Name:       "3x3",
		Likelihood: Scale{Name: "Likelihood", Levels: levels},
		Impact:     Scale{Name: "Impact", Levels: append([]Level(nil), levels...)},
		Ratings:    []Rating{{Name: "low", Color: colorGreen}, {Name: "medium", Color: colorAmber}, {Name: "high", Color: colorRed}},
		Cells: [][]string{
			{"low", "medium", "high"},
			{"low", "medium", "medium"},
			{"low", "low", "low"},
		},
	})
}

// Preset5x5 returns the standard 5×5 matrix. Likelihood levels are the DoD
// risk reporting matrix's (not likely, low likelihood, likely, highly likely,
// near certainty) with the DoD RIO guide's bands of 20 points each; impact
// levels are DoD consequence levels 1..5 (minimal, minor, moderate,
// significant, severe) with the bands of PMBOK 5th ed. Table 11-1 for cost
// (≤5%, ≤10%, ≤20%, ≤40%, over 40% of the reference). The score is the
// product of the ordinal levels, 1..25, and the ratings are bands of that
// score: low 1–4, medium 5–9, high 10–16, critical 20–25. It rates threats
// and opportunities. Its consequence dimensions are the DoD's, cost,
// schedule and performance, combined by their maximum (see [PresetDoD]).
func Preset5x5() *Matrix {
	lik := []Level{
		{Name: "not likely", Min: 0, Max: 0.2},
		{Name: "low likelihood", Min: 0.2, Max: 0.4},
		{Name: "likely", Min: 0.4, Max: 0.6},
		{Name: "highly likely", Min: 0.6, Max: 0.8},
		{Name: "near certainty", Min: 0.8, Max: 1},
	}
	imp := []Level{
		{Name: "minimal", Min: 0, Max: 0.05},
		{Name: "minor", Min: 0.05, Max: 0.1},
		{Name: "moderate", Min: 0.1, Max: 0.2},
		{Name: "significant", Min: 0.2, Max: 0.4},
		{Name: "severe", Min: 0.4, Max: 1},
	}
	rate := func(score int) string {
		switch {
		case score <= 4:
			return "low"
		case score <= 9:
			return "medium"
		case score <= 16:
			return "high"
		}
		return "critical"
	}
	cells := make([][]string, 5)
	for row := range cells {
		l := 5 - row
		for i := 1; i <= 5; i++ {
			cells[row] = append(cells[row], rate(l*i))
		}
	}
	return mustNewMatrix(Definition{
		Name:       "5x5",
		Likelihood: Scale{Name: "Likelihood", Levels: lik},
		Impact:     Scale{Name: "Impact", Levels: imp},
		Ratings: []Rating{
			{Name: "low", Color: colorGreen}, {Name: "medium", Color: colorAmber},
			{Name: "high", Color: colorRed}, {Name: "critical", Color: colorDark},
		},
		Cells:      cells,
		Dimensions: dodDimensions(),
		Combine:    CombineMax,
	})
}

// PresetPMBOK returns the PMBOK probability-impact grid (PMBOK Guide 5th
// ed., Fig. 11-10) with [PMBOKGrid]'s default zones: low below 0.05,
// high from 0.18.
func PresetPMBOK() *Matrix {
	m, err := PMBOKGrid(0.05, 0.18)
	if err != nil {
		panic(err) // constant thresholds; the tests build this preset
	}
	return m
}

// PMBOKGrid returns the PMBOK probability-impact grid (PMBOK Guide 5th ed.,
// Fig. 11-10): probability levels 0.1, 0.3, 0.5, 0.7, 0.9 (bands of 0.2
// around each) × impact levels very low 0.05, low 0.10, moderate 0.20, high
// 0.40, very high 0.80 (bands from Table 11-1's cost row: ≤5%, <10%, 10–20%,
// 20–40%, over 40%), each cell scored P×I.
//
// The figure marks three zones, high, moderate and low, but leaves where they
// start to the organization ("the organization should determine which
// combinations … result in a classification of high risk, moderate risk, and
// low risk"). The zones are therefore parameters: a cell whose score, rounded
// half-up to two places as printed in the figure, is below lowBelow is low,
// at or above highFrom is high, and moderate otherwise. [PresetPMBOK] uses
// 0.05 and 0.18, a reading of the figure's shading (dark gray, high: 0.18,
// 0.20, 0.24 and every larger cell; medium gray, low: 0.04 and every smaller
// cell) that the figure's text does not state in numbers, so pass your own
// zones when your organization has them. The grid rates threats and
// opportunities alike (the figure's opportunity half is the threat half
// mirrored; see [HeatMap].Mirror).
func PMBOKGrid(lowBelow, highFrom float64) (*Matrix, error) {
	if !(lowBelow > 0 && lowBelow <= highFrom && highFrom <= 1) {
		return nil, fmt.Errorf("%w: PMBOK zones: want 0 < lowBelow (%v) <= highFrom (%v) <= 1", ErrInvalidMatrix, lowBelow, highFrom)
	}
	probs := []float64{0.1, 0.3, 0.5, 0.7, 0.9}
	imps := []float64{0.05, 0.10, 0.20, 0.40, 0.80}
	likBands := []float64{0, 0.2, 0.4, 0.6, 0.8, 1}
	impBands := []float64{0, 0.05, 0.1, 0.2, 0.4, 1}
	names := []string{"very low", "low", "moderate", "high", "very high"}
	var lik, imp []Level
	for i := range 5 {
		lik = append(lik, Level{Name: names[i], Min: likBands[i], Max: likBands[i+1], Score: probs[i]})
		imp = append(imp, Level{Name: names[i], Min: impBands[i], Max: impBands[i+1], Score: imps[i]})
	}
	lo, hi := decimal.NewFromFloat(lowBelow), decimal.NewFromFloat(highFrom)
	cells := make([][]string, 5)
	for row := range cells {
		p := decimal.NewFromFloat(probs[4-row])
		for _, iv := range imps {
			s := p.Mul(decimal.NewFromFloat(iv)).Round(2) // decimal rounds half away from zero
			switch {
			case s.LessThan(lo):
				cells[row] = append(cells[row], "low")
			case s.GreaterThanOrEqual(hi):
				cells[row] = append(cells[row], "high")
			default:
				cells[row] = append(cells[row], "moderate")
			}
		}
	}
	return NewMatrix(Definition{
		Name:       "PMBOK probability-impact",
		Likelihood: Scale{Name: "Probability", Levels: lik},
		Impact:     Scale{Name: "Impact", Levels: imp},
		Ratings:    []Rating{{Name: "low", Color: colorGreen}, {Name: "moderate", Color: colorAmber}, {Name: "high", Color: colorRed}},
		Cells:      cells,
	})
}

// ErrInvalid is matched (errors.Is) by every error about invalid input other
// than a matrix definition (which matches [ErrInvalidMatrix]): a risk that
// cannot be assessed or simulated, a figure out of range, an option, a
// filter, an appetite or a heat map's counts. The error also matches its
// cause where it has one, such as pmo.ErrCurrencyMismatch.
var ErrInvalid = errors.New("risk: invalid input")

// inputError is an error about invalid input: its message is err's, and it
// matches ErrInvalid and whatever err matches.
type inputError struct{ err error }

func (e *inputError) Error() string   { return e.err.Error() }
func (e *inputError) Unwrap() []error { return []error{e.err, ErrInvalid} }

// invalidf returns an error matching ErrInvalid, formatted as fmt.Errorf
// does (so %w keeps its cause).
func invalidf(format string, args ...any) error {
	return &inputError{err: fmt.Errorf(format, args...)}
}
