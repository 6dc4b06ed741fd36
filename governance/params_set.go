package governance

// Setting parameters: the values a host gives (WithParams, a parameters
// file), how they are matched with the declarations of the compiled
// policies, and the record of the effective values every report keeps.

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"

	"github.com/pmokit/pmokit/internal/textcut"
)

// ErrInvalidParams is matched (errors.Is) by every error about parameter
// values: a parameters file that does not parse, and at [Engine.Compile] a
// value for a policy or a parameter no compiled policy declares, or a value
// that does not fit its parameter's type.
var ErrInvalidParams = errors.New("governance: invalid params")

// ParamSetting is one parameter value set by a host.
type ParamSetting struct {
	// Policy names the policy the value is for; empty means every policy
	// of the set that declares a parameter Name.
	Policy string
	// Name is the parameter's name.
	Name string
	// Value is the value, of a Go type that fits the parameter's type:
	// number: a Go number or a json.Number; int: a Go integer or a
	// json.Number without fraction; string: a string; bool: a bool;
	// duration: a time.Duration or a string such as "14d", "336h" or
	// "1h30m" (Go's syntax plus d, 24 hours); list: []string or []any of
	// strings; map: a map with string keys whose values fit the map's value
	// type; money: a pmo.Money or a money string ("250000 USD") for one
	// amount, or a map from currency to amount (each a pmo.Money, a string
	// "250000" or "250000 USD", a json.Number or a Go integer; never a Go
	// float, money is exact) for one amount per currency.
	Value any
	// File, Line and Column say where the value was written (a parameters
	// file, a suite); empty and zero for a value set in Go. Reports and
	// errors name them.
	File         string
	Line, Column int
}

// source is where the setting came from, as reports print it:
// "file:line:col", or "go".
func (s ParamSetting) source() string {
	switch {
	case s.File == "" && s.Line == 0:
		return "go"
	case s.Line == 0:
		return s.File
	case s.File == "":
		return fmt.Sprintf("%d:%d", s.Line, s.Column)
	}
	return fmt.Sprintf("%s:%d:%d", s.File, s.Line, s.Column)
}

// Params are parameter values a host sets, in order. The value of a
// parameter of a policy is that of the last setting that applies to it (a
// setting for that policy by name, or for every policy), else the declared
// default: later settings override earlier ones, so that layers of values
// (a PMO's file, then a test's own) are appended in order. [ReadParams]
// lists a file's values for every policy before its values for one policy,
// so that in a file the values for one policy win. The zero value sets
// nothing. [WithParams] gives Params to an [Engine].
type Params []ParamSetting

// ParamError is an error in a parameter value: a value for a policy the set
// does not compile or for a parameter no compiled policy declares, or a
// value that does not fit its parameter. Its fields follow the naming rule
// of every pmokit error type: File, Line and Column locate the value
// (empty and zero for a value set in Go), Policy and Name name it (Policy is
// empty for a value for every policy) and Err is the cause. It matches
// [ErrInvalidParams].
type ParamError struct {
	File         string
	Line, Column int
	Policy       string
	Name         string
	Err          error
}

// Error returns "governance: <file>:<line>:<col>: params: policy <p>
// parameter <name>: <cause>".
func (e *ParamError) Error() string {
	var b strings.Builder
	b.WriteString("governance: ")
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteString(":")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "%d:%d:", e.Line, e.Column)
	}
	if e.File != "" || e.Line > 0 {
		b.WriteString(" ")
	}
	b.WriteString("params")
	if e.Policy != "" {
		fmt.Fprintf(&b, ": policy %s", textcut.Cut(e.Policy))
	}
	if e.Name != "" {
		fmt.Fprintf(&b, ": parameter %s", textcut.Cut(e.Name))
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(strings.TrimPrefix(e.Err.Error(), "governance: "))
	}
	return b.String()
}

// Unwrap returns Err, the cause.
func (e *ParamError) Unwrap() error { return e.Err }

