package governance

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/pmokit/pmokit/internal/document"

	"github.com/pmokit/pmokit/internal/textcut"
	"github.com/pmokit/pmokit/pmo"
)

// ErrInvalidPolicy is matched (errors.Is) by every error about a malformed
// policy file: bad syntax, a missing required field, an unknown key, an
// invalid scope or severity, a duplicate rule ID, rating ID, level or
// variable name.
var ErrInvalidPolicy = errors.New("governance: invalid policy")

// Policy is one governance policy: a named, versioned set of rules that apply
// to one kind of subject (its [Scope]). A Policy is plain data; [ParsePolicy]
// reads one from a file and [Engine.Compile] type-checks it. A Policy built in
// Go works too; its compile errors then carry positions within the
// expressions instead of file positions.
type Policy struct {
	// Name identifies the policy ("policy:" in files); unique in a policy set.
	Name string `json:"policy"`
	// Version is recorded in every result; optional.
	Version string `json:"version,omitempty"`
	// Description says what the policy is for; optional.
	Description string `json:"description,omitempty"`
	// Scope is the kind of subject the policy applies to; the zero value
	// means ScopeProject.
	Scope Scope `json:"scope,omitzero"`
	// Severity is the severity of the rules that set none; optional.
	Severity Severity `json:"severity,omitzero"`
	// Severities is the severity by PMO type of the rules that set none,
	// when the file gives the policy's "severity:" as a mapping
	// ({supportive: info, controlling: warning, directive: error});
	// [Engine.Compile] takes the value for the engine's type
	// ([WithPMOType]). Severity, when set, wins.
	Severities map[pmo.Type]Severity `json:"-"`
	// When is an optional CEL precondition for the whole policy.
	When string `json:"when,omitempty"`
	// Params declare the policy's parameters, read by its expressions as
	// params.<name> (see [Param]); optional.
	Params []Param `json:"params,omitempty"`
	// Variables are named CEL expressions evaluated at most once per subject
	// and read by the rules as variables.<name>; in order, each may read the
	// ones before it.
	Variables []Variable `json:"variables,omitempty"`
	// Rules are the checks; at least one, unless the policy has ratings.
	Rules []Rule `json:"rules,omitempty"`
	// Ratings are the policy's ratings (see [Rating]): ordered levels, the
	// first whose condition holds rating the subject; optional.
	Ratings []Rating `json:"ratings,omitempty"`
	// Waivable, WaiverApprovers and MaxWaiverDays govern the waivers of
	// the policy's rules (see waivers.go): a nil Waivable or true allows
	// waivers, false forbids them; WaiverApprovers are the roles an
	// approver must hold (empty: [DefaultWaiverApprovers]); MaxWaiverDays
	// bounds a waiver's life from its approval (0: no bound).
	Waivable        *bool    `json:"waivable,omitempty"`
	WaiverApprovers []string `json:"waiver_approvers,omitempty"`
	MaxWaiverDays   int      `json:"max_waiver_days,omitempty"`
	// Source names where the policy was read from (a file name), for
	// positions in errors; optional.
	Source string `json:"-"`

	pos policyPositions
}

// Variable is a named CEL expression of a policy, read by its rules as
// variables.<name>.
type Variable struct {
	Name       string `json:"name"`
	Expression string `json:"expression"`
}

// Rule is one check of a policy. Expression is a CEL expression that is true
// when the subject complies.
type Rule struct {
	// ID identifies the rule; unique in its policy.
	ID string `json:"id"`
	// Description says what the rule checks; optional.
	Description string `json:"description,omitempty"`
	// Severity of a violation. The zero value means the policy's severity
	// (Policy.Severity, Policy.Severities), else SeverityError.
	Severity Severity `json:"severity,omitzero"`
	// Severities is the severity by PMO type, when the file gives the
	// rule's "severity:" as a mapping ({supportive: info, controlling:
	// warning, directive: error}); [Engine.Compile] takes the value for the
	// engine's type ([WithPMOType]), and [Pack] resolves it into Severity
	// for its type, keeping the mapping. Severity, when set, wins.
	Severities map[pmo.Type]Severity `json:"-"`
	// When is an optional CEL precondition; false skips the rule.
	When string `json:"when,omitempty"`
	// Expression is the CEL check; true means compliant.
	Expression string `json:"expression"`
	// Message is the violation message; optional.
	Message string `json:"message,omitempty"`
	// MessageExpression is a CEL string expression for the violation
	// message; it wins over Message.
	MessageExpression string `json:"message_expression,omitempty"`
	// Waivable false forbids waivers of this rule, even by a waiver of the
	// whole policy; nil or true allows them when the policy does.
	Waivable *bool `json:"waivable,omitempty"`
}

