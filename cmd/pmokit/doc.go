// Command pmokit applies a PMO's rules to a portfolio from a terminal or a CI
// job: it checks a portfolio against governance policies, checks one
// project's move through a gate, runs policy test suites, ranks projects,
// selects the portfolio a budget funds, and reports on the risk register.
//
// Install it with
//
//	go install github.com/pmokit/pmokit/cmd/pmokit@latest
//
// Usage:
//
//	pmokit check --portfolio FILE (--policy FILE|DIR ... | --pack TYPE) [--at DATE] [--format text|json]
//	pmokit gate  --portfolio FILE (--policy FILE|DIR ... | --pack TYPE) --project ID --to PHASE [--at DATE] [--format text|json]
//	pmokit test  [DIR|FILE ...]
//	pmokit rank  --portfolio FILE --method wsjf|rice|weighted|topsis [--criteria LIST] [--top N] [--sensitivity K] [--format text|json]
//	pmokit select --portfolio FILE --budget MONEY [--value wsjf|score:NAME] [--mandatory IDS] [--exclude IDS] [--frontier FROM:TO:STEP] [--format text|json]
//	pmokit risk  --portfolio FILE [--matrix 5x5|3x3|pmbok|FILE] [--format text|svg|json] [--simulate TRIALS [--seed N]]
//	pmokit schedule --portfolio FILE [--project ID] [--simulate TRIALS [--seed N] [--distribution triangular|pert]] [--format text|json|svg]
//	pmokit help  [VERB]
//
// Flags may be written with one dash or two (-pack, --pack). --policy is
// repeatable and takes a policy file or a directory of them (*.yaml, *.yml,
// *.json; suites named *_test.yaml are skipped). --pack adds a built-in
// policy pack: supportive, controlling or directive. --at sets the
// evaluation clock (YYYY-MM-DD or RFC 3339); without it the clock is the
// current time, so pass it for a reproducible verdict.
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
// # gate
//
// gate checks project ID moving into phase PHASE: the gate-scope policies
// plus the project's project-scope rules. It prints "gate P-1 planning ->
// execution at 2026-11-26: ALLOWED" (or BLOCKED), the violations and the
// summary. A rule that could not be evaluated (outcome error, for example
// amounts in two currencies) shows "could not evaluate:" and its reason; it
// counts as a violation.
//
// # test
//
// test runs policy test suites (the format is documented in package
// github.com/pmokit/pmokit/governance/governancetest): each FILE and every
// *_test.yaml or *_test.yml file under each DIR, by default the current
// directory. It prints one line per case — "ok   suite/case",
// "FAIL suite/case (file:line:col)" followed by what did not hold, or
// "SKIP suite/case: reason"; a matrix suite names its pack, suite[pack]/case
// — and a last line "N passed, M failed", followed by ", K skipped" when
// cases were skipped.
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
// level. risk prints the register's heat map (text, or a self-contained SVG
// with --format svg), exposure by category and project, the top risks and
// the Cox check of the matrix, and with --simulate the Monte Carlo P50, P80
// and P90 of the total cost impact and the contingency they imply
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
// # JSON output
//
// check and gate with --format json print one JSON object. Its field names
// are stable; new fields may be added:
//
//	{
//	  "command": "check",              // or "gate"
//	  "at": "2026-11-26T00:00:00Z",    // the evaluation clock, RFC 3339
//	  "project": "P-1", "to": "execution",   // gate only
//	  "blocked": true,                 // an error-severity violation blocks
//	  "summary": {"violations": 4, "errors": 3, "warnings": 1, "info": 0, "subjects": 3},
//	  "violations": [                  // in the report's deterministic order
//	    {"policy": "stage-gates", "version": "1.0.0", "rule": "execution-approval",
//	     "subject": "P-1", "subject_kind": "project",   // portfolio, project or change
//	                                   // a change subject adds "project": the change's project
//	     "severity": "error",           // error, warning or info
//	     "outcome": "fail",            // or "error": the rule could not be evaluated
//	     "message": "...",
//	     "explanation": ["project.approvals = []", ...]}   // the values the rule read; fails only
//	  ]
//	}
//
// # Exit status
//
// 0 when nothing blocks (check, gate), every case passed (test) or the report
// was printed (rank, select, risk); 1 when an
// error-severity violation blocks or a case failed; 2 on bad input: an
// unknown verb or flag (the usage goes to standard error), an unreadable or
// invalid portfolio, a policy that does not parse or compile (the error
// names file:line:col), a suite that does not parse.
package main
