package schedule_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/pmokit/pmokit/pmo"
	"github.com/pmokit/pmokit/schedule"
)

// benchNetwork is a one-project network of n activities, each with up to
// three finish-to-start predecessors among the 50 before it and a
// three-point estimate around its duration; every tenth link is another
// type with a lag. The calendar has holidays.
func benchNetwork(n int) *pmo.Portfolio {
	rng := rand.New(rand.NewPCG(1, 2))
	acts := make([]pmo.Activity, n)
	for i := range acts {
		d := float64(1 + rng.IntN(10))
		a := pmo.Activity{ID: fmt.Sprintf("A%d", i), Name: "a", Calendar: "std",
			Estimate: &pmo.ThreePoint{Min: d * 0.8, MostLikely: d, Max: d * 1.5}}
		seen := map[int]bool{}
		for k := 0; i > 0 && k < 1+rng.IntN(3); k++ {
			j := max(0, i-1-rng.IntN(50))
			if seen[j] {
				continue
			}
			seen[j] = true
			l := pmo.Link{Activity: fmt.Sprintf("A%d", j)}
			if rng.IntN(10) == 0 {
				l.Type, l.Lag = pmo.DependencyType(1+rng.IntN(4)), float64(rng.IntN(3))
			}
			a.Predecessors = append(a.Predecessors, l)
		}
		acts[i] = a
	}
	var hol []time.Time
	for y := 2026; y < 2040; y++ {
		hol = append(hol, time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 12, 25, 0, 0, 0, 0, time.UTC))
	}
	return &pmo.Portfolio{ID: "pf", Name: "PF",
		Calendars: []pmo.Calendar{{ID: "std", Holidays: hol}},
		Projects: []pmo.Project{{ID: "P", Name: "P", Phase: "execution",
			Start: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), Activities: acts}}}
}

func BenchmarkCPM10k(b *testing.B) {
	pf := benchNetwork(10_000)
	if err := pf.Validate(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := schedule.CPM(pf); err != nil {
			b.Fatal(err)
		}
	}
}