// Is reports whether target is [ErrInvalidParams], which every ParamError
// matches.
func (e *ParamError) Is(target error) bool { return target == ErrInvalidParams }

func settingError(s ParamSetting, format string, args ...any) *ParamError {
	return &ParamError{File: s.File, Line: s.Line, Column: s.Column, Policy: s.Policy, Name: s.Name, Err: fmt.Errorf(format, args...)}
}

// WithParams sets parameter values for the policies the engine compiles.
// Each value is matched with the declarations at [Engine.Compile]: a value
// for a policy the set does not hold, for a parameter no compiled policy
// declares (or, with Policy set, that the policy does not declare), or of
// the wrong type is a compile error (*ParamError, matching
// [ErrInvalidParams]) naming it. Several WithParams add up, in order: the
// last value that applies to a parameter wins (see [Params]).
func WithParams(p Params) Option {
	return func(e *Engine) error {
		e.params = append(slices.Clip(e.params), p...)
		return nil
	}
}

// WithParams returns an Engine that compiles like e with p added after e's
// own parameters (see the option [WithParams]). It shares e's environments,
// so it costs no new environment: the way to compile the same policies with
// other values (a test case, a what-if). e is not modified.
func (e *Engine) WithParams(p Params) *Engine {
	if e == nil {
		return nil
	}
	c := *e
	c.params = append(slices.Clip(e.params), p...)
	return &c
}

// ParamValue is the effective value of one parameter of one compiled
// policy, as a [Report] records it.
type ParamValue struct {
	// Policy and Name name the parameter.
	Policy string `json:"policy"`
	Name   string `json:"name"`
	// Type is the declared type: "number", "int", "string", "bool",
	// "money", "duration", "list" or "map of <type>".
	Type string `json:"type"`
	// Value is the value's canonical text: a number as Go prints a
	// float64 (0.15), a duration in days when whole ("14d") else as Go
	// prints it, a list or map as JSON (keys in order), money as
	// "250000 USD" or as JSON {"EUR":"230000 EUR","USD":"250000 USD"}.
	Value string `json:"value"`
	// Source is where the value came from: "default" (the declaration),
	// "go" (set in Go without a position) or the "file:line:col" of the
	// setting.
	Source string `json:"source"`
}

// IsDefault reports whether the value is the declared default (it was not
// set).
func (v ParamValue) IsDefault() bool { return v.Source == "default" }

// String returns "policy.name = value (source)".
func (v ParamValue) String() string {
	return fmt.Sprintf("%s.%s = %s (%s)", v.Policy, v.Name, textcut.Cut(v.Value), v.Source)
}

// paramBinding is the effective value of one parameter of a policy being
// compiled.
type paramBinding struct {
	decl  Param
	value paramValue
}

// bindParams resolves the values of p's parameters from the engine's
// settings; errors of the defaults are CompileErrors, errors of the
// settings ParamErrors. It returns the indexes of the settings it used.
func (pc *policyCompiler) bindParams() (out []paramBinding, record []ParamValue, used []int) {
	p := pc.p
	seen := map[string]bool{}
	for _, decl := range p.Params {
		field := "params." + decl.Name
		pos := p.pos.params[decl.Name]
		if err := decl.check(); err != nil {
			pc.errs = append(pc.errs, &CompileError{Policy: p.Name, Path: field, File: p.Source, Line: pos.line, Column: pos.col, Err: err})
			if isIdent(decl.Name) && !seen[decl.Name] {
				seen[decl.Name] = true
				out = append(out, paramBinding{decl: decl})
			}
			continue
		}
		if seen[decl.Name] {
			pc.errs = append(pc.errs, &CompileError{Policy: p.Name, Path: field, File: p.Source, Line: pos.line, Column: pos.col,
				Err: fmt.Errorf("duplicate parameter name %s", textcut.Quote(decl.Name))})
			continue
		}
		seen[decl.Name] = true
		def, err := decl.convert(decl.Default)
		if err != nil {
			pc.errs = append(pc.errs, &CompileError{Policy: p.Name, Path: field + ".default", File: p.Source, Line: pos.line, Column: pos.col,
				Err: fmt.Errorf("%s: %w", decl.typeText(), err)})
			out = append(out, paramBinding{decl: decl}) // declared, so that the rules are still checked
			continue
		}
		val, source := def, "default"
		if i := settingFor(pc.e.params, p.Name, decl.Name); i >= 0 {
			s := pc.e.params[i]
			used = append(used, i)
			v, err := decl.convert(s.Value)
			if err != nil {
				e := settingError(s, "%s: %w", decl.typeText(), err)
				e.Policy = p.Name
				pc.errs = append(pc.errs, e)
				out = append(out, paramBinding{decl: decl})
				continue
			}
			val, source = v, s.source()
		}
		if t, ok := val.val.(*threshold); ok {
			t.name = decl.Name
		}
		out = append(out, paramBinding{decl: decl, value: val})
		record = append(record, ParamValue{Policy: p.Name, Name: decl.Name, Type: decl.typeText(), Value: val.text, Source: source})
	}
	return out, record, used
}

