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
}
