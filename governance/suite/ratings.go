package suite

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/internal/textcut"
)

// RatingExpectation expects a rating to rate a subject at a level: Rating
// and Level are required; Policy and Subject must be equal when given (an
// empty Subject: some subject is rated at the level).
type RatingExpectation struct {
	Policy  string
	Rating  string
	Subject string
	Level   string
	Pos     Pos
}

// String describes the expectation in the words of the suite file.
func (e RatingExpectation) String() string {
	var b strings.Builder
	b.WriteString("rating ")
	if e.Policy != "" {
		b.WriteString(e.Policy + "/")
	}
	b.WriteString(e.Rating)
	if e.Subject != "" {
		b.WriteString(" subject " + e.Subject)
	}
	b.WriteString(" level " + e.Level)
	return b.String()
}

// ratingExpectations parses the "ratings" list of an expect.
func (d *decoder) ratingExpectations(n *yaml.Node) []RatingExpectation {
	var out []RatingExpectation
	for _, item := range d.seq(n, "ratings") {
		x := RatingExpectation{Pos: d.pos(resolveAlias(item))}
		f := d.fields(item, "ratings item", "policy", "rating", "subject", "level")
		if f == nil {
			continue
		}
		x.Policy = d.str(f["policy"], "policy")
		x.Rating = d.str(f["rating"], "rating")
		x.Subject = d.str(f["subject"], "subject")
		x.Level = d.str(f["level"], "level")
		if x.Rating == "" {
			d.errorf(item, "ratings item: missing rating")
		}
		if x.Level == "" {
			d.errorf(item, "ratings item: missing level")
		}
		out = append(out, x)
	}
	return out
}

// checkRatings returns the rating expectations that rep does not meet.
func checkRatings(xs []RatingExpectation, rep *governance.Report) []string {
	var fails []string
	for _, x := range xs {
		var related []governance.Result
		rated := false
		for _, r := range rep.All() {
			if r.Rule != x.Rating || (x.Policy != "" && r.Policy != x.Policy) || (x.Subject != "" && r.Subject != x.Subject) {
				continue
			}
			if r.Outcome == governance.OutcomeRated && r.Level == x.Level {
				rated = true
				break
			}
			related = append(related, r)
		}
		switch {
		case rated:
		case len(related) == 0:
			fails = append(fails, fmt.Sprintf("%s: expected %s; it was not evaluated", x.Pos, x))
		default:
			fails = append(fails, fmt.Sprintf("%s: expected %s; got:%s", x.Pos, x, listResults(related)))
		}
	}
	return fails
}

// unknownRatings returns a failure for each rating expectation that names a
// rating, a policy or a level that none of the policies has, and for each
// rule expectation (violations, passes) whose rule is a rating's: a typo
// would otherwise read as "not rated".
func unknownRatings(xs []RatingExpectation, policies []*governance.Policy) []string {
	var fails []string
	for _, x := range xs {
		var levels []string
		found := false
		for _, p := range policies {
			if x.Policy != "" && p.Name != x.Policy {
				continue
			}
			for _, r := range p.Ratings {
				if r.ID != x.Rating {
					continue
				}
				found = true
				for _, l := range r.Levels {
					levels = append(levels, l.Level)
				}
			}
		}
		what := fmt.Sprintf("rating %s", textcut.Quote(x.Rating))
		if x.Policy != "" {
			what += fmt.Sprintf(" in policy %s", textcut.Quote(x.Policy))
		}
		switch {
		case !found:
			fails = append(fails, fmt.Sprintf("%s: the suite's policies have no %s", x.Pos, what))
		case !slices.Contains(levels, x.Level):
			fails = append(fails, fmt.Sprintf("%s: %s has no level %s (levels: %s)", x.Pos, what, textcut.Quote(x.Level), strings.Join(levels, ", ")))
		}
	}
	return fails
}

// hasRating reports whether a policy has a rating with the ID.
func hasRating(p *governance.Policy, id string) bool {
	return slices.ContainsFunc(p.Ratings, func(r governance.Rating) bool { return r.ID == id })
}

