package suite

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"

	"github.com/pmokit/pmokit/internal/textcut"
)

// Result is what running one case gave. A case of a suite with packs runs
// once per pack, each run a Result of its own.
type Result struct {
	Suite    *Suite
	Case     *Case
	Pack     string             // the matrix pack, or ""
	Skipped  bool               // the case has skip; Case.Skip says why
	Failures []string           // the expectations that did not hold, each explained
	Err      error              // the case could not run: a bad fixture or patch, a failed evaluation (an *Error matching ErrInvalid, or the context's error)
	Report   *governance.Report // the report the expectations were checked on; nil when Err or Skipped
}

// Name returns "suite/case", or "suite[pack]/case" for a matrix run.
func (r *Result) Name() string {
	if r.Pack != "" {
		return fmt.Sprintf("%s[%s]/%s", r.Suite.Name, r.Pack, r.Case.Name)
	}
	return r.Suite.Name + "/" + r.Case.Name
}

// Passed reports whether the case ran and every expectation held.
func (r *Result) Passed() bool { return !r.Skipped && r.Err == nil && len(r.Failures) == 0 }

// Status returns the verdict of the case in one word: "pass", "fail",
// "skip" or "error" (the case could not run).
func (r *Result) Status() string {
	switch {
	case r.Skipped:
		return "skip"
	case r.Err != nil:
		return "error"
	case len(r.Failures) > 0:
		return "fail"
	}
	return "pass"
}

// Options configure [Run]. The zero value is ready to use.
type Options struct {
	// Engine compiles the policies; nil means governance.New() with its
	// defaults.
	Engine *governance.Engine
	// Match, when set, selects the cases to run by their [Result.Name]
	// ("suite/case" or "suite[pack]/case"); the others are neither run nor
	// returned, nor counted in the coverage.
	Match func(name string) bool
	// Params are parameter values for every suite (pmokit test --params).
	// Each applies to the suites whose policies declare it (its policy is
	// among them and declares the name, or for a value of every policy,
	// one of them does); [Results.UnusedParams] lists the others. A
	// suite's params win over them, and a case's over the suite's.
	Params governance.Params
}

// Results is what running a suite gave: a Result per case run, and the
// rule coverage of the suite's policies over those cases.
type Results struct {
	Suite    *Suite
	Cases    []*Result
	Coverage *Coverage
	// UnusedParams are the indexes of the Options.Params that no policy of
	// the suite declares.
	UnusedParams []int
}

// Failed reports how many cases failed or could not run.
func (rs *Results) Failed() int {
	n := 0
	for _, r := range rs.Cases {
		if !r.Skipped && !r.Passed() {
			n++
		}
	}
	return n
}

// Run runs every case of a suite, once per pack when the suite has packs,
// and returns the results in order (pack by pack, then case by case) with
// the coverage of every rule of the suite's policies. When the suite's
// policies cannot be read or compiled no case can run: Run returns an
// [*Error] at the suite's policies, matching [ErrInvalid] and the cause
// (e.g. [governance.ErrInvalidPolicy]), and no results. A case that cannot
// run (a bad fixture or patch) is a Result with Err. Run stops at the first
// case after ctx is done and returns ctx's error.
func Run(ctx context.Context, s *Suite, opts Options) (*Results, error) {
	eng := opts.Engine
	if eng == nil {
		var err error
		if eng, err = governance.New(); err != nil {
			return nil, err
		}
	}
	packs := s.Packs
	if len(packs) == 0 {
		packs = []string{""}
	}
	r := &runner{suite: s, fixtures: make(map[*Fixture]*yaml.Node), plain: make(map[*Fixture]*pmo.Portfolio)}
	out := &Results{Suite: s, Coverage: &Coverage{}}
	used := make([]bool, len(opts.Params))
	for _, pack := range packs {
		policies, err := r.load(pack)
		if err != nil {
			return nil, err
		}
		base := append(suiteParams(opts.Params, policies, used), s.Params...)
		set, err := r.compile(eng.WithParams(base), policies, s.policiesPos())
		if err != nil {
			return nil, err
		}
		out.Coverage.addRules(policies)
		for i := range s.Tests {
			c := &s.Tests[i]
			res := &Result{Suite: s, Case: c, Pack: pack}
			if opts.Match != nil && !opts.Match(res.Name()) {
				continue
			}
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if c.Skip != "" {
				res.Skipped = true
			} else if cs, err := r.caseSet(eng, set, base, policies, c); err != nil {
				res.Err = err
			} else {
				r.runCase(ctx, cs, res)
				if res.Err == nil {
					res.Failures = append(slices.Concat(unknownRules(c.Expect, policies), unknownRatings(c.Expect.Ratings, policies)), res.Failures...)
				}
				if res.Report != nil {
					out.Coverage.addReport(res.Report)
				}
			}
			out.Cases = append(out.Cases, res)
		}
	}
	for i, u := range used {
		if !u {
			out.UnusedParams = append(out.UnusedParams, i)
		}
	}
	return out, nil
}

