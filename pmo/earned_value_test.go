package pmo_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/pmokit/pmokit/pmo"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func usd(s string) pmo.Money { return pmo.MustParseMoney(s + " USD") }

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// published is a figure as a source prints it: a value and the number of
// decimal places it was printed with. A figure is compared after rounding
// ours to the same places.
type published struct {
	value  string
	places int32
}

func assertPublished(t *testing.T, name string, want published, got decimal.Decimal) {
	t.Helper()
	assert.Truef(t, dec(want.value).Equal(got.Round(want.places)),
		"%s: published %s, computed %s (rounded to %d places: %s)", name, want.value, got, want.places, got.Round(want.places))
}

// TestMetricsPublished checks Metrics against worked examples published with
// their answers, at the precision the source printed. The formulas are those
// of the Defense Acquisition University's Earned Value Management "Gold Card"
// (the one-page EVM reference card, DAU).
func TestMetricsPublished(t *testing.T) {
	tests := []struct {
		name   string
		source string
		ev     pmo.EarnedValue
		want   map[string]published
	}{
		{
			// CE Board Exam Randomizer, "Project Control and Earned Value",
			// Cost and Schedule Performance: PV 100,000, EV 90,000, AC 110,000.
			// The example gives no BAC; any BAC leaves these four figures as they are.
			name:   "behind and over",
			source: "https://ceboardexamgenerator.com/subjects/mstc/construction/3project-control-and-earned-value",
			ev:     pmo.EarnedValue{BAC: usd("500000"), PV: usd("100000"), EV: usd("90000"), AC: usd("110000")},
			want: map[string]published{
				"CV": {"-20000", 0}, "SV": {"-10000", 0}, "CPI": {"0.818", 3}, "SPI": {"0.900", 3},
			},
		},
		{
			// Same source, "Interpreting Positive CV and SV": PV 800,000,
			// EV 900,000, AC 850,000 (no BAC given).
			name:   "ahead and under",
			source: "https://ceboardexamgenerator.com/subjects/mstc/construction/3project-control-and-earned-value",
			ev:     pmo.EarnedValue{BAC: usd("2000000"), PV: usd("800000"), EV: usd("900000"), AC: usd("850000")},
			want: map[string]published{
				"CV": {"50000", 0}, "SV": {"100000", 0}, "CPI": {"1.059", 3}, "SPI": {"1.125", 3},
			},
		},
		{
			// EVM forecasting poster 14 (wikislate "15-evm-forecasting"):
			// BAC/EV/AC 100/40/45 (thousands), SPI 0.80 so PV 50; CPI 0.89,
			// EAC 112.5k, ETC 67.5k, VAC −12.5k, EAC (cost×schedule) ≈ 129k,
			// TCPI→BAC 1.09.
			name:   "forecasting poster",
			source: "https://wikislate.com/view.php?p=15-evm-forecasting.html",
			ev:     pmo.EarnedValue{BAC: usd("100000"), PV: usd("50000"), EV: usd("40000"), AC: usd("45000")},
			want: map[string]published{
				"CPI": {"0.89", 2}, "SPI": {"0.80", 2}, "EAC": {"112500", 0}, "ETC": {"67500", 0},
				"VAC": {"-12500", 0}, "EACComposite": {"129000", -3}, "TCPI": {"1.09", 2},
			},
		},
		{
			// "Earned Value Exercise" (studylib 5898152, after R. Mulcahy, PMP
			// Exam Prep, p. 210): a four-sided fence, $1,000 a side, end of day
			// three. PV 3,000, EV 2,500, AC 2,800, BAC 4,000; CV −300, CPI .893,
			// SV −500, SPI .833. The source's EAC 4,479, ETC 1,679 and VAC −479
			// divide by the rounded CPI .893; pmokit computes EAC = BAC·AC/EV
			// exactly (4,480), see TestMetricsRoundedCPI.
			name:   "fence exercise",
			source: "https://studylib.net/doc/5898152/earned-value-exercise",
			ev:     pmo.EarnedValue{BAC: usd("4000"), PV: usd("3000"), EV: usd("2500"), AC: usd("2800")},
			want: map[string]published{
				"CV": {"-300", 0}, "CPI": {"0.893", 3}, "SV": {"-500", 0}, "SPI": {"0.833", 3},
				"EAC": {"4480", 0}, "ETC": {"1680", 0}, "VAC": {"-480", 0},
			},
		},
		{
			// J. Phillips' EAC example (gristprojectmanagement "Info", Figure
			// 7-13): AC $127,000, BAC $500,000, EV $100,000 → EAC for an
			// atypical variance AC + (BAC − EV) = $527,000.
			name:   "atypical variance",
			source: "https://www.gristprojectmanagement.us/integration/info-uhq.html",
			ev:     pmo.EarnedValue{BAC: usd("500000"), PV: usd("100000"), EV: usd("100000"), AC: usd("127000")},
			want:   map[string]published{"EACAtypical": {"527000", 0}},
		},
		{
			// The bread project (questpond, "Earned value"): 400 breads at
			// $0.02, third hour: PV 2.4, EV 1.6, AC 3, BAC 8; SV −0.8, CV −1.4,
			// CPI 0.53, TCPI (8 − 1.6)/(8 − 3) = 1.28. (The page's SPI "0.6" is
			// 1.6/2.4 = 0.67 truncated, so it is not used.)
			name:   "bread project",
			source: "https://www.geocities.ws/projectmanagementquestpond/earnedvalue.htm",
			ev:     pmo.EarnedValue{BAC: usd("8"), PV: usd("2.4"), EV: usd("1.6"), AC: usd("3")},
			want: map[string]published{
				"SV": {"-0.8", 1}, "CV": {"-1.4", 1}, "CPI": {"0.53", 2}, "TCPI": {"1.28", 2},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := tt.ev.Metrics()
			require.NoError(t, err)
			got := map[string]decimal.Decimal{
				"CV": m.CV.Amount, "SV": m.SV.Amount, "EAC": m.EAC.Amount, "ETC": m.ETC.Amount, "VAC": m.VAC.Amount,
				"EACAtypical": m.EACAtypical.Amount, "EACComposite": m.EACComposite.Amount,
				"CPI": m.CPI, "SPI": m.SPI, "TCPI": m.TCPI,
			}
			for name, want := range tt.want {
				assertPublished(t, name, want, got[name])
			}
			assert.True(t, m.CPIDefined && m.SPIDefined && m.TCPIDefined && m.EACDefined && m.EACCompositeDefined)
		})
	}
}

