package governance_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
)

// The waiver tests (issue 16): one portfolio, four policies, and a waiver
// W-1 of rule pmo-standards/manager-assigned for project P-1 that holds at
// waiverNow. Each test changes one thing and checks every path that
// evaluates (Evaluate, CheckGate, Waivers); the suite, governancetest and
// command paths are tested in their packages.

var waiverNow = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

const waiverPortfolio = `
id: pf
name: Waivers
people:
  - {id: u-pmo, name: Pat, roles: [pmo]}
  - {id: u-board, name: Bo, roles: [portfolio_board]}
  - {id: u-pm, name: Lee, roles: [project_manager]}
  - {id: u-sp, name: Sam, roles: [sponsor]}
projects:
  - id: P-1
    name: CRM
    phase: planning
    sponsor: u-sp
    status: amber
    status_reports: [{date: 2026-11-20, status: amber}]
    changes: [{id: CR-1, title: SSO, requested_by: u-pm}]
  - id: P-2
    name: Portal
    phase: planning
    sponsor: u-sp
    manager: u-pm
    status: green
    documents: [{id: D-1, title: Charter, kind: charter}]
    risks: [{id: R-1, title: Vendor}]
waivers:
  - id: W-1
    policy: pmo-standards
    rule: manager-assigned
    subject: P-1
    reason: the manager is being recruited
    reference: PMO-12
    requested_by: u-pm
    requested_on: 2026-11-01
    approved_by: u-pmo
    approved_on: 2026-11-02
    expires: 2027-01-15
    conditions: ["project.status_reports.exists(r, now - r.date < days(14))"]
`

var waiverPolicies = []string{`
policy: pmo-standards
version: "1.0"
max_waiver_days: 90
rules:
  - id: manager-assigned
    expression: project.manager != ''
    message: the project has no manager
  - id: charter
    expression: project.documents.exists(d, d.kind == 'charter')
    message: no charter
  - id: risk-register
    waivable: false
    expression: size(project.risks) > 0
    message: no risks recorded
`, `
policy: segregation
waivable: false
rules:
  - id: manager
    expression: project.manager != ''
`, `
policy: change-control
scope: change
rules:
  - id: decided
    expression: change.decided_by != ''
    message: undecided change
`, `
policy: gate-approval
scope: gate
waiver_approvers: [sponsor]
rules:
  - id: approved
    expression: project.approvals.exists(a, a.gate == gate.to && a.decision == 'approved')
    message: no approval for the gate
`}

func waiverSet(t *testing.T) *governance.PolicySet {
	t.Helper()
	e, err := governance.New()
	require.NoError(t, err)
	var ps []*governance.Policy
	for _, src := range waiverPolicies {
		p, err := governance.ParsePolicy([]byte(src))
		require.NoError(t, err)
		ps = append(ps, p)
	}
	set, err := e.Compile(ps...)
	require.NoError(t, err)
	return set
}

func waiverPF(t *testing.T) *pmo.Portfolio {
	t.Helper()
	pf, err := pmo.ReadPortfolio(strings.NewReader(waiverPortfolio))
	require.NoError(t, err)
	return pf
}

// find returns the result of policy/rule on subject.
func find(t *testing.T, rep *governance.Report, policy, rule, subject string) governance.Result {
	t.Helper()
	for _, r := range rep.Results() {
		if r.Policy == policy && r.Rule == rule && r.Subject == subject {
			return r
		}
	}
	require.Failf(t, "no result", "%s/%s on %s", policy, rule, subject)
	return governance.Result{}
}

// evaluateBoth runs Evaluate and a gate check of P-1 to execution.
func evaluateBoth(t *testing.T, set *governance.PolicySet, pf *pmo.Portfolio, opts ...governance.EvalOption) map[string]*governance.Report {
	t.Helper()
	opts = append([]governance.EvalOption{governance.At(waiverNow)}, opts...)
	ev, err := set.Evaluate(context.Background(), pf, opts...)
	require.NoError(t, err)
	gate, err := set.CheckGate(context.Background(), pf, "P-1", "execution", opts...)
	require.NoError(t, err)
	return map[string]*governance.Report{"Evaluate": ev, "CheckGate": gate}
}