// caseSet is the policy set a case runs on: the suite's, or, for a case
// with params, the policies compiled with them after the suite's.
func (r *runner) caseSet(eng *governance.Engine, set *governance.PolicySet, base governance.Params, policies []*governance.Policy, c *Case) (*governance.PolicySet, error) {
	if len(c.Params) == 0 {
		return set, nil
	}
	cs, err := eng.WithParams(append(slices.Clip(base), c.Params...)).Compile(policies...)
	if err != nil {
		return nil, errorAt(c.Pos, fmt.Errorf("test %s: params: %w", textcut.Quote(c.Name), err))
	}
	return cs, nil
}

// policiesPos returns where the suite's policies are named (the suite file when
// they are not).
func (s *Suite) policiesPos() Pos {
	if len(s.Policies) > 0 {
		return s.Policies[0].Pos
	}
	return Pos{File: s.File}
}

type runner struct {
	suite    *Suite
	fixtures map[*Fixture]*yaml.Node     // parsed fixture files
	plain    map[*Fixture]*pmo.Portfolio // read fixtures, for cases without patches
}

// load reads the suite's policies, plus the matrix pack.
func (r *runner) load(pack string) ([]*governance.Policy, error) {
	sources := r.suite.Policies
	if pack != "" {
		sources = append(slices.Clone(sources), PolicySource{Pack: pack})
	}
	var policies []*governance.Policy
	for _, src := range sources {
		var (
			ps  []*governance.Policy
			err error
		)
		if src.Pack != "" {
			t, terr := packType(src.Pack)
			if terr != nil {
				return nil, errorAt(src.Pos, terr)
			}
			ps, err = governance.Pack(t)
		} else {
			ps, err = governance.LoadPolicies(nil, r.suite.resolve(src.Path))
		}
		if err != nil {
			return nil, errorAt(src.Pos, fmt.Errorf("policies: %w", err))
		}
		policies = append(policies, ps...)
	}
	return policies, nil
}

// compile compiles the suite's policies; pos is where an error points.
func (r *runner) compile(eng *governance.Engine, policies []*governance.Policy, pos Pos) (*governance.PolicySet, error) {
	set, err := eng.Compile(policies...)
	if err != nil {
		return nil, errorAt(pos, fmt.Errorf("policies do not compile: %w", err))
	}
	return set, nil
}

// unknownRules returns a failure for each expectation that names a rule (or
// a policy) that none of the policies has: a typo in a suite would
// otherwise pass unnoticed as "no such violation".
func unknownRules(e Expect, policies []*governance.Policy) []string {
	var fails []string
	for _, x := range slices.Concat(e.Violations, e.Passes, e.Waived) {
		// The warnings of waivers: about to expire, or of a policy the set
		// does not have (a result of that policy).
		found := x.Rule == governance.RuleWaiverExpiring || x.Rule == governance.RuleWaiverNotEvaluated
		for _, p := range policies {
			if x.Policy != "" && p.Name != x.Policy {
				continue
			}
			if slices.ContainsFunc(p.Rules, func(r governance.Rule) bool { return r.ID == x.Rule }) || hasRating(p, x.Rule) {
				found = true
				break
			}
		}
		if !found {
			what := fmt.Sprintf("rule %s", textcut.Quote(x.Rule))
			if x.Policy != "" {
				what = fmt.Sprintf("rule %s in policy %s", textcut.Quote(x.Rule), textcut.Quote(x.Policy))
			}
			fails = append(fails, fmt.Sprintf("%s: the suite's policies have no %s", x.Pos, what))
		}
	}
	return fails
}

