package report_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
	"github.com/pmokit/pmokit/report"
)

// A board pack of the sample portfolio under the directive pack, with a
// selection within 5,000,000 USD: Build gathers it, WriteHTML writes the
// one-file HTML.
func Example() {
	pf, err := pmo.ReadPortfolioFile("../examples/quickstart/portfolio.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	policies, err := governance.Pack(pmo.Directive)
	if err != nil {
		fmt.Println(err)
		return
	}
	eng, err := governance.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	set, err := eng.Compile(policies...)
	if err != nil {
		fmt.Println(err)
		return
	}
	pack, err := report.Build(context.Background(), pf, report.Options{
		At:       time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC),
		Policies: set,
		Budget:   pmo.MustParseMoney("5000000 USD"),
		Trials:   1000,
		Seed:     1,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	var buf bytes.Buffer
	if err := pack.WriteHTML(&buf); err != nil {
		fmt.Println(err)
		return
	}
	html := buf.String()
	fmt.Println("blocked:", pack.Blocked(), "violations:", pack.Violations())
	fmt.Println("scripts:", strings.Count(html, "<script"))
	fmt.Println(strings.Contains(html, "<h2>Earned value</h2>"))
	// Output:
	// blocked: true violations: 16
	// scripts: 0
	// true
}

// Money writes amounts with thousands separators.
func ExampleMoney() {
	fmt.Println(report.Money(pmo.MustParseMoney("1234567.5 USD")))
	// Output: 1,234,567.5 USD
}
