package governance_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
)

// report builds a report from results written as
// "kind subject policy/rule outcome severity [message]"; a subject
// "CR-1@P-1" is change CR-1 of project P-1.
func report(t *testing.T, lines ...string) *governance.Report {
	t.Helper()
	var rs []governance.Result
	for _, l := range lines {
		f := strings.SplitN(l, " ", 6)
		require.GreaterOrEqual(t, len(f), 5, l)
		pr := strings.SplitN(f[2], "/", 2)
		r := governance.Result{Policy: pr[0], Rule: pr[1], Subject: f[1]}
		if id, project, ok := strings.Cut(f[1], "@"); ok {
			r.Subject, r.Project = id, project
		}
		require.NoError(t, r.SubjectKind.UnmarshalText([]byte(f[0])))
		require.NoError(t, r.Outcome.UnmarshalText([]byte(f[3])))
		require.NoError(t, r.Severity.UnmarshalText([]byte(f[4])))
		if len(f) == 6 {
			r.Message = f[5]
		}
		rs = append(rs, r)
	}
	data, err := json.Marshal(map[string]any{"schema_version": governance.ReportSchemaVersion, "now": time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), "results": rs})
	require.NoError(t, err)
	var rep governance.Report
	require.NoError(t, json.Unmarshal(data, &rep))
	return &rep
}

// change is a Change reduced to what the table compares.
type change struct {
	subject, rule string
	kind          governance.ChangeKind
	explanation   string
}

func flatten(r *governance.ImpactReport) []change {
	out := []change{}
	for _, s := range r.Subjects {
		for _, c := range s.Changes {
			out = append(out, change{s.Subject, c.Policy + "/" + c.Rule, c.Kind, c.Explanation})
		}
	}
	return out
}

