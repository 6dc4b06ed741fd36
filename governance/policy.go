package governance

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ErrInvalidPolicy is matched (errors.Is) by every error about a malformed
// policy file: bad syntax, a missing required field, an unknown key, an
// invalid scope or severity, a duplicate rule ID or variable name.
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
	// When is an optional CEL precondition for the whole policy.
	When string `json:"when,omitempty"`
	// Variables are named CEL expressions evaluated at most once per subject
	// and read by the rules as variables.<name>; in order, each may read the
	// ones before it.
	Variables []Variable `json:"variables,omitempty"`
	// Rules are the checks; at least one.
	Rules []Rule `json:"rules"`
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
	// Severity of a violation; the zero value means SeverityError.
	Severity Severity `json:"severity,omitzero"`
	// When is an optional CEL precondition; false skips the rule.
	When string `json:"when,omitempty"`
	// Expression is the CEL check; true means compliant.
	Expression string `json:"expression"`
	// Message is the violation message; optional.
	Message string `json:"message,omitempty"`
	// MessageExpression is a CEL string expression for the violation
	// message; it wins over Message.
	MessageExpression string `json:"message_expression,omitempty"`
}

// policyPositions holds where each expression of a parsed policy sits in its
// file. The zero value (a policy built in Go) has none. The positions of
// variables and rules are tied to their values, not to their indexes: they
// are found by variable name and rule ID, and each is used only while the
// expression is still the text it was recorded for (see exprPos.forText),
// so a host that removes, reorders, replaces or edits rules of a parsed
// Policy never gets a position of another rule.
type policyPositions struct {
	when  exprPos
	vars  map[string]exprPos       // by variable name
	rules map[string]rulePositions // by rule ID
	node  exprPos                  // the "policy:" key, for set-level errors
}

type rulePositions struct {
	id, when, expression, messageExpression exprPos
}

// ParseError is an error in a policy file. It names the file (when known),
// the line and column (1-based), the field path (rules[2].severity) and what
// is wrong. It matches [ErrInvalidPolicy].
type ParseError struct {
	Source       string
	Line, Column int
	Field        string
	Message      string
}

// Error returns "governance: <source>:<line>:<col>: <field>: <message>".
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString("governance: ")
	if e.Source != "" {
		b.WriteString(e.Source)
		b.WriteString(":")
	}
	switch {
	case e.Line > 0 && e.Column > 0:
		fmt.Fprintf(&b, "%d:%d: ", e.Line, e.Column)
	case e.Line > 0:
		fmt.Fprintf(&b, "%d: ", e.Line)
	case e.Source != "":
		b.WriteString(" ")
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	return b.String()
}

// Unwrap returns [ErrInvalidPolicy].
func (e *ParseError) Unwrap() error { return ErrInvalidPolicy }

// ParsePolicy reads one policy from YAML or JSON (JSON is read as YAML, so
// positions work the same). Parsing is strict: unknown keys, duplicate keys,
// missing required fields (policy, rules, and each rule's id and expression;
// each variable's name and expression), an invalid scope or severity, and
// duplicate rule IDs or variable names are errors that name their line,
// column and field; all of them are reported together (errors.Join of
// *ParseError). Expressions are not checked here; [Engine.Compile] does that.
func ParsePolicy(data []byte) (*Policy, error) {
	return parsePolicy("", data)
}

// ParsePolicyFile reads the policy file at path with [ParsePolicy] and
// remembers the path as the policy's Source for error positions.
func ParsePolicyFile(path string) (*Policy, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("governance: %w", err)
	}
	return parsePolicy(path, data)
}

