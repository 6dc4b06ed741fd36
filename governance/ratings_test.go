package governance_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
)

// ratingPortfolio has projects whose cost variance (cv = ev - ac, as a
// percentage of ev) is -5%, -15%, -40% and +10%, and one without earned
// value.
const ratingPortfolio = `
id: pf
name: Ratings
projects:
  - {id: P-1, name: a, phase: execution, status: green, earned_value: {as_of: 2026-11-01, bac: "1000 USD", pv: "100 USD", ev: "100 USD", ac: "105 USD"}}
  - {id: P-2, name: b, phase: execution, status: green, earned_value: {as_of: 2026-11-01, bac: "1000 USD", pv: "100 USD", ev: "100 USD", ac: "115 USD"}}
  - {id: P-3, name: c, phase: execution, status: green, earned_value: {as_of: 2026-11-01, bac: "1000 USD", pv: "100 USD", ev: "100 USD", ac: "140 USD"}}
  - {id: P-4, name: d, phase: execution, status: red, earned_value: {as_of: 2026-11-01, bac: "1000 USD", pv: "100 USD", ev: "100 USD", ac: "90 USD"}}
  - {id: P-5, name: e, phase: execution, status: green}
`

// ratingPolicy rates cost variance with the bands of the US IT Dashboard
// (green under 10%, yellow from 10% to under 30%, red from 30%) and flags
// a project that reports green while its cost is rated red.
const ratingPolicy = `
policy: cost-control
ratings:
  - id: cost-variance
    description: Cost variance bands
    levels:
      - level: green
        when: math.abs(ev(project).cv_percent) < 10.0
        message: cost variance under 10%
      - level: yellow
        when: math.abs(ev(project).cv_percent) < 30.0
        message_expression: "'cost variance ' + string(math.abs(ev(project).cv_percent)) + '%'"
      - level: red
        when: "true"
        message: cost variance 30% or more
rules:
  - id: status-not-better-than-cost
    expression: "!(project.status == 'green' && ratings['cost-variance'] == 'red')"
    message: the project reports green while its cost variance is rated red
`

func evalRatings(t *testing.T, policy string) *governance.Report {
	t.Helper()
	pf, err := pmo.ReadPortfolio(strings.NewReader(ratingPortfolio))
	require.NoError(t, err)
	p, err := governance.ParsePolicy([]byte(policy))
	require.NoError(t, err)
	eng, err := governance.New()
	require.NoError(t, err)
	set, err := eng.Compile(p)
	require.NoError(t, err)
	rep, err := set.Evaluate(context.Background(), pf, governance.At(time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)))
	require.NoError(t, err)
	return rep
}

type ratingRow struct {
	Subject, Rule string
	Outcome       governance.Outcome
	Level         string
	Message       string
}

func rows(rep *governance.Report) []ratingRow {
	var out []ratingRow
	for _, r := range rep.Results() {
		out = append(out, ratingRow{r.Subject, r.Rule, r.Outcome, r.Level, r.Message})
	}
	return out
}

func TestRatingEvaluate(t *testing.T) {
	rep := evalRatings(t, ratingPolicy)
	noEV := `level "green": when: ev: cv_percent is undefined: the project has no earned_value (test it with has())`
	assert.Equal(t, []ratingRow{
		{"P-1", "cost-variance", governance.OutcomeRated, "green", "cost variance under 10%"},
		{"P-1", "status-not-better-than-cost", governance.OutcomePass, "", ""},
		{"P-2", "cost-variance", governance.OutcomeRated, "yellow", "cost variance 15%"},
		{"P-2", "status-not-better-than-cost", governance.OutcomePass, "", ""},
		{"P-3", "cost-variance", governance.OutcomeRated, "red", "cost variance 30% or more"},
		{"P-3", "status-not-better-than-cost", governance.OutcomeFail, "", "the project reports green while its cost variance is rated red"},
		{"P-4", "cost-variance", governance.OutcomeRated, "yellow", "cost variance 10%"},
		{"P-4", "status-not-better-than-cost", governance.OutcomePass, "", ""},
		{"P-5", "cost-variance", governance.OutcomeError, "", noEV},
		{"P-5", "status-not-better-than-cost", governance.OutcomeError, "", `expression: ratings["cost-variance"]: ` + noEV},
	}, rows(rep))
	// The explanations say what the levels tried read, and what the rule
	// read of the rating.
	res := rep.Results()
	assert.Equal(t, []string{"ev(project).cv_percent = -40"}, res[4].Explanation())
	assert.Equal(t, []string{`project.status = "green"`, `ratings["cost-variance"] = "red"`}, res[5].Explanation())
	// A rated result is not a violation; the error results are.
	var vs []string
	for _, v := range rep.Violations() {
		vs = append(vs, v.Subject+"/"+v.Rule)
	}
	assert.Equal(t, []string{"P-3/status-not-better-than-cost", "P-5/cost-variance", "P-5/status-not-better-than-cost"}, vs)
	c := rep.Counts()
	assert.Equal(t, 4, c.Rated)
	assert.Equal(t, []governance.RatingCounts{{Policy: "cost-control", Rating: "cost-variance",
		Levels: []governance.LevelCount{{Level: "green", Count: 1}, {Level: "yellow", Count: 2}, {Level: "red", Count: 1}}, Error: 1}}, c.Ratings)
	assert.Equal(t, "blocked: 10 results: 3 pass, 1 fail, 2 error, 0 skipped, 4 rated; violations: 3 error, 0 warning, 0 info; ratings: cost-control/cost-variance: 1 green, 2 yellow, 1 red, 1 error", rep.Summary())
}