// settingFor returns the index of the setting that gives policy's
// parameter name its value, or -1: the last one that applies.
func settingFor(ps Params, policy, name string) int {
	for i := len(ps) - 1; i >= 0; i-- {
		if s := ps[i]; s.Name == name && (s.Policy == policy || s.Policy == "") {
			return i
		}
	}
	return -1
}

// unusedSettings reports the settings that no compiled policy declares:
// a value for a policy the set does not hold, or for a parameter no policy
// (or not the named one) declares.
func unusedSettings(ps Params, used []bool, policies []*Policy) []error {
	var errs []error
	byName := map[string]*Policy{}
	declared := map[string]bool{}
	for _, p := range policies {
		if p == nil {
			continue
		}
		byName[p.Name] = p
		for _, d := range p.Params {
			declared[d.Name] = true
		}
	}
	for i, s := range ps {
		if used[i] {
			continue
		}
		switch {
		case s.Policy == "":
			if !declared[s.Name] {
				errs = append(errs, settingError(s, "no policy of the set declares this parameter%s", declaredHint(sortedKeys(declared))))
			}
			// Otherwise a later setting won.
		case byName[s.Policy] == nil:
			errs = append(errs, settingError(s, "unknown policy (the set has %s)", strings.Join(quoteAll(sortedKeys(byName)), ", ")))
		default:
			if !slices.ContainsFunc(byName[s.Policy].Params, func(d Param) bool { return d.Name == s.Name }) {
				var names []string
				for _, d := range byName[s.Policy].Params {
					names = append(names, d.Name)
				}
				errs = append(errs, settingError(s, "the policy declares no such parameter%s", declaredHint(names)))
			}
		}
	}
	return errs
}

func declaredHint(names []string) string {
	if len(names) == 0 {
		return " (it declares no parameters)"
	}
	return " (declared: " + strings.Join(names, ", ") + ")"
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = textcut.Quote(s)
	}
	return out
}

// Params returns the effective value of every parameter of every compiled
// policy, in Compile order and declaration order, with where each came
// from. The slice is the set's own: do not modify it.
func (s *PolicySet) Params() []ParamValue { return s.params }

// Params returns the effective parameter values of the policies that
// produced the report (see [PolicySet.Params]): what, besides the
// policies' names and versions, each result depends on. The slice is the
// report's own: do not modify it.
func (r *Report) Params() []ParamValue { return r.params }

// paramHintFor completes a compile error about params.<x>: the names the
// policy declares.
func paramHintFor(p *Policy, msg string) string {
	if !strings.Contains(msg, "undeclared reference to 'params") || strings.Contains(msg, "did you mean") {
		return ""
	}
	var names []string
	for _, d := range p.Params {
		names = append(names, "params."+d.Name)
	}
	if len(names) == 0 {
		return "the policy declares no params (declare them under params:)"
	}
	return "unknown parameter; the policy declares " + strings.Join(names, ", ")
}

