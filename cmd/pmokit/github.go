package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/pmokit/pmokit/governance"
)

// This file writes GitHub Actions workflow commands
// (https://docs.github.com/actions/reference/workflow-commands-for-github-actions):
// one "::error", "::warning" or "::notice" line per violation, which the
// runner turns into an annotation on the policy file's rule line:
//
//	::error file=policies/budget.yaml,line=4,col=9,title=budget/sponsor::project P-1: needs a sponsor

// annotation is one workflow command.
type annotation struct {
	level        string // error, warning or notice
	file         string // "" writes no file, line or col
	line, column int
	title        string
	message      string
}

// annotations returns one annotation per violation, in report order, then a
// notice per waived result: an error when the violation fails the run (at
// or above --fail-on), else a warning (severity error or warning) or a
// notice (info), so that an annotation is never redder than the run's
// verdict. A rule of a built-in
// pack or of standard input has no file in the repository: its annotation
// names none.
func (v reportView) annotations() []annotation {
	var out []annotation
	for _, r := range v.rep.Violations() {
		a := annotation{level: "notice", title: r.Policy + "/" + r.Rule, message: subjectName(r) + ": " + violationText(r)}
		switch {
		case v.failOn.fails(r.Severity):
			a.level = "error"
		case r.Severity != governance.SeverityInfo:
			a.level = "warning"
		}
		if src := v.rules.source(r.Policy, r.Rule); src.repoFile() != "" {
			a.file, a.line, a.column = src.file(), src.loc.Line, src.loc.Column
		}
		out = append(out, a)
	}
	return append(out, waivedAnnotations(v)...) // waivers.go
}

// escapeData and escapeProperty escape a workflow command's message and its
// property values the way the runner unescapes them.
var (
	escapeData     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	escapeProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func writeGitHub(w io.Writer, as []annotation) error {
	for _, a := range as {
		var props []string
		if a.file != "" {
			props = append(props, "file="+escapeProperty.Replace(a.file))
			if a.line > 0 {
				props = append(props, fmt.Sprintf("line=%d", a.line))
				if a.column > 0 {
					props = append(props, fmt.Sprintf("col=%d", a.column))
				}
			}
		}
		props = append(props, "title="+escapeProperty.Replace(a.title))
		if _, err := fmt.Fprintf(w, "::%s %s::%s\n", a.level, strings.Join(props, ","), escapeData.Replace(a.message)); err != nil {
			return err
		}
	}
	return nil
}
