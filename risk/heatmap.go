package risk

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// HeatMap is a matrix with a count of risks in each cell, ready to render as
// SVG ([HeatMap.WriteSVG]) or text ([HeatMap.WriteText]). Counts is indexed
// [likelihood][impact], lowest levels first, as [Register.Counts] returns
// it; nil means no risks, and a negative count is an error. Title is shown
// above the map ("" for none).
//
// Mirror draws the impact axis from the highest level on the left to the
// lowest on the right, as PMBOK draws an opportunity grid beside its threat
// grid (PMBOK Guide 5th ed., Fig. 11-10), so that the two meet at their
// highest impacts.
type HeatMap struct {
	Title  string
	Matrix *Matrix
	Counts [][]int
	Mirror bool
}

// column returns the display column of impact level i.
func (h HeatMap) column(i, ni int) int {
	if h.Mirror {
		return ni - 1 - i
	}
	return i
}

// HeatMap returns the register's heat map with a title.
func (r *Register) HeatMap(title string) HeatMap {
	return HeatMap{Title: title, Matrix: r.matrix, Counts: r.counts}
}

func (h HeatMap) check() error {
	if h.Matrix == nil {
		return fmt.Errorf("risk: heat map: no matrix")
	}
	if h.Counts == nil {
		return nil
	}
	nl, ni := h.Matrix.Size()
	if len(h.Counts) != nl {
		return fmt.Errorf("risk: heat map: %d rows of counts for %d likelihood levels", len(h.Counts), nl)
	}
	for l, row := range h.Counts {
		if len(row) != ni {
			return fmt.Errorf("risk: heat map: counts[%d] has %d cells for %d impact levels", l, len(row), ni)
		}
		for i, n := range row {
			if n < 0 {
				return fmt.Errorf("risk: heat map: counts[%d][%d]: negative count %d", l, i, n)
			}
		}
	}
	return nil
}

func (h HeatMap) count(l, i int) int {
	if h.Counts == nil {
		return 0
	}
	return h.Counts[l][i]
}

// Layout of the SVG, in pixels.
const (
	svgCellW   = 100
	svgCellH   = 64
	svgLabelW  = 150 // likelihood level names
	svgAxisW   = 28  // the rotated likelihood axis title
	svgTitleH  = 44
	svgLabelH  = 44 // impact level names and bands
	svgAxisH   = 30 // the impact axis title
	svgLegendW = 170
	svgMargin  = 12
)

// WriteSVG renders the heat map as a self-contained SVG 1.1 document: one
// rectangle per cell filled with its rating's color and showing its count,
// the likelihood levels on the left (most likely at the top) and the impact
// levels along the bottom, each with its band, the axis titles, the title,
// and a legend of the ratings. Text is escaped; the document refers to
// nothing outside itself. Ratings without a color get one from a green to
// red ramp by rank.
func (h HeatMap) WriteSVG(w io.Writer) error {
	if err := h.check(); err != nil {
		return err
	}
	m := h.Matrix
	nl, ni := m.Size()
	ratings := m.Ratings()
	colors := ratingColors(ratings)
	gridX := svgMargin + svgAxisW + svgLabelW
	gridY := svgMargin + svgTitleH
	width := gridX + ni*svgCellW + svgMargin + svgLegendW
	height := gridY + nl*svgCellH + svgLabelH + svgAxisH + svgMargin
	legendH := 30 + 24*len(ratings)
	height = max(height, gridY+legendH+svgMargin)

	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	p(`<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="%d" height="%d" viewBox="0 0 %d %d" font-family="Helvetica, Arial, sans-serif">`+"\n",
		width, height, width, height)
	title := h.Title
	if title == "" {
		title = "Risk heat map"
	}
	p("<title>%s</title>\n", esc(title))
	p(`<rect x="0" y="0" width="%d" height="%d" fill="#ffffff"/>`+"\n", width, height)
	if h.Title != "" {
		p(`<text x="%d" y="%d" font-size="18" font-weight="bold" fill="#212121">%s</text>`+"\n", gridX, svgMargin+24, esc(h.Title))
	}

	// Cells, the most likely row at the top.
	for row := range nl {
		l := nl - 1 - row
		y := gridY + row*svgCellH
		for i := range ni {
			x := gridX + h.column(i, ni)*svgCellW
			r := ratings[m.grid[l][i]]
			fill := colors[r.Rank-1]
			ink := textColor(fill)
			n := h.count(l, i)
			opacity := "1"
			if n == 0 {
				opacity = "0.45"
			}
			p(`<g><title>%s × %s: %s, %d risk%s</title>`, esc(m.def.Likelihood.Levels[l].Name), esc(m.def.Impact.Levels[i].Name), esc(r.Name), n, plural(n))
			p(`<rect x="%d" y="%d" width="%d" height="%d" fill="%s" stroke="#ffffff" stroke-width="2"/>`, x, y, svgCellW, svgCellH, fill)
			p(`<text x="%d" y="%d" font-size="22" font-weight="bold" text-anchor="middle" fill="%s" fill-opacity="%s">%d</text>`,
				x+svgCellW/2, y+svgCellH/2+4, ink, opacity, n)
			p(`<text x="%d" y="%d" font-size="11" text-anchor="middle" fill="%s" fill-opacity="0.8">%s</text></g>`+"\n",
				x+svgCellW/2, y+svgCellH-8, ink, esc(r.Name))
		}
		// Likelihood level name and band.
		lv := m.def.Likelihood.Levels[l]
		p(`<text x="%d" y="%d" font-size="13" text-anchor="end" fill="#212121">%s</text>`+"\n", gridX-8, y+svgCellH/2, esc(lv.Name))
		p(`<text x="%d" y="%d" font-size="10" text-anchor="end" fill="#616161">%s</text>`+"\n", gridX-8, y+svgCellH/2+14, esc(bandText(m.def.Likelihood.Levels, l)))
	}
	// Impact level names and bands.
	baseY := gridY + nl*svgCellH
	for i := range ni {
		x := gridX + h.column(i, ni)*svgCellW + svgCellW/2
		lv := m.def.Impact.Levels[i]
		p(`<text x="%d" y="%d" font-size="13" text-anchor="middle" fill="#212121">%s</text>`+"\n", x, baseY+18, esc(lv.Name))
		p(`<text x="%d" y="%d" font-size="10" text-anchor="middle" fill="#616161">%s</text>`+"\n", x, baseY+32, esc(bandText(m.def.Impact.Levels, i)))
	}
	// Axis titles.
	lname, iname := cmpOr(m.def.Likelihood.Name, "Likelihood"), cmpOr(m.def.Impact.Name, "Impact")
	arrowed := esc(iname) + " →"
	if h.Mirror {
		arrowed = "← " + esc(iname)
	}
	p(`<text x="%d" y="%d" font-size="14" font-weight="bold" text-anchor="middle" fill="#212121">%s</text>`+"\n",
		gridX+ni*svgCellW/2, baseY+svgLabelH+16, arrowed)
	cy := gridY + nl*svgCellH/2
	p(`<text x="%d" y="%d" font-size="14" font-weight="bold" text-anchor="middle" fill="#212121" transform="rotate(-90 %d %d)">%s →</text>`+"\n",
		svgMargin+16, cy, svgMargin+16, cy, esc(lname))
	// Legend, highest rating first.
	lx := gridX + ni*svgCellW + 24
	p(`<text x="%d" y="%d" font-size="13" font-weight="bold" fill="#212121">Rating</text>`+"\n", lx, gridY+14)
	for k := len(ratings) - 1; k >= 0; k-- {
		y := gridY + 28 + (len(ratings)-1-k)*24
		p(`<rect x="%d" y="%d" width="18" height="18" fill="%s" stroke="#9e9e9e" stroke-width="0.5"/>`, lx, y, colors[k])
		p(`<text x="%d" y="%d" font-size="13" fill="#212121">%s</text>`+"\n", lx+26, y+14, esc(ratings[k].Name))
	}
	p("</svg>\n")
	return b.Flush()
}

