package risk

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/pmokit/pmokit/pmo"
	"github.com/shopspring/decimal"
)

// Distribution is the shape of a three-point (min, most likely, max) impact
// in a simulation.
type Distribution int

// The Distribution values. The zero value is Triangular, so that the zero
// [SimOptions] means "triangular impacts".
const (
	Triangular Distribution = iota // triangular over (min, most likely, max); mean (a+m+b)/3
	BetaPERT                       // Beta-PERT: α = 1+4(m−a)/(b−a), β = 1+4(b−m)/(b−a); mean (a+4m+b)/6
)

// DefaultTrials is the number of trials of a simulation whose
// [SimOptions.Trials] is zero.
const DefaultTrials = 10_000

// MaxTrials is the largest number of trials [Simulate] accepts (the trials
// are held in memory, 16 bytes each).
const MaxTrials = 50_000_000

// longRegister is the number of risks above which a chunk is drawn in
// slices of about chunkSize·longRegister risk draws, with ctx checked
// between them, so that cancellation stays prompt whatever the register's
// length.
const longRegister = 4096

// chunkSize is the number of trials drawn from one random stream. It is part
// of the result's definition: changing it changes the numbers a seed gives.
const chunkSize = 1024

// SimOptions configures [Simulate]. The zero value means DefaultTrials
// trials, seed 0 and triangular impacts.
type SimOptions struct {
	Trials       int          // number of trials; 0 means DefaultTrials
	Seed         uint64       // the same seed gives the same answer
	Distribution Distribution // shape of three-point impacts; zero is Triangular
	// CostScheduleCorrelation is the rank correlation, in -1..1, of each
	// risk's cost impact with its schedule impact (correlate.go); 0 draws
	// them independently.
	CostScheduleCorrelation float64
}

// Simulation is the result of a Monte Carlo run over a list of risks: the
// distribution of their total cost impact and total schedule impact. It is
// immutable and safe for concurrent use by multiple goroutines.
type Simulation struct {
	trials    int
	currency  string
	cost      []float64 // sorted
	schedule  []float64 // sorted
	meanCost  float64
	meanSched float64
	occurred  []int64
}

