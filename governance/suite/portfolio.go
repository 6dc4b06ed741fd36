package suite

import (
	"fmt"
	"os"

	"github.com/pmokit/pmokit/pmo"
)

// ReadPortfolioFile reads a portfolio file (YAML or JSON) with
// [pmo.ReadPortfolio]; the error names the file.
func ReadPortfolioFile(path string) (*pmo.Portfolio, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("suite: %w", err)
	}
	defer f.Close()
	pf, err := pmo.ReadPortfolio(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return pf, nil
}
