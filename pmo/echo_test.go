package pmo_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/pmo"
)

// TestErrorsCutEchoedInput checks that an error echoing a huge bad value
// shows only its first 64 bytes, an ellipsis and its length.
func TestErrorsCutEchoedInput(t *testing.T) {
	huge := strings.Repeat("a", 1<<20)
	cut := `"` + strings.Repeat("a", 64) + `…" (1048576 bytes)`
	t.Run("money", func(t *testing.T) {
		_, err := pmo.ParseMoney(huge)
		require.Error(t, err)
		assert.Equal(t, "pmo: invalid money "+cut, err.Error())
	})
	t.Run("enum", func(t *testing.T) {
		var s pmo.RiskStatus
		err := s.UnmarshalText([]byte(huge))
		require.Error(t, err)
		assert.Less(t, len(err.Error()), 200)
		assert.Contains(t, err.Error(), cut)
	})
	t.Run("date and unknown person in a file", func(t *testing.T) {
		doc := `{"id": "pf", "name": "PF", "projects": [{"id": "P-1", "name": "X", "phase": "planning", "start": "` +
			huge + `", "manager": "` + huge + `"}]}`
		_, err := pmo.ReadPortfolio(strings.NewReader(doc))
		require.Error(t, err)
		assert.Less(t, len(err.Error()), 1000)
		assert.Contains(t, err.Error(), cut)
	})
	t.Run("unknown key, in the path and the message", func(t *testing.T) {
		_, err := pmo.ReadPortfolio(strings.NewReader(`{"id": "pf", "name": "PF", "` + huge + `": 1}`))
		require.Error(t, err)
		assert.Less(t, len(err.Error()), 2000)
		assert.Contains(t, err.Error(), cut)
	})
}
