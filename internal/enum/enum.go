// Package enum is the one implementation of the typed enums of pmokit's
// public packages (pmo, governance, prioritize, risk): a [Table] holds the
// words of one enum, in the order of its values, and gives the String,
// MarshalText and UnmarshalText of every enum type, so that files, flags,
// JSON and CEL rules read and write the same words and every package
// reports a bad word the same way.
//
// Words are snake_case (lower case, words joined by "_"): "finish_to_start",
// "beta_pert", "min_max".
package enum

import (
	"fmt"
	"github.com/pmokit/pmokit/internal/textcut"
	"strconv"
	"strings"
)

// Table is the words of one enum type T: Words[0] is the word of the value
// First, Words[1] of First+1, and so on. A Table is a value; share it as a
// package-level variable set once and never changed.
type Table[T ~int] struct {
	Pkg      string   // the package name that starts error strings, e.g. "pmo"
	Kind     string   // what the enum is, in words, e.g. "approval decision"
	Type     string   // the Go type name, for String of a value outside the table, e.g. "Outcome"
	First    T        // the value of Words[0]
	Words    []string // the words, in the order of the values
	Unset    bool     // the zero value means "not set": String and MarshalText give "" and "" parses as zero
	Empty    bool     // "" parses as the zero value (implied by Unset); otherwise "" is an invalid word
	Sentinel error    // what every error of this table unwraps to (e.g. pmo.ErrInvalid); nil: none
}

// Word returns the word of v; ok is false for a value outside the table.
func (t *Table[T]) Word(v T) (string, bool) {
	i := int(v - t.First)
	if i < 0 || i >= len(t.Words) {
		return "", false
	}
	return t.Words[i], true
}

// String returns the word of v; "" for the zero value of an Unset table;
// and Type(n) for any other value outside the table.
func (t *Table[T]) String(v T) string {
	if w, ok := t.Word(v); ok {
		return w
	}
	if t.Unset && v == 0 {
		return ""
	}
	return t.Type + "(" + strconv.Itoa(int(v)) + ")"
}

// Marshal is MarshalText: the word of v ("" for the zero value of an Unset
// table); a value outside the table is an error, never a made-up word.
func (t *Table[T]) Marshal(v T) ([]byte, error) {
	if w, ok := t.Word(v); ok {
		return []byte(w), nil
	}
	if t.Unset && v == 0 {
		return []byte{}, nil
	}
	return nil, &Error{Pkg: t.Pkg, Kind: t.Kind, Number: int(v), IsNumber: true, sentinel: t.Sentinel}
}

// Parse is UnmarshalText: it sets *v to the value of the word text. The
// empty string gives the zero value when the table is Unset or Empty; any
// other word outside the table is an [*Error] that lists the accepted words.
func (t *Table[T]) Parse(text []byte, v *T) error {
	s := string(text)
	if s == "" && (t.Unset || t.Empty) {
		*v = 0
		return nil
	}
	for i, w := range t.Words {
		if w == s {
			*v = t.First + T(i)
			return nil
		}
	}
	return &Error{Pkg: t.Pkg, Kind: t.Kind, Value: s, Words: t.Words, sentinel: t.Sentinel}
}

// Error is a word (or a number) outside an enum's table.
type Error struct {
	Pkg      string   // the package of the enum
	Kind     string   // the enum, in words
	Value    string   // the word that is not in the table
	Number   int      // the value that is not in the table, when IsNumber
	IsNumber bool     // a value was marshalled, not a word parsed
	Words    []string // the accepted words
	sentinel error
}

// Error returns e.g. `pmo: invalid approval decision "ok" (want one of
// "approved", "rejected" or "pending")`.
func (e *Error) Error() string {
	if e.IsNumber {
		return fmt.Sprintf("%s: invalid %s %d", e.Pkg, e.Kind, e.Number)
	}
	return fmt.Sprintf("%s: invalid %s %s (want one of %s)", e.Pkg, e.Kind, textcut.Quote(e.Value), Quote(e.Words))
}

// Unwrap returns the table's sentinel error.
func (e *Error) Unwrap() error { return e.sentinel }

// Quote lists words for a message: `"a"`, `"a" or "b"`, `"a", "b" or "c"`.
func Quote(words []string) string {
	var b strings.Builder
	for i, w := range words {
		switch {
		case i == 0:
		case i == len(words)-1:
			b.WriteString(" or ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(w))
	}
	return b.String()
}
