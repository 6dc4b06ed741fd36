package prioritize

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// Contribution explains one criterion's part in an item's score.
//
// For an additive score (weighted sum, AHP synthesis, WSJF) the Weighted
// values of an item add up to its Score. For TOPSIS, Normalized is the scaled
// value and Weighted the weighted normalized value v_ij whose distances to the
// ideal and anti-ideal give the closeness. For a multiplicative score (RICE,
// ICE as a product) Weighted equals Normalized: the factor as it enters the
// product, whose product is the Score.
type Contribution struct {
	Criterion  string  // criterion (or factor) name
	Value      float64 // raw input value
	Normalized float64 // value after normalization (see each method)
	Weighted   float64 // normalized value times the criterion's normalized weight
}

// Ranked is one item of a [Ranking]: its ID, score, rank and the
// contribution of each criterion, in the order of the criteria.
type Ranked struct {
	ID            string
	Score         float64
	Rank          int // 1 is best; tied scores share a rank
	Contributions []Contribution

	// DistanceIdeal and DistanceAntiIdeal are TOPSIS's D+ and D−, the
	// Euclidean distances of the weighted normalized row to the ideal and
	// anti-ideal points; zero for other methods.
	DistanceIdeal, DistanceAntiIdeal float64
}

// Ranking lists every item of a method's input exactly once, best first.
//
// Ranks follow standard competition ranking (1, 2, 2, 4): items whose scores
// are tied share the rank of the first of them, and the next rank skips. Two
// scores are tied when they are equal or differ by at most 1e-12 of the larger
// magnitude (rounding noise of float64 sums, e.g. after rescaling weights);
// a run of ties is anchored at its best score, so ties are not chained beyond
// that tolerance. Tied items are listed in ascending ID order (byte order),
// so a ranking is deterministic.
type Ranking []Ranked

// tieTolerance is the relative tolerance under which two scores are tied.
const tieTolerance = 1e-12

// tied reports whether scores a and b are tied under tieTolerance.
func tied(a, b float64) bool {
	if a == b {
		return true
	}
	return math.Abs(a-b) <= tieTolerance*math.Max(math.Abs(a), math.Abs(b))
}

// IDs returns the items' IDs in ranking order.
func (r Ranking) IDs() []string {
	out := make([]string, len(r))
	for i := range r {
		out[i] = r[i].ID
	}
	return out
}

// Top returns the first k items (all of them when k exceeds the length; none
// when k <= 0). Items tied with the k-th are not added: use Rank for that.
func (r Ranking) Top(k int) Ranking {
	k = max(0, min(k, len(r)))
	return r[:k:k]
}

// Find returns the item with the given ID, and false when there is none.
func (r Ranking) Find(id string) (Ranked, bool) {
	for i := range r {
		if r[i].ID == id {
			return r[i], true
		}
	}
	return Ranked{}, false
}

// Scores returns a map from ID to score, for looking items up by ID.
func (r Ranking) Scores() map[string]float64 {
	out := make(map[string]float64, len(r))
	for i := range r {
		out[r[i].ID] = r[i].Score
	}
	return out
}

// rankInput is what a method computed: per item an ID, a score and (flat,
// nc per item, may be nil) contributions, plus optional TOPSIS distances.
type rankInput struct {
	ids      []string
	scores   []float64
	contribs []Contribution // len(ids)*nc or nil
	nc       int
	dPlus    []float64 // nil except TOPSIS
	dMinus   []float64
}

// build sorts the items and returns the ranking. A non-finite score (an
// overflow of huge inputs) is an error naming the item, never a NaN rank.
func (in rankInput) build() (Ranking, error) {
	m := len(in.ids)
	for i, s := range in.scores {
		if !finite(s) {
			return nil, invalidf("item %q: score %v is not finite (the inputs overflow float64)", in.ids[i], s)
		}
	}
	order := make([]int32, m)
	for i := range order {
		order[i] = int32(i)
	}
	scores, ids := in.scores, in.ids
	slices.SortFunc(order, func(a, b int32) int {
		if c := cmp.Compare(scores[b], scores[a]); c != 0 {
			return c
		}
		return strings.Compare(ids[a], ids[b])
	})
	out := make(Ranking, m)
	for start := 0; start < m; {
		end := start + 1
		lead := scores[order[start]]
		for end < m && tied(lead, scores[order[end]]) {
			end++
		}
		if end-start > 1 {
			// Near-ties (within tolerance, not equal) may be out of ID order.
			slices.SortFunc(order[start:end], func(a, b int32) int { return strings.Compare(ids[a], ids[b]) })
		}
		for k := start; k < end; k++ {
			i := int(order[k])
			r := &out[k]
			r.ID = ids[i]
			r.Score = scores[i]
			r.Rank = start + 1
			if in.contribs != nil {
				r.Contributions = in.contribs[i*in.nc : (i+1)*in.nc : (i+1)*in.nc]
			}
			if in.dPlus != nil {
				r.DistanceIdeal, r.DistanceAntiIdeal = in.dPlus[i], in.dMinus[i]
			}
		}
		start = end
	}
	return out, nil
}

// idSet detects duplicate IDs.
type idSet struct{ seen map[string]int }

func newIDSet(n int) idSet { return idSet{seen: make(map[string]int, n)} }

// add records id at index i; it returns the earlier index and true when id
// was seen before.
func (s idSet) add(id string, i int) (int, bool) {
	if k, ok := s.seen[id]; ok {
		return k, true
	}
	s.seen[id] = i
	return 0, false
}
