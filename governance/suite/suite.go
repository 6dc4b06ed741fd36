package suite

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/pmokit/pmokit/internal/document"
	"go.yaml.in/yaml/v3"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"

	"github.com/pmokit/pmokit/internal/textcut"
)

// Suite is one parsed policy test-suite file: the policies under test, a
// shared portfolio fixture, a clock, and the test cases.
type Suite struct {
	File        string            // the file the suite was read from, as given
	Name        string            // required
	Description string            // optional
	Policies    []PolicySource    // the policies under test; empty only with Packs
	Packs       []string          // matrix: run every case once per pack, with that pack added to Policies
	Portfolio   *Fixture          // shared fixture; a case may replace it
	Now         time.Time         // suite clock; a case may override it
	Params      governance.Params // parameter values for every case (params.go)
	Tests       []Case
}

// PolicySource is one entry of a suite's policies: an embedded pack (Pack)
// or a policy file or directory (Path, relative to the suite file).
type PolicySource struct {
	Pack string
	Path string
	Pos  Pos
}

// Fixture is a portfolio: a file (Path, relative to the suite file) or a
// mapping written inline in the suite.
type Fixture struct {
	Path   string
	Inline *yaml.Node
	Pos    Pos
}

// Case is one test case of a suite.
type Case struct {
	Name        string
	Description string
	Skip        string            // non-empty: skipped, with this reason
	Now         time.Time         // zero: the suite's
	Portfolio   *Fixture          // nil: the suite's
	Patch       []Patch           // applied in order to a copy of the portfolio
	Gate        *Gate             // non-nil: a gate check instead of a full evaluation
	Params      governance.Params // parameter values of this case, after the suite's (params.go)
	Expect      Expect
	Pos         Pos
}

// Patch changes the case's copy of the portfolio before evaluation. Set is
// a JSON merge patch (RFC 7396: a mapping merges, null deletes a key, any
// other value replaces); Append appends items to lists. Both apply to the
// project named by Project, or to the portfolio itself when Project is
// empty.
type Patch struct {
	Project string
	Set     *yaml.Node
	Append  *yaml.Node
	Pos     Pos
}

// Gate is a gate check: project Project moving to phase To.
type Gate struct {
	Project string
	To      string
	Pos     Pos
}

// Expect is what a case expects of the report.
type Expect struct {
	Blocked    *bool               // nil: not checked
	Only       bool                // the violations are exactly those listed (none when the list is empty)
	Violations []Expectation       // each must match at least one violation
	Passes     []Expectation       // each must match a passing result, and no violation
	Ratings    []RatingExpectation // each must match a result rated at its level (ratings.go)
	Waived     []Expectation       // each must match a result with outcome waived (see docs/waivers.md)
}

// Expectation matches results: Rule is required; Policy, Subject,
// Severity and Waiver (the result's waiver, see governance.Result.Waiver)
// must be equal when given; Message must be a substring of the result's
// message when given.
type Expectation struct {
	Policy   string
	Rule     string
	Subject  string
	Severity string
	Message  string
	Waiver   string
	Pos      Pos
}

// String describes the expectation in the words of the suite file.
func (e Expectation) String() string {
	var b strings.Builder
	b.WriteString("rule ")
	if e.Policy != "" {
		b.WriteString(e.Policy + "/")
	}
	b.WriteString(e.Rule)
	if e.Subject != "" {
		b.WriteString(" subject " + e.Subject)
	}
	if e.Severity != "" {
		b.WriteString(" severity " + e.Severity)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, " message containing %s", textcut.Quote(e.Message))
	}
	if e.Waiver != "" {
		b.WriteString(" waiver " + e.Waiver)
	}
	return b.String()
}

// Pos is a position in a suite file.
type Pos struct {
	File         string
	Line, Column int
}

// String returns "file:line:col".
func (p Pos) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column) }

// packNames returns the names of the embedded policy packs a suite may name.
func packNames() []string { return []string{"supportive", "controlling", "directive"} }

