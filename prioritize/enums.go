package prioritize

import (
	"fmt"
	"strings"

	"github.com/pmokit/pmokit/internal/textcut"
)

// The enums of this package have a meaningful zero value (the default) and
// words for files and command lines: String, MarshalText and UnmarshalText
// use the same words; the empty string unmarshals as the zero value.

func enumString[T ~int](kind string, names []string, v T) string {
	if v < 0 || int(v) >= len(names) {
		return fmt.Sprintf("%s(%d)", kind, int(v))
	}
	return names[v]
}

func enumMarshal[T ~int](kind string, names []string, v T) ([]byte, error) {
	if v < 0 || int(v) >= len(names) {
		return nil, invalidf("invalid %s %d", kind, int(v))
	}
	return []byte(names[v]), nil
}

func enumParse[T ~int](kind string, names []string, text []byte, v *T) error {
	s := string(text)
	if s == "" {
		*v = 0
		return nil
	}
	for i, n := range names {
		if n == s {
			*v = T(i)
			return nil
		}
	}
	return invalidf("invalid %s %s (want %s)", kind, textcut.Quote(s), strings.Join(names, ", "))
}

func normalizationNames() []string { return []string{"default", "min-max", "vector", "sum", "none"} }
func ahpMethodNames() []string     { return []string{"eigenvector", "geometric-mean"} }
func randomIndexNames() []string   { return []string{"saaty-1980", "saaty-2005", "donegan-dodd"} }
func iceNames() []string           { return []string{"product", "mean"} }
func sensitivityNames() []string   { return []string{"weighted-sum", "topsis"} }
func costBasisNames() []string     { return []string{"approved", "forecast"} }

// String returns the normalization's word: "default", "min-max", "vector",
// "sum" or "none".
func (n Normalization) String() string {
	return enumString("Normalization", normalizationNames(), n)
}

// MarshalText implements [encoding.TextMarshaler] with the words of
// [Normalization.String]. An undefined value is an error.
func (n Normalization) MarshalText() ([]byte, error) {
	return enumMarshal("normalization", normalizationNames(), n)
}

// UnmarshalText implements [encoding.TextUnmarshaler]. It accepts the words
// of [Normalization.String]; the empty string is [DefaultNormalization].
func (n *Normalization) UnmarshalText(text []byte) error {
	return enumParse("normalization", normalizationNames(), text, n)
}

// String returns "eigenvector" or "geometric-mean".
func (m AHPMethod) String() string { return enumString("AHPMethod", ahpMethodNames(), m) }

// MarshalText implements [encoding.TextMarshaler] with the words of
// [AHPMethod.String].
func (m AHPMethod) MarshalText() ([]byte, error) {
	return enumMarshal("ahp method", ahpMethodNames(), m)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; the empty string is
// [Eigenvector].
func (m *AHPMethod) UnmarshalText(text []byte) error {
	return enumParse("ahp method", ahpMethodNames(), text, m)
}

// String returns "saaty-1980", "saaty-2005" or "donegan-dodd".
func (ri RandomIndex) String() string { return enumString("RandomIndex", randomIndexNames(), ri) }

// MarshalText implements [encoding.TextMarshaler] with the words of
// [RandomIndex.String].
func (ri RandomIndex) MarshalText() ([]byte, error) {
	return enumMarshal("random index", randomIndexNames(), ri)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; the empty string is
// [Saaty1980].
func (ri *RandomIndex) UnmarshalText(text []byte) error {
	return enumParse("random index", randomIndexNames(), text, ri)
}

// String returns "product" or "mean".
func (a ICEAggregation) String() string { return enumString("ICEAggregation", iceNames(), a) }

// MarshalText implements [encoding.TextMarshaler] with the words of
// [ICEAggregation.String].
func (a ICEAggregation) MarshalText() ([]byte, error) {
	return enumMarshal("ice aggregation", iceNames(), a)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; the empty string is
// [ICEProduct].
func (a *ICEAggregation) UnmarshalText(text []byte) error {
	return enumParse("ice aggregation", iceNames(), text, a)
}

// String returns "weighted-sum" or "topsis".
func (m SensitivityMethod) String() string {
	return enumString("SensitivityMethod", sensitivityNames(), m)
}

// MarshalText implements [encoding.TextMarshaler] with the words of
// [SensitivityMethod.String].
func (m SensitivityMethod) MarshalText() ([]byte, error) {
	return enumMarshal("sensitivity method", sensitivityNames(), m)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; the empty string is
// [SensitivityWeightedSum].
func (m *SensitivityMethod) UnmarshalText(text []byte) error {
	return enumParse("sensitivity method", sensitivityNames(), text, m)
}

// String returns "approved" or "forecast".
func (c CostBasis) String() string { return enumString("CostBasis", costBasisNames(), c) }

// MarshalText implements [encoding.TextMarshaler] with the words of
// [CostBasis.String].
func (c CostBasis) MarshalText() ([]byte, error) {
	return enumMarshal("cost basis", costBasisNames(), c)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; the empty string is
// [CostApproved].
func (c *CostBasis) UnmarshalText(text []byte) error {
	return enumParse("cost basis", costBasisNames(), text, c)
}
