package governance

import (
	"context"
	"errors"
	"fmt"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"

	"github.com/pmokit/pmokit/internal/enum"
	"github.com/pmokit/pmokit/pmo"
)

// WaiverState is where a waiver stands at the evaluation clock. Reports
// and the pmokit command use the words "active", "expiring", "expired" and
// "invalid".
type WaiverState int

// The WaiverState values.
const (
	WaiverActive   WaiverState = iota + 1 // "active": it holds and expires after the warning window
	WaiverExpiring                        // "expiring": it holds and expires within the warning window (WaiverWarning)
	WaiverExpired                         // "expired": its expiry has passed (and nothing else is wrong with it)
	WaiverInvalid                         // "invalid": it does not hold for another reason, or names what does not exist
)

var waiverStateTable = &enum.Table[WaiverState]{Pkg: "governance", Kind: "waiver state", Type: "WaiverState", First: WaiverActive, Unset: false, Sentinel: ErrInvalidReport,
	Words: []string{"active", "expiring", "expired", "invalid"}}

// String returns the state's word.
func (s WaiverState) String() string { return waiverStateTable.String(s) }

// MarshalText implements [encoding.TextMarshaler].
func (s WaiverState) MarshalText() ([]byte, error) { return waiverStateTable.Marshal(s) }

// UnmarshalText implements [encoding.TextUnmarshaler].
func (s *WaiverState) UnmarshalText(text []byte) error { return waiverStateTable.Parse(text, s) }

// WaiverStatus is where one waiver of the portfolio stands: what
// [PolicySet.Waivers] lists.
type WaiverStatus struct {
	// ID, Policy, Rule and Subject are the waiver's; Path locates it in the
	// portfolio (waivers[2]).
	ID      string `json:"id"`
	Path    string `json:"path"`
	Policy  string `json:"policy"`
	Rule    string `json:"rule,omitempty"`
	Subject string `json:"subject"`
	// State is active, expiring, expired or invalid.
	State WaiverState `json:"state"`
	// Expires is the waiver's expiry.
	Expires time.Time `json:"expires,omitzero"`
	// Problems say why the waiver does not hold (expired, invalid): the
	// same words a violation it fails to waive carries in
	// Result.Waiver.Problem, or the error of a waiver that names a policy,
	// rule or subject that does not exist.
	Problems []string `json:"problems,omitempty"`
	// Conditions are the waiver's conditions.
	Conditions []string `json:"conditions,omitempty"`
	// Note says what was not checked: the conditions of a waiver of a
	// gate-scope policy read the gate, so they are evaluated only in a gate
	// check.
	Note string `json:"note,omitempty"`
}

// Waivers returns where each waiver of pf stands at the evaluation clock
// ([At]; warning window [WaiverWarning]), in portfolio order, with the
// checks that Evaluate and CheckGate apply: the policy, rule and subject
// named must exist (else invalid, with the error Evaluate would return);
// the waiver must hold (approver, dates, duration, waivability, and its
// conditions evaluated on its subject, except for gate-scope policies).
// A waiver that holds is active, or expiring when it expires within the
// window; one whose only problem is its expiry is expired; any other is
// invalid. Unlike Evaluate, Waivers does not ask whether a waiver is in
// use. The error is for a nil set or portfolio and a cancelled ctx.
func (s *PolicySet) Waivers(ctx context.Context, pf *pmo.Portfolio, opts ...EvalOption) ([]WaiverStatus, error) {
	if s == nil {
		return nil, errors.New("governance: waivers: nil policy set")
	}
	if pf == nil {
		return nil, errors.New("governance: waivers: nil portfolio")
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("governance: waivers: %w", err)
	}
	cfg := newEvalConfig(opts)
	if len(pf.Waivers) == 0 {
		return []WaiverStatus{}, nil
	}
	wr := s.resolveWaivers(pf, cfg)
	ev := &evaluator{set: s, ctx: ctx, pf: pf, pfVal: newPortfolioVal(pf), now: types.Timestamp{Time: cfg.now}, interrupt: true}
	w := ev.newWorker(0, nil)
	out := make([]WaiverStatus, len(wr.waivers))
	for i := range wr.waivers {
		ws := &wr.waivers[i]
		st := WaiverStatus{ID: ws.w.ID, Path: fmt.Sprintf("waivers[%d]", i), Policy: ws.w.Policy, Rule: ws.w.Rule,
			Subject: ws.w.Subject, Expires: ws.w.Expires, Conditions: ws.w.Conditions}
		switch {
		case ws.invalid != nil:
			st.State, st.Problems = WaiverInvalid, []string{ws.invalid.Error()}
		case len(ws.static) > 0:
			st.State, st.Problems = WaiverInvalid, ws.static
			if ws.expired && len(ws.static) == 1 {
				st.State = WaiverExpired
			}
		default:
			if len(ws.w.Conditions) > 0 {
				if ws.policy.scope == ScopeGate {
					st.Note = "conditions are evaluated in a gate check (they may read the gate)"
				} else {
					ws.conditions(s, ev.activationFor(w, ws.sub, ws.policy))
					if err := ctx.Err(); err != nil {
						return nil, fmt.Errorf("governance: waivers: %w", err)
					}
				}
			}
			st.State = WaiverActive
			if p := ws.problems(); len(p) > 0 {
				st.State, st.Problems = WaiverInvalid, p
			} else if ws.w.Expires.Sub(cfg.now) <= wr.warn {
				st.State = WaiverExpiring
			}
		}
		out[i] = st
	}
	return out, nil
}

// activationFor returns an activation of sub with policy p, as the worker
// of that subject builds it.
func (ev *evaluator) activationFor(w *worker, sub subject, p *compiledPolicy) *activation {
	w.sub = sub
	act := &activation{ev: ev, worker: w, policy: p}
	if sub.project != nil {
		act.project = objRef[pmo.Project]{sub.project}
	}
	if sub.change != nil {
		act.change = objRef[pmo.Change]{sub.change}
	}
	if sub.gate != nil {
		act.gate = objRef[gateInfo]{sub.gate}
	}
	if len(p.vars) > 0 {
		act.vars = make([]ref.Val, len(p.vars))
	}
	return act
}
