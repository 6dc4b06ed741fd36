package governance

import (
	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"

	"github.com/pmokit/pmokit/pmo"
	"github.com/pmokit/pmokit/risk"
)

// riskRater is the matrix the risk functions rate with.
type riskRater = *risk.Matrix

func assessRisk(m *risk.Matrix, v ref.Val) (risk.Assessment, ref.Val) {
	r, ok := v.(objRef[pmo.Risk])
	if !ok {
		return risk.Assessment{}, types.MaybeNoSuchOverloadErr(v)
	}
	a, err := m.Assess(*r.p)
	if err != nil {
		return risk.Assessment{}, types.NewErr("governance: risk %s: %v", r.p.ID, err)
	}
	return a, nil
}

// riskOptions declares risk_rating(r), risk_score(r), risk_impact(r) and
// risk_dimension(r), rated on m. Each assesses the risk as risk.Matrix.Assess
// does: a risk's impacts per dimension combine by the matrix's rule, and a
// dimension the matrix does not have is an evaluation error naming it.
func riskOptions(m *risk.Matrix) []cel.EnvOption {
	riskType := cel.ObjectType("pmo.Risk")
	return []cel.EnvOption{
		cel.Function("risk_rating",
			cel.Overload("risk_rating_risk", []*cel.Type{riskType}, cel.StringType,
				cel.UnaryBinding(func(v ref.Val) ref.Val {
					a, err := assessRisk(m, v)
					if err != nil {
						return err
					}
					return types.String(a.Rating.Name)
				}))),
		cel.Function("risk_score",
			cel.Overload("risk_score_risk", []*cel.Type{riskType}, cel.DoubleType,
				cel.UnaryBinding(func(v ref.Val) ref.Val {
					a, err := assessRisk(m, v)
					if err != nil {
						return err
					}
					return types.Double(a.Score)
				}))),
		cel.Function("risk_impact",
			cel.Overload("risk_impact_risk", []*cel.Type{riskType}, cel.IntType,
				cel.UnaryBinding(func(v ref.Val) ref.Val {
					a, err := assessRisk(m, v)
					if err != nil {
						return err
					}
					return types.Int(a.Cell.Impact + 1)
				}))),
		cel.Function("risk_dimension",
			cel.Overload("risk_dimension_risk", []*cel.Type{riskType}, cel.StringType,
				cel.UnaryBinding(func(v ref.Val) ref.Val {
					a, err := assessRisk(m, v)
					if err != nil {
						return err
					}
					return types.String(a.Dimension)
				}))),
	}
}
