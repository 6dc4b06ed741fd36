package prioritize

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fighterAircraft is the classic TOPSIS worked example of Hwang and Yoon,
// Multiple Attribute Decision Making (Springer, 1981), p. 133: four fighter
// aircraft against maximum speed, ferry range, maximum payload, purchase cost
// (a cost criterion), reliability and maneuverability.
func fighterAircraft() Table {
	return Table{
		Criteria: []Criterion{
			{Name: "speed", Weight: 0.2}, {Name: "range", Weight: 0.1}, {Name: "payload", Weight: 0.1},
			{Name: "cost", Weight: 0.1, Cost: true}, {Name: "reliability", Weight: 0.2}, {Name: "maneuverability", Weight: 0.3},
		},
		Rows: []Row{
			{ID: "A1", Values: []float64{2.0, 1500, 20000, 5.5, 5, 9}},
			{ID: "A2", Values: []float64{2.5, 2700, 18000, 6.5, 3, 5}},
			{ID: "A3", Values: []float64{1.8, 2000, 21000, 4.5, 7, 7}},
			{ID: "A4", Values: []float64{2.2, 1800, 20000, 5.0, 5, 5}},
		},
	}
}

func TestTOPSISFighterAircraftGolden(t *testing.T) {
	// Published closeness coefficients (3 decimals): A1 0.643, A2 0.268,
	// A3 0.613, A4 0.312; ranking A1, A3, A4, A2. The book rounds every
	// intermediate matrix to 4 decimals, so the exact computation may differ by
	// one unit in the published last place (A3 is 0.61354 exactly).
	r, err := fighterAircraft().TOPSIS(DefaultNormalization)
	require.NoError(t, err)
	assert.Equal(t, []string{"A1", "A3", "A4", "A2"}, r.IDs())
	want := map[string]float64{"A1": 0.643, "A2": 0.268, "A3": 0.613, "A4": 0.312}
	for _, it := range r {
		assert.InDelta(t, want[it.ID], it.Score, 0.001, it.ID)
		dp, dn, ok := it.Distances()
		require.True(t, ok)
		assert.InDelta(t, dn/(dp+dn), it.Score, 1e-15)
	}
	// The same with Vector given explicitly.
	r2, err := fighterAircraft().TOPSIS(Vector)
	require.NoError(t, err)
	assert.Equal(t, r, r2)
	// Published D+ and D− (4 decimals, from the rounded intermediate matrix;
	// one unit in the last place allowed): D+ 0.0545, 0.1197, 0.0580, 0.1009;
	// D− 0.0983, 0.0439, 0.0920, 0.0458.
	dPlus := map[string]float64{"A1": 0.0545, "A2": 0.1197, "A3": 0.0580, "A4": 0.1009}
	dMinus := map[string]float64{"A1": 0.0983, "A2": 0.0439, "A3": 0.0920, "A4": 0.0458}
	for _, it := range r {
		dp, dn, _ := it.Distances()
		assert.InDelta(t, dPlus[it.ID], dp, 0.0001, it.ID)
		assert.InDelta(t, dMinus[it.ID], dn, 0.0001, it.ID)
	}
}

