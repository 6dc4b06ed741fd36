package report

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/pmokit/pmokit/pmo"
)

// Money formats an amount for people: the amount with a comma between each
// group of three digits of its integer part, then the currency, as in
// "1,234,567.5 USD". The zero Money (not given) formats as "".
func Money(m pmo.Money) string {
	if m.IsZero() {
		return ""
	}
	return Amount(m.Amount) + " " + m.Currency
}

// Amount formats a decimal with a comma between each group of three digits
// of its integer part, as in "-1,234,567.25"; the fraction is written as
// the decimal has it.
func Amount(d decimal.Decimal) string { return groupThousands(d.String()) }

// groupThousands puts a comma between each group of three digits of the
// integer part of a number written in digits, with an optional sign and
// fraction. Anything else is returned unchanged.
func groupThousands(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") {
		sign, s = s[:1], s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	if whole == "" || strings.Trim(whole, "0123456789") != "" {
		return sign + s
	}
	var b strings.Builder
	for i := range len(whole) {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(whole[i])
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return sign + b.String()
}
