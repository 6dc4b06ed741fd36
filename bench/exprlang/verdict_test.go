package exprlang

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
)

// TestRulesMatchGovernance reads benchRules() from governance's
// bench_test.go (in this checkout, through the replace directive's path)
// and checks that celRules is the same list: when governance's workload
// changes, this benchmark must change with it.
func TestRulesMatchGovernance(t *testing.T) {
	path := filepath.Join("..", "..", "governance", "bench_test.go")
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	require.NoError(t, err)
	var rules []string
	found := false
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Name.Name != "benchRules" {
			continue
		}
		found = true
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, err := strconv.Unquote(lit.Value)
				require.NoError(t, err)
				rules = append(rules, s)
			}
			return true
		})
	}
	require.True(t, found, "no func benchRules in %s", path)
	assert.Equal(t, rules, celRules())
	assert.Len(t, exprRules(), len(celRules()))
	assert.Len(t, mapRules(), len(celRules()))
}

// verdictCase is a rule set evaluated on a portfolio by the engine and by
// expr-lang.
type verdictCase struct {
	name string
	pf   *pmo.Portfolio
	mask uint32   // bit i: rule i negated
	cel  []string // celRules, negated by mask
	expr []string // exprRules, negated by mask
	maps []string // mapRules, negated by mask
}

func newVerdictCase(name string, pf *pmo.Portfolio, mask uint32) verdictCase {
	return verdictCase{name: name, pf: pf, mask: mask,
		cel: negate(celRules(), mask), expr: negate(exprRules(), mask), maps: negate(mapRules(), mask)}
}

// TestSameVerdicts is what makes the benchmark's runs the same workload: on
// every project and rule, expr-lang's verdict (true, or not: false or an
// error), over the structs (exprRules) and over the maps (mapRules), is
// the engine's (OutcomePass, or not). It covers the
// benchmark's portfolio with the twenty rules, with each of the three
// negated workloads and with every rule negated (a negation tells an error,
// which stays a failure, from a false, which becomes a pass), and the same
// on edgePortfolio, whose projects hold what the generator never makes:
// absent dates, money of two currencies, boundaries of every comparison.
func TestSameVerdicts(t *testing.T) {
	pf, now := benchPortfolio()
	edge := edgePortfolio(now)
	var cases []verdictCase
	for _, p := range []struct {
		name string
		pf   *pmo.Portfolio
	}{{"generated", pf}, {"edge", edge}} {
		cases = append(cases, newVerdictCase(p.name+"/plain", p.pf, 0), newVerdictCase(p.name+"/all-negated", p.pf, 1<<len(celRules())-1))
	}
	for _, w := range workloads(t, pf, now) {
		cases = append(cases, newVerdictCase(fmt.Sprintf("generated/fail=%02.0f%%", 100*w.rate), pf, w.mask))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want, outcomes := engineVerdicts(t, c.pf, now, c.cel)
			passes := 0
			for _, p := range want {
				if p {
					passes++
				}
			}
			// A case where everything passes or everything fails proves
			// little.
			require.NotZero(t, passes, "no pass")
			require.NotEqual(t, len(want), passes, "no failure")
			prgs, err := compileRules(c.expr, now)
			require.NoError(t, err)
			sameVerdicts(t, c, "structs", c.expr, want, outcomes, exprVerdicts(c.pf, now, prgs))
			prgs, err = compileMapRules(c.maps, now)
			require.NoError(t, err)
			sameVerdicts(t, c, "maps", c.maps, want, outcomes, mapVerdicts(projectMaps(c.pf), now, prgs))
		})
	}
}

// sameVerdicts checks that expr-lang's verdicts got (of rules, over the
// structs or the maps) are the engine's, want, and reports the first few
// that differ.
func sameVerdicts(t *testing.T, c verdictCase, form string, rules []string, want []bool, outcomes []governance.Outcome, got []bool) {
	t.Helper()
	require.Len(t, got, len(want))
	n := len(c.cel)
	wrong := 0
	for k := range want {
		if got[k] == want[k] {
			continue
		}
		wrong++
		if wrong <= 10 {
			i, j := k/n, k%n
			t.Errorf("%s: project %s rule %d: engine %s, expr-lang pass=%v\n  cel:  %s\n  expr: %s",
				form, c.pf.Projects[i].ID, j, outcomes[k], got[k], c.cel[j], rules[j])
		}
	}
	assert.Zero(t, wrong, "%s: verdicts that differ, of %d", form, len(want))
}

// TestEdgeCoverage checks that edgePortfolio reaches what it is for: each
// rule passes on some project and fails on another, and the rules that can
// err (an absent date read, money of two currencies) do err, so that
// TestSameVerdicts compares errors and not only falses.
func TestEdgeCoverage(t *testing.T) {
	_, now := benchPortfolio()
	pf := edgePortfolio(now)
	rules := celRules()
	_, outcomes := engineVerdicts(t, pf, now, rules)
	for j := range rules {
		var pass, fail, errs int
		for i := range pf.Projects {
			switch outcomes[i*len(rules)+j] {
			case governance.OutcomePass:
				pass++
			case governance.OutcomeFail:
				fail++
			case governance.OutcomeError:
				errs++
			}
		}
		assert.NotZero(t, pass, "rule %d: no pass", j)
		assert.NotZero(t, fail+errs, "rule %d: no failure", j)
		switch j {
		case 3, 8, 12: // forecast vs approved, an absent report date, a sum of two currencies
			assert.NotZero(t, errs, "rule %d: no error", j)
		}
	}
}

// TestFailRates checks each workload's failure rate: the rate that
// chooseWorkload predicts from the twenty rules' outcomes is the one the
// engine reports on the negated rules, and the one expr-lang gives, over
// the structs and over the maps.
func TestFailRates(t *testing.T) {
	pf, now := benchPortfolio()
	for _, w := range workloads(t, pf, now) {
		t.Run(fmt.Sprintf("fail=%02.0f%%", 100*w.rate), func(t *testing.T) {
			total := float64(len(pf.Projects) * len(celRules()))
			engine, _ := engineVerdicts(t, pf, now, negate(celRules(), w.mask))
			prgs, err := compileRules(negate(exprRules(), w.mask), now)
			require.NoError(t, err)
			exprlang := exprVerdicts(pf, now, prgs)
			prgs, err = compileMapRules(negate(mapRules(), w.mask), now)
			require.NoError(t, err)
			maps := mapVerdicts(projectMaps(pf), now, prgs)
			assert.Equal(t, w.actual, float64(failures(engine))/total, "engine")
			assert.Equal(t, w.actual, float64(failures(exprlang))/total, "expr-lang")
			assert.Equal(t, w.actual, float64(failures(maps))/total, "expr-lang over maps")
			assert.InDelta(t, w.rate, w.actual, 0.02, "mask %020b", w.mask)
		})
	}
}

func failures(pass []bool) int {
	n := 0
	for _, p := range pass {
		if !p {
			n++
		}
	}
	return n
}

// TestCompileErrors checks that a mistyped expr-lang rule is a compile
// error, so that a translation cannot fail silently at run time.
func TestCompileErrors(t *testing.T) {
	for _, r := range []string{
		`project.Sponser != ""`,                       // no such field
		`project.Budget.Approved <= 1.1`,              // money against a number
		`decision("aproved") == decision("approved")`, // no such word
		`has(project.Sponsor)`,                        // has of a string
	} {
		_, err := compileRules([]string{r}, time.Time{})
		assert.Error(t, err, r)
	}
}
