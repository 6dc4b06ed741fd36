package prioritize

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/big"
	"slices"
	"sort"

	"github.com/pmokit/pmokit/pmo"
	"github.com/shopspring/decimal"
)

// Candidate is a project that a selection may fund.
type Candidate struct {
	ID string
	// Value is what funding the candidate is worth (a score, a ranking's
	// score, an NPV…); finite and >= 0. A selection maximizes the sum.
	Value float64
	// Cost is the money the candidate consumes from the budget: exact, >= 0,
	// in the budget's currency.
	Cost pmo.Money
	// Uses is the amount of each capacity-limited resource the candidate
	// consumes (FTE, licences, …); finite and >= 0. Resources without a
	// limit in SelectOptions.Capacity are not constrained.
	Uses map[string]float64
	// Requires lists the candidates this one depends on: selecting it
	// selects them (transitively). A cycle of requirements is allowed and
	// means "all or none".
	Requires []string
}

// SelectOptions are the constraints of a selection.
type SelectOptions struct {
	// Budget is the money available; required (the zero Money is an error).
	// The total cost of the selection never exceeds it, compared exactly.
	Budget pmo.Money
	// Capacity limits resources: the selection's total use of each listed
	// resource never exceeds its limit (float64 comparison; amounts that are
	// integers or binary fractions compare exactly).
	Capacity map[string]float64
	// Mandatory candidates are always selected, with everything they require.
	Mandatory []string
	// Excluded candidates are never selected, nor anything that requires them.
	Excluded []string
	// Exclusive lists mutual-exclusion groups: at most one candidate of each
	// group is selected.
	Exclusive [][]string
	// NodeLimit caps the branch-and-bound search; 0 means 1,000,000 nodes.
	NodeLimit int
}

// DefaultNodeLimit is the node limit of a selection whose
// SelectOptions.NodeLimit is 0.
const DefaultNodeLimit = 1_000_000

