package governance

// Money thresholds: the CEL value of a money parameter. A threshold is one
// amount or one amount per currency; compared with money (or added to it)
// it is the amount in that money's currency, and a currency it has no
// amount for is an evaluation error naming the parameter and the currency,
// never a comparison of bare numbers.

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
	"github.com/shopspring/decimal"

	"github.com/pmokit/pmokit/internal/textcut"
	"github.com/pmokit/pmokit/pmo"
)

// thresholdTypeName is the CEL name of the money threshold type.
const thresholdTypeName = "money_threshold"

// newThresholdType returns the static CEL type of money thresholds.
func newThresholdType() *types.Type { return types.NewOpaqueType(thresholdTypeName) }

// thresholdRuntimeType is the runtime type of thresholds, with the traits
// cel-go's operators dispatch on.
var thresholdRuntimeType = types.NewObjectType(thresholdTypeName,
	traits.AdderType, traits.SubtractorType, traits.MultiplierType, traits.DividerType, traits.ComparerType)

// threshold is the CEL value of a money parameter: its amounts, sorted by
// currency, one per currency. name is the parameter's (params.x), for
// errors; it is set when the value is bound to a parameter.
type threshold struct {
	name    string
	amounts []pmo.Money
}

var _ ref.Val = (*threshold)(nil)

// newThreshold converts a money parameter's value: a pmo.Money or a money
// string ("250000 USD") for one amount, or a map from currency to amount
// (each a pmo.Money, a string "250000" or "250000 USD", a json.Number or a
// Go integer) for one amount per currency.
func newThreshold(v any) (*threshold, error) {
	switch x := v.(type) {
	case pmo.Money:
		if err := validMoney(x); err != nil {
			return nil, err
		}
		return &threshold{amounts: []pmo.Money{x}}, nil
	case *pmo.Money:
		if x == nil {
			return nil, wantErr("money", nil)
		}
		return newThreshold(*x)
	case string:
		m, err := pmo.ParseMoney(x)
		if err != nil {
			return nil, fmt.Errorf("invalid money %s (want an amount and its currency, \"250000 USD\", or a mapping from currency to amount)", textcut.Quote(x))
		}
		return &threshold{amounts: []pmo.Money{m}}, nil
	}
	m, err := stringMap(v)
	if err != nil {
		return nil, wantErr("money (\"250000 USD\") or a mapping from currency to amount ({USD: \"250000\", EUR: \"230000\"})", v)
	}
	if len(m) == 0 {
		return nil, fmt.Errorf("no currency: want at least one amount")
	}
	t := &threshold{}
	for _, cur := range sortedKeys(m) {
		amt, err := currencyAmount(cur, m[cur])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", cur, err)
		}
		t.amounts = append(t.amounts, amt)
	}
	return t, nil
}

func validMoney(m pmo.Money) error {
	if _, err := pmo.ParseMoney(m.String()); err != nil {
		return fmt.Errorf("invalid money %s", textcut.Quote(m.String()))
	}
	return nil
}

// currencyAmount reads the amount of one currency of a threshold map.
func currencyAmount(cur string, v any) (pmo.Money, error) {
	var text string
	switch x := v.(type) {
	case pmo.Money:
		if x.Currency != cur {
			return pmo.Money{}, fmt.Errorf("amount %s is not in %s", textcut.Quote(x.String()), textcut.Cut(cur))
		}
		return x, validMoney(x)
	case string:
		text = strings.TrimSpace(x)
		if amt, c, ok := strings.Cut(text, " "); ok {
			if strings.TrimSpace(c) != cur {
				return pmo.Money{}, fmt.Errorf("amount %s is not in %s", textcut.Quote(x), textcut.Cut(cur))
			}
			text = amt
		}
	case json.Number:
		text = string(x)
	default:
		i, ok := intOf(v)
		if !ok {
			return pmo.Money{}, wantErr("an amount such as \"250000\" (money is exact: never a Go float)", v)
		}
		text = fmt.Sprint(i)
	}
	m, err := pmo.ParseMoney(text + " " + cur)
	if err != nil {
		return pmo.Money{}, fmt.Errorf("invalid amount %s in currency %s", textcut.Quote(text), textcut.Quote(cur))
	}
	return m, nil
}

// String prints the threshold: "250000 USD" for one amount, else
// {"EUR":"230000 EUR","USD":"250000 USD"} (currencies in order).
func (t *threshold) String() string {
	if len(t.amounts) == 1 {
		return t.amounts[0].String()
	}
	var b strings.Builder
	b.WriteByte('{')
	for i, m := range t.amounts {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.Currency)
		v, _ := json.Marshal(m.String())
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.String()
}

// currencies lists the threshold's currencies, in order.
func (t *threshold) currencies() []string {
	out := make([]string, len(t.amounts))
	for i, m := range t.amounts {
		out[i] = m.Currency
	}
	return out
}

