package risk

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pmokit/pmokit/pmo"

	"github.com/pmokit/pmokit/internal/textcut"
)

// HeatMap is a matrix with a count of risks in each cell, ready to render as
// SVG ([HeatMap.WriteSVG]) or text ([HeatMap.WriteText]). Counts is indexed
// [likelihood][impact], lowest levels first, as [Register.Counts] returns
// it; nil means no risks, and a negative count is an error. Title is shown
// above the map ("" for none).
//
// Opportunities, when not nil, holds the counts of opportunities (indexed
// as Counts, which then holds the threats): they are drawn on a grid of
// their own, with their own colors, so that an opportunity never sits in a
// red threat cell. In SVG the opportunity grid stands to the right of the
// threat grid, mirrored, as PMBOK draws them (PMBOK Guide 5th ed., Fig.
// 11-10): the two meet at their highest impacts. In text it follows the
// threat grid.
//
// Mirror draws the impact axis of a single grid from the highest level on
// the left to the lowest on the right, as for a grid of opportunities alone.
//
// ImpactUnit names what the impact bands are fractions of, e.g. "of budget"
// (the default of a [Register]'s heat map, whose cost impacts are rated
// against the project's approved budget); "" shows "of reference". The
// likelihood bands are probabilities, shown in percent.
//
// Drivers, when one of them names a consequence dimension, says which
// dimensions drove the impact levels of the risks counted, as
// [Register.Drivers] returns them: the SVG legend and the text key then
// state the matrix's combine rule and the number of risks each dimension
// drove. [Register.HeatMap] sets it when some risk of the register is rated
// per dimension. A dimension the matrix does not have, or a negative count,
// is an error.
type HeatMap struct {
	Title         string
	Matrix        *Matrix
	Counts        [][]int
	Opportunities [][]int
	Mirror        bool
	ImpactUnit    string
	Drivers       []Driver
}

// column returns the display column of impact level i on a grid.
func column(mirror bool, i, ni int) int {
	if mirror {
		return ni - 1 - i
	}
	return i
}

// HeatMap returns the register's heat map with a title: the threats in
// Counts and, when the register holds any opportunity, the opportunities in
// Opportunities (a matrix made for opportunities only draws them on a
// single mirrored grid). Impact bands are labelled "of budget". When some
// risk is rated per consequence dimension, Drivers holds [Register.Drivers].
func (r *Register) HeatMap(title string) HeatMap {
	h := HeatMap{Title: title, Matrix: r.matrix, Counts: r.threats, ImpactUnit: "of budget"}
	if slices.ContainsFunc(r.entries, func(e Entry) bool { return e.Assessment.Dimension != "" }) {
		h.Drivers = r.Drivers()
	}
	switch {
	case r.matrix.Kind() == pmo.Opportunity:
		h.Counts, h.Mirror = r.opps, true
	case r.total.Opportunities > 0:
		h.Opportunities = r.opps
	}
	return h
}

func (h HeatMap) check() error {
	if h.Matrix == nil {
		return invalidf("risk: heat map: no matrix")
	}
	for k, d := range h.Drivers {
		switch {
		case d.Dimension != "" && !slices.Contains(h.Matrix.def.Dimensions, d.Dimension):
			return invalidf("risk: heat map: drivers[%d]: dimension %s is not one of matrix %s's", k, textcut.Quote(d.Dimension), textcut.Quote(h.Matrix.Name()))
		case d.Threats < 0 || d.Opportunities < 0:
			return invalidf("risk: heat map: drivers[%d]: negative count", k)
		}
	}
	for _, g := range []struct {
		name   string
		counts [][]int
	}{{"counts", h.Counts}, {"opportunities", h.Opportunities}} {
		if g.counts == nil {
			continue
		}
		nl, ni := h.Matrix.Size()
		if len(g.counts) != nl {
			return invalidf("risk: heat map: %d rows of %s for %d likelihood levels", len(g.counts), g.name, nl)
		}
		for l, row := range g.counts {
			if len(row) != ni {
				return invalidf("risk: heat map: %s[%d] has %d cells for %d impact levels", g.name, l, len(row), ni)
			}
			for i, n := range row {
				if n < 0 {
					return invalidf("risk: heat map: %s[%d][%d]: negative count %d", g.name, l, i, n)
				}
			}
		}
	}
	return nil
}