// paramsEnv extends the policy's environment with its parameters, each a
// constant params.<name> of its declared type: the checker types every
// read, and the planner folds the value into the program, so reading a
// parameter costs an evaluation nothing.
func (pc *policyCompiler) paramsEnv(params []paramBinding, record []ParamValue) *cel.Env {
	opts := make([]cel.EnvOption, len(params), len(params)+1)
	for i, b := range params {
		if b.value.val == nil { // a value in error: declared for the checker only
			opts[i] = cel.Variable("params."+b.decl.Name, b.decl.celType())
			continue
		}
		opts[i] = cel.Constant("params."+b.decl.Name, b.decl.celType(), b.value.val)
	}
	if pw := pc.paramWords(params, record); len(pw.values) > 0 {
		opts = append(opts, cel.ASTValidators(pw))
	}
	env, err := pc.env.Extend(opts...)
	if err != nil {
		pc.errs = append(pc.errs, &CompileError{Policy: pc.p.Name, Path: "params", File: pc.p.Source, Err: err})
		return pc.env
	}
	return env
}

// sizesOf bounds the parameters' values for the cost estimate at measured
// sizes (budget.go): list is the longest list or map, str the longest
// string (a string parameter, an element, a key or a value).
func sizesOf(params []paramBinding) dataSizes {
	var z dataSizes
	str := func(v ref.Val) {
		if s, ok := v.(types.String); ok {
			z.str = max(z.str, uint64(len(s)))
		}
	}
	for _, b := range params {
		switch v := b.value.val.(type) {
		case types.String:
			str(v)
		case traits.Lister:
			n := v.Size().(types.Int)
			z.list = max(z.list, uint64(n))
			for i := range n {
				str(v.Get(i))
			}
		case traits.Mapper:
			z.list = max(z.list, uint64(v.Size().(types.Int)))
			for it := v.Iterator(); it.HasNext() == types.True; {
				k := it.Next()
				str(k)
				str(v.Get(k))
			}
		}
	}
	return z
}

// isParamName reports whether a name (the first element of a cost
// estimator's path) is a parameter's, params.<name>.
func isParamName(s string) bool { return strings.HasPrefix(s, "params.") }

// unreadParams warns about the parameters of p that no expression reads
// (for Lint): a setting of one changes nothing.
func unreadParams(p *Policy, all []*program) []LintWarning {
	read := map[string]bool{}
	for _, prg := range all {
		for _, ref := range prg.ast.NativeRep().ReferenceMap() {
			if name, ok := strings.CutPrefix(ref.Name, "params."); ok {
				read[name] = true
			}
		}
	}
	var out []LintWarning
	for _, d := range p.Params {
		if !read[d.Name] {
			pos := p.pos.params[d.Name]
			out = append(out, LintWarning{Policy: p.Name, Path: "params." + d.Name, File: p.Source, Line: pos.line, Column: pos.col,
				Message: fmt.Sprintf("params.%s is never read", d.Name)})
		}
	}
	return out
}

// paramWords gathers the words of the policy's string and list parameters
// for paramWordsChecker, with the lifecycle, ratings and dimensions the
// engine checks literals against.
func (pc *policyCompiler) paramWords(params []paramBinding, record []ParamValue) paramWordsChecker {
	c := paramWordsChecker{checker: pc.e.checker(), values: map[string]paramWords{}}
	source := map[string]string{}
	for _, r := range record {
		source[r.Name] = r.Source
	}
	for _, b := range params {
		pw := paramWords{source: cmp.Or(source[b.decl.Name], "default")}
		switch v := b.value.val.(type) {
		case types.String:
			pw.words = []string{string(v)}
		case traits.Lister:
			pw.list = true
			for it := v.Iterator(); it.HasNext() == types.True; {
				s, ok := it.Next().(types.String)
				if !ok {
					pw.words = nil
					break
				}
				pw.words = append(pw.words, string(s))
			}
		}
		if len(pw.words) > 0 {
			c.values["params."+b.decl.Name] = pw
		}
	}
	return c
}