// in returns the amount in currency cur; none is an error naming the
// parameter and the currency.
func (t *threshold) in(cur string) (pmo.Money, error) {
	for _, m := range t.amounts {
		if m.Currency == cur {
			return m, nil
		}
	}
	return pmo.Money{}, fmt.Errorf("%w: %s has no amount in %s (it has %s): set one for %s",
		pmo.ErrCurrencyMismatch, t.label(), textcut.Quote(cur), strings.Join(t.currencies(), ", "), textcut.Cut(cur))
}

func (t *threshold) label() string {
	if t.name == "" {
		return "the money threshold"
	}
	return "params." + t.name
}

// against returns the threshold's amount to compare or add with money m:
// the amount in m's currency. The zero without currency (an absent field)
// takes the threshold's only currency; against several, it compares with
// each amount (cmp), and all must agree, else it is an error.
func (t *threshold) against(m pmo.Money) (pmo.Money, error) {
	if m.Currency == "" && m.Amount.IsZero() {
		if len(t.amounts) == 1 {
			return t.amounts[0], nil
		}
		return pmo.Money{}, fmt.Errorf("%w: %s has several currencies (%s) and the amount 0 has none",
			pmo.ErrCurrencyMismatch, t.label(), strings.Join(t.currencies(), ", "))
	}
	return t.in(m.Currency)
}

// compareZero compares the currency-less zero with every amount: the
// result when they all agree.
func (t *threshold) compareZero() (int, bool) {
	c := -t.amounts[0].Amount.Sign()
	for _, m := range t.amounts[1:] {
		if -m.Amount.Sign() != c {
			return 0, false
		}
	}
	return c, true
}

// moneyVersusThreshold compares money with a threshold (c < 0: the money is
// less), the amount in the money's currency.
func moneyVersusThreshold(m pmo.Money, t *threshold, op string) (int, error) {
	if m.Currency == "" && m.Amount.IsZero() && len(t.amounts) > 1 {
		if c, ok := t.compareZero(); ok {
			return c, nil
		}
	}
	amt, err := t.against(m)
	if err != nil {
		return 0, err
	}
	return cmpMoney(m, amt, op)
}

// ConvertToNative implements ref.Val: a map from currency to pmo.Money, or
// the text.
func (t *threshold) ConvertToNative(typ reflect.Type) (any, error) {
	switch typ {
	case reflect.TypeFor[map[string]pmo.Money]():
		out := make(map[string]pmo.Money, len(t.amounts))
		for _, m := range t.amounts {
			out[m.Currency] = m
		}
		return out, nil
	case reflect.TypeFor[string]():
		return t.String(), nil
	}
	return nil, fmt.Errorf("governance: cannot convert %s to %v", thresholdTypeName, typ)
}

// ConvertToType implements ref.Val.
func (t *threshold) ConvertToType(typ ref.Type) ref.Val {
	switch {
	case typ == types.TypeType:
		return thresholdRuntimeType
	case typ.TypeName() == thresholdTypeName:
		return t
	case typ == types.StringType:
		return types.String(t.String())
	}
	return types.NewErr("type conversion error from '%s' to '%s'", thresholdTypeName, typ.TypeName())
}

// Equal implements ref.Val: with money, the amount in its currency (a
// missing currency is an error); two thresholds are equal when they have
// the same amounts.
func (t *threshold) Equal(other ref.Val) ref.Val {
	switch o := other.(type) {
	case moneyRef:
		c, err := moneyVersusThreshold(o.money(), t, "==")
		if err != nil {
			return types.WrapErr(err)
		}
		return types.Bool(c == 0)
	case *threshold:
		if len(o.amounts) != len(t.amounts) {
			return types.False
		}
		for i, m := range t.amounts {
			if !m.Equal(o.amounts[i]) {
				return types.False
			}
		}
		return types.True
	}
	return types.False
}

// Type implements ref.Val.
func (t *threshold) Type() ref.Type { return thresholdRuntimeType }

// Value implements ref.Val: the amounts by currency.
func (t *threshold) Value() any {
	v, _ := t.ConvertToNative(reflect.TypeFor[map[string]pmo.Money]())
	return v
}

// Compare implements traits.Comparer: threshold <=> money.
func (t *threshold) Compare(other ref.Val) ref.Val {
	m, ok := other.(moneyRef)
	if !ok {
		return types.MaybeNoSuchOverloadErr(other)
	}
	c, err := moneyVersusThreshold(m.money(), t, "<=>")
	if err != nil {
		return types.WrapErr(err)
	}
	return types.Int(-c)
}

// Add implements traits.Adder: threshold + money is money.
func (t *threshold) Add(other ref.Val) ref.Val { return t.addSub("+", other) }

// Subtract implements traits.Subtractor: threshold - money is money.
func (t *threshold) Subtract(other ref.Val) ref.Val { return t.addSub("-", other) }

