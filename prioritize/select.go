package prioritize

import (
	"context"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/pmokit/pmokit/pmo"
	"github.com/shopspring/decimal"

	"github.com/pmokit/pmokit/internal/textcut"
)

// Candidate is a project that a selection may fund.
type Candidate struct {
	ID string `json:"id"`
	// Value is what funding the candidate is worth (a score, a ranking's
	// score, an NPV…); finite and >= 0. A selection maximizes the sum.
	Value float64 `json:"value"`
	// Cost is the money the candidate consumes from the budget: exact, >= 0,
	// in the budget's currency.
	Cost pmo.Money `json:"cost"`
	// Uses is the amount of each capacity-limited resource the candidate
	// consumes (FTE, licences, …); finite and >= 0. Resources without a
	// limit in SelectOptions.Capacity are not constrained.
	Uses map[string]float64 `json:"uses,omitempty"`
	// Requires lists the candidates this one depends on: selecting it
	// selects them (transitively). A cycle of requirements is allowed and
	// means "all or none".
	Requires []string `json:"requires,omitempty"`
}

// SelectOptions are the constraints of a selection.
type SelectOptions struct {
	// Budget is the money available; required (the zero Money is an error).
	// The total cost of the selection never exceeds it, compared exactly.
	Budget pmo.Money `json:"budget"`
	// Capacity limits resources: the selection's total use of each listed
	// resource never exceeds its limit (float64 comparison; amounts that are
	// integers or binary fractions compare exactly).
	Capacity map[string]float64 `json:"capacity,omitempty"`
	// Mandatory candidates are always selected, with everything they require.
	Mandatory []string `json:"mandatory,omitempty"`
	// Excluded candidates are never selected, nor anything that requires them.
	Excluded []string `json:"excluded,omitempty"`
	// Exclusive lists mutual-exclusion groups: at most one candidate of each
	// group is selected.
	Exclusive [][]string `json:"exclusive,omitempty"`
	// NodeLimit caps the branch-and-bound search; 0 means 1,000,000 nodes.
	NodeLimit int `json:"node_limit,omitzero"`
}

// DefaultNodeLimit is the node limit of a selection whose
// SelectOptions.NodeLimit is 0.
const DefaultNodeLimit = 1_000_000

// Bounds of a selection's input, so that the work before the search (and of
// each node) is bounded whatever the input: at most MaxCandidates
// candidates, MaxCapacities limited resources, and MaxClosure entries over
// all the candidates' requirement closures (a candidate and everything it
// requires, transitively: a chain of n requirements makes n(n+1)/2).
const (
	MaxCandidates = 10_000
	MaxCapacities = 64
	MaxClosure    = 1 << 24
)

// Selection is the outcome of [Select]: the chosen candidates and what they
// add up to.
type Selection struct {
	IDs       []string           `json:"ids"`            // chosen candidates, in input order
	Value     float64            `json:"value"`          // total value
	Cost      pmo.Money          `json:"cost"`           // total cost
	Remaining pmo.Money          `json:"remaining"`      // budget − cost
	Uses      map[string]float64 `json:"uses,omitempty"` // total use of each limited resource
	Nodes     int                `json:"nodes"`          // branch-and-bound nodes explored
}

// Select chooses the candidates that maximize total value under the budget,
// capacity limits, mandatory and excluded candidates, requirements and
// mutual-exclusion groups. The optimum is exact (up to a relative 1e-12 of
// the value, the rounding of float64 sums).
//
// # Algorithm
//
// Costs are converted to integers in the smallest currency unit that
// represents every amount exactly, so budget checks are exact integer
// arithmetic. Constraints are propagated first: mandatory candidates pull in
// everything they require; candidates that require an excluded candidate,
// and the group-mates of a mandatory candidate, are excluded. Then a
// depth-first branch and bound decides the remaining candidates with a
// positive value, trying "include" (with everything it requires) before
// "exclude". A node is pruned when the smallest of several upper bounds
// cannot beat the best selection found: fractional-knapsack (linear
// relaxation) bounds on the remaining budget alone, on each remaining
// capacity alone, and, with capacities, on surrogate constraints that add
// up all constraints scaled by their capacity, once with equal multipliers and
// once with multipliers from a subgradient minimization of the root
// Lagrangian dual (which brings that bound close to the LP bound). Each bound
// ignores requirements and groups, so none underestimates. Candidates are
// branched on in the order of value per unit of the last surrogate (of the
// budget, without capacities). Candidates with value 0 are never chosen for
// themselves, only when required.
//
// The worst case is exponential (2^n nodes; the problem is NP-hard), each
// node costing O(n·(r+3)) for r capacities; the input is bounded by
// [MaxCandidates], [MaxCapacities] and [MaxClosure], and the search by the
// node limit and ctx. Typical portfolios prune to a
// few thousand nodes: see BenchmarkSelect200 and BenchmarkSelect200Capacity. The search stops at SelectOptions.NodeLimit nodes
// (default [DefaultNodeLimit]): it then returns the best selection found so
// far together with an error matching [ErrSearchLimit], never a silently
// non-optimal answer. ctx is checked every 1,024 nodes; on cancellation Select
// returns nil and ctx's error.
//
// Errors: invalid input (an empty or duplicate ID, a negative or non-finite
// value or use, values or uses whose sum overflows float64, an unknown ID in a requirement or constraint, a zero budget)
// matches [ErrInvalid]; a currency other than the budget's matches
// [pmo.ErrCurrencyMismatch]; constraints no selection can meet match
// [ErrInfeasible] and name the constraint (a project both mandatory and
// excluded, or mandatory and requiring an excluded one; two mandatory
// projects in one exclusive group; mandatory projects over budget or over a
// capacity).
func Select(ctx context.Context, candidates []Candidate, opts SelectOptions) (*Selection, error) {
	p, err := newProblem(candidates, opts)
	if err != nil {
		return nil, err
	}
	return p.solve(ctx)
}

