package main

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"unicode/utf8"
)

// xmlText is what an XML document can carry of s: encoding/xml writes each
// character XML 1.0 cannot hold (and each invalid UTF-8 byte) as U+FFFD,
// and a reader turns a lone carriage return into a newline.
func xmlText(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune('\uFFFD')
		case r == 0x09 || r == 0x0A || r == 0x0D || (r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF):
			b.WriteRune(r)
		default:
			b.WriteRune('\uFFFD')
		}
	}
	return b.String()
}

// FuzzJUnit writes arbitrary names, messages and bodies and reads the
// document back: it always parses, and every string comes back as XML can
// carry it.
func FuzzJUnit(f *testing.F) {
	f.Add("suite", "case", "msg", "body")
	f.Add("a&b<c>\"'", "]]>", "\x00\x07\x1b", "line1\nline2\r\n\ttab")
	f.Add("\xff\xfe", "\U0001F600", "\uFFFE\uFFFF", "</failure><x>")
	f.Fuzz(func(t *testing.T, suite, name, msg, body string) {
		r := junitReport{Name: suite, Suites: []junitSuite{{Name: suite, Cases: []junitCase{
			{Name: name, Failure: &junitProblem{Message: msg, Text: body}},
			{Name: name, Output: body},
		}}}}
		var buf bytes.Buffer
		if err := writeJUnit(&buf, r); err != nil {
			t.Fatal(err)
		}
		var got xmlSuites
		if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
			t.Fatalf("%v\n%s", err, buf.String())
		}
		if len(got.Suites) != 1 || len(got.Suites[0].Cases) != 2 || got.Failures != 1 {
			t.Fatalf("structure lost:\n%s", buf.String())
		}
		c := got.Suites[0].Cases[0]
		norm := func(s string) string {
			return strings.ReplaceAll(strings.ReplaceAll(xmlText(s), "\r\n", "\n"), "\r", "\n")
		}
		if c.Name != xmlText(name) || c.Failure.Message != xmlText(msg) {
			t.Fatalf("attributes: got %q %q, want %q %q", c.Name, c.Failure.Message, xmlText(name), xmlText(msg))
		}
		if norm(c.Failure.Text) != norm(body) || norm(got.Suites[0].Cases[1].SystemOut) != norm(body) {
			t.Fatalf("body: got %q, want %q", c.Failure.Text, norm(body))
		}
	})
}

// FuzzGitHub checks that a workflow command stays one line and that its
// message and properties unescape to what was written.
func FuzzGitHub(f *testing.F) {
	f.Add("policies/a.yaml", "p/r", "msg")
	f.Add("a,b:c", "x::y", "100%\r\n::error::injected")
	f.Fuzz(func(t *testing.T, file, title, msg string) {
		var buf bytes.Buffer
		if err := writeGitHub(&buf, []annotation{{level: "error", file: file, line: 1, column: 1, title: title, message: msg}}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if strings.Count(out, "\n") != 1 || !strings.HasSuffix(out, "\n") || strings.Contains(out, "\r") {
			t.Fatalf("not one line: %q", out)
		}
		head, data, ok := strings.Cut(strings.TrimSuffix(out, "\n"), "::")
		if !ok || head != "" {
			t.Fatalf("no command: %q", out)
		}
		props, data, ok := strings.Cut(data, "::")
		if !ok {
			t.Fatalf("no message: %q", out)
		}
		unescape := strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%")
		if got := unescape.Replace(data); got != msg {
			t.Fatalf("message %q, want %q", got, msg)
		}
		fields := strings.Split(strings.TrimPrefix(props, "error "), ",")
		want := 4 // file, line, col, title; an annotation without a file has the title only
		if file == "" {
			want = 1
		}
		if len(fields) != want {
			t.Fatalf("properties %q: a comma escaped", props)
		}
		if file != "" {
			if got := unescape.Replace(strings.TrimPrefix(fields[0], "file=")); got != file {
				t.Fatalf("file %q, want %q", got, file)
			}
		}
		if got := unescape.Replace(strings.TrimPrefix(fields[want-1], "title=")); got != title {
			t.Fatalf("title %q, want %q", got, title)
		}
	})
}

// FuzzMarkdownCell checks that a cell never breaks its table row.
func FuzzMarkdownCell(f *testing.F) {
	f.Add("a | b\nc")
	f.Add("`code` <b>x</b> \\| \r")
	f.Fuzz(func(t *testing.T, s string) {
		c := markdownCell.Replace(s)
		if strings.ContainsAny(c, "\n\r<`") {
			t.Fatalf("%q -> %q", s, c)
		}
		for i := 0; i < len(c); i++ {
			if c[i] != '|' {
				continue
			}
			n := 0 // backslashes before the pipe
			for j := i - 1; j >= 0 && c[j] == '\\'; j-- {
				n++
			}
			if n%2 == 0 {
				t.Fatalf("unescaped pipe: %q -> %q", s, c)
			}
		}
	})
}