// Find expands paths into suite files: a file is taken as it is; a
// directory is walked for files named like suites ([governance.IsSuiteFile]). The
// result is sorted within each directory and free of duplicates. A path
// that does not exist is an error.
func Find(paths ...string) ([]string, error) {
	var out []string
	seen := make(map[string]bool)
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("suite: %w", err)
		}
		if !info.IsDir() {
			add(p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && governance.IsSuiteFile(d.Name()) {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("suite: %w", err)
		}
		slices.Sort(found)
		for _, f := range found {
			add(f)
		}
	}
	return out, nil
}

// MaxSuiteSize is the default size limit of a suite file and of a
// portfolio fixture file it names, 4 MiB; a larger one is an error matching
// pmo.ErrTooLarge. [ReadOptions.MaxBytes] sets another.
const MaxSuiteSize = 4 << 20

// ReadOptions configures the reading of suite files. The zero value means
// the defaults.
type ReadOptions struct {
	// MaxBytes is the largest suite file read, in bytes; zero means
	// [MaxSuiteSize]. A reader that never ends costs at most MaxBytes+1
	// bytes.
	MaxBytes int64
}

func (o ReadOptions) limit() int64 {
	if o.MaxBytes > 0 {
		return o.MaxBytes
	}
	return MaxSuiteSize
}

// Load reads and parses a suite file with the default [ReadOptions].
func Load(path string) (*Suite, error) { return ReadOptions{}.Load(path) }

// Parse parses a suite with the default [ReadOptions]; see
// [ReadOptions.Parse].
func Parse(file string, data []byte) (*Suite, error) { return ReadOptions{}.Parse(file, data) }

// Load reads a suite file (at most o.MaxBytes bytes; /dev/zero costs no
// more) and parses it with [ReadOptions.Parse].
func (o ReadOptions) Load(path string) (*Suite, error) {
	data, err := document.ReadFile(path, o.limit())
	if err != nil {
		return nil, &Error{File: path, Err: err}
	}
	return o.Parse(path, data)
}

// Parse parses a suite. The rules of every pmokit file apply first (see
// internal/document): one YAML document or JSON value — a second document,
// even one holding a failing case, is an error at its position, never
// ignored —, every key once, no aliases, merge keys or tags outside the
// core schema, the format decided once by the extension or the first byte.
// Parsing is then strict: an unknown field, a value of the wrong kind, a
// missing name or rule, a duplicate case name, a date that is not a date,
// an unknown pack — each is an error that names file:line:col, and all of
// them are returned together.
func (o ReadOptions) Parse(file string, data []byte) (*Suite, error) {
	n, errs, err := strictYAML(file, data, o.limit())
	if err != nil {
		return nil, err
	}
	d := &decoder{file: file, errs: errs}
	s := d.suite(n)
	if err := errors.Join(d.errs...); err != nil {
		return nil, err
	}
	return s, nil
}

// strictYAML checks data by the rules of every pmokit file and returns its
// top node as yaml.v3 parses it. A syntax error is err; the problems of a
// well-formed document (a duplicate key, an alias) are probs, each naming
// file:line:col, for the caller to report with its own.
func strictYAML(file string, data []byte, limit int64) (n *yaml.Node, probs []error, err error) {
	if err := document.Check(data, limit); err != nil {
		return nil, nil, &Error{File: file, Err: err}
	}
	if _, err := document.Parse(data, document.Detect(file, data)); err != nil {
		var es document.Errors
		if !errors.As(err, &es) {
			var de *document.Error
			if !errors.As(err, &de) {
				return nil, nil, &Error{File: file, Err: err}
			}
			if de.Line == 0 {
				if de.Msg == "empty document" {
					return nil, nil, &Error{File: file, Err: errors.New("empty suite")}
				}
				return nil, nil, &Error{File: file, Err: errors.New(de.Msg)}
			}
			return nil, nil, &Error{File: file, Line: de.Line, Column: de.Column, Err: errors.New(de.Msg)}
		}
		for _, e := range es {
			probs = append(probs, &Error{File: file, Line: e.Line, Column: e.Column, Path: e.Path, Err: errors.New(e.Msg)})
		}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, nil, &Error{File: file, Err: err}
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		return nil, nil, &Error{File: file, Err: errors.New("empty suite")}
	}
	if err := checkAliases(root.Content[0]); err != nil {
		if probs != nil { // the aliases are reported there
			return nil, nil, errors.Join(probs...)
		}
		return nil, nil, &Error{File: file, Err: err}
	}
	return root.Content[0], probs, nil
}

