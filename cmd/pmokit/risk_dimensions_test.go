package main

import "testing"

// TestRiskDimensions runs pmokit risk on risks rated per consequence
// dimension (issue 14, point 4): the DoD preset combines them by their
// maximum, the top lists and the JSON say which dimension drove each level,
// and a matrix without the dimensions is bad input naming the dimension.
func TestRiskDimensions(t *testing.T) {
	const pf = "testdata/risk/dimensions.yaml"
	runVerbCases(t, "risk", []verbCase{
		{name: "dod", args: []string{"risk", "--portfolio", pf, "--matrix", "dod"}, golden: "dod.txt"},
		{name: "dod json", args: []string{"risk", "--portfolio", pf, "--matrix", "dod", "--format", "json", "--top", "2"}, golden: "dod.json"},
		{name: "top by score", args: []string{"risk", "--portfolio", pf, "--matrix", "DoD", "--order", "score", "--top", "1"},
			stdout: "highly likely/significant (by cost)  Supplier slips"},
		{name: "matrix without dimensions", args: []string{"risk", "--portfolio", pf, "--matrix", "3x3"}, status: 2,
			stderr: `impacts per dimension ("cost", "performance", "schedule"), but matrix "3x3" names no consequence dimensions`},
	})
	// Rules read the combined level and its driver, on the matrix --matrix
	// names (check, gate; report uses its own --matrix for both).
	const pol = "testdata/risk/drivers-policy.yaml"
	runVerbCases(t, "check", []verbCase{
		{name: "check on dod", args: []string{"check", "--portfolio", pf, "--policy", pol, "--matrix", "dod", "--at", "2026-11-26"}, status: 1,
			stdout: "schedule-driven risks without a schedule range: R-2"},
		{name: "check on dod high", args: []string{"check", "--portfolio", pf, "--policy", pol, "--matrix", "dod", "--at", "2026-11-26"}, status: 1,
			stdout: "high risks without a response: R-1"},
		// A rule that names a dimension the matrix does not have does not compile.
		{name: "check on 3x3", args: []string{"check", "--portfolio", pf, "--policy", pol, "--matrix", "3x3", "--at", "2026-11-26"}, status: 2,
			stderr: "drivers-policy.yaml:6:83: policy risk-drivers rule schedule-driven-risks-have-a-range: expression: 'schedule' is not a consequence dimension of the engine's risk matrix, which names none"},
		{name: "check bad matrix", args: []string{"check", "--portfolio", pf, "--policy", pol, "--matrix", "testdata/risk/nope.yaml"}, status: 2,
			stderr: "--matrix: open testdata/risk/nope.yaml"},
		{name: "check dimension typo", args: []string{"check", "--portfolio", pf, "--policy", "testdata/risk/dimension-typo-policy.yaml", "--matrix", "dod"}, status: 2,
			stderr: "'schedul' is not a consequence dimension of the engine's risk matrix (want 'cost', 'schedule' or 'performance'"},
	})
	runVerbCases(t, "lint", []verbCase{
		{name: "lint on dod", args: []string{"lint", "--matrix", "dod", pol}, stdout: "0 errors, 0 warnings in 1 policy"},
		{name: "lint on 3x3", args: []string{"lint", "--matrix", "3x3", pol}, status: 2,
			stdout: "'schedule' is not a consequence dimension of the engine's risk matrix, which names none"},
		{name: "lint typo", args: []string{"lint", "testdata/risk/dimension-typo-policy.yaml"}, status: 2,
			stdout: "'schedul' is not a consequence dimension of the engine's risk matrix (want 'cost', 'schedule' or 'performance'"},
	})
	runVerbCases(t, "gate", []verbCase{
		{name: "gate on dod", args: []string{"gate", "--portfolio", pf, "--policy", pol, "--matrix", "dod", "--project", "P-1", "--to", "closing", "--at", "2026-11-26"}, status: 1,
			stdout: "high risks without a response: R-1"},
	})

	// The sample rates on every 5-level preset: its risks keep the single
	// impact, which every matrix rates, whatever its dimensions.
	const sample = "../../examples/quickstart/portfolio.yaml"
	var cases []verbCase
	for _, m := range []string{"5x5", "pmbok", "dod"} {
		cases = append(cases, verbCase{name: "sample on " + m, args: []string{"risk", "--portfolio", sample, "--matrix", m}, stdout: "Risk register of pf-digital"})
	}
	runVerbCases(t, "risk", cases)
}
