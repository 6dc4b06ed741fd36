package prioritize

import (
	"math"

	"github.com/pmokit/pmokit/internal/textcut"
)

// AHPMethod is how [AHP] derives priorities from a pairwise comparison
// matrix. The zero value is [Eigenvector], Saaty's method.
type AHPMethod int

// The AHP priority estimators. For a consistent matrix they agree; for an
// inconsistent one they differ, typically in the third decimal, so a result
// records which one produced it.
const (
	// Eigenvector takes the principal right eigenvector, normalized to sum 1,
	// computed by power iteration; λmax is its eigenvalue.
	Eigenvector AHPMethod = iota
	// GeometricMean (row geometric mean method, RGMM) takes w_i ∝ (Π_j a_ij)^(1/n);
	// λmax is estimated as the mean of (Aw)_i/w_i.
	GeometricMean
)

// RandomIndex selects the table of random indices RI(n), the mean
// consistency index of random reciprocal matrices of order n, by which
// CR = CI/RI. The zero value is [Saaty1980], the contract's default.
type RandomIndex int

// The random-index tables.
const (
	// Saaty1980 is Saaty's table for n = 1..10: 0, 0, 0.58, 0.90, 1.12, 1.24,
	// 1.32, 1.41, 1.45, 1.49.
	Saaty1980 RandomIndex = iota
	// Saaty2005 is the table of Saaty, Theory and Applications of the Analytic
	// Network Process (RWS, 2005), p. 31, for n = 1..15, as coded in AHPy.
	Saaty2005
	// DoneganDodd is the table of Donegan and Dodd, "A note on Saaty's Random
	// Indexes", Mathematical and Computer Modelling 15(10), 1991, pp. 135–137,
	// as coded in AHPy: n = 1..20, 25, 30, 40, …, 100, linearly interpolated
	// between tabulated orders.
	DoneganDodd
)

// riPoint is one tabulated random index.
type riPoint struct {
	n  int
	ri float64
}

// riTable returns the tabulated points of a table (n ≥ 3; RI is 0 for n ≤ 2).
// It builds a fresh slice on each call: no mutable package state.
func (ri RandomIndex) table() []riPoint {
	switch ri {
	case Saaty1980:
		return []riPoint{{3, 0.58}, {4, 0.90}, {5, 1.12}, {6, 1.24}, {7, 1.32}, {8, 1.41}, {9, 1.45}, {10, 1.49}}
	case Saaty2005:
		return []riPoint{{3, 0.52}, {4, 0.89}, {5, 1.11}, {6, 1.25}, {7, 1.35}, {8, 1.40}, {9, 1.45}, {10, 1.49},
			{11, 1.52}, {12, 1.54}, {13, 1.56}, {14, 1.58}, {15, 1.59}}
	case DoneganDodd:
		return []riPoint{{3, 0.4914}, {4, 0.8286}, {5, 1.0591}, {6, 1.1797}, {7, 1.2519}, {8, 1.3171}, {9, 1.3733},
			{10, 1.4055}, {11, 1.4213}, {12, 1.4497}, {13, 1.4643}, {14, 1.4822}, {15, 1.4969}, {16, 1.5078},
			{17, 1.5153}, {18, 1.5262}, {19, 1.5313}, {20, 1.5371}, {25, 1.5619}, {30, 1.5772}, {40, 1.5976},
			{50, 1.6102}, {60, 1.6178}, {70, 1.6237}, {80, 1.6277}, {90, 1.6213}, {100, 1.6339}}
	}
	return nil
}

// Value returns RI(n) from the table: 0 for n ≤ 2, the tabulated value, or a
// linear interpolation between tabulated orders. An order beyond the table
// (or n < 1, or an undefined table) is an error matching [ErrInvalid].
func (ri RandomIndex) Value(n int) (float64, error) {
	pts := ri.table()
	if pts == nil {
		return 0, invalidf("ahp: invalid random index table %d", int(ri))
	}
	if n < 1 {
		return 0, invalidf("ahp: random index of order %d", n)
	}
	if n <= 2 {
		return 0, nil
	}
	for k, p := range pts {
		if p.n == n {
			return p.ri, nil
		}
		if p.n > n {
			q := pts[k-1]
			return q.ri + (p.ri-q.ri)*float64(n-q.n)/float64(p.n-q.n), nil
		}
	}
	return 0, invalidf("ahp: the %s random index table stops at n = %d, matrix has n = %d", ri, pts[len(pts)-1].n, n)
}

// MaxAHPOrder is the largest order of a pairwise comparison matrix (and the
// largest number of items of [PairwiseMatrix], and of criteria or
// alternatives of a [Hierarchy]): the largest order of any random-index
// table.
const MaxAHPOrder = 100

