package governancetest_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/governance/governancetest"
	"github.com/pmokit/pmokit/pmo"
)

// recorder is a testing.TB that records failures instead of failing, so
// that the helpers' own failures can be tested.
type recorder struct {
	testing.TB
	errors, fatals []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.fatals = append(r.fatals, fmt.Sprintf(format, args...))
}

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestBuilders(t *testing.T) {
	pf := governancetest.NewPortfolio(t).
		WithType(pmo.Directive).
		WithPerson("u-ana", "sponsor", "portfolio_board").
		WithProject(governancetest.NewProject(t, "P-1").
			Phase("execution").Status(pmo.Red).Sponsor("u-ana").Manager("u-lee").
			Budget("100 USD", "").
			EarnedValue("100 USD", "50 USD", "40 USD", "45 USD").
			Document("charter", pmo.DocumentApproved).
			Approval("execution", "sponsor", "u-ana").
			StatusReport("2026-11-20", pmo.Red).
			Milestone("M1", "2026-12-01", false).
			Risk(pmo.Risk{ID: "R-1", Title: "r"}).
			Issue(pmo.Issue{ID: "I-1", Title: "i"}).
			Change(pmo.Change{ID: "CR-1", Title: "c"}).
			Decision(pmo.Decision{ID: "D-1", Title: "d"}).
			With(func(p *pmo.Project) { p.Program = "pg-1" }).
			Build()).
		With(func(pf *pmo.Portfolio) { pf.Description = "built" }).
		Build()
	want := &pmo.Portfolio{
		ID: "pf-test", Name: "Test portfolio", Description: "built", PMOType: pmo.Directive, Currency: "USD",
		People: []pmo.Person{{ID: "u-ana", Name: "u-ana", Roles: []string{"sponsor", "portfolio_board"}}},
		Projects: []pmo.Project{{
			ID: "P-1", Name: "P-1", Program: "pg-1", Sponsor: "u-ana", Manager: "u-lee", Phase: "execution", Status: pmo.Red,
			Budget: pmo.Budget{Approved: pmo.MustParseMoney("100 USD")},
			EarnedValue: &pmo.EarnedValue{
				BAC: pmo.MustParseMoney("100 USD"), PV: pmo.MustParseMoney("50 USD"),
				EV: pmo.MustParseMoney("40 USD"), AC: pmo.MustParseMoney("45 USD"),
			},
			Documents:     []pmo.Document{{ID: "DOC-1", Title: "charter", Kind: "charter", Status: pmo.DocumentApproved}},
			Approvals:     []pmo.Approval{{Gate: "execution", Role: "sponsor", By: "u-ana", Decision: pmo.ApprovalApproved}},
			StatusReports: []pmo.StatusReport{{Date: day("2026-11-20"), Status: pmo.Red}},
			Milestones:    []pmo.Milestone{{ID: "M1", Name: "M1", Due: day("2026-12-01")}},
			Risks:         []pmo.Risk{{ID: "R-1", Title: "r"}},
			Issues:        []pmo.Issue{{ID: "I-1", Title: "i"}},
			Changes:       []pmo.Change{{ID: "CR-1", Title: "c"}},
			Decisions:     []pmo.Decision{{ID: "D-1", Title: "d"}},
		}},
	}
	assert.Equal(t, want, pf)
}

func TestBuilderBadInput(t *testing.T) {
	rec := &recorder{TB: t}
	governancetest.NewProject(rec, "P-1").Budget("12x USD", "").StatusReport("26/11/2026", pmo.Green)
	assert.Equal(t, []string{
		`governancetest: project P-1: pmo: invalid money "12x USD"`,
		`governancetest: project P-1: invalid date "26/11/2026" (want YYYY-MM-DD)`,
	}, rec.fatals)
}

func TestBuildReturnsCopies(t *testing.T) {
	b := governancetest.NewPortfolio(t).WithPerson("u-1")
	first := b.Build()
	first.People[0].Name = "changed"
	assert.Equal(t, "u-1", b.Build().People[0].Name)
}

