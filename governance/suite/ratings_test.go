package suite

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ratingHeader is a suite over rating_policy.yaml with two projects: P-1
// at a cost variance of -5% (green), P-2 at -40% (red).
const ratingHeader = `name: ratings
policies: [rating_policy.yaml]
now: 2026-11-26
portfolio:
  id: pf
  name: Ratings
  projects:
    - {id: P-1, name: One, phase: execution, status: green, earned_value: {as_of: 2026-11-01, bac: "1000 USD", pv: "100 USD", ev: "100 USD", ac: "105 USD"}}
    - {id: P-2, name: Two, phase: execution, status: red, earned_value: {as_of: 2026-11-01, bac: "1000 USD", pv: "100 USD", ev: "100 USD", ac: "140 USD"}}
tests:
`

func TestRunRatings(t *testing.T) {
	results := runSuite(t, ratingHeader+`
  - name: levels as expected
    expect:
      only: true
      ratings:
        - {policy: cost-control, rating: cost-variance, subject: P-1, level: green}
        - {rating: cost-variance, subject: P-2, level: red}
        - {rating: cost-variance, level: red}
      passes:
        - {rule: status-not-better-than-cost, subject: P-2}
  - name: a status better than the rating
    patch:
      - {project: P-2, set: {status: green}}
    expect:
      violations:
        - {rule: status-not-better-than-cost, subject: P-2}
  - name: wrong levels and typos
    expect:
      ratings:
        - {rating: cost-variance, subject: P-1, level: red}
        - {rating: cost-variance, subject: P-9, level: red}
        - {rating: cost-varianc, subject: P-1, level: green}
        - {rating: cost-variance, subject: P-1, level: gren}
        - {policy: nope, rating: cost-variance, level: green}
  - name: a rating that errors is a violation
    patch:
      - {project: P-1, set: {earned_value: null}}
    expect:
      violations:
        - {rule: cost-variance, subject: P-1}
`)
	require.Len(t, results, 4)
	for _, r := range results[:2] {
		assert.True(t, r.Passed(), "%s: %v %q", r.Name(), r.Err, r.Failures)
	}
	assert.True(t, results[3].Passed(), "%s: %v %q", results[3].Name(), results[3].Err, results[3].Failures)
	want := []string{
		`testdata/inline_test.yaml:32:11: the suite's policies have no rating "cost-varianc"`,
		`testdata/inline_test.yaml:33:11: rating "cost-variance" has no level "gren" (levels: green, yellow, red)`,
		`testdata/inline_test.yaml:34:11: the suite's policies have no rating "cost-variance" in policy "nope"`,
		"testdata/inline_test.yaml:30:11: expected rating cost-variance subject P-1 level red; got:\n\tcost-control/cost-variance subject P-1: rated green",
		"testdata/inline_test.yaml:31:11: expected rating cost-variance subject P-9 level red; it was not evaluated",
		"testdata/inline_test.yaml:32:11: expected rating cost-varianc subject P-1 level green; it was not evaluated",
		"testdata/inline_test.yaml:33:11: expected rating cost-variance subject P-1 level gren; got:",
		"testdata/inline_test.yaml:34:11: expected rating nope/cost-variance level green; it was not evaluated",
	}
	got := results[2].Failures
	require.Len(t, got, len(want), "%q", got)
	for i, w := range want {
		assert.True(t, strings.HasPrefix(got[i], w), "failure %d:\n got: %s\nwant: %s...", i, got[i], w)
	}
}

func TestRatingExpectationErrors(t *testing.T) {
	_, err := Parse("f_test.yaml", []byte(ratingHeader+`
  - name: bad
    expect:
      ratings:
        - {rating: r}
        - {level: l, colour: x}
        - x
`))
	require.Error(t, err)
	assert.Equal(t, []string{
		"suite: f_test.yaml:15:11: ratings item: missing level",
		`suite: f_test.yaml:16:22: unknown field "colour" in ratings item (want one of policy, rating, subject, level)`,
		"suite: f_test.yaml:16:11: ratings item: missing rating",
		"suite: f_test.yaml:17:11: ratings item must be a mapping",
	}, strings.Split(err.Error(), "\n"))
}

func TestRatingCoverage(t *testing.T) {
	rs, err := runSuiteErr(t, ratingHeader+`
  - name: both
    expect:
      ratings: [{rating: cost-variance, subject: P-1, level: green}]
  - name: no earned value
    patch:
      - {project: P-1, set: {earned_value: null}}
    expect:
      violations: [{rule: cost-variance, subject: P-1}]
`, Options{})
	require.NoError(t, err)
	cov := rs.Coverage
	require.Len(t, cov.Ratings, 1)
	rc := cov.Ratings[0]
	rc.order = 0
	assert.Equal(t, RatingCoverage{Policy: "cost-control", Rating: "cost-variance", Source: "testdata/rating_policy.yaml",
		Levels: []LevelCoverage{{"green", 1}, {"yellow", 0}, {"red", 2}}, Error: 1}, rc)
	assert.False(t, rc.Covered())
	assert.Equal(t, "level yellow never rated", rc.Missing())
	covered, total := cov.Levels()
	assert.Equal(t, []int{2, 3}, []int{covered, total})
	// The rule is covered (it passed and erred), the rating's results are
	// not counted as a rule's: 1 rule + 2 levels of 1 rule + 3 levels.
	require.Len(t, cov.Rules, 1)
	assert.Equal(t, 75.0, cov.Percent())
	assert.Len(t, cov.UncoveredRatings(), 1)

	var total2 Coverage
	total2.Merge(cov)
	total2.Merge(cov)
	assert.Equal(t, []LevelCoverage{{"green", 2}, {"yellow", 0}, {"red", 4}}, total2.Ratings[0].Levels, "merged counts add up")
	assert.Equal(t, 2, total2.Ratings[0].Error)
	assert.Equal(t, []LevelCoverage{{"green", 1}, {"yellow", 0}, {"red", 2}}, cov.Ratings[0].Levels, "merging does not alias")
	assert.Equal(t, "never evaluated", RatingCoverage{Levels: []LevelCoverage{{"a", 0}, {"b", 0}}}.Missing())
	assert.Equal(t, "levels a, b never rated", RatingCoverage{Levels: []LevelCoverage{{"a", 0}, {"b", 0}}, Error: 1}.Missing())
}
