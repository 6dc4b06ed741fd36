package governance

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/internal/pmogen"
	"github.com/pmokit/pmokit/internal/sample"
	"github.com/pmokit/pmokit/pmo"
)

// The differential tests of native plans (native.go): every policy is
// compiled twice, by an engine that uses native plans and by one that
// evaluates everything with cel-go's interpreter (Engine.interpretOnly),
// and the two reports must be the same, result by result and byte for
// byte in JSON. A native plan may decline (and the engine re-run cel-go),
// but a value it returns must be cel-go's.

// enginePair is the same engine configuration twice: native plans on, and
// interpreter only.
type enginePair struct{ native, interp *Engine }

func newEnginePair(t testing.TB, opts ...Option) enginePair {
	t.Helper()
	nat, err := New(opts...)
	require.NoError(t, err)
	interp, err := New(opts...)
	require.NoError(t, err)
	interp.interpretOnly = true
	return enginePair{nat, interp}
}

// compile compiles the policies with both engines; they must agree on
// whether the policies compile, and on the error.
func (ep enginePair) compile(t testing.TB, policies ...*Policy) (nat, interp *PolicySet, err error) {
	t.Helper()
	nat, err = ep.native.Compile(policies...)
	interp, err2 := ep.interp.Compile(policies...)
	if fmt.Sprint(err) != fmt.Sprint(err2) {
		t.Fatalf("the engines disagree on compiling:\nnative: %v\ninterpreter: %v", err, err2)
	}
	return nat, interp, err
}

// diffCase is a portfolio and the clock to evaluate it at.
type diffCase struct {
	name string
	pf   *pmo.Portfolio
	now  time.Time
}

// reportDiff describes the first difference between the report of native
// plans (a) and the interpreter's (b), or returns "" when they are the same:
// every result's fields and explanation, then the JSON documents.
func reportDiff(a, b *Report) string { return reportDiffJSON(a, b, true) }

// reportDiffJSON is reportDiff, comparing the JSON documents too when
// withJSON is set.
func reportDiffJSON(a, b *Report, withJSON bool) string {
	if a.Len() != b.Len() {
		return fmt.Sprintf("native: %d results, interpreter: %d", a.Len(), b.Len())
	}
	ra, rb := a.Results(), b.Results()
	for i := range ra {
		x, y := ra[i], rb[i]
		ex, ey := x.Explanation(), y.Explanation()
		x.explanation, y.explanation = nil, nil
		if !reflect.DeepEqual(x, y) || !reflect.DeepEqual(ex, ey) {
			return fmt.Sprintf("result %d (%s/%s on %s %s of project %q):\nnative:      %s %q level=%q waiver=%v explanation=%q\ninterpreter: %s %q level=%q waiver=%v explanation=%q",
				i, y.Policy, y.Rule, y.SubjectKind, y.Subject, y.Project,
				x.Outcome, x.Message, x.Level, x.Waiver, ex,
				y.Outcome, y.Message, y.Level, y.Waiver, ey)
		}
	}
	if !withJSON {
		return ""
	}
	var ja, jb bytes.Buffer
	if err := a.WriteJSON(&ja, ""); err != nil {
		return "native: WriteJSON: " + err.Error()
	}
	if err := b.WriteJSON(&jb, ""); err != nil {
		return "interpreter: WriteJSON: " + err.Error()
	}
	if !bytes.Equal(ja.Bytes(), jb.Bytes()) {
		return fmt.Sprintf("the JSON differs:\nnative:      %s\ninterpreter: %s", cutJSON(ja.String()), cutJSON(jb.String()))
	}
	return ""
}

func cutJSON(s string) string {
	if len(s) > 4000 {
		return s[:4000] + "…"
	}
	return s
}

