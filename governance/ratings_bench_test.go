package governance

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/internal/pmogen"
)

// BenchmarkRating measures a rating of three levels against the two rules
// that a PMO writes without ratings to get the same bands (one failing in
// yellow and red, one in red only), over the 1,000 projects of the
// benchmark portfolio: the baseline is the rules, evaluated in the same
// run. The sub-benchmarks rules and rating run one each and report
// ns/subject and allocs/subject; paired runs both in every iteration and
// reports their CPU time per subject and the ratio rating/rules.
func BenchmarkRating(b *testing.B) {
	pf := pmogen.Generate(1000, 1)
	now := pmogen.Today()
	eng, err := New()
	require.NoError(b, err)
	compile := func(src string) *PolicySet {
		p, err := ParsePolicy([]byte(src))
		require.NoError(b, err)
		set, err := eng.Compile(p)
		require.NoError(b, err)
		return set
	}
	rules := compile(`
policy: bands
rules:
  - {id: not-yellow, expression: "size(project.risks) < 3", message: three risks or more}
  - {id: not-red, expression: "size(project.risks) < 6", message: six risks or more}
`)
	rating := compile(`
policy: bands
ratings:
  - id: risk-load
    levels:
      - {level: green, when: "size(project.risks) < 3"}
      - {level: yellow, when: "size(project.risks) < 6", message: three risks or more}
      - {level: red, when: "true", message: six risks or more}
`)
	ctx := context.Background()
	run := func(set *PolicySet) func() {
		return func() {
			if _, err := set.Evaluate(ctx, pf, At(now), Workers(1)); err != nil {
				b.Fatal(err)
			}
		}
	}
	n := float64(len(pf.Projects))
	single := func(f func()) func(b *testing.B) {
		return func(b *testing.B) {
			b.ReportAllocs()
			m0 := memStats()
			for b.Loop() {
				f()
			}
			m1 := memStats()
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/(float64(b.N)*n), "ns/subject")
			b.ReportMetric(float64(m1.Mallocs-m0.Mallocs)/(float64(b.N)*n), "allocs/subject")
		}
	}
	b.Run("rules", single(run(rules)))
	b.Run("rating", single(run(rating)))
	b.Run("paired", func(b *testing.B) {
		var tr, tg time.Duration
		for b.Loop() {
			t0 := cpuTime()
			run(rules)()
			t1 := cpuTime()
			run(rating)()
			tr, tg = tr+t1-t0, tg+cpuTime()-t1
		}
		b.ReportMetric(float64(tr.Nanoseconds())/(float64(b.N)*n), "rules-cpu-ns/subject")
		b.ReportMetric(float64(tg.Nanoseconds())/(float64(b.N)*n), "rating-cpu-ns/subject")
		b.ReportMetric(float64(tg)/float64(tr), "rating/rules")
	})
}