// MaxAHPIterations is the largest [AHPOptions.MaxIterations]. A power
// iteration costs n² multiplications per step, so one eigenvector takes at
// most MaxAHPIterations·MaxAHPOrder² = 10⁹ of them, and a hierarchy
// (1 + criteria) times that.
const MaxAHPIterations = 100_000

// AHPOptions configures [AHPWith]. The zero value is the contract's default:
// eigenvector method, Saaty's 1980 random indices, threshold 0.10.
type AHPOptions struct {
	Method      AHPMethod   `json:"method,omitzero"`
	RandomIndex RandomIndex `json:"random_index,omitzero"`
	// Threshold is the largest acceptable consistency ratio; 0 means 0.10.
	Threshold float64 `json:"threshold,omitzero"`
	// Tolerance ends the power iteration when no weight changes by more than
	// it between two iterations; 0 means 1e-12.
	Tolerance float64 `json:"tolerance,omitzero"`
	// MaxIterations caps the power iteration; 0 means 10,000, and more than
	// [MaxAHPIterations] is an error. Not converging within it is an error
	// matching [ErrNotConverged].
	MaxIterations int `json:"max_iterations,omitzero"`
	// ReciprocalTolerance is the relative tolerance of the checks
	// a_ij·a_ji = 1 and a_ii = 1; 0 means 0.005, which accepts reciprocals
	// typed to three decimals (0.333 for 1/3, 0.143 for 1/7).
	ReciprocalTolerance float64 `json:"reciprocal_tolerance,omitzero"`
}

func (o AHPOptions) withDefaults() AHPOptions {
	if o.Threshold == 0 {
		o.Threshold = 0.10
	}
	if o.Tolerance == 0 {
		o.Tolerance = 1e-12
	}
	if o.MaxIterations == 0 {
		o.MaxIterations = 10000
	}
	if o.ReciprocalTolerance == 0 {
		o.ReciprocalTolerance = 0.005
	}
	return o
}

// AHPResult is the outcome of a pairwise comparison matrix.
type AHPResult struct {
	// Weights are the priorities, in the matrix's row order, summing to 1.
	Weights []float64 `json:"weights"`
	// LambdaMax is the principal eigenvalue (estimated, for GeometricMean).
	LambdaMax float64 `json:"lambda_max"`
	// CI is the consistency index (λmax − n)/(n − 1), 0 for n ≤ 2 and never
	// negative (rounding below n is clamped to 0).
	CI float64 `json:"ci"`
	// CR is the consistency ratio CI/RI(n), 0 for n ≤ 2.
	CR float64 `json:"cr"`
	// RI is the random index used.
	RI float64 `json:"ri"`
	// Consistent reports CR <= the threshold (0.10 by default). A matrix of
	// order 1 or 2 is always consistent.
	Consistent bool `json:"consistent"`
	// Method and RandomIndex record how the result was computed.
	Method      AHPMethod   `json:"method"`
	RandomIndex RandomIndex `json:"random_index"`
	// Iterations is the number of power iterations (0 for GeometricMean).
	Iterations int `json:"iterations"`
}

// AHP derives priorities from a pairwise comparison matrix m, where m[i][j]
// says how many times item i is as important as item j (Saaty's 1–9 scale).
// m must be positive reciprocal: square, 1 ≤ n ≤ [MaxAHPOrder], every entry finite and > 0,
// unit diagonal, m[j][i] = 1/m[i][j] (within a relative tolerance of 0.005).
// The weights are in the order of m's rows; CR uses Saaty's random index
// (Saaty1980). Errors name the offending cell and match [ErrInvalid], or
// [ErrNotConverged] when the power iteration does not converge.
func AHP(m [][]float64, method AHPMethod) (AHPResult, error) {
	return AHPWith(m, AHPOptions{Method: method})
}

