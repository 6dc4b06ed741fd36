package prioritize_test

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/pmokit/pmokit/pmo"
	"github.com/pmokit/pmokit/prioritize"
)

func scoringTable() prioritize.Table {
	return prioritize.Table{
		Criteria: []prioritize.Criterion{
			{Name: "strategic_fit", Weight: 3},
			{Name: "npv_musd", Weight: 2},
			{Name: "risk", Weight: 1, Cost: true},
		},
		Rows: []prioritize.Row{
			{ID: "CRM", Values: []float64{8, 2.5, 3}},
			{ID: "ERP", Values: []float64{6, 4.0, 4}},
			{ID: "Portal", Values: []float64{9, 1.0, 2}},
		},
	}
}

func ExampleTable_WeightedSum() {
	r, err := scoringTable().WeightedSum(prioritize.MinMax)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, it := range r {
		fmt.Printf("%d %-6s %.3f\n", it.Rank, it.ID, it.Score)
	}
	for _, c := range r[0].Contributions() {
		fmt.Printf("  %-13s value %.1f normalized %.3f weighted %.3f\n", c.Criterion, c.Value, c.Normalized, c.Weighted)
	}
	// Output:
	// 1 Portal 0.667
	// 2 CRM    0.583
	// 3 ERP    0.333
	//   strategic_fit value 9.0 normalized 1.000 weighted 0.500
	//   npv_musd      value 1.0 normalized 0.000 weighted 0.000
	//   risk          value 2.0 normalized 1.000 weighted 0.167
}

func ExampleTable_TOPSIS() {
	r, err := scoringTable().TOPSIS(prioritize.Vector)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, it := range r {
		dPlus, dMinus, _ := it.Distances()
		fmt.Printf("%d %-6s C=%.3f D+=%.3f D-=%.3f\n", it.Rank, it.ID, it.Score, dPlus, dMinus)
	}
	// Output:
	// 1 ERP    C=0.619 D+=0.128 D-=0.207
	// 2 CRM    C=0.534 D+=0.114 D-=0.131
	// 3 Portal C=0.381 D+=0.207 D-=0.128
}

