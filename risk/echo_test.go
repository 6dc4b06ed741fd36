package risk_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/pmo"
	"github.com/pmokit/pmokit/risk"
)

// TestErrorsCutEchoedInput checks that an error naming a huge risk ID shows
// only its first 64 bytes, an ellipsis and its length.
func TestErrorsCutEchoedInput(t *testing.T) {
	id := strings.Repeat("r", 1<<20)
	_, err := risk.Preset5x5().Assess(pmo.Risk{ID: id, Probability: 0.5, Impact: 9})
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 300)
	assert.Contains(t, err.Error(), `"`+strings.Repeat("r", 64)+`…" (1048576 bytes)`)
}
