package main

import (
	"encoding/xml"
	"fmt"
	"io"
	"time"
)

// This file is the JUnit XML writer shared by every verb that reports
// (check, gate, diff, test). It knows nothing of policies or suites: a verb
// builds a junitReport (suites of cases, each case passed, failed, in error
// or skipped) and writeJUnit prints it in the format JUnit's Ant task and
// Maven Surefire defined and CI systems read (GitHub, GitLab, Jenkins,
// Azure DevOps): <testsuites> → <testsuite> → <testcase> with <failure>,
// <error> or <skipped>. Counts are derived from the cases, never given, so
// that they cannot disagree with them.

// junitReport is one JUnit document: a named run of suites.
type junitReport struct {
	Name   string
	Suites []junitSuite
}

// junitSuite is a named group of cases (a policy, a test-suite file).
type junitSuite struct {
	Name string
	// File is the file the suite comes from; optional.
	File  string
	Cases []junitCase
}

// junitCase is one case. At most one of Failure, Error and Skipped is set;
// none means the case passed.
type junitCase struct {
	Name string
	// Classname groups cases in reports (CI systems show it as the class or
	// the path); optional, the suite name when empty.
	Classname string
	// File and Line locate the case; optional (zero Line writes none).
	File string
	Line int
	// Time is how long the case took; zero writes time="0.000".
	Time time.Duration
	// Failure: the case ran and something did not hold.
	Failure *junitProblem
	// Error: the case could not run to a verdict.
	Error *junitProblem
	// Skipped: the case did not run; Message is the reason.
	Skipped *junitProblem
	// Output is written as the case's <system-out>; optional.
	Output string
}

// junitProblem is a failure, an error or a skip: a one-line message, an
// optional type (a category such as the severity) and an optional body.
type junitProblem struct {
	Message string
	Type    string
	Text    string
}

// The XML shapes. Attribute order is field order, so the output is
// deterministic.
type (
	xmlSuites struct {
		XMLName  xml.Name   `xml:"testsuites"`
		Name     string     `xml:"name,attr,omitempty"`
		Tests    int        `xml:"tests,attr"`
		Failures int        `xml:"failures,attr"`
		Errors   int        `xml:"errors,attr"`
		Skipped  int        `xml:"skipped,attr"`
		Time     string     `xml:"time,attr"`
		Suites   []xmlSuite `xml:"testsuite"`
	}
	xmlSuite struct {
		Name     string    `xml:"name,attr"`
		Tests    int       `xml:"tests,attr"`
		Failures int       `xml:"failures,attr"`
		Errors   int       `xml:"errors,attr"`
		Skipped  int       `xml:"skipped,attr"`
		Time     string    `xml:"time,attr"`
		File     string    `xml:"file,attr,omitempty"`
		Cases    []xmlCase `xml:"testcase"`
	}
	xmlCase struct {
		Name      string      `xml:"name,attr"`
		Classname string      `xml:"classname,attr"`
		Time      string      `xml:"time,attr"`
		File      string      `xml:"file,attr,omitempty"`
		Line      int         `xml:"line,attr,omitempty"`
		Failure   *xmlProblem `xml:"failure"`
		Error     *xmlProblem `xml:"error"`
		Skipped   *xmlProblem `xml:"skipped"`
		SystemOut string      `xml:"system-out,omitempty"`
	}
	xmlProblem struct {
		Message string `xml:"message,attr,omitempty"`
		Type    string `xml:"type,attr,omitempty"`
		Text    string `xml:",chardata"`
	}
)

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

func (p *junitProblem) xml() *xmlProblem {
	if p == nil {
		return nil
	}
	return &xmlProblem{Message: p.Message, Type: p.Type, Text: p.Text}
}

// writeJUnit writes r as an indented JUnit XML document with its XML
// declaration. A case with more than one of Failure, Error and Skipped is a
// programming error, reported as an error rather than written ambiguously.
func writeJUnit(w io.Writer, r junitReport) error {
	out := xmlSuites{Name: r.Name, Suites: make([]xmlSuite, 0, len(r.Suites))}
	var total time.Duration
	for _, s := range r.Suites {
		xs := xmlSuite{Name: s.Name, File: s.File, Cases: make([]xmlCase, 0, len(s.Cases))}
		var suiteTime time.Duration
		for _, c := range s.Cases {
			n := 0
			for _, p := range []*junitProblem{c.Failure, c.Error, c.Skipped} {
				if p != nil {
					n++
				}
			}
			if n > 1 {
				return fmt.Errorf("junit: case %q of suite %q is both failed, in error or skipped", c.Name, s.Name)
			}
			class := c.Classname
			if class == "" {
				class = s.Name
			}
			xs.Tests++
			switch {
			case c.Failure != nil:
				xs.Failures++
			case c.Error != nil:
				xs.Errors++
			case c.Skipped != nil:
				xs.Skipped++
			}
			suiteTime += c.Time
			xs.Cases = append(xs.Cases, xmlCase{
				Name: c.Name, Classname: class, Time: seconds(c.Time), File: c.File, Line: c.Line,
				Failure: c.Failure.xml(), Error: c.Error.xml(), Skipped: c.Skipped.xml(), SystemOut: c.Output,
			})
		}
		xs.Time = seconds(suiteTime)
		total += suiteTime
		out.Tests += xs.Tests
		out.Failures += xs.Failures
		out.Errors += xs.Errors
		out.Skipped += xs.Skipped
		out.Suites = append(out.Suites, xs)
	}
	out.Time = seconds(total)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
