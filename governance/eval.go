package governance

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"

	"github.com/pmokit/pmokit/pmo"

	"github.com/pmokit/pmokit/internal/textcut"
)

// ErrUnknownProject is matched (errors.Is) by the error of
// [PolicySet.CheckGate] for a project the portfolio does not hold. It wraps
// [pmo.ErrInvalid].
var ErrUnknownProject = fmt.Errorf("%w: unknown project", pmo.ErrInvalid)

// ErrUnknownPhase is matched (errors.Is) by the error of
// [PolicySet.CheckGate] for a phase outside the portfolio's lifecycle. It
// wraps [pmo.ErrInvalid].
var ErrUnknownPhase = fmt.Errorf("%w: phase not in the lifecycle", pmo.ErrInvalid)

// EvalOption configures one evaluation.
type EvalOption func(*evalConfig)

type evalConfig struct {
	now     time.Time
	workers int
	// waiverWarn is the expiring-soon window of waivers, when
	// waiverWarnSet (see WaiverWarning).
	waiverWarn    time.Duration
	waiverWarnSet bool
}

// At sets the evaluation clock, the now of every rule. Without it, Evaluate
// and CheckGate read the wall clock once per call.
func At(now time.Time) EvalOption {
	return func(c *evalConfig) { c.now = now }
}

// Workers sets how many goroutines evaluate subjects in parallel; the
// default (and any n < 1) is runtime.GOMAXPROCS(0). An evaluation uses at
// most 256 goroutines and at most one per subject, whatever n.
func Workers(n int) EvalOption {
	return func(c *evalConfig) { c.workers = n }
}

func newEvalConfig(opts []EvalOption) evalConfig {
	var c evalConfig
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if c.now.IsZero() {
		c.now = time.Now()
	}
	if c.workers < 1 {
		c.workers = runtime.GOMAXPROCS(0)
	}
	return c
}

// subject is one entity the policies of a scope are evaluated on.
type subject struct {
	kind    SubjectKind
	project *pmo.Project
	change  *pmo.Change
	gate    *gateInfo
}

// key is the subject's entry in a report's subject table.
func (s subject) key(pf *pmo.Portfolio) subjectKey {
	k := subjectKey{kind: s.kind, subject: s.id(pf)}
	if s.project != nil {
		k.project = s.project.ID
	}
	return k
}

func (s subject) id(pf *pmo.Portfolio) string {
	switch s.kind {
	case SubjectProject:
		return s.project.ID
	case SubjectChange:
		return s.change.ID
	}
	return pf.ID
}

// Evaluate runs the portfolio-, project- and change-scope policies on pf:
// the portfolio-scope policies once, the project-scope policies on each
// project, the change-scope policies on each change request. Gate-scope
// policies run only in [PolicySet.CheckGate].
//
// The report lists one result per rule (and per rating) per subject, in a
// deterministic order: the portfolio first, then each project in portfolio
// order followed by its change requests in order; within a subject,
// policies in Compile order, and within a policy its ratings, then its
// rules, in file order. Subjects are spread over GOMAXPROCS
// goroutines (see [Workers]); none outlives the call.
//
// When ctx is cancelled or expires, evaluation stops promptly and Evaluate
// returns an error that matches ctx.Err(). Rule evaluation errors are not
// errors of Evaluate: they are results with outcome error.
//
// The portfolio's waivers apply (see [OutcomeWaived] and docs/waivers.md):
// a waiver naming a policy, rule or subject that does not exist is an error
// matching [ErrInvalidWaiver]; the expiring-soon warnings of waivers in use
// come after every subject's results, in register order.
func (s *PolicySet) Evaluate(ctx context.Context, pf *pmo.Portfolio, opts ...EvalOption) (*Report, error) {
	if s == nil {
		return nil, errors.New("governance: evaluate: nil policy set")
	}
	if pf == nil {
		return nil, errors.New("governance: evaluate: nil portfolio")
	}
	cfg := newEvalConfig(opts)
	var has [ScopeChange + 1]bool
	for _, p := range s.policies {
		has[p.scope] = true
	}
	var subjects []subject
	if has[ScopePortfolio] {
		subjects = append(subjects, subject{kind: SubjectPortfolio})
	}
	for i := range pf.Projects {
		p := &pf.Projects[i]
		if has[ScopeProject] {
			subjects = append(subjects, subject{kind: SubjectProject, project: p})
		}
		if has[ScopeChange] {
			for j := range p.Changes {
				subjects = append(subjects, subject{kind: SubjectChange, project: p, change: &p.Changes[j]})
			}
		}
	}
	store, err := s.run(ctx, pf, cfg, subjects, true)
	if err != nil {
		return nil, err
	}
	return &Report{now: cfg.now, store: store, params: s.params, ratings: s.ratingDecls(false)}, nil
}

