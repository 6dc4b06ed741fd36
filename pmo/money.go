package pmo

import (
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/pmokit/pmokit/internal/textcut"
)

// Money is an exact amount in one currency. Amount is a decimal, never a float;
// Currency is an ISO 4217 code of three upper-case letters.
//
// The zero Money (no amount, no currency) means "not given": optional money
// fields of the schema hold it when a file leaves them out, and [Money.IsZero]
// reports it. Money is a value type; its methods never modify the receiver.
//
// In files Money is the string "<amount> <CUR>", e.g. "1250000.00 USD".
type Money struct {
	Amount   decimal.Decimal
	Currency string
}

// ErrCurrencyMismatch is returned (wrapped) by arithmetic and comparison on
// amounts of different currencies. pmokit never converts between currencies.
var ErrCurrencyMismatch = errors.New("pmo: currency mismatch")

// ParseMoney parses "<amount> <CUR>": a decimal amount (optionally signed, no
// exponent, no thousands separators), one space, and a three-letter upper-case
// currency code, e.g. "1250000.00 USD" or "-5 EUR". Surrounding spaces are
// ignored. The error matches [ErrInvalid].
func ParseMoney(s string) (Money, error) {
	amount, cur, ok := strings.Cut(strings.TrimSpace(s), " ")
	if !ok || amount == "" || !validAmount(amount) || !validCurrency(cur) {
		return Money{}, &moneyError{s}
	}
	d, err := decimal.NewFromString(amount)
	if err != nil {
		return Money{}, &moneyError{s}
	}
	return Money{Amount: d, Currency: cur}, nil
}

// MustParseMoney is like [ParseMoney] but panics on error. It is meant for
// constants in tests and package-level values, never for input.
func MustParseMoney(s string) Money {
	m, err := ParseMoney(s)
	if err != nil {
		panic(err)
	}
	return m
}

// NewMoney returns an amount in a currency. It does not validate the currency;
// [Portfolio.Validate] does.
func NewMoney(amount decimal.Decimal, currency string) Money {
	return Money{Amount: amount, Currency: currency}
}

// moneyError is the error of a malformed money string; it matches ErrInvalid.
type moneyError struct{ s string }

func (e *moneyError) Error() string { return "pmo: invalid money " + textcut.Quote(e.s) }
func (e *moneyError) Unwrap() error { return ErrInvalid }

// validAmount accepts [+-]digits[.digits] and nothing else, so that every
// accepted amount prints back the same way (no exponents, no "Inf").
func validAmount(s string) bool {
	if s[0] == '+' || s[0] == '-' {
		s = s[1:]
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" || (hasDot && frac == "") || len(s) > 64 {
		return false
	}
	for _, part := range []string{intPart, frac} {
		for _, r := range part {
			if r < '0' || r > '9' {
				return false
			}
		}
	}
	return true
}

func validCurrency(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// String returns the canonical form "<amount> <CUR>": the shortest decimal that
// represents the amount exactly (no trailing zeros), a space and the code. The
// zero Money prints as "".
func (m Money) String() string {
	if m.IsZero() {
		return ""
	}
	return m.Amount.String() + " " + m.Currency
}

// IsZero reports whether m is the zero Money, that is "not given". An amount of
// zero in a currency ("0 USD") is not zero in this sense; test m.Amount.IsZero
// for that.
func (m Money) IsZero() bool {
	return m.Currency == "" && m.Amount.IsZero()
}

// MarshalText implements [encoding.TextMarshaler] with the canonical form.
func (m Money) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText implements [encoding.TextUnmarshaler] with [ParseMoney]. The
// empty string gives the zero Money.
func (m *Money) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*m = Money{}
		return nil
	}
	v, err := ParseMoney(string(text))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// Equal reports whether m and o are the same amount in the same currency
// ("1.50 USD" equals "1.5 USD").
func (m Money) Equal(o Money) bool {
	return m.Currency == o.Currency && m.Amount.Equal(o.Amount)
}

func (m Money) same(op string, o Money) error {
	if m.Currency != o.Currency {
		return fmt.Errorf("%w: %s %s %s", ErrCurrencyMismatch, m.display(), op, o.display())
	}
	return nil
}

func (m Money) display() string {
	if m.IsZero() {
		return "(no amount)"
	}
	return m.String()
}

// Add returns m + o. Different currencies give an error that matches
// [ErrCurrencyMismatch].
func (m Money) Add(o Money) (Money, error) {
	if err := m.same("+", o); err != nil {
		return Money{}, err
	}
	return Money{Amount: m.Amount.Add(o.Amount), Currency: m.Currency}, nil
}

// Sub returns m - o. Different currencies give an error that matches
// [ErrCurrencyMismatch].
func (m Money) Sub(o Money) (Money, error) {
	if err := m.same("-", o); err != nil {
		return Money{}, err
	}
	return Money{Amount: m.Amount.Sub(o.Amount), Currency: m.Currency}, nil
}

// Mul returns m scaled by an exact factor, in m's currency.
func (m Money) Mul(factor decimal.Decimal) Money {
	return Money{Amount: m.Amount.Mul(factor), Currency: m.Currency}
}

// Neg returns -m.
func (m Money) Neg() Money { return Money{Amount: m.Amount.Neg(), Currency: m.Currency} }

// Cmp compares m and o: -1 if m < o, 0 if equal, +1 if m > o. Different
// currencies give an error that matches [ErrCurrencyMismatch].
func (m Money) Cmp(o Money) (int, error) {
	if err := m.same("<=>", o); err != nil {
		return 0, err
	}
	return m.Amount.Cmp(o.Amount), nil
}

// Sign returns -1, 0 or +1 by the sign of the amount.
func (m Money) Sign() int { return m.Amount.Sign() }

// Sum adds amounts of one currency. The sum of no amounts is the zero Money;
// zero Money values (not given) in the list are skipped. Different currencies
// give an error that matches [ErrCurrencyMismatch] and names the index.
func Sum(amounts ...Money) (Money, error) {
	var total Money
	for i, a := range amounts {
		if a.IsZero() {
			continue
		}
		if total.IsZero() {
			total = a
			continue
		}
		if a.Currency != total.Currency {
			return Money{}, fmt.Errorf("%w: [%d] is %s, earlier amounts are %s", ErrCurrencyMismatch, i, a.Currency, total.Currency)
		}
		total.Amount = total.Amount.Add(a.Amount)
	}
	return total, nil
}

// SumByCurrency adds amounts per currency, for totals over a portfolio that
// holds several. Zero Money values are skipped.
func SumByCurrency(amounts ...Money) map[string]Money {
	out := make(map[string]Money)
	for _, a := range amounts {
		if a.IsZero() {
			continue
		}
		t, ok := out[a.Currency]
		if !ok {
			t = Money{Currency: a.Currency}
		}
		t.Amount = t.Amount.Add(a.Amount)
		out[a.Currency] = t
	}
	return out
}
