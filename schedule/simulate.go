package schedule

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pmokit/pmokit/internal/corr"
	"github.com/pmokit/pmokit/pmo"
)

// Distribution is the shape of a three-point estimate (min, most likely,
// max) in a simulation.
type Distribution int

// The Distribution values. The zero value is Triangular, so that the zero
// [SimOptions] means "triangular durations".
const (
	Triangular Distribution = iota // triangular over (min, most likely, max); mean (a+m+b)/3
	BetaPERT                       // Beta-PERT: α = 1+4(m−a)/(b−a), β = 1+4(b−m)/(b−a); mean (a+4m+b)/6
)

// DefaultTrials is the number of trials of a simulation whose
// [SimOptions.Trials] is zero.
const DefaultTrials = 10_000

// MaxTrials is the largest number of trials [Simulate] accepts. A
// simulation holds, per trial, two numbers per project and one per
// milestone.
const MaxTrials = 1_000_000

// MaxSamples bounds the memory of a simulation: trials × (2 × projects +
// milestones) may not exceed it (8 bytes each, 400 MB).
const MaxSamples = 50_000_000

// MaxCorrelated is the largest number of activities [SimOptions]
// correlations may name (each trial costs k²/2 operations for k of them).
const MaxCorrelated = 1000

// chunkSize is the number of trials drawn from one random stream. It is part
// of the result's definition: changing it changes the numbers a seed gives.
const chunkSize = 1024

// ActivityRef names an activity of a project.
type ActivityRef struct {
	Project, Activity string
}

// Correlation is the rank correlation (Spearman's ρ, in -1..1) between the
// durations of two activities.
type Correlation struct {
	A, B        ActivityRef
	Coefficient float64
}

// SimOptions configures [Simulate]. The zero value means DefaultTrials
// trials, seed 0, triangular durations and no correlation.
type SimOptions struct {
	Trials       int          // number of trials; 0 means DefaultTrials
	Seed         uint64       // the same seed gives the same answer
	Distribution Distribution // shape of three-point estimates; zero is Triangular
	// Correlations between activity durations; the matrix they form must
	// be positive definite. Activities not named are independent.
	Correlations []Correlation
	// CostScheduleCorrelation is the rank correlation, in -1..1, between
	// each risk's cost impact and its delay when it occurs.
	CostScheduleCorrelation float64
}

// Simulation is the result of a Monte Carlo schedule risk analysis. It is
// immutable and safe for concurrent use by multiple goroutines.
type Simulation struct {
	trials   int
	projects []simProject
}

type simProject struct {
	id         string
	currency   string
	finish     []float64 // per trial, the instant of the finish
	cost       []float64 // per trial
	sorted     []float64 // finish, sorted
	costSorted []float64
	milestones []simMilestone
	acts       []simActivity // in file order
	days       []float64     // working days from start to finish, sorted
	meanDays   float64
}

type simMilestone struct {
	id     string
	sorted []float64
}

type simActivity struct {
	id          string
	criticality float64
	sensitivity float64
	varies      bool
}

// sampler is a precomputed three-point draw.
type sampler struct {
	kind        uint8 // fixed, triangular, betaPERT
	a, m, b     float64
	fc          float64 // triangular: the mode's CDF
	left, right float64 // triangular: (b−a)(m−a) and (b−a)(b−m)
	// Beta-PERT: Marsaglia–Tsang constants for Gamma(α) and Gamma(β)
	da, ca, db, cb float64
}

const (
	fixed uint8 = iota
	triangular
	betaPERT
)

func newSampler(a, m, b float64, dist Distribution) sampler {
	if b <= a {
		return sampler{kind: fixed, a: m, m: m, b: m}
	}
	s := sampler{a: a, m: m, b: b}
	w := b - a
	if dist == BetaPERT {
		s.kind = betaPERT
		alpha, beta := 1+4*(m-a)/w, 1+4*(b-m)/w
		s.da, s.db = alpha-1.0/3, beta-1.0/3
		s.ca, s.cb = 1/math.Sqrt(9*s.da), 1/math.Sqrt(9*s.db)
		return s
	}
	s.kind = triangular
	s.fc = (m - a) / w
	s.left, s.right = w*(m-a), w*(b-m)
	return s
}

