package governancetest_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/governance/governancetest"
	"github.com/pmokit/pmokit/pmo"
)

func waiverReport(t *testing.T, expires string) *governance.Report {
	t.Helper()
	e, err := governance.New()
	require.NoError(t, err)
	p, err := governance.ParsePolicy([]byte("policy: owners\nrules: [{id: manager, expression: \"project.manager != ''\", message: no manager}]"))
	require.NoError(t, err)
	set, err := e.Compile(p)
	require.NoError(t, err)
	pf := governancetest.NewPortfolio(t).
		WithPerson("u-pmo", "pmo").WithPerson("u-pm", "project_manager").
		WithProject(governancetest.NewProject(t, "P-1").Build()).
		WithWaiver(pmo.Waiver{ID: "W-1", Policy: "owners", Rule: "manager", Subject: "P-1", Reason: "recruiting",
			RequestedBy: "u-pm", ApprovedBy: "u-pmo", ApprovedOn: day("2026-11-01"), Expires: day(expires)}).
		Build()
	rep, err := set.Evaluate(context.Background(), pf, governance.At(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)))
	require.NoError(t, err)
	return rep
}

func TestAssertWaived(t *testing.T) {
	rep := waiverReport(t, "2027-01-31")
	assert.True(t, governancetest.AssertWaived(t, rep, "owners/manager", "P-1", "W-1"))
	assert.True(t, governancetest.AssertWaived(t, rep, "manager", "", ""))
	governancetest.RequireNotBlocked(t, rep)
	governancetest.AssertNoViolation(t, rep, "manager", "P-1")

	rec := &recorder{TB: t}
	assert.False(t, governancetest.AssertWaived(rec, rep, "manager", "P-1", "W-9"))
	assert.False(t, governancetest.AssertNotWaived(rec, rep, "manager", "P-1"))
	assert.Equal(t, []string{
		"governancetest: expected rule manager for subject P-1 by waiver W-9 to be waived; got:\n\towners/manager subject P-1: error waived: no manager [waived by W-1]\n\t\tproject.manager = \"\"",
		"governancetest: expected rule manager for subject P-1 not to be waived; got:\n\towners/manager subject P-1: error waived: no manager [waived by W-1]\n\t\tproject.manager = \"\"",
	}, rec.errors)
}

// TestExpiredWaiverIsNotHonoured: the governancetest path of issue 16's
// "an expired waiver is honoured in no path".
func TestExpiredWaiverIsNotHonoured(t *testing.T) {
	rep := waiverReport(t, "2026-11-20")
	assert.True(t, governancetest.AssertNotWaived(t, rep, "manager", "P-1"))
	governancetest.RequireBlocked(t, rep)
	governancetest.AssertViolation(t, rep, "owners/manager", "P-1")

	rec := &recorder{TB: t}
	assert.False(t, governancetest.AssertWaived(rec, rep, "manager", "P-1", ""))
	assert.Equal(t, []string{
		"governancetest: expected rule manager for subject P-1 to be waived; got:\n\towners/manager subject P-1: error fail: no manager (waiver W-1 does not hold: expired on 2026-11-20)\n\t\tproject.manager = \"\"",
	}, rec.errors)
}
