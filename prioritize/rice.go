package prioritize

import "github.com/pmokit/pmokit/internal/textcut"

// RICEItem is one item scored for RICE (Intercom's Reach, Impact,
// Confidence, Effort).
type RICEItem struct {
	ID         string  `json:"id"`
	Reach      float64 `json:"reach"`      // people or events per period; >= 0
	Impact     float64 `json:"impact"`     // per person, conventionally 3 massive, 2 high, 1 medium, 0.5 low, 0.25 minimal; >= 0
	Confidence float64 `json:"confidence"` // a fraction in [0, 1]: 80% is 0.8
	Effort     float64 `json:"effort"`     // person-months (or any unit of work); > 0
}

// RICE ranks items by reach × impact × confidence ÷ effort.
//
// Each item's Contributions are the four factors reach, impact, confidence
// and effort, with Normalized = Weighted = the factor as it enters the
// product (1/effort for effort): their product is the score. A confidence
// outside [0, 1] (e.g. 80 instead of 0.8), an effort <= 0, a negative reach or
// impact, a non-finite input, an empty or duplicate ID, or no items is an
// error naming the item; every error matches [ErrInvalid].
func RICE(items []RICEItem) (Ranking, error) {
	var errs errList
	if len(items) == 0 {
		errs.addf("rice: no items")
	}
	if len(items) > MaxItems {
		return nil, invalidf("rice: %d items, more than %d", len(items), MaxItems)
	}
	ids := newIDSet(len(items))
	for i, it := range items {
		checkID(&errs, "rice", i, it.ID, ids)
		if !finite(it.Reach) || it.Reach < 0 {
			errs.addAt(it.ID, ScoreReach, "rice: item %s: reach %v is not a finite number >= 0", textcut.Quote(it.ID), it.Reach)
		}
		if !finite(it.Impact) || it.Impact < 0 {
			errs.addAt(it.ID, ScoreImpact, "rice: item %s: impact %v is not a finite number >= 0", textcut.Quote(it.ID), it.Impact)
		}
		if !(it.Confidence >= 0 && it.Confidence <= 1) {
			errs.addAt(it.ID, ScoreConfidence, "rice: item %s: confidence %v is not a fraction in [0, 1] (80%% is 0.8)", textcut.Quote(it.ID), it.Confidence)
		}
		if !finite(it.Effort) || it.Effort <= 0 {
			errs.addAt(it.ID, ScoreEffort, "rice: item %s: effort %v must be a finite number > 0", textcut.Quote(it.ID), it.Effort)
		}
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	ex, scores := newStoredExplanation(len(items), ScoreReach, ScoreImpact, ScoreConfidence, ScoreEffort)
	for i, it := range items {
		ex.set(i, 0, it.Reach, it.Reach, it.Reach)
		ex.set(i, 1, it.Impact, it.Impact, it.Impact)
		ex.set(i, 2, it.Confidence, it.Confidence, it.Confidence)
		ex.set(i, 3, it.Effort, 1/it.Effort, 1/it.Effort)
		scores[i] = it.Reach * it.Impact * it.Confidence / it.Effort
	}
	return buildRanking(scores, func(i int) string { return items[i].ID }, ex)
}

// ICEItem is one item scored for ICE: impact, confidence and ease, each on a
// 1..10 scale.
type ICEItem struct {
	ID         string  `json:"id"`
	Impact     float64 `json:"impact"`
	Confidence float64 `json:"confidence"`
	Ease       float64 `json:"ease"`
}

// ICEAggregation says how ICE combines its three ratings.
type ICEAggregation int

// The ICE aggregations. The zero value is the product, the original form.
const (
	ICEProduct ICEAggregation = iota // impact × confidence × ease, in [1, 1000]
	ICEMean                          // (impact + confidence + ease)/3, in [1, 10]
)

// ICE ranks items by impact, confidence and ease combined by agg: their
// product (the zero value, [ICEProduct]) or their arithmetic mean
// ([ICEMean]); some teams average instead of multiplying.
//
// Under the product each contribution has Normalized = Weighted = the rating
// (their product is the score); under the mean Normalized is the rating and
// Weighted the rating/3 (their sum is the score). A rating outside 1..10, an
// empty or duplicate ID, or no items is an error naming the item; every error
// matches [ErrInvalid].
func ICE(items []ICEItem, agg ICEAggregation) (Ranking, error) {
	var errs errList
	if agg != ICEProduct && agg != ICEMean {
		errs.addf("ice: invalid aggregation %d", int(agg))
	}
	if len(items) == 0 {
		errs.addf("ice: no items")
	}
	if len(items) > MaxItems {
		return nil, invalidf("ice: %d items, more than %d", len(items), MaxItems)
	}
	ids := newIDSet(len(items))
	for i, it := range items {
		checkID(&errs, "ice", i, it.ID, ids)
		for _, f := range [...]struct {
			name string
			v    float64
		}{{ScoreImpact, it.Impact}, {ScoreConfidence, it.Confidence}, {ScoreEase, it.Ease}} {
			if !(f.v >= 1 && f.v <= 10) {
				errs.addAt(it.ID, f.name, "ice: item %s: %s %v is not in 1..10", textcut.Quote(it.ID), f.name, f.v)
			}
		}
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	ex, scores := newStoredExplanation(len(items), ScoreImpact, ScoreConfidence, ScoreEase)
	for i, it := range items {
		for j, v := range [...]float64{it.Impact, it.Confidence, it.Ease} {
			w := v
			if agg == ICEMean {
				w = v / 3
			}
			ex.set(i, j, v, v, w)
		}
		if agg == ICEMean {
			scores[i] = (it.Impact + it.Confidence + it.Ease) / 3
		} else {
			scores[i] = it.Impact * it.Confidence * it.Ease
		}
	}
	return buildRanking(scores, func(i int) string { return items[i].ID }, ex)
}