func TestWaiverHolds(t *testing.T) {
	set, pf := waiverSet(t), waiverPF(t)
	for path, rep := range evaluateBoth(t, set, pf) {
		t.Run(path, func(t *testing.T) {
			r := find(t, rep, "pmo-standards", "manager-assigned", "P-1")
			assert.Equal(t, governance.OutcomeWaived, r.Outcome)
			assert.Equal(t, "the project has no manager", r.Message, "the violation's message is kept")
			assert.Equal(t, []string{`project.manager = ""`}, r.Explanation(), "and its explanation")
			assert.Equal(t, "W-1", r.WaiverID())
			assert.Equal(t, time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC), r.Waiver.Expires)
			assert.Equal(t, []string{"project.status_reports.exists(r, now - r.date < days(14))"}, r.Waiver.Conditions)
			assert.Empty(t, r.Waiver.Problem)
			assert.False(t, r.IsViolation())
			for _, v := range rep.Violations() {
				assert.NotEqual(t, "manager-assigned", v.Rule, "a waived result is not a violation")
			}
			assert.Equal(t, 1, rep.Counts().Waived)
			assert.Len(t, rep.Waived(), 1)
			// The rules W-1 does not name stand.
			assert.Equal(t, governance.OutcomeFail, find(t, rep, "pmo-standards", "charter", "P-1").Outcome)
			assert.True(t, rep.Blocked())
			assert.False(t, rep.Conditional())
			assert.Contains(t, rep.Summary(), "; 1 waived")
		})
	}
	st, err := set.Waivers(context.Background(), pf, governance.At(waiverNow))
	require.NoError(t, err)
	require.Len(t, st, 1)
	assert.Equal(t, governance.WaiverActive, st[0].State)
	assert.Empty(t, st[0].Problems)
}

