package governance_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
	"github.com/pmokit/pmokit/risk"
)

// dimensionsPortfolio has risks rated per consequence dimension (issue 14,
// point 4): R-1 driven by cost, R-2 by schedule, R-3 with the single impact
// and R-4 naming a dimension no matrix here has.
const dimensionsPortfolio = `id: pf
name: Radar programme
projects:
  - id: P-1
    name: Radar upgrade
    phase: execution
    risks:
      - {id: R-1, title: Supplier, probability: 0.7, impacts: {cost: 4, schedule: 2, performance: 3}}
      - {id: R-2, title: Test range, probability: 0.5, impacts: {cost: 2, schedule: 4, performance: 1}, schedule_range_days: {min: 10, max: 90}}
      - {id: R-3, title: Staff, probability: 0.9, impact: 2}
  - id: P-2
    name: Comms
    phase: execution
    risks:
      - {id: R-4, title: Press, probability: 0.5, impacts: {reputation: 4}}
`

// TestRiskFunctionsDimensions checks risk_rating, risk_score, risk_impact
// and risk_dimension on risks rated per dimension: the combined level (the
// DoD's maximum of cost, schedule and performance), the dimension that drove
// it, and an evaluation error naming a dimension the matrix does not have.
func TestRiskFunctionsDimensions(t *testing.T) {
	pf, err := pmo.ReadPortfolio(strings.NewReader(dimensionsPortfolio))
	require.NoError(t, err)
	for _, tt := range []struct {
		name   string
		matrix *risk.Matrix
		expr   string
		p1     governance.Outcome
	}{
		// The default matrix, the 5×5 preset: L4 × C4 is 16, high.
		{"5x5 rating", nil, "risk_rating(project.risks[0]) == 'high' && risk_score(project.risks[0]) == 16.0", pass},
		{"5x5 impact and dimension", nil, "risk_impact(project.risks[0]) == 4 && risk_dimension(project.risks[0]) == 'cost'", pass},
		// The DoD risk reporting matrix: L4 × max(4, 2, 3) is high, L3 × max(2, 4, 1) moderate.
		{"DoD levels", risk.PresetDoD(), "project.risks.map(r, risk_rating(r)) == ['high', 'moderate', 'moderate']", pass},
		{"DoD drivers", risk.PresetDoD(), "project.risks.map(r, risk_dimension(r)) == ['cost', 'schedule', '']", pass},
		{"DoD impacts", risk.PresetDoD(), "project.risks.map(r, risk_impact(r)) == [4, 4, 2]", pass},
		{"fields", nil, "project.risks[0].impacts == {'cost': 4, 'schedule': 2, 'performance': 3} && size(project.risks[2].impacts) == 0", pass},
		{"a rule on the driver", nil, "project.risks.all(r, size(r.impacts) == 0 || risk_dimension(r) != 'schedule' || has(r.schedule_range_days))", pass},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var opts []governance.Option
			if tt.matrix != nil {
				opts = append(opts, governance.WithRiskMatrix(tt.matrix))
			}
			res := evalRiskRule(t, pf, tt.expr, opts...)
			assert.Equal(t, tt.p1, res["P-1"].Outcome, res["P-1"].Message)
		})
	}

	// R-4's reputation is not a dimension of the 5×5: the rule errors, naming it.
	res := evalRiskRule(t, pf, "project.risks.all(r, risk_rating(r) != 'critical')")
	assert.Equal(t, bad, res["P-2"].Outcome)
	assert.Contains(t, res["P-2"].Message, `impacts name dimension "reputation" that matrix "5x5" does not have (its dimensions: cost, schedule, performance)`)
	res = evalRiskRule(t, pf, "risk_dimension(project.risks[0]) != ''", governance.WithRiskMatrix(risk.Preset3x3()))
	assert.Equal(t, bad, res["P-1"].Outcome)
	assert.Contains(t, res["P-1"].Message, `matrix "3x3" names no consequence dimensions`)
}

// TestRiskDimensionWords checks at compile time the words compared with
// risk_dimension(r): a dimension the engine's matrix does not have is a
// compile error that lists them.
func TestRiskDimensionWords(t *testing.T) {
	for _, tt := range []struct {
		name   string
		matrix *risk.Matrix
		expr   string
		want   string
	}{
		{"typo", nil, "project.risks.all(r, risk_dimension(r) != 'schedul')",
			`'schedul' is not a consequence dimension of the engine's risk matrix (want 'cost', 'schedule' or 'performance', or '' for a risk with the single impact)`},
		{"in a list", risk.PresetDoD(), "project.risks.all(r, risk_dimension(r) in ['cost', 'safety'])",
			`'safety' is not a consequence dimension of the engine's risk matrix`},
		{"matrix without dimensions", risk.Preset3x3(), "project.risks.all(r, risk_dimension(r) == 'cost')",
			`'cost' is not a consequence dimension of the engine's risk matrix, which names none (risk_dimension is always '')`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var opts []governance.Option
			if tt.matrix != nil {
				opts = append(opts, governance.WithRiskMatrix(tt.matrix))
			}
			eng, err := governance.New(opts...)
			require.NoError(t, err)
			_, err = eng.Compile(&governance.Policy{Name: "d", Rules: []governance.Rule{{ID: "r", Expression: tt.expr}}})
			var ce *governance.CompileError
			require.True(t, errors.As(err, &ce), "%v", err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
	eng, err := governance.New()
	require.NoError(t, err)
	_, err = eng.Compile(&governance.Policy{Name: "d", Rules: []governance.Rule{{ID: "r", Expression: "project.risks.all(r, risk_dimension(r) in ['', 'cost', 'performance'])"}}})
	assert.NoError(t, err)
}

// evalRiskRule evaluates one project-scope rule on pf and returns its results by
// subject.
func evalRiskRule(t *testing.T, pf *pmo.Portfolio, expr string, opts ...governance.Option) map[string]governance.Result {
	t.Helper()
	eng, err := governance.New(opts...)
	require.NoError(t, err)
	set, err := eng.Compile(&governance.Policy{Name: "t", Rules: []governance.Rule{{ID: "r", Expression: expr}}})
	require.NoError(t, err)
	rep, err := set.Evaluate(context.Background(), pf, governance.At(testNow()))
	require.NoError(t, err)
	out := map[string]governance.Result{}
	for _, r := range rep.Results() {
		out[r.Subject] = r
	}
	return out
}
