package governance_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
)

// compileRule compiles one rule, written as line 4 of a policy file p.yaml
// ("    expression: " is 16 bytes, so column 17 is the expression's first
// byte), and returns the error text.
func compileRule(t *testing.T, eng *governance.Engine, scope, expr string) string {
	t.Helper()
	src := "policy: p\nscope: " + scope + "\nrules:\n  - id: r\n    expression: \"" + expr + "\"\n"
	p, err := governance.ParsePolicy([]byte(src))
	require.NoError(t, err)
	p.Source = "p.yaml"
	_, err = eng.Compile(p)
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestCompileTimeChecks pins every mistake of issue 12 (literals, enum
// words, domain messages) with its exact message and file position: each
// compiled before and failed only at run time, or compiled and could never
// fail.
func TestCompileTimeChecks(t *testing.T) {
	eng, err := governance.New()
	require.NoError(t, err)
	const at = "governance: p.yaml:5:"
	tests := []struct {
		name, scope, expr, want string
	}{
		// Literals.
		{"money thousands separator", "project", `money('1,000 USD') < project.budget.approved`,
			at + "24: policy p rule r: expression: invalid money '1,000 USD': write the amount without thousands separators: money('1000 USD')"},
		{"money without space", "project", `money('1000USD') < project.budget.approved`,
			at + "24: policy p rule r: expression: invalid money '1000USD': put a space between the amount and the currency: money('1000 USD')"},
		{"money lower-case currency", "project", `money('1000 eur') < project.budget.approved`,
			at + "24: policy p rule r: expression: invalid money '1000 eur': currency codes are upper case: money('1000 EUR')"},
		{"money nonsense", "project", `money('12x USD') < project.budget.approved`,
			at + "24: policy p rule r: expression: invalid money '12x USD' (want an amount and an ISO 4217 currency code separated by one space, e.g. money('1250000.00 USD'))"},
		{"money currency argument", "project", `money(5, 'usd') < project.budget.approved`,
			at + "27: policy p rule r: expression: invalid currency 'usd' (want an ISO 4217 code in upper case, e.g. money(1000, 'EUR'))"},
		{"date month 13", "project", `date('2026-13-01') < now`,
			at + "23: policy p rule r: expression: invalid date '2026-13-01' (want YYYY-MM-DD, e.g. date('2026-01-31'), or an RFC 3339 timestamp)"},
		{"timestamp of a date", "project", `timestamp('2026-01-01') < now`,
			at + "28: policy p rule r: expression: invalid timestamp '2026-01-01': timestamp() wants an RFC 3339 date and time; for a date write date('2026-01-01')"},
		{"duration in days", "project", `now - project.start > duration('30d')`,
			at + "49: policy p rule r: expression: invalid duration '30d' (want a number and a unit h, m, s, ms, us or ns, e.g. duration('36h'); for days write days(30))"},
		{"days out of range", "project", `now - project.start > days(999999999)`,
			at + "45: policy p rule r: expression: days(999999999) is out of range (want at most 106751 days either way)"},
		{"add_working_days out of range", "project", `add_working_days(now, -9999999) > now`,
			at + "40: policy p rule r: expression: add_working_days: -9999999 working days is out of range (want at most 2500000 either way)"},
		{"regular expression", "project", `project.name.matches('[a-')`,
			at + "39: policy p rule r: expression: invalid regular expression '[a-': missing closing ]: `[a-` (want RE2 syntax, https://github.com/google/re2/wiki/Syntax)"},
		{"int conversion", "project", `int('12x') > 0`,
			at + "22: policy p rule r: expression: invalid int '12x' (want a number such as int('42'))"},
		{"double conversion", "project", `double('1,5') > 0.0`,
			at + "25: policy p rule r: expression: invalid double '1,5' (want a number such as double('2.5'))"},
		// Enum words.
		{"risk status in a comprehension", "project", `project.risks.all(r, r.status != 'Open')`,
			at + "51: policy p rule r: expression: 'Open' is not a word of risk.status: did you mean 'open'? (want 'open', 'closed' or 'occurred')"},
		{"literal list", "project", `project.risks.all(r, r.kind in ['threat', 'oportunity'])`,
			at + "60: policy p rule r: expression: 'oportunity' is not a word of risk.kind: did you mean 'opportunity'? (want 'threat' or 'opportunity')"},
		{"word on the left", "project", `project.approvals.exists(a, 'aproved' == a.decision)`,
			at + "46: policy p rule r: expression: 'aproved' is not a word of approval.decision: did you mean 'approved'? (want 'approved', 'rejected' or 'pending')"},
		{"decision outcome", "project", `project.decisions.exists(d, d.outcome == 'yes')`,
			at + "59: policy p rule r: expression: 'yes' is not a word of decision.outcome (want 'go', 'no_go', 'hold', 'recycle', 'approved' or 'rejected')"},
		{"issue severity", "project", `project.issues.exists(i, i.severity == 'High')`,
			at + "57: policy p rule r: expression: 'High' is not a word of issue.severity: did you mean 'high'? (want 'low', 'medium', 'high' or 'critical')"},
		{"risk response", "project", `project.risks.exists(r, r.response == 'mitigation')`,
			at + "56: policy p rule r: expression: 'mitigation' is not a word of risk.response: did you mean 'mitigate'? (want 'avoid', 'transfer', 'mitigate', 'accept', 'escalate', 'exploit', 'share' or 'enhance')"},
		{"change status", "change", `change.status == 'aproved'`,
			at + "35: policy p rule r: expression: 'aproved' is not a word of change.status: did you mean 'approved'? (want 'submitted', 'approved', 'rejected', 'deferred' or 'implemented')"},
		{"portfolio pmo_type", "portfolio", `portfolio.pmo_type == 'direct'`,
			at + "40: policy p rule r: expression: 'direct' is not a word of portfolio.pmo_type (want 'supportive', 'controlling' or 'directive')"},
		{"risk rating", "project", `project.risks.all(r, risk_rating(r) != 'hgh')`,
			at + "57: policy p rule r: expression: 'hgh' is not a rating of the engine's risk matrix (want 'low', 'medium', 'high' or 'critical')"},
		// Messages with the fix.
		{"undefined field", "project", `project.budgt.approved > money('1 USD')`,
			at + "25: policy p rule r: expression: undefined field 'budgt': did you mean 'budget'?"},
		{"undefined field of a list element", "project", `project.risks.all(r, r.ownr != '')`,
			at + "40: policy p rule r: expression: undefined field 'ownr': did you mean 'owner'?"},
		{"money compared with a number", "project", `project.budget.approved > 500000`,
			at + "42: policy p rule r: expression: found no matching overload for '_>_' applied to '(money, int)': money compares and adds only with money: write the number as money in its currency, e.g. money('500000 EUR'), or use the amount, e.g. project.budget.approved.amount() > 500000.0"},
		{"money compared with a string", "project", `project.budget.approved > '500000 EUR'`,
			at + "42: policy p rule r: expression: found no matching overload for '_>_' applied to '(money, string)': money is written money('500000 EUR'), not as a string"},
		{"timestamp compared with a string", "project", `project.start > '2026-01-01'`,
			at + "32: policy p rule r: expression: found no matching overload for '_>_' applied to '(timestamp, string)': a date is written date('2026-01-31') (or timestamp('2026-01-31T09:00:00Z')), not as a string"},
		{"duration compared with a number", "project", `now - project.start > 30`,
			at + "38: policy p rule r: expression: found no matching overload for '_>_' applied to '(duration, int)': a number of days is written days(30): e.g. now - project.start > days(30), or days_since(project.start) > 30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, compileRule(t, eng, tt.scope, tt.expr))
		})
	}
}

// TestCompileTimeChecksAccept checks that the checks refuse nothing valid:
// good literals, every enum word, the empty word of an absent value,
// computed arguments.
func TestCompileTimeChecksAccept(t *testing.T) {
	eng, err := governance.New()
	require.NoError(t, err)
	for _, expr := range []string{
		`money('1250000.00 USD') < project.budget.approved && money('-5 EUR') < money('0 EUR')`,
		`money(1000, 'EUR') < money(2.5, 'USD') || true`,
		`date('2026-01-31') < now && date('2026-01-31T12:00:00Z') < now && timestamp('2026-01-31T09:00:00+01:00') < now`,
		`now - project.start > duration('36h') && now - project.start > days(-3)`,
		`project.name.matches('^[A-Z]+-[0-9]+$') && matches(project.id, 'P-.*')`,
		`project.status in ['green', 'amber', 'red', '']`,
		`project.risks.all(r, r.status in ['open', 'closed', 'occurred'] && r.kind != 'opportunity')`,
		`project.status == project.status && project.status != project.name`,
		`money(project.id + ' USD') > money('1 USD')`,        // computed: checked at run time
		`project.phase == 'anything' || project.phase == ''`, // the lifecycle is the portfolio's
	} {
		assert.Empty(t, compileRule(t, eng, "project", expr), expr)
	}
}

// TestPhaseChecks checks phase names against the lifecycle the engine
// compiles for (WithLifecycle), and at run time against the evaluated
// portfolio's when only the portfolio knows it.
func TestPhaseChecks(t *testing.T) {
	exprs := []string{
		`project.phase == 'exection'`,
		`phase_at_or_after(project.phase, 'plannning')`,
		`project.approvals.exists(a, a.gate in ['execution', 'closng'])`,
		`approved_by_role(project, 'exec', 'sponsor')`,
		`project.phase != 'execution' || project.phase == 'execution'`,
	}
	t.Run("compile time", func(t *testing.T) {
		eng, err := governance.New(governance.WithLifecycle("initiation", "planning", "execution", "closing"))
		require.NoError(t, err)
		const at = "governance: p.yaml:5:"
		want := []string{
			at + "35: policy p rule r: expression: phase 'exection' is not in the lifecycle: did you mean 'execution'? (want 'initiation', 'planning', 'execution' or 'closing')",
			at + "51: policy p rule r: expression: phase 'plannning' is not in the lifecycle: did you mean 'planning'? (want 'initiation', 'planning', 'execution' or 'closing')",
			at + "70: policy p rule r: expression: phase 'closng' is not in the lifecycle: did you mean 'closing'? (want 'initiation', 'planning', 'execution' or 'closing')",
			at + "44: policy p rule r: expression: phase 'exec' is not in the lifecycle (want 'initiation', 'planning', 'execution' or 'closing')",
			"",
		}
		for i, e := range exprs {
			assert.Equal(t, want[i], compileRule(t, eng, "project", e), e)
		}
		_, err = governance.New(governance.WithLifecycle("a", "a"))
		assert.EqualError(t, err, `governance: lifecycle: empty or duplicate phase "a"`)
	})
	t.Run("run time", func(t *testing.T) {
		res := evalRules(t, governance.ScopeProject, exprs)
		want := []string{
			"phase 'exection' is not in the portfolio's lifecycle: did you mean 'execution'? (want 'initiation', 'planning', 'execution' or 'closing')",
			"phase 'plannning' is not in the portfolio's lifecycle: did you mean 'planning'? (want 'initiation', 'planning', 'execution' or 'closing')",
			"phase 'closng' is not in the portfolio's lifecycle: did you mean 'closing'? (want 'initiation', 'planning', 'execution' or 'closing')",
			"phase 'exec' is not in the portfolio's lifecycle (want 'initiation', 'planning', 'execution' or 'closing')",
		}
		for i, w := range want {
			r := res[string(rune('0'+i))]["P-1"]
			assert.Equal(t, governance.OutcomeError, r.Outcome, exprs[i])
			assert.Contains(t, r.Message, w, exprs[i])
		}
		assert.Equal(t, governance.OutcomePass, res["4"]["P-1"].Outcome)
	})
}

var _ = context.Background