func ExampleWSJF() {
	r, err := prioritize.WSJF([]prioritize.WSJFItem{
		{ID: "Feature A", BusinessValue: 8, TimeCriticality: 13, RiskReduction: 3, JobSize: 5},
		{ID: "Feature B", BusinessValue: 13, TimeCriticality: 5, RiskReduction: 2, JobSize: 13},
		{ID: "Feature C", BusinessValue: 3, TimeCriticality: 3, RiskReduction: 2, JobSize: 1},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, it := range r {
		fmt.Printf("%d %s WSJF %.2f\n", it.Rank, it.ID, it.Score)
	}
	// Output:
	// 1 Feature C WSJF 8.00
	// 2 Feature A WSJF 4.80
	// 3 Feature B WSJF 1.54
}

func ExampleRICE() {
	r, err := prioritize.RICE([]prioritize.RICEItem{
		{ID: "Onboarding", Reach: 2000, Impact: 1, Confidence: 0.8, Effort: 4},
		{ID: "Dark mode", Reach: 5000, Impact: 0.25, Confidence: 1, Effort: 1},
		{ID: "SSO", Reach: 300, Impact: 3, Confidence: 0.5, Effort: 2},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, it := range r {
		fmt.Printf("%d %-10s %.0f\n", it.Rank, it.ID, it.Score)
	}
	// Output:
	// 1 Dark mode  1250
	// 2 Onboarding 400
	// 3 SSO        225
}

func ExampleICE() {
	items := []prioritize.ICEItem{
		{ID: "Referral bonus", Impact: 7, Confidence: 6, Ease: 8},
		{ID: "Price test", Impact: 9, Confidence: 4, Ease: 5},
	}
	for _, agg := range []prioritize.ICEAggregation{prioritize.ICEProduct, prioritize.ICEMean} {
		r, err := prioritize.ICE(items, agg)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: %s %.1f, %s %.1f\n", agg, r[0].ID, r[0].Score, r[1].ID, r[1].Score)
	}
	// Output:
	// product: Referral bonus 336.0, Price test 180.0
	// mean: Referral bonus 7.0, Price test 6.0
}

func ExampleAHP() {
	criteria := []string{"value", "risk", "cost"}
	m, err := prioritize.PairwiseMatrix(criteria, []prioritize.Judgement{
		{A: "value", B: "risk", Value: 3}, // value is moderately more important than risk
		{A: "value", B: "cost", Value: 5},
		{A: "risk", B: "cost", Value: 2},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := prioritize.AHP(m, prioritize.Eigenvector)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, c := range criteria {
		fmt.Printf("%-5s %.3f\n", c, res.Weights[i])
	}
	fmt.Printf("lambda max %.4f, CI %.4f, CR %.4f, consistent %v\n", res.LambdaMax, res.CI, res.CR, res.Consistent)
	// Output:
	// value 0.648
	// risk  0.230
	// cost  0.122
	// lambda max 3.0037, CI 0.0018, CR 0.0032, consistent true
}

func selectCandidates() []prioritize.Candidate {
	usd := func(s string) pmo.Money { return pmo.MustParseMoney(s + " USD") }
	return []prioritize.Candidate{
		{ID: "CRM", Value: 8, Cost: usd("1200000"), Requires: []string{"Data"}},
		{ID: "Data", Value: 3, Cost: usd("300000")},
		{ID: "ERP", Value: 9, Cost: usd("1600000")},
		{ID: "Portal", Value: 5, Cost: usd("400000")},
		{ID: "Portal v2", Value: 7, Cost: usd("700000")},
		{ID: "Security", Value: 1, Cost: usd("250000")},
	}
}

func ExampleSelect() {
	sel, err := prioritize.Select(context.Background(), selectCandidates(), prioritize.SelectOptions{
		Budget:    pmo.MustParseMoney("2500000 USD"),
		Mandatory: []string{"Security"},                // regulatory
		Exclusive: [][]string{{"Portal", "Portal v2"}}, // two designs of one thing
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sel.IDs)
	fmt.Println("value", sel.Value, "cost", sel.Cost, "left", sel.Remaining)
	// Output:
	// [CRM Data Portal v2 Security]
	// value 19 cost 2450000 USD left 50000 USD
}

func ExampleFrontier() {
	usd := func(s string) pmo.Money { return pmo.MustParseMoney(s + " USD") }
	pts, err := prioritize.Frontier(context.Background(), selectCandidates(),
		prioritize.SelectOptions{Exclusive: [][]string{{"Portal", "Portal v2"}}},
		usd("0"), usd("4000000"), usd("1000000"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range pts {
		fmt.Printf("%-11s value %2.0f %v\n", p.Budget, p.Value, p.IDs)
	}
	// Output:
	// 0 USD       value  0 []
	// 1000000 USD value 10 [Data Portal v2]
	// 2000000 USD value 16 [CRM Data Portal]
	// 3000000 USD value 20 [Data ERP Portal v2 Security]
	// 4000000 USD value 27 [CRM Data ERP Portal v2]
}

func ExampleTable_Sensitivity() {
	ivs, err := scoringTable().Sensitivity(context.Background(), prioritize.SensitivityOptions{TopK: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, iv := range ivs {
		fmt.Printf("%-13s weight %.3f: same winner for [%.3f, %.3f]", iv.Criterion, iv.Weight, iv.Lower, iv.Upper)
		if iv.LowerSwap != [2]string{} {
			fmt.Printf(", below: %s overtaken by %s", iv.LowerSwap[0], iv.LowerSwap[1])
		}
		if iv.UpperSwap != [2]string{} {
			fmt.Printf(", above: %s overtaken by %s", iv.UpperSwap[0], iv.UpperSwap[1])
		}
		fmt.Println()
	}
	// Output:
	// strategic_fit weight 0.500: same winner for [0.333, 1.000], below: Portal overtaken by CRM
	// npv_musd      weight 0.333: same winner for [0.000, 0.429], above: Portal overtaken by CRM
	// risk          weight 0.167: same winner for [0.000, 1.000], below: Portal overtaken by CRM
}

func ExampleAHPHierarchy() {
	criteria := []string{"value", "risk"}
	projects := []string{"CRM", "ERP", "Portal"}
	var errs []error
	pairwise := func(items []string, js ...prioritize.Judgement) [][]float64 {
		m, err := prioritize.PairwiseMatrix(items, js)
		errs = append(errs, err)
		return m
	}
	h := prioritize.Hierarchy{
		Criteria:       criteria,
		CriteriaMatrix: pairwise(criteria, prioritize.Judgement{A: "value", B: "risk", Value: 3}),
		Alternatives:   projects,
		AlternativeMatrices: [][][]float64{
			// with respect to value
			pairwise(projects,
				prioritize.Judgement{A: "ERP", B: "CRM", Value: 2},
				prioritize.Judgement{A: "ERP", B: "Portal", Value: 4},
				prioritize.Judgement{A: "CRM", B: "Portal", Value: 2}),
			// with respect to risk (higher is safer)
			pairwise(projects,
				prioritize.Judgement{A: "Portal", B: "CRM", Value: 3},
				prioritize.Judgement{A: "Portal", B: "ERP", Value: 5},
				prioritize.Judgement{A: "CRM", B: "ERP", Value: 2}),
		},
	}
	if err := errors.Join(errs...); err != nil {
		fmt.Println(err)
		return
	}
	res, err := prioritize.AHPHierarchy(h, prioritize.AHPOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("criteria: value %.3f, risk %.3f\n", res.Criteria.Weights[0], res.Criteria.Weights[1])
	for c, local := range res.Local {
		fmt.Printf("under %s: CR %.3f, consistent %v\n", criteria[c], local.CR, local.Consistent)
	}
	// Global priority = Σ criterion weight × local priority.
	for _, it := range res.Ranking {
		fmt.Printf("%d %-6s %.3f =", it.Rank, it.ID, it.Score)
		for _, c := range it.Contributions() {
			fmt.Printf(" %s %.3f", c.Criterion, c.Weighted)
		}
		fmt.Println()
	}
	// Output:
	// criteria: value 0.750, risk 0.250
	// under value: CR 0.000, consistent true
	// under risk: CR 0.003, consistent true
	// 1 ERP    0.459 = value 0.429 risk 0.031
	// 2 CRM    0.272 = value 0.214 risk 0.057
	// 3 Portal 0.269 = value 0.107 risk 0.162
}

func ExampleFromPortfolio() {
	pf, err := pmo.ReadPortfolio(strings.NewReader(`
id: pf
name: Demo
projects:
  - id: P-1
    name: CRM
    phase: planning
    budget: {approved: "1200000 USD"}
    scores: {strategic_fit: 8}
    attributes: {npv: 2500000}
  - id: P-2
    name: Data
    phase: planning
    budget: {approved: "300000 USD"}
    scores: {strategic_fit: 6}
    attributes: {npv: 900000}
  - id: P-3
    name: Portal
    phase: planning
    budget: {approved: "400000 USD"}
    scores: {strategic_fit: 9}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	criteria := []prioritize.Criterion{
		{Name: "strategic_fit", Weight: 3},    // scores.strategic_fit
		{Name: "attributes.npv", Weight: 2},   // attributes.npv
		{Name: "cost", Weight: 1, Cost: true}, // budget.approved, via WithSource
	}
	_, err = prioritize.FromPortfolio(pf, criteria, prioritize.WithSource("cost", prioritize.FieldBudgetApproved))
	fmt.Println(err)

	pf.Projects[2].Attributes = map[string]any{"npv": 1200000}
	tbl, err := prioritize.FromPortfolio(pf, criteria, prioritize.WithSource("cost", prioritize.FieldBudgetApproved))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, row := range tbl.Rows {
		fmt.Println(row.ID, row.Values)
	}
	r, err := tbl.WeightedSum(prioritize.MinMax)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, it := range r {
		fmt.Printf("%d %s %.3f\n", it.Rank, it.ID, it.Score)
	}
	// Output:
	// prioritize: project "P-3": criterion "attributes.npv": attributes.npv is missing
	// P-1 [8 2.5e+06 1.2e+06]
	// P-2 [6 900000 300000]
	// P-3 [9 1.2e+06 400000]
	// 1 P-3 0.711
	// 2 P-1 0.667
	// 3 P-2 0.167
}

// Choose from a portfolio: the projects before closing are the candidates,
// their value an additive score, their cost the money still to spend.
func ExampleCandidatesFromPortfolio() {
	usd := pmo.MustParseMoney
	pf := &pmo.Portfolio{ID: "pf", Projects: []pmo.Project{
		// Under way: 600,000 of a 1,000,000 budget spent, earned value 500,000,
		// so EAC = 1,200,000 and 600,000 is still to spend.
		{ID: "CRM", Phase: "execution", Scores: map[string]float64{"business_value": 8},
			Budget:      pmo.Budget{Approved: usd("1000000 USD"), Actual: usd("600000 USD")},
			EarnedValue: &pmo.EarnedValue{BAC: usd("1000000 USD"), PV: usd("550000 USD"), EV: usd("500000 USD"), AC: usd("600000 USD")}},
		{ID: "ERP", Phase: "planning", Scores: map[string]float64{"business_value": 5}, Budget: pmo.Budget{Approved: usd("700000 USD")}},
		{ID: "WEB", Phase: "closing", Scores: map[string]float64{"business_value": 9}, Budget: pmo.Budget{Approved: usd("90000 USD")}},
	}}
	cs, err := prioritize.CandidatesFromPortfolio(pf, prioritize.CandidateOptions{ValueScore: "business_value", Cost: prioritize.CostRemaining})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range cs {
		fmt.Println(c.ID, c.Value, c.Cost)
	}
	sel, err := prioritize.Select(context.Background(), cs, prioritize.SelectOptions{Budget: usd("1300000 USD")})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("selected:", sel.IDs, "cost:", sel.Cost)
	// Output:
	// CRM 8 600000 USD
	// ERP 5 700000 USD
	// selected: [CRM ERP] cost: 1300000 USD
}
