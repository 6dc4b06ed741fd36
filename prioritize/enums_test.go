package prioritize

import (
	"encoding"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type textEnum interface {
	encoding.TextMarshaler
	String() string
}

func TestEnumWords(t *testing.T) {
	tests := []struct {
		values []textEnum
		words  []string
		parse  func([]byte) (textEnum, error)
	}{
		{[]textEnum{DefaultNormalization, MinMax, Vector, Sum, NoNormalization}, []string{"default", "min_max", "vector", "sum", "none"},
			func(b []byte) (textEnum, error) { var v Normalization; err := v.UnmarshalText(b); return v, err }},
		{[]textEnum{Eigenvector, GeometricMean}, []string{"eigenvector", "geometric_mean"},
			func(b []byte) (textEnum, error) { var v AHPMethod; err := v.UnmarshalText(b); return v, err }},
		{[]textEnum{Saaty1980, Saaty2005, DoneganDodd}, []string{"saaty_1980", "saaty_2005", "donegan_dodd"},
			func(b []byte) (textEnum, error) { var v RandomIndex; err := v.UnmarshalText(b); return v, err }},
		{[]textEnum{ICEProduct, ICEMean}, []string{"product", "mean"},
			func(b []byte) (textEnum, error) { var v ICEAggregation; err := v.UnmarshalText(b); return v, err }},
		{[]textEnum{SensitivityWeightedSum, SensitivityTOPSIS}, []string{"weighted_sum", "topsis"},
			func(b []byte) (textEnum, error) { var v SensitivityMethod; err := v.UnmarshalText(b); return v, err }},
		{[]textEnum{CostApproved, CostForecast}, []string{"approved", "forecast"},
			func(b []byte) (textEnum, error) { var v CostBasis; err := v.UnmarshalText(b); return v, err }},
	}
	for _, tt := range tests {
		for i, v := range tt.values {
			assert.Equal(t, tt.words[i], v.String())
			b, err := v.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, tt.words[i], string(b))
			back, err := tt.parse(b)
			require.NoError(t, err)
			assert.Equal(t, v, back)
		}
		zero, err := tt.parse(nil)
		require.NoError(t, err)
		assert.Equal(t, tt.values[0], zero, "the empty word is the zero value")
		_, err = tt.parse([]byte("nonsense"))
		assert.ErrorIs(t, err, ErrInvalid)
	}
	_, err := AHPMethod(5).MarshalText()
	assert.ErrorIs(t, err, ErrInvalid)
	assert.Equal(t, "RandomIndex(-1)", RandomIndex(-1).String())
}
