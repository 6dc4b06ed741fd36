package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pmokit/pmokit/governance"
)

// jsonReport is the JSON output of check and gate. Its field names are part
// of the command's documented interface (see doc.go); add fields, never
// rename them.
type jsonReport struct {
	Command    string          `json:"command"`
	At         string          `json:"at"`
	Project    string          `json:"project,omitempty"`
	To         string          `json:"to,omitempty"`
	Blocked    bool            `json:"blocked"`
	FailOn     string          `json:"fail_on"` // the --fail-on level
	Fails      bool            `json:"fails"`   // a violation at or above it: the exit status is 1
	Summary    jsonSummary     `json:"summary"`
	Violations []jsonViolation `json:"violations"`
}

type jsonSummary struct {
	Violations int `json:"violations"`
	Errors     int `json:"errors"`
	Warnings   int `json:"warnings"`
	Info       int `json:"info"`
	Subjects   int `json:"subjects"`
}

type jsonViolation struct {
	Policy      string   `json:"policy"`
	Version     string   `json:"version,omitempty"`
	Rule        string   `json:"rule"`
	Subject     string   `json:"subject"`
	SubjectKind string   `json:"subject_kind"`
	Project     string   `json:"project,omitempty"`
	Severity    string   `json:"severity"`
	Outcome     string   `json:"outcome"`
	Message     string   `json:"message"`
	Explanation []string `json:"explanation,omitempty"`
}

// changeProject returns the project a change-request subject belongs to,
// or "" for other subjects (whose ID already names them).
func changeProject(v governance.Result) string {
	if v.SubjectKind == governance.SubjectChange {
		return v.Project
	}
	return ""
}

func summarize(vs []governance.Result) jsonSummary {
	s := jsonSummary{Violations: len(vs)}
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

func writeJSON(w io.Writer, command string, at time.Time, project, to string, rep *governance.Report, level failOn) error {
	vs := rep.Violations()
	out := jsonReport{
		Command:    command,
		At:         at.UTC().Format(time.RFC3339),
		Project:    project,
		To:         to,
		Blocked:    rep.Blocked(),
		FailOn:     level.String(),
		Fails:      level.status(rep) != exitOK,
		Summary:    summarize(vs),
		Violations: make([]jsonViolation, 0, len(vs)),
	}
	for _, v := range vs {
		out.Violations = append(out.Violations, jsonViolation{
			Policy:      v.Policy,
			Version:     v.PolicyVersion,
			Rule:        v.Rule,
			Subject:     v.Subject,
			SubjectKind: v.SubjectKind.String(),
			Project:     changeProject(v),
			Severity:    v.Severity.String(),
			Outcome:     v.Outcome.String(),
			Message:     v.Message,
			Explanation: v.Explanation,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
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
		for _, line := range v.Explanation {
			fmt.Fprintf(tw, "  \t\t  %s\n", line)
		}
	}
	tw.Flush()
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
