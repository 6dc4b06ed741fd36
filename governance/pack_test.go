package governance_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/governance/governancetest"
	"github.com/pmokit/pmokit/governance/suite"
	"github.com/pmokit/pmokit/internal/sample"
	"github.com/pmokit/pmokit/pmo"
)

// packTypes returns the PMO types that have a pack, in catalogue order.
func packTypes() []pmo.Type { return []pmo.Type{pmo.Supportive, pmo.Controlling, pmo.Directive} }

// corePolicies returns the standards a controlling PMO enforces as errors.
func corePolicies() []string {
	return []string{
		"accountability", "budget-tolerance", "business-case", "change-control",
		"delegation-of-authority", "segregation-of-duties", "stage-gates", "status-reporting",
	}
}

func loadPacks(t *testing.T) map[pmo.Type][]*governance.Policy {
	t.Helper()
	out := make(map[pmo.Type][]*governance.Policy)
	for _, typ := range packTypes() {
		ps, err := governance.Pack(typ)
		require.NoError(t, err, "pack %s", typ)
		out[typ] = ps
	}
	return out
}

func TestPack(t *testing.T) {
	for _, typ := range packTypes() {
		t.Run(typ.String(), func(t *testing.T) {
			ps, err := governance.Pack(typ)
			require.NoError(t, err)
			files, err := governance.PackFiles(typ)
			require.NoError(t, err)
			require.Len(t, ps, len(files))
			for i, p := range ps {
				assert.Equal(t, files[i], p.Source)
				assert.True(t, strings.HasPrefix(p.Source, "policies/"), p.Source)
				assert.NotEmpty(t, p.Description, p.Name)
				assert.NotEmpty(t, p.Version, p.Name)
				for _, r := range p.Rules {
					assert.NotEmpty(t, r.Description, "%s/%s", p.Name, r.ID)
					assert.NotEmpty(t, r.MessageExpression+r.Message, "%s/%s", p.Name, r.ID)
				}
			}
			eng, err := governance.New()
			require.NoError(t, err)
			_, err = eng.Compile(ps...)
			require.NoError(t, err)

			// Each call returns new values.
			again, err := governance.Pack(typ)
			require.NoError(t, err)
			again[0].Name = "changed"
			assert.NotEqual(t, "changed", ps[0].Name)
		})
	}
}

func TestPackUnknownType(t *testing.T) {
	for _, typ := range []pmo.Type{0, 4, -1} {
		_, err := governance.Pack(typ)
		assert.EqualError(t, err, fmt.Sprintf("governance: no policy pack for PMO type %d (want supportive, controlling or directive)", int(typ)))
		_, err = governance.PackFiles(typ)
		assert.Error(t, err)
	}
}

func TestPackFS(t *testing.T) {
	var files []string
	err := fs.WalkDir(governance.PackFS(), ".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, path)
		}
		return err
	})
	require.NoError(t, err)
	// The three types share the files.
	want, err := governance.PackFiles(pmo.Directive)
	require.NoError(t, err)
	for _, typ := range packTypes() {
		f, err := governance.PackFiles(typ)
		require.NoError(t, err)
		assert.Equal(t, want, f, typ)
	}
	assert.Equal(t, want, files)

	// The files are the ones in the repository, byte for byte.
	for _, f := range files {
		embedded, err := fs.ReadFile(governance.PackFS(), f)
		require.NoError(t, err)
		onDisk, err := os.ReadFile(filepath.Join("packs", f))
		require.NoError(t, err)
		assert.Equal(t, string(onDisk), string(embedded), f)
	}
}

// TestPacksAgree checks that the three packs hold the same policies and
// rules with the same scopes, and that severities follow the PMO type: the
// supportive pack never blocks, the controlling pack blocks on its core
// standards only, the directive pack blocks on everything.
func TestPacksAgree(t *testing.T) {
	packs := loadPacks(t)
	shape := func(ps []*governance.Policy) []string {
		var out []string
		for _, p := range ps {
			for _, r := range p.Rules {
				out = append(out, fmt.Sprintf("%s %s/%s", p.Scope, p.Name, r.ID))
			}
		}
		return out
	}
	want := shape(packs[pmo.Directive])
	assert.Equal(t, want, shape(packs[pmo.Controlling]))
	assert.Equal(t, want, shape(packs[pmo.Supportive]))

	for typ, ps := range packs {
		for _, p := range ps {
			core := slices.Contains(corePolicies(), p.Name)
			for _, r := range p.Rules {
				var wantSev governance.Severity
				switch {
				case typ == pmo.Directive:
					wantSev = governance.SeverityError
				case typ == pmo.Controlling && core:
					wantSev = governance.SeverityError
				case typ == pmo.Controlling, typ == pmo.Supportive && core:
					wantSev = governance.SeverityWarning
				default:
					wantSev = governance.SeverityInfo
				}
				assert.Equal(t, wantSev, r.Severity, "%s %s/%s", typ, p.Name, r.ID)
			}
			for _, r := range p.Ratings {
				// A rating's error results (fail closed) follow its
				// policy's rules: a supportive pack never blocks.
				assert.Equal(t, p.Rules[0].Severity, r.Severity, "%s %s/%s", typ, p.Name, r.ID)
			}
		}
	}
}

