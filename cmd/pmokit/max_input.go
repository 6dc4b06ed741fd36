package main

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/pmokit/pmokit/pmo"
)

// maxInputLines is the usage of --max-input, in every verb that reads a
// portfolio, with its description at column col.
func maxInputLines(col int) string {
	text := []string{
		"the largest portfolio file read, e.g. 1GiB (default",
		"64MiB for JSON, 16MiB for YAML; at most 64GiB): a",
		"larger file is bad input. Reading JSON takes about",
		"3 times the file's size of memory, YAML about 30",
	}
	flag := "  --max-input SIZE"
	var b strings.Builder
	for i, t := range text {
		lead := strings.Repeat(" ", col)
		if i == 0 {
			lead = flag + strings.Repeat(" ", max(1, col-len(flag)))
		}
		b.WriteString(lead + t + "\n")
	}
	return b.String()
}

// maxMaxInput bounds --max-input.
const maxMaxInput = 64 << 30

// maxInput is the --max-input flag: the size limit of the portfolio files
// a verb reads (pmo.ReadOptions.MaxBytes); 0 keeps the reader's defaults.
type maxInput int64

// registerMaxInput adds --max-input to fs.
func registerMaxInput(fs *flag.FlagSet) *maxInput {
	var m maxInput
	fs.Var(&m, "max-input", "the largest portfolio file read, e.g. 1GiB")
	return &m
}

func (m *maxInput) String() string {
	if m == nil || *m == 0 {
		return ""
	}
	return strconv.FormatInt(int64(*m), 10)
}

// Set parses a size: a number of bytes, or a whole number with a unit KB,
// MB, GB (powers of 1000) or KiB, MiB, GiB (powers of 1024).
func (m *maxInput) Set(s string) error {
	n, err := parseSize(s)
	if err != nil {
		return err
	}
	*m = maxInput(n)
	return nil
}

// sizeUnits are the units of parseSize, longest first.
var sizeUnits = []struct {
	name string
	mult int64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30},
	{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1},
}

// parseSize parses a --max-input size, between 1 byte and 64GiB.
func parseSize(s string) (int64, error) {
	num, mult := s, int64(1)
	for _, u := range sizeUnits {
		if n, ok := strings.CutSuffix(s, u.name); ok {
			num, mult = n, u.mult
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 1 || n > maxMaxInput/mult {
		return 0, fmt.Errorf("invalid size %q (want a whole number of bytes, KB, MB, GB, KiB, MiB or GiB, from 1B to 64GiB, e.g. 256MiB)", s)
	}
	return n * mult, nil
}

// tooLarge adds to an error of a portfolio above the size limit how to
// raise the limit from the command line.
func tooLarge(err error) error {
	if errors.Is(err, pmo.ErrTooLarge) {
		return fmt.Errorf("%w; pmokit reads a larger file with --max-input SIZE, e.g. --max-input 1GiB", err)
	}
	return err
}
