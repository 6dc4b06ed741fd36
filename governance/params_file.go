package governance

// The parameters file: values for the parameters of policies, read as
// Params.

import (
	"errors"
	"fmt"
	"io"

	"github.com/pmokit/pmokit/internal/document"
	"github.com/pmokit/pmokit/internal/textcut"
)

// ParseParams reads a parameters file with the default [ReadOptions]; see
// [ReadOptions.ParseParams].
func ParseParams(data []byte) (Params, error) { return ReadOptions{}.ParseParams(data) }

// ParseParamsFile reads the parameters file at path with the default
// [ReadOptions]; see [ReadOptions.ParseParamsFile].
func ParseParamsFile(path string) (Params, error) { return ReadOptions{}.ParseParamsFile(path) }

// ReadParams reads a parameters file from r with the default
// [ReadOptions]; see [ReadOptions.ReadParams].
func ReadParams(r io.Reader, source string) (Params, error) {
	return ReadOptions{}.ReadParams(r, source)
}

// ParseParams reads a parameters file, YAML or JSON (decided as for
// [ReadOptions.ParsePolicy]), of at most o.MaxBytes bytes:
//
//	params:                 # values for every policy that declares the name
//	  report_interval: 7d
//	policies:               # values for one policy, by name
//	  budget-tolerance:
//	    cost_tolerance: 0.15
//	    change_limit: {USD: "300000", EUR: "280000"}
//
// Both keys are optional; the values for one policy win over the values
// for every policy (they come after them in the Params returned, see
// [Params]). Parsing is strict, with the rules of every
// pmokit file (see [ReadOptions.ParsePolicy]): an unknown key, a name that
// is not an identifier, a null value or a value of the wrong kind of node
// (a list where a mapping is wanted) is an error naming its line and
// column, and all of them are reported together (errors.Join of
// *ParamError, matching [ErrInvalidParams]). Each value becomes a
// [ParamSetting] with its position; whether the policies and names exist
// and whether each value fits its parameter's type is checked by
// [Engine.Compile], against the compiled policies, with the same
// positions. Numbers keep their text, so money amounts stay exact.
func (o ReadOptions) ParseParams(data []byte) (Params, error) {
	return o.parseParams("", data)
}

// ParseParamsFile reads the parameters file at path with
// [ReadOptions.ParseParams]; errors and the settings' positions name the
// path. The extension decides the format as for
// [ReadOptions.ParsePolicyFile].
func (o ReadOptions) ParseParamsFile(path string) (Params, error) {
	data, err := document.ReadFile(path, o.limit())
	if err != nil {
		return nil, paramsReadError(path, err)
	}
	return o.parseParams(path, data)
}

// ReadParams reads a parameters file from r (at most o.MaxBytes bytes)
// with [ReadOptions.ParseParams]; source names it in errors and positions
// and decides the format by its extension ("-" or "" for standard input:
// the first character decides).
func (o ReadOptions) ReadParams(r io.Reader, source string) (Params, error) {
	data, err := document.ReadAll(r, o.limit())
	if err != nil {
		return nil, paramsReadError(source, err)
	}
	return o.parseParams(source, data)
}

func paramsReadError(source string, err error) error {
	var tl *document.TooLargeError
	if errors.As(err, &tl) {
		return &ParamError{File: source, Err: tl}
	}
	return fmt.Errorf("governance: params: %w", err)
}

// paramsParser collects the settings and errors of one parameters file.
type paramsParser struct {
	source string
	out    Params
	errs   []error
}

func (pp *paramsParser) errorf(n *document.Node, policy, name, format string, args ...any) {
	e := &ParamError{File: pp.source, Policy: policy, Name: name, Err: fmt.Errorf(format, args...)}
	if n != nil {
		e.Line, e.Column = int(n.Line), int(n.Column)
	}
	pp.errs = append(pp.errs, e)
}

func (o ReadOptions) parseParams(source string, data []byte) (ps Params, err error) {
	defer func() {
		// A parser of untrusted input must never panic.
		if r := recover(); r != nil {
			ps, err = nil, &ParamError{File: source, Err: fmt.Errorf("cannot parse parameters: %v", r)}
		}
	}()
	if err := document.Check(data, o.limit()); err != nil {
		return nil, paramsReadError(source, err)
	}
	name := source
	if name == "-" {
		name = ""
	}
	root, err := document.Parse(data, document.Detect(name, data))
	pp := &paramsParser{source: source}
	if err != nil {
		var es document.Errors
		if !errors.As(err, &es) {
			var de *document.Error
			if errors.As(err, &de) {
				msg := de.Msg
				if msg == "empty document" {
					msg = "empty parameters file (want params: or policies:)"
				}
				return nil, &ParamError{File: source, Line: de.Line, Column: de.Column, Err: errors.New(msg)}
			}
			return nil, &ParamError{File: source, Err: err}
		}
		for _, e := range es {
			pp.errs = append(pp.errs, &ParamError{File: source, Line: e.Line, Column: e.Column, Err: errors.New(e.Msg)})
		}
	}
	if root.Kind != document.Map {
		pp.errorf(&root, "", "", "a parameters file must be a mapping with params: and policies:, found %s", root.Describe())
		return nil, errors.Join(pp.errs...)
	}
	seen := map[string]bool{}
	var perPolicy Params // after the values for every policy, whatever the key order
	for k, v := range pairs(&root) {
		if seen[k.Value] {
			continue // a duplicate key, reported by the document layer
		}
		seen[k.Value] = true
		switch k.Value {
		case "params":
			pp.values(v, "")
		case "policies":
			if v.Kind != document.Map {
				pp.errorf(v, "", "", "policies: must be a mapping from policy name to its values, found %s", v.Describe())
				continue
			}
			policies := map[string]bool{}
			for pk, pv := range pairs(v) {
				if policies[pk.Value] {
					continue
				}
				policies[pk.Value] = true
				if pk.Value == "" {
					pp.errorf(pk, "", "", "policies: empty policy name")
					continue
				}
				all := pp.out
				pp.out = nil
				pp.values(pv, pk.Value)
				perPolicy = append(perPolicy, pp.out...)
				pp.out = all
			}
		default:
			pp.errorf(k, "", "", "unknown key %s (want params or policies)", textcut.Quote(k.Value))
		}
	}
	if len(pp.errs) > 0 {
		return nil, errors.Join(pp.errs...)
	}
	return append(pp.out, perPolicy...), nil
}

// values reads one mapping from parameter name to value.
func (pp *paramsParser) values(n *document.Node, policy string) {
	where := "params:"
	if policy != "" {
		where = "policies: " + textcut.Quote(policy) + ":"
	}
	if n.Kind != document.Map {
		pp.errorf(n, policy, "", "%s must be a mapping from parameter name to value, found %s", where, n.Describe())
		return
	}
	names := map[string]bool{}
	for k, v := range pairs(n) {
		if names[k.Value] {
			continue
		}
		names[k.Value] = true
		if !isIdent(k.Value) {
			pp.errorf(k, policy, "", "invalid parameter name %s (want letters, digits and _, not starting with a digit)", textcut.Quote(k.Value))
			continue
		}
		if v.Kind == document.Null {
			pp.errorf(v, policy, k.Value, "value missing (null)")
			continue
		}
		pp.out = append(pp.out, ParamSetting{Policy: policy, Name: k.Value, Value: nodeValue(v),
			File: pp.source, Line: int(v.Line), Column: int(v.Column)})
	}
}