// problem is a validated selection problem with integer costs.
type problem struct {
	cands    []Candidate
	opts     SelectOptions
	cost     []int64 // scaled to the common smallest unit
	budget   int64
	value    []float64
	index    map[string]int
	closure  [][]int // closure[i]: i and everything it requires, transitively
	groupsOf [][]int // groups each candidate belongs to
	ngroups  int
	res      []string    // limited resources, sorted
	limit    []float64   // per resource
	uses     [][]float64 // per candidate, per limited resource
}

func newProblem(cands []Candidate, opts SelectOptions) (*problem, error) {
	var errs errList
	if opts.Budget.IsZero() {
		return nil, invalidf("select: no budget given")
	}
	if opts.NodeLimit < 0 {
		errs.addf("select: node limit %d is negative", opts.NodeLimit)
	}
	n := len(cands)
	if n > MaxCandidates {
		return nil, invalidf("select: %d candidates, more than %d", n, MaxCandidates)
	}
	if len(opts.Capacity) > MaxCapacities {
		return nil, invalidf("select: %d capacities, more than %d", len(opts.Capacity), MaxCapacities)
	}
	p := &problem{cands: cands, opts: opts, index: make(map[string]int, n), value: make([]float64, n)}
	for i, c := range cands {
		switch {
		case c.ID == "":
			errs.addf("select: candidates[%d]: empty id", i)
		default:
			if k, dup := p.index[c.ID]; dup {
				errs.addAt(c.ID, "", "select: candidates[%d]: duplicate id %s (also candidates[%d])", i, textcut.Quote(c.ID), k)
			} else {
				p.index[c.ID] = i
			}
		}
		if !finite(c.Value) || c.Value < 0 {
			errs.addAt(c.ID, "value", "select: candidate %s: value %v is not a finite number >= 0", textcut.Quote(c.ID), c.Value)
		}
		p.value[i] = c.Value
		switch {
		case c.Cost.IsZero():
			errs.addAt(c.ID, "cost", "select: candidate %s: no cost given", textcut.Quote(c.ID))
		case c.Cost.Currency != opts.Budget.Currency:
			errs.add(mismatchAt(c.ID, "cost", "select: candidate %s costs %s, the budget is in %s", textcut.Quote(c.ID), c.Cost, opts.Budget.Currency))
		case c.Cost.Sign() < 0:
			errs.addAt(c.ID, "cost", "select: candidate %s: cost %s is negative", textcut.Quote(c.ID), c.Cost)
		}
		for r, u := range c.Uses {
			if !finite(u) || u < 0 {
				errs.addAt(c.ID, r, "select: candidate %s: use of %s %v is not a finite number >= 0", textcut.Quote(c.ID), textcut.Quote(r), u)
			}
		}
	}
	// Sums of values and uses must stay finite, or a selection's total (and
	// every bound of the search) would be +Inf.
	var totalValue float64
	totalUse := map[string]float64{}
	for _, c := range cands {
		totalValue += c.Value
		for r, u := range c.Uses {
			totalUse[r] += u
		}
	}
	if !finite(totalValue) {
		errs.addf("select: the sum of the candidates' values overflows float64")
	}
	for r, u := range totalUse {
		if !finite(u) {
			errs.addAt("", r, "select: the sum of the candidates' use of %q overflows float64", r)
		}
	}
	if opts.Budget.Sign() < 0 {
		errs.addf("select: budget %s is negative", opts.Budget)
	}
	for r, l := range opts.Capacity {
		if !finite(l) || l < 0 {
			errs.addAt("", r, "select: capacity of %s %v is not a finite number >= 0", textcut.Quote(r), l)
		}
	}
	known := func(where, id string) {
		if _, ok := p.index[id]; !ok {
			errs.addf("select: %s: unknown candidate %s", where, textcut.Quote(id))
		}
	}
	for _, c := range cands {
		for _, r := range c.Requires {
			known(fmt.Sprintf("candidate %s requires", textcut.Quote(c.ID)), r)
		}
	}
	for _, id := range opts.Mandatory {
		known("mandatory", id)
	}
	for _, id := range opts.Excluded {
		known("excluded", id)
	}
	for g, grp := range opts.Exclusive {
		for _, id := range grp {
			known(fmt.Sprintf("exclusive group %d", g), id)
		}
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	if err := p.scaleCosts(); err != nil {
		return nil, err
	}
	if err := p.buildClosures(); err != nil {
		return nil, err
	}
	p.groupsOf = make([][]int, n)
	p.ngroups = len(opts.Exclusive)
	for g, grp := range opts.Exclusive {
		for _, id := range grp {
			i := p.index[id]
			if !slices.Contains(p.groupsOf[i], g) {
				p.groupsOf[i] = append(p.groupsOf[i], g)
			}
		}
	}
	for r := range opts.Capacity {
		p.res = append(p.res, r)
	}
	slices.Sort(p.res)
	p.limit = make([]float64, len(p.res))
	p.uses = make([][]float64, n)
	flat := make([]float64, n*len(p.res))
	for k, r := range p.res {
		p.limit[k] = opts.Capacity[r]
	}
	for i, c := range cands {
		p.uses[i] = flat[i*len(p.res) : (i+1)*len(p.res) : (i+1)*len(p.res)]
		for k, r := range p.res {
			p.uses[i][k] = c.Uses[r]
		}
	}
	return p, nil
}

// scaleCosts converts every cost and the budget to int64 in the smallest unit
// that represents all of them exactly.
func (p *problem) scaleCosts() error {
	scale := int32(0)
	amounts := make([]decimal.Decimal, len(p.cands)+1)
	for i, c := range p.cands {
		amounts[i] = c.Cost.Amount
	}
	amounts[len(p.cands)] = p.opts.Budget.Amount
	for _, a := range amounts {
		// The decimal places the amount needs, trailing zeros not counted
		// (600000.0000 needs none).
		if str := a.String(); strings.Contains(str, ".") {
			scale = max(scale, int32(len(str)-strings.IndexByte(str, '.')-1))
		}
	}
	limit := new(big.Int).Lsh(big.NewInt(1), 62)
	total := new(big.Int)
	ints := make([]int64, len(amounts))
	for i, a := range amounts {
		b := a.Shift(scale).BigInt()
		total.Add(total, new(big.Int).Abs(b))
		if total.Cmp(limit) >= 0 {
			return invalidf("select: amounts too large to compare exactly (the sum of costs and budget exceeds 2^62 units of 10^-%d)", scale)
		}
		ints[i] = b.Int64()
	}
	p.cost = ints[:len(p.cands)]
	p.budget = ints[len(p.cands)]
	return nil
}

// buildClosures computes, for each candidate, itself and everything it
// requires transitively (cycles included), in ascending index order. More
// than MaxClosure entries in all is an error.
func (p *problem) buildClosures() error {
	n := len(p.cands)
	req := make([][]int, n)
	for i, c := range p.cands {
		for _, r := range c.Requires {
			req[i] = append(req[i], p.index[r])
		}
	}
	p.closure = make([][]int, n)
	seen := make([]int, n)
	for i := range seen {
		seen[i] = -1
	}
	stack := make([]int, 0, n)
	total := 0
	for i := range n {
		var cl []int
		stack = append(stack[:0], i)
		seen[i] = i
		for len(stack) > 0 {
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			cl = append(cl, j)
			for _, k := range req[j] {
				if seen[k] != i {
					seen[k] = i
					stack = append(stack, k)
				}
			}
		}
		if total += len(cl); total > MaxClosure {
			return invalidf("select: the candidates' requirement closures hold more than %d entries (candidate %q and those before it)", MaxClosure, p.cands[i].ID)
		}
		slices.Sort(cl)
		p.closure[i] = cl
	}
	return nil
}
