// Package governance enforces a PMO's standards as policies written in CEL
// (the Common Expression Language, https://cel.dev): policy files that a PMO
// keeps next to its portfolio data, compiled once against the pmo schema and
// evaluated on a whole portfolio or on one project at a stage gate.
//
// The types in the order a user meets them: a [Policy] is read from YAML or
// JSON with [ParsePolicy], [ParsePolicyFile] or [LoadPolicies]; an [Engine]
// ([New]) compiles policies into an immutable [PolicySet]
// ([Engine.Compile]); [PolicySet.Evaluate] and [PolicySet.CheckGate] return
// a [Report] of [Result] values. Errors are a [*ParseError] (bad file) or
// a [*CompileError] (bad expression), each with File, Line, Column, Path and
// Err (the cause) and matching [ErrInvalidPolicy].
//
// An Engine and a PolicySet are immutable and safe for concurrent use by
// multiple goroutines. Evaluate spreads subjects over GOMAXPROCS goroutines
// and returns when all are done; no goroutine outlives the call.
//
// # Policy files
//
//	policy: budget-approvals            # required, unique in a policy set
//	version: 1.2.0                      # optional; recorded in every result
//	description: Large projects need their sponsor's approval before execution.
//	scope: project                      # portfolio | project | gate | change (default: project)
//	severity: warning                   # optional; the severity of the rules that give none
//	when: project.phase != 'closing'    # optional CEL precondition for the whole policy
//	variables:                          # optional, ordered; each may read the ones before it
//	  - name: over_threshold
//	    expression: project.budget.approved > money('1000000 USD')
//	rules:
//	  - id: sponsor-approval            # required, unique in the policy
//	    description: ...
//	    severity: error                 # error (blocks) | warning | info (default: the policy's, else error)
//	    when: variables.over_threshold  # optional CEL precondition for this rule
//	    expression: >-                  # required; true means compliant
//	      project.approvals.exists(a, a.role == 'sponsor' && a.decision == 'approved')
//	    message: Projects over 1M need an approved sponsor decision       # optional
//	    message_expression: "'Project ' + project.id + ' needs sponsor approval'"  # optional, wins
//
// Parsing is strict: an unknown or duplicate key, a missing required field,
// an invalid scope or severity, a duplicate rule ID, rating ID, level or
// variable name is an error that names its line, column and field, and all errors of a file are
// reported together. Expressions may be written as plain, quoted, literal
// (|) or folded (>, >-) YAML scalars; compile errors point into the file
// wherever the expression is. Positions are exact for plain, literal and
// folded scalars and best effort inside quoted scalars that use escape
// sequences; columns count bytes.
//
// A severity, a rule's or the policy's default, may be given per PMO type:
// severity: {supportive: info, controlling: warning, directive: error}
// ([Rule.Severities], [Policy.Severities]). Such a policy compiles for one
// type, chosen with the engine option [WithPMOType]; without it, it is a
// compile error that says to set the type.
//
// # Variables in scope
//
//	portfolio          every scope: the whole portfolio (pmo.Portfolio)
//	now                every scope: the evaluation clock, a timestamp (see [At])
//	project            scopes project, gate and change: the project (pmo.Project)
//	gate               scope gate: {from, to}, the project's phase and the phase it asks to enter
//	change             scope change: the change request (pmo.Change)
//	variables.<name>   the policy's variables
//	params.<name>      the policy's parameters (see Parameters)
//	ratings['<id>']    the level of one of the policy's ratings (see Ratings)
//
// Field names are the JSON names of the pmo schema: project.budget.approved,
// project.risks, r.cost_impact, portfolio.projects, a.decision. Every
// expression is type-checked at compile time: an unknown field, a variable
// that is not in the policy's scope, a rule that is not boolean or a
// message_expression that is not a string is a compile error. [Entities]
// lists every entity and field; docs/policies.md ([PolicyReference]) is the
// whole reference for policy authors.
//
// A comprehension over a map of the data (an entity's attributes and the
// maps nested in them, a risk's impacts, a project's scores) or over a map
// parameter visits its keys in sorted order (booleans, numbers, strings),
// so a list made from a map, the key an error names and the point where a
// cost limit stops an evaluation are the same on every run. (CEL leaves
// the order unspecified; a map literal written in a rule keeps cel-go's.)
//
// # Parameters
//
// A policy declares typed parameters ([Policy.Params], [Param]: number,
// int, string, bool, money, duration, list of strings, map), each with a
// default, and its expressions read them as params.<name>, type-checked at
// compile time (an unknown name is a compile error with its position). A
// host sets them without editing the policy: [WithParams] (or
// [Engine.WithParams]) with [Params], a parameters file ([ReadParams],
// [ParseParamsFile]; params: for every policy declaring a name, policies:
// <policy>: for one), pmokit check|gate|test --params FILE, or a suite's
// params:. The last value that applies wins; a value for an unknown policy
// or name, or of the wrong type, is an error at [Engine.Compile]
// ([*ParamError], [ErrInvalidParams]) naming its file:line:col. Values are
// constants of the compiled set: reading one costs nothing per evaluation.
//
// A money parameter is one amount or one per currency (a money_threshold
// in CEL): compared with money, added to or subtracted from it, it is the
// amount in that money's currency, and a currency without an amount is an
// evaluation error (outcome error, fail closed) naming the parameter and
// the currency; in_currency, has_currency and currencies read it.
//
// [Report.Params] (and the report's JSON "params") records the effective
// value of every parameter of every policy and where it came from:
// "default", "go", or a file:line:col. With the policies' names and
// versions in every [Result], that is what produced each result; the record
// is kept once per report, keyed by policy, not repeated in every result.
// docs/policies.md has the whole story.
//
// # Compile-time checks
//
// Beyond types, Compile checks what can be checked without a portfolio, and
// each mistake is a [*CompileError] at its file position whose message gives
// the fix:
//
//   - literals: a constant argument of money, date, timestamp, duration,
//     days, add_working_days, add_months, int, uint, double, or a matches
//     pattern, that can never
//     be valid ("invalid money '1,000 USD': write the amount without
//     thousands separators: money('1000 USD')");
//   - enum words: an enumeration field compared (==, !=) with a word it
//     cannot hold, or tested with in against a literal list holding one,
//     inside comprehensions too ("'Open' is not a word of risk.status: did
//     you mean 'open'? (want 'open', 'closed' or 'occurred')"); the words
//     are the pmo enum types' own; risk_rating(r) compared with a rating the
//     engine's matrix does not have, risk_dimension(r) with a dimension it
//     does not have;
//   - phases: with [WithLifecycle], a phase name compared with project.phase,
//     gate.from, gate.to, an approval's or a decision's gate, or passed to the
//     lifecycle and approval functions, that is not in the lifecycle. Without
//     it only the portfolio knows its lifecycle: the phase name is then
//     checked when the rule runs, and a phase outside the portfolio's
//     lifecycle makes the rule an error result that names it;
//   - messages: an undefined field suggests the nearest field of its entity
//     ("did you mean 'budget'?"); money compared with a number or a string, a
//     date compared with a string and a duration compared with a number say
//     how to write them.
//
// [Engine.Lint] adds warnings about what compiles but is almost certainly a
// mistake: unused variables, constant whens and rules (a rule that can never
// fail), costly estimates; "pmokit lint" prints both.
//
// Enumerations read as their words ('open', 'approved'); a status is a word
// of the portfolio's status_scale ('amber'), compared by position with
// status_index and status_worse. An absent
// optional string, number or boolean reads as its zero value (the empty
// string, 0, false) and an absent list or map as empty, so the natural tests
// are
//
//	project.manager != ''
//	project.risks.all(r, r.owner != '')
//
// An absent date is tested with has(project.start); reading it is an
// evaluation error. An absent amount of money is also tested with has(); it
// reads as a zero without currency, which adds to and compares with an
// amount of any currency as 0 (so sums over partly filled lists work). An
// absent nested object (project.earned_value, r.cost_range, r.residual) is
// tested with has() and reads as an empty one.
//
// Each variable is computed at most once per subject, on first use, and
// shared by the rules of its policy (and its when). A variable whose
// evaluation fails makes every rule that reads it an error.
//
// # Function library
//
// Besides CEL's standard functions and macros (has, all, exists,
// exists_one, filter, map, size, matches, timestamp, duration, …) and
// cel-go's string, math, list and set extensions
// (https://pkg.go.dev/cel.dev/cel-go/ext), rules have the PMO library:
//
// Money is exact (a decimal and an ISO 4217 currency) and a type of its own:
// comparing money with a number is a compile error, and mixing currencies is
// an evaluation error, never a conversion.
//
//	money('1000000 USD')                    a money literal; money(1000, 'EUR'), money(2.5, 'USD')
//	project.budget.forecast > project.budget.approved      < <= > >= == !=
//	project.budget.approved + money('50000 USD')           + and - between amounts
//	project.budget.approved * 1.1                          * by an int or a double, / by a number
//	project.budget.forecast / project.budget.approved      money / money is a double (1.125)
//	project.risks.map(r, r.cost_impact).sum()              sum of a list of money; also sum(list)
//	project.budget.approved.amount() > 1e6                 the amount as a double, for ratios
//	project.budget.approved.currency() == 'USD'            the currency code
//	string(project.budget.forecast) == '1350000 USD'       the canonical text
//
// Amounts in different currencies never compare, wherever they are: <, <=,
// >, >=, == and != are evaluation errors (money('1 USD') != money('1 EUR')
// is an error, not true), and so is a comparison inside a list or a map
// ([money('1 USD')] == [money('1 EUR')] is an error, not false), x in list,
// distinct(), sets.contains, sets.intersects, sets.equivalent, hasAll,
// hasAny, hasOnly and hasExactly. Every element pair of two lists of one size
// is compared, so an earlier unequal pair does not hide a mismatch; lists of
// different sizes are unequal without comparing amounts. The error says
// which guard to write: compare amounts of one currency only, e.g.
//
//	project.budget.approved.currency() != 'USD' || project.budget.approved > money('1000000 USD')
//
// An absent amount is a zero without currency and compares with any
// currency. Sums and products are exact; money divided by a number is
// rounded half away from zero to 16 decimal places (money('1 USD') / 3 is
// 0.3333333333333333 USD, money('2 USD') / 3 is 0.6666666666666667 USD);
// money / money is a double.
//
// Dates are CEL timestamps; durations are CEL durations, and
// timestamp - timestamp is a duration. Day counts are calendar days in UTC.
//
//	date('2026-01-31')                      a date (midnight UTC); RFC 3339 timestamps too
//	today()                                 the date of now
//	days_since(project.start) > 30          calendar days from a date to now
//	days_until(m.due) < 14                  calendar days from now to a date
//	days_between(a, b)                      calendar days from a to b
//	date_of(t)                              midnight UTC of t's day
//	days(30)                                a duration of 30 days: now - r.raised > days(30)
//	working_days(project.start, project.finish)   Monday to Friday days in [from, to)
//	add_working_days(now, 10)               10 working days later (negative: earlier)
//	add_months(date('2026-01-31'), 1)       2026-02-28: a spreadsheet's EDATE (day clamped
//	                                        to the month's end, leap years count, n < 0 goes back)
//	end_of_month(date('2024-02-10'))        2024-02-29: EOMONTH(date, 0)
//	months_between(a, b)                    whole months from a to b, DATEDIF(a, b, "M"):
//	                                        2026-01-15 to 2026-03-14 is 1, to 2026-03-15 is 2
//
// cel.bind(name, value, expr) (cel-go's bindings extension) computes a value
// once for an expression:
//
//	cel.bind(over, project.budget.forecast - project.budget.approved, over <= money('0 USD'))
//
// add_working_days keeps the time of day and counts from any day, a
// weekend day too: add_working_days(date('2026-11-28'), 6), from a
// Saturday, is Monday 2026-12-07; 0 days returns the date unchanged; more
// than 2,500,000 days is an error.
//
// Lifecycle functions use the portfolio's lifecycle (default: initiation,
// planning, execution, closing); a phase outside it is an evaluation error.
//
//	phase_at_or_after(project.phase, 'execution')   true in execution and closing
//	phase_before(gate.from, gate.to)                true when the gate moves forward
//	phase_index('planning') == 1                    the position, 0 for the first
//	portfolio.phase_index(p)                        the member forms of the three above
//
// Status functions use the portfolio's status_scale, best first (default:
// green, amber, red; the UK IPA's delivery confidence is green,
// amber/green, amber, amber/red, red); a word off the scale, or an unset
// status, is an evaluation error naming it:
//
//	status_index(project.status) <= 1                 the position, 0 for the best
//	status_worse(project.status, 'amber')             worse than amber on the scale
//	project.status == worst_status()                  the last word of the scale (red)
//
// Tolerances (PRINCE2 management by exception): tolerance(project) and
// tolerance(stage) measure a plan's forecasts against its tolerances
// ([pmo.Project.CheckTolerances]): cost is budget.forecast against
// budget.approved (a stage's forecast_cost against its planned_cost), time
// is forecast_finish against baseline_finish, or finish. Per dimension
// (cost, time) they give set, measured, missing, plus and minus (the
// limits as written), target, forecast, deviation (money; days for time),
// percent, planned_days (time), above, below, exceeded and a one-line
// summary; exceeded and summary also cover both dimensions at once:
//
//	!tolerance(project).exceeded || project.decisions.exists(d, d.subject == 'tolerance')
//	project.stages.all(s, !tolerance(s).time.above)
//
// Without a tolerance a dimension is not exceeded; with one but no forecast
// (or no target) reading its deviation or direction is an evaluation
// error that names what is missing, so the rule fails closed.
//
// Earned value: ev(project) gives the figures of the project's earned_value
// snapshot, computed by [pmo.EarnedValue.Metrics] (DAU EVM Gold Card):
// bac, pv, ev, ac, as_of, cv, sv, eac, etc, vac, eac_atypical,
// eac_composite (money), cpi, spi, tcpi (to the bac), tcpi_eac (to the
// project's budget.forecast, or to the CPI eac without one), cv_percent and
// sv_percent (CV / EV × 100, SV / PV × 100), percent_complete and
// percent_spent (EV / BAC × 100, AC / BAC × 100; every percentage is in
// percent, -12.5 for -12.5 %, as in pmo.EVMetrics), planned_duration_days
// (calendar days from the project's baseline_start to its baseline_finish,
// or from its start to its finish without a baseline) and
// forecast_duration_days (planned / SPI) (doubles); the formulas are those
// of [pmo.EVMetrics]. A figure whose divisor is zero
// (a project that has not started: AC = 0 leaves CPI undefined) and every
// figure of a project without earned_value is undefined: has() is false
// and reading it is an evaluation error, so write
//
//	!has(ev(project).cpi) || ev(project).cpi >= 0.9
//
// A figure the project's data make impossible (a budget.forecast in
// another currency than the bac, a finish before the start) is set for
// has() and reading it is an evaluation error: the rule fails closed.
//
// Approvals, roles and segregation of duties:
//
//	approved_by_role(project, 'execution', 'sponsor')   an approved approval for that gate by
//	                                                    someone who holds the role in
//	                                                    portfolio.people (for sponsor, also the
//	                                                    project's own sponsor); the role an
//	                                                    approval names is a claim, not authority
//	approvers(project, 'execution').size() >= 2         distinct people who approved that gate
//	has_role('u-ceo', 'sponsor')                        looks the person up in portfolio.people
//	segregated(change.requested_by, change.decided_by)  both set and different (four eyes)
//
// Risk ratings use the engine's risk matrix ([WithRiskMatrix], default the
// 5×5 preset of package risk; a risk needs an ordinal impact, or impacts per
// consequence dimension, which the matrix combines: the 5×5 takes the
// highest of cost, schedule and performance, as the DoD does, and a
// dimension it does not have is an evaluation error naming it):
//
//	risk_rating(r) in ['high', 'critical']
//	risk_score(r) >= 10.0
//	risk_impact(r) >= 4                       the combined impact level, 1 for the lowest
//	risk_dimension(r) == 'schedule'           the dimension that drove it ('' for the single impact)
//
// Schedules come from the project's activities (package schedule): the
// critical path method and a schedule risk simulation ([SimulationTrials]
// trials, seed 0), each computed at most once per evaluation and only when
// a rule calls them; a project without activities, or a network with a
// cycle, is an evaluation error:
//
//	schedule(project).finish <= project.finish          CPM early finish (also .start)
//	schedule(project).p80_finish <= project.finish      P50/P80/P90: p50_finish, p80_finish, p90_finish
//	schedule(project).critical_path.size() > 0          activity IDs of the first critical path
//	critical(a)                                         an activity of project.activities: total float ≤ 0
//	float_days(a) >= 5.0                                total float, working days (free_float_days(a))
//	criticality(a) < 0.5                                fraction of the trials in which a is critical
//	joint_confidence(project, project.finish, project.budget.approved) >= 0.7   NASA's JCL
//
// A host adds its own functions, variables or cel-go libraries with
// [WithCELOptions].
//
// # Evaluation
//
// For each subject and each policy of its scope: the policy's when false
// skips every rule of the policy (outcome skipped, not pass); a rule's when
// false skips the rule; the expression true is a pass; false is a fail, a
// violation with the rule's severity and message (message_expression wins
// over message; when message_expression fails, the message is used and says
// why; with neither, the description or the expression). An evaluation
// error (a currency mismatch, an absent date, the cost limit) is outcome
// error and counts as a violation (fail closed); its message says why.
//
// [PolicySet.Evaluate] runs the portfolio-scope policies once (subject: the
// portfolio), the project-scope policies on each project and the
// change-scope policies on each change request (subject ID: the entity's
// id). Gate-scope policies run only in [PolicySet.CheckGate], for one
// project moving from its phase to another, together with that project's
// project-scope policies.
//
// Results come in a deterministic order: the portfolio, then each project in
// portfolio order followed by its change requests; within a subject,
// policies in Compile order, and within a policy its ratings in file order,
// then its rules in file order; last, the expiring-soon warnings of
// waivers, in register order. The same inputs give the
// same report, in the same order, whatever the number of workers.
//
// Each failure carries an explanation: the values of the fields, variables
// and ratings the expression read, e.g.
//
//	project.budget.forecast = "1350000 USD"
//	variables.ceiling = "1320000 USD"
//
// Explanations and error messages never copy a whole value: a string, an
// amount or an error text shows its first 64 bytes, an ellipsis and its
// full length ("aaaa…" (1048576 bytes)); a list shows its elements when it
// has at most 5 scalar ones, else its size; an explanation has at most 32
// lines; an error message quoting values it did not cut (cel-go's) is cut
// to 1024 bytes.
//
// Explanations are lazy: [Result.Explanation] computes one on its first
// call, by evaluating the failed rule once more, recording only the values
// it prints (the parts of the rule that can neither change them nor decide
// whether they are read are left out), and keeps it, so a failure whose
// explanation is never read costs no evaluation, and one that is read
// costs at most one more evaluation of its rule, usually less
// (BenchmarkExplanationRead: 0.6–0.7 of one). The JSON form of a report includes every
// explanation.
//
// A report stores its results compactly: 16 bytes a result, plus a detail
// (message, level, waiver, explanation) for the results that have one; the
// report of the directive pack over 100,000 projects holds about 89 MB.
// [Report.Results] expands them into a new slice, [Report.All] one at a
// time, and [Report.Counts], [Report.Blocked], [Report.Violations] and the
// JSON form read the store without expanding what they do not return.
//
// # Ratings
//
// Beyond pass and fail, a policy may declare ratings ([Rating]): ordered
// levels, each with a boolean CEL condition and a message, computed per
// subject like a rule — the green/yellow/red a PMO reports (the US IT
// Dashboard rates cost and schedule variance green under 10%, yellow from
// 10% to under 30%, red from 30%):
//
//	ratings:
//	  - id: cost-variance               # unique among the policy's rule and rating ids
//	    severity: warning               # of its error results (default: error)
//	    levels:                         # in order: the first whose when is true wins
//	      - {level: green, when: "math.abs(ev(project).cv_percent) < 10.0", message: under 10%}
//	      - {level: yellow, when: "math.abs(ev(project).cv_percent) < 30.0"}
//	      - {level: red, when: "true"}
//	rules:
//	  - id: status-not-better-than-cost
//	    expression: "!(project.status == 'green' && ratings['cost-variance'] == 'red')"
//
// The first level whose condition is true rates the subject: a [Result]
// with outcome [OutcomeRated], the level in [Result.Level], the level's
// message, and an explanation of what the conditions tried read. A rated
// result is never a violation. A subject no level matches, or a condition
// that cannot be evaluated, is an [OutcomeError] result with the rating's
// severity (fail closed). The rules of the policy read a level as
// ratings['<id>'] (or ratings.<id>), computed once per subject (an error when the rating
// erred); a rating's levels read the ratings declared before it. The ID is
// a literal checked at compile time. [Counts.Ratings] counts the results at
// every level of every rating, and [Report.Summary] and [Report.LogValue]
// report them. docs/policies.md has the whole section.
//
// # Waivers
//
// A portfolio's waivers (pmo.Waiver, the register portfolio.waivers) are
// governed exceptions: a waiver names a policy, optionally one of its rules,
// and a subject, with a requester, an approver, an expiry and CEL conditions
// (compensating controls) that must hold while it applies. Policies declare
// waivable (policy or rule), waiver_approvers (roles held in
// portfolio.people; default [DefaultWaiverApprovers], pmo and
// portfolio_board) and max_waiver_days. One implementation in the
// evaluation shared by Evaluate and CheckGate (so by the suite runner,
// governancetest and the command) applies them: a fail that a holding
// waiver covers becomes [OutcomeWaived], keeping its message and
// explanation and naming the waiver ([Result.Waiver], a [WaiverUse] with
// its expiry and conditions); it is not a violation, does not block, and
// [Counts].Waived counts it. A waiver that does not hold (expired against
// now, an approver without an allowed role or who is the requester,
// approved before requested or after now, longer than max_waiver_days, a
// condition false or erroring, a non-waivable policy or rule) leaves the
// violation standing and says why ([WaiverUse].Problem, and the
// message). An evaluation error is never waived. A waiver of a policy of
// the set naming a rule or subject that does not exist is an error of
// Evaluate and CheckGate ([*WaiverError], [ErrInvalidWaiver]) with its path;
// a waiver naming a policy the set does not have waives nothing and is a
// warning result of rule [RuleWaiverNotEvaluated], so that a register
// covering the whole rulebook can be evaluated with some of its policies. A waiver in use that expires within
// [WaiverWarning] (default [DefaultWaiverWarning], 14 days) adds a warning
// result of rule [RuleWaiverExpiring] after the subjects' results.
// [Report.Waived] and [Report.Conditional] tell a gate's conditional go;
// [PolicySet.Waivers] lists the register as active, expiring, expired or
// invalid. Conditions compile in their policy's environment (variables and
// parameters included), once per policy set, with the cost limits of a rule.
// The repository's docs/waivers.md is the reference.
//
// # Impact of a change
//
// [Impact] evaluates two policy sets over one portfolio, and
// [SnapshotImpact] one set over two snapshots of a portfolio, with one
// clock; [Compare] compares any two reports. The [ImpactReport] lists per
// subject every rule whose verdict changed (a [ChangeKind]: newly failing,
// newly passing, severity, message or outcome changed — a rating's level
// moving is an outcome change), each [Change] with
// both results and a one-line explanation, whether the subject is newly
// blocked or unblocked, and the rules added or removed. [Policy.Location]
// and [Policy.RuleLocation] say where a policy and its rules sit in their
// file, for tools that point at them.
//
// # Policy packs
//
// [Pack] returns the ready policies for a PMO type: supportive (advises with
// info and warning, never blocks), controlling (enforces the core standards
// as errors) and directive (enforces every rule). The three packs are built
// from one set of policy files, each of which gives its severity per PMO
// type; Pack resolves it for its type. Each pack covers sponsor and
// manager assignment, a charter or business case before execution, gate
// approvals by the right role, delegation of authority by budget,
// segregation of duties, budget tolerance, earned-value health, risk
// hygiene, status reporting cadence, change control, overdue milestones,
// unexplained red status, and the US IT Dashboard's cost and schedule
// variance ratings (green under 10%, yellow under 30%, red) with a rule
// that flags a declared status better than them. Thresholds, money limits
// (one amount per currency), phase names and status words are parameters
// with defaults that fit the default lifecycle and status scale: a host
// sets them ([WithParams], a parameters file, pmokit --params) instead of
// editing the files, and a phase or status off the portfolio's lifecycle or
// scale is an error result that names it. The pack files are ordinary
// policy files in one directory, policies/ of [PackFS] ([PackFiles]); a
// copy compiles with [WithPMOType]. docs/rules.md in the repository,
// generated from the files, lists every rule and rating with its severity
// per PMO type and every parameter with its default.
//
// Package [github.com/pmokit/pmokit/governance/governancetest] runs policy
// test suites (YAML files of cases with expected violations and gate
// verdicts, documented in docs/policy-tests.md) under go test, and offers
// assertions and portfolio builders for a host's own Go tests; the pmokit
// command runs the same suites with "pmokit test".
//
// # Safety
//
// Every expression's worst-case cost is estimated at compile time assuming
// at most 1,000 projects, people and programs, 100 elements in any other
// list and 1,000-byte strings. The estimate is a warning of [Engine.Lint],
// not a compile error (unless [WithEstimatedCostLimit] is given): rules
// that a PMO writes naturally, such as a decision signed by a person who
// holds a role (decisions × deciders × the people) or an index loop
// (lists.range(size(project.risks)), costed as the list it counts), are
// estimated far above their cost on real portfolios. At run time each
// evaluation of an expression has a cost budget
// ([WithCostLimit], default [DefaultCostLimit]); exceeding it makes that
// rule an error. cel-go's runtime cost tracker is costly, so Evaluate first
// measures what the set's expressions read of the portfolio: the longest
// list, map and string among the fields that its rules, variables,
// ratings and whens, and the conditions of the portfolio's waivers,
// select (attributes aside; on its workers), so that a 10 MB description
// no expression reads costs no expression its shortcut. It then runs
// without the tracker every expression whose worst-case cost at those
// sizes, as cel-go's estimator bounds it, is within the budget.
// Expressions whose cost the measurement does not bound (anything read
// through attributes, policy variables, lists computed by functions)
// always run tracked, as does CheckGate.
//
// A boolean expression (a rule's expression or when, a policy's when, a
// boolean variable) that runs without the tracker runs natively: its
// checked form compiled, on first use, into Go closures over the typed
// schema, a field read being a call of the field's getter, a comparison
// of strings, numbers or dates a Go comparison and a comprehension over an
// entity list a loop over the slice. Every other function is called
// through the same binding as cel-go calls, with the engine's strict
// equality and guards, so the two evaluate the same operations in the
// same order. A native evaluation either gives cel-go's value or none; an
// error (and any case it does not handle) has none, and the expression is
// then evaluated by cel-go, so every error result and its message are
// cel-go's own. CEL's error absorption (false && error is false, an
// exists with one true element is true whatever the others give) holds
// natively, so this changes no verdict: the engine's tests compare the two
// on every pack and on generated rules, and a fuzz target keeps doing so.
// Expressions with map or struct literals, optional values or selects on
// dyn values, and every expression of an engine given [WithCELOptions]
// (whose options may change how cel-go runs a program), run on cel-go
// only.
//
// A cancelled or expired ctx stops evaluation promptly and Evaluate returns
// an error matching ctx.Err(). The context is checked between evaluations;
// with a runtime cost limit above [DefaultCostLimit] it is also checked
// within each evaluation, every 100 comprehension iterations and before
// every library call of more than 1,000 units (see below). An evaluation
// bounded by at most DefaultCostLimit ends within milliseconds, and
// attaching the context to it would cost more than many rules, so under
// such a limit the context is checked between evaluations only. A panic in
// a function (a host's included) becomes an error result.
//
// # Bounds of every function
//
// cel-go charges a call after it returns and cannot interrupt it, and it
// prices some calls by their receiver alone. So every function whose work
// depends on the size of its arguments is guarded: before the call, its
// work is bounded from the arguments (in cost units: one per element
// compared or copied, one per ten bytes read or written); a call whose bound
// exceeds what one call may do, the cost limit but at most 1,000,000 units
// (10 to 50 ms), is refused as an evaluation error that names the function
// and says to work on smaller values; a call of more than 1,000 units first
// checks the context; and the work is charged to the cost limit (an
// evaluation running without cel-go's tracker, see above, gets one at its
// first call of more than 1,000 units). So an evaluation ends within one
// call of its cost limit (of twice the limit when it started without the
// tracker), and within one call and 100 comprehension iterations of its
// deadline (with a cost limit of at most DefaultCostLimit, within the
// milliseconds that limit allows), whatever the expression.
// The guarded functions and the work of one call:
//
//	== != (any values)            one per pair of values compared, lists and maps element by element
//	x in list                     one per element (strict equality, every element compared)
//	contains                      (bytes of both strings) / 10
//	matches                       (input bytes + 1) × compiled pattern size / 2; patterns over 4096 bytes
//	                              are refused (write patterns in the rule, not from the data)
//	indexOf, lastIndexOf          (runes of the string + 1) × (runes of the needle + 1) / 10
//	replace                       (bytes of the string + bytes of the result) / 10, the result counted first
//	split                         bytes / 10 + parts
//	join                          (bytes of the elements and separators) / 10 + elements
//	format                        (bytes of the format + a bound of the printed arguments) / 10: 512 bytes
//	                              per number, twice a string, lists and maps element by element
//	strings.quote                 3 × bytes / 10
//	string(x)                     bytes / 10
//	lists.range(n)                n (cel-go refuses n over 1,000,000)
//	slice(a, b)                   b - a
//	flatten                       elements visited
//	sort, sortBy                  n × (log2 n + 1) × (longest key in bytes / 10 + 1)
//	distinct                      n for strings (a hash set), else one per pair compared
//	sets.contains, sets.intersects, sets.equivalent, hasAll, hasAny, hasOnly, hasExactly
//	                              n + m for strings, else one per pair compared
//	math.greatest, math.least     elements
//	reverse (list), sum           elements
//	has_role                      people of the portfolio
//	approved_by_role              approvals × (people + 1)
//	approvers                     approvals
//
// Everything else costs a constant or is linear in a value that already
// exists and is charged by cel-go per byte or element: arithmetic and
// comparison of numbers, durations, timestamps and money; logical
// operators, ?: and has();
// size(); conversions (int, uint, double, bool, bytes, timestamp, duration,
// dyn, type); the timestamp getters; the other math functions; string +,
// startsWith, endsWith, charAt, substring, lowerAscii, upperAscii, trim,
// reverse (string); list +, indexing, map lookup; and the PMO library's
// money, amount, currency, date, date_of, today, days, days_between,
// days_since, days_until, working_days, add_working_days, add_months,
// end_of_month, months_between, phase_index, phase_at_or_after,
// phase_before, ev, risk_rating, risk_score, risk_impact, risk_dimension,
// status_index, status_worse, worst_status (a scan of the status scale),
// tolerance (constant work per plan) and segregated. The schedule
// functions read a critical path and a simulation computed once per
// evaluation (the simulation checks the context). cel.bind binds a value
// once. The comprehension macros (all, exists, exists_one, map, filter,
// sortBy) cost one unit per iteration plus their body. A test lists every
// function of the environment and fails on one that is neither guarded nor
// classified here. Functions a host adds with [WithCELOptions] are not
// guarded: the host bounds them.
//
// # Performance
//
// The portfolio is never converted: the pmo structs are CEL object types
// whose values are pointers into the caller's data, and each field has a
// typed getter that cel-go calls directly, or a native plan (see above)
// calls without cel-go. The role functions find people
// through an index built once per evaluation. BenchmarkRuleCost compares the
// cost of a rule evaluation with the same expressions run as plain cel-go
// programs (no cost tracker) at 5%, 25% and 50% of failures (the module
// bench/exprlang of the repository measures expr-lang on the same
// workload);
// BenchmarkEvaluateScaling the CPU per project from 1,000 to 100,000
// projects; BenchmarkEvaluateMemory the peak memory of Evaluate against the
// portfolio's size; BenchmarkEvaluateParallel the scaling over cores;
// BenchmarkCompile1000 the compile time of 1,000 rules. BENCHMARKS.md in
// the repository has the commands and the figures.
package governance