// CheckGate evaluates one project's move from its current phase to toPhase:
// the gate-scope policies with gate = {from: the project's phase, to:
// toPhase}, and the project-scope policies on that project, in Compile
// order. Report.Blocked says whether the move is blocked and
// Report.Violations why. An unknown project is an error matching
// [ErrUnknownProject]; a toPhase (or current phase) outside the portfolio's
// lifecycle one matching [ErrUnknownPhase]; both match [pmo.ErrInvalid].
func (s *PolicySet) CheckGate(ctx context.Context, pf *pmo.Portfolio, projectID, toPhase string, opts ...EvalOption) (*Report, error) {
	if s == nil {
		return nil, errors.New("governance: check gate: nil policy set")
	}
	if pf == nil {
		return nil, errors.New("governance: check gate: nil portfolio")
	}
	p, ok := pf.Project(projectID)
	if !ok {
		return nil, fmt.Errorf("governance: check gate: %w %s", ErrUnknownProject, textcut.Quote(projectID))
	}
	phases := pf.Phases()
	for _, ph := range []string{p.Phase, toPhase} {
		if !phases.Contains(ph) {
			return nil, fmt.Errorf("governance: check gate: project %s: %w: %s is not one of %v", textcut.Cut(projectID), ErrUnknownPhase, textcut.Quote(ph), []string(phases))
		}
	}
	cfg := newEvalConfig(opts)
	gate := &gateInfo{From: p.Phase, To: toPhase}
	store, err := s.run(ctx, pf, cfg, []subject{{kind: SubjectProject, project: p, gate: gate}}, false)
	if err != nil {
		return nil, err
	}
	return &Report{now: cfg.now, gate: &GateCheck{Project: projectID, From: gate.From, To: gate.To}, store: store, params: s.params, ratings: s.ratingDecls(true)}, nil
}

// run evaluates the subjects on the workers. Every subject's results go to
// its own window of one preallocated slice of rows (see report_store.go),
// so the report is built without copying and in subject order whatever the
// scheduling. With measured, the portfolio is measured first so that
// expressions provably within the cost limit run without the runtime cost
// tracker (see budget.go); a gate check (one subject) does not pay for the
// measurement.
func (s *PolicySet) run(ctx context.Context, pf *pmo.Portfolio, cfg evalConfig, subjects []subject, measured bool) (resultStore, error) {
	if err := ctx.Err(); err != nil {
		return resultStore{}, fmt.Errorf("governance: evaluate: %w", err)
	}
	waivers, err := s.prepareWaivers(pf, cfg) // waivers.go
	if err != nil {
		return resultStore{}, err
	}
	ev := &evaluator{set: s, ctx: ctx, pf: pf, pfVal: newPortfolioVal(pf), now: types.Timestamp{Time: cfg.now}, waivers: waivers}
	var limit uint64
	if s.engine != nil { // a zero PolicySet is empty
		limit = s.engine.costLimit
	}
	ev.interrupt = limit == 0 || limit > maxUninterruptedCost
	if measured && limit > 0 {
		ev.sizes, ev.measured = measureOn(pf, cfg.workers, s.measurePlanFor(waivers)), true
	}
	src := &explainSource{pf: pf, now: cfg.now, subjects: subjects, set: s}
	st := resultStore{subjects: make([]subjectKey, len(subjects)), src: src}
	ev.ruleBase = make([]uint32, len(s.policies))
	for i, p := range s.policies {
		ev.ruleBase[i] = uint32(len(st.rules))
		for _, r := range p.ratings {
			st.rules = append(st.rules, ruleKey{p.name, p.version, r.id})
			src.rules = append(src.rules, explainRule{policy: p, rating: r})
		}
		for _, r := range p.rules {
			st.rules = append(st.rules, ruleKey{p.name, p.version, r.id})
			src.rules = append(src.rules, explainRule{policy: p, rule: r})
		}
	}
	offsets := make([]int, len(subjects)+1)
	for i, sub := range subjects {
		offsets[i+1] = offsets[i] + s.resultCount(sub)
		st.subjects[i] = sub.key(pf)
	}
	if offsets[len(subjects)] > maxReportResults {
		return resultStore{}, fmt.Errorf("governance: evaluate: %d results, more than a report holds (%d)", offsets[len(subjects)], maxReportResults)
	}
	st.rows = make([]resultRow, offsets[len(subjects)])
	window := func(i int) []resultRow { return st.rows[offsets[i]:offsets[i+1]:offsets[i+1]] }
	workers := min(cfg.workers, len(subjects), maxWorkers)
	details := make([]detailStore, max(workers, 1))
	if workers <= 1 {
		w := ev.newWorker(0, &details[0])
		for i, sub := range subjects {
			if ctx.Err() != nil {
				break
			}
			w.subject(sub, uint32(i), window(i))
		}
	} else {
		var (
			next atomic.Int64
			wg   sync.WaitGroup
		)
		chunk := int64(max(1, min(16, len(subjects)/(workers*8))))
		for n := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				w := ev.newWorker(n, &details[n])
				for ctx.Err() == nil {
					start := next.Add(chunk) - chunk
					if start >= int64(len(subjects)) {
						return
					}
					end := min(start+chunk, int64(len(subjects)))
					for i := start; i < end; i++ {
						w.subject(subjects[i], uint32(i), window(int(i)))
					}
				}
			}()
		}
		wg.Wait()
	}
	if err := ctx.Err(); err != nil {
		return resultStore{}, fmt.Errorf("governance: evaluate: %w", err)
	}
	st.gather(details)
	var gateProject *pmo.Project
	if len(subjects) == 1 && subjects[0].gate != nil {
		gateProject = subjects[0].project
	}
	for _, res := range waivers.warnings(pf, gateProject) {
		st.add(res)
	}
	return st, nil
}

