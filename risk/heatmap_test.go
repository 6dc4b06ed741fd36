package risk

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pmokit/pmokit/internal/golden"
	"github.com/pmokit/pmokit/pmo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkGolden compares got with testdata/name, or rewrites it with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name), got)
}

func testHeatMaps(t *testing.T) map[string]HeatMap {
	reg, err := Rollup(testPortfolio(), Preset5x5(), Filter{})
	require.NoError(t, err)
	pmbok, err := Rollup(testPortfolio(), PresetPMBOK(), Filter{})
	require.NoError(t, err)
	corp, err := ParseMatrix(mustRead(t, "testdata/corporate.yaml"))
	require.NoError(t, err)
	return map[string]HeatMap{
		"heatmap_5x5":   reg.HeatMap("Digital portfolio — threats & opportunities"),
		"heatmap_pmbok": pmbok.HeatMap("PMBOK grid <Fig. 11-10>"),
		"heatmap_3x3":   {Matrix: Preset3x3()},
		"heatmap_opportunities": func() HeatMap {
			d := PresetPMBOK().Definition()
			d.Kind = pmo.Opportunity
			m, err := NewMatrix(d)
			require.NoError(t, err)
			opp, err := Rollup(testPortfolio(), m, Filter{})
			require.NoError(t, err)
			return opp.HeatMap("Opportunities alone, mirrored")
		}(),
		// Long names and title: wrapped, and the canvas widened, never cut.
		"heatmap_long": func() HeatMap {
			d := Preset3x3().Definition()
			d.Name = "long"
			d.Likelihood.Levels[2].Name = "almost certain to happen within the next reporting period"
			d.Impact.Levels[1].Name = "noticeable but recoverable within the programme contingency"
			d.Impact.Levels[2].Name = "Unterbrechungsgefährdungsrisikobewertungskategorie"
			d.Ratings[2].Name = "escalate to the portfolio board"
			d.Cells[0][2] = d.Ratings[2].Name
			m, err := NewMatrix(d)
			require.NoError(t, err)
			return HeatMap{
				Title:  "Digital Transformation Portfolio FY2027 — inherent threats and opportunities of every programme, rated on the corporate matrix",
				Matrix: m, Counts: [][]int{{1, 0, 0}, {0, 2, 0}, {0, 0, 3}}, Opportunities: [][]int{{0, 1, 0}, {0, 0, 0}, {1, 0, 0}},
			}
		}(),
		"heatmap_4x4": {Title: "Corporate 4×4", Matrix: corp, Counts: [][]int{{3, 1, 0, 0}, {2, 4, 1, 0}, {0, 2, 5, 1}, {0, 0, 1, 2}}},
		// A register rated per consequence dimension: the key says how the
		// dimensions combine and which drove how many risks.
		"heatmap_dod": func() HeatMap {
			reg, err := Rollup(dodPortfolio(), PresetDoD(), Filter{})
			require.NoError(t, err)
			return reg.HeatMap("Radar programme on the DoD risk reporting matrix")
		}(),
	}
}

func mustRead(t *testing.T, path string) []byte {
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return data
}

func TestHeatMapGolden(t *testing.T) {
	for name, h := range testHeatMaps(t) {
		t.Run(name, func(t *testing.T) {
			var svg, txt bytes.Buffer
			require.NoError(t, h.WriteSVG(&svg))
			require.NoError(t, h.WriteText(&txt))
			checkGolden(t, name+".svg", svg.Bytes())
			checkGolden(t, name+".txt", txt.Bytes())
		})
	}
}