type decoder struct {
	file string
	errs []error
}

func (d *decoder) pos(n *yaml.Node) Pos { return Pos{File: d.file, Line: n.Line, Column: n.Column} }

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.errs = append(d.errs, errorAt(d.pos(n), fmt.Errorf(format, args...)))
}

// fields returns the values of a mapping by key, reporting a node that is
// not a mapping, unknown keys and duplicate keys.
func (d *decoder) fields(n *yaml.Node, what string, allowed ...string) map[string]*yaml.Node {
	n = resolveAlias(n)
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s must be a mapping", what)
		return nil
	}
	out := make(map[string]*yaml.Node, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case !slices.Contains(allowed, k.Value):
			d.errorf(k, "unknown field %s in %s (want one of %s)", textcut.Quote(k.Value), what, strings.Join(allowed, ", "))
		case out[k.Value] != nil:
			// A duplicate key, reported by the document layer.
		default:
			out[k.Value] = v
		}
	}
	return out
}

// maxNodes bounds the size of a suite with its aliases expanded, so that a
// few nested aliases cannot make a small file expand without limit.
const maxNodes = 1 << 20

// checkAliases rejects an alias that refers to a node containing itself and
// a document that expands to more than maxNodes nodes.
func checkAliases(root *yaml.Node) error {
	count := 0
	onPath := make(map[*yaml.Node]bool)
	var walk func(n *yaml.Node) error
	walk = func(n *yaml.Node) error {
		if onPath[n] {
			return fmt.Errorf("%d:%d: recursive alias", n.Line, n.Column)
		}
		if count++; count > maxNodes {
			return fmt.Errorf("suite too large with its aliases expanded (over %d nodes)", maxNodes)
		}
		onPath[n] = true
		defer delete(onPath, n)
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			return walk(n.Alias)
		}
		for _, c := range n.Content {
			if err := walk(c); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(root)
}

func resolveAlias(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func (d *decoder) str(n *yaml.Node, what string) string {
	if n == nil {
		return ""
	}
	n = resolveAlias(n)
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.errorf(n, "%s must be a string", what)
		return ""
	}
	return n.Value
}

func (d *decoder) boolean(n *yaml.Node, what string) bool {
	n = resolveAlias(n)
	var b bool
	if n.Kind != yaml.ScalarNode || n.Decode(&b) != nil {
		d.errorf(n, "%s must be true or false", what)
	}
	return b
}

func (d *decoder) date(n *yaml.Node, what string) time.Time {
	s := d.str(n, what)
	if s == "" {
		return time.Time{}
	}
	t, err := pmo.ParseTime(s)
	if err != nil {
		d.errorf(n, "%s: invalid date %s (want YYYY-MM-DD or RFC 3339)", what, textcut.Quote(s))
	}
	return t
}

func (d *decoder) seq(n *yaml.Node, what string) []*yaml.Node {
	n = resolveAlias(n)
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "%s must be a list", what)
		return nil
	}
	return n.Content
}

