package prioritize

import (
	"cmp"
	"encoding/json"
	"math"
	"math/bits"
	"slices"
	"strings"

	"github.com/pmokit/pmokit/internal/textcut"
)

// Contribution explains one criterion's part in an item's score.
//
// For an additive score (weighted sum, AHP synthesis, WSJF, ICE as a mean)
// the Weighted values of an item add up to its Score. For TOPSIS, Normalized
// is the scaled value and Weighted the weighted normalized value v_ij whose
// distances to the ideal and anti-ideal give the closeness. For a
// multiplicative score (RICE, ICE as a product) Weighted equals Normalized:
// the factor as it enters the product, whose product is the Score.
type Contribution struct {
	Criterion  string  `json:"criterion"`  // criterion (or factor) name
	Value      float64 `json:"value"`      // raw input value
	Normalized float64 `json:"normalized"` // value after normalization (see each method)
	Weighted   float64 `json:"weighted"`   // normalized value times the criterion's normalized weight
}

// Ranked is one item of a [Ranking]: its ID, score and rank. Its
// [Ranked.Contributions] explain the score; an item of a TOPSIS ranking
// also has [Ranked.Distances].
type Ranked struct {
	ID    string
	Score float64
	Rank  int // 1 is best; tied scores share a rank

	ex  *explanation // shared by the items of one ranking; nil for a bare Ranked
	row int          // this item's index in ex
}

// Contributions returns the contribution of each criterion to the item's
// score, in the order of the method's criteria (see [Contribution]). It is
// computed on demand from a copy of the inputs that the ranking keeps, with
// the same arithmetic that produced the score, so the parts add up (or
// multiply) to the Score exactly as documented; each call returns a new
// slice. A Ranked not produced by this package has none.
func (r Ranked) Contributions() []Contribution {
	if r.ex == nil {
		return nil
	}
	return r.ex.contributions(r.row)
}

// Distances returns TOPSIS's D+ and D−: the Euclidean distances of the
// item's weighted normalized row to the ideal and anti-ideal points, and
// true. They exist only for an item of a [Table.TOPSIS] ranking: for an item
// of any other method ok is false and both distances are 0, which is not a
// distance of 0.
func (r Ranked) Distances() (ideal, antiIdeal float64, ok bool) {
	if r.ex == nil || r.ex.dPlus == nil {
		return 0, 0, false
	}
	return r.ex.dPlus[r.row], r.ex.dMinus[r.row], true
}

// rankedJSON is the JSON form of a Ranked.
type rankedJSON struct {
	ID                string         `json:"id"`
	Score             float64        `json:"score"`
	Rank              int            `json:"rank"`
	Contributions     []Contribution `json:"contributions,omitempty"`
	DistanceIdeal     *float64       `json:"distance_ideal,omitempty"`
	DistanceAntiIdeal *float64       `json:"distance_anti_ideal,omitempty"`
}

// MarshalJSON encodes the item with its explanation: {"id", "score",
// "rank", "contributions": [{"criterion", "value", "normalized",
// "weighted"}…]} plus "distance_ideal" and "distance_anti_ideal" for TOPSIS.
func (r Ranked) MarshalJSON() ([]byte, error) {
	out := rankedJSON{ID: r.ID, Score: r.Score, Rank: r.Rank, Contributions: r.Contributions()}
	if dp, dn, ok := r.Distances(); ok {
		out.DistanceIdeal, out.DistanceAntiIdeal = &dp, &dn
	}
	return json.Marshal(out)
}