// TestWaiverDoesNotHold changes W-1 in one way each: the violation stands,
// in every path, and says why.
func TestWaiverDoesNotHold(t *testing.T) {
	date := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	tests := []struct {
		name   string
		change func(w *pmo.Waiver)
		why    string
		state  governance.WaiverState
	}{
		{"expired", func(w *pmo.Waiver) { w.Expires = date("2026-11-20") }, "expired on 2026-11-20", governance.WaiverExpired},
		{"expires today", func(w *pmo.Waiver) { w.Expires = date("2026-11-26") }, "expired on 2026-11-26", governance.WaiverExpired},
		{"approver without an allowed role", func(w *pmo.Waiver) { w.ApprovedBy = "u-sp" },
			`approver "u-sp" holds none of the roles that may approve waivers of policy "pmo-standards": pmo, portfolio_board`, governance.WaiverInvalid},
		{"approver unknown", func(w *pmo.Waiver) { w.ApprovedBy = "u-ghost" }, `approver "u-ghost" is not a person of the portfolio`, governance.WaiverInvalid},
		{"approver is the requester", func(w *pmo.Waiver) { w.RequestedBy = "u-pmo" }, `approver "u-pmo" is the requester`, governance.WaiverInvalid},
		{"not approved", func(w *pmo.Waiver) { w.ApprovedBy = "" }, "not approved: approved_by is missing", governance.WaiverInvalid},
		{"no approval date under max_waiver_days", func(w *pmo.Waiver) { w.ApprovedOn = time.Time{} },
			`approved_on is missing: policy "pmo-standards" bounds a waiver to 90 days from its approval (max_waiver_days)`, governance.WaiverInvalid},
		{"longer than max_waiver_days", func(w *pmo.Waiver) { w.Expires = date("2027-03-01") },
			`lasts 119 days from its approval on 2026-11-02 to 2027-03-01, longer than the 90 days policy "pmo-standards" allows`, governance.WaiverInvalid},
		{"approved before requested", func(w *pmo.Waiver) { w.RequestedOn = date("2026-11-05") },
			"approved on 2026-11-02, before it was requested on 2026-11-05", governance.WaiverInvalid},
		{"expires before its approval", func(w *pmo.Waiver) { w.ApprovedOn = date("2027-01-20") },
			"expires on 2027-01-15, not after its approval on 2027-01-20", governance.WaiverInvalid},
		{"approved after the clock", func(w *pmo.Waiver) { w.ApprovedOn, w.RequestedOn = date("2026-11-27"), time.Time{} },
			"not yet approved at 2026-11-26T10:00:00Z: approved on 2026-11-27", governance.WaiverInvalid},
		{"condition false", func(w *pmo.Waiver) { w.Conditions = []string{"project.status == 'green'"} },
			`condition 1 "project.status == 'green'" is false`, governance.WaiverInvalid},
		{"condition erroring", func(w *pmo.Waiver) { w.Conditions = []string{"true", "project.start < now"} },
			`condition 2 "project.start < now" failed: start is not set`, governance.WaiverInvalid},
		{"condition not compiling", func(w *pmo.Waiver) { w.Conditions = []string{"project.nope"} },
			`condition 1 "project.nope" does not compile: 1:8: undefined field 'nope'`, governance.WaiverInvalid},
		{"condition not boolean", func(w *pmo.Waiver) { w.Conditions = []string{"project.id"} },
			`condition 1 "project.id" does not compile: 1:1: must be of type bool, found string`, governance.WaiverInvalid},
		{"non-waivable rule", func(w *pmo.Waiver) { w.Rule = "risk-register" }, `rule "risk-register" is not waivable`, governance.WaiverInvalid},
		{"non-waivable policy", func(w *pmo.Waiver) { w.Policy, w.Rule = "segregation", "manager" }, `policy "segregation" is not waivable`, governance.WaiverInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, pf := waiverSet(t), waiverPF(t)
			tt.change(&pf.Waivers[0])
			w := pf.Waivers[0]
			for path, rep := range evaluateBoth(t, set, pf) {
				r := find(t, rep, w.Policy, w.Rule, "P-1")
				assert.Equal(t, governance.OutcomeFail, r.Outcome, path)
				assert.True(t, r.IsViolation(), path)
				assert.Equal(t, "W-1", r.WaiverID(), path)
				assert.Contains(t, r.Waiver.Problem, tt.why, path)
				assert.Contains(t, r.Message, "(waiver W-1 does not hold: ", path)
				assert.Contains(t, r.Message, tt.why, path)
				assert.Zero(t, rep.Counts().Waived, path)
				assert.True(t, rep.Blocked(), path)
			}
			st, err := set.Waivers(context.Background(), pf, governance.At(waiverNow))
			require.NoError(t, err)
			assert.Equal(t, tt.state, st[0].State)
			assert.Contains(t, strings.Join(st[0].Problems, "\n"), tt.why)
		})
	}
}

// TestWaiverOfWholePolicy: a waiver without a rule waives every waivable
// rule of its policy on its subject.
func TestWaiverOfWholePolicy(t *testing.T) {
	set, pf := waiverSet(t), waiverPF(t)
	pf.Waivers[0].Rule = ""
	for path, rep := range evaluateBoth(t, set, pf) {
		assert.Equal(t, governance.OutcomeWaived, find(t, rep, "pmo-standards", "manager-assigned", "P-1").Outcome, path)
		assert.Equal(t, governance.OutcomeWaived, find(t, rep, "pmo-standards", "charter", "P-1").Outcome, path)
		r := find(t, rep, "pmo-standards", "risk-register", "P-1")
		assert.Equal(t, governance.OutcomeFail, r.Outcome, path, "a non-waivable rule stands under a waiver of its policy")
		assert.Equal(t, `W-1: rule "risk-register" is not waivable`, r.Waiver.Problem, path)
		assert.Equal(t, 2, rep.Counts().Waived, path)
		if path == "Evaluate" { // P-2 passes: nothing of P-2 is touched.
			assert.Equal(t, governance.OutcomePass, find(t, rep, "pmo-standards", "charter", "P-2").Outcome, path)
		}
	}
}

