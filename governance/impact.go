package governance

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/pmokit/pmokit/internal/enum"
	"github.com/pmokit/pmokit/pmo"
)

// ChangeKind says how one rule's verdict on one subject changed between two
// evaluations. The zero value is not a kind.
type ChangeKind int

// The ChangeKind values.
const (
	// ChangeNewlyFailing: a violation (fail or error) now, none before —
	// the rule passed or was skipped, or it or the subject is new.
	ChangeNewlyFailing ChangeKind = iota + 1 // "newly_failing"
	// ChangeNewlyPassing: a violation before, none now — the rule passes or
	// is skipped, or it or the subject is gone.
	ChangeNewlyPassing // "newly_passing"
	// ChangeSeverity: a violation both times, of another severity.
	ChangeSeverity // "severity_changed"
	// ChangeMessage: a violation both times, with another message or
	// outcome (fail and error).
	ChangeMessage // "message_changed"
	// ChangeOutcome: no violation either time, but the outcome moved
	// between pass and skipped (the rule starts or stops applying), or a
	// rating rated the subject at another level ("was rated green, now
	// rated red"). (A rule
	// or subject that comes or goes without a violation is no change of a
	// verdict: the rule is in RulesAdded or RulesRemoved, the subject is
	// Added or Removed.)
	ChangeOutcome // "outcome_changed"
	// ChangeWaived: a violation before, waived now: a waiver holds for it
	// (New.Waiver names it, its expiry and its conditions). A waived
	// result that becomes a violation again (the waiver expired, or a
	// condition stopped holding) is ChangeNewlyFailing.
	ChangeWaived // "newly_waived"
)

var changeKindTable = &enum.Table[ChangeKind]{Pkg: "governance", Kind: "change kind", Type: "ChangeKind", First: ChangeNewlyFailing, Sentinel: ErrInvalidReport,
	Words: []string{"newly_failing", "newly_passing", "severity_changed", "message_changed", "outcome_changed", "newly_waived"}}

// String returns the kind's word (see the constants).
func (k ChangeKind) String() string { return changeKindTable.String(k) }

// MarshalText implements [encoding.TextMarshaler]; a value that is not a
// kind is an error.
func (k ChangeKind) MarshalText() ([]byte, error) { return changeKindTable.Marshal(k) }

// UnmarshalText implements [encoding.TextUnmarshaler]; a word that is not a
// kind is an error matching [ErrInvalidReport].
func (k *ChangeKind) UnmarshalText(text []byte) error { return changeKindTable.Parse(text, k) }

// Change is what changed for one rule on one subject. Old and New are the
// two results; one of them is nil when the rule or the subject exists on
// one side only. Explanation says what changed in one sentence, e.g.
// "was pass, now fail: Projects over 1M need a sponsor approval".
//
// Waivers: a violation that a waiver now lets through is ChangeWaived, not
// ChangeNewlyPassing, with both Results (the new one names the waiver);
// a waived result that is a violation again is ChangeNewlyFailing.
type Change struct {
	Kind        ChangeKind `json:"kind"`
	Policy      string     `json:"policy"`
	Rule        string     `json:"rule"`
	Old         *Result    `json:"old,omitempty"`
	New         *Result    `json:"new,omitempty"`
	Explanation string     `json:"explanation"`
}

// SubjectImpact is every change on one subject, and whether the subject is
// blocked (has a violation of severity error) before and after.
type SubjectImpact struct {
	SubjectKind SubjectKind `json:"subject_kind"`
	Subject     string      `json:"subject"`
	// Project is the project of a change-request subject (empty for the
	// portfolio), as in [Result].
	Project string `json:"project,omitempty"`
	// Added and Removed say that the subject exists only in the new or only
	// in the old evaluation.
	Added      bool     `json:"added,omitempty"`
	Removed    bool     `json:"removed,omitempty"`
	OldBlocked bool     `json:"old_blocked"`
	NewBlocked bool     `json:"new_blocked"`
	Changes    []Change `json:"changes"`
}

// NewlyBlocked reports whether the subject is blocked now and was not.
func (s SubjectImpact) NewlyBlocked() bool { return s.NewBlocked && !s.OldBlocked }

// Unblocked reports whether the subject was blocked and is not now.
func (s SubjectImpact) Unblocked() bool { return s.OldBlocked && !s.NewBlocked }

// RuleRef names one rule of a policy.
type RuleRef struct {
	Policy string `json:"policy"`
	Rule   string `json:"rule"`
}