func TestRatingNoLevelMatched(t *testing.T) {
	rep := evalRatings(t, `
policy: p
when: has(project.earned_value)
ratings:
  - id: r
    severity: warning
    levels:
      - {level: low, when: "ev(project).cv_percent > 0.0"}
      - {level: high, when: "ev(project).cv_percent < -20.0"}
`)
	assert.Equal(t, []ratingRow{
		{"P-1", "r", governance.OutcomeError, "", "no level matched (levels low, high)"},
		{"P-2", "r", governance.OutcomeError, "", "no level matched (levels low, high)"},
		{"P-3", "r", governance.OutcomeRated, "high", ""},
		{"P-4", "r", governance.OutcomeRated, "low", ""},
		{"P-5", "r", governance.OutcomeSkipped, "", "policy when is false"},
	}, rows(rep))
	assert.Equal(t, governance.SeverityWarning, rep.Results()[0].Severity)
	assert.False(t, rep.Blocked(), "the rating's errors are warnings")
	assert.Equal(t, []governance.RatingCounts{{Policy: "p", Rating: "r",
		Levels: []governance.LevelCount{{Level: "low", Count: 1}, {Level: "high", Count: 0}}, Error: 2, Skipped: 1}}[0].Levels[0], rep.Counts().Ratings[0].Levels[0])
	assert.Equal(t, []governance.LevelCount{{Level: "low", Count: 1}, {Level: "high", Count: 1}}, rep.Counts().Ratings[0].Levels)
	assert.Equal(t, 2, rep.Counts().Ratings[0].Error)
	assert.Equal(t, 1, rep.Counts().Ratings[0].Skipped)
}

func TestRatingCompileErrors(t *testing.T) {
	tests := []struct {
		name, policy string
		want         []string
	}{
		{"unknown rating", `policy: p
ratings:
  - id: cost
    levels: [{level: green, when: "true"}]
rules:
  - id: r
    expression: ratings['costs'] == 'green'
`, []string{`governance: 7:25: policy p rule r: expression: unknown rating "costs" (this policy's ratings: cost)`}},
		{"non-literal id", `policy: p
ratings:
  - id: cost
    levels: [{level: green, when: "true"}]
rules:
  - id: r
    expression: ratings[project.id] == 'green'
`, []string{`governance: 7:24: policy p rule r: expression: a rating is read as ratings['<id>'] with the rating id written as a literal string`}},
		{"whole map", `policy: p
ratings:
  - id: cost
    levels: [{level: green, when: "true"}]
rules:
  - id: r
    expression: size(ratings) == 1
`, []string{`governance: 7:22: policy p rule r: expression: ratings is read only as ratings['<id>'], one rating at a time`}},
		{"later rating", `policy: p
ratings:
  - id: a
    levels: [{level: x, when: "ratings['b'] == 'y'"}]
  - id: b
    levels: [{level: y, when: "ratings['b'] == 'y'"}]
`, []string{
			`governance: 4:40: policy p rule a: levels[0].when: rating "b" is declared after "a": a rating reads only the ratings declared before it`,
			`governance: 6:40: policy p rule b: levels[0].when: rating "b" reads itself`,
		}},
		{"not bool", `policy: p
ratings:
  - id: a
    levels:
      - level: x
        when: "1 + 1"
`, []string{`governance: 6:16: policy p rule a: levels[0].when: must be of type bool, found int`}},
		{"no ratings", `policy: p
rules:
  - id: r
    expression: ratings['x'] == 'y'
`, []string{`governance: 4:17: policy p rule r: expression: undeclared reference to 'ratings': this policy declares no ratings`}},
		{"variable", `policy: p
variables:
  - {name: v, expression: "ratings['a'] == 'x'"}
ratings:
  - id: a
    levels: [{level: x, when: "true"}]
rules:
  - {id: r, expression: variables.v}
`, []string{`governance: 3:28: policy p: variables.v: undeclared reference to 'ratings': ratings are read by the rules and by the levels of later ratings, not by variables or the policy's when`}},
	}
	eng, err := governance.New()
	require.NoError(t, err)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := governance.ParsePolicy([]byte(tt.policy))
			require.NoError(t, err)
			_, err = eng.Compile(p)
			require.Error(t, err)
			assert.ErrorIs(t, err, governance.ErrInvalidPolicy)
			assert.Equal(t, tt.want, strings.Split(err.Error(), "\n"))
			var ce *governance.CompileError
			assert.True(t, errors.As(err, &ce))
		})
	}
}