func (d *decoder) suite(n *yaml.Node) *Suite {
	s := &Suite{File: d.file}
	f := d.fields(n, "suite", "name", "description", "policies", "packs", "portfolio", "now", "params", "tests")
	if f == nil {
		return s
	}
	if f["name"] == nil {
		d.errorf(n, "suite: missing name")
	}
	s.Name = d.str(f["name"], "name")
	s.Description = d.str(f["description"], "description")
	if v := f["policies"]; v != nil {
		for _, item := range d.seq(v, "policies") {
			s.Policies = append(s.Policies, d.source(item))
		}
	}
	if v := f["packs"]; v != nil {
		for _, item := range d.seq(v, "packs") {
			p := d.str(item, "packs item")
			d.checkPack(item, p)
			s.Packs = append(s.Packs, p)
		}
	}
	if len(s.Policies) == 0 && len(s.Packs) == 0 {
		d.errorf(n, "suite %s: no policies (give policies or packs)", textcut.Quote(s.Name))
	}
	if v := f["portfolio"]; v != nil {
		s.Portfolio = d.fixture(v)
	}
	if v := f["now"]; v != nil {
		s.Now = d.date(v, "now")
	}
	if v := f["params"]; v != nil {
		s.Params = d.params(v, "suite")
	}
	if f["tests"] == nil {
		d.errorf(n, "suite %s: no tests", textcut.Quote(s.Name))
		return s
	}
	items := d.seq(f["tests"], "tests")
	if resolveAlias(f["tests"]).Kind == yaml.SequenceNode && len(items) == 0 {
		d.errorf(f["tests"], "suite %s: no tests", textcut.Quote(s.Name))
	}
	names := make(map[string]bool)
	for _, item := range items {
		c := d.testCase(item)
		if c.Name != "" && names[c.Name] {
			d.errorf(item, "duplicate test name %s", textcut.Quote(c.Name))
		}
		names[c.Name] = true
		if c.Portfolio == nil && s.Portfolio == nil {
			d.errorf(item, "test %s: no portfolio (give one for the suite or the test)", textcut.Quote(c.Name))
		}
		if c.Now.IsZero() && f["now"] == nil && resolveAlias(item).Kind == yaml.MappingNode && lookup(resolveAlias(item), "now") == nil {
			d.errorf(item, "test %s: no clock (give now for the suite or the test)", textcut.Quote(c.Name))
		}
		s.Tests = append(s.Tests, c)
	}
	return s
}

func (d *decoder) checkPack(n *yaml.Node, p string) {
	if p != "" && !slices.Contains(packNames(), p) {
		d.errorf(n, "unknown pack %s (want %s)", textcut.Quote(p), strings.Join(packNames(), ", "))
	}
}

func (d *decoder) source(n *yaml.Node) PolicySource {
	n = resolveAlias(n)
	src := PolicySource{Pos: d.pos(n)}
	if n.Kind == yaml.ScalarNode {
		src.Path = d.str(n, "policies item")
		return src
	}
	f := d.fields(n, "policies item", "pack", "path")
	if f == nil {
		return src
	}
	src.Pack = d.str(f["pack"], "pack")
	src.Path = d.str(f["path"], "path")
	d.checkPack(n, src.Pack)
	if (src.Pack == "") == (src.Path == "") {
		d.errorf(n, "policies item: give exactly one of pack or path")
	}
	return src
}

func (d *decoder) fixture(n *yaml.Node) *Fixture {
	n = resolveAlias(n)
	fx := &Fixture{Pos: d.pos(n)}
	switch n.Kind {
	case yaml.ScalarNode:
		fx.Path = d.str(n, "portfolio")
	case yaml.MappingNode:
		fx.Inline = n
	default:
		d.errorf(n, "portfolio must be a file name or a mapping")
	}
	return fx
}

func (d *decoder) testCase(n *yaml.Node) Case {
	c := Case{Pos: d.pos(n)}
	f := d.fields(n, "test", "name", "description", "skip", "now", "portfolio", "patch", "gate", "params", "expect")
	if f == nil {
		return c
	}
	if f["name"] == nil {
		d.errorf(n, "test: missing name")
	}
	c.Name = d.str(f["name"], "name")
	c.Description = d.str(f["description"], "description")
	c.Skip = d.str(f["skip"], "skip")
	if f["skip"] != nil && c.Skip == "" {
		d.errorf(f["skip"], "test %s: skip needs a reason", textcut.Quote(c.Name))
	}
	if v := f["now"]; v != nil {
		c.Now = d.date(v, "now")
	}
	if v := f["portfolio"]; v != nil {
		c.Portfolio = d.fixture(v)
	}
	if v := f["patch"]; v != nil {
		for _, item := range d.seq(v, "patch") {
			c.Patch = append(c.Patch, d.patch(item))
		}
	}
	if v := f["params"]; v != nil {
		c.Params = d.params(v, "test")
	}
	if v := f["gate"]; v != nil {
		g := d.fields(v, "gate", "project", "to")
		c.Gate = &Gate{Pos: d.pos(v)}
		if g != nil {
			c.Gate.Project = d.str(g["project"], "gate project")
			c.Gate.To = d.str(g["to"], "gate to")
			if c.Gate.Project == "" || c.Gate.To == "" {
				d.errorf(v, "test %s: gate needs project and to", textcut.Quote(c.Name))
			}
		}
	}
	if f["expect"] == nil {
		d.errorf(n, "test %s: missing expect", textcut.Quote(c.Name))
		return c
	}
	c.Expect = d.expect(f["expect"], c.Name)
	return c
}