// draw returns an independent draw.
func (s *sampler) draw(src *rand.PCG, rng *rand.Rand) float64 {
	switch s.kind {
	case triangular:
		u := uniform(src)
		if u < s.fc {
			return s.a + math.Sqrt(u*s.left)
		}
		return s.b - math.Sqrt((1-u)*s.right)
	case betaPERT:
		x := gamma(src, rng, s.da, s.ca)
		y := gamma(src, rng, s.db, s.cb)
		return s.a + (s.b-s.a)*x/(x+y)
	}
	return s.m
}

// quantile returns the u-quantile (for correlated draws).
func (s *sampler) quantile(u float64) float64 {
	switch s.kind {
	case triangular:
		return corr.Triangular(s.a, s.m, s.b, u)
	case betaPERT:
		return corr.PERT(s.a, s.m, s.b, u)
	}
	return s.m
}

// simRisk is a risk of the simulation: it occurs with prob and then delays
// its activities (sign −1: an opportunity shortens them) and costs.
type simRisk struct {
	prob   float64
	sign   float64
	delay  sampler
	cost   sampler
	proj   int32
	nodes  []int32
	hasCst bool
}

// model is a network prepared for simulation.
type model struct {
	n        *network
	dur      []sampler
	corrOf   []int32 // per node: its variable in the copula, or -1
	copula   *corr.Copula
	corrNode []int32 // per copula variable: its node
	risks    []simRisk
	csRank   float64
	baseCost []float64 // per project
	currency []string
}

// Simulate runs a Monte Carlo schedule risk analysis of every project of
// pf that has activities.
//
// In each trial every activity's duration is drawn from its estimate
// (min, most_likely, max) with the chosen [Distribution], or is its
// duration when it has no estimate. Every risk of a project that is not
// closed occurs with its probability; when it occurs its delay, drawn from
// (schedule_range_days.min, schedule_impact_days,
// schedule_range_days.max) in working days, lengthens each activity that
// names it (an opportunity shortens them, never below zero; a risk no
// activity names delays nothing), and its cost impact, drawn from
// (cost_range.min, cost_impact, cost_range.max), adds to its project's
// cost. The network then runs both passes of the critical path method.
//
// Correlations between durations, and between each risk's cost and delay,
// are rank correlations imposed by a Gaussian copula (see
// internal/corr: the normals' correlation is 2 sin(πρ/6)); the achieved
// sample rank correlation is within sampling error of the coefficient.
//
// A project's cost in a trial is its budget forecast (or, without one, its
// approved budget) plus the cost impacts of its risks that occurred; every
// cost of a project must be in one currency.
//
// Trials are split into fixed chunks of 1024, each drawn from its own PCG
// stream whose state is a SplitMix64 hash of (Seed, chunk index), spread
// over GOMAXPROCS goroutines and reduced in chunk order: the result
// depends on the seed and the options only, never on the number of
// goroutines or their timing. ctx is checked before the run and between
// chunks; a cancelled ctx returns its error. The cost is trials ×
// (activities + links + risks), plus trials × k²/2 for k correlated
// activities.
func Simulate(ctx context.Context, pf *pmo.Portfolio, opts SimOptions) (*Simulation, error) {
	trials := opts.Trials
	switch {
	case trials == 0:
		trials = DefaultTrials
	case trials < 0 || trials > MaxTrials:
		return nil, fmt.Errorf("schedule: simulate: trials %d outside 1..%d", opts.Trials, MaxTrials)
	}
	if opts.Distribution != Triangular && opts.Distribution != BetaPERT {
		return nil, fmt.Errorf("schedule: simulate: unknown distribution %d", int(opts.Distribution))
	}
	if !(opts.CostScheduleCorrelation >= -1 && opts.CostScheduleCorrelation <= 1) {
		return nil, fmt.Errorf("schedule: simulate: cost-schedule correlation %v outside -1..1", opts.CostScheduleCorrelation)
	}
	n, err := compile(pf)
	if err != nil {
		return nil, err
	}
	series := 0
	for k := range n.projects {
		series += 2 + len(n.projects[k].milestones)
	}
	if series > 0 && trials > MaxSamples/series {
		return nil, fmt.Errorf("schedule: simulate: %d trials × %d series of results exceed %d samples", trials, series, MaxSamples)
	}
	m, err := prepare(n, opts)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return m.run(ctx, trials, opts.Seed)
}

