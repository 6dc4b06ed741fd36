// Command quickstart is the tour of pmokit in one program. It reads the
// embedded sample portfolio (twelve projects of a fictitious company around
// 2026-11-26) and prints what a PMO would put on its first page:
//
//   - the portfolio at a glance: projects by phase and by status, budget
//     totals per currency, earned value of the projects in execution, and
//     the cost and time forecasts of the plans (projects and management
//     stages) that declare tolerances, against them (pmo);
//   - governance: the policy pack of the portfolio's PMO type evaluated over
//     the portfolio, and the gate into execution of every project in
//     planning, blocked or open and why (governance);
//   - priorities: the WSJF ranking with the two largest parts of each score,
//     and the projects a 5,000,000 USD envelope would fund (prioritize);
//   - risk: the heat map of open risks on the 5×5 matrix, exposure and the
//     top risks, and a Monte Carlo simulation of their cost with the P50 and
//     P80 contingency (risk).
//
// The clock is fixed at the sample's date and the simulation's seed is fixed,
// so the output is the same on every run; a golden test keeps it so. Each
// section is one small function writing to an io.Writer. Run it with:
//
//	go run ./examples/quickstart
package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/pmokit/pmokit/pmo"
	"github.com/shopspring/decimal"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// run prints every section of the summary to w.
func run(w io.Writer) error {
	pf, err := readPortfolio()
	if err != nil {
		return err
	}
	sections := []func(io.Writer, *pmo.Portfolio) error{
		printHeader,
		printByPhase,
		printByStatus,
		printBudgets,
		printEarnedValue,
		printTolerances,
		printGovernance,
		printGates,
		printRanking,
		printSelection,
		printRisks,
		printSimulation,
	}
	for _, section := range sections {
		if err := section(w, pf); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	return nil
}

// printHeader prints the portfolio's name, PMO type, currency and size.
func printHeader(w io.Writer, pf *pmo.Portfolio) error {
	fmt.Fprintf(w, "%s (%s)\n", pf.Name, pf.ID)
	fmt.Fprintf(w, "PMO type %s, reporting currency %s, budget %s\n", pf.PMOType, pf.Currency, pf.Budget)
	fmt.Fprintf(w, "%d projects in %d programs, %d people\n", len(pf.Projects), len(pf.Programs), len(pf.People))
	return nil
}

// printByPhase lists the projects in each lifecycle phase, in lifecycle order.
func printByPhase(w io.Writer, pf *pmo.Portfolio) error {
	fmt.Fprintln(w, "Projects by phase")
	for _, phase := range pf.Phases() {
		var ids []string
		for _, p := range pf.Projects {
			if p.Phase == phase {
				ids = append(ids, p.ID)
			}
		}
		slices.Sort(ids)
		fmt.Fprintf(w, "  %-10s %2d  %s\n", phase, len(ids), strings.Join(ids, " "))
	}
	return nil
}

// printByStatus lists the projects of each status of the portfolio's
// scale, the worst first.
func printByStatus(w io.Writer, pf *pmo.Portfolio) error {
	fmt.Fprintln(w, "Projects by status")
	scale := pf.Statuses() // best first: list the worst first
	statuses := make([]pmo.RAG, 0, len(scale)+1)
	for i := len(scale) - 1; i >= 0; i-- {
		statuses = append(statuses, pmo.RAG(scale[i]))
	}
	for _, status := range append(statuses, "") {
		var ids []string
		for _, p := range pf.Projects {
			if p.Status == status {
				ids = append(ids, p.ID)
			}
		}
		if status == "" && len(ids) == 0 {
			continue
		}
		name := status.String()
		if status == "" {
			name = "not set"
		}
		slices.Sort(ids)
		fmt.Fprintf(w, "  %-10s %2d  %s\n", name, len(ids), strings.Join(ids, " "))
	}
	return nil
}

// printBudgets prints the approved, forecast and actual totals per currency.
func printBudgets(w io.Writer, pf *pmo.Portfolio) error {
	var approved, forecast, actual []pmo.Money
	for _, p := range pf.Projects {
		approved = append(approved, p.Budget.Approved)
		forecast = append(forecast, p.Budget.Forecast)
		actual = append(actual, p.Budget.Actual)
	}
	totals := []map[string]pmo.Money{pmo.SumByCurrency(approved...), pmo.SumByCurrency(forecast...), pmo.SumByCurrency(actual...)}
	var currencies []string
	for _, t := range totals {
		for cur := range t {
			if !slices.Contains(currencies, cur) {
				currencies = append(currencies, cur)
			}
		}
	}
	slices.Sort(currencies)

	fmt.Fprintln(w, "Budget totals")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "  currency\tapproved\tforecast\tactual\t")
	for _, cur := range currencies {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t\n", cur,
			amount(totals[0][cur]), amount(totals[1][cur]), amount(totals[2][cur]))
	}
	return tw.Flush()
}