// TestMetricsRoundedCPI shows why EAC is computed as BAC·AC/EV: the fence
// exercise's published EAC (4,479) is BAC divided by the CPI rounded to .893,
// one dollar away from the exact 4,480.
func TestMetricsRoundedCPI(t *testing.T) {
	ev := pmo.EarnedValue{BAC: usd("4000"), PV: usd("3000"), EV: usd("2500"), AC: usd("2800")}
	m, err := ev.Metrics()
	require.NoError(t, err)
	assert.Equal(t, "4480 USD", m.EAC.String())
	viaRounded := dec("4000").Div(m.CPI.Round(3)).Round(0)
	assert.Equal(t, "4479", viaRounded.String())
}

// TestMetricsExact compares every figure, exactly, on a case whose quotients
// all terminate, and one whose quotients are rounded at EVPrecision places.
func TestMetricsExact(t *testing.T) {
	m, err := pmo.EarnedValue{BAC: usd("1200000"), PV: usd("800000"), EV: usd("600000"), AC: usd("750000")}.Metrics()
	require.NoError(t, err)
	assert.Equal(t, pmo.EVMetrics{
		CV: usd("-150000"), SV: usd("-200000"),
		EAC: usd("1500000"), ETC: usd("750000"), VAC: usd("-300000"),
		EACAtypical:  usd("1350000"),
		EACComposite: usd("1750000"), // 750000 + 600000/(0.8·0.75)
		CPI:          dec("0.8"), SPI: dec("0.75"), TCPI: dec("1.3333333333333333"),
		CVPercent: dec("-25"), SVPercent: dec("-25"), TCPIEAC: dec("0.8"), // TCPI to the CPI EAC is CPI
		PercentComplete: dec("50"), PercentSpent: dec("62.5"), PlannedDays: dec("0"), ForecastDays: dec("0"),
		CPIDefined: true, SPIDefined: true, TCPIDefined: true, EACDefined: true, EACCompositeDefined: true,
		CVPercentDefined: true, SVPercentDefined: true, TCPIEACDefined: true, PercentDefined: true,
	}, normalizedMetrics(m))

	// 2/3 does not terminate: 16 places, rounded half away from zero.
	m, err = pmo.EarnedValue{BAC: usd("3"), PV: usd("3"), EV: usd("2"), AC: usd("3")}.Metrics()
	require.NoError(t, err)
	assert.Equal(t, "0.6666666666666667", m.CPI.String())
	assert.Equal(t, "4.5 USD", m.EAC.String())
}