// ImpactCounts sums an impact report up.
type ImpactCounts struct {
	NewlyFailing    int `json:"newly_failing"`
	NewlyPassing    int `json:"newly_passing"`
	SeverityChanged int `json:"severity_changed"`
	MessageChanged  int `json:"message_changed"`
	OutcomeChanged  int `json:"outcome_changed"`
	NewlyWaived     int `json:"newly_waived"`
	NewlyBlocked    int `json:"newly_blocked"` // subjects
	Unblocked       int `json:"unblocked"`     // subjects
}

// ImpactReport is what changed between two evaluations: per subject, every
// rule whose verdict changed, and the rules that exist on one side only.
// Subjects lists every subject with a change, and every subject that exists
// on one side only (Added or Removed), changes or not. It
// is plain data: it marshals to JSON with the field names shown and the
// order below.
//
// Order (deterministic): subjects in the new evaluation's report order,
// then the subjects that exist only in the old one, in its order; within a
// subject, changes in the new report's rule order, then the rules only the
// old one has. RulesAdded and RulesRemoved are in policy-set order.
type ImpactReport struct {
	// OldBlocked and NewBlocked are the two reports' [Report.Blocked].
	OldBlocked bool `json:"old_blocked"`
	NewBlocked bool `json:"new_blocked"`
	// RulesAdded and RulesRemoved are the rules of one policy set only
	// ([Impact]), or for [Compare], the rules with results on one side
	// only.
	RulesAdded   []RuleRef       `json:"rules_added"`
	RulesRemoved []RuleRef       `json:"rules_removed"`
	Counts       ImpactCounts    `json:"counts"`
	Subjects     []SubjectImpact `json:"subjects"`
}

// NewlyBlocked returns the subjects blocked now and not before, in report
// order.
func (r *ImpactReport) NewlyBlocked() []SubjectImpact {
	var out []SubjectImpact
	for _, s := range r.Subjects {
		if s.NewlyBlocked() {
			out = append(out, s)
		}
	}
	return out
}

// Impact evaluates two policy sets over one portfolio, with the same clock,
// and reports what the change from old to new does to every verdict: the
// preview of a policy change before it merges. Options apply to both
// evaluations; without [At], the wall clock is read once for both.
func Impact(ctx context.Context, old, new *PolicySet, pf *pmo.Portfolio, opts ...EvalOption) (*ImpactReport, error) {
	if old == nil || new == nil {
		return nil, errors.New("governance: impact: nil policy set")
	}
	opts = sameClock(opts)
	oldRep, err := old.Evaluate(ctx, pf, opts...)
	if err != nil {
		return nil, fmt.Errorf("governance: impact: old policies: %w", err)
	}
	newRep, err := new.Evaluate(ctx, pf, opts...)
	if err != nil {
		return nil, fmt.Errorf("governance: impact: new policies: %w", err)
	}
	r := Compare(oldRep, newRep)
	r.RulesAdded, r.RulesRemoved = ruleDiff(old.rules(), new.rules())
	return r, nil
}

// SnapshotImpact evaluates one policy set over two snapshots of a portfolio,
// with the same clock, and reports what the data change does to every
// verdict. Options apply to both evaluations; without [At], the wall clock
// is read once for both.
func SnapshotImpact(ctx context.Context, set *PolicySet, old, new *pmo.Portfolio, opts ...EvalOption) (*ImpactReport, error) {
	if set == nil {
		return nil, errors.New("governance: impact: nil policy set")
	}
	opts = sameClock(opts)
	oldRep, err := set.Evaluate(ctx, old, opts...)
	if err != nil {
		return nil, fmt.Errorf("governance: impact: old portfolio: %w", err)
	}
	newRep, err := set.Evaluate(ctx, new, opts...)
	if err != nil {
		return nil, fmt.Errorf("governance: impact: new portfolio: %w", err)
	}
	return Compare(oldRep, newRep), nil
}

// sameClock pins the evaluation clock so that both evaluations see one now.
func sameClock(opts []EvalOption) []EvalOption {
	cfg := newEvalConfig(opts)
	return append(opts[:len(opts):len(opts)], At(cfg.now))
}

// rules lists the rules of the set in policy-set order.
func (s *PolicySet) rules() []RuleRef {
	var out []RuleRef
	for _, p := range s.policies {
		for _, r := range p.rules {
			out = append(out, RuleRef{Policy: p.name, Rule: r.id})
		}
	}
	return out
}

