package governance

import (
	"fmt"
	"strings"
)

// PolicyReference returns the reference for policy authors as Markdown:
// the file format, the scopes and the variables in scope, the absent-value
// rules, the compile-time checks and limits, every function of the library
// with an example, and a table of every field of every entity. It is
// docs/policies.md in the repository, generated from the schema and the
// library ([Entities], [Functions]); "pmokit help policies", "pmokit help
// functions" and "pmokit help fields" print its parts.
func PolicyReference() string {
	var b strings.Builder
	b.WriteString(`# Writing policies

<!-- Generated from the schema and the function library by TestPolicyReference; do not edit.
     Regenerate: go test ./governance -run TestPolicyReference -update-reference -->

A policy is a YAML (or JSON) file of rules written in CEL, the Common Expression
Language (https://cel.dev). This page is the whole language a rule can use: the
file format, what a rule can read, the functions, and every field of every
entity. From a terminal: ` + "`pmokit help policies`, `pmokit help functions`, `pmokit help fields [ENTITY]`" + `;
check files with ` + "`pmokit lint FILE|DIR`" + ` before they reach a portfolio.

`)
	b.WriteString(ReferenceSection("policies"))
	b.WriteString("\n")
	b.WriteString(ReferenceSection("functions"))
	b.WriteString("\n")
	b.WriteString(ReferenceSection("fields"))
	return b.String()
}

// ReferenceSection returns one part of [PolicyReference] as Markdown:
// "policies" (format, scopes, variables, absent values, checks, limits,
// parameters and ratings), "functions" or "fields"; any other name gives
// "".
func ReferenceSection(name string) string {
	switch name {
	case "policies":
		return policiesSection + "\n" + paramsReference + "\n" + ratingsSection // params_doc.go, ratings_doc.go
	case "functions":
		return functionsSection()
	case "fields":
		var b strings.Builder
		b.WriteString("## Fields\n\nThe field names are the JSON names of the portfolio file. Each entity says how a rule\nreaches it; the example of each field is written on that value.\n")
		for _, e := range Entities() {
			b.WriteString("\n")
			b.WriteString(EntitySection(e))
		}
		return b.String()
	}
	return ""
}

