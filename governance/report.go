package governance

import (
	"encoding/json"
	"fmt"
	"iter"
	"log/slog"
	"time"
)

// Result is the outcome of one rule, or of one rating, on one subject.
type Result struct {
	// Policy, PolicyVersion and Rule name the rule.
	// For a rating's result, Rule is the rating's ID.
	Policy        string `json:"policy"`
	PolicyVersion string `json:"policy_version,omitempty"`
	Rule          string `json:"rule"`
	// Subject is the ID of the entity evaluated (the portfolio, a project or
	// a change request) and SubjectKind its kind. Project is the ID of the
	// project the subject belongs to (empty for the portfolio).
	Subject     string      `json:"subject"`
	SubjectKind SubjectKind `json:"subject_kind"`
	Project     string      `json:"project,omitempty"`
	// Severity is the rule's severity; for a rating's result, the severity
	// of the rating's error results (a rated result is never a violation,
	// whatever its severity).
	Severity Severity `json:"severity"`
	// Outcome is pass, fail, error, skipped or waived; rated for a rating
	// that rated the subject.
	Outcome Outcome `json:"outcome"`
	// Level is the level of a rated result (outcome rated): the name of
	// the first level of the rating whose condition held; empty for every
	// other result.
	Level string `json:"level,omitempty"`
	// Message says what is wrong (fail, and waived: the violation's own
	// message), why evaluation failed (error), why the rule was skipped,
	// or the matched level's message (rated); empty for pass. A rule's
	// message_expression is evaluated when its failure is first read
	// from the report (Results, All, Violations, the JSON), not during
	// Evaluate, so a failure whose message is never read costs nothing
	// more; like an explanation, it reads the evaluated portfolio, which
	// must not be modified until then.
	Message string `json:"message,omitempty"`
	// Waiver says which waivers name the result and how they apply: the
	// waiver that waived it (outcome waived), the waivers that would cover
	// it but do not hold (a violation that stands, with why), or the
	// waiver an expiring-soon warning is about ([RuleWaiverExpiring]); nil
	// for every other result. It may be shared by the results of one
	// waiver: treat it as read-only, like the rest of a report.
	Waiver *WaiverUse `json:"waiver,omitempty"`
	// explanation is the lazy explanation of a fail (see Explanation).
	explanation *explanation
}

// WaiverUse is what a [Result] says of the waivers that name it (see
// Result.Waiver). Kept behind a pointer, it costs a result no waiver names
// one word.
type WaiverUse struct {
	// ID is the waiver's ID; for a violation that stands, the IDs of every
	// waiver that names it, joined with ", ".
	ID string `json:"id"`
	// Expires is when the waiver stops holding, and Conditions the
	// conditions that must keep holding until then (outcome waived, and
	// expiring-soon warnings).
	Expires    time.Time `json:"expires,omitzero"`
	Conditions []string  `json:"conditions,omitempty"`
	// Problem says why the waivers named do not hold (a violation that
	// stands), e.g. "W-1: expired on 2026-10-01"; empty when one holds.
	Problem string `json:"problem,omitempty"`
}

// WaiverID returns the ID of the waiver (or the joined IDs of the waivers)
// that name the result, or "" when none does: Result.Waiver's ID without
// the nil check.
func (r Result) WaiverID() string {
	if r.Waiver == nil {
		return ""
	}
	return r.Waiver.ID
}

// Explanation lists, for a fail, the values of the fields, variables and
// ratings the expression read, e.g. project.budget.forecast = "1350000
// USD"; for a rated result, the values the conditions of the levels tried
// read; nil for other outcomes. It is computed on the first call, by
// evaluating the rule once more on the same data, recording only the
// values it prints (what cannot change them is not evaluated), and kept: a
// failure whose explanation is never read costs nothing, and one that is
// read costs at most one more evaluation of its rule, usually less
// (BenchmarkExplanationRead). It is safe for concurrent use; copies of a
// Result, and every expansion of it from its report, share the
// explanation. Because it reads
// the evaluated portfolio, the portfolio must not be modified until the
// explanations wanted have been read (or the report marshalled to JSON,
// which includes them).
func (r Result) Explanation() []string { return r.explanation.get() }

// resultFields is Result without its methods, for its JSON form.
type resultFields Result

// resultJSON is the JSON form of a Result: its fields and the explanation.
type resultJSON struct {
	resultFields
	Explanation []string `json:"explanation,omitempty"`
}

// MarshalJSON implements [json.Marshaler]: the fields and the explanation,
// which it computes if it has not been read yet.
func (r Result) MarshalJSON() ([]byte, error) {
	return json.Marshal(resultJSON{resultFields(r), r.Explanation()})
}

// UnmarshalJSON implements [json.Unmarshaler], for results stored by a host.
func (r *Result) UnmarshalJSON(data []byte) error {
	var j resultJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	*r = Result(j.resultFields)
	r.explanation = fixedExplanation(j.Explanation)
	return nil
}