// LoadPolicies reads every *.yaml, *.yml and *.json file directly in dir of
// fsys, in lexical file-name order, with [ParsePolicy]. Each policy's Source
// is its path in fsys. Errors of all files are joined.
func LoadPolicies(fsys fs.FS, dir string) ([]*Policy, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("governance: %w", err)
	}
	var (
		out  []*Policy
		errs []error
	)
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		switch strings.ToLower(path.Ext(e.Name())) {
		case ".yaml", ".yml", ".json":
		default:
			continue
		}
		name := path.Join(dir, e.Name())
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs = append(errs, fmt.Errorf("governance: %w", err))
			continue
		}
		p, err := parsePolicy(name, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, p)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// policyParser collects the errors of one file.
type policyParser struct {
	source string
	lines  []string
	errs   []error
}

func (pp *policyParser) errorf(n *yaml.Node, field, format string, args ...any) {
	e := &ParseError{Source: pp.source, Field: field, Message: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	pp.errs = append(pp.errs, e)
}

func parsePolicy(source string, data []byte) (p *Policy, err error) {
	defer func() {
		// yaml.v3 is robust, but a parser of untrusted input must never panic.
		if r := recover(); r != nil {
			p, err = nil, &ParseError{Source: source, Message: fmt.Sprintf("cannot parse policy: %v", r)}
		}
	}()
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	err = dec.Decode(&doc)
	if errors.Is(err, io.EOF) {
		return nil, &ParseError{Source: source, Message: "empty policy"}
	}
	if err == nil {
		var extra yaml.Node
		if dec.Decode(&extra) == nil {
			return nil, &ParseError{Source: source, Line: extra.Line, Column: extra.Column,
				Message: "a policy file holds one YAML document; found another"}
		}
	}
	if err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		line := yamlErrorLine(msg)
		if line > 0 {
			_, msg, _ = strings.Cut(msg, ": ")
		}
		return nil, &ParseError{Source: source, Line: line, Message: msg}
	}
	pp := &policyParser{source: source, lines: strings.Split(string(data), "\n")}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, &ParseError{Source: source, Message: "empty policy"}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		pp.errorf(root, "", "a policy must be a mapping, found %s", kindName(root))
		return nil, errors.Join(pp.errs...)
	}
	p = &Policy{Source: source}
	p.pos.node = exprPos{segs: []seg{{line: root.Line, col: root.Column}}}
	for k, v := range pp.fields(root, "") {
		key := k.Value
		switch key {
		case "policy":
			p.Name = pp.str(v, key)
			p.pos.node = exprPos{segs: []seg{{line: k.Line, col: k.Column}}}
		case "version":
			p.Version = pp.str(v, key)
		case "description":
			p.Description = pp.str(v, key)
		case "scope":
			s := pp.str(v, key)
			if err := p.Scope.UnmarshalText([]byte(s)); err != nil {
				pp.errorf(v, key, "invalid scope %q (want portfolio, project, gate or change)", s)
			}
		case "when":
			p.When = pp.str(v, key)
			p.pos.when = pp.position(v)
			p.pos.when.text = p.When
		case "variables":
			pp.variables(p, v)
		case "rules":
			pp.rules(p, v)
		default:
			pp.errorf(k, key, "unknown key (want policy, version, description, scope, when, variables or rules)")
		}
	}
	if strings.TrimSpace(p.Name) == "" {
		if hasKey(root, "policy") {
			pp.errorf(root, "policy", "must not be empty")
		} else {
			pp.errorf(root, "policy", "required field missing")
		}
	}
	if !hasKey(root, "rules") {
		pp.errorf(root, "rules", "required field missing")
	}
	if len(pp.errs) > 0 {
		return nil, errors.Join(pp.errs...)
	}
	return p, nil
}