// evalDiff evaluates both sets on c with one and with two workers and
// returns the first difference, or "". gates adds a gate check of the
// first projects into each phase of the lifecycle.
func evalDiff(nat, interp *PolicySet, c diffCase, gates int) string {
	ctx := context.Background()
	for _, w := range []int{1, 2} {
		a, errA := nat.Evaluate(ctx, c.pf, At(c.now), Workers(w))
		b, errB := interp.Evaluate(ctx, c.pf, At(c.now), Workers(w))
		if fmt.Sprint(errA) != fmt.Sprint(errB) {
			return fmt.Sprintf("%s, %d workers: Evaluate: native: %v, interpreter: %v", c.name, w, errA, errB)
		}
		if errA != nil {
			continue
		}
		// The JSON once: the results are compared with two workers too.
		if d := reportDiffJSON(a, b, w == 1); d != "" {
			return fmt.Sprintf("%s, %d workers: %s", c.name, w, d)
		}
	}
	for i := range min(gates, len(c.pf.Projects)) {
		p := c.pf.Projects[i]
		for _, to := range c.pf.Phases() {
			a, errA := nat.CheckGate(ctx, c.pf, p.ID, to, At(c.now))
			b, errB := interp.CheckGate(ctx, c.pf, p.ID, to, At(c.now))
			if fmt.Sprint(errA) != fmt.Sprint(errB) {
				return fmt.Sprintf("%s, gate %s -> %s: native: %v, interpreter: %v", c.name, p.ID, to, errA, errB)
			}
			if errA != nil {
				continue
			}
			if d := reportDiff(a, b); d != "" {
				return fmt.Sprintf("%s, gate %s -> %s: %s", c.name, p.ID, to, d)
			}
		}
	}
	return ""
}

// diffCases are the portfolios of TestNativeMatchesInterpreter: generated
// ones of several sizes and seeds, the same mutated to the edge cases,
// one built field by field at the edges, and the sample.
func diffCases(t testing.TB) []diffCase {
	t.Helper()
	now := pmogen.Today()
	cases := []diffCase{
		{"generated 8/1", pmogen.Generate(8, 1), now},
		{"generated 30/2", pmogen.Generate(30, 2), now},
		{"generated 60/3", pmogen.Generate(60, 3), now},
		{"mutated 27/4", mutatePortfolio(pmogen.Generate(27, 4)), now},
		{"mutated 40/5", mutatePortfolio(pmogen.Generate(40, 5)), now},
		{"edges", edgePortfolio(), now},
		{"edges, at the epoch", edgePortfolio(), time.Unix(0, 0).UTC()},
	}
	pf, err := sample.Portfolio()
	require.NoError(t, err)
	cases = append(cases, diffCase{"sample", pf, sample.Today()})
	return cases
}

// smallDiffCases are the portfolios of the random expressions: small, so
// that thousands of policies run in seconds, and at the edges.
func smallDiffCases() []diffCase {
	now := pmogen.Today()
	return []diffCase{
		{"generated 5/11", pmogen.Generate(5, 11), now},
		{"mutated 10/12", mutatePortfolio(pmogen.Generate(10, 12)), now},
		{"edges", edgePortfolio(), now},
	}
}

// mutations are the edge cases mutatePortfolio applies, project i getting
// mutations[i % len].
var mutations = []func(p *pmo.Project){
	zeroDates, emptyStrings, emptyLists, otherCurrencies, extremeNumbers, nonFinite, duplicateIDs, farDates, oddWords,
}

// mutatePortfolio changes the projects of pf to the edge cases, one kind of
// edge per project (in turn), and the portfolio itself: a project ID
// twice, a person without roles.
func mutatePortfolio(pf *pmo.Portfolio) *pmo.Portfolio {
	for i := range pf.Projects {
		mutations[i%len(mutations)](&pf.Projects[i])
	}
	if len(pf.Projects) > 1 {
		dup := pf.Projects[1]
		dup.Changes = append([]pmo.Change(nil), dup.Changes...)
		pf.Projects = append(pf.Projects, dup) // a duplicate project ID
	}
	if len(pf.People) > 0 {
		pf.People[0].Roles = nil
		pf.People = append(pf.People, pf.People[len(pf.People)-1]) // a duplicate person ID
	}
	return pf
}

func zeroDates(p *pmo.Project) {
	p.Start, p.Finish, p.BaselineStart, p.BaselineFinish, p.ForecastStart, p.ForecastFinish = time.Time{}, time.Time{}, time.Time{}, time.Time{}, time.Time{}, time.Time{}
	for i := range p.Milestones {
		p.Milestones[i].Due, p.Milestones[i].DoneOn = time.Time{}, time.Time{}
	}
	for i := range p.Risks {
		p.Risks[i].Raised, p.Risks[i].ReviewDate = time.Time{}, time.Time{}
	}
	for i := range p.Issues {
		p.Issues[i].Opened, p.Issues[i].Due, p.Issues[i].Closed = time.Time{}, time.Time{}, time.Time{}
	}
	for i := range p.StatusReports {
		p.StatusReports[i].Date = time.Time{}
	}
	for i := range p.Approvals {
		p.Approvals[i].On = time.Time{}
	}
	for i := range p.Changes {
		p.Changes[i].Requested, p.Changes[i].DecidedOn = time.Time{}, time.Time{}
	}
	for i := range p.Dependencies {
		p.Dependencies[i].NeededBy = time.Time{}
	}
	for i := range p.Assumptions {
		p.Assumptions[i].ValidateBy = time.Time{}
	}
	if p.EarnedValue != nil {
		p.EarnedValue.AsOf = time.Time{}
	}
}

