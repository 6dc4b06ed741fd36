package prioritize

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/pmokit/pmokit/pmo"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func usd(s string) pmo.Money { return pmo.MustParseMoney(s + " USD") }

func TestSelectSmall(t *testing.T) {
	cands := []Candidate{
		{ID: "A", Value: 10, Cost: usd("60")},
		{ID: "B", Value: 7, Cost: usd("30")},
		{ID: "C", Value: 7, Cost: usd("30")},
		{ID: "D", Value: 1, Cost: usd("10.01")},
	}
	// Budget 100: A+B or A+C (17) beat B+C+D (15); D no longer fits next to
	// A+B (100.01 > 100): the exact decimal comparison matters.
	sel, err := Select(context.Background(), cands, SelectOptions{Budget: usd("100")})
	require.NoError(t, err)
	assert.Equal(t, 17.0, sel.Value)
	assert.Len(t, sel.IDs, 2)
	assert.Contains(t, sel.IDs, "A")
	assert.Equal(t, "90 USD", sel.Cost.String())
	assert.Equal(t, "10 USD", sel.Remaining.String())

	sel, err = Select(context.Background(), cands, SelectOptions{Budget: usd("100.01")})
	require.NoError(t, err)
	assert.Equal(t, 18.0, sel.Value)
	assert.Equal(t, "100.01 USD", sel.Cost.String())
	assert.Equal(t, "0 USD", sel.Remaining.String())
}

func TestSelectConstraints(t *testing.T) {
	base := func() []Candidate {
		return []Candidate{
			{ID: "A", Value: 10, Cost: usd("50"), Uses: map[string]float64{"fte": 3}},
			{ID: "B", Value: 8, Cost: usd("40"), Uses: map[string]float64{"fte": 2}, Requires: []string{"C"}},
			{ID: "C", Value: 1, Cost: usd("20"), Uses: map[string]float64{"fte": 1}},
			{ID: "D", Value: 6, Cost: usd("30"), Uses: map[string]float64{"fte": 2}},
		}
	}
	ctx := context.Background()
	tests := []struct {
		name string
		opts SelectOptions
		want []string
	}{
		{"budget only", SelectOptions{Budget: usd("100")}, []string{"A", "C", "D"}},
		{"requires pulls in", SelectOptions{Budget: usd("110")}, []string{"A", "B", "C"}},
		{"capacity", SelectOptions{Budget: usd("200"), Capacity: map[string]float64{"fte": 5}}, []string{"A", "D"}},
		{"mandatory", SelectOptions{Budget: usd("100"), Mandatory: []string{"B"}}, []string{"B", "C", "D"}},
		{"excluded", SelectOptions{Budget: usd("100"), Excluded: []string{"D"}}, []string{"A", "C"}},
		{"excluded requirement", SelectOptions{Budget: usd("200"), Excluded: []string{"C"}}, []string{"A", "D"}},
		{"exclusive", SelectOptions{Budget: usd("200"), Exclusive: [][]string{{"A", "B"}}}, []string{"A", "C", "D"}},
		{"requirement cycle is all or none", SelectOptions{Budget: usd("50"), Excluded: []string{"A"}}, []string{"D"}},
		{"zero-value item not chosen for itself", SelectOptions{Budget: usd("1000"), Excluded: []string{"B"}}, []string{"A", "D"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := base()
			switch tt.name {
			case "zero-value item not chosen for itself":
				cs[2].Value = 0
			case "requirement cycle is all or none":
				cs[2].Requires = []string{"B"} // B requires C requires B
				cs[3].Value = 0.5              // D alone (30) is worth less than B+C (9)
			}
			sel, err := Select(ctx, cs, tt.opts)
			require.NoError(t, err)
			assert.Equal(t, tt.want, sel.IDs)
			assert.Positive(t, sel.Nodes)
		})
	}
}