// policyPositions holds where each expression of a parsed policy sits in its
// file. The zero value (a policy built in Go) has none. The positions of
// variables and rules are tied to their values, not to their indexes: they
// are found by variable name and rule ID, and each is used only while the
// expression is still the text it was recorded for (see exprPos.forText),
// so a host that removes, reorders, replaces or edits rules of a parsed
// Policy never gets a position of another rule.
type policyPositions struct {
	when     exprPos
	severity exprPos                  // the policy's "severity:" value
	params   map[string]paramPos      // by parameter name
	vars     map[string]exprPos       // by variable name
	rules    map[string]rulePositions // by rule ID
	// ratings by rating ID (see ratings.go)
	ratings map[string]ratingPositions
	node    exprPos // the "policy:" key, for set-level errors
}

type rulePositions struct {
	id, severity, when, expression, messageExpression exprPos
}

// ParseError is an error in a policy file. Its fields follow the naming
// rule of every pmokit error type: File is the file (when known), Line and
// Column locate the problem (1-based; 0 when unknown), Path is the field
// path (rules[2].severity) and Err is the cause, without the position. It
// matches [ErrInvalidPolicy] and whatever Err matches (e.g. pmo.ErrTooLarge
// for a file larger than its limit).
type ParseError struct {
	File         string
	Line, Column int
	Path         string
	Err          error
}

// Error returns "governance: <file>:<line>:<col>: <path>: <cause>".
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString("governance: ")
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteString(":")
	}
	switch {
	case e.Line > 0 && e.Column > 0:
		fmt.Fprintf(&b, "%d:%d: ", e.Line, e.Column)
	case e.Line > 0:
		fmt.Fprintf(&b, "%d: ", e.Line)
	case e.File != "":
		b.WriteString(" ")
	}
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	if e.Err != nil {
		b.WriteString(strings.TrimPrefix(e.Err.Error(), "governance: "))
	} else {
		b.WriteString("invalid policy")
	}
	return b.String()
}

// Unwrap returns Err, the cause.
func (e *ParseError) Unwrap() error { return e.Err }

// Is reports whether target is [ErrInvalidPolicy], which every ParseError
// matches.
func (e *ParseError) Is(target error) bool { return target == ErrInvalidPolicy }

// MaxPolicySize is the default size limit of a policy file, 4 MiB: a
// larger one is an error matching [ErrInvalidPolicy] and [pmo.ErrTooLarge].
// [ReadOptions.MaxBytes] sets another.
const MaxPolicySize = 4 << 20

// ReadOptions configures the reading of policy files and parameters
// files. The zero value means the defaults.
type ReadOptions struct {
	// MaxBytes is the largest policy file (or parameters file) read, in
	// bytes; zero means [MaxPolicySize]. A reader that never ends costs at
	// most MaxBytes+1 bytes.
	MaxBytes int64
}

func (o ReadOptions) limit() int64 {
	if o.MaxBytes > 0 {
		return o.MaxBytes
	}
	return MaxPolicySize
}

// ParsePolicy reads one policy with the default [ReadOptions]; see
// [ReadOptions.ParsePolicy].
func ParsePolicy(data []byte) (*Policy, error) {
	return ReadOptions{}.ParsePolicy(data)
}

// ParsePolicyFile reads a policy file with the default [ReadOptions]; see
// [ReadOptions.ParsePolicyFile].
func ParsePolicyFile(path string) (*Policy, error) {
	return ReadOptions{}.ParsePolicyFile(path)
}

// LoadPolicies reads policy files and directories with the default
// [ReadOptions]; see [ReadOptions.LoadPolicies].
func LoadPolicies(fsys fs.FS, paths ...string) ([]*Policy, error) {
	return ReadOptions{}.LoadPolicies(fsys, paths...)
}

