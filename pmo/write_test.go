package pmo_test

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pmokit/pmokit/pmo"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// small is a portfolio that exercises every kind of value the writers
// print: dates at midnight and timestamps, money, enums, numbers, booleans,
// attributes with nulls and nesting.
func small() *pmo.Portfolio {
	return &pmo.Portfolio{
		ID: "pf", Name: "Small", PMOType: pmo.Controlling, Currency: "USD", Budget: pmo.MustParseMoney("1000000.00 USD"),
		People: []pmo.Person{{ID: "u1", Name: "Ana", Roles: []string{"sponsor", "portfolio_board"}}},
		Projects: []pmo.Project{{
			ID: "P-1", Name: "One", Phase: "execution", Sponsor: "u1", Status: pmo.Amber,
			Start:       time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC),
			Finish:      time.Date(2026, 12, 20, 17, 30, 0, 500, time.UTC),
			Budget:      pmo.Budget{Approved: pmo.MustParseMoney("500000 USD"), Actual: pmo.MustParseMoney("0 USD")},
			EarnedValue: &pmo.EarnedValue{BAC: pmo.MustParseMoney("500000 USD")},
			Scores:      map[string]float64{"reach": 1e21, "confidence": 0.8, "effort": 3},
			Attributes:  map[string]any{"region": "EMEA", "none": nil, "tags": []any{"a", 1.5, true}, "nested": map[string]any{}},
			Risks: []pmo.Risk{{
				ID: "R-1", Title: "Vendor", Probability: 0.4, Impact: 4, Response: pmo.Mitigate,
				CostRange: &pmo.MoneyRange{Min: pmo.MustParseMoney("1 USD"), Max: pmo.MustParseMoney("2.50 USD")},
			}},
			Milestones: []pmo.Milestone{{ID: "M1", Name: "Go-live", Done: true}},
			Benefits:   []pmo.Benefit{{ID: "B-1", Description: "Churn down", Target: decimal.RequireFromString("2.50")}},
		}},
		Waivers: []pmo.Waiver{{
			ID: "W-1", Policy: "accountability", Rule: "manager-assigned", Subject: "P-1", Reason: "the manager starts in January",
			ApprovedBy: "u1", ApprovedOn: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC),
			Expires:    time.Date(2027, 1, 15, 12, 0, 0, 0, time.UTC),
			Conditions: []string{"project.status != 'red'"}, Attributes: map[string]any{"ticket": "PMO-1"},
		}},
	}
}

// TestWriteGolden compares the JSON and YAML of a small portfolio with the
// reviewed golden files (regenerate with -update), and reads them back.
func TestWriteGolden(t *testing.T) {
	for _, format := range []string{"json", "yaml"} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if format == "json" {
				require.NoError(t, small().WriteJSON(&buf))
			} else {
				require.NoError(t, small().WriteYAML(&buf))
			}
			golden := filepath.Join("testdata", "small."+format)
			if *update {
				require.NoError(t, os.WriteFile(golden, buf.Bytes(), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err)
			assert.Equal(t, string(want), buf.String())

			got, err := pmo.ReadPortfolio(&buf)
			require.NoError(t, err)
			assert.Equal(t, normalized(t, small()), normalized(t, got))
		})
	}
}

// TestWriteStrings round-trips strings that YAML would misread unquoted.
func TestWriteStrings(t *testing.T) {
	tricky := []string{
		"null", "~", "true", "no", "123", "1.5", "0x1F", "1e3", ".inf", "2026-01-01", "2026-01-01T10:00:00Z",
		" lead", "trail ", "a\nb", "a\n", "\n", "x: y", "#c", "- d", "[e]", "{f}", "&g", "*h", "!i", "|j", ">k",
		"'q'", `"dq"`, "back\\slash", "tab\there", "\u2028", "\ufeffbom", "\x7f", "\x01", "é 😀", "%l", "@m", "`n`",
		"<<", "---", "...", "? o", "p,q", "r#s", "very long " + strings.Repeat("word ", 40),
	}
	for _, s := range tricky {
		pf := &pmo.Portfolio{ID: "pf", Name: s, Description: s,
			People: []pmo.Person{{ID: s, Name: s, Roles: []string{s}}},
			Projects: []pmo.Project{{ID: "P", Name: s, Phase: "closing", Manager: s,
				Attributes: map[string]any{s: s, "list": []any{s}}, Scores: map[string]float64{s: 1}}},
		}
		require.NoError(t, pf.Validate(), "%q", s)
		roundTrip(t, pf)
	}
}

func TestWriteErrors(t *testing.T) {
	pf := small()
	pf.Budget = pmo.Money{Amount: decimal.NewFromInt(5), Currency: "usd"}
	pf.Projects[0].Risks[0].Status = pmo.RiskStatus(9)
	pf.Projects[0].Risks[0].Probability = math.NaN()
	pf.Projects[0].Name = "bad \xff"
	pf.Projects[0].Attributes["when"] = time.Now()
	pf.Projects[0].Attributes["inf"] = math.Inf(1)
	want := []string{
		`pmo: budget: cannot write money "5 usd": want a three-letter upper-case currency`,
		`pmo: projects[0].name: cannot write invalid UTF-8 "bad \xff"`,
		`pmo: projects[0].attributes.inf: cannot write the non-finite number +Inf`,
		`pmo: projects[0].attributes.when: cannot write an attribute of type time.Time (want a JSON value)`,
		`pmo: projects[0].risks[0].probability: cannot write the non-finite number NaN`,
		`pmo: projects[0].risks[0].status: cannot write: invalid risk status 9`,
	}
	for _, write := range []func(*pmo.Portfolio, *bytes.Buffer) error{
		func(pf *pmo.Portfolio, b *bytes.Buffer) error { return pf.WriteJSON(b) },
		func(pf *pmo.Portfolio, b *bytes.Buffer) error { return pf.WriteYAML(b) },
	} {
		var buf bytes.Buffer
		err := write(pf, &buf)
		require.Error(t, err)
		assert.ErrorIs(t, err, pmo.ErrInvalid)
		assert.Zero(t, buf.Len(), "nothing is written")
		var got []string
		for _, fe := range fieldErrors(t, err) {
			got = append(got, fe.Error())
		}
		assert.Equal(t, want, got)
	}

	// Validate reports the same values as invalid.
	err := pf.Validate()
	require.Error(t, err)
	assert.Contains(t, err.Error(), `pmo: budget: invalid currency "usd" in 5`)
	assert.Contains(t, err.Error(), `pmo: projects[0].risks[0].probability: probability NaN outside 0..1`)
	assert.Contains(t, err.Error(), `pmo: projects[0].attributes.when: unsupported attribute value of type time.Time`)
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteWriterError(t *testing.T) {
	assert.EqualError(t, small().WriteJSON(failingWriter{}), "pmo: writing portfolio: disk full")
	err := small().WriteYAML(failingWriter{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "disk full")
}

func TestWriteEmpty(t *testing.T) {
	var j, y bytes.Buffer
	require.NoError(t, (&pmo.Portfolio{}).WriteJSON(&j))
	require.NoError(t, (&pmo.Portfolio{}).WriteYAML(&y))
	assert.Equal(t, "{}\n", j.String())
	assert.Equal(t, "{}\n", y.String())
}