// TestWaiverOfPolicyNotInTheSet: a waiver naming a policy the set does not
// have (a misspelt name, or a register that covers more policies than the
// ones evaluated) waives nothing and is a warning result of its own on its
// subject, in Evaluate and in the gate check of its project (not in
// another project's); Waivers, which checks the register against the set,
// lists it as invalid.
func TestWaiverOfPolicyNotInTheSet(t *testing.T) {
	set, pf := waiverSet(t), waiverPF(t)
	pf.Waivers[0].Policy = "pmo-standard"
	reps := evaluateBoth(t, set, pf)
	for path, rep := range reps {
		r := find(t, rep, "pmo-standard", governance.RuleWaiverNotEvaluated, "P-1")
		assert.Equal(t, governance.OutcomeFail, r.Outcome, path)
		assert.Equal(t, governance.SeverityWarning, r.Severity, path)
		assert.Equal(t, "W-1", r.WaiverID(), path)
		assert.Equal(t, `waiver W-1 names policy "pmo-standard" (did you mean "pmo-standards"?), which the evaluated policy set does not have (it has "pmo-standards", "segregation", "change-control", "gate-approval"): it waives nothing here; check the name, or evaluate with that policy`, r.Message, path)
		assert.Equal(t, governance.OutcomeFail, find(t, rep, "pmo-standards", "manager-assigned", "P-1").Outcome, path, "the violation stands")
	}
	gate, err := set.CheckGate(context.Background(), pf, "P-2", "execution", governance.At(waiverNow))
	require.NoError(t, err)
	for _, r := range gate.Results() {
		assert.NotEqual(t, governance.RuleWaiverNotEvaluated, r.Rule, "a waiver of P-1 is not P-2's gate's business")
	}
	st, err := set.Waivers(context.Background(), pf, governance.At(waiverNow))
	require.NoError(t, err)
	assert.Equal(t, governance.WaiverInvalid, st[0].State)
	assert.Equal(t, []string{`governance: waivers[0].policy: waiver "W-1": unknown policy "pmo-standard" (the policy set has "pmo-standards", "segregation", "change-control", "gate-approval")`}, st[0].Problems)
}

// TestWaiverNamesWhatDoesNotExist: a waiver of a policy of the set naming
// a rule or subject that does not exist, or with no id or expiry, is an
// error of Evaluate and CheckGate with the waiver's path, never ignored;
// Waivers lists it as invalid.
func TestWaiverNamesWhatDoesNotExist(t *testing.T) {
	tests := []struct {
		name   string
		change func(w *pmo.Waiver)
		want   string
	}{
		{"unknown rule", func(w *pmo.Waiver) { w.Rule = "nope" },
			`governance: waivers[0].rule: waiver "W-1": policy "pmo-standards" has no rule "nope" (its rules: "manager-assigned", "charter", "risk-register")`},
		{"unknown subject", func(w *pmo.Waiver) { w.Subject = "P-9" },
			`governance: waivers[0].subject: waiver "W-1": the policy has scope project: no project "P-9"`},
		{"change request for a project policy", func(w *pmo.Waiver) { w.Subject = "CR-1" },
			`governance: waivers[0].subject: waiver "W-1": the policy has scope project: no project "CR-1"`},
		{"project for a change policy", func(w *pmo.Waiver) { w.Policy, w.Rule = "change-control", "" },
			`governance: waivers[0].subject: waiver "W-1": the policy has scope change: no change request "P-1"`},
		{"no expiry", func(w *pmo.Waiver) { w.Expires = time.Time{} },
			`governance: waivers[0].expires: waiver "W-1": missing required field (a waiver always expires)`},
		{"no id", func(w *pmo.Waiver) { w.ID = "" }, `governance: waivers[0].id: missing required field`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, pf := waiverSet(t), waiverPF(t)
			tt.change(&pf.Waivers[0])
			_, err := set.Evaluate(context.Background(), pf, governance.At(waiverNow))
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
			assert.ErrorIs(t, err, governance.ErrInvalidWaiver)
			assert.ErrorIs(t, err, pmo.ErrInvalid)
			var we *governance.WaiverError
			require.ErrorAs(t, err, &we)
			_, err = set.CheckGate(context.Background(), pf, "P-2", "execution", governance.At(waiverNow))
			assert.Equal(t, tt.want, err.Error())
			st, err := set.Waivers(context.Background(), pf, governance.At(waiverNow))
			require.NoError(t, err)
			assert.Equal(t, governance.WaiverInvalid, st[0].State)
			assert.Equal(t, []string{tt.want}, st[0].Problems)
		})
	}
}

