package report_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The browser test opens the board pack in headless Chromium through the
// DevTools protocol (github.com/chromedp/chromedp, a test-only dependency:
// nothing outside this file imports it). It needs a Chromium binary, which
// a fresh machine that has only Go does not have, so:
//
//   - the browser is $PMOKIT_CHROMIUM when that is set (set it to a path
//     that does not exist to run as if there were no browser), else
//     chromium, chromium-browser, google-chrome or google-chrome-stable on
//     $PATH, else /usr/bin/chromium;
//   - with no browser the test is skipped, saying how to run it, unless
//     PMOKIT_BROWSER=required, when it fails (.ci/run sets it, after
//     installing Debian's chromium package when it is missing);
//   - the screenshot and the PDFs go to $PMOKIT_RENDER_DIR when that is set
//     (for a person to look at), else to a temporary directory.
//
// Run it with: PMOKIT_BROWSER=required PMOKIT_RENDER_DIR=/tmp/pack go test -run TestBrowser ./report

// browserTimeout bounds one browser session: the start, the page, the
// screenshot and both PDFs.
const browserTimeout = 60 * time.Second

// findChromium returns the path of the browser, or "" when there is none.
func findChromium() string {
	if p, ok := os.LookupEnv("PMOKIT_CHROMIUM"); ok {
		if found, err := exec.LookPath(p); err == nil {
			return found
		}
		return ""
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if found, err := exec.LookPath(name); err == nil {
			return found
		}
	}
	if _, err := exec.LookPath("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	return ""
}

// browser starts headless Chromium for the test and returns a context for
// a tab in it; the browser stops at the end of the test.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := findChromium()
	if path == "" {
		const none = "no Chromium found (install Debian's chromium package, or set PMOKIT_CHROMIUM to its path)"
		if os.Getenv("PMOKIT_BROWSER") == "required" {
			t.Fatal("report: PMOKIT_BROWSER=required but " + none)
		}
		t.Skip("report: skipped, " + none + "; run it with PMOKIT_BROWSER=required go test -run TestBrowser ./report")
	}
	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	t.Cleanup(cancel)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 1024),
		chromedp.UserDataDir(t.TempDir()),
	)
	t.Cleanup(cancelAlloc)
	tab, cancelTab := chromedp.NewContext(alloc)
	t.Cleanup(cancelTab)
	return tab
}

// openPage loads the HTML from a file in the tab and returns the
// error-level messages the page gave while it loaded: console.error and
// console.assert calls, uncaught exceptions and error entries of the
// browser log (a resource that does not load, a blocked request).
func openPage(ctx context.Context, t *testing.T, doc []byte) []string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "pack.html")
	require.NoError(t, os.WriteFile(file, doc, 0o644))
	var (
		mu   sync.Mutex
		msgs []string
	)
	add := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		msgs = append(msgs, fmt.Sprintf(format, args...))
	}
	require.NoError(t, chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				add("console.%s: %s", ev.Type, strings.Join(args, " "))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			text := d.Text
			if d.Exception != nil {
				text += " " + d.Exception.Description
			}
			add("exception at %d:%d: %s", d.LineNumber, d.ColumnNumber, text)
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError {
				add("log %s: %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
			}
		}
	}))
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate("file://"+file)))
	// A message sent just before the load event can trail the reply to
	// Navigate; a round trip to the page lets it arrive.
	_, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.readyState`))
	require.NoError(t, err)
	mu.Lock()
	defer mu.Unlock()
	return append([]string(nil), msgs...)
}

// pngSignature and the PDF header are what a reader checks first.
var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// mediaBox finds a page size in a PDF, in points.
var mediaBox = regexp.MustCompile(`/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)\s*\]`)

// checkPDF checks that doc is a PDF whose first page is width × height
// inches (to a point).
func checkPDF(t *testing.T, name string, doc []byte, width, height float64) {
	t.Helper()
	require.True(t, bytes.HasPrefix(doc, []byte("%PDF-")), "%s does not start with %%PDF-: %q", name, doc[:min(len(doc), 16)])
	assert.True(t, bytes.HasSuffix(bytes.TrimSpace(doc), []byte("%%EOF")), "%s does not end with %%%%EOF", name)
	m := mediaBox.FindSubmatch(doc)
	require.NotNil(t, m, "%s has no /MediaBox", name)
	w, err := strconv.ParseFloat(string(m[1]), 64)
	require.NoError(t, err)
	h, err := strconv.ParseFloat(string(m[2]), 64)
	require.NoError(t, err)
	assert.InDelta(t, width*72, w, 1, "%s page width in points", name)
	assert.InDelta(t, height*72, h, 1, "%s page height in points", name)
}

func TestBrowser(t *testing.T) {
	ctx := browser(t)
	outDir := os.Getenv("PMOKIT_RENDER_DIR")
	if outDir == "" {
		outDir = t.TempDir()
	}
	require.NoError(t, os.MkdirAll(outDir, 0o755))

	errs := openPage(ctx, t, render(t, samplePortfolio(t), sampleOptions(t)))
	assert.Empty(t, errs, "the board pack gave error-level console messages")

	// Each section is in the rendered DOM, in order, and nothing else is an h2.
	headings, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll("h2"), h => h.textContent.trim())`))
	require.NoError(t, err)
	assert.Equal(t, sections, headings)
	// The figures are drawn: each inline SVG has a size on the page.
	sizes, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](
		`Array.from(document.querySelectorAll("svg"), s => s.getBoundingClientRect().width * s.getBoundingClientRect().height)`))
	require.NoError(t, err)
	require.NotEmpty(t, sizes, "the board pack has no figure")
	for i, area := range sizes {
		assert.Positive(t, area, "svg %d has no area on the page", i)
	}

	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	require.True(t, bytes.HasPrefix(shot, pngSignature), "the screenshot is not a PNG")
	img, err := png.Decode(bytes.NewReader(shot))
	require.NoError(t, err, "the screenshot does not decode")
	assert.Greater(t, img.Bounds().Dy(), img.Bounds().Dx(), "the full-page screenshot is not taller than wide")
	require.NoError(t, os.WriteFile(filepath.Join(outDir, "board-pack.png"), shot, 0o644))

	for _, paper := range []struct {
		name string
		size chromedp.PaperSize
	}{{"a4", chromedp.PaperA4}, {"letter", chromedp.PaperLetter}} {
		pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(paper.size), chromedp.PDFPrintBackground()))
		require.NoError(t, err, paper.name)
		name := "board-pack-" + paper.name + ".pdf"
		checkPDF(t, name, pdf, paper.size.Width, paper.size.Height)
		require.NoError(t, os.WriteFile(filepath.Join(outDir, name), pdf, 0o644))
	}
	t.Logf("rendered board-pack.png, board-pack-a4.pdf and board-pack-letter.pdf in %s", outDir)
}

// TestBrowserCatchesErrors shows that openPage can fail: a page with a
// console.error call, an uncaught exception and a missing image gives one
// message for each.
func TestBrowserCatchesErrors(t *testing.T) {
	ctx := browser(t)
	bad := []byte(`<!DOCTYPE html><html><head><title>bad</title></head><body>
<script>console.error("boom"); console.log("all-is-well"); undefinedFunction();</script>
<img src="missing.png" alt="missing"/></body></html>`)
	errs := openPage(ctx, t, bad)
	joined := strings.Join(errs, "\n")
	assert.Contains(t, joined, `console.error: "boom"`)
	assert.Contains(t, joined, "undefinedFunction")
	assert.Contains(t, joined, "missing.png")
	assert.NotContains(t, joined, "all-is-well", "a console.log is not an error")
}
