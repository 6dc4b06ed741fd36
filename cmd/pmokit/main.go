package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// verb is one subcommand: its name, a one-line summary, its usage text and
// the function that runs it on its arguments (after the verb).
type verb struct {
	name    string
	summary string
	usage   string
	run     func(args []string, stdout, stderr io.Writer) int
}

// verbs returns the subcommands in the order help lists them. A new verb is
// a file with its run function and usage text, and a line here.
func verbs() []verb {
	return []verb{
		{name: "check", summary: "evaluate policies over a portfolio", usage: checkUsage, run: runCheck},
		{name: "gate", summary: "check one project's move to a phase", usage: gateUsage, run: runGate},
		{name: "test", summary: "run policy test suites", usage: testUsage, run: runTest},
		{name: "lint", summary: "compile policy files and warn about likely mistakes", usage: lintUsage, run: runLint},
		{name: "rank", summary: "rank projects by WSJF, RICE, weighted sum or TOPSIS", usage: rankUsage, run: runRank},
		{name: "select", summary: "choose the projects that maximize value within a budget", usage: selectUsage, run: runSelect},
		{name: "risk", summary: "report on the risk register: heat map, exposure, simulation", usage: riskUsage, run: runRisk},
		{name: "schedule", summary: "critical path, float and schedule risk of the activities", usage: scheduleUsage, run: runSchedule},
		{name: "report", summary: "write the one-file HTML board pack of a portfolio", usage: reportUsage, run: runReport},
		{name: "waivers", summary: "list the portfolio's waivers: active, expiring, expired, invalid", usage: waiversUsage, run: runWaivers},
		{name: "diff", summary: "show what a policy or portfolio change does to the verdicts", usage: diffUsage, run: runDiff},
		{name: "version", summary: "print the pmokit, revision and cel-go versions", usage: versionUsage, run: runVersion},
		{name: "help", summary: "show help for a verb", usage: helpUsage, run: runHelp},
	}
}

func findVerb(name string) (verb, bool) {
	for _, v := range verbs() {
		if v.name == name {
			return v, true
		}
	}
	return verb{}, false
}

// run is the whole command: it dispatches args[0] to its verb and returns
// the exit status (see exit.go). A panic in a verb is recovered into status
// 3 with a message asking for a report.
func run(args []string, stdout, stderr io.Writer) int {
	return dispatch(verbs(), args, stdout, stderr)
}

func dispatch(verbs []verb, args []string, stdout, stderr io.Writer) (status int) {
	defer recoverInternal(stderr, &status)
	if len(args) == 0 {
		writeUsage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help":
		writeUsage(stdout)
		return exitOK
	}
	var v verb
	for _, c := range verbs {
		if c.name == args[0] {
			v = c
		}
	}
	if v.run == nil {
		fmt.Fprintf(stderr, "pmokit: unknown verb %q\n\n", args[0])
		writeUsage(stderr)
		return exitUsage
	}
	return v.run(args[1:], stdout, stderr)
}