func prepare(n *network, opts SimOptions) (*model, error) {
	m := &model{n: n, dur: make([]sampler, len(n.nodes)), corrOf: make([]int32, len(n.nodes)), csRank: opts.CostScheduleCorrelation,
		baseCost: make([]float64, len(n.projects)), currency: make([]string, len(n.projects))}
	for i := range n.nodes {
		nd := &n.nodes[i]
		m.corrOf[i] = -1
		if e := nd.act.Estimate; e != nil {
			if !(e.Min <= e.MostLikely && e.MostLikely <= e.Max && e.Min >= 0) {
				return nil, fmt.Errorf("schedule: simulate: activity %s: estimate %v, %v, %v is not 0 ≤ min ≤ most_likely ≤ max", n.name(int32(i)), e.Min, e.MostLikely, e.Max)
			}
			m.dur[i] = newSampler(e.Min, e.MostLikely, e.Max, opts.Distribution)
		} else {
			m.dur[i] = sampler{kind: fixed, a: nd.dur, m: nd.dur, b: nd.dur}
		}
	}
	var errs []error

	// Correlations.
	if len(opts.Correlations) > 0 {
		find := func(r ActivityRef) (int32, bool) {
			for k := range n.projects {
				if n.projects[k].p.ID == r.Project {
					for _, i := range n.projects[k].nodes {
						if n.nodes[i].act.ID == r.Activity {
							return i, true
						}
					}
				}
			}
			return 0, false
		}
		type pair struct{ a, b int32 }
		coef := map[pair]float64{}
		for ci, c := range opts.Correlations {
			a, okA := find(c.A)
			b, okB := find(c.B)
			switch {
			case !okA:
				errs = append(errs, fmt.Errorf("schedule: simulate: correlations[%d]: unknown activity %s/%s", ci, c.A.Project, c.A.Activity))
			case !okB:
				errs = append(errs, fmt.Errorf("schedule: simulate: correlations[%d]: unknown activity %s/%s", ci, c.B.Project, c.B.Activity))
			case a == b:
				errs = append(errs, fmt.Errorf("schedule: simulate: correlations[%d]: activity %s correlated with itself", ci, n.name(a)))
			case !(c.Coefficient >= -1 && c.Coefficient <= 1):
				errs = append(errs, fmt.Errorf("schedule: simulate: correlations[%d]: coefficient %v outside -1..1", ci, c.Coefficient))
			default:
				if a > b {
					a, b = b, a
				}
				if _, dup := coef[pair{a, b}]; dup {
					errs = append(errs, fmt.Errorf("schedule: simulate: correlations[%d]: %s and %s correlated twice", ci, n.name(a), n.name(b)))
					continue
				}
				coef[pair{a, b}] = c.Coefficient
				for _, i := range []int32{a, b} {
					if m.corrOf[i] < 0 {
						m.corrOf[i] = int32(len(m.corrNode))
						m.corrNode = append(m.corrNode, i)
					}
				}
			}
		}
		if len(m.corrNode) > MaxCorrelated {
			errs = append(errs, fmt.Errorf("schedule: simulate: %d correlated activities, more than %d", len(m.corrNode), MaxCorrelated))
		}
		if len(errs) == 0 {
			k := len(m.corrNode)
			mat := make([][]float64, k)
			for i := range mat {
				mat[i] = make([]float64, k)
			}
			for p, c := range coef {
				x, y := m.corrOf[p.a], m.corrOf[p.b]
				mat[x][y], mat[y][x] = c, c
			}
			cop, err := corr.NewCopula(mat)
			if err != nil {
				errs = append(errs, fmt.Errorf("schedule: simulate: correlations: %w", err))
			}
			m.copula = cop
		}
	}

	// Risks and costs.
	for k := range n.projects {
		pn := &n.projects[k]
		p := pn.p
		base := p.Budget.Forecast
		if base.IsZero() {
			base = p.Budget.Approved
		}
		if !base.IsZero() {
			m.baseCost[k], m.currency[k] = base.Amount.InexactFloat64(), base.Currency
		}
		for ri := range p.Risks {
			r := &p.Risks[ri]
			if r.Status == pmo.RiskClosed {
				continue
			}
			name := p.ID + "/" + r.ID
			if !(r.Probability >= 0 && r.Probability <= 1) {
				errs = append(errs, fmt.Errorf("schedule: simulate: risk %s: probability %v outside 0..1", name, r.Probability))
				continue
			}
			sr := simRisk{prob: r.Probability, sign: 1, proj: int32(k)}
			if r.Kind == pmo.Opportunity {
				sr.sign = -1
			}
			for _, i := range pn.nodes {
				if slices.Contains(n.nodes[i].act.Risks, r.ID) {
					sr.nodes = append(sr.nodes, i)
				}
			}
			a, ml, b := r.ScheduleImpactDays, r.ScheduleImpactDays, r.ScheduleImpactDays
			if rg := r.ScheduleRangeDays; rg != nil {
				a, b = rg.Min, rg.Max
			}
			if !(a <= ml && ml <= b && a >= 0 && b <= pmo.MaxActivityDays) {
				errs = append(errs, fmt.Errorf("schedule: simulate: risk %s: schedule range %v..%v does not hold the most likely %v days within 0..%d", name, a, b, ml, pmo.MaxActivityDays))
				continue
			}
			sr.delay = newSampler(a, ml, b, opts.Distribution)
			if !r.CostImpact.IsZero() {
				lo, hi := r.CostImpact, r.CostImpact
				if rg := r.CostRange; rg != nil {
					if !rg.Min.IsZero() {
						lo = rg.Min
					}
					if !rg.Max.IsZero() {
						hi = rg.Max
					}
				}
				bad := false
				for _, mo := range []pmo.Money{r.CostImpact, lo, hi} {
					switch {
					case m.currency[k] == "":
						m.currency[k] = mo.Currency
					case mo.Currency != m.currency[k]:
						errs = append(errs, fmt.Errorf("schedule: simulate: risk %s: cost %s: %w: project %s costs are in %s", name, mo, pmo.ErrCurrencyMismatch, p.ID, m.currency[k]))
						bad = true
					}
					if bad {
						break
					}
				}
				if bad {
					continue
				}
				ca, cm, cb := lo.Amount.InexactFloat64(), r.CostImpact.Amount.InexactFloat64(), hi.Amount.InexactFloat64()
				if !(ca <= cm && cm <= cb) {
					errs = append(errs, fmt.Errorf("schedule: simulate: risk %s: cost range %s..%s does not hold the most likely %s", name, lo, hi, r.CostImpact))
					continue
				}
				sr.cost, sr.hasCst = newSampler(ca, cm, cb, opts.Distribution), true
			} else if r.CostRange != nil {
				errs = append(errs, fmt.Errorf("schedule: simulate: risk %s: cost_range without cost_impact (the most likely value)", name))
				continue
			}
			if len(sr.nodes) == 0 && !sr.hasCst {
				continue
			}
			m.risks = append(m.risks, sr)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return m, nil
}

// acc holds the sums of one chunk for the sensitivities, reduced in chunk
// order so that the float sums do not depend on scheduling.
type acc struct {
	chunk        int
	sd, sd2, sdf []float64
}

func (m *model) run(ctx context.Context, trials int, seed uint64) (*Simulation, error) {
	n := m.n
	nn, np := len(n.nodes), len(n.projects)
	finish := make([][]float64, np)
	cost := make([][]float64, np)
	miles := make([][][]float64, np)
	for k := range n.projects {
		finish[k] = make([]float64, trials)
		cost[k] = make([]float64, trials)
		miles[k] = make([][]float64, len(n.projects[k].milestones))
		for j := range miles[k] {
			miles[k][j] = make([]float64, trials)
		}
	}
	critical := make([]int64, nn)
	sd, sd2, sdf := make([]float64, nn), make([]float64, nn), make([]float64, nn)

	chunks := (trials + chunkSize - 1) / chunkSize
	workers := min(runtime.GOMAXPROCS(0), chunks)
	var (
		next      atomic.Int64
		stopped   atomic.Bool
		wg        sync.WaitGroup
		mu        sync.Mutex
		stopErr   error
		pending   = map[int]*acc{}
		nextMerge int
		free      []*acc
	)
	getAcc := func(k int) *acc {
		mu.Lock()
		var a *acc
		if len(free) > 0 {
			a, free = free[len(free)-1], free[:len(free)-1]
		}
		mu.Unlock()
		if a == nil {
			a = &acc{sd: make([]float64, nn), sd2: make([]float64, nn), sdf: make([]float64, nn)}
		} else {
			clear(a.sd)
			clear(a.sd2)
			clear(a.sdf)
		}
		a.chunk = k
		return a
	}
	putAcc := func(a *acc) {
		mu.Lock()
		defer mu.Unlock()
		pending[a.chunk] = a
		for {
			b, ok := pending[nextMerge]
			if !ok {
				return
			}
			delete(pending, nextMerge)
			for i := range sd {
				sd[i] += b.sd[i]
				sd2[i] += b.sd2[i]
				sdf[i] += b.sdf[i]
			}
			nextMerge++
			free = append(free, b)
		}
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts := make([]int64, nn)
			pcg := rand.NewPCG(0, 0)
			rng := rand.New(pcg)
			w := &trialState{p: n.newPasses(), cost: make([]float64, np), z: make([]float64, len(m.corrNode)), u: make([]float64, len(m.corrNode))}
			for !stopped.Load() {
				k := int(next.Add(1) - 1)
				if k >= chunks {
					break
				}
				if err := ctx.Err(); err != nil {
					mu.Lock()
					stopErr = cmp.Or(stopErr, err)
					mu.Unlock()
					stopped.Store(true)
					break
				}
				pcg.Seed(splitmix64(seed^splitmix64(2*uint64(k))), splitmix64(seed+splitmix64(2*uint64(k)+1)))
				a := getAcc(k)
				lo, hi := k*chunkSize, min((k+1)*chunkSize, trials)
				for t := lo; t < hi; t++ {
					m.trial(w, pcg, rng)
					p := w.p
					for j := range n.projects {
						finish[j][t] = p.finish[j]
						cost[j][t] = w.cost[j]
						for mi, mn := range n.projects[j].milestones {
							x := math.Inf(-1)
							for _, i := range mn.nodes {
								x = max(x, n.cals[n.nodes[i].cal].finishAt(p.ef[i]))
							}
							miles[j][mi][t] = x
						}
					}
					for i := range nn {
						if p.ls[i]-p.es[i] <= eps {
							counts[i]++
						}
						d := p.dur[i]
						f := p.finish[n.nodes[i].proj]
						a.sd[i] += d
						a.sd2[i] += d * d
						a.sdf[i] += d * f
					}
				}
				putAcc(a)
			}
			mu.Lock()
			for i, c := range counts {
				critical[i] += c
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	if stopErr != nil {
		return nil, stopErr
	}

	s := &Simulation{trials: trials, projects: make([]simProject, np)}
	for k := range n.projects {
		pn := &n.projects[k]
		sp := &s.projects[k]
		sp.id, sp.currency = pn.p.ID, m.currency[k]
		sp.finish, sp.cost = finish[k], cost[k]
		sp.sorted, sp.costSorted = slices.Clone(finish[k]), slices.Clone(cost[k])
		slices.Sort(sp.sorted)
		slices.Sort(sp.costSorted)
		for j, mn := range pn.milestones {
			slices.Sort(miles[k][j])
			sp.milestones = append(sp.milestones, simMilestone{id: mn.m.ID, sorted: miles[k][j]})
		}
		// Durations in working days of the project's calendar (Monday to
		// Friday when its activities have several).
		c := n.cals[max(0, pn.cal)]
		w0 := c.W(pn.start)
		sp.days = make([]float64, trials)
		var sf, sf2, sdays float64
		for t, f := range finish[k] { // in trial order
			sf += f
			sf2 += f * f
			sp.days[t] = c.W(f) - w0
			sdays += sp.days[t]
		}
		sp.meanDays = sdays / float64(trials)
		slices.Sort(sp.days)
		nt := float64(trials)
		varF := sf2/nt - (sf/nt)*(sf/nt)
		for _, i := range pn.nodes {
			a := simActivity{id: n.nodes[i].act.ID, criticality: float64(critical[i]) / nt}
			varD := sd2[i]/nt - (sd[i]/nt)*(sd[i]/nt)
			if varD > 1e-12*max(1, sd2[i]/nt) && varF > 1e-12*max(1, sf2/nt) {
				a.varies = true
				a.sensitivity = (sdf[i]/nt - sd[i]/nt*sf/nt) / math.Sqrt(varD*varF)
				a.sensitivity = max(-1, min(1, a.sensitivity))
			}
			sp.acts = append(sp.acts, a)
		}
	}
	return s, nil
}

// trialState is one worker's scratch space.
type trialState struct {
	p    *passes
	cost []float64
	z, u []float64
}

// trial draws one trial into w: durations, risks, both passes.
func (m *model) trial(w *trialState, src *rand.PCG, rng *rand.Rand) {
	p := w.p
	if m.copula != nil {
		for i := range w.z {
			w.z[i] = rng.NormFloat64()
		}
		m.copula.Uniforms(w.z, w.u)
	}
	for i := range m.dur {
		s := &m.dur[i]
		if s.kind == fixed {
			p.dur[i] = s.m
		} else if c := m.corrOf[i]; c >= 0 {
			p.dur[i] = s.quantile(w.u[c])
		} else {
			p.dur[i] = s.draw(src, rng)
		}
	}
	copy(w.cost, m.baseCost)
	for ri := range m.risks {
		r := &m.risks[ri]
		if uniform(src) >= r.prob {
			continue
		}
		var delay, c float64
		if m.csRank != 0 && r.hasCst && r.delay.kind != fixed && r.cost.kind != fixed {
			u1, u2 := corr.Pair(m.csRank, rng.NormFloat64(), rng.NormFloat64())
			delay, c = r.delay.quantile(u1), r.cost.quantile(u2)
		} else {
			delay = r.delay.draw(src, rng)
			if r.hasCst {
				c = r.cost.draw(src, rng)
			}
		}
		for _, i := range r.nodes {
			p.dur[i] = max(0, p.dur[i]+r.sign*delay)
		}
		w.cost[r.proj] += r.sign * c
	}
	m.n.run(p)
}

// splitmix64 is the finalizer of Steele, Lea and Flood's SplitMix64: a
// bijective mix that turns (seed, chunk index) into unrelated PCG states.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// uniform returns a float64 in [0, 1) from the top 53 bits of one draw.
func uniform(src *rand.PCG) float64 { return float64(src.Uint64()>>11) * 0x1p-53 }

// gamma draws Gamma(shape, 1) for shape ≥ 1 by Marsaglia and Tsang's method
// ("A simple method for generating gamma variables", ACM TOMS 26(3), 2000),
// with d = shape − 1/3 and c = 1/√(9d) precomputed.
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

// quantile returns the p-quantile of sorted by the nearest-rank method.
func quantile(sorted []float64, p float64) float64 {
	n := len(sorted)
	i := int(math.Ceil(p*float64(n))) - 1
	return sorted[max(0, min(i, n-1))]
}

// Trials returns the number of trials run.
func (s *Simulation) Trials() int { return s.trials }

func (s *Simulation) project(id string) *simProject {
	for i := range s.projects {
		if s.projects[i].id == id {
			return &s.projects[i]
		}
	}
	return nil
}

// Finish returns the p-quantile of the project's finish date (p = 0.8
// gives the P80: the date by which 80% of the trials finish), by the
// nearest-rank method, and false for a project without activities or a p
// outside 0..1.
func (s *Simulation) Finish(projectID string, p float64) (time.Time, bool) {
	sp := s.project(projectID)
	if sp == nil || !(p >= 0 && p <= 1) {
		return time.Time{}, false
	}
	return finishDate(quantile(sp.sorted, p)), true
}

// Finishes returns the project's finish dates of every trial, sorted, and
// false for a project without activities: the data of a histogram or an
// S-curve.
func (s *Simulation) Finishes(projectID string) ([]time.Time, bool) {
	sp := s.project(projectID)
	if sp == nil {
		return nil, false
	}
	out := make([]time.Time, len(sp.sorted))
	for i, f := range sp.sorted {
		out[i] = finishDate(f)
	}
	return out, true
}

// MilestoneFinish returns the p-quantile of the date a project milestone
// is reached (the latest finish of the activities that deliver it), and
// false when no activity delivers it or p is outside 0..1.
func (s *Simulation) MilestoneFinish(projectID, milestoneID string, p float64) (time.Time, bool) {
	sp := s.project(projectID)
	if sp == nil || !(p >= 0 && p <= 1) {
		return time.Time{}, false
	}
	for _, m := range sp.milestones {
		if m.id == milestoneID {
			return finishDate(quantile(m.sorted, p)), true
		}
	}
	return time.Time{}, false
}

// Criticality returns an activity's criticality index: the fraction of the
// trials in which it was critical (total float ≤ 0), and false for an
// unknown activity.
func (s *Simulation) Criticality(projectID, activityID string) (float64, bool) {
	sp := s.project(projectID)
	if sp == nil {
		return 0, false
	}
	for _, a := range sp.acts {
		if a.id == activityID {
			return a.criticality, true
		}
	}
	return 0, false
}

// Driver is one activity's influence on its project's finish: the
// correlation coefficient (Pearson's, over the trials) of its sampled
// duration, risk delays included, with the project's finish, and its
// criticality index.
type Driver struct {
	Activity    string
	Sensitivity float64
	Criticality float64
}

// Drivers returns the project's activities whose duration varies, ranked
// by the magnitude of their sensitivity, largest first (ties by activity
// order), and false for a project without activities.
func (s *Simulation) Drivers(projectID string) ([]Driver, bool) {
	sp := s.project(projectID)
	if sp == nil {
		return nil, false
	}
	var out []Driver
	for _, a := range sp.acts {
		if a.varies {
			out = append(out, Driver{Activity: a.id, Sensitivity: a.sensitivity, Criticality: a.criticality})
		}
	}
	slices.SortStableFunc(out, func(a, b Driver) int { return cmp.Compare(math.Abs(b.Sensitivity), math.Abs(a.Sensitivity)) })
	return out, true
}

// Cost returns the p-quantile of the project's cost (budget forecast plus
// the cost of the risks that occurred), rounded to cents, and false for a
// project without activities, without any cost, or a p outside 0..1.
func (s *Simulation) Cost(projectID string, p float64) (pmo.Money, bool) {
	sp := s.project(projectID)
	if sp == nil || sp.currency == "" || !(p >= 0 && p <= 1) {
		return pmo.Money{}, false
	}
	return moneyOf(quantile(sp.costSorted, p), sp.currency), true
}

// JointConfidence returns the joint cost and schedule confidence level
// (NASA's JCL): the fraction of the trials in which the project finished
// by date (its last working day on or before date) and cost at most
// budget. A budget in another currency than the project's costs is an
// error matching [pmo.ErrCurrencyMismatch]; a zero budget means "cost not
// considered", which gives the schedule confidence alone.
func (s *Simulation) JointConfidence(projectID string, date time.Time, budget pmo.Money) (float64, error) {
	sp := s.project(projectID)
	if sp == nil {
		return 0, fmt.Errorf("schedule: joint confidence: no simulated project %q", projectID)
	}
	limit := math.Inf(1)
	if !budget.IsZero() {
		if sp.currency != "" && budget.Currency != sp.currency {
			return 0, fmt.Errorf("schedule: joint confidence: budget %s: %w: project %s costs are in %s", budget, pmo.ErrCurrencyMismatch, projectID, sp.currency)
		}
		limit = budget.Amount.InexactFloat64()
	}
	end := float64(dayNumber(date) + 1) // the end of date
	hits := 0
	for t, f := range sp.finish {
		if f <= end+eps && sp.cost[t] <= limit+1e-9 {
			hits++
		}
	}
	return float64(hits) / float64(s.trials), nil
}

// moneyOf rounds x to cents (the shortest decimal of the float64, then
// half away from zero) as Money.
func moneyOf(x float64, currency string) pmo.Money {
	m, err := pmo.ParseMoney(strconv.FormatFloat(math.Round(x*100)/100, 'f', 2, 64) + " " + currency)
	if err != nil { // a finite amount and a valid currency always parse
		return pmo.Money{}
	}
	return m
}

// Duration returns the p-quantile of the project's duration in working
// days (of its activities' calendar; Monday to Friday when they have
// several), from its start to its finish, and false for a project without
// activities or a p outside 0..1.
func (s *Simulation) Duration(projectID string, p float64) (float64, bool) {
	sp := s.project(projectID)
	if sp == nil || !(p >= 0 && p <= 1) {
		return 0, false
	}
	return quantile(sp.days, p), true
}

// MeanDuration returns the mean of the project's duration in working days
// over the trials, and false for a project without activities.
func (s *Simulation) MeanDuration(projectID string) (float64, bool) {
	sp := s.project(projectID)
	if sp == nil {
		return 0, false
	}
	return sp.meanDays, true
}
