package governance

import (
	"fmt"
	"reflect"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
	"github.com/shopspring/decimal"

	"github.com/pmokit/pmokit/pmo"

	"github.com/pmokit/pmokit/internal/textcut"
)

// moneyTypeName is the CEL name of the money type.
const moneyTypeName = "money"

// newMoneyType returns the static CEL type of money: an opaque type, so that
// money never compares with a number by accident.
func newMoneyType() *types.Type { return types.NewOpaqueType(moneyTypeName) }

// newMoneyRuntimeType returns the runtime type of money values: the same
// name, with the traits that cel-go's operators dispatch on (+, -, *, /,
// unary -, <…). One instance lives in the schema (see schema.go).
func newMoneyRuntimeType() *types.Type {
	return types.NewObjectType(moneyTypeName,
		traits.AdderType, traits.SubtractorType, traits.MultiplierType, traits.DividerType,
		traits.NegatorType, traits.ComparerType)
}

// moneyRef is the CEL value of a money amount: a pointer to a pmo.Money (into
// the caller's data for fields, fresh for results). A nil pointer or the zero
// Money (an absent field, the sum of no amounts) is a zero without currency,
// which adds to and compares with an amount of any currency as 0.
type moneyRef struct{ p *pmo.Money }

func (m moneyRef) money() pmo.Money {
	if m.p == nil {
		return pmo.Money{}
	}
	return *m.p
}

func newMoney(v pmo.Money) moneyRef { return moneyRef{&v} }

// ConvertToNative implements ref.Val: pmo.Money, *pmo.Money or string.
func (m moneyRef) ConvertToNative(t reflect.Type) (any, error) {
	switch t {
	case reflect.TypeFor[pmo.Money]():
		return m.money(), nil
	case reflect.TypeFor[*pmo.Money]():
		v := m.money()
		return &v, nil
	case reflect.TypeFor[string]():
		return moneyString(m.money()), nil
	}
	return nil, fmt.Errorf("governance: cannot convert money to %v", t)
}

// ConvertToType implements ref.Val.
func (m moneyRef) ConvertToType(t ref.Type) ref.Val {
	switch {
	case t == types.TypeType:
		return schema().moneyType
	case t.TypeName() == moneyTypeName:
		return m
	case t == types.StringType:
		return types.String(moneyString(m.money()))
	}
	return types.NewErr("type conversion error from 'money' to '%s'", t.TypeName())
}

// Equal implements ref.Val; different currencies are an error.
func (m moneyRef) Equal(other ref.Val) ref.Val {
	o, ok := other.(moneyRef)
	if !ok {
		return types.False
	}
	c, err := cmpMoney(m.money(), o.money(), "==")
	if err != nil {
		return types.WrapErr(err)
	}
	return types.Bool(c == 0)
}

// Type implements ref.Val.
func (m moneyRef) Type() ref.Type { return schema().moneyType }

// Compare implements traits.Comparer (<, <=, >, >=); different currencies
// are an error.
func (m moneyRef) Compare(other ref.Val) ref.Val {
	return moneyCompare(m, other)
}

// Add implements traits.Adder.
func (m moneyRef) Add(other ref.Val) ref.Val { return moneyAddSub("+", m, other) }

// Subtract implements traits.Subtractor.
func (m moneyRef) Subtract(other ref.Val) ref.Val { return moneyAddSub("-", m, other) }

// Multiply implements traits.Multiplier: money × number.
func (m moneyRef) Multiply(other ref.Val) ref.Val { return moneyScale(m, other) }

// Divide implements traits.Divider: money / money is a double (a ratio),
// money / number is money.
func (m moneyRef) Divide(other ref.Val) ref.Val {
	if _, ok := other.(moneyRef); ok {
		return moneyRatio(m, other)
	}
	return moneyDivide(m, other)
}

// Value implements ref.Val: a pmo.Money.
func (m moneyRef) Value() any { return m.money() }

// Negate implements traits.Negater.
func (m moneyRef) Negate() ref.Val { return newMoney(m.money().Neg()) }

// moneyString prints an amount; the zero without currency prints as "0".
func moneyString(m pmo.Money) string {
	if m.IsZero() {
		return "0"
	}
	return m.String()
}

