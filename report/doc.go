// Package report builds the board pack of a portfolio: one self-contained
// HTML file that a steering committee reads or prints, with the portfolio
// summary, the governance results, each project's readiness for its next
// gate, the ranking with each criterion's contribution, the selection
// within a budget, the risk heat maps and Monte Carlo S-curves, and the
// earned-value table.
//
// # Building and writing
//
// [Build] gathers the data with the public APIs of the other packages
// ([governance.PolicySet.Evaluate] and [governance.PolicySet.CheckGate],
// [prioritize.WSJF] and [prioritize.Select], [risk.Rollup] and
// [risk.Register.Simulate], [pmo.EarnedValue.Metrics]) into a [BoardPack];
// [BoardPack.WriteHTML] renders it. [Options] has the evaluation clock, the
// policies, the budget, the risk matrix and the simulation's trials and seed;
// the same options and portfolio give the same bytes.
//
// # The file
//
// The HTML is one file with no script and no external asset: its CSS is
// inline and its figures are inline SVG. It is well-formed XML (XHTML
// syntax: every element closed, attributes quoted), so a strict XML parser
// reads it. It prints on A4 and Letter (an @page rule and page breaks before
// each section). It is accessible: tables have header cells with scope,
// figures have a title and an aria-label, and every red/amber/green status and
// severity is written as a word beside its colour. Amounts carry thousands
// separators ("1,234,567.5 USD"). Text from the portfolio and the policies
// is escaped by html/template.
//
// # Bounds
//
// The pack holds every project, violation and risk of its inputs; its size
// is linear in them. The simulation runs [Options.Trials] trials (at most
// [risk.MaxTrials]); Build honours ctx's cancellation through the
// evaluation, the selection and the simulation.
//
// A BoardPack is not modified after Build returns it and is safe for
// concurrent use by multiple goroutines.
package report