// TestHeatMapSVGParses reads every SVG with encoding/xml: it must be
// well-formed, have an svg root in the SVG namespace, one cell per matrix
// cell with the counts, and no reference to anything outside it.
func TestHeatMapSVGParses(t *testing.T) {
	for name, h := range testHeatMaps(t) {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, h.WriteSVG(&buf))
			dec := xml.NewDecoder(&buf)
			var root xml.StartElement
			cells, texts := 0, []string{}
			var all strings.Builder // every text, for names wrapped onto lines
			squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
			depth := 0
			var inText bool
			for {
				tok, err := dec.Token()
				if err == io.EOF {
					break
				}
				require.NoError(t, err)
				switch tok := tok.(type) {
				case xml.StartElement:
					if depth == 0 {
						root = tok
					}
					depth++
					for _, a := range tok.Attr {
						assert.NotEqual(t, "href", a.Name.Local, "no external references")
						assert.NotContains(t, a.Value, "url(", "no external references")
					}
					if tok.Name.Local == "rect" && attr(tok, "stroke") == "#ffffff" {
						cells++
					}
					if tok.Name.Local == "text" {
						inText = true
					}
				case xml.EndElement:
					depth--
					if tok.Name.Local == "text" {
						inText = false
					}
				case xml.CharData:
					if inText {
						texts = append(texts, string(tok))
						all.WriteString(string(tok))
					}
				}
			}
			assert.Equal(t, "svg", root.Name.Local)
			assert.Equal(t, "http://www.w3.org/2000/svg", root.Name.Space)
			assert.Equal(t, "1.1", attr(root, "version"))
			nl, ni := h.Matrix.Size()
			grids := 1
			if h.Opportunities != nil {
				grids = 2
			}
			assert.Equal(t, grids*nl*ni, cells)
			if h.Title != "" {
				assert.Contains(t, squash(all.String()), squash(h.Title), "title unescaped by the parser")
			}
			total := 0
			for _, row := range h.Counts {
				for _, n := range row {
					total += n
				}
			}
			for _, lv := range append(h.Matrix.Likelihood().Levels, h.Matrix.Impact().Levels...) {
				assert.Contains(t, squash(all.String()), squash(lv.Name), "level names are all there, wrapped or not")
			}
			for _, r := range h.Matrix.Ratings() {
				assert.Contains(t, texts, r.Name, "the legend names every rating whole")
			}
			assert.Positive(t, len(texts))
		})
	}
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func TestHeatMapErrors(t *testing.T) {
	var buf bytes.Buffer
	assert.EqualError(t, HeatMap{}.WriteSVG(&buf), "risk: heat map: no matrix")
	bad := HeatMap{Matrix: Preset3x3(), Counts: [][]int{{1, 2, 3}}}
	assert.EqualError(t, bad.WriteText(&buf), "risk: heat map: 1 rows of counts for 3 likelihood levels")
	bad.Counts = [][]int{{1, 2, 3}, {1}, {1, 2, 3}}
	assert.EqualError(t, bad.WriteSVG(&buf), "risk: heat map: counts[1] has 1 cells for 3 impact levels")
	bad.Counts = [][]int{{1, 2, 3}, {1, -2, 3}, {1, 2, 3}}
	assert.EqualError(t, bad.WriteSVG(&buf), "risk: heat map: counts[1][1]: negative count -2")
	assert.EqualError(t, bad.WriteText(&buf), "risk: heat map: counts[1][1]: negative count -2")
}

func TestAbbreviations(t *testing.T) {
	tests := []struct {
		names []string
		want  []string
	}{
		{[]string{"low", "medium", "high"}, []string{"L", "M", "H"}},
		{[]string{"low", "medium", "moderate", "high"}, []string{"LO", "ME", "MO", "HI"}},
		{[]string{"a", "ab"}, []string{"A", "AB"}},
		{[]string{"x", "xy", "xyz"}, []string{"X", "XY", "XYZ"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.names, ","), func(t *testing.T) {
			var rs []Rating
			for _, n := range tt.names {
				rs = append(rs, Rating{Name: n})
			}
			assert.Equal(t, tt.want, abbreviations(rs))
		})
	}
}

func TestRatingColors(t *testing.T) {
	got := ratingColors([]Rating{{Name: "a"}, {Name: "b"}, {Name: "c", Color: "#123"}, {Name: "d"}})
	assert.Equal(t, []string{"#4caf50", "#c3bb1f", "#123", "#f44336"}, got)
	assert.Equal(t, "#ffffff", textColor("#123"))
	assert.Equal(t, "#212121", textColor("#ffc107"))
}