// resultCount is the number of results of one subject: one per rule of the
// policies that apply to it.
func (s *PolicySet) resultCount(sub subject) int {
	n := 0
	for _, p := range s.policies {
		if sub.applies(p.scope) {
			n += len(p.ratings) + len(p.rules)
		}
	}
	return n
}

// evaluator holds what all subjects of one call share; it is read-only.
type evaluator struct {
	set   *PolicySet
	ctx   context.Context
	pf    *pmo.Portfolio
	pfVal ref.Val
	now   ref.Val
	// sizes bound the portfolio's data when measured is set.
	sizes    dataSizes
	measured bool
	// interrupt: attach ctx to every evaluation (see maxUninterruptedCost).
	interrupt bool
	sched     scheduleCache // the schedule functions' results (library_schedule.go)
	waivers   *waiverRun    // the portfolio's waivers; nil when it has none (waivers.go)
	// ruleBase is, per policy of the set, the index in the report's rule
	// table of its first rating (or rule): its ratings, then its rules.
	ruleBase []uint32
}

// worker evaluates subjects one after the other. It holds no cel-go
// execution frame: cel-go's interpreter says a frame must not be stored, so
// every evaluation gets its own from cel-go (Eval and ContextEval take one
// from cel-go's pool and return it). What a worker keeps are the
// details of the rows it writes (report_store.go) and buffers it reuses.
type worker struct {
	ev      *evaluator
	id      uint8        // the worker's index, in the rows it writes
	details *detailStore // the details of the rows it writes
	// buf holds the results of the policy being evaluated before they are
	// stored as rows: the results are built in full, then stored compactly.
	buf     []Result
	sub     subject       // the subject being evaluated
	ratings []ratingState // reused by the policies with ratings (ratings.go)
	// act is the activation of the subject being evaluated, reused from one
	// subject to the next (cleared at the start of each), and vars the
	// variable slots of its policies, reused from one policy to the next:
	// neither outlives the subject's evaluation (an explanation builds its
	// own activation).
	act     activation
	vars    []ref.Val
	pending []bool // see pendingSlots
	// native holds the states of the native evaluations in progress
	// (native.go): one per depth, since a variable read by a rule is
	// evaluated within the rule's evaluation. None outlives its evaluation.
	native nativeStack
}

func (ev *evaluator) newWorker(id int, details *detailStore) *worker {
	return &worker{ev: ev, id: uint8(id), details: details}
}

// setSubject sets the activation's subject variables: project, change
// and gate, each when given.
func (a *activation) setSubject(project *pmo.Project, change *pmo.Change, gate *gateInfo) {
	if project != nil {
		a.project = objRef[pmo.Project]{project}
	}
	if change != nil {
		a.change = objRef[pmo.Change]{change}
	}
	if gate != nil {
		a.gate = objRef[gateInfo]{gate}
	}
}

// maxUninterruptedCost is the largest runtime cost limit under which an
// evaluation runs without the context attached. Attaching a context to a
// cel-go evaluation costs a context.WithCancel, a channel and an async
// gate, several times the price of a cheap rule; an evaluation whose cost is
// bounded by a limit of at most one million units (cel-go's tracker stops
// it, or the estimate proves it) ends within milliseconds anyway, and the
// context is checked between evaluations. Above this limit (and without a
// limit) every evaluation attaches the context, so a cancelled or expired
// ctx interrupts the evaluation itself every interruptCheckFrequency
// comprehension iterations.
const maxUninterruptedCost = DefaultCostLimit

