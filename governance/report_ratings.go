package governance

import (
	"fmt"
	"log/slog"
	"strings"
)

// RatingCounts are the numbers of subjects a report rated at each level of
// one rating, with the rating's error and skipped results.
type RatingCounts struct {
	// Policy and Rating name the rating.
	Policy string `json:"policy"`
	Rating string `json:"rating"`
	// Levels holds every level of the rating, in the rating's order, each
	// with the number of results rated at it (zero included).
	Levels []LevelCount `json:"levels"`
	// Error counts the results with outcome error (no level matched, a
	// condition that failed, a policy when that failed); Skipped those
	// whose policy's when was false.
	Error   int `json:"error"`
	Skipped int `json:"skipped"`
}

// LevelCount is the number of results rated at one level.
type LevelCount struct {
	Level string `json:"level"`
	Count int    `json:"count"`
}

// String returns "policy/rating: 12 green, 3 yellow, 1 red", with ", N
// error" and ", N skipped" when there are any.
func (c RatingCounts) String() string {
	var b strings.Builder
	b.WriteString(c.Policy + "/" + c.Rating + ":")
	for i, l := range c.Levels {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, " %d %s", l.Count, l.Level)
	}
	if c.Error > 0 {
		fmt.Fprintf(&b, ", %d error", c.Error)
	}
	if c.Skipped > 0 {
		fmt.Fprintf(&b, ", %d skipped", c.Skipped)
	}
	return b.String()
}

// ratingDecls returns the ratings of the policies that run on subjects of
// the given kinds (gate: the project and gate scopes of a gate check), each
// with its levels counted zero: the frame of Counts.Ratings, so that a
// level no subject reached is still reported.
func (s *PolicySet) ratingDecls(gate bool) []RatingCounts {
	var out []RatingCounts
	for _, p := range s.policies {
		runs := p.scope != ScopeGate
		if gate {
			runs = p.scope == ScopeProject || p.scope == ScopeGate
		}
		if !runs {
			continue
		}
		for _, r := range p.ratings {
			c := RatingCounts{Policy: p.name, Rating: r.id, Levels: make([]LevelCount, len(r.levels))}
			for i, l := range r.levels {
				c.Levels[i].Level = l.name
			}
			out = append(out, c)
		}
	}
	return out
}

// ratingFrame returns the frame of counted ratings: their policies,
// ratings and levels, every count zero (for a report decoded from JSON).
func ratingFrame(counts []RatingCounts) []RatingCounts {
	if counts == nil {
		return nil
	}
	out := make([]RatingCounts, len(counts))
	for i, c := range counts {
		out[i] = RatingCounts{Policy: c.Policy, Rating: c.Rating, Levels: make([]LevelCount, len(c.Levels))}
		for j, l := range c.Levels {
			out[i].Levels[j].Level = l.Level
		}
	}
	return out
}

// countRatings counts the rating results of the report into a copy of its
// rating frame (r.ratings); a rating or level found in the results but not
// in the frame (a report decoded from JSON without counts) is added in the
// order met.
func (r *Report) countRatings() []RatingCounts {
	if len(r.ratings) == 0 && !r.hasRated() {
		return nil
	}
	out := make([]RatingCounts, len(r.ratings))
	index := make(map[[2]string]int, len(r.ratings))
	for i, d := range r.ratings {
		out[i] = RatingCounts{Policy: d.Policy, Rating: d.Rating, Levels: make([]LevelCount, len(d.Levels))}
		for j, l := range d.Levels {
			out[i].Levels[j].Level = l.Level
		}
		index[[2]string{d.Policy, d.Rating}] = i
	}
	st := &r.store
	// byRule caches, per entry of the rule table, 1 + its index in out, or
	// -1 for a rule's results (not a rating's) while none is rated; 0: not
	// looked up yet.
	byRule := make([]int, len(st.rules))
	for k := range st.len() {
		row := &st.rows[k]
		rated := Outcome(row.outcome) == OutcomeRated
		b := byRule[row.rule]
		if b < 0 && !rated {
			continue // a rule's result
		}
		i := b - 1
		if b <= 0 {
			rk := st.rules[row.rule]
			var ok bool
			i, ok = index[[2]string{rk.policy, rk.rule}]
			if !ok {
				if !rated {
					byRule[row.rule] = -1
					continue // a rule's result
				}
				i = len(out)
				index[[2]string{rk.policy, rk.rule}] = i
				out = append(out, RatingCounts{Policy: rk.policy, Rating: rk.rule, Levels: []LevelCount{}})
			}
			byRule[row.rule] = i + 1
		}
		c := &out[i]
		switch Outcome(row.outcome) {
		case OutcomeRated:
			level := st.level(k)
			j := 0
			for j < len(c.Levels) && c.Levels[j].Level != level {
				j++
			}
			if j == len(c.Levels) {
				c.Levels = append(c.Levels, LevelCount{Level: level})
			}
			c.Levels[j].Count++
		case OutcomeError:
			c.Error++
		case OutcomeSkipped:
			c.Skipped++
		}
	}
	return out
}

func (r *Report) hasRated() bool {
	for i := range r.store.len() {
		if r.store.outcome(i) == OutcomeRated {
			return true
		}
	}
	return false
}

// ratingsSummary is the ratings part of Report.Summary: "; ratings:
// policy/rating: 12 green, 3 yellow, 1 red; ..." or "".
func ratingsSummary(c Counts) string {
	if len(c.Ratings) == 0 {
		return ""
	}
	parts := make([]string, len(c.Ratings))
	for i, rc := range c.Ratings {
		parts[i] = rc.String()
	}
	return "; ratings: " + strings.Join(parts, "; ")
}

// ratingsLogAttr is the ratings group of Report.LogValue: one group per
// rating, named policy/rating, with the count of each level.
func ratingsLogAttr(c Counts) (slog.Attr, bool) {
	if len(c.Ratings) == 0 {
		return slog.Attr{}, false
	}
	groups := make([]any, len(c.Ratings))
	for i, rc := range c.Ratings {
		attrs := make([]any, 0, len(rc.Levels)+2)
		for _, l := range rc.Levels {
			attrs = append(attrs, slog.Int(l.Level, l.Count))
		}
		if rc.Error > 0 {
			attrs = append(attrs, slog.Int("error", rc.Error))
		}
		if rc.Skipped > 0 {
			attrs = append(attrs, slog.Int("skipped", rc.Skipped))
		}
		groups[i] = slog.Group(rc.Policy+"/"+rc.Rating, attrs...)
	}
	return slog.Group("ratings", groups...), true
}
