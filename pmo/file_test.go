package pmo_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/pmo"
)

func TestReadPortfolioFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	require.NoError(t, os.WriteFile(good, []byte("id: pf\nname: PF\n"), 0o600))
	pf, err := pmo.ReadPortfolioFile(good)
	require.NoError(t, err)
	assert.Equal(t, "pf", pf.ID)

	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("id: pf\nname: PF\nbudget: 12x USD\nprojects: [{id: P-1}]\n"), 0o600))
	_, err = pmo.ReadPortfolioFile(bad)
	require.Error(t, err)
	assert.ErrorIs(t, err, pmo.ErrInvalid)
	var fes []*pmo.FieldError
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var fe *pmo.FieldError
		require.True(t, errors.As(e, &fe))
		assert.Equal(t, bad, fe.File, "every problem names the file")
		fes = append(fes, fe)
	}
	require.Len(t, fes, 3)
	assert.Contains(t, err.Error(), "pmo: "+bad+":3:9: budget: invalid money")

	_, err = pmo.ReadPortfolioFile(filepath.Join(dir, "nope.yaml"))
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		err  bool
	}{
		{in: "2026-11-26", want: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)},
		{in: "2026-11-26T08:30:00+02:00", want: time.Date(2026, 11, 26, 6, 30, 0, 0, time.UTC)},
		{in: "26.11.2026", err: true},
		{in: "2026-13-01", err: true},
		{in: "", err: true},
	}
	for _, tt := range tests {
		got, err := pmo.ParseTime(tt.in)
		if tt.err {
			assert.ErrorIs(t, err, pmo.ErrInvalid, tt.in)
			assert.ErrorContains(t, err, "pmo: invalid date", tt.in)
			continue
		}
		require.NoError(t, err, tt.in)
		assert.True(t, tt.want.Equal(got), "%s: got %v", tt.in, got)
	}
}

// TestReadOptionsFile checks that ReadOptions.File names an input read
// from a reader (standard input, say) in every problem, with its position,
// and that its extension decides the format.
func TestReadOptionsFile(t *testing.T) {
	_, err := pmo.ReadOptions{File: "<stdin>"}.ReadPortfolio(strings.NewReader("id: pf\nname: PF\nbudget: 12x USD\n"))
	require.Error(t, err)
	var fe *pmo.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "<stdin>", fe.File)
	assert.EqualError(t, err, `pmo: <stdin>:3:9: budget: invalid money "12x USD"`)

	// A .json name reads the text as JSON, never as YAML.
	_, err = pmo.ReadOptions{File: "pf.json"}.ReadPortfolio(strings.NewReader("id: pf\nname: PF\n"))
	require.Error(t, err)
	assert.ErrorContains(t, err, "pmo: pf.json:1:1: invalid JSON")

	pf, err := pmo.ReadOptions{}.ReadPortfolio(strings.NewReader("id: pf\nname: PF\n"))
	require.NoError(t, err)
	assert.Equal(t, "pf", pf.ID)
}
