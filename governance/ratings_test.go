package governance_test

import (
	"context"
	"encoding/json"
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

func TestRatingLint(t *testing.T) {
	p, err := governance.ParsePolicy([]byte(`policy: p
variables:
  - {name: limit, expression: "10.0"}
ratings:
  - id: r
    levels:
      - {level: a, when: "true"}
      - {level: b, when: "false"}
      - {level: c, when: "ev(project).cv_percent < variables.limit"}
      - {level: d, when: "true"}
`))
	require.NoError(t, err)
	eng, err := governance.New()
	require.NoError(t, err)
	warnings, err := eng.Lint(p)
	require.NoError(t, err)
	var got []string
	for _, w := range warnings {
		got = append(got, w.String())
	}
	// The variable read only by a level is read; the last level may be a
	// catch-all.
	assert.Equal(t, []string{
		`7:27: warning: policy p rule r: levels[0].when: level "a" is always true: the levels after it are never reached`,
		`8:27: warning: policy p rule r: levels[1].when: level "b" is always false: it never rates a subject`,
	}, got)
}

func TestRatingParseErrors(t *testing.T) {
	tests := []struct {
		name, policy string
		want         []string
	}{
		{"shape", `policy: p
ratings:
  - id: cost
    colour: x
    levels:
      - {level: green, when: "true", extra: 1}
      - {level: green, when: "true"}
      - {level: " red", when: "true"}
      - {when: "true"}
      - {level: amber}
  - id: cost
    levels: []
  - description: no id
  - id: sched
    severity: fatal
    levels: {level: x}
  - levels: x
`, []string{
			"governance: 4:5: ratings[0].colour: unknown key (want id, description, severity or levels)",
			"governance: 6:38: ratings[0].levels[0].extra: unknown key (want level, when, message or message_expression)",
			`governance: 7:17: ratings[0].levels[1].level: duplicate level "green"`,
			`governance: 8:17: ratings[0].levels[2].level: level " red" has leading or trailing space`,
			"governance: 9:9: ratings[0].levels[3].level: required field missing",
			"governance: 10:9: ratings[0].levels[4].when: required field missing",
			`governance: 11:9: ratings[1].id: duplicate rating id "cost"`,
			"governance: 12:13: ratings[1].levels: must have at least one level",
			"governance: 13:5: ratings[2].id: required field missing",
			"governance: 13:5: ratings[2].levels: required field missing",
			`governance: 15:15: ratings[3].severity: invalid severity "fatal" (want error, warning or info)`,
			"governance: 16:13: ratings[3].levels: must be a list, found a mapping",
			"governance: 17:13: ratings[4].levels: must be a list, found a scalar",
			"governance: 17:5: ratings[4].id: required field missing",
		}},
		{"id of a rule", `policy: p
rules:
  - {id: cost, expression: "true"}
ratings:
  - id: cost
    levels: [{level: g, when: "true"}]
`, []string{`governance: 5:9: ratings[0].id: rating id "cost" is also a rule id (rule and rating ids are unique in a policy)`}},
		{"not a list", `policy: p
ratings: {id: x}
`, []string{"governance: 2:10: ratings: must be a list, found a mapping"}},
		{"neither rules nor ratings", `policy: p
`, []string{"governance: 1:1: rules: required field missing (a policy has rules, ratings or both)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := governance.ParsePolicy([]byte(tt.policy))
			require.Error(t, err)
			assert.ErrorIs(t, err, governance.ErrInvalidPolicy)
			assert.Equal(t, tt.want, strings.Split(err.Error(), "\n"))
		})
	}
}

// TestRatingPolicyRoundTrip checks that a policy with ratings and no rules
// survives JSON: the Go value marshals to a policy file that reads back
// equal in its exported fields.
func TestRatingPolicyRoundTrip(t *testing.T) {
	p, err := governance.ParsePolicy([]byte(`policy: p
ratings:
  - id: r
    description: d
    severity: warning
    levels:
      - {level: a, when: "project.status == 'green'", message: m}
      - {level: b, when: "true", message_expression: "'x'"}
`))
	require.NoError(t, err)
	data, err := json.Marshal(p)
	require.NoError(t, err)
	q, err := governance.ParsePolicy(data)
	require.NoError(t, err)
	assert.Equal(t, p.Ratings, q.Ratings)
	assert.Empty(t, q.Rules)
	assert.Equal(t, []governance.Rating{{ID: "r", Description: "d", Severity: governance.SeverityWarning, Levels: []governance.RatingLevel{
		{Level: "a", When: "project.status == 'green'", Message: "m"},
		{Level: "b", When: "true", MessageExpression: "'x'"},
	}}}, q.Ratings)
}

// TestRatingImpact checks that Compare reports a rating whose level moved,
// and no change for a rating that kept its level.
func TestRatingImpact(t *testing.T) {
	rated := func(subject, level string) governance.Result {
		return governance.Result{Policy: "cost", Rule: "cv", Subject: subject, SubjectKind: governance.SubjectProject,
			Severity: governance.SeverityError, Outcome: governance.OutcomeRated, Level: level}
	}
	decode := func(rs ...governance.Result) *governance.Report {
		data, err := json.Marshal(map[string]any{"schema_version": governance.ReportSchemaVersion, "now": time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), "results": rs})
		require.NoError(t, err)
		var rep governance.Report
		require.NoError(t, json.Unmarshal(data, &rep))
		return &rep
	}
	old := decode(rated("P-1", "green"), rated("P-2", "yellow"))
	new := decode(rated("P-1", "red"), rated("P-2", "yellow"))
	var got []string
	for _, s := range governance.Compare(old, new).Subjects {
		for _, c := range s.Changes {
			got = append(got, s.Subject+" "+c.Kind.String()+": "+c.Explanation)
		}
	}
	assert.Equal(t, []string{"P-1 outcome_changed: was rated green, now rated red"}, got)
	// A report decoded from JSON counts its levels too.
	assert.Equal(t, []governance.RatingCounts{{Policy: "cost", Rating: "cv", Levels: []governance.LevelCount{{Level: "red", Count: 1}, {Level: "yellow", Count: 1}}}}, new.Counts().Ratings)
}

