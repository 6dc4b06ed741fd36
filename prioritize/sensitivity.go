package prioritize

import (
	"context"
	"math"
)

// SensitivityMethod is the ranking method whose weight sensitivity
// [Table.Sensitivity] analyses. The zero value is [SensitivityWeightedSum].
type SensitivityMethod int

// The methods of a sensitivity analysis.
const (
	// SensitivityWeightedSum analyses [Table.WeightedSum] exactly: each
	// score is linear in the moving weight, so the bounds are the first
	// crossings of two score lines, computed in closed form.
	SensitivityWeightedSum SensitivityMethod = iota
	// SensitivityTOPSIS analyses [Table.TOPSIS], whose closeness is not
	// linear in the weights: the weight is scanned in steps of Step and the
	// first change is located by bisection to Tolerance.
	SensitivityTOPSIS
)

// SensitivityOptions configures [Table.Sensitivity]. The zero value analyses
// the weighted sum's top item under its default normalization.
type SensitivityOptions struct {
	Method        SensitivityMethod `json:"method,omitzero"`
	Normalization Normalization     `json:"normalization,omitzero"`
	// TopK is how many leading items must keep their order; 0 means 1
	// (the winner). It is capped at the number of rows.
	TopK int `json:"top_k,omitzero"`
	// Step is the TOPSIS scan step in weight; 0 means 0.01. A change that
	// happens and reverts within one step can be missed. It must be in
	// [1/MaxSensitivitySteps, 1]: a scan takes at most
	// [MaxSensitivitySteps] steps in each direction.
	Step float64 `json:"step,omitzero"`
	// Tolerance is the TOPSIS bisection tolerance in weight; 0 means 1e-9.
	// A bisection also stops when float64 can no longer split the
	// interval, so it takes at most about 64 steps whatever the tolerance.
	Tolerance float64 `json:"tolerance,omitzero"`
}

// WeightInterval is how far one criterion's weight may move before the top-k
// order changes. Weights are normalized (they sum to 1); while one weight
// moves, the others keep their proportions to each other (when every other
// weight is 0 they share the rest equally).
type WeightInterval struct {
	Criterion string  `json:"criterion"`
	Weight    float64 `json:"weight"` // the current normalized weight
	// Lower and Upper bound the weights at which the top-k order is the
	// current one: on the open interval (Lower, Upper) it is unchanged (and
	// on [Lower, Upper] up to ties). Lower = 0 or Upper = 1 means the order
	// survives moving the weight all the way.
	Lower float64 `json:"lower"`
	Upper float64 `json:"upper"`
	// LowerSwap and UpperSwap are the two items (the one ranked above first)
	// whose order changes at the bound; empty when the bound is not a change.
	LowerSwap [2]string `json:"lower_swap"`
	UpperSwap [2]string `json:"upper_swap"`
}

// MaxSensitivitySteps is the largest number of scan steps, in each
// direction, of a TOPSIS sensitivity analysis: the smallest
// [SensitivityOptions.Step] is 1/MaxSensitivitySteps.
const MaxSensitivitySteps = 10_000

// Sensitivity reports, for each criterion, the interval of its weight over
// which the order of the top k items stays the same (see
// [WeightInterval]).
//
// For the weighted sum the interval is exact (up to float64 rounding): with
// the normalization fixed, each score is a + b·t in the moving weight t, and
// the bounds are the nearest crossings, in each direction, between an item of
// the top k and any item ranked below it. That costs O(k·m) per criterion
// after an O(m·n) setup per criterion. For TOPSIS the interval is found by
// scanning and bisection (see [SensitivityOptions]) and costs one TOPSIS run
// (O(m·n)) per scan step and bisection step: at most
// 2·n·(MaxSensitivitySteps + 64) runs, 2·n·(1/Step + 64) in practice.
//
// The work grows with the table, so ctx is checked between TOPSIS runs and,
// for the weighted sum, between items of the top k; a cancelled or expired
// ctx returns nil and an error that wraps ctx's error.
//
// A table with a single criterion gives the interval [1, 1]: its normalized
// weight cannot move. Errors are those of the ranking method, and an
// invalid Step or Tolerance matches [ErrInvalid].
func (t Table) Sensitivity(ctx context.Context, opts SensitivityOptions) ([]WeightInterval, error) {
	if err := ctx.Err(); err != nil {
		return nil, wrapf(err, "sensitivity")
	}
	switch opts.Method {
	case SensitivityWeightedSum:
		return t.sensitivityWS(ctx, opts)
	case SensitivityTOPSIS:
		return t.sensitivityTOPSIS(ctx, opts)
	}
	return nil, invalidf("sensitivity: invalid method %d", int(opts.Method))
}

func topK(opts SensitivityOptions, m int) int {
	k := opts.TopK
	if k <= 0 {
		k = 1
	}
	return min(k, m)
}

