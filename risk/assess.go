package risk

import (
	"fmt"
	"maps"
	"math"

	"github.com/pmokit/pmokit/pmo"
	"github.com/shopspring/decimal"

	"github.com/pmokit/pmokit/internal/textcut"
)

// Assessment is the result of assessing one risk on a [Matrix].
//
// Exposure is probability × cost impact, the risk's expected monetary value
// as a magnitude (PMBOK: risk exposure = P × I); EMV carries the PMBOK sign
// convention (REFERENCES §2.4): negative for a threat, positive for an
// opportunity. The probability enters as decimal.NewFromFloat(p), the
// shortest decimal that reads back as p (0.4 is exactly 0.4), so EMV and
// Exposure are exact: 0.4 × "200000 USD" is "80000 USD". Both are the zero
// Money when the risk has no cost impact.
//
// ScheduleDays is probability × schedule impact in days (schedule exposure).
// Residual is the assessment after the risk's response (pmo.Risk.Residual),
// nil when the risk has none; the Assessment itself is then the inherent one.
//
// Dimension is the consequence dimension that drove the impact level of a
// risk rated per dimension (pmo.Risk.Impacts): with the matrix's combine rule
// "max", the dimension of the highest impact (on a tie, the first in the
// matrix's order of dimensions); with a named dimension, that one. It is ""
// when the level came from the single impact or from the cost impact.
type Assessment struct {
	RiskID       string       `json:"risk_id"`
	Kind         pmo.RiskKind `json:"kind"` // pmo.Threat when the risk does not say
	Probability  float64      `json:"probability"`
	Cell         Cell         `json:"cell"`
	Dimension    string       `json:"dimension,omitempty"`
	Rating       Rating       `json:"rating"`
	Score        float64      `json:"score"`
	Exposure     pmo.Money    `json:"exposure,omitzero"`
	EMV          pmo.Money    `json:"emv,omitzero"`
	ScheduleDays float64      `json:"schedule_days,omitempty"`
	Residual     *Assessment  `json:"residual,omitempty"`
}

// Assess rates a risk on the matrix using its ordinal impact: pmo.Risk.Impact
// = 1..n picks the n-th impact level (1 is the lowest), and impacts per
// dimension (pmo.Risk.Impacts) combine into one level by the matrix's rule.
// A risk without an ordinal impact is an error here; use [Matrix.AssessWith]
// to rate its cost impact as a fraction of a reference amount instead. See
// [Assessment] for the figures and [Matrix.AssessWith] for the rules.
func (m *Matrix) Assess(r pmo.Risk) (Assessment, error) {
	return m.AssessWith(r, pmo.Money{})
}

// AssessWith rates a risk on the matrix. The impact level is taken from:
//
//   - pmo.Risk.Impacts, when it is set: a level 1..n per consequence
//     dimension, each a dimension of the matrix ([Matrix.Dimensions]),
//     combined by the matrix's rule ([Matrix.Combine]): the highest, or the
//     level of the one dimension it names; [Assessment].Dimension says which
//     dimension drove it. A dimension the matrix does not have is an error
//     naming it, never ignored, as is a risk without the named dimension, or
//     with Impact as well;
//   - pmo.Risk.Impact, when it is set (1..n, the ordinal level; the bands are
//     not used): the consequence on one unnamed dimension, rated as it is on
//     any matrix, whatever its dimensions and rule;
//   - otherwise CostImpact / reference, a fraction mapped through the impact
//     scale's bands, when both are given in the same currency (in roll-ups
//     the reference is the project's approved budget);
//   - otherwise it is an error.
//
// The likelihood level is the band that holds Probability (0..1). A matrix
// made for one kind of risk (threats or opportunities) refuses the other. A
// negative cost impact, or a schedule impact outside 0..[MaxScheduleDays],
// is an error: impacts are magnitudes, and the risk's kind says whether they
// are a loss or a gain.
//
// When the risk has a Residual, it is assessed too: each residual figure left
// at zero (probability, impact, cost impact) keeps the inherent value, so a
// response that only lowers the impact needs to record only the impact; the
// residual impacts of a risk rated per dimension replace the inherent ones
// dimension by dimension, the others keep their inherent level. A residual
// of the other form than its risk (a single impact for impacts per
// dimension, or the reverse) is an error.
func (m *Matrix) AssessWith(r pmo.Risk, reference pmo.Money) (Assessment, error) {
	a, err := m.assess(r, reference)
	if err != nil {
		return Assessment{}, err
	}
	if r.Residual != nil {
		rr := r
		rr.Residual = nil
		if r.Residual.Probability != 0 {
			rr.Probability = r.Residual.Probability
		}
		if r.Residual.Impact != 0 {
			rr.Impact = r.Residual.Impact
		}
		if len(r.Residual.Impacts) > 0 {
			if r.Impact != 0 {
				return Assessment{}, invalidf("risk: risk %s: residual impacts per dimension for a risk with the single impact: give a residual impact", textcut.Quote(r.ID))
			}
			rr.Impacts = maps.Clone(r.Impacts)
			if rr.Impacts == nil {
				rr.Impacts = make(map[string]int, len(r.Residual.Impacts))
			}
			maps.Copy(rr.Impacts, r.Residual.Impacts)
		} else if r.Residual.Impact != 0 && len(r.Impacts) > 0 {
			return Assessment{}, invalidf("risk: risk %s: a single residual impact for a risk rated per dimension: give residual impacts", textcut.Quote(r.ID))
		}
		if !r.Residual.CostImpact.IsZero() {
			rr.CostImpact = r.Residual.CostImpact
		}
		res, err := m.assess(rr, reference)
		if err != nil {
			return Assessment{}, fmt.Errorf("%w (residual)", err)
		}
		a.Residual = &res
	}
	return a, nil
}