// TestRatingReportJSONRoundTrip checks that a report with ratings reads back
// from its JSON with the same results and counts (the levels no subject
// reached included).
func TestRatingReportJSONRoundTrip(t *testing.T) {
	rep := evalRatings(t, ratingPolicy)
	data, err := json.Marshal(rep)
	require.NoError(t, err)
	var back governance.Report
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, rep.Counts(), back.Counts())
	assert.Equal(t, rep.Results(), back.Results())
	again, err := json.Marshal(&back)
	require.NoError(t, err)
	assert.JSONEq(t, string(data), string(again))
}

// TestRatingsReferenceExample checks that the example of the ratings
// section of docs/policies.md parses and compiles, and rates as it says.
func TestRatingsReferenceExample(t *testing.T) {
	doc := governance.ReferenceSection("policies")
	_, rest, ok := strings.Cut(doc, "## Ratings\n")
	require.True(t, ok)
	_, rest, ok = strings.Cut(rest, "```yaml\n")
	require.True(t, ok)
	example, _, ok := strings.Cut(rest, "```")
	require.True(t, ok)
	rep := evalRatings(t, example)
	var levels []string
	for _, r := range rep.Results() {
		if r.Rule == "cost-variance" {
			levels = append(levels, r.Subject+" "+r.Outcome.String()+" "+r.Level)
		}
	}
	assert.Equal(t, []string{"P-1 rated green", "P-2 rated yellow", "P-3 rated red", "P-4 rated yellow", "P-5 error "}, levels)
	assert.Equal(t, governance.SeverityWarning, rep.Results()[8].Severity)
}

// TestRatingSelect checks that ratings.<id> reads a rating whose id is an
// identifier, as ratings['<id>'] does, and that has() on a rating and an
// unknown id are compile errors.
func TestRatingSelect(t *testing.T) {
	rep := evalRatings(t, `
policy: p
ratings:
  - id: cost
    levels:
      - {level: low, when: "math.abs(ev(project).cv_percent) < 10.0"}
      - {level: high, when: "true"}
rules:
  - {id: r, expression: "ratings.cost == 'low'"}
`)
	var got []string
	for _, r := range rep.Results() {
		if r.Rule == "r" {
			got = append(got, r.Subject+" "+r.Outcome.String())
		}
	}
	assert.Equal(t, []string{"P-1 pass", "P-2 fail", "P-3 fail", "P-4 fail", "P-5 error"}, got)
	assert.Equal(t, []string{`ratings.cost = "high"`}, rep.Results()[3].Explanation())

	eng, err := governance.New()
	require.NoError(t, err)
	p, err := governance.ParsePolicy([]byte(`policy: p
ratings:
  - id: cost
    levels: [{level: low, when: "true"}]
rules:
  - {id: a, expression: "has(ratings.cost)"}
  - {id: b, expression: "ratings.costs == 'low'"}
`))
	require.NoError(t, err)
	_, err = eng.Compile(p)
	require.Error(t, err)
	assert.Equal(t, []string{
		"governance: 6:29: policy p rule a: expression: has() does not apply to a rating: every rating has a level on every subject of its policy, or is an error",
		`governance: 7:33: policy p rule b: expression: unknown rating "costs" (this policy's ratings: cost)`,
	}, strings.Split(err.Error(), "\n"))
}
