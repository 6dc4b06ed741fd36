package governance

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"

	"github.com/pmokit/pmokit/pmo"
)

// A report stores its results compactly: one 16-byte row per result (the
// rule and the subject as indexes into tables the results share, the
// outcome and the severity) and, only for a result that has one, a detail
// with its message, level, waiver and explanation. A [Result] is 152
// bytes and holds pointers; a row holds none, so the collector never scans
// the rows. The 2.45 million results of the directive pack over 100,000
// projects take 39 MB of rows (89 MB with the details and their
// messages) rather than 373 MB of Results. [Report.Results]
// and [Report.All] expand rows into Results when asked.
//
// An evaluation keeps nothing for an explanation but the row and its
// detail: the report knows the portfolio, the clock, the subjects and the
// compiled rules (explainSource), which is all an explanation needs. The
// explanation record of a result is made when the result is first
// expanded, kept in its detail (so every later expansion, and every copy,
// shares it), and computes its lines when first read (explain.go).

// resultRow is one result of a report.
type resultRow struct {
	rule    uint32 // index into resultStore.rules
	subject uint32 // index into resultStore.subjects
	detail  uint32 // 1 + index into the details; 0: no detail
	worker  uint8  // during an evaluation, the worker whose details hold it
	message uint8  // without a detail, the index of the message in rowMessages
	outcome uint8
	sev     uint8
}

// maxWorkers bounds the goroutines of one evaluation (resultRow.worker).
const maxWorkers = math.MaxUint8 + 1

// Messages of skipped results (eval.go), which a row names by index
// rather than with a detail: most results of a pack whose policies apply
// to some projects only are skips.
const (
	skipPolicyWhen = "policy when is false"
	skipRuleWhen   = "rule when is false"
)

// rowMessages are the messages a row names by index (resultRow.message);
// index 0 is no message.
var rowMessages = [...]string{"", skipPolicyWhen, skipRuleWhen}

// ruleKey names the rule (or rating) of a result.
type ruleKey struct{ policy, version, rule string }

// resultDetail is what a result holds beyond its row: a fail, a waived or
// a rated result always has one (it keeps the explanation), another result
// only when it has a message or a waiver.
type resultDetail struct {
	message, level string
	waiver         *WaiverUse
	// x is the explanation record, made on the first expansion (or set
	// from JSON); nil until then.
	x atomic.Pointer[explanation]
	// pending: the message is the rule's message_expression, evaluated
	// on the first expansion into m, then message (a waiver's note).
	pending bool
	m       atomic.Pointer[string]
}

// explained reports whether results of outcome o have an explanation.
func explained(o Outcome) bool {
	return o == OutcomeFail || o == OutcomeWaived || o == OutcomeRated
}

// explainSource is what the explanations of an evaluation's results are
// computed from: the inputs of the evaluation, and per subject and per
// entry of the rule table the evaluation made (rules beyond, such as the
// waivers' warnings, have none), the subject and the compiled rule.
type explainSource struct {
	pf       *pmo.Portfolio
	now      time.Time
	subjects []subject
	rules    []explainRule
	set      *PolicySet // for the messages read (message)
	pfOnce   sync.Once
	pfVal    ref.Val
}

// explainRule is the compiled rule, or rating, of an entry of the rule
// table, with its policy.
type explainRule struct {
	policy *compiledPolicy
	rule   *compiledRule
	rating *compiledRating
}

// explanation returns a new explanation record for a result of rule ri on
// subject si rated at level (rated results), or nil when there is none to
// compute.
func (src *explainSource) explanation(ri, si uint32, level string) *explanation {
	if src == nil || int(ri) >= len(src.rules) || int(si) >= len(src.subjects) {
		return nil
	}
	r, sub := src.rules[ri], src.subjects[si]
	scope := &explainScope{pf: src.pf, now: src.now, policy: r.policy, project: sub.project, change: sub.change, gate: sub.gate}
	switch {
	case r.rule != nil:
		return &explanation{scope: scope, prog: r.rule.expr}
	case r.rating != nil:
		for j, l := range r.rating.levels {
			if l.name == level {
				return &explanation{scope: scope, progs: r.rating.whens[:j+1]}
			}
		}
	}
	return nil
}

