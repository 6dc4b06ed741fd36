package main

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

const riskPortfolio = "testdata/risk/portfolio.yaml"

func TestRisk(t *testing.T) {
	runVerbCases(t, "risk", []verbCase{
		{name: "5x5 with simulation", args: []string{"risk", "--portfolio", riskPortfolio, "--simulate", "2000", "--seed", "3"}, golden: "5x5.txt"},
		{name: "own matrix residual", args: []string{"risk", "--portfolio", riskPortfolio, "--matrix", "testdata/risk/matrix.yaml", "--residual", "--top", "3"}, golden: "matrix-residual.txt"},
		{name: "3x3", args: []string{"risk", "--portfolio", "testdata/rank/portfolio.yaml", "--matrix", "3x3"}, golden: "3x3-no-risks.txt"},
		{name: "svg", args: []string{"risk", "--portfolio", riskPortfolio, "--matrix", "pmbok", "--format", "svg"}, golden: "pmbok.svg"},
		{name: "json", args: []string{"risk", "--portfolio", riskPortfolio, "--simulate", "1000", "--seed", "9", "--top", "2", "--format", "json"}, golden: "5x5.json"},
		{name: "same seed same figures", args: []string{"risk", "--portfolio", riskPortfolio, "--simulate", "2000", "--seed", "3"}, golden: "5x5.txt"},
		{name: "help", args: []string{"risk", "--help"}, stdout: "usage: pmokit risk --portfolio FILE"},
		// A simulation asked for over a register with no open risks says so,
		// rather than leaving its section out without a word.
		{name: "simulate no risks", args: []string{"risk", "--portfolio", "testdata/rank/portfolio.yaml", "--simulate", "100"}, stdout: "Monte Carlo simulation: 100 trials, seed 1: no open risks to simulate"},
		{name: "simulate no risks json", args: []string{"risk", "--portfolio", "testdata/rank/portfolio.yaml", "--simulate", "100", "--format", "json"}, stdout: "\"simulation\": {\n    \"trials\": 100,\n    \"seed\": 1,\n    \"cost\": [],\n    \"schedule_by_project\": []\n  }"},
		// Top lists by score when asked; threats and opportunities apart.
		{name: "order score", args: []string{"risk", "--portfolio", riskPortfolio, "--order", "score", "--top", "2"}, stdout: "Top 2 threats, by score, then exposure\n  exposure     score  rating    project  risk  probability  cell                   title\n  -            25     critical  P-2      R-2   0.9          near certainty/severe  Data scientists leave\n  120,000 USD  12"},
		{name: "bad order", args: []string{"risk", "--portfolio", riskPortfolio, "--order", "size"}, status: 2, stderr: `pmokit risk: invalid --order "size" (want exposure or score)`},
		{name: "order with svg", args: []string{"risk", "--portfolio", riskPortfolio, "--order", "score", "--format", "svg"}, status: 2, stderr: "pmokit risk: --order applies to text and json, not svg"},

		{name: "no portfolio", args: []string{"risk"}, status: 2, stderr: "pmokit risk: no portfolio: give --portfolio FILE"},
		// Figures whose sums overflow float64 are bad input, never +Inf in
		// the output nor a JSON encoding failure.
		{name: "huge schedule days json", args: []string{"risk", "--portfolio", "testdata/risk/huge-days.yaml", "--simulate", "10", "--format", "json"}, status: 2, stderr: "projects[0].risks[0].schedule_impact_days: 1e+308 days outside 0..36500"},
		{name: "huge schedule days", args: []string{"risk", "--portfolio", "testdata/risk/huge-days.yaml"}, status: 2, stderr: "schedule_impact_days"},
		{name: "impact outside the matrix", args: []string{"risk", "--portfolio", riskPortfolio, "--matrix", "3x3"}, status: 2, stderr: "R-1"},
		{name: "missing matrix file", args: []string{"risk", "--portfolio", riskPortfolio, "--matrix", "testdata/risk/nope.yaml"}, status: 2, stderr: "--matrix: open testdata/risk/nope.yaml"},
		{name: "invalid matrix file", args: []string{"risk", "--portfolio", riskPortfolio, "--matrix", riskPortfolio}, status: 2, stderr: "testdata/risk/portfolio.yaml: risk: matrix: id: unknown field"},
		{name: "bad format", args: []string{"risk", "--portfolio", riskPortfolio, "--format", "png"}, status: 2, stderr: `invalid --format "png" (want text, svg or json)`},
		{name: "negative trials", args: []string{"risk", "--portfolio", riskPortfolio, "--simulate", "-5"}, status: 2, stderr: "invalid --simulate -5"},
		// Flags that would be ignored are errors, as in rank.
		{name: "simulate with svg", args: []string{"risk", "--portfolio", riskPortfolio, "--simulate", "100", "--format", "svg"}, status: 2, stderr: "pmokit risk: --simulate applies to text and json, not svg"},
		{name: "top with svg", args: []string{"risk", "--portfolio", riskPortfolio, "--top", "3", "--format", "svg"}, status: 2, stderr: "pmokit risk: --top applies to text and json, not svg"},
		{name: "seed without simulate", args: []string{"risk", "--portfolio", riskPortfolio, "--seed", "3"}, status: 2, stderr: "pmokit risk: --seed applies only with --simulate TRIALS"},
		{name: "bad seed", args: []string{"risk", "--portfolio", riskPortfolio, "--simulate", "10", "--seed", "x"}, status: 2, stderr: `invalid value "x" for flag -seed`},
	})
}

func TestGroupThousands(t *testing.T) {
	for in, want := range map[string]string{
		"0": "0", "999": "999", "1000": "1,000", "-1234567.891": "-1,234,567.891", "100000": "100,000", "12.5": "12.5", "-100": "-100",
	} {
		if got := groupThousands(in); got != want {
			t.Errorf("groupThousands(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzGroupThousands checks that grouping only inserts commas, every three
// digits of the integer part.
func FuzzGroupThousands(f *testing.F) {
	for _, s := range []string{"0", "1234567.89", "-1000", "12", "-0.5", "1000000000000000000000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := decimal.NewFromString(s)
		if err != nil {
			return
		}
		in := d.String()
		got := groupThousands(in)
		if strings.ReplaceAll(got, ",", "") != in {
			t.Fatalf("groupThousands(%q) = %q changes the digits", in, got)
		}
		whole, _, _ := strings.Cut(strings.TrimPrefix(got, "-"), ".")
		for i, g := range strings.Split(whole, ",") {
			if i > 0 && len(g) != 3 || i == 0 && (len(g) == 0 || len(g) > 3) {
				t.Fatalf("groupThousands(%q) = %q: group %q", in, got, g)
			}
		}
	})
}
