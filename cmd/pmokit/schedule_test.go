package main

import "testing"

const schedulePortfolio = "testdata/schedule/portfolio.yaml"

func TestSchedule(t *testing.T) {
	runVerbCases(t, "schedule", []verbCase{
		{name: "cpm", args: []string{"schedule", "--portfolio", schedulePortfolio}, golden: "cpm.txt"},
		{name: "simulate one project", args: []string{"schedule", "--portfolio", schedulePortfolio, "--project", "P-001", "--simulate", "2000", "--seed", "7"}, golden: "simulate.txt"},
		{name: "same seed same figures", args: []string{"schedule", "--portfolio", schedulePortfolio, "--project", "P-001", "--simulate", "2000", "--seed", "7"}, golden: "simulate.txt"},
		{name: "pert json", args: []string{"schedule", "--portfolio", schedulePortfolio, "--simulate", "1000", "--distribution", "pert", "--format", "json"}, golden: "simulate-pert.json"},
		{name: "cpm json", args: []string{"schedule", "--portfolio", schedulePortfolio, "--project", "P-002", "--format", "json"}, golden: "cpm-p002.json"},
		{name: "svg", args: []string{"schedule", "--portfolio", schedulePortfolio, "--project", "P-001", "--simulate", "3000", "--format", "svg"}, golden: "finish.svg"},
		{name: "help", args: []string{"schedule", "--help"}, stdout: "usage: pmokit schedule --portfolio FILE"},

		{name: "no portfolio", args: []string{"schedule"}, status: 2, stderr: "pmokit schedule: no portfolio: give --portfolio FILE"},
		{name: "cycle", args: []string{"schedule", "--portfolio", "testdata/schedule/cycle.yaml"}, status: 2,
			stderr: "pmokit schedule: schedule: cycle in the activity network: P-1/A → P-1/B → P-1/C → P-1/A"},
		{name: "no activities anywhere", args: []string{"schedule", "--portfolio", "testdata/rank/portfolio.yaml"}, status: 2, stderr: "pmokit schedule: no project has activities"},
		{name: "project without activities", args: []string{"schedule", "--portfolio", schedulePortfolio, "--project", "P-003"}, status: 2, stderr: "--project P-003 has no activities"},
		{name: "unknown project", args: []string{"schedule", "--portfolio", schedulePortfolio, "--project", "P-999"}, status: 2, stderr: "--project P-999: no such project"},
		{name: "bad format", args: []string{"schedule", "--portfolio", schedulePortfolio, "--format", "png"}, status: 2, stderr: `invalid --format "png" (want text, json or svg)`},
		{name: "bad distribution", args: []string{"schedule", "--portfolio", schedulePortfolio, "--simulate", "10", "--distribution", "normal"}, status: 2, stderr: `invalid --distribution "normal" (want triangular or pert)`},
		{name: "negative trials", args: []string{"schedule", "--portfolio", schedulePortfolio, "--simulate", "-5"}, status: 2, stderr: "invalid --simulate -5"},
		{name: "seed without simulate", args: []string{"schedule", "--portfolio", schedulePortfolio, "--seed", "3"}, status: 2, stderr: "--seed applies only with --simulate TRIALS"},
		{name: "distribution without simulate", args: []string{"schedule", "--portfolio", schedulePortfolio, "--distribution", "pert"}, status: 2, stderr: "--distribution applies only with --simulate TRIALS"},
		{name: "svg without simulate", args: []string{"schedule", "--portfolio", schedulePortfolio, "--project", "P-001", "--format", "svg"}, status: 2, stderr: "--format svg shows a simulation: give --simulate TRIALS"},
		{name: "svg of several projects", args: []string{"schedule", "--portfolio", schedulePortfolio, "--simulate", "10", "--format", "svg"}, status: 2, stderr: "--format svg shows one project: give --project ID"},
		{name: "budget in another currency", args: []string{"schedule", "--portfolio", "testdata/schedule/eur-budget.yaml", "--project", "P-002", "--simulate", "10"}, status: 2,
			stderr: "budget 400000 EUR: pmo: currency mismatch: project P-002 costs are in USD"},
		{name: "stray argument", args: []string{"schedule", "--portfolio", schedulePortfolio, "extra"}, status: 2, stderr: `unexpected argument "extra"`},
	})
}