func TestWeightedSumHandComputed(t *testing.T) {
	// Two criteria, weights 3 and 1 (normalized to 0.75 and 0.25); "price"
	// is a cost.
	tbl := Table{
		Criteria: []Criterion{{Name: "value", Weight: 3}, {Name: "price", Weight: 1, Cost: true}},
		Rows: []Row{
			{ID: "a", Values: []float64{10, 100}},
			{ID: "b", Values: []float64{20, 300}},
			{ID: "c", Values: []float64{15, 200}},
		},
	}
	tests := []struct {
		norm Normalization
		want map[string]float64
	}{
		// min-max: a = .75·0 + .25·1, b = .75·1 + .25·0, c = .75·.5 + .25·.5
		{MinMax, map[string]float64{"a": 0.25, "b": 0.75, "c": 0.5}},
		{DefaultNormalization, map[string]float64{"a": 0.25, "b": 0.75, "c": 0.5}},
		// sum: value shares 10/45, 20/45, 15/45; price reciprocal shares (1/100, 1/300, 1/200)/(11/600)
		{Sum, map[string]float64{
			"a": 0.75*10/45 + 0.25*(6.0/11),
			"b": 0.75*20/45 + 0.25*(2.0/11),
			"c": 0.75*15/45 + 0.25*(3.0/11),
		}},
		// vector: ‖value‖ = √725, ‖price‖ = √140000; cost oriented as 1 − x/‖x‖
		{Vector, map[string]float64{
			"a": 0.75*10/math.Sqrt(725) + 0.25*(1-100/math.Sqrt(140000)),
			"b": 0.75*20/math.Sqrt(725) + 0.25*(1-300/math.Sqrt(140000)),
			"c": 0.75*15/math.Sqrt(725) + 0.25*(1-200/math.Sqrt(140000)),
		}},
		// none: raw values, a cost negated
		{NoNormalization, map[string]float64{"a": 0.75*10 - 0.25*100, "b": 0.75*20 - 0.25*300, "c": 0.75*15 - 0.25*200}},
	}
	for _, tt := range tests {
		t.Run(tt.norm.String(), func(t *testing.T) {
			r, err := tbl.WeightedSum(tt.norm)
			require.NoError(t, err)
			require.Len(t, r, 3)
			for i, it := range r {
				assert.InDelta(t, tt.want[it.ID], it.Score, 1e-12, it.ID)
				assert.Equal(t, i+1, it.Rank)
				require.Len(t, it.Contributions(), 2)
				assert.Equal(t, "value", it.Contributions()[0].Criterion)
				assert.Equal(t, "price", it.Contributions()[1].Criterion)
				assert.InDelta(t, it.Score, it.Contributions()[0].Weighted+it.Contributions()[1].Weighted, 1e-12)
				assert.InDelta(t, 0.75*it.Contributions()[0].Normalized, it.Contributions()[0].Weighted, 1e-15)
			}
			for i := 1; i < len(r); i++ {
				assert.GreaterOrEqual(t, r[i-1].Score, r[i].Score)
			}
		})
	}
}

