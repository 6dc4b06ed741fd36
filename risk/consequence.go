package risk

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pmokit/pmokit/pmo"

	"github.com/pmokit/pmokit/internal/textcut"
)

// This file holds the consequence dimensions of a matrix: how a risk's
// impacts per dimension (pmo.Risk.Impacts) combine into the one impact level
// of its cell, the count of the risks each dimension drove (a register's,
// and its heat map's notes), and the DoD risk reporting matrix, the
// published matrix that combines them.

// MaxDimensions is the largest number of consequence dimensions of a
// matrix ([Definition].Dimensions), as pmo.MaxDimensions bounds a risk's.
const MaxDimensions = pmo.MaxDimensions

// CombineMax is the default combine rule of a matrix's consequence
// dimensions ([Definition].Combine): the impact level of a risk is the
// highest of its impacts per dimension.
const CombineMax = "max"

// checkDimensions reports what is wrong with a definition's dimensions and
// combine rule: each dimension a name without surrounding spaces or control
// characters, unique, not "max"; the rule "max", empty, or a dimension.
func checkDimensions(bad func(path, format string, args ...any), dims []string, combine string) {
	if len(dims) > MaxDimensions {
		bad("dimensions", "%d dimensions, more than %d", len(dims), MaxDimensions)
		return
	}
	seen := make(map[string]bool, len(dims))
	for i, d := range dims {
		p := fmt.Sprintf("dimensions[%d]", i)
		switch {
		case !utf8.ValidString(d):
			bad(p, "invalid UTF-8 in %s", textcut.Quote(d))
		case strings.TrimSpace(d) == "":
			bad(p, "empty dimension name")
		case strings.TrimSpace(d) != d:
			bad(p, "dimension name %s has surrounding spaces", textcut.Quote(d))
		case strings.ContainsFunc(d, unicode.IsControl):
			bad(p, "dimension name %s has a control character", textcut.Quote(d))
		case d == CombineMax:
			bad(p, "%q is the combine rule, not a dimension name", CombineMax)
		case seen[d]:
			bad(p, "duplicate dimension %s", textcut.Quote(d))
		}
		seen[d] = true
	}
	switch {
	case combine == "" || combine == CombineMax:
	case len(dims) == 0:
		bad("combine", "combine rule %s without dimensions (want %q, or name one of the dimensions)", textcut.Quote(combine), CombineMax)
	case !seen[combine]:
		bad("combine", "combine rule %s is neither %q nor one of the dimensions (%s)", textcut.Quote(combine), CombineMax, strings.Join(dims, ", "))
	}
}

// Dimensions returns the matrix's consequence dimensions, in their order;
// nil when it rates only the single impact.
func (m *Matrix) Dimensions() []string {
	if len(m.def.Dimensions) == 0 {
		return nil
	}
	return append([]string(nil), m.def.Dimensions...)
}

// Combine returns the matrix's combine rule: [CombineMax], or the name of
// the one dimension it rates by.
func (m *Matrix) Combine() string {
	if m.def.Combine == "" {
		return CombineMax
	}
	return m.def.Combine
}

// combined returns the impact level index of a risk rated per dimension and
// the dimension that drove it, by the matrix's combine rule: with "max" the
// highest level, the first of the matrix's dimensions on a tie; with a named
// dimension, that dimension's level. A dimension the matrix does not have,
// a level outside the impact scale and, with a named dimension, a risk
// without it are errors naming the dimension.
func (m *Matrix) combined(r pmo.Risk) (int, string, error) {
	id := textcut.Quote(r.ID)
	n := len(m.def.Impact.Levels)
	if r.Impact != 0 {
		return 0, "", invalidf("risk: risk %s: impact and impacts both given: give the single impact or one per dimension", id)
	}
	if len(m.def.Dimensions) == 0 {
		return 0, "", invalidf("risk: risk %s: impacts per dimension (%s), but matrix %s names no consequence dimensions: give the single impact, or rate on a matrix with dimensions",
			id, strings.Join(quoted(sortedKeys(r.Impacts)), ", "), textcut.Quote(m.def.Name))
	}
	var unknown []string
	for _, d := range sortedKeys(r.Impacts) {
		if !slices.Contains(m.def.Dimensions, d) {
			unknown = append(unknown, d)
		}
	}
	if len(unknown) > 0 {
		what := "dimension"
		if len(unknown) > 1 {
			what = "dimensions"
		}
		return 0, "", invalidf("risk: risk %s: impacts name %s %s that matrix %s does not have (its dimensions: %s)",
			id, what, strings.Join(quoted(unknown), ", "), textcut.Quote(m.def.Name), strings.Join(m.def.Dimensions, ", "))
	}
	for _, d := range m.def.Dimensions {
		if v, ok := r.Impacts[d]; ok && (v < 1 || v > n) {
			return 0, "", invalidf("risk: risk %s: impacts.%s %d is outside the matrix's 1..%d", id, d, v, n)
		}
	}
	if rule := m.Combine(); rule != CombineMax {
		v, ok := r.Impacts[rule]
		if !ok {
			return 0, "", invalidf("risk: risk %s: matrix %s rates by dimension %s, which its impacts do not give (they give %s)",
				id, textcut.Quote(m.def.Name), textcut.Quote(rule), strings.Join(quoted(sortedKeys(r.Impacts)), ", "))
		}
		return v - 1, rule, nil
	}
	best, by := 0, ""
	for _, d := range m.def.Dimensions {
		if v, ok := r.Impacts[d]; ok && v > best {
			best, by = v, d
		}
	}
	return best - 1, by, nil
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func quoted(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = textcut.Quote(s)
	}
	return out
}

