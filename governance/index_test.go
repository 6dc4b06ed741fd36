package governance

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pmokit/pmokit/internal/pmogen"
	"github.com/pmokit/pmokit/pmo"
)

// TestPortfolioIndex checks that the index of people answers as the linear
// lookup of pmo.Portfolio does: every person of a generated portfolio, an
// unknown ID, and a duplicate ID (the first person wins).
func TestPortfolioIndex(t *testing.T) {
	pf := pmogen.Generate(300, 2)
	pf.People = append(pf.People, pmo.Person{ID: pf.People[0].ID, Name: "Duplicate", Roles: []string{"pmo"}})
	ref, ok := portfolioArg(newPortfolioVal(pf))
	assert.True(t, ok)
	assert.NotNil(t, ref.idx)
	for _, id := range []string{pf.People[0].ID, pf.People[len(pf.People)/2].ID, "u-nobody", ""} {
		want, wantOK := pf.Person(id)
		got, gotOK := ref.Person(id)
		assert.Equal(t, wantOK, gotOK, id)
		assert.Same(t, want, got, id)
	}
	for i := range pf.People[:len(pf.People)-1] {
		p, _ := ref.Person(pf.People[i].ID)
		if i > 0 {
			assert.Same(t, &pf.People[i], p)
		}
	}
	assert.False(t, hasRole(ref, pf.People[0].ID, "pmo"), "the duplicate's role does not count")
	plain, ok := portfolioArg(objRef[pmo.Portfolio]{pf})
	assert.True(t, ok)
	assert.Nil(t, plain.idx)
	assert.Equal(t, hasRole(plain, pf.People[1].ID, "sponsor"), hasRole(ref, pf.People[1].ID, "sponsor"))
}
