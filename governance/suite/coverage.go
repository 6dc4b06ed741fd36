package suite

import (
	"cmp"
	"slices"

	"github.com/pmokit/pmokit/governance"
)

// Coverage is the rule coverage of a suite's policies over the cases run:
// for every rule, how many results each outcome had, and for every rating,
// how many results each level had. A rule is covered when some case made it
// pass and some case made it fail (or err): a suite that never sees a rule
// fail has not tested it. A rating level is covered when some case rated a
// subject at it. The zero value is an empty coverage, ready for
// [Coverage.Merge].
type Coverage struct {
	// Rules holds a RuleCoverage per rule of the policies, ordered by
	// policy name, then by the rule's order in its policy.
	Rules []RuleCoverage `json:"rules"`
	// Ratings holds a RatingCoverage per rating of the policies, in the
	// same order.
	Ratings []RatingCoverage `json:"ratings,omitempty"`

	index map[ruleKey]int // position of each rule in Rules
}

type ruleKey struct{ policy, rule string }

// RuleCoverage is what the cases made of one rule: the number of results
// (one per subject and case) with each outcome.
type RuleCoverage struct {
	Policy  string `json:"policy"`
	Rule    string `json:"rule"`
	Source  string `json:"source,omitempty"` // the policy's file, when read from one
	Pass    int    `json:"pass"`
	Fail    int    `json:"fail"`
	Error   int    `json:"error"`
	Skipped int    `json:"skipped"`
	// Waived counts the results a waiver let through: the rule failed,
	// so a waived result covers its failing side.
	Waived int `json:"waived,omitempty"`
	order  int
}

// Covered reports whether some case made the rule pass and some case made
// it fail (a waived result failed too) or err.
func (c RuleCoverage) Covered() bool { return c.Pass > 0 && c.Fail+c.Error+c.Waived > 0 }

// Missing says in words what the cases never made of the rule: "never
// evaluated", "never fails" or "never passes"; "" when it is covered.
func (c RuleCoverage) Missing() string {
	switch {
	case c.Pass+c.Fail+c.Error+c.Waived == 0:
		return "never evaluated"
	case c.Fail+c.Error+c.Waived == 0:
		return "never fails"
	case c.Pass == 0:
		return "never passes"
	}
	return ""
}

// Percent returns the share of covered rules and rating levels, from 0 to
// 100: (covered rules + levels rated) / (rules + levels); 100 when there
// are neither.
func (c *Coverage) Percent() float64 {
	levels, total := c.Levels()
	n := levels
	total += len(c.Rules)
	if total == 0 {
		return 100
	}
	for _, r := range c.Rules {
		if r.Covered() {
			n++
		}
	}
	return 100 * float64(n) / float64(total)
}

// Uncovered returns the rules that are not covered, in order.
func (c *Coverage) Uncovered() []RuleCoverage {
	var out []RuleCoverage
	for _, r := range c.Rules {
		if !r.Covered() {
			out = append(out, r)
		}
	}
	return out
}

// Merge adds the counts of other into c: rules are matched by policy and
// rule name, ratings by policy and rating ID, so that suites over the same
// policies add up.
func (c *Coverage) Merge(other *Coverage) {
	c.mergeRatings(other)
	for _, r := range other.Rules {
		i := c.find(r.Policy, r.Rule)
		if i < 0 {
			c.index[ruleKey{r.Policy, r.Rule}] = len(c.Rules)
			c.Rules = append(c.Rules, r)
			continue
		}
		x := &c.Rules[i]
		x.Pass += r.Pass
		x.Fail += r.Fail
		x.Error += r.Error
		x.Skipped += r.Skipped
	}
	c.sort()
}

func (c *Coverage) find(policy, rule string) int {
	if c.index == nil {
		c.reindex()
	}
	if i, ok := c.index[ruleKey{policy, rule}]; ok {
		return i
	}
	return -1
}

func (c *Coverage) reindex() {
	c.index = make(map[ruleKey]int, len(c.Rules))
	for i, r := range c.Rules {
		c.index[ruleKey{r.Policy, r.Rule}] = i
	}
}

func (c *Coverage) sort() {
	slices.SortStableFunc(c.Rules, func(a, b RuleCoverage) int {
		return cmp.Or(cmp.Compare(a.Policy, b.Policy), cmp.Compare(a.order, b.order))
	})
	c.reindex()
}

// addRules adds every rule (and rating) of policies, with no outcome yet.
func (c *Coverage) addRules(policies []*governance.Policy) {
	c.addRatings(policies)
	for _, p := range policies {
		for i, r := range p.Rules {
			if c.find(p.Name, r.ID) < 0 {
				c.index[ruleKey{p.Name, r.ID}] = len(c.Rules)
				c.Rules = append(c.Rules, RuleCoverage{Policy: p.Name, Rule: r.ID, Source: p.Source, order: i})
			}
		}
	}
	c.sort()
}

// addReport counts the outcomes of a report's results.
func (c *Coverage) addReport(rep *governance.Report) {
	for _, res := range rep.All() {
		if c.countRating(res) {
			continue
		}
		i := c.find(res.Policy, res.Rule)
		if i < 0 {
			continue // not a rule of the suite's policies: cannot happen
		}
		x := &c.Rules[i]
		switch res.Outcome {
		case governance.OutcomePass:
			x.Pass++
		case governance.OutcomeFail:
			x.Fail++
		case governance.OutcomeError:
			x.Error++
		case governance.OutcomeSkipped:
			x.Skipped++
		case governance.OutcomeWaived:
			x.Waived++
		}
	}
}
