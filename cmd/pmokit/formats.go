package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/pmokit/pmokit/governance"
)

// reportFormats are the --format values of check and gate.
var reportFormats = []string{"text", "json", "junit", "sarif", "github"}

// reportView is what the machine formats (json, junit, sarif, github) of
// check and gate print: a report and where its rules come from.
type reportView struct {
	command     string // "check" or "gate"
	at          time.Time
	project, to string // gate only
	rep         *governance.Report
	rules       ruleIndex
	failOn      failOn
}

// ruleIndex finds the policy that holds a rule, for its file position and
// description.
type ruleIndex struct {
	policies map[string]*governance.Policy
	fromPack map[*governance.Policy]bool
}

func newRuleIndex(policies []*governance.Policy, fromPack map[*governance.Policy]bool) ruleIndex {
	ix := ruleIndex{policies: make(map[string]*governance.Policy, len(policies)), fromPack: fromPack}
	for _, p := range policies {
		ix.policies[p.Name] = p
	}
	return ix
}

// ruleSource is where a rule sits: its location, and whether that location
// is in a built-in pack (a path in governance.PackFS, not in the user's
// repository) or read from standard input (no file at all).
type ruleSource struct {
	loc   governance.Location
	pack  bool
	stdin bool
}

// file returns the location's file as a slash path, "" when there is none.
func (s ruleSource) file() string {
	if s.stdin || s.loc.Source == "" {
		return ""
	}
	return filepath.ToSlash(s.loc.Source)
}

// repoFile is file for a rule in the user's files, "" for a rule of a
// built-in pack (whose path is in governance.PackFS, not in the user's
// repository, so a CI system must not link it).
func (s ruleSource) repoFile() string {
	if s.pack {
		return ""
	}
	return s.file()
}

func (ix ruleIndex) source(policy, rule string) ruleSource {
	p := ix.policies[policy]
	if p == nil {
		return ruleSource{}
	}
	loc, ok := p.RuleLocation(rule)
	if !ok {
		loc = p.Location()
	}
	return ruleSource{loc: loc, pack: ix.fromPack[p], stdin: p.Source == stdinName}
}

// description returns what the rule checks, on one line: its description,
// else its fixed message, else its policy's description; "" when none.
func (ix ruleIndex) description(policy, rule string) string {
	p := ix.policies[policy]
	if p == nil {
		return ""
	}
	for _, r := range p.Rules {
		if r.ID != rule {
			continue
		}
		for _, d := range []string{r.Description, r.Message, p.Description} {
			if d := oneLine(d); d != "" {
				return d
			}
		}
	}
	return ""
}

// write prints the report in one of the machine formats.
func (v reportView) write(w io.Writer, format string) error {
	switch format {
	case "json":
		return writeJSON(w, v.rep)
	case "junit":
		return writeJUnit(w, v.junit())
	case "sarif":
		return writeSARIF(w, v.sarif())
	case "github":
		return writeGitHub(w, v.annotations())
	}
	return fmt.Errorf("format %q has no writer", format)
}

// subjectName names a result's subject for a reader: "project P-1",
// "change CR-7 (project P-1)", "portfolio pf-1".
func subjectName(r governance.Result) string {
	s := r.SubjectKind.String() + " " + r.Subject
	if p := changeProject(r); p != "" {
		s += " (project " + p + ")"
	}
	return s
}

// violationText is a violation's message as the text format shows it.
func violationText(r governance.Result) string {
	msg := oneLine(r.Message)
	if r.Outcome == governance.OutcomeError {
		msg = "could not evaluate: " + msg
	}
	return msg
}

// junit returns every result of the report (passes and skips included) as
// JUnit cases, one suite per policy in report order: a fail is a failure,
// an error (the rule could not be evaluated) an error, a skip skipped. A
// violation below the --fail-on level does not fail the build, so it is a
// passed case whose output says "warning: <message>" (or info).
func (v reportView) junit() junitReport {
	out := junitReport{Name: "pmokit " + v.command}
	index := map[string]int{}
	for _, r := range v.rep.All() {
		i, ok := index[r.Policy]
		if !ok {
			i = len(out.Suites)
			index[r.Policy] = i
			src := v.rules.source(r.Policy, "")
			out.Suites = append(out.Suites, junitSuite{Name: r.Policy, File: src.repoFile()})
		}
		src := v.rules.source(r.Policy, r.Rule)
		c := junitCase{
			Name:      r.Rule + " " + subjectName(r),
			Classname: r.Policy + "." + r.Rule,
			File:      src.repoFile(),
		}
		if c.File != "" {
			c.Line = src.loc.Line
		}
		body := strings.Join(r.Explanation(), "\n")
		switch {
		case r.IsViolation() && !v.failOn.fails(r.Severity):
			c.Output = r.Severity.String() + ": " + violationText(r)
			if body != "" {
				c.Output += "\n" + body
			}
		case r.Outcome == governance.OutcomeFail:
			c.Failure = &junitProblem{Message: oneLine(r.Message), Type: r.Severity.String(), Text: body}
		case r.Outcome == governance.OutcomeError:
			c.Error = &junitProblem{Message: violationText(r), Type: r.Severity.String(), Text: body}
		case r.Outcome == governance.OutcomeSkipped:
			c.Skipped = &junitProblem{Message: oneLine(r.Message)}
		case r.Outcome == governance.OutcomeRated:
			c.Output = ratedText(r)
		case r.Outcome == governance.OutcomeWaived: // a passing case that says what was waived
			c.Output = "waived by " + r.WaiverID() + " until " + r.Waiver.Expires.Format(time.DateOnly) + ": " + violationText(r)
		}
		out.Suites[i].Cases = append(out.Suites[i].Cases, c)
	}
	return out
}