// normalizedMetrics rebuilds every decimal from its string so that whole
// values compare with assert.Equal.
func normalizedMetrics(m pmo.EVMetrics) pmo.EVMetrics {
	n := func(d decimal.Decimal) decimal.Decimal { return decimal.RequireFromString(d.String()) }
	nm := func(x pmo.Money) pmo.Money { return pmo.NewMoney(n(x.Amount), x.Currency) }
	m.CV, m.SV, m.EAC, m.ETC, m.VAC = nm(m.CV), nm(m.SV), nm(m.EAC), nm(m.ETC), nm(m.VAC)
	m.EACAtypical, m.EACComposite = nm(m.EACAtypical), nm(m.EACComposite)
	m.CPI, m.SPI, m.TCPI = n(m.CPI), n(m.SPI), n(m.TCPI)
	m.CVPercent, m.SVPercent, m.TCPIEAC = n(m.CVPercent), n(m.SVPercent), n(m.TCPIEAC)
	m.PercentComplete, m.PercentSpent = n(m.PercentComplete), n(m.PercentSpent)
	m.PlannedDays, m.ForecastDays = n(m.PlannedDays), n(m.ForecastDays)
	return m
}

// TestMetricsUndefined covers zero denominators: normal data, no error, the
// figure left zero and flagged undefined.
func TestMetricsUndefined(t *testing.T) {
	type flags struct{ cpi, spi, tcpi, eac, composite bool }
	tests := []struct {
		name string
		ev   pmo.EarnedValue
		want flags
	}{
		{"not started", pmo.EarnedValue{BAC: usd("1000"), PV: usd("0"), EV: usd("0"), AC: usd("0")}, flags{tcpi: true}},
		{"only BAC given", pmo.EarnedValue{BAC: usd("1000")}, flags{tcpi: true}},
		{"planned but nothing done", pmo.EarnedValue{BAC: usd("1000"), PV: usd("100")}, flags{spi: true, tcpi: true}},
		{"spent but nothing earned", pmo.EarnedValue{BAC: usd("1000"), PV: usd("100"), AC: usd("50")}, flags{cpi: true, spi: true, tcpi: true}},
		{"earned with no cost", pmo.EarnedValue{BAC: usd("1000"), PV: usd("100"), EV: usd("100")}, flags{spi: true, tcpi: true}},
		{"budget spent", pmo.EarnedValue{BAC: usd("1000"), PV: usd("1000"), EV: usd("900"), AC: usd("1000")}, flags{cpi: true, spi: true, eac: true, composite: true}},
		{"nothing planned yet", pmo.EarnedValue{BAC: usd("1000"), EV: usd("10"), AC: usd("10")}, flags{cpi: true, tcpi: true, eac: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := tt.ev.Metrics()
			require.NoError(t, err)
			assert.Equal(t, tt.want, flags{m.CPIDefined, m.SPIDefined, m.TCPIDefined, m.EACDefined, m.EACCompositeDefined})
			if !m.CPIDefined {
				assert.True(t, m.CPI.IsZero())
			}
			if !m.EACDefined {
				assert.True(t, m.EAC.IsZero() && m.ETC.IsZero() && m.VAC.IsZero())
			}
			assert.Equal(t, "USD", m.EACAtypical.Currency)
		})
	}
}