func TestWaiverOfChangeRequest(t *testing.T) {
	set, pf := waiverSet(t), waiverPF(t)
	w := &pf.Waivers[0]
	w.Policy, w.Rule, w.Subject, w.Conditions = "change-control", "decided", "CR-1", []string{"change.requested_by != ''"}
	rep, err := set.Evaluate(context.Background(), pf, governance.At(waiverNow))
	require.NoError(t, err)
	r := find(t, rep, "change-control", "decided", "CR-1")
	assert.Equal(t, governance.OutcomeWaived, r.Outcome)
	assert.Equal(t, "P-1", r.Project)

	w.Subject = "P-1/CR-1" // the qualified form
	rep, err = set.Evaluate(context.Background(), pf, governance.At(waiverNow))
	require.NoError(t, err)
	assert.Equal(t, governance.OutcomeWaived, find(t, rep, "change-control", "decided", "CR-1").Outcome)
}

// TestWaiverAtGate: a conditional go is a waiver with conditions and an
// expiry; CheckGate reports what is waived and what must hold.
func TestWaiverAtGate(t *testing.T) {
	set, pf := waiverSet(t), waiverPF(t)
	pf.Waivers[0] = pmo.Waiver{ID: "W-G", Policy: "gate-approval", Subject: "P-2", Reason: "board meets next week",
		RequestedBy: "u-pm", ApprovedBy: "u-sp", ApprovedOn: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC),
		Expires:    time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
		Conditions: []string{"gate.to == 'execution'", "project.status != 'red'"}}
	rep, err := set.CheckGate(context.Background(), pf, "P-2", "execution", governance.At(waiverNow))
	require.NoError(t, err)
	assert.False(t, rep.Blocked())
	assert.True(t, rep.Conditional(), "a conditional go")
	waived := rep.Waived()
	require.Len(t, waived, 1)
	assert.Equal(t, "approved", waived[0].Rule)
	assert.Equal(t, "W-G", waived[0].WaiverID())
	assert.Equal(t, []string{"gate.to == 'execution'", "project.status != 'red'"}, waived[0].Waiver.Conditions)
	assert.Equal(t, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), waived[0].Waiver.Expires)

	// The condition reads the gate: another gate is not waived.
	rep, err = set.CheckGate(context.Background(), pf, "P-2", "closing", governance.At(waiverNow))
	require.NoError(t, err)
	assert.True(t, rep.Blocked())
	assert.Contains(t, find(t, rep, "gate-approval", "approved", "P-2").Waiver.Problem, `condition 1 "gate.to == 'execution'" is false`)

	// Evaluate runs no gate policy: the waiver is valid and unused.
	_, err = set.Evaluate(context.Background(), pf, governance.At(waiverNow))
	require.NoError(t, err)
	st, err := set.Waivers(context.Background(), pf, governance.At(waiverNow))
	require.NoError(t, err)
	assert.Equal(t, governance.WaiverActive, st[0].State)
	assert.NotEmpty(t, st[0].Note)
}

