package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/pmokit/pmokit/governance"
)

// changeProject returns the project a change-request subject belongs to,
// or "" for other subjects (whose ID already names them).
func changeProject(v governance.Result) string {
	if v.SubjectKind == governance.SubjectChange {
		return v.Project
	}
	return ""
}

// writeJSON writes the report as JSON: the library's Report document
// (governance.ReportSchemaVersion, schemas/report.schema.json), the one
// shape of a report in pmokit, indented, written result by result. The
// command, the clock and the gate are in it ("now", "gate").
func writeJSON(w io.Writer, rep *governance.Report) error {
	return rep.WriteJSON(w, "  ")
}

// writeViolations prints the violations grouped by subject, in report
// order, with aligned columns and the explanation under each.
func writeViolations(w io.Writer, vs []governance.Result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	subject := "\x00"
	for _, v := range vs {
		if key := v.Project + "\x00" + v.Subject; key != subject {
			if subject != "\x00" {
				fmt.Fprintln(tw)
			}
			subject = key
			fmt.Fprintf(tw, "%s %s", v.SubjectKind, v.Subject)
			if p := changeProject(v); p != "" {
				fmt.Fprintf(tw, " (project %s)", p)
			}
			fmt.Fprintln(tw)
		}
		msg := oneLine(v.Message)
		if v.Outcome == governance.OutcomeError {
			msg = "could not evaluate: " + msg
		}
		fmt.Fprintf(tw, "  %s\t%s/%s\t%s\n", v.Severity, v.Policy, v.Rule, msg)
		for _, line := range v.Explanation() {
			fmt.Fprintf(tw, "  \t\t  %s\n", line)
		}
	}
	tw.Flush()
}

// violationSummary counts violations by severity and the subjects that have
// one, for the text summary line.
type violationSummary struct{ Violations, Errors, Warnings, Info, Subjects int }

func summarize(vs []governance.Result) violationSummary {
	s := violationSummary{Violations: len(vs)}
	subjects := make(map[string]bool)
	for _, v := range vs {
		subjects[v.Project+"\x00"+v.Subject] = true
		switch v.Severity {
		case governance.SeverityError:
			s.Errors++
		case governance.SeverityWarning:
			s.Warnings++
		default:
			s.Info++
		}
	}
	s.Subjects = len(subjects)
	return s
}

func writeSummary(w io.Writer, vs []governance.Result, blocked bool) {
	s := summarize(vs)
	verdict := "not blocked"
	if blocked {
		verdict = "blocked"
	}
	if s.Violations == 0 {
		fmt.Fprintf(w, "no violations; %s\n", verdict)
		return
	}
	fmt.Fprintf(w, "%s (%s, %s, %d info) in %s; %s\n",
		plural(s.Violations, "violation"), plural(s.Errors, "error"), plural(s.Warnings, "warning"),
		s.Info, plural(s.Subjects, "subject"), verdict)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