func TestWeightedSumEdgeCases(t *testing.T) {
	t.Run("zero range contributes equally", func(t *testing.T) {
		tbl := Table{
			Criteria: []Criterion{{Name: "x", Weight: 1}, {Name: "flat", Weight: 1}},
			Rows:     []Row{{ID: "a", Values: []float64{1, 5}}, {ID: "b", Values: []float64{2, 5}}},
		}
		r, err := tbl.WeightedSum(MinMax)
		require.NoError(t, err)
		assert.Equal(t, []string{"b", "a"}, r.IDs())
		assert.Equal(t, 1.0, r[0].Contributions()[1].Normalized)
		assert.Equal(t, 1.0, r[1].Contributions()[1].Normalized)
		assert.InDelta(t, 1.0, r[0].Score, 1e-15)
		assert.InDelta(t, 0.5, r[1].Score, 1e-15)
	})
	t.Run("single row", func(t *testing.T) {
		tbl := Table{Criteria: []Criterion{{Name: "x", Weight: 1}}, Rows: []Row{{ID: "only", Values: []float64{7}}}}
		for _, n := range []Normalization{MinMax, Vector, Sum, NoNormalization} {
			r, err := tbl.WeightedSum(n)
			require.NoError(t, err)
			assert.Equal(t, 1, r[0].Rank)
		}
	})
	t.Run("all-zero column under sum and vector", func(t *testing.T) {
		tbl := Table{
			Criteria: []Criterion{{Name: "x", Weight: 1}, {Name: "zero", Weight: 1}},
			Rows:     []Row{{ID: "a", Values: []float64{1, 0}}, {ID: "b", Values: []float64{3, 0}}},
		}
		r, err := tbl.WeightedSum(Sum)
		require.NoError(t, err)
		assert.Equal(t, 0.5, r[0].Contributions()[1].Normalized)
		r, err = tbl.WeightedSum(Vector)
		require.NoError(t, err)
		assert.Equal(t, 1.0, r[0].Contributions()[1].Normalized)
	})
	t.Run("sum rejects negative and zero cost", func(t *testing.T) {
		tbl := Table{
			Criteria: []Criterion{{Name: "gain", Weight: 1}, {Name: "price", Weight: 1, Cost: true}},
			Rows:     []Row{{ID: "a", Values: []float64{-1, 1}}, {ID: "b", Values: []float64{3, 0}}},
		}
		_, err := tbl.WeightedSum(Sum)
		require.Error(t, err)
		assert.ErrorIs(t, err, ErrInvalid)
		assert.Contains(t, err.Error(), `row "a": criterion "gain": value -1 is negative`)
		assert.Contains(t, err.Error(), `row "b": criterion "price": value 0 of a cost criterion`)
		// TOPSIS under Sum does not invert a cost: a zero price is fine there.
		tbl.Rows[0].Values[0] = 1
		_, err = tbl.TOPSIS(Sum)
		require.NoError(t, err)
	})
	t.Run("overflow is an error, not NaN", func(t *testing.T) {
		tbl := Table{
			Criteria: []Criterion{{Name: "x", Weight: 1}, {Name: "y", Weight: 1}},
			Rows:     []Row{{ID: "a", Values: []float64{math.MaxFloat64, math.MaxFloat64}}, {ID: "b", Values: []float64{-math.MaxFloat64, 0}}},
		}
		_, err := tbl.WeightedSum(MinMax)
		assert.ErrorIs(t, err, ErrInvalid)
		_, err = tbl.WeightedSum(Vector)
		assert.ErrorIs(t, err, ErrInvalid)
		// Without normalization a weighted sum is a convex combination of
		// finite values: it cannot overflow.
		r, err := tbl.WeightedSum(NoNormalization)
		require.NoError(t, err)
		assert.Equal(t, math.MaxFloat64, r[0].Score)
		_, err = tbl.TOPSIS(NoNormalization)
		assert.ErrorIs(t, err, ErrInvalid)
	})
	t.Run("subnormal range", func(t *testing.T) {
		tbl := Table{
			Criteria: []Criterion{{Name: "x", Weight: 1}, {Name: "c", Weight: 1, Cost: true}},
			Rows:     []Row{{ID: "a", Values: []float64{0, 0}}, {ID: "b", Values: []float64{5e-324, 5e-324}}},
		}
		for _, n := range []Normalization{MinMax, Vector, Sum} {
			r, err := tbl.WeightedSum(n)
			if n == Sum {
				require.ErrorIs(t, err, ErrInvalid, "a zero cost under sum")
				continue
			}
			require.NoError(t, err, n.String())
			for _, it := range r {
				for _, c := range it.Contributions() {
					assert.True(t, finite(c.Normalized), "%s %+v", n, c)
				}
			}
		}
		r, err := tbl.WeightedSum(MinMax)
		require.NoError(t, err)
		assert.Equal(t, []float64{0.5, 0.5}, []float64{r[0].Score, r[1].Score})
		_, err = tbl.TOPSIS(MinMax)
		require.NoError(t, err)
	})
	t.Run("identical rows tie in TOPSIS at 0.5", func(t *testing.T) {
		tbl := Table{
			Criteria: []Criterion{{Name: "x", Weight: 1}},
			Rows:     []Row{{ID: "b", Values: []float64{2}}, {ID: "a", Values: []float64{2}}},
		}
		r, err := tbl.TOPSIS(MinMax)
		require.NoError(t, err)
		assert.Equal(t, []string{"a", "b"}, r.IDs())
		assert.Equal(t, []int{1, 1}, ranks(r))
		assert.Equal(t, 0.5, r[0].Score)
	})
}