// AHPWith is [AHP] with a choice of estimator, random-index table, threshold
// and numerical tolerances.
func AHPWith(m [][]float64, opts AHPOptions) (AHPResult, error) {
	o := opts.withDefaults()
	if o.Method != Eigenvector && o.Method != GeometricMean {
		return AHPResult{}, invalidf("ahp: invalid method %d", int(o.Method))
	}
	if !(o.Threshold > 0) || !(o.Tolerance > 0) || o.MaxIterations < 0 || !(o.ReciprocalTolerance > 0) {
		return AHPResult{}, invalidf("ahp: options need a positive threshold, tolerance, iteration cap and reciprocal tolerance")
	}
	if o.MaxIterations > MaxAHPIterations {
		return AHPResult{}, invalidf("ahp: max iterations %d is above %d", o.MaxIterations, MaxAHPIterations)
	}
	n := len(m)
	if n > MaxAHPOrder {
		return AHPResult{}, invalidf("ahp: matrix of order %d is above %d", n, MaxAHPOrder)
	}
	if err := validateMatrix(m, o.ReciprocalTolerance); err != nil {
		return AHPResult{}, err
	}
	ri, err := o.RandomIndex.Value(n)
	if err != nil {
		return AHPResult{}, err
	}
	res := AHPResult{Method: o.Method, RandomIndex: o.RandomIndex, RI: ri}
	switch o.Method {
	case Eigenvector:
		res.Weights, res.LambdaMax, res.Iterations, err = powerIteration(m, o.Tolerance, o.MaxIterations)
	case GeometricMean:
		res.Weights, res.LambdaMax, err = geometricMean(m)
	}
	if err != nil {
		return AHPResult{}, err
	}
	if n > 2 {
		res.CI = max(0, (res.LambdaMax-float64(n))/float64(n-1))
		res.CR = res.CI / ri
	}
	res.Consistent = res.CR <= o.Threshold
	return res, nil
}

// validateMatrix checks that m is square, positive, finite and reciprocal.
func validateMatrix(m [][]float64, tol float64) error {
	n := len(m)
	if n == 0 {
		return invalidf("ahp: empty matrix")
	}
	var errs errList
	for i, row := range m {
		if len(row) != n {
			errs.addf("ahp: row %d has %d entries, matrix is %d×%d", i, len(row), n, n)
		}
	}
	if err := errs.err(); err != nil {
		return err
	}
	for i := range n {
		for j := range n {
			v := m[i][j]
			switch {
			case !finite(v) || v <= 0:
				errs.addf("ahp: m[%d][%d] = %v is not a finite positive number", i, j, v)
			case i == j && math.Abs(v-1) > tol:
				errs.addf("ahp: m[%d][%d] = %v, the diagonal must be 1", i, j, v)
			case j > i && finite(m[j][i]) && m[j][i] > 0 && math.Abs(v*m[j][i]-1) > tol:
				errs.addf("ahp: m[%d][%d] = %v is not the reciprocal of m[%d][%d] = %v", j, i, m[j][i], i, j, v)
			}
		}
	}
	return errs.err()
}

// powerIteration returns the principal eigenvector of the positive matrix m
// (normalized to sum 1), its eigenvalue and the number of iterations.
func powerIteration(m [][]float64, tol float64, maxIter int) ([]float64, float64, int, error) {
	n := len(m)
	w := make([]float64, 2*n)
	w, y := w[:n:n], w[n:]
	for i := range w {
		w[i] = 1 / float64(n)
	}
	for it := 1; it <= maxIter; it++ {
		var lambda float64
		for i, row := range m {
			var s float64
			for j, a := range row {
				s += a * w[j]
			}
			y[i] = s
			lambda += s
		}
		if !finite(lambda) || lambda <= 0 {
			return nil, 0, it, invalidf("ahp: matrix entries too extreme for float64 arithmetic")
		}
		var delta float64
		for i := range y {
			v := y[i] / lambda
			delta = max(delta, math.Abs(v-w[i]))
			w[i] = v
		}
		if delta <= tol {
			if err := checkWeights(w); err != nil {
				return nil, 0, it, err
			}
			// λ of the final vector: Σ(Aw)_i, since Σw = 1.
			return w, rayleigh(m, w), it, nil
		}
	}
	return nil, 0, maxIter, wrapf(ErrNotConverged, "ahp: after %d iterations", maxIter)
}

// rayleigh returns Σ_i (Aw)_i for weights summing to 1, the eigenvalue of an
// eigenvector w.
func rayleigh(m [][]float64, w []float64) float64 {
	var lambda float64
	for _, row := range m {
		for j, a := range row {
			lambda += a * w[j]
		}
	}
	return lambda
}

// geometricMean returns the row-geometric-mean weights and the mean of
// (Aw)_i/w_i as λmax.
func geometricMean(m [][]float64) ([]float64, float64, error) {
	n := len(m)
	w := make([]float64, n)
	var total float64
	for i, row := range m {
		var logs float64
		for _, a := range row {
			logs += math.Log(a)
		}
		w[i] = math.Exp(logs / float64(n))
		total += w[i]
	}
	if !finite(total) || total <= 0 {
		return nil, 0, invalidf("ahp: matrix entries too extreme for float64 arithmetic")
	}
	for i := range w {
		w[i] /= total
	}
	if err := checkWeights(w); err != nil {
		return nil, 0, err
	}
	var lambda float64
	for i, row := range m {
		var s float64
		for j, a := range row {
			s += a * w[j]
		}
		lambda += s / w[i]
	}
	lambda /= float64(n)
	if !finite(lambda) {
		return nil, 0, invalidf("ahp: matrix entries too extreme for float64 arithmetic")
	}
	return w, lambda, nil
}