// ParsePolicy reads one policy from YAML or JSON. The format is decided
// once, by the first character that is not white space ('{' is JSON, read
// by JSON's strict grammar and never re-read as YAML; anything else YAML).
// The file holds one policy: a second YAML document or anything after the
// JSON value is an error at its position, never ignored. The rules of
// every pmokit file apply (duplicate keys, YAML aliases, merge keys and
// tags outside the core schema are errors; see internal/document), and
// data is at most o.MaxBytes bytes.
//
// Parsing is strict: unknown keys, missing required fields (policy, rules
// or ratings, each rule's id and expression, each variable's name and
// expression, each rating's id and levels, each level's level and when),
// a value of the wrong kind (a JSON number for a text field; in YAML an
// unquoted number is taken as written), an invalid scope or severity, and
// duplicate rule, rating or level IDs or variable names are errors that name their line,
// column and field; all of them are reported together (errors.Join of
// *ParseError). A syntax error names the line and column of the offending
// token. Expressions are not checked here; [Engine.Compile] does that.
func (o ReadOptions) ParsePolicy(data []byte) (*Policy, error) {
	return o.parse("", data)
}

// ParsePolicyFile reads the policy file at path with
// [ReadOptions.ParsePolicy] and remembers the path as the policy's Source
// for error positions. The extension decides the format: .json is JSON,
// .yaml and .yml YAML (else the first character does).
func (o ReadOptions) ParsePolicyFile(path string) (*Policy, error) {
	data, err := document.ReadFile(path, o.limit())
	if err != nil {
		return nil, readError(path, err)
	}
	return o.parse(path, data)
}

// ReadPolicy reads one policy from r (at most o.MaxBytes bytes) with
// [ReadOptions.ParsePolicy]; source names it in errors and decides the
// format by its extension, as in [ReadOptions.ParsePolicyFile] ("-" or ""
// for standard input: the first character decides).
func (o ReadOptions) ReadPolicy(r io.Reader, source string) (*Policy, error) {
	data, err := document.ReadAll(r, o.limit())
	if err != nil {
		return nil, readError(source, err)
	}
	return o.parse(source, data)
}