// message is the violation message of rule ri (a rule with a
// message_expression) on subject si, as the evaluation would have made
// it (activation.message), evaluated on first read: in an activation of
// its own, with the rule's cost limit (tracked) and the variables it
// reads computed again.
func (src *explainSource) message(ri, si uint32) string {
	if src == nil || int(ri) >= len(src.rules) || int(si) >= len(src.subjects) || src.rules[ri].rule == nil {
		return ""
	}
	r, sub := src.rules[ri], src.subjects[si]
	ev := &evaluator{set: src.set, ctx: context.Background(), pf: src.pf, pfVal: src.portfolioVal(), now: types.Timestamp{Time: src.now}}
	a := &activation{ev: ev, policy: r.policy}
	a.setSubject(sub.project, sub.change, sub.gate)
	if n := len(r.policy.vars); n > 0 {
		a.vars = make([]ref.Val, n)
	}
	return a.message(r.rule)
}

// portfolioVal is the evaluated portfolio as its CEL value, with its
// index, made once for every message read.
func (src *explainSource) portfolioVal() ref.Val {
	src.pfOnce.Do(func() { src.pfVal = newPortfolioVal(src.pf) })
	return src.pfVal
}

// detailChunk is how many details a detailStore allocates at a time: chunks
// are never copied or grown, so a store adds a detail in constant time and
// keeps at most one partly filled chunk.
const detailChunk = 1024

// detailStore holds details by index, in chunks.
type detailStore struct {
	chunks [][]resultDetail
	n      int
}

// add stores a detail and returns 1 + its index.
func (s *detailStore) add(message, level string, waiver *WaiverUse) uint32 {
	i := s.n
	if i%detailChunk == 0 {
		s.chunks = append(s.chunks, make([]resultDetail, detailChunk))
	}
	d := &s.chunks[i/detailChunk][i%detailChunk]
	d.message, d.level, d.waiver = message, level, waiver
	s.n++
	return uint32(i + 1)
}

// at returns the detail of index i (1-based, as add returned it).
func (s *detailStore) at(i uint32) *resultDetail {
	i--
	return &s.chunks[i/detailChunk][i%detailChunk]
}

// maxReportResults bounds the results of one report: a row indexes its
// rule, subject and detail with 32 bits. Evaluate refuses a portfolio and
// policy set that would exceed it (over four billion results; the reader's
// limits keep portfolios far below).
const maxReportResults = math.MaxUint32 - 1

// resultStore is the results of a report.
type resultStore struct {
	rows     []resultRow
	rules    []ruleKey
	subjects []subjectKey
	details  detailStore
	// ruleIndex finds a rule that add put in rules.
	ruleIndex map[ruleKey]uint32
	// src computes the explanations; nil for a report decoded from JSON.
	src *explainSource
}

// distinctSubjects counts the distinct subjects among those used (two
// entries may be equal: a waiver's warning about a subject that has
// results, or subjects a host's unvalidated portfolio repeats).
func (s *resultStore) distinctSubjects(used []bool) int {
	seen := make(map[subjectKey]bool, len(s.subjects))
	for i, u := range used {
		if u {
			seen[s.subjects[i]] = true
		}
	}
	return len(seen)
}

// len is the number of results.
func (s *resultStore) len() int { return len(s.rows) }

// result expands row i.
func (s *resultStore) result(i int) Result {
	row := &s.rows[i]
	rk := &s.rules[row.rule]
	sk := &s.subjects[row.subject]
	res := Result{Policy: rk.policy, PolicyVersion: rk.version, Rule: rk.rule,
		Subject: sk.subject, SubjectKind: sk.kind, Project: sk.project,
		Severity: Severity(row.sev), Outcome: Outcome(row.outcome)}
	res.Message = rowMessages[row.message]
	if row.detail != 0 {
		d := s.details.at(row.detail)
		res.Message, res.Level, res.Waiver = d.message, d.level, d.waiver
		if d.pending {
			m := d.m.Load()
			if m == nil {
				msg := s.src.message(row.rule, row.subject)
				if !d.m.CompareAndSwap(nil, &msg) {
					m = d.m.Load() // another expansion made it first
				} else {
					m = &msg
				}
			}
			res.Message = *m + d.message
		}
		res.explanation = d.x.Load()
		if res.explanation == nil && explained(res.Outcome) {
			if x := s.src.explanation(row.rule, row.subject, d.level); x != nil {
				if !d.x.CompareAndSwap(nil, x) {
					x = d.x.Load() // another expansion made it first
				}
				res.explanation = x
			}
		}
	}
	return res
}

