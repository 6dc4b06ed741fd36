package governance

// Policy parameters: the declarations of a policy (params:), the types a
// parameter may have, and the conversion of a value (a default, a value set
// in Go or read from a parameters file) to the CEL constant a rule reads as
// params.<name>. Values are converted once, when a policy set is compiled.

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/shopspring/decimal"

	"github.com/pmokit/pmokit/internal/document"
	"github.com/pmokit/pmokit/internal/enum"
	"github.com/pmokit/pmokit/internal/textcut"
	"github.com/pmokit/pmokit/pmo"
)

// ParamType is the type of a policy parameter. Files use the words
// "number", "int", "string", "bool", "money", "duration", "list" and "map".
// The zero value means "not set", which is an error in a declaration (a
// map's Of excepted, where it means string).
type ParamType int

// The ParamType values, with the CEL type a rule reads the parameter as.
const (
	ParamNumber   ParamType = iota + 1 // "number": double; 0.10, 3, 1e3
	ParamInt                           // "int": int; 3
	ParamString                        // "string": string
	ParamBool                          // "bool": bool
	ParamMoney                         // "money": money_threshold, one amount or one per currency (see MoneyThreshold)
	ParamDuration                      // "duration": duration; "14d", "336h", "90m"
	ParamList                          // "list": list(string)
	ParamMap                           // "map": map(string, T), T the declaration's Of (number, int, string or bool)
)

var paramTypeTable = &enum.Table[ParamType]{Pkg: "governance", Kind: "parameter type", Type: "ParamType", First: ParamNumber, Unset: true, Sentinel: ErrInvalidPolicy,
	Words: []string{"number", "int", "string", "bool", "money", "duration", "list", "map"}}

// String returns the type's word, or "" when t is not set.
func (t ParamType) String() string { return paramTypeTable.String(t) }

// MarshalText implements [encoding.TextMarshaler].
func (t ParamType) MarshalText() ([]byte, error) { return paramTypeTable.Marshal(t) }

// UnmarshalText implements [encoding.TextUnmarshaler]; the empty string
// gives the zero value and an unknown word is an error.
func (t *ParamType) UnmarshalText(text []byte) error { return paramTypeTable.Parse(text, t) }

// Param declares one parameter of a policy: a typed value that the rules
// read as params.<Name> and that a host sets without editing the policy
// ([WithParams], a parameters file, pmokit --params). Every parameter has a
// default, so that a policy runs without any setting.
type Param struct {
	// Name is the parameter's name, an identifier unique in the policy.
	Name string `json:"name"`
	// Type is the parameter's type; required.
	Type ParamType `json:"type"`
	// Of is the type of a map's values: number, int, string or bool; the
	// zero value means string. Only a map has one.
	Of ParamType `json:"of,omitzero"`
	// Default is the value when none is set; required. In Go it is any
	// value [WithParams] accepts for the type (see [ParamSetting.Value]).
	Default any `json:"default"`
	// Description says what the parameter means, with its unit; optional.
	Description string `json:"description,omitempty"`
}

// celType is the CEL type a rule reads the parameter as.
func (p Param) celType() *cel.Type {
	switch p.Type {
	case ParamNumber:
		return cel.DoubleType
	case ParamInt:
		return cel.IntType
	case ParamString:
		return cel.StringType
	case ParamBool:
		return cel.BoolType
	case ParamMoney:
		return newThresholdType()
	case ParamDuration:
		return cel.DurationType
	case ParamList:
		return cel.ListType(cel.StringType)
	case ParamMap:
		return cel.MapType(cel.StringType, Param{Type: p.of()}.celType())
	}
	return cel.DynType
}

func (p Param) of() ParamType {
	if p.Of == 0 {
		return ParamString
	}
	return p.Of
}

// typeText names the type for messages and reports: "number", "map of int".
func (p Param) typeText() string {
	if p.Type == ParamMap {
		return "map of " + p.of().String()
	}
	return p.Type.String()
}

// check reports what is wrong with the declaration itself (not its
// default).
func (p Param) check() error {
	switch {
	case !isIdent(p.Name):
		return fmt.Errorf("invalid parameter name %s (want letters, digits and _, not starting with a digit)", textcut.Quote(p.Name))
	case p.Type < ParamNumber || p.Type > ParamMap:
		return fmt.Errorf("parameter %s: invalid type %d", p.Name, int(p.Type))
	case p.Of != 0 && p.Type != ParamMap:
		return fmt.Errorf("parameter %s: of is for a map only", p.Name)
	case p.Of != 0 && (p.Of < ParamNumber || p.Of > ParamBool):
		return fmt.Errorf("parameter %s: invalid map value type %s (want number, int, string or bool)", p.Name, textcut.Quote(p.Of.String()))
	case p.Default == nil:
		return fmt.Errorf("parameter %s: default required", p.Name)
	}
	return nil
}