// ruleDiff returns the rules of b not in a, and of a not in b, each in its
// own order.
func ruleDiff(a, b []RuleRef) (added, removed []RuleRef) {
	in := func(list []RuleRef) map[RuleRef]bool {
		m := make(map[RuleRef]bool, len(list))
		for _, r := range list {
			m[r] = true
		}
		return m
	}
	ina, inb := in(a), in(b)
	added, removed = []RuleRef{}, []RuleRef{}
	for _, r := range b {
		if !ina[r] {
			added = append(added, r)
		}
	}
	for _, r := range a {
		if !inb[r] {
			removed = append(removed, r)
		}
	}
	return added, removed
}

type subjectKey struct {
	kind             SubjectKind
	project, subject string
}

func keyOf(r *Result) subjectKey {
	return subjectKey{kind: r.SubjectKind, project: r.Project, subject: r.Subject}
}

// side is one evaluation's results grouped by subject, in report order.
type side struct {
	order    []subjectKey
	subjects map[subjectKey][]*Result
	rules    map[RuleRef]bool
	ruleList []RuleRef
}

func group(rep *Report) side {
	s := side{subjects: map[subjectKey][]*Result{}, rules: map[RuleRef]bool{}}
	results := rep.Results()
	for i := range results {
		r := &results[i]
		k := keyOf(r)
		if _, ok := s.subjects[k]; !ok {
			s.order = append(s.order, k)
		}
		s.subjects[k] = append(s.subjects[k], r)
		ref := RuleRef{Policy: r.Policy, Rule: r.Rule}
		if !s.rules[ref] {
			s.rules[ref] = true
			s.ruleList = append(s.ruleList, ref)
		}
	}
	return s
}

func blocks(rs []*Result) bool {
	for _, r := range rs {
		if r.IsViolation() && r.Severity == SeverityError {
			return true
		}
	}
	return false
}

// Compare reports what changed from the old report to the new one, subject
// by subject and rule by rule (see [ImpactReport] for the order). It works
// on any two reports, gate checks included; [Impact] and [SnapshotImpact]
// evaluate and compare. RulesAdded and RulesRemoved are the rules with
// results in one report only.
func Compare(old, new *Report) *ImpactReport {
	if old == nil {
		old = &Report{}
	}
	if new == nil {
		new = &Report{}
	}
	o, n := group(old), group(new)
	out := &ImpactReport{OldBlocked: old.Blocked(), NewBlocked: new.Blocked(), Subjects: []SubjectImpact{}}
	out.RulesAdded, out.RulesRemoved = ruleDiff(o.ruleList, n.ruleList)
	keys := append([]subjectKey(nil), n.order...)
	for _, k := range o.order {
		if _, ok := n.subjects[k]; !ok {
			keys = append(keys, k)
		}
	}
	for _, k := range keys {
		olds, news := o.subjects[k], n.subjects[k]
		si := SubjectImpact{
			SubjectKind: k.kind, Subject: k.subject, Project: k.project,
			Added: olds == nil, Removed: news == nil,
			OldBlocked: blocks(olds), NewBlocked: blocks(news),
		}
		byRule := make(map[RuleRef]*Result, len(olds))
		for _, r := range olds {
			byRule[RuleRef{Policy: r.Policy, Rule: r.Rule}] = r
		}
		seen := make(map[RuleRef]bool, len(news))
		for _, r := range news {
			ref := RuleRef{Policy: r.Policy, Rule: r.Rule}
			seen[ref] = true
			if c, ok := compareResults(ref, byRule[ref], r, si.Added, !o.rules[ref]); ok {
				si.Changes = append(si.Changes, c)
			}
		}
		for _, r := range olds {
			ref := RuleRef{Policy: r.Policy, Rule: r.Rule}
			if seen[ref] {
				continue
			}
			if c, ok := compareResults(ref, r, nil, si.Removed, !n.rules[ref]); ok {
				si.Changes = append(si.Changes, c)
			}
		}
		if len(si.Changes) == 0 && !si.Added && !si.Removed {
			continue
		}
		out.count(si)
		out.Subjects = append(out.Subjects, si)
	}
	return out
}

func (r *ImpactReport) count(si SubjectImpact) {
	for _, c := range si.Changes {
		switch c.Kind {
		case ChangeNewlyFailing:
			r.Counts.NewlyFailing++
		case ChangeNewlyPassing:
			r.Counts.NewlyPassing++
		case ChangeSeverity:
			r.Counts.SeverityChanged++
		case ChangeMessage:
			r.Counts.MessageChanged++
		case ChangeOutcome:
			r.Counts.OutcomeChanged++
		case ChangeWaived:
			r.Counts.NewlyWaived++
		}
	}
	if si.NewlyBlocked() {
		r.Counts.NewlyBlocked++
	}
	if si.Unblocked() {
		r.Counts.Unblocked++
	}
}