// expand returns the results of the rows that keep holds for, in order,
// in a slice of their number (nil for none).
func (s *resultStore) expand(keep func(i int) bool) []Result {
	n := 0
	for i := range s.len() {
		if keep(i) {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]Result, 0, n)
	for i := range s.len() {
		if keep(i) {
			out = append(out, s.result(i))
		}
	}
	return out
}

// outcome and severity read row i without expanding it.
func (s *resultStore) outcome(i int) Outcome   { return Outcome(s.rows[i].outcome) }
func (s *resultStore) severity(i int) Severity { return Severity(s.rows[i].sev) }

// isViolation is Result.IsViolation of row i.
func (s *resultStore) isViolation(i int) bool {
	o := s.outcome(i)
	return o == OutcomeFail || o == OutcomeError
}

// level is the level of row i (rated results), without expanding it.
func (s *resultStore) level(i int) string {
	if d := s.rows[i].detail; d != 0 {
		return s.details.at(d).level
	}
	return ""
}

// set writes res into row, its detail into details: res's rule and subject
// are rule and subject (indexes the caller keeps); res's explanation is
// not kept (the store makes it on expansion, from its explainSource).
func (row *resultRow) set(res *Result, rule, subject uint32, details *detailStore, pending bool) {
	*row = resultRow{rule: rule, subject: subject, outcome: uint8(res.Outcome), sev: uint8(res.Severity)}
	if res.Level != "" || res.Waiver != nil || explained(res.Outcome) || pending {
		row.detail = details.add(res.Message, res.Level, res.Waiver)
		details.at(row.detail).pending = pending
		return
	}
	switch res.Message {
	case "":
	case skipPolicyWhen:
		row.message = 1
	case skipRuleWhen:
		row.message = 2
	default:
		row.detail = details.add(res.Message, "", nil)
	}
}

// add appends res, interning its rule; its subject is a new entry unless
// it is the last result's.
func (s *resultStore) add(res Result) {
	if s.ruleIndex == nil {
		// Only the entries add made: an entry of the evaluation's own
		// table has an explainSource rule, which a result added here (a
		// waiver's warning, say, whose rule ID a policy might also use)
		// must not get.
		s.ruleIndex = make(map[ruleKey]uint32)
	}
	rk := ruleKey{res.Policy, res.PolicyVersion, res.Rule}
	ri, ok := s.ruleIndex[rk]
	if !ok {
		ri = uint32(len(s.rules))
		s.rules = append(s.rules, rk)
		s.ruleIndex[rk] = ri
	}
	sk := keyOf(&res)
	if n := len(s.subjects); n == 0 || s.subjects[n-1] != sk {
		s.subjects = append(s.subjects, sk)
	}
	s.rows = append(s.rows, resultRow{})
	row := &s.rows[len(s.rows)-1]
	row.set(&res, ri, uint32(len(s.subjects)-1), &s.details, false)
	if res.explanation != nil {
		if row.detail == 0 {
			row.detail = s.details.add("", "", nil)
		}
		s.details.at(row.detail).x.Store(res.explanation)
	}
}

// storeOf stores results (a report decoded from JSON, or built by a test).
func storeOf(results []Result) resultStore {
	s := resultStore{rows: make([]resultRow, 0, len(results))}
	for _, r := range results {
		s.add(r)
	}
	return s
}

// gather moves the details of the rows from the workers' stores into one,
// in row order, so that a report does not depend on how its subjects were
// spread over the workers.
func (s *resultStore) gather(workers []detailStore) {
	if len(workers) == 1 {
		s.details = workers[0]
		return
	}
	for i := range s.rows {
		row := &s.rows[i]
		if row.detail != 0 {
			d := workers[row.worker].at(row.detail)
			row.detail = s.details.add(d.message, d.level, d.waiver)
			s.details.at(row.detail).pending = d.pending
		}
		row.worker = 0
	}
}

// resultsJSON is the JSON array of a store's results, written one result at
// a time rather than through a slice of every expanded result.
type resultsJSON struct{ s *resultStore }

// MarshalJSON implements [json.Marshaler].
func (r resultsJSON) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('[')
	for i := range r.s.len() {
		if i > 0 {
			buf.WriteByte(',')
		}
		b, err := r.s.result(i).MarshalJSON()
		if err != nil {
			return nil, err
		}
		buf.Write(b)
	}
	buf.WriteByte(']')
	return buf.Bytes(), nil
}

var _ json.Marshaler = resultsJSON{}