// paramValue is a converted parameter value: the CEL constant and its
// canonical text (for reports and explanations).
type paramValue struct {
	val  ref.Val
	text string
}

// maxParamElements bounds the elements of a list or map parameter (and the
// currencies of a money parameter).
const maxParamElements = 10_000

// convert converts v, a value of p's type as [ParamSetting.Value] documents
// it, to the parameter's CEL value. The error says what was wrong with v,
// without the parameter's name.
func (p Param) convert(v any) (paramValue, error) {
	if v == nil {
		return paramValue{}, errors.New("value missing (null)")
	}
	switch p.Type {
	case ParamNumber, ParamInt, ParamString, ParamBool:
		return scalarValue(p.Type, v)
	case ParamDuration:
		var d time.Duration
		switch x := v.(type) {
		case time.Duration:
			d = x
		case string:
			var err error
			if d, err = parseParamDuration(x); err != nil {
				return paramValue{}, err
			}
		default:
			return paramValue{}, wantErr("a duration such as \"14d\" or \"336h\"", v)
		}
		return paramValue{val: types.Duration{Duration: d}, text: durationText(d)}, nil
	case ParamList:
		var items []string
		switch x := v.(type) {
		case []string:
			items = slices.Clone(x)
		case []any:
			for i, e := range x {
				s, ok := e.(string)
				if !ok {
					return paramValue{}, fmt.Errorf("[%d]: %w", i, wantErr("a string", e))
				}
				items = append(items, s)
			}
		default:
			return paramValue{}, wantErr("a list of strings", v)
		}
		if len(items) > maxParamElements {
			return paramValue{}, fmt.Errorf("more than %d elements", maxParamElements)
		}
		if items == nil {
			items = []string{}
		}
		text, _ := json.Marshal(items)
		return paramValue{val: types.NewStringList(types.DefaultTypeAdapter, items), text: string(text)}, nil
	case ParamMap:
		m, err := stringMap(v)
		if err != nil {
			return paramValue{}, err
		}
		of := p.of()
		out := make(map[string]ref.Val, len(m))
		texts := make(map[string]any, len(m))
		for _, k := range sortedKeys(m) {
			pv, err := scalarValue(of, m[k])
			if err != nil {
				return paramValue{}, fmt.Errorf("%s: %w", document.KeySegment(true, k), err)
			}
			out[k] = pv.val
			texts[k] = pv.val.Value()
		}
		text, _ := json.Marshal(texts) // sorted keys
		return paramValue{val: sortedValue(types.NewRefValMap(types.DefaultTypeAdapter, refKeys(out))), text: string(text)}, nil
	case ParamMoney:
		t, err := newThreshold(v)
		if err != nil {
			return paramValue{}, err
		}
		return paramValue{val: t, text: t.String()}, nil
	}
	return paramValue{}, fmt.Errorf("invalid type %d", int(p.Type))
}

func refKeys(m map[string]ref.Val) map[ref.Val]ref.Val {
	out := make(map[ref.Val]ref.Val, len(m))
	for k, v := range m {
		out[types.String(k)] = v
	}
	return out
}

// scalarValue converts a number, int, string or bool.
func scalarValue(t ParamType, v any) (paramValue, error) {
	switch t {
	case ParamNumber:
		var f float64
		switch x := v.(type) {
		case float64:
			f = x
		case float32:
			f = float64(x)
		case json.Number:
			var err error
			if f, err = strconv.ParseFloat(string(x), 64); err != nil {
				return paramValue{}, fmt.Errorf("invalid number %s", textcut.Quote(string(x)))
			}
		default:
			i, ok := intOf(v)
			if !ok {
				return paramValue{}, wantErr("a number", v)
			}
			f = float64(i)
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return paramValue{}, fmt.Errorf("invalid number %v", f)
		}
		return paramValue{val: types.Double(f), text: strconv.FormatFloat(f, 'g', -1, 64)}, nil
	case ParamInt:
		i, ok := intOf(v)
		if !ok {
			if n, isNum := v.(json.Number); isNum {
				return paramValue{}, fmt.Errorf("invalid int %s (want a whole number that fits 64 bits)", textcut.Quote(string(n)))
			}
			return paramValue{}, wantErr("an int", v)
		}
		return paramValue{val: types.Int(i), text: strconv.FormatInt(i, 10)}, nil
	case ParamString:
		s, ok := v.(string)
		if !ok {
			return paramValue{}, wantErr("a string", v)
		}
		return paramValue{val: types.String(s), text: s}, nil
	case ParamBool:
		b, ok := v.(bool)
		if !ok {
			return paramValue{}, wantErr("a boolean", v)
		}
		return paramValue{val: types.Bool(b), text: strconv.FormatBool(b)}, nil
	}
	return paramValue{}, fmt.Errorf("invalid type %d", int(t))
}