// TestPackFilesCompileForAType checks that the pack's files, read as a
// PMO would read a copy of them, compile only for a PMO type
// (WithPMOType), and that they then give the severities of that type's
// pack.
func TestPackFilesCompileForAType(t *testing.T) {
	files, err := governance.LoadPolicies(governance.PackFS(), "policies")
	require.NoError(t, err)
	eng, err := governance.New()
	require.NoError(t, err)
	_, err = eng.Compile(files...)
	require.Error(t, err)
	assert.ErrorContains(t, err, "severity is given per PMO type: set the PMO type to compile for")

	pf, err := sample.Portfolio()
	require.NoError(t, err)
	severities := func(rep *governance.Report) map[string]governance.Severity {
		out := map[string]governance.Severity{}
		for _, r := range rep.Results() {
			out[r.Policy+"/"+r.Rule] = r.Severity
		}
		return out
	}
	for _, typ := range packTypes() {
		t.Run(typ.String(), func(t *testing.T) {
			eng, err := governance.New(governance.WithPMOType(typ))
			require.NoError(t, err)
			copied, err := eng.Compile(files...)
			require.NoError(t, err)
			ps, err := governance.Pack(typ)
			require.NoError(t, err)
			// The pack's policies compile the same with any engine: their
			// severities are resolved.
			plain, err := governance.New()
			require.NoError(t, err)
			pack, err := plain.Compile(ps...)
			require.NoError(t, err)
			at := governance.At(sample.Today())
			a, err := copied.Evaluate(context.Background(), pf, at)
			require.NoError(t, err)
			b, err := pack.Evaluate(context.Background(), pf, at)
			require.NoError(t, err)
			assert.Equal(t, severities(b), severities(a))
			assert.NotEmpty(t, severities(a))
		})
	}
}

// TestPackSuites runs the policy test suites of the packs.
func TestPackSuites(t *testing.T) {
	governancetest.RunSuites(t, "packs/tests")
}

// TestPackLifecycles runs the pack on portfolios with their own lifecycle,
// a PRINCE2-like one (starting-up, initiating, delivering-stages, closing)
// and a six-phase stage-gate one (discovery, scoping, business-case,
// development, testing, launch): each directory of packs/lifecycles holds
// a portfolio, the parameters file that fits the pack to its lifecycle and
// a suite of verdicts, which every case must give with the parameters and
// none without them.
func TestPackLifecycles(t *testing.T) {
	dirs, err := filepath.Glob("packs/lifecycles/*")
	require.NoError(t, err)
	require.Len(t, dirs, 2)
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			params, err := governance.ParseParamsFile(filepath.Join(dir, "params.yaml"))
			require.NoError(t, err)
			files, err := suite.Find(dir)
			require.NoError(t, err)
			require.Len(t, files, 1)
			s, err := suite.Load(files[0])
			require.NoError(t, err)

			with, err := suite.Run(t.Context(), s, suite.Options{Params: params})
			require.NoError(t, err)
			require.NotEmpty(t, with.Cases)
			assert.Empty(t, with.UnusedParams, "every value of the parameters file is used")
			for _, r := range with.Cases {
				assert.True(t, r.Passed(), "%s: %v %v", r.Name(), r.Err, r.Failures)
			}

			// With the default phases, which this lifecycle does not have,
			// no case holds: the rules that read them are error results.
			without, err := suite.Run(t.Context(), s, suite.Options{})
			require.NoError(t, err)
			for _, r := range without.Cases {
				assert.False(t, r.Passed(), "%s passes without the parameters", r.Name())
			}
		})
	}
}