// resolve returns a path given in the suite relative to the suite file's
// directory.
func (s *Suite) resolve(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(filepath.Dir(s.File), p)
}

func (r *runner) portfolio(c *Case) (*pmo.Portfolio, error) {
	fx := c.Portfolio
	if fx == nil {
		fx = r.suite.Portfolio
	}
	if len(c.Patch) == 0 {
		if pf, ok := r.plain[fx]; ok {
			return pf, nil
		}
		if fx.Inline == nil {
			// A file read as it is: its own format (strict JSON for a JSON
			// file) and its own positions.
			path := fx.Path
			if !filepath.IsAbs(path) {
				path = filepath.Join(filepath.Dir(r.suite.File), path)
			}
			pf, err := pmo.ReadPortfolioFile(path)
			if err != nil {
				if !errors.Is(err, pmo.ErrInvalid) { // the file cannot be read
					if inner := errors.Unwrap(err); inner != nil {
						err = inner
					}
					return nil, errorAt(fx.Pos, fmt.Errorf("portfolio: %w", err))
				}
				return nil, errorAt(c.Pos, fmt.Errorf("test %q: invalid portfolio: %w", c.Name, err))
			}
			r.plain[fx] = pf
			return pf, nil
		}
	}
	node, ok := r.fixtures[fx]
	if !ok {
		var err error
		node, err = fixtureNode(r.suite.File, fx)
		if err != nil {
			return nil, err
		}
		r.fixtures[fx] = node
	}
	patched, err := applyPatches(node, c.Patch)
	if err != nil {
		return nil, err
	}
	// A block mapping at the top, so that the text is read as YAML (a flow
	// mapping would start with '{', which pmo reads as JSON).
	top := *patched
	top.Style &^= yaml.FlowStyle
	data, err := yaml.Marshal(&top)
	if err != nil {
		return nil, errorAt(c.Pos, fmt.Errorf("portfolio: %w", err))
	}
	pf, err := pmo.ReadPortfolio(bytes.NewReader(data))
	if err != nil {
		return nil, errorAt(c.Pos, fmt.Errorf("test %s: invalid portfolio: %w", textcut.Quote(c.Name), err))
	}
	if len(c.Patch) == 0 {
		r.plain[fx] = pf
	}
	return pf, nil
}

func (r *runner) runCase(ctx context.Context, set *governance.PolicySet, res *Result) {
	c := res.Case
	pf, err := r.portfolio(c)
	if err != nil {
		res.Err = err
		return
	}
	now := r.suite.Clock(c)
	var rep *governance.Report
	if c.Gate != nil {
		rep, err = set.CheckGate(ctx, pf, c.Gate.Project, c.Gate.To, governance.At(now))
	} else {
		rep, err = set.Evaluate(ctx, pf, governance.At(now))
	}
	if err != nil {
		if ctx.Err() != nil {
			res.Err = err
			return
		}
		res.Err = errorAt(c.Pos, fmt.Errorf("test %s: %w", textcut.Quote(c.Name), err))
		return
	}
	res.Report = rep
	res.Failures = Check(c.Expect, rep)
}