// activation resolves the variables of one subject; the variables of the
// policy being evaluated are computed on first read and cached.
type activation struct {
	ev      *evaluator
	worker  *worker // nil: an explanation's re-evaluation, which records nothing
	project ref.Val
	change  ref.Val
	gate    ref.Val
	policy  *compiledPolicy
	vars    []ref.Val     // by index; nil until computed
	ratings []ratingState // by index, computed on first read (ratings.go)
}

var _ interpreter.Activation = (*activation)(nil)

// ResolveName implements interpreter.Activation.
func (a *activation) ResolveName(name string) (any, bool) {
	switch name {
	case "portfolio":
		return a.ev.pfVal, true
	case "now":
		return a.ev.now, true
	case "project":
		return a.project, a.project != nil
	case "change":
		return a.change, a.change != nil
	case "gate":
		return a.gate, a.gate != nil
	case scheduleVar:
		return objRef[evaluator]{a.ev}, true
	case ratingsVar:
		return ratingsRef{a}, a.policy != nil && len(a.policy.ratings) > 0
	}
	if v, ok := strings.CutPrefix(name, "variables."); ok && a.policy != nil {
		i, ok := a.policy.varIndex[v]
		if !ok {
			return nil, false
		}
		return a.variable(i), true
	}
	return nil, false
}

// Parent implements interpreter.Activation.
func (a *activation) Parent() interpreter.Activation { return nil }

// variable returns the value of variable i of the current policy, computing
// it on first use; an evaluation error is returned as an error value, which
// makes every rule that reads it an error.
func (a *activation) variable(i int) ref.Val {
	if a.vars[i] != nil {
		return a.vars[i]
	}
	prg := a.policy.vars[i]
	out, err := a.eval(prg)
	if err != nil {
		out = types.NewErr("variables.%s: %v", a.policy.varNames[i], err)
	}
	a.vars[i] = out
	return out
}

// eval evaluates one program on the activation; a panic is an error. The
// program is the untracked one when the measured portfolio proves its cost
// within the limit (see budget.go), else the tracked one. cel-go gives the
// evaluation a frame of its own and takes it back when it returns, nested
// evaluations (a variable computed while a rule reads it) included.
func (a *activation) eval(p *program) (out ref.Val, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("internal error: %v", r)
		}
	}()
	prg := p.prg
	untracked := p.budget == nil // no cost limit at all
	if a.ev.measured {
		if u := p.budget.program(a.ev.sizes); u != nil {
			prg, untracked = u, true
		}
	}
	// A native plan runs where the untracked program would (native.go);
	// when it gives no value, cel-go evaluates the program.
	if untracked && !a.ev.interrupt && p.native != nil {
		if np := p.native(); np != nil {
			if v, ok := np.eval(a); ok {
				return types.Bool(v), nil
			}
		}
	}
	if !a.ev.interrupt {
		out, _, err = prg.Eval(a)
		return out, err
	}
	out, _, err = prg.ContextEval(a.ev.ctx, a)
	if err != nil && a.ev.ctx.Err() != nil {
		err = fmt.Errorf("%w: %w", err, a.ev.ctx.Err())
	}
	return out, err
}

// subject evaluates every policy of the subject's scope (and for a gate
// check, the project scope too) on subject number si, writing the results
// to out (of length resultCount(sub)).
func (w *worker) subject(sub subject, si uint32, out []resultRow) {
	ev := w.ev
	w.sub = sub
	act := &w.act
	*act = activation{ev: ev, worker: w}
	act.setSubject(sub.project, sub.change, sub.gate)
	k := 0
	for pi, p := range ev.set.policies {
		if !sub.applies(p.scope) {
			continue
		}
		act.policy = p
		act.vars = w.varSlots(len(p.vars))
		buf := w.results(len(p.ratings) + len(p.rules))
		skip, whenErr := "", ""
		if p.when != nil {
			ok, err := act.evalBool(p.when)
			switch {
			case err != nil:
				whenErr = "policy when: " + textcut.Message(err.Error())
			case !ok:
				skip = skipPolicyWhen
			}
		}
		if len(p.ratings) > 0 {
			act.ratingResults(whenErr, skip, buf)
		}
		pending := w.pendingSlots(len(buf))
		for j, r := range p.rules {
			res := &buf[len(p.ratings)+j]
			res.Severity = r.severity
			switch {
			case whenErr != "":
				res.Outcome, res.Message = OutcomeError, whenErr
			case skip != "":
				res.Outcome, res.Message = OutcomeSkipped, skip
			default:
				pending[len(p.ratings)+j] = act.rule(r, res)
			}
			ev.waivers.apply(act, p, r, res)
		}
		// Store the results as rows; the rows' rule indexes are the
		// policy's entries of the rule table, in the same order.
		for j := range buf {
			out[k].set(&buf[j], ev.ruleBase[pi]+uint32(j), si, w.details, pending[j])
			out[k].worker = w.id
			k++
		}
		if ev.ctx.Err() != nil {
			return
		}
	}
}

