package main

import (
	"fmt"
	"io"
	"os"
)

// Exit statuses of every verb.
const (
	exitOK      = 0 // nothing blocks, every test passed
	exitBlocked = 1 // an error-severity violation blocks, or a test failed
	exitUsage   = 2 // bad input: usage, unreadable or invalid file, policy that does not compile
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
// the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		writeUsage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help":
		writeUsage(stdout)
		return exitOK
	}
	v, ok := findVerb(args[0])
	if !ok {
		fmt.Fprintf(stderr, "pmokit: unknown verb %q\n\n", args[0])
		writeUsage(stderr)
		return exitUsage
	}
	return v.run(args[1:], stdout, stderr)
}