// EntitySection returns the Markdown table of one entity's fields.
func EntitySection(e EntityDoc) string {
	var b strings.Builder
	var scopes []string
	for _, s := range e.Scopes {
		scopes = append(scopes, s.String())
	}
	fmt.Fprintf(&b, "### %s\n\nReached as `%s`; scopes %s.\n\n", e.Name, e.Reach, strings.Join(scopes, ", "))
	b.WriteString("| Field | Type | Words | When absent | Example |\n|---|---|---|---|---|\n")
	for _, f := range e.Fields {
		words := ""
		if len(f.Words) > 0 {
			words = strings.Join(f.Words, ", ")
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | `%s` |\n", f.Name, f.Type, cell(words), cell(f.Absent), cell(f.Example))
	}
	return b.String()
}

func functionsSection() string {
	var b strings.Builder
	b.WriteString(`## Functions

Besides CEL's standard functions and macros (` + "`has`, `all`, `exists`, `exists_one`, `filter`, `map`,\n`size`, `in`, `matches`, `startsWith`, `endsWith`, `contains`, `timestamp`, `duration`, `int`, `double`,\n`string`" + `), and cel-go's string, math, list and set extensions
(https://pkg.go.dev/cel.dev/cel-go/ext: ` + "`lists.range`, `sets.contains`, `math.greatest`" + `, …), rules have
the PMO library. Every example is a rule of project scope that compiles (a test checks it).
`)
	group := ""
	for _, f := range Functions() {
		if f.Group != group {
			group = f.Group
			fmt.Fprintf(&b, "\n### %s functions\n\n| Function | Returns | Example |\n|---|---|---|\n", strings.ToUpper(group[:1])+group[1:])
		}
		fmt.Fprintf(&b, "| `%s` | %s | `%s` |\n", cell(f.Signature), cell(f.Description), cell(f.Example))
	}
	return b.String()
}

const policiesSection = "## The file format\n\n" + "```yaml" + `
policy: budget-approvals            # required, unique in a policy set
version: 1.2.0                      # optional; recorded in every result
description: Large projects need their sponsor's approval before execution.
scope: project                      # portfolio | project | gate | change   (default: project)
severity: warning                   # optional; the severity of the rules that give none
when: project.phase != 'closing'    # optional CEL precondition for the whole policy
params:                             # optional; typed values a host sets (see Parameters)
  - {name: threshold, type: money, default: "1000000 USD", description: Budgets above it need the sponsor}
variables:                          # optional, ordered; each may read the ones before it
  - name: over_threshold
    expression: project.budget.approved > params.threshold
rules:
  - id: sponsor-approval            # required, unique in the policy
    description: ...
    severity: error                 # error (blocks) | warning | info   (default: the policy's, else error)
    when: variables.over_threshold  # optional CEL precondition for this rule
    expression: >-                  # required; true means compliant
      project.approvals.exists(a, a.role == 'sponsor' && a.decision == 'approved')
    message: Projects over 1M need an approved sponsor decision   # optional
    message_expression: "'Project ' + project.id + ' needs sponsor approval'"  # optional, wins
` + "```" + `

A file holds one policy. Keys are checked: an unknown or duplicate key, a missing
required field, an invalid scope or severity, a duplicate rule ID or variable name is
an error with its line and column. Expressions may be plain, quoted, literal (` + "`|`" + `) or
folded (` + "`>-`" + `) YAML scalars.

A severity (a rule's, or the policy's default for its rules) may be given per PMO type,
as a mapping that names the three: ` + "`severity: {supportive: info, controlling: warning, directive: error}`" + `.
Such a policy is compiled for one type (` + "`governance.WithPMOType(t)`" + `; ` + "`governance.Pack`" + ` and
` + "`pmokit --pack TYPE`" + ` choose their type); without one it does not compile, and the error
says to set the type. The built-in packs are written so ([rule catalogue](rules.md)).

Three keys govern the policy's waivers, the exceptions of the portfolio's waiver register
([waivers](waivers.md)): ` + "`waivable: false`" + ` (of the policy, or of one rule) forbids them,
` + "`waiver_approvers: [portfolio_board]`" + ` names the roles that may approve one (default ` + "`pmo`" + ` and
` + "`portfolio_board`" + `), and ` + "`max_waiver_days: 90`" + ` bounds how long one lasts from its approval.
A violation that a waiver holding for it covers is the result *waived*; it does not block.

` + "`when`" + ` false skips the rule (or every rule of the policy): the result is *skipped*, not
*passed*. ` + "`expression`" + ` false is a violation with the rule's severity and message. An
evaluation error (a currency mismatch, an absent date, the cost limit) is a result of
its own, *error*, that counts as a violation: a rule that cannot be evaluated fails
closed.

## Scopes and the variables in scope

| Scope | Runs on | Variables |
|---|---|---|
| ` + "`portfolio`" + ` | the portfolio, once | ` + "`portfolio`, `now`" + ` |
| ` + "`project`" + ` | each project | ` + "`portfolio`, `now`, `project`" + ` |
| ` + "`gate`" + ` | one project moving to a phase, in a gate check | ` + "`portfolio`, `now`, `project`, `gate` (`gate.from`, `gate.to`)" + ` |
| ` + "`change`" + ` | each change request of each project | ` + "`portfolio`, `now`, `project`, `change`" + ` |

` + "`now`" + ` is the evaluation clock (a timestamp; ` + "`pmokit check --at`" + `). ` + "`variables.<name>`" + ` are the
policy's variables, each computed at most once per subject; ` + "`params.<name>`" + ` its parameters
(see Parameters).

## Absent values

An absent optional string, number or boolean reads as its zero value (` + "`''`, `0`, `false`" + `)
and an absent list or map as empty, so the natural tests are ` + "`project.manager != ''`" + ` and
` + "`project.risks.all(r, r.owner != '')`" + `. An absent date is tested with ` + "`has(project.start)`" + `;
reading it is an evaluation error. An absent amount of money is tested with ` + "`has()`" + ` and
reads as a zero of no currency, which adds to and compares with any currency as 0. An
absent nested object (` + "`project.earned_value`, `r.cost_range`" + `) reads as an empty one. An
enumeration reads as its word (` + "`'amber'`, `'open'`" + `) and, absent, as ` + "`''`" + ` (a risk's ` + "`kind`" + `
reads as ` + "`'threat'`" + `). The tables below say it for every field.

Money is exact and a type of its own: ` + "`project.budget.approved > 500000`" + ` is a compile
error; write ` + "`money('500000 EUR')`" + ` or compare ` + "`.amount()`" + `. Amounts of different currencies
never mix: comparing or adding them is an evaluation error; guard with
` + "`x.currency() == y.currency()`" + `.

A comprehension over a map of the data (an entity's ` + "`attributes`" + ` and the maps nested in
them, a risk's ` + "`impacts`" + `, a project's ` + "`scores`" + `) or over a map parameter visits its keys in
sorted order (booleans, numbers, strings): ` + "`project.scores.map(k, k)`" + ` is the sorted list of
the keys, and the key an error names is the same on every run. CEL leaves the order
unspecified; a map literal written in a rule keeps cel-go's.

## Checked before a portfolio is seen

Compiling a policy (` + "`pmokit lint`" + `, ` + "`pmokit check`" + `, ` + "`Engine.Compile`" + `) checks every
expression against the schema and reports each mistake with its file, line and column:

- an unknown field, with the nearest field of that entity (` + "`did you mean 'budget'?`" + `);
- a rule that is not boolean, a message_expression that is not a string;
- a literal that can never be valid: ` + "`money('1,000 USD')`, `money('1000USD')`, `money('1000 eur')`,\n  `date('2026-13-01')`, `timestamp('2026-01-01')` (write `date('2026-01-01')`), `duration('30d')`\n  (write `days(30)`), `days(n)`, `add_working_days`/`add_months` counts out of range, `int('12x')`,\n  a `matches` pattern that is not RE2" + `; each message gives the accepted format;
- an enumeration compared with a word it cannot hold (` + "`r.response != 'mitgate'`,\n  `r.status in ['Open']`" + `), inside comprehensions too; the message lists the words;
- a risk rating or a consequence dimension that the engine's risk matrix does not have
  (` + "`risk_rating(r) == 'hgh'`, `risk_dimension(r) == 'schedul'`" + `);
- money compared with a number or a string, a date compared with a string, a duration
  compared with a number: the message says how to write it.

Phase names (compared with ` + "`project.phase`, `gate.from`, `gate.to`" + `, an approval's or a
decision's ` + "`gate`" + `, or passed to the lifecycle and approval functions) are checked against the
lifecycle the engine is compiled for (` + "`governance.WithLifecycle`, `pmokit lint --lifecycle`" + `).
Without one only the portfolio knows its lifecycle: a phase outside it makes the rule an
error result that names the phase, and ` + "`pmokit lint`" + ` warns about phases outside the default
lifecycle (initiation, planning, execution, closing).

Statuses (` + "`project.status`" + `, a status report's ` + "`status`" + `) are words of the portfolio's own
` + "`status_scale`" + ` (default green, amber, red; the reader checks every status against it), so a
word compared with a status (` + "`project.status == 'amber'`" + `) is checked when the rule runs: a word
off the portfolio's scale makes the rule an error result that names it, with the nearest word.
Compare statuses by position with ` + "`status_index`" + `, ` + "`status_worse`" + ` and ` + "`worst_status()`" + `, which
work on any scale; ` + "`pmokit lint`" + ` warns about status words off the default scale.

` + "`pmokit lint`" + ` also warns about variables and parameters no expression reads, constant whens and rules
(` + "`x != '' || true`" + ` can never fail), and expressions whose estimated worst-case cost exceeds
the runtime cost limit.

## Limits

Each evaluation of an expression has a cost budget (1,000,000 cel-go cost units by
default, about one per operation and one per element a comprehension visits); past it
the rule is an error result. Evaluation stops at the context's deadline. The worst case
of every expression is also estimated at compile time assuming 1,000 projects, people and
programs, 100 items in any other list and 1,000-byte strings; it is a warning of
` + "`pmokit lint`" + `, not an error, so nested loops such as "a decision signed by a person who
holds the role" and index loops (` + "`lists.range(size(project.risks)).all(i, …)`" + `) compile. An
index loop's range is costed as the list it counts.
`

// cell escapes the pipes of a Markdown table cell.
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