// LoadPolicies reads policy files: each path names a policy file, or a
// directory whose *.yaml, *.yml and *.json files directly in it are read in
// lexical file-name order (policy test suites, named *_test.yaml or
// *_test.yml, excepted; a directory with no policy file is an error). Paths
// are in fsys, or in the operating system's file system when fsys is nil
// (then a path may be absolute or relative to the working directory). Each
// file is read with [ReadOptions.ParsePolicyFile]'s rules (at most
// o.MaxBytes bytes) and each policy's Source is its path as given, so that
// errors name file:line:col. The errors of all files are joined. It is the
// one loader of policy files: [Pack], the suite runner and the pmokit
// command all use it.
func (o ReadOptions) LoadPolicies(fsys fs.FS, paths ...string) ([]*Policy, error) {
	var (
		out  []*Policy
		errs []error
	)
	for _, p := range paths {
		files, err := policyFiles(fsys, p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, name := range files {
			var data []byte
			if fsys == nil {
				data, err = document.ReadFile(name, o.limit())
			} else {
				data, err = document.ReadFS(fsys, name, o.limit())
			}
			if err != nil {
				errs = append(errs, readError(name, err))
				continue
			}
			pol, err := o.parse(name, data)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			out = append(out, pol)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// IsSuiteFile reports whether a file name is that of a policy test suite
// (it ends in _test.yaml or _test.yml), which [ReadOptions.LoadPolicies]
// passes over.
func IsSuiteFile(name string) bool {
	return strings.HasSuffix(name, "_test.yaml") || strings.HasSuffix(name, "_test.yml")
}

// policyFiles expands one path of LoadPolicies into the policy files to read.
func policyFiles(fsys fs.FS, p string) ([]string, error) {
	var (
		info    fs.FileInfo
		entries []fs.DirEntry
		err     error
		join    = path.Join
	)
	if fsys == nil {
		info, err = os.Stat(p)
		join = filepath.Join
	} else {
		info, err = fs.Stat(fsys, p)
	}
	if err != nil {
		return nil, fmt.Errorf("governance: %w", err)
	}
	if !info.IsDir() {
		return []string{p}, nil
	}
	if fsys == nil {
		entries, err = os.ReadDir(p)
	} else {
		entries, err = fs.ReadDir(fsys, p)
	}
	if err != nil {
		return nil, fmt.Errorf("governance: %w", err)
	}
	var files []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || IsSuiteFile(name) {
			continue
		}
		switch strings.ToLower(path.Ext(name)) {
		case ".yaml", ".yml", ".json":
			files = append(files, join(p, name))
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("governance: %s: no policy files (*.yaml, *.yml, *.json)", p)
	}
	return files, nil
}

// readError wraps an error of reading a policy file: too large is a
// ParseError (matching ErrInvalidPolicy and pmo.ErrTooLarge), anything
// else (a missing file) is returned wrapped.
func readError(source string, err error) error {
	var tl *document.TooLargeError
	if errors.As(err, &tl) {
		return &ParseError{File: source, Err: tl}
	}
	return fmt.Errorf("governance: %w", err)
}

// policyParser collects the errors of one file.
type policyParser struct {
	source string
	json   bool
	lines  []string
	errs   []error
}

func (pp *policyParser) errorf(n *document.Node, field, format string, args ...any) {
	e := &ParseError{File: pp.source, Path: field, Err: fmt.Errorf(format, args...)}
	if n != nil {
		e.Line, e.Column = int(n.Line), int(n.Column)
	}
	pp.errs = append(pp.errs, e)
}

func (o ReadOptions) parse(source string, data []byte) (p *Policy, err error) {
	defer func() {
		// A parser of untrusted input must never panic.
		if r := recover(); r != nil {
			p, err = nil, &ParseError{File: source, Err: fmt.Errorf("cannot parse policy: %v", r)}
		}
	}()
	if err := document.Check(data, o.limit()); err != nil {
		return nil, readError(source, err)
	}
	name := source
	if name == "-" {
		name = ""
	}
	format := document.Detect(name, data)
	root, err := document.Parse(data, format)
	pp := &policyParser{source: source, json: format == document.JSON, lines: strings.Split(string(data), "\n")}
	if err != nil {
		var es document.Errors
		if !errors.As(err, &es) {
			var de *document.Error
			if errors.As(err, &de) {
				msg := de.Msg
				if msg == "empty document" {
					msg = "empty policy"
				}
				return nil, &ParseError{File: source, Line: de.Line, Column: de.Column, Path: de.Path, Err: errors.New(msg)}
			}
			return nil, &ParseError{File: source, Err: err}
		}
		// The tree is complete: its problems are reported with the policy's.
		for _, e := range es {
			pp.errs = append(pp.errs, &ParseError{File: source, Line: e.Line, Column: e.Column, Path: e.Path, Err: errors.New(e.Msg)})
		}
	}
	if root.Kind != document.Map {
		pp.errorf(&root, "", "a policy must be a mapping, found %s", kindName(&root))
		return nil, errors.Join(pp.errs...)
	}
	rootNode := &root
	p = &Policy{Source: source}
	p.pos.node = exprPos{segs: []seg{{line: int(root.Line), col: int(root.Column)}}}
	nameReported := false
	for k, v := range pp.fields(rootNode, "") {
		key := k.Value
		switch key {
		case "policy":
			before := len(pp.errs)
			p.Name = pp.str(v, key)
			nameReported = len(pp.errs) > before
			p.pos.node = exprPos{segs: []seg{{line: int(k.Line), col: int(k.Column)}}}
		case "version":
			p.Version = pp.str(v, key)
		case "description":
			p.Description = pp.str(v, key)
		case "scope":
			s := pp.str(v, key)
			if err := p.Scope.UnmarshalText([]byte(s)); err != nil {
				pp.errorf(v, key, "invalid scope %s (want portfolio, project, gate or change)", textcut.Quote(s))
			}
		case "severity":
			p.Severity, p.Severities = pp.severity(v, key)
			p.pos.severity = severityPos(v)
		case "when":
			p.When = pp.str(v, key)
			p.pos.when = pp.position(v)
			p.pos.when.text = p.When
		case "params":
			pp.params(p, v)
		case "variables":
			pp.variables(p, v)
		case "rules":
			pp.rules(p, v)
		case "ratings":
			pp.ratings(p, v)
		case "waivable", "waiver_approvers", "max_waiver_days":
			pp.policyWaiverKey(p, key, v) // waivers.go
		default:
			pp.errorf(k, key, "unknown key (want policy, version, description, scope, severity, when, params, variables, rules, ratings, waivable, waiver_approvers or max_waiver_days)")
		}
	}
	if strings.TrimSpace(p.Name) == "" && !nameReported {
		if hasKey(rootNode, "policy") {
			pp.errorf(rootNode, "policy", "must not be empty")
		} else {
			pp.errorf(rootNode, "policy", "required field missing")
		}
	}
	if !hasKey(rootNode, "rules") && !hasKey(rootNode, "ratings") {
		pp.errorf(rootNode, "rules", "required field missing (a policy has rules, ratings or both)")
	}
	pp.ratingIDs(p)
	if len(pp.errs) > 0 {
		return nil, errors.Join(pp.errs...)
	}
	return p, nil
}

// items yields the path ("field[i]") and node of each item of the list n
// at field that is a mapping. It reports a node that is not a list, an
// empty list (when what is not "": "must have at least one <what>") and
// an item that is not a mapping; the lists of a policy file (variables,
// rules, params, ratings, levels) are all read through it.
func (pp *policyParser) items(n *document.Node, field, what string) iter.Seq2[string, *document.Node] {
	return func(yield func(string, *document.Node) bool) {
		if n.Kind != document.Seq {
			pp.errorf(n, field, "must be a list, found %s", kindName(n))
			return
		}
		if what != "" && len(n.Kids) == 0 {
			pp.errorf(n, field, "must have at least one %s", what)
		}
		for i := range n.Kids {
			item := &n.Kids[i]
			path := fmt.Sprintf("%s[%d]", field, i)
			if item.Kind != document.Map {
				pp.errorf(item, path, "must be a mapping, found %s", kindName(item))
				continue
			}
			if !yield(path, item) {
				return
			}
		}
	}
}

func (pp *policyParser) variables(p *Policy, n *document.Node) {
	names := map[string]bool{}
	for field, item := range pp.items(n, "variables", "") {
		var (
			v   Variable
			pos exprPos
		)
		for k, val := range pp.fields(item, field) {
			f := field + "." + k.Value
			switch k.Value {
			case "name":
				v.Name = pp.str(val, f)
				if v.Name != "" && !isIdent(v.Name) {
					pp.errorf(val, f, "invalid variable name %s (want letters, digits and _, not starting with a digit)", textcut.Quote(v.Name))
				} else if names[v.Name] {
					pp.errorf(val, f, "duplicate variable name %s", textcut.Quote(v.Name))
				}
				names[v.Name] = true
			case "expression":
				v.Expression = pp.str(val, f)
				pos = pp.position(val)
			case "description":
				pp.str(val, f)
			default:
				pp.errorf(k, f, "unknown key (want name, expression or description)")
			}
		}
		pp.required(item, field, "name", v.Name)
		pp.required(item, field, "expression", v.Expression)
		p.Variables = append(p.Variables, v)
		if _, dup := p.pos.vars[v.Name]; !dup {
			pos.text = v.Expression
			if p.pos.vars == nil {
				p.pos.vars = map[string]exprPos{}
			}
			p.pos.vars[v.Name] = pos
		}
	}
}

func (pp *policyParser) rules(p *Policy, n *document.Node) {
	ids := map[string]bool{}
	for field, item := range pp.items(n, "rules", "rule") {
		var (
			r   Rule
			pos rulePositions
		)
		pos.id = exprPos{segs: []seg{{line: int(item.Line), col: int(item.Column)}}}
		for k, val := range pp.fields(item, field) {
			f := field + "." + k.Value
			switch k.Value {
			case "id":
				r.ID, pos.id = pp.id(val, f, "rule", ids)
			case "description":
				r.Description = pp.str(val, f)
			case "severity":
				r.Severity, r.Severities = pp.severity(val, f)
				pos.severity = severityPos(val)
			case "when":
				r.When = pp.str(val, f)
				pos.when = pp.position(val)
			case "expression":
				r.Expression = pp.str(val, f)
				pos.expression = pp.position(val)
			case "message":
				r.Message = pp.str(val, f)
			case "message_expression":
				r.MessageExpression = pp.str(val, f)
				pos.messageExpression = pp.position(val)
			case "waivable":
				r.Waivable = pp.boolPtr(val, f) // waivers.go
			default:
				pp.errorf(k, f, "unknown key (want id, description, severity, when, expression, message, message_expression or waivable)")
			}
		}
		pp.required(item, field, "id", r.ID)
		pp.required(item, field, "expression", r.Expression)
		p.Rules = append(p.Rules, r)
		if _, dup := p.pos.rules[r.ID]; !dup {
			pos.when.text, pos.expression.text, pos.messageExpression.text = r.When, r.Expression, r.MessageExpression
			if p.pos.rules == nil {
				p.pos.rules = map[string]rulePositions{}
			}
			p.pos.rules[r.ID] = pos
		}
	}
}

func (pp *policyParser) required(item *document.Node, field, key, value string) {
	if strings.TrimSpace(value) != "" {
		return
	}
	for k := range pairs(item) {
		if k.Value == key {
			pp.errorf(k, field+"."+key, "must not be empty")
			return
		}
	}
	pp.errorf(item, field+"."+key, "required field missing")
}

// str returns the text of a scalar node; anything else is an error, and so
// is a JSON number or boolean (in YAML an unquoted scalar is taken as
// written). Null is the empty text.
// id reads the id of a rule or rating (kind) at n, reporting one that ids
// (the ids of the list so far) already has, and returns it with its
// position.
func (pp *policyParser) id(n *document.Node, field, kind string, ids map[string]bool) (string, exprPos) {
	id := pp.str(n, field)
	if id != "" && ids[id] {
		pp.errorf(n, field, "duplicate %s id %s", kind, textcut.Quote(id))
	}
	ids[id] = true
	return id, exprPos{segs: []seg{{line: int(n.Line), col: int(n.Column)}}}
}

func (pp *policyParser) str(n *document.Node, field string) string {
	switch n.Kind {
	case document.Null:
		return ""
	case document.String:
		return n.Value
	case document.Seq, document.Map:
		pp.errorf(n, field, "must be a string, found %s", kindName(n))
		return ""
	}
	if pp.json {
		pp.errorf(n, field, "must be a string, found %s", n.Describe())
		return ""
	}
	return n.Value
}

func (pp *policyParser) position(n *document.Node) exprPos {
	return exprPos{segs: scalarSegments(pp.lines, n)}
}

// pairs iterates the key/value pairs of a mapping node.
func pairs(n *document.Node) func(yield func(k, v *document.Node) bool) {
	return func(yield func(k, v *document.Node) bool) {
		for i := 0; i+1 < len(n.Kids); i += 2 {
			if !yield(&n.Kids[i], &n.Kids[i+1]) {
				return
			}
		}
	}
}

// hasKey reports whether the mapping n has the key.
func hasKey(n *document.Node, key string) bool {
	for k := range pairs(n) {
		if k.Value == key {
			return true
		}
	}
	return false
}

// fields yields the key/value pairs of the mapping n, each key once: a key
// seen before (which the document layer reports as a duplicate) is skipped.
func (pp *policyParser) fields(n *document.Node, field string) func(yield func(k, v *document.Node) bool) {
	return func(yield func(k, v *document.Node) bool) {
		seen := map[string]bool{}
		for k, v := range pairs(n) {
			if seen[k.Value] {
				continue
			}
			seen[k.Value] = true
			if !yield(k, v) {
				return
			}
		}
	}
}

func kindName(n *document.Node) string {
	switch n.Kind {
	case document.Map:
		return "a mapping"
	case document.Seq:
		return "a list"
	}
	return "a scalar"
}

// isIdent reports whether s is a CEL identifier that is not a reserved word.
func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	switch s {
	case "as", "break", "const", "continue", "else", "false", "for", "function", "if", "import",
		"in", "let", "loop", "package", "namespace", "null", "return", "true", "var", "void", "while":
		return false
	}
	return true
}
