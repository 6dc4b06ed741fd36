// Package sample holds the pmokit sample portfolio: a realistic, fictitious
// portfolio of twelve projects over three programs around 2026-11-26, with
// every lifecycle phase represented, RAID logs, approvals, changes, earned
// value, documents and status reports. Some projects are healthy and some
// break the standards a PMO enforces (see the comment at the top of
// portfolio.yaml), so that governance packs, prioritization and risk heat
// maps have something to show. Examples and tests read it; evaluate rules on
// it at [Today].
package sample

import (
	"bytes"
	_ "embed"
	"time"

	"github.com/pmokit/pmokit/pmo"
)

//go:embed portfolio.yaml
var portfolioYAML []byte

// Today returns the date the sample is written around, 2026-11-26.
func Today() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) }

// YAML returns a copy of the sample portfolio file.
func YAML() []byte { return bytes.Clone(portfolioYAML) }

// Portfolio reads the sample portfolio with [pmo.ReadPortfolio]. Each call
// returns a new value that the caller may modify.
func Portfolio() (*pmo.Portfolio, error) {
	return pmo.ReadPortfolio(bytes.NewReader(portfolioYAML))
}
