package governance

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/pmo"
)

// randomDecimal draws a decimal of up to 25 digits (so some coefficients
// do not fit in 18) with an exponent from -20 to 3, either sign.
func randomDecimal(r *rand.Rand) decimal.Decimal {
	digits := 1 + r.IntN(25)
	s := fmt.Sprint(1 + r.IntN(9))
	for range digits - 1 {
		s += fmt.Sprint(r.IntN(10))
	}
	if r.IntN(2) == 0 {
		s = "-" + s
	}
	if r.IntN(8) == 0 {
		s = "0"
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		panic(err)
	}
	return d.Shift(int32(r.IntN(24) - 20))
}

// TestCmpDecimalIsCmp: the int64 shortcut of cmpDecimal orders every pair
// as decimal's Cmp does, near the 18-digit and 18-place edges too.
func TestCmpDecimalIsCmp(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 200_000 {
		a, b := randomDecimal(r), randomDecimal(r)
		if r.IntN(4) == 0 {
			b = a.Shift(int32(r.IntN(5) - 2)) // close exponents, equal values
		}
		require.Equal(t, a.Cmp(b), cmpDecimal(a, b), "%s vs %s (exponents %d, %d)", a, b, a.Exponent(), b.Exponent())
	}
	for _, c := range [][2]string{
		{"999999999999999999", "999999999999999999"}, {"999999999999999999", "9999999999999999990e-1"},
		{"1e-18", "1"}, {"1", "1e-18"}, {"-1e18", "1e-1"}, {"0", "-0.000"}, {"123.450", "123.45"},
	} {
		a, b := decimal.RequireFromString(c[0]), decimal.RequireFromString(c[1])
		require.Equal(t, a.Cmp(b), cmpDecimal(a, b), "%s vs %s", a, b)
		require.Equal(t, b.Cmp(a), cmpDecimal(b, a), "%s vs %s", b, a)
	}
}

// sumMoneyReference is sumMoney without its int64 shortcut: decimal
// addition element by element.
func sumMoneyReference(list []pmo.Money) (pmo.Money, error) {
	var total pmo.Money
	for _, m := range list {
		a, b := align(total, m)
		r, err := a.Add(b)
		if err != nil {
			return pmo.Money{}, err
		}
		total = r
	}
	return total, nil
}

// TestSumMoneyShortcutIsExact: sums of amounts written alike, of mixed
// exponents, of 18-digit amounts that overflow an int64, and of mixed
// currencies give the value, the exponent (so the text) and the error of
// decimal addition.
func TestSumMoneyShortcutIsExact(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 20_000 {
		n := r.IntN(24)
		list := make([]pmo.Money, n)
		vals := make([]ref.Val, n)
		exp := int32(-r.IntN(3))
		mode := r.IntN(3) // amounts of any form, 18-digit ones, small ones
		for j := range list {
			var d decimal.Decimal
			switch mode {
			case 0:
				d = randomDecimal(r)
			case 1:
				d = decimal.New(500_000_000_000_000_000+r.Int64N(499_999_999_999_999_999), exp) // 18 digits: sums of ten overflow an int64
			default:
				d = decimal.New(r.Int64N(2_000_000)-1_000_000, exp)
			}
			cur := "USD"
			if i%50 == 0 && j == n-1 {
				cur = "EUR"
			}
			list[j] = pmo.NewMoney(d, cur)
			vals[j] = moneyRef{&list[j]}
		}
		want, werr := sumMoneyReference(list)
		got := sumMoney(types.NewRefValList(types.DefaultTypeAdapter, vals))
		if werr != nil {
			require.True(t, types.IsError(got), "%v: want error %v, got %v", list, werr, got)
			continue
		}
		require.False(t, types.IsError(got), "%v: %v", list, got)
		m := got.(moneyRef).money()
		require.Equal(t, want.String(), m.String(), "%v", list)
		require.Equal(t, want.Amount.Exponent(), m.Amount.Exponent(), "%v", list)
		require.True(t, want.Amount.Equal(m.Amount))
	}
}