// intOf returns v as an int64: a Go integer that fits, or a json.Number
// that is a whole number.
func intOf(v any) (int64, bool) {
	switch x := v.(type) {
	case json.Number:
		i, err := strconv.ParseInt(string(x), 10, 64)
		return i, err == nil
	case int, int8, int16, int32, int64:
		return reflect.ValueOf(x).Int(), true
	case uint, uint8, uint16, uint32, uint64, uintptr:
		u := reflect.ValueOf(x).Uint()
		return int64(u), u <= math.MaxInt64
	}
	return 0, false
}

// stringMap returns a Go map with string keys as map[string]any.
func stringMap(v any) (map[string]any, error) {
	if m, ok := v.(map[string]any); ok {
		if len(m) > maxParamElements {
			return nil, fmt.Errorf("more than %d entries", maxParamElements)
		}
		return m, nil
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Map || rv.Type().Key().Kind() != reflect.String {
		return nil, wantErr("a mapping", v)
	}
	if rv.Len() > maxParamElements {
		return nil, fmt.Errorf("more than %d entries", maxParamElements)
	}
	out := make(map[string]any, rv.Len())
	for it := rv.MapRange(); it.Next(); {
		out[it.Key().String()] = it.Value().Interface()
	}
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// wantErr says that v is not what was wanted.
func wantErr(want string, v any) error {
	return fmt.Errorf("want %s, found %s", want, describeValue(v))
}

// describeValue names the kind of a Go value for messages.
func describeValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return "the string " + textcut.Quote(x)
	case json.Number:
		return "the number " + textcut.Cut(string(x))
	case bool:
		return "a boolean"
	case float32, float64:
		return fmt.Sprintf("the number %v", x)
	case pmo.Money:
		return "the money " + textcut.Quote(x.String())
	case time.Duration:
		return "a duration"
	}
	if _, ok := intOf(v); ok {
		return fmt.Sprintf("the number %v", v)
	}
	switch reflect.ValueOf(v).Kind() {
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map:
		return "a mapping"
	}
	return fmt.Sprintf("a Go %T", v)
}

// parseParamDuration reads a duration: Go's syntax (time.ParseDuration:
// "336h", "1h30m", "90s") plus the unit d, 24 hours ("14d", "1.5d",
// "1d12h").
func parseParamDuration(s string) (time.Duration, error) {
	bad := func() (time.Duration, error) {
		return 0, fmt.Errorf("invalid duration %s (want e.g. \"14d\", \"336h\" or \"1h30m\")", textcut.Quote(s))
	}
	if !strings.Contains(s, "d") {
		d, err := time.ParseDuration(s)
		if err != nil || s == "" {
			return bad()
		}
		return d, nil
	}
	rest, neg := s, false
	if r, ok := strings.CutPrefix(rest, "-"); ok {
		rest, neg = r, true
	} else {
		rest = strings.TrimPrefix(rest, "+")
	}
	var total time.Duration
	for rest != "" {
		// One number and its unit; a d unit is converted here, any other
		// is left to time.ParseDuration.
		i := 0
		for i < len(rest) && (rest[i] == '.' || rest[i] >= '0' && rest[i] <= '9') {
			i++
		}
		if i == 0 {
			return bad()
		}
		j := i
		for j < len(rest) && (rest[j] < '0' || rest[j] > '9') && rest[j] != '.' {
			j++
		}
		num, unit := rest[:i], rest[i:j]
		rest = rest[j:]
		var d time.Duration
		if unit == "d" {
			f, err := decimal.NewFromString(num)
			if err != nil {
				return bad()
			}
			ns := f.Mul(decimal.NewFromInt(int64(24 * time.Hour)))
			if !ns.IsInteger() || ns.GreaterThan(decimal.NewFromInt(math.MaxInt64)) {
				return bad()
			}
			d = time.Duration(ns.IntPart())
		} else {
			var err error
			if d, err = time.ParseDuration(num + unit); err != nil {
				return bad()
			}
		}
		if total > math.MaxInt64-d {
			return bad()
		}
		total += d
	}
	if neg {
		total = -total
	}
	return total, nil
}

// durationText prints a duration in days when it is a whole number of
// days ("14d"), else as Go does ("36h0m0s").
func durationText(d time.Duration) string {
	if d != 0 && d%(24*time.Hour) == 0 {
		return strconv.FormatInt(int64(d/(24*time.Hour)), 10) + "d"
	}
	return d.String()
}