func TestMetricsErrors(t *testing.T) {
	eur := pmo.MustParseMoney("10 EUR")
	tests := []struct {
		name string
		ev   pmo.EarnedValue
		is   error
	}{
		{"missing BAC", pmo.EarnedValue{PV: usd("1"), EV: usd("1"), AC: usd("1")}, pmo.ErrInvalid},
		{"PV in another currency", pmo.EarnedValue{BAC: usd("100"), PV: eur, EV: usd("1"), AC: usd("1")}, pmo.ErrCurrencyMismatch},
		{"EV in another currency", pmo.EarnedValue{BAC: usd("100"), PV: usd("1"), EV: eur, AC: usd("1")}, pmo.ErrCurrencyMismatch},
		{"AC in another currency", pmo.EarnedValue{BAC: usd("100"), PV: usd("1"), EV: usd("1"), AC: eur}, pmo.ErrCurrencyMismatch},
		// Negative figures would give a healthy-looking CPI: -50/-60 > 0.
		{"negative BAC", pmo.EarnedValue{BAC: usd("-100"), PV: usd("1"), EV: usd("1"), AC: usd("1")}, pmo.ErrInvalid},
		{"negative PV", pmo.EarnedValue{BAC: usd("100"), PV: usd("-1"), EV: usd("1"), AC: usd("1")}, pmo.ErrInvalid},
		{"negative EV", pmo.EarnedValue{BAC: usd("100"), PV: usd("60"), EV: usd("-50"), AC: usd("60")}, pmo.ErrInvalid},
		{"negative AC", pmo.EarnedValue{BAC: usd("100"), PV: usd("60"), EV: usd("-50"), AC: usd("-60")}, pmo.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.ev.Metrics()
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.is)
			assert.Regexp(t, "^pmo: ", err.Error())
		})
	}
	_, err := pmo.EarnedValue{BAC: usd("100"), PV: usd("60"), EV: usd("-50"), AC: usd("60")}.Metrics()
	assert.EqualError(t, err, "pmo: invalid portfolio: earned value ev -50 USD is negative (want an amount >= 0)")
	for _, ok := range []pmo.EarnedValue{
		{BAC: usd("0"), PV: usd("0"), EV: usd("0"), AC: usd("0")},
		{BAC: usd("100")},
	} {
		_, err := ok.Metrics()
		assert.NoError(t, err, "%+v", ok)
	}
}

// TestMetricsIdentities checks, on random snapshots, identities that hold
// whenever the figures are defined: ETC + AC = EAC, VAC + EAC = BAC, and the
// Gold Card's TCPI to EAC = (BAC − EV)/(EAC − AC) = CPI when EAC = BAC/CPI.
func TestMetricsIdentities(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	tol := dec("1e-12")
	for range 500 {
		bac := decimal.NewFromInt(int64(1 + r.IntN(1_000_000)))
		ev := pmo.EarnedValue{
			BAC: pmo.NewMoney(bac, "USD"),
			PV:  pmo.NewMoney(decimal.NewFromInt(int64(1+r.IntN(1_000_000))), "USD"),
			EV:  pmo.NewMoney(decimal.NewFromInt(int64(1+r.IntN(1_000_000))), "USD"),
			AC:  pmo.NewMoney(decimal.NewFromInt(int64(1+r.IntN(1_000_000))), "USD"),
		}
		m, err := ev.Metrics()
		require.NoError(t, err)
		require.True(t, m.EACDefined)
		etcPlusAC, _ := m.ETC.Add(ev.AC)
		assert.True(t, etcPlusAC.Equal(m.EAC))
		vacPlusEAC, _ := m.VAC.Add(m.EAC)
		assert.True(t, vacPlusEAC.Equal(ev.BAC))
		if left := m.EAC.Amount.Sub(ev.AC.Amount); !left.IsZero() {
			tcpiEAC := bac.Sub(ev.EV.Amount).Div(left)
			assert.True(t, tcpiEAC.Sub(m.CPI).Abs().LessThan(tol), "TCPI to EAC %s, CPI %s", tcpiEAC, m.CPI)
		}
	}
}