func emptyStrings(p *pmo.Project) {
	p.Sponsor, p.Manager, p.Program, p.Description, p.Status = "", "", "", "", ""
	for i := range p.Risks {
		p.Risks[i].Owner, p.Risks[i].Category, p.Risks[i].Title = "", "", ""
		p.Risks[i].Status, p.Risks[i].Response, p.Risks[i].Kind = 0, 0, 0
	}
	for i := range p.Approvals {
		p.Approvals[i].By, p.Approvals[i].Role, p.Approvals[i].Gate, p.Approvals[i].RequestedBy = "", "", "", ""
		p.Approvals[i].Decision = 0
	}
	for i := range p.Changes {
		p.Changes[i].RequestedBy, p.Changes[i].DecidedBy = "", ""
	}
	for i := range p.Documents {
		p.Documents[i].Kind, p.Documents[i].Status = "", 0
	}
}

func emptyLists(p *pmo.Project) {
	p.Risks, p.Milestones, p.Issues, p.Assumptions, p.Dependencies = nil, []pmo.Milestone{}, nil, nil, nil
	p.Changes, p.Approvals, p.Decisions, p.Benefits, p.StatusReports, p.Documents = nil, nil, nil, nil, nil, nil
	p.Scores, p.Attributes, p.EarnedValue, p.Tolerances = nil, map[string]any{}, nil, nil
	p.Budget = pmo.Budget{}
}

func otherCurrencies(p *pmo.Project) {
	p.Budget.Approved = pmo.MustParseMoney("1200000 EUR")
	p.Budget.Forecast = pmo.MustParseMoney("1300000 GBP")
	p.Budget.Actual = pmo.MustParseMoney("0 USD")
	for i := range p.Risks {
		p.Risks[i].CostImpact = []pmo.Money{pmo.MustParseMoney("5000 JPY"), {}, pmo.MustParseMoney("0 EUR")}[i%3]
	}
	for i := range p.Changes {
		p.Changes[i].CostImpact = []pmo.Money{pmo.MustParseMoney("20000000 USD"), pmo.MustParseMoney("0.001 EUR")}[i%2]
	}
	if p.EarnedValue != nil {
		p.EarnedValue.AC = pmo.MustParseMoney("1 CHF")
		p.EarnedValue.PV = pmo.Money{}
	}
}

func extremeNumbers(p *pmo.Project) {
	huge := decimal.RequireFromString("99999999999999999999999999999999.99")
	p.Budget.Approved = pmo.NewMoney(huge, "USD")
	p.Budget.Forecast = pmo.NewMoney(huge.Neg(), "USD")
	for i := range p.Risks {
		r := &p.Risks[i]
		r.Probability = []float64{-1, 1e300, 0, 1}[i%4]
		r.Impact = []int{math.MaxInt64, math.MinInt64, -5, 0}[i%4]
		r.ScheduleImpactDays = []float64{1e308, -1e308, 0.5, -0}[i%4]
		r.Impacts = map[string]int{"cost": math.MaxInt64, "schedule": -3}
	}
	for i := range p.Benefits {
		p.Benefits[i].Target = huge
	}
	p.Scores = map[string]float64{"strategic_fit": 1e308, "job_size": -1e308, "business_value": 5e-324}
	for i := range p.Changes {
		p.Changes[i].ScheduleImpactDays = -1e9
		p.Changes[i].CostImpact = pmo.NewMoney(huge, "USD")
	}
}

func nonFinite(p *pmo.Project) {
	for i := range p.Risks {
		r := &p.Risks[i]
		r.Probability = []float64{math.NaN(), math.Inf(1), math.Inf(-1)}[i%3]
		r.ScheduleImpactDays = []float64{math.Inf(1), math.NaN(), 0}[i%3]
		r.ScheduleRangeDays = &pmo.DaysRange{Min: math.NaN(), Max: math.Inf(1)}
	}
	p.Scores = map[string]float64{"strategic_fit": math.NaN(), "job_size": math.Inf(1), "business_value": math.Inf(-1)}
	for i := range p.Changes {
		p.Changes[i].ScheduleImpactDays = math.NaN()
	}
	p.Attributes = map[string]any{"region": math.NaN(), "tier": math.Inf(1), "regulated": nil}
}