// Selection is the outcome of [Select]: the chosen candidates and what they
// add up to.
type Selection struct {
	IDs       []string           // chosen candidates, in input order
	Value     float64            // total value
	Cost      pmo.Money          // total cost
	Remaining pmo.Money          // budget − cost
	Uses      map[string]float64 // total use of each limited resource
	Nodes     int                // branch-and-bound nodes explored
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
// node costing O(n·(r+3)) for r capacities. Typical portfolios prune to a
// few thousand nodes: see BenchmarkSelect200 and BenchmarkSelect200Capacity. The search stops at SelectOptions.NodeLimit nodes
// (default [DefaultNodeLimit]): it then returns the best selection found so
// far together with an error matching [ErrSearchLimit], never a silently
// non-optimal answer. ctx is checked every 1,024 nodes; on cancellation Select
// returns nil and ctx's error.
//
// Errors: invalid input (an empty or duplicate ID, a negative or non-finite
// value or use, an unknown ID in a requirement or constraint, a zero budget)
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
	p := &problem{cands: cands, opts: opts, index: make(map[string]int, n), value: make([]float64, n)}
	for i, c := range cands {
		switch {
		case c.ID == "":
			errs.addf("select: candidates[%d]: empty id", i)
		default:
			if k, dup := p.index[c.ID]; dup {
				errs.addf("select: candidates[%d]: duplicate id %q (also candidates[%d])", i, c.ID, k)
			} else {
				p.index[c.ID] = i
			}
		}
		if !finite(c.Value) || c.Value < 0 {
			errs.addf("select: candidate %q: value %v is not a finite number >= 0", c.ID, c.Value)
		}
		p.value[i] = c.Value
		switch {
		case c.Cost.IsZero():
			errs.addf("select: candidate %q: no cost given", c.ID)
		case c.Cost.Currency != opts.Budget.Currency:
			errs.add(mismatchf("select: candidate %q costs %s, the budget is in %s", c.ID, c.Cost, opts.Budget.Currency))
		case c.Cost.Sign() < 0:
			errs.addf("select: candidate %q: cost %s is negative", c.ID, c.Cost)
		}
		for r, u := range c.Uses {
			if !finite(u) || u < 0 {
				errs.addf("select: candidate %q: use of %q %v is not a finite number >= 0", c.ID, r, u)
			}
		}
	}
	if opts.Budget.Sign() < 0 {
		errs.addf("select: budget %s is negative", opts.Budget)
	}
	for r, l := range opts.Capacity {
		if !finite(l) || l < 0 {
			errs.addf("select: capacity of %q %v is not a finite number >= 0", r, l)
		}
	}
	known := func(where, id string) {
		if _, ok := p.index[id]; !ok {
			errs.addf("select: %s: unknown candidate %q", where, id)
		}
	}
	for _, c := range cands {
		for _, r := range c.Requires {
			known(fmt.Sprintf("candidate %q requires", c.ID), r)
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
	p.buildClosures()
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
		if e := a.Exponent(); e < 0 && -e > scale {
			scale = -e
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
// requires transitively (cycles included), in ascending index order.
func (p *problem) buildClosures() {
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
		slices.Sort(cl)
		p.closure[i] = cl
	}
}

// state is the mutable search state of one solve.
type state struct {
	p         *problem
	chosen    []bool
	excl      []int // > 0: excluded (count of reasons)
	groupUsed []int
	budget    int64 // remaining
	used      []float64
	value     float64
	stack     []int // chosen candidates, in the order added

	order     []int        // branching order: free candidates by surrogate density
	relax     []relaxation // knapsack relaxations whose minimum bounds a subtree
	best      float64
	bestSet   []bool
	nodes     int
	nodeLimit int
	ctx       context.Context
	err       error
}

func (p *problem) solve(ctx context.Context) (*Selection, error) {
	if err := ctx.Err(); err != nil {
		return nil, wrapf(err, "select")
	}
	n := len(p.cands)
	s := &state{
		p: p, chosen: make([]bool, n), excl: make([]int, n), groupUsed: make([]int, p.ngroups),
		budget: p.budget, used: make([]float64, len(p.res)), ctx: ctx,
		nodeLimit: cmp.Or(p.opts.NodeLimit, DefaultNodeLimit),
	}
	if err := s.propagate(); err != nil {
		return nil, err
	}
	for i := range n {
		if !s.chosen[i] && s.excl[i] == 0 && p.value[i] > 0 {
			s.order = append(s.order, i)
		}
	}
	s.buildRelaxations()
	s.best = s.value
	s.bestSet = slices.Clone(s.chosen)
	s.search(0)
	if s.err != nil && !isLimit(s.err) {
		return nil, s.err
	}
	sel, err := s.selection()
	if err != nil {
		return nil, err
	}
	return sel, s.err
}

func isLimit(err error) bool { _, ok := err.(*limitError); return ok }

// limitError is the error of a search that hit its node limit.
type limitError struct{ nodes int }

func (e *limitError) Error() string {
	return fmt.Sprintf("prioritize: select: node limit of %d reached before the optimum was proven; the selection is the best found so far", e.nodes)
}
func (e *limitError) Unwrap() error { return ErrSearchLimit }

// propagate applies mandatory and excluded candidates and reports infeasible
// constraints by name.
func (s *state) propagate() error {
	p := s.p
	explicit := make(map[int]bool)
	for _, id := range p.opts.Excluded {
		explicit[p.index[id]] = true
	}
	// Mandatory closure against explicit exclusions.
	var errs []error
	for _, id := range p.opts.Mandatory {
		m := p.index[id]
		for _, j := range p.closure[m] {
			if !explicit[j] {
				continue
			}
			if j == m {
				errs = append(errs, infeasiblef("candidate %q is both mandatory and excluded", id))
			} else {
				errs = append(errs, infeasiblef("mandatory candidate %q requires %q, which is excluded", id, p.cands[j].ID))
			}
		}
	}
	if len(errs) > 0 {
		return joinErrs(errs)
	}
	// Choose the mandatory closure, reporting group conflicts.
	var mand []int
	inMand := make([]bool, len(p.cands))
	for _, id := range p.opts.Mandatory {
		for _, j := range p.closure[p.index[id]] {
			if !inMand[j] {
				inMand[j] = true
				mand = append(mand, j)
			}
		}
	}
	slices.Sort(mand)
	holder := make([]int, p.ngroups)
	for g := range holder {
		holder[g] = -1
	}
	for _, j := range mand {
		for _, g := range p.groupsOf[j] {
			if h := holder[g]; h >= 0 {
				errs = append(errs, infeasiblef("%q and %q are both mandatory (or required by a mandatory candidate) and in exclusive group %d", p.cands[h].ID, p.cands[j].ID, g))
				continue
			}
			holder[g] = j
		}
	}
	if len(errs) > 0 {
		return joinErrs(errs)
	}
	var cost int64
	used := make([]float64, len(p.res))
	for _, j := range mand {
		cost += p.cost[j]
		for k, u := range p.uses[j] {
			used[k] += u
		}
	}
	if cost > p.budget {
		total := decimal.Zero
		for _, j := range mand {
			total = total.Add(p.cands[j].Cost.Amount)
		}
		return infeasiblef("mandatory candidates (with what they require) cost %s, over the budget %s",
			pmo.NewMoney(total, p.opts.Budget.Currency), p.opts.Budget)
	}
	for k, r := range p.res {
		if used[k] > p.limit[k] {
			errs = append(errs, infeasiblef("mandatory candidates (with what they require) use %v of %q, over its capacity %v", used[k], r, p.limit[k]))
		}
	}
	if len(errs) > 0 {
		return joinErrs(errs)
	}
	for _, j := range mand {
		s.add(j)
	}
	// Exclusions: explicit ones, group-mates of chosen candidates (through
	// groupUsed), and whatever requires an excluded candidate.
	for j := range explicit {
		s.excl[j]++
	}
	for i := range p.cands {
		if s.chosen[i] || s.excl[i] > 0 {
			continue
		}
		for _, j := range p.closure[i] {
			if explicit[j] {
				s.excl[i]++
				break
			}
		}
	}
	return nil
}

func joinErrs(errs []error) error {
	if len(errs) == 1 {
		return errs[0]
	}
	var l errList
	for _, e := range errs {
		l.add(e)
	}
	return l.err()
}

// add chooses candidate j without checks.
func (s *state) add(j int) {
	p := s.p
	s.chosen[j] = true
	s.stack = append(s.stack, j)
	s.budget -= p.cost[j]
	s.value += p.value[j]
	for k, u := range p.uses[j] {
		s.used[k] += u
	}
	for _, g := range p.groupsOf[j] {
		s.groupUsed[g]++
	}
}

// undo removes the candidates chosen after the stack had length mark.
func (s *state) undo(mark int) {
	p := s.p
	for len(s.stack) > mark {
		j := s.stack[len(s.stack)-1]
		s.stack = s.stack[:len(s.stack)-1]
		s.chosen[j] = false
		s.budget += p.cost[j]
		s.value -= p.value[j]
		for k, u := range p.uses[j] {
			s.used[k] -= u
		}
		for _, g := range p.groupsOf[j] {
			s.groupUsed[g]--
		}
	}
}

// include tries to choose i with its closure; it reports false (and leaves
// the state unchanged) when a constraint forbids it.
func (s *state) include(i int) bool {
	p := s.p
	mark := len(s.stack)
	for _, j := range p.closure[i] {
		if s.chosen[j] {
			continue
		}
		ok := s.excl[j] == 0 && p.cost[j] <= s.budget
		for _, g := range p.groupsOf[j] {
			ok = ok && s.groupUsed[g] == 0
		}
		for k, u := range p.uses[j] {
			ok = ok && s.used[k]+u <= p.limit[k]
		}
		if !ok {
			s.undo(mark)
			return false
		}
		s.add(j)
	}
	return true
}

// blocked reports whether candidate j cannot be added: excluded, or a
// group-mate is chosen.
func (s *state) blocked(j int) bool {
	if s.excl[j] > 0 {
		return true
	}
	for _, g := range s.p.groupsOf[j] {
		if s.groupUsed[g] > 0 {
			return true
		}
	}
	return false
}

// relaxation is one single-constraint knapsack relaxation of the problem:
// the budget, one resource, or the surrogate sum of all constraints. Its
// fractional knapsack over the undecided candidates, in order of
// value/weight, bounds the value any completion can add.
type relaxation struct {
	weight []float64            // per candidate
	order  []int                // free candidates by value/weight, descending
	left   func(*state) float64 // remaining capacity in the current state
}

// buildRelaxations prepares the budget, per-resource and surrogate
// relaxations, and branches in the surrogate's order.
func (s *state) buildRelaxations() {
	p := s.p
	n := len(p.cands)
	budget0 := float64(p.budget)
	costs := make([]float64, n)
	for i := range n {
		costs[i] = float64(p.cost[i])
	}
	s.addRelaxation(costs, func(s *state) float64 { return float64(s.budget) })
	for k := range p.res {
		w := make([]float64, n)
		for i := range n {
			w[i] = p.uses[i][k]
		}
		s.addRelaxation(w, func(s *state) float64 { return p.limit[k] - s.used[k] })
	}
	s.order = s.relax[0].order
	if len(p.res) == 0 {
		return
	}
	// Surrogate constraints: every constraint divided by its capacity, then
	// combined with multipliers λ. λ = 1 everywhere is the plain sum; the
	// multipliers that approximately minimize the Lagrangian dual of the
	// root linear relaxation make the bound close to the LP bound.
	surrogate := func(lambda []float64) {
		w := make([]float64, n)
		for i := range n {
			if budget0 > 0 {
				w[i] += lambda[0] * costs[i] / budget0
			}
			for k := range p.res {
				if p.limit[k] > 0 {
					w[i] += lambda[k+1] * p.uses[i][k] / p.limit[k]
				}
			}
		}
		s.addRelaxation(w, func(s *state) float64 {
			var l float64
			if budget0 > 0 {
				l += lambda[0] * float64(s.budget) / budget0
			}
			for k := range p.res {
				if p.limit[k] > 0 {
					l += lambda[k+1] * (p.limit[k] - s.used[k]) / p.limit[k]
				}
			}
			return l
		})
	}
	ones := make([]float64, 1+len(p.res))
	for k := range ones {
		ones[k] = 1
	}
	surrogate(ones)
	surrogate(s.lagrangeMultipliers(costs, budget0))
	s.order = s.relax[len(s.relax)-1].order // branch in the Lagrangian surrogate's order
}

// addRelaxation adds a relaxation with its order of value/weight.
func (s *state) addRelaxation(weight []float64, left func(*state) float64) {
	p := s.p
	order := slices.Clone(s.order)
	density := func(i int) float64 {
		if weight[i] <= 0 {
			return math.Inf(1)
		}
		return p.value[i] / weight[i]
	}
	sort.SliceStable(order, func(a, b int) bool { return density(order[a]) > density(order[b]) })
	s.relax = append(s.relax, relaxation{weight: weight, order: order, left: left})
}

// greedy returns the value of a feasible selection built by including the
// free candidates in the given order while they fit (with everything they
// require); the state is left unchanged.
func (s *state) greedy(order []int) float64 {
	mark := len(s.stack)
	for _, i := range order {
		if !s.chosen[i] && !s.blocked(i) {
			s.include(i)
		}
	}
	v := s.value
	s.undo(mark)
	return v
}

// lagrangeMultipliers returns multipliers λ >= 0, one for the budget and one
// per resource (constraints normalized by their capacity), that approximately
// minimize the Lagrangian dual of the root linear relaxation over the free
// candidates: L(λ) = Σλ + Σ_i max(0, v_i − Σ_k λ_k·a_ik/b_k). Any λ >= 0 gives
// a valid surrogate bound; good ones give a tight one.
func (s *state) lagrangeMultipliers(costs []float64, budget0 float64) []float64 {
	p := s.p
	nk := 1 + len(p.res)
	coef := func(i, k int) float64 {
		if k == 0 {
			if budget0 > 0 {
				return costs[i] / budget0
			}
			return 0
		}
		if l := p.limit[k-1]; l > 0 {
			return p.uses[i][k-1] / l
		}
		return 0
	}
	// Start from the capacity-normalized surrogate's scale: λ_k = mean density.
	lambda := make([]float64, nk)
	var totalV, totalW float64
	for _, i := range s.order {
		totalV += p.value[i]
		for k := range nk {
			totalW += coef(i, k)
		}
	}
	if totalW == 0 {
		return lambda
	}
	for k := range lambda {
		lambda[k] = totalV / totalW
	}
	best := slices.Clone(lambda)
	bestL := math.Inf(1)
	g := make([]float64, nk)
	theta, stale := 2.0, 0 // Polyak step scale, halved after 10 iterations without progress
	target := 0.0          // a lower bound on the optimum: the best greedy selection
	for r := range s.relax {
		target = max(target, s.greedy(s.relax[r].order))
	}
	for range 500 {
		L := 0.0
		for k := range nk {
			L += lambda[k]
			g[k] = 1
		}
		for _, i := range s.order {
			red := p.value[i]
			for k := range nk {
				red -= lambda[k] * coef(i, k)
			}
			if red > 0 {
				L += red
				for k := range nk {
					g[k] -= coef(i, k)
				}
			}
		}
		if math.IsInf(bestL, 1) || L < bestL-1e-12*max(1, math.Abs(bestL)) {
			bestL, stale = L, 0
			copy(best, lambda)
		} else if stale++; stale >= 10 {
			theta, stale = theta/2, 0
		}
		var norm float64
		for _, x := range g {
			norm += x * x
		}
		if norm == 0 || theta < 1e-6 {
			break
		}
		step := theta * max(L-target, 1e-9*max(1, L)) / norm
		for k := range nk {
			lambda[k] = max(0, lambda[k]-step*g[k])
		}
	}
	return best
}

// bound returns the smallest fractional-knapsack upper bound over the
// relaxations: the most value the current state can reach.
func (s *state) bound() float64 {
	best := math.Inf(1)
	for r := range s.relax {
		rl := &s.relax[r]
		b := s.value
		left := rl.left(s)
		for _, j := range rl.order {
			if s.chosen[j] || s.blocked(j) {
				continue
			}
			w := rl.weight[j]
			if w <= left {
				left -= w
				b += s.p.value[j]
				continue
			}
			if left > 0 {
				b += s.p.value[j] * left / w
			}
			break
		}
		best = min(best, b)
		if best-s.best <= 1e-12*max(1, math.Abs(s.best)) {
			break
		}
	}
	return best
}

func (s *state) search(pos int) {
	if s.err != nil {
		return
	}
	s.nodes++
	if s.nodes > s.nodeLimit {
		s.err = &limitError{nodes: s.nodeLimit}
		return
	}
	if s.nodes&1023 == 0 {
		if err := s.ctx.Err(); err != nil {
			s.err = wrapf(err, "select")
			return
		}
	}
	if s.value > s.best {
		s.best = s.value
		copy(s.bestSet, s.chosen)
	}
	for pos < len(s.order) && (s.chosen[s.order[pos]] || s.blocked(s.order[pos])) {
		pos++
	}
	if pos == len(s.order) {
		return
	}
	if b := s.bound(); b-s.best <= 1e-12*max(1, math.Abs(s.best)) {
		return
	}
	i := s.order[pos]
	mark := len(s.stack)
	if s.include(i) {
		s.search(pos + 1)
		s.undo(mark)
	}
	s.excl[i]++
	s.search(pos + 1)
	s.excl[i]--
}

// selection builds the result from the best set.
func (s *state) selection() (*Selection, error) {
	p := s.p
	sel := &Selection{Nodes: s.nodes}
	total := decimal.Zero
	var value float64
	uses := make(map[string]float64, len(p.res))
	for _, r := range p.res {
		uses[r] = 0
	}
	for i, in := range s.bestSet {
		if !in {
			continue
		}
		c := p.cands[i]
		sel.IDs = append(sel.IDs, c.ID)
		value += c.Value
		total = total.Add(c.Cost.Amount)
		for k, r := range p.res {
			uses[r] += p.uses[i][k]
		}
	}
	sel.Value = value
	sel.Cost = pmo.NewMoney(total, p.opts.Budget.Currency)
	sel.Remaining = pmo.NewMoney(p.opts.Budget.Amount.Sub(total), p.opts.Budget.Currency)
	sel.Uses = uses
	return sel, nil
}
