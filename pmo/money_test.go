package pmo_test

import (
	"testing"

	"github.com/pmokit/pmokit/pmo"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in   string
		want string // canonical String(); "" means an error
	}{
		{"1250000.00 USD", "1250000 USD"},
		{"-5 EUR", "-5 EUR"},
		{"+5 EUR", "5 EUR"},
		{"0 USD", "0 USD"},
		{"-0 USD", "0 USD"},
		{"0.10 CHF", "0.1 CHF"},
		{"  12.345 JPY  ", "12.345 JPY"},
		{"0000123.4500 GBP", "123.45 GBP"},
		{"99999999999999999999999999999999.99 USD", "99999999999999999999999999999999.99 USD"},
		{"12x USD", ""},
		{"12 usd", ""},
		{"12 US", ""},
		{"12 USDX", ""},
		{"12USD", ""},
		{"12  USD", ""},
		{"1e5 USD", ""},
		{"1,000 USD", ""},
		{". USD", ""},
		{"1. USD", ""},
		{".5 USD", ""},
		{"- USD", ""},
		{"NaN USD", ""},
		{"Inf USD", ""},
		{"USD 12", ""},
		{"", ""},
		{"１２ USD", ""},
		{"12 ÜSD", ""},
		{"1" + string(make([]byte, 70)) + " USD", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			m, err := pmo.ParseMoney(tt.in)
			if tt.want == "" {
				require.Error(t, err)
				assert.ErrorIs(t, err, pmo.ErrInvalid)
				assert.Contains(t, err.Error(), `invalid money "`)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, m.String())
		})
	}
}

func TestMoneyText(t *testing.T) {
	var m pmo.Money
	require.NoError(t, m.UnmarshalText([]byte("1.50 USD")))
	b, err := m.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "1.5 USD", string(b))

	require.NoError(t, m.UnmarshalText(nil))
	assert.True(t, m.IsZero())
	assert.Equal(t, "", m.String())
	assert.Error(t, m.UnmarshalText([]byte("1.5")))

	assert.False(t, pmo.MustParseMoney("0 USD").IsZero(), "an amount of zero is given")
	assert.Panics(t, func() { pmo.MustParseMoney("bad") })
}

func TestMoneyArithmetic(t *testing.T) {
	a, b, eur := pmo.MustParseMoney("10.50 USD"), pmo.MustParseMoney("0.25 USD"), pmo.MustParseMoney("1 EUR")
	sum, err := a.Add(b)
	require.NoError(t, err)
	assert.Equal(t, "10.75 USD", sum.String())
	diff, err := b.Sub(a)
	require.NoError(t, err)
	assert.Equal(t, "-10.25 USD", diff.String())
	assert.Equal(t, "21 USD", a.Mul(decimal.NewFromInt(2)).String())
	assert.Equal(t, "-10.5 USD", a.Neg().String())
	assert.Equal(t, -1, diff.Sign())
	assert.True(t, a.Equal(pmo.MustParseMoney("10.5 USD")))
	assert.False(t, a.Equal(pmo.MustParseMoney("10.5 EUR")))

	for _, tt := range []struct {
		a, b pmo.Money
		want int
	}{{a, b, 1}, {b, a, -1}, {a, pmo.MustParseMoney("10.500 USD"), 0}} {
		got, err := tt.a.Cmp(tt.b)
		require.NoError(t, err)
		assert.Equal(t, tt.want, got, "%s <=> %s", tt.a, tt.b)
	}

	_, err = a.Add(eur)
	assert.ErrorIs(t, err, pmo.ErrCurrencyMismatch)
	assert.EqualError(t, err, "pmo: currency mismatch: 10.5 USD + 1 EUR")
	_, err = a.Sub(eur)
	assert.ErrorIs(t, err, pmo.ErrCurrencyMismatch)
	_, err = a.Cmp(eur)
	assert.ErrorIs(t, err, pmo.ErrCurrencyMismatch)
	_, err = a.Cmp(pmo.Money{})
	assert.EqualError(t, err, "pmo: currency mismatch: 10.5 USD <=> (no amount)")
}

func TestSum(t *testing.T) {
	total, err := pmo.Sum(pmo.MustParseMoney("1 USD"), pmo.Money{}, pmo.MustParseMoney("2.5 USD"))
	require.NoError(t, err)
	assert.Equal(t, "3.5 USD", total.String())

	total, err = pmo.Sum()
	require.NoError(t, err)
	assert.True(t, total.IsZero())

	_, err = pmo.Sum(pmo.MustParseMoney("1 USD"), pmo.MustParseMoney("2 EUR"))
	assert.ErrorIs(t, err, pmo.ErrCurrencyMismatch)
	assert.EqualError(t, err, "pmo: currency mismatch: [1] is EUR, earlier amounts are USD")

	by := pmo.SumByCurrency(pmo.MustParseMoney("1 USD"), pmo.MustParseMoney("2 EUR"), pmo.Money{}, pmo.MustParseMoney("3 USD"))
	got := map[string]string{}
	for cur, m := range by {
		got[cur] = m.String()
	}
	assert.Equal(t, map[string]string{"USD": "4 USD", "EUR": "2 EUR"}, got)
}

// FuzzParseMoney checks that ParseMoney never panics and never accepts what
// it cannot read back: the canonical form of an accepted amount parses to an
// equal Money and prints the same again.
func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{
		"1250000.00 USD", "-5 EUR", "+0 USD", "-0.000 USD", "0.1 CHF", "12x USD", "1e5 USD", "1E-7 USD",
		"NaN USD", "Inf USD", "0x10 USD", "1_000 USD", " 5 USD ", "5\tUSD", "5  USD", "5 usd", "",
		"99999999999999999999999999999999999999999999999999999999999999 USD",
		"0.000000000000000000000000000000000000000000000000000000000001 USD",
		"\xff\xfe USD", "5 \x00SD", "٣ USD", "１ USD", "-", "+", ".", "-.5 USD", "5. USD",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := pmo.ParseMoney(s)
		if err != nil {
			if !assert.ErrorIs(t, err, pmo.ErrInvalid) {
				t.FailNow()
			}
			return
		}
		canon := m.String()
		again, err := pmo.ParseMoney(canon)
		if err != nil {
			t.Fatalf("ParseMoney(%q) = %q, which does not parse: %v", s, canon, err)
		}
		if !again.Equal(m) || again.String() != canon {
			t.Fatalf("ParseMoney(%q) = %q, read back as %q", s, canon, again)
		}
	})
}
