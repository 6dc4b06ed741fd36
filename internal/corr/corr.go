// Package corr holds the correlation machinery shared by the Monte Carlo
// simulations of packages risk and schedule: a Gaussian copula that turns
// independent standard normal draws into uniforms with given rank
// correlations, and the quantile functions (inverse CDFs) of the
// three-point distributions that turn those uniforms into draws.
//
// Method: the Gaussian (normal) copula, as used for correlated inputs in
// decision and risk analysis (Clemen and Reilly, "Correlations and copulas
// for decision and risk analysis", Management Science 45(2), 1999). A
// target Spearman rank correlation ρs between two inputs is met by giving
// their underlying normals the Pearson correlation r = 2 sin(π ρs / 6),
// the inverse of Pearson's (1907) relation ρs = (6/π) arcsin(r/2) for the
// bivariate normal; a rank correlation survives any increasing transform,
// so the inputs' own distributions keep it. The matrix of the r must be
// positive definite (it is factored by Cholesky).
package corr

import (
	"errors"
	"fmt"
	"math"
)

// Pearson returns the correlation of two standard normals whose Spearman
// rank correlation is rs: 2 sin(π rs / 6).
func Pearson(rs float64) float64 { return 2 * math.Sin(math.Pi*rs/6) }

// Spearman returns the rank correlation of two standard normals with
// Pearson correlation r: (6/π) arcsin(r/2).
func Spearman(r float64) float64 { return 6 / math.Pi * math.Asin(r/2) }

// ErrNotPositiveDefinite is the error of a correlation matrix that is not
// positive definite: no set of variables can have those correlations (or
// two of them would be the same variable).
var ErrNotPositiveDefinite = errors.New("correlation matrix is not positive definite")

// Copula is a Gaussian copula over k variables: the lower-triangular
// Cholesky factor of the normals' correlation matrix. It is immutable.
type Copula struct {
	k int
	l []float64 // row-major lower triangle, k×k
}

// NewCopula returns the copula of k variables with the given Spearman rank
// correlations: rank[i][j] for i ≠ j, symmetric, each in -1..1; the
// diagonal is ignored (it is 1).
func NewCopula(rank [][]float64) (*Copula, error) {
	k := len(rank)
	c := &Copula{k: k, l: make([]float64, k*k)}
	a := make([]float64, k*k)
	for i := range k {
		if len(rank[i]) != k {
			return nil, fmt.Errorf("row %d has %d entries, want %d", i, len(rank[i]), k)
		}
		for j := range k {
			if i == j {
				a[i*k+j] = 1
				continue
			}
			rs := rank[i][j]
			if !(rs >= -1 && rs <= 1) {
				return nil, fmt.Errorf("correlation %v of %d and %d outside -1..1", rs, i, j)
			}
			if rank[j][i] != rs {
				return nil, fmt.Errorf("correlation of %d and %d is not symmetric (%v and %v)", i, j, rs, rank[j][i])
			}
			a[i*k+j] = Pearson(rs)
		}
	}
	for j := range k {
		s := a[j*k+j]
		for m := range j {
			s -= c.l[j*k+m] * c.l[j*k+m]
		}
		if !(s > 1e-12) {
			return nil, ErrNotPositiveDefinite
		}
		d := math.Sqrt(s)
		c.l[j*k+j] = d
		for i := j + 1; i < k; i++ {
			s := a[i*k+j]
			for m := range j {
				s -= c.l[i*k+m] * c.l[j*k+m]
			}
			c.l[i*k+j] = s / d
		}
	}
	return c, nil
}

// Len returns the number of variables.
func (c *Copula) Len() int { return c.k }

// Uniforms turns k independent standard normal draws z into k uniforms on
// (0, 1) with the copula's rank correlations, written to u.
func (c *Copula) Uniforms(z, u []float64) {
	for i := range c.k {
		row := c.l[i*c.k : i*c.k+i+1]
		s := 0.0
		for j, v := range row {
			s += v * z[j]
		}
		u[i] = Phi(s)
	}
}