// Simulate runs a Monte Carlo simulation of the total cost and schedule
// impact of risks.
//
// In each trial each risk occurs with its Probability (an independent
// Bernoulli draw). When it occurs its cost impact is drawn from the
// three-point estimate (cost_range.min, cost_impact as most likely,
// cost_range.max) with the chosen [Distribution], or is cost_impact itself
// when it has no range; a cost_range without a min (or without a max) takes
// cost_impact as its min (or max). Its schedule impact is drawn likewise from
// (schedule_range_days.min, schedule_impact_days, schedule_range_days.max).
// Cost and schedule are drawn independently of each other, or with the
// rank correlation [SimOptions.CostScheduleCorrelation]. An opportunity's
// impacts count negative: a saving of money and of days. The totals of a
// trial are the sums over the risks that occurred. Every risk given is
// simulated; leave out closed risks before calling (a [Register] does).
//
// Costs are sampled as float64 in the currency's units (exact money is not
// needed to estimate a distribution); the Money figures a Simulation reports
// are rounded to 2 decimal places, half away from zero. All cost impacts
// must be in one currency; risks in several are an error, as are a
// probability outside 0..1, a range whose min exceeds the most likely value
// or whose max is below it, a range without a most likely value, a cost
// outside 0..[MaxCostImpact] and a schedule impact outside
// 0..[MaxScheduleDays] days (impacts are magnitudes: an opportunity's kind
// makes them gains). Every figure a Simulation reports is therefore finite.
//
// Trials are split into fixed chunks of 1024, each drawn from its own PCG
// stream whose state is a SplitMix64 hash of (Seed, chunk index), and
// spread over GOMAXPROCS goroutines; the result depends on the seed and the
// options only, never on the number of goroutines or their timing. The work
// is trials × risks draws; ctx is checked before the run and every few
// million draws at most (between chunks, and within a chunk of a long
// register); a cancelled ctx returns its error.
func Simulate(ctx context.Context, risks []pmo.Risk, opts SimOptions) (*Simulation, error) {
	n := opts.Trials
	switch {
	case n == 0:
		n = DefaultTrials
	case n < 0 || n > MaxTrials:
		return nil, invalidf("risk: simulate: trials %d outside 1..%d", opts.Trials, MaxTrials)
	}
	if opts.Distribution != Triangular && opts.Distribution != BetaPERT {
		return nil, invalidf("risk: simulate: unknown distribution %d", int(opts.Distribution))
	}
	params, currency, err := prepare(risks, opts.Distribution)
	if err != nil {
		return nil, err
	}
	if err := correlate(params, opts.CostScheduleCorrelation); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	s := &Simulation{
		trials:   n,
		currency: currency,
		cost:     make([]float64, n),
		schedule: make([]float64, n),
		occurred: make([]int64, len(params)),
	}
	chunks := (n + chunkSize - 1) / chunkSize
	step := chunkSize
	if len(params) > longRegister {
		step = max(1, chunkSize*longRegister/len(params))
	}
	workers := min(runtime.GOMAXPROCS(0), chunks)
	var (
		next    atomic.Int64
		stopped atomic.Bool
		wg      sync.WaitGroup
		mu      sync.Mutex
		stopErr error // the ctx error that stopped the run, under mu
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts := make([]int64, len(params))
			pcg := rand.NewPCG(0, 0)
			rng := rand.New(pcg)
			halted := func() bool {
				err := ctx.Err()
				if err != nil {
					mu.Lock()
					stopErr = cmp.Or(stopErr, err)
					mu.Unlock()
					stopped.Store(true)
				}
				return err != nil
			}
		chunks:
			for !stopped.Load() {
				k := int(next.Add(1) - 1)
				if k >= chunks || halted() {
					break
				}
				pcg.Seed(splitmix64(opts.Seed^splitmix64(2*uint64(k))), splitmix64(opts.Seed+splitmix64(2*uint64(k)+1)))
				lo, hi := k*chunkSize, min((k+1)*chunkSize, n)
				// A long register is drawn in slices of a chunk, with ctx
				// checked between them; the draws are the same.
				for a := lo; a < hi; a += step {
					if a > lo && halted() {
						break chunks
					}
					b := min(a+step, hi)
					runChunk(params, pcg, rng, s.cost[a:b], s.schedule[a:b], counts)
				}
			}
			mu.Lock()
			for i, c := range counts {
				s.occurred[i] += c
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	if stopErr != nil {
		return nil, stopErr
	}

	var sc, ss float64
	for i := range n { // in trial order, so the sums do not depend on scheduling
		sc += s.cost[i]
		ss += s.schedule[i]
	}
	s.meanCost, s.meanSched = sc/float64(n), ss/float64(n)
	if workers > 1 { // the two sorts are the serial part of the run: overlap them
		done := make(chan struct{})
		go func() { slices.Sort(s.schedule); close(done) }()
		slices.Sort(s.cost)
		<-done
	} else {
		slices.Sort(s.cost)
		slices.Sort(s.schedule)
	}
	return s, nil
}

// runChunk draws one chunk of trials: the inner loop, free of allocations.
func runChunk(params []riskParams, src *rand.PCG, rng *rand.Rand, cost, sched []float64, counts []int64) {
	for t := range cost {
		var c, d float64
		for k := range params {
			p := &params[k]
			if uniform(src) >= p.prob {
				continue
			}
			counts[k]++
			dc, dd := p.draw(src, rng) // correlate.go
			c += dc
			d += dd
		}
		cost[t], sched[t] = c, d
	}
}

// riskParams are one risk's precomputed sampling parameters.
type riskParams struct {
	prob  float64
	cost  threePoint
	sched threePoint
	rho   float64 // rank correlation of cost and schedule (correlate.go)
}

type sampler uint8

const (
	fixed sampler = iota
	triangular
	betaPERT
)

// threePoint is a precomputed (a, m, b) impact: a fixed value, a triangular
// inverse CDF, or a Beta-PERT with its shape parameters. sign is −1 for an
// opportunity.
type threePoint struct {
	kind    sampler
	a, m, b float64
	// triangular: the mode's CDF and the two products of the inverse CDF
	fc, left, right float64
	// Beta-PERT: Marsaglia–Tsang constants for Gamma(α) and Gamma(β)
	da, ca, db, cb float64
}

func newThreePoint(a, m, b float64, dist Distribution) threePoint {
	if b == a {
		return threePoint{kind: fixed, a: m, m: m, b: m}
	}
	t := threePoint{a: a, m: m, b: b}
	w := b - a
	switch dist {
	case BetaPERT:
		t.kind = betaPERT
		alpha, beta := 1+4*(m-a)/w, 1+4*(b-m)/w
		t.da, t.db = alpha-1.0/3, beta-1.0/3
		t.ca, t.cb = 1/math.Sqrt(9*t.da), 1/math.Sqrt(9*t.db)
	default:
		t.kind = triangular
		t.fc = (m - a) / w
		t.left = w * (m - a)
		t.right = w * (b - m)
	}
	return t
}

// sample draws one impact.
func (t *threePoint) sample(src *rand.PCG, rng *rand.Rand) float64 {
	switch t.kind {
	case triangular:
		u := uniform(src)
		if u < t.fc {
			return t.a + math.Sqrt(u*t.left)
		}
		return t.b - math.Sqrt((1-u)*t.right)
	case betaPERT:
		x := gamma(src, rng, t.da, t.ca)
		y := gamma(src, rng, t.db, t.cb)
		return t.a + (t.b-t.a)*x/(x+y)
	}
	return t.m
}

// splitmix64 is the finalizer of Steele, Lea and Flood's SplitMix64: a
// bijective mix that turns (seed, chunk index) into unrelated PCG states, so
// that the streams of neighbouring chunks are not shifted copies of each
// other.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// uniform returns a float64 in [0, 1) from the top 53 bits of one draw.
func uniform(src *rand.PCG) float64 {
	return float64(src.Uint64()>>11) * 0x1p-53
}

// gamma draws Gamma(shape, 1) for shape ≥ 1 by Marsaglia and Tsang's method
// ("A simple method for generating gamma variables", ACM TOMS 26(3), 2000),
// with d = shape − 1/3 and c = 1/√(9d) precomputed. Beta-PERT shapes are in
// 1..5, so the shape < 1 boost is never needed.
func gamma(src *rand.PCG, rng *rand.Rand, d, c float64) float64 {
	for {
		x := rng.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := uniform(src)
		x2 := x * x
		if u < 1-0.0331*x2*x2 || math.Log(u) < 0.5*x2+d*(1-v+math.Log(v)) {
			return d * v
		}
	}
}

// MaxCostImpact is the largest cost impact (most likely value and both ends
// of its range) of one risk that [Simulate] accepts, in units of its
// currency: 10¹³. Costs are sampled as float64, whose spacing stays below a
// cent up to there, and totals over any number of risks stay finite.
// Assessments ([Matrix.Assess], [Rollup]) are exact decimals and have no
// such bound.
const MaxCostImpact = 10_000_000_000_000

var maxCost = decimal.NewFromInt(MaxCostImpact)

// prepare validates the risks and precomputes their sampling parameters.
func prepare(risks []pmo.Risk, dist Distribution) ([]riskParams, string, error) {
	return prepareNamed(risks, dist, func(i int) string { return fmt.Sprintf("risks[%d] (%s)", i, risks[i].ID) })
}

// prepareNamed is prepare with the name of risk i in errors given by name.
func prepareNamed(risks []pmo.Risk, dist Distribution, name func(i int) string) ([]riskParams, string, error) {
	var (
		errs     []error
		currency string
		first    int
	)
	params := make([]riskParams, len(risks))
	for i, r := range risks {
		bad := func(format string, args ...any) {
			errs = append(errs, invalidf("risk: simulate: %s: "+format, append([]any{name(i)}, args...)...))
		}
		if !(r.Probability >= 0 && r.Probability <= 1) {
			bad("probability %v is outside 0..1", r.Probability)
		}
		sign := 1.0
		if r.Kind == pmo.Opportunity {
			sign = -1
		}
		p := riskParams{prob: r.Probability}

		// cost
		ml := r.CostImpact
		lo, hi := pmo.Money{}, pmo.Money{}
		if r.CostRange != nil {
			lo, hi = r.CostRange.Min, r.CostRange.Max
			if ml.IsZero() {
				bad("cost_range without cost_impact (the most likely value)")
			}
		}
		costOK := true
		for _, mo := range []struct {
			name string
			m    pmo.Money
		}{{"cost_impact", ml}, {"cost_range.min", lo}, {"cost_range.max", hi}} {
			if mo.m.IsZero() {
				continue
			}
			if mo.m.Sign() < 0 || mo.m.Amount.GreaterThan(maxCost) {
				bad("%s %s is outside 0..%s", mo.name, mo.m, maxCost)
				costOK = false
			}
			if currency == "" {
				currency, first = mo.m.Currency, i
			} else if mo.m.Currency != currency {
				bad("%s %s: %w: %s is in %s", mo.name, mo.m, pmo.ErrCurrencyMismatch, name(first), currency)
				costOK = false
			}
		}
		if costOK && !ml.IsZero() {
			a, m, b := lo.Amount.InexactFloat64(), ml.Amount.InexactFloat64(), hi.Amount.InexactFloat64()
			if lo.IsZero() {
				a = m
			}
			if hi.IsZero() {
				b = m
			}
			if a > m || m > b {
				bad("cost range %v..%v does not hold the most likely %v", lo, hi, ml)
			} else {
				p.cost = newThreePoint(a, m, b, dist)
				if sign < 0 {
					p.cost = newThreePoint(-b, -m, -a, dist)
				}
			}
		}

		// schedule
		m := r.ScheduleImpactDays
		a, b := m, m
		if r.ScheduleRangeDays != nil {
			a, b = r.ScheduleRangeDays.Min, r.ScheduleRangeDays.Max
		}
		switch {
		case checkDays("", a) != nil || checkDays("", m) != nil || checkDays("", b) != nil:
			bad("schedule impact %v (range %v..%v) is outside 0..%d days", m, a, b, MaxScheduleDays)
		case a > m || m > b:
			bad("schedule range %v..%v does not hold the most likely %v days", a, b, m)
		case sign < 0:
			p.sched = newThreePoint(-b, -m, -a, dist)
		default:
			p.sched = newThreePoint(a, m, b, dist)
		}
		params[i] = p
	}
	if len(errs) > 0 {
		return nil, "", errors.Join(errs...)
	}
	return params, currency, nil
}

// Trials returns the number of trials run.
func (s *Simulation) Trials() int { return s.trials }

// Currency returns the currency of the cost impacts, "" when no risk has one.
func (s *Simulation) Currency() string { return s.currency }

// quantile returns the p-quantile of sorted by the nearest-rank method: the
// smallest sample x with at least a fraction p of the samples ≤ x. p is
// clamped into 0..1.
func quantile(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	i := int(math.Ceil(p*float64(n))) - 1
	return sorted[max(0, min(i, n-1))]
}

// money rounds a float64 amount to cents in the simulation's currency.
func (s *Simulation) money(x float64) pmo.Money {
	if s.currency == "" {
		return pmo.Money{}
	}
	return pmo.Money{Amount: decimal.NewFromFloat(x).Round(2), Currency: s.currency}
}

// Cost returns the p-quantile of the total cost impact (p = 0.8 gives the
// P80: 80% of the trials cost at most that much), by the nearest-rank method,
// rounded to 2 decimal places. p is clamped into 0..1; NaN gives the zero
// Money, as does a simulation in which no risk has a cost impact.
func (s *Simulation) Cost(p float64) pmo.Money {
	if math.IsNaN(p) {
		return pmo.Money{}
	}
	return s.money(quantile(s.cost, p))
}

// Schedule returns the p-quantile of the total schedule impact in days, by
// the nearest-rank method. p is clamped into 0..1; NaN gives 0, as Cost
// gives the zero Money: a Simulation never reports a NaN or an infinity.
func (s *Simulation) Schedule(p float64) float64 {
	if math.IsNaN(p) {
		return 0
	}
	return quantile(s.schedule, p)
}

// MeanCost returns the mean total cost impact over the trials, rounded to 2
// decimal places: the simulated expected monetary value of the risks (as a
// cost: threats positive, opportunities negative).
func (s *Simulation) MeanCost() pmo.Money { return s.money(s.meanCost) }

// MeanSchedule returns the mean total schedule impact in days.
func (s *Simulation) MeanSchedule() float64 { return s.meanSched }

// Contingency returns the contingency reserve that confidence level p
// implies beyond the expected value: Cost(p) − MeanCost(), both rounded
// first, so that MeanCost() + Contingency(p) is exactly Cost(p).
//
// A budget that already holds the risks' expected monetary value (PMBOK's
// EMV-based contingency, REFERENCES §2.4) needs Contingency(p) more to be
// met with probability p; a base estimate that holds no risk allowance at
// all needs Cost(p) itself. Contingency(0.5) can be negative when the
// distribution is skewed to the right. NaN gives the zero Money.
func (s *Simulation) Contingency(p float64) pmo.Money {
	q, mean := s.Cost(p), s.MeanCost()
	if q.IsZero() {
		return pmo.Money{}
	}
	d, _ := q.Sub(mean) // same currency by construction
	return d
}

// OccurrenceRate returns the fraction of trials in which the i-th risk (in
// the order given to [Simulate]) occurred, and false when i is out of range.
func (s *Simulation) OccurrenceRate(i int) (float64, bool) {
	if i < 0 || i >= len(s.occurred) {
		return 0, false
	}
	return float64(s.occurred[i]) / float64(s.trials), true
}

// GroupSimulation is the simulation of one group of a register's risks:
// the cost impacts in one currency, or the schedule impacts of one project.
type GroupSimulation struct {
	Key   string // the currency (cost) or the project ID (schedule)
	Risks int    // the number of risks simulated
	*Simulation
}

// RegisterSimulation is the result of [Register.Simulate]: the cost of the
// register's risks per currency and their schedule impact per project.
//
// There is deliberately no portfolio schedule figure: projects run in
// parallel, so the days of slip of different projects do not add up to a
// delay of anything. Costs in different currencies are never added either.
type RegisterSimulation struct {
	// Cost holds one simulation per currency of cost impact, sorted by
	// currency; only the cost figures of each are meaningful (its risks'
	// schedule impacts are left out).
	Cost []GroupSimulation
	// Schedule holds one simulation per project that has a risk with a
	// schedule impact, in portfolio order; only the schedule figures of
	// each are meaningful (its risks' cost impacts are left out).
	Schedule []GroupSimulation
}

// Simulate runs a Monte Carlo simulation of the register's risks (see
// [Simulate]) in one call: the cost impacts per currency, every currency's
// result, and the schedule impacts per project. Each group is simulated
// with opts and its own seed, derived from opts.Seed and the group's key
// (the currency or the project ID) by a hash, so that a group's figures do
// not change when another group is added, and the same options give the
// same figures.
//
// The trials of all groups together are at most [MaxTrials] (the zero
// opts.Trials means [DefaultTrials] per group); errors are those of
// [Simulate], naming the risk by its project and ID.
func (r *Register) Simulate(ctx context.Context, opts SimOptions) (*RegisterSimulation, error) {
	byCurrency := map[string][]pmo.Risk{}
	var currencies []string
	type project struct {
		id    string
		risks []pmo.Risk
	}
	var projects []project
	var errs []error
	for _, e := range r.entries {
		risk := e.Risk
		// Check each risk on its own first, so that an error names its
		// project rather than its place in a group.
		if _, _, err := prepareNamed([]pmo.Risk{risk}, opts.Distribution, func(int) string {
			return "project " + e.ProjectID + ": risk " + risk.ID
		}); err != nil {
			errs = append(errs, err)
			continue
		}
		if cur := costCurrency(risk); cur != "" {
			c := risk
			c.ScheduleImpactDays, c.ScheduleRangeDays = 0, nil
			if _, ok := byCurrency[cur]; !ok {
				currencies = append(currencies, cur)
			}
			byCurrency[cur] = append(byCurrency[cur], c)
		}
		if risk.ScheduleImpactDays != 0 || risk.ScheduleRangeDays != nil {
			s := risk
			s.CostImpact, s.CostRange = pmo.Money{}, nil
			if len(projects) == 0 || projects[len(projects)-1].id != e.ProjectID {
				projects = append(projects, project{id: e.ProjectID})
			}
			p := &projects[len(projects)-1]
			p.risks = append(p.risks, s)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	slices.Sort(currencies)
	trials := cmp.Or(opts.Trials, DefaultTrials)
	if groups := len(currencies) + len(projects); opts.Trials >= 0 && groups > 0 && trials > MaxTrials/groups {
		return nil, invalidf("risk: simulate: %d trials for each of %d groups, more than %d trials in all", trials, groups, MaxTrials)
	}
	out := &RegisterSimulation{}
	run := func(key string, risks []pmo.Risk) (GroupSimulation, error) {
		o := opts
		o.Seed = splitmix64(opts.Seed ^ fnv64(key))
		s, err := Simulate(ctx, risks, o)
		return GroupSimulation{Key: key, Risks: len(risks), Simulation: s}, err
	}
	for _, cur := range currencies {
		g, err := run("cost "+cur, byCurrency[cur])
		if err != nil {
			return nil, err
		}
		g.Key = cur
		out.Cost = append(out.Cost, g)
	}
	for _, p := range projects {
		g, err := run("schedule "+p.id, p.risks)
		if err != nil {
			return nil, err
		}
		g.Key = p.id
		out.Schedule = append(out.Schedule, g)
	}
	return out, nil
}

// costCurrency is the currency of a risk's cost impact or range, "" when it
// has none.
func costCurrency(r pmo.Risk) string {
	if !r.CostImpact.IsZero() {
		return r.CostImpact.Currency
	}
	if r.CostRange != nil {
		return cmp.Or(r.CostRange.Min.Currency, r.CostRange.Max.Currency)
	}
	return ""
}

// fnv64 is the 64-bit FNV-1a hash of s.
func fnv64(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}
