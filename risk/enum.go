package risk

import (
	"encoding"
	"fmt"
)

// The enums read and write the words of files and reports.
var (
	_ encoding.TextMarshaler   = Distribution(0)
	_ encoding.TextUnmarshaler = (*Distribution)(nil)
	_ encoding.TextMarshaler   = Basis(0)
	_ encoding.TextUnmarshaler = (*Basis)(nil)
	_ encoding.TextMarshaler   = Axiom(0)
	_ encoding.TextUnmarshaler = (*Axiom)(nil)
	_ encoding.TextMarshaler   = BreachKind(0)
	_ encoding.TextUnmarshaler = (*BreachKind)(nil)
	_ encoding.TextMarshaler   = Order(0)
	_ encoding.TextUnmarshaler = (*Order)(nil)
)

// The words of this package's enums, in files and reports.
var (
	distributionNames = []string{"triangular", "beta_pert"}                                                       // from 0
	basisNames        = []string{"inherent", "residual"}                                                          // from 0
	axiomNames        = []string{"weak consistency", "betweenness", "consistent coloring"}                        // from 1
	breachNames       = []string{"rating", "score", "exposure", "project exposure", "total exposure", "currency"} // from 1
	orderNames        = []string{"exposure", "score"}                                                             // from 0
)

// enumWord returns the word of v in names, where names[0] is the word of
// first; ok is false outside the table.
func enumWord[T ~int](names []string, first, v T) (string, bool) {
	i := int(v - first)
	if i < 0 || i >= len(names) {
		return "", false
	}
	return names[i], true
}

func enumString[T ~int](kind string, names []string, first, v T) string {
	if w, ok := enumWord(names, first, v); ok {
		return w
	}
	return fmt.Sprintf("%s(%d)", kind, int(v))
}

func enumMarshal[T ~int](kind string, names []string, first, v T) ([]byte, error) {
	if w, ok := enumWord(names, first, v); ok {
		return []byte(w), nil
	}
	return nil, fmt.Errorf("risk: invalid %s %d", kind, int(v))
}

func enumParse[T ~int](kind string, names []string, first T, text []byte, v *T) error {
	for i, n := range names {
		if n == string(text) {
			*v = first + T(i)
			return nil
		}
	}
	return fmt.Errorf("risk: invalid %s %q (want one of %q)", kind, text, names)
}

// String returns "triangular" or "beta_pert".
func (d Distribution) String() string {
	return enumString("Distribution", distributionNames, Triangular, d)
}

// MarshalText implements [encoding.TextMarshaler].
func (d Distribution) MarshalText() ([]byte, error) {
	return enumMarshal("distribution", distributionNames, Triangular, d)
}

// UnmarshalText implements [encoding.TextUnmarshaler]: "triangular" or
// "beta_pert".
func (d *Distribution) UnmarshalText(text []byte) error {
	return enumParse("distribution", distributionNames, Triangular, text, d)
}

// String returns "inherent" or "residual".
func (b Basis) String() string { return enumString("Basis", basisNames, Inherent, b) }

// MarshalText implements [encoding.TextMarshaler].
func (b Basis) MarshalText() ([]byte, error) {
	return enumMarshal("basis", basisNames, Inherent, b)
}

// UnmarshalText implements [encoding.TextUnmarshaler]: "inherent" or
// "residual".
func (b *Basis) UnmarshalText(text []byte) error {
	return enumParse("basis", basisNames, Inherent, text, b)
}

// String returns "weak consistency", "betweenness" or "consistent coloring".
func (a Axiom) String() string { return enumString("Axiom", axiomNames, WeakConsistency, a) }

// MarshalText implements [encoding.TextMarshaler].
func (a Axiom) MarshalText() ([]byte, error) {
	return enumMarshal("axiom", axiomNames, WeakConsistency, a)
}

// UnmarshalText implements [encoding.TextUnmarshaler] with the words of
// [Axiom.String].
func (a *Axiom) UnmarshalText(text []byte) error {
	return enumParse("axiom", axiomNames, WeakConsistency, text, a)
}

// String returns the kind in words, e.g. "project exposure".
func (k BreachKind) String() string {
	return enumString("BreachKind", breachNames, BreachRating, k)
}

// MarshalText implements [encoding.TextMarshaler].
func (k BreachKind) MarshalText() ([]byte, error) {
	return enumMarshal("breach kind", breachNames, BreachRating, k)
}

// UnmarshalText implements [encoding.TextUnmarshaler] with the words of
// [BreachKind.String].
func (k *BreachKind) UnmarshalText(text []byte) error {
	return enumParse("breach kind", breachNames, BreachRating, text, k)
}

// String returns "exposure" or "score".
func (o Order) String() string { return enumString("Order", orderNames, ByExposure, o) }

// MarshalText implements [encoding.TextMarshaler].
func (o Order) MarshalText() ([]byte, error) {
	return enumMarshal("order", orderNames, ByExposure, o)
}

// UnmarshalText implements [encoding.TextUnmarshaler]: "exposure" or
// "score".
func (o *Order) UnmarshalText(text []byte) error {
	return enumParse("order", orderNames, ByExposure, text, o)
}
