package governancetest

import (
	"strings"
	"testing"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/governance/suite"
)

// RequireBlocked stops the test (t.FailNow) unless the report is blocked,
// that is unless it holds a violation of severity error.
func RequireBlocked(t testing.TB, r *governance.Report) {
	t.Helper()
	if r == nil {
		t.Fatalf("governancetest: expected a blocked report, got a nil report")
		return
	}
	if !r.Blocked() {
		t.Fatalf("governancetest: expected the report to be blocked; violations:%s", list(r.Violations()))
	}
}

// RequireNotBlocked stops the test (t.FailNow) when the report is blocked,
// listing the violations.
func RequireNotBlocked(t testing.TB, r *governance.Report) {
	t.Helper()
	if r == nil {
		t.Fatalf("governancetest: expected a report, got nil")
		return
	}
	if r.Blocked() {
		t.Fatalf("governancetest: expected the report not to be blocked; violations:%s", list(r.Violations()))
	}
}

// AssertViolation reports an error (t.Errorf) unless the report holds a
// violation of rule for subject, and returns whether it does. Rule is a rule
// ID or "policy/rule"; an empty subject matches any subject.
func AssertViolation(t testing.TB, r *governance.Report, rule, subject string) bool {
	t.Helper()
	if r != nil {
		for _, v := range r.Violations() {
			if match(v, rule, subject) {
				return true
			}
		}
	}
	t.Errorf("governancetest: expected a violation of %s; violations:%s", describe(rule, subject), list(violations(r)))
	return false
}

// AssertNoViolation reports an error (t.Errorf) when the report holds a
// violation of rule for subject, and returns whether it holds none. Rule is
// a rule ID or "policy/rule"; an empty subject matches any subject.
func AssertNoViolation(t testing.TB, r *governance.Report, rule, subject string) bool {
	t.Helper()
	var found []governance.Result
	for _, v := range violations(r) {
		if match(v, rule, subject) {
			found = append(found, v)
		}
	}
	if len(found) > 0 {
		t.Errorf("governancetest: expected no violation of %s; got:%s", describe(rule, subject), list(found))
		return false
	}
	return true
}

// AssertRating reports an error (t.Errorf) unless the report rated subject
// at level by rating, and returns whether it did. Rating is a rating ID or
// "policy/rating"; an empty subject matches any subject (some subject was
// rated at the level). The error lists what the rating gave instead.
func AssertRating(t testing.TB, r *governance.Report, rating, subject, level string) bool {
	t.Helper()
	var got []governance.Result
	if r != nil {
		for _, res := range r.All() {
			if !match(res, rating, subject) {
				continue
			}
			if res.Outcome == governance.OutcomeRated && res.Level == level {
				return true
			}
			got = append(got, res)
		}
	}
	what := "rating " + rating
	if subject != "" {
		what += " for subject " + subject
	}
	t.Errorf("governancetest: expected %s at level %s; got:%s", what, level, list(got))
	return false
}

func violations(r *governance.Report) []governance.Result {
	if r == nil {
		return nil
	}
	return r.Violations()
}

func match(v governance.Result, rule, subject string) bool {
	if policy, id, ok := strings.Cut(rule, "/"); ok {
		if v.Policy != policy || v.Rule != id {
			return false
		}
	} else if v.Rule != rule {
		return false
	}
	return subject == "" || v.Subject == subject
}

func describe(rule, subject string) string {
	if subject == "" {
		return "rule " + rule
	}
	return "rule " + rule + " for subject " + subject
}

func list(rs []governance.Result) string {
	if len(rs) == 0 {
		return " none"
	}
	var b strings.Builder
	for _, r := range rs {
		b.WriteString("\n\t")
		b.WriteString(suite.FormatResult(r))
	}
	return b.String()
}