// align gives a currency-less zero the other operand's currency.
func align(a, b pmo.Money) (pmo.Money, pmo.Money) {
	switch {
	case a.Currency == "" && a.Amount.IsZero():
		a.Currency = b.Currency
	case b.Currency == "" && b.Amount.IsZero():
		b.Currency = a.Currency
	}
	return a, b
}

func cmpMoney(a, b pmo.Money, op string) (int, error) {
	a, b = align(a, b)
	if a.Currency != b.Currency {
		return 0, fmt.Errorf("%w: %s %s %s (compare amounts of one currency only: guard with x.currency() == y.currency())",
			pmo.ErrCurrencyMismatch, textcut.Cut(moneyString(a)), op, textcut.Cut(moneyString(b)))
	}
	return cmpDecimal(a.Amount, b.Amount), nil
}

// cmpDecimal is a.Cmp(b) without rescaling through math/big when both
// coefficients fit in 18 digits and the exponents are at most 18 apart
// (amounts of one currency nearly always are): the coefficient with the
// larger exponent is scaled up in int64, which cannot overflow then.
func cmpDecimal(a, b decimal.Decimal) int {
	d := int64(a.Exponent()) - int64(b.Exponent())
	if d < -18 || d > 18 {
		return a.Cmp(b)
	}
	if na, nb := a.NumDigits(), b.NumDigits(); na <= 18 && nb <= 18 {
		x, y := a.CoefficientInt64(), b.CoefficientInt64()
		switch {
		case d > 0 && na+int(d) <= 18:
			x *= pow10[d]
		case d < 0 && nb+int(-d) <= 18:
			y *= pow10[-d]
		case d != 0:
			return a.Cmp(b)
		}
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	}
	return a.Cmp(b)
}

// pow10 are the powers of ten that fit in an int64 with an 18-digit
// coefficient.
var pow10 = [...]int64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// compared is a comparison's result as a CEL value (a constant: no
// allocation for -1).
func compared(c int) ref.Val {
	switch {
	case c < 0:
		return types.IntNegOne
	case c > 0:
		return types.IntOne
	}
	return types.IntZero
}

func moneyArgs(lhs, rhs ref.Val) (pmo.Money, pmo.Money, bool) {
	a, ok1 := lhs.(moneyRef)
	b, ok2 := rhs.(moneyRef)
	return a.money(), b.money(), ok1 && ok2
}

func moneyCompare(lhs, rhs ref.Val) ref.Val {
	if t, ok := rhs.(*threshold); ok { // a money parameter (params_money.go)
		m, ok := lhs.(moneyRef)
		if !ok {
			return types.MaybeNoSuchOverloadErr(lhs)
		}
		c, err := moneyVersusThreshold(m.money(), t, "<=>")
		if err != nil {
			return types.WrapErr(err)
		}
		return compared(c)
	}
	a, b, ok := moneyArgs(lhs, rhs)
	if !ok {
		return types.MaybeNoSuchOverloadErr(rhs)
	}
	c, err := cmpMoney(a, b, "<=>")
	if err != nil {
		return types.WrapErr(err)
	}
	return compared(c)
}

func moneyAddSub(op string, lhs, rhs ref.Val) ref.Val {
	if t, ok := rhs.(*threshold); ok { // a money parameter (params_money.go)
		m, ok := lhs.(moneyRef)
		if !ok {
			return types.MaybeNoSuchOverloadErr(lhs)
		}
		amt, err := t.against(m.money())
		if err != nil {
			return types.WrapErr(err)
		}
		rhs = newMoney(amt)
	}
	a, b, ok := moneyArgs(lhs, rhs)
	if !ok {
		return types.MaybeNoSuchOverloadErr(rhs)
	}
	a, b = align(a, b)
	var (
		r   pmo.Money
		err error
	)
	if op == "+" {
		r, err = a.Add(b)
	} else {
		r, err = a.Sub(b)
	}
	if err != nil {
		return types.WrapErr(err)
	}
	return newMoney(r)
}

