package governance

// Compile error messages in the domain's words: cel-go's type errors get
// the fix a policy author needs (the nearest field of the type for an
// undefined field, how to write money, dates and durations for an operator
// applied to the wrong types).

import (
	"fmt"
	"regexp"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
)

// overloadError matches cel-go's "found no matching overload for '_>_'
// applied to '(money, int)'".
var overloadError = regexp.MustCompile(`^found no matching overload for '([^']+)' applied to '\((.*)\)'`)

// typeHint returns the fix for an operator applied to mismatched types, or
// "".
func typeHint(msg string) string {
	m := overloadError.FindStringSubmatch(msg)
	if m == nil {
		return ""
	}
	op, argTypes := m[1], strings.Split(m[2], ", ")
	if len(argTypes) != 2 || !isOperator(op) {
		return ""
	}
	has := func(a, b string) bool {
		return (argTypes[0] == a && argTypes[1] == b) || (argTypes[0] == b && argTypes[1] == a)
	}
	number := func(t string) bool { return t == "int" || t == "double" || t == "uint" }
	switch {
	case has(moneyTypeName, "string"):
		return "money is written money('500000 EUR'), not as a string"
	case (argTypes[0] == moneyTypeName && number(argTypes[1])) || (argTypes[1] == moneyTypeName && number(argTypes[0])):
		if op == "_*_" || op == "_/_" {
			return "" // money × number is defined; the other order is not
		}
		return "money compares and adds only with money: write the number as money in its currency, e.g. money('500000 EUR'), or use the amount, e.g. project.budget.approved.amount() > 500000.0"
	case has("google.protobuf.Timestamp", "string"), has("timestamp", "string"):
		return "a date is written date('2026-01-31') (or timestamp('2026-01-31T09:00:00Z')), not as a string"
	case has("google.protobuf.Duration", "int"), has("duration", "int"), has("google.protobuf.Duration", "double"), has("duration", "double"):
		return "a number of days is written days(30): e.g. now - project.start > days(30), or days_since(project.start) > 30"
	case has("google.protobuf.Timestamp", "int"), has("timestamp", "int"):
		return "count days with days_since(t), days_until(t) or days_between(a, b), or add days(n) to a date"
	case has("int", "double") && (op == "_+_" || op == "_-_" || op == "_*_" || op == "_/_"):
		return "CEL does not mix int and double in arithmetic: write the int as a double (1.0, not 1) or convert it, double(n)"
	case has(thresholdTypeName, "double"), has(thresholdTypeName, "int"), has(thresholdTypeName, "string"):
		if op == "_*_" || op == "_/_" {
			return "" // threshold × number is defined; the other order is not
		}
		return "a money parameter compares and adds with money only, the amount in that money's currency: e.g. project.budget.approved <= params.limit"
	case has(thresholdTypeName, moneyTypeName) && (op == "_==_" || op == "_!=_"):
		return "compare with the amount in the money's currency: m == params.limit.in_currency(m.currency())"
	}
	return ""
}

func isOperator(fn string) bool {
	switch fn {
	case "_<_", "_<=_", "_>_", "_>=_", "_==_", "_!=_", "_+_", "_-_", "_*_", "_/_":
		return true
	}
	return false
}

// undefinedField matches cel-go's "undefined field 'budgt'".
var undefinedField = regexp.MustCompile(`^undefined field '([^']+)'`)

// fieldHint returns "did you mean 'budget'?" for an undefined field of
// expression text, naming the nearest field of the type it was read on, or
// "". It re-checks the expression with a type provider that records the
// failed lookups, so it costs a second type check, only on this error.
func fieldHint(env *cel.Env, text, msg string) string {
	m := undefinedField.FindStringSubmatch(msg)
	if m == nil {
		return ""
	}
	rec := &fieldRecorder{Provider: env.CELTypeProvider()}
	ext, err := env.Extend(cel.CustomTypeProvider(rec))
	if err != nil {
		return ""
	}
	parsed, iss := ext.Parse(text)
	if iss != nil && iss.Err() != nil {
		return ""
	}
	_, _ = ext.Check(parsed)
	for _, miss := range rec.misses {
		if miss[1] != m[1] {
			continue
		}
		names, ok := env.CELTypeProvider().FindStructFieldNames(miss[0])
		if !ok {
			continue
		}
		if near := nearest(m[1], names); near != "" {
			return fmt.Sprintf("did you mean '%s'?", near)
		}
		return fmt.Sprintf("%s has no such field (pmokit help fields %s lists them)", shortType(miss[0]), shortType(miss[0]))
	}
	return ""
}

// fieldRecorder is a types.Provider that records the struct fields it was
// asked for and did not have.
type fieldRecorder struct {
	types.Provider
	misses [][2]string
}

// FindStructFieldType implements types.Provider.
func (r *fieldRecorder) FindStructFieldType(structType, field string) (*types.FieldType, bool) {
	ft, ok := r.Provider.FindStructFieldType(structType, field)
	if !ok {
		r.misses = append(r.misses, [2]string{structType, field})
	}
	return ft, ok
}

// nearest returns the candidate closest to word (same word in another case
// first, then the smallest edit distance, at most a third of the word's
// length and at least 1, and less than the word), or "".
func nearest(word string, candidates []string) string {
	best, bestD := "", 0
	for _, c := range candidates {
		if strings.EqualFold(c, word) {
			return c
		}
		d := editDistance(strings.ToLower(word), strings.ToLower(c))
		if best == "" || d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" || bestD > max(1, len(word)/3) || bestD >= len(word) {
		return ""
	}
	return best
}

// editDistance is the optimal string alignment distance of a and b
// (bytes): insertions, deletions, substitutions and transpositions of two
// neighbours ("biuld" is one from "build").
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return max(len(a), len(b))
	}
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