func TestCompareKinds(t *testing.T) {
	tests := []struct {
		name     string
		old, new []string
		want     []change
	}{
		{
			name: "pass to fail is newly failing",
			old:  []string{"project P-1 p/r pass error"},
			new:  []string{"project P-1 p/r fail error no manager"},
			want: []change{{"P-1", "p/r", governance.ChangeNewlyFailing, "was pass, now fail (error): no manager"}},
		},
		{
			name: "skipped to error is newly failing",
			old:  []string{"project P-1 p/r skipped warning"},
			new:  []string{"project P-1 p/r error warning currency mismatch"},
			want: []change{{"P-1", "p/r", governance.ChangeNewlyFailing, "was skipped, now error (warning): could not evaluate: currency mismatch"}},
		},
		{
			name: "fail to pass is newly passing",
			old:  []string{"project P-1 p/r fail info stale"},
			new:  []string{"project P-1 p/r pass info"},
			want: []change{{"P-1", "p/r", governance.ChangeNewlyPassing, "now pass, was fail (info): stale"}},
		},
		{
			name: "fail to skipped is newly passing",
			old:  []string{"project P-1 p/r fail error stale"},
			new:  []string{"project P-1 p/r skipped error"},
			want: []change{{"P-1", "p/r", governance.ChangeNewlyPassing, "now skipped, was fail (error): stale"}},
		},
		{
			name: "severity changed",
			old:  []string{"project P-1 p/r fail warning stale"},
			new:  []string{"project P-1 p/r fail error stale"},
			want: []change{{"P-1", "p/r", governance.ChangeSeverity, "severity warning -> error: stale"}},
		},
		{
			name: "severity and message changed",
			old:  []string{"project P-1 p/r fail warning stale"},
			new:  []string{"project P-1 p/r fail error very stale"},
			want: []change{{"P-1", "p/r", governance.ChangeSeverity, "severity warning -> error: very stale (was fail (warning): stale)"}},
		},
		{
			name: "message changed",
			old:  []string{"project P-1 p/r fail error 30 days"},
			new:  []string{"project P-1 p/r fail error 14 days"},
			want: []change{{"P-1", "p/r", governance.ChangeMessage, "now fail (error): 14 days; was fail (error): 30 days"}},
		},
		{
			name: "fail to error is a message change",
			old:  []string{"project P-1 p/r fail error 30 days"},
			new:  []string{"project P-1 p/r error error 30 days"},
			want: []change{{"P-1", "p/r", governance.ChangeMessage, "now error (error): could not evaluate: 30 days; was fail (error): 30 days"}},
		},
		{
			name: "pass to skipped is an outcome change",
			old:  []string{"project P-1 p/r pass error"},
			new:  []string{"project P-1 p/r skipped error phase is closing"},
			want: []change{{"P-1", "p/r", governance.ChangeOutcome, "was pass, now skipped: phase is closing"}},
		},
		{
			name: "unchanged results are no change",
			old:  []string{"project P-1 p/r fail error x", "project P-2 p/r pass error", "project P-3 p/r skipped error"},
			new:  []string{"project P-1 p/r fail error x", "project P-2 p/r pass error", "project P-3 p/r skipped error"},
			want: []change{},
		},
		{
			name: "a rule added that fails, and one that passes",
			old:  []string{"project P-1 p/r pass error"},
			new:  []string{"project P-1 p/r pass error", "project P-1 p/new fail error bad", "project P-1 p/quiet pass error"},
			want: []change{{"P-1", "p/new", governance.ChangeNewlyFailing, "rule added, fail (error): bad"}},
		},
		{
			name: "a rule removed that failed",
			old:  []string{"project P-1 p/r pass error", "project P-1 p/old fail warning bad"},
			new:  []string{"project P-1 p/r pass error"},
			want: []change{{"P-1", "p/old", governance.ChangeNewlyPassing, "rule removed; it was fail (warning): bad"}},
		},
		{
			name: "subjects added and removed",
			old:  []string{"project P-1 p/r pass error", "project P-9 p/r fail error gone"},
			new:  []string{"project P-1 p/r pass error", "project P-2 p/r fail error new"},
			want: []change{
				{"P-2", "p/r", governance.ChangeNewlyFailing, "new subject, fail (error): new"},
				{"P-9", "p/r", governance.ChangeNewlyPassing, "subject removed; it was fail (error): gone"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := governance.Compare(report(t, tt.old...), report(t, tt.new...))
			assert.Equal(t, tt.want, flatten(got))
		})
	}
}

func TestCompareBlockedAndOrder(t *testing.T) {
	old := report(t,
		"portfolio pf p/top pass error",
		"project P-1 p/a fail error x",
		"project P-1 p/b pass warning",
		"project P-2 p/a pass error",
		"project P-3 p/a pass error",
	)
	new := report(t,
		"portfolio pf p/top pass error",
		"project P-3 p/a fail error y", // order of the new report wins
		"project P-2 p/a fail warning z",
		"project P-1 p/a pass error",
		"project P-1 p/b fail warning w",
		"project P-4 p/a pass error",
	)
	got := governance.Compare(old, new)
	assert.True(t, got.OldBlocked)
	assert.True(t, got.NewBlocked)
	var order []string
	for _, s := range got.Subjects {
		order = append(order, s.Subject)
	}
	assert.Equal(t, []string{"P-3", "P-2", "P-1", "P-4"}, order, "new report order; P-4 is listed as added though nothing fails")
	assert.True(t, got.Subjects[0].NewlyBlocked())
	assert.False(t, got.Subjects[1].NewlyBlocked(), "a warning does not block")
	assert.True(t, got.Subjects[2].Unblocked())
	assert.True(t, got.Subjects[3].Added)
	assert.Empty(t, got.Subjects[3].Changes)
	assert.Equal(t, []string{"P-3"}, subjects(got.NewlyBlocked()))
	assert.Equal(t, governance.ImpactCounts{NewlyFailing: 3, NewlyPassing: 1, NewlyBlocked: 1, Unblocked: 1}, got.Counts)
	// Deterministic: the same inputs give the same report.
	assert.Equal(t, got, governance.Compare(old, new))
}

func subjects(ss []governance.SubjectImpact) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Subject)
	}
	return out
}

