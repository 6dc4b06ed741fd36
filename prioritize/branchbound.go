package prioritize

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/pmokit/pmokit/pmo"
	"github.com/shopspring/decimal"

	"github.com/pmokit/pmokit/internal/textcut"
)

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
	return s.selection(), s.err
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
				errs = append(errs, infeasiblef("candidate %s is both mandatory and excluded", textcut.Quote(id)))
			} else {
				errs = append(errs, infeasiblef("mandatory candidate %s requires %s, which is excluded", textcut.Quote(id), textcut.Quote(p.cands[j].ID)))
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
				errs = append(errs, infeasiblef("%s and %s are both mandatory (or required by a mandatory candidate) and in exclusive group %d", textcut.Quote(p.cands[h].ID), textcut.Quote(p.cands[j].ID), g))
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
			errs = append(errs, infeasiblef("mandatory candidates (with what they require) use %v of %s, over its capacity %v", used[k], textcut.Quote(r), p.limit[k]))
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
	if s.nodes == s.nodeLimit {
		s.err = &limitError{nodes: s.nodeLimit}
		return
	}
	s.nodes++
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
func (s *state) selection() *Selection {
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
	return sel
}
