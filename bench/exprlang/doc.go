// Package exprlang measures pmokit's governance engine beside expr-lang
// (github.com/expr-lang/expr) on the same workload, in one run: the twenty
// rules and the 1,000 generated projects of governance's BenchmarkRuleCost,
// some rules negated to reach 5%, 25% and 50% of failures, each rule
// written in CEL for the engine, and in expr-lang over the same Go structs
// (pmo.Project and the structs it holds) and over the same data as plain
// maps.
//
// The package has no API: its tests prove that the two give the same
// verdict on every project and rule (TestSameVerdicts), and its benchmark,
// BenchmarkRuleCostExprLang, reports the CPU time per rule evaluation of
// each and their ratio. It is a module of its own so that expr-lang stays
// out of pmokit's module: see README.md.
package exprlang
