package pmo_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pmokit/pmokit/internal/pmogen"
	"github.com/pmokit/pmokit/pmo"
	yaml "go.yaml.in/yaml/v3"
)

// benchDocs caches the benchmark documents across -count runs.
var benchDocs struct {
	once       sync.Once
	yaml, json []byte
	err        error
}

// benchDocuments returns a generated 10,000-project portfolio written as
// YAML and as JSON (about 58 MB and 84 MB).
func benchDocuments(b *testing.B) (yamlDoc, jsonDoc []byte) {
	b.Helper()
	benchDocs.once.Do(func() {
		pf := pmogen.Generate(10_000, 1)
		var y, j bytes.Buffer
		if benchDocs.err = pf.WriteYAML(&y); benchDocs.err != nil {
			return
		}
		benchDocs.err = pf.WriteJSON(&j)
		benchDocs.yaml, benchDocs.json = y.Bytes(), j.Bytes()
	})
	if benchDocs.err != nil {
		b.Fatal(benchDocs.err)
	}
	return benchDocs.yaml, benchDocs.json
}

// BenchmarkReadPortfolio reads a generated 10,000-project portfolio. The
// baselines beside it are the floor of each format: yaml.v3 parsing the same
// YAML into a yaml.Node tree (which ReadPortfolio does before decoding), and
// encoding/json decoding the same JSON into an untyped any.
func BenchmarkReadPortfolio(b *testing.B) {
	yamlDoc, jsonDoc := benchDocuments(b)
	for _, bc := range []struct {
		name string
		doc  []byte
	}{{"yaml", yamlDoc}, {"json", jsonDoc}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.doc)))
			for b.Loop() {
				pf, err := pmo.ReadOptions{MaxBytes: 1 << 30}.ReadPortfolio(bytes.NewReader(bc.doc))
				if err != nil || len(pf.Projects) != 10_000 {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("baseline-yaml.v3-node", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(yamlDoc)))
		for b.Loop() {
			var n yaml.Node
			if err := yaml.Unmarshal(yamlDoc, &n); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline-encoding-json-any", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(jsonDoc)))
		for b.Loop() {
			var v any
			if err := json.Unmarshal(jsonDoc, &v); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// typedMirror returns a struct type of the same shape as t, field for
// field with the same json tags, in which every time.Time is a jsonDate:
// the portfolio's own structs, for encoding/json, which cannot read a
// YYYY-MM-DD date into a time.Time. Decoding a file into it is the fair
// baseline of ReadPortfolio: typed encoding/json into the same structs.
func typedMirror(t reflect.Type, seen map[reflect.Type]reflect.Type) reflect.Type {
	if m, ok := seen[t]; ok {
		return m
	}
	switch {
	case t == reflect.TypeFor[time.Time]():
		return reflect.TypeFor[jsonDate]()
	case t.Kind() == reflect.Struct && t.PkgPath() == reflect.TypeFor[pmo.Portfolio]().PkgPath() && t != reflect.TypeFor[pmo.Money]():
		fields := make([]reflect.StructField, 0, t.NumField())
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			f.Type = typedMirror(f.Type, seen)
			f.Index, f.Offset = nil, 0
			fields = append(fields, f)
		}
		m := reflect.StructOf(fields)
		seen[t] = m
		return m
	case t.Kind() == reflect.Slice:
		return reflect.SliceOf(typedMirror(t.Elem(), seen))
	case t.Kind() == reflect.Pointer:
		return reflect.PointerTo(typedMirror(t.Elem(), seen))
	}
	return t
}

// jsonDate is a date or timestamp for the encoding/json baseline.
type jsonDate struct{ time.Time }

func (d *jsonDate) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t, err = time.Parse(time.RFC3339Nano, s)
	}
	d.Time = t
	return err
}

// BenchmarkReadPortfolioTyped is ReadPortfolio's fair baseline on JSON:
// encoding/json decoding the same 10,000-project file into structs of the
// portfolio's own shape and leaf types (typedMirror), with no validation.
// Compare with BenchmarkReadPortfolio/json in the same run.
func BenchmarkReadPortfolioTyped(b *testing.B) {
	_, jsonDoc := benchDocuments(b)
	typ := typedMirror(reflect.TypeFor[pmo.Portfolio](), map[reflect.Type]reflect.Type{})
	b.ReportAllocs()
	b.SetBytes(int64(len(jsonDoc)))
	for b.Loop() {
		v := reflect.New(typ)
		if err := json.Unmarshal(jsonDoc, v.Interface()); err != nil {
			b.Fatal(err)
		}
	}
}