// IsViolation reports whether the result is a violation: outcome fail, or
// outcome error (evaluation errors fail closed). A waived result is not.
func (r Result) IsViolation() bool {
	return r.Outcome == OutcomeFail || r.Outcome == OutcomeError
}

// GateCheck names the transition a [PolicySet.CheckGate] report is about.
type GateCheck struct {
	Project string `json:"project"`
	From    string `json:"from"`
	To      string `json:"to"`
}

// ReportSchemaVersion is the version of the JSON form of a [Report], written
// in every report as "schema_version". It changes when a field changes
// meaning or goes away (fields may be added within a version). The JSON
// Schema of the report is schemas/report.schema.json (package
// github.com/pmokit/pmokit/schemas, schemas.Report).
const ReportSchemaVersion = 1

// Report is the result of an evaluation: every result for every subject in
// the documented deterministic order (see [PolicySet.Evaluate]). A Report is
// not modified after it is returned; it marshals to JSON as
// {"schema_version" ([ReportSchemaVersion]), "now" (the evaluation clock,
// RFC 3339), "gate" (gate checks only: project, from, to), "blocked",
// "counts" (see [Counts]), "params" (the effective parameter values, see
// [Report.Params]; left out when no policy declares any), "results" (every
// [Result])} with stable field
// names and order. The pmokit command's JSON output (check, gate) is this
// same document.
type Report struct {
	now     time.Time
	gate    *GateCheck
	store   resultStore    // the results, compactly (report_store.go)
	params  []ParamValue   // the effective parameter values (params_set.go)
	ratings []RatingCounts // the ratings evaluated, levels counted zero (report_ratings.go)
}

// reportHead is the JSON form of a Report but its results, which come
// last (reportJSON, Report.WriteJSON).
type reportHead struct {
	SchemaVersion int          `json:"schema_version"`
	Now           time.Time    `json:"now"`
	Gate          *GateCheck   `json:"gate,omitempty"`
	Blocked       bool         `json:"blocked"`
	Conditional   bool         `json:"conditional"` // see Report.Conditional
	Counts        Counts       `json:"counts"`
	Params        []ParamValue `json:"params,omitempty"`
}

// head returns the report's reportHead.
func (r *Report) head() reportHead {
	return reportHead{SchemaVersion: ReportSchemaVersion, Now: r.now, Gate: r.gate, Blocked: r.Blocked(), Conditional: r.Conditional(), Counts: r.Counts(), Params: r.params}
}

// reportJSON is the JSON form of a Report.
type reportJSON struct {
	reportHead
	Results resultsJSON `json:"results"`
}

// reportJSONIn is the JSON form of a Report as read.
type reportJSONIn struct {
	reportJSON
	Results []Result `json:"results"`
}

// MarshalJSON implements [json.Marshaler].
func (r *Report) MarshalJSON() ([]byte, error) {
	return json.Marshal(reportJSON{r.head(), resultsJSON{&r.store}})
}

// UnmarshalJSON implements [json.Unmarshaler], for reports stored by a host.
func (r *Report) UnmarshalJSON(data []byte) error {
	var j reportJSONIn
	if err := json.Unmarshal(data, &j); err != nil {
		return fmt.Errorf("governance: report: %w", err)
	}
	if j.SchemaVersion != ReportSchemaVersion {
		return fmt.Errorf("governance: report: schema_version %d, want %d: %w", j.SchemaVersion, ReportSchemaVersion, ErrInvalidReport)
	}
	*r = Report{now: j.Now, gate: j.Gate, store: storeOf(j.Results), params: j.Params, ratings: ratingFrame(j.Counts.Ratings)}
	return nil
}

// Now returns the evaluation clock the rules saw.
func (r *Report) Now() time.Time { return r.now }

// Gate returns the transition of a gate check, or nil for a report of
// [PolicySet.Evaluate].
func (r *Report) Gate() *GateCheck {
	if r.gate == nil {
		return nil
	}
	g := *r.gate
	return &g
}

// Results returns every result (passes and skips included) in report order,
// in a new slice the caller may keep and modify. A report stores its
// results compactly (16 bytes a result, plus the message and the other
// details of the results that have them) and expands them on each call:
// for a large report, [Report.All] and [Report.Len] read them without the
// slice of 152-byte Results, and [Report.Violations] and [Report.Waived]
// expand only the results they return.
func (r *Report) Results() []Result {
	out := make([]Result, r.store.len())
	for i := range out {
		out[i] = r.store.result(i)
	}
	return out
}

// Len returns the number of results of the report.
func (r *Report) Len() int { return r.store.len() }

// All returns an iterator over the results in report order, with their
// index (0 to Len()-1): each result is expanded when the loop reaches it,
// so iterating holds one Result at a time.
//
//	for _, res := range rep.All() {
//		if res.Outcome == governance.OutcomeFail { ... }
//	}
func (r *Report) All() iter.Seq2[int, Result] {
	return func(yield func(int, Result) bool) {
		for i := range r.store.len() {
			if !yield(i, r.store.result(i)) {
				return
			}
		}
	}
}

