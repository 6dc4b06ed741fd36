package governance

import (
	"context"
	"fmt"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/internal/pmogen"
	"github.com/pmokit/pmokit/pmo"
)

// scaleSizes are the portfolio sizes of the scaling benchmarks.
var scaleSizes = []int{1000, 10000, 100000}

// directiveSet compiles the directive pack, whose role functions
// (approved_by_role, has_role) look up portfolio.people.
func directiveSet(tb testing.TB) *PolicySet {
	policies, err := Pack(pmo.Directive)
	require.NoError(tb, err)
	eng, err := New()
	require.NoError(tb, err)
	set, err := eng.Compile(policies...)
	require.NoError(tb, err)
	return set
}

// BenchmarkEvaluateScaling is DESIGN.md's "CPU per project flat from 1,000
// to 100,000 projects": Evaluate of the directive pack with one worker over
// generated portfolios of 1,000, 10,000 and 100,000 projects. ns/project
// is the time per project (its project-scope and change-scope rules and its
// share of the portfolio-scope ones); the target is the 100k figure within
// 1.2× of the 1k one.
func BenchmarkEvaluateScaling(b *testing.B) {
	set := directiveSet(b)
	ctx := context.Background()
	for _, n := range scaleSizes {
		b.Run(fmt.Sprintf("projects=%d", n), func(b *testing.B) {
			pf := pmogen.Generate(n, 1)
			now := pmogen.Today()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := set.Evaluate(ctx, pf, At(now), Workers(1)); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/project")
		})
	}
}

// heapSampler records the peak of the heap while it runs: the bytes of
// heap objects (live or not yet swept) read from runtime/metrics every
// 100 µs.
type heapSampler struct {
	stop chan struct{}
	wg   sync.WaitGroup
	peak uint64
}

const heapObjects = "/memory/classes/heap/objects:bytes"

func heapNow() uint64 {
	s := []metrics.Sample{{Name: heapObjects}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// liveHeap is the heap after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	return heapNow()
}

func startHeapSampler() *heapSampler {
	h := &heapSampler{stop: make(chan struct{}), peak: heapNow()}
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		t := time.NewTicker(100 * time.Microsecond)
		defer t.Stop()
		for {
			select {
			case <-h.stop:
				return
			case <-t.C:
				h.peak = max(h.peak, heapNow())
			}
		}
	}()
	return h
}

// Stop ends the sampling and returns the peak.
func (h *heapSampler) Stop() uint64 {
	close(h.stop)
	h.wg.Wait()
	return max(h.peak, heapNow())
}

// BenchmarkEvaluateMemory is DESIGN.md's "peak memory of Evaluate at most
// 1.5× the portfolio's own size": the directive pack over 100,000 generated
// projects, one worker. pf-MB is the portfolio's own size (the live heap it
// adds, measured after full collections); peak-MB the peak of the heap
// (every heap object, the portfolio included) while Evaluate runs, sampled
// every 100 µs; report-MB what the report retains once Evaluate has
// returned (live heap, portfolio excluded). peak/pf is the target's ratio.
// It runs with the default GOGC; the heap between collections holds garbage
// as well as live data, so the peak is an upper bound of what Evaluate
// needs.
func BenchmarkEvaluateMemory(b *testing.B) {
	set := directiveSet(b)
	ctx := context.Background()
	n := 100000
	before := liveHeap()
	pf := pmogen.Generate(n, 1)
	pfSize := liveHeap() - before
	now := pmogen.Today()
	var peak, retained uint64
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		base := liveHeap()
		b.StartTimer()
		h := startHeapSampler()
		rep, err := set.Evaluate(ctx, pf, At(now), Workers(1))
		p := h.Stop()
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		peak = max(peak, p-(base-pfSize)) // the portfolio and what Evaluate adds
		retained = max(retained, liveHeap()-base)
		runtime.KeepAlive(rep)
		b.StartTimer()
	}
	runtime.KeepAlive(pf)
	const mb = 1 << 20
	b.ReportMetric(float64(pfSize)/mb, "pf-MB")
	b.ReportMetric(float64(peak)/mb, "peak-MB")
	b.ReportMetric(float64(retained)/mb, "report-MB")
	b.ReportMetric(float64(peak)/float64(pfSize), "peak/pf")
}
