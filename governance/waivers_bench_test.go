package governance_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/internal/pmogen"
	"github.com/pmokit/pmokit/pmo"
)

// BenchmarkEvaluateWaivers measures what waivers cost an evaluation of
// 1,000 generated projects under one policy of four rules, one of which
// fails on every project: "none" is the baseline (no waivers: one nil check
// per result), "all" gives every project a holding waiver of the failing
// rule with one condition (each waived result costs a lookup and, once per
// project, the condition).
func BenchmarkEvaluateWaivers(b *testing.B) {
	p, err := governance.ParsePolicy([]byte(`
policy: bench
rules:
  - {id: has-name, expression: "project.name != ''"}
  - {id: has-phase, expression: "project.phase != ''"}
  - {id: never, expression: "project.id == ''"}
  - {id: risks-owned, expression: "project.risks.all(r, r.owner != '' || true)"}
`))
	require.NoError(b, err)
	e, err := governance.New()
	require.NoError(b, err)
	set, err := e.Compile(p)
	require.NoError(b, err)
	now := pmogen.Today()
	for _, name := range []string{"none", "all"} {
		pf := pmogen.Generate(1000, 1)
		if name == "all" {
			pf.People = append(pf.People, pmo.Person{ID: "u-bench-pmo", Name: "PMO", Roles: []string{"pmo"}})
			for i := range pf.Projects {
				pf.Waivers = append(pf.Waivers, pmo.Waiver{ID: fmt.Sprintf("W-%d", i), Policy: "bench", Rule: "never",
					Subject: pf.Projects[i].ID, Reason: "bench", ApprovedBy: "u-bench-pmo", ApprovedOn: now.AddDate(0, -1, 0),
					Expires: now.Add(365 * 24 * time.Hour), Conditions: []string{"project.id != ''"}})
			}
		}
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				rep, err := set.Evaluate(ctx, pf, governance.At(now), governance.Workers(1))
				if err != nil || rep.Counts().Fail+rep.Counts().Waived != len(pf.Projects) {
					b.Fatal(err)
				}
			}
		})
	}
}