func TestBuildReturnsIndependentProjects(t *testing.T) {
	pb := governancetest.NewProject(t, "P-1").
		Risk(pmo.Risk{ID: "R-1", Title: "r"}).
		EarnedValue("100 USD", "50 USD", "40 USD", "45 USD")
	b := governancetest.NewPortfolio(t).WithPerson("u-1", "sponsor").WithProject(pb.Build())

	first := b.Build()
	first.People[0].Roles[0] = "changed"
	first.Projects[0].Risks[0].Title = "changed"
	first.Projects[0].EarnedValue.AC = pmo.MustParseMoney("1 USD")
	again := b.Build()
	assert.Equal(t, "sponsor", again.People[0].Roles[0])
	assert.Equal(t, "r", again.Projects[0].Risks[0].Title)
	assert.Equal(t, "45 USD", again.Projects[0].EarnedValue.AC.String())

	p := pb.Build()
	p.Risks[0].Title = "changed"
	assert.Equal(t, "r", pb.Build().Risks[0].Title)
}

const gatePolicy = `
policy: approvals
scope: gate
rules:
  - id: sponsor-approval
    when: gate.to == 'execution'
    expression: approved_by_role(project, 'execution', 'sponsor')
    message: the sponsor must approve
  - id: manager
    severity: warning
    expression: project.manager != ''
    message: no manager
`

func gateReport(t *testing.T, approved bool) *governance.Report {
	t.Helper()
	pol, err := governance.ParsePolicy([]byte(gatePolicy))
	require.NoError(t, err)
	eng, err := governance.New()
	require.NoError(t, err)
	set, err := eng.Compile(pol)
	require.NoError(t, err)
	p := governancetest.NewProject(t, "P-1").Phase("planning").Sponsor("u-ana")
	if approved {
		p.Approval("execution", "sponsor", "u-ana")
	}
	pf := governancetest.NewPortfolio(t).WithPerson("u-ana", "sponsor").WithProject(p.Build()).Build()
	rep, err := set.CheckGate(context.Background(), pf, "P-1", "execution", governance.At(day("2026-11-26")))
	require.NoError(t, err)
	return rep
}

func TestAssertions(t *testing.T) {
	blocked := gateReport(t, false)
	allowed := gateReport(t, true)

	tests := []struct {
		name       string
		call       func(tb testing.TB) bool
		want       bool
		wantErrors int
		wantFatals int
		contains   string
	}{
		{name: "violation found by rule", call: func(tb testing.TB) bool {
			return governancetest.AssertViolation(tb, blocked, "sponsor-approval", "P-1")
		}, want: true},
		{name: "violation found by policy/rule, any subject", call: func(tb testing.TB) bool {
			return governancetest.AssertViolation(tb, blocked, "approvals/sponsor-approval", "")
		}, want: true},
		{name: "violation of another policy not found", call: func(tb testing.TB) bool {
			return governancetest.AssertViolation(tb, blocked, "other/sponsor-approval", "")
		}, want: false, wantErrors: 1, contains: "expected a violation of rule other/sponsor-approval; violations:"},
		{name: "violation for another subject not found", call: func(tb testing.TB) bool {
			return governancetest.AssertViolation(tb, allowed, "sponsor-approval", "P-1")
		}, want: false, wantErrors: 1, contains: "approvals/manager subject P-1: warning fail: no manager"},
		{name: "no violation holds", call: func(tb testing.TB) bool {
			return governancetest.AssertNoViolation(tb, allowed, "sponsor-approval", "")
		}, want: true},
		{name: "no violation fails", call: func(tb testing.TB) bool {
			return governancetest.AssertNoViolation(tb, blocked, "sponsor-approval", "P-1")
		}, want: false, wantErrors: 1, contains: "expected no violation of rule sponsor-approval for subject P-1; got:\n\tapprovals/sponsor-approval subject P-1: error fail: the sponsor must approve"},
		{name: "require blocked holds", call: func(tb testing.TB) bool {
			governancetest.RequireBlocked(tb, blocked)
			return true
		}, want: true},
		{name: "require blocked fails", call: func(tb testing.TB) bool {
			governancetest.RequireBlocked(tb, allowed)
			return true
		}, want: true, wantFatals: 1, contains: "expected the report to be blocked"},
		{name: "require not blocked holds", call: func(tb testing.TB) bool {
			governancetest.RequireNotBlocked(tb, allowed)
			return true
		}, want: true},
		{name: "require not blocked fails", call: func(tb testing.TB) bool {
			governancetest.RequireNotBlocked(tb, blocked)
			return true
		}, want: true, wantFatals: 1, contains: "expected the report not to be blocked"},
		{name: "nil report", call: func(tb testing.TB) bool {
			governancetest.RequireBlocked(tb, nil)
			return governancetest.AssertViolation(tb, nil, "x", "")
		}, want: false, wantErrors: 1, wantFatals: 1, contains: "nil report"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{TB: t}
			assert.Equal(t, tt.want, tt.call(rec))
			assert.Len(t, rec.errors, tt.wantErrors, "errors: %q", rec.errors)
			assert.Len(t, rec.fatals, tt.wantFatals, "fatals: %q", rec.fatals)
			if tt.contains != "" {
				assert.Contains(t, fmt.Sprint(rec.errors, rec.fatals), tt.contains)
			}
		})
	}
}