func duplicateIDs(p *pmo.Project) {
	if len(p.Risks) > 0 {
		p.Risks = append(p.Risks, p.Risks[0])
	}
	if len(p.Milestones) > 0 {
		p.Milestones = append(p.Milestones, p.Milestones[0])
	}
	if len(p.Changes) > 0 {
		p.Changes = append(p.Changes, p.Changes[0])
	}
	p.Attributes = map[string]any{"region": "EMEA", "tier": 1, "regulated": true, "tags": []any{"a", 1.5, nil}, "nested": map[string]any{"x": []any{}}}
}

func farDates(p *pmo.Project) {
	p.Start = time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC)
	p.Finish = time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)
	p.ForecastFinish = time.Date(2026, 11, 26, 23, 30, 0, 0, time.FixedZone("UTC-5", -5*3600))
	for i := range p.Milestones {
		p.Milestones[i].Due = []time.Time{p.Start, p.Finish, p.ForecastFinish}[i%3]
	}
	for i := range p.StatusReports {
		p.StatusReports[i].Date = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	}
}

func oddWords(p *pmo.Project) {
	p.Phase = "not-a-phase"
	p.Status = "purple"
	for i := range p.Risks {
		p.Risks[i].Status, p.Risks[i].Response = 99, -1
	}
	for i := range p.Approvals {
		p.Approvals[i].Gate, p.Approvals[i].Decision = "délivery", 42
	}
	p.Sponsor = strings.Repeat("é", 300)
	p.Manager = p.Sponsor
}

// edgePortfolio is a portfolio built field by field at the edges (the
// reader would refuse part of it: duplicate IDs, NaN, unknown references).
func edgePortfolio() *pmo.Portfolio {
	empty := pmo.Project{ID: "E-EMPTY", Name: "Empty", Phase: "execution"}
	full := pmogen.Generate(3, 99).Projects[2]
	full.ID = "E-FULL"
	pf := &pmo.Portfolio{
		ID: "pf-edges", Name: "Edges", Currency: "EUR",
		Budget:    pmo.MustParseMoney("0 EUR"),
		Lifecycle: pmo.Lifecycle{"initiation", "planning", "execution", "closing"},
		People: []pmo.Person{
			{ID: "u-1", Name: "One", Roles: []string{"sponsor", "project_manager", "sponsor"}},
			{ID: "u-1", Name: "One again"},
			{ID: "", Name: "Nobody"},
		},
		Projects: []pmo.Project{empty, full},
	}
	for i, m := range mutations {
		p := pmogen.Generate(3, uint64(100+i)).Projects[1]
		p.ID = fmt.Sprintf("E-%d", i)
		m(&p)
		pf.Projects = append(pf.Projects, p)
	}
	pf.Projects = append(pf.Projects, empty) // the same ID twice
	nowish := pmogen.Today()
	pf.Projects = append(pf.Projects, pmo.Project{
		ID: "E-NOW", Name: "Dates at now", Phase: "planning", Status: pmo.Red,
		Start: nowish, Finish: nowish,
		Milestones:    []pmo.Milestone{{ID: "M", Name: "M", Due: nowish}, {ID: "M", Name: "M", Due: nowish.Add(-time.Nanosecond), Done: true}},
		StatusReports: []pmo.StatusReport{{Date: nowish.AddDate(0, 0, -30)}, {Date: nowish.AddDate(0, 0, -31)}},
		Budget:        pmo.Budget{Approved: pmo.MustParseMoney("100 USD"), Forecast: pmo.MustParseMoney("110 USD"), Actual: pmo.MustParseMoney("110.000 USD")},
		Risks:         []pmo.Risk{{ID: "R", Title: "R", Probability: 0.5, Impact: 4, Status: pmo.RiskOpen}},
		Changes:       []pmo.Change{{ID: "C", Title: "C", RequestedBy: "u-1", DecidedBy: "u-1", Status: pmo.ChangeApproved}},
		Approvals:     []pmo.Approval{{Gate: "execution", Role: "sponsor", By: "u-1", RequestedBy: "u-1", Decision: pmo.ApprovalApproved}},
	})
	return pf
}