func (d *decoder) patch(n *yaml.Node) Patch {
	p := Patch{Pos: d.pos(n)}
	f := d.fields(n, "patch item", "project", "set", "append")
	if f == nil {
		return p
	}
	p.Project = d.str(f["project"], "project")
	if v := f["set"]; v != nil {
		if resolveAlias(v).Kind != yaml.MappingNode {
			d.errorf(v, "set must be a mapping")
		} else {
			p.Set = resolveAlias(v)
		}
	}
	if v := f["append"]; v != nil {
		a := d.fields(v, "append", keysOf(v)...)
		for k, list := range a {
			if resolveAlias(list).Kind != yaml.SequenceNode {
				d.errorf(list, "append %s must be a list", k)
			}
		}
		p.Append = resolveAlias(v)
	}
	if p.Set == nil && p.Append == nil {
		d.errorf(n, "patch item: give set or append")
	}
	return p
}

// keysOf returns the keys of a mapping node, so that fields accepts any key
// but still reports duplicates.
func keysOf(n *yaml.Node) []string {
	n = resolveAlias(n)
	var keys []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		keys = append(keys, n.Content[i].Value)
	}
	return keys
}

func (d *decoder) expect(n *yaml.Node, test string) Expect {
	var e Expect
	nerrs := len(d.errs)
	f := d.fields(n, "expect", "blocked", "only", "violations", "passes", "ratings", "waived")
	if f == nil {
		return e
	}
	if v := f["blocked"]; v != nil {
		b := d.boolean(v, "blocked")
		e.Blocked = &b
	}
	if v := f["only"]; v != nil {
		e.Only = d.boolean(v, "only")
	}
	if v := f["violations"]; v != nil {
		for _, item := range d.seq(v, "violations") {
			e.Violations = append(e.Violations, d.expectation(item, "violations item"))
		}
	}
	if v := f["passes"]; v != nil {
		for _, item := range d.seq(v, "passes") {
			x := d.expectation(item, "passes item")
			if x.Severity != "" || x.Message != "" || x.Waiver != "" {
				d.errorf(item, "passes item: severity, message and waiver apply to violations and waived results only")
			}
			e.Passes = append(e.Passes, x)
		}
	}
	if v := f["ratings"]; v != nil {
		e.Ratings = d.ratingExpectations(v)
	}
	if v := f["waived"]; v != nil {
		for _, item := range d.seq(v, "waived") {
			e.Waived = append(e.Waived, d.expectation(item, "waived item"))
		}
	}
	if e.Blocked == nil && !e.Only && len(e.Violations) == 0 && len(e.Passes) == 0 && len(e.Ratings) == 0 && len(e.Waived) == 0 && len(d.errs) == nerrs {
		d.errorf(n, "test %s: expect checks nothing (give blocked, only, violations, passes, ratings or waived)", textcut.Quote(test))
	}
	return e
}

// severityNames returns the words of the severities an expectation may name.
func severityNames() []string { return []string{"error", "warning", "info"} }

func (d *decoder) expectation(n *yaml.Node, what string) Expectation {
	x := Expectation{Pos: d.pos(n)}
	f := d.fields(n, what, "policy", "rule", "subject", "severity", "message", "waiver")
	if f == nil {
		return x
	}
	x.Policy = d.str(f["policy"], "policy")
	x.Rule = d.str(f["rule"], "rule")
	x.Subject = d.str(f["subject"], "subject")
	x.Severity = d.str(f["severity"], "severity")
	x.Message = d.str(f["message"], "message")
	x.Waiver = d.str(f["waiver"], "waiver")
	if x.Rule == "" {
		d.errorf(n, "%s: missing rule", what)
	}
	if x.Severity != "" && !slices.Contains(severityNames(), x.Severity) {
		d.errorf(f["severity"], "invalid severity %s (want error, warning or info)", textcut.Quote(x.Severity))
	}
	return x
}
