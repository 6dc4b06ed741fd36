package pmo_test

import (
	"math"
	"testing"
	"time"

	"github.com/pmokit/pmokit/pmo"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// valid returns a small valid portfolio built in Go, with one item in every
// list, for the cases below to break.
func valid() *pmo.Portfolio {
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	return &pmo.Portfolio{
		ID: "pf", Name: "PF", Currency: "USD", PMOType: pmo.Directive,
		People:   []pmo.Person{{ID: "u1", Name: "Ana"}, {ID: "u2", Name: "Lee"}},
		Programs: []pmo.Program{{ID: "pg", Name: "PG", Manager: "u2", Sponsor: "u1"}},
		Projects: []pmo.Project{
			{ID: "P-0", Name: "Zero", Phase: "closing"},
			{
				ID: "P-1", Name: "One", Program: "pg", Sponsor: "u1", Manager: "u2", Phase: "execution", Status: pmo.Green,
				Budget:        pmo.Budget{Approved: pmo.MustParseMoney("100 USD")},
				EarnedValue:   &pmo.EarnedValue{BAC: pmo.MustParseMoney("100 USD")},
				Scores:        map[string]float64{"reach": 10},
				Attributes:    map[string]any{"n": 1, "list": []any{"a", map[string]any{"k": 2.5}}},
				StatusReports: []pmo.StatusReport{{Date: day, Status: pmo.Green, By: "u2"}},
				Documents:     []pmo.Document{{ID: "DOC-1", Title: "Charter", Kind: "charter", Status: pmo.DocumentApproved, ApprovedBy: "u1"}},
				Milestones:    []pmo.Milestone{{ID: "M1", Name: "Go-live", Due: day}},
				Risks: []pmo.Risk{{
					ID: "R-1", Title: "Vendor", Owner: "u2", Probability: 0.5, Impact: 3,
					CostImpact:        pmo.MustParseMoney("10 USD"),
					CostRange:         &pmo.MoneyRange{Min: pmo.MustParseMoney("5 USD"), Max: pmo.MustParseMoney("20 USD")},
					ScheduleRangeDays: &pmo.DaysRange{Min: 0, Max: 10},
					Residual:          &pmo.Residual{Probability: 0.2, Impact: 2},
				}},
				Issues:       []pmo.Issue{{ID: "I-1", Title: "Down", Owner: "u2", Severity: pmo.SeverityHigh, Status: pmo.IssueOpen}},
				Assumptions:  []pmo.Assumption{{ID: "A-1", Statement: "SLA holds", Owner: "u2"}},
				Dependencies: []pmo.Dependency{{ID: "D-1", On: "P-0", Type: pmo.FinishToStart}},
				Changes:      []pmo.Change{{ID: "CR-1", Title: "SSO", RequestedBy: "u2", DecidedBy: "u1", Status: pmo.ChangeApproved}},
				Approvals:    []pmo.Approval{{Gate: "execution", Role: "sponsor", By: "u1", RequestedBy: "u2", Decision: pmo.ApprovalApproved}},
				Decisions:    []pmo.Decision{{ID: "DEC-1", Title: "Go", Gate: "execution", Outcome: pmo.OutcomeGo, By: []string{"u1"}}},
				Benefits:     []pmo.Benefit{{ID: "B-1", Description: "Churn down", Owner: "u1", Target: decimal.NewFromInt(2)}},
			},
		},
	}
}

func TestValidate(t *testing.T) {
	require.NoError(t, valid().Validate())

	tests := []struct {
		name   string
		mutate func(pf *pmo.Portfolio, p *pmo.Project)
		want   []string
	}{
		{"missing portfolio name", func(pf *pmo.Portfolio, _ *pmo.Project) { pf.Name = "" },
			[]string{"pmo: name: missing required field"}},
		{"invalid PMO type", func(pf *pmo.Portfolio, _ *pmo.Project) { pf.PMOType = 7 },
			[]string{"pmo: pmo_type: invalid value: invalid PMO type 7"}},
		{"invalid currency", func(pf *pmo.Portfolio, _ *pmo.Project) { pf.Currency = "usd" },
			[]string{`pmo: currency: invalid currency "usd" (want three upper-case letters)`}},
		{"empty phase", func(pf *pmo.Portfolio, _ *pmo.Project) {
			pf.Lifecycle = pmo.Lifecycle{"initiation", "", "execution", "closing"}
		}, []string{"pmo: lifecycle[1]: empty phase name"}},
		{"missing person name", func(pf *pmo.Portfolio, _ *pmo.Project) { pf.People[1].Name = "" },
			[]string{"pmo: people[1].name: missing required field"}},
		{"duplicate program", func(pf *pmo.Portfolio, _ *pmo.Project) { pf.Programs = append(pf.Programs, pf.Programs[0]) },
			[]string{`pmo: programs[1].id: duplicate id "pg" (first at programs[0])`}},
		{"unknown program sponsor", func(pf *pmo.Portfolio, _ *pmo.Project) { pf.Programs[0].Sponsor = "u9" },
			[]string{`pmo: programs[0].sponsor: unknown person "u9"`}},
		{"status off the default scale", func(_ *pmo.Portfolio, p *pmo.Project) { p.Status = "amber/green" },
			[]string{`pmo: projects[1].status: status "amber/green" is not on the status scale [green amber red]`}},
		{"status off the portfolio's scale", func(pf *pmo.Portfolio, p *pmo.Project) {
			pf.StatusScale = pmo.StatusScale{"green", "amber/green", "amber", "amber/red", "red"}
			p.Status = "Red"
			p.StatusReports[0].Status = "amber-red"
		}, []string{
			`pmo: projects[1].status: status "Red" is not on the status scale [green amber/green amber amber/red red]`,
			`pmo: projects[1].status_reports[0].status: status "amber-red" is not on the status scale [green amber/green amber amber/red red]`,
		}},
		{"bad status scale", func(pf *pmo.Portfolio, _ *pmo.Project) {
			pf.StatusScale = pmo.StatusScale{"green", "", "green", "/red", "on track"}
		}, []string{
			`pmo: status_scale[1]: invalid status word "" (want 1..32 letters, digits, '_', '-' or '/', starting with a letter or a digit)`,
			`pmo: status_scale[2]: duplicate status "green" (first at status_scale[0])`,
			`pmo: status_scale[3]: invalid status word "/red" (want 1..32 letters, digits, '_', '-' or '/', starting with a letter or a digit)`,
			`pmo: status_scale[4]: invalid status word "on track" (want 1..32 letters, digits, '_', '-' or '/', starting with a letter or a digit)`,
		}},
		{"status scale of one word", func(pf *pmo.Portfolio, _ *pmo.Project) { pf.StatusScale = pmo.StatusScale{"green"} },
			[]string{"pmo: status_scale: 1 status words (want 2..16)"}},
		{"money without currency", func(_ *pmo.Portfolio, p *pmo.Project) { p.Budget.Actual = pmo.Money{Amount: decimal.NewFromInt(1)} },
			[]string{`pmo: projects[1].budget.actual: invalid currency "" in 1 (want three upper-case letters)`}},
		{"earned value currency", func(_ *pmo.Portfolio, p *pmo.Project) { p.EarnedValue.PV = pmo.Money{Currency: "US"} },
			[]string{`pmo: projects[1].earned_value.pv: invalid currency "US" in 0 (want three upper-case letters)`}},
		{"non-finite score", func(_ *pmo.Portfolio, p *pmo.Project) { p.Scores["reach"] = math.Inf(-1) },
			[]string{"pmo: projects[1].scores.reach: invalid number -Inf (want a finite number)"}},
		{"attribute of a Go type", func(_ *pmo.Portfolio, p *pmo.Project) { p.Attributes["list"] = []string{"a"} },
			[]string{"pmo: projects[1].attributes.list: unsupported attribute value of type []string (want a JSON value)"}},
		{"nested attribute", func(_ *pmo.Portfolio, p *pmo.Project) {
			p.Attributes["list"].([]any)[1].(map[string]any)["k"] = math.NaN()
		}, []string{"pmo: projects[1].attributes.list[1].k: invalid number NaN (want a finite number)"}},
		{"report without date", func(_ *pmo.Portfolio, p *pmo.Project) { p.StatusReports[0].Date = time.Time{} },
			[]string{"pmo: projects[1].status_reports[0].date: missing required field"}},
		{"document approver", func(_ *pmo.Portfolio, p *pmo.Project) { p.Documents[0].ApprovedBy = "u3" },
			[]string{`pmo: projects[1].documents[0].approved_by: unknown person "u3"`}},
		{"date out of range", func(_ *pmo.Portfolio, p *pmo.Project) {
			p.Milestones[0].Due = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
		}, []string{"pmo: projects[1].milestones[0].due: date 10000-01-01 00:00:00 +0000 UTC outside years 0..9999"}},
		{"negative impact", func(_ *pmo.Portfolio, p *pmo.Project) { p.Risks[0].Impact = -1 },
			[]string{"pmo: projects[1].risks[0].impact: impact -1 outside 1..20 (0 means not given)"}},
		{"impact above the largest matrix", func(_ *pmo.Portfolio, p *pmo.Project) { p.Risks[0].Impact = 21 },
			[]string{"pmo: projects[1].risks[0].impact: impact 21 outside 1..20 (0 means not given)"}},
		{"huge schedule days", func(_ *pmo.Portfolio, p *pmo.Project) { p.Risks[0].ScheduleImpactDays = 1e308 },
			[]string{"pmo: projects[1].risks[0].schedule_impact_days: 1e+308 days outside 0..36500"}},
		{"negative schedule days", func(_ *pmo.Portfolio, p *pmo.Project) { p.Risks[0].ScheduleRangeDays.Min = -1 },
			[]string{"pmo: projects[1].risks[0].schedule_range_days.min: -1 days outside 0..36500"}},
		{"change schedule days", func(_ *pmo.Portfolio, p *pmo.Project) { p.Changes[0].ScheduleImpactDays = -36501 },
			[]string{"pmo: projects[1].changes[0].schedule_impact_days: -36501 days outside -36500..36500"}},
		{"negative earned value", func(_ *pmo.Portfolio, p *pmo.Project) {
			p.EarnedValue = &pmo.EarnedValue{BAC: pmo.MustParseMoney("-1 USD"), PV: pmo.MustParseMoney("1 USD"),
				EV: pmo.MustParseMoney("-2 USD"), AC: pmo.MustParseMoney("-3 USD")}
		}, []string{
			"pmo: projects[1].earned_value.bac: negative amount -1 USD (want 0 or more)",
			"pmo: projects[1].earned_value.ev: negative amount -2 USD (want 0 or more)",
			"pmo: projects[1].earned_value.ac: negative amount -3 USD (want 0 or more)",
		}},
		{"negative budget", func(pf *pmo.Portfolio, p *pmo.Project) {
			pf.Budget = pmo.MustParseMoney("-5 USD")
			p.Budget.Forecast = pmo.MustParseMoney("-1 USD")
		}, []string{
			"pmo: budget: negative amount -5 USD (want 0 or more)",
			"pmo: projects[1].budget.forecast: negative amount -1 USD (want 0 or more)",
		}},
		{"negative risk cost", func(_ *pmo.Portfolio, p *pmo.Project) { p.Risks[0].CostImpact = pmo.MustParseMoney("-1 USD") },
			[]string{"pmo: projects[1].risks[0].cost_impact: negative amount -1 USD (want 0 or more)"}},
		{"approval by no person", func(_ *pmo.Portfolio, p *pmo.Project) {
			p.Approvals = append(p.Approvals, pmo.Approval{Gate: "execution", Role: "sponsor", By: "u-nobody", Decision: pmo.ApprovalApproved})
		}, []string{`pmo: projects[1].approvals[1].by: unknown person "u-nobody"`}},
		{"residual probability", func(_ *pmo.Portfolio, p *pmo.Project) { p.Risks[0].Residual.Probability = 1.01 },
			[]string{"pmo: projects[1].risks[0].residual.probability: probability 1.01 outside 0..1"}},
		{"schedule range reversed", func(_ *pmo.Portfolio, p *pmo.Project) { p.Risks[0].ScheduleRangeDays.Min = 11 },
			[]string{"pmo: projects[1].risks[0].schedule_range_days: min 11 is above max 10"}},
		{"risk response", func(_ *pmo.Portfolio, p *pmo.Project) { p.Risks[0].Response = 99 },
			[]string{"pmo: projects[1].risks[0].response: invalid value: invalid risk response 99"}},
		{"issue owner", func(_ *pmo.Portfolio, p *pmo.Project) { p.Issues[0].Owner = "nobody" },
			[]string{`pmo: projects[1].issues[0].owner: unknown person "nobody"`}},
		{"assumption statement", func(_ *pmo.Portfolio, p *pmo.Project) { p.Assumptions[0].Statement = "" },
			[]string{"pmo: projects[1].assumptions[0].statement: missing required field"}},
		{"dependency without target", func(_ *pmo.Portfolio, p *pmo.Project) { p.Dependencies[0].On = "" },
			[]string{"pmo: projects[1].dependencies[0].on: missing required field"}},
		{"change decider", func(_ *pmo.Portfolio, p *pmo.Project) { p.Changes[0].DecidedBy = "u5" },
			[]string{`pmo: projects[1].changes[0].decided_by: unknown person "u5"`}},
		{"approval requester", func(_ *pmo.Portfolio, p *pmo.Project) { p.Approvals[0].RequestedBy = "u5" },
			[]string{`pmo: projects[1].approvals[0].requested_by: unknown person "u5"`}},
		{"decision by nobody", func(_ *pmo.Portfolio, p *pmo.Project) { p.Decisions[0].By = []string{"u1", ""} },
			[]string{"pmo: projects[1].decisions[0].by[1]: empty person id"}},
		{"benefit description", func(_ *pmo.Portfolio, p *pmo.Project) { p.Benefits[0].Description = "" },
			[]string{"pmo: projects[1].benefits[0].description: missing required field"}},
		{"same item ids in two projects are fine", func(pf *pmo.Portfolio, p *pmo.Project) {
			pf.Projects[0].Risks = []pmo.Risk{{ID: "R-1", Title: "Other"}}
		}, nil},
		{"several problems at once", func(pf *pmo.Portfolio, p *pmo.Project) {
			pf.ID = ""
			p.Phase = "build"
			p.Risks[0].Owner = "u9"
		}, []string{
			"pmo: id: missing required field",
			`pmo: projects[1].phase: phase "build" is not in the lifecycle [initiation planning execution closing]`,
			`pmo: projects[1].risks[0].owner: unknown person "u9"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pf := valid()
			tt.mutate(pf, &pf.Projects[1])
			err := pf.Validate()
			if tt.want == nil {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, pmo.ErrInvalid)
			var got []string
			for _, fe := range fieldErrors(t, err) {
				got = append(got, fe.Error())
				assert.Zero(t, fe.Line)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestValidateDoesNotModify checks that Validate leaves the portfolio as it
// was, including an unset lifecycle.
func TestValidateDoesNotModify(t *testing.T) {
	pf := valid()
	require.NoError(t, pf.Validate())
	assert.Equal(t, normalized(t, valid()), normalized(t, pf))
	assert.Nil(t, pf.Lifecycle)
}