func TestRunSuites(t *testing.T) {
	governancetest.RunSuites(t, "testdata")
}

// TestRunSuiteReportsFailures runs a suite whose cases fail on purpose in a
// child go test process, and checks what go test shows: each case a
// subtest, each failure with the expected and the actual results and their
// explanations, and a case that cannot run with its position.
func TestRunSuiteReportsFailures(t *testing.T) {
	if os.Getenv("GOVERNANCETEST_FAILING_SUITE") == "1" {
		governancetest.RunSuite(t, filepath.Join("testdata", "failing.yaml"))
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestRunSuiteReportsFailures$", "-test.v")
	cmd.Env = append(os.Environ(), "GOVERNANCETEST_FAILING_SUITE=1")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, "the child test must fail:\n%s", out)
	for _, want := range []string{
		"--- FAIL: TestRunSuiteReportsFailures/wrong_verdict",
		"expected not blocked, got blocked; violations:",
		"approvals/sponsor-approval subject P-1: error fail: the sponsor must approve the move into execution",
		"accountability/manager-assigned subject P-1: error fail: project P-1 has no project manager",
		`project.manager = ""`,
		"--- FAIL: TestRunSuiteReportsFailures/missing_violation",
		"testdata/failing.yaml:21:11: expected a violation of rule sponsor-approval subject P-2; violations:",
		"--- FAIL: TestRunSuiteReportsFailures/bad_patch",
		`testdata/failing.yaml:22:5: suite: testdata/failing.yaml:23:13: patch: no project "P-7" in the portfolio`,
		"--- PASS: TestRunSuiteReportsFailures/passing",
	} {
		assert.Contains(t, string(out), want)
	}
}

// TestRunSuitePolicyErrors checks that policies that do not compile fail
// the suite once, at the suite's policies with the policy's file:line:col,
// before any case runs (no case subtest), in a child go test process.
func TestRunSuitePolicyErrors(t *testing.T) {
	if os.Getenv("GOVERNANCETEST_BROKEN_SUITE") == "1" {
		governancetest.RunSuite(t, filepath.Join("testdata", "broken-policies.yaml"))
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestRunSuitePolicyErrors$", "-test.v")
	cmd.Env = append(os.Environ(), "GOVERNANCETEST_BROKEN_SUITE=1")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, "the child test must fail:\n%s", out)
	assert.Contains(t, string(out), "suite: testdata/broken-policies.yaml:2:12: policies do not compile: governance: testdata/broken/typo.yaml:4:24: policy typo rule manager: expression: undefined field 'manager_id'")
	assert.NotContains(t, string(out), "TestRunSuitePolicyErrors/first", "no case runs")
}
