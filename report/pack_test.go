package report_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
	"github.com/pmokit/pmokit/prioritize"
	"github.com/pmokit/pmokit/report"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// sampleDay is the "today" of the sample portfolio.
var sampleDay = time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)

func samplePortfolio(t *testing.T) *pmo.Portfolio {
	t.Helper()
	pf, err := pmo.ReadPortfolioFile(filepath.Join("..", "examples", "quickstart", "portfolio.yaml"))
	require.NoError(t, err)
	return pf
}

func directive(t *testing.T) *governance.PolicySet {
	t.Helper()
	ps, err := governance.Pack(pmo.Directive)
	require.NoError(t, err)
	eng, err := governance.New()
	require.NoError(t, err)
	set, err := eng.Compile(ps...)
	require.NoError(t, err)
	return set
}

func render(t *testing.T, pf *pmo.Portfolio, opts report.Options) []byte {
	t.Helper()
	pack, err := report.Build(context.Background(), pf, opts)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, pack.WriteHTML(&buf))
	return buf.Bytes()
}

func sampleOptions(t *testing.T) report.Options {
	return report.Options{At: sampleDay, Policies: directive(t), Budget: pmo.MustParseMoney("5000000 USD"), Trials: 2000, Seed: 1}
}

func TestGolden(t *testing.T) {
	got := render(t, samplePortfolio(t), sampleOptions(t))
	golden := filepath.Join("testdata", "pack.golden.html")
	if *update {
		require.NoError(t, os.WriteFile(golden, got, 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "run go test ./report -update and review the diff")
	// The same inputs give the same bytes.
	assert.Equal(t, string(got), string(render(t, samplePortfolio(t), sampleOptions(t))))
}

// sections are the h2 headings a board pack has, in order.
var sections = []string{"Portfolio summary", "Governance results", "Gate readiness", "Ranking", "Selection", "Risk", "Earned value"}

func TestPackIsStrictSelfContained(t *testing.T) {
	pf := samplePortfolio(t)
	// Text from the portfolio is escaped, not markup.
	pf.Projects[0].Name = `<script>alert("x")</script> & <img src="http://evil.example/x.png">`
	pf.Projects[1].Risks[0].Title = `</svg><script src="http://evil.example/a.js"></script>`
	doc := render(t, pf, sampleOptions(t))
	c, err := checkPack(doc)
	require.NoError(t, err)
	assert.Equal(t, sections, c.headings)
	assert.Contains(t, string(doc), "&lt;script&gt;alert(")
	assert.Positive(t, c.amounts)
	assert.Positive(t, c.grouped, "some amount is over 999 and carries separators")
	assert.GreaterOrEqual(t, c.figures, 2, "the heat map and at least one S-curve")
	// Printable: a page rule and a page break before each section.
	assert.Contains(t, string(doc), "@page {")
	assert.Contains(t, string(doc), "section { break-before: page; page-break-before: always; }")
	for _, class := range []string{"red", "amber", "green"} {
		assert.Positive(t, c.tags[class], "a %s tag", class)
	}
}

func TestPackWithoutPoliciesOrBudget(t *testing.T) {
	doc := render(t, samplePortfolio(t), report.Options{At: sampleDay, Trials: 500, Seed: 3})
	c, err := checkPack(doc)
	require.NoError(t, err)
	assert.Equal(t, sections, c.headings)
	s := string(doc)
	assert.Contains(t, s, "No policy given: the portfolio was not evaluated.")
	assert.Contains(t, s, "No policy given: no gate was checked.")
	assert.Contains(t, s, "No budget given: no selection was made.")
}

func TestEmptyPortfolio(t *testing.T) {
	pf, err := pmo.ReadPortfolio(strings.NewReader("id: pf-empty\nname: Empty\n"))
	require.NoError(t, err)
	opts := sampleOptions(t)
	doc := render(t, pf, opts)
	c, err := checkPack(doc)
	require.NoError(t, err)
	assert.Equal(t, sections, c.headings)
	s := string(doc)
	assert.Contains(t, s, "<p>0 projects.</p>")
	assert.Contains(t, s, "<p>No project to check.</p>")
	assert.Contains(t, s, "no project before closing to rank")
	assert.Contains(t, s, "no candidates: no project before closing has an approved budget in USD")
	assert.Contains(t, s, "<p>No open risk to simulate.</p>")
	assert.Contains(t, s, "<p>No project has an earned-value snapshot.</p>")
}

func TestPackReportsWhatItCannotUse(t *testing.T) {
	pf := samplePortfolio(t)
	delete(pf.Projects[1].Scores, "job_size")
	opts := sampleOptions(t)
	opts.Budget = pmo.MustParseMoney("1000000 GBP")
	s := string(render(t, pf, opts))
	assert.Contains(t, s, `<span class="tag red">not ranked</span> prioritize:`)
	assert.Contains(t, s, pf.Projects[1].ID)
	assert.Contains(t, s, "no candidates: no project before closing has an approved budget in GBP")
}

func TestBuildErrors(t *testing.T) {
	pf := samplePortfolio(t)
	_, err := report.Build(context.Background(), pf, report.Options{})
	assert.ErrorIs(t, err, report.ErrNoClock)
	_, err = report.Build(context.Background(), pf, report.Options{At: sampleDay, Trials: -1})
	assert.ErrorContains(t, err, "report: trials -1 out of range")
	_, err = report.Build(context.Background(), nil, report.Options{At: sampleDay})
	assert.ErrorContains(t, err, "report: nil portfolio")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = report.Build(ctx, pf, sampleOptions(t))
	assert.ErrorIs(t, err, context.Canceled)
}

func TestWriteHTMLError(t *testing.T) {
	pack, err := report.Build(context.Background(), samplePortfolio(t), report.Options{At: sampleDay, Trials: 100})
	require.NoError(t, err)
	assert.ErrorContains(t, pack.WriteHTML(failingWriter{}), "report: write html")
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestMoney(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"0 USD", "0 USD"},
		{"999 USD", "999 USD"},
		{"1000 USD", "1,000 USD"},
		{"1234567.5 EUR", "1,234,567.5 EUR"},
		{"-1234567.25 USD", "-1,234,567.25 USD"},
		{"100000 JPY", "100,000 JPY"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			assert.Equal(t, tc.want, report.Money(pmo.MustParseMoney(tc.in)))
		})
	}
	assert.Equal(t, "", report.Money(pmo.Money{}))
}

