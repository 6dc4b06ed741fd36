package report

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// S-curve geometry, in SVG user units.
const (
	curveWidth  = 640
	curveHeight = 300
	curveLeft   = 64
	curveRight  = 24
	curveTop    = 20
	curveBottom = 52
	curvePoints = 99 // the quantiles P1..P99
	curveXTicks = 5
)

// sCurve draws the cumulative distribution of a simulated figure, from its
// quantile function q (p in 0..1), as an inline SVG with a title and an
// aria-label: probability (0 to 100%) up, the figure (in unit) across, with
// the P50, P80 and P90 marked. Every text is escaped.
func sCurve(label, unit string, q func(p float64) float64) template.HTML {
	xs := make([]float64, curvePoints)
	for i := range xs {
		xs[i] = q(float64(i+1) / 100)
	}
	lo, hi := xs[0], xs[len(xs)-1]
	if hi <= lo {
		hi = lo + 1
	}
	plotW := float64(curveWidth - curveLeft - curveRight)
	plotH := float64(curveHeight - curveTop - curveBottom)
	px := func(x float64) float64 { return curveLeft + (x-lo)/(hi-lo)*plotW }
	py := func(p float64) float64 { return curveTop + (1-p)*plotH }
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
	esc := template.HTMLEscapeString

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="%s" width="%d" height="%d" viewBox="0 0 %d %d" font-family="Helvetica, Arial, sans-serif" font-size="11">`,
		esc(label), curveWidth, curveHeight, curveWidth, curveHeight)
	fmt.Fprintf(&b, "\n<title>%s</title>\n", esc(label))
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%s" height="%s" fill="#ffffff" stroke="#9e9e9e"/>`+"\n", curveLeft, curveTop, f(plotW), f(plotH))
	for _, p := range []float64{0, 0.25, 0.5, 0.75, 1} {
		y := py(p)
		fmt.Fprintf(&b, `<line x1="%d" y1="%s" x2="%s" y2="%s" stroke="#e0e0e0"/>`, curveLeft, f(y), f(curveLeft+plotW), f(y))
		fmt.Fprintf(&b, `<text x="%d" y="%s" text-anchor="end" fill="#212121">%d%%</text>`+"\n", curveLeft-6, f(y+4), int(math.Round(p*100)))
	}
	for i := range curveXTicks {
		x := lo + (hi-lo)*float64(i)/float64(curveXTicks-1)
		fmt.Fprintf(&b, `<text x="%s" y="%d" text-anchor="middle" fill="#212121">%s</text>`+"\n", f(px(x)), curveHeight-curveBottom+16, esc(tick(x, hi-lo)))
	}
	fmt.Fprintf(&b, `<text x="%s" y="%d" text-anchor="middle" fill="#212121">%s</text>`+"\n", f(curveLeft+plotW/2), curveHeight-10, esc(unit))
	var path strings.Builder
	for i, x := range xs {
		cmd := "L"
		if i == 0 {
			cmd = "M"
		}
		fmt.Fprintf(&path, "%s%s %s ", cmd, f(px(x)), f(py(float64(i+1)/100)))
	}
	fmt.Fprintf(&b, `<path d="%s" fill="none" stroke="#1565c0" stroke-width="2"/>`+"\n", strings.TrimSpace(path.String()))
	for _, m := range []struct {
		name string
		p    float64
	}{{"P50", 0.5}, {"P80", 0.8}, {"P90", 0.9}} {
		x, y := px(q(m.p)), py(m.p)
		text := m.name + " " + tick(q(m.p), hi-lo)
		// The label stands right of its point, or left of it when it
		// would run past the plot (about 6.5 units a character at 11).
		lx, anchor := x+6, "start"
		if x+6+float64(len(text))*6.5 > curveWidth-2 {
			lx, anchor = x-6, "end"
		}
		fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="3.5" fill="#1565c0"/><text x="%s" y="%s" text-anchor="%s" fill="#212121">%s</text>`+"\n",
			f(x), f(y), f(lx), f(y-6), anchor, esc(text))
	}
	b.WriteString("</svg>")
	return template.HTML(b.String()) //nolint:gosec // built here, every text escaped
}

// tick formats an axis value with thousands separators, with one decimal
// place when the axis spans less than 100 units.
func tick(v, span float64) string {
	if span < 100 {
		return groupThousands(strconv.FormatFloat(v, 'f', 1, 64))
	}
	return groupThousands(strconv.FormatFloat(math.Round(v), 'f', 0, 64))
}
