package main

import (
	"context"
	"fmt"
	"io"

	"github.com/pmokit/pmokit/governance"
)

const checkUsage = `usage: pmokit check --portfolio FILE (--policy FILE|DIR ... | --pack TYPE) [--at DATE] [--format text|json]

Evaluates the portfolio-, project- and change-scope policies over a
portfolio and prints every violation (policy, rule, subject, severity,
message and explanation), grouped by subject, and a summary.

flags:
  --portfolio FILE    the portfolio (YAML or JSON)
  --policy FILE|DIR   a policy file, or a directory of them; repeatable
  --pack TYPE         add the built-in pack: supportive, controlling or directive
  --at DATE           the evaluation clock, YYYY-MM-DD or RFC 3339 (default: now)
  --format FORMAT     text (default) or json

exit status: 0 nothing blocks, 1 an error-severity violation blocks, 2 bad input.
`

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", checkUsage, stderr)
	var (
		pol       policyFlags
		portfolio = fs.String("portfolio", "", "portfolio `FILE`")
		at        = fs.String("at", "", "evaluation clock")
		format    = fs.String("format", "text", "text or json")
	)
	pol.register(fs)
	if status, done := parseNoArgs(fs, checkUsage, args, stdout); done {
		return status
	}
	if err := checkFormat(*format, "text", "json"); err != nil {
		return fail(stderr, "check", err)
	}
	now, err := parseAt(*at)
	if err != nil {
		return fail(stderr, "check", err)
	}
	pf, err := readPortfolio(*portfolio)
	if err != nil {
		return fail(stderr, "check", err)
	}
	set, err := pol.load()
	if err != nil {
		return fail(stderr, "check", err)
	}
	rep, err := set.Evaluate(context.Background(), pf, governance.At(now))
	if err != nil {
		return fail(stderr, "check", err)
	}
	if *format == "json" {
		if err := writeJSON(stdout, "check", now, "", "", rep); err != nil {
			return fail(stderr, "check", err)
		}
		return verdict(rep)
	}
	vs := rep.Violations()
	fmt.Fprintf(stdout, "portfolio %s at %s\n\n", pf.ID, now.Format("2006-01-02"))
	if len(vs) > 0 {
		writeViolations(stdout, vs)
		fmt.Fprintln(stdout)
	}
	writeSummary(stdout, vs, rep.Blocked())
	return verdict(rep)
}
