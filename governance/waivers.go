package governance

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"cel.dev/cel-go/common/types"

	"github.com/pmokit/pmokit/internal/document"
	"github.com/pmokit/pmokit/internal/textcut"
	"github.com/pmokit/pmokit/pmo"
)

// This file holds waivers: the portfolio's governed exceptions
// (pmo.Waiver) and what the evaluation does with them. One implementation
// serves every path: the evaluation shared by Evaluate and CheckGate
// (PolicySet.run) prepares the waivers once per call, applies them to each
// failing result, and appends the expiring-soon warnings; PolicySet.Waivers
// lists them with the same checks. The suite runner, governancetest and the
// pmokit command call those two, so a waiver means the same everywhere.

// DefaultWaiverApprovers are the roles allowed to approve a waiver of a
// policy that does not declare waiver_approvers: the PMO and the portfolio
// board, the bodies that own the portfolio's standards. A project's own
// sponsor or manager is not among them by default (they ask for the
// exception; they do not grant it against the PMO's standards); a policy
// that wants them lists their roles. The approver must hold the role in
// portfolio.people (a role is authority only when the register grants it),
// except that, as in approved_by_role, a project's own sponsor holds the
// sponsor role for the waivers of that project.
var DefaultWaiverApprovers = []string{"pmo", "portfolio_board"}

// DefaultWaiverWarning is how long before its expiry a waiver in use gives
// a warning result of its own ([RuleWaiverExpiring]): 14 days. Set another
// window with [WaiverWarning].
const DefaultWaiverWarning = 14 * 24 * time.Hour

// MaxWaiverDays is the largest max_waiver_days a policy may declare, ten
// years.
const MaxWaiverDays = 3650

// RuleWaiverExpiring is the rule of the warning result that a waiver in use
// is about to expire: a result of the waiver's policy and subject, severity
// warning, outcome fail, naming the waiver in Result.Waiver.
const RuleWaiverExpiring = "waiver-expiring"

// RuleWaiverNotEvaluated is the rule of the warning result that a waiver
// names a policy the evaluated policy set does not have: a result of the
// named policy and the waiver's subject, severity warning, outcome fail,
// naming the waiver in Result.Waiver. It is a warning, not an error of
// Evaluate, so that a portfolio whose register covers the whole rulebook
// can be evaluated with some of its policies; the waiver applies to
// nothing, and a misspelt policy name shows in every report. PolicySet.Waivers,
// which checks the register against the policy set, lists such a waiver as
// invalid.
const RuleWaiverNotEvaluated = "waiver-policy-not-evaluated"

// maxCachedConditions bounds the compiled waiver conditions a PolicySet
// keeps; past it, conditions are compiled on each use.
const maxCachedConditions = 4096

// ErrInvalidWaiver is matched (errors.Is) by the errors of [PolicySet.Evaluate]
// and [PolicySet.CheckGate] about a waiver that names a policy, rule or
// subject that does not exist, or lacks a required field. It wraps
// [pmo.ErrInvalid].
var ErrInvalidWaiver = fmt.Errorf("%w: invalid waiver", pmo.ErrInvalid)

// WaiverError is one waiver that cannot be applied at all: it names a
// policy that is not in the policy set, a rule the policy does not have, a
// subject that does not exist or does not suit the policy's scope, or it
// lacks a required field. Path locates the field (waivers[2].rule), ID is
// the waiver's id and Err the cause. It matches [ErrInvalidWaiver] (and so
// [pmo.ErrInvalid]). Evaluate and CheckGate return every such error joined
// (errors.Join): a waiver is never ignored.
type WaiverError struct {
	Path string
	ID   string
	Err  error
}