func TestSelectInfeasible(t *testing.T) {
	cands := []Candidate{
		{ID: "A", Value: 1, Cost: usd("60"), Uses: map[string]float64{"fte": 3}, Requires: []string{"B"}},
		{ID: "B", Value: 1, Cost: usd("50")},
		{ID: "C", Value: 1, Cost: usd("10")},
	}
	tests := []struct {
		name string
		opts SelectOptions
		want string
	}{
		{"mandatory and excluded", SelectOptions{Budget: usd("500"), Mandatory: []string{"C"}, Excluded: []string{"C"}},
			`prioritize: infeasible: candidate "C" is both mandatory and excluded`},
		{"mandatory requires excluded", SelectOptions{Budget: usd("500"), Mandatory: []string{"A"}, Excluded: []string{"B"}},
			`prioritize: infeasible: mandatory candidate "A" requires "B", which is excluded`},
		{"two mandatory in a group", SelectOptions{Budget: usd("500"), Mandatory: []string{"A", "C"}, Exclusive: [][]string{{"C", "B"}}},
			`prioritize: infeasible: "B" and "C" are both mandatory (or required by a mandatory candidate) and in exclusive group 0`},
		{"mandatory over budget", SelectOptions{Budget: usd("100"), Mandatory: []string{"A"}},
			`prioritize: infeasible: mandatory candidates (with what they require) cost 110 USD, over the budget 100 USD`},
		{"mandatory over capacity", SelectOptions{Budget: usd("500"), Mandatory: []string{"A"}, Capacity: map[string]float64{"fte": 2}},
			`prioritize: infeasible: mandatory candidates (with what they require) use 3 of "fte", over its capacity 2`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sel, err := Select(context.Background(), cands, tt.opts)
			assert.Nil(t, sel)
			assert.ErrorIs(t, err, ErrInfeasible)
			assert.EqualError(t, err, tt.want)
		})
	}
}