func TestWaiverExpiringSoon(t *testing.T) {
	set, pf := waiverSet(t), waiverPF(t)
	pf.Waivers[0].Expires = time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC) // in 8 days 14 hours
	for path, rep := range evaluateBoth(t, set, pf) {
		res := rep.Results()
		last := res[len(res)-1]
		assert.Equal(t, governance.Result{Policy: "pmo-standards", PolicyVersion: "1.0", Rule: governance.RuleWaiverExpiring,
			Subject: "P-1", SubjectKind: governance.SubjectProject, Project: "P-1", Severity: governance.SeverityWarning,
			Outcome: governance.OutcomeFail, Waiver: &governance.WaiverUse{ID: "W-1", Expires: pf.Waivers[0].Expires},
			Message: "waiver W-1 of rule pmo-standards/manager-assigned expires on 2026-12-05, in 9 days: renew it or bring P-1 into compliance"}, last, path)
		assert.Equal(t, governance.OutcomeWaived, find(t, rep, "pmo-standards", "manager-assigned", "P-1").Outcome, path, "it still holds")
	}
	st, err := set.Waivers(context.Background(), pf, governance.At(waiverNow))
	require.NoError(t, err)
	assert.Equal(t, governance.WaiverExpiring, st[0].State)

	for _, opt := range []governance.EvalOption{governance.WaiverWarning(0), governance.WaiverWarning(5 * 24 * time.Hour)} {
		for path, rep := range evaluateBoth(t, set, pf, opt) {
			for _, r := range rep.Results() {
				assert.NotEqual(t, governance.RuleWaiverExpiring, r.Rule, path)
			}
		}
	}
	// A waiver not in use (its rule passes) gives no warning.
	pf.Projects[0].Manager = "u-pm"
	for path, rep := range evaluateBoth(t, set, pf) {
		for _, r := range rep.Results() {
			assert.NotEqual(t, governance.RuleWaiverExpiring, r.Rule, path)
		}
	}
}

func TestWaiverNeverWaivesAnError(t *testing.T) {
	e, err := governance.New()
	require.NoError(t, err)
	p, err := governance.ParsePolicy([]byte(`
policy: pmo-standards
rules:
  - id: manager-assigned
    expression: project.start < now
`))
	require.NoError(t, err)
	set, err := e.Compile(p)
	require.NoError(t, err)
	pf := waiverPF(t)
	rep, err := set.Evaluate(context.Background(), pf, governance.At(waiverNow))
	require.NoError(t, err)
	r := find(t, rep, "pmo-standards", "manager-assigned", "P-1")
	assert.Equal(t, governance.OutcomeError, r.Outcome)
	assert.Equal(t, "W-1", r.WaiverID())
	assert.Contains(t, r.Waiver.Problem, "an evaluation error is never waived")
}

// TestSeveralWaivers: the first waiver that holds applies; when none
// holds, the result names each with its reasons.
func TestSeveralWaivers(t *testing.T) {
	set, pf := waiverSet(t), waiverPF(t)
	old := pf.Waivers[0]
	old.ID, old.Expires = "W-0", time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	pf.Waivers = append([]pmo.Waiver{old}, pf.Waivers...)
	for path, rep := range evaluateBoth(t, set, pf) {
		r := find(t, rep, "pmo-standards", "manager-assigned", "P-1")
		assert.Equal(t, governance.OutcomeWaived, r.Outcome, path)
		assert.Equal(t, "W-1", r.WaiverID(), path)
	}
	pf.Waivers[1].ApprovedBy = "u-sp"
	for path, rep := range evaluateBoth(t, set, pf) {
		r := find(t, rep, "pmo-standards", "manager-assigned", "P-1")
		assert.Equal(t, governance.OutcomeFail, r.Outcome, path)
		assert.Equal(t, "W-0, W-1", r.WaiverID(), path)
		assert.Equal(t, `W-0: expired on 2026-11-20 | W-1: approver "u-sp" holds none of the roles that may approve waivers of policy "pmo-standards": pmo, portfolio_board`,
			r.Waiver.Problem, path)
	}
}

