package pmo

import (
	"fmt"

	"github.com/pmokit/pmokit/internal/textcut"
)

// enumString returns the file and CEL word for v, or "" for the zero value and
// for values outside the table.
func enumString[T ~int](names []string, v T) string {
	if v <= 0 || int(v) > len(names) {
		return ""
	}
	return names[v-1]
}

// enumMarshal is the MarshalText of every enum: the zero value marshals as the
// empty string; an out-of-range value is an error, never a silent word.
func enumMarshal[T ~int](kind string, names []string, v T) ([]byte, error) {
	if v == 0 {
		return []byte{}, nil
	}
	if s := enumString(names, v); s != "" {
		return []byte(s), nil
	}
	return nil, fmt.Errorf("pmo: invalid %s %d", kind, int(v))
}

// enumParse is the UnmarshalText of every enum. The empty string parses as the
// zero value (not set); any word outside the table is an error that lists the
// accepted words.
func enumParse[T ~int](kind string, names []string, text []byte, v *T) error {
	s := string(text)
	if s == "" {
		*v = 0
		return nil
	}
	for i, n := range names {
		if n == s {
			*v = T(i + 1)
			return nil
		}
	}
	return &enumError{kind: kind, value: s, names: names}
}

// enumError reports a word outside an enum's table; it matches ErrInvalid.
type enumError struct {
	kind, value string
	names       []string
}

func (e *enumError) Error() string {
	return fmt.Sprintf("pmo: invalid %s %s (want one of %s)", e.kind, textcut.Quote(e.value), quoteList(e.names))
}

func (e *enumError) Unwrap() error { return ErrInvalid }

func quoteList(names []string) string {
	s := ""
	for i, n := range names {
		switch {
		case i == 0:
		case i == len(names)-1:
			s += " or "
		default:
			s += ", "
		}
		s += fmt.Sprintf("%q", n)
	}
	return s
}
