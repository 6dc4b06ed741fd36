package enum

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type color int

var errBad = errors.New("x: bad")

func TestTable(t *testing.T) {
	unset := &Table[color]{Pkg: "x", Kind: "color", Type: "color", First: 1, Unset: true, Sentinel: errBad, Words: []string{"red", "dark_blue"}}
	fromZero := &Table[color]{Pkg: "x", Kind: "color", Type: "color", First: 0, Words: []string{"red", "dark_blue"}}

	assert.Equal(t, "dark_blue", unset.String(2))
	assert.Equal(t, "", unset.String(0), "the zero value of an Unset table is not set")
	assert.Equal(t, "color(3)", unset.String(3), "a value outside the table shows its number")
	assert.Equal(t, "red", fromZero.String(0))
	assert.Equal(t, "color(-1)", fromZero.String(-1))

	b, err := unset.Marshal(0)
	require.NoError(t, err)
	assert.Empty(t, b)
	_, err = unset.Marshal(3)
	assert.EqualError(t, err, "x: invalid color 3")
	assert.ErrorIs(t, err, errBad)
	_, err = fromZero.Marshal(2)
	assert.Error(t, err)

	var c color = 2
	require.NoError(t, unset.Parse(nil, &c))
	assert.Equal(t, color(0), c)
	require.NoError(t, unset.Parse([]byte("dark_blue"), &c))
	assert.Equal(t, color(2), c)
	require.NoError(t, fromZero.Parse([]byte("dark_blue"), &c))
	assert.Equal(t, color(1), c)

	err = fromZero.Parse(nil, &c)
	assert.EqualError(t, err, `x: invalid color "" (want one of "red" or "dark_blue")`, "the empty word is invalid unless Unset or Empty")
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, []string{"red", "dark_blue"}, e.Words)
	assert.Nil(t, errors.Unwrap(err), "no sentinel given")

	err = unset.Parse([]byte("Red"), &c)
	assert.ErrorIs(t, err, errBad)
	empty := &Table[color]{Pkg: "x", Kind: "color", Type: "color", Empty: true, Words: []string{"red"}}
	c = 5
	require.NoError(t, empty.Parse([]byte(""), &c))
	assert.Equal(t, color(0), c)
}

func TestQuote(t *testing.T) {
	assert.Equal(t, ``, Quote(nil))
	assert.Equal(t, `"a"`, Quote([]string{"a"}))
	assert.Equal(t, `"a" or "b"`, Quote([]string{"a", "b"}))
	assert.Equal(t, `"a", "b" or "c"`, Quote([]string{"a", "b", "c"}))
}
