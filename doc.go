// Package pmokit is the tour of an embeddable SDK for the rules of a project
// management office (PMO). It holds no code: each capability lives in its own
// package, listed here in the order a user meets them.
//
// A PMO sets and keeps the standards for how an organization runs projects:
// who must decide what, on which information (governance); one source of
// truth (transparency); reusable standards; delivery support; traceability.
// PMI names three PMO types — supportive, controlling and directive — that
// differ in how much of this is enforced rather than advised. pmokit gives a
// host application (a PPM tool, an internal portal, a Jira or ServiceNow
// integration, a CI job over a repository of policies) those rules as Go code.
//
// # The portfolio: package pmo
//
// [github.com/pmokit/pmokit/pmo] is the typed domain model: the portfolio, its
// programs and projects, lifecycle phases and gates, exact money, budgets and
// earned value, milestones, RAID items (risks, assumptions, issues,
// dependencies), change requests, approvals, decisions and benefits. One
// schema serves JSON files, YAML files, Go values and CEL rules: the JSON field
// name is the name a rule uses. [github.com/pmokit/pmokit/pmo.ReadPortfolio]
// reads a file strictly and reports every problem at once, each with its path.
//
// # Governance: package governance
//
// [github.com/pmokit/pmokit/governance] is the policy engine. A PMO writes its
// standards as policies in CEL (cel.dev); the host compiles them once into a
// PolicySet and evaluates it over a portfolio, or over one project's move
// through a gate. Every verdict says which policy, which version, which rule,
// which subject, and the values the rule read. The portfolio's waivers
// (governed exceptions with an approver, an expiry and compensating
// conditions) turn a violation the PMO accepts into a waived result that
// names its waiver, without hiding it. Ready policy packs encode the
// standards of each PMO type, and
// [github.com/pmokit/pmokit/governance/governancetest] lets users unit-test
// their own rules under go test, in the style of net/http/httptest.
//
// # Prioritization: package prioritize
//
// [github.com/pmokit/pmokit/prioritize] ranks projects with weighted scoring,
// TOPSIS, WSJF, RICE, ICE and AHP, and selects the portfolio that maximizes
// value under a budget and other constraints, with an efficient frontier and a
// sensitivity analysis. Every score lists each criterion's contribution.
//
// # Risk: package risk
//
// [github.com/pmokit/pmokit/risk] rates risks through risk matrices that it
// checks against Cox's axioms, rolls registers up into heat maps and exposure
// per category, project and portfolio, runs Monte Carlo simulations of cost
// and schedule impact, and renders heat maps as SVG or text.
//
// # Schedule: package schedule
//
// [github.com/pmokit/pmokit/schedule] analyses the projects' activity
// networks over working-day calendars: the critical path method (early and
// late dates, total and free float, critical paths) and a Monte Carlo
// schedule risk analysis (P50/P80/P90 finish dates of projects and
// milestones, criticality, drivers, and the joint cost–schedule confidence).
// Governance rules read the results: schedule(project).p80_finish,
// critical(activity), float_days(activity).
//
// # Board packs: package report
//
// [github.com/pmokit/pmokit/report] gathers the results of the other packages
// into a board pack, one self-contained HTML file (no script, no external
// asset, printable): the portfolio summary, governance results, gate
// readiness, the ranking with each criterion's contribution, the selection
// within a budget, heat maps and Monte Carlo S-curves as inline SVG, and the
// earned-value table.
//
// # Schemas: package schemas
//
// [github.com/pmokit/pmokit/schemas] embeds the JSON Schemas of the
// portfolio, policy and risk-matrix files, so that editors complete and check
// them and hosts can validate input before it reaches the readers.
//
// # The command and the examples
//
// The pmokit command (cmd/pmokit) runs policy checks, gate checks and policy
// test suites, ranks and selects projects, reports on risk and writes board
// packs, from a terminal or a CI job. The examples directory holds runnable
// programs; examples/quickstart runs every package over an embedded sample
// portfolio:
//
//	go run ./examples/quickstart
package pmokit
