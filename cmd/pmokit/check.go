package main

import (
	"context"
	"fmt"
	"io"

	"github.com/pmokit/pmokit/governance"
)

var checkUsage = `usage: pmokit check --portfolio FILE (--policy FILE|DIR ... | --pack TYPE) [--params FILE] [--matrix MATRIX] [--at DATE] [--waiver-warning DAYS] [--format FORMAT] [--fail-on LEVEL] [--max-input SIZE]

Evaluates the portfolio-, project- and change-scope policies over a
portfolio and prints every violation (policy, rule, subject, severity,
message and explanation), grouped by subject, the results waivers let
through (waived, with the waiver, its expiry and its conditions), and a
summary. A waiver that does not hold leaves its violation standing and the
message says why; one that names a policy, rule or subject that does not
exist is bad input (exit 2). See pmokit waivers and docs/waivers.md.

flags:
  --portfolio FILE    the portfolio (YAML or JSON); - reads standard input
` + maxInputLines(22) + `  --policy FILE|DIR   a policy file, or a directory of them; repeatable;
                      - reads one policy from standard input
  --pack TYPE         add the built-in pack: supportive, controlling or directive
  --params FILE       values of the policies' parameters (YAML or JSON:
                      params: for every policy declaring the name, policies:
                      <policy>: for one); - reads standard input. The text
                      output names the values set, the JSON report all.
  --matrix MATRIX     the risk matrix of risk_rating, risk_score, risk_impact
                      and risk_dimension: 5x5 (default), 3x3, pmbok, dod, or
                      a matrix definition FILE (its consequence dimensions
                      are those a risk's impacts may name)
  --at DATE           the evaluation clock, YYYY-MM-DD or RFC 3339 (default: now)
  --format FORMAT     text (default), json, junit, sarif (SARIF 2.1.0) or
                      github (GitHub Actions workflow commands)
  --waiver-warning DAYS
                      warn about waivers in use that expire within DAYS
                      (14, 14d or a Go duration; 0: off; default 14d)
  --fail-on LEVEL     the least severe violation that fails the run (exit 1):
                      error (default), warning, info or none

exit status: 0 clean, 1 a violation at or above --fail-on, 2 bad input,
3 internal error.
`

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", checkUsage, stderr)
	limit := registerMaxInput(fs)
	var (
		pol       policyFlags
		portfolio = fs.String("portfolio", "", "portfolio `FILE`")
		at        = fs.String("at", "", "evaluation clock")
		format    = fs.String("format", "text", "text, json, junit, sarif or github")
		level     = failOn(governance.SeverityError)
	)
	fs.Var(&level, "fail-on", "least severe failing `LEVEL`")
	warn := registerWaiverWarning(fs) // waivers.go
	pol.register(fs)
	pol.registerParams(fs)
	pol.registerMatrix(fs)
	if status, done := parseNoArgs(fs, checkUsage, args, stdout); done {
		return status
	}
	if err := checkFormat(*format, reportFormats...); err != nil {
		return fail(stderr, "check", err)
	}
	now, err := parseAt(*at)
	if err != nil {
		return fail(stderr, "check", err)
	}
	in := newInputs(limit)
	pf, err := in.readPortfolio("--portfolio", *portfolio)
	if err != nil {
		return fail(stderr, "check", err)
	}
	set, err := pol.load(in)
	if err != nil {
		return fail(stderr, "check", err)
	}
	rep, err := set.Evaluate(context.Background(), pf, evalOptions(now, warn)...)
	if err != nil {
		return fail(stderr, "check", err)
	}
	if *format != "text" {
		view := reportView{command: "check", at: now, rep: rep, rules: newRuleIndex(pol.parsed, pol.fromPack), failOn: level}
		if err := view.write(stdout, *format); err != nil {
			return internal(stderr, "check", err)
		}
		return level.status(rep)
	}
	out := &errWriter{w: stdout}
	vs := rep.Violations()
	fmt.Fprintf(out, "portfolio %s at %s\n\n", pf.ID, now.Format("2006-01-02"))
	writeParams(out, rep)
	if len(vs) > 0 {
		writeViolations(out, vs)
		fmt.Fprintln(out)
	}
	writeRatings(out, rep) // ratings.go
	writeWaived(out, rep)  // waivers.go
	writeSummary(out, vs, rep.Blocked())
	if out.err != nil {
		return internal(stderr, "check", out.err)
	}
	return level.status(rep)
}