// memoryDocs returns the inputs of BenchmarkReadPortfolioMemory: a
// realistic generated portfolio, and the adversarial shape for the reader
// (a long flat list of one-digit numbers in a project's attributes, two
// bytes of JSON per value), in JSON and in YAML, each about 4 MB.
func memoryDocs(b *testing.B) map[string][]byte {
	b.Helper()
	pf := pmogen.Generate(500, 1)
	var rj, ry bytes.Buffer
	if err := pf.WriteJSON(&rj); err != nil {
		b.Fatal(err)
	}
	if err := pf.WriteYAML(&ry); err != nil {
		b.Fatal(err)
	}
	const n = 2 << 20
	flatJSON := `{"id": "pf", "name": "PF", "projects": [{"id": "P", "name": "N", "phase": "closing", "attributes": {"x": [` +
		strings.Repeat("1,", n-1) + "1]}}]}"
	flatYAML := "id: pf\nname: PF\nprojects:\n  - id: P\n    name: N\n    phase: closing\n    attributes:\n      x: [" +
		strings.Repeat("1,", n-1) + "1]\n"
	return map[string][]byte{
		"realistic-json": rj.Bytes(), "realistic-yaml": ry.Bytes(),
		"flat-list-json": []byte(flatJSON), "flat-list-yaml": []byte(flatYAML),
	}
}

// BenchmarkReadPortfolioMemory reports the peak heap of one read per input
// byte (peak-B/in-B: the most live heap seen while reading, sampled, above
// the heap before the read, the input included) on realistic and
// adversarial inputs. ReadPortfolio's doc states the bound.
func BenchmarkReadPortfolioMemory(b *testing.B) {
	docs := memoryDocs(b)
	for _, name := range []string{"realistic-json", "flat-list-json", "realistic-yaml", "flat-list-yaml"} {
		doc := docs[name]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(doc)))
			var worst float64
			opts := pmo.ReadOptions{MaxBytes: 1 << 30}
			for b.Loop() {
				peak := peakHeap(func() {
					if _, err := opts.ReadPortfolio(bytes.NewReader(doc)); err != nil {
						b.Fatal(err)
					}
				})
				worst = max(worst, float64(peak)/float64(len(doc)))
			}
			b.ReportMetric(worst, "peak-B/in-B")
		})
	}
	b.Run("realistic-json-baseline-typed", func(b *testing.B) {
		doc := docs["realistic-json"]
		typ := typedMirror(reflect.TypeFor[pmo.Portfolio](), map[reflect.Type]reflect.Type{})
		b.ReportAllocs()
		b.SetBytes(int64(len(doc)))
		var worst float64
		for b.Loop() {
			peak := peakHeap(func() {
				if err := json.Unmarshal(doc, reflect.New(typ).Interface()); err != nil {
					b.Fatal(err)
				}
			})
			worst = max(worst, float64(peak)/float64(len(doc)))
		}
		b.ReportMetric(worst, "peak-B/in-B")
	})
}

// peakHeap runs f and returns the most live heap seen above the heap before
// it, sampled every 50µs.
func peakHeap(f func()) uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	base := read()
	var peak atomic.Uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(50 * time.Microsecond)
		defer t.Stop()
		for {
			if v := read(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	f()
	if v := read(); v > peak.Load() {
		peak.Store(v)
	}
	close(done)
	<-stopped
	if p := peak.Load(); p > base {
		return p - base
	}
	return 0
}

// BenchmarkReadPortfolio100k reads a generated 100,000-project portfolio
// (about 840 MB of JSON) with ReadOptions.MaxBytes raised to 1 GiB, and
// reports its peak heap per input byte. It needs about 6 GB of memory with
// the generator's own.
func BenchmarkReadPortfolio100k(b *testing.B) {
	var buf bytes.Buffer
	if err := pmogen.Generate(100_000, 1).WriteJSON(&buf); err != nil {
		b.Fatal(err)
	}
	doc := buf.Bytes()
	b.ReportAllocs()
	b.SetBytes(int64(len(doc)))
	opts := pmo.ReadOptions{MaxBytes: 1 << 30}
	var worst float64
	for b.Loop() {
		peak := peakHeap(func() {
			pf, err := opts.ReadPortfolio(bytes.NewReader(doc))
			if err != nil || len(pf.Projects) != 100_000 {
				b.Fatal(err)
			}
		})
		worst = max(worst, float64(peak)/float64(len(doc)))
	}
	b.ReportMetric(worst, "peak-B/in-B")
}
