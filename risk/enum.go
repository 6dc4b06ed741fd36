package risk

import (
	"encoding"

	"github.com/pmokit/pmokit/internal/enum"
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

// The tables of this package's enums: their words in files and reports.
var (
	distributionTable = &enum.Table[Distribution]{Pkg: "risk", Kind: "distribution", Type: "Distribution", First: Triangular,
		Words: []string{"triangular", "beta_pert"}}
	basisTable = &enum.Table[Basis]{Pkg: "risk", Kind: "basis", Type: "Basis", First: Inherent,
		Words: []string{"inherent", "residual"}}
	axiomTable = &enum.Table[Axiom]{Pkg: "risk", Kind: "axiom", Type: "Axiom", First: WeakConsistency,
		Words: []string{"weak_consistency", "betweenness", "consistent_coloring"}}
	breachTable = &enum.Table[BreachKind]{Pkg: "risk", Kind: "breach kind", Type: "BreachKind", First: BreachRating,
		Words: []string{"rating", "score", "exposure", "project_exposure", "total_exposure", "currency"}}
	orderTable = &enum.Table[Order]{Pkg: "risk", Kind: "order", Type: "Order", First: ByExposure,
		Words: []string{"exposure", "score"}}
)

// String returns "triangular" or "beta_pert".
func (d Distribution) String() string {
	return distributionTable.String(d)
}

// MarshalText implements [encoding.TextMarshaler].
func (d Distribution) MarshalText() ([]byte, error) {
	return distributionTable.Marshal(d)
}

// UnmarshalText implements [encoding.TextUnmarshaler]: "triangular" or
// "beta_pert".
func (d *Distribution) UnmarshalText(text []byte) error {
	return distributionTable.Parse(text, d)
}

// String returns "inherent" or "residual".
func (b Basis) String() string { return basisTable.String(b) }

// MarshalText implements [encoding.TextMarshaler].
func (b Basis) MarshalText() ([]byte, error) {
	return basisTable.Marshal(b)
}

// UnmarshalText implements [encoding.TextUnmarshaler]: "inherent" or
// "residual".
func (b *Basis) UnmarshalText(text []byte) error {
	return basisTable.Parse(text, b)
}

// String returns "weak_consistency", "betweenness" or "consistent_coloring".
func (a Axiom) String() string { return axiomTable.String(a) }

// MarshalText implements [encoding.TextMarshaler].
func (a Axiom) MarshalText() ([]byte, error) {
	return axiomTable.Marshal(a)
}

// UnmarshalText implements [encoding.TextUnmarshaler] with the words of
// [Axiom.String].
func (a *Axiom) UnmarshalText(text []byte) error {
	return axiomTable.Parse(text, a)
}

// String returns the kind in words, e.g. "project_exposure".
func (k BreachKind) String() string {
	return breachTable.String(k)
}

// MarshalText implements [encoding.TextMarshaler].
func (k BreachKind) MarshalText() ([]byte, error) {
	return breachTable.Marshal(k)
}

// UnmarshalText implements [encoding.TextUnmarshaler] with the words of
// [BreachKind.String].
func (k *BreachKind) UnmarshalText(text []byte) error {
	return breachTable.Parse(text, k)
}

// String returns "exposure" or "score".
func (o Order) String() string { return orderTable.String(o) }

// MarshalText implements [encoding.TextMarshaler].
func (o Order) MarshalText() ([]byte, error) {
	return orderTable.Marshal(o)
}

// UnmarshalText implements [encoding.TextUnmarshaler]: "exposure" or
// "score".
func (o *Order) UnmarshalText(text []byte) error {
	return orderTable.Parse(text, o)
}
