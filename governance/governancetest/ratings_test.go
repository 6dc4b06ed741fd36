package governancetest_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/governance/governancetest"
)

func ratingReport(t *testing.T) *governance.Report {
	t.Helper()
	pf := governancetest.NewPortfolio(t).
		WithProject(governancetest.NewProject(t, "P-1").Phase("execution").
			EarnedValue("1000 USD", "100 USD", "100 USD", "140 USD").Build()).
		WithProject(governancetest.NewProject(t, "P-2").Phase("execution").
			EarnedValue("1000 USD", "100 USD", "100 USD", "105 USD").Build()).
		Build()
	eng, err := governance.New()
	require.NoError(t, err)
	set, err := eng.Compile(&governance.Policy{Name: "cost", Ratings: []governance.Rating{{ID: "cost-variance", Levels: []governance.RatingLevel{
		{Level: "green", When: "math.abs(ev(project).cv_percent) < 10.0"},
		{Level: "red", When: "true"},
	}}}})
	require.NoError(t, err)
	rep, err := set.Evaluate(context.Background(), pf, governance.At(day("2026-11-26")))
	require.NoError(t, err)
	return rep
}

func TestAssertRating(t *testing.T) {
	rep := ratingReport(t)
	tests := []struct {
		name                  string
		rating, subject, want string
		ok                    bool
		contains              string
	}{
		{"by id", "cost-variance", "P-1", "red", true, ""},
		{"by policy/id, any subject", "cost/cost-variance", "", "green", true, ""},
		{"wrong level", "cost-variance", "P-2", "red", false,
			"expected rating cost-variance for subject P-2 at level red; got:\n\tcost/cost-variance subject P-2: rated green\n\t\tev(project).cv_percent = -5"},
		{"other policy", "other/cost-variance", "", "red", false, "expected rating other/cost-variance at level red; got: none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{TB: t}
			assert.Equal(t, tt.ok, governancetest.AssertRating(rec, rep, tt.rating, tt.subject, tt.want))
			if tt.ok {
				assert.Empty(t, rec.errors)
				return
			}
			require.Len(t, rec.errors, 1)
			assert.Contains(t, rec.errors[0], tt.contains)
		})
	}
	rec := &recorder{TB: t}
	assert.False(t, governancetest.AssertRating(rec, nil, "cost-variance", "", "red"))
	assert.Len(t, rec.errors, 1)
}