// Violations returns the results with outcome fail or error, in report
// order.
func (r *Report) Violations() []Result { return r.store.expand(r.store.isViolation) }

// Blocked reports whether any violation has severity error: the portfolio
// is not compliant, or for a gate check, the move is blocked.
func (r *Report) Blocked() bool {
	for i := range r.store.len() {
		if r.store.isViolation(i) && r.store.severity(i) == SeverityError {
			return true
		}
	}
	return false
}

// Counts are the numbers of results of a report by outcome, of violations
// by severity, of the subjects evaluated, and of the levels of each rating.
type Counts struct {
	Total   int `json:"total"`
	Pass    int `json:"pass"`
	Fail    int `json:"fail"`
	Error   int `json:"error"`
	Skipped int `json:"skipped"`
	// Rated counts the results with outcome rated (see [Rating]); they are
	// not violations.
	Rated int `json:"rated"`
	// Waived counts the results with outcome waived: violations a waiver
	// lets through, counted apart from the violations.
	Waived int `json:"waived"`
	// Violations counts the results with outcome fail or error; Errors,
	// Warnings and Infos count them by severity.
	Violations int `json:"violations"`
	Errors     int `json:"errors"`
	Warnings   int `json:"warnings"`
	Infos      int `json:"infos"`
	// Subjects counts the distinct subjects of the results.
	Subjects int `json:"subjects"`
	// Ratings counts the levels of every rating evaluated, in Compile
	// order of the policies and file order of their ratings; every level
	// is listed, a level no subject reached with count zero. In JSON only
	// when the policies have ratings.
	Ratings []RatingCounts `json:"ratings,omitempty"`
}

// Counts counts the results.
func (r *Report) Counts() Counts {
	var c Counts
	st := &r.store
	used := make([]bool, len(st.subjects))
	for i := range st.len() {
		c.Total++
		used[st.rows[i].subject] = true
		switch st.outcome(i) {
		case OutcomePass:
			c.Pass++
		case OutcomeFail:
			c.Fail++
		case OutcomeError:
			c.Error++
		case OutcomeSkipped:
			c.Skipped++
		case OutcomeRated:
			c.Rated++
		case OutcomeWaived:
			c.Waived++
		}
		if st.isViolation(i) {
			c.Violations++
			switch st.severity(i) {
			case SeverityError:
				c.Errors++
			case SeverityWarning:
				c.Warnings++
			case SeverityInfo:
				c.Infos++
			}
		}
	}
	c.Subjects = st.distinctSubjects(used)
	c.Ratings = r.countRatings()
	return c
}

// Summary returns a one-line summary fit for logs, e.g.
// "blocked: 120 results: 100 pass, 12 fail, 1 error, 7 skipped; violations: 10 error, 3 warning, 0 info".
// A report with ratings adds the rated results to the counts and the
// levels of each rating: "..., 7 skipped, 20 rated; violations: ...;
// ratings: cost/cost-variance: 15 green, 4 yellow, 1 red".
func (r *Report) Summary() string {
	c := r.Counts()
	verdict := "compliant"
	if r.Blocked() {
		verdict = "blocked"
	} else if c.Fail+c.Error > 0 {
		verdict = "compliant with warnings"
	}
	rated := ""
	if c.Rated > 0 || len(c.Ratings) > 0 {
		rated = fmt.Sprintf(", %d rated", c.Rated)
	}
	s := fmt.Sprintf("%s: %d results: %d pass, %d fail, %d error, %d skipped%s; violations: %d error, %d warning, %d info%s",
		verdict, c.Total, c.Pass, c.Fail, c.Error, c.Skipped, rated, c.Errors, c.Warnings, c.Infos, ratingsSummary(c))
	if c.Waived > 0 {
		s += fmt.Sprintf("; %d waived", c.Waived)
	}
	if r.gate != nil {
		s = fmt.Sprintf("gate %s %s -> %s %s", r.gate.Project, r.gate.From, r.gate.To, s)
	}
	return s
}

// LogValue implements [slog.LogValuer]: the counts and the verdict, not the
// results; with ratings, the rated count and a group per rating with the
// count of each level.
func (r *Report) LogValue() slog.Value {
	c := r.Counts()
	attrs := []slog.Attr{
		slog.Bool("blocked", r.Blocked()),
		slog.Int("results", c.Total),
		slog.Int("pass", c.Pass),
		slog.Int("fail", c.Fail),
		slog.Int("error", c.Error),
		slog.Int("skipped", c.Skipped),
		slog.Int("waived", c.Waived),
		slog.Int("violations_error", c.Errors),
		slog.Int("violations_warning", c.Warnings),
		slog.Int("violations_info", c.Infos),
	}
	if a, ok := ratingsLogAttr(c); ok {
		attrs = append(attrs, slog.Int("rated", c.Rated), a)
	}
	if r.gate != nil {
		attrs = append(attrs, slog.String("project", r.gate.Project), slog.String("from", r.gate.From), slog.String("to", r.gate.To))
	}
	return slog.GroupValue(attrs...)
}