// check is what checkPack found.
type check struct {
	headings         []string
	amounts, grouped int
	figures          int
	tags             map[string]int
}

// amountRe is an amount as the pack prints it: grouped digits, a currency.
var (
	amountRe   = regexp.MustCompile(`^-?\d{1,3}(,\d{3})*(\.\d+)? [A-Z]{3}$`)
	currencyRe = regexp.MustCompile(`\d+(\.\d+)? [A-Z]{3}$`)
)

// checkPack reads doc with a strict XML decoder (no HTML leniency: every
// element closed, attributes quoted, only XML's entities) and checks that
// it is self-contained and accessible: no script, no external src or href,
// no CSS import or url(), table header cells with scope, figures and SVGs
// with a label, and every amount in a table cell with thousands separators.
func checkPack(doc []byte) (check, error) {
	c := check{tags: map[string]int{}}
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = true
	type open struct {
		name  string
		attrs map[string]string
		text  strings.Builder
	}
	var stack []*open
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return c, fmt.Errorf("not well-formed: %w", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			e := &open{name: strings.ToLower(tok.Name.Local), attrs: map[string]string{}}
			for _, a := range tok.Attr {
				e.attrs[strings.ToLower(a.Name.Local)] = a.Value
			}
			switch e.name {
			case "script", "iframe", "object", "embed", "link", "img", "image", "use", "foreignobject":
				return c, fmt.Errorf("element <%s> at offset %d", e.name, d.InputOffset())
			case "th":
				if e.attrs["scope"] != "col" && e.attrs["scope"] != "row" {
					return c, fmt.Errorf("<th> without scope at offset %d", d.InputOffset())
				}
			case "figure":
				c.figures++
				if e.attrs["aria-label"] == "" {
					return c, fmt.Errorf("<figure> without aria-label at offset %d", d.InputOffset())
				}
			case "svg":
				if e.attrs["role"] != "img" || e.attrs["aria-label"] == "" {
					return c, fmt.Errorf("<svg> without role img and aria-label at offset %d", d.InputOffset())
				}
			}
			for name, v := range e.attrs {
				if strings.HasPrefix(name, "on") {
					return c, fmt.Errorf("event handler %s at offset %d", name, d.InputOffset())
				}
				if (name == "src" || name == "href") && !strings.HasPrefix(v, "#") {
					return c, fmt.Errorf("external %s=%q at offset %d", name, v, d.InputOffset())
				}
			}
			if e.name == "span" && strings.HasPrefix(e.attrs["class"], "tag ") {
				c.tags[strings.TrimPrefix(e.attrs["class"], "tag ")]++
			}
			stack = append(stack, e)
		case xml.CharData:
			for _, e := range stack {
				e.text.Write(tok)
			}
		case xml.EndElement:
			e := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			text := strings.TrimSpace(e.text.String())
			switch e.name {
			case "h2":
				c.headings = append(c.headings, text)
			case "style":
				if strings.Contains(text, "url(") || strings.Contains(text, "@import") {
					return c, errors.New("<style> loads an external resource")
				}
			case "span":
				if strings.HasPrefix(e.attrs["class"], "tag ") && text == "" {
					return c, errors.New("a coloured tag without its word")
				}
			case "td":
				if e.attrs["class"] == "num" && currencyRe.MatchString(text) {
					c.amounts++
					if !amountRe.MatchString(text) {
						return c, fmt.Errorf("amount %q without thousands separators", text)
					}
					if strings.Contains(text, ",") {
						c.grouped++
					}
				}
			}
		}
	}
	return c, nil
}

