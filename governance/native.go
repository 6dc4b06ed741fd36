package governance

// Native plans: a rule's boolean programs evaluated without cel-go's
// interpreter. See nativePlan.

// nativeStats reports how many of the set's boolean programs (policy and
// rule conditions, rule expressions) have a native plan, and how many
// there are.
func (s *PolicySet) nativeStats() (native, total int) {
	for _, p := range s.policies {
		progs := []*program{p.when}
		for _, r := range p.rules {
			progs = append(progs, r.when, r.expr)
		}
		for _, pr := range progs {
			if pr == nil {
				continue
			}
			total++
			if pr.nativePlan() != nil {
				native++
			}
		}
	}
	return native, total
}

// nativePlan is the native form of one boolean program.
type nativePlan struct{}
