package prioritize

import "github.com/pmokit/pmokit/internal/enum"

// The enums of this package have a meaningful zero value (the default) and
// words for files and command lines: String, MarshalText and UnmarshalText
// use the same words; the empty string unmarshals as the zero value.

var normalizationTable = &enum.Table[Normalization]{Pkg: "prioritize", Kind: "normalization", Type: "Normalization", First: DefaultNormalization, Empty: true, Sentinel: ErrInvalid,
	Words: []string{"default", "min_max", "vector", "sum", "none"}}

var ahpMethodTable = &enum.Table[AHPMethod]{Pkg: "prioritize", Kind: "ahp method", Type: "AHPMethod", First: Eigenvector, Empty: true, Sentinel: ErrInvalid,
	Words: []string{"eigenvector", "geometric_mean"}}

var randomIndexTable = &enum.Table[RandomIndex]{Pkg: "prioritize", Kind: "random index", Type: "RandomIndex", First: Saaty1980, Empty: true, Sentinel: ErrInvalid,
	Words: []string{"saaty_1980", "saaty_2005", "donegan_dodd"}}

var iceTable = &enum.Table[ICEAggregation]{Pkg: "prioritize", Kind: "ice aggregation", Type: "ICEAggregation", First: ICEProduct, Empty: true, Sentinel: ErrInvalid,
	Words: []string{"product", "mean"}}

var sensitivityTable = &enum.Table[SensitivityMethod]{Pkg: "prioritize", Kind: "sensitivity method", Type: "SensitivityMethod", First: SensitivityWeightedSum, Empty: true, Sentinel: ErrInvalid,
	Words: []string{"weighted_sum", "topsis"}}

var costBasisTable = &enum.Table[CostBasis]{Pkg: "prioritize", Kind: "cost basis", Type: "CostBasis", First: CostApproved, Empty: true, Sentinel: ErrInvalid,
	Words: []string{"approved", "forecast", "remaining", "forecast_remaining"}}

// String returns the normalization's word: "default", "min_max", "vector",
// "sum" or "none".
func (n Normalization) String() string {
	return normalizationTable.String(n)
}

// MarshalText implements [encoding.TextMarshaler] with the words of
// [Normalization.String]. An undefined value is an error.
func (n Normalization) MarshalText() ([]byte, error) {
	return normalizationTable.Marshal(n)
}

// UnmarshalText implements [encoding.TextUnmarshaler]. It accepts the words
// of [Normalization.String]; the empty string is [DefaultNormalization].
func (n *Normalization) UnmarshalText(text []byte) error {
	return normalizationTable.Parse(text, n)
}

// String returns "eigenvector" or "geometric_mean".
func (m AHPMethod) String() string { return ahpMethodTable.String(m) }

// MarshalText implements [encoding.TextMarshaler] with the words of
// [AHPMethod.String].
func (m AHPMethod) MarshalText() ([]byte, error) {
	return ahpMethodTable.Marshal(m)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; the empty string is
// [Eigenvector].
func (m *AHPMethod) UnmarshalText(text []byte) error {
	return ahpMethodTable.Parse(text, m)
}

// String returns "saaty_1980", "saaty_2005" or "donegan_dodd".
func (ri RandomIndex) String() string { return randomIndexTable.String(ri) }

// MarshalText implements [encoding.TextMarshaler] with the words of
// [RandomIndex.String].
func (ri RandomIndex) MarshalText() ([]byte, error) {
	return randomIndexTable.Marshal(ri)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; the empty string is
// [Saaty1980].
func (ri *RandomIndex) UnmarshalText(text []byte) error {
	return randomIndexTable.Parse(text, ri)
}

// String returns "product" or "mean".
func (a ICEAggregation) String() string { return iceTable.String(a) }

// MarshalText implements [encoding.TextMarshaler] with the words of
// [ICEAggregation.String].
func (a ICEAggregation) MarshalText() ([]byte, error) {
	return iceTable.Marshal(a)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; the empty string is
// [ICEProduct].
func (a *ICEAggregation) UnmarshalText(text []byte) error {
	return iceTable.Parse(text, a)
}

// String returns "weighted_sum" or "topsis".
func (m SensitivityMethod) String() string {
	return sensitivityTable.String(m)
}

// MarshalText implements [encoding.TextMarshaler] with the words of
// [SensitivityMethod.String].
func (m SensitivityMethod) MarshalText() ([]byte, error) {
	return sensitivityTable.Marshal(m)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; the empty string is
// [SensitivityWeightedSum].
func (m *SensitivityMethod) UnmarshalText(text []byte) error {
	return sensitivityTable.Parse(text, m)
}

// String returns "approved", "forecast", "remaining" or
// "forecast_remaining".
func (c CostBasis) String() string { return costBasisTable.String(c) }

// MarshalText implements [encoding.TextMarshaler] with the words of
// [CostBasis.String].
func (c CostBasis) MarshalText() ([]byte, error) {
	return costBasisTable.Marshal(c)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; the empty string is
// [CostApproved].
func (c *CostBasis) UnmarshalText(text []byte) error {
	return costBasisTable.Parse(text, c)
}
