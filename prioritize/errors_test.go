package prioritize

import (
	"errors"
	"math"
	"testing"

	"github.com/pmokit/pmokit/pmo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// where lists the Row and Criterion of every *Error in err (joined errors
// unwrapped), in order.
func where(err error) [][2]string {
	var out [][2]string
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		var pe *Error
		if errors.As(e, &pe) {
			out = append(out, [2]string{pe.Row, pe.Criterion})
		}
	}
	walk(err)
	return out
}

// TestErrorLocates checks that errors carry their row and criterion for
// errors.As, through joins and wrapping, whatever the method.
func TestErrorLocates(t *testing.T) {
	tbl := Table{
		Criteria: []Criterion{{Name: "npv", Weight: 1}, {Name: "risk", Weight: -1, Cost: true}},
		Rows: []Row{
			{ID: "A", Values: []float64{1, 2}},
			{ID: "B", Values: []float64{math.NaN(), 2}},
			{ID: "A", Values: []float64{1, 2}},
		},
	}
	_, err := tbl.WeightedSum(MinMax)
	require.Error(t, err)
	assert.Equal(t, [][2]string{{"", "risk"}, {"A", ""}, {"B", "npv"}}, where(err))

	tbl.Criteria[1].Weight = 1
	tbl.Rows[2].ID = "C"
	_, err = tbl.TOPSIS(Vector)
	assert.Equal(t, [][2]string{{"B", "npv"}}, where(err))
	var pe *Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "B", pe.Row)
	assert.Equal(t, "npv", pe.Criterion)
	assert.ErrorIs(t, pe, ErrInvalid)

	_, err = WSJF([]WSJFItem{{ID: "W-1", BusinessValue: 1, JobSize: 0}, {ID: "W-2", TimeCriticality: -1, JobSize: 1}})
	assert.Equal(t, [][2]string{{"W-1", ScoreJobSize}, {"W-2", ScoreTimeCriticality}}, where(err))

	_, err = RICE([]RICEItem{{ID: "R-1", Reach: 1, Impact: 1, Confidence: 80, Effort: 1}})
	assert.Equal(t, [][2]string{{"R-1", ScoreConfidence}}, where(err))

	// Through wrapping: a frontier wraps its selections' errors.
	_, err = Frontier(t.Context(), []Candidate{{ID: "X", Value: 1, Cost: usd("1")}, {ID: "Y", Value: -1, Cost: pmo.MustParseMoney("1 EUR")}},
		SelectOptions{}, usd("1"), usd("2"), usd("1"))
	assert.Equal(t, [][2]string{{"Y", "value"}, {"Y", "cost"}}, where(err))
	assert.ErrorIs(t, err, pmo.ErrCurrencyMismatch)

	pf := &pmo.Portfolio{ID: "pf", Projects: []pmo.Project{{ID: "P-1", Scores: map[string]float64{"fit": 3}}, {ID: "P-2"}}}
	_, err = FromPortfolio(pf, []Criterion{{Name: "fit", Weight: 1}})
	assert.Equal(t, [][2]string{{"P-2", "fit"}}, where(err))
	_, err = WSJFFromPortfolio(pf)
	assert.Len(t, where(err), 8)
	assert.Equal(t, [2]string{"P-1", ScoreBusinessValue}, where(err)[0])
}
