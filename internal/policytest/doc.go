// Package policytest is the policy test-suite format and its runner, shared
// by [github.com/pmokit/pmokit/governance/governancetest] (suites under go
// test) and the pmokit command (pmokit test), neither of which needs the
// other: the runner has no dependency on package testing.
//
// [Load] and [Parse] read a suite strictly, with every problem at
// file:line:col; [Find] expands directories into suite files; [Run] runs a
// suite's cases (once per pack for a matrix suite) and returns a [Result]
// per case, whose Failures say what was expected and what the report held.
// [LoadPolicies] reads policy files and directories for the command and the
// runner alike. The format is documented in package governancetest and in
// docs/policy-tests.md.
package policytest
