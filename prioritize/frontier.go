package prioritize

import (
	"context"
	"errors"

	"github.com/pmokit/pmokit/pmo"
	"github.com/shopspring/decimal"
)

// MaxFrontierPoints caps the number of budget levels of one [Frontier] call.
const MaxFrontierPoints = 10_000

// FrontierPoint is the best selection at one budget level.
type FrontierPoint struct {
	Budget pmo.Money `json:"budget"`
	// Feasible is false when the constraints cannot be met at this budget
	// (e.g. the mandatory projects cost more); Value is then 0, IDs empty
	// and Reason says which constraint fails.
	Feasible bool      `json:"feasible"`
	Value    float64   `json:"value"`
	Cost     pmo.Money `json:"cost"`
	IDs      []string  `json:"ids"` // chosen candidates, in input order
	// Reason is the message of the infeasibility error (matching
	// [ErrInfeasible]) of [Select] at this budget, naming the constraint;
	// empty when Feasible.
	Reason string `json:"reason,omitempty"`
}

// Frontier computes the efficient frontier: the best value reachable at each
// budget level from, from+step, from+2·step, … up to to (and to itself when
// the steps do not land on it), under the constraints of opts (whose Budget is
// ignored). It solves one exact [Select] per level, so the same limits apply:
// a level that hits the node limit makes Frontier return the points so far and
// an error matching [ErrSearchLimit]. A level where the constraints are
// infeasible is a point with Feasible false and the failing constraint in
// its Reason, not an error.
//
// from, to and step must share one currency (else an error matching
// [pmo.ErrCurrencyMismatch]); step must be positive, from <= to, from >= 0,
// and there may be at most [MaxFrontierPoints] levels.
func Frontier(ctx context.Context, candidates []Candidate, opts SelectOptions, from, to, step pmo.Money) ([]FrontierPoint, error) {
	for _, m := range []pmo.Money{from, to, step} {
		if m.IsZero() {
			return nil, invalidf("frontier: from, to and step must all be given")
		}
		if m.Currency != from.Currency {
			return nil, mismatchf("frontier: from %s, to %s and step %s are not in one currency", from, to, step)
		}
	}
	switch {
	case step.Sign() <= 0:
		return nil, invalidf("frontier: step %s is not positive", step)
	case from.Sign() < 0:
		return nil, invalidf("frontier: from %s is negative", from)
	case from.Amount.GreaterThan(to.Amount):
		return nil, invalidf("frontier: from %s is above to %s", from, to)
	}
	n := to.Amount.Sub(from.Amount).Div(step.Amount).Floor()
	if n.GreaterThanOrEqual(decimal.NewFromInt(MaxFrontierPoints)) {
		return nil, invalidf("frontier: more than %d budget levels from %s to %s by %s", MaxFrontierPoints, from, to, step)
	}
	var levels []pmo.Money
	for b := from; !b.Amount.GreaterThan(to.Amount); b = pmo.NewMoney(b.Amount.Add(step.Amount), b.Currency) {
		levels = append(levels, b)
	}
	if last := levels[len(levels)-1]; !last.Amount.Equal(to.Amount) {
		levels = append(levels, to)
	}
	out := make([]FrontierPoint, 0, len(levels))
	for _, b := range levels {
		o := opts
		o.Budget = b
		sel, err := Select(ctx, candidates, o)
		switch {
		case errors.Is(err, ErrInfeasible):
			out = append(out, FrontierPoint{Budget: b, Cost: pmo.NewMoney(decimal.Zero, b.Currency), Reason: err.Error()})
			continue
		case err != nil:
			return out, wrapf(err, "frontier at budget %s", b)
		}
		out = append(out, FrontierPoint{Budget: b, Feasible: true, Value: sel.Value, Cost: sel.Cost, IDs: sel.IDs})
	}
	return out, nil
}
