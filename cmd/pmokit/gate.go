package main

import (
	"context"
	"fmt"
	"io"

	"github.com/pmokit/pmokit/governance"
)

var gateUsage = `usage: pmokit gate --portfolio FILE (--policy FILE|DIR ... | --pack TYPE) --project ID --to PHASE [--params FILE] [--matrix MATRIX] [--at DATE] [--waiver-warning DAYS] [--format FORMAT] [--fail-on LEVEL] [--max-input SIZE]

Checks one project's move through a gate into a phase: the gate-scope
policies plus the project's own project-scope rules. Prints the verdict
(allowed, blocked, or a conditional go: allowed only because waivers let
violations through, each listed with its expiry and the conditions that
must hold) and why.

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
  --project ID        the project that moves
  --to PHASE          the phase it enters
  --at DATE           the evaluation clock, YYYY-MM-DD or RFC 3339 (default: now)
  --format FORMAT     text (default), json, junit, sarif (SARIF 2.1.0) or
                      github (GitHub Actions workflow commands)
  --waiver-warning DAYS
                      warn about waivers in use that expire within DAYS
                      (14, 14d or a Go duration; 0: off; default 14d)
  --fail-on LEVEL     the least severe violation that fails the run (exit 1):
                      error (default: the move is blocked), warning, info or none

exit status: 0 allowed, 1 blocked (a violation at or above --fail-on), 2 bad
input, 3 internal error.
`

func runGate(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("gate", gateUsage, stderr)
	limit := registerMaxInput(fs)
	var (
		pol       policyFlags
		portfolio = fs.String("portfolio", "", "portfolio `FILE`")
		project   = fs.String("project", "", "project `ID`")
		to        = fs.String("to", "", "target `PHASE`")
		at        = fs.String("at", "", "evaluation clock")
		format    = fs.String("format", "text", "text, json, junit, sarif or github")
		level     = failOn(governance.SeverityError)
	)
	fs.Var(&level, "fail-on", "least severe failing `LEVEL`")
	warn := registerWaiverWarning(fs) // waivers.go
	pol.register(fs)
	pol.registerParams(fs)
	pol.registerMatrix(fs)
	if status, done := parseNoArgs(fs, gateUsage, args, stdout); done {
		return status
	}
	if *project == "" || *to == "" {
		fmt.Fprintf(stderr, "pmokit gate: give --project and --to\n\n%s", gateUsage)
		return exitUsage
	}
	if err := checkFormat(*format, reportFormats...); err != nil {
		return fail(stderr, "gate", err)
	}
	now, err := parseAt(*at)
	if err != nil {
		return fail(stderr, "gate", err)
	}
	in := newInputs(limit)
	pf, err := in.readPortfolio("--portfolio", *portfolio)
	if err != nil {
		return fail(stderr, "gate", err)
	}
	set, err := pol.load(in)
	if err != nil {
		return fail(stderr, "gate", err)
	}
	rep, err := set.CheckGate(context.Background(), pf, *project, *to, evalOptions(now, warn)...)
	if err != nil {
		return fail(stderr, "gate", err)
	}
	if *format != "text" {
		view := reportView{command: "gate", at: now, project: *project, to: *to, rep: rep, rules: newRuleIndex(pol.parsed, pol.fromPack), failOn: level}
		if err := view.write(stdout, *format); err != nil {
			return internal(stderr, "gate", err)
		}
		return level.status(rep)
	}
	out := &errWriter{w: stdout}
	vs := rep.Violations()
	state := "ALLOWED"
	if rep.Blocked() {
		state = "BLOCKED"
	} else if rep.Conditional() {
		state = "CONDITIONAL GO" // waived violations: see the waived section
	}
	from := "?"
	if g := rep.Gate(); g != nil && g.From != "" {
		from = g.From
	}
	fmt.Fprintf(out, "gate %s %s -> %s at %s: %s\n\n", *project, from, *to, now.Format("2006-01-02"), state)
	writeParams(out, rep)
	if len(vs) > 0 {
		writeViolations(out, vs)
		fmt.Fprintln(out)
	}
	writeRatings(out, rep) // ratings.go
	writeWaived(out, rep)  // waivers.go
	writeSummary(out, vs, rep.Blocked())
	if out.err != nil {
		return internal(stderr, "gate", out.err)
	}
	return level.status(rep)
}