func (t *threshold) addSub(op string, other ref.Val) ref.Val {
	m, ok := other.(moneyRef)
	if !ok {
		return types.MaybeNoSuchOverloadErr(other)
	}
	amt, err := t.against(m.money())
	if err != nil {
		return types.WrapErr(err)
	}
	return moneyAddSub(op, newMoney(amt), m)
}

// Multiply implements traits.Multiplier: threshold × number scales every
// amount.
func (t *threshold) Multiply(other ref.Val) ref.Val {
	f, ok := factor(other)
	if !ok {
		return types.NewErr("governance: cannot multiply %s by %v", t.label(), other)
	}
	return t.scaled(func(d decimal.Decimal) decimal.Decimal { return d.Mul(f) })
}

// Divide implements traits.Divider: threshold / number divides every
// amount.
func (t *threshold) Divide(other ref.Val) ref.Val {
	f, ok := factor(other)
	if !ok || f.IsZero() {
		return types.NewErr("governance: cannot divide %s by %v", t.label(), other)
	}
	return t.scaled(func(d decimal.Decimal) decimal.Decimal { return d.DivRound(f, divisionPlaces) })
}

func (t *threshold) scaled(f func(decimal.Decimal) decimal.Decimal) ref.Val {
	out := &threshold{name: t.name, amounts: make([]pmo.Money, len(t.amounts))}
	for i, m := range t.amounts {
		out.amounts[i] = pmo.Money{Amount: f(m.Amount), Currency: m.Currency}
	}
	return out
}

// thresholdLibrary is the money threshold type and its functions.
type thresholdLibrary struct{}

// CompileOptions implements cel.Library.
func (thresholdLibrary) CompileOptions() []cel.EnvOption { return thresholdOptions() }

// ProgramOptions implements cel.Library.
func (thresholdLibrary) ProgramOptions() []cel.ProgramOption { return nil }

// thresholdOptions declares the threshold type, its operators with money
// and its functions.
func thresholdOptions() []cel.EnvOption {
	th := newThresholdType()
	money := newMoneyType()
	op := func(name, id string, l, r, res *cel.Type) cel.EnvOption {
		return cel.Function(name, cel.Overload(id, []*cel.Type{l, r}, res))
	}
	// == and != cannot be declared for money and a threshold: cel-go's
	// _==_(A, A) overlaps every such overload. Equality with the amount of
	// a currency is written m == params.x.in_currency(m.currency()); a dyn
	// operand still compares by currency (see strict equality).
	opts := []cel.EnvOption{cel.Types(th)}
	for _, o := range []struct{ op, id string }{
		{operators.Less, "less"}, {operators.LessEquals, "less_equals"},
		{operators.Greater, "greater"}, {operators.GreaterEquals, "greater_equals"},
	} {
		opts = append(opts,
			op(o.op, o.id+"_money_threshold", money, th, cel.BoolType),
			op(o.op, o.id+"_threshold_money", th, money, cel.BoolType))
	}
	opts = append(opts,
		op(operators.Add, "add_money_threshold", money, th, money),
		op(operators.Add, "add_threshold_money", th, money, money),
		op(operators.Subtract, "subtract_money_threshold", money, th, money),
		op(operators.Subtract, "subtract_threshold_money", th, money, money),
		op(operators.Multiply, "multiply_threshold_double", th, cel.DoubleType, th),
		op(operators.Multiply, "multiply_threshold_int", th, cel.IntType, th),
		op(operators.Divide, "divide_threshold_double", th, cel.DoubleType, th),
		op(operators.Divide, "divide_threshold_int", th, cel.IntType, th),
		cel.Function("in_currency",
			cel.MemberOverload("money_threshold_in_currency_string", []*cel.Type{th, cel.StringType}, money,
				cel.BinaryBinding(func(lhs, rhs ref.Val) ref.Val {
					t, ok := lhs.(*threshold)
					cur, ok2 := rhs.(types.String)
					if !ok || !ok2 {
						return types.MaybeNoSuchOverloadErr(rhs)
					}
					m, err := t.in(string(cur))
					if err != nil {
						return types.WrapErr(err)
					}
					return newMoney(m)
				}))),
		cel.Function("has_currency",
			cel.MemberOverload("money_threshold_has_currency_string", []*cel.Type{th, cel.StringType}, cel.BoolType,
				cel.BinaryBinding(func(lhs, rhs ref.Val) ref.Val {
					t, ok := lhs.(*threshold)
					cur, ok2 := rhs.(types.String)
					if !ok || !ok2 {
						return types.MaybeNoSuchOverloadErr(rhs)
					}
					_, err := t.in(string(cur))
					return types.Bool(err == nil)
				}))),
		cel.Function("currencies",
			cel.MemberOverload("money_threshold_currencies", []*cel.Type{th}, cel.ListType(cel.StringType),
				cel.UnaryBinding(func(v ref.Val) ref.Val {
					t, ok := v.(*threshold)
					if !ok {
						return types.MaybeNoSuchOverloadErr(v)
					}
					return types.NewStringList(types.DefaultTypeAdapter, t.currencies())
				}))),
	)
	return opts
}
