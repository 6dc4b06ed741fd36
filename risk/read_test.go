package risk

import (
	"errors"
	"strconv"
	"testing"

	"github.com/pmokit/pmokit/pmo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestParseMatrixEveryError checks that every problem of a definition is
// reported at once, reading problems and New's together, each with its
// path, line and column.
func TestParseMatrixEveryError(t *testing.T) {
	in := `name: broken
likelihood:
  levels:
    - {name: rare, min: 0, max: 0.5}
    - {name: likely, min: 0.4, max: 1.5}
impact:
  levels:
    - {name: minor, min: 0, max: "ten"}
ratings:
  - {name: low, color: red}
cells:
  - [low]
  - [high]
`
	_, err := ParseMatrix([]byte(in))
	require.Error(t, err)
	assert.True(t, errors.Is(err, ErrInvalidMatrix))
	var got []string
	for _, e := range matrixErrors(err) {
		got = append(got, e.Error())
		assert.Positive(t, e.Line, e.Error())
		assert.Positive(t, e.Column, e.Error())
		got = append(got, "  at "+strconv.Itoa(e.Line)+":"+strconv.Itoa(e.Column))
	}
	assert.Equal(t, []string{
		"risk: matrix: likelihood.levels[1]: band 0.4..1.5 is outside 0..1", "  at 5:7",
		"risk: matrix: likelihood.levels[1]: band 0.4..1.5 overlaps level \"rare\" (..0.5) or is out of order", "  at 5:7",
		"risk: matrix: impact.levels[0].max: want a number, found a string", "  at 8:34",
		"risk: matrix: ratings[0].color: invalid color \"red\" (want #rgb or #rrggbb)", "  at 10:24",
		"risk: matrix: cells[1][0]: rating \"high\" is not one of the ratings", "  at 13:6",
	}, got)
}

// zeros is an endless reader, like /dev/zero.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	clear(p)
	z.n += int64(len(p))
	return len(p), nil
}

func TestReadMatrixLimit(t *testing.T) {
	z := &zeros{}
	_, err := ReadMatrix(z)
	require.Error(t, err)
	assert.True(t, errors.Is(err, ErrInvalidMatrix))
	assert.True(t, errors.Is(err, pmo.ErrTooLarge))
	assert.Less(t, z.n, int64(2*MaxMatrixSize))
	assert.EqualError(t, err, "risk: matrix: input larger than the limit of 1048576 bytes (raise MaxBytes in the reader's options to read it)")

	def := []byte(`{"likelihood": {"levels": [{"name": "a", "min": 0, "max": 1}]}, "impact": {"levels": [{"name": "b", "min": 0, "max": 1}]}, "ratings": [{"name": "x"}], "cells": [["x"]]}`)
	_, err = ReadOptions{MaxBytes: int64(len(def) - 1)}.ParseMatrix(def)
	assert.True(t, errors.Is(err, pmo.ErrTooLarge))
	m, err := ReadOptions{MaxBytes: int64(len(def))}.ParseMatrix(def)
	require.NoError(t, err)
	nl, ni := m.Size()
	assert.Equal(t, [2]int{1, 1}, [2]int{nl, ni})
}
