package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/pmokit/pmokit/pmo"
	"github.com/pmokit/pmokit/prioritize"
	"github.com/pmokit/pmokit/report"
	"github.com/pmokit/pmokit/risk"
)

var reportUsage = `usage: pmokit report --portfolio FILE (--policy FILE|DIR ... | --pack TYPE) [--params FILE] [--at DATE] [--budget MONEY] [--criteria LIST] [--matrix 5x5|3x3|pmbok|dod|FILE] [--simulate TRIALS] [--seed N] --out FILE [--max-input SIZE]

Writes the board pack of a portfolio: one HTML file, with no script and no
external asset, printable on A4 and Letter, with the portfolio summary, the
governance results, each project's readiness for its next phase's gate, the
ranking (WSJF, or a weighted sum of --criteria) with each criterion's
contribution, the selection within
--budget, the risk heat maps (threats and opportunities apart), Monte Carlo
S-curves (cost per currency, schedule per project) and the earned-value
table.

flags:
  --portfolio FILE    the portfolio (YAML or JSON); - reads standard input
` + maxInputLines(22) + `  --policy FILE|DIR   a policy file, or a directory of them; repeatable;
                      - reads one policy from standard input
  --pack TYPE         add the built-in pack: supportive, controlling or directive
  --params FILE       values of the policies' parameters (a parameters file, as
                      for pmokit check)
  --at DATE           the evaluation clock, YYYY-MM-DD or RFC 3339 (default: now);
                      pass it (and --seed) for the same file on every run
  --budget MONEY      the money of the selection section, e.g. "5000000 USD"
                      (default: no selection); the selection maximizes the
                      business_value score, each project costed at the money
                      it still needs
  --criteria LIST     rank by a weighted sum (min-max normalized) of
                      name:weight[:cost],... as rank --method weighted does,
                      instead of WSJF (default)
  --matrix MATRIX     5x5 (default), 3x3, pmbok, dod, or a matrix definition FILE
  --simulate TRIALS   Monte Carlo trials (default 10000)
  --seed N            the simulation's seed (default 1)
  --out FILE          the HTML file to write; - writes standard output

exit status: 0 written (violations and blocked gates are in the report, not
in the status: use pmokit check or gate to fail a CI run on them), 2 bad
input, 3 internal error (the file could not be written).
`

func runReport(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("report", reportUsage, stderr)
	limit := registerMaxInput(fs)
	var (
		pol       policyFlags
		portfolio = fs.String("portfolio", "", "portfolio `FILE`")
		at        = fs.String("at", "", "evaluation clock")
		budget    = fs.String("budget", "", "selection budget `MONEY`")
		criteria  = fs.String("criteria", "", "ranking criteria name:weight[:cost],...")
		matrix    = fs.String("matrix", "5x5", "5x5, 3x3, pmbok, dod or FILE")
		trials    = fs.Int("simulate", risk.DefaultTrials, "Monte Carlo `TRIALS`")
		seed      = fs.Uint64("seed", 1, "simulation seed")
		out       = fs.String("out", "", "output `FILE`")
	)
	pol.register(fs)
	pol.registerParams(fs)
	if status, done := parseNoArgs(fs, reportUsage, args, stdout); done {
		return status
	}
	if *out == "" {
		return fail(stderr, "report", errors.New("no output: give --out FILE (- for standard output)"))
	}
	if *trials < 1 || *trials > risk.MaxTrials {
		return fail(stderr, "report", fmt.Errorf("invalid --simulate %d (want 1..%d trials)", *trials, risk.MaxTrials))
	}
	now, err := parseAt(*at)
	if err != nil {
		return fail(stderr, "report", err)
	}
	var money pmo.Money
	if *budget != "" {
		if money, err = pmo.ParseMoney(*budget); err != nil {
			return fail(stderr, "report", fmt.Errorf("invalid --budget %q (want an amount and a currency, e.g. \"5000000 USD\")", *budget))
		}
	}
	var crits []prioritize.Criterion
	if *criteria != "" {
		if crits, err = parseCriteria(*criteria); err != nil {
			return fail(stderr, "report", err)
		}
	}
	in := newInputs(limit)
	m, err := loadMatrix(in, *matrix)
	if err != nil {
		return fail(stderr, "report", err)
	}
	pf, err := in.readPortfolio("--portfolio", *portfolio)
	if err != nil {
		return fail(stderr, "report", err)
	}
	pol.matrix = m // the rules rate risks on the report's matrix
	set, err := pol.load(in)
	if err != nil {
		return fail(stderr, "report", err)
	}
	pack, err := report.Build(context.Background(), pf, report.Options{
		At: now, Policies: set, Budget: money, Matrix: m, Trials: *trials, Seed: *seed, Criteria: crits,
	})
	if err != nil {
		return fail(stderr, "report", err)
	}
	// The pack is rendered in memory first, so that a failure leaves no
	// half-written file.
	var buf bytes.Buffer
	if err := pack.WriteHTML(&buf); err != nil {
		return internal(stderr, "report", err)
	}
	if *out == "-" {
		if _, err := stdout.Write(buf.Bytes()); err != nil {
			return internal(stderr, "report", err)
		}
		return exitOK
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return internal(stderr, "report", err)
	}
	return exitOK
}