// Error returns "governance: <path>: waiver <id>: <cause>".
func (e *WaiverError) Error() string {
	var b strings.Builder
	b.WriteString("governance: ")
	b.WriteString(e.Path)
	b.WriteString(": ")
	if e.ID != "" {
		fmt.Fprintf(&b, "waiver %s: ", textcut.Quote(e.ID))
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns Err, the cause.
func (e *WaiverError) Unwrap() error { return e.Err }

// Is reports whether target is [ErrInvalidWaiver] or [pmo.ErrInvalid].
func (e *WaiverError) Is(target error) bool {
	return target == ErrInvalidWaiver || target == pmo.ErrInvalid
}

// WaiverWarning sets how long before its expiry a waiver in use gives a
// warning result ([RuleWaiverExpiring]); the default is
// [DefaultWaiverWarning]. Zero or a negative d gives no such warnings.
func WaiverWarning(d time.Duration) EvalOption {
	return func(c *evalConfig) { c.waiverWarn, c.waiverWarnSet = max(d, 0), true }
}

func (c evalConfig) waiverWindow() time.Duration {
	if !c.waiverWarnSet {
		return DefaultWaiverWarning
	}
	return c.waiverWarn
}

// waiverPolicy is what a compiled policy says about its waivers.
type waiverPolicy struct {
	waivable  bool
	approvers []string // never empty: the declared roles or the default
	maxDays   int      // 0: no bound
}

// waiverPolicy checks and compiles the waiver fields of the policy.
func (pc *policyCompiler) waiverPolicy() waiverPolicy {
	p := pc.p
	wp := waiverPolicy{waivable: p.Waivable == nil || *p.Waivable, maxDays: p.MaxWaiverDays}
	if p.MaxWaiverDays < 0 || p.MaxWaiverDays > MaxWaiverDays {
		pc.errs = append(pc.errs, &CompileError{Policy: p.Name, Path: "max_waiver_days", File: p.Source,
			Err: fmt.Errorf("max_waiver_days %d outside 0..%d (0: no bound)", p.MaxWaiverDays, MaxWaiverDays)})
	}
	for i, r := range p.WaiverApprovers {
		if strings.TrimSpace(r) == "" {
			pc.errs = append(pc.errs, &CompileError{Policy: p.Name, Path: fmt.Sprintf("waiver_approvers[%d]", i), File: p.Source,
				Err: errors.New("empty role")})
		}
	}
	wp.approvers = p.WaiverApprovers
	if len(wp.approvers) == 0 {
		wp.approvers = DefaultWaiverApprovers
	}
	return wp
}

// policyWaiverKey reads the waiver keys of a policy file.
func (pp *policyParser) policyWaiverKey(p *Policy, key string, v *document.Node) {
	switch key {
	case "waivable":
		p.Waivable = pp.boolPtr(v, key)
	case "max_waiver_days":
		if v.Kind != document.Int {
			pp.errorf(v, key, "must be a whole number of days, found %s", v.Describe())
			return
		}
		var n int
		if _, err := fmt.Sscan(v.Value, &n); err != nil || n < 0 || n > MaxWaiverDays {
			pp.errorf(v, key, "max_waiver_days %s outside 0..%d (0: no bound)", textcut.Quote(v.Value), MaxWaiverDays)
			return
		}
		p.MaxWaiverDays = n
	case "waiver_approvers":
		if v.Kind != document.Seq {
			pp.errorf(v, key, "must be a list of roles, found %s", kindName(v))
			return
		}
		for i := range v.Kids {
			f := fmt.Sprintf("%s[%d]", key, i)
			r := pp.str(&v.Kids[i], f)
			if strings.TrimSpace(r) == "" {
				pp.errorf(&v.Kids[i], f, "must not be empty")
			}
			p.WaiverApprovers = append(p.WaiverApprovers, r)
		}
	}
}

// boolPtr reads a true or false.
func (pp *policyParser) boolPtr(v *document.Node, field string) *bool {
	if v.Kind != document.Bool {
		pp.errorf(v, field, "must be true or false, found %s", v.Describe())
		return nil
	}
	b := v.Value == "true" || v.Value == "True" || v.Value == "TRUE"
	return &b
}

// conditionCache holds the compiled waiver conditions of a PolicySet, by
// policy and expression text. Its zero value is ready; it is safe for
// concurrent use.
type conditionCache struct {
	mu sync.Mutex
	m  map[conditionKey]*conditionEntry
}

type conditionKey struct {
	policy *compiledPolicy
	text   string
}

type conditionEntry struct {
	prg *program
	err string // a compile error
}

// condition returns the compiled condition, compiling it on first use.
func (s *PolicySet) condition(cp *compiledPolicy, text string) *conditionEntry {
	k := conditionKey{cp, text}
	s.conds.mu.Lock()
	e, ok := s.conds.m[k]
	s.conds.mu.Unlock()
	if ok {
		return e
	}
	e = s.compileCondition(cp, text)
	s.conds.mu.Lock()
	defer s.conds.mu.Unlock()
	if s.conds.m == nil {
		s.conds.m = make(map[conditionKey]*conditionEntry)
	}
	if len(s.conds.m) < maxCachedConditions {
		s.conds.m[k] = e
	}
	return e
}

// compileCondition compiles a waiver condition in the environment of its
// policy (the scope's variables and the policy's variables), as a boolean,
// with the cost bounds of a rule.
func (s *PolicySet) compileCondition(cp *compiledPolicy, text string) (out *conditionEntry) {
	defer func() {
		if r := recover(); r != nil {
			out = &conditionEntry{err: fmt.Sprintf("internal error: %v", r)}
		}
	}()
	if s.engine == nil || cp.env == nil {
		return &conditionEntry{err: "policy set not compiled by an Engine"}
	}
	pc := &policyCompiler{e: s.engine, p: &Policy{Name: cp.name}, env: cp.env}
	prg := pc.compile("", "condition", text, exprPos{}, types.BoolType)
	if prg == nil {
		var msgs []string
		for _, err := range pc.errs {
			var ce *CompileError
			if errors.As(err, &ce) {
				m := ce.Err.Error()
				if ce.Line > 0 {
					m = fmt.Sprintf("%d:%d: %s", ce.Line, ce.Column, m)
				}
				msgs = append(msgs, m)
			} else {
				msgs = append(msgs, err.Error())
			}
		}
		return &conditionEntry{err: "does not compile: " + textcut.Message(strings.Join(msgs, "; "))}
	}
	return &conditionEntry{prg: prg}
}

// waiverRun is the waivers of one evaluation: each resolved against the
// policy set, checked, and indexed by what it waives. The workers write
// only the state of the waivers of the subjects they evaluate (each subject
// is evaluated once, by one worker), and the warnings are read after they
// have all finished.
type waiverRun struct {
	set     *PolicySet
	now     time.Time
	warn    time.Duration
	waivers []waiverState // in portfolio order
	byKey   map[waiverKey][]int
}

// waiverKey identifies what a waiver applies to: a policy on a subject
// (the portfolio: project and change nil; a project; a change request).
type waiverKey struct {
	policy  *compiledPolicy
	project *pmo.Project
	change  *pmo.Change
}

// waiverState is one waiver of the run.
type waiverState struct {
	w       *pmo.Waiver
	index   int
	policy  *compiledPolicy
	rule    *compiledRule // nil: the whole policy
	sub     subject
	invalid error    // a WaiverError: not applicable at all
	static  []string // why it does not hold, found without evaluating anything
	expired bool
	// Set by the worker of the subject.
	condsDone bool
	conds     []string // failed or erroring conditions
	used      bool
	use       *WaiverUse // what the results it waives say, made on first use
	// outside: the only problem is a policy the set does not have (see
	// RuleWaiverNotEvaluated).
	outside bool
}

// holds returns the WaiverUse of the results the waiver waives: one per
// waiver and worker, shared by those results, so that waiving costs no
// allocation per result.
func (ws *waiverState) holds() *WaiverUse {
	if ws.use == nil {
		ws.use = &WaiverUse{ID: ws.w.ID, Expires: ws.w.Expires, Conditions: ws.w.Conditions}
	}
	return ws.use
}

// problems returns why the waiver does not hold (empty: it holds).
func (ws *waiverState) problems() []string {
	return append(slices.Clip(ws.static), ws.conds...)
}

// prepareWaivers resolves and checks the portfolio's waivers for one
// evaluation. It returns nil when the portfolio has none, and the joined
// WaiverErrors of the waivers that name what does not exist.
func (s *PolicySet) prepareWaivers(pf *pmo.Portfolio, cfg evalConfig) (*waiverRun, error) {
	if len(pf.Waivers) == 0 {
		return nil, nil
	}
	wr := s.resolveWaivers(pf, cfg)
	var errs []error
	for i := range wr.waivers {
		if err := wr.waivers[i].invalid; err != nil && !wr.waivers[i].outside {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return wr, nil
}

// resolveWaivers resolves every waiver; the ones that cannot be applied
// carry their error in invalid.
func (s *PolicySet) resolveWaivers(pf *pmo.Portfolio, cfg evalConfig) *waiverRun {
	wr := &waiverRun{set: s, now: cfg.now, warn: cfg.waiverWindow(), waivers: make([]waiverState, len(pf.Waivers)),
		byKey: make(map[waiverKey][]int, len(pf.Waivers))}
	byName := make(map[string]*compiledPolicy, len(s.policies))
	for _, p := range s.policies {
		byName[p.name] = p
	}
	ids := make(map[string]int, len(pf.Waivers))
	ix := newWaiverIndex(pf)
	for i := range pf.Waivers {
		w := &pf.Waivers[i]
		ws := &wr.waivers[i]
		ws.w, ws.index = w, i
		fail := ws.fail
		switch j, dup := ids[w.ID]; {
		case w.ID == "":
			fail("id", "missing required field")
		case dup:
			fail("id", "duplicate id (first at waivers[%d])", j)
		default:
			ids[w.ID] = i
		}
		if w.Expires.IsZero() {
			fail("expires", "missing required field (a waiver always expires)")
		}
		p, ok := byName[w.Policy]
		switch {
		case w.Policy == "":
			fail("policy", "missing required field")
		case !ok:
			fail("policy", "unknown policy %s (the policy set has %s)", textcut.Quote(w.Policy), quoteList(s.PolicyNames()))
			ws.outside = ws.invalid.(*WaiverError).Path == fmt.Sprintf("waivers[%d].policy", i)
		}
		if ws.invalid != nil {
			continue
		}
		ws.policy = p
		if w.Rule != "" {
			for _, r := range p.rules {
				if r.id == w.Rule {
					ws.rule = r
				}
			}
			if ws.rule == nil {
				ids := make([]string, len(p.rules))
				for k, r := range p.rules {
					ids[k] = r.id
				}
				fail("rule", "policy %s has no rule %s (its rules: %s)", textcut.Quote(p.name), textcut.Quote(w.Rule), quoteList(ids))
				continue
			}
		}
		sub, err := ix.subject(w.Subject, p.scope)
		if err != nil {
			fail("subject", "%v", err)
			continue
		}
		ws.sub = sub
		ws.static = ws.check(ix, cfg.now)
		k := waiverKey{policy: p, project: sub.project, change: sub.change}
		wr.byKey[k] = append(wr.byKey[k], i)
	}
	return wr
}

// fail records why the waiver cannot be applied at all (the first reason).
func (ws *waiverState) fail(field string, format string, args ...any) {
	if ws.invalid == nil {
		ws.invalid = &WaiverError{Path: fmt.Sprintf("waivers[%d].%s", ws.index, field), ID: ws.w.ID, Err: fmt.Errorf(format, args...)}
	}
}

// quoteList quotes up to five names.
func quoteList(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	q := make([]string, 0, 6)
	for i, n := range names {
		if i == 5 {
			q = append(q, fmt.Sprintf("and %d more", len(names)-5))
			break
		}
		q = append(q, textcut.Quote(n))
	}
	return strings.Join(q, ", ")
}

// waiverIndex finds the people and subjects waivers name, by ID, without
// a scan of the portfolio per waiver. It is built once per evaluation.
type waiverIndex struct {
	pf       *pmo.Portfolio
	projects map[string]*pmo.Project // the first project of each ID
	people   map[string]*pmo.Person
	changes  map[string][]subject // by change ID, in portfolio order; built on first use
}

func newWaiverIndex(pf *pmo.Portfolio) *waiverIndex {
	ix := &waiverIndex{pf: pf, projects: make(map[string]*pmo.Project, len(pf.Projects)), people: make(map[string]*pmo.Person, len(pf.People))}
	for i := range pf.Projects {
		if _, dup := ix.projects[pf.Projects[i].ID]; !dup {
			ix.projects[pf.Projects[i].ID] = &pf.Projects[i]
		}
	}
	for i := range pf.People {
		if _, dup := ix.people[pf.People[i].ID]; !dup {
			ix.people[pf.People[i].ID] = &pf.People[i]
		}
	}
	return ix
}

// subject finds the subject a waiver names for a policy of scope.
func (ix *waiverIndex) subject(id string, scope Scope) (subject, error) {
	pf := ix.pf
	if id == "" {
		return subject{}, errors.New("missing required field")
	}
	switch scope {
	case ScopePortfolio:
		if id != pf.ID {
			return subject{}, fmt.Errorf("the policy has scope portfolio: the subject must be the portfolio's id %s, not %s", textcut.Quote(pf.ID), textcut.Quote(id))
		}
		return subject{kind: SubjectPortfolio}, nil
	case ScopeProject, ScopeGate:
		if p, ok := ix.projects[id]; ok {
			return subject{kind: SubjectProject, project: p}, nil
		}
		return subject{}, fmt.Errorf("the policy has scope %s: no project %s", scope, textcut.Quote(id))
	case ScopeChange:
		if ix.changes == nil {
			ix.changes = make(map[string][]subject)
			for i := range pf.Projects {
				p := &pf.Projects[i]
				for j := range p.Changes {
					c := &p.Changes[j]
					ix.changes[c.ID] = append(ix.changes[c.ID], subject{kind: SubjectChange, project: p, change: c})
				}
			}
		}
		found := ix.changes[id]
		if prj, ch, qualified := strings.Cut(id, "/"); qualified && len(found) == 0 {
			for _, s := range ix.changes[ch] {
				if s.project.ID == prj {
					found = append(found, s)
				}
			}
		}
		switch len(found) {
		case 0:
			return subject{}, fmt.Errorf("the policy has scope change: no change request %s", textcut.Quote(id))
		case 1:
			return found[0], nil
		}
		return subject{}, fmt.Errorf("change request id %s is used by projects %s and %s: write %s/%s",
			textcut.Quote(id), textcut.Quote(found[0].project.ID), textcut.Quote(found[1].project.ID), found[0].project.ID, id)
	}
	return subject{}, fmt.Errorf("invalid scope %d", int(scope))
}

// check returns why the waiver does not hold, from its data alone:
// non-waivable policy or rule, no approval, an approver without an allowed
// role or who is the requester, dates out of order, longer than the
// policy allows, approved after the clock, expired.
func (ws *waiverState) check(ix *waiverIndex, now time.Time) []string {
	w, p := ws.w, ws.policy
	var out []string
	if !p.waiver.waivable {
		out = append(out, fmt.Sprintf("policy %s is not waivable", textcut.Quote(p.name)))
	}
	if ws.rule != nil && !ws.rule.waivable {
		out = append(out, fmt.Sprintf("rule %s is not waivable", textcut.Quote(ws.rule.id)))
	}
	switch {
	case w.ApprovedBy == "":
		out = append(out, "not approved: approved_by is missing")
	default:
		person, ok := ix.people[w.ApprovedBy]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("approver %s is not a person of the portfolio", textcut.Quote(w.ApprovedBy)))
		case !slices.ContainsFunc(p.waiver.approvers, person.HasRole) && !ws.ownSponsor():
			out = append(out, fmt.Sprintf("approver %s holds none of the roles that may approve waivers of policy %s: %s",
				textcut.Quote(w.ApprovedBy), textcut.Quote(p.name), strings.Join(p.waiver.approvers, ", ")))
		}
		if w.RequestedBy == w.ApprovedBy {
			out = append(out, fmt.Sprintf("approver %s is the requester (segregation of duties)", textcut.Quote(w.ApprovedBy)))
		}
	}
	switch {
	case !w.ApprovedOn.IsZero():
	case p.waiver.maxDays > 0:
		// Without the approval date the duration cannot be checked: never
		// a guess.
		out = append(out, fmt.Sprintf("approved_on is missing: policy %s bounds a waiver to %d days from its approval (max_waiver_days)", textcut.Quote(p.name), p.waiver.maxDays))
	case !w.RequestedOn.IsZero():
		out = append(out, "approved_on is missing: it cannot be checked against requested_on")
	}
	if !w.ApprovedOn.IsZero() {
		if !w.RequestedOn.IsZero() && w.ApprovedOn.Before(w.RequestedOn) {
			out = append(out, fmt.Sprintf("approved on %s, before it was requested on %s", day(w.ApprovedOn), day(w.RequestedOn)))
		}
		if !w.Expires.After(w.ApprovedOn) {
			out = append(out, fmt.Sprintf("expires on %s, not after its approval on %s", day(w.Expires), day(w.ApprovedOn)))
		} else if m := p.waiver.maxDays; m > 0 && w.Expires.Sub(w.ApprovedOn) > time.Duration(m)*24*time.Hour {
			out = append(out, fmt.Sprintf("lasts %s from its approval on %s to %s, longer than the %d days policy %s allows (max_waiver_days)",
				days(w.Expires.Sub(w.ApprovedOn)), day(w.ApprovedOn), day(w.Expires), m, textcut.Quote(p.name)))
		}
	}
	if !w.ApprovedOn.IsZero() && now.Before(w.ApprovedOn) {
		// A verdict at a past clock does not use a later approval.
		out = append(out, fmt.Sprintf("not yet approved at %s: approved on %s", day(now), day(w.ApprovedOn)))
	}
	if !now.Before(w.Expires) {
		ws.expired = true
		out = append(out, fmt.Sprintf("expired on %s", day(w.Expires)))
	}
	return out
}

// ownSponsor reports whether the approver is the sponsor of the waiver's
// project and the policy lets sponsors approve: as in approved_by_role, a
// project's own sponsor holds the sponsor role for that project.
func (ws *waiverState) ownSponsor() bool {
	p := ws.sub.project
	return p != nil && p.Sponsor != "" && p.Sponsor == ws.w.ApprovedBy && slices.Contains(ws.policy.waiver.approvers, "sponsor")
}

// day writes a time as a date, or as an RFC 3339 timestamp when it is not
// midnight UTC.
func day(t time.Time) string {
	if t.Equal(t.Truncate(24*time.Hour)) && t.Location() == time.UTC {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339)
}

// days writes a duration in days, rounded up ("1 day", "45 days").
func days(d time.Duration) string {
	n := int64((d + 24*time.Hour - 1) / (24 * time.Hour))
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

// conditions evaluates the waiver's conditions on its subject (act is the
// activation of the subject with the waiver's policy), once.
func (ws *waiverState) conditions(set *PolicySet, act *activation) {
	if ws.condsDone {
		return
	}
	ws.condsDone = true
	label := func(i int, text string) string {
		return fmt.Sprintf("condition %d %s", i+1, textcut.Quote(strings.Join(strings.Fields(text), " ")))
	}
	for i, text := range ws.w.Conditions {
		e := set.condition(ws.policy, text)
		if e.err != "" {
			ws.conds = append(ws.conds, label(i, text)+" "+e.err)
			continue
		}
		ok, err := act.evalBool(e.prg)
		switch {
		case err != nil:
			ws.conds = append(ws.conds, label(i, text)+" failed: "+textcut.Message(err.Error()))
		case !ok:
			ws.conds = append(ws.conds, label(i, text)+" is false")
		}
	}
}

// apply applies the waivers of res's policy and subject to res, a result
// of rule r just evaluated with act: a fail that a waiver holding for it
// covers becomes waived; otherwise the violation stands and the result says
// which waivers did not hold and why.
func (wr *waiverRun) apply(act *activation, p *compiledPolicy, r *compiledRule, res *Result) {
	if wr == nil || (res.Outcome != OutcomeFail && res.Outcome != OutcomeError) {
		return
	}
	sub := act.worker.sub
	list := wr.byKey[waiverKey{policy: p, project: sub.project, change: sub.change}]
	if len(list) == 0 {
		return
	}
	// First the waiver that holds, if any, without allocating: the common
	// case of a waived result.
	if res.Outcome == OutcomeFail {
		for _, i := range list {
			ws := &wr.waivers[i]
			if ws.rule != nil && ws.rule != r || len(ws.static) > 0 {
				continue
			}
			ws.conditions(wr.set, act)
			if len(ws.conds) == 0 && (ws.rule != nil || r.waivable) {
				ws.used = true
				res.Outcome = OutcomeWaived
				res.Waiver = ws.holds()
				return
			}
		}
	}
	// None holds: the violation stands and names each waiver with why.
	var ids, why []string
	for _, i := range list {
		ws := &wr.waivers[i]
		if ws.rule != nil && ws.rule != r {
			continue
		}
		ids = append(ids, ws.w.ID)
		var problems []string
		if res.Outcome == OutcomeError {
			problems = []string{"an evaluation error is never waived (fail closed): fix the rule or the data"}
		} else {
			problems = ws.problems()
			if ws.rule == nil && !r.waivable {
				problems = append(problems, fmt.Sprintf("rule %s is not waivable", textcut.Quote(r.id)))
			}
		}
		why = append(why, ws.w.ID+": "+strings.Join(problems, "; "))
	}
	if len(ids) == 0 {
		return
	}
	res.Waiver = &WaiverUse{ID: strings.Join(ids, ", "), Problem: strings.Join(why, " | ")}
	if len(ids) == 1 {
		res.Message += " (waiver " + ids[0] + " does not hold: " + strings.TrimPrefix(why[0], ids[0]+": ") + ")"
	} else {
		res.Message += " (no waiver holds: " + res.Waiver.Problem + ")"
	}
}

// warnings returns the warnings of the run's waivers, in portfolio order:
// a waiver naming a policy the set does not have (RuleWaiverNotEvaluated;
// for a gate check, only the waivers of the gate's project), and a waiver
// in use that is about to expire (RuleWaiverExpiring).
func (wr *waiverRun) warnings(pf *pmo.Portfolio, gateProject *pmo.Project) []Result {
	if wr == nil {
		return nil
	}
	var out []Result
	for i := range wr.waivers {
		ws := &wr.waivers[i]
		if ws.outside {
			if res, ok := wr.notEvaluated(pf, ws, gateProject); ok {
				out = append(out, res)
			}
			continue
		}
		if !ws.used || wr.warn <= 0 {
			continue
		}
		left := ws.w.Expires.Sub(wr.now)
		if left > wr.warn {
			continue
		}
		res := Result{Policy: ws.policy.name, PolicyVersion: ws.policy.version, Rule: RuleWaiverExpiring,
			Subject: ws.sub.id(pf), SubjectKind: ws.sub.kind, Severity: SeverityWarning, Outcome: OutcomeFail,
			Waiver: &WaiverUse{ID: ws.w.ID, Expires: ws.w.Expires}}
		if ws.sub.project != nil {
			res.Project = ws.sub.project.ID
		}
		what := "policy " + ws.policy.name
		if ws.rule != nil {
			what = "rule " + ws.policy.name + "/" + ws.rule.id
		}
		res.Message = fmt.Sprintf("waiver %s of %s expires on %s, in %s: renew it or bring %s into compliance",
			ws.w.ID, what, day(ws.w.Expires), days(left), res.Subject)
		out = append(out, res)
	}
	return out
}

// notEvaluated is the warning that ws names a policy the set does not
// have, on the waiver's subject (a project, a change request, else the
// portfolio); not ok for a gate check of another project.
func (wr *waiverRun) notEvaluated(pf *pmo.Portfolio, ws *waiverState, gateProject *pmo.Project) (Result, bool) {
	w := ws.w
	ix := newWaiverIndex(pf)
	sub := subject{kind: SubjectPortfolio}
	if s, err := ix.subject(w.Subject, ScopeProject); err == nil {
		sub = s
	} else if s, err := ix.subject(w.Subject, ScopeChange); err == nil {
		sub = s
	}
	if gateProject != nil && sub.project != gateProject {
		return Result{}, false
	}
	res := Result{Policy: w.Policy, Rule: RuleWaiverNotEvaluated, Subject: w.Subject, SubjectKind: sub.kind,
		Severity: SeverityWarning, Outcome: OutcomeFail, Waiver: &WaiverUse{ID: w.ID, Expires: w.Expires}}
	if sub.kind == SubjectPortfolio {
		res.Subject = pf.ID
	}
	if sub.project != nil {
		res.Project = sub.project.ID
	}
	hint := ""
	if near := nearest(w.Policy, wr.set.PolicyNames()); near != "" {
		hint = fmt.Sprintf(" (did you mean %s?)", textcut.Quote(near))
	}
	res.Message = fmt.Sprintf("waiver %s names policy %s%s, which the evaluated policy set does not have (it has %s): it waives nothing here; check the name, or evaluate with that policy",
		textcut.Cut(w.ID), textcut.Quote(w.Policy), hint, quoteList(wr.set.PolicyNames()))
	return res, true
}

// waiverFields are the CEL fields of pmo.Waiver (portfolio.waivers).
func waiverFields() []fieldDef {
	type w = pmo.Waiver
	return []fieldDef{
		strField("id", func(x *w) string { return x.ID }),
		strField("policy", func(x *w) string { return x.Policy }),
		strField("rule", func(x *w) string { return x.Rule }),
		strField("subject", func(x *w) string { return x.Subject }),
		strField("reason", func(x *w) string { return x.Reason }),
		strField("reference", func(x *w) string { return x.Reference }),
		strField("requested_by", func(x *w) string { return x.RequestedBy }),
		timeField("requested_on", func(x *w) time.Time { return x.RequestedOn }),
		strField("approved_by", func(x *w) string { return x.ApprovedBy }),
		timeField("approved_on", func(x *w) time.Time { return x.ApprovedOn }),
		timeField("expires", func(x *w) time.Time { return x.Expires }),
		stringsField("conditions", func(x *w) []string { return x.Conditions }),
		attributesField(func(x *w) map[string]any { return x.Attributes }),
	}
}

// waivers measures what the plan measures of the portfolio's waivers for
// the cost estimate; measureOn measures the length of the list.
func (m *sizeMeter) waivers(ws []pmo.Waiver) {
	x := &m.plan.waiver
	for i := range ws {
		w := &ws[i]
		m.s(x.id, w.ID)
		m.s(x.policy, w.Policy)
		m.s(x.rule, w.Rule)
		m.s(x.subject, w.Subject)
		m.s(x.reason, w.Reason)
		m.s(x.reference, w.Reference)
		m.s(x.requestedBy, w.RequestedBy)
		m.s(x.approvedBy, w.ApprovedBy)
		if x.conditions {
			m.strList(w.Conditions)
		}
	}
}
