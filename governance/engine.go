package governance

import (
	"cel.dev/cel-go/common/functions"
	"errors"
	"fmt"
	"sync"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/ext"

	"github.com/pmokit/pmokit/pmo"
	"github.com/pmokit/pmokit/risk"
)

// DefaultCostLimit is the runtime cost limit of one evaluation of one
// expression (cel-go cost units, roughly one per operation and one per
// element visited by a comprehension) when no [WithCostLimit] is given.
const DefaultCostLimit uint64 = 1_000_000

// interruptCheckFrequency is how many comprehension iterations run between
// two checks of the context: a cancelled evaluation stops within that many.
const interruptCheckFrequency = 100

// Engine holds the CEL environments of the policy language: the pmo schema,
// the PMO function library and the options. Create one with [New] and
// compile policies with [Engine.Compile]. An Engine is immutable and safe for
// concurrent use by multiple goroutines.
type Engine struct {
	costLimit     uint64
	estimateLimit uint64 // 0: estimates are not refused (see WithEstimatedCostLimit)
	celOpts       []cel.EnvOption
	matrix        *risk.Matrix
	lifecycle     pmo.Lifecycle             // nil: phases are checked against each portfolio
	pmoType       pmo.Type                  // 0: a severity by PMO type is a compile error (WithPMOType)
	params        Params                    // WithParams, in order
	envs          [ScopeChange + 1]*cel.Env // by Scope
	// interpretOnly: no native plans, every evaluation through cel-go's
	// interpreter (native.go); a test setting, for the differential tests.
	interpretOnly bool
	// disp is, by scope, the bindings of the environment's functions
	// (native.go), made on first use.
	disp   [ScopeChange + 1]func() (map[string]*functions.Overload, error)
	guards *guards // the guarded calls of the environments (library_guard.go)
}

// Option configures an [Engine].
type Option func(*Engine) error

// WithCostLimit sets the runtime cost limit of one evaluation of one
// expression (a rule's when, expression or message_expression, a variable,
// a policy's when); default [DefaultCostLimit]. Exceeding it makes that
// rule's outcome an error. The limit must be positive.
func WithCostLimit(limit uint64) Option {
	return func(e *Engine) error {
		if limit == 0 {
			return errors.New("governance: cost limit must be positive")
		}
		e.costLimit = limit
		return nil
	}
}

// WithEstimatedCostLimit makes the worst-case cost of an expression, as
// estimated at compile time, a compile error when it exceeds limit. The
// estimate assumes at most 1,000 projects, people and programs in a
// portfolio, at most 100 elements in any other list or map and strings of
// at most 1,000 bytes. By default no estimate is refused: natural rules
// (a decision signed by someone who holds a role, an index loop over a
// list) are estimated far above what they cost on real portfolios, and the
// runtime cost limit ([WithCostLimit]) and the context's deadline stop any
// evaluation that does run long, as an error result (fail closed). [Lint]
// reports every expression whose estimate exceeds the runtime cost limit as
// a warning.
func WithEstimatedCostLimit(limit uint64) Option {
	return func(e *Engine) error {
		if limit == 0 {
			return errors.New("governance: estimated cost limit must be positive")
		}
		e.estimateLimit = limit
		return nil
	}
}

// WithRiskMatrix sets the risk matrix that risk_rating(r), risk_score(r),
// risk_impact(r) and risk_dimension(r) use; the default is
// risk.Preset5x5(), whose consequence dimensions are cost, schedule and
// performance, combined by their maximum.
func WithRiskMatrix(m *risk.Matrix) Option {
	return func(e *Engine) error {
		if m == nil {
			return errors.New("governance: nil risk matrix")
		}
		e.matrix = m
		return nil
	}
}

// WithLifecycle sets the lifecycle that policies are compiled for. A phase
// name written in a rule (compared with project.phase, gate.from, gate.to,
// an approval's or a decision's gate, or passed to phase_index,
// phase_at_or_after, phase_before, approved_by_role or approvers) that is
// not one of its phases is then a compile error that lists them. Without
// it only the evaluated portfolio knows its lifecycle, so such a phase name
// makes the rule's outcome an error that names the phase, on every subject
// the rule reads it for. The phases must be distinct and not empty.
func WithLifecycle(phases ...string) Option {
	return func(e *Engine) error {
		if len(phases) == 0 {
			return errors.New("governance: lifecycle has no phases")
		}
		seen := map[string]bool{}
		for _, p := range phases {
			if p == "" || seen[p] {
				return fmt.Errorf("governance: lifecycle: empty or duplicate phase %q", p)
			}
			seen[p] = true
		}
		e.lifecycle = append(pmo.Lifecycle(nil), phases...)
		return nil
	}
}