// factor converts a CEL number to an exact decimal.
func factor(v ref.Val) (decimal.Decimal, bool) {
	switch n := v.(type) {
	case types.Int:
		return decimal.NewFromInt(int64(n)), true
	case types.Double:
		f := float64(n)
		if f != f || f > 1e300 || f < -1e300 {
			return decimal.Decimal{}, false
		}
		return decimal.NewFromFloat(f), true
	}
	return decimal.Decimal{}, false
}

func moneyScale(m, n ref.Val) ref.Val {
	a, ok := m.(moneyRef)
	if !ok {
		return types.MaybeNoSuchOverloadErr(m)
	}
	f, ok := factor(n)
	if !ok {
		return types.NewErr("governance: cannot multiply money by %v", n)
	}
	return newMoney(a.money().Mul(f))
}

// divisionPlaces is the number of decimal places of a money quotient.
const divisionPlaces = 16

func moneyDivide(m, n ref.Val) ref.Val {
	a, ok := m.(moneyRef)
	if !ok {
		return types.MaybeNoSuchOverloadErr(m)
	}
	f, ok := factor(n)
	if !ok || f.IsZero() {
		return types.NewErr("governance: cannot divide money by %v", n)
	}
	v := a.money()
	v.Amount = v.Amount.DivRound(f, divisionPlaces)
	return newMoney(v)
}

func moneyRatio(lhs, rhs ref.Val) ref.Val {
	a, b, ok := moneyArgs(lhs, rhs)
	if !ok {
		return types.MaybeNoSuchOverloadErr(rhs)
	}
	if _, err := cmpMoney(a, b, "/"); err != nil {
		return types.WrapErr(err)
	}
	if b.Amount.IsZero() {
		return types.NewErr("governance: division by zero money: %s / %s", moneyString(a), moneyString(b))
	}
	return types.Double(a.Amount.InexactFloat64() / b.Amount.InexactFloat64())
}

// sumMoney adds a list of money; the sum of no amounts is the zero without
// currency.
func sumMoney(list ref.Val) ref.Val {
	var total pmo.Money
	it, ok := list.(interface {
		Size() ref.Val
		Get(ref.Val) ref.Val
	})
	if !ok {
		return types.MaybeNoSuchOverloadErr(list)
	}
	n := int64(it.Size().(types.Int))
	// fast: the sum so far in an int64 (sum × 10^exp in cur), while every
	// amount has the exponent exp ≤ 0, a coefficient of at most 18 digits
	// and the currency cur, and the sum does not overflow: the same value
	// and exponent as decimal addition gives (exponents of amounts written
	// alike are equal). The first amount that does not fit ends it.
	var (
		fast bool
		sum  int64
		exp  int32
		cur  string
	)
	flush := func() {
		if fast {
			total, fast = pmo.NewMoney(decimal.New(sum, exp), cur), false
		}
	}
	for i := range n {
		v := it.Get(types.Int(i))
		if m, ok := v.(moneyRef); ok && (fast || i == 0) {
			mm := m.money()
			e := mm.Amount.Exponent()
			if mm.Currency != "" && e <= 0 && mm.Amount.NumDigits() <= 18 {
				c := mm.Amount.CoefficientInt64()
				switch {
				case i == 0:
					fast, sum, exp, cur = true, c, e, mm.Currency
					continue
				case e == exp && mm.Currency == cur:
					if s, overflow := addInt64(sum, c); !overflow {
						sum = s
						continue
					}
				}
			}
			flush()
		}
		m, ok := v.(moneyRef)
		if !ok {
			if types.IsError(v) {
				return v
			}
			return types.NewErr("governance: sum: element %d is %s, not money", i, v.Type().TypeName())
		}
		a, b := align(total, m.money())
		r, err := a.Add(b)
		if err != nil {
			return types.WrapErr(fmt.Errorf("sum: element %d: %w", i, err))
		}
		total = r
	}
	flush()
	return newMoney(total)
}

// addInt64 is x + y and whether it overflowed.
func addInt64(x, y int64) (int64, bool) {
	s := x + y
	return s, (x > 0 && y > 0 && s < 0) || (x < 0 && y < 0 && s >= 0)
}

func parseMoneyArg(v ref.Val) ref.Val {
	s, ok := v.(types.String)
	if !ok {
		return types.MaybeNoSuchOverloadErr(v)
	}
	m, err := pmo.ParseMoney(string(s))
	if err != nil {
		return types.NewErr("governance: money: %v", err)
	}
	return newMoney(m)
}

