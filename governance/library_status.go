package governance

import (
	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"

	"github.com/pmokit/pmokit/internal/textcut"
)

// The status-scale functions read the portfolio's status scale
// (pmo.Portfolio.Statuses: status_scale, or green, amber, red): each is a
// member function of the portfolio, portfolio.status_index('amber'), whose
// global form status_index(s) is a macro that passes the portfolio (see
// pmoMacros), as the lifecycle functions do. A word off the scale is an
// evaluation error naming the word and the scale, so a rule comparing
// statuses fails closed rather than ranking an unknown word.

// statusIndex is the position of a status word on the portfolio's scale.
func statusIndex(pf portfolioRef, word ref.Val) (int, ref.Val) {
	s, ok := word.(types.String)
	if !ok {
		return 0, types.MaybeNoSuchOverloadErr(word)
	}
	scale := pf.Statuses()
	i := scale.Index(string(s))
	if i < 0 {
		if s == "" {
			return 0, types.NewErr("governance: status_index: the status is not set (test it with != '')")
		}
		return 0, types.NewErr("governance: status %s is not on the status scale %v", textcut.Quote(string(s)), []string(scale))
	}
	return i, nil
}

func statusOptions() []cel.EnvOption {
	pfType := cel.ObjectType(portfolioTypeName)
	str := cel.StringType
	return []cel.EnvOption{
		cel.Function("status_index",
			cel.MemberOverload("portfolio_status_index_string", []*cel.Type{pfType, str}, cel.IntType,
				cel.BinaryBinding(func(pfv, word ref.Val) ref.Val {
					pf, ok := portfolioArg(pfv)
					if !ok {
						return types.MaybeNoSuchOverloadErr(pfv)
					}
					i, err := statusIndex(pf, word)
					if err != nil {
						return err
					}
					return types.Int(i)
				}))),
		cel.Function("status_worse",
			cel.MemberOverload("portfolio_status_worse_string_string", []*cel.Type{pfType, str, str}, cel.BoolType,
				cel.FunctionBinding(func(args ...ref.Val) ref.Val {
					if len(args) != 3 {
						return types.NewErr("governance: status_worse: wrong number of arguments")
					}
					pf, ok := portfolioArg(args[0])
					if !ok {
						return types.MaybeNoSuchOverloadErr(args[0])
					}
					a, err := statusIndex(pf, args[1])
					if err != nil {
						return err
					}
					b, err := statusIndex(pf, args[2])
					if err != nil {
						return err
					}
					return types.Bool(a > b)
				}))),
		cel.Function("worst_status",
			cel.MemberOverload("portfolio_worst_status", []*cel.Type{pfType}, str,
				cel.UnaryBinding(func(pfv ref.Val) ref.Val {
					pf, ok := portfolioArg(pfv)
					if !ok {
						return types.MaybeNoSuchOverloadErr(pfv)
					}
					scale := pf.Statuses()
					return types.String(scale[len(scale)-1])
				}))),
	}
}
