// Command risk-register shows a PMO's monthly risk report for one program:
// the register rolled up on the standard 5×5 matrix, before and after the
// planned responses, the top risks, exposure by category, the breaches of
// the program board's risk appetite, and a heat map as an SVG file for the
// intranet page.
//
// It reads the sample portfolio and rolls up the risks of the Operations
// Excellence program (risk.Rollup with a program filter) on the inherent
// basis and on the residual basis (after each risk's response), so the
// board sees what the responses buy. The heat map is written with
// HeatMap.WriteSVG to the file given by -out, by default in the system's
// temporary directory, never in the repository. Run it with:
//
//	go run ./examples/risk-register -out heatmap.svg
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/pmokit/pmokit/pmo"
	"github.com/pmokit/pmokit/risk"
)

func main() {
	out := flag.String("out", filepath.Join(os.TempDir(), "pmokit-risk-heatmap.svg"), "where to write the SVG heat map")
	flag.Parse()
	if err := report(os.Stdout, *out); err != nil {
		fmt.Fprintln(os.Stderr, "risk-register:", err)
		os.Exit(1)
	}
}

// report prints the report to w and writes the SVG heat map to the file
// path.
func report(w io.Writer, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	err = run(w, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "\nSVG heat map written to %s\n", path)
	return err
}

// program is the program the report covers.
const program = "pg-ops"

// boardAppetite is the program board's risk appetite: no threat rated
// critical, none with an exposure over 150,000 USD, and no project over
// 250,000 USD.
func boardAppetite() risk.Appetite {
	return risk.Appetite{
		MaxRating:          "high",
		MaxExposure:        pmo.MustParseMoney("150000 USD"),
		MaxProjectExposure: pmo.MustParseMoney("250000 USD"),
	}
}

// run prints the report to w and writes the SVG heat map of the inherent
// risks to svg.
func run(w io.Writer, svg io.Writer) error {
	pf, err := readPortfolio()
	if err != nil {
		return err
	}
	pg, ok := pf.Program(program)
	if !ok {
		return fmt.Errorf("the sample has no program %s", program)
	}
	m := risk.Preset5x5()
	appetite := boardAppetite()
	inherent, err := risk.Rollup(pf, m, risk.Filter{Program: program})
	if err != nil {
		return err
	}
	residual, err := risk.Rollup(pf, m, risk.Filter{Program: program, Basis: risk.Residual})
	if err != nil {
		return err
	}

	fmt.Fprintf(w, "Risk report of the %s program, %s\n\n", pg.Name, sampleDay().Format("2006-01-02"))
	for _, reg := range []struct {
		name string
		r    *risk.Register
	}{{"Inherent (before responses)", inherent}, {"Residual (after responses)", residual}} {
		if err := reg.r.HeatMap(reg.name).WriteText(w); err != nil {
			return err
		}
		fmt.Fprintf(w, "threat exposure %s\n\n", amounts(reg.r.Total().Threat))
	}

	fmt.Fprintln(w, "Top 5 risks (inherent)")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  rating\tscore\tproject\trisk\tkind\towner\tresponse\texposure\ttitle")
	for _, e := range inherent.Top(5) {
		a := e.Assessment
		fmt.Fprintf(tw, "  %s\t%g\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", a.Rating.Name, a.Score, e.ProjectID, e.Risk.ID,
			a.Kind, orDash(e.Risk.Owner), orDash(e.Risk.Response.String()), orDash(a.Exposure.String()), e.Risk.Title)
	}
	tw.Flush()

	fmt.Fprintln(w, "\nThreat exposure by category (inherent)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, c := range inherent.ByCategory() {
		fmt.Fprintf(tw, "  %s\t%d risks\t%s\t%.1f days\n", orDash(c.Key), c.Risks, amounts(c.Threat), c.ThreatDays)
	}
	tw.Flush()

	fmt.Fprintf(w, "\nAppetite: rating at most %s, exposure at most %s per threat and %s per project\n",
		appetite.MaxRating, appetite.MaxExposure, appetite.MaxProjectExposure)
	for _, reg := range []struct {
		name string
		r    *risk.Register
	}{{"inherent", inherent}, {"residual", residual}} {
		breaches, err := reg.r.Breaches(appetite)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  %s: %d breaches\n", reg.name, len(breaches))
		for _, b := range breaches {
			fmt.Fprintf(w, "    %s: %s\n", b.Kind, b.Message)
		}
	}
	return inherent.HeatMap(pg.Name + ": inherent risks").WriteSVG(svg)
}

// amounts prints amounts in several currencies as "1 USD + 2 EUR".
func amounts(a risk.Amounts) string {
	if len(a) == 0 {
		return "-"
	}
	parts := make([]string, len(a))
	for i, m := range a {
		parts[i] = m.String()
	}
	return strings.Join(parts, " + ")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
