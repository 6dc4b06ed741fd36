package risk_test

import (
	"errors"
	"fmt"

	"github.com/pmokit/pmokit/risk"
)

// ParseMatrix reports every problem of a definition at once, each a
// *MatrixError with its path, line and column.
func ExampleParseMatrix() {
	_, err := risk.ParseMatrix([]byte(`likelihood: {levels: [{name: low, min: 0, max: 1}]}
impact: {levels: [{name: minor, min: 0, max: 1}]}
ratings: [{name: low, color: red}]
cells: [[high]]
`))
	var me *risk.MatrixError
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		if errors.As(e, &me) {
			fmt.Printf("%d:%d: %s\n", me.Line, me.Column, me)
		}
	}
	// Output:
	// 3:30: risk: matrix: ratings[0].color: invalid color "red" (want #rgb or #rrggbb)
	// 4:10: risk: matrix: cells[0][0]: rating "high" is not one of the ratings
}
