package risk

import (
	"io"
	"math"
	"testing"

	"github.com/pmokit/pmokit/pmo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAssess(t *testing.T) {
	m := Preset5x5()
	usd := pmo.MustParseMoney
	tests := []struct {
		name string
		r    pmo.Risk
		ref  pmo.Money
		want Assessment
	}{
		{
			name: "threat with ordinal impact", // the DESIGN.md example risk R-1
			r:    pmo.Risk{ID: "R-1", Probability: 0.4, Impact: 4, CostImpact: usd("200000 USD"), ScheduleImpactDays: 30},
			want: Assessment{
				RiskID: "R-1", Kind: pmo.Threat, Probability: 0.4, Cell: Cell{Likelihood: 1, Impact: 3},
				Rating: Rating{Name: "medium", Color: colorAmber, Rank: 2}, Score: 8,
				Exposure: usd("80000 USD"), EMV: usd("-80000 USD"), ScheduleDays: 12,
			},
		},
		{
			name: "opportunity has positive EMV",
			r:    pmo.Risk{ID: "O-1", Kind: pmo.Opportunity, Probability: 0.9, Impact: 5, CostImpact: usd("1000 EUR")},
			want: Assessment{
				RiskID: "O-1", Kind: pmo.Opportunity, Probability: 0.9, Cell: Cell{Likelihood: 4, Impact: 4},
				Rating: Rating{Name: "critical", Color: colorDark, Rank: 4}, Score: 25,
				Exposure: usd("900 EUR"), EMV: usd("900 EUR"),
			},
		},
		{
			name: "cost impact against a reference",
			r:    pmo.Risk{ID: "R-2", Probability: 0.1, CostImpact: usd("150000 USD")},
			ref:  usd("1000000 USD"), // 15% → moderate (10–20%)
			want: Assessment{
				RiskID: "R-2", Kind: pmo.Threat, Probability: 0.1, Cell: Cell{Likelihood: 0, Impact: 2},
				Rating: Rating{Name: "low", Color: colorGreen, Rank: 1}, Score: 3,
				Exposure: usd("15000 USD"), EMV: usd("-15000 USD"),
			},
		},
		{
			// Exposure is exact: every decimal place of 0.333 × 100.01, not
			// rounded to cents (rounding is the reader's choice).
			name: "exposure keeps every decimal place",
			r:    pmo.Risk{ID: "R-3", Probability: 0.333, Impact: 1, CostImpact: usd("100.01 USD")},
			want: Assessment{
				RiskID: "R-3", Kind: pmo.Threat, Probability: 0.333, Cell: Cell{Likelihood: 1, Impact: 0},
				Rating: Rating{Name: "low", Color: colorGreen, Rank: 1}, Score: 2,
				Exposure: usd("33.30333 USD"), EMV: usd("-33.30333 USD"),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := m.AssessWith(tt.r, tt.ref)
			require.NoError(t, err)
			assert.Equal(t, tt.want.EMV.String(), got.EMV.String())
			assert.Equal(t, tt.want.Exposure.String(), got.Exposure.String())
			got.EMV, got.Exposure, tt.want.EMV, tt.want.Exposure = pmo.Money{}, pmo.Money{}, pmo.Money{}, pmo.Money{}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestAssessResidual(t *testing.T) {
	m := Preset5x5()
	r := pmo.Risk{ID: "R-1", Probability: 0.7, Impact: 5, CostImpact: pmo.MustParseMoney("100 USD"),
		Residual: &pmo.Residual{Probability: 0.3}}
	a, err := m.Assess(r)
	require.NoError(t, err)
	assert.Equal(t, "critical", a.Rating.Name)
	require.NotNil(t, a.Residual)
	assert.Equal(t, Cell{Likelihood: 1, Impact: 4}, a.Residual.Cell) // impact unchanged
	assert.Equal(t, "high", a.Residual.Rating.Name)
	assert.Equal(t, "-30 USD", a.Residual.EMV.String())
	assert.Nil(t, a.Residual.Residual)
}

func TestAssessErrors(t *testing.T) {
	m := Preset5x5()
	usd := pmo.MustParseMoney
	opp, err := NewMatrix(func() Definition { d := Preset3x3().Definition(); d.Kind = pmo.Opportunity; d.Name = "opp"; return d }())
	require.NoError(t, err)
	tests := []struct {
		name string
		m    *Matrix
		r    pmo.Risk
		ref  pmo.Money
		want string
	}{
		{"no impact", m, pmo.Risk{ID: "R-1", Probability: 0.5}, pmo.Money{}, `risk: risk "R-1": no impact: set impact (1..5), impacts or cost_impact`},
		{"impact too big", m, pmo.Risk{ID: "R-1", Probability: 0.5, Impact: 6}, pmo.Money{}, `risk: risk "R-1": impact 6 is outside the matrix's 1..5`},
		{"probability", m, pmo.Risk{ID: "R-1", Probability: 1.5, Impact: 2}, pmo.Money{}, `risk: risk "R-1": probability 1.5 is outside 0..1`},
		{"no reference", m, pmo.Risk{ID: "R-1", Probability: 0.5, CostImpact: usd("5 USD")}, pmo.Money{}, `risk: risk "R-1": no ordinal impact, and no reference amount to rate cost_impact 5 USD against`},
		{"currency", m, pmo.Risk{ID: "R-1", Probability: 0.5, CostImpact: usd("5 USD")}, usd("10 EUR"), `risk: risk "R-1": pmo: currency mismatch: cost_impact 5 USD against reference 10 EUR`},
		{"kind", opp, pmo.Risk{ID: "R-1", Probability: 0.5, Impact: 1}, pmo.Money{}, `risk: risk "R-1": opportunity matrix "opp" cannot rate a threat`},
		{"residual", m, pmo.Risk{ID: "R-1", Probability: 0.5, Impact: 1, Residual: &pmo.Residual{Impact: 9}}, pmo.Money{}, `risk: risk "R-1": impact 9 is outside the matrix's 1..5 (residual)`},
		// Figures that would make sums infinite or exposure negative.
		{"huge days", m, pmo.Risk{ID: "R-1", Probability: 0.5, Impact: 1, ScheduleImpactDays: 1e308}, pmo.Money{}, `risk: risk "R-1": schedule_impact_days 1e+308 is outside 0..1000000 days`},
		{"NaN days", m, pmo.Risk{ID: "R-1", Probability: 0.5, Impact: 1, ScheduleImpactDays: math.NaN()}, pmo.Money{}, `risk: risk "R-1": schedule_impact_days NaN is outside 0..1000000 days`},
		{"negative days", m, pmo.Risk{ID: "R-1", Probability: 0.5, Impact: 1, ScheduleImpactDays: -3}, pmo.Money{}, `risk: risk "R-1": schedule_impact_days -3 is outside 0..1000000 days`},
		{"negative cost", m, pmo.Risk{ID: "R-1", Probability: 0.5, Impact: 1, CostImpact: usd("-5 USD")}, pmo.Money{}, `risk: risk "R-1": cost_impact -5 USD is negative (give the magnitude; kind opportunity makes it a gain)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.m.AssessWith(tt.r, tt.ref)
			require.Error(t, err)
			assert.EqualError(t, err, tt.want)
		})
	}
}

// TestErrInvalid checks that every error about invalid input matches
// ErrInvalid, and its cause too where it has one.
func TestErrInvalid(t *testing.T) {
	usd := pmo.MustParseMoney
	_, err := Preset5x5().Assess(pmo.Risk{ID: "R-1", Probability: 2, Impact: 1})
	assert.ErrorIs(t, err, ErrInvalid)
	_, err = Preset5x5().AssessWith(pmo.Risk{ID: "R-1", Probability: 0.5, CostImpact: usd("5 USD")}, usd("10 EUR"))
	assert.ErrorIs(t, err, ErrInvalid)
	assert.ErrorIs(t, err, pmo.ErrCurrencyMismatch)
	_, err = Preset5x5().Rate(Cell{Likelihood: 9})
	assert.ErrorIs(t, err, ErrInvalid)
	_, err = Preset5x5().LikelihoodLevel(-1)
	assert.ErrorIs(t, err, ErrInvalid)
	_, err = Simulate(t.Context(), []pmo.Risk{{ID: "R-1", Probability: 3}}, SimOptions{})
	assert.ErrorIs(t, err, ErrInvalid)
	_, err = Simulate(t.Context(), nil, SimOptions{Trials: -1})
	assert.ErrorIs(t, err, ErrInvalid)
	_, err = Rollup(testPortfolio(), Preset5x5(), Filter{Project: "nope"})
	assert.ErrorIs(t, err, ErrInvalid)
	reg, err := Rollup(testPortfolio(), Preset5x5(), Filter{})
	require.NoError(t, err)
	_, err = reg.Breaches(Appetite{MaxRating: "extreme"})
	assert.ErrorIs(t, err, ErrInvalid)
	assert.ErrorIs(t, HeatMap{}.WriteText(io.Discard), ErrInvalid)
	assert.NotErrorIs(t, err, ErrInvalidMatrix)
}
