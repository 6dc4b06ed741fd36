package sample_test

import (
	"testing"

	"github.com/pmokit/pmokit/internal/sample"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPortfolio(t *testing.T) {
	pf, err := sample.Portfolio()
	require.NoError(t, err)
	assert.Len(t, pf.Projects, 12)
	assert.Len(t, pf.Programs, 3)
	t.Logf("%+v", pf.Projects[0].Benefits)
	t.Logf("%+v", pf.Projects[0].EarnedValue)
}
