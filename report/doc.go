// Package report builds the board pack of a portfolio: one self-contained
// HTML file that a steering committee reads or prints, with the portfolio
// summary, the governance results (violations; the violations waivers let
// through, with each waiver's expiry and conditions; every rating's levels
// with the subjects off its first level), each project's readiness for its
// next gate (ready, ready with warnings, a conditional go under waivers, or
// blocked), the ranking with each criterion's contribution, the selection
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
// # Tested in a browser
//
// Besides the golden file and the strict XML check, a test (TestBrowser,
// in browser_test.go) opens the pack in headless Chromium through the
// DevTools protocol (github.com/chromedp/chromedp, a dependency of that test
// only: the package itself does not import it). It fails on any error-level console message, uncaught
// exception or browser log entry, checks each section heading is in the
// rendered page, and takes a full-page PNG screenshot and A4 and Letter
// PDFs. With no Chromium on the machine (the browser is $PMOKIT_CHROMIUM,
// else chromium on $PATH, else /usr/bin/chromium) the test is skipped, so
// `go test ./...` needs only Go; PMOKIT_BROWSER=required makes a missing
// browser a failure, and .ci/run sets it after installing Debian's chromium
// package. PMOKIT_RENDER_DIR names a directory to keep the PNG and PDFs in:
//
//	PMOKIT_BROWSER=required PMOKIT_RENDER_DIR=/tmp/pack go test -run TestBrowser ./report
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