// UnmarshalJSON decodes the form written by [Ranked.MarshalJSON]; the
// decoded item's Contributions and Distances return what was encoded.
func (r *Ranked) UnmarshalJSON(data []byte) error {
	var in rankedJSON
	if err := json.Unmarshal(data, &in); err != nil {
		return err
	}
	*r = Ranked{ID: in.ID, Score: in.Score, Rank: in.Rank}
	if len(in.Contributions) == 0 && in.DistanceIdeal == nil {
		return nil
	}
	names := make([]string, len(in.Contributions))
	ex, _ := newStoredExplanation(1, names...)
	for j, c := range in.Contributions {
		names[j] = c.Criterion
		ex.set(0, j, c.Value, c.Normalized, c.Weighted)
	}
	if in.DistanceIdeal != nil && in.DistanceAntiIdeal != nil {
		ex.dPlus, ex.dMinus = []float64{*in.DistanceIdeal}, []float64{*in.DistanceAntiIdeal}
	}
	r.ex = ex
	return nil
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
//
// A Ranking is immutable once returned (its items share read-only
// explanation data) and safe for concurrent use by multiple goroutines.
type Ranking []Ranked

// tieTolerance is the relative tolerance under which two scores are tied.
const tieTolerance = 1e-12

// tied reports whether scores a and b are tied under tieTolerance.
func tied(a, b float64) bool {
	if a == b {
		return true
	}
	return math.Abs(a-b) <= tieTolerance*max(math.Abs(a), math.Abs(b)) // builtin max: inlined, same as math.Max here
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

// explanation is what a ranking keeps to explain its scores: the raw values
// (a copy, flat, nc per item) and either the table scalings and weights (to
// recompute normalized and weighted values) or those values themselves.
type explanation struct {
	names    []string
	nc       int
	values   []float64
	sc       []scaling // table methods: r = sc[j].apply(x), w = weights[j]·r
	weights  []float64
	norm     []float64 // other methods: stored, nc per item
	weighted []float64
	dPlus    []float64 // TOPSIS only
	dMinus   []float64
}

func (e *explanation) contributions(i int) []Contribution {
	out := make([]Contribution, e.nc)
	base := i * e.nc
	for j := range out {
		x := e.values[base+j]
		var r, w float64
		if e.sc != nil {
			r = e.sc[j].apply(x)
			w = e.weights[j] * r
		} else {
			r, w = e.norm[base+j], e.weighted[base+j]
		}
		out[j] = Contribution{Criterion: e.names[j], Value: x, Normalized: r, Weighted: w}
	}
	return out
}

// scoreKey is one item to sort: an order-preserving integer key of its
// score (ascending key = descending score) and its index.
type scoreKey struct {
	key uint64
	idx int32
}

// descKey maps a finite float64 to a uint64 whose ascending order is the
// float's descending order (−0 and +0 map to adjacent keys).
func descKey(s float64) uint64 {
	b := math.Float64bits(s)
	mask := -(b >> 63) | 1<<63 // negative: flip all bits; positive: flip the sign bit
	return ^(b ^ mask)
}

// scoreOf inverts descKey.
func scoreOf(k uint64) float64 {
	a := ^k // ascending key
	if a>>63 == 1 {
		return math.Float64frombits(a ^ 1<<63)
	}
	return math.Float64frombits(^a)
}

// radixMin is the item count from which buildRanking sorts by radix.
const radixMin = 256

// buildRanking sorts items by score (descending) and ID and assigns ranks.
// id returns item i's ID. A non-finite score (an overflow of huge inputs) is
// an error naming the item, never a NaN rank.
//
// Large inputs are sorted by a stable LSD radix sort on the score's bits
// (usually three 11-bit passes, see radixSort), which is several times
// faster than a comparison sort; runs of tied scores are then ordered by ID.
func buildRanking(scores []float64, id func(int) string, ex *explanation) (Ranking, error) {
	keys := newScoreKeys(len(scores))
	for i, s := range scores {
		if err := keys.set(i, s, id); err != nil {
			return nil, err
		}
	}
	return keys.rank(id, ex), nil
}

// rankIDs is buildRanking with the IDs gathered in a slice.
func rankIDs(scores []float64, ids []string, ex *explanation) (Ranking, error) {
	return buildRanking(scores, func(i int) string { return ids[i] }, ex)
}

// scoreKeys holds the items to sort, one per item in input order, followed
// by as much scratch space for the sort.
type scoreKeys []scoreKey

// newScoreKeys returns the keys of m items, to be filled by set, with
// capacity for the sort's scratch space.
//
// The buffer is not pooled: recycling it through a sync.Pool (and the
// table's ID set with it) saved about a third of a 100,000-item ranking's
// time, but the ranking stays well within its target without it (1.5× the
// plain loop-and-sort baseline; measured 1.04× without pools and a
// hand-made hash set, 0.66× with them, BenchmarkWeightedSum100k against
// BenchmarkBaselineLoopSort100k), so the simpler code stays.
func newScoreKeys(m int) scoreKeys { return make(scoreKeys, m, 2*m) }

// set records item i's score s; a non-finite score is an error naming the
// item.
func (keys scoreKeys) set(i int, s float64, id func(int) string) error {
	if !finite(s) {
		return invalidAt(id(i), "", "item %s: score %v is not finite (the inputs overflow float64)", textcut.Quote(id(i)), s)
	}
	keys[i] = scoreKey{descKey(s), int32(i)}
	return nil
}

// rank sorts the keys by score (descending) and ID and builds the ranking.
func (keys scoreKeys) rank(id func(int) string, ex *explanation) Ranking {
	m := len(keys)
	// sorted receives the sorted keys, tmp item positions: one of them is
	// keys, the other the scratch space after it.
	sorted, tmp := keys[:m:m], keys[m:2*m:2*m]
	if m >= radixMin {
		if s := radixSort(sorted, tmp); &s[0] == &tmp[0] {
			sorted, tmp = tmp, sorted
		}
	} else {
		slices.SortFunc(sorted, func(a, b scoreKey) int { return cmp.Compare(a.key, b.key) })
	}
	byID := func(a, b scoreKey) int { return strings.Compare(id(int(a.idx)), id(int(b.idx))) }
	out := make(Ranking, m)
	for start := 0; start < m; {
		end := start + 1
		lead := scoreOf(sorted[start].key)
		for end < m && tied(lead, scoreOf(sorted[end].key)) {
			end++
		}
		if end-start > 1 {
			slices.SortFunc(sorted[start:end], byID)
		}
		for k := start; k < end; k++ {
			i := sorted[k].idx
			o := &out[k]
			o.Score, o.Rank, o.ex, o.row = scoreOf(sorted[k].key), start+1, ex, int(i)
			tmp[i].idx = int32(k) // item i's position
		}
		start = end
	}
	// Fill in the IDs in input order: the reads stay sequential and the
	// scattered writes do not stall the loop as scattered reads would.
	for i := range tmp {
		out[tmp[i].idx].ID = id(i)
	}
	return out
}

// radixSort sorts keys ascending by key, stably, using tmp (same length) as
// scratch space, and returns the sorted keys: keys or tmp, whichever the
// last pass wrote (the other then holds garbage).
//
// It sorts by the 33 bits from the highest bit in which the keys differ
// down (three 11-bit LSD passes, skipping passes whose digit is constant),
// then sorts each run of keys that agree on all of those bits by their
// remaining bits, the same way. Scores of distinct items rarely agree on
// 33 leading bits, so a ranking usually takes three passes.
func radixSort(keys, tmp []scoreKey) []scoreKey {
	const digit, passes = 11, 3
	const buckets = 1 << digit
	if len(keys) < radixMin {
		slices.SortStableFunc(keys, func(a, b scoreKey) int { return cmp.Compare(a.key, b.key) })
		return keys
	}
	var diff uint64
	first := keys[0].key
	for _, k := range keys {
		diff |= k.key ^ first
	}
	if diff == 0 {
		return keys // all equal
	}
	lo := max(0, bits.Len64(diff)-digit*passes)
	var count [passes][buckets]int32
	for _, k := range keys {
		x := k.key >> lo
		for p := range passes {
			count[p][(x>>(p*digit))&(buckets-1)]++
		}
	}
	src, dst := keys, tmp
	for p := range passes {
		shift := lo + p*digit
		c := &count[p]
		if c[(src[0].key>>shift)&(buckets-1)] == int32(len(src)) {
			continue // every key has the same digit: the pass would not move anything
		}
		var sum int32
		for b := range c {
			c[b], sum = sum, sum+c[b]
		}
		for _, k := range src {
			d := (k.key >> shift) & (buckets - 1)
			dst[c[d]] = k
			c[d]++
		}
		src, dst = dst, src
	}
	if lo > 0 {
		// Runs that agree on every bit from lo up: sort by the bits below.
		for start := 0; start < len(src); {
			end, high := start+1, src[start].key>>lo
			for end < len(src) && src[end].key>>lo == high {
				end++
			}
			if end-start > 1 {
				run := src[start:end]
				if sorted := radixSort(run, dst[start:end]); &sorted[0] != &run[0] {
					copy(run, sorted)
				}
			}
			start = end
		}
	}
	return src
}

// idSet detects duplicate IDs, remembering the index of each ID's first
// item.
type idSet map[string]int

func newIDSet(n int) idSet { return make(idSet, n) }

// add records item i and its ID; it returns the earlier index and true when
// the ID was seen before.
func (s idSet) add(id string, i int) (int, bool) {
	if k, dup := s[id]; dup {
		return k, true
	}
	s[id] = i
	return 0, false
}
