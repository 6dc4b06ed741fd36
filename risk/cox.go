package risk

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Axiom is one of Cox's axioms for risk matrices (L. A. Cox Jr., "What's
// wrong with risk matrices?", Risk Analysis 28(2):497–512, 2008).
type Axiom int

// The Axiom values.
const (
	WeakConsistency    Axiom = iota + 1 // every point of a higher cell is riskier than every point of a much lower one
	Betweenness                         // no short rising segment goes from a low cell straight into a high one
	ConsistentColoring                  // top cells hold the highest risks, bottom cells the lowest, middle cells lie between
)

// Violation is one breach of one of Cox's axioms found by
// [Matrix.CheckCox]: the axiom, the cells involved and a sentence that says
// what is wrong.
type Violation struct {
	Axiom   Axiom
	Cells   []Cell
	Message string
}

// String returns the violation as "<axiom>: <message>", the axiom in prose
// ("weak consistency: ...").
func (v Violation) String() string {
	return strings.ReplaceAll(v.Axiom.String(), "_", " ") + ": " + v.Message
}

// eps absorbs float64 noise in band products (1/3 × 2/3 and the like).
const eps = 1e-12

// CheckCox checks the matrix against Cox's three axioms and returns every
// violation found, in a deterministic order (axiom, then cells); none means
// the matrix ranks risks consistently with risk = probability × impact.
//
// Cox states the axioms over the continuous unit square of (probability p,
// consequence c) with risk p·c, for three colors (green < yellow < red).
// CheckCox reads a cell as the rectangle of its likelihood band × impact
// band, so the risks in cell X fill the interval [lo(X), hi(X)] = [pMin·cMin,
// pMax·cMax] (p·c is increasing in both, so the extremes are at the lower
// left and upper right corners). The bottom used rating plays green, the top
// used rating red, and the ratings between them yellow. The axioms become:
//
//   - Weak consistency: for every pair of ratings a < b that are the bottom
//     and top ratings or are two or more ranks apart (with three ratings:
//     green and red), every point of a b-cell has at least the risk of every
//     point of an a-cell: hi(A) ≤ lo(B). A violation names the two cells.
//   - Betweenness: for the same pairs, no positively sloped segment goes from
//     an a-cell straight into a b-cell without crossing a cell rated between
//     them. On a grid such a segment exists exactly when the two cells share
//     an edge, or touch at a corner along a rising diagonal (one is up and to
//     the right of the other); a violation names the two cells.
//   - Consistent coloring, with R the red cells and G the green ones. Cox:
//     "a cell is red if it contains points with quantitative risks at least
//     as high as those in other red cells (and does not contain points with
//     quantitative risks as small as those in any green cell)", green
//     symmetrically, and "a cell is colored an intermediate color only if
//     either (a) it lies between a red cell and a green cell; or (b) it
//     contains points with quantitative risks higher than those in some red
//     cells and also points with quantitative risks lower than those in some
//     green cells". "As high as those in a cell" is read as "at least every
//     risk of that cell". So: (1) a cell with hi(X) ≥ min hi(R) and
//     lo(X) > max lo(G) must be red; (2) a cell with lo(X) ≤ max lo(G) and
//     hi(X) < min hi(R) must be green; (3) a middle-rated cell must lie in the
//     rectangle spanned by some green and some red cell, or have
//     hi(X) > min hi(R) and lo(X) < max lo(G). A violation names the cell.
//
// A matrix whose cells all have one rating satisfies the axioms trivially.
// With these readings the 3×3 matrix with equal bands has exactly one
// coloring in three colors that passes, the one Cox derives ([Preset3x3]).
func (m *Matrix) CheckCox() []Violation {
	nl, ni := m.Size()
	type span struct{ lo, hi float64 }
	risk := make([][]span, nl)
	for l := range nl {
		risk[l] = make([]span, ni)
		lv := m.def.Likelihood.Levels[l]
		for i := range ni {
			iv := m.def.Impact.Levels[i]
			risk[l][i] = span{lv.Min * iv.Min, lv.Max * iv.Max}
		}
	}
	// Compress the used ratings to ranks 0..k-1.
	used := make([]bool, len(m.def.Ratings))
	for l := range nl {
		for i := range ni {
			used[m.grid[l][i]] = true
		}
	}
	rank := make([]int, len(used))
	k := 0
	for r, u := range used {
		if u {
			rank[r] = k
			k++
		}
	}
	if k < 2 {
		return nil
	}
	at := func(c Cell) int { return rank[m.grid[c.Likelihood][c.Impact]] }
	name := func(c Cell) string { return m.def.Ratings[m.grid[c.Likelihood][c.Impact]].Name }
	paired := func(a, b int) bool { // the rating pairs the first two axioms compare
		if a > b {
			a, b = b, a
		}
		return b-a >= 2 || a == 0 && b == k-1
	}
	var cells []Cell
	for l := range nl {
		for i := range ni {
			cells = append(cells, Cell{Likelihood: l, Impact: i})
		}
	}
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', 4, 64) }

	var out []Violation
	// Weak consistency.
	for _, a := range cells {
		for _, b := range cells {
			ra, rb := at(a), at(b)
			if ra >= rb || !paired(ra, rb) {
				continue
			}
			if ha, lb := risk[a.Likelihood][a.Impact].hi, risk[b.Likelihood][b.Impact].lo; ha > lb+eps {
				out = append(out, Violation{Axiom: WeakConsistency, Cells: []Cell{a, b}, Message: fmt.Sprintf(
					"cell %v (%s) holds risks up to %s, above the least risk %s of cell %v (%s)",
					a, name(a), f(ha), f(lb), b, name(b))})
			}
		}
	}
	// Betweenness: edge neighbours and rising-diagonal neighbours.
	for _, a := range cells {
		for _, d := range [][2]int{{0, 1}, {1, 0}, {1, 1}} {
			b := Cell{Likelihood: a.Likelihood + d[0], Impact: a.Impact + d[1]}
			if !m.inside(b) {
				continue
			}
			ra, rb := at(a), at(b)
			if ra == rb || !paired(ra, rb) {
				continue
			}
			lo, hi := a, b
			if ra > rb {
				lo, hi = b, a
			}
			how := "shares an edge with"
			if d == [2]int{1, 1} {
				how = "touches, on a rising diagonal,"
			}
			out = append(out, Violation{Axiom: Betweenness, Cells: []Cell{lo, hi}, Message: fmt.Sprintf(
				"cell %v (%s) %s cell %v (%s) with no rating between them", lo, name(lo), how, hi, name(hi))})
		}
	}
	// Consistent coloring.
	var red, green []Cell
	for _, c := range cells {
		switch at(c) {
		case k - 1:
			red = append(red, c)
		case 0:
			green = append(green, c)
		}
	}
	sp := func(c Cell) span { return risk[c.Likelihood][c.Impact] }
	// minHiR and maxLoG over the red and green cells other than x.
	minHiR := func(x Cell) float64 {
		v := math.Inf(1)
		for _, c := range red {
			if c != x {
				v = min(v, sp(c).hi)
			}
		}
		return v
	}
	maxLoG := func(x Cell) float64 {
		v := math.Inf(-1)
		for _, c := range green {
			if c != x {
				v = max(v, sp(c).lo)
			}
		}
		return v
	}
	top, bottom := m.def.Ratings[m.grid[red[0].Likelihood][red[0].Impact]].Name, m.def.Ratings[m.grid[green[0].Likelihood][green[0].Impact]].Name
	for _, c := range cells {
		s, r := sp(c), at(c)
		minHiR, maxLoG := minHiR(c), maxLoG(c)
		switch {
		case r != k-1 && s.hi >= minHiR-eps && s.lo > maxLoG+eps:
			out = append(out, Violation{Axiom: ConsistentColoring, Cells: []Cell{c}, Message: fmt.Sprintf(
				"cell %v (%s) holds risks (%s..%s) as high as all of some %s cell's and none as small as all of any %s cell's; it should be %s",
				c, name(c), f(s.lo), f(s.hi), top, bottom, top)})
		case r != 0 && s.lo <= maxLoG+eps && s.hi < minHiR-eps:
			out = append(out, Violation{Axiom: ConsistentColoring, Cells: []Cell{c}, Message: fmt.Sprintf(
				"cell %v (%s) holds risks (%s..%s) as small as all of some %s cell's and none as high as all of any %s cell's; it should be %s",
				c, name(c), f(s.lo), f(s.hi), bottom, top, bottom)})
		case r != 0 && r != k-1 && !between(c, red, green) && !(s.hi > minHiR+eps && s.lo < maxLoG-eps):
			out = append(out, Violation{Axiom: ConsistentColoring, Cells: []Cell{c}, Message: fmt.Sprintf(
				"cell %v (%s) neither lies between a %s and a %s cell nor straddles their risks (%s..%s)",
				c, name(c), bottom, top, f(s.lo), f(s.hi))})
		}
	}
	return out
}

// between reports whether c lies in the rectangle spanned by some green cell
// and some red cell.
func between(c Cell, red, green []Cell) bool {
	in := func(x, a, b int) bool { return min(a, b) <= x && x <= max(a, b) }
	for _, r := range red {
		for _, g := range green {
			if in(c.Likelihood, r.Likelihood, g.Likelihood) && in(c.Impact, r.Impact, g.Impact) {
				return true
			}
		}
	}
	return false
}