// MaxScheduleDays is the largest schedule impact of one risk, in days (its
// most likely value and both ends of its range): about 2,700 years. A
// larger, negative or non-finite figure is an error naming the risk, so that
// sums of schedule exposure and simulated totals stay finite.
const MaxScheduleDays = 1_000_000

// checkDays reports a schedule impact outside 0..MaxScheduleDays.
func checkDays(what string, d float64) error {
	if !(d >= 0 && d <= MaxScheduleDays) {
		return fmt.Errorf("%s %v is outside 0..%d days", what, d, MaxScheduleDays)
	}
	return nil
}

func (m *Matrix) assess(r pmo.Risk, reference pmo.Money) (Assessment, error) {
	if err := checkDays("schedule_impact_days", r.ScheduleImpactDays); err != nil {
		return Assessment{}, invalidf("risk: risk %q: %w", r.ID, err)
	}
	if r.CostImpact.Sign() < 0 {
		return Assessment{}, invalidf("risk: risk %q: cost_impact %s is negative (give the magnitude; kind opportunity makes it a gain)", r.ID, r.CostImpact)
	}
	kind := r.Kind
	if kind == 0 {
		kind = pmo.Threat
	}
	if m.def.Kind != 0 && kind != m.def.Kind {
		return Assessment{}, invalidf("risk: risk %s: %s matrix %s cannot rate a %s", textcut.Quote(r.ID), m.def.Kind, textcut.Quote(m.def.Name), kind)
	}
	l, err := m.likelihoodLevel(r.Probability)
	if err != nil {
		return Assessment{}, invalidf("risk: risk %s: %w", textcut.Quote(r.ID), err)
	}
	i, dim, err := m.impactLevel(r, reference)
	if err != nil {
		return Assessment{}, err
	}
	c := Cell{Likelihood: l, Impact: i}
	a := Assessment{
		RiskID:       r.ID,
		Kind:         kind,
		Probability:  r.Probability,
		Cell:         c,
		Dimension:    dim,
		Rating:       m.def.Ratings[m.grid[l][i]],
		Score:        m.score[l][i],
		ScheduleDays: r.Probability * r.ScheduleImpactDays,
	}
	if !r.CostImpact.IsZero() {
		a.Exposure = r.CostImpact.Mul(decimal.NewFromFloat(r.Probability))
		a.EMV = a.Exposure
		if kind == pmo.Threat {
			a.EMV = a.Exposure.Neg()
		}
	}
	return a, nil
}

// impactLevel returns the impact level index of a risk and the consequence
// dimension that drove it ("" for the single impact or the cost impact).
func (m *Matrix) impactLevel(r pmo.Risk, reference pmo.Money) (int, string, error) {
	n := len(m.def.Impact.Levels)
	if len(r.Impacts) > 0 {
		return m.combined(r)
	}
	if r.Impact != 0 {
		if r.Impact < 1 || r.Impact > n {
			return 0, "", invalidf("risk: risk %s: impact %d is outside the matrix's 1..%d", textcut.Quote(r.ID), r.Impact, n)
		}
		return r.Impact - 1, "", nil
	}
	switch {
	case r.CostImpact.IsZero():
		return 0, "", invalidf("risk: risk %s: no impact: set impact (1..%d), impacts or cost_impact", textcut.Quote(r.ID), n)
	case reference.IsZero():
		return 0, "", invalidf("risk: risk %s: no ordinal impact, and no reference amount to rate cost_impact %s against", textcut.Quote(r.ID), r.CostImpact)
	case reference.Currency != r.CostImpact.Currency:
		return 0, "", invalidf("risk: risk %s: %w: cost_impact %s against reference %s", textcut.Quote(r.ID), pmo.ErrCurrencyMismatch, r.CostImpact, reference)
	case reference.Sign() <= 0:
		return 0, "", invalidf("risk: risk %s: reference %s is not positive", textcut.Quote(r.ID), reference)
	}
	f := r.CostImpact.Amount.Abs().Div(reference.Amount).InexactFloat64()
	if math.IsInf(f, 0) || math.IsNaN(f) {
		f = math.MaxFloat64
	}
	i, err := m.impactFraction(f)
	if err != nil {
		return 0, "", invalidf("risk: risk %s: %w", textcut.Quote(r.ID), err)
	}
	return i, "", nil
}
