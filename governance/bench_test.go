package governance

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/internal/pmogen"
	"github.com/pmokit/pmokit/pmo"
	"github.com/pmokit/pmokit/risk"
)

// benchRules are twenty representative project rules: REFERENCES.md Part B
// (c) "Ten governance rules for CEL examples" (gate approvals, cost
// tolerance, four-eyes, risk hygiene, RAG accountability, status cadence,
// change authority) plus money, date and approval checks. They use only
// functions that also work on plain maps, so the celgo-maps baseline runs
// the very same expressions.
func benchRules() []string {
	return []string{
		`project.sponsor != ''`,
		`project.manager != ''`,
		`project.phase != 'execution' || project.approvals.exists(a, a.gate == 'execution' && a.role == 'sponsor' && a.decision == 'approved')`,
		`!has(project.budget.forecast) || !has(project.budget.approved) || project.budget.forecast <= project.budget.approved * 1.1`,
		`project.risks.filter(r, r.status == 'open' && r.impact >= 4).all(r, r.owner != '')`,
		`project.risks.filter(r, r.status == 'open' && r.probability * double(r.impact) >= 2.0).all(r, r.response != '')`,
		`project.milestones.all(m, m.done || !has(m.due) || m.due >= now)`,
		`project.status != 'red' || project.issues.exists(i, i.status == 'open')`,
		`project.phase == 'initiation' || project.status_reports.exists(s, days_since(s.date) <= 30)`,
		`project.changes.all(c, c.status != 'approved' || segregated(c.requested_by, c.decided_by))`,
		`project.approvals.all(a, a.requested_by == '' || a.requested_by != a.by)`,
		`project.phase == 'initiation' || project.documents.exists(d, d.kind == 'business_case' && d.status == 'approved')`,
		`project.risks.filter(r, r.status == 'open' && has(r.cost_impact)).map(r, r.cost_impact).sum() <= project.budget.approved`,
		`!has(project.start) || project.dependencies.all(d, !has(d.needed_by) || d.needed_by >= project.start - duration('8760h'))`,
		`project.benefits.all(b, b.owner != '')`,
		`project.assumptions.filter(a, a.status == 'unvalidated').all(a, !has(a.validate_by) || a.validate_by >= now - duration('2160h'))`,
		`!has(project.finish) || !has(project.start) || working_days(project.start, project.finish) >= 5`,
		`project.issues.filter(i, i.status == 'open' && (i.severity == 'high' || i.severity == 'critical')).all(i, i.owner != '')`,
		`size(project.risks) <= 20 && size(project.milestones) <= 50`,
		`project.changes.filter(c, has(c.cost_impact)).all(c, c.cost_impact < money('10000000 USD') || c.cost_impact.currency() != 'USD')`,
	}
}

func benchPolicy(n int) *Policy {
	p := &Policy{Name: fmt.Sprintf("bench-%d", n), Scope: ScopeProject}
	for i, r := range benchRules() {
		p.Rules = append(p.Rules, Rule{ID: fmt.Sprintf("r%02d", i), Expression: r})
	}
	return p
}

