package pmo_test

import (
	"bytes"
	"encoding/json"
	"sync"
	"testing"

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
				pf, err := pmo.ReadPortfolio(bytes.NewReader(bc.doc))
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