// results returns n cleared results of the worker's buffer, for one
// policy's results on one subject. Only their outcome, severity, message,
// level, waiver and explanation are set: the rest of a result comes from
// the report's tables.
func (w *worker) results(n int) []Result {
	if cap(w.buf) < n {
		w.buf = make([]Result, n)
	}
	b := w.buf[:n]
	clear(b)
	return b
}

// pendingSlots returns n cleared flags, one per result of the policy
// being evaluated: whether the result's message is its rule's
// message_expression, which the report evaluates when the result is read.
func (w *worker) pendingSlots(n int) []bool {
	if cap(w.pending) < n {
		w.pending = make([]bool, n)
	}
	p := w.pending[:n]
	clear(p)
	return p
}

// varSlots returns n cleared variable slots (nil for none), reusing the
// worker's.
func (w *worker) varSlots(n int) []ref.Val {
	if n == 0 {
		return nil
	}
	if cap(w.vars) < n {
		w.vars = make([]ref.Val, n)
	}
	v := w.vars[:n]
	clear(v)
	return v
}

// applies reports whether policies of scope run on this subject.
func (s subject) applies(scope Scope) bool {
	switch s.kind {
	case SubjectPortfolio:
		return scope == ScopePortfolio
	case SubjectChange:
		return scope == ScopeChange
	}
	if s.gate != nil {
		return scope == ScopeProject || scope == ScopeGate
	}
	return scope == ScopeProject
}

// evalBool evaluates a boolean expression.
func (a *activation) evalBool(p *program) (bool, error) {
	out, err := a.eval(p)
	if err != nil {
		return false, err
	}
	b, ok := out.(types.Bool)
	if !ok {
		return false, fmt.Errorf("expression gave %s, want bool", typeName(out))
	}
	return bool(b), nil
}

func typeName(v ref.Val) string {
	if v == nil {
		return "nothing"
	}
	return v.Type().TypeName()
}

// rule evaluates one rule into res. It reports whether res is a failure
// whose message is the rule's message_expression, left for the report to
// evaluate when the result is read (report_store.go): res.Message then
// holds only what a waiver adds to it.
func (a *activation) rule(r *compiledRule, res *Result) (pending bool) {
	if r.when != nil {
		ok, err := a.evalBool(r.when)
		if err != nil {
			res.Outcome, res.Message = OutcomeError, "when: "+textcut.Message(err.Error())
			return
		}
		if !ok {
			res.Outcome, res.Message = OutcomeSkipped, skipRuleWhen
			return
		}
	}
	ok, err := a.evalBool(r.expr)
	if err != nil {
		res.Outcome, res.Message = OutcomeError, "expression: "+textcut.Message(err.Error())
		return
	}
	if ok {
		res.Outcome = OutcomePass
		return
	}
	res.Outcome = OutcomeFail
	// The message and the explanation are the report's to make when the
	// result is read (report_store.go); a message without
	// message_expression is the rule's constant.
	if r.msgExpr != nil {
		return true
	}
	res.Message = r.fallback
	return false
}

// fallbackMessage is the message of a violation of r when r has no
// message_expression (or it fails): its message, else its description, else
// its expression.
func fallbackMessage(r Rule) string {
	switch {
	case r.Message != "":
		return r.Message
	case r.Description != "":
		return r.Description
	}
	return "expression is false: " + strings.Join(strings.Fields(r.Expression), " ")
}

// message is the violation message: message_expression, else message, else
// the rule's description, else the expression.
// (all four fixed at compile time: only a message_expression costs an
// evaluation, one per failure).
func (a *activation) message(r *compiledRule) string {
	fallback := r.fallback
	if r.msgExpr == nil {
		return fallback
	}
	out, err := a.eval(r.msgExpr)
	if err == nil {
		if s, ok := out.(types.String); ok {
			return string(s)
		}
		err = fmt.Errorf("gave %s, want string", typeName(out))
	}
	return fallback + " (message_expression failed: " + textcut.Message(err.Error()) + ")"
}
