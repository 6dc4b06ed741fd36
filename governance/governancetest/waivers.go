package governancetest

import (
	"testing"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
)

// AssertWaived reports an error (t.Errorf) unless the report holds a result
// of rule for subject with outcome waived, by the waiver with the given ID
// (any waiver when waiver is empty), and returns whether it does. Rule is
// a rule ID or "policy/rule"; an empty subject matches any subject. A
// waiver that does not hold leaves the violation standing: the failure
// message lists the results of the rule, whose messages say why their
// waivers do not hold.
func AssertWaived(t testing.TB, r *governance.Report, rule, subject, waiver string) bool {
	t.Helper()
	var related []governance.Result
	if r != nil {
		for _, res := range r.All() {
			if !match(res, rule, subject) {
				continue
			}
			if res.Outcome == governance.OutcomeWaived && (waiver == "" || res.WaiverID() == waiver) {
				return true
			}
			related = append(related, res)
		}
	}
	what := describe(rule, subject)
	if waiver != "" {
		what += " by waiver " + waiver
	}
	t.Errorf("governancetest: expected %s to be waived; got:%s", what, list(related))
	return false
}

// AssertNotWaived reports an error (t.Errorf) when the report holds a
// waived result of rule for subject, and returns whether it holds none:
// for tests that a waiver which must not hold (expired, approved by the
// wrong person, its conditions false) leaves the violation standing. Rule
// is a rule ID or "policy/rule"; an empty subject matches any subject.
func AssertNotWaived(t testing.TB, r *governance.Report, rule, subject string) bool {
	t.Helper()
	var found []governance.Result
	if r != nil {
		for _, res := range r.Waived() {
			if match(res, rule, subject) {
				found = append(found, res)
			}
		}
	}
	if len(found) > 0 {
		t.Errorf("governancetest: expected %s not to be waived; got:%s", describe(rule, subject), list(found))
		return false
	}
	return true
}

// WithWaiver adds a waiver to the portfolio's register (portfolio.waivers).
func (b *PortfolioBuilder) WithWaiver(w pmo.Waiver) *PortfolioBuilder {
	b.pf.Waivers = append(b.pf.Waivers, w)
	return b
}
