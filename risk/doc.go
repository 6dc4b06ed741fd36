// Package risk assesses project risks the way a PMO does: on a risk matrix,
// by expected monetary value, rolled up over a portfolio, simulated by Monte
// Carlo, and drawn as a heat map.
//
// # Matrices
//
// A [Matrix] is two scales, likelihood and impact, each an ordered list of
// [Level]s with a name and a numeric band (probability 0..1; impact as a
// fraction of a reference amount), an ordered set of [Rating]s (low, medium,
// high, …) and the rating of every cell. Build one from a [Definition] with
// [NewMatrix], read one from YAML or JSON with [ParseMatrix] (strictly, by
// the rules of every pmokit file: one document, every problem at once as a
// [*MatrixError] with its path, line and column, at most [MaxMatrixSize]
// bytes unless [ReadOptions] says otherwise), or take a preset:
//
//   - [Preset3x3]: equal bands and the one three-color coloring that Cox's
//     axioms allow; the safest choice when a coarse grading is enough.
//   - [Preset5x5]: the common 5×5 with DoD likelihood levels, PMBOK impact
//     bands and ratings by the score L×I (1..25); familiar to sponsors, but
//     [Matrix.CheckCox] shows where its score bands misrank risks.
//   - [PresetPMBOK] and [PMBOKGrid]: PMBOK's probability-impact grid (5th ed.,
//     Fig. 11-10) scored P×I, with the zone thresholds as parameters, since
//     PMBOK leaves them to the organization.
//   - [PresetDoD]: the DoD risk reporting matrix, rated low, moderate or
//     high from the likelihood and the highest of a risk's cost, schedule
//     and performance consequences.
//
// Which to choose: the matrix your organization already reports with, checked
// with [Matrix.CheckCox]. A matrix that a PMO defines for itself should be
// square, have bands that reflect what the numbers mean, and pass the check;
// Huber and Cox's advice is to make matrices as square as possible.
//
// # Consequence dimensions
//
// A risk may carry one impact (pmo.Risk.Impact) or an impact per
// consequence dimension (pmo.Risk.Impacts: {cost: 4, schedule: 2,
// performance: 3}), not both. A matrix names the dimensions it rates
// ([Definition].Dimensions: free words such as cost, schedule, performance,
// reputation, safety) and how they combine into the one impact level of a
// risk's cell ([Definition].Combine): [CombineMax], the default, takes the
// highest, as the DoD does ("the combination of likelihood and the maximum
// of the cost, schedule, and performance consequence scores", DAU Risk
// Reporting Matrix, after the DoD Risk, Issue, and Opportunity Management
// Guide, 2017); the name of one dimension rates by that dimension alone.
// [Assessment].Dimension says which dimension drove the level (on a tie
// under max, the first in the matrix's order), [Register.Drivers] counts the
// risks each dimension drove, and a register's heat map states the rule and
// the counts. A risk naming a dimension its matrix does not have is an error
// naming it, never ignored; the single impact is one unnamed dimension,
// rated as it is on every matrix. [Preset5x5] and [PresetDoD] name the DoD's
// cost, schedule and performance; [Preset3x3] and [PresetPMBOK] name none.
// Simulation draws money and days (cost_impact, schedule_impact_days), not
// ordinal levels, so dimensions do not enter it.
//
// # Why Cox's check matters
//
// L. A. Cox Jr. ("What's wrong with risk matrices?", Risk Analysis 28(2),
// 2008) showed that a risk matrix can rate a quantitatively smaller risk
// higher than a larger one, and that only few colorings rank risks
// consistently with risk = probability × impact. [Matrix.CheckCox] tests a
// matrix against his three axioms — weak consistency, betweenness and
// consistent coloring — over the numeric bands of its cells, and returns every
// [Violation], naming the cells, so that a PMO learns its matrix misranks
// risks before it rates a register with it.
//
// # Assessment and roll-ups
//
// [Matrix.Assess] rates a pmo.Risk: its [Cell] from its probability and
// ordinal impact or impacts per dimension combined (or, with
// [Matrix.AssessWith], its cost impact as a fraction
// of a reference such as the project budget), its rating and score, its
// exposure and signed expected monetary value (threats negative,
// opportunities positive) in exact money, its schedule exposure, and its
// residual assessment. [Rollup] assesses every selected risk of a portfolio
// into a [Register]: counts per cell (the heat map), exposure by category, by
// project and in total, per currency, the top risks, and the breaches of an
// [Appetite]. Threats and opportunities are kept apart: counts per kind
// ([Register.KindCounts]), a heat map that draws opportunities on their own
// mirrored grid, and top lists of one kind ([Register.TopBy]), ordered by
// exposure by default ([ByExposure]) or by score ([ByScore]).
//
// # Simulation
//
// [Simulate] runs a Monte Carlo simulation of the total cost and schedule
// impact of a list of risks with triangular or Beta-PERT impacts. It is
// seeded and reproducible: the same [SimOptions] give the same [Simulation]
// whatever GOMAXPROCS, while large runs use every core. [Register.Simulate]
// simulates a register in one call: the cost per currency and the schedule
// per project (days of slip of parallel projects do not add up to a
// portfolio delay, so there is no such figure). [Simulation.Cost]
// gives the P50, P80, P90…, and [Simulation.Contingency] the reserve a
// confidence level implies beyond the expected value. BenchmarkSimulate
// measures the reference workload (100,000 trials × 100 risks) against the
// plain loop of BenchmarkSimulateBaseline.
//
// # Heat maps
//
// A [HeatMap] renders a register's counts as a self-contained SVG 1.1
// document ([HeatMap.WriteSVG]) for a web page, or as an aligned text grid
// ([HeatMap.WriteText]) for a terminal.
//
// # Bounds
//
// Every figure is finite: a schedule impact is at most [MaxScheduleDays]
// days, a simulated cost impact at most [MaxCostImpact] units, a level score
// at most [MaxLevelScore], a matrix has at most [MaxDimensions] consequence
// dimensions, and impacts are never negative (an opportunity's
// kind makes them gains); anything else is an error naming the risk. The
// work is bounded too: a roll-up is linear in the risks, [Matrix.CheckCox]
// in the square of the cells (at most [MaxLevels]² of them), and [Simulate]
// runs at most [MaxTrials] trials and checks its context every few million
// draws.
//
// # Errors
//
// An error about a matrix definition matches [ErrInvalidMatrix]; every
// other error about invalid input (a risk that cannot be assessed or
// simulated, an option, a filter, an appetite) matches [ErrInvalid], and its
// cause too where it has one (pmo.ErrCurrencyMismatch). Messages start with
// "risk: " and name the risk, by its path in a portfolio where there is one.
//
// # Concurrency and zero values
//
// Matrices, registers and simulations are immutable once built and safe for
// concurrent use by multiple goroutines. The zero [Filter] selects every open
// risk on the inherent basis; the zero [SimOptions] runs [DefaultTrials]
// triangular trials with seed 0; the zero [Appetite] sets no limit.
package risk
