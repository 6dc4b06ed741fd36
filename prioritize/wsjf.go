package prioritize

import "github.com/pmokit/pmokit/internal/textcut"

// WSJFItem is one backlog item scored for Weighted Shortest Job First
// (SAFe). The four inputs are relative estimates, conventionally on the
// modified Fibonacci scale 1, 2, 3, 5, 8, 13, 20.
type WSJFItem struct {
	ID              string  `json:"id"`
	BusinessValue   float64 `json:"business_value"` // user-business value
	TimeCriticality float64 `json:"time_criticality"`
	RiskReduction   float64 `json:"risk_reduction"` // risk reduction and/or opportunity enablement
	JobSize         float64 `json:"job_size"`       // stands in for duration; must be > 0
}

// CostOfDelay returns the item's cost of delay: business value + time
// criticality + risk reduction/opportunity enablement.
func (it WSJFItem) CostOfDelay() float64 {
	return it.BusinessValue + it.TimeCriticality + it.RiskReduction
}

// The criterion names that WSJF, RICE and ICE use in contributions, and that
// [WSJFFromPortfolio] and [RICEFromPortfolio] read from a project's scores.
const (
	ScoreBusinessValue   = "business_value"
	ScoreTimeCriticality = "time_criticality"
	ScoreRiskReduction   = "risk_reduction"
	ScoreJobSize         = "job_size"
	ScoreReach           = "reach"
	ScoreImpact          = "impact"
	ScoreConfidence      = "confidence"
	ScoreEffort          = "effort"
	ScoreEase            = "ease"
)

// WSJF ranks items by Weighted Shortest Job First (SAFe): cost of delay
// (business value + time criticality + risk reduction/opportunity enablement)
// divided by job size.
//
// Each item's Contributions are business_value, time_criticality and
// risk_reduction, each with Normalized = Weighted = component/job size, so
// they add up to the score, followed by job_size with Normalized = 1/job
// size and Weighted = 0 (it acts through the division). A job size <= 0, a
// negative component, a non-finite input, an empty or duplicate ID, or no
// items is an error naming the item; every error matches [ErrInvalid].
func WSJF(items []WSJFItem) (Ranking, error) {
	var errs errList
	if len(items) == 0 {
		errs.addf("wsjf: no items")
	}
	if len(items) > MaxItems {
		return nil, invalidf("wsjf: %d items, more than %d", len(items), MaxItems)
	}
	ids := newIDSet(len(items))
	for i, it := range items {
		checkID(&errs, "wsjf", i, it.ID, ids)
		for _, f := range [...]struct {
			name string
			v    float64
		}{{ScoreBusinessValue, it.BusinessValue}, {ScoreTimeCriticality, it.TimeCriticality}, {ScoreRiskReduction, it.RiskReduction}} {
			if !finite(f.v) || f.v < 0 {
				errs.addAt(it.ID, f.name, "wsjf: item %s: %s %v is not a finite number >= 0", textcut.Quote(it.ID), f.name, f.v)
			}
		}
		if !finite(it.JobSize) || it.JobSize <= 0 {
			errs.addAt(it.ID, ScoreJobSize, "wsjf: item %s: job_size %v must be a finite number > 0", textcut.Quote(it.ID), it.JobSize)
		}
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	ex, scores := newStoredExplanation(len(items), ScoreBusinessValue, ScoreTimeCriticality, ScoreRiskReduction, ScoreJobSize)
	for i, it := range items {
		bv, tc, rr := it.BusinessValue/it.JobSize, it.TimeCriticality/it.JobSize, it.RiskReduction/it.JobSize
		ex.set(i, 0, it.BusinessValue, bv, bv)
		ex.set(i, 1, it.TimeCriticality, tc, tc)
		ex.set(i, 2, it.RiskReduction, rr, rr)
		ex.set(i, 3, it.JobSize, 1/it.JobSize, 0)
		scores[i] = it.CostOfDelay() / it.JobSize
	}
	return buildRanking(scores, func(i int) string { return items[i].ID }, ex)
}

// checkID records an error for an empty or duplicate item ID.
func checkID(errs *errList, method string, i int, id string, ids idSet) {
	if id == "" {
		errs.addf("%s: items[%d]: empty id", method, i)
		return
	}
	if k, dup := ids.add(id, i); dup {
		errs.addAt(id, "", "%s: items[%d]: duplicate id %s (also items[%d])", method, i, textcut.Quote(id), k)
	}
}

// newStoredExplanation returns an explanation for m items over the named
// criteria whose normalized and weighted values are stored, and the scores
// buffer.
func newStoredExplanation(m int, names ...string) (*explanation, []float64) {
	nc := len(names)
	buf := make([]float64, 3*m*nc+m)
	ex := &explanation{
		names: names, nc: nc,
		values:   buf[: m*nc : m*nc],
		norm:     buf[m*nc : 2*m*nc : 2*m*nc],
		weighted: buf[2*m*nc : 3*m*nc : 3*m*nc],
	}
	return ex, buf[3*m*nc:]
}

// set stores item i's criterion j: raw value, normalized and weighted.
func (e *explanation) set(i, j int, value, norm, weighted float64) {
	k := i*e.nc + j
	e.values[k], e.norm[k], e.weighted[k] = value, norm, weighted
}