func moneyFromNumber(amount, currency ref.Val) ref.Val {
	f, ok := factor(amount)
	cur, ok2 := currency.(types.String)
	if !ok || !ok2 {
		return types.MaybeNoSuchOverloadErr(amount)
	}
	m, err := pmo.ParseMoney(f.String() + " " + string(cur))
	if err != nil {
		return types.NewErr("governance: money: %v", err)
	}
	return newMoney(m)
}

// moneyOptions declares the money type and its functions.
func moneyOptions() []cel.EnvOption {
	moneyType := newMoneyType()
	listMoney := cel.ListType(moneyType)
	// The operators are bound by cel-go's standard library to the traits
	// moneyRef implements; here they are only declared for the checker.
	op := func(name, id string, l, r, res *cel.Type) cel.EnvOption {
		return cel.Function(name, cel.Overload(id, []*cel.Type{l, r}, res))
	}
	return []cel.EnvOption{
		cel.Types(moneyType),
		cel.Function("money",
			cel.Overload("money_string", []*cel.Type{cel.StringType}, moneyType, cel.UnaryBinding(parseMoneyArg)),
			cel.Overload("money_int_string", []*cel.Type{cel.IntType, cel.StringType}, moneyType, cel.BinaryBinding(moneyFromNumber)),
			cel.Overload("money_double_string", []*cel.Type{cel.DoubleType, cel.StringType}, moneyType, cel.BinaryBinding(moneyFromNumber)),
		),
		op(operators.Less, "less_money_money", moneyType, moneyType, cel.BoolType),
		op(operators.LessEquals, "less_equals_money_money", moneyType, moneyType, cel.BoolType),
		op(operators.Greater, "greater_money_money", moneyType, moneyType, cel.BoolType),
		op(operators.GreaterEquals, "greater_equals_money_money", moneyType, moneyType, cel.BoolType),
		op(operators.Add, "add_money_money", moneyType, moneyType, moneyType),
		op(operators.Subtract, "subtract_money_money", moneyType, moneyType, moneyType),
		op(operators.Multiply, "multiply_money_double", moneyType, cel.DoubleType, moneyType),
		op(operators.Multiply, "multiply_money_int", moneyType, cel.IntType, moneyType),
		op(operators.Divide, "divide_money_money", moneyType, moneyType, cel.DoubleType),
		op(operators.Divide, "divide_money_double", moneyType, cel.DoubleType, moneyType),
		op(operators.Divide, "divide_money_int", moneyType, cel.IntType, moneyType),
		cel.Function(operators.Negate, cel.Overload("negate_money", []*cel.Type{moneyType}, moneyType)),
		cel.Function("sum",
			cel.Overload("sum_list_money", []*cel.Type{listMoney}, moneyType, cel.UnaryBinding(sumMoney)),
			cel.MemberOverload("list_money_sum", []*cel.Type{listMoney}, moneyType, cel.UnaryBinding(sumMoney)),
		),
		cel.Function("amount",
			cel.MemberOverload("money_amount", []*cel.Type{moneyType}, cel.DoubleType,
				cel.UnaryBinding(func(v ref.Val) ref.Val {
					m, ok := v.(moneyRef)
					if !ok {
						return types.MaybeNoSuchOverloadErr(v)
					}
					return types.Double(m.money().Amount.InexactFloat64())
				}))),
		cel.Function("currency",
			cel.MemberOverload("money_currency", []*cel.Type{moneyType}, cel.StringType,
				cel.UnaryBinding(func(v ref.Val) ref.Val {
					m, ok := v.(moneyRef)
					if !ok {
						return types.MaybeNoSuchOverloadErr(v)
					}
					return types.String(m.money().Currency)
				}))),
		cel.Function("string",
			cel.Overload("string_money", []*cel.Type{moneyType}, cel.StringType,
				cel.UnaryBinding(func(v ref.Val) ref.Val {
					m, ok := v.(moneyRef)
					if !ok {
						return types.MaybeNoSuchOverloadErr(v)
					}
					return types.String(moneyString(m.money()))
				}))),
	}
}