func TestWaiverPolicyFields(t *testing.T) {
	tests := []struct{ src, want string }{
		{"policy: p\nwaivable: 'no'\nrules: [{id: r, expression: 'true'}]", "waivable: must be true or false"},
		{"policy: p\nmax_waiver_days: -1\nrules: [{id: r, expression: 'true'}]", "max_waiver_days \"-1\" outside 0..3650"},
		{"policy: p\nmax_waiver_days: 1.5\nrules: [{id: r, expression: 'true'}]", "max_waiver_days: must be a whole number of days"},
		{"policy: p\nwaiver_approvers: pmo\nrules: [{id: r, expression: 'true'}]", "waiver_approvers: must be a list of roles"},
		{"policy: p\nwaiver_approvers: ['']\nrules: [{id: r, expression: 'true'}]", "waiver_approvers[0]: must not be empty"},
		{"policy: p\nrules: [{id: r, expression: 'true', waivable: 1}]", "rules[0].waivable: must be true or false"},
	}
	for _, tt := range tests {
		_, err := governance.ParsePolicy([]byte(tt.src))
		require.Error(t, err, tt.src)
		assert.ErrorIs(t, err, governance.ErrInvalidPolicy)
		assert.Contains(t, err.Error(), tt.want)
	}
	p, err := governance.ParsePolicy([]byte("policy: p\nwaivable: false\nwaiver_approvers: [sponsor, pmo]\nmax_waiver_days: 30\nrules: [{id: r, expression: 'true', waivable: true}]"))
	require.NoError(t, err)
	require.NotNil(t, p.Waivable)
	assert.False(t, *p.Waivable)
	assert.Equal(t, []string{"sponsor", "pmo"}, p.WaiverApprovers)
	assert.Equal(t, 30, p.MaxWaiverDays)
	require.NotNil(t, p.Rules[0].Waivable)
	assert.True(t, *p.Rules[0].Waivable)

	// A policy built in Go is checked at Compile.
	e, err := governance.New()
	require.NoError(t, err)
	_, err = e.Compile(&governance.Policy{Name: "p", MaxWaiverDays: 5000, Rules: []governance.Rule{{ID: "r", Expression: "true"}}})
	var ce *governance.CompileError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "max_waiver_days", ce.Path)
}

func TestWaiversCancelled(t *testing.T) {
	set, pf := waiverSet(t), waiverPF(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := set.Waivers(ctx, pf)
	assert.True(t, errors.Is(err, context.Canceled))
}

// TestWaiverConditionReadsThePolicy: a condition is compiled in its
// policy's environment, so it reads the policy's variables and parameters.
func TestWaiverConditionReadsThePolicy(t *testing.T) {
	e, err := governance.New()
	require.NoError(t, err)
	p, err := governance.ParsePolicy([]byte(`
policy: pmo-standards
params:
  - {name: report_days, type: int, default: 14, description: days}
variables:
  - {name: reported, expression: "project.status_reports.exists(r, now - r.date < days(params.report_days))"}
rules:
  - id: manager-assigned
    expression: project.manager != ''
`))
	require.NoError(t, err)
	set, err := e.Compile(p)
	require.NoError(t, err)
	pf := waiverPF(t)
	for _, tt := range []struct {
		cond string
		want governance.Outcome
	}{
		{"variables.reported", governance.OutcomeWaived},
		{"variables.reported && params.report_days == 14", governance.OutcomeWaived},
		{"params.report_days > 20", governance.OutcomeFail},
	} {
		pf.Waivers[0].Conditions = []string{tt.cond}
		rep, err := set.Evaluate(context.Background(), pf, governance.At(waiverNow))
		require.NoError(t, err)
		assert.Equal(t, tt.want, find(t, rep, "pmo-standards", "manager-assigned", "P-1").Outcome, tt.cond)
		st, err := set.Waivers(context.Background(), pf, governance.At(waiverNow))
		require.NoError(t, err)
		assert.Equal(t, tt.want == governance.OutcomeWaived, st[0].State == governance.WaiverActive, tt.cond)
	}
}

// TestWaiverApprovedByTheProjectsSponsor: as in approved_by_role, a
// project's own sponsor holds the sponsor role for that project, when the
// policy lets sponsors approve its waivers.
func TestWaiverApprovedByTheProjectsSponsor(t *testing.T) {
	set, pf := waiverSet(t), waiverPF(t)
	pf.People[3].Roles = nil // u-sp: sponsor of P-1 and P-2 by the projects only
	pf.Waivers[0] = pmo.Waiver{ID: "W-G", Policy: "gate-approval", Subject: "P-2", Reason: "board next week",
		RequestedBy: "u-pm", ApprovedBy: "u-sp", ApprovedOn: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC),
		Expires: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}
	rep, err := set.CheckGate(context.Background(), pf, "P-2", "execution", governance.At(waiverNow))
	require.NoError(t, err)
	assert.Equal(t, governance.OutcomeWaived, find(t, rep, "gate-approval", "approved", "P-2").Outcome)

	pf.Projects[1].Sponsor = "u-pm" // no longer P-2's sponsor, and no sponsor role
	pf.Waivers[0].RequestedBy = "u-board"
	rep, err = set.CheckGate(context.Background(), pf, "P-2", "execution", governance.At(waiverNow))
	require.NoError(t, err)
	r := find(t, rep, "gate-approval", "approved", "P-2")
	assert.Equal(t, governance.OutcomeFail, r.Outcome)
	assert.Contains(t, r.Waiver.Problem, `approver "u-sp" holds none of the roles that may approve waivers of policy "gate-approval": sponsor`)
}

