package pmo_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pmokit/pmokit/internal/sample"
	"github.com/pmokit/pmokit/pmo"
	"github.com/stretchr/testify/require"
)

// FuzzReadPortfolio checks that ReadPortfolio never panics, that every error
// it returns matches ErrInvalid, and that whatever it accepts is written back
// (as JSON and as YAML) and read again to an equal portfolio.
func FuzzReadPortfolio(f *testing.F) {
	f.Add(sample.YAML())
	f.Add([]byte(base))
	for _, name := range []string{"bad.yaml", "bad.json", "small.json", "small.yaml"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		require.NoError(f, err)
		f.Add(data)
	}
	var sampleJSON bytes.Buffer
	pf, err := sample.Portfolio()
	require.NoError(f, err)
	require.NoError(f, pf.WriteJSON(&sampleJSON))
	f.Add(sampleJSON.Bytes())
	for _, s := range []string{
		"",
		"{}",
		"[]",
		"null",
		"id: x\nname: y\n",
		`{"id": "x", "name": "y", "id": "z"}`,
		`{"id": "x", "name": "y", "projects": [{"id": "P", "name": "N", "phase": "closing", "attributes": {"a": [1, {"b": null}]}}]}`,
		"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
		"id: x\nname: y\nprojects:\n  - {id: P, name: N, phase: closing, attributes: {a: &a [1], b: *a}}\n",
		"id: x\nname: y\nprojects:\n  - {id: P, name: N, phase: closing, attributes: {a: " + strings.Repeat("[", 50) + strings.Repeat("]", 50) + "}}\n",
		`{"id": "x", "name": "y", "budget": "1e400 USD", "projects": [{"id": "P", "name": "N", "phase": "closing", "scores": {"a": 1e308, "b": -0, "c": 5e-324}}]}`,
		"id: x\nname: \"\\xff\\u2028\\t\"\nprojects: [{id: P, name: \"a\\nb\", phase: closing, start: 2026-01-01T10:00:00+14:00}]\n",
		"id: \xff\xfe\nname: y\n",
		"{\"id\": \"\\ud83d\\ude00\", \"name\": \"\\u0000\"}",
		"id: x\nname: y\n---\nid: z\n",
		"id: x\nname: y\nprojects: [{id: P, name: N, phase: closing, benefits: [{id: B, description: D, target: 1.5e-3}]}]\n",
		"id: x\nname: y\nprojects: [{id: P, name: N, phase: closing, risks: [{id: R, title: T, impact: 0x10, probability: .5}]}]\n",
		"id: 0o17\nname: 1_000\n",
		"id: x\nname: y\nprojects: [{id: P, name: N, phase: closing, risks: [{id: R, title: T, impacts: {cost: 0x10, schedule: -0, \"\": 1, \" s\": 2, 1: 3, performance: 99999999999999999999}, residual: {impacts: {cost: 1.0, x: null}}}]}]\n",
		`{"id": "x", "name": "y", "projects": [{"id": "P", "name": "N", "phase": "closing", "risks": [{"id": "R", "title": "T", "impact": 2, "impacts": {"cost": 4, "cost": 5}, "residual": {"impact": 1, "impacts": {"cost": 1e400}}}]}]}`,
		"id: x\nname: y\npeople: [{id: u, name: U, attributes: {a: &a [1], b: *a}}]\nprojects: [{id: P, name: N, phase: closing, risks: [{id: R, title: T, attributes: [1]}], milestones: [{id: M, name: M, attributes: {x: .nan}}]}]\n",
		"id: x\nname: y\nprojects: [{id: P, name: N, phase: closing, baseline_start: 2026-02-01, baseline_finish: 2026-01-01, forecast_finish: 10000-01-01, milestones: [{id: M, name: M, forecast_start: 2026-13-01}]}]\n",
		// Issue 16: the waiver register.
		"id: x\nname: y\npeople: [{id: u, name: U}]\nprojects: [{id: P, name: N, phase: closing, changes: [{id: C, title: T}]}, {id: Q, name: M, phase: closing, changes: [{id: C, title: T}]}]\nwaivers: [{id: W, policy: p, subject: C, reason: r, expires: 2026-01-01}, {id: W, policy: p, subject: Q/C, reason: r, expires: 2026-01-01T10:00:00+14:00, approved_by: u, requested_by: v, conditions: ['', \"true\"]}]\n",
		`{"id": "x", "name": "y", "waivers": [{"id": "W", "policy": "p", "rule": "", "subject": "x", "reason": "r", "expires": "2026-01-01", "conditions": [1], "attributes": {"a": [null]}}]}`,
		"id: x\nname: y\nstatus_scale: [green, amber/green, green, \"\", /x, " + strings.Repeat("a", 40) + "]\nprojects: [{id: P, name: N, phase: closing, status: 3, status_reports: [{date: 2026-01-01, status: Green}]}]\n",
		"id: x\nname: y\nprojects: [{id: P, name: N, phase: closing, budget: {approved: 1 USD}, tolerances: {cost: {plus: -5%, minus: 1e3%}, time: {plus: 99999999d, minus: 5 USD}, scope: {plus: 101%}}, stages: [{id: S, name: S, planned_cost: 0 USD, forecast_cost: 1 EUR, start: 2026-02-01, finish: 2026-01-01, tolerances: {cost: {plus: 1.%, minus: \"1 GBP \"}, risk: {plus: 0d, minus: 10d}}}, {id: S, name: T}]}]\n",
		`{"id": "x", "name": "y", "projects": [{"id": "P", "name": "N", "phase": "closing", "tolerances": {"cost": {"plus": 10, "minus": null}}, "stages": [{"id": "S", "name": "S", "tolerances": {"time": {"plus": "10d", "minus": "0%"}}}]}]}`,
		"id: x\nname: y\nstatus_scale: [green, amber/green, amber, amber/red, red]\nprojects: [{id: P, name: N, phase: closing, status: amber/red, budget: {approved: 1.50 USD}, tolerances: {cost: {plus: 7.50%, minus: 0.50 USD}, time: {plus: 0010d, minus: 0%}, benefits: {plus: 1 EUR, minus: 100%}}, stages: [{id: S, name: S, planned_cost: 0 USD, tolerances: {quality: {plus: 0%, minus: 100%}}}]}]\n",
		"? [a]\n: b\n",
		"id: !!binary aGVsbG8=\nname: y\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		pf, err := pmo.ReadPortfolio(bytes.NewReader(data))
		if err != nil {
			if !isInvalid(err) {
				t.Fatalf("error does not match ErrInvalid: %v", err)
			}
			return
		}
		for _, format := range []string{"json", "yaml"} {
			var buf bytes.Buffer
			if format == "json" {
				err = pf.WriteJSON(&buf)
			} else {
				err = pf.WriteYAML(&buf)
			}
			if err != nil {
				t.Fatalf("accepted %q but cannot write it as %s: %v", data, format, err)
			}
			again, err := pmo.ReadPortfolio(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatalf("accepted %q, wrote %s %q, cannot read it back: %v", data, format, buf.String(), err)
			}
			require.Equal(t, normalized(t, pf), normalized(t, again), "%s of %q:\n%s", format, data, buf.String())
		}
	})
}

func isInvalid(err error) bool {
	for _, fe := range unwrapAll(err) {
		if fe == pmo.ErrInvalid {
			return true
		}
	}
	return false
}

func unwrapAll(err error) []error {
	out := []error{err}
	switch u := err.(type) {
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			out = append(out, unwrapAll(e)...)
		}
	case interface{ Unwrap() error }:
		if e := u.Unwrap(); e != nil {
			out = append(out, unwrapAll(e)...)
		}
	}
	return out
}
