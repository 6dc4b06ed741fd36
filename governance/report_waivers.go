package governance

// Waived returns the results with outcome waived, in report order: the
// violations that waivers let through, each naming its waiver
// (Result.Waiver), when it expires and the conditions that must keep
// holding.
func (r *Report) Waived() []Result {
	return r.store.expand(func(i int) bool { return r.store.outcome(i) == OutcomeWaived })
}

// Conditional reports whether the report is a conditional go: nothing
// blocks, but only because waivers let violations of severity error
// through. For a gate check it means the move may proceed while the
// waivers hold: see [Report.Waived] for what is waived, until when, and the
// conditions that must hold.
func (r *Report) Conditional() bool {
	if r.Blocked() {
		return false
	}
	for i := range r.store.len() {
		if r.store.outcome(i) == OutcomeWaived && r.store.severity(i) == SeverityError {
			return true
		}
	}
	return false
}
