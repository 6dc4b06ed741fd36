package risk_test

import (
	"context"
	"fmt"
	"os"

	"github.com/pmokit/pmokit/pmo"
	"github.com/pmokit/pmokit/risk"
)

// Rate one risk on the standard 5×5 matrix.
func ExampleMatrix_Assess() {
	m := risk.Preset5x5()
	r := pmo.Risk{
		ID: "R-1", Title: "Vendor API deprecation",
		Probability: 0.4, Impact: 4,
		CostImpact:         pmo.MustParseMoney("200000 USD"),
		ScheduleImpactDays: 30,
		Residual:           &pmo.Residual{Probability: 0.1},
	}
	a, err := m.Assess(r)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("cell:", a.Cell, "rating:", a.Rating.Name, "score:", a.Score)
	fmt.Println("EMV:", a.EMV, "exposure:", a.Exposure, "days:", a.ScheduleDays)
	fmt.Println("residual:", a.Residual.Rating.Name, a.Residual.EMV)
	// Output:
	// cell: L2I4 rating: medium score: 8
	// EMV: -80000 USD exposure: 80000 USD days: 12
	// residual: low -20000 USD
}

// Check a matrix against Cox's axioms before using it.
func ExampleMatrix_CheckCox() {
	m, err := risk.ParseMatrix([]byte(`
name: two-tone
likelihood: {levels: [{name: low, min: 0, max: 0.5}, {name: high, min: 0.5, max: 1}]}
impact:     {levels: [{name: low, min: 0, max: 0.5}, {name: high, min: 0.5, max: 1}]}
ratings: [{name: green}, {name: red}]
cells:
  - [green, red]
  - [green, green]
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range m.CheckCox() {
		fmt.Println(v)
	}
	fmt.Println("3x3 preset:", len(risk.Preset3x3().CheckCox()), "violations")
	// Output:
	// weak consistency: cell L1I2 (green) holds risks up to 0.5, above the least risk 0.25 of cell L2I2 (red)
	// weak consistency: cell L2I1 (green) holds risks up to 0.5, above the least risk 0.25 of cell L2I2 (red)
	// betweenness: cell L1I1 (green) touches, on a rising diagonal, cell L2I2 (red) with no rating between them
	// betweenness: cell L1I2 (green) shares an edge with cell L2I2 (red) with no rating between them
	// betweenness: cell L2I1 (green) shares an edge with cell L2I2 (red) with no rating between them
	// 3x3 preset: 0 violations
}

func portfolio() *pmo.Portfolio {
	usd := pmo.MustParseMoney
	return &pmo.Portfolio{ID: "pf", Name: "Digital", Projects: []pmo.Project{
		{ID: "P-001", Name: "CRM", Phase: "execution", Budget: pmo.Budget{Approved: usd("1200000 USD")}, Risks: []pmo.Risk{
			{ID: "R-1", Category: "technical", Probability: 0.4, Impact: 4, CostImpact: usd("200000 USD"),
				CostRange: &pmo.MoneyRange{Min: usd("50000 USD"), Max: usd("400000 USD")}, ScheduleImpactDays: 30},
			{ID: "R-2", Category: "vendor", Probability: 0.7, Impact: 5, CostImpact: usd("90000 USD")},
			{ID: "R-3", Category: "vendor", Probability: 0.2, Impact: 2, CostImpact: usd("15000 USD"), Status: pmo.RiskClosed},
		}},
		{ID: "P-002", Name: "Data platform", Phase: "planning", Risks: []pmo.Risk{
			{ID: "R-7", Category: "technical", Probability: 0.9, Impact: 3, CostImpact: usd("40000 USD"),
				CostRange: &pmo.MoneyRange{Min: usd("20000 USD"), Max: usd("120000 USD")}},
		}},
	}}
}

// Roll up a portfolio's open risks and check them against an appetite.
func ExampleRollup() {
	reg, err := risk.Rollup(portfolio(), risk.Preset5x5(), risk.Filter{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("threat exposure:", reg.Total().Threat)
	for _, c := range reg.ByCategory() {
		fmt.Println(" ", c.Key, c.Risks, c.Threat)
	}
	for _, e := range reg.TopBy(2, risk.TopOptions{Kind: pmo.Threat}) {
		fmt.Println("top:", e.ProjectID, e.Risk.ID, e.Assessment.Exposure, e.Assessment.Rating.Name, e.Assessment.Score)
	}
	breaches, err := reg.Breaches(risk.Appetite{MaxRating: "high", MaxProjectExposure: pmo.MustParseMoney("100000 USD")})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, b := range breaches {
		fmt.Println("breach:", b.Message)
	}
	// Output:
	// threat exposure: [179000 USD]
	//   technical 2 [116000 USD]
	//   vendor 1 [63000 USD]
	// top: P-001 R-1 80000 USD medium 8
	// top: P-001 R-2 63000 USD critical 20
	// breach: risk R-2 of project P-001 is rated critical, above high
	// breach: the threat exposure of project P-001 143000 USD exceeds the limit 100000 USD
}

// Simulate the cost of a register's risks and read the P50, the P80 and the
// contingency the P80 implies. (The expected value is 0.4 × 216,666.67 +
// 0.7 × 90,000 + 0.9 × 60,000 = 203,666.67 USD; the simulated mean is within
// one standard error, about 890 USD for 20,000 trials.)
func ExampleSimulate() {
	reg, err := risk.Rollup(portfolio(), risk.Preset5x5(), risk.Filter{}) // open risks only
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := risk.Simulate(context.Background(), reg.Risks(), risk.SimOptions{Trials: 20000, Seed: 2026})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("mean:", s.MeanCost())
	fmt.Println("P50: ", s.Cost(0.5))
	fmt.Println("P80: ", s.Cost(0.8))
	fmt.Println("contingency at P80 over the mean:", s.Contingency(0.8))
	fmt.Printf("schedule P80: %.1f days\n", s.Schedule(0.8))
	// Output:
	// mean: 202958.9 USD
	// P50:  161756.4 USD
	// P80:  332488.77 USD
	// contingency at P80 over the mean: 129529.87 USD
	// schedule P80: 30.0 days
}

// Print a register's heat map for a terminal.
func ExampleHeatMap_WriteText() {
	reg, err := risk.Rollup(portfolio(), risk.Preset5x5(), risk.Filter{})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := reg.HeatMap("Digital portfolio").WriteText(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// Digital portfolio
	//
	// Likelihood \ Impact  minimal  minor  moderate  significant  severe
	// near certainty       M 0      H 0    H 1       C 0          C 0
	// highly likely        L 0      M 0    H 0       H 0          C 1
	// likely               L 0      M 0    M 0       H 0          H 0
	// low likelihood       L 0      L 0    M 0       M 1          H 0
	// not likely           L 0      L 0    L 0       L 0          M 0
	//
	// C = critical, H = high, M = medium, L = low
}

// Build a matrix of one's own from a definition, rows written as the matrix
// is drawn (the most likely first).
func ExampleNewMatrix() {
	levels := []risk.Level{{Name: "low", Min: 0, Max: 0.5}, {Name: "high", Min: 0.5, Max: 1}}
	m, err := risk.NewMatrix(risk.Definition{
		Name:       "board 2x2",
		Likelihood: risk.Scale{Levels: levels},
		Impact:     risk.Scale{Levels: levels},
		Ratings:    []risk.Rating{{Name: "watch"}, {Name: "act"}},
		Cells:      [][]string{{"watch", "act"}, {"watch", "watch"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	rating, _ := m.Rate(risk.Cell{Likelihood: 1, Impact: 1})
	fmt.Println(m.Name(), rating.Name)
	// Two colors that touch cannot pass Cox's axioms.
	fmt.Println(len(m.CheckCox()), "violations")
	// Output:
	// board 2x2 act
	// 5 violations
}

// Simulate a register in one call: the cost per currency and the schedule
// per project (days of parallel projects do not add up, so there is no
// portfolio figure).
func ExampleRegister_Simulate() {
	reg, err := risk.Rollup(portfolio(), risk.Preset5x5(), risk.Filter{})
	if err != nil {
		fmt.Println(err)
		return
	}
	sim, err := reg.Simulate(context.Background(), risk.SimOptions{Trials: 20_000, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, g := range sim.Cost {
		fmt.Println("cost", g.Key, "risks", g.Risks, "P80", g.Cost(0.8))
	}
	for _, g := range sim.Schedule {
		fmt.Println("schedule", g.Key, "risks", g.Risks, "P80 days", g.Schedule(0.8))
	}
	// Output:
	// cost USD risks 3 P80 333551.93 USD
	// schedule P-001 risks 1 P80 days 30
}

// Rate a risk by its cost, schedule and performance consequences on the DoD
// risk reporting matrix: the level comes from the likelihood and the highest
// of the three, and the assessment says which one drove it.
func ExamplePresetDoD() {
	m := risk.PresetDoD()
	r := pmo.Risk{
		ID: "R-7", Title: "Radar supplier slips",
		Probability: 0.7, // highly likely
		Impacts:     map[string]int{"cost": 4, "schedule": 2, "performance": 3},
		Residual:    &pmo.Residual{Impacts: map[string]int{"cost": 2}}, // a second source
	}
	a, err := m.Assess(r)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("dimensions:", m.Dimensions(), "combined by", m.Combine())
	fmt.Println("inherent:", a.Cell, a.Rating.Name, "driven by", a.Dimension)
	fmt.Println("residual:", a.Residual.Cell, a.Residual.Rating.Name, "driven by", a.Residual.Dimension)

	r.Impacts["reputation"] = 5
	_, err = m.Assess(r)
	fmt.Println(err)
	// Output:
	// dimensions: [cost schedule performance] combined by max
	// inherent: L4I4 high driven by cost
	// residual: L4I3 moderate driven by performance
	// risk: risk "R-7": impacts name dimension "reputation" that matrix "DoD" does not have (its dimensions: cost, schedule, performance)
}