// TestMetricsGoldCard checks the Gold Card figures beyond the indices (CV%,
// SV%, TCPI to the EAC, percent complete and spent, the forecast duration
// by SPI) on published worked examples. Where the source prints a figure it
// is compared at the printed precision; the others are the Gold Card
// formulas (REFERENCES.md Part A §3) worked by hand on the source's inputs,
// shown in the comments.
func TestMetricsGoldCard(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		require.NoError(t, err)
		return d
	}
	tests := []struct {
		name   string
		source string
		ev     pmo.EarnedValue
		plan   pmo.EVPlan
		want   map[string]published
	}{
		{
			// "Earned Value Exercise" (studylib 5898152, after R. Mulcahy):
			// a four-sided fence, $1,000 and one day a side, end of day three;
			// PV 3,000, EV 2,500, AC 2,800, BAC 4,000, CPI .893, SPI .833,
			// EAC 4,479. Planned duration 4 days. By hand: CV% = −300/2,500 =
			// −12; SV% = −500/3,000 = −16.67; % complete 2,500/4,000 = 62.5;
			// % spent 2,800/4,000 = 70; forecast 4/.8333 = 4.8 days. TCPI to
			// the source's own EAC 4,479: 1,500/1,679 = .893, the published
			// CPI, as the Gold Card identity says it must be.
			name:   "fence exercise",
			source: "https://studylib.net/doc/5898152/earned-value-exercise",
			ev:     pmo.EarnedValue{BAC: usd("4000"), PV: usd("3000"), EV: usd("2500"), AC: usd("2800")},
			plan:   pmo.EVPlan{Start: day("2026-03-02"), Finish: day("2026-03-06"), EAC: usd("4479")},
			want: map[string]published{
				"CVPercent": {"-12", 0}, "SVPercent": {"-16.67", 2}, "TCPIEAC": {"0.893", 3},
				"PercentComplete": {"62.5", 1}, "PercentSpent": {"70", 0},
				"PlannedDays": {"4", 0}, "ForecastDays": {"4.8", 1},
			},
		},
		{
			// Carl's car re-design (TAP University, "Earned Value Management
			// – CV and SV", 2009): $4 million spread evenly over 12 months,
			// one-fourth complete after two months, $2 million spent: AC 2M,
			// EV 1M, PV 2/3 M (printed as a fraction; 666,666.67 here), CV
			// −1M, SV +1/3 M, ahead of schedule. By hand: % complete 25 (the
			// source's "one-fourth"), % spent 50, CV% = −1/1 × 100 = −100,
			// SV% = (1/3)/(2/3) × 100 = 50, SPI 1.5, so the 365-day plan is
			// forecast at 365/1.5 = 243.3 days; TCPI to BAC 3/2 = 1.5.
			name:   "car re-design",
			source: "https://tapuniversity.wordpress.com/2009/08/19/earned-value-management-%E2%80%93-cv-and-sv/",
			ev:     pmo.EarnedValue{BAC: usd("4000000"), PV: usd("666666.67"), EV: usd("1000000"), AC: usd("2000000")},
			plan:   pmo.EVPlan{Start: day("2026-01-01"), Finish: day("2027-01-01")},
			want: map[string]published{
				"PercentComplete": {"25", 0}, "PercentSpent": {"50", 0}, "CVPercent": {"-100", 0},
				"SVPercent": {"50", 0}, "PlannedDays": {"365", 0}, "ForecastDays": {"243.3", 1}, "TCPI": {"1.5", 1},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := tt.ev.MetricsFor(tt.plan)
			require.NoError(t, err)
			got := map[string]decimal.Decimal{
				"CVPercent": m.CVPercent, "SVPercent": m.SVPercent, "TCPIEAC": m.TCPIEAC, "TCPI": m.TCPI,
				"PercentComplete": m.PercentComplete, "PercentSpent": m.PercentSpent,
				"PlannedDays": m.PlannedDays, "ForecastDays": m.ForecastDays,
			}
			for name, want := range tt.want {
				assertPublished(t, name, want, got[name])
			}
			assert.True(t, m.CVPercentDefined && m.SVPercentDefined && m.TCPIEACDefined && m.PercentDefined &&
				m.PlannedDaysDefined && m.ForecastDaysDefined)
		})
	}
}

