// Package prioritize ranks and selects projects: scoring models over a
// decision table (weighted sum, TOPSIS), backlog scores (WSJF, RICE, ICE),
// pairwise-comparison weights (AHP), and the exact choice of a portfolio under
// a budget and constraints, with its efficient frontier and the sensitivity of
// a ranking to its weights.
//
// # Which method when
//
//   - [Table.WeightedSum]: the default for a PMO scoring model. Several
//     criteria (strategic fit, NPV, risk, cost…) with weights; transparent,
//     each score is the sum of its [Ranked.Contributions]. Choose the
//     [Normalization]: MinMax (default) when criteria have different units,
//     NoNormalization when every criterion is already on one scale.
//   - [Table.TOPSIS]: the same table when you want "closest to the best and
//     farthest from the worst" rather than an average: an alternative strong
//     everywhere beats one that is excellent on a few criteria and poor on the
//     rest. Scores are closeness coefficients in [0, 1].
//   - [WSJF]: agile backlogs and SAFe portfolios: cost of delay per unit of
//     job size, to sequence work (not to pick a portfolio under a budget).
//   - [RICE]: product features with a measurable reach; [ICE] when there is
//     no reach and a quick 1–10 triage suffices.
//   - [AHP]: when the weights themselves are disputed: stakeholders compare
//     criteria two at a time ([PairwiseMatrix] builds the matrix from a list of
//     [Judgement] values), AHP derives
//     the weights and says whether the judgements are consistent (CR ≤ 0.10).
//     [AHPHierarchy] also compares the alternatives under each criterion and
//     synthesizes global priorities.
//   - [Select]: which projects to fund: the value-maximizing set under a
//     budget (exact money), capacities, mandatory/excluded projects,
//     dependencies and mutually exclusive groups. [CandidatesFromPortfolio]
//     takes the projects before closing ([BeforeClosing]), their value from a
//     score, a field or a ranking (an additive measure such as business
//     value or NPV: a selection maximizes a sum), and their cost on a
//     [CostBasis], such as the money still to spend ([CostRemaining]).
//   - [Frontier]: the best value at each budget level, to show what each
//     extra unit of budget buys.
//   - [Table.Sensitivity]: how far each weight can move before the top of the
//     ranking changes: a robust winner or a coin toss.
//
// # Inputs and outputs
//
// A [Table] holds alternatives ([Row]) scored against [Criterion] columns,
// each with a weight (normalized to sum 1) and a direction (Cost: lower is
// better). [FromPortfolio] builds one from a [pmo.Portfolio], reading each
// criterion from a project's scores, attributes or fields such as
// budget.approved. [WSJFFromPortfolio] and [RICEFromPortfolio] read the
// conventional score names.
//
// Every method returns a complete [Ranking]: every item, best first, ranks
// by standard competition (ties share a rank, ordered by ID), and each item
// explains its score through [Ranked.Contributions]. Invalid input is an
// error that names the row, criterion, matrix cell or constraint and matches
// [ErrInvalid] (constraints that no selection meets match [ErrInfeasible]);
// each failure is an [*Error] whose Row and Criterion fields locate it for
// [errors.As]; nothing returns a silent NaN.
//
// # Concurrency, zero values, performance
//
// Inputs are plain values that the functions never modify; a returned
// Ranking is immutable. Every function is safe for concurrent use by
// multiple goroutines. Option structs ([AHPOptions], [SelectOptions],
// [SensitivityOptions], [CandidateOptions]) mean "defaults" when zero; the
// zero [Normalization] is each method's standard, the zero [AHPMethod] is the
// eigenvector method and the zero [RandomIndex] is Saaty's table.
//
// Ranking 100,000 items × 10 criteria by weighted sum runs within about the
// time of a plain normalize-sum-sort loop (BenchmarkWeightedSum100k against
// BenchmarkBaselineLoopSort100k). Contributions are lazy: computed when
// [Ranked.Contributions] is called, so a ranking pays only for a copy of
// its inputs; reading all 100,000 items' contributions as well takes about
// three times the plain loop (BenchmarkWeightedSum100kContributions, one
// allocation per item); an exact selection over 200 candidates with
// dependencies and exclusions takes tens of milliseconds
// (BenchmarkSelect200), and a few hundred with two binding capacities as well
// (BenchmarkSelect200Capacity).
//
// # Bounded work
//
// Every function's work is bounded. Rankings cost O(m·n) plus a sort, for at
// most [MaxItems] items. [Select] and [Frontier] take a context, bound their
// input ([MaxCandidates], [MaxCapacities], [MaxClosure],
// [MaxFrontierPoints]) and stop at a node limit with an error, never with a
// silently non-optimal answer. [Table.Sensitivity] takes a context and scans
// at most [MaxSensitivitySteps] steps per direction. [AHP] takes matrices of
// order up to [MaxAHPOrder] and at most [MaxAHPIterations] power iterations.
package prioritize
