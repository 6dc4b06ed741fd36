package main

// This file is the test a user copies into their own repository: one call
// runs every suite under tests/, each case a subtest; the second test shows
// the Go-level helpers for a rule that is easier to state in Go.

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/governance/governancetest"
	"github.com/pmokit/pmokit/pmo"
)

func TestPolicies(t *testing.T) {
	governancetest.RunSuites(t, "tests")
}

func TestSecurityReviewInGo(t *testing.T) {
	policies, err := governance.LoadPolicies(os.DirFS("policies"), ".")
	require.NoError(t, err)
	engine, err := governance.New()
	require.NoError(t, err)
	set, err := engine.Compile(policies...)
	require.NoError(t, err)

	unreviewed := governancetest.NewProject(t, "P-1").Phase(pmo.PhasePlanning).
		With(func(p *pmo.Project) { p.Attributes = map[string]any{"personal_data": true} }).Build()
	reviewed := governancetest.NewProject(t, "P-2").Phase(pmo.PhasePlanning).
		With(func(p *pmo.Project) { p.Attributes = map[string]any{"personal_data": true} }).
		Document("security_review", pmo.DocumentApproved).Build()
	pf := governancetest.NewPortfolio(t).WithProject(unreviewed).WithProject(reviewed).Build()
	at := governance.At(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC))

	blocked, err := set.CheckGate(context.Background(), pf, "P-1", pmo.PhaseExecution, at)
	require.NoError(t, err)
	governancetest.RequireBlocked(t, blocked)
	governancetest.AssertViolation(t, blocked, "review-approved", "P-1")

	allowed, err := set.CheckGate(context.Background(), pf, "P-2", pmo.PhaseExecution, at)
	require.NoError(t, err)
	governancetest.RequireNotBlocked(t, allowed)
	governancetest.AssertNoViolation(t, allowed, "review-approved", "P-2")
}
