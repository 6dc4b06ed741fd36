package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/pmokit/pmokit/governance"
)

// The reference topics of "pmokit help": the policy author's reference
// (docs/policies.md) from the terminal.
const helpTopics = `       pmokit help policies        the policy file format, scopes, variables, absent values, checks
       pmokit help functions       every function of the rule library, with an example
       pmokit help fields [ENTITY] every field of every entity (project, risk, …), or of one
       pmokit help waivers         the waivers verb, and waivers: exceptions with an approver, an expiry and conditions
`

// helpTopic prints a reference topic; ok is false when args name none.
func helpTopic(args []string, stdout, stderr io.Writer) (status int, ok bool) {
	if len(args) == 0 {
		return 0, false
	}
	switch args[0] {
	case "waivers": // waivers.go
		if len(args) > 1 {
			fmt.Fprintf(stderr, "pmokit help %s: unexpected argument %q\n", args[0], args[1])
			return exitUsage, true
		}
		fmt.Fprint(stdout, waiversUsage+"\n"+waiversHelp) // the verb's usage, then the reference
		return exitOK, true
	case "policies", "functions":
		if len(args) > 1 {
			fmt.Fprintf(stderr, "pmokit help %s: unexpected argument %q\n", args[0], args[1])
			return exitUsage, true
		}
		if args[0] == "policies" {
			fmt.Fprint(stdout, governance.ReferenceSection("policies"))
		} else {
			writeFunctions(stdout)
		}
		return exitOK, true
	case "fields":
		switch len(args) {
		case 1:
			writeEntities(stdout)
			return exitOK, true
		case 2:
			for _, e := range governance.Entities() {
				if e.Name == args[1] {
					writeFields(stdout, e)
					return exitOK, true
				}
			}
			var names []string
			for _, e := range governance.Entities() {
				names = append(names, e.Name)
			}
			fmt.Fprintf(stderr, "pmokit help fields: unknown entity %q (want one of %s)\n", args[1], strings.Join(names, ", "))
			return exitUsage, true
		}
		fmt.Fprintf(stderr, "pmokit help fields: unexpected argument %q\n", args[2])
		return exitUsage, true
	}
	return 0, false
}

func writeFunctions(w io.Writer) {
	group := ""
	for _, f := range governance.Functions() {
		if f.Group != group {
			if group != "" {
				fmt.Fprintln(w)
			}
			group = f.Group
			fmt.Fprintf(w, "%s\n\n", strings.ToUpper(group[:1])+group[1:])
		}
		fmt.Fprintf(w, "  %s\n      %s\n      e.g. %s\n", f.Signature, f.Description, f.Example)
	}
}

func writeEntities(w io.Writer) {
	fmt.Fprint(w, "Entities a rule reads (pmokit help fields ENTITY for the fields of one):\n\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, e := range governance.Entities() {
		fmt.Fprintf(tw, "  %s\t%s\n", e.Name, e.Reach)
	}
	tw.Flush()
}

func writeFields(w io.Writer, e governance.EntityDoc) {
	var scopes []string
	for _, s := range e.Scopes {
		scopes = append(scopes, s.String())
	}
	fmt.Fprintf(w, "%s: reached as %s; scopes %s\n\n", e.Name, e.Reach, strings.Join(scopes, ", "))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  FIELD\tTYPE\tWORDS\tEXAMPLE")
	for _, f := range e.Fields {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", f.Name, f.Type, strings.Join(f.Words, ", "), f.Example)
	}
	tw.Flush()
	fmt.Fprintln(w, "\nAbsent values:")
	for _, f := range e.Fields {
		fmt.Fprintf(w, "  %s: %s\n", f.Name, f.Absent)
	}
}