// nodeValue converts a document node to the Go value a [ParamSetting]
// holds: a string, a bool, a json.Number (numbers keep their text, so that
// money amounts stay exact), []any or map[string]any; null is nil. A YAML
// timestamp is its text. It fails on nothing: the parameter's type judges.
func nodeValue(n *document.Node) any {
	switch n.Kind {
	case document.Null:
		return nil
	case document.Bool:
		return n.Value == "true"
	case document.Int, document.Float:
		return json.Number(strings.Clone(n.Value))
	case document.Seq:
		out := make([]any, len(n.Kids))
		for i := range n.Kids {
			out[i] = nodeValue(&n.Kids[i])
		}
		return out
	case document.Map:
		out := make(map[string]any, len(n.Kids)/2)
		for k, v := range pairs(n) {
			out[strings.Clone(k.Value)] = nodeValue(v)
		}
		return out
	}
	return strings.Clone(n.Value)
}

// YAML plain scalars of the words YAML 1.1 read as booleans: a bool
// parameter given one is told to write true or false.
func yamlBoolWord(s string) bool {
	switch strings.ToLower(s) {
	case "yes", "no", "on", "off", "y", "n":
		return true
	}
	return false
}

// params parses a policy's params: list.
func (pp *policyParser) params(p *Policy, n *document.Node) {
	names := map[string]bool{}
	for field, item := range pp.items(n, "params", "") {
		var (
			prm     Param
			typeOK  = true
			defNode *document.Node
		)
		for k, val := range pp.fields(item, field) {
			f := field + "." + k.Value
			switch k.Value {
			case "name":
				prm.Name = pp.str(val, f)
				if prm.Name != "" && !isIdent(prm.Name) {
					pp.errorf(val, f, "invalid parameter name %s (want letters, digits and _, not starting with a digit)", textcut.Quote(prm.Name))
				} else if names[prm.Name] {
					pp.errorf(val, f, "duplicate parameter name %s", textcut.Quote(prm.Name))
				}
				names[prm.Name] = true
			case "type":
				s := pp.str(val, f)
				if err := prm.Type.UnmarshalText([]byte(s)); err != nil || s == "" {
					typeOK = false
					pp.errorf(val, f, "invalid parameter type %s (want number, int, string, bool, money, duration, list or map)", textcut.Quote(s))
				}
			case "of":
				s := pp.str(val, f)
				if err := prm.Of.UnmarshalText([]byte(s)); err != nil || prm.Of > ParamBool || s == "" {
					typeOK = false
					pp.errorf(val, f, "invalid map value type %s (want number, int, string or bool)", textcut.Quote(s))
				}
			case "default":
				defNode = val
				prm.Default = nodeValue(val)
			case "description":
				prm.Description = pp.str(val, f)
			default:
				pp.errorf(k, f, "unknown key (want name, type, of, default or description)")
			}
		}
		pp.required(item, field, "name", prm.Name)
		if !hasKey(item, "type") {
			typeOK = false
			pp.errorf(item, field+".type", "required field missing")
		}
		if typeOK && prm.Of != 0 && prm.Type != ParamMap {
			typeOK = false
			for k := range pairs(item) {
				if k.Value == "of" {
					pp.errorf(k, field+".of", "only a map has of (the type of its values); this parameter is a %s", prm.Type)
				}
			}
		}
		switch {
		case defNode == nil:
			pp.errorf(item, field+".default", "required field missing (every parameter has a default)")
		case defNode.Kind == document.Null:
			pp.errorf(defNode, field+".default", "must not be null (every parameter has a default)")
		case typeOK:
			if _, err := prm.convert(prm.Default); err != nil {
				pp.errorf(defNode, field+".default", "%s: %s", prm.typeText(), paramHint(prm, defNode, err))
			}
		}
		p.Params = append(p.Params, prm)
		if p.pos.params == nil {
			p.pos.params = map[string]paramPos{}
		}
		if _, dup := p.pos.params[prm.Name]; !dup {
			pos := paramPos{line: int(item.Line), col: int(item.Column)}
			if defNode != nil {
				pos.line, pos.col = int(defNode.Line), int(defNode.Column)
			}
			p.pos.params[prm.Name] = pos
		}
	}
}

// paramPos is where a parameter's default is written.
type paramPos struct{ line, col int }

// paramHint is the message of a value that does not fit its parameter,
// with a hint for the usual YAML surprises.
func paramHint(p Param, n *document.Node, err error) string {
	msg := err.Error()
	if n == nil || n.Quoted() {
		return msg
	}
	switch {
	case p.Type == ParamBool && n.Kind == document.String && yamlBoolWord(n.Value):
		return msg + " (write true or false)"
	case p.Type == ParamString && (n.Kind == document.Int || n.Kind == document.Float || n.Kind == document.Bool):
		return msg + " (quote it to make it a string)"
	}
	return msg
}