// benchRulesAndNegations is a policy of the twenty bench rules and their
// negations.
func benchRulesAndNegations() *Policy {
	p := &Policy{Name: "bench-and-negations", Scope: ScopeProject}
	for i, r := range benchRules() {
		p.Rules = append(p.Rules,
			Rule{ID: fmt.Sprintf("r%02d", i), Expression: r},
			Rule{ID: fmt.Sprintf("not-r%02d", i), Expression: "!(" + r + ")"})
	}
	return p
}

// TestNativeMatchesInterpreter compares the engine with native plans and
// the interpreter-only engine on the bench rules and their negations, on
// every pack and on the lifecycle packs with their parameters, over
// generated, mutated and edge portfolios, with one and two workers, gate
// checks included for the packs.
func TestNativeMatchesInterpreter(t *testing.T) {
	cases := diffCases(t)
	gates := 3
	if testing.Short() {
		// the largest generated portfolio left out
		cases, gates = slices.DeleteFunc(cases, func(c diffCase) bool { return len(c.pf.Projects) > 50 }), 1
	}
	check := func(t *testing.T, ep enginePair, cases []diffCase, gates int, policies ...*Policy) {
		nat, interp, err := ep.compile(t, policies...)
		require.NoError(t, err)
		for _, c := range cases {
			if d := evalDiff(nat, interp, c, gates); d != "" {
				t.Errorf("native plans and the interpreter disagree: %s", d)
			}
		}
	}
	t.Run("bench-rules", func(t *testing.T) {
		check(t, newEnginePair(t), cases, 0, benchRulesAndNegations())
	})
	// Runtime cost limits that some evaluations exceed: a native plan
	// must not give a value where cel-go stops with an error.
	for _, limit := range []uint64{20, 100, 1000} {
		t.Run(fmt.Sprintf("bench-rules-cost-limit-%d", limit), func(t *testing.T) {
			check(t, newEnginePair(t, WithCostLimit(limit)), cases, 0, benchRulesAndNegations())
		})
	}
	t.Run("pack-directive-cost-limit-200", func(t *testing.T) {
		ps, err := Pack(pmo.Directive)
		require.NoError(t, err)
		check(t, newEnginePair(t, WithPMOType(pmo.Directive), WithCostLimit(200)), cases, gates, ps...)
	})
	for _, typ := range []pmo.Type{pmo.Supportive, pmo.Controlling, pmo.Directive} {
		t.Run("pack-"+typ.String(), func(t *testing.T) {
			ps, err := Pack(typ)
			require.NoError(t, err)
			check(t, newEnginePair(t, WithPMOType(typ)), cases, gates, ps...)
		})
	}
	dirs, err := filepath.Glob("packs/lifecycles/*")
	require.NoError(t, err)
	require.NotEmpty(t, dirs)
	for _, dir := range dirs {
		params, err := ParseParamsFile(filepath.Join(dir, "params.yaml"))
		require.NoError(t, err)
		f, err := os.Open(filepath.Join(dir, "portfolio.yaml"))
		require.NoError(t, err)
		pf, err := pmo.ReadPortfolio(f)
		f.Close()
		require.NoError(t, err)
		lc := []diffCase{
			{filepath.Base(dir), pf, time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)},
			{filepath.Base(dir) + ", mutated", mutatePortfolio(clonePortfolio(t, pf)), time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)},
		}
		for _, typ := range []pmo.Type{pmo.Supportive, pmo.Controlling, pmo.Directive} {
			t.Run(filepath.Base(dir)+"-"+typ.String(), func(t *testing.T) {
				ps, err := Pack(typ)
				require.NoError(t, err)
				check(t, newEnginePair(t, WithPMOType(typ), WithParams(params)), lc, len(pf.Projects), ps...)
				// The pack's defaults on the lifecycle: phases off the
				// lifecycle are error results.
				check(t, newEnginePair(t, WithPMOType(typ)), lc[:1], 1, ps...)
			})
		}
	}
}

// clonePortfolio returns a deep copy of pf (through its JSON form).
func clonePortfolio(t testing.TB, pf *pmo.Portfolio) *pmo.Portfolio {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, pf.WriteJSON(&b))
	out, err := pmo.ReadPortfolio(&b)
	require.NoError(t, err)
	return out
}

// randomPolicyCount is the number of generated policies of
// TestNativeRandomExpressions.
func randomPolicyCount() int {
	switch {
	case testing.Short():
		return 500
	case raceEnabled():
		return 400 // the race detector makes compiling ten times slower
	}
	return 3000
}

