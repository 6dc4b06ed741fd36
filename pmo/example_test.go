package pmo_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/pmokit/pmokit/pmo"
)

func ExampleParseMoney() {
	m, err := pmo.ParseMoney("1250000.00 USD")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m, "|", m.Amount, "|", m.Currency)

	_, err = pmo.ParseMoney("12x USD")
	fmt.Println(err, errors.Is(err, pmo.ErrInvalid))
	// Output:
	// 1250000 USD | 1250000 | USD
	// pmo: invalid money "12x USD" true
}

func ExampleMoney_Add() {
	budget := pmo.MustParseMoney("1200000 USD")
	change := pmo.MustParseMoney("80000.50 USD")
	total, err := budget.Add(change)
	fmt.Println(total, err)

	over, _ := total.Cmp(budget)
	fmt.Println("above budget:", over > 0)

	_, err = budget.Add(pmo.MustParseMoney("5000 EUR"))
	fmt.Println(err, errors.Is(err, pmo.ErrCurrencyMismatch))
	// Output:
	// 1280000.5 USD <nil>
	// above budget: true
	// pmo: currency mismatch: 1200000 USD + 5000 EUR true
}

func ExampleSum() {
	total, err := pmo.Sum(pmo.MustParseMoney("1.10 EUR"), pmo.MustParseMoney("2.20 EUR"), pmo.Money{})
	fmt.Println(total, err)
	// Output: 3.3 EUR <nil>
}

func ExampleReadPortfolio() {
	file := `
id: pf-digital
name: Digital Portfolio
people: [{id: u-pm1, name: Lee Chen}]
projects:
  - id: P-001
    name: CRM Replacement
    manager: u-pm9
    phase: execution
    budget: {approved: "12x USD"}
`
	_, err := pmo.ReadPortfolio(strings.NewReader(file))
	fmt.Println(err)
	fmt.Println("invalid:", errors.Is(err, pmo.ErrInvalid))

	var fe *pmo.FieldError
	if errors.As(err, &fe) {
		fmt.Printf("first problem at %s, line %d, column %d\n", fe.Path, fe.Line, fe.Column)
	}
	// Output:
	// pmo: projects[0].manager: unknown person "u-pm9"
	// pmo: projects[0].budget.approved: invalid money "12x USD"
	// invalid: true
	// first problem at projects[0].manager, line 8, column 14
}

func ExampleEarnedValue_Metrics() {
	ev := pmo.EarnedValue{
		BAC: pmo.MustParseMoney("1200000 USD"),
		PV:  pmo.MustParseMoney("700000 USD"),
		EV:  pmo.MustParseMoney("620000 USD"),
		AC:  pmo.MustParseMoney("600000 USD"),
	}
	m, err := ev.Metrics()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("CV", m.CV, "SV", m.SV)
	fmt.Println("CPI", m.CPI.StringFixed(3), "SPI", m.SPI.StringFixed(3), "TCPI", m.TCPI.StringFixed(3))
	fmt.Println("EAC", m.EAC.Amount.StringFixed(2), "VAC", m.VAC.Amount.StringFixed(2))

	// A project that has not started: the indices are undefined, not errors.
	m, _ = pmo.EarnedValue{BAC: pmo.MustParseMoney("500000 USD")}.Metrics()
	fmt.Println("CPI defined:", m.CPIDefined, "EAC defined:", m.EACDefined, "TCPI", m.TCPI)
	// Output:
	// CV 20000 USD SV -80000 USD
	// CPI 1.033 SPI 0.886 TCPI 0.967
	// EAC 1161290.32 VAC 38709.68
	// CPI defined: false EAC defined: false TCPI 1
}

func ExampleEarnedValue_MetricsFor() {
	ev := pmo.EarnedValue{
		BAC: pmo.MustParseMoney("1200000 USD"),
		PV:  pmo.MustParseMoney("700000 USD"),
		EV:  pmo.MustParseMoney("620000 USD"),
		AC:  pmo.MustParseMoney("600000 USD"),
	}
	m, err := ev.MetricsFor(pmo.EVPlan{
		Start:  time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC),
		Finish: time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC),
		EAC:    pmo.MustParseMoney("1350000 USD"), // the project's budget forecast
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("CV%", m.CVPercent.StringFixed(2), "SV%", m.SVPercent.StringFixed(2))
	fmt.Println("complete", m.PercentComplete.StringFixed(1), "spent", m.PercentSpent.StringFixed(1))
	fmt.Println("TCPI to BAC", m.TCPI.StringFixed(3), "to EAC", m.TCPIEAC.StringFixed(3))
	fmt.Println("days planned", m.PlannedDays, "forecast", m.ForecastDays.StringFixed(1))
	// Output:
	// CV% 3.23 SV% -11.43
	// complete 51.7 spent 50.0
	// TCPI to BAC 0.967 to EAC 0.773
	// days planned 339 forecast 382.7
}

func ExampleLifecycle_Compare() {
	l := pmo.DefaultLifecycle()
	c, _ := l.Compare(pmo.PhaseExecution, pmo.PhasePlanning)
	next, _ := l.Next(pmo.PhaseExecution)
	fmt.Println(c, next)
	// Output: 1 closing
}

func ExamplePortfolio_WriteYAML() {
	pf := &pmo.Portfolio{
		ID: "pf", Name: "Small",
		People: []pmo.Person{{ID: "u1", Name: "Ana Ruiz", Roles: []string{"sponsor"}}},
		Projects: []pmo.Project{{
			ID: "P-1", Name: "Pilot", Phase: pmo.PhasePlanning, Sponsor: "u1", Status: pmo.Green,
			Budget: pmo.Budget{Approved: pmo.MustParseMoney("250000.00 USD")},
		}},
	}
	if err := pf.WriteYAML(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// id: pf
	// name: Small
	// people:
	//   - id: u1
	//     name: Ana Ruiz
	//     roles: [sponsor]
	// projects:
	//   - id: P-1
	//     name: Pilot
	//     sponsor: u1
	//     phase: planning
	//     status: green
	//     budget: {approved: 250000 USD}
}

func ExamplePortfolio_Validate() {
	pf := &pmo.Portfolio{
		ID: "pf", Name: "Built in Go",
		Projects: []pmo.Project{{ID: "P-1", Name: "Pilot", Phase: "build", Sponsor: "u-x"}},
	}
	fmt.Println(pf.Validate())
	// Output:
	// pmo: projects[0].sponsor: unknown person "u-x"
	// pmo: projects[0].phase: phase "build" is not in the lifecycle [initiation planning execution closing]
}

// A reader's limit is set in its options; the zero value means the
// defaults (MaxInputSize for JSON, MaxYAMLInputSize for YAML). Anything
// after the portfolio is an error at its position, never ignored.
func ExampleReadOptions_ReadPortfolio() {
	doc := `{"id": "pf", "name": "Digital"}`
	_, err := pmo.ReadOptions{MaxBytes: 16}.ReadPortfolio(strings.NewReader(doc))
	fmt.Println(errors.Is(err, pmo.ErrTooLarge), err)

	pf, err := pmo.ReadOptions{MaxBytes: 1 << 30}.ReadPortfolio(strings.NewReader(doc))
	fmt.Println(pf.Name, err)

	_, err = pmo.ReadPortfolio(strings.NewReader(doc + "\n{\"id\": \"second\"}"))
	fmt.Println(err)
	// Output:
	// true pmo: input larger than the limit of 16 bytes (raise MaxBytes in the reader's options to read it)
	// Digital <nil>
	// pmo: line 2, column 1: invalid JSON: unexpected '{' after the top-level value (a file holds one JSON value)
}
