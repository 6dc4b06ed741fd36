package governance

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestResultRowSize pins the size of a stored result: 16 bytes, against
// 152 for a Result (the figure report_store.go and BENCHMARKS.md give).
func TestResultRowSize(t *testing.T) {
	assert.Equal(t, uintptr(16), unsafe.Sizeof(resultRow{}))
	assert.Equal(t, uintptr(152), unsafe.Sizeof(Result{}))
}

// TestStoreRoundTrip stores results with every field set and expands them
// back unchanged, fixed explanations included; the details cross a chunk.
func TestStoreRoundTrip(t *testing.T) {
	var in []Result
	for i := range detailChunk + 10 {
		r := Result{Policy: "p", PolicyVersion: "1", Rule: "r", Subject: "S", SubjectKind: SubjectProject, Project: "S",
			Severity: SeverityWarning, Outcome: OutcomeFail, Message: "m"}
		switch i % 5 {
		case 0:
			r.Outcome, r.Message = OutcomePass, ""
		case 1:
			r.Outcome, r.Level, r.Message = OutcomeRated, "red", "over"
			r.explanation = fixedExplanation([]string{"x = 1"})
		case 2:
			r.Outcome, r.Message = OutcomeSkipped, skipRuleWhen
		case 3:
			r.Outcome, r.Waiver = OutcomeWaived, &WaiverUse{ID: "W-1"}
		}
		if i%7 == 0 {
			r.Subject, r.Project, r.Rule = "T", "T", "q"
		}
		in = append(in, r)
	}
	st := storeOf(in)
	require.Equal(t, len(in), st.len())
	for i := range in {
		assert.Equal(t, in[i], st.result(i), "result %d", i)
	}
	assert.Less(t, len(st.rules), 3, "rules are interned")
}

// TestStoreExtraRuleHasNoExplanation checks that a result added after an
// evaluation (a waiver's warning) gets no explanation even when its policy
// and rule name an evaluated rule: its rule entry is its own.
func TestStoreExtraRuleHasNoExplanation(t *testing.T) {
	p := &compiledPolicy{name: "p", version: "1"}
	r := &compiledRule{id: RuleWaiverExpiring}
	st := resultStore{rules: []ruleKey{{"p", "1", RuleWaiverExpiring}}, subjects: []subjectKey{{kind: SubjectPortfolio, subject: "PF"}},
		src: &explainSource{subjects: []subject{{kind: SubjectPortfolio}}, rules: []explainRule{{policy: p, rule: r}}}}
	st.add(Result{Policy: "p", PolicyVersion: "1", Rule: RuleWaiverExpiring, Subject: "PF", SubjectKind: SubjectPortfolio, Outcome: OutcomeFail, Message: "expires"})
	require.Equal(t, 1, st.len())
	assert.Equal(t, uint32(1), st.rows[0].rule, "a rule entry of its own")
	res := st.result(0)
	assert.Nil(t, res.explanation)
	assert.Equal(t, "expires", res.Message)
}

// TestStoreSharesExplanation checks that two expansions of a failure share
// one explanation record, made on the first.
func TestStoreSharesExplanation(t *testing.T) {
	p := &compiledPolicy{name: "p"}
	r := &compiledRule{id: "r"}
	st := resultStore{rules: []ruleKey{{"p", "", "r"}}, subjects: []subjectKey{{kind: SubjectPortfolio, subject: "PF"}},
		src: &explainSource{subjects: []subject{{kind: SubjectPortfolio}}, rules: []explainRule{{policy: p, rule: r}}}}
	st.rows = make([]resultRow, 1)
	st.rows[0].set(&Result{Outcome: OutcomeFail, Message: "m"}, 0, 0, &st.details, false)
	a, b := st.result(0), st.result(0)
	require.NotNil(t, a.explanation)
	assert.Same(t, a.explanation, b.explanation)
	assert.Same(t, r.expr, a.explanation.prog)
}

// TestStoreCountsDistinctSubjects checks that Counts.Subjects counts a
// subject once when its entries repeat (results of one subject that are
// not consecutive, as a waiver's warning after every subject's results).
func TestStoreCountsDistinctSubjects(t *testing.T) {
	a := Result{Policy: "p", Rule: "r", Subject: "A", SubjectKind: SubjectProject, Project: "A", Outcome: OutcomePass}
	b := a
	b.Subject, b.Project = "B", "B"
	w := a
	w.Rule, w.Outcome, w.Severity, w.Message = RuleWaiverExpiring, OutcomeFail, SeverityWarning, "expires"
	rep := &Report{store: storeOf([]Result{a, b, w})}
	require.Len(t, rep.store.subjects, 3, "A's entry repeats")
	c := rep.Counts()
	assert.Equal(t, 2, c.Subjects)
	assert.Equal(t, 3, c.Total)
	assert.Equal(t, 1, c.Warnings)
}