// raceEnabled reports whether the test binary was built with -race.
func raceEnabled() bool {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range bi.Settings {
		if s.Key == "-race" {
			return s.Value == "true"
		}
	}
	return false
}

// randomDiff compiles the generated policy with both engines and compares
// their reports on the cases; it returns whether the policy compiled and
// the first difference.
func randomDiff(t testing.TB, ep enginePair, p *Policy, cases []diffCase) (compiled bool, diff string) {
	nat, interp, err := ep.compile(t, p)
	if err != nil {
		return false, ""
	}
	gates := 0
	if p.Scope == ScopeGate {
		gates = 1 // gate policies run only in gate checks
	}
	for _, c := range cases {
		if d := evalDiff(nat, interp, c, gates); d != "" {
			return true, d
		}
	}
	return true, ""
}

// TestNativeRandomExpressions compares the two engines on thousands of
// generated policies (native_gen_test.go), from fixed seeds.
func TestNativeRandomExpressions(t *testing.T) {
	ep := newEnginePair(t)
	// One policy in four runs under a runtime cost limit that some
	// evaluations exceed.
	limited := newEnginePair(t, WithCostLimit(150))
	cases := smallDiffCases()
	n := randomPolicyCount()
	compiled, failures := 0, 0
	var notCompiled []string
	for seed := range uint64(n) {
		p := genPolicy(seededSource(seed), fmt.Sprintf("gen-%d", seed))
		pair := ep
		if seed%4 == 3 {
			pair = limited
		}
		ok, d := randomDiff(t, pair, p, cases)
		if !ok {
			if len(notCompiled) < 5 {
				_, _, err := pair.compile(t, p)
				notCompiled = append(notCompiled, err.Error())
			}
			continue
		}
		compiled++
		if d != "" {
			failures++
			if failures <= 10 {
				t.Errorf("seed %d (cost limit %d): native plans and the interpreter disagree:\n%s%s", seed, pair.native.costLimit, policyText(p), d)
			}
		}
	}
	t.Logf("%d of %d generated policies compile; %d differ", compiled, n, failures)
	assert.Greater(t, compiled, n*7/10, "most generated policies compile; some that do not:\n%s", strings.Join(notCompiled, "\n"))
}

// FuzzNativeMatchesInterpreter drives the expression generator with the
// fuzzer's bytes and compares the two engines on the policy it makes.
func FuzzNativeMatchesInterpreter(f *testing.F) {
	for seed := range uint64(8) {
		src := seededSource(seed)
		b := make([]byte, 96)
		for i := range b {
			b[i] = byte(src.intn(256))
		}
		f.Add(b)
	}
	f.Add([]byte{})
	f.Add(bytes.Repeat([]byte{18}, 64)) // erring expressions, nested
	ep := newEnginePair(f)
	cases := smallDiffCases()
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 512 {
			return
		}
		p := genPolicy(bytesSource(data), "fuzz")
		if _, d := randomDiff(t, ep, p, cases); d != "" {
			t.Fatalf("native plans and the interpreter disagree:\n%s%s", policyText(p), d)
		}
	})
}

// TestNativeCoverage checks that native plans cover the programs they must:
// every bench rule (and its negation) and most programs of the generated
// policies (the packs: TestNativePlanCoverage).
func TestNativeCoverage(t *testing.T) {
	ep := newEnginePair(t)
	nat, interp, err := ep.compile(t, benchRulesAndNegations())
	require.NoError(t, err)
	n, total := nat.nativeStats()
	assert.Equal(t, total, n, "every bench rule and its negation has a native plan")
	n, _ = interp.nativeStats()
	assert.Zero(t, n, "the interpreter-only engine has no native plan")
	// Every pack program has one too: TestNativePlanCoverage (native_test.go).
	// The generated policies of TestNativeRandomExpressions: most of
	// their boolean programs have a plan, or the differential test would
	// compare cel-go with itself.
	native, programs := 0, 0
	for seed := range uint64(300) {
		nat, _, err := ep.compile(t, genPolicy(seededSource(seed), fmt.Sprintf("gen-%d", seed)))
		if err != nil {
			continue
		}
		n, total := nat.nativeStats()
		native, programs = native+n, programs+total
	}
	t.Logf("generated policies: %d of %d boolean programs native", native, programs)
	assert.GreaterOrEqual(t, native*10, programs*8, "at least 80%% of the generated boolean programs have a native plan")
}
