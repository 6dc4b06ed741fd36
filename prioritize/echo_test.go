package prioritize_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/prioritize"
)

// TestErrorsCutEchoedInput checks that an error naming a huge ID shows only
// its first 64 bytes, an ellipsis and its length.
func TestErrorsCutEchoedInput(t *testing.T) {
	id := strings.Repeat("p", 1<<20)
	_, err := prioritize.WSJF([]prioritize.WSJFItem{{ID: id, BusinessValue: 1, JobSize: 0}})
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 200)
	assert.Contains(t, err.Error(), `"`+strings.Repeat("p", 64)+`…" (1048576 bytes)`)
}
