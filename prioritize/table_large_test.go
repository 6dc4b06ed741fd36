package prioritize

import (
	"cmp"
	"errors"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestLargeTableMatchesReference checks WeightedSum on a table large enough
// for the radix-sorted path against a plain computation: each item's ID,
// score, rank and contributions, with coarse values so that many scores tie.
func TestLargeTableMatchesReference(t *testing.T) {
	const m, n = 2000, 4
	rng := rand.New(rand.NewPCG(3, 4))
	tbl := Table{Criteria: make([]Criterion, n), Rows: make([]Row, m)}
	for j := range tbl.Criteria {
		tbl.Criteria[j] = Criterion{Name: "c" + strconv.Itoa(j), Weight: float64(1 + j), Cost: j == 1}
	}
	for i := range tbl.Rows {
		vals := make([]float64, n)
		for j := range vals {
			vals[j] = float64(rng.IntN(5))
		}
		tbl.Rows[i] = Row{ID: "r" + strconv.Itoa(rng.IntN(1_000_000)) + "-" + strconv.Itoa(i), Values: vals}
	}
	r, err := tbl.WeightedSum(MinMax)
	require.NoError(t, err)
	require.Len(t, r, m)

	score := make(map[string]float64, m)
	for _, row := range tbl.Rows {
		var s float64
		for j, v := range row.Values {
			x := v / 4 // every criterion spans 0..4
			if tbl.Criteria[j].Cost {
				x = 1 - x
			}
			s += tbl.Criteria[j].Weight / 10 * x
		}
		score[row.ID] = s
	}
	ref := slices.Clone(tbl.Rows)
	slices.SortFunc(ref, func(a, b Row) int {
		if tied(score[a.ID], score[b.ID]) {
			return strings.Compare(a.ID, b.ID)
		}
		return cmp.Compare(score[b.ID], score[a.ID])
	})
	for k, row := range ref {
		require.Equal(t, row.ID, r[k].ID, "position %d", k)
		require.InDelta(t, score[row.ID], r[k].Score, 1e-12)
		want := k + 1
		if k > 0 && tied(r[k-1].Score, r[k].Score) {
			want = r[k-1].Rank
		}
		require.Equal(t, want, r[k].Rank)
		var sum float64
		for j, c := range r[k].Contributions() {
			require.Equal(t, row.Values[j], c.Value)
			sum += c.Weighted
		}
		require.Equal(t, r[k].Score, sum)
	}
}

// TestConcurrentLargeRankings runs large rankings of different sizes at
// once (they share recycled sort buffers and ID sets) and checks each
// matches the same ranking computed alone.
func TestConcurrentLargeRankings(t *testing.T) {
	tables := make([]Table, 4)
	rank := func(k int, tbl Table) (Ranking, error) {
		if k%2 == 0 {
			return tbl.WeightedSum(MinMax)
		}
		return tbl.TOPSIS(MinMax)
	}
	want := make([]Ranking, len(tables))
	for k := range tables {
		rng := rand.New(rand.NewPCG(uint64(k), 9))
		m := 300 + 700*k
		tbl := Table{Criteria: []Criterion{{Name: "a", Weight: 1}, {Name: "b", Weight: 2, Cost: true}}, Rows: make([]Row, m)}
		for i := range tbl.Rows {
			tbl.Rows[i] = Row{ID: "x" + strconv.Itoa(i), Values: []float64{float64(rng.IntN(50)), rng.Float64()}}
		}
		tables[k] = tbl
		var err error
		want[k], err = rank(k, tbl)
		require.NoError(t, err)
	}
	errs := make(chan error, 8*len(tables))
	for range 8 {
		for k, tbl := range tables {
			go func() {
				for range 5 {
					got, err := rank(k, tbl)
					if err == nil && !slices.EqualFunc(got, want[k], func(a, b Ranked) bool {
						return a.ID == b.ID && a.Score == b.Score && a.Rank == b.Rank && a.row == b.row
					}) {
						err = errors.New("ranking differs from the sequential one")
					}
					if err != nil {
						errs <- err
						return
					}
				}
				errs <- nil
			}()
		}
	}
	for range 8 * len(tables) {
		require.NoError(t, <-errs)
	}
}

// TestRadixSortMatchesStableSort checks radixSort against a stable
// comparison sort on keys that differ in high bits only, low bits only
// (runs that agree on every bit the first passes look at), both, or not at
// all.
func TestRadixSortMatchesStableSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	gens := map[string]func() uint64{
		"random":    rng.Uint64,
		"low bits":  func() uint64 { return 0xabcdef<<40 | rng.Uint64N(1<<20) },
		"clustered": func() uint64 { return rng.Uint64N(4)<<60 | rng.Uint64N(1<<12)<<24 | rng.Uint64N(8) },
		"few":       func() uint64 { return rng.Uint64N(3) << 50 },
		"2 runs":    func() uint64 { return rng.Uint64N(2)<<63 | rng.Uint64N(1<<20) },
		"equal":     func() uint64 { return 42 },
		"scores":    func() uint64 { return descKey(float64(rng.IntN(1000)) / 7) },
	}
	for name, gen := range gens {
		for _, m := range []int{radixMin, 1000, 5000} {
			keys := make([]scoreKey, m)
			for i := range keys {
				keys[i] = scoreKey{gen(), int32(i)}
			}
			want := slices.Clone(keys)
			slices.SortStableFunc(want, func(a, b scoreKey) int { return cmp.Compare(a.key, b.key) })
			got := radixSort(keys, make([]scoreKey, m))
			require.Equal(t, want, got, "%s, %d keys", name, m)
		}
	}
}
