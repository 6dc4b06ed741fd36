package pmo_test

import (
	"io"
	"testing"

	"github.com/pmokit/pmokit/pmo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLifecycle(t *testing.T) {
	l := pmo.DefaultLifecycle()
	assert.Equal(t, pmo.Lifecycle{"initiation", "planning", "execution", "closing"}, l)
	l[0] = "changed"
	assert.Equal(t, "initiation", pmo.DefaultLifecycle()[0], "DefaultLifecycle returns a copy")

	l = pmo.DefaultLifecycle()
	tests := []struct {
		a, b string
		want int
	}{
		{"initiation", "planning", -1},
		{"closing", "execution", 1},
		{"execution", "execution", 0},
		{"initiation", "closing", -1},
	}
	for _, tt := range tests {
		got, err := l.Compare(tt.a, tt.b)
		require.NoError(t, err)
		assert.Equal(t, tt.want, got, "%s vs %s", tt.a, tt.b)
	}
	_, err := l.Compare("build", "closing")
	assert.ErrorIs(t, err, pmo.ErrInvalid)
	assert.EqualError(t, err, `pmo: invalid portfolio: phase "build" is not in the lifecycle [initiation planning execution closing]`)
	_, err = l.Compare("closing", "")
	assert.ErrorIs(t, err, pmo.ErrInvalid)

	next, ok := l.Next("planning")
	assert.True(t, ok)
	assert.Equal(t, "execution", next)
	_, ok = l.Next("closing")
	assert.False(t, ok)
	_, ok = l.Next("build")
	assert.False(t, ok)
	assert.Equal(t, 2, l.Index("execution"))
	assert.Equal(t, -1, l.Index("build"))
	assert.True(t, l.Contains("closing"))
}

func TestPortfolioPhases(t *testing.T) {
	pf := &pmo.Portfolio{}
	assert.Equal(t, pmo.DefaultLifecycle(), pf.Phases())
	pf.Lifecycle = pmo.Lifecycle{"discover", "build", "run"}
	assert.Equal(t, pmo.Lifecycle{"discover", "build", "run"}, pf.Phases())
}

func TestLookups(t *testing.T) {
	pf := &pmo.Portfolio{
		People:   []pmo.Person{{ID: "u1", Name: "A", Roles: []string{"sponsor"}}},
		Programs: []pmo.Program{{ID: "pg", Name: "P"}},
		Projects: []pmo.Project{{ID: "P-1", Name: "X", Phase: "planning"}},
	}
	p, ok := pf.Project("P-1")
	require.True(t, ok)
	p.Name = "renamed"
	assert.Equal(t, "renamed", pf.Projects[0].Name, "Project points into the portfolio")
	_, ok = pf.Project("P-2")
	assert.False(t, ok)
	person, ok := pf.Person("u1")
	require.True(t, ok)
	assert.True(t, person.HasRole("sponsor"))
	assert.False(t, person.HasRole("pmo"))
	_, ok = pf.Person("u2")
	assert.False(t, ok)
	_, ok = pf.Program("pg")
	assert.True(t, ok)
	_, ok = pf.Program("none")
	assert.False(t, ok)
}

// TestNilPortfolio checks that the methods of a nil portfolio return errors
// or empty answers instead of panicking.
func TestNilPortfolio(t *testing.T) {
	var pf *pmo.Portfolio
	assert.Equal(t, pmo.DefaultLifecycle(), pf.Phases())
	_, ok := pf.Project("P")
	assert.False(t, ok)
	_, ok = pf.Person("u")
	assert.False(t, ok)
	_, ok = pf.Program("pg")
	assert.False(t, ok)
	var person *pmo.Person
	assert.False(t, person.HasRole("sponsor"))
	assert.EqualError(t, pf.Validate(), "pmo: nil portfolio")
	assert.ErrorIs(t, pf.Validate(), pmo.ErrInvalid)
	assert.EqualError(t, pf.WriteJSON(io.Discard), "pmo: nil portfolio")
	assert.EqualError(t, pf.WriteYAML(io.Discard), "pmo: nil portfolio")
	assert.EqualError(t, &pmo.FieldError{Path: "id"}, "pmo: id: invalid value")
}
