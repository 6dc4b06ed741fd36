package sample_test

import (
	"fmt"

	"github.com/pmokit/pmokit/internal/sample"
)

func ExamplePortfolio() {
	pf, err := sample.Portfolio()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(pf.Name, "-", len(pf.Projects), "projects, today is", sample.Today().Format("2006-01-02"))
	// Output: Digital Portfolio - 12 projects, today is 2026-11-26
}