// TestMetricsGoldCardDefaults covers Metrics without a plan: TCPIEAC aims
// at the CPI EAC, where it equals CPI; the durations are undefined.
func TestMetricsGoldCardDefaults(t *testing.T) {
	m, err := pmo.EarnedValue{BAC: usd("1200000"), PV: usd("800000"), EV: usd("600000"), AC: usd("750000")}.Metrics()
	require.NoError(t, err)
	assert.True(t, m.TCPIEACDefined)
	assert.Equal(t, "0.8", m.TCPIEAC.String())
	assert.Equal(t, "-25", m.CVPercent.String())
	assert.Equal(t, "-25", m.SVPercent.String())
	assert.Equal(t, "50", m.PercentComplete.String())
	assert.Equal(t, "62.5", m.PercentSpent.String())
	assert.False(t, m.PlannedDaysDefined || m.ForecastDaysDefined)
	assert.True(t, m.PlannedDays.IsZero() && m.ForecastDays.IsZero())
}

// TestMetricsGoldCardUndefined covers the zero denominators of the Gold
// Card figures: no error, the figure zero and its flag false.
func TestMetricsGoldCardUndefined(t *testing.T) {
	type flags struct{ cvp, svp, tcpiEAC, percent, planned, forecast bool }
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	plan := pmo.EVPlan{Start: start, Finish: start.AddDate(0, 0, 30)}
	tests := []struct {
		name string
		ev   pmo.EarnedValue
		plan pmo.EVPlan
		want flags
	}{
		{"not started, no plan", pmo.EarnedValue{BAC: usd("1000")}, pmo.EVPlan{}, flags{percent: true}},
		{"not started, with plan", pmo.EarnedValue{BAC: usd("1000")}, plan, flags{percent: true, planned: true}},
		{"zero budget", pmo.EarnedValue{BAC: usd("0"), PV: usd("0"), EV: usd("0"), AC: usd("0")}, plan, flags{planned: true}},
		{"planned, nothing earned", pmo.EarnedValue{BAC: usd("1000"), PV: usd("100"), AC: usd("50")}, plan,
			flags{svp: true, percent: true, planned: true}},
		{"forecast EAC equals AC", pmo.EarnedValue{BAC: usd("1000"), PV: usd("100"), EV: usd("100"), AC: usd("50")},
			pmo.EVPlan{EAC: usd("50")}, flags{cvp: true, svp: true, percent: true}},
		{"forecast EAC with no CPI", pmo.EarnedValue{BAC: usd("1000"), PV: usd("100"), AC: usd("50")},
			pmo.EVPlan{EAC: usd("1100")}, flags{svp: true, tcpiEAC: true, percent: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := tt.ev.MetricsFor(tt.plan)
			require.NoError(t, err)
			assert.Equal(t, tt.want, flags{m.CVPercentDefined, m.SVPercentDefined, m.TCPIEACDefined, m.PercentDefined,
				m.PlannedDaysDefined, m.ForecastDaysDefined})
			if !m.ForecastDaysDefined {
				assert.True(t, m.ForecastDays.IsZero())
			}
			if !m.TCPIEACDefined {
				assert.True(t, m.TCPIEAC.IsZero())
			}
		})
	}
}

func TestMetricsForErrors(t *testing.T) {
	ev := pmo.EarnedValue{BAC: usd("100"), PV: usd("50"), EV: usd("40"), AC: usd("45")}
	start := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		plan pmo.EVPlan
		is   error
		msg  string
	}{
		{"start only", pmo.EVPlan{Start: start}, pmo.ErrInvalid, "pmo: invalid portfolio: earned value plan has a start or a finish but not both"},
		{"finish before start", pmo.EVPlan{Start: start, Finish: start.AddDate(0, 0, -1)}, pmo.ErrInvalid,
			"pmo: invalid portfolio: earned value plan finish 2026-04-30 is before its start 2026-05-01"},
		{"EAC in another currency", pmo.EVPlan{EAC: pmo.MustParseMoney("120 EUR")}, pmo.ErrCurrencyMismatch, ""},
		{"negative EAC", pmo.EVPlan{EAC: usd("-1")}, pmo.ErrInvalid, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ev.MetricsFor(tt.plan)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.is)
			if tt.msg != "" {
				assert.EqualError(t, err, tt.msg)
			}
		})
	}
}
