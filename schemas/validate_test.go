package schemas_test

// A small JSON Schema validator for the subset of draft 2020-12 that the
// pmokit schemas use, so that the tests need no new dependency: type (one or
// a list), properties, required, additionalProperties (boolean or schema),
// items, uniqueItems (of scalars), enum, pattern, minLength, minItems,
// maxItems, minimum, maximum, $ref to
// #/$defs/..., anyOf and oneOf. Annotations ($schema, $id, title,
// description, $defs) are accepted and ignored. Any other keyword is a
// compile error, so a schema can never rely on a keyword that this validator
// silently skips.

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// jsonSchema is a compiled schema: the decoded document and its patterns.
type jsonSchema struct {
	root     map[string]any
	patterns map[string]*regexp.Regexp
}

// knownKeyword reports whether the validator understands a keyword (or
// knows it to be an annotation).
func knownKeyword(k string) bool {
	switch k {
	case "$schema", "$id", "title", "description", "$defs",
		"type", "properties", "required", "additionalProperties",
		"items", "uniqueItems", "enum", "pattern", "minLength", "minItems", "maxItems",
		"minimum", "maximum", "$ref", "anyOf", "oneOf", "propertyNames":
		return true
	}
	return false
}

// compileSchema decodes a schema and checks that it uses only the supported
// keywords, that every pattern compiles and that every $ref resolves.
func compileSchema(data []byte) (*jsonSchema, error) {
	var root map[string]any
	if err := json.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	s := &jsonSchema{root: root, patterns: map[string]*regexp.Regexp{}}
	if err := s.check(root, "#"); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *jsonSchema) check(node map[string]any, at string) error {
	for k, v := range node {
		if !knownKeyword(k) {
			return fmt.Errorf("schema: %s: unsupported keyword %q", at, k)
		}
		switch k {
		case "$defs", "properties":
			defs, ok := v.(map[string]any)
			if !ok {
				return fmt.Errorf("schema: %s/%s: want an object", at, k)
			}
			for name, d := range defs {
				sub, ok := d.(map[string]any)
				if !ok {
					return fmt.Errorf("schema: %s/%s/%s: want a schema object", at, k, name)
				}
				if err := s.check(sub, at+"/"+k+"/"+name); err != nil {
					return err
				}
			}
		case "items", "additionalProperties", "propertyNames":
			if _, isBool := v.(bool); isBool && k == "additionalProperties" {
				continue
			}
			sub, ok := v.(map[string]any)
			if !ok {
				return fmt.Errorf("schema: %s/%s: want a schema object", at, k)
			}
			if err := s.check(sub, at+"/"+k); err != nil {
				return err
			}
		case "anyOf", "oneOf":
			list, ok := v.([]any)
			if !ok {
				return fmt.Errorf("schema: %s/%s: want a list", at, k)
			}
			for i, d := range list {
				sub, ok := d.(map[string]any)
				if !ok {
					return fmt.Errorf("schema: %s/%s/%d: want a schema object", at, k, i)
				}
				if err := s.check(sub, fmt.Sprintf("%s/%s/%d", at, k, i)); err != nil {
					return err
				}
			}
		case "pattern":
			p, ok := v.(string)
			if !ok {
				return fmt.Errorf("schema: %s/pattern: want a string", at)
			}
			re, err := regexp.Compile(p)
			if err != nil {
				return fmt.Errorf("schema: %s/pattern: %w", at, err)
			}
			s.patterns[p] = re
		case "$ref":
			ref, _ := v.(string)
			if _, err := s.resolve(ref); err != nil {
				return fmt.Errorf("schema: %s: %w", at, err)
			}
		}
	}
	return nil
}

// resolve returns the schema a "#/$defs/name" reference points to.
func (s *jsonSchema) resolve(ref string) (map[string]any, error) {
	name, ok := strings.CutPrefix(ref, "#/$defs/")
	if !ok {
		return nil, fmt.Errorf("unsupported $ref %q (want #/$defs/name)", ref)
	}
	defs, _ := s.root["$defs"].(map[string]any)
	d, ok := defs[name].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("$ref %q does not resolve", ref)
	}
	return d, nil
}

// validate checks a JSON-like value (nil, bool, float64, string, []any,
// map[string]any; see jsonValue) and returns every failure, each prefixed with
// its path in the pmo style: projects[0].budget.approved.
func (s *jsonSchema) validate(inst any) []string {
	var errs []string
	s.walk(s.root, inst, "", &errs)
	sort.Strings(errs)
	return errs
}

