package governance_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pmokit/pmokit/governance"
)

// FuzzWaiverCondition: a waiver's conditions are CEL from the portfolio,
// untrusted input. Whatever the condition, evaluation neither panics nor
// returns an error, finishes within the cost limit, and the rule's result
// is either waived (the condition held) or a violation that names the
// waiver and says why it does not hold.
func FuzzWaiverCondition(f *testing.F) {
	for _, seed := range []string{
		"true", "false", "project.status == 'amber'", "project.start < now", "project.nope", "project.id",
		"lists.range(1000000).all(i, i >= 0)", "'a'.repeat(1000000).size() > 0", "variables.x", "params.x",
		"gate.to == 'execution'", "change.id != ''", "portfolio.waivers.all(w, w.expires > now)",
		"1/0 == 1", "dyn(1) == 'a'", "", ")", strings.Repeat("(", 300),
	} {
		f.Add(seed)
	}
	set := waiverSetWithCostLimit(f)
	f.Fuzz(func(t *testing.T, cond string) {
		pf := waiverPF(t)
		pf.Waivers[0].Conditions = []string{cond}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		for _, run := range []func() (*governance.Report, error){
			func() (*governance.Report, error) { return set.Evaluate(ctx, pf, governance.At(waiverNow)) },
			func() (*governance.Report, error) {
				return set.CheckGate(ctx, pf, "P-1", "execution", governance.At(waiverNow))
			},
		} {
			rep, err := run()
			if err != nil {
				t.Fatalf("condition %q: %v", cond, err)
			}
			r := find(t, rep, "pmo-standards", "manager-assigned", "P-1")
			switch r.Outcome {
			case governance.OutcomeWaived:
			case governance.OutcomeFail:
				if r.WaiverID() != "W-1" || !strings.Contains(r.Waiver.Problem, "condition 1") {
					t.Fatalf("condition %q: a violation that does not say why: %+v", cond, r)
				}
			default:
				t.Fatalf("condition %q: outcome %s", cond, r.Outcome)
			}
		}
		if _, err := set.Waivers(ctx, pf, governance.At(waiverNow)); err != nil {
			t.Fatalf("condition %q: waivers: %v", cond, err)
		}
	})
}

func waiverSetWithCostLimit(f *testing.F) *governance.PolicySet {
	e, err := governance.New(governance.WithCostLimit(10_000))
	if err != nil {
		f.Fatal(err)
	}
	var ps []*governance.Policy
	for _, src := range waiverPolicies {
		p, err := governance.ParsePolicy([]byte(src))
		if err != nil {
			f.Fatal(err)
		}
		ps = append(ps, p)
	}
	set, err := e.Compile(ps...)
	if err != nil {
		f.Fatal(err)
	}
	return set
}
