package governance_test

import (
	"bytes"
	"context"
	"encoding/json"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/internal/pmogen"
	"github.com/pmokit/pmokit/internal/sample"
	"github.com/pmokit/pmokit/pmo"
)

// storeReport evaluates a policy with passes, fails (with a message
// expression and without), skips by the policy's and a rule's when, and
// errors on 60 generated projects, with three workers.
func storeReport(t *testing.T) *governance.Report {
	t.Helper()
	eng, err := governance.New()
	require.NoError(t, err)
	p := &governance.Policy{Name: "store", Version: "1.2.0",
		When: "project.id != 'P-0003'",
		Rules: []governance.Rule{
			{ID: "owner", Expression: "project.risks.all(r, r.owner != '')", MessageExpression: "'risks without owner in ' + project.id"},
			{ID: "budget", Expression: "!has(project.budget.forecast) || project.budget.forecast <= project.budget.approved", Severity: governance.SeverityWarning},
			{ID: "skip", When: "project.id == 'P-0001'", Expression: "true"},
			{ID: "err", Expression: "project.risks[0].owner != 'x'", Severity: governance.SeverityInfo},
		}}
	set, err := eng.Compile(p)
	require.NoError(t, err)
	rep, err := set.Evaluate(context.Background(), pmogen.Generate(60, 7), governance.At(pmogen.Today()), governance.Workers(3))
	require.NoError(t, err)
	c := rep.Counts()
	require.Positive(t, c.Pass)
	require.Positive(t, c.Fail)
	require.Positive(t, c.Skipped)
	return rep
}

// TestReportResultsAreCopies checks that Results returns a new slice on
// each call, which a caller may modify without changing the report, and
// that All and Len agree with it, All stopping when the loop breaks.
func TestReportResultsAreCopies(t *testing.T) {
	rep := storeReport(t)
	a := rep.Results()
	require.Len(t, a, rep.Len())
	require.Equal(t, 60*4, rep.Len())
	want := rep.Results()
	for i := range a {
		a[i].Message, a[i].Outcome, a[i].Subject = "changed", governance.OutcomePass, "X"
	}
	assert.Equal(t, want, rep.Results(), "modifying a returned slice changes nothing")

	var all []governance.Result
	for i, r := range rep.All() {
		require.Equal(t, len(all), i)
		all = append(all, r)
	}
	assert.Equal(t, want, all)
	n := 0
	for range rep.All() {
		n++
		if n == 5 {
			break
		}
	}
	assert.Equal(t, 5, n)

	// The results keep every field: the policy's version, the subject's
	// project, each rule's severity, the messages of fails and skips.
	for _, r := range all {
		assert.Equal(t, "store", r.Policy)
		assert.Equal(t, "1.2.0", r.PolicyVersion)
		assert.Equal(t, governance.SubjectProject, r.SubjectKind)
		assert.Equal(t, r.Subject, r.Project)
		switch {
		case r.Outcome == governance.OutcomePass:
			assert.Empty(t, r.Message, r.Rule)
		case r.Subject == "P-0003":
			assert.Equal(t, "policy when is false", r.Message)
		case r.Rule == "skip":
			assert.Equal(t, "rule when is false", r.Message)
		case r.Rule == "owner":
			assert.Equal(t, "risks without owner in "+r.Subject, r.Message)
		}
	}
}

// TestReportCountsFromStore checks Counts, Blocked, Violations and Waived
// (which read the compact store) against a count over Results.
func TestReportCountsFromStore(t *testing.T) {
	rep := storeReport(t)
	var want governance.Counts
	var violations []governance.Result
	subjects := map[string]bool{}
	blocked := false
	for _, r := range rep.Results() {
		want.Total++
		subjects[r.Subject] = true
		switch r.Outcome {
		case governance.OutcomePass:
			want.Pass++
		case governance.OutcomeFail:
			want.Fail++
		case governance.OutcomeError:
			want.Error++
		case governance.OutcomeSkipped:
			want.Skipped++
		}
		if r.IsViolation() {
			violations = append(violations, r)
			want.Violations++
			switch r.Severity {
			case governance.SeverityError:
				want.Errors++
				blocked = true
			case governance.SeverityWarning:
				want.Warnings++
			case governance.SeverityInfo:
				want.Infos++
			}
		}
	}
	want.Subjects = len(subjects)
	assert.Equal(t, want, rep.Counts())
	assert.Equal(t, blocked, rep.Blocked())
	assert.Equal(t, violations, rep.Violations())
	assert.Empty(t, rep.Waived())

	// The same after a JSON round trip, whose store is built result by
	// result.
	data, err := json.Marshal(rep)
	require.NoError(t, err)
	var back governance.Report
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, want, back.Counts())
	assert.Equal(t, rep.Results(), back.Results())
}

// TestReportConcurrentExpansion expands the results of one report from
// several goroutines at once, reading explanations as they go (run with
// -race): every expansion of a result shares one explanation.
func TestReportConcurrentExpansion(t *testing.T) {
	rep := storeReport(t)
	got := make([][][]string, 4)
	var wg sync.WaitGroup
	for g := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, r := range rep.All() {
				got[g] = append(got[g], r.Explanation())
			}
		}()
	}
	wg.Wait()
	for g := range got {
		assert.Equal(t, got[0], got[g])
	}
	for i, r := range rep.Results() {
		if r.Outcome == governance.OutcomeFail {
			assert.NotEmpty(t, got[0][i], "%s %s", r.Subject, r.Rule)
		} else {
			assert.Nil(t, got[0][i], "%s %s", r.Subject, r.Rule)
		}
	}
}

// TestReportWriteJSON checks that WriteJSON writes, byte for byte, what a
// json.Encoder writes of the report (compact and indented): for the
// directive pack on the sample portfolio (ratings, a waiver, parameters),
// a gate check, a report with messages that JSON escapes, and an empty
// report.
func TestReportWriteJSON(t *testing.T) {
	pf, err := sample.Portfolio()
	require.NoError(t, err)
	policies, err := governance.Pack(pmo.Directive)
	require.NoError(t, err)
	packEng, err := governance.New(governance.WithPMOType(pmo.Directive))
	require.NoError(t, err)
	set, err := packEng.Compile(policies...)
	require.NoError(t, err)
	ctx := context.Background()
	full, err := set.Evaluate(ctx, pf, governance.At(sample.Today()))
	require.NoError(t, err)
	require.Positive(t, full.Counts().Waived)
	gate, err := set.CheckGate(ctx, pf, pf.Projects[0].ID, "execution", governance.At(sample.Today()))
	require.NoError(t, err)
	eng, err := governance.New()
	require.NoError(t, err)
	esc, err := eng.Compile(&governance.Policy{Name: "esc", Rules: []governance.Rule{
		{ID: "html", Expression: "false", Message: "a <b> & \"c\" \u2028 é"},
	}})
	require.NoError(t, err)
	escaped, err := esc.Evaluate(ctx, pf, governance.At(sample.Today()))
	require.NoError(t, err)
	reports := map[string]*governance.Report{"directive": full, "gate": gate, "escaped": escaped, "empty": {}, "store": storeReport(t)}
	for name, rep := range reports {
		for _, indent := range []string{"", "  ", "\t"} {
			var want, got bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetIndent("", indent)
			require.NoError(t, enc.Encode(rep))
			require.NoError(t, rep.WriteJSON(&got, indent))
			assert.Equal(t, want.String(), got.String(), "%s, indent %q", name, indent)
		}
	}
}