// printEarnedValue prints CPI, SPI, EAC and VAC of the projects in execution.
func printEarnedValue(w io.Writer, pf *pmo.Portfolio) error {
	fmt.Fprintln(w, "Earned value of the projects in execution")
	projects := slices.Clone(pf.Projects)
	slices.SortFunc(projects, func(a, b pmo.Project) int { return strings.Compare(a.ID, b.ID) })
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "  project\tCPI\tSPI\tEAC\tVAC\tcurrency\t")
	for _, p := range projects {
		if p.Phase != pmo.PhaseExecution {
			continue
		}
		if p.EarnedValue == nil {
			fmt.Fprintf(tw, "  %s\t-\t-\t-\t-\t\t\n", p.ID)
			continue
		}
		m, err := p.EarnedValue.Metrics()
		if err != nil {
			return fmt.Errorf("project %s: %w", p.ID, err)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t\n", p.ID,
			ratio(m.CPI, m.CPIDefined), ratio(m.SPI, m.SPIDefined),
			defined(m.EAC, m.EACDefined), defined(m.VAC, m.EACDefined), p.EarnedValue.BAC.Currency)
	}
	return tw.Flush()
}

// amount prints the amount of m with two decimals and no currency, or "-".
func amount(m pmo.Money) string {
	if m.IsZero() {
		return "-"
	}
	return m.Amount.StringFixed(2)
}

// defined prints amount(m), or "n/a" when the figure is undefined.
func defined(m pmo.Money, ok bool) string {
	if !ok {
		return "n/a"
	}
	return amount(m)
}

// ratio prints an index with three decimals, or "n/a" when it is undefined.
func ratio(d decimal.Decimal, ok bool) string {
	if !ok {
		return "n/a"
	}
	return d.StringFixed(3)
}

// printTolerances prints, for each plan with tolerances (a project, or one
// of its management stages), the cost and time forecast's deviation from
// the plan and whether it is within tolerance: PRINCE2's management by
// exception, where a forecast beyond a tolerance, above or below, is an
// exception for the next management level.
func printTolerances(w io.Writer, pf *pmo.Portfolio) error {
	fmt.Fprintln(w, "Tolerances: forecast against plan")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  plan\tcost\ttolerance\ttime\ttolerance")
	row := func(name string, c pmo.ToleranceCheck) {
		cost, costTol := "-", "-"
		if t := c.Cost; t.Measured {
			cost = signed(t.Deviation.String()) + " (" + signed(t.Percent.String()) + "%)" + verdict(t.Above, t.Below)
			costTol = "+" + t.Tolerance.Plus.String() + "/-" + t.Tolerance.Minus.String()
		}
		days, timeTol := "-", "-"
		if t := c.Time; t.Measured {
			days = fmt.Sprintf("%+d days", t.Days) + verdict(t.Above, t.Below)
			timeTol = "+" + t.Tolerance.Plus.String() + "/-" + t.Tolerance.Minus.String()
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", name, cost, costTol, days, timeTol)
	}
	for i := range pf.Projects {
		p := &pf.Projects[i]
		if p.Tolerances != nil {
			c, err := p.CheckTolerances()
			if err != nil {
				return err
			}
			row(p.ID, c)
		}
		for j := range p.Stages {
			s := &p.Stages[j]
			if s.Tolerances == nil {
				continue
			}
			c, err := s.CheckTolerances()
			if err != nil {
				return err
			}
			row(p.ID+" "+s.ID, c)
		}
	}
	return tw.Flush()
}

// signed writes a positive number with its sign.
func signed(s string) string {
	if s != "" && s[0] != '-' && !strings.HasPrefix(s, "0 ") && s != "0" {
		return "+" + s
	}
	return s
}

// verdict says whether a deviation is beyond its tolerance.
func verdict(above, below bool) string {
	switch {
	case above:
		return ", above tolerance"
	case below:
		return ", below tolerance"
	}
	return ""
}
