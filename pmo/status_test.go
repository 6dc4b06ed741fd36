package pmo_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/pmo"
)

func TestStatusScale(t *testing.T) {
	var none *pmo.Portfolio
	assert.Equal(t, pmo.StatusScale{"green", "amber", "red"}, none.Statuses())
	assert.Equal(t, pmo.DefaultStatusScale(), (&pmo.Portfolio{}).Statuses())

	ipa := pmo.StatusScale{"green", "amber/green", "amber", "amber/red", "red"}
	pf := &pmo.Portfolio{StatusScale: ipa}
	assert.Equal(t, ipa, pf.Statuses())
	assert.Equal(t, 3, ipa.Index("amber/red"))
	assert.Equal(t, -1, ipa.Index("Amber"))
	assert.True(t, ipa.Contains("amber/green"))

	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"green", "amber/green", -1},
		{"red", "amber/red", 1},
		{"amber", "amber", 0},
	} {
		got, err := ipa.Compare(tt.a, tt.b)
		require.NoError(t, err)
		assert.Equal(t, tt.want, got, "%s vs %s", tt.a, tt.b)
	}
	_, err := ipa.Compare("green", "purple")
	require.Error(t, err)
	assert.ErrorIs(t, err, pmo.ErrInvalid)
	assert.Equal(t, `pmo: invalid portfolio: status "purple" is not on the status scale [green amber/green amber amber/red red]`, err.Error())

	// A copy: changing the default does not change the next one.
	def := pmo.DefaultStatusScale()
	def[0] = "blue"
	assert.Equal(t, "green", pmo.DefaultStatusScale()[0])
}

// TestStatusesRoundTrip writes a five-level scale and its statuses and
// reads them back.
func TestStatusesRoundTrip(t *testing.T) {
	pf, err := read("status_scale: [green, amber/green, amber, amber/red, red]\n" + base +
		"    status: amber/red\n    status_reports: [{date: 2026-11-01, status: amber/green}]\n")
	require.NoError(t, err)
	assert.Equal(t, pmo.RAG("amber/red"), pf.Projects[0].Status)
	roundTrip(t, pf)
}