// RatingCoverage is what the cases made of one rating: the number of
// results (one per subject and case) rated at each of its levels, and the
// rating's error and skipped results. A rating is covered when every level
// rated some subject.
type RatingCoverage struct {
	Policy  string          `json:"policy"`
	Rating  string          `json:"rating"`
	Source  string          `json:"source,omitempty"` // the policy's file, when read from one
	Levels  []LevelCoverage `json:"levels"`           // in the rating's order
	Error   int             `json:"error"`
	Skipped int             `json:"skipped"`
	order   int
}

// LevelCoverage is the number of results rated at one level.
type LevelCoverage struct {
	Level string `json:"level"`
	Rated int    `json:"rated"`
}

// Covered reports whether every level of the rating rated some subject.
func (c RatingCoverage) Covered() bool {
	for _, l := range c.Levels {
		if l.Rated == 0 {
			return false
		}
	}
	return true
}

// Missing says in words which levels the cases never reached: "never
// evaluated", or "level red never rated" ("levels yellow, red never
// rated"); "" when the rating is covered.
func (c RatingCoverage) Missing() string {
	var never []string
	total := c.Error
	for _, l := range c.Levels {
		total += l.Rated
		if l.Rated == 0 {
			never = append(never, l.Level)
		}
	}
	switch {
	case total == 0:
		return "never evaluated"
	case len(never) == 1:
		return "level " + never[0] + " never rated"
	case len(never) > 1:
		return "levels " + strings.Join(never, ", ") + " never rated"
	}
	return ""
}

// UncoveredRatings returns the ratings some level of which no case
// reached, in order.
func (c *Coverage) UncoveredRatings() []RatingCoverage {
	var out []RatingCoverage
	for _, r := range c.Ratings {
		if !r.Covered() {
			out = append(out, r)
		}
	}
	return out
}

// Levels returns the number of levels of the ratings and how many of them
// rated some subject.
func (c *Coverage) Levels() (covered, total int) {
	for _, r := range c.Ratings {
		for _, l := range r.Levels {
			total++
			if l.Rated > 0 {
				covered++
			}
		}
	}
	return covered, total
}

func (c *Coverage) findRating(policy, rating string) int {
	for i, r := range c.Ratings {
		if r.Policy == policy && r.Rating == rating {
			return i
		}
	}
	return -1
}

// addRatings adds every rating of policies, with no level rated yet.
func (c *Coverage) addRatings(policies []*governance.Policy) {
	for _, p := range policies {
		for i, r := range p.Ratings {
			if c.findRating(p.Name, r.ID) >= 0 {
				continue
			}
			rc := RatingCoverage{Policy: p.Name, Rating: r.ID, Source: p.Source, Levels: make([]LevelCoverage, len(r.Levels)), order: i}
			for j, l := range r.Levels {
				rc.Levels[j].Level = l.Level
			}
			c.Ratings = append(c.Ratings, rc)
		}
	}
	c.sortRatings()
}

// countRating counts a rating's result; false when res is not a rating's.
func (c *Coverage) countRating(res governance.Result) bool {
	i := c.findRating(res.Policy, res.Rule)
	if i < 0 {
		return false
	}
	x := &c.Ratings[i]
	switch res.Outcome {
	case governance.OutcomeRated:
		c.addLevel(x, res.Level, 1)
	case governance.OutcomeError:
		x.Error++
	case governance.OutcomeSkipped:
		x.Skipped++
	}
	return true
}

func (c *Coverage) addLevel(x *RatingCoverage, level string, n int) {
	for j := range x.Levels {
		if x.Levels[j].Level == level {
			x.Levels[j].Rated += n
			return
		}
	}
	x.Levels = append(x.Levels, LevelCoverage{Level: level, Rated: n})
}

// mergeRatings adds the rating counts of other into c.
func (c *Coverage) mergeRatings(other *Coverage) {
	for _, r := range other.Ratings {
		i := c.findRating(r.Policy, r.Rating)
		if i < 0 {
			r.Levels = slices.Clone(r.Levels)
			c.Ratings = append(c.Ratings, r)
			continue
		}
		x := &c.Ratings[i]
		for _, l := range r.Levels {
			c.addLevel(x, l.Level, l.Rated)
		}
		x.Error += r.Error
		x.Skipped += r.Skipped
	}
	c.sortRatings()
}

func (c *Coverage) sortRatings() {
	slices.SortStableFunc(c.Ratings, func(a, b RatingCoverage) int {
		if a.Policy != b.Policy {
			return strings.Compare(a.Policy, b.Policy)
		}
		return a.order - b.order
	})
}