// TestWaiverWithoutApprovalDate: approved_on is needed only by the checks
// that read it (max_waiver_days, requested_on); otherwise an approved_by
// alone approves.
func TestWaiverWithoutApprovalDate(t *testing.T) {
	set, pf := waiverSet(t), waiverPF(t)
	pf.Waivers[0] = pmo.Waiver{ID: "W-G", Policy: "gate-approval", Subject: "P-2", Reason: "board next week",
		RequestedBy: "u-pm", ApprovedBy: "u-sp", Expires: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}
	rep, err := set.CheckGate(context.Background(), pf, "P-2", "execution", governance.At(waiverNow))
	require.NoError(t, err)
	assert.Equal(t, governance.OutcomeWaived, find(t, rep, "gate-approval", "approved", "P-2").Outcome)

	pf.Waivers[0].RequestedOn = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	rep, err = set.CheckGate(context.Background(), pf, "P-2", "execution", governance.At(waiverNow))
	require.NoError(t, err)
	r := find(t, rep, "gate-approval", "approved", "P-2")
	assert.Equal(t, governance.OutcomeFail, r.Outcome)
	assert.Equal(t, "W-G: approved_on is missing: it cannot be checked against requested_on", r.Waiver.Problem)
}

// TestWaiverImpact: the impact of adding a waiver that holds is a change
// of kind newly_waived (not newly_passing) naming the waiver; the impact of
// its expiry is newly_failing.
func TestWaiverImpact(t *testing.T) {
	set := waiverSet(t)
	without, with := waiverPF(t), waiverPF(t)
	without.Waivers = nil
	before, err := set.Evaluate(context.Background(), without, governance.At(waiverNow))
	require.NoError(t, err)
	after, err := set.Evaluate(context.Background(), with, governance.At(waiverNow))
	require.NoError(t, err)
	imp := governance.Compare(before, after)
	var got []string
	for _, s := range imp.Subjects {
		for _, c := range s.Changes {
			got = append(got, s.Subject+" "+c.Policy+"/"+c.Rule+" "+c.Kind.String()+": "+c.Explanation)
		}
	}
	assert.Equal(t, []string{"P-1 pmo-standards/manager-assigned newly_waived: now waived by W-1 until 2027-01-15, was fail (error): the project has no manager"}, got)
	assert.Equal(t, 1, imp.Counts.NewlyWaived)
	assert.Zero(t, imp.Counts.NewlyPassing)

	// The waiver expires: the violation is back, newly failing.
	expired, err := set.Evaluate(context.Background(), with, governance.At(time.Date(2027, 1, 16, 0, 0, 0, 0, time.UTC)))
	require.NoError(t, err)
	back := governance.Compare(after, expired)
	var kinds []governance.ChangeKind
	for _, s := range back.Subjects {
		for _, c := range s.Changes {
			if c.Rule == "manager-assigned" && s.Subject == "P-1" {
				kinds = append(kinds, c.Kind)
			}
		}
	}
	assert.Equal(t, []governance.ChangeKind{governance.ChangeNewlyFailing}, kinds)
}