// count returns the count of a cell of counts (nil: no risks).
func count(counts [][]int, l, i int) int {
	if counts == nil {
		return 0
	}
	return counts[l][i]
}

// Layout of the SVG, in pixels. Widths of text are estimated from the
// number of characters (svgCharW of the font size each, generous for
// Helvetica and Arial), and every box grows to hold its text: long names
// are wrapped onto several lines, never clipped.
const (
	svgMinCellW = 100
	svgMaxCellW = 260
	svgCellH    = 64
	svgMinLabel = 120 // likelihood level names and bands
	svgAxisW    = 28  // the rotated likelihood axis title
	svgGridGap  = 36  // between the threat and the opportunity grid
	svgMargin   = 16
	svgCharW    = 0.62 // estimated width of a character, in ems
	svgWrap     = 22   // characters per line of a wrapped label
)

// textW estimates the width in pixels of s at font size px.
func textW(s string, px float64) int {
	return int(math.Ceil(float64(utf8.RuneCountInString(s)) * px * svgCharW))
}

// wrap breaks s into lines of at most n characters at spaces (a longer word
// is cut); it returns at least one line.
func wrap(s string, n int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		for utf8.RuneCountInString(word) > n {
			if line != "" {
				lines, line = append(lines, line), ""
			}
			r := []rune(word)
			lines, word = append(lines, string(r[:n])), string(r[n:])
		}
		switch {
		case word == "":
		case line == "":
			line = word
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) <= n:
			line += " " + word
		default:
			lines, line = append(lines, line), word
		}
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

// maxW is the estimated width of the widest of lines at font size px.
func maxW(lines []string, px float64) int {
	w := 0
	for _, l := range lines {
		w = max(w, textW(l, px))
	}
	return w
}