// Check returns the expectations of e that rep does not meet, each as a
// sentence that says what was expected and what the report holds.
func Check(e Expect, rep *governance.Report) []string {
	var fails []string
	violations := rep.Violations()
	if e.Blocked != nil && *e.Blocked != rep.Blocked() {
		want, got := "blocked", "not blocked"
		if !*e.Blocked {
			want, got = got, want
		}
		fails = append(fails, fmt.Sprintf("expected %s, got %s; violations:%s", want, got, listResults(violations)))
	}
	for _, x := range e.Violations {
		if !slices.ContainsFunc(violations, func(v governance.Result) bool { return matches(x, v) }) {
			fails = append(fails, fmt.Sprintf("%s: expected a violation of %s; violations:%s", x.Pos, x, listResults(violations)))
		}
	}
	if e.Only {
		for _, v := range violations {
			if !slices.ContainsFunc(e.Violations, func(x Expectation) bool { return matches(x, v) }) {
				fails = append(fails, "unexpected violation "+FormatResult(v))
			}
		}
	}
	if len(e.Waived) > 0 {
		waived := rep.Waived()
		for _, x := range e.Waived {
			if !slices.ContainsFunc(waived, func(v governance.Result) bool { return matches(x, v) }) {
				var related []governance.Result
				for _, res := range rep.All() {
					if res.Rule == x.Rule && (x.Policy == "" || res.Policy == x.Policy) && (x.Subject == "" || res.Subject == x.Subject) {
						related = append(related, res)
					}
				}
				fails = append(fails, fmt.Sprintf("%s: expected %s to be waived; got:%s", x.Pos, x, listResults(related)))
			}
		}
	}
	for _, x := range e.Passes {
		var passed bool
		var related []governance.Result
		for _, res := range rep.All() {
			if !matches(x, res) {
				continue
			}
			if res.Outcome == governance.OutcomePass {
				passed = true
			} else {
				related = append(related, res)
			}
		}
		switch {
		case !passed && len(related) == 0:
			fails = append(fails, fmt.Sprintf("%s: expected %s to pass; it was not evaluated", x.Pos, x))
		case !passed || hasViolation(related):
			fails = append(fails, fmt.Sprintf("%s: expected %s to pass; got:%s", x.Pos, x, listResults(related)))
		}
	}
	return append(fails, checkRatings(e.Ratings, rep)...)
}

func hasViolation(rs []governance.Result) bool {
	return slices.ContainsFunc(rs, func(r governance.Result) bool {
		return r.Outcome == governance.OutcomeFail || r.Outcome == governance.OutcomeError
	})
}

func matches(x Expectation, r governance.Result) bool {
	return r.Rule == x.Rule &&
		(x.Policy == "" || r.Policy == x.Policy) &&
		(x.Subject == "" || r.Subject == x.Subject) &&
		(x.Severity == "" || r.Severity.String() == x.Severity) &&
		(x.Message == "" || strings.Contains(r.Message, x.Message)) &&
		(x.Waiver == "" || r.WaiverID() == x.Waiver)
}

func listResults(rs []governance.Result) string {
	if len(rs) == 0 {
		return " none"
	}
	var b strings.Builder
	for _, r := range rs {
		b.WriteString("\n\t")
		b.WriteString(FormatResult(r))
	}
	return b.String()
}

// FormatResult describes one result on one line plus its explanation:
// "policy/rule subject S: severity outcome: message", or for a rated result
// "policy/rating subject S: rated level: message".
func FormatResult(r governance.Result) string {
	s := fmt.Sprintf("%s/%s subject %s: %s %s: %s", r.Policy, r.Rule, r.Subject, r.Severity, r.Outcome, r.Message)
	if r.Outcome == governance.OutcomeRated {
		s = fmt.Sprintf("%s/%s subject %s: rated %s", r.Policy, r.Rule, r.Subject, r.Level)
		if r.Message != "" {
			s += ": " + r.Message
		}
	}
	if r.Outcome == governance.OutcomeWaived {
		s += " [waived by " + r.WaiverID() + "]"
	}
	for _, line := range r.Explanation() {
		s += "\n\t\t" + line
	}
	return s
}

// Clock returns the clock a case runs at: its own, or the suite's.
func (s *Suite) Clock(c *Case) time.Time {
	if !c.Now.IsZero() {
		return c.Now
	}
	return s.Now
}