func TestTableValidation(t *testing.T) {
	good := func() Table {
		return Table{
			Criteria: []Criterion{{Name: "x", Weight: 1}, {Name: "y", Weight: 1}},
			Rows:     []Row{{ID: "a", Values: []float64{1, 2}}, {ID: "b", Values: []float64{3, 4}}},
		}
	}
	tests := []struct {
		name   string
		mutate func(*Table)
		want   []string
	}{
		{"no criteria", func(t *Table) { t.Criteria = nil; t.Rows = []Row{{ID: "a"}} }, []string{"prioritize: table has no criteria"}},
		{"no rows", func(t *Table) { t.Rows = nil }, []string{"prioritize: table has no rows"}},
		{"negative weight", func(t *Table) { t.Criteria[1].Weight = -1 }, []string{`prioritize: criterion "y": weight -1 is not a finite non-negative number`}},
		{"nan weight", func(t *Table) { t.Criteria[0].Weight = math.NaN() }, []string{`criterion "x": weight NaN`}},
		{"inf weight", func(t *Table) { t.Criteria[0].Weight = math.Inf(1) }, []string{`criterion "x": weight +Inf`}},
		{"all-zero weights", func(t *Table) { t.Criteria[0].Weight, t.Criteria[1].Weight = 0, 0 }, []string{"every criterion weight is zero"}},
		{"empty criterion name", func(t *Table) { t.Criteria[0].Name = "" }, []string{"criteria[0]: empty name"}},
		{"duplicate criterion", func(t *Table) { t.Criteria[1].Name = "x" }, []string{`criteria[1]: duplicate name "x" (also criteria[0])`}},
		{"short row", func(t *Table) { t.Rows[1].Values = []float64{1} }, []string{`row "b": 1 values for 2 criteria`}},
		{"long row", func(t *Table) { t.Rows[0].Values = []float64{1, 2, 3} }, []string{`row "a": 3 values for 2 criteria`}},
		{"nan value", func(t *Table) { t.Rows[1].Values[1] = math.NaN() }, []string{`row "b": criterion "y": value NaN is not finite`}},
		{"inf value", func(t *Table) { t.Rows[0].Values[0] = math.Inf(-1) }, []string{`row "a": criterion "x": value -Inf is not finite`}},
		{"duplicate id", func(t *Table) { t.Rows[1].ID = "a" }, []string{`rows[1]: duplicate id "a" (also rows[0])`}},
		{"empty id", func(t *Table) { t.Rows[0].ID = "" }, []string{"rows[0]: empty id"}},
		{"several at once", func(t *Table) { t.Rows[0].ID = ""; t.Criteria[1].Weight = -2 }, []string{"rows[0]: empty id", `criterion "y": weight -2`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tbl := good()
			tt.mutate(&tbl)
			for _, method := range []func(Normalization) (Ranking, error){tbl.WeightedSum, tbl.TOPSIS} {
				r, err := method(DefaultNormalization)
				require.Error(t, err)
				assert.Nil(t, r)
				assert.ErrorIs(t, err, ErrInvalid)
				for _, w := range tt.want {
					assert.Contains(t, err.Error(), w)
				}
			}
		})
	}
	_, err := good().WeightedSum(Normalization(9))
	assert.ErrorContains(t, err, "prioritize: invalid normalization 9")
	_, err = good().TOPSIS(Normalization(-1))
	assert.ErrorIs(t, err, ErrInvalid)
}

func TestNormalizationText(t *testing.T) {
	for n := DefaultNormalization; n <= NoNormalization; n++ {
		b, err := n.MarshalText()
		require.NoError(t, err)
		var back Normalization
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, n, back)
	}
	var n Normalization
	require.NoError(t, n.UnmarshalText([]byte("")))
	assert.Equal(t, DefaultNormalization, n)
	assert.ErrorIs(t, n.UnmarshalText([]byte("zscore")), ErrInvalid)
	_, err := Normalization(42).MarshalText()
	assert.ErrorIs(t, err, ErrInvalid)
	assert.Equal(t, "Normalization(42)", Normalization(42).String())
}

