package prioritize

import (
	"cmp"
	"context"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/pmokit/pmokit/pmo"
	"github.com/shopspring/decimal"
)

// benchTable is 100,000 rows × 10 criteria, three of them costs.
func benchTable() Table {
	const m, n = 100_000, 10
	rng := rand.New(rand.NewPCG(1, 2))
	t := Table{Criteria: make([]Criterion, n), Rows: make([]Row, m)}
	for j := range t.Criteria {
		t.Criteria[j] = Criterion{Name: "c" + strconv.Itoa(j), Weight: 1 + float64(j), Cost: j%3 == 2}
	}
	vals := make([]float64, m*n)
	for i := range vals {
		vals[i] = rng.Float64() * 100
	}
	for i := range t.Rows {
		t.Rows[i] = Row{ID: "P-" + strconv.Itoa(i), Values: vals[i*n : (i+1)*n : (i+1)*n]}
	}
	return t
}

// BenchmarkWeightedSum100k ranks 100,000 items × 10 criteria with min-max
// normalization: validation, scores and a full ranking with ties. It
// computes no contribution: contributions are lazy (the ranking keeps a copy
// of the values and the scalings, and [Ranked.Contributions] computes one
// item's on request), so a ranking whose explanations are never read pays
// only for that copy. BenchmarkWeightedSum100kContributions reads them all.
func BenchmarkWeightedSum100k(b *testing.B) {
	t := benchTable()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := t.WeightedSum(MinMax); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWeightedSum100kContributions is BenchmarkWeightedSum100k followed
// by reading every item's contributions (10 per item): the cost of
// explaining every score, one allocation per item.
func BenchmarkWeightedSum100kContributions(b *testing.B) {
	t := benchTable()
	b.ReportAllocs()
	var sink float64
	for b.Loop() {
		r, err := t.WeightedSum(MinMax)
		if err != nil {
			b.Fatal(err)
		}
		for i := range r {
			for _, c := range r[i].Contributions() {
				sink += c.Weighted
			}
		}
	}
	_ = sink
}

// BenchmarkTOPSIS100k is TOPSIS on the same table.
func BenchmarkTOPSIS100k(b *testing.B) {
	t := benchTable()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := t.TOPSIS(Vector); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBaselineLoopSort100k is the floor WeightedSum100k is measured
// against: min-max normalize, weighted sum and sort by score, in plain loops,
// with no validation, no contributions and no tie handling.
func BenchmarkBaselineLoopSort100k(b *testing.B) {
	t := benchTable()
	b.ReportAllocs()
	for b.Loop() {
		n := len(t.Criteria)
		lo := make([]float64, n)
		hi := make([]float64, n)
		copy(lo, t.Rows[0].Values)
		copy(hi, t.Rows[0].Values)
		for _, r := range t.Rows {
			for j, v := range r.Values {
				lo[j] = min(lo[j], v)
				hi[j] = max(hi[j], v)
			}
		}
		var wsum float64
		for _, c := range t.Criteria {
			wsum += c.Weight
		}
		type scored struct {
			id    string
			score float64
		}
		out := make([]scored, len(t.Rows))
		for i, r := range t.Rows {
			var s float64
			for j, v := range r.Values {
				x := (v - lo[j]) / (hi[j] - lo[j])
				if t.Criteria[j].Cost {
					x = 1 - x
				}
				s += t.Criteria[j].Weight / wsum * x
			}
			out[i] = scored{r.ID, s}
		}
		slices.SortFunc(out, func(a, b scored) int { return cmp.Compare(b.score, a.score) })
	}
}

// benchCandidates is 200 candidates with costs 50k..1M and values 1..100
// drawn independently, 40 dependencies, 15 mutual-exclusion groups of 3, one
// mandatory and one excluded candidate, and a budget of a quarter of the
// total cost.
func benchCandidates() ([]Candidate, SelectOptions) {
	const n = 200
	rng := rand.New(rand.NewPCG(7, 7))
	cs := make([]Candidate, n)
	total := decimal.Zero
	for i := range cs {
		cost := decimal.NewFromInt(int64(50_000 + rng.IntN(950_000)))
		total = total.Add(cost)
		cs[i] = Candidate{
			ID:    "P-" + strconv.Itoa(i),
			Value: float64(1 + rng.IntN(100)),
			Cost:  pmo.NewMoney(cost, "USD"),
		}
	}
	for k := 0; k < 40; k++ {
		a, b := rng.IntN(n), rng.IntN(n)
		if a != b {
			cs[a].Requires = append(cs[a].Requires, cs[b].ID)
		}
	}
	opts := SelectOptions{
		Budget: pmo.NewMoney(total.Div(decimal.NewFromInt(4)).Round(2), "USD"),
	}
	for g := 0; g < 15; g++ {
		opts.Exclusive = append(opts.Exclusive, []string{cs[3*g].ID, cs[3*g+1].ID, cs[3*g+2].ID})
	}
	opts.Mandatory = []string{cs[100].ID}
	opts.Excluded = []string{cs[101].ID}
	return cs, opts
}

// BenchmarkSelect200Capacity adds two capacity-limited resources (FTE and
// operations slots, both binding) to BenchmarkSelect200's instance.
func BenchmarkSelect200Capacity(b *testing.B) {
	cs, opts := benchCandidates()
	rng := rand.New(rand.NewPCG(8, 8))
	fte := 0.0
	for i := range cs {
		f := float64(1 + rng.IntN(10))
		fte += f
		cs[i].Uses = map[string]float64{"fte": f, "ops": float64(rng.IntN(4))}
	}
	opts.Capacity = map[string]float64{"fte": fte / 3.5, "ops": 120}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Select(ctx, cs, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSelect200 is an exact selection over 200 candidates with a
// budget, dependencies, exclusion groups and mandatory/excluded projects.
func BenchmarkSelect200(b *testing.B) {
	cs, opts := benchCandidates()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Select(ctx, cs, opts); err != nil {
			b.Fatal(err)
		}
	}
}