// WriteText renders the heat map as a plain-text grid for terminals: the
// title, one row per likelihood level (most likely first) with each cell's
// rating abbreviation and count, the impact levels as column heads, and a
// key to the abbreviations. Columns are aligned for text of one column per
// character.
func (h HeatMap) WriteText(w io.Writer) error {
	if err := h.check(); err != nil {
		return err
	}
	m := h.Matrix
	nl, ni := m.Size()
	ratings := m.Ratings()
	abbr := abbreviations(ratings)

	corner := cmpOr(m.def.Likelihood.Name, "Likelihood") + ` \ ` + cmpOr(m.def.Impact.Name, "Impact")
	labelW := utf8.RuneCountInString(corner)
	for _, lv := range m.def.Likelihood.Levels {
		labelW = max(labelW, utf8.RuneCountInString(lv.Name))
	}
	cells := make([][]string, nl)
	colW := make([]int, ni)
	heads := make([]string, ni)
	for i, lv := range m.def.Impact.Levels {
		c := h.column(i, ni)
		heads[c] = lv.Name
		colW[c] = utf8.RuneCountInString(lv.Name)
	}
	for row := range nl {
		l := nl - 1 - row
		cells[row] = make([]string, ni)
		for i := range ni {
			c := h.column(i, ni)
			cells[row][c] = abbr[m.grid[l][i]] + " " + strconv.Itoa(h.count(l, i))
			colW[c] = max(colW[c], utf8.RuneCountInString(cells[row][c]))
		}
	}
	var sb strings.Builder
	line := func(label string, cols []string) {
		sb.WriteString(pad(label, labelW))
		for i, c := range cols {
			sb.WriteString("  ")
			sb.WriteString(pad(c, colW[i]))
		}
		sb.WriteString("\n")
	}
	if h.Title != "" {
		sb.WriteString(h.Title + "\n\n")
	}
	line(corner, heads)
	for row := range nl {
		line(m.def.Likelihood.Levels[nl-1-row].Name, cells[row])
	}
	sb.WriteString("\n")
	for k := len(ratings) - 1; k >= 0; k-- {
		sb.WriteString(abbr[k] + " = " + ratings[k].Name)
		if k > 0 {
			sb.WriteString(", ")
		}
	}
	sb.WriteString("\n")
	// Trim the padding at line ends.
	var out strings.Builder
	for ln := range strings.Lines(sb.String()) {
		out.WriteString(strings.TrimRight(ln, " \n") + "\n")
	}
	_, err := io.WriteString(w, out.String())
	return err
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
