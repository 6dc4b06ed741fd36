package main

import (
	"bytes"
	_ "embed"
	"time"

	"github.com/pmokit/pmokit/pmo"
)

// portfolioYAML is the portfolio this example runs on: a copy of the pmokit
// sample portfolio (twelve fictitious projects over three programs around
// 2026-11-26), shipped beside the example so that it runs when copied out
// of the module.
//
//go:embed portfolio.yaml
var portfolioYAML []byte

// readPortfolio reads the example's portfolio; each call returns a new value.
func readPortfolio() (*pmo.Portfolio, error) {
	return pmo.ReadPortfolio(bytes.NewReader(portfolioYAML))
}

// sampleDay is the date the portfolio is written around, the example's
// clock: 2026-11-26.
func sampleDay() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) }
