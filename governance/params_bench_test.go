package governance_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
)

// BenchmarkParams evaluates the same three rules, a tolerance, a money
// limit and a list of phases, written with literals (the baseline) and with
// parameters (a number, a money threshold per currency, a list), on 1,000
// projects: reading a parameter must cost no more than reading a literal.
func BenchmarkParams(b *testing.B) {
	literal := &governance.Policy{Name: "p", Rules: []governance.Rule{
		{ID: "tolerance", Expression: "project.budget.forecast <= project.budget.approved * (1.0 + 0.1)"},
		{ID: "limit", Expression: "project.budget.approved <= money('250000 USD')"},
		{ID: "phases", Expression: "project.phase in ['execution', 'closing']"},
	}}
	params := &governance.Policy{Name: "p",
		Params: []governance.Param{
			{Name: "tolerance", Type: governance.ParamNumber, Default: 0.1},
			{Name: "limit", Type: governance.ParamMoney, Default: map[string]string{"USD": "250000", "EUR": "230000"}},
			{Name: "phases", Type: governance.ParamList, Default: []string{"execution", "closing"}},
		},
		Rules: []governance.Rule{
			{ID: "tolerance", Expression: "project.budget.forecast <= project.budget.approved * (1.0 + params.tolerance)"},
			{ID: "limit", Expression: "project.budget.approved <= params.limit"},
			{ID: "phases", Expression: "project.phase in params.phases"},
		}}
	pf := &pmo.Portfolio{ID: "pf", Name: "PF"}
	for i := range 1000 {
		pf.Projects = append(pf.Projects, pmo.Project{ID: fmt.Sprintf("P-%d", i), Name: "x", Phase: "execution",
			Budget: pmo.Budget{Approved: pmo.MustParseMoney(fmt.Sprintf("%d USD", 200000+i*100)), Forecast: pmo.MustParseMoney("230000 USD")}})
	}
	at := governance.At(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	for _, c := range []struct {
		name string
		p    *governance.Policy
	}{{"literal", literal}, {"params", params}} {
		b.Run(c.name, func(b *testing.B) {
			eng, err := governance.New()
			if err != nil {
				b.Fatal(err)
			}
			set, err := eng.Compile(c.p)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := set.Evaluate(context.Background(), pf, at, governance.Workers(1)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
