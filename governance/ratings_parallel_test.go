package governance_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/internal/pmogen"
)

// TestRatingsParallel checks that ratings (and the rules reading them)
// give the same report on one worker and on several: the per-worker rating
// state is never shared (run with -race).
func TestRatingsParallel(t *testing.T) {
	pf := pmogen.Generate(300, 7)
	p, err := governance.ParsePolicy([]byte(`
policy: health
ratings:
  - id: risk-load
    levels:
      - {level: none, when: "size(project.risks) == 0"}
      - {level: some, when: "size(project.risks) < 3", message_expression: "string(size(project.risks)) + ' risks'"}
      - {level: many, when: "true"}
  - id: overall
    levels:
      - {level: watch, when: "ratings['risk-load'] == 'many' || project.status == 'red'"}
      - {level: fine, when: "true"}
rules:
  - id: red-needs-risks
    expression: "!(project.status == 'red' && ratings['risk-load'] == 'none')"
  - id: watched-have-manager
    when: "ratings['overall'] == 'watch'"
    expression: project.manager != ''
`))
	require.NoError(t, err)
	eng, err := governance.New()
	require.NoError(t, err)
	set, err := eng.Compile(p)
	require.NoError(t, err)
	one, err := set.Evaluate(context.Background(), pf, governance.At(pmogen.Today()), governance.Workers(1))
	require.NoError(t, err)
	many, err := set.Evaluate(context.Background(), pf, governance.At(pmogen.Today()), governance.Workers(4))
	require.NoError(t, err)
	assert.Equal(t, rows(one), rows(many))
	assert.Equal(t, one.Counts(), many.Counts())
	c := one.Counts()
	require.Len(t, c.Ratings, 2)
	assert.Equal(t, 600, c.Rated, "every project is rated twice")
	for _, rc := range c.Ratings {
		n := 0
		for _, l := range rc.Levels {
			n += l.Count
		}
		assert.Equal(t, 300, n, rc.Rating)
	}
}
