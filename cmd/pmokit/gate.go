package main

import (
	"context"
	"fmt"
	"io"

	"github.com/pmokit/pmokit/governance"
)

const gateUsage = `usage: pmokit gate --portfolio FILE (--policy FILE|DIR ... | --pack TYPE) --project ID --to PHASE [--at DATE] [--format text|json]

Checks one project's move through a gate into a phase: the gate-scope
policies plus the project's own project-scope rules. Prints the verdict
(allowed or blocked) and why.

flags:
  --portfolio FILE    the portfolio (YAML or JSON)
  --policy FILE|DIR   a policy file, or a directory of them; repeatable
  --pack TYPE         add the built-in pack: supportive, controlling or directive
  --project ID        the project that moves
  --to PHASE          the phase it enters
  --at DATE           the evaluation clock, YYYY-MM-DD or RFC 3339 (default: now)
  --format FORMAT     text (default) or json

exit status: 0 allowed, 1 blocked, 2 bad input.
`

func runGate(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("gate", gateUsage, stderr)
	var (
		pol       policyFlags
		portfolio = fs.String("portfolio", "", "portfolio `FILE`")
		project   = fs.String("project", "", "project `ID`")
		to        = fs.String("to", "", "target `PHASE`")
		at        = fs.String("at", "", "evaluation clock")
		format    = fs.String("format", "text", "text or json")
	)
	pol.register(fs)
	if status, done := parseNoArgs(fs, gateUsage, args, stdout); done {
		return status
	}
	if *project == "" || *to == "" {
		fmt.Fprintf(stderr, "pmokit gate: give --project and --to\n\n%s", gateUsage)
		return exitUsage
	}
	if err := checkFormat(*format, "text", "json"); err != nil {
		return fail(stderr, "gate", err)
	}
	now, err := parseAt(*at)
	if err != nil {
		return fail(stderr, "gate", err)
	}
	pf, err := readPortfolio(*portfolio)
	if err != nil {
		return fail(stderr, "gate", err)
	}
	set, err := pol.load()
	if err != nil {
		return fail(stderr, "gate", err)
	}
	rep, err := set.CheckGate(context.Background(), pf, *project, *to, governance.At(now))
	if err != nil {
		return fail(stderr, "gate", err)
	}
	if *format == "json" {
		if err := writeJSON(stdout, "gate", now, *project, *to, rep); err != nil {
			return fail(stderr, "gate", err)
		}
		return verdict(rep)
	}
	vs := rep.Violations()
	state := "ALLOWED"
	if rep.Blocked() {
		state = "BLOCKED"
	}
	from := "?"
	if g := rep.Gate(); g != nil && g.From != "" {
		from = g.From
	}
	fmt.Fprintf(stdout, "gate %s %s -> %s at %s: %s\n\n", *project, from, *to, now.Format("2006-01-02"), state)
	if len(vs) > 0 {
		writeViolations(stdout, vs)
		fmt.Fprintln(stdout)
	}
	writeSummary(stdout, vs, rep.Blocked())
	return verdict(rep)
}
