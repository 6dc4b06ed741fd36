package risk

import (
	"math/rand/v2"

	"github.com/pmokit/pmokit/internal/corr"
)

// This file correlates each risk's cost impact with its schedule impact
// ([SimOptions.CostScheduleCorrelation]) by a Gaussian copula: the two
// impacts are the quantiles of two uniforms whose underlying normals have
// correlation 2 sin(πρ/6), which gives them the rank correlation ρ (see
// internal/corr for the method and its sources).

// correlate sets the cost–schedule rank correlation of every risk.
func correlate(params []riskParams, rho float64) error {
	if !(rho >= -1 && rho <= 1) {
		return invalidf("risk: simulate: cost-schedule correlation %v outside -1..1", rho)
	}
	for i := range params {
		params[i].rho = rho
	}
	return nil
}

// draw returns the cost and schedule impacts of one occurrence of the
// risk: independent draws without correlation (or when either impact is
// fixed), else the quantiles of a correlated pair of uniforms.
func (p *riskParams) draw(src *rand.PCG, rng *rand.Rand) (float64, float64) {
	if p.rho == 0 || p.cost.kind == fixed || p.sched.kind == fixed {
		c := p.cost.sample(src, rng)
		return c, p.sched.sample(src, rng)
	}
	u1, u2 := corr.Pair(p.rho, rng.NormFloat64(), rng.NormFloat64())
	return p.cost.quantile(u1), p.sched.quantile(u2)
}

// quantile returns the u-quantile of the impact.
func (t *threePoint) quantile(u float64) float64 {
	switch t.kind {
	case triangular:
		return corr.Triangular(t.a, t.m, t.b, u)
	case betaPERT:
		return corr.PERT(t.a, t.m, t.b, u)
	}
	return t.m
}