func (t Table) sensitivityWS(ctx context.Context, opts SensitivityOptions) ([]WeightInterval, error) {
	n, err := opts.Normalization.resolve(MinMax)
	if err != nil {
		return nil, err
	}
	ranking, err := t.WeightedSum(n)
	if err != nil {
		return nil, err
	}
	weights, values, bounds, err := t.validate()
	if err != nil {
		return nil, err
	}
	sc, err := t.scalings(n, true, values, bounds)
	if err != nil {
		return nil, err
	}
	nc, m := len(t.Criteria), len(t.Rows)
	k := topK(opts, m)
	out := make([]WeightInterval, nc)
	a := make([]float64, m) // per item, in ranking order
	b := make([]float64, m)
	for j, c := range t.Criteria {
		wj := weights[j]
		out[j] = WeightInterval{Criterion: c.Name, Weight: wj, Lower: 0, Upper: 1}
		if nc == 1 {
			out[j].Lower, out[j].Upper = 1, 1
			continue
		}
		for pos, it := range ranking {
			row := values[it.row*nc : (it.row+1)*nc]
			rj := sc[j].apply(row[j])
			var s float64
			for q, x := range row {
				if q == j {
					continue
				}
				if wj < 1 {
					s += weights[q] / (1 - wj) * sc[q].apply(x)
				} else {
					s += sc[q].apply(x) / float64(nc-1)
				}
			}
			a[pos], b[pos] = s, rj-s
		}
		for u := range k {
			if err := ctx.Err(); err != nil {
				return nil, wrapf(err, "sensitivity")
			}
			for l := u + 1; l < m; l++ {
				slope := b[u] - b[l]
				if slope == 0 {
					continue
				}
				cross := (a[l] - a[u]) / slope
				pair := [2]string{ranking[u].ID, ranking[l].ID}
				if slope < 0 { // u loses ground as the weight grows
					cross = max(cross, wj)
					if cross <= 1 && (out[j].UpperSwap == [2]string{} || cross < out[j].Upper) {
						out[j].Upper, out[j].UpperSwap = cross, pair
					}
				} else {
					cross = min(cross, wj)
					if cross >= 0 && (out[j].LowerSwap == [2]string{} || cross > out[j].Lower) {
						out[j].Lower, out[j].LowerSwap = cross, pair
					}
				}
			}
		}
	}
	return out, nil
}

// withWeight returns a copy of t whose criterion j has normalized weight w
// and whose other weights keep their proportions.
func (t Table) withWeight(weights []float64, j int, w float64) Table {
	c := make([]Criterion, len(t.Criteria))
	copy(c, t.Criteria)
	rest := 1 - weights[j]
	for q := range c {
		switch {
		case q == j:
			c[q].Weight = w
		case rest > 0:
			c[q].Weight = weights[q] / rest * (1 - w)
		default:
			c[q].Weight = (1 - w) / float64(len(c)-1)
		}
	}
	return Table{Criteria: c, Rows: t.Rows}
}

func (t Table) sensitivityTOPSIS(ctx context.Context, opts SensitivityOptions) ([]WeightInterval, error) {
	step := opts.Step
	if step == 0 {
		step = 0.01
	}
	tol := opts.Tolerance
	if tol == 0 {
		tol = 1e-9
	}
	if !(step >= 1.0/MaxSensitivitySteps && step <= 1) || !(tol > 0) {
		return nil, invalidf("sensitivity: step %v must be in [%v, 1] and tolerance %v positive", step, 1.0/MaxSensitivitySteps, tol)
	}
	base, err := t.TOPSIS(opts.Normalization)
	if err != nil {
		return nil, err
	}
	weights, _, _, err := t.validate()
	if err != nil {
		return nil, err
	}
	k := topK(opts, len(t.Rows))
	want := base.IDs()[:k]
	// order returns the top-k IDs at weight w of criterion j. Weights of 0
	// for every criterion are impossible here: w and the others sum to 1.
	order := func(j int, w float64) ([]string, error) {
		if err := ctx.Err(); err != nil {
			return nil, wrapf(err, "sensitivity")
		}
		r, err := t.withWeight(weights, j, w).TOPSIS(opts.Normalization)
		if err != nil {
			return nil, err
		}
		return r.IDs()[:k], nil
	}
	same := func(ids []string) bool {
		for i := range ids {
			if ids[i] != want[i] {
				return false
			}
		}
		return true
	}
	out := make([]WeightInterval, len(t.Criteria))
	for j, c := range t.Criteria {
		wj := weights[j]
		out[j] = WeightInterval{Criterion: c.Name, Weight: wj, Lower: 0, Upper: 1}
		if len(t.Criteria) == 1 {
			out[j].Lower, out[j].Upper = 1, 1
			continue
		}
		for _, dir := range []float64{1, -1} {
			good := wj
			var bad float64
			var badIDs []string
			found := false
			for i := 1; ; i++ {
				w := wj + dir*float64(i)*step
				w = math.Min(1, math.Max(0, w))
				ids, err := order(j, w)
				if err != nil {
					return nil, err
				}
				if !same(ids) {
					bad, badIDs, found = w, ids, true
					break
				}
				good = w
				if w == 0 || w == 1 {
					break
				}
			}
			if !found {
				continue
			}
			for math.Abs(bad-good) > tol {
				mid := (good + bad) / 2
				if mid == good || mid == bad {
					break // float64 cannot split the interval further
				}
				ids, err := order(j, mid)
				if err != nil {
					return nil, err
				}
				if same(ids) {
					good = mid
				} else {
					bad, badIDs = mid, ids
				}
			}
			var pair [2]string
			for i := range want {
				if want[i] != badIDs[i] {
					pair = [2]string{want[i], badIDs[i]}
					break
				}
			}
			if dir > 0 {
				out[j].Upper, out[j].UpperSwap = (good+bad)/2, pair
			} else {
				out[j].Lower, out[j].LowerSwap = (good+bad)/2, pair
			}
		}
	}
	return out, nil
}
