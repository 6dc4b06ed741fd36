package prioritize

import (
	"cmp"
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDescKeyRoundTripAndOrder(t *testing.T) {
	vals := []float64{math.MaxFloat64, 1e300, 3.5, 1, math.SmallestNonzeroFloat64, 0, math.Copysign(0, -1),
		-math.SmallestNonzeroFloat64, -1, -3.5, -1e300, -math.MaxFloat64}
	for i, v := range vals {
		assert.Equal(t, math.Float64bits(v), math.Float64bits(scoreOf(descKey(v))), "%v", v)
		if i > 0 {
			assert.Less(t, descKey(vals[i-1]), descKey(v), "%v before %v", vals[i-1], v)
		}
	}
}

// TestLargeRankingMatchesReference checks the radix-sorted path (>= 256
// items) against a plain comparison sort, with many exact ties.
func TestLargeRankingMatchesReference(t *testing.T) {
	for seed := range uint64(5) {
		rng := rand.New(rand.NewPCG(seed, 11))
		m := 300 + rng.IntN(3000)
		scores := make([]float64, m)
		ids := make([]string, m)
		for i := range scores {
			switch rng.IntN(3) {
			case 0:
				scores[i] = float64(rng.IntN(20) - 10) // coarse: many ties, negatives, zeros
			case 1:
				scores[i] = rng.NormFloat64() * 1e6
			default:
				scores[i] = rng.Float64()
			}
			ids[i] = "id-" + strconv.Itoa(rng.IntN(1_000_000)) + "-" + strconv.Itoa(i)
		}
		r, err := rankIDs(scores, ids, nil)
		require.NoError(t, err)

		ref := make([]int, m)
		for i := range ref {
			ref[i] = i
		}
		slices.SortFunc(ref, func(a, b int) int {
			if c := cmp.Compare(scores[b], scores[a]); c != 0 {
				return c
			}
			return strings.Compare(ids[a], ids[b])
		})
		require.Len(t, r, m)
		for k, i := range ref {
			require.Equal(t, ids[i], r[k].ID, "seed %d position %d", seed, k)
			require.Equal(t, scores[i], r[k].Score)
			want := k + 1
			if k > 0 && scores[ref[k-1]] == scores[i] {
				want = r[k-1].Rank
			}
			require.Equal(t, want, r[k].Rank)
		}
	}
}

func TestRankedWithoutExplanation(t *testing.T) {
	var r Ranked
	assert.Nil(t, r.Contributions())
	dp, dn, ok := r.Distances()
	assert.False(t, ok)
	assert.Zero(t, dp)
	assert.Zero(t, dn)

	ws, err := fighterAircraft().WeightedSum(MinMax)
	require.NoError(t, err)
	dp, dn, ok = ws[0].Distances()
	assert.False(t, ok, "weighted sum has no TOPSIS distances")
	assert.Zero(t, dp+dn)
	// The contributions add up to the score exactly, in criterion order.
	for _, it := range ws {
		var s float64
		for _, c := range it.Contributions() {
			s += c.Weighted
		}
		assert.Equal(t, it.Score, s)
	}
}

func TestRankingCopiesTheTable(t *testing.T) {
	tbl := fighterAircraft()
	r, err := tbl.WeightedSum(MinMax)
	require.NoError(t, err)
	before := r[0].Contributions()
	tbl.Rows[0].Values[0] = 1000 // the caller reuses its buffers
	tbl.Rows[3].Values[5] = -7
	assert.Equal(t, before, r[0].Contributions())
}

func TestIDSetCollisions(t *testing.T) {
	ids := make([]string, 5000)
	for i := range ids {
		ids[i] = strconv.Itoa(i % 2500) // every ID twice
	}
	s := newIDSet(len(ids))
	dups := 0
	for i, id := range ids {
		if k, dup := s.add(id, i); dup {
			dups++
			assert.Equal(t, ids[k], id)
			assert.Equal(t, i-2500, k)
		}
	}
	assert.Equal(t, 2500, dups)
}

func TestRankingJSON(t *testing.T) {
	r, err := fighterAircraft().TOPSIS(Vector)
	require.NoError(t, err)
	data, err := json.Marshal(r[:1])
	require.NoError(t, err)
	var m []map[string]any
	require.NoError(t, json.Unmarshal(data, &m))
	require.Len(t, m, 1)
	assert.Equal(t, "A1", m[0]["id"])
	assert.Equal(t, 1.0, m[0]["rank"])
	assert.Contains(t, m[0], "distance_ideal")
	assert.Len(t, m[0]["contributions"], 6)

	var back Ranking
	require.NoError(t, json.Unmarshal(data, &back))
	require.Len(t, back, 1)
	assert.Equal(t, r[0].ID, back[0].ID)
	assert.Equal(t, r[0].Score, back[0].Score)
	assert.Equal(t, r[0].Contributions(), back[0].Contributions())
	dp, dn, ok := r[0].Distances()
	require.True(t, ok)
	bp, bn, ok := back[0].Distances()
	require.True(t, ok, "decoded distances")
	assert.Equal(t, []float64{dp, dn}, []float64{bp, bn})

	ws, err := fighterAircraft().WeightedSum(MinMax)
	require.NoError(t, err)
	data, err = json.Marshal(ws[0])
	require.NoError(t, err)
	assert.NotContains(t, string(data), "distance")
	var one Ranked
	require.NoError(t, json.Unmarshal([]byte(`{"id":"x","score":2,"rank":1}`), &one))
	assert.Nil(t, one.Contributions())
	assert.Error(t, one.UnmarshalJSON([]byte(`{"id":`)))
}