func TestRankingTies(t *testing.T) {
	tbl := Table{
		Criteria: []Criterion{{Name: "x", Weight: 1}},
		Rows: []Row{
			{ID: "d", Values: []float64{1}}, {ID: "c", Values: []float64{5}}, {ID: "b", Values: []float64{5}},
			{ID: "a", Values: []float64{9}}, {ID: "e", Values: []float64{5}},
		},
	}
	r, err := tbl.WeightedSum(NoNormalization)
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b", "c", "e", "d"}, r.IDs())
	assert.Equal(t, []int{1, 2, 2, 2, 5}, ranks(r))

	// Near-equal scores within the relative tolerance tie and are ordered by ID.
	ids := []string{"z", "y", "x"}
	r, err = buildRanking([]float64{1 + 4e-16, 1, 0.5}, func(i int) string { return ids[i] }, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"y", "z", "x"}, r.IDs())
	assert.Equal(t, []int{1, 1, 3}, ranks(r))
	assert.Equal(t, Ranking{r[0], r[1]}, r.Top(2))
	assert.Empty(t, r.Top(-1))
	assert.Len(t, r.Top(10), 3)
	_, ok := r.Find("nope")
	assert.False(t, ok)
	assert.Equal(t, map[string]float64{"x": 0.5, "y": 1, "z": 1 + 4e-16}, r.Scores())
}

// randomTable builds a table of m rows × n criteria with values in
// [-50, 50) (or [1, 100) when positive) and random directions.
func randomTable(rng *rand.Rand, m, n int, positive bool) Table {
	t := Table{Criteria: make([]Criterion, n), Rows: make([]Row, m)}
	for j := range t.Criteria {
		t.Criteria[j] = Criterion{Name: "c" + strconv.Itoa(j), Weight: rng.Float64() + 0.01, Cost: rng.IntN(3) == 0}
	}
	for i := range t.Rows {
		v := make([]float64, n)
		for j := range v {
			if positive {
				v[j] = 1 + 99*rng.Float64()
			} else {
				v[j] = 100*rng.Float64() - 50
			}
			if rng.IntN(8) == 0 { // coarse values make exact ties likely
				v[j] = float64(rng.IntN(3) + 1)
			}
		}
		t.Rows[i] = Row{ID: "r" + strconv.Itoa(rng.IntN(1_000_000)) + "-" + strconv.Itoa(i), Values: v}
	}
	return t
}

type method struct {
	name string
	run  func(Table) (Ranking, error)
}

func allTableMethods() []method {
	var out []method
	for _, n := range []Normalization{MinMax, Vector, Sum, NoNormalization} {
		out = append(out,
			method{"weighted-sum/" + n.String(), func(t Table) (Ranking, error) { return t.WeightedSum(n) }},
			method{"topsis/" + n.String(), func(t Table) (Ranking, error) { return t.TOPSIS(n) }})
	}
	return out
}

func TestPropertyRankingIsPermutation(t *testing.T) {
	for seed := range uint64(60) {
		rng := rand.New(rand.NewPCG(seed, 1))
		tbl := randomTable(rng, 1+rng.IntN(30), 1+rng.IntN(6), true)
		for _, m := range allTableMethods() {
			r, err := m.run(tbl)
			require.NoError(t, err, m.name)
			got := r.IDs()
			want := make([]string, len(tbl.Rows))
			for i, row := range tbl.Rows {
				want[i] = row.ID
			}
			slices.Sort(got)
			slices.Sort(want)
			require.Equal(t, want, got, "seed %d %s", seed, m.name)
			for i := range r {
				require.Len(t, r[i].Contributions(), len(tbl.Criteria))
				if i > 0 {
					require.GreaterOrEqual(t, r[i-1].Score, r[i].Score)
					require.True(t, r[i].Rank == r[i-1].Rank || r[i].Rank == i+1, "competition ranking")
					if r[i].Rank == r[i-1].Rank {
						require.Less(t, r[i-1].ID, r[i].ID, "ties ordered by ID")
					}
				} else {
					require.Equal(t, 1, r[i].Rank)
				}
			}
		}
	}
}