// TestPackDefaultPhasesOffTheLifecycle checks that the pack, with its
// default parameters, on a portfolio whose lifecycle lacks the default
// phases, gives error results that name the phase and the lifecycle for
// every rule that reads a phase, in a full evaluation and a gate check:
// never a rule that silently does not apply.
func TestPackDefaultPhasesOffTheLifecycle(t *testing.T) {
	f, err := os.Open("packs/lifecycles/prince2/portfolio.yaml")
	require.NoError(t, err)
	defer f.Close()
	pf, err := pmo.ReadPortfolio(f)
	require.NoError(t, err)
	ps, err := governance.Pack(pmo.Controlling)
	require.NoError(t, err)
	eng, err := governance.New()
	require.NoError(t, err)
	set, err := eng.Compile(ps...)
	require.NoError(t, err)
	at := governance.At(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC))
	const lifecycle = " is not in the lifecycle [starting-up initiating delivering-stages closing]"

	rep, err := set.Evaluate(context.Background(), pf, at)
	require.NoError(t, err)
	errs := map[string]string{}
	for _, r := range rep.Violations() {
		if r.Subject == "P2-DELIVER" {
			assert.Equal(t, governance.OutcomeError, r.Outcome, "%s/%s: %s", r.Policy, r.Rule, r.Message)
			errs[r.Policy+"/"+r.Rule] = r.Message
		}
	}
	assert.Equal(t, map[string]string{
		"business-case/approved-before-execution": `policy when: governance: phase "execution"` + lifecycle,
		"status-reporting/report-cadence":         `policy when: governance: phase "planning"` + lifecycle,
	}, errs)

	gate, err := set.CheckGate(context.Background(), pf, "P2-INIT", "delivering-stages", at)
	require.NoError(t, err)
	assert.True(t, gate.Blocked())
	gateErrs := map[string]bool{}
	for _, r := range gate.Violations() {
		assert.Equal(t, governance.OutcomeError, r.Outcome, "%s/%s: %s", r.Policy, r.Rule, r.Message)
		assert.Contains(t, r.Message, `phase "`)
		assert.Contains(t, r.Message, lifecycle)
		gateErrs[r.Policy+"/"+r.Rule] = true
	}
	for _, want := range []string{
		// closing-approval reads closing, which this lifecycle has.
		"stage-gates/execution-approval", "stage-gates/business-case-approved",
		"delegation-of-authority/budget-approved", "delegation-of-authority/pmo-approval", "delegation-of-authority/board-approval",
	} {
		assert.True(t, gateErrs[want], want)
	}
}

// TestPackSuiteCoverage checks that every rule of every pack is expected to
// fail in at least one case and to pass in at least one case of the pack
// suites, and that every level of every rating is expected to rate a
// subject in some case and not to in another (see uncoveredPackCases).
func TestPackSuiteCoverage(t *testing.T) {
	packs := loadPacks(t)
	files, err := suite.Find("packs/tests")
	require.NoError(t, err)
	var suites []*suite.Suite
	for _, f := range files {
		s, err := suite.Load(f)
		require.NoError(t, err)
		suites = append(suites, s)
	}
	assert.Empty(t, uncoveredPackCases(t, packs, suites))
}

// TestPackSuiteCoverageCanFail checks that the coverage check names a rule
// and a rating level that no case expects.
func TestPackSuiteCoverageCanFail(t *testing.T) {
	packs := loadPacks(t)
	for _, ps := range packs {
		for _, p := range ps {
			if len(p.Ratings) > 0 {
				p.Ratings[0].Levels = append(p.Ratings[0].Levels, governance.RatingLevel{Level: "purple", When: "true"})
				p.Rules = append(p.Rules, governance.Rule{ID: "untested", Expression: "true"})
			}
		}
	}
	s, err := suite.Load("packs/tests/variance_test.yaml")
	require.NoError(t, err)
	got := uncoveredPackCases(t, packs, []*suite.Suite{s})
	for _, want := range []string{
		"directive cost-variance/untested: no case expects it to fail",
		"directive cost-variance/untested: no case expects it to pass",
		"directive cost-variance/cost-variance level purple: no case expects a subject rated at it",
		// red is no longer the last level: no case rates a subject after it.
		"directive cost-variance/cost-variance level red: no case expects a subject rated at another level that it would have rated (a later level, or an earlier one for the last)",
		"directive budget-tolerance/forecast-within-tolerance: no case expects it to fail",
	} {
		assert.Contains(t, got, want)
	}
	assert.NotContains(t, got, "directive cost-variance/cost-variance level green: no case expects a subject rated at it")
}

