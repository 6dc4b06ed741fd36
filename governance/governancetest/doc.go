// Package governancetest helps users of [github.com/pmokit/pmokit/governance]
// unit-test their own policies, in the style of net/http/httptest and
// testing/slogtest: helpers take a [testing.TB] and call t.Helper, so a
// failure points at the caller's line.
//
// There are three kinds of help:
//
//   - [RunSuites] and [RunSuite] run policy test suites — YAML files that
//     name policies, a portfolio fixture, a clock and table-driven cases —
//     under go test, each case a subtest. They are the testing layer over
//     package [github.com/pmokit/pmokit/governance/suite], the format and the
//     error-returning runner (results, failures and rule coverage), which
//     the pmokit command uses for pmokit test, so a PMO can test its
//     policies without Go.
//   - [RequireBlocked], [RequireNotBlocked], [AssertViolation],
//     [AssertNoViolation], [AssertRating], [AssertWaived] and
//     [AssertNotWaived] check a [governance.Report] in a Go test and print
//     the results (or what a rating gave), with their explanations, when
//     they fail.
//   - [NewPortfolio] and [NewProject] build small portfolios for Go tests.
//   - [NewRunner] runs suites with options: parameter values for the
//     policies ([Runner.WithParams], [Runner.WithParamsFile]) and the engine
//     ([Runner.WithEngine]).
//
// # Policy test suites
//
// A suite is a file named *_test.yaml (or *_test.yml), in the spirit of
// Cerbos and OPA policy tests. Parsing is strict: an unknown field, a value
// of the wrong kind, a missing name or rule, a duplicate case name, a date
// that is not a date are errors at file:line:col, all reported together.
//
//	name: budget approvals              # required
//	description: ...                    # optional
//	policies:                           # the policies under test, any of:
//	  - pack: directive                 #   an embedded pack
//	  - path: ../policies/              #   a file or directory, relative to the suite
//	  - ../policies/extra.yaml          #   (a plain string is a path)
//	packs: [supportive, directive]      # optional matrix: run every case once per pack
//	portfolio: fixtures/portfolio.yaml  # shared fixture: a file (YAML or JSON) or an inline mapping
//	now: 2026-11-26                     # the clock: YYYY-MM-DD or RFC 3339; required here or per case
//	params:                             # optional: parameter values, the shape of a parameters file
//	  params: {cost_tolerance: 0.15}    #   for every policy that declares the name
//	  policies: {budget-tolerance: {change_limit: "300000 USD"}}   # for one policy
//	tests:
//	  - name: sponsor missing           # required, unique in the suite
//	    description: ...                # optional
//	    skip: waiting for the new lifecycle   # optional: skip, with a reason
//	    now: 2026-12-01T09:00:00Z       # optional: this case's clock
//	    portfolio: {...}                # optional: replaces the shared fixture
//	    patch:                          # optional: changes to a copy of the fixture, in order
//	      - project: P-1                #   the project to change; omit for the portfolio itself
//	        set: {sponsor: null}        #   a JSON merge patch (RFC 7396): null deletes, mappings merge
//	        append: {risks: [{id: R-9, title: New risk}]}   # items appended to lists
//	    gate: {project: P-1, to: execution}   # optional: a gate check instead of a full evaluation
//	    params: {params: {cost_tolerance: 0.2}}   # optional: this case's values, over the suite's
//	    expect:                         # at least one of:
//	      blocked: true                 #   the verdict
//	      only: true                    #   the violations are exactly those listed (none if the list is empty)
//	      violations:                   #   each must match at least one violation
//	        - {policy: accountability, rule: sponsor-assigned, subject: P-1, severity: error, message: no sponsor}
//	      passes:                       #   each must have been evaluated and passed, with no violation
//	        - {rule: manager-assigned, subject: P-1}
//	      ratings:                      #   each rating must have rated the subject at the level
//	        - {policy: cost-control, rating: cost-variance, subject: P-1, level: red}
//	      waived:                       #   each must match a result with outcome waived
//	        - {rule: charter-approved, subject: P-1, waiver: W-3}
//
// In an expectation only rule is required; policy, subject, severity and
// waiver (the ID of the waiver a result names) must be equal when given, and
// message must be a substring of the result's message. In a ratings
// expectation rating and level are required, policy and subject optional.
// A waiver that does not hold leaves a violation whose message says why, so
// an expired waiver is tested as a violation with its waiver and "expired
// on" in the message; the warning that a waiver in use is about to expire is
// a violation of rule waiver-expiring (severity warning). An expectation
// that names a rule, a rating or a level none of the policies has fails, so
// that a typo cannot pass as "no such violation". The coverage counts,
// besides each rule's outcomes, the subjects rated at each level of each
// rating. The patched portfolio is read with pmo.ReadPortfolio, as strictly
// as a portfolio file. A failing case reports each expectation that did not
// hold, at its file:line:col, with the violations the report held and their
// explanations. The repository's docs/policy-tests.md describes the format
// at more length; the suites of the built-in packs (governance/packs/tests)
// are worked examples.
//
// A Go test runs a directory of suites with one call:
//
//	func TestPolicies(t *testing.T) {
//		governancetest.RunSuites(t, "testdata/policies")
//	}
package governancetest