func TestPropertyWeightScalingInvariant(t *testing.T) {
	for seed := range uint64(60) {
		rng := rand.New(rand.NewPCG(seed, 2))
		tbl := randomTable(rng, 2+rng.IntN(25), 1+rng.IntN(6), true)
		scaled := Table{Rows: tbl.Rows, Criteria: slices.Clone(tbl.Criteria)}
		k := math.Pow(10, float64(rng.IntN(13)-6)) * (1 + rng.Float64())
		for j := range scaled.Criteria {
			scaled.Criteria[j].Weight *= k
		}
		for _, m := range allTableMethods() {
			a, err := m.run(tbl)
			require.NoError(t, err)
			b, err := m.run(scaled)
			require.NoError(t, err)
			require.Equal(t, a.IDs(), b.IDs(), "seed %d %s k=%v", seed, m.name, k)
			require.Equal(t, ranks(a), ranks(b), "seed %d %s k=%v", seed, m.name, k)
			for i := range a {
				require.InDelta(t, a[i].Score, b[i].Score, 1e-9*(1+math.Abs(a[i].Score)))
			}
		}
	}
}

func TestPropertyDominatedNeverAbove(t *testing.T) {
	for seed := range uint64(80) {
		rng := rand.New(rand.NewPCG(seed, 3))
		tbl := randomTable(rng, 2+rng.IntN(20), 1+rng.IntN(6), true)
		// Make row 1 dominated by row 0: worse or equal on every criterion.
		dom := tbl.Rows[0].Values
		sub := tbl.Rows[1].Values
		for j, c := range tbl.Criteria {
			step := rng.Float64() * 5
			if c.Cost {
				sub[j] = dom[j] + step
			} else {
				sub[j] = max(dom[j]-step, 0.5)
				if sub[j] > dom[j] {
					sub[j] = dom[j]
				}
			}
		}
		for _, m := range allTableMethods() {
			r, err := m.run(tbl)
			require.NoError(t, err)
			pos := map[string]int{}
			for i, it := range r {
				pos[it.ID] = i
			}
			a, b := r[pos[tbl.Rows[0].ID]], r[pos[tbl.Rows[1].ID]]
			require.LessOrEqual(t, a.Rank, b.Rank, "seed %d %s: dominated %v ranks above dominator %v", seed, m.name, b, a)
			require.GreaterOrEqual(t, a.Score, b.Score-1e-12)
		}
	}
}

func FuzzWeightedSum(f *testing.F) {
	f.Add(1.0, 2.0, 3.0, 0.5, 1.0, false, uint8(1))
	f.Add(0.0, 0.0, 0.0, 0.0, 0.0, true, uint8(3))
	f.Add(math.MaxFloat64, -math.MaxFloat64, 1.0, 1e-300, 2.0, true, uint8(2))
	f.Add(math.NaN(), 1.0, math.Inf(1), -1.0, 0.0, false, uint8(4))
	f.Fuzz(func(t *testing.T, a, b, c, w1, w2 float64, cost bool, norm uint8) {
		tbl := Table{
			Criteria: []Criterion{{Name: "x", Weight: w1}, {Name: "y", Weight: w2, Cost: cost}},
			Rows: []Row{
				{ID: "p", Values: []float64{a, b}},
				{ID: "q", Values: []float64{b, c}},
				{ID: "r", Values: []float64{c, a}},
			},
		}
		for _, run := range []func(Normalization) (Ranking, error){tbl.WeightedSum, tbl.TOPSIS} {
			r, err := run(Normalization(norm % 6))
			if err != nil {
				require.ErrorIs(t, err, ErrInvalid)
				continue
			}
			require.Len(t, r, 3)
			for _, it := range r {
				require.True(t, finite(it.Score), "score %v", it.Score)
				for _, c := range it.Contributions() {
					require.True(t, finite(c.Weighted) && finite(c.Normalized), "contribution %+v", c)
				}
			}
		}
	})
}

func ranks(r Ranking) []int {
	out := make([]int, len(r))
	for i := range r {
		out[i] = r[i].Rank
	}
	return out
}
