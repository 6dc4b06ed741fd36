package governance

// ratingsSection is the ratings part of the "policies" reference section
// (docs/policies.md); TestRatingsReferenceExample compiles its example.
const ratingsSection = "## Ratings\n\n" + `What a PMO reports is often a rating rather than a pass or a fail: the US Federal IT
Dashboard (https://itdashboard.gov, its FAQ on the CIO, cost and schedule ratings) rates a
project's cost and schedule variance green under 10%, yellow from 10% to under 30% and red
from 30%. A policy declares such a rating once, beside (or instead of) its rules:

` + "```yaml" + `
policy: cost-control
ratings:
  - id: cost-variance               # required; unique among the policy's rule and rating ids
    description: Cost variance in the IT Dashboard's bands.
    severity: warning               # of the rating's error results (default: error)
    levels:                         # required, in order: the first whose when is true wins
      - level: green                # required; unique in the rating
        when: math.abs(ev(project).cv_percent) < 10.0     # required; boolean CEL
        message: cost variance under 10%                  # optional
      - level: yellow
        when: math.abs(ev(project).cv_percent) < 30.0
        message_expression: "'cost variance ' + string(math.abs(ev(project).cv_percent)) + '%'"
      - level: red
        when: has(project.earned_value)                    # "true" makes a catch-all
rules:
  - id: status-not-better-than-cost
    severity: warning
    expression: "!(project.status == 'green' && ratings['cost-variance'] == 'red')"
    message: the project reports green while its cost variance is rated red
` + "```" + `

A rating is computed on every subject of the policy's scope, like a rule, and skipped with
the rules when the policy's ` + "`when`" + ` is false. Its levels are tried in order: the first
whose ` + "`when`" + ` is true rates the subject, a result with outcome *rated*, the level
(` + "`\"level\": \"red\"`" + ` in JSON) and the level's message; its explanation lists the values
the conditions tried read. A rated result is not a violation, whatever the level: a rule
says what is not acceptable. A subject that no level matches, or a condition that cannot
be evaluated (a project without earned value here, when ` + "`ev()`" + ` is read), is an
*error* result with the rating's severity: a rating fails closed, it never leaves a gap.
In reports the rating's ID stands in the ` + "`rule`" + ` field, and the counts hold, per
rating, the results at each level (zero included), the errors and the skips; ` + "`pmokit\ncheck`" + ` prints them with the subjects at each level.

The rules of the policy read a rating's level as ` + "`ratings['<id>']`" + `, a string
(` + "`ratings.<id>`" + ` too, for an ID that is an identifier), computed once per subject; a rule that reads a rating that erred is an error too. The
levels of a rating may read the policy's variables and the ratings declared before it.
The ID is written as a literal and checked at compile time: an unknown ID, a rating read
by an earlier one or by itself, ` + "`ratings[x]`" + ` with a computed key, ` + "`has(ratings.x)`" + ` and
any other use of ` + "`ratings`" + ` are compile errors at their position. Variables and the policy's ` + "`when`" + `
do not read ratings. A policy may hold ratings only, without rules. ` + "`pmokit lint`" + `
warns about a level whose condition is always true before the last level (the levels
after it are never reached) or always false.
`
