package corr

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPearsonSpearman(t *testing.T) {
	for _, rs := range []float64{-1, -0.5, 0, 0.3, 0.8, 1} {
		assert.InDelta(t, rs, Spearman(Pearson(rs)), 1e-12)
	}
	assert.InDelta(t, 1.0, Pearson(1), 1e-15)
	assert.InDelta(t, 0.5176380902, Pearson(0.5), 1e-10) // 2 sin(π/12)
}

func TestRegIncBeta(t *testing.T) {
	// Closed forms: Beta(2,2) is symmetric; Beta(2,3) has CDF
	// 12(x²/2 − 2x³/3 + x⁴/4); Beta(1,1) is uniform.
	assert.InDelta(t, 0.5, RegIncBeta(2, 2, 0.5), 1e-14)
	assert.InDelta(t, 0.6875, RegIncBeta(2, 3, 0.5), 1e-14)
	assert.InDelta(t, 0.3, RegIncBeta(1, 1, 0.3), 1e-14)
	x := 0.9
	assert.InDelta(t, 12*(x*x/2-2*x*x*x/3+x*x*x*x/4), RegIncBeta(2, 3, x), 1e-14)
	for _, ab := range [][2]float64{{1, 5}, {2, 4}, {3, 3}, {5, 1}, {1.4, 4.6}} {
		for _, u := range []float64{1e-9, 0.01, 0.2, 0.5, 0.8, 0.99, 1 - 1e-9} {
			q := BetaQuantile(ab[0], ab[1], u)
			assert.InDelta(t, u, RegIncBeta(ab[0], ab[1], q), 1e-11, "%v %v", ab, u)
		}
	}
	assert.Equal(t, 0.0, BetaQuantile(2, 3, 0))
	assert.Equal(t, 1.0, BetaQuantile(2, 3, 1))
}

func TestQuantiles(t *testing.T) {
	assert.InDelta(t, 1-math.Sqrt(0.5), Triangular(0, 0, 1, 0.5), 1e-15)
	assert.InDelta(t, math.Sqrt(0.5), Triangular(0, 1, 1, 0.5), 1e-15)
	assert.Equal(t, 4.0, Triangular(4, 4, 4, 0.3))
	assert.Equal(t, 4.0, PERT(4, 4, 4, 0.3))
	// Beta-PERT (0, 5, 10) is Beta(3, 3) scaled: symmetric about 5.
	assert.InDelta(t, 5, PERT(0, 5, 10, 0.5), 1e-9)
	// The mean of the quantiles over a fine grid is the PERT mean (a+4m+b)/6.
	s := 0.0
	const n = 100_000
	for i := range n {
		s += PERT(5, 8, 14, (float64(i)+0.5)/n)
	}
	assert.InDelta(t, (5+4*8+14)/6.0, s/n, 1e-4)
}

func TestCopula(t *testing.T) {
	_, err := NewCopula([][]float64{{1, 0.9, 0.9}, {0.9, 1, -0.9}, {0.9, -0.9, 1}})
	assert.True(t, errors.Is(err, ErrNotPositiveDefinite), "%v", err)
	_, err = NewCopula([][]float64{{1, 1}, {1, 1}})
	assert.True(t, errors.Is(err, ErrNotPositiveDefinite), "perfectly correlated is the same variable")
	_, err = NewCopula([][]float64{{1, 0.5}, {0.4, 1}})
	assert.EqualError(t, err, "correlation of 0 and 1 is not symmetric (0.5 and 0.4)")
	_, err = NewCopula([][]float64{{1, 1.5}, {1.5, 1}})
	assert.EqualError(t, err, "correlation 1.5 of 0 and 1 outside -1..1")

	want := [][]float64{{1, 0.7, -0.3}, {0.7, 1, 0}, {-0.3, 0, 1}}
	c, err := NewCopula(want)
	require.NoError(t, err)
	require.Equal(t, 3, c.Len())
	rng := rand.New(rand.NewPCG(7, 8))
	const n = 20_000
	cols := make([][]float64, 3)
	z, u := make([]float64, 3), make([]float64, 3)
	for range n {
		for i := range z {
			z[i] = rng.NormFloat64()
		}
		c.Uniforms(z, u)
		for i := range u {
			cols[i] = append(cols[i], Triangular(2, 3, 9, u[i]))
		}
	}
	for i := range 3 {
		for j := i + 1; j < 3; j++ {
			assert.InDelta(t, want[i][j], spearman(cols[i], cols[j]), 0.02, "%d,%d", i, j)
		}
	}
	var xs, ys []float64
	for range n {
		a, b := Pair(-0.6, rng.NormFloat64(), rng.NormFloat64())
		xs, ys = append(xs, a), append(ys, b)
	}
	assert.InDelta(t, -0.6, spearman(xs, ys), 0.02)
}

// spearman is the sample rank correlation (no ties in continuous draws).
func spearman(x, y []float64) float64 {
	rx, ry := ranks(x), ranks(y)
	n := float64(len(x))
	var d2 float64
	for i := range rx {
		d := rx[i] - ry[i]
		d2 += d * d
	}
	return 1 - 6*d2/(n*(n*n-1))
}

func ranks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmpF(x[a], x[b]) })
	r := make([]float64, len(x))
	for k, i := range idx {
		r[i] = float64(k + 1)
	}
	return r
}

func cmpF(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