// compareResults returns the change from a to b (either may be nil), and
// false when nothing changed. subjectGone says that the nil side lacks the
// whole subject, ruleGone that it lacks the rule.
func compareResults(ref RuleRef, a, b *Result, subjectGone, ruleGone bool) (Change, bool) {
	c := Change{Policy: ref.Policy, Rule: ref.Rule, Old: a, New: b}
	why := func(r *Result) string { return describe(r) }
	absent := func(added bool) string {
		switch {
		case subjectGone && added:
			return "new subject"
		case subjectGone:
			return "subject removed"
		case ruleGone && added:
			return "rule added"
		case ruleGone:
			return "rule removed"
		case added:
			return "no result before"
		}
		return "no result now"
	}
	switch {
	case a == nil && b == nil:
		return c, false
	case a == nil:
		if !b.IsViolation() {
			return c, false
		}
		c.Kind = ChangeNewlyFailing
		c.Explanation = absent(true) + ", " + why(b)
	case b == nil:
		if !a.IsViolation() {
			return c, false
		}
		c.Kind = ChangeNewlyPassing
		c.Explanation = absent(false) + "; it was " + why(a)
	case !a.IsViolation() && b.IsViolation():
		c.Kind = ChangeNewlyFailing
		c.Explanation = "was " + a.Outcome.String() + ", now " + why(b)
	case a.IsViolation() && b.Outcome == OutcomeWaived:
		c.Kind = ChangeWaived
		c.Explanation = "now waived by " + b.WaiverID()
		if b.Waiver != nil && !b.Waiver.Expires.IsZero() {
			c.Explanation += " until " + day(b.Waiver.Expires)
		}
		c.Explanation += ", was " + why(a)
	case a.IsViolation() && !b.IsViolation():
		c.Kind = ChangeNewlyPassing
		c.Explanation = "now " + b.Outcome.String() + ", was " + why(a)
	case a.IsViolation():
		switch {
		case a.Severity != b.Severity:
			c.Kind = ChangeSeverity
			c.Explanation = "severity " + a.Severity.String() + " -> " + b.Severity.String() + ": " + oneLineCut(b.Message)
			if a.Message != b.Message || a.Outcome != b.Outcome {
				c.Explanation += " (was " + why(a) + ")"
			}
		case a.Outcome != b.Outcome || a.Message != b.Message:
			c.Kind = ChangeMessage
			c.Explanation = "now " + why(b) + "; was " + why(a)
		default:
			return c, false
		}
	case a.Outcome != b.Outcome || a.Level != b.Level:
		c.Kind = ChangeOutcome
		c.Explanation = "was " + describe(a) + ", now " + describe(b)
		if b.Outcome == OutcomeSkipped && b.Message != "" {
			c.Explanation += ": " + oneLineCut(b.Message)
		}
	default:
		return c, false
	}
	if a != nil && b != nil && a.PolicyVersion != b.PolicyVersion {
		c.Explanation += fmt.Sprintf(" [policy version %s -> %s]", orNone(a.PolicyVersion), orNone(b.PolicyVersion))
	}
	return c, true
}

// describe says a result in a few words: "pass", "skipped", "fail (error):
// <message>", "error (warning): could not evaluate: <reason>".
func describe(r *Result) string {
	switch r.Outcome {
	case OutcomeFail:
		return "fail (" + r.Severity.String() + "): " + oneLineCut(r.Message)
	case OutcomeError:
		return "error (" + r.Severity.String() + "): could not evaluate: " + oneLineCut(r.Message)
	case OutcomeRated:
		return "rated " + r.Level
	}
	return r.Outcome.String()
}

func orNone(v string) string {
	if v == "" {
		return "none"
	}
	return v
}

// maxChangeMessage bounds the message an explanation quotes, in bytes.
const maxChangeMessage = 200

// oneLineCut folds s onto one line and cuts it past maxChangeMessage bytes,
// with an ellipsis and the full length.
func oneLineCut(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= maxChangeMessage {
		return s
	}
	cut := maxChangeMessage
	for cut > 0 && !utf8RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s... (%d bytes)", s[:cut], len(s))
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
