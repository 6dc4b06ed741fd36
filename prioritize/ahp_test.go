package prioritize

import (
	"errors"
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// drinks is the "which drink is consumed more in the U.S." example of Saaty,
// "Decision making with the analytic hierarchy process", Int. J. Services
// Sciences 1(1), 2008, pp. 83–98 (Table 2), as transcribed in the tests of
// PhilipGriffith/AHPy (tests/test_ahp.py).
var drinksItems = []string{"coffee", "wine", "tea", "beer", "soda", "milk", "water"}

func drinksJudgements() []Judgement {
	return []Judgement{
		{"coffee", "wine", 9}, {"coffee", "tea", 5}, {"coffee", "beer", 2}, {"coffee", "soda", 1}, {"coffee", "milk", 1},
		{"water", "coffee", 2}, {"water", "wine", 9}, {"water", "tea", 9}, {"water", "beer", 3}, {"water", "soda", 2}, {"water", "milk", 3},
		{"tea", "wine", 3},
		{"beer", "wine", 9}, {"beer", "tea", 3}, {"beer", "milk", 1},
		{"soda", "wine", 9}, {"soda", "tea", 4}, {"soda", "beer", 2}, {"soda", "milk", 2},
		{"milk", "wine", 9}, {"milk", "tea", 3},
	}
}

func TestAHPDrinksGolden(t *testing.T) {
	m, err := PairwiseMatrix(drinksItems, drinksJudgements())
	require.NoError(t, err)

	// Published (Saaty 2008, Table 2, 3 decimals): coffee .177, wine .019,
	// tea .042, beer .116, soda .190, milk .129, water .327.
	want3 := []float64{0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327}
	// AHPy at 4 decimals (Donegan–Dodd RI): CR 0.0235; with Saaty 2005 RI: CR 0.022.
	want4 := []float64{0.1775, 0.0191, 0.0418, 0.1164, 0.1896, 0.1288, 0.3268}

	res, err := AHP(m, Eigenvector)
	require.NoError(t, err)
	require.Len(t, res.Weights, 7)
	for i := range want3 {
		assert.InDelta(t, want3[i], res.Weights[i], 0.0005, drinksItems[i])
		assert.InDelta(t, want4[i], res.Weights[i], 0.00005, drinksItems[i])
	}
	assert.InDelta(t, 1, sum(res.Weights), 1e-12)
	assert.True(t, res.Consistent)
	assert.Equal(t, Saaty1980, res.RandomIndex)
	assert.Equal(t, 1.32, res.RI)
	assert.InDelta(t, res.CI/1.32, res.CR, 1e-15)

	dd, err := AHPWith(m, AHPOptions{RandomIndex: DoneganDodd})
	require.NoError(t, err)
	assert.InDelta(t, 0.0235, dd.CR, 0.00005)
	s05, err := AHPWith(m, AHPOptions{RandomIndex: Saaty2005})
	require.NoError(t, err)
	assert.InDelta(t, 0.022, s05.CR, 0.0005)
}

// TestAHPIncompleteCompletedGolden: the complete 4×4 matrix of the AHPy README
// (Bozóki, Fülöp and Rónyai 2010 example with c:d = 3/4): weights
// b .3917, a .3742, d .1349, c .0991 and CR 0.0372 with Donegan–Dodd RI.
func TestAHPBozokiGolden(t *testing.T) {
	m, err := PairwiseMatrix([]string{"a", "b", "c", "d"}, []Judgement{
		{"a", "b", 1}, {"a", "c", 5}, {"a", "d", 2}, {"b", "c", 3}, {"b", "d", 4}, {"c", "d", 0.75},
	})
	require.NoError(t, err)
	res, err := AHPWith(m, AHPOptions{RandomIndex: DoneganDodd})
	require.NoError(t, err)
	want := []float64{0.3742, 0.3917, 0.0991, 0.1349}
	for i := range want {
		assert.InDelta(t, want[i], res.Weights[i], 0.00005)
	}
	assert.InDelta(t, 0.0372, res.CR, 0.00005)
}

// TestAHPHierarchyCitiesGolden: the "best city to live in" example of Saaty,
// Theory and Applications of the Analytic Network Process (2005), as coded in
// AHPy's tests: global priorities Bethesda .229, Boston .275, Pittsburgh .385,
// Santa Fe .111, compared at the published 3 decimals (half a unit in the
// last place: the exact synthesis rounds to the published figures).
func TestAHPHierarchyCitiesGolden(t *testing.T) {
	cities := []string{"Bethesda", "Boston", "Pittsburgh", "Santa Fe"}
	criteria := []string{"Culture", "Family", "Housing", "Jobs", "Transportation"}
	mat := func(items []string, js []Judgement) [][]float64 {
		m, err := PairwiseMatrix(items, js)
		require.NoError(t, err)
		return m
	}
	h := Hierarchy{
		Criteria: criteria,
		CriteriaMatrix: mat(criteria, []Judgement{
			{"Culture", "Housing", 3}, {"Culture", "Transportation", 5},
			{"Family", "Culture", 5}, {"Family", "Housing", 7}, {"Family", "Transportation", 7},
			{"Housing", "Transportation", 3},
			{"Jobs", "Culture", 2}, {"Jobs", "Housing", 4}, {"Jobs", "Transportation", 7},
			{"Family", "Jobs", 1},
		}),
		Alternatives: cities,
		AlternativeMatrices: [][][]float64{
			mat(cities, []Judgement{{"Bethesda", "Pittsburgh", 1}, {"Boston", "Bethesda", 2}, {"Boston", "Pittsburgh", 2.5},
				{"Boston", "Santa Fe", 1}, {"Pittsburgh", "Bethesda", 1}, {"Santa Fe", "Bethesda", 2}, {"Santa Fe", "Pittsburgh", 2.5}}),
			mat(cities, []Judgement{{"Bethesda", "Boston", 2}, {"Bethesda", "Santa Fe", 4}, {"Boston", "Santa Fe", 2},
				{"Pittsburgh", "Bethesda", 3}, {"Pittsburgh", "Boston", 8}, {"Pittsburgh", "Santa Fe", 9}}),
			mat(cities, []Judgement{{"Bethesda", "Boston", 5}, {"Bethesda", "Santa Fe", 2.5}, {"Pittsburgh", "Bethesda", 2},
				{"Pittsburgh", "Boston", 9}, {"Pittsburgh", "Santa Fe", 7}, {"Santa Fe", "Boston", 4}}),
			mat(cities, []Judgement{{"Bethesda", "Pittsburgh", 3}, {"Bethesda", "Santa Fe", 4}, {"Boston", "Bethesda", 2},
				{"Boston", "Pittsburgh", 6}, {"Boston", "Santa Fe", 8}, {"Pittsburgh", "Santa Fe", 1}}),
			mat(cities, []Judgement{{"Bethesda", "Boston", 1.5}, {"Bethesda", "Santa Fe", 4}, {"Boston", "Santa Fe", 2.5},
				{"Pittsburgh", "Bethesda", 2}, {"Pittsburgh", "Boston", 3.5}, {"Pittsburgh", "Santa Fe", 9}}),
		},
	}
	res, err := AHPHierarchy(h, AHPOptions{RandomIndex: Saaty2005})
	require.NoError(t, err)
	want := map[string]float64{"Bethesda": 0.229, "Boston": 0.275, "Pittsburgh": 0.385, "Santa Fe": 0.111}
	require.Len(t, res.Ranking, 4)
	assert.Equal(t, []string{"Pittsburgh", "Boston", "Bethesda", "Santa Fe"}, res.Ranking.IDs())
	for _, r := range res.Ranking {
		assert.InDelta(t, want[r.ID], r.Score, 0.0005, r.ID)
		var s float64
		for c, con := range r.Contributions() {
			assert.Equal(t, criteria[c], con.Criterion)
			s += con.Weighted
		}
		assert.InDelta(t, r.Score, s, 1e-12)
	}
	assert.Len(t, res.Local, 5)
}

func TestAHPConsistentMatrix(t *testing.T) {
	// A perfectly consistent matrix built from weights (4, 2, 1): λmax = n,
	// CI = CR = 0, and both methods return the generating weights.
	w := []float64{4, 2, 1}
	m := make([][]float64, 3)
	for i := range m {
		m[i] = make([]float64, 3)
		for j := range m[i] {
			m[i][j] = w[i] / w[j]
		}
	}
	for _, method := range []AHPMethod{Eigenvector, GeometricMean} {
		t.Run(method.String(), func(t *testing.T) {
			res, err := AHP(m, method)
			require.NoError(t, err)
			assert.InDeltaSlice(t, []float64{4.0 / 7, 2.0 / 7, 1.0 / 7}, res.Weights, 1e-12)
			assert.InDelta(t, 3, res.LambdaMax, 1e-12)
			assert.InDelta(t, 0, res.CR, 1e-12)
			assert.True(t, res.Consistent)
			assert.Equal(t, method, res.Method)
		})
	}
}

func TestAHPSmallOrders(t *testing.T) {
	res, err := AHP([][]float64{{1}}, Eigenvector)
	require.NoError(t, err)
	assert.Equal(t, []float64{1}, res.Weights)
	assert.Zero(t, res.CR)
	assert.True(t, res.Consistent)

	res, err = AHP([][]float64{{1, 4}, {0.25, 1}}, Eigenvector)
	require.NoError(t, err)
	assert.InDeltaSlice(t, []float64{0.8, 0.2}, res.Weights, 1e-12)
	assert.Zero(t, res.CR)
	assert.Zero(t, res.CI)
	assert.True(t, res.Consistent)
}

func TestAHPInconsistentVerdict(t *testing.T) {
	// a > b, b > c, c > a, strongly: intransitive, so CR is far above 0.10.
	m := [][]float64{{1, 9, 1.0 / 9}, {1.0 / 9, 1, 9}, {9, 1.0 / 9, 1}}
	res, err := AHP(m, Eigenvector)
	require.NoError(t, err)
	assert.Greater(t, res.CR, 0.10)
	assert.False(t, res.Consistent)
	res2, err := AHPWith(m, AHPOptions{Threshold: 100})
	require.NoError(t, err)
	assert.True(t, res2.Consistent)
}

func TestAHPMethodsDisagreeSlightly(t *testing.T) {
	m, err := PairwiseMatrix(drinksItems, drinksJudgements())
	require.NoError(t, err)
	ev, err := AHP(m, Eigenvector)
	require.NoError(t, err)
	gm, err := AHP(m, GeometricMean)
	require.NoError(t, err)
	assert.InDelta(t, 1, sum(gm.Weights), 1e-12)
	assert.InDeltaSlice(t, ev.Weights, gm.Weights, 0.01)
	assert.GreaterOrEqual(t, gm.LambdaMax, 7.0)
	assert.Zero(t, gm.Iterations)
	assert.Positive(t, ev.Iterations)
}

func TestAHPInvalid(t *testing.T) {
	tests := []struct {
		name string
		m    [][]float64
		want string
	}{
		{"empty", nil, "prioritize: ahp: empty matrix"},
		{"not square", [][]float64{{1, 2}, {0.5}}, "prioritize: ahp: row 1 has 1 entries, matrix is 2×2"},
		{"zero", [][]float64{{1, 0}, {0.5, 1}}, "prioritize: ahp: m[0][1] = 0 is not a finite positive number"},
		{"negative", [][]float64{{1, -2}, {0.5, 1}}, "m[0][1] = -2 is not a finite positive number"},
		{"nan", [][]float64{{1, math.NaN()}, {0.5, 1}}, "m[0][1] = NaN"},
		{"inf", [][]float64{{1, math.Inf(1)}, {0.5, 1}}, "m[0][1] = +Inf"},
		{"diagonal", [][]float64{{2, 2}, {0.5, 1}}, "m[0][0] = 2, the diagonal must be 1"},
		{"not reciprocal", [][]float64{{1, 3}, {0.5, 1}}, "m[1][0] = 0.5 is not the reciprocal of m[0][1] = 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := AHP(tt.m, Eigenvector)
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalid)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
	ident := [][]float64{{1, 1}, {1, 1}}
	_, err := AHP(ident, AHPMethod(7))
	assert.ErrorIs(t, err, ErrInvalid)
	big := make([][]float64, 11)
	for i := range big {
		big[i] = make([]float64, 11)
		for j := range big[i] {
			big[i][j] = 1
		}
	}
	_, err = AHP(big, Eigenvector)
	assert.ErrorContains(t, err, "the saaty_1980 random index table stops at n = 10, matrix has n = 11")
	res, err := AHPWith(big, AHPOptions{RandomIndex: DoneganDodd})
	require.NoError(t, err)
	assert.Equal(t, 1.4213, res.RI)
}

func TestAHPReciprocalTolerance(t *testing.T) {
	// Reciprocals typed to three decimals are accepted by default.
	m := [][]float64{{1, 3, 7}, {0.333, 1, 3}, {0.143, 0.333, 1}}
	_, err := AHP(m, Eigenvector)
	require.NoError(t, err)
	m[1][0] = 0.33 // 1 % off
	_, err = AHP(m, Eigenvector)
	assert.ErrorContains(t, err, "m[1][0] = 0.33 is not the reciprocal of m[0][1] = 3")
}

func TestAHPNotConverged(t *testing.T) {
	m := [][]float64{{1, 9, 1.0 / 9}, {1.0 / 9, 1, 9}, {9, 1.0 / 9, 1}}
	m2 := [][]float64{{1, 2, 3}, {0.5, 1, 5}, {1.0 / 3, 0.2, 1}}
	_, err := AHPWith(m2, AHPOptions{MaxIterations: 1})
	assert.ErrorIs(t, err, ErrNotConverged)
	assert.EqualError(t, err, "prioritize: ahp: after 1 iterations: power iteration did not converge")
	// A circulant matrix has the uniform vector as its exact eigenvector: the
	// first iteration already converges.
	res, err := AHPWith(m, AHPOptions{MaxIterations: 1})
	require.NoError(t, err)
	assert.InDeltaSlice(t, []float64{1.0 / 3, 1.0 / 3, 1.0 / 3}, res.Weights, 1e-15)
}

func TestRandomIndex(t *testing.T) {
	tests := []struct {
		table RandomIndex
		n     int
		want  float64
	}{
		{Saaty1980, 1, 0}, {Saaty1980, 2, 0}, {Saaty1980, 3, 0.58}, {Saaty1980, 4, 0.90}, {Saaty1980, 5, 1.12},
		{Saaty1980, 6, 1.24}, {Saaty1980, 7, 1.32}, {Saaty1980, 8, 1.41}, {Saaty1980, 9, 1.45}, {Saaty1980, 10, 1.49},
		{Saaty2005, 3, 0.52}, {Saaty2005, 15, 1.59},
		{DoneganDodd, 3, 0.4914}, {DoneganDodd, 20, 1.5371}, {DoneganDodd, 100, 1.6339},
		{DoneganDodd, 22, 1.5371 + (1.5619-1.5371)*2/5}, // interpolated between 20 and 25
	}
	for _, tt := range tests {
		got, err := tt.table.Value(tt.n)
		require.NoError(t, err)
		assert.InDelta(t, tt.want, got, 1e-15, "%s n=%d", tt.table, tt.n)
	}
	for _, bad := range []struct {
		table RandomIndex
		n     int
	}{{Saaty1980, 11}, {Saaty2005, 16}, {DoneganDodd, 101}, {Saaty1980, 0}, {RandomIndex(9), 3}} {
		_, err := bad.table.Value(bad.n)
		assert.ErrorIs(t, err, ErrInvalid)
	}
}

func TestPairwiseMatrixErrors(t *testing.T) {
	items := []string{"a", "b", "c"}
	tests := []struct {
		name  string
		items []string
		js    []Judgement
		want  []string
	}{
		{"missing pair", items, []Judgement{{"a", "b", 2}, {"a", "c", 3}}, []string{`missing judgement of "b" vs "c"`}},
		{"contradiction", items, []Judgement{{"a", "b", 2}, {"b", "a", 2}, {"a", "c", 3}, {"b", "c", 1}},
			[]string{`judgements[1]: "b" vs "a" = 2 contradicts an earlier judgement (0.5)`}},
		{"unknown", items, []Judgement{{"a", "x", 2}}, []string{`judgements[0]: unknown item "x"`}},
		{"self", items, []Judgement{{"a", "a", 2}, {"a", "b", 1}, {"a", "c", 1}, {"b", "c", 1}}, []string{`"a" compared with itself must be 1`}},
		{"bad value", items, []Judgement{{"a", "b", 0}, {"a", "c", 1}, {"b", "c", 1}}, []string{`judgements[0] ("a" vs "b"): value 0`}},
		{"duplicate item", []string{"a", "a"}, nil, []string{`items[1]: duplicate "a"`}},
		{"no items", nil, nil, []string{"no items to compare"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := PairwiseMatrix(tt.items, tt.js)
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalid)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
	// Consistent repeats are accepted.
	m, err := PairwiseMatrix([]string{"a", "b"}, []Judgement{{"a", "b", 4}, {"b", "a", 0.25}, {"a", "b", 4}})
	require.NoError(t, err)
	assert.Equal(t, [][]float64{{1, 4}, {0.25, 1}}, m)
}

func TestAHPHierarchyErrors(t *testing.T) {
	one := [][]float64{{1}}
	_, err := AHPHierarchy(Hierarchy{Criteria: []string{"x"}, CriteriaMatrix: one, Alternatives: []string{"a", "b"},
		AlternativeMatrices: [][][]float64{{{1, 2}, {3, 1}}}}, AHPOptions{})
	require.Error(t, err)
	assert.EqualError(t, err, `prioritize: criterion "x": ahp: m[1][0] = 3 is not the reciprocal of m[0][1] = 2`)
	assert.ErrorIs(t, err, ErrInvalid)
	_, err = AHPHierarchy(Hierarchy{Criteria: []string{"x"}, CriteriaMatrix: one}, AHPOptions{})
	assert.ErrorIs(t, err, ErrInvalid)

	// Names are checked in the hierarchy's words, not the table's.
	ones := [][]float64{{1, 1}, {1, 1}}
	_, err = AHPHierarchy(Hierarchy{Criteria: []string{"x", "x"}, CriteriaMatrix: ones, Alternatives: []string{"a", "a"},
		AlternativeMatrices: [][][]float64{ones, ones}}, AHPOptions{})
	assert.ErrorIs(t, err, ErrInvalid)
	assert.EqualError(t, err, `prioritize: ahp: criteria[1]: duplicate "x" (also criteria[0])`+"\n"+
		`prioritize: ahp: alternatives[1]: duplicate "a" (also alternatives[0])`)

	// Several problems in one matrix: every line of the joined error names
	// the matrix, not only the first.
	_, err = AHPHierarchy(Hierarchy{Criteria: []string{"x"}, CriteriaMatrix: one, Alternatives: []string{"a", "b", "c"},
		AlternativeMatrices: [][][]float64{{{1, 2, 0}, {3, 1, 1}, {1, 1, 1}}}}, AHPOptions{})
	assert.ErrorIs(t, err, ErrInvalid)
	assert.EqualError(t, err, `prioritize: criterion "x": ahp: m[1][0] = 3 is not the reciprocal of m[0][1] = 2`+"\n"+
		`prioritize: criterion "x": ahp: m[0][2] = 0 is not a finite positive number`)
	_, err = AHPHierarchy(Hierarchy{Criteria: []string{"x", "y", "z"}, CriteriaMatrix: [][]float64{{1, 2, -1}, {1, 1, 1}, {1, 1, 1}},
		Alternatives: []string{"a"}, AlternativeMatrices: [][][]float64{one, one, one}}, AHPOptions{})
	assert.ErrorIs(t, err, ErrInvalid)
	assert.EqualError(t, err, `prioritize: criteria matrix: ahp: m[1][0] = 1 is not the reciprocal of m[0][1] = 2`+"\n"+
		`prioritize: criteria matrix: ahp: m[0][2] = -1 is not a finite positive number`)
}

func FuzzAHP(f *testing.F) {
	f.Add(uint8(3), 2.0, 3.0, 0.5, uint8(0))
	f.Add(uint8(1), 1.0, 1.0, 1.0, uint8(1))
	f.Add(uint8(4), 1e300, 1e-300, 7.0, uint8(0))
	f.Add(uint8(5), 9.0, 1.0/9, 9.0, uint8(1))
	f.Add(uint8(2), math.NaN(), 0.0, -1.0, uint8(0))
	f.Fuzz(func(t *testing.T, size uint8, a, b, c float64, method uint8) {
		n := int(size%12) + 1
		vals := []float64{a, b, c}
		m := make([][]float64, n)
		for i := range m {
			m[i] = make([]float64, n)
		}
		k := 0
		for i := range n {
			m[i][i] = 1
			for j := i + 1; j < n; j++ {
				v := vals[k%3]
				k++
				m[i][j] = v
				m[j][i] = 1 / v
			}
		}
		res, err := AHPWith(m, AHPOptions{Method: AHPMethod(method % 3), RandomIndex: DoneganDodd})
		if err != nil {
			if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrNotConverged) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if len(res.Weights) != n {
			t.Fatalf("got %d weights for n = %d", len(res.Weights), n)
		}
		for _, w := range res.Weights {
			if !(w > 0) || !finite(w) {
				t.Fatalf("weight %v", w)
			}
		}
		if s := sum(res.Weights); math.Abs(s-1) > 1e-9 {
			t.Fatalf("weights sum to %v", s)
		}
		if !finite(res.CR) || res.CR < 0 || !finite(res.LambdaMax) {
			t.Fatalf("CR %v, λmax %v", res.CR, res.LambdaMax)
		}
	})
}

func sum(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s
}

// TestAHPBounds checks the documented work bounds of AHP: the order of a
// matrix and the iteration cap.
func TestAHPBounds(t *testing.T) {
	big := make([][]float64, MaxAHPOrder+1)
	for i := range big {
		big[i] = make([]float64, len(big))
		for j := range big[i] {
			big[i][j] = 1
		}
	}
	_, err := AHP(big, Eigenvector)
	assert.ErrorIs(t, err, ErrInvalid)
	assert.EqualError(t, err, "prioritize: ahp: matrix of order 101 is above 100")
	_, err = AHP(big[:MaxAHPOrder:MaxAHPOrder], Eigenvector)
	assert.ErrorContains(t, err, "ahp: row 0 has 101 entries", "order 100 is accepted, then checked")

	m := [][]float64{{1, 3}, {1.0 / 3, 1}}
	_, err = AHPWith(m, AHPOptions{MaxIterations: MaxAHPIterations + 1})
	assert.EqualError(t, err, "prioritize: ahp: max iterations 100001 is above 100000")
	_, err = AHPWith(m, AHPOptions{MaxIterations: MaxAHPIterations})
	assert.NoError(t, err)

	items := make([]string, MaxAHPOrder+1)
	for i := range items {
		items[i] = strconv.Itoa(i)
	}
	_, err = PairwiseMatrix(items, nil)
	assert.EqualError(t, err, "prioritize: ahp: 101 items to compare, more than 100")
}
