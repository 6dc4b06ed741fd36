package pmogen_test

import (
	"fmt"

	"github.com/pmokit/pmokit/internal/pmogen"
)

func ExampleGenerate() {
	pf := pmogen.Generate(100, 42)
	fmt.Println(len(pf.Projects), "projects,", len(pf.Programs), "programs")
	fmt.Println("valid:", pf.Validate() == nil)
	fmt.Println("same again:", pmogen.Generate(100, 42).Projects[7].Name == pf.Projects[7].Name)
	// Output:
	// 100 projects, 4 programs
	// valid: true
	// same again: true
}