// checkWeights rejects weights that underflowed to zero or are not finite.
func checkWeights(w []float64) error {
	for i, v := range w {
		if !finite(v) || v <= 0 {
			return invalidf("ahp: weight %d underflows (matrix entries too extreme for float64 arithmetic)", i)
		}
	}
	return nil
}

// Judgement is one pairwise comparison: A is Value times as important as B
// (Saaty's scale: 1 equal, 3 moderate, 5 strong, 7 very strong, 9 extreme;
// 1/3 means B is moderately more important than A).
type Judgement struct {
	A     string  `json:"a"`
	B     string  `json:"b"`
	Value float64 `json:"value"`
}

// PairwiseMatrix builds the positive reciprocal matrix over items (rows and
// columns in the order of items) from judgements. Each unordered pair of
// distinct items needs a judgement in either direction (at most
// [MaxAHPOrder] items); the other cell is its
// reciprocal. A pair judged twice must agree (A,B,v and B,A,1/v, or the same
// judgement repeated), within a relative tolerance of 0.005.
//
// Errors, joined and matching [ErrInvalid]: no items, an empty or duplicate
// item, a judgement naming an unknown item, a self-comparison other than 1, a
// value that is not finite and positive, contradictory judgements of a pair,
// and every missing pair.
func PairwiseMatrix(items []string, judgements []Judgement) ([][]float64, error) {
	var errs errList
	n := len(items)
	if n == 0 {
		return nil, invalidf("ahp: no items to compare")
	}
	if n > MaxAHPOrder {
		return nil, invalidf("ahp: %d items to compare, more than %d", n, MaxAHPOrder)
	}
	index := make(map[string]int, n)
	for i, it := range items {
		if it == "" {
			errs.addf("ahp: items[%d]: empty name", i)
			continue
		}
		if k, dup := index[it]; dup {
			errs.addf("ahp: items[%d]: duplicate %s (also items[%d])", i, textcut.Quote(it), k)
			continue
		}
		index[it] = i
	}
	cells := make([]float64, n*n)
	m := make([][]float64, n)
	for i := range m {
		m[i] = cells[i*n : (i+1)*n : (i+1)*n]
		m[i][i] = 1
	}
	const tol = 0.005
	for k, jd := range judgements {
		a, okA := index[jd.A]
		b, okB := index[jd.B]
		switch {
		case !okA:
			errs.addf("ahp: judgements[%d]: unknown item %s", k, textcut.Quote(jd.A))
			continue
		case !okB:
			errs.addf("ahp: judgements[%d]: unknown item %s", k, textcut.Quote(jd.B))
			continue
		case !finite(jd.Value) || jd.Value <= 0:
			errs.addf("ahp: judgements[%d] (%s vs %s): value %v is not a finite positive number", k, textcut.Quote(jd.A), textcut.Quote(jd.B), jd.Value)
			continue
		case a == b:
			if math.Abs(jd.Value-1) > tol {
				errs.addf("ahp: judgements[%d]: %s compared with itself must be 1, got %v", k, textcut.Quote(jd.A), jd.Value)
			}
			continue
		}
		if prev := m[a][b]; prev != 0 {
			if math.Abs(prev/jd.Value-1) > tol {
				errs.addf("ahp: judgements[%d]: %s vs %s = %v contradicts an earlier judgement (%v)", k, textcut.Quote(jd.A), textcut.Quote(jd.B), jd.Value, prev)
			}
			continue
		}
		m[a][b] = jd.Value
		m[b][a] = 1 / jd.Value
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			if m[i][j] == 0 && items[i] != "" && items[j] != "" {
				errs.addf("ahp: missing judgement of %s vs %s", textcut.Quote(items[i]), textcut.Quote(items[j]))
			}
		}
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	return m, nil
}

// Hierarchy is a three-level AHP model: a goal, criteria compared pairwise
// with respect to the goal, and alternatives compared pairwise with respect
// to each criterion.
type Hierarchy struct {
	Criteria       []string
	CriteriaMatrix [][]float64 // over Criteria
	Alternatives   []string
	// AlternativeMatrices holds one matrix over Alternatives per criterion,
	// in the order of Criteria.
	AlternativeMatrices [][][]float64
}

