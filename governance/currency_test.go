package governance_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pmokit/pmokit/governance"
)

// TestCurrencyMixingIsAnError checks that every comparison of amounts in
// different currencies is an evaluation error, inside lists and maps, with
// in, distinct and the set functions, and with != (issue 10, point 5).
func TestCurrencyMixingIsAnError(t *testing.T) {
	tests := []struct {
		expr   string
		p1, p2 governance.Outcome
	}{
		{`money('1 USD') != money('1 EUR')`, bad, bad},
		{`[money('1 USD')] == [money('1 EUR')]`, bad, bad},
		{`[money('1 USD')] != [money('1 EUR')]`, bad, bad},
		{`[[money('1 USD')]] == [[money('1 EUR')]]`, bad, bad},
		{`{'a': money('1 USD')} == {'a': money('1 EUR')}`, bad, bad},
		{`{'a': [money('1 USD')]} != {'a': [money('1 EUR')]}`, bad, bad},
		// Every pair is compared: an earlier unequal pair does not hide a mismatch.
		{`[money('1 USD'), money('2 USD')] == [money('2 USD'), money('1 EUR')]`, bad, bad},
		{`dyn([money('1 USD')]) == dyn([money('1 EUR')])`, bad, bad},
		{`money('1 USD') in [money('1 EUR')]`, bad, bad},
		{`money('1 USD') in [money('1 USD'), money('1 EUR')]`, bad, bad},
		{`sets.contains([money('1 USD')], [money('1 EUR')])`, bad, bad},
		{`sets.intersects([money('1 USD')], [money('1 EUR')])`, bad, bad},
		{`sets.equivalent([money('1 USD')], [money('1 EUR')])`, bad, bad},
		{`[money('1 USD')].hasAll([money('1 EUR')])`, bad, bad},
		{`[money('1 USD')].hasAny([money('1 EUR')])`, bad, bad},
		{`[money('1 USD'), money('1 EUR')].distinct().size() == 2`, bad, bad},
		{`project.risks.map(r, r.cost_impact) == [money('200000 EUR'), money('50000 EUR')]`, bad, fail},
		{`project.risks.exists(r, r.cost_impact == money('1 EUR'))`, bad, fail},
		// One currency: ordinary results.
		{`[money('1 USD')] == [money('1.00 USD')] && [money('1 USD')] != [money('2 USD')]`, pass, pass},
		{`money('1 USD') != money('2 USD') && !(money('1 USD') != money('1.0 USD'))`, pass, pass},
		{`money('1 USD') in [money('2 USD'), money('1 USD')] && !(money('3 USD') in [money('1 USD')])`, pass, pass},
		{`[money('1 USD'), money('1.0 USD'), money('2 USD')].distinct() == [money('1 USD'), money('2 USD')]`, pass, pass},
		{`sets.contains([money('1 USD'), money('2 USD')], [money('2 USD')]) && sets.intersects([money('1 USD')], [money('1 USD')])`, pass, pass},
		{`{'a': money('1 USD')} == {'a': money('1 USD')} && {'a': money('1 USD')} != {'b': money('1 EUR')}`, pass, pass},
		// Lists of different sizes are unequal without comparing amounts.
		{`[money('1 USD')] != [money('1 EUR'), money('2 EUR')]`, pass, pass},
		// An absent amount is a zero that compares with any currency.
		{`project.budget.approved == money('0 EUR')`, bad, pass},
		{`[project.budget.approved] == [money('0 EUR')]`, bad, pass},
		// Other values are compared as in CEL.
		{`[1, 'a', [2.0]] == [1u, 'a', [2]] && !(dyn([1]) == dyn(['1'])) && project.risks == project.risks`, pass, pass},
		{`'R-1' in project.risks.map(r, r.id) && ['a', 'b', 'a'].distinct() == ['a', 'b']`, pass, fail},
	}
	exprs := make([]string, len(tests))
	for i, tt := range tests {
		exprs[i] = tt.expr
	}
	res := evalRules(t, governance.ScopeProject, exprs)
	for i, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			r := res[fmt.Sprint(i)]
			assert.Equal(t, tt.p1, r["P-1"].Outcome, "P-1: %s", r["P-1"].Message)
			assert.Equal(t, tt.p2, r["P-2"].Outcome, "P-2: %s", r["P-2"].Message)
			for _, res := range r {
				if res.Outcome == bad {
					assert.Contains(t, res.Message, "currency mismatch")
					assert.Contains(t, res.Message, "guard with x.currency() == y.currency()")
				}
			}
		})
	}
}