// WriteSVG renders the heat map as a self-contained SVG 1.1 document: one
// rectangle per cell filled with its rating's color and showing its count
// and rating, the likelihood levels on the left (most likely at the top)
// with their bands in percent, the impact levels along the bottom with
// their bands and unit, the axis titles, the title, and a legend of the
// ratings and of the figures (with Drivers, also the combine rule and the
// count per dimension). With Opportunities a second, mirrored grid in
// shades of blue shows the opportunities. The canvas is as wide as its text
// needs: long titles and names are wrapped, never cut. A matrix made for
// opportunities only is drawn in the opportunity grid's blues. Text is escaped; the
// document refers to nothing outside itself. Ratings without a color get
// one from a green to red ramp by rank.
func (h HeatMap) WriteSVG(w io.Writer) error {
	if err := h.check(); err != nil {
		return err
	}
	m := h.Matrix
	nl, ni := m.Size()
	ratings := m.Ratings()
	colors := ratingColors(ratings)
	oppColors := opportunityColors(len(ratings))
	two := h.Opportunities != nil
	oppOnly := !two && m.Kind() == pmo.Opportunity // a matrix of opportunities: blue, as on the opportunity grid
	unit := cmpOr(h.ImpactUnit, "of reference")

	// Text, and the room it needs.
	impNames := make([][]string, ni)
	impBands := make([]string, ni)
	cellW := svgMinCellW
	impLines := 1
	for i, lv := range m.def.Impact.Levels {
		impNames[i] = wrap(lv.Name, svgWrap)
		impBands[i] = percentBand(m.def.Impact.Levels, i)
		impLines = max(impLines, len(impNames[i]))
		cellW = max(cellW, maxW(impNames[i], 13)+12, textW(impBands[i], 10)+12)
	}
	ratingLines := 1
	for _, r := range ratings {
		rl := wrap(r.Name, svgWrap)
		ratingLines = max(ratingLines, len(rl))
		cellW = max(cellW, maxW(rl, 11)+12)
	}
	cellW = min(cellW, svgMaxCellW)
	likNames := make([][]string, nl)
	labelW := svgMinLabel
	for l, lv := range m.def.Likelihood.Levels {
		likNames[l] = wrap(lv.Name, svgWrap)
		labelW = max(labelW, maxW(likNames[l], 13)+16, textW(percentBand(m.def.Likelihood.Levels, l), 10)+16)
	}
	cellH := max(svgCellH, 44+12*ratingLines)
	for _, ls := range likNames {
		cellH = max(cellH, 14*len(ls)+28)
	}
	lname, iname := cmpOr(m.def.Likelihood.Name, "Likelihood"), cmpOr(m.def.Impact.Name, "Impact")
	impAxis := iname + " →"
	oppAxis := "← " + iname
	if h.Mirror && !two {
		impAxis = oppAxis
	}
	gridW := ni * cellW
	grids := 1
	if two {
		grids = 2
	}
	legend := []string{"Rating"}
	for _, r := range ratings {
		legend = append(legend, r.Name)
	}
	notes := []string{
		"The number in a cell counts the",
		"risks rated there.",
		lname + ": probability, in %.",
		iname + ": the ordinal impact level,",
		"or the cost impact in % " + unit + ".",
	}
	if two {
		notes = append(notes, "Left: threats, green to red.", "Right: opportunities, in blue,", "mirrored: the two grids meet", "at their highest impacts.")
	}
	for _, n := range h.dimensionNotes() {
		notes = append(notes, wrap(n, 34)...)
	}
	legendW := 30 + maxW(legend, 13)
	if two {
		legendW += 24
	}
	legendW = max(legendW, maxW(notes, 11))
	gridX := svgMargin + svgAxisW + labelW
	gridsW := grids*gridW + (grids-1)*svgGridGap
	width := gridX + gridsW + 2*svgMargin + legendW + svgMargin
	// The axis titles under each grid must fit too.
	width = max(width, gridX+gridsW-gridW/2+textW(oppAxis, 13)/2+svgMargin)
	title := h.Title
	var titleLines []string
	if title != "" {
		titleLines = wrap(title, max(40, (width-2*svgMargin)/int(math.Ceil(18*svgCharW))))
		width = max(width, 2*svgMargin+maxW(titleLines, 18))
	}
	headH := 0
	if two {
		headH = 26
	}
	gridY := svgMargin + 24*len(titleLines) + 8 + headH
	labelH := 15*impLines + 20
	height := gridY + nl*cellH + labelH + 34 + svgMargin
	legendH := 30 + 24*len(ratings) + 16 + 15*len(notes)
	height = max(height, gridY+legendH+svgMargin)

	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	// lines writes one text element of several lines, lineH apart.
	lines := func(x, y int, attrs string, ls []string, lineH int) {
		p(`<text x="%d" y="%d" %s>`, x, y, attrs)
		for k, l := range ls {
			dy := 0
			if k > 0 {
				dy = lineH
			}
			p(`<tspan x="%d" dy="%d">%s</tspan>`, x, dy, esc(l))
		}
		p("</text>\n")
	}
	p(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	p(`<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="%d" height="%d" viewBox="0 0 %d %d" font-family="Helvetica, Arial, sans-serif">`+"\n",
		width, height, width, height)
	p("<title>%s</title>\n", esc(cmpOr(title, "Risk heat map")))
	p(`<rect x="0" y="0" width="%d" height="%d" fill="#ffffff"/>`+"\n", width, height)
	if title != "" {
		lines(svgMargin, svgMargin+18, `font-size="18" font-weight="bold" fill="#212121"`, titleLines, 24)
	}

	// grid draws one grid of cells at x0 with its impact labels and axis
	// title.
	grid := func(x0 int, counts [][]int, mirror bool, fills []string, kind, axis string) {
		if two {
			p(`<text x="%d" y="%d" font-size="15" font-weight="bold" text-anchor="middle" fill="#212121">%s</text>`+"\n",
				x0+gridW/2, gridY-10, esc(kind))
		}
		for row := range nl {
			l := nl - 1 - row
			y := gridY + row*cellH
			for i := range ni {
				x := x0 + column(mirror, i, ni)*cellW
				r := ratings[m.grid[l][i]]
				fill := fills[r.Rank-1]
				ink := textColor(fill)
				n := count(counts, l, i)
				opacity := "1"
				if n == 0 {
					opacity = "0.45"
				}
				p(`<g><title>%s: %s × %s: %s, %d risk%s</title>`, esc(kind), esc(m.def.Likelihood.Levels[l].Name), esc(m.def.Impact.Levels[i].Name), esc(r.Name), n, plural(n))
				p(`<rect x="%d" y="%d" width="%d" height="%d" fill="%s" stroke="#ffffff" stroke-width="2"/>`, x, y, cellW, cellH, fill)
				p(`<text x="%d" y="%d" font-size="22" font-weight="bold" text-anchor="middle" fill="%s" fill-opacity="%s">%d</text>`,
					x+cellW/2, y+30, ink, opacity, n)
				rl := wrap(r.Name, svgWrap)
				p(`<text x="%d" y="%d" font-size="11" text-anchor="middle" fill="%s" fill-opacity="0.85">`, x+cellW/2, y+cellH-8-12*(len(rl)-1), ink)
				for k, line := range rl {
					dy := 0
					if k > 0 {
						dy = 12
					}
					p(`<tspan x="%d" dy="%d">%s</tspan>`, x+cellW/2, dy, esc(line))
				}
				p("</text></g>\n")
			}
		}
		baseY := gridY + nl*cellH
		for i := range ni {
			x := x0 + column(mirror, i, ni)*cellW + cellW/2
			lines(x, baseY+18, `font-size="13" text-anchor="middle" fill="#212121"`, impNames[i], 15)
			p(`<text x="%d" y="%d" font-size="10" text-anchor="middle" fill="#616161">%s</text>`+"\n", x, baseY+18+15*impLines, esc(impBands[i]+" "+unit))
		}
		p(`<text x="%d" y="%d" font-size="13" font-weight="bold" text-anchor="middle" fill="#212121">%s</text>`+"\n",
			x0+gridW/2, baseY+labelH+16, esc(axis))
	}
	if two {
		grid(gridX, h.Counts, false, colors, "Threats", impAxis)
		grid(gridX+gridW+svgGridGap, h.Opportunities, true, oppColors, "Opportunities", oppAxis)
	} else if oppOnly {
		grid(gridX, h.Counts, h.Mirror, oppColors, "Opportunities", impAxis)
	} else {
		grid(gridX, h.Counts, h.Mirror, colors, "Risks", impAxis)
	}
	// Likelihood level names and bands.
	for row := range nl {
		l := nl - 1 - row
		y := gridY + row*cellH
		nameLines := likNames[l]
		top := y + cellH/2 - 7*(len(nameLines)-1) - 2
		lines(gridX-8, top, `font-size="13" text-anchor="end" fill="#212121"`, nameLines, 14)
		p(`<text x="%d" y="%d" font-size="10" text-anchor="end" fill="#616161">%s</text>`+"\n", gridX-8, top+14*len(nameLines), esc(percentBand(m.def.Likelihood.Levels, l)))
	}
	cy := gridY + nl*cellH/2
	p(`<text x="%d" y="%d" font-size="14" font-weight="bold" text-anchor="middle" fill="#212121" transform="rotate(-90 %d %d)">%s →</text>`+"\n",
		svgMargin+14, cy, svgMargin+14, cy, esc(lname))
	// Legend, highest rating first, then what the figures mean.
	lx := gridX + gridsW + 2*svgMargin
	p(`<text x="%d" y="%d" font-size="13" font-weight="bold" fill="#212121">Rating</text>`+"\n", lx, gridY+14)
	for k := len(ratings) - 1; k >= 0; k-- {
		y := gridY + 28 + (len(ratings)-1-k)*24
		tx := lx + 26
		swatch := colors[k]
		if oppOnly {
			swatch = oppColors[k]
		}
		p(`<rect x="%d" y="%d" width="18" height="18" fill="%s" stroke="#9e9e9e" stroke-width="0.5"/>`, lx, y, swatch)
		if two {
			p(`<rect x="%d" y="%d" width="18" height="18" fill="%s" stroke="#9e9e9e" stroke-width="0.5"/>`, lx+24, y, oppColors[k])
			tx += 24
		}
		p(`<text x="%d" y="%d" font-size="13" fill="#212121">%s</text>`+"\n", tx, y+14, esc(ratings[k].Name))
	}
	lines(lx, gridY+28+24*len(ratings)+16, `font-size="11" fill="#616161"`, notes, 15)
	p("</svg>\n")
	return b.Flush()
}

// percentBand shows a level's band in percent, "20–40%" ("0–20%" for the
// first, closed one), numbers in up to 3 significant digits; a bound above
// 10¹³ (a fraction no cost reaches) shows "more".
func percentBand(levels []Level, i int) string {
	f := func(x float64) string {
		if x > 1e13 {
			return "more"
		}
		return strconv.FormatFloat(x*100, 'g', 3, 64)
	}
	return f(levels[i].Min) + "–" + f(levels[i].Max) + "%"
}

// opportunityColors returns n fills from light to dark blue, one per
// rating rank, for the opportunity grid.
func opportunityColors(n int) []string {
	lo, hi := [3]float64{0xde, 0xeb, 0xf7}, [3]float64{0x08, 0x45, 0x94}
	out := make([]string, n)
	for k := range out {
		t := 0.0
		if n > 1 {
			t = float64(k) / float64(n-1)
		}
		var c [3]int
		for j := range 3 {
			c[j] = int(lo[j] + (hi[j]-lo[j])*t + 0.5)
		}
		out[k] = fmt.Sprintf("#%02x%02x%02x", c[0], c[1], c[2])
	}
	return out
}

// WriteText renders the heat map as a plain-text grid for terminals: the
// title, one row per likelihood level (most likely first) with each cell's
// rating abbreviation and count, the impact levels as column heads, and a
// key to the abbreviations (and, with Drivers, the combine rule and the
// count per dimension). With Opportunities the threat grid, headed
// "Threats", is followed by the opportunity grid, headed "Opportunities"
// (not mirrored: text reads left to right). Columns are aligned for text of
// one column per character.
func (h HeatMap) WriteText(w io.Writer) error {
	if err := h.check(); err != nil {
		return err
	}
	m := h.Matrix
	ratings := m.Ratings()
	abbr := abbreviations(ratings)
	var sb strings.Builder
	if h.Title != "" {
		sb.WriteString(h.Title + "\n\n")
	}
	if h.Opportunities != nil {
		sb.WriteString("Threats\n")
		h.textGrid(&sb, h.Counts, false, abbr)
		sb.WriteString("\nOpportunities\n")
		h.textGrid(&sb, h.Opportunities, false, abbr)
	} else {
		h.textGrid(&sb, h.Counts, h.Mirror, abbr)
	}
	sb.WriteString("\n")
	for k := len(ratings) - 1; k >= 0; k-- {
		sb.WriteString(abbr[k] + " = " + ratings[k].Name)
		if k > 0 {
			sb.WriteString(", ")
		}
	}
	sb.WriteString("\n")
	for _, n := range h.dimensionNotes() {
		sb.WriteString(n + "\n")
	}
	// Trim the padding at line ends.
	var out strings.Builder
	for ln := range strings.Lines(sb.String()) {
		out.WriteString(strings.TrimRight(ln, " \n") + "\n")
	}
	_, err := io.WriteString(w, out.String())
	return err
}

// textGrid writes one grid of counts to sb.
func (h HeatMap) textGrid(sb *strings.Builder, counts [][]int, mirror bool, abbr []string) {
	m := h.Matrix
	nl, ni := m.Size()
	corner := cmpOr(m.def.Likelihood.Name, "Likelihood") + ` \ ` + cmpOr(m.def.Impact.Name, "Impact")
	labelW := utf8.RuneCountInString(corner)
	for _, lv := range m.def.Likelihood.Levels {
		labelW = max(labelW, utf8.RuneCountInString(lv.Name))
	}
	cells := make([][]string, nl)
	colW := make([]int, ni)
	heads := make([]string, ni)
	for i, lv := range m.def.Impact.Levels {
		c := column(mirror, i, ni)
		heads[c] = lv.Name
		colW[c] = utf8.RuneCountInString(lv.Name)
	}
	for row := range nl {
		l := nl - 1 - row
		cells[row] = make([]string, ni)
		for i := range ni {
			c := column(mirror, i, ni)
			cells[row][c] = abbr[m.grid[l][i]] + " " + strconv.Itoa(count(counts, l, i))
			colW[c] = max(colW[c], utf8.RuneCountInString(cells[row][c]))
		}
	}
	line := func(label string, cols []string) {
		sb.WriteString(pad(label, labelW))
		for i, c := range cols {
			sb.WriteString("  ")
			sb.WriteString(pad(c, colW[i]))
		}
		sb.WriteString("\n")
	}
	line(corner, heads)
	for row := range nl {
		line(m.def.Likelihood.Levels[nl-1-row].Name, cells[row])
	}
}

// pad right-pads s with spaces to n runes.
func pad(s string, n int) string {
	if k := utf8.RuneCountInString(s); k < n {
		return s + strings.Repeat(" ", n-k)
	}
	return s
}

// abbreviations returns the shortest upper-case prefixes, of one length for
// all, that tell the ratings apart ("L", "M", "H"; "LO", "ME", "MO", "HI"
// when two ratings share an initial).
func abbreviations(ratings []Rating) []string {
	maxLen := 0
	for _, r := range ratings {
		maxLen = max(maxLen, utf8.RuneCountInString(r.Name))
	}
	for k := 1; ; k++ {
		seen := map[string]bool{}
		out := make([]string, len(ratings))
		unique := true
		for i, r := range ratings {
			rs := []rune(strings.ToUpper(r.Name))
			out[i] = string(rs[:min(k, len(rs))])
			if seen[out[i]] {
				unique = false
			}
			seen[out[i]] = true
		}
		if unique || k >= maxLen {
			return out
		}
	}
}

// bandText shows a level's band as "0.2–0.4" ("0–0.2" for the first, closed
// one); numbers in up to 3 significant digits.
func bandText(levels []Level, i int) string {
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', 3, 64) }
	return f(levels[i].Min) + "–" + f(levels[i].Max)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// esc escapes text for XML character data and attribute values.
func esc(s string) string {
	var sb strings.Builder
	_ = xml.EscapeText(&sb, []byte(s))
	return sb.String()
}

// ratingColors returns each rating's fill: its own color, or a point on a
// green–amber–red ramp by rank.
func ratingColors(ratings []Rating) []string {
	ramp := [][3]float64{{0x4c, 0xaf, 0x50}, {0xff, 0xc1, 0x07}, {0xf4, 0x43, 0x36}}
	out := make([]string, len(ratings))
	for k, r := range ratings {
		if r.Color != "" {
			out[k] = r.Color
			continue
		}
		t := 0.0
		if len(ratings) > 1 {
			t = float64(k) / float64(len(ratings)-1) * 2
		}
		seg := min(int(t), 1)
		f := t - float64(seg)
		var c [3]int
		for j := range 3 {
			c[j] = int(ramp[seg][j] + (ramp[seg+1][j]-ramp[seg][j])*f + 0.5)
		}
		out[k] = fmt.Sprintf("#%02x%02x%02x", c[0], c[1], c[2])
	}
	return out
}

// textColor returns black or white, whichever reads better on fill
// ("#rgb" or "#rrggbb"), by the fill's relative luminance.
func textColor(fill string) string {
	hex := fill[1:]
	if len(hex) == 3 {
		hex = string([]byte{hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]})
	}
	v, err := strconv.ParseUint(hex, 16, 32)
	if err != nil {
		return "#000000"
	}
	r, g, b := float64(v>>16&0xff), float64(v>>8&0xff), float64(v&0xff)
	if 0.2126*r+0.7152*g+0.0722*b > 140 {
		return "#212121"
	}
	return "#ffffff"
}