// BenchmarkEvaluate compares the engine (engine: Evaluate with one worker,
// results and explanations included) with the same expressions run directly
// as cel-go programs over plain maps (the portfolio converted to
// map[string]any once, outside the loop). ns/rule is the time per rule
// evaluation on one subject.
//
//   - engine: the runtime cost limit in force (cel-go's cost tracker runs
//     for the expressions whose cost the measured portfolio does not bound,
//     see budget.go);
//   - engine-nolimit: no runtime cost limit at all (an internal setting;
//     without a limit every evaluation attaches the context, see
//     maxUninterruptedCost, so it is slower than engine);
//   - celgo-maps: cel-go programs with the same cost limit and interrupt
//     checks, evaluated with ContextEval;
//   - celgo-maps-nolimit: bare cel-go programs, Eval: the floor.
func BenchmarkEvaluate(b *testing.B) {
	pf := pmogen.Generate(1000, 1)
	now := pmogen.Today()
	n := len(pf.Projects) * len(benchRules())

	engine := func(b *testing.B, limits bool) {
		eng, err := New()
		require.NoError(b, err)
		if !limits {
			eng.costLimit = 0 // no runtime cost tracking: compare with celgo-maps-nolimit
		}
		set, err := eng.Compile(benchPolicy(0))
		require.NoError(b, err)
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			rep, err := set.Evaluate(ctx, pf, At(now), Workers(1))
			if err != nil || rep.Len() != n {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/rule")
	}
	b.Run("engine", func(b *testing.B) { engine(b, true) })
	b.Run("engine-nolimit", func(b *testing.B) { engine(b, false) })

	// The baselines: the same expressions, compiled in a plain cel-go
	// environment with the same function library, the subjects as maps.
	// celgo-maps uses the engine's program options (runtime cost limit,
	// interrupt checks, a context) so that it measures the same CEL work;
	// celgo-maps-nolimit leaves them out (the bare cel-go floor).
	baseline := func(b *testing.B, limits bool) {
		env, err := cel.NewEnv(
			cel.CrossTypeNumericComparisons(true),
			cel.Lib(pmoLibrary{risk: risk.Preset5x5()}),
			cel.Variable("portfolio", cel.DynType),
			cel.Variable("project", cel.DynType),
			cel.Variable("now", cel.TimestampType),
		)
		require.NoError(b, err)
		var opts []cel.ProgramOption
		if limits {
			opts = append(opts, cel.CostLimit(DefaultCostLimit), cel.InterruptCheckFrequency(interruptCheckFrequency))
		}
		prgs := make([]cel.Program, len(benchRules()))
		for i, r := range benchRules() {
			ast, iss := env.Compile(r)
			require.NoError(b, iss.Err(), r)
			prgs[i], err = env.Program(ast, opts...)
			require.NoError(b, err)
		}
		pfMap := toMap(reflect.ValueOf(pf).Elem()).(map[string]any)
		projects := make([]map[string]any, len(pf.Projects))
		for i := range pf.Projects {
			projects[i] = toMap(reflect.ValueOf(&pf.Projects[i]).Elem()).(map[string]any)
		}
		nowVal := types.Timestamp{Time: now}
		// The results must agree with the engine's.
		checkBaseline(b, pf, now, projects, pfMap, prgs)
		ctx := context.Background()
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			for _, pm := range projects {
				act := map[string]any{"project": pm, "portfolio": pfMap, "now": nowVal}
				for _, prg := range prgs {
					var (
						out ref.Val
						err error
					)
					if limits {
						out, _, err = prg.ContextEval(ctx, act)
					} else {
						out, _, err = prg.Eval(act)
					}
					if err != nil && out == nil {
						b.Fatal(err)
					}
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/rule")
	}
	b.Run("celgo-maps", func(b *testing.B) { baseline(b, true) })
	b.Run("celgo-maps-nolimit", func(b *testing.B) { baseline(b, false) })
}

// checkBaseline verifies that the map baseline computes the same outcomes as
// the engine, so that the two benchmarks measure the same work.
func checkBaseline(b *testing.B, pf *pmo.Portfolio, now time.Time, projects []map[string]any, pfMap map[string]any, prgs []cel.Program) {
	eng, err := New()
	require.NoError(b, err)
	set, err := eng.Compile(benchPolicy(0))
	require.NoError(b, err)
	rep, err := set.Evaluate(context.Background(), pf, At(now))
	require.NoError(b, err)
	results := rep.Results()
	fails := 0
	for i, pm := range projects {
		act := map[string]any{"project": pm, "portfolio": pfMap, "now": types.Timestamp{Time: now}}
		for j, prg := range prgs {
			out, _, err := prg.Eval(act)
			want := results[i*len(prgs)+j]
			got := OutcomeError
			if err == nil {
				got = OutcomeFail
				if out == types.True {
					got = OutcomePass
				}
			}
			if got != want.Outcome {
				b.Fatalf("project %s rule %d: maps give %s, engine %s (%s; %v)", pf.Projects[i].ID, j, got, want.Outcome, want.Message, err)
			}
			if got != OutcomePass {
				fails++
			}
		}
	}
	if fails == 0 || fails == len(results) {
		b.Fatalf("%d of %d rule evaluations are violations: a poor benchmark", fails, len(results))
	}
}

// toMap converts a schema value to plain maps and lists the way a host
// without a typed binding would: JSON names as keys, enums as words, money
// as the CEL money value, dates as time.Time; absent money and dates are
// left out (so has() works), other zero values are kept.
func toMap(v reflect.Value) any {
	switch x := v.Interface().(type) {
	case pmo.Money:
		return moneyRef{&x}
	case time.Time:
		return x
	case decimal.Decimal:
		return x.InexactFloat64()
	case fmt.Stringer:
		if v.Kind() == reflect.Int {
			return x.String()
		}
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return toMap(v.Elem())
	case reflect.Struct:
		m := map[string]any{}
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			fv := v.Field(i)
			if z, ok := fv.Interface().(interface{ IsZero() bool }); ok && fv.Kind() == reflect.Struct && z.IsZero() {
				if _, isMoney := z.(pmo.Money); isMoney {
					continue
				}
				if _, isTime := z.(time.Time); isTime {
					continue
				}
			}
			if fv.Kind() == reflect.Pointer && fv.IsNil() {
				continue
			}
			m[name] = toMap(fv)
		}
		return m
	case reflect.Slice:
		out := make([]any, v.Len())
		for i := range out {
			out[i] = toMap(v.Index(i))
		}
		return out
	}
	return v.Interface()
}

// BenchmarkEvaluateParallel evaluates 10,000 projects × 20 rules with the
// default workers (GOMAXPROCS). The scaling over cores is its time at
// -cpu=1 over its time at -cpu=2, each -cpu value in a process of its own
// (with b.Loop, -cpu=1,2 in one process mislabels the first figure);
// BENCHMARKS.md gives the commands.
func BenchmarkEvaluateParallel(b *testing.B) {
	pf := pmogen.Generate(10000, 2)
	now := pmogen.Today()
	eng, err := New()
	require.NoError(b, err)
	set, err := eng.Compile(benchPolicy(0))
	require.NoError(b, err)
	n := len(pf.Projects) * len(benchRules())
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := set.Evaluate(ctx, pf, At(now)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/rule")
}

// BenchmarkCompile1000 compiles 1,000 distinct rules: 50 policies of the 20
// bench rules, each made unique by a policy-specific clause.
func BenchmarkCompile1000(b *testing.B) {
	eng, err := New()
	require.NoError(b, err)
	policies := make([]*Policy, 50)
	for i := range policies {
		policies[i] = benchPolicy(i)
		for j := range policies[i].Rules {
			r := &policies[i].Rules[j]
			r.Expression = fmt.Sprintf("project.id == 'P-%d-%d' || (%s)", i, j, r.Expression)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := eng.Compile(policies...); err != nil {
			b.Fatal(err)
		}
	}
}