func TestCheckPackCatches(t *testing.T) {
	wrap := func(body string) string {
		return `<html><head><style>p { color: red; }</style></head><body>` + body + `</body></html>`
	}
	for _, tc := range []struct{ name, doc, want string }{
		{"script", wrap(`<script>x()</script>`), "element <script>"},
		{"external src", wrap(`<p><span src="http://x/a.png">a</span></p>`), "external src"},
		{"external href", wrap(`<a href="https://example.com/">a</a>`), "external href"},
		{"css import", `<html><head><style>@import "x.css";</style></head><body></body></html>`, "external resource"},
		{"th without scope", wrap(`<table><tr><th>a</th></tr></table>`), "without scope"},
		{"ungrouped amount", wrap(`<table><tr><td class="num">1234567 USD</td></tr></table>`), "without thousands separators"},
		{"unclosed element", wrap(`<p>a<br></p>`), "not well-formed"},
		{"html entity", wrap(`<p>a&nbsp;b</p>`), "not well-formed"},
		{"figure without label", wrap(`<figure><svg role="img" aria-label="a"></svg></figure>`), "without aria-label"},
		{"svg without label", wrap(`<figure aria-label="a"><svg></svg></figure>`), "without role img"},
		{"tag without word", wrap(`<span class="tag red"></span>`), "without its word"},
		{"event handler", wrap(`<p onclick="x()">a</p>`), "event handler"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := checkPack([]byte(tc.doc))
			assert.ErrorContains(t, err, tc.want)
		})
	}
}

func TestWeightedRanking(t *testing.T) {
	opts := sampleOptions(t)
	opts.Criteria = []prioritize.Criterion{{Name: "business_value", Weight: 3}, {Name: "job_size", Weight: 1, Cost: true}}
	doc := render(t, samplePortfolio(t), opts)
	_, err := checkPack(doc)
	require.NoError(t, err)
	s := string(doc)
	assert.Contains(t, s, "<p>Weighted sum of business_value × 3, job_size × 1 (lower is better).")
	assert.Contains(t, s, `<th scope="col" class="num">business_value</th><th scope="col" class="num">job_size</th></tr>`)
	assert.NotContains(t, s, "job_size divides")
	assert.NotContains(t, s, "÷")
}
