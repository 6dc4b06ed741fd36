// Package suite is the policy test-suite format and its runner: the public,
// error-returning API under [github.com/pmokit/pmokit/governance/governancetest]
// (suites under go test) and the pmokit command (pmokit test). It has no
// dependency on package testing, in the style of testing/slogtest.
//
// [Load] and [Parse] read a suite strictly, with every problem at
// file:line:col; [Find] expands directories into suite files; [Run] runs a
// suite's cases (once per pack for a matrix suite) and returns a [Result]
// per case, whose Failures say what was expected and what the report held.
// A suite and a case may set the policies' parameters ([Suite.Params],
// [Case.Params]), and [Options.Params] gives values to every suite whose
// policies declare them, the suite's and then the case's winning over them.
// The format is documented in package governancetest and in
// docs/policy-tests.md.
package suite