func (s *jsonSchema) walk(node map[string]any, inst any, path string, errs *[]string) {
	fail := func(format string, args ...any) {
		p := path
		if p == "" {
			p = "(root)"
		}
		*errs = append(*errs, p+": "+fmt.Sprintf(format, args...))
	}
	if ref, ok := node["$ref"].(string); ok {
		target, err := s.resolve(ref)
		if err != nil {
			fail("%v", err)
			return
		}
		s.walk(target, inst, path, errs)
	}
	if t, ok := node["type"]; ok && !typeMatches(t, inst) {
		fail("%s is %s, want %s", show(inst), jsonType(inst), typeWords(t))
		return // the other keywords would only repeat the mismatch
	}
	if enum, ok := node["enum"].([]any); ok && !slices.ContainsFunc(enum, func(e any) bool { return e == inst }) {
		words := make([]string, len(enum))
		for i, e := range enum {
			words[i] = show(e)
		}
		fail("%s is not one of %s", show(inst), strings.Join(words, ", "))
	}
	switch v := inst.(type) {
	case string:
		if p, ok := node["pattern"].(string); ok && !s.patterns[p].MatchString(v) {
			fail("%s does not match %s", show(v), p)
		}
		if m, ok := node["minLength"].(float64); ok && float64(len([]rune(v))) < m {
			fail("%s is shorter than %v characters", show(v), m)
		}
	case float64:
		if m, ok := node["minimum"].(float64); ok && v < m {
			fail("%s is less than the minimum %s", show(v), show(m))
		}
		if m, ok := node["maximum"].(float64); ok && v > m {
			fail("%s is more than the maximum %s", show(v), show(m))
		}
	case []any:
		if m, ok := node["minItems"].(float64); ok && float64(len(v)) < m {
			fail("has %d items, want at least %v", len(v), m)
		}
		if m, ok := node["maxItems"].(float64); ok && float64(len(v)) > m {
			fail("has %d items, want at most %v", len(v), m)
		}
		if u, _ := node["uniqueItems"].(bool); u {
			seen := map[any]int{}
			for i, e := range v {
				switch e.(type) {
				case []any, map[string]any:
					continue // only scalars are compared; the schemas need no more
				}
				if j, dup := seen[e]; dup {
					fail("items %d and %d are both %s, want unique items", j, i, show(e))
					continue
				}
				seen[e] = i
			}
		}
		if items, ok := node["items"].(map[string]any); ok {
			for i, e := range v {
				s.walk(items, e, fmt.Sprintf("%s[%d]", path, i), errs)
			}
		}
	case map[string]any:
		props, _ := node["properties"].(map[string]any)
		if req, ok := node["required"].([]any); ok {
			for _, r := range req {
				if _, ok := v[r.(string)]; !ok {
					*errs = append(*errs, join(path, r.(string))+": required field missing")
				}
			}
		}
		if names, ok := node["propertyNames"].(map[string]any); ok {
			for k := range v {
				var sub []string
				s.walk(names, k, "", &sub)
				if len(sub) > 0 {
					*errs = append(*errs, join(path, k)+": invalid name "+strings.TrimPrefix(sub[0], "(root): "))
				}
			}
		}
		for k, e := range v {
			if p, ok := props[k].(map[string]any); ok {
				s.walk(p, e, join(path, k), errs)
				continue
			}
			switch ap := node["additionalProperties"].(type) {
			case bool:
				if !ap {
					*errs = append(*errs, join(path, k)+": unknown field")
				}
			case map[string]any:
				s.walk(ap, e, join(path, k), errs)
			}
		}
	}
	for _, kw := range []string{"anyOf", "oneOf"} {
		list, ok := node[kw].([]any)
		if !ok {
			continue
		}
		matched := 0
		for _, alt := range list {
			var sub []string
			s.walk(alt.(map[string]any), inst, path, &sub)
			if len(sub) == 0 {
				matched++
			}
		}
		if matched == 0 || (kw == "oneOf" && matched > 1) {
			fail("%s matches %d of the %d alternatives of %s", show(inst), matched, len(list), kw)
		}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func typeMatches(t, inst any) bool {
	switch t := t.(type) {
	case string:
		return typeIs(t, inst)
	case []any:
		return slices.ContainsFunc(t, func(w any) bool { return typeIs(w.(string), inst) })
	}
	return false
}

func typeIs(want string, inst any) bool {
	got := jsonType(inst)
	switch {
	case want == got:
		return true
	case want == "number" && got == "integer":
		return true
	}
	return false
}

func typeWords(t any) string {
	if list, ok := t.([]any); ok {
		words := make([]string, len(list))
		for i, w := range list {
			words[i] = w.(string)
		}
		return strings.Join(words, " or ")
	}
	return fmt.Sprint(t)
}

// jsonType names the JSON type of a JSON-like value; a number without a
// fraction is an integer, as JSON Schema says.
func jsonType(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		if v == math.Trunc(v) && !math.IsInf(v, 0) {
			return "integer"
		}
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

func show(v any) string {
	switch v := v.(type) {
	case string:
		return strconv.Quote(v)
	case []any:
		return "a list"
	case map[string]any:
		return "a mapping"
	case nil:
		return "null"
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

// jsonValue reads a YAML or JSON document (JSON is YAML) into the JSON-like
// values the validator walks. yaml.v3 decodes an unquoted date or timestamp
// to a time.Time; it is written back as YYYY-MM-DD (midnight UTC) or RFC 3339,
// the way pmo reads it.
func jsonValue(data []byte) (any, error) {
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	return normalize(v, "")
}

func normalize(v any, path string) (any, error) {
	switch v := v.(type) {
	case nil, bool, string, float64:
		return v, nil
	case int:
		return float64(v), nil
	case int64:
		return float64(v), nil
	case uint64:
		return float64(v), nil
	case time.Time:
		if v.Equal(v.Truncate(24*time.Hour)) && v.Location() == time.UTC {
			return v.Format(time.DateOnly), nil
		}
		return v.Format(time.RFC3339Nano), nil
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			n, err := normalize(e, fmt.Sprintf("%s[%d]", path, i))
			if err != nil {
				return nil, err
			}
			out[i] = n
		}
		return out, nil
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			n, err := normalize(e, join(path, k))
			if err != nil {
				return nil, err
			}
			out[k] = n
		}
		return out, nil
	}
	return nil, fmt.Errorf("%s: unsupported YAML value %T (keys must be strings)", path, v)
}