func (pp *policyParser) variables(p *Policy, n *yaml.Node) {
	if n.Kind != yaml.SequenceNode {
		pp.errorf(n, "variables", "must be a list, found %s", kindName(n))
		return
	}
	names := map[string]bool{}
	for i, item := range n.Content {
		field := fmt.Sprintf("variables[%d]", i)
		if item.Kind != yaml.MappingNode {
			pp.errorf(item, field, "must be a mapping, found %s", kindName(item))
			continue
		}
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
					pp.errorf(val, f, "invalid variable name %q (want letters, digits and _, not starting with a digit)", v.Name)
				} else if names[v.Name] {
					pp.errorf(val, f, "duplicate variable name %q", v.Name)
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

func (pp *policyParser) rules(p *Policy, n *yaml.Node) {
	if n.Kind != yaml.SequenceNode {
		pp.errorf(n, "rules", "must be a list, found %s", kindName(n))
		return
	}
	if len(n.Content) == 0 {
		pp.errorf(n, "rules", "must have at least one rule")
	}
	ids := map[string]bool{}
	for i, item := range n.Content {
		field := fmt.Sprintf("rules[%d]", i)
		if item.Kind != yaml.MappingNode {
			pp.errorf(item, field, "must be a mapping, found %s", kindName(item))
			continue
		}
		var (
			r   Rule
			pos rulePositions
		)
		pos.id = exprPos{segs: []seg{{line: item.Line, col: item.Column}}}
		for k, val := range pp.fields(item, field) {
			f := field + "." + k.Value
			switch k.Value {
			case "id":
				r.ID = pp.str(val, f)
				pos.id = exprPos{segs: []seg{{line: val.Line, col: val.Column}}}
				if r.ID != "" && ids[r.ID] {
					pp.errorf(val, f, "duplicate rule id %q", r.ID)
				}
				ids[r.ID] = true
			case "description":
				r.Description = pp.str(val, f)
			case "severity":
				s := pp.str(val, f)
				if err := r.Severity.UnmarshalText([]byte(s)); err != nil {
					pp.errorf(val, f, "invalid severity %q (want error, warning or info)", s)
				}
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
			default:
				pp.errorf(k, f, "unknown key (want id, description, severity, when, expression, message or message_expression)")
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

func (pp *policyParser) required(item *yaml.Node, field, key, value string) {
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

// str returns the value of a scalar node; anything else is an error.
func (pp *policyParser) str(n *yaml.Node, field string) string {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind != yaml.ScalarNode {
		pp.errorf(n, field, "must be a string, found %s", kindName(n))
		return ""
	}
	if n.Tag == "!!null" {
		return ""
	}
	return n.Value
}

func (pp *policyParser) position(n *yaml.Node) exprPos {
	return exprPos{segs: scalarSegments(pp.lines, n)}
}

// pairs iterates the key/value pairs of a mapping node.
func pairs(n *yaml.Node) func(yield func(k, v *yaml.Node) bool) {
	return func(yield func(k, v *yaml.Node) bool) {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if !yield(n.Content[i], n.Content[i+1]) {
				return
			}
		}
	}
}

// hasKey reports whether the mapping n has the key.
func hasKey(n *yaml.Node, key string) bool {
	for k := range pairs(n) {
		if k.Value == key {
			return true
		}
	}
	return false
}

// fields yields the key/value pairs of the mapping n, each key once: a key
// seen before is reported as a duplicate (at field.key, or key at the top
// level) and skipped.
func (pp *policyParser) fields(n *yaml.Node, field string) func(yield func(k, v *yaml.Node) bool) {
	return func(yield func(k, v *yaml.Node) bool) {
		seen := map[string]bool{}
		for k, v := range pairs(n) {
			if seen[k.Value] {
				f := k.Value
				if field != "" {
					f = field + "." + k.Value
				}
				pp.errorf(k, f, "duplicate key")
				continue
			}
			seen[k.Value] = true
			if !yield(k, v) {
				return
			}
		}
	}
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return "a scalar"
	case yaml.AliasNode:
		return "an alias"
	}
	return "nothing"
}

// yamlErrorLine extracts N from yaml.v3's "line N: ..." messages.
func yamlErrorLine(msg string) int {
	var line int
	if _, err := fmt.Sscanf(msg, "line %d:", &line); err == nil {
		return line
	}
	return 0
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
