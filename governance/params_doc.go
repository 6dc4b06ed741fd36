package governance

// paramsReference is the part of docs/policies.md (and pmokit help
// policies) about parameters; see PolicyReference.
const paramsReference = "## Parameters\n\n" + `A policy declares its thresholds, lists and names as typed parameters, so that a PMO
sets them without editing (or forking) the policy:

` + "```yaml" + `
params:
  - name: cost_tolerance            # an identifier, unique in the policy
    type: number                    # number | int | string | bool | money | duration | list | map
    default: 0.10                   # required: a policy runs without any setting
    description: Cost tolerance as a fraction of the approved budget (0.10 = 10%).
  - name: change_limit
    type: money
    default: {USD: "250000", EUR: "230000", GBP: "200000"}   # or one amount: "250000 USD"
  - name: status_rank
    type: map
    of: int                         # the map's values: number | int | string | bool (default string)
    default: {green: 0, amber: 1, red: 2}
  - name: approval_phases
    type: list                      # a list of strings
    default: [execution, closing]
  - name: report_interval
    type: duration                  # Go's durations ("336h", "1h30m") plus d, 24 hours ("14d")
    default: 14d
rules:
  - id: tolerance
    expression: project.budget.forecast <= project.budget.approved * (1.0 + params.cost_tolerance)
  - id: change-authority
    expression: project.changes.all(c, c.cost_impact <= params.change_limit || c.status != 'approved')
` + "```" + `

Expressions read ` + "`params.<name>`" + `, typed at compile time: number is a double, int an int,
string, bool and duration themselves, list a ` + "`list(string)`" + `, map a ` + "`map(string, T)`" + `. An
unknown ` + "`params.x`" + ` or a use that does not fit the type is a compile error with its line and
column, and a default that does not fit its type is an error of the policy file. The values
are constants of the compiled policy set: reading one costs an evaluation nothing.

A money parameter is a ` + "`money_threshold`" + `: one amount, or one amount per currency. Compared
with money (` + "`<`, `<=`, `>`, `>=`" + `), added to or subtracted from it, it is the amount in that
money's currency; a currency it has no amount for is an evaluation error (outcome *error*,
a violation: fail closed) that names the parameter and the currency. It never compares as
a bare number. It scales (` + "`params.change_limit * 1.1`, `/ 2`" + `) currency by currency, and
` + "`in_currency`, `has_currency`, `currencies`" + ` read it (see the money functions). CEL's ` + "`==`" + `
cannot be declared between money and a threshold; write
` + "`m == params.x.in_currency(m.currency())`" + `.

A host sets the values:

- in Go, with the engine option ` + "`governance.WithParams(governance.Params{{Name: \"cost_tolerance\", Value: 0.15}})`" + `
  (or ` + "`engine.WithParams(params)`" + `, a copy of an engine with more values);
- in a parameters file (YAML or JSON, read by ` + "`governance.ReadParams`" + `/` + "`ParseParamsFile`" + `):

  ` + "```yaml" + `
  params:                           # for every policy that declares the name
    report_interval: 7d
  policies:                         # for one policy
    budget-tolerance:
      cost_tolerance: 0.15
      change_limit: {USD: "300000", EUR: "280000"}
  ` + "```" + `
  (its JSON Schema, for editors: schemas/params.schema.json);
- on the command line: ` + "`pmokit check|gate|test|report --params FILE`" + ` (and
  ` + "`pmokit lint --params FILE`" + ` checks a file against the policies, without a portfolio);
- in a policy test suite, for the suite or a case (` + "`params:`" + ` in the shape of the file;
  see [policy tests](policy-tests.md)).

The last value that applies to a parameter wins: values are layered in order (a later
` + "`WithParams`" + ` over an earlier one; in a suite, the --params file, then the suite's, then the
case's), and in one file the values for a policy win over the values for every policy. A
value for a policy the set does not hold, for a name no compiled policy declares, or of the
wrong type is an error when the policies compile, naming it with its file, line and column.

Every report records the effective value of every parameter and where it came from
(` + "`default`" + `, ` + "`go`" + `, or the setting's file:line:col): ` + "`Report.Params()`" + ` and the ` + "`params`" + ` of the
JSON report, keyed by policy. With the policies' names and versions they are what every
result depends on. The text output of ` + "`pmokit check`" + ` and ` + "`pmokit gate`" + ` names the values
that were set.
`
