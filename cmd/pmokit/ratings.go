package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/governance/suite"
)

// maxRatedSubjects is how many subjects the text output names per level of
// a rating; the others are counted ("and 90 more").
const maxRatedSubjects = 10

// writeRatings prints the ratings section of the text output: per rating
// its counts by level, then per level the subjects rated at it (at most
// maxRatedSubjects each). Errors of ratings are violations, printed with
// the others. It prints nothing when the policies have no ratings.
func writeRatings(w io.Writer, rep *governance.Report) {
	counts := rep.Counts().Ratings
	if len(counts) == 0 {
		return
	}
	type key struct{ policy, rating, level string }
	subjects := map[key][]string{}
	for _, r := range rep.All() {
		if r.Outcome == governance.OutcomeRated {
			k := key{r.Policy, r.Rule, r.Level}
			subjects[k] = append(subjects[k], ratedSubject(r))
		}
	}
	fmt.Fprintln(w, "ratings")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, c := range counts {
		fmt.Fprintf(tw, "  %s\n", c)
		for _, l := range c.Levels {
			names := subjects[key{c.Policy, c.Rating, l.Level}]
			if len(names) == 0 {
				continue
			}
			list := strings.Join(names[:min(len(names), maxRatedSubjects)], ", ")
			if len(names) > maxRatedSubjects {
				list += fmt.Sprintf(" and %d more", len(names)-maxRatedSubjects)
			}
			fmt.Fprintf(tw, "    %s\t%s\n", l.Level, list)
		}
	}
	tw.Flush()
	fmt.Fprintln(w)
}

// ratedSubject names the subject of a rated result: its ID, with the
// project of a change request.
func ratedSubject(r governance.Result) string {
	if p := changeProject(r); p != "" {
		return r.Subject + " (" + p + ")"
	}
	return r.Subject
}

// ratedText says a rated result in a line: "rated red: <message>".
func ratedText(r governance.Result) string {
	s := "rated " + r.Level
	if r.Message != "" {
		s += ": " + oneLine(r.Message)
	}
	return s
}

// levelsCovered is the rating levels part of the coverage line of pmokit
// test: ", 5 of 6 rating levels rated", or "" without ratings.
func levelsCovered(cov *suite.Coverage) string {
	covered, total := cov.Levels()
	if total == 0 {
		return ""
	}
	return fmt.Sprintf(", %d of %d rating levels rated", covered, total)
}

// writeRatingCoverage prints the rating table of pmokit test --coverage:
// per rating, the subjects rated at each level and what is missing.
func writeRatingCoverage(w io.Writer, cov *suite.Coverage) {
	if len(cov.Ratings) == 0 {
		return
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RATING\tLEVELS RATED\tERROR\tSKIPPED\tCOVERED")
	for _, r := range cov.Ratings {
		levels := make([]string, len(r.Levels))
		for i, l := range r.Levels {
			levels[i] = fmt.Sprintf("%s %d", l.Level, l.Rated)
		}
		state := "yes"
		if !r.Covered() {
			state = "no: " + r.Missing()
		}
		fmt.Fprintf(tw, "%s/%s\t%s\t%d\t%d\t%s\n", r.Policy, r.Rating, strings.Join(levels, ", "), r.Error, r.Skipped, state)
	}
	tw.Flush()
}

// ratingCoverageJSON is a rating's coverage in the JSON of pmokit test.
type ratingCoverageJSON struct {
	suite.RatingCoverage
	Covered bool   `json:"covered"`
	Missing string `json:"missing,omitempty"`
}

// addRatingCoverage adds the ratings to the JSON coverage.
func addRatingCoverage(cj *coverageJSON, cov *suite.Coverage) {
	cj.LevelsCovered, cj.LevelsTotal = cov.Levels()
	for _, r := range cov.Ratings {
		cj.Ratings = append(cj.Ratings, ratingCoverageJSON{RatingCoverage: r, Covered: r.Covered(), Missing: r.Missing()})
	}
}
