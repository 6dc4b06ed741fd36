// Command pmokit applies a PMO's rules to a portfolio from a terminal or a CI
// job: it checks a portfolio against governance policies, checks one
// project's move through a gate, runs policy test suites, ranks projects,
// selects the portfolio a budget funds, reports on the risk register, and
// writes a one-file HTML board pack.
//
// Until the module is published on the Go module proxy, install it from a
// clone of the repository with
//
//	go install ./cmd/pmokit
//
// (then "go install github.com/pmokit/pmokit/cmd/pmokit@latest" will do).
// docs/ci.md in the repository has a GitHub Actions workflow and a
// pre-commit hook.
//
// Usage:
//
//	pmokit check --portfolio FILE (--policy FILE|DIR ... | --pack TYPE) [--params FILE] [--at DATE] [--waiver-warning DAYS] [--format FORMAT] [--fail-on LEVEL]
//	pmokit gate  --portfolio FILE (--policy FILE|DIR ... | --pack TYPE) --project ID --to PHASE [--params FILE] [--at DATE] [--waiver-warning DAYS] [--format FORMAT] [--fail-on LEVEL]
//	pmokit waivers --portfolio FILE (--policy FILE|DIR ... | --pack TYPE) [--at DATE] [--waiver-warning DAYS] [--format text|json]
//	pmokit diff  (--old FILE|DIR ... --new FILE|DIR ... | --policy FILE|DIR ... | --pack TYPE)
//	             (--portfolio FILE | --old-portfolio FILE --new-portfolio FILE) [--project ID --to PHASE]
//	             [--at DATE] [--format FORMAT] [--fail-on-new WHAT]
//	pmokit test  [--run REGEX] [-v] [--format text|json|junit|sarif|github] [--coverage] [--min-coverage PCT] [--params FILE] [DIR|FILE ...]
//	pmokit lint  [--lifecycle PHASES] [--params FILE] [--strict] FILE|DIR...
//	pmokit rank  --portfolio FILE --method wsjf|rice|weighted|topsis [--criteria LIST] [--top N] [--sensitivity K] [--format text|json]
//	pmokit select --portfolio FILE --budget MONEY [--value score:NAME|attribute:NAME|wsjf] [--cost remaining|approved|forecast|forecast_remaining] [--mandatory IDS] [--exclude IDS] [--frontier FROM:TO:STEP] [--format text|json]
//	pmokit risk  --portfolio FILE [--matrix 5x5|3x3|pmbok|dod|FILE] [--order exposure|score] [--format text|svg|json] [--simulate TRIALS [--seed N]]
//	pmokit schedule --portfolio FILE [--project ID] [--simulate TRIALS [--seed N] [--distribution triangular|pert]] [--format text|json|svg]
//	pmokit report --portfolio FILE (--policy FILE|DIR ... | --pack TYPE) [--params FILE] [--at DATE] [--budget MONEY] [--criteria LIST] [--matrix MATRIX] [--simulate TRIALS] [--seed N] --out FILE
//	pmokit version
//	pmokit help  [VERB | policies | functions | fields [ENTITY] | waivers]
//
// Flags may be written with one dash or two (-pack, --pack). --policy is
// repeatable and takes a policy file or a directory of them (*.yaml, *.yml,
// *.json; suites named *_test.yaml are skipped). --pack adds a built-in
// policy pack: supportive, controlling or directive; a --policy file that
// gives its severity per PMO type (a copy of a pack file) takes the pack's
// type, and without --pack it does not compile. --at sets the
// evaluation clock (YYYY-MM-DD or RFC 3339); without it the clock is the
// current time, so pass it for a reproducible verdict. --params (check,
// gate, test, report, lint) reads a parameters file, the values of the policies'
// parameters (params: for every policy that declares a name, policies:
// <policy>: for one; see docs/policies.md): a misspelt name, an unknown
// policy or a value of the wrong type is an error (exit 2) at its
// file:line:col, text output names the values set and the JSON report
// records every value with its source. Every file flag
// (--portfolio, --policy, --params, --old, --new, --old-portfolio,
// --new-portfolio, --matrix) and test's suite arguments take - for standard input; one of
// them at most may read it in a run (a second is an error naming both).
// Every verb that reads a portfolio (check, gate, waivers, diff, report,
// risk, rank, select, schedule) takes --max-input SIZE, the largest
// portfolio file it reads (bytes, or KB, MB, GB, KiB, MiB, GiB; at most
// 64GiB): by default 64MiB of JSON or 16MiB of YAML, so a 10,000-project
// portfolio (about 84 MB of JSON) needs --max-input 128MiB; a larger file
// is bad input (exit 2) whose message names the flag. Reading JSON takes
// about 3 times the file's size of memory, YAML about 30.
// What standard input holds has the size limit of its kind of file (a
// policy or a suite: 4 MiB; a risk matrix: 1 MiB; a portfolio: pmo's
// limits) and is named <stdin> in messages; a suite's relative paths are
// then relative to the current directory.
//
// # check
//
// check evaluates the portfolio-, project- and change-scope policies over
// the portfolio and prints every violation grouped by subject — severity,
// policy/rule, message, and below it the explanation (the values the rule
// read) — and a summary line such as
//
//	4 violations (3 errors, 1 warning, 0 info) in 3 subjects; blocked
//
// The ratings of the policies (policy ratings: ordered levels, the first
// whose condition holds rates the subject) follow the violations, under
// "ratings": per rating its counts by level ("cost-control/cost-variance: 12
// green, 3 yellow, 1 red, 1 error") and per level the subjects rated at it
// (ten named, the others counted). A rated result is not a violation; a
// subject that no level matches is an error result, listed with the
// violations. The JSON report carries each result's level (outcome rated)
// and counts.rated and counts.ratings.
//
// Results that a waiver of the portfolio (portfolio.waivers) lets through
// are listed apart, under "waived", each with its waiver, its expiry and
// the conditions that must keep holding; they are not violations. A waiver
// that does not hold leaves its violation standing, and the violation's
// message says why ("waiver W-1 does not hold: expired on 2026-11-20"). A
// waiver in use that expires within --waiver-warning (default 14 days) is
// a warning of its own (rule waiver-expiring). A waiver that names a rule
// or subject that does not exist is bad input (exit 2); one that names a
// policy not given is a warning (rule waiver-policy-not-evaluated). The
// JSON report carries the waived results (outcome waived, and a waiver
// object: id, expires, conditions), the reasons of waivers that do not
// hold (waiver.problem) and counts.waived. gate prints CONDITIONAL GO when
// the move is allowed only because of waivers.
//
// # waivers
//
// waivers lists the portfolio's waivers with where each stands at the
// clock: active, expiring (within --waiver-warning), expired, or invalid
// (it does not hold, or names what does not exist), each with why, its
// conditions and its expiry. It exits 1 when a waiver is invalid. The
// repository's docs/waivers.md describes waivers.
//
// # gate
//
// gate checks project ID moving into phase PHASE: the gate-scope policies
// plus the project's project-scope rules. It prints "gate P-1 planning ->
// execution at 2026-11-26: ALLOWED" (or BLOCKED), the violations and the
// summary, with the ratings as check prints them. A rule that could not be
// evaluated (outcome error, for example amounts in two currencies) shows
// "could not evaluate:" and its reason; it counts as a violation.
//
// # test
//
// test runs policy test suites (the format is documented in package
// github.com/pmokit/pmokit/governance/governancetest): each FILE and every
// *_test.yaml or *_test.yml file under each DIR, by default the current
// directory. It prints one line per case — "ok   suite/case",
// "FAIL suite/case (file:line:col)" followed by what did not hold, or
// "SKIP suite/case: reason"; a matrix suite names its pack, suite[pack]/case
// — and a last line "N passed, M failed", followed by ", K errors" (cases
// that could not run, "ERROR suite/case") and ", K skipped" when there are
// any. --run REGEX runs only the cases whose name matches; -v adds under
// each case its description and the violations its report held; --format
// json, junit, sarif or github writes a JSON document, JUnit XML, SARIF
// 2.1.0 or GitHub Actions annotations instead. In SARIF every case is a
// result (its rule id the case's name) at the case's file, line and column
// in its suite: a case that failed or could not run is kind "fail", level
// "error", its message what did not hold; a passing case is kind "pass"
// and a skipped one kind "notApplicable", both level "none", as SARIF
// 2.1.0 §3.27.9-10 says of results that are not failures; a suite whose
// policies did not read or compile is a notification of a failed
// invocation, and with --coverage the run's properties hold the coverage.
// github writes "::error file=F,line=L,col=C,title=suite/case::..." per case
// that failed or could not run (with what did not hold), one per suite that
// could not run and one when coverage is below --min-coverage; passing and
// skipped cases print nothing. A suite read from standard input names no
// file in either. --coverage
// adds the rule coverage (for every rule of the suites' policies, how many
// results passed, failed, erred or were skipped, and the rules no case made
// both pass and fail) and the rating coverage (for every rating, how many
// subjects each level rated, and the levels no case reached), and
// --min-coverage PCT fails the run below PCT percent of rules and rating
// levels covered. The runner is the public package
// github.com/pmokit/pmokit/governance/suite; docs/policy-tests.md describes
// the flags and the JSON.
//
// # lint
//
// lint compiles policy files without a portfolio and prints every error
// (a file that does not parse, an expression that does not compile, a
// literal that cannot be valid, an enum word that does not exist) and the
// warnings of governance.Engine.Lint (unused variables, constant whens and
// rules, costly estimates, phase names outside the lifecycle), one a line as
// file:line:col: error|warning: …, then a count. It exits 2 on errors, and 1
// on warnings with --strict. --lifecycle a,b,c checks phase names against
// that lifecycle at compile time.
//
// # help topics
//
// help policies, help functions and help fields [ENTITY] print the policy
// author's reference (docs/policies.md): the file format and the checks,
// every function of the rule library with an example, and every field of
// every entity with its type, enum words, absent value and an example.
//
// # diff
//
// diff shows what a change does to the verdicts before it merges. It
// evaluates the old and the new policies (--old, --new, each with an
// optional --old-pack, --new-pack) over one portfolio, or one set of
// policies (--policy, --pack) over an old and a new portfolio
// (--old-portfolio, --new-portfolio), or both changes at once, with one
// clock, and lists per subject every rule whose verdict changed — newly
// failing, newly passing, severity changed, message changed (or fail
// became error), outcome changed (between pass and skipped, or a rating's
// level moved) — each with an
// explanation ("was pass, now fail (error): ...", "rule added, ...",
// "new subject, ..."), whether the subject is newly blocked or unblocked,
// and the rules added and removed (package
// github.com/pmokit/pmokit/governance, Impact). It exits 1 when the change
// newly blocks a subject; --fail-on-new violations fails on any newly
// failing rule, --fail-on-new none never. --format markdown prints a
// pull-request comment. With --project ID --to PHASE it compares the two
// sides' gate checks of that move (as pmokit gate) instead of the whole
// portfolio.
//
// # Formats
//
// check, gate and diff take --format:
//
//   - text (the default): for a terminal.
//   - json: one object, below.
//   - junit: JUnit XML, for test dashboards: a <testsuite> per policy and a
//     <testcase> per rule and subject (check, gate: every result, passes
//     included; diff: every change), a <failure> for a violation at or above
//     --fail-on (diff: a change that fails the run), an <error> for a rule
//     that could not be evaluated, <skipped> for a rule whose when was
//     false; a violation below --fail-on is a passed case whose
//     <system-out> says "warning: ..." (or info), and a rated result a
//     passed case whose <system-out> says "rated red: ...". Cases carry the file and
//     line of their rule (none for a rule of a built-in pack).
//   - sarif: SARIF 2.1.0, for code scanning: a result per violation (diff:
//     per change) with the rule's file, line and column as its physical
//     location and the subject (project/P-1, project/P-1/change/CR-7,
//     portfolio/pf-1) as its logical location; levels error, warning and
//     note follow the severity (diff: error when the change fails the run).
//     Rules of a built-in pack point at their path in the pack with
//     uriBaseId PMOKIT_PACKS.
//   - github: GitHub Actions workflow commands, one per violation:
//     "::error file=F,line=L,col=C,title=policy/rule::subject: message", an
//     error when it fails the run, else a warning (notice for info). Rules
//     of a pack or of standard input name no file.
//   - markdown (diff only): a summary table and a table of changes.
//
// --fail-on error|warning|info|none (check, gate) sets the least severe
// violation that fails the run; the default, error, fails exactly when the
// report is blocked. It does not change what is printed or the "blocked"
// verdict, which is always about error-severity violations.
//
// # version
//
// version prints the pmokit module version, the VCS revision and time it
// was built from ("+dirty" when the tree had changes; "unknown" when the
// binary carries no VCS information), the Go version and cel-go's version,
// from the binary's build information.
//
// # rank, select and risk
//
// rank ranks the projects best first with each criterion's contribution to
// every score (package github.com/pmokit/pmokit/prioritize): WSJF and RICE
// read the conventional scores, weighted and topsis the --criteria, given as
// name:weight[:cost] items; --sensitivity K adds how far each weight may move
// before the top-K order changes. select chooses, exactly, the projects that
// maximize total value within --budget under the mandatory, excluded and
// dependency constraints, or with --frontier the best value at each budget
// level; its value is an additive measure (score:business_value by
// default; WSJF only when named) and its cost the money still to spend
// (--cost remaining by default). rank and select leave out projects in
// closing or later unless --phase names them. risk prints the register's
// heat map (text, or a self-contained SVG with --format svg), threats and
// opportunities on grids of their own, exposure by category and project,
// the top threats and top opportunities apart (by exposure, or --order
// score) and the Cox check of the matrix, and with --simulate the Monte
// Carlo P50, P80 and P90 of the cost impact per currency and of the
// schedule impact per project, and the contingency they imply
// (package github.com/pmokit/pmokit/risk). "pmokit help VERB" lists every
// flag.
//
// # schedule
//
// schedule runs the critical path method over the projects' activities
// (package github.com/pmokit/pmokit/schedule): per activity ES, EF, LS, LF
// in working days and as dates, total and free float and whether it is
// critical; per project its finish, critical paths and milestone forecasts.
// With --simulate, a Monte Carlo schedule risk analysis adds the P50, P80
// and P90 finish of each project and milestone, each activity's criticality
// index and sensitivity (the drivers), and the joint confidence (JCL) of
// finishing by the project's finish date within its approved budget;
// --format svg draws one project's finish-date histogram and S-curve. A
// cycle in a network is bad input (exit 2) naming its activities.
//
// # report
//
// report writes the board pack of a portfolio (package
// github.com/pmokit/pmokit/report) to --out, one HTML file with no script and
// no external asset, printable on A4 and Letter: the portfolio summary, the
// governance results of the policies, each project's readiness for the gate
// into its next phase, the ranking (WSJF, or a weighted sum of --criteria)
// with each criterion's contribution, the selection within --budget
// (business value, each project costed at the money it still needs), the
// heat maps (threats and opportunities apart) and Monte Carlo S-curves (cost
// per currency, schedule per project) as inline SVG, and the earned-value
// table. Statuses and severities are written as
// words beside their colours; amounts carry thousands separators. With
// --at and --seed the file is the same on every run. Its exit status is 0
// once the file is written, whatever the violations and gates in it (check
// and gate are the verbs that fail a CI run on them); 2 for bad input; 3
// when the file cannot be written (nothing is written when the pack cannot
// be built).
//
// # JSON output
//
// check and gate with --format json print the governance report as the
// library writes it (governance.Report's JSON, one documented and versioned
// schema: schemas/report.schema.json). Its field names are stable; new fields
// may be added within a schema_version. (diff --format json prints
// {"command": "diff", "at", "fail_on_new", "fails", "impact"}, the impact
// being governance.ImpactReport's JSON.)
//
//	{
//	  "schema_version": 1,             // governance.ReportSchemaVersion
//	  "now": "2026-11-26T00:00:00Z",   // the evaluation clock, RFC 3339
//	  "gate": {"project": "P-1", "from": "planning", "to": "execution"},   // gate only
//	  "blocked": true,                 // an error-severity violation blocks
//	  "counts": {"total": 40, "pass": 30, "fail": 3, "error": 1, "skipped": 6, "rated": 0, "waived": 0,
//	             "violations": 4, "errors": 3, "warnings": 1, "infos": 0, "subjects": 12,
//	             "ratings": [{"policy": "cost-control", "rating": "cost-variance",   // with ratings only
//	                          "levels": [{"level": "green", "count": 9}, ...], "error": 0, "skipped": 0}]},
//	  "results": [                     // every result, in the report's deterministic order
//	    {"policy": "stage-gates", "policy_version": "1.0.0", "rule": "execution-approval",
//	     "subject": "P-1", "subject_kind": "project",   // portfolio, project or change
//	     "project": "P-1",             // the subject's project; absent for the portfolio
//	     "severity": "error",          // error, warning or info
//	     "outcome": "fail",            // pass, fail, error (could not be evaluated), skipped, rated or waived
//	     "level": "red",               // outcome rated only: the rating's level
//	     "message": "...",
//	     "explanation": ["project.approvals = []", ...]}   // the values the rule read; fails only
//	  ]
//	}
//
// pmokit test --format json writes its own document, described in
// docs/policy-tests.md.
//
// # Exit status
//
// Every verb exits with one of four statuses:
//
//	0  clean: nothing blocks (check, gate; nothing at or above --fail-on),
//	   every case passed (test), the change newly blocks nothing (diff), or
//	   the report was printed (rank, select, risk, version, help)
//	1  violations at or above --fail-on, a blocked gate, a failed test case
//	   (or rule coverage below --min-coverage), or a diff that newly blocks
//	   (under --fail-on-new)
//	2  bad input anywhere: an unknown verb or flag (the usage goes to
//	   standard error), a file that cannot be read, an invalid portfolio, a
//	   policy that does not parse or compile (the error names file:line:col),
//	   a suite that does not parse, a test case that cannot run (its
//	   policies do not read or compile, its fixture or patch is invalid), an
//	   unknown project or phase
//	3  internal error: a bug in pmokit (a panic, recovered with a message
//	   asking for a report at https://github.com/pmokit/pmokit/issues and
//	   the trace), or output that could not be written
package main
