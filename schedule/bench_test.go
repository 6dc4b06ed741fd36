package schedule_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
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

const (
	simTrials     = 10_000
	simActivities = 1_000
)

// BenchmarkScheduleSimulate is the schedule risk analysis of 10,000 trials
// over 1,000 activities (triangular durations); compare it with
// BenchmarkScheduleSimulateBaseline, and on -cpu=1 with -cpu=2.
func BenchmarkScheduleSimulate(b *testing.B) {
	pf := benchNetwork(simActivities)
	if err := pf.Validate(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := schedule.Simulate(context.Background(), pf, schedule.SimOptions{Trials: simTrials, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScheduleSimulateBaseline is the same computation as a plain
// single-threaded loop over flat arrays, with no calendar, no options and
// no outputs beyond the finishes and the criticality counts: per trial a
// triangular draw per activity, a forward pass, a backward pass, the
// critical activities counted; then the finishes sorted. It is the
// reference BenchmarkScheduleSimulate is measured against.
func BenchmarkScheduleSimulateBaseline(b *testing.B) {
	pf := benchNetwork(simActivities)
	acts := pf.Projects[0].Activities
	n := len(acts)
	index := map[string]int{}
	for i, a := range acts {
		index[a.ID] = i
	}
	type link struct {
		from int
		typ  pmo.DependencyType
		lag  float64
	}
	preds := make([][]link, n)
	type sref struct{ to, k int }
	succRefs := make([][]sref, n)
	for i, a := range acts {
		for k, l := range a.Predecessors {
			j := index[l.Activity]
			preds[i] = append(preds[i], link{j, l.Type, l.Lag})
			succRefs[j] = append(succRefs[j], sref{i, k})
		}
	}
	lo, ml, hi := make([]float64, n), make([]float64, n), make([]float64, n)
	for i, a := range acts {
		lo[i], ml[i], hi[i] = a.Estimate.Min, a.Estimate.MostLikely, a.Estimate.Max
	}
	b.ReportAllocs()
	for b.Loop() {
		dur, es, ef, ls, lf := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
		finish := make([]float64, simTrials)
		crit := make([]int, n)
		src := rand.NewPCG(1, 2)
		for t := range simTrials {
			for i := range n {
				u := float64(src.Uint64()>>11) * 0x1p-53
				w := hi[i] - lo[i]
				if u < (ml[i]-lo[i])/w {
					dur[i] = lo[i] + math.Sqrt(u*w*(ml[i]-lo[i]))
				} else {
					dur[i] = hi[i] - math.Sqrt((1-u)*w*(hi[i]-ml[i]))
				}
			}
			end := 0.0
			for i := range n {
				s := 0.0
				for _, l := range preds[i] {
					var v float64
					switch l.typ {
					case pmo.StartToStart:
						v = es[l.from] + l.lag
					case pmo.FinishToFinish:
						v = ef[l.from] + l.lag - dur[i]
					case pmo.StartToFinish:
						v = es[l.from] + l.lag - dur[i]
					default:
						v = ef[l.from] + l.lag
					}
					s = max(s, v)
				}
				es[i], ef[i] = s, s+dur[i]
				end = max(end, ef[i])
			}
			for i := n - 1; i >= 0; i-- {
				f := end
				for _, r := range succRefs[i] {
					l := preds[r.to][r.k]
					var v float64
					switch l.typ {
					case pmo.StartToStart:
						v = ls[r.to] - l.lag + dur[i]
					case pmo.FinishToFinish:
						v = lf[r.to] - l.lag
					case pmo.StartToFinish:
						v = lf[r.to] - l.lag + dur[i]
					default:
						v = ls[r.to] - l.lag
					}
					f = min(f, v)
				}
				lf[i], ls[i] = f, f-dur[i]
				if ls[i]-es[i] <= 1e-9 {
					crit[i]++
				}
			}
			finish[t] = end
		}
		slices.Sort(finish)
	}
}

// BenchmarkScheduleCoresBaseline is the baseline of the 2-core target: a
// fixed amount of pure CPU work (no allocation, no shared memory) split
// evenly over GOMAXPROCS goroutines. Its time at -cpu=1 over its time at
// -cpu=2 (separate processes) is the speedup the machine offers at the
// moment of the measurement, the most BenchmarkScheduleSimulate can show:
// on a shared machine whose cores are busy it falls well below 2.
func BenchmarkScheduleCoresBaseline(b *testing.B) {
	const work = 200_000_000
	workers := runtime.GOMAXPROCS(0)
	sums := make([]uint64, workers*8) // one cache line apart
	for b.Loop() {
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				x := uint64(w + 1)
				for range work / workers {
					x ^= x << 13
					x ^= x >> 7
					x ^= x << 17
				}
				sums[w*8] = x
			}()
		}
		wg.Wait()
	}
}
