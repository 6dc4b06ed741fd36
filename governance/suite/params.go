package suite

// Parameters in suites: a suite and each of its cases may set the values of
// the policies' parameters, in the shape of a parameters file
// (governance.ReadOptions.ParseParams):
//
//	params:
//	  params: {cost_tolerance: 0.15}          # every policy declaring the name
//	  policies:
//	    budget-tolerance: {change_limit: "300000 USD"}

import (
	"encoding/json"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/internal/textcut"
)

// params reads the params: of a suite or a case.
func (d *decoder) params(n *yaml.Node, what string) governance.Params {
	f := d.fields(n, what+" params", "params", "policies")
	if f == nil {
		return nil
	}
	var out governance.Params
	if v := f["params"]; v != nil {
		out = append(out, d.paramValues(v, "")...)
	}
	if v := f["policies"]; v != nil {
		v = resolveAlias(v)
		if v.Kind != yaml.MappingNode {
			d.errorf(v, "params policies must be a mapping from policy name to its values")
			return out
		}
		for i := 0; i+1 < len(v.Content); i += 2 {
			k := v.Content[i]
			if k.Value == "" {
				d.errorf(k, "params policies: empty policy name")
				continue
			}
			out = append(out, d.paramValues(v.Content[i+1], k.Value)...)
		}
	}
	return out
}

// paramValues reads a mapping from parameter name to value.
func (d *decoder) paramValues(n *yaml.Node, policy string) []governance.ParamSetting {
	n = resolveAlias(n)
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "params must be a mapping from parameter name to value")
		return nil
	}
	var out []governance.ParamSetting
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolveAlias(n.Content[i+1])
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			d.errorf(v, "params %s: value missing (null)", textcut.Quote(k.Value))
			continue
		}
		if slices.ContainsFunc(out, func(s governance.ParamSetting) bool { return s.Name == k.Value }) {
			continue // a duplicate key, reported by the document layer
		}
		out = append(out, governance.ParamSetting{Policy: policy, Name: k.Value, Value: yamlValue(v),
			File: d.file, Line: v.Line, Column: v.Column})
	}
	return out
}

// yamlValue converts a YAML node to the Go value of a governance.ParamSetting:
// numbers as json.Number (exact), booleans, strings, []any and
// map[string]any; the parameter's type judges it when the policies compile.
func yamlValue(n *yaml.Node) any {
	n = resolveAlias(n)
	switch n.Kind {
	case yaml.SequenceNode:
		out := make([]any, len(n.Content))
		for i, c := range n.Content {
			out[i] = yamlValue(c)
		}
		return out
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			out[n.Content[i].Value] = yamlValue(n.Content[i+1])
		}
		return out
	}
	switch n.Tag {
	case "!!int", "!!float":
		return json.Number(n.Value)
	case "!!bool":
		return strings.EqualFold(n.Value, "true")
	case "!!null":
		return nil
	}
	return n.Value
}

// suiteParams returns the settings of opts.Params that fit the policies
// (the policy is one of them, the name declared by it or, for a setting of
// every policy, by one of them), and marks the ones used.
func suiteParams(all governance.Params, policies []*governance.Policy, used []bool) governance.Params {
	var out governance.Params
	for i, s := range all {
		fits := slices.ContainsFunc(policies, func(p *governance.Policy) bool {
			return (s.Policy == "" || s.Policy == p.Name) &&
				slices.ContainsFunc(p.Params, func(d governance.Param) bool { return d.Name == s.Name })
		})
		if fits {
			out = append(out, s)
			used[i] = true
		}
	}
	return out
}
