package pmo_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/pmokit/pmokit/internal/pmogen"
	"github.com/pmokit/pmokit/internal/sample"
	"github.com/pmokit/pmokit/pmo"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// normalized returns a deep copy of pf in which every decimal is rebuilt from
// its canonical string, so that equal amounts ("1.50", "1.5") compare equal
// with assert.Equal and the whole values can be compared.
func normalized(t testing.TB, pf *pmo.Portfolio) *pmo.Portfolio {
	t.Helper()
	out := reflect.New(reflect.TypeOf(*pf))
	copyNormalized(out.Elem(), reflect.ValueOf(pf).Elem())
	return out.Interface().(*pmo.Portfolio)
}

var decimalType = reflect.TypeOf(decimal.Decimal{})

func copyNormalized(dst, src reflect.Value) {
	switch {
	case src.Type() == decimalType:
		dst.Set(reflect.ValueOf(decimal.RequireFromString(src.Interface().(decimal.Decimal).String())))
	case src.Kind() == reflect.Struct && src.Type().PkgPath() == "github.com/pmokit/pmokit/pmo":
		for i := range src.NumField() {
			copyNormalized(dst.Field(i), src.Field(i))
		}
	case src.Kind() == reflect.Pointer:
		if !src.IsNil() {
			dst.Set(reflect.New(src.Type().Elem()))
			copyNormalized(dst.Elem(), src.Elem())
		}
	case src.Kind() == reflect.Slice && src.Type().Elem().Kind() == reflect.Struct:
		if !src.IsNil() {
			dst.Set(reflect.MakeSlice(src.Type(), src.Len(), src.Len()))
			for i := range src.Len() {
				copyNormalized(dst.Index(i), src.Index(i))
			}
		}
	default:
		dst.Set(src)
	}
}

func roundTrip(t *testing.T, pf *pmo.Portfolio) {
	t.Helper()
	for _, format := range []string{"json", "yaml"} {
		var buf bytes.Buffer
		if format == "json" {
			require.NoError(t, pf.WriteJSON(&buf))
		} else {
			require.NoError(t, pf.WriteYAML(&buf))
		}
		got, err := pmo.ReadPortfolio(bytes.NewReader(buf.Bytes()))
		require.NoError(t, err, "%s:\n%s", format, buf.String())
		assert.Equal(t, normalized(t, pf), normalized(t, got), format)
	}
}

func TestRoundTripSample(t *testing.T) {
	pf, err := pmo.ReadPortfolio(bytes.NewReader(sample.YAML()))
	require.NoError(t, err)
	roundTrip(t, pf)
}

func TestRoundTripGenerated(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		pf := pmogen.Generate(40, seed)
		require.NoError(t, pf.Validate())
		roundTrip(t, pf)
	}
}