// Driver counts the risks of a register whose impact level one consequence
// dimension drove ([Assessment].Dimension), by kind. Dimension is "" for the
// risks rated by their single impact or by their cost impact.
type Driver struct {
	Dimension     string `json:"dimension"`
	Threats       int    `json:"threats"`
	Opportunities int    `json:"opportunities"`
}

// Drivers returns how many of the register's risks (on its basis) each
// consequence dimension drove: one Driver per dimension of the matrix, in
// its order, zeros included, then one with Dimension "" when some risk was
// rated by its single impact or its cost impact. A matrix without
// dimensions gives only that last one (none for an empty register).
func (r *Register) Drivers() []Driver {
	dims := r.matrix.def.Dimensions
	out := make([]Driver, len(dims), len(dims)+1)
	for k, d := range dims {
		out[k].Dimension = d
	}
	other := Driver{}
	for _, e := range r.entries {
		d := &other
		if k := slices.Index(dims, e.Assessment.Dimension); k >= 0 && e.Assessment.Dimension != "" {
			d = &out[k]
		}
		if e.Assessment.Kind == pmo.Opportunity {
			d.Opportunities++
		} else {
			d.Threats++
		}
	}
	if other.Threats+other.Opportunities > 0 {
		out = append(out, other)
	}
	return out
}

// dimensionNotes returns the sentences that say how the impact level of the
// risks counted combines their consequence dimensions and how many risks
// each dimension drove; nil when no risk is rated per dimension.
func (h HeatMap) dimensionNotes() []string {
	if !slices.ContainsFunc(h.Drivers, func(d Driver) bool { return d.Dimension != "" }) {
		return nil
	}
	m := h.Matrix
	iname := cmpOr(m.def.Impact.Name, "Impact")
	rule := iname + " of a risk rated per dimension: the highest of " + strings.Join(m.def.Dimensions, ", ") + "."
	if c := m.Combine(); c != CombineMax {
		rule = iname + " of a risk rated per dimension: its " + c + " level."
	}
	var parts []string
	other := 0
	for _, d := range h.Drivers {
		if d.Dimension == "" {
			other += d.Threats + d.Opportunities
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %d", d.Dimension, d.Threats+d.Opportunities))
	}
	drove := "Risks by the dimension that drove them: " + strings.Join(parts, ", ")
	if other > 0 {
		drove += fmt.Sprintf(" (and %d rated on one impact)", other)
	}
	return []string{rule, drove + "."}
}

// dodDimensions are the consequence dimensions of the DoD risk reporting
// matrix.
func dodDimensions() []string { return []string{"cost", "schedule", "performance"} }

// PresetDoD returns the DoD risk reporting matrix: a 5×5 of likelihood and
// consequence levels whose cells are rated low, moderate or high (green,
// yellow, red), and a risk's consequence is the highest of its cost,
// schedule and performance consequences: "This matrix converts the
// combination of likelihood and the maximum of the cost, schedule, and
// performance consequence scores to form a risk level for each risk: low
// (green); moderate (yellow); or high (red)" (DAU, Risk Reporting Matrix,
// after the DoD Risk, Issue, and Opportunity Management Guide for Defense
// Acquisition Programs, 2017). A risk gives them as impacts (pmo.Risk.Impacts
// {cost: 4, schedule: 2, performance: 3}); the single impact is rated as it
// is.
//
// Likelihood levels are the DoD's (not likely, low likelihood, likely,
// highly likely, near certainty) with the RIO guide's bands of 20 points
// each, and consequence levels 1..5 (minimal, minor, moderate, significant,
// severe) with the bands of [Preset5x5], used only for a cost impact rated
// against a reference. The cells, rows from likelihood 5 down to 1 and
// consequence 1 to 5, as in the risk reporting matrix of the Risk Management
// Guide for DoD Acquisition (6th ed., 2006, §4.2):
//
//	5  low  moderate  high      high      high
//	4  low  moderate  moderate  high      high
//	3  low  moderate  moderate  moderate  high
//	2  low  low       moderate  moderate  moderate
//	1  low  low       low       moderate  moderate
//
// The score is the product of the ordinal levels, 1..25. It rates threats
// and opportunities.
func PresetDoD() *Matrix {
	p5 := Preset5x5()
	const lo, mo, hi = "low", "moderate", "high"
	return mustNewMatrix(Definition{
		Name:       "DoD",
		Likelihood: p5.Likelihood(),
		Impact:     Scale{Name: "Consequence", Levels: p5.Impact().Levels},
		Ratings:    []Rating{{Name: lo, Color: colorGreen}, {Name: mo, Color: colorAmber}, {Name: hi, Color: colorRed}},
		Cells: [][]string{
			{lo, mo, hi, hi, hi},
			{lo, mo, mo, hi, hi},
			{lo, mo, mo, mo, hi},
			{lo, lo, mo, mo, mo},
			{lo, lo, lo, mo, mo},
		},
		Dimensions: dodDimensions(),
		Combine:    CombineMax,
	})
}