func TestSelectInvalid(t *testing.T) {
	ok := []Candidate{{ID: "A", Value: 1, Cost: usd("1")}}
	tests := []struct {
		name  string
		cands []Candidate
		opts  SelectOptions
		want  string
		is    error
	}{
		{"no budget", ok, SelectOptions{}, "prioritize: select: no budget given", ErrInvalid},
		{"currency", []Candidate{{ID: "A", Value: 1, Cost: pmo.MustParseMoney("1 EUR")}}, SelectOptions{Budget: usd("5")},
			`select: candidate "A" costs 1 EUR, the budget is in USD`, pmo.ErrCurrencyMismatch},
		{"no cost", []Candidate{{ID: "A", Value: 1}}, SelectOptions{Budget: usd("5")}, `candidate "A": no cost given`, ErrInvalid},
		{"negative cost", []Candidate{{ID: "A", Value: 1, Cost: usd("-1")}}, SelectOptions{Budget: usd("5")}, `candidate "A": cost -1 USD is negative`, ErrInvalid},
		{"negative value", []Candidate{{ID: "A", Value: -1, Cost: usd("1")}}, SelectOptions{Budget: usd("5")}, `candidate "A": value -1`, ErrInvalid},
		{"duplicate", []Candidate{ok[0], ok[0]}, SelectOptions{Budget: usd("5")}, `candidates[1]: duplicate id "A"`, ErrInvalid},
		{"unknown requirement", []Candidate{{ID: "A", Value: 1, Cost: usd("1"), Requires: []string{"Z"}}}, SelectOptions{Budget: usd("5")},
			`select: candidate "A" requires: unknown candidate "Z"`, ErrInvalid},
		{"unknown mandatory", ok, SelectOptions{Budget: usd("5"), Mandatory: []string{"Q"}}, `mandatory: unknown candidate "Q"`, ErrInvalid},
		{"unknown in group", ok, SelectOptions{Budget: usd("5"), Exclusive: [][]string{{"A", "Q"}}}, `exclusive group 0: unknown candidate "Q"`, ErrInvalid},
		{"bad capacity", ok, SelectOptions{Budget: usd("5"), Capacity: map[string]float64{"fte": -1}}, `capacity of "fte" -1`, ErrInvalid},
		{"bad use", []Candidate{{ID: "A", Value: 1, Cost: usd("1"), Uses: map[string]float64{"fte": -2}}}, SelectOptions{Budget: usd("5")}, `use of "fte" -2`, ErrInvalid},
		// Two finite values whose sum is +Inf would make the total value Inf.
		{"value sum overflows", []Candidate{{ID: "A", Value: 1e308, Cost: usd("1")}, {ID: "B", Value: 1e308, Cost: usd("1")}}, SelectOptions{Budget: usd("5")},
			"prioritize: select: the sum of the candidates' values overflows float64", ErrInvalid},
		{"use sum overflows", []Candidate{{ID: "A", Value: 1, Cost: usd("1"), Uses: map[string]float64{"fte": 1e308}}, {ID: "B", Value: 1, Cost: usd("1"), Uses: map[string]float64{"fte": 1e308}}},
			SelectOptions{Budget: usd("5"), Capacity: map[string]float64{"fte": 1}}, `prioritize: select: the sum of the candidates' use of "fte" overflows float64`, ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Select(context.Background(), tt.cands, tt.opts)
			assert.ErrorIs(t, err, tt.is)
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

func TestSelectLimitAndCancel(t *testing.T) {
	cs, opts := benchCandidates()
	opts.NodeLimit = 50
	sel, err := Select(context.Background(), cs, opts)
	assert.ErrorIs(t, err, ErrSearchLimit)
	require.NotNil(t, sel, "the best selection found so far comes with the error")
	assert.Equal(t, 50, sel.Nodes)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	opts.NodeLimit = 0
	sel, err = Select(ctx, cs, opts)
	assert.Nil(t, sel)
	assert.ErrorIs(t, err, context.Canceled)
	assert.EqualError(t, err, "prioritize: select: context canceled")
}

// TestSelectBruteForce cross-checks the branch and bound against exhaustive
// enumeration on small random instances with every constraint kind.
func TestSelectBruteForce(t *testing.T) {
	const seeds = 400
	infeasible := 0
	for seed := range uint64(seeds) {
		rng := rand.New(rand.NewPCG(seed, 99))
		cs, opts := randomInstance(rng)
		bestVal, feasible := bruteForce(cs, opts)
		sel, err := Select(context.Background(), cs, opts)
		if !feasible {
			infeasible++
			require.ErrorIs(t, err, ErrInfeasible, "seed %d", seed)
			continue
		}
		require.NoError(t, err, "seed %d", seed)
		require.InDelta(t, bestVal, sel.Value, 1e-9, "seed %d", seed)
		set := map[string]bool{}
		for _, id := range sel.IDs {
			set[id] = true
		}
		v, ok := evaluate(cs, opts, set)
		require.True(t, ok, "seed %d: returned selection %v is infeasible", seed, sel.IDs)
		require.InDelta(t, v, sel.Value, 1e-9)
	}
	// The generator must exercise both outcomes.
	assert.Positive(t, infeasible)
	assert.Less(t, infeasible, seeds/2)
}

func randomInstance(rng *rand.Rand) ([]Candidate, SelectOptions) {
	n := 1 + rng.IntN(14)
	cs := make([]Candidate, n)
	total := decimal.Zero
	for i := range cs {
		cost := decimal.New(int64(rng.IntN(100_000)), -2) // 0.00 .. 999.99
		total = total.Add(cost)
		cs[i] = Candidate{ID: "c" + strconv.Itoa(i), Value: float64(rng.IntN(21)), Cost: pmo.NewMoney(cost, "USD")}
		if rng.IntN(2) == 0 {
			cs[i].Uses = map[string]float64{"fte": float64(rng.IntN(5)), "lab": float64(rng.IntN(3))}
		}
	}
	for range rng.IntN(n + 1) {
		a, b := rng.IntN(n), rng.IntN(n)
		cs[a].Requires = append(cs[a].Requires, cs[b].ID) // self-requirements and cycles included
	}
	frac := decimal.NewFromFloat(0.1 + 0.8*rng.Float64())
	opts := SelectOptions{Budget: pmo.NewMoney(total.Mul(frac).Round(2), "USD")}
	switch rng.IntN(3) {
	case 0:
		opts.Capacity = map[string]float64{"fte": float64(rng.IntN(12))}
	case 1:
		opts.Capacity = map[string]float64{"fte": float64(rng.IntN(12)), "lab": float64(rng.IntN(6))}
	}
	for range rng.IntN(3) {
		g := []string{}
		for range 2 + rng.IntN(3) {
			g = append(g, cs[rng.IntN(n)].ID)
		}
		opts.Exclusive = append(opts.Exclusive, g)
	}
	if rng.IntN(3) == 0 {
		opts.Mandatory = append(opts.Mandatory, cs[rng.IntN(n)].ID)
	}
	if rng.IntN(3) == 0 {
		opts.Excluded = append(opts.Excluded, cs[rng.IntN(n)].ID)
	}
	return cs, opts
}

// evaluate checks a set against every constraint and returns its value.
func evaluate(cs []Candidate, opts SelectOptions, set map[string]bool) (float64, bool) {
	cost := decimal.Zero
	use := map[string]float64{}
	var value float64
	for _, c := range cs {
		if !set[c.ID] {
			continue
		}
		value += c.Value
		cost = cost.Add(c.Cost.Amount)
		for r, u := range c.Uses {
			use[r] += u
		}
		for _, r := range c.Requires {
			if !set[r] {
				return 0, false
			}
		}
	}
	if cost.GreaterThan(opts.Budget.Amount) {
		return 0, false
	}
	for r, l := range opts.Capacity {
		if use[r] > l {
			return 0, false
		}
	}
	for _, id := range opts.Mandatory {
		if !set[id] {
			return 0, false
		}
	}
	for _, id := range opts.Excluded {
		if set[id] {
			return 0, false
		}
	}
	for _, g := range opts.Exclusive {
		seen := map[string]bool{}
		for _, id := range g {
			if set[id] {
				seen[id] = true
			}
		}
		if len(seen) > 1 {
			return 0, false
		}
	}
	return value, true
}

// bruteForce enumerates every subset with bit masks (costs in cents, exact:
// the generator uses two decimals) and returns the best feasible value.
func bruteForce(cs []Candidate, opts SelectOptions) (float64, bool) {
	n := len(cs)
	idx := map[string]int{}
	for i, c := range cs {
		idx[c.ID] = i
	}
	cents := func(m pmo.Money) int64 { return m.Amount.Shift(2).IntPart() }
	cost := make([]int64, n)
	req := make([]int, n)
	for i, c := range cs {
		cost[i] = cents(c.Cost)
		for _, r := range c.Requires {
			req[i] |= 1 << idx[r]
		}
	}
	var mand, excl int
	for _, id := range opts.Mandatory {
		mand |= 1 << idx[id]
	}
	for _, id := range opts.Excluded {
		excl |= 1 << idx[id]
	}
	groups := make([]int, len(opts.Exclusive))
	for g, grp := range opts.Exclusive {
		for _, id := range grp {
			groups[g] |= 1 << idx[id]
		}
	}
	budget := cents(opts.Budget)
	best, found := 0.0, false
	for mask := 0; mask < 1<<n; mask++ {
		if mask&mand != mand || mask&excl != 0 {
			continue
		}
		ok := true
		for _, g := range groups {
			if x := mask & g; x&(x-1) != 0 {
				ok = false
				break
			}
		}
		var c int64
		var v float64
		use := map[string]float64{}
		for i := 0; ok && i < n; i++ {
			if mask&(1<<i) == 0 {
				continue
			}
			if mask&req[i] != req[i] {
				ok = false
			}
			c += cost[i]
			v += cs[i].Value
			for r, u := range cs[i].Uses {
				use[r] += u
			}
		}
		if !ok || c > budget {
			continue
		}
		for r, l := range opts.Capacity {
			if use[r] > l {
				ok = false
			}
		}
		if ok && (!found || v > best) {
			best, found = v, true
		}
	}
	return best, found
}

// TestSelectCapacityNodeBudget guards the strength of the bounds: binding
// budget and two binding capacities over up to 200 candidates must be proven
// optimal within 100,000 nodes (the counts are deterministic).
func TestSelectCapacityNodeBudget(t *testing.T) {
	for _, n := range []int{30, 80, 200} {
		rng := rand.New(rand.NewPCG(uint64(n), 7))
		cs := make([]Candidate, n)
		total := decimal.Zero
		fte := 0.0
		for i := range cs {
			cost := decimal.NewFromInt(int64(50_000 + rng.IntN(950_000)))
			total = total.Add(cost)
			f := float64(1 + rng.IntN(10))
			fte += f
			cs[i] = Candidate{ID: "P-" + strconv.Itoa(i), Value: float64(1 + rng.IntN(100)), Cost: pmo.NewMoney(cost, "USD"),
				Uses: map[string]float64{"fte": f, "ops": float64(rng.IntN(4))}}
		}
		opts := SelectOptions{
			Budget:    pmo.NewMoney(total.Div(decimal.NewFromInt(4)).Round(2), "USD"),
			Capacity:  map[string]float64{"fte": fte / 3.5, "ops": float64(n) * 0.6},
			NodeLimit: 100_000,
		}
		sel, err := Select(context.Background(), cs, opts)
		require.NoError(t, err, "n=%d", n)
		assert.LessOrEqual(t, sel.Uses["fte"], fte/3.5)
		assert.LessOrEqual(t, sel.Uses["ops"], float64(n)*0.6)
		c, err := sel.Cost.Cmp(opts.Budget)
		require.NoError(t, err)
		assert.LessOrEqual(t, c, 0)
	}
}

func TestSelectNoCandidates(t *testing.T) {
	sel, err := Select(context.Background(), nil, SelectOptions{Budget: usd("10")})
	require.NoError(t, err)
	assert.Empty(t, sel.IDs)
	assert.Zero(t, sel.Value)
	assert.Equal(t, "0 USD", sel.Cost.String())
	assert.Equal(t, "10 USD", sel.Remaining.String())
}

func TestSelectionJSON(t *testing.T) {
	in := `{"budget":"100 USD","capacity":{"fte":5},"mandatory":["B"],"exclusive":[["A","D"]],"node_limit":1000}`
	var opts SelectOptions
	require.NoError(t, json.Unmarshal([]byte(in), &opts))
	assert.Equal(t, SelectOptions{Budget: usd("100"), Capacity: map[string]float64{"fte": 5}, Mandatory: []string{"B"},
		Exclusive: [][]string{{"A", "D"}}, NodeLimit: 1000}, opts)
	var cands []Candidate
	require.NoError(t, json.Unmarshal([]byte(`[{"id":"A","value":3,"cost":"40 USD","uses":{"fte":2}},{"id":"B","value":1,"cost":"50.5 USD","requires":["A"]},{"id":"D","value":2,"cost":"1 USD"}]`), &cands))
	sel, err := Select(context.Background(), cands, opts)
	require.NoError(t, err)
	out, err := json.Marshal(sel)
	require.NoError(t, err)
	assert.JSONEq(t, `{"ids":["A","B"],"value":4,"cost":"90.5 USD","remaining":"9.5 USD","uses":{"fte":2},"nodes":1}`, string(out))
}

// FuzzSelect cross-checks Select against exhaustive enumeration on small
// instances generated from the fuzzer's seed.
func FuzzSelect(f *testing.F) {
	for _, seed := range []uint64{0, 1, 42, 1 << 40} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, seed uint64) {
		rng := rand.New(rand.NewPCG(seed, seed>>7))
		cs, opts := randomInstance(rng)
		best, feasible := bruteForce(cs, opts)
		sel, err := Select(context.Background(), cs, opts)
		if !feasible {
			if !errors.Is(err, ErrInfeasible) {
				t.Fatalf("infeasible instance: got %v", err)
			}
			return
		}
		if err != nil {
			t.Fatalf("feasible instance: %v", err)
		}
		if d := sel.Value - best; d > 1e-9 || d < -1e-9 {
			t.Fatalf("value %v, brute force %v", sel.Value, best)
		}
	})
}

// TestSelectBounds checks the documented bounds of a selection's input.
func TestSelectBounds(t *testing.T) {
	ctx := context.Background()
	many := make([]Candidate, MaxCandidates+1)
	for i := range many {
		many[i] = Candidate{ID: strconv.Itoa(i), Value: 1, Cost: usd("1")}
	}
	_, err := Select(ctx, many, SelectOptions{Budget: usd("5")})
	assert.ErrorIs(t, err, ErrInvalid)
	assert.EqualError(t, err, "prioritize: select: 10001 candidates, more than 10000")

	capacity := map[string]float64{}
	for k := range MaxCapacities + 1 {
		capacity["r"+strconv.Itoa(k)] = 1
	}
	_, err = Select(ctx, many[:3], SelectOptions{Budget: usd("5"), Capacity: capacity})
	assert.EqualError(t, err, "prioritize: select: 65 capacities, more than 64")

	// A chain of 6,000 requirements: 18 million closure entries.
	chain := slices.Clone(many[:6000])
	for i := 1; i < len(chain); i++ {
		chain[i].Requires = []string{chain[i-1].ID}
	}
	_, err = Select(ctx, chain, SelectOptions{Budget: usd("5")})
	assert.ErrorIs(t, err, ErrInvalid)
	assert.ErrorContains(t, err, "prioritize: select: the candidates' requirement closures hold more than 16777216 entries")
}

// TestSelectMoneyExact pins the money of a selection and a frontier: sums
// and differences of the exact costs, with every decimal place they have
// (0.1 + 0.2 is 0.3, not float64's 0.30000000000000004), in the budget's
// currency.
func TestSelectMoneyExact(t *testing.T) {
	cs := []Candidate{
		{ID: "A", Value: 1, Cost: usd("0.1")},
		{ID: "B", Value: 2, Cost: usd("0.2")},
		{ID: "C", Value: 0.5, Cost: usd("0.005")},
		{ID: "D", Value: 5, Cost: usd("1000000.01")},
	}
	sel, err := Select(context.Background(), cs, SelectOptions{Budget: usd("1")})
	require.NoError(t, err)
	assert.Equal(t, []string{"A", "B", "C"}, sel.IDs)
	assert.Equal(t, "0.305 USD", sel.Cost.String())
	assert.Equal(t, "0.695 USD", sel.Remaining.String())

	pts, err := Frontier(context.Background(), cs, SelectOptions{}, usd("0.3"), usd("1000000.3"), usd("500000"))
	require.NoError(t, err)
	var got []string
	for _, p := range pts {
		got = append(got, p.Budget.String()+" "+p.Cost.String())
	}
	assert.Equal(t, []string{"0.3 USD 0.3 USD", "500000.3 USD 0.305 USD", "1000000.3 USD 1000000.215 USD"}, got)
}

// TestSelectTrailingZeros checks that amounts with many trailing zeros (as
// earned-value arithmetic gives) are scaled by the places they need, not
// the places they are written with.
func TestSelectTrailingZeros(t *testing.T) {
	cs := []Candidate{
		{ID: "A", Value: 2, Cost: pmo.NewMoney(decimal.RequireFromString("600000.0000000000000000"), "USD")},
		{ID: "B", Value: 1, Cost: usd("700000")},
	}
	sel, err := Select(context.Background(), cs, SelectOptions{Budget: usd("1300000.00")})
	require.NoError(t, err)
	assert.Equal(t, []string{"A", "B"}, sel.IDs)
	assert.Equal(t, "1300000 USD", sel.Cost.String())
}
