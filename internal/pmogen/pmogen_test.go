package pmogen_test

import (
	"testing"

	"github.com/pmokit/pmokit/internal/pmogen"
	"github.com/stretchr/testify/assert"
)

func TestGenerateDeterministic(t *testing.T) {
	a, b := pmogen.Generate(50, 7), pmogen.Generate(50, 7)
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, pmogen.Generate(50, 8))
	assert.Len(t, a.Projects, 50)
}

func TestGenerateValid(t *testing.T) {
	for _, n := range []int{0, 1, 10, 300} {
		for seed := range uint64(3) {
			assert.NoError(t, pmogen.Generate(n, seed).Validate(), "n=%d seed=%d", n, seed)
		}
	}
}

func TestGenerateShape(t *testing.T) {
	pf := pmogen.Generate(200, 1)
	phases := map[string]int{}
	unhealthy := 0
	for _, p := range pf.Projects {
		phases[p.Phase]++
		assert.GreaterOrEqual(t, len(p.Risks), 3, p.ID)
		assert.LessOrEqual(t, len(p.Risks), 8, p.ID)
		for _, k := range []string{"strategic_fit", "business_value", "time_criticality", "risk_reduction", "job_size", "reach", "impact", "confidence", "effort"} {
			assert.Contains(t, p.Scores, k, p.ID)
		}
		if p.Status != "green" {
			unhealthy++
		}
	}
	assert.Len(t, phases, 4, "every phase is represented")
	assert.Greater(t, unhealthy, 20)
	assert.Less(t, unhealthy, 150)
}

func TestGenerateEmpty(t *testing.T) {
	pf := pmogen.Generate(-1, 1)
	assert.Empty(t, pf.Projects)
	assert.NotEmpty(t, pf.People)
}
