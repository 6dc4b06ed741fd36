package schemas_test

import (
	"encoding/json"
	"fmt"

	"github.com/pmokit/pmokit/schemas"
)

// A host reads the portfolio schema, here to list what a project must have.
func ExamplePortfolio() {
	var s struct {
		Defs map[string]struct {
			Required []string `json:"required"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(schemas.Portfolio(), &s); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("a project requires", s.Defs["project"].Required)
	fmt.Println("a risk requires", s.Defs["risk"].Required)
	// Output:
	// a project requires [id name phase]
	// a risk requires [id title]
}

// The policy schema lists the severities a rule may have.
func ExamplePolicy() {
	var s struct {
		Defs map[string]struct {
			Properties map[string]struct {
				Enum []string `json:"enum"`
			} `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(schemas.Policy(), &s); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Defs["severity_by_type"].Properties["directive"].Enum)
	// Output: [error warning info]
}

// The matrix schema says what a risk matrix file must hold.
func ExampleMatrix() {
	var s struct {
		Required []string `json:"required"`
	}
	if err := json.Unmarshal(schemas.Matrix(), &s); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Required)
	// Output: [likelihood impact ratings cells]
}
