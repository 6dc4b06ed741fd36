package pmo

import (
	"fmt"
	"os"
	"time"
)

// ReadPortfolioFile reads the portfolio file at path with the default
// [ReadOptions]; see [ReadOptions.ReadPortfolioFile].
func ReadPortfolioFile(path string) (*Portfolio, error) {
	return ReadOptions{}.ReadPortfolioFile(path)
}

// ReadPortfolioFile reads the portfolio file at path (YAML or JSON) with
// [ReadOptions.ReadPortfolio], under the same limits; the extension decides
// the format (.json is JSON, .yaml and .yml YAML, else the first
// character). Every problem's error names the file: a [*FieldError] of the
// file carries it in File.
func (o ReadOptions) ReadPortfolioFile(path string) (*Portfolio, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("pmo: %w", err)
	}
	defer f.Close()
	o.File = path
	return o.ReadPortfolio(f)
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