// uncoveredPackCases returns what the suites leave untested in the packs:
// each rule of each pack that no case expects to fail or no case expects
// to pass; each level of each rating that no case expects a subject to be
// rated at, or that no case expects to be passed over. Levels are tried in
// order, so a level is passed over (its condition false) by a subject
// rated at a later level; the last level, reached only when every other
// failed, is passed over by a subject rated at an earlier one.
func uncoveredPackCases(t *testing.T, packs map[pmo.Type][]*governance.Policy, suites []*suite.Suite) []string {
	t.Helper()
	type key struct{ pack, policy, rule string }
	type levelKey struct{ pack, policy, rating, level string }
	failing, passing := map[key]bool{}, map[key]bool{}
	rated := map[levelKey]bool{}
	owner := func(ps []*governance.Policy, id string) string {
		for _, p := range ps {
			for _, r := range p.Rules {
				if r.ID == id {
					return p.Name
				}
			}
			for _, r := range p.Ratings {
				if r.ID == id {
					return p.Name
				}
			}
		}
		return ""
	}
	for _, s := range suites {
		packNames := slices.Clone(s.Packs)
		for _, src := range s.Policies {
			if src.Pack != "" {
				packNames = append(packNames, src.Pack)
			}
		}
		for _, c := range s.Tests {
			if c.Skip != "" {
				continue
			}
			for _, name := range packNames {
				var typ pmo.Type
				require.NoError(t, typ.UnmarshalText([]byte(name)))
				mark := func(set map[key]bool, xs []suite.Expectation) {
					for _, x := range xs {
						policy := x.Policy
						if policy == "" {
							policy = owner(packs[typ], x.Rule)
						}
						set[key{name, policy, x.Rule}] = true
					}
				}
				mark(failing, c.Expect.Violations)
				mark(passing, c.Expect.Passes)
				for _, x := range c.Expect.Ratings {
					policy := x.Policy
					if policy == "" {
						policy = owner(packs[typ], x.Rating)
					}
					rated[levelKey{name, policy, x.Rating, x.Level}] = true
				}
			}
		}
	}
	var out []string
	for _, typ := range packTypes() {
		for _, p := range packs[typ] {
			for _, r := range p.Rules {
				k := key{typ.String(), p.Name, r.ID}
				if !failing[k] {
					out = append(out, fmt.Sprintf("%s %s/%s: no case expects it to fail", typ, p.Name, r.ID))
				}
				if !passing[k] {
					out = append(out, fmt.Sprintf("%s %s/%s: no case expects it to pass", typ, p.Name, r.ID))
				}
			}
			for _, r := range p.Ratings {
				for i, l := range r.Levels {
					if !rated[levelKey{typ.String(), p.Name, r.ID, l.Level}] {
						out = append(out, fmt.Sprintf("%s %s/%s level %s: no case expects a subject rated at it", typ, p.Name, r.ID, l.Level))
					}
					others := r.Levels[i+1:]
					if i == len(r.Levels)-1 {
						others = r.Levels[:i]
					}
					if !slices.ContainsFunc(others, func(o governance.RatingLevel) bool {
						return rated[levelKey{typ.String(), p.Name, r.ID, o.Level}]
					}) {
						out = append(out, fmt.Sprintf("%s %s/%s level %s: no case expects a subject rated at another level that it would have rated (a later level, or an earlier one for the last)", typ, p.Name, r.ID, l.Level))
					}
				}
			}
		}
	}
	return out
}