// Pair returns the uniforms of two variables with rank correlation rs from
// two independent standard normal draws: the two-variable copula in closed
// form.
func Pair(rs, z1, z2 float64) (float64, float64) {
	r := Pearson(rs)
	return Phi(z1), Phi(r*z1 + math.Sqrt(1-r*r)*z2)
}

// Phi is the standard normal distribution function.
func Phi(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

// Triangular returns the u-quantile of the triangular distribution over
// (a, m, b), a ≤ m ≤ b; a degenerate one (a = b) gives m.
func Triangular(a, m, b, u float64) float64 {
	w := b - a
	if w <= 0 {
		return m
	}
	if u < (m-a)/w {
		return a + math.Sqrt(u*w*(m-a))
	}
	return b - math.Sqrt((1-u)*w*(b-m))
}

// PERT returns the u-quantile of the Beta-PERT distribution over (a, m, b):
// a + (b−a)·X with X ~ Beta(α, β), α = 1+4(m−a)/(b−a), β = 1+4(b−m)/(b−a).
// The beta quantile is found by Newton steps kept inside a bisection
// bracket, to a relative accuracy of 1e-12.
func PERT(a, m, b, u float64) float64 {
	w := b - a
	if w <= 0 {
		return m
	}
	alpha, beta := 1+4*(m-a)/w, 1+4*(b-m)/w
	return a + w*BetaQuantile(alpha, beta, u)
}

// BetaQuantile returns x with I_x(α, β) = u, for α, β ≥ 1 and u in [0, 1].
func BetaQuantile(alpha, beta, u float64) float64 {
	if u <= 0 {
		return 0
	}
	if u >= 1 {
		return 1
	}
	lbeta := lgamma(alpha) + lgamma(beta) - lgamma(alpha+beta)
	lo, hi := 0.0, 1.0
	x := alpha / (alpha + beta) // the mean: a good start
	for range 100 {
		f := RegIncBeta(alpha, beta, x) - u
		if f < 0 {
			lo = x
		} else {
			hi = x
		}
		if math.Abs(f) < 1e-14 || hi-lo < 1e-15 {
			return x
		}
		pdf := math.Exp((alpha-1)*math.Log(x) + (beta-1)*math.Log1p(-x) - lbeta)
		next := x - f/pdf
		if !(next > lo && next < hi) || pdf == 0 {
			next = (lo + hi) / 2
		}
		if math.Abs(next-x) < 1e-12*max(x, 1e-12) {
			return next
		}
		x = next
	}
	return x
}

func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

// RegIncBeta returns the regularized incomplete beta function I_x(a, b),
// by its continued fraction (DLMF 8.17.22) evaluated with the modified
// Lentz method, on the side of x where it converges fast.
func RegIncBeta(a, b, x float64) float64 {
	switch {
	case x <= 0:
		return 0
	case x >= 1:
		return 1
	}
	lfront := a*math.Log(x) + b*math.Log1p(-x) - (lgamma(a) + lgamma(b) - lgamma(a+b))
	if x > (a+1)/(a+b+2) {
		return 1 - math.Exp(lfront)*betaCF(b, a, 1-x)/b
	}
	return math.Exp(lfront) * betaCF(a, b, x) / a
}

func betaCF(a, b, x float64) float64 {
	const tiny = 1e-300
	c, d := 1.0, 1-(a+b)*x/(a+1)
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	h := d
	for m := 1; m <= 300; m++ {
		fm := float64(m)
		num := fm * (b - fm) * x / ((a + 2*fm - 1) * (a + 2*fm))
		d = 1 + num*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + num/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		h *= d * c
		num = -(a + fm) * (a + b + fm) * x / ((a + 2*fm) * (a + 2*fm + 1))
		d = 1 + num*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + num/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < 1e-15 {
			break
		}
	}
	return h
}
