package prioritize

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSensitivityHandComputed(t *testing.T) {
	// Two criteria, equal weights, no normalization. A = (10, 0), B = (0, 8):
	// score A = 10w, B = 8(1−w). A leads while 10w > 8 − 8w, i.e. w > 4/9.
	tbl := Table{
		Criteria: []Criterion{{Name: "x", Weight: 1}, {Name: "y", Weight: 1}},
		Rows:     []Row{{ID: "A", Values: []float64{10, 0}}, {ID: "B", Values: []float64{0, 8}}},
	}
	got, err := tbl.Sensitivity(context.Background(), SensitivityOptions{Normalization: NoNormalization})
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, "x", got[0].Criterion)
	assert.Equal(t, 0.5, got[0].Weight)
	assert.InDelta(t, 4.0/9, got[0].Lower, 1e-15)
	assert.Equal(t, 1.0, got[0].Upper)
	assert.Equal(t, [2]string{"A", "B"}, got[0].LowerSwap)
	assert.Equal(t, [2]string{}, got[0].UpperSwap)
	// y's weight is 1 − x's: A leads while y < 5/9.
	assert.Equal(t, 0.0, got[1].Lower)
	assert.InDelta(t, 5.0/9, got[1].Upper, 1e-15)
	assert.Equal(t, [2]string{"A", "B"}, got[1].UpperSwap)

	one := Table{Criteria: []Criterion{{Name: "x", Weight: 3}}, Rows: []Row{{ID: "A", Values: []float64{1}}, {ID: "B", Values: []float64{2}}}}
	got, err = one.Sensitivity(context.Background(), SensitivityOptions{})
	require.NoError(t, err)
	assert.Equal(t, []WeightInterval{{Criterion: "x", Weight: 1, Lower: 1, Upper: 1}}, got)

	_, err = tbl.Sensitivity(context.Background(), SensitivityOptions{Method: SensitivityMethod(9)})
	assert.ErrorIs(t, err, ErrInvalid)
	_, err = Table{}.Sensitivity(context.Background(), SensitivityOptions{})
	assert.ErrorIs(t, err, ErrInvalid)
}

// TestSensitivityIntervalsHold checks every reported bound by re-ranking just
// inside and just outside it.
func TestSensitivityIntervalsHold(t *testing.T) {
	for seed := range uint64(40) {
		rng := rand.New(rand.NewPCG(seed, 5))
		tbl := randomTable(rng, 3+rng.IntN(12), 2+rng.IntN(4), true)
		for _, method := range []SensitivityMethod{SensitivityWeightedSum, SensitivityTOPSIS} {
			k := 1 + rng.IntN(3)
			opts := SensitivityOptions{Method: method, TopK: k, Normalization: MinMax}
			got, err := tbl.Sensitivity(context.Background(), opts)
			require.NoError(t, err)
			rank := func(tb Table) []string {
				var r Ranking
				if method == SensitivityTOPSIS {
					r, err = tb.TOPSIS(MinMax)
				} else {
					r, err = tb.WeightedSum(MinMax)
				}
				require.NoError(t, err)
				return r.IDs()[:min(k, len(r))]
			}
			want := rank(tbl)
			weights, _, _, err := tbl.validate()
			require.NoError(t, err)
			eps := 1e-6
			if method == SensitivityTOPSIS {
				eps = 1e-5
			}
			for j, iv := range got {
				require.LessOrEqual(t, iv.Lower, iv.Weight+1e-12)
				require.GreaterOrEqual(t, iv.Upper, iv.Weight-1e-12)
				if iv.Upper-iv.Lower < 4*eps {
					continue
				}
				inside := []float64{iv.Lower + eps, iv.Upper - eps, (iv.Lower + iv.Upper) / 2}
				if iv.Lower < iv.Weight-eps && iv.Weight < iv.Upper-eps {
					for _, w := range inside {
						assert.Equal(t, want, rank(tbl.withWeight(weights, j, w)), "seed %d %v %s inside at %v", seed, method, iv.Criterion, w)
					}
				}
				if iv.UpperSwap != [2]string{} && iv.Upper+eps <= 1 {
					assert.NotEqual(t, want, rank(tbl.withWeight(weights, j, iv.Upper+eps)), "seed %d %s above %v", seed, iv.Criterion, iv.Upper)
				}
				if iv.LowerSwap != [2]string{} && iv.Lower-eps >= 0 {
					assert.NotEqual(t, want, rank(tbl.withWeight(weights, j, iv.Lower-eps)), "seed %d %s below %v", seed, iv.Criterion, iv.Lower)
				}
				if iv.UpperSwap == [2]string{} {
					assert.Equal(t, 1.0, iv.Upper)
					assert.Equal(t, want, rank(tbl.withWeight(weights, j, 1-1e-9)))
				}
				if iv.LowerSwap == [2]string{} {
					assert.Equal(t, 0.0, iv.Lower)
				}
				assert.True(t, slices.Contains(want, iv.UpperSwap[0]) || iv.UpperSwap == [2]string{})
			}
		}
	}
}

// TestSensitivityBounded checks the work bounds of Sensitivity: a step below
// 1/MaxSensitivitySteps is an error, a tolerance below float64's resolution
// still ends, and a cancelled or expired context stops the analysis.
func TestSensitivityBounded(t *testing.T) {
	tbl := randomTable(rand.New(rand.NewPCG(3, 3)), 20, 4, true)
	ctx := context.Background()

	_, err := tbl.Sensitivity(ctx, SensitivityOptions{Method: SensitivityTOPSIS, Step: 1e-9})
	assert.ErrorIs(t, err, ErrInvalid)
	assert.ErrorContains(t, err, "prioritize: sensitivity: step 1e-09 must be in [0.0001, 1]")

	// A tolerance no float64 interval reaches: the bisection stops when the
	// midpoint equals an end (before, it looped for ever).
	got, err := tbl.Sensitivity(ctx, SensitivityOptions{Method: SensitivityTOPSIS, Tolerance: 1e-300, TopK: 3})
	require.NoError(t, err)
	require.Len(t, got, 4)

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	for _, m := range []SensitivityMethod{SensitivityWeightedSum, SensitivityTOPSIS} {
		got, err := tbl.Sensitivity(cancelled, SensitivityOptions{Method: m})
		assert.Nil(t, got)
		assert.ErrorIs(t, err, context.Canceled)
		assert.EqualError(t, err, "prioritize: sensitivity: context canceled")
	}

	// A large analysis stops soon after its deadline, for either method.
	big := randomTable(rand.New(rand.NewPCG(4, 4)), 20_000, 6, true)
	for _, m := range []SensitivityMethod{SensitivityWeightedSum, SensitivityTOPSIS} {
		dl, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
		start := time.Now()
		_, err := big.Sensitivity(dl, SensitivityOptions{Method: m, TopK: 20_000, Step: 1e-4})
		cancel()
		assert.ErrorIs(t, err, context.DeadlineExceeded, "method %d", m)
		assert.Less(t, time.Since(start), 2*time.Second, "method %d", m)
	}
}
