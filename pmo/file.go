package pmo

import (
	"fmt"
	"os"
	"time"
)

// ReadPortfolioFile reads the portfolio file at path (YAML or JSON) with
// [ReadPortfolio], under the same limits. Every problem's error names the
// file: a [*FieldError] of the file carries it in File.
func ReadPortfolioFile(path string) (*Portfolio, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("pmo: %w", err)
	}
	defer f.Close()
	pf, err := ReadPortfolio(f)
	if err != nil {
		return nil, withFile(err, path)
	}
	return pf, nil
}

// ParseTime parses a date or a timestamp as portfolio files write them:
// YYYY-MM-DD (midnight UTC) or RFC 3339 (converted to UTC). Any other text
// is an error that matches [ErrInvalid].
func ParseTime(s string) (time.Time, error) {
	t, err := parseTime(s)
	if err != nil {
		return time.Time{}, &FieldError{Err: err}
	}
	return t, nil
}
