package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSelect(t *testing.T) {
	runVerbCases(t, "select", []verbCase{
		// P-B needs P-A and P-E needs P-D: choosing one chooses the other.
		{name: "wsjf within a budget", args: []string{"select", "--portfolio", rankPortfolio, "--budget", "2000000 USD", "--value", "wsjf"}, golden: "wsjf.txt"},
		// The defaults: business value, remaining cost (P-A has spent
		// 400,000 of its 1,100,000 forecast), no project in closing (P-G).
		{name: "defaults", args: []string{"select", "--portfolio", rankPortfolio, "--budget", "2000000 USD"}, golden: "defaults.txt"},
		{name: "approved cost", args: []string{"select", "--portfolio", rankPortfolio, "--budget", "2000000 USD", "--cost", "approved"}, stdout: "P-A      8.000   1,000,000 USD"},
		{name: "forecast remaining", args: []string{"select", "--portfolio", rankPortfolio, "--budget", "2000000 USD", "--cost", "forecast_remaining", "--phase", "execution"}, stdout: "P-A      8.000  700,000 USD"},
		{name: "closing when asked", args: []string{"select", "--portfolio", rankPortfolio, "--budget", "2000000 USD", "--phase", "closing"}, stdout: "P-G      20.000  20,000 USD"},
		{name: "by an attribute", args: []string{"select", "--portfolio", rankPortfolio, "--budget", "1000000 USD", "--value", "attribute:headcount", "--format", "json"}, stdout: `"value": "attribute:headcount",
  "cost": "remaining",
  "budget": "1000000 USD",
  "mandatory": [],
  "excluded": [],
  "selected": [
    "P-A"
  ],
  "total_value": 6,`},
		{name: "bad cost", args: []string{"select", "--portfolio", rankPortfolio, "--budget", "2000000 USD", "--cost", "spent"}, status: 2, stderr: `pmokit select: invalid --cost "spent" (want remaining, approved, forecast or forecast_remaining)`},
		{name: "mandatory and excluded", args: []string{"select", "--portfolio", rankPortfolio, "--budget", "2000000 USD", "--mandatory", "P-C", "--exclude", "P-D"}, golden: "constraints.txt"},
		{name: "by a score", args: []string{"select", "--portfolio", rankPortfolio, "--budget", "1600000 USD", "--value", "score:strategic_fit", "--phase", "planning,initiation"}, golden: "score.txt"},
		{name: "frontier", args: []string{"select", "--portfolio", rankPortfolio, "--budget", "1 USD", "--mandatory", "P-A", "--value", "wsjf", "--cost", "approved", "--frontier", "500000:3500000:500000"}, golden: "frontier.txt"},
		{name: "json", args: []string{"select", "--portfolio", rankPortfolio, "--budget", "2000000 USD", "--value", "wsjf", "--format", "json"}, golden: "wsjf.json"},
		{name: "frontier json", args: []string{"select", "--portfolio", rankPortfolio, "--budget", "1 USD", "--value", "wsjf", "--frontier", "100000:600000:250000", "--format", "json"}, golden: "frontier.json"},
		{name: "frontier json infeasible", args: []string{"select", "--portfolio", rankPortfolio, "--budget", "1 USD", "--mandatory", "P-A", "--cost", "approved", "--frontier", "500000:1000000:500000", "--format", "json"}, stdout: `"reason": "prioritize: infeasible: mandatory candidates (with what they require) cost 1000000 USD, over the budget 500000 USD"`},
		{name: "in euros", args: []string{"select", "--portfolio", rankPortfolio, "--budget", "1000000 EUR"}, stdout: "P-F      8.000  700,000 EUR"},
		{name: "help", args: []string{"select", "-h"}, stdout: "usage: pmokit select --portfolio FILE --budget MONEY"},

		{name: "no budget", args: []string{"select", "--portfolio", rankPortfolio}, status: 2, stderr: `pmokit select: no budget: give --budget MONEY, e.g. "5000000 USD"`},
		{name: "bad budget", args: []string{"select", "--portfolio", rankPortfolio, "--budget", "5M"}, status: 2, stderr: `invalid --budget "5M"`},
		{name: "no candidates", args: []string{"select", "--portfolio", rankPortfolio, "--budget", "1000000 GBP"}, status: 2, stderr: "no candidates: no project before closing (or in --phase) has an approved budget in GBP"},
		{name: "bad value", args: []string{"select", "--portfolio", rankPortfolio, "--budget", "1000000 USD", "--value", "npv"}, status: 2, stderr: `invalid --value "npv" (want score:NAME, attribute:NAME or wsjf)`},
		{name: "missing score", args: []string{"select", "--portfolio", rankPortfolio, "--budget", "1000000 USD", "--value", "score:npv"}, status: 2, stderr: `prioritize: candidates: project "P-A": scores.npv is missing`},
		{name: "unknown mandatory project", args: []string{"select", "--portfolio", rankPortfolio, "--budget", "1000000 USD", "--mandatory", "P-Z"}, status: 2, stderr: "P-Z"},
		{name: "mandatory over budget", args: []string{"select", "--portfolio", rankPortfolio, "--budget", "1000000 USD", "--mandatory", "P-C"}, status: 2, stderr: "infeasible"},
		{name: "bad frontier", args: []string{"select", "--portfolio", rankPortfolio, "--budget", "1 USD", "--frontier", "9:1:1"}, status: 2, stderr: "pmokit select: prioritize: frontier: from 9 USD is above to 1 USD"},
		{name: "frontier too fine", args: []string{"select", "--portfolio", rankPortfolio, "--budget", "1 USD", "--frontier", "1:100000:1"}, status: 2, stderr: "more than 10000 budget levels"},
		{name: "frontier not amounts", args: []string{"select", "--portfolio", rankPortfolio, "--budget", "1 USD", "--frontier", "1:2M:1"}, status: 2, stderr: `invalid --frontier "1:2M:1": "2M" is not an amount`},
		{name: "frontier of two", args: []string{"select", "--portfolio", rankPortfolio, "--budget", "1 USD", "--frontier", "1:2"}, status: 2, stderr: `invalid --frontier "1:2" (want FROM:TO:STEP`},
		{name: "bad format", args: []string{"select", "--portfolio", rankPortfolio, "--budget", "1 USD", "--format", "yaml"}, status: 2, stderr: `invalid --format "yaml"`},
	})
}

// FuzzParseFrontier checks that --frontier never panics and that whatever
// it accepts is three amounts in the budget's currency.
func FuzzParseFrontier(f *testing.F) {
	for _, s := range []string{"1:2:1", "2000000:9000000:1000000", "0.5:1.5:0.25", "1:2", "::", "-1:2:1", "1e3:2:1", "1:2:1:4", " 1:2:1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ms, err := parseFrontier(s, "USD")
		if err != nil {
			return
		}
		require.Len(t, ms, 3)
		for _, m := range ms {
			require.Equal(t, "USD", m.Currency)
		}
	})
}