func TestCompareChangeSubjectsKeepTheirProject(t *testing.T) {
	// Two change requests with one ID in two projects are two subjects.
	old := report(t, "change CR-1@P-1 p/c pass error", "change CR-1@P-2 p/c pass error")
	new := report(t, "change CR-1@P-1 p/c pass error", "change CR-1@P-2 p/c fail error x")
	got := governance.Compare(old, new)
	require.Len(t, got.Subjects, 1)
	assert.Equal(t, "P-2", got.Subjects[0].Project)
	assert.Equal(t, governance.ChangeNewlyFailing, got.Subjects[0].Changes[0].Kind)
}

func TestImpactForms(t *testing.T) {
	eng, err := governance.New()
	require.NoError(t, err)
	compile := func(src string) *governance.PolicySet {
		p, err := governance.ParsePolicy([]byte(src))
		require.NoError(t, err)
		set, err := eng.Compile(p)
		require.NoError(t, err)
		return set
	}
	// The clock rule fails with now in its message: both sides must see
	// one clock even without At, or its message would change.
	const clock = "  - id: clock\n    severity: info\n    expression: now < timestamp('2000-01-01T00:00:00Z')\n    message_expression: string(now)\n"
	old := compile("policy: p\nrules:\n" + clock + "  - id: gone\n    expression: 'true'\n")
	new := compile("policy: p\nrules:\n" + clock + "  - id: fresh\n    expression: project.manager != ''\n")
	pf := mustPortfolio()
	got, err := governance.Impact(context.Background(), old, new, pf)
	require.NoError(t, err)
	assert.Equal(t, []governance.RuleRef{{Policy: "p", Rule: "fresh"}}, got.RulesAdded)
	assert.Equal(t, []governance.RuleRef{{Policy: "p", Rule: "gone"}}, got.RulesRemoved)
	require.Len(t, got.Subjects, 1)
	assert.Equal(t, "P-002", got.Subjects[0].Subject)
	assert.True(t, got.Subjects[0].NewlyBlocked())

	// One set, two snapshots: P-002 gets a manager.
	fixed := mustPortfolio()
	fixed.Projects[1].Manager = "u-pm1"
	got, err = governance.SnapshotImpact(context.Background(), new, pf, fixed, governance.At(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)))
	require.NoError(t, err)
	require.Len(t, got.Subjects, 1)
	assert.True(t, got.Subjects[0].Unblocked())
	assert.Equal(t, governance.ChangeNewlyPassing, got.Subjects[0].Changes[0].Kind)
	assert.Empty(t, got.RulesAdded)

	_, err = governance.Impact(context.Background(), nil, new, pf)
	assert.ErrorContains(t, err, "governance: impact: nil policy set")
	_, err = governance.SnapshotImpact(context.Background(), new, nil, pf)
	assert.ErrorContains(t, err, "governance: impact: old portfolio")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = governance.Impact(ctx, old, new, pf)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestChangeKindText(t *testing.T) {
	for k := governance.ChangeNewlyFailing; k <= governance.ChangeWaived; k++ {
		text, err := k.MarshalText()
		require.NoError(t, err)
		var back governance.ChangeKind
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, k, back)
	}
	_, err := governance.ChangeKind(0).MarshalText()
	assert.Error(t, err)
	var k governance.ChangeKind
	err = k.UnmarshalText([]byte("worse"))
	assert.ErrorContains(t, err, `"worse"`)
	assert.ErrorIs(t, err, governance.ErrInvalidReport)
}

func TestImpactMessageIsCut(t *testing.T) {
	long := strings.Repeat("é", 300) // 600 bytes
	got := governance.Compare(report(t, "project P-1 p/r pass error"), report(t, "project P-1 p/r fail error "+long))
	require.Len(t, got.Subjects, 1)
	e := got.Subjects[0].Changes[0].Explanation
	assert.Less(t, len(e), 300)
	assert.True(t, strings.HasSuffix(e, "... (600 bytes)"), e)
}
