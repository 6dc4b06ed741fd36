package suite

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/pmo"
)

const validSuite = `name: example
description: a suite
policies:
  - pack: directive
  - path: policies/
  - extra.yaml
portfolio: portfolio.yaml
now: 2026-11-26
tests:
  - name: first
    now: 2026-12-01T10:00:00Z
    patch:
      - project: P-1
        set: {sponsor: null}
        append: {risks: [{id: R-9, title: x}]}
      - set: {name: renamed}
    expect:
      blocked: true
      only: true
      violations:
        - {policy: accountability, rule: sponsor-assigned, subject: P-1, severity: error, message: no sponsor}
      passes:
        - {rule: manager-assigned, subject: P-1}
  - name: gate
    gate: {project: P-1, to: execution}
    portfolio: {id: pf, name: inline}
    expect:
      blocked: false
  - name: later
    skip: not written yet
    expect:
      only: true
`

func TestParseValid(t *testing.T) {
	s, err := Parse("s_test.yaml", []byte(validSuite))
	require.NoError(t, err)
	assert.Equal(t, "example", s.Name)
	assert.Equal(t, "a suite", s.Description)
	assert.Equal(t, []PolicySource{
		{Pack: "directive", Pos: Pos{"s_test.yaml", 4, 5}},
		{Path: "policies/", Pos: Pos{"s_test.yaml", 5, 5}},
		{Path: "extra.yaml", Pos: Pos{"s_test.yaml", 6, 5}},
	}, s.Policies)
	assert.Equal(t, "portfolio.yaml", s.Portfolio.Path)
	assert.Equal(t, time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), s.Now)
	require.Len(t, s.Tests, 3)

	first := s.Tests[0]
	assert.Equal(t, "first", first.Name)
	assert.Equal(t, time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), first.Now)
	require.Len(t, first.Patch, 2)
	assert.Equal(t, "P-1", first.Patch[0].Project)
	assert.NotNil(t, first.Patch[0].Set)
	assert.NotNil(t, first.Patch[0].Append)
	assert.Equal(t, "", first.Patch[1].Project)
	require.NotNil(t, first.Expect.Blocked)
	assert.True(t, *first.Expect.Blocked)
	assert.True(t, first.Expect.Only)
	assert.Equal(t, []Expectation{{
		Policy: "accountability", Rule: "sponsor-assigned", Subject: "P-1", Severity: "error",
		Message: "no sponsor", Pos: Pos{"s_test.yaml", 21, 11},
	}}, first.Expect.Violations)
	assert.Equal(t, []Expectation{{Rule: "manager-assigned", Subject: "P-1", Pos: Pos{"s_test.yaml", 23, 11}}}, first.Expect.Passes)
	assert.Nil(t, first.Gate)

	gate := s.Tests[1]
	assert.Equal(t, &Gate{Project: "P-1", To: "execution", Pos: Pos{"s_test.yaml", 25, 11}}, gate.Gate)
	require.NotNil(t, gate.Portfolio)
	assert.NotNil(t, gate.Portfolio.Inline)
	require.NotNil(t, gate.Expect.Blocked)
	assert.False(t, *gate.Expect.Blocked)

	assert.Equal(t, "not written yet", s.Tests[2].Skip)
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // each error string, in order
	}{
		{
			name: "unknown top-level field",
			in:   "name: x\npacks: [directive]\nportfolio: p.yaml\nnow: 2026-01-01\ntest: []\n",
			want: []string{
				`suite: f_test.yaml:5:1: unknown field "test" in suite (want one of name, description, policies, packs, portfolio, now, params, tests)`,
				`suite: f_test.yaml:1:1: suite "x": no tests`,
			},
		},
		{
			name: "missing name, no policies",
			in:   "tests:\n  - name: a\n    portfolio: p.yaml\n    now: 2026-01-01\n    expect: {only: true}\n",
			want: []string{
				`suite: f_test.yaml:1:1: suite: missing name`,
				`suite: f_test.yaml:1:1: suite "": no policies (give policies or packs)`,
			},
		},
		{
			name: "unknown pack, bad date, bad severity",
			in: "name: x\npolicies: [{pack: dictator}]\nportfolio: p.yaml\nnow: 26/11/2026\ntests:\n" +
				"  - name: a\n    expect:\n      violations: [{rule: r, severity: fatal}]\n",
			want: []string{
				`suite: f_test.yaml:2:12: unknown pack "dictator" (want supportive, controlling, directive)`,
				`suite: f_test.yaml:4:6: now: invalid date "26/11/2026" (want YYYY-MM-DD or RFC 3339)`,
				`suite: f_test.yaml:8:40: invalid severity "fatal" (want error, warning or info)`,
			},
		},
		{
			name: "case problems",
			in: "name: x\npacks: [directive]\ntests:\n" +
				"  - name: a\n    expect: {}\n" +
				"  - name: a\n    skip: ''\n    gate: {project: P-1}\n    expect: {only: maybe}\n" +
				"  - expect:\n      violations: [{subject: P-1}]\n      passes: [{rule: r, message: m}]\n",
			want: []string{
				`suite: f_test.yaml:5:13: test "a": expect checks nothing (give blocked, only, violations, passes, ratings or waived)`,
				`suite: f_test.yaml:4:5: test "a": no portfolio (give one for the suite or the test)`,
				`suite: f_test.yaml:4:5: test "a": no clock (give now for the suite or the test)`,
				`suite: f_test.yaml:7:11: test "a": skip needs a reason`,
				`suite: f_test.yaml:8:11: test "a": gate needs project and to`,
				`suite: f_test.yaml:9:20: only must be true or false`,
				`suite: f_test.yaml:6:5: duplicate test name "a"`,
				`suite: f_test.yaml:6:5: test "a": no portfolio (give one for the suite or the test)`,
				`suite: f_test.yaml:6:5: test "a": no clock (give now for the suite or the test)`,
				`suite: f_test.yaml:10:5: test: missing name`,
				`suite: f_test.yaml:11:20: violations item: missing rule`,
				`suite: f_test.yaml:12:16: passes item: severity, message and waiver apply to violations and waived results only`,
				`suite: f_test.yaml:10:5: test "": no portfolio (give one for the suite or the test)`,
				`suite: f_test.yaml:10:5: test "": no clock (give now for the suite or the test)`,
			},
		},
		{
			name: "wrong kinds",
			in:   "name: [x]\npolicies: directive\npacks: [directive]\nportfolio: p.yaml\nnow: 2026-01-01\ntests: {a: b}\n",
			want: []string{
				`suite: f_test.yaml:1:7: name must be a string`,
				`suite: f_test.yaml:2:11: policies must be a list`,
				`suite: f_test.yaml:6:8: tests must be a list`,
			},
		},
		{
			name: "patch problems",
			in: "name: x\npacks: [directive]\nportfolio: p.yaml\nnow: 2026-01-01\ntests:\n" +
				"  - name: a\n    patch:\n      - {project: P-1}\n      - {set: [1]}\n      - {append: {risks: 1}}\n    expect: {only: true}\n",
			want: []string{
				`suite: f_test.yaml:8:9: patch item: give set or append`,
				`suite: f_test.yaml:9:15: set must be a mapping`,
				`suite: f_test.yaml:9:9: patch item: give set or append`,
				`suite: f_test.yaml:10:26: append risks must be a list`,
			},
		},
		{
			name: "duplicate key",
			in:   "name: x\nname: y\npacks: [directive]\nportfolio: p.yaml\nnow: 2026-01-01\ntests: []\n",
			want: []string{
				`suite: f_test.yaml:2:1: name: duplicate key "name"`,
				`suite: f_test.yaml:6:8: suite "x": no tests`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f_test.yaml", []byte(tt.in))
			require.Error(t, err)
			var got []string
			if u, ok := err.(interface{ Unwrap() []error }); ok {
				for _, e := range u.Unwrap() {
					got = append(got, e.Error())
				}
			} else {
				got = []string{err.Error()}
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseSyntaxAndEmpty(t *testing.T) {
	_, err := Parse("bad_test.yaml", []byte("name: [unclosed\n"))
	require.Error(t, err)
	assert.EqualError(t, err, "suite: bad_test.yaml:1:8: invalid YAML: did not find expected ',' or ']'")

	_, err = Parse("empty_test.yaml", nil)
	assert.EqualError(t, err, "suite: empty_test.yaml: empty suite")
}

// TestParseNothingDropped checks that a second document, even one that
// holds a failing case, is an error and never ignored.
func TestParseNothingDropped(t *testing.T) {
	one := "name: s\npacks: [supportive]\nportfolio: p.yaml\ntests:\n  - name: a\n    expect: {only: true}\n"
	_, err := Parse("two_test.yaml", []byte(one+"---\nname: t\ntests: [{name: b, expect: {blocked: true}}]\n"))
	assert.EqualError(t, err, "suite: two_test.yaml:7:1: a second YAML document: a file holds one document (remove the --- and what follows, or split the file)")
	_, err = Parse("two_test.yaml", []byte(one+"---\nname: [broken\n"))
	assert.EqualError(t, err, "suite: two_test.yaml:7:1: a second YAML document: a file holds one document (remove the --- and what follows, or split the file)")
	_, err = Parse("j_test.json", []byte(`{"name": "s", "tests": []} {"name": "t"}`))
	assert.EqualError(t, err, "suite: j_test.json:1:28: invalid JSON: unexpected '{' after the top-level value (a file holds one JSON value)")
}

func TestSuiteLimits(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err == nil {
		_, err := ReadOptions{MaxBytes: 1 << 20}.Load("/dev/zero")
		assert.True(t, errors.Is(err, pmo.ErrTooLarge), "%v", err)
	}
	_, err := ReadOptions{MaxBytes: 10}.Parse("s_test.yaml", []byte("name: s\ntests: []\n"))
	assert.True(t, errors.Is(err, pmo.ErrTooLarge), "%v", err)
	assert.EqualError(t, err, "suite: s_test.yaml: input larger than the limit of 10 bytes (raise MaxBytes in the reader's options to read it)")
}

func TestFind(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"b_test.yaml", "a_test.yml", "policy.yaml", "sub/c_test.yaml", "sub/readme.md"} {
		p := filepath.Join(dir, f)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte("x"), 0o644))
	}
	got, err := Find(dir, filepath.Join(dir, "b_test.yaml"), filepath.Join(dir, "policy.yaml"))
	require.NoError(t, err)
	assert.Equal(t, []string{
		filepath.Join(dir, "a_test.yml"),
		filepath.Join(dir, "b_test.yaml"),
		filepath.Join(dir, "sub/c_test.yaml"),
		filepath.Join(dir, "policy.yaml"),
	}, got)

	_, err = Find(filepath.Join(dir, "missing"))
	assert.ErrorContains(t, err, "suite: stat ")
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		err  bool
	}{
		{in: "2026-11-26", want: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)},
		{in: "2026-11-26T08:30:00Z", want: time.Date(2026, 11, 26, 8, 30, 0, 0, time.UTC)},
		{in: "2026-11-26T08:30:00+02:00", want: time.Date(2026, 11, 26, 6, 30, 0, 0, time.UTC)},
		{in: "26.11.2026", err: true},
		{in: "", err: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := pmo.ParseTime(tt.in)
			if tt.err {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.True(t, tt.want.Equal(got), "got %v", got)
		})
	}
}