// HierarchyResult is the outcome of [AHPHierarchy].
type HierarchyResult struct {
	Criteria AHPResult   // criterion weights
	Local    []AHPResult // per criterion, the alternatives' local priorities
	// Ranking ranks the alternatives by global priority Σ_c w_c·p_c(a). Each
	// contribution is one criterion: Value and Normalized are the local
	// priority p_c(a), Weighted is w_c·p_c(a).
	Ranking Ranking
}

// AHPHierarchy computes every matrix of the hierarchy with opts and
// synthesizes the alternatives' global priorities (distributive mode: local
// priorities sum to 1 under each criterion). Errors name the matrix.
func AHPHierarchy(h Hierarchy, opts AHPOptions) (*HierarchyResult, error) {
	if len(h.AlternativeMatrices) != len(h.Criteria) {
		return nil, invalidf("ahp: %d alternative matrices for %d criteria", len(h.AlternativeMatrices), len(h.Criteria))
	}
	if len(h.CriteriaMatrix) != len(h.Criteria) {
		return nil, invalidf("ahp: criteria matrix is %d×%d for %d criteria", len(h.CriteriaMatrix), len(h.CriteriaMatrix), len(h.Criteria))
	}
	crit, err := AHPWith(h.CriteriaMatrix, opts)
	if err != nil {
		return nil, wrapf(err, "criteria matrix")
	}
	res := &HierarchyResult{Criteria: crit, Local: make([]AHPResult, len(h.Criteria))}
	local := make([][]float64, len(h.Criteria))
	for c, mat := range h.AlternativeMatrices {
		if len(mat) != len(h.Alternatives) {
			return nil, invalidAt("", h.Criteria[c], "ahp: criterion %s: matrix is %d×%d for %d alternatives", textcut.Quote(h.Criteria[c]), len(mat), len(mat), len(h.Alternatives))
		}
		r, err := AHPWith(mat, opts)
		if err != nil {
			return nil, wrapf(err, "criterion %s", textcut.Quote(h.Criteria[c]))
		}
		res.Local[c] = r
		local[c] = r.Weights
	}
	res.Ranking, err = Synthesize(h.Alternatives, h.Criteria, crit.Weights, local)
	if err != nil {
		return nil, err
	}
	return res, nil
}

// Synthesize combines criterion weights with each criterion's local
// priorities of the alternatives: the global priority of alternative a is
// Σ_c weights[c]·local[c][a]. weights are divided by their sum; local[c] is in
// the order of alternatives. Names must be non-empty and unique, and a local
// priority finite and >= 0; each failure is an error naming the criterion or
// alternative, all joined and matching [ErrInvalid]. The
// ranking's contributions give, per criterion, the local priority (Value,
// Normalized) and its weighted part (Weighted).
func Synthesize(alternatives, criteria []string, weights []float64, local [][]float64) (Ranking, error) {
	t := Table{Criteria: make([]Criterion, len(criteria)), Rows: make([]Row, len(alternatives))}
	if len(weights) != len(criteria) || len(local) != len(criteria) {
		return nil, invalidf("ahp: %d weights and %d local priority vectors for %d criteria", len(weights), len(local), len(criteria))
	}
	for c, name := range criteria {
		t.Criteria[c] = Criterion{Name: name, Weight: weights[c]}
		if len(local[c]) != len(alternatives) {
			return nil, invalidAt("", name, "ahp: criterion %s: %d local priorities for %d alternatives", textcut.Quote(name), len(local[c]), len(alternatives))
		}
	}
	var errs errList
	for _, names := range [...]struct {
		what string
		list []string
	}{{"criteria", criteria}, {"alternatives", alternatives}} {
		seen := make(map[string]int, len(names.list))
		for i, name := range names.list {
			if name == "" {
				errs.addf("ahp: %s[%d]: empty name", names.what, i)
			} else if k, dup := seen[name]; dup {
				errs.addf("ahp: %s[%d]: duplicate %s (also %s[%d])", names.what, i, textcut.Quote(name), names.what, k)
			} else {
				seen[name] = i
			}
		}
	}
	vals := make([]float64, len(alternatives)*len(criteria))
	for a, id := range alternatives {
		row := vals[a*len(criteria) : (a+1)*len(criteria) : (a+1)*len(criteria)]
		for c, name := range criteria {
			row[c] = local[c][a]
			if !finite(row[c]) || row[c] < 0 {
				errs.addAt(id, name, "ahp: criterion %s: alternative %s: local priority %v is not a finite number >= 0", textcut.Quote(name), textcut.Quote(id), row[c])
			}
		}
		t.Rows[a] = Row{ID: id, Values: row}
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	return t.WeightedSum(NoNormalization)
}
