package main

import (
	"fmt"
	"io"
	"text/tabwriter"
)

const helpUsage = `usage: pmokit help [VERB]
` + helpTopics + `
Shows the usage of pmokit, or of one verb.
`

func writeUsage(w io.Writer) {
	fmt.Fprintf(w, "pmokit applies a PMO's rules to a portfolio: governance policies, gate checks,\npolicy tests, prioritization, selection and risk.\n\nusage: pmokit VERB [flags] [args]\n\nverbs:\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, v := range verbs() {
		fmt.Fprintf(tw, "  %s\t%s\n", v.name, v.summary)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nRun 'pmokit help VERB' or 'pmokit VERB --help' for a verb's flags.\n"+
		"Exit status: 0 clean; 1 violations (at or above --fail-on), blocked, a failed\n"+
		"test, a blocking diff or an invalid waiver; 2 bad input; 3 internal error (a bug:\nplease report it).\n"+
		"Every file flag takes - for standard input.\n")
}

func runHelp(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("help", helpUsage, stderr)
	if status, done := parseFlags(fs, helpUsage, args, stdout); done {
		return status
	}
	args = fs.Args()
	if status, ok := helpTopic(args, stdout, stderr); ok {
		return status
	}
	switch len(args) {
	case 0:
		writeUsage(stdout)
		return exitOK
	case 1:
		if v, ok := findVerb(args[0]); ok {
			fmt.Fprint(stdout, v.usage)
			return exitOK
		}
		fmt.Fprintf(stderr, "pmokit help: unknown verb %q\n\n", args[0])
	default:
		fmt.Fprintf(stderr, "pmokit help: too many arguments\n\n")
	}
	writeUsage(stderr)
	return exitUsage
}