// FuzzParse checks that no suite file, however malformed, makes Parse
// panic, and that a parsed suite is complete enough to run.
func FuzzParse(f *testing.F) {
	f.Add([]byte(validSuite))
	f.Add([]byte(""))
	f.Add([]byte("name: x\ntests: [&a {name: a, expect: *a}]\n"))
	f.Add([]byte("- - - [\n"))
	f.Add([]byte("name: x\npacks: [directive]\nnow: 2026-01-01\nportfolio: {}\ntests:\n  - {name: a, patch: [{set: {a: ~}}], expect: {only: true}}\n"))
	f.Add([]byte("{name: x, tests: [{name: a, gate: {project: ~, to: ~}, expect: {blocked: yes}}]}"))
	f.Add([]byte("name: x\npolicies: [p.yaml]\nnow: 2026-01-01\nportfolio: {}\ntests:\n  - {name: a, expect: {ratings: [{rating: r, level: red}, {level: [], rating: {}}, ~]}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("fuzz_test.yaml", data)
		if err != nil {
			return
		}
		if s.Name == "" || len(s.Tests) == 0 {
			t.Fatalf("parsed a suite without a name or tests: %+v", s)
		}
		for _, c := range s.Tests {
			if c.Name == "" {
				t.Fatalf("parsed a case without a name")
			}
			if s.Clock(&c).IsZero() {
				t.Fatalf("parsed case %q without a clock", c.Name)
			}
			for _, x := range c.Expect.Ratings {
				if x.Rating == "" || x.Level == "" {
					t.Fatalf("parsed a ratings expectation without rating or level: %+v", x)
				}
			}
		}
	})
}