// WithCELOptions adds cel-go environment options to every policy
// environment, after the built-in ones: the escape hatch for a host that
// needs its own functions (cel.Function), variables, macros or cel-go
// extension libraries. It is the only place where a cel-go type appears in
// this package's API; cel-go is pre-1.0, so code using it may need changes
// when pmokit upgrades cel-go. Functions must be safe for concurrent use.
func WithCELOptions(opts ...cel.EnvOption) Option {
	return func(e *Engine) error {
		e.celOpts = append(e.celOpts, opts...)
		return nil
	}
}

// New returns an Engine configured by opts.
func New(opts ...Option) (*Engine, error) {
	e := &Engine{costLimit: DefaultCostLimit}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(e); err != nil {
			return nil, err
		}
	}
	if e.matrix == nil {
		e.matrix = risk.Preset5x5()
	}
	e.guards = newGuards(e.costLimit)
	base, err := newBaseEnv(e.matrix, e.guards, e.lifecycle, e.celOpts...)
	if err != nil {
		return nil, fmt.Errorf("governance: %w", err)
	}
	for _, s := range []Scope{ScopePortfolio, ScopeProject, ScopeGate, ScopeChange} {
		env, err := base.Extend(scopeVariables(s)...)
		if err != nil {
			return nil, fmt.Errorf("governance: scope %s: %w", s, err)
		}
		e.envs[s] = env
		e.disp[s] = sync.OnceValues(func() (map[string]*functions.Overload, error) { return overloadsOf(env) })
	}
	return e, nil
}

// newBaseEnv is the environment shared by all scopes: the schema, the PMO
// library, cel-go's string, math, list, set and bindings extensions, the
// guards that bound every call (library_guard.go), the compile-time checks
// (validate.go) and the portfolio and now variables; host options last.
func newBaseEnv(m *risk.Matrix, g *guards, lifecycle pmo.Lifecycle, host ...cel.EnvOption) (*cel.Env, error) {
	opts := []cel.EnvOption{
		schemaTypesOption(),
		cel.CrossTypeNumericComparisons(true),
		ext.Strings(),
		ext.Math(),
		ext.Lists(),
		ext.Sets(),
		ext.Bindings(),
		cel.Lib(pmoLibrary{risk: m}),
		cel.Lib(thresholdLibrary{}),
		guardOptions(g),
		cel.Variable("portfolio", cel.ObjectType(portfolioTypeName)),
		cel.Variable("now", cel.TimestampType),
	}
	opts = append(opts, checkOptions(newChecker(m, lifecycle))...)
	return cel.NewEnv(append(opts, host...)...)
}

// newChecker is the compile-time checker of literals for the risk matrix
// m and the lifecycle (nil: phases are checked at evaluation).
func newChecker(m *risk.Matrix, lifecycle pmo.Lifecycle) checker {
	var ratings []string
	for _, r := range m.Ratings() {
		ratings = append(ratings, r.Name)
	}
	return checker{lifecycle: lifecycle, ratings: ratings, dimensions: m.Dimensions()}
}

// checker is the engine's compile-time checker of literals (validate.go).
func (e *Engine) checker() checker { return newChecker(e.matrix, e.lifecycle) }

// schemaTypesOption installs the provider of the pmo schema types in front
// of the environment's own.
func schemaTypesOption() cel.EnvOption {
	return func(env *cel.Env) (*cel.Env, error) {
		p := &provider{base: env.CELTypeProvider(), adapter: env.CELTypeAdapter()}
		// A registry in front keeps cel.Types and ext.NativeTypes working;
		// it falls back to p for the schema types.
		reg, adapter, err := types.ComposeTypes(p, p)
		if err != nil {
			return nil, err
		}
		env, err = cel.CustomTypeAdapter(adapter)(env)
		if err != nil {
			return nil, err
		}
		return cel.CustomTypeProvider(reg)(env)
	}
}

// scopeVariables declares the variables of a scope beyond portfolio and now.
func scopeVariables(s Scope) []cel.EnvOption {
	project := cel.Variable("project", cel.ObjectType(projectTypeName))
	switch s {
	case ScopeProject:
		return []cel.EnvOption{project}
	case ScopeGate:
		return []cel.EnvOption{project, cel.Variable("gate", cel.ObjectType(gateTypeName))}
	case ScopeChange:
		return []cel.EnvOption{project, cel.Variable("change", cel.ObjectType(changeTypeName))}
	}
	return nil
}
