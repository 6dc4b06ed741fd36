package suite

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/pmokit/pmokit/internal/document"
	"go.yaml.in/yaml/v3"
)

// fixtureNode returns the portfolio mapping of a fixture: the inline
// mapping, or the file (relative to the suite's directory) parsed as YAML
// (JSON is YAML too).
func fixtureNode(suiteFile string, fx *Fixture) (*yaml.Node, error) {
	if fx.Inline != nil {
		return fx.Inline, nil
	}
	path := fx.Path
	if !filepath.IsAbs(path) {
		path = filepath.Join(filepath.Dir(suiteFile), path)
	}
	data, err := document.ReadFile(path, MaxSuiteSize)
	if err != nil {
		return nil, errorAt(fx.Pos, fmt.Errorf("portfolio: %w", err))
	}
	n, probs, err := strictYAML(path, data, MaxSuiteSize)
	if err == nil && probs != nil {
		err = errors.Join(probs...)
	}
	if err != nil {
		return nil, errorAt(fx.Pos, fmt.Errorf("portfolio: %w", err))
	}
	if n.Kind != yaml.MappingNode {
		return nil, errorAt(fx.Pos, fmt.Errorf("portfolio %s is not a mapping", path))
	}
	return n, nil
}

// applyPatches returns a patched deep copy of the portfolio mapping root;
// root itself is left as it is.
func applyPatches(root *yaml.Node, patches []Patch) (*yaml.Node, error) {
	out := deepCopy(resolveAlias(root))
	for _, p := range patches {
		target := out
		if p.Project != "" {
			var ok bool
			target, ok = findProject(out, p.Project)
			if !ok {
				return nil, errorAt(p.Pos, fmt.Errorf("patch: no project %q in the portfolio", p.Project))
			}
		}
		if p.Set != nil {
			mergePatch(target, p.Set)
		}
		if p.Append != nil {
			if err := appendItems(target, p.Append, p.Pos); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func findProject(root *yaml.Node, id string) (*yaml.Node, bool) {
	projects := lookup(root, "projects")
	if projects == nil || projects.Kind != yaml.SequenceNode {
		return nil, false
	}
	for _, p := range projects.Content {
		p = resolveAlias(p)
		if p.Kind != yaml.MappingNode {
			continue
		}
		if v := lookup(p, "id"); v != nil && v.Value == id {
			return p, true
		}
	}
	return nil, false
}

// lookup returns the value of key in a mapping, or nil.
func lookup(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return resolveAlias(m.Content[i+1])
		}
	}
	return nil
}

func isNull(n *yaml.Node) bool {
	n = resolveAlias(n)
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// mergePatch applies patch to the mapping target as RFC 7396 describes: a
// null value deletes the key, a mapping merges into a mapping, any other
// value replaces.
func mergePatch(target, patch *yaml.Node) {
	for i := 0; i+1 < len(patch.Content); i += 2 {
		key, val := patch.Content[i], resolveAlias(patch.Content[i+1])
		idx := -1
		for j := 0; j+1 < len(target.Content); j += 2 {
			if target.Content[j].Value == key.Value {
				idx = j
				break
			}
		}
		switch {
		case isNull(val):
			if idx >= 0 {
				target.Content = append(target.Content[:idx], target.Content[idx+2:]...)
			}
		case idx >= 0 && val.Kind == yaml.MappingNode && resolveAlias(target.Content[idx+1]).Kind == yaml.MappingNode:
			cur := deepCopy(resolveAlias(target.Content[idx+1]))
			mergePatch(cur, val)
			target.Content[idx+1] = cur
		case idx >= 0:
			target.Content[idx+1] = withoutNulls(val)
		default:
			target.Content = append(target.Content, deepCopy(key), withoutNulls(val))
		}
	}
}

// withoutNulls copies a patch value, dropping null members of mappings as
// RFC 7396 does for values that are not merged into anything.
func withoutNulls(n *yaml.Node) *yaml.Node {
	c := deepCopy(n)
	if c.Kind == yaml.MappingNode {
		empty := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		mergePatch(empty, c)
		return empty
	}
	return c
}

func appendItems(target, add *yaml.Node, pos Pos) error {
	for i := 0; i+1 < len(add.Content); i += 2 {
		key, items := add.Content[i], resolveAlias(add.Content[i+1])
		cur := lookup(target, key.Value)
		switch {
		case cur == nil:
			target.Content = append(target.Content, deepCopy(key), deepCopy(items))
		case cur.Kind == yaml.SequenceNode:
			for j := 0; j+1 < len(target.Content); j += 2 {
				if target.Content[j].Value == key.Value {
					list := deepCopy(cur)
					list.Content = append(list.Content, deepCopy(items).Content...)
					target.Content[j+1] = list
				}
			}
		default:
			return errorAt(pos, fmt.Errorf("append: %s is not a list", key.Value))
		}
	}
	return nil
}

func deepCopy(n *yaml.Node) *yaml.Node {
	if n == nil {
		return nil
	}
	n = resolveAlias(n)
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, k := range n.Content {
		c.Content[i] = deepCopy(k)
	}
	return &c
}