// ExamplePack evaluates the directive pack over a small portfolio: a project
// in execution without a manager, with no status report for a month.
func ExamplePack() {
	policies, err := governance.Pack(pmo.Directive)
	if err != nil {
		fmt.Println(err)
		return
	}
	eng, err := governance.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	set, err := eng.Compile(policies...)
	if err != nil {
		fmt.Println(err)
		return
	}
	pf := &pmo.Portfolio{
		ID: "pf", Name: "Example",
		People: []pmo.Person{{ID: "u-ana", Name: "Ana", Roles: []string{"sponsor"}}},
		Projects: []pmo.Project{{
			ID: "P-1", Name: "CRM", Phase: "execution", Sponsor: "u-ana",
			Documents:     []pmo.Document{{ID: "D-1", Title: "Charter", Kind: "charter", Status: pmo.DocumentApproved}},
			StatusReports: []pmo.StatusReport{{Date: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)}},
		}},
	}
	rep, err := set.Evaluate(context.Background(), pf, governance.At(time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range rep.Violations() {
		fmt.Printf("%s %s/%s: %s\n", v.Severity, v.Policy, v.Rule, v.Message)
	}
	fmt.Println("blocked:", rep.Blocked())
	// Output:
	// error accountability/manager-assigned: project P-1 has no project manager
	// error status-reporting/report-cadence: project P-1 has no status report in the last 14 days
	// blocked: true
}

// TestPackOnSample checks that the directive pack finds the deliberate
// violations of the sample portfolio (listed at the top of
// internal/sample/portfolio.yaml) and that no rule fails to evaluate on it.
func TestPackOnSample(t *testing.T) {
	pf, err := sample.Portfolio()
	require.NoError(t, err)
	ps, err := governance.Pack(pmo.Directive)
	require.NoError(t, err)
	eng, err := governance.New()
	require.NoError(t, err)
	set, err := eng.Compile(ps...)
	require.NoError(t, err)
	rep, err := set.Evaluate(context.Background(), pf, governance.At(sample.Today()))
	require.NoError(t, err)

	governancetest.RequireBlocked(t, rep)
	for _, want := range []struct{ rule, subject string }{
		{"budget-tolerance/forecast-within-tolerance", "P-001"},
		{"earned-value/recovery-plan", "P-005"},
		{"change-control/board-decides-large-changes", "CR-2"},
		{"status-health/red-status-explained", "P-006"},
		{"milestones/no-overdue-milestones", "P-007"},
		{"risk-hygiene/high-risk-owner", "P-007"},
		{"status-reporting/report-cadence", "P-007"},
		{"change-control/decider-not-requester", "CR-1"},
	} {
		governancetest.AssertViolation(t, rep, want.rule, want.subject)
	}
	for _, v := range rep.Violations() {
		assert.NotEqual(t, governance.OutcomeError, v.Outcome, "%s/%s on %s: %s", v.Policy, v.Rule, v.Subject, v.Message)
	}
	// The IT Dashboard bands on the sample's budgets: P-001 forecasts
	// 1,350,000 against 1,200,000 (12.5%), P-002 840,000 against 850,000
	// (1.2%); both declare a status no better than that.
	governancetest.AssertRating(t, rep, "cost-variance/cost-variance", "P-001", "yellow")
	governancetest.AssertRating(t, rep, "cost-variance/cost-variance", "P-002", "green")
	governancetest.AssertNoViolation(t, rep, "cost-variance/status-not-better-than-rating", "P-001")
}

// BenchmarkPackEvaluate evaluates each pack over the sample portfolio
// (twelve projects, their change requests), the work of pmokit check.
func BenchmarkPackEvaluate(b *testing.B) {
	pf, err := sample.Portfolio()
	require.NoError(b, err)
	for _, typ := range packTypes() {
		b.Run(typ.String(), func(b *testing.B) {
			ps, err := governance.Pack(typ)
			require.NoError(b, err)
			eng, err := governance.New()
			require.NoError(b, err)
			set, err := eng.Compile(ps...)
			require.NoError(b, err)
			at := governance.At(sample.Today())
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := set.Evaluate(ctx, pf, at); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPackGate checks the execution gate of one sample project with the
// directive pack, the work of pmokit gate.
func BenchmarkPackGate(b *testing.B) {
	pf, err := sample.Portfolio()
	require.NoError(b, err)
	ps, err := governance.Pack(pmo.Directive)
	require.NoError(b, err)
	eng, err := governance.New()
	require.NoError(b, err)
	set, err := eng.Compile(ps...)
	require.NoError(b, err)
	at := governance.At(sample.Today())
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := set.CheckGate(ctx, pf, "P-001", "closing", at); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPackLoadCompile loads the directive pack from the embedded files
// and compiles it: the start-up cost of a command or a service.
func BenchmarkPackLoadCompile(b *testing.B) {
	eng, err := governance.New()
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		ps, err := governance.Pack(pmo.Directive)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := eng.Compile(ps...); err != nil {
			b.Fatal(err)
		}
	}
}

// ExamplePackFiles lists the policy files of the directive pack, for a PMO
// that copies them (fs.ReadFile(governance.PackFS(), name)) and adapts them.
func ExamplePackFiles() {
	files, err := governance.PackFiles(pmo.Directive)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range files {
		fmt.Println(f)
	}
	// Output:
	// policies/accountability.yaml
	// policies/budget-tolerance.yaml
	// policies/business-case.yaml
	// policies/change-control.yaml
	// policies/cost-variance.yaml
	// policies/delegation-of-authority.yaml
	// policies/earned-value.yaml
	// policies/milestones.yaml
	// policies/risk-hygiene.yaml
	// policies/schedule-variance.yaml
	// policies/segregation-of-duties.yaml
	// policies/stage-gates.yaml
	// policies/status-health.yaml
	// policies/status-reporting.yaml
}
