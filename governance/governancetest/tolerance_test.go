package governancetest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance/governancetest"
	"github.com/pmokit/pmokit/pmo"
)

func TestToleranceBuilder(t *testing.T) {
	p := governancetest.NewProject(t, "P-1").
		Tolerance("cost", "10%", "50000 USD").
		Tolerance("time", "10d", "5%").
		Stage(pmo.Stage{ID: "S-1", Name: "Build"}).
		Build()
	require.NotNil(t, p.Tolerances)
	assert.Equal(t, "10%", p.Tolerances.Cost.Plus.String())
	assert.Equal(t, "50000 USD", p.Tolerances.Cost.Minus.String())
	assert.Equal(t, "10d", p.Tolerances.Time.Plus.String())
	assert.Equal(t, "5%", p.Tolerances.Time.Minus.String())
	assert.Nil(t, p.Tolerances.Scope)
	assert.Equal(t, []pmo.Stage{{ID: "S-1", Name: "Build"}}, p.Stages)

	rec := &recorder{TB: t}
	governancetest.NewProject(rec, "P-1").Tolerance("cost", "-5%", "5%").Tolerance("budget", "5%", "5%")
	assert.Equal(t, []string{
		`governancetest: project P-1: pmo: invalid tolerance limit "-5%" (a limit is a size, without a sign: minus: 5% allows 5% below the plan)`,
		`governancetest: project P-1: unknown tolerance dimension "budget" (want cost, time, scope, risk, quality or benefits)`,
	}, rec.fatals)
}
