package schedule_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/pmokit/pmokit/pmo"
	"github.com/pmokit/pmokit/schedule"
)

// FuzzSchedule reads a portfolio, and when it is valid runs the critical
// path method and a small simulation: neither may panic, a failure is an
// error (a cycle is a CycleError), and the results keep their invariants.
func FuzzSchedule(f *testing.F) {
	head := "id: pf\nname: PF\n"
	prj := "projects:\n  - id: P\n    name: P\n    phase: execution\n    start: 2026-03-02\n    activities:\n"
	for _, seed := range []string{
		head + prj + "      - {id: A, name: A, duration: 3}\n      - {id: B, name: B, duration: 2, predecessors: [{activity: A}]}\n",
		head + prj + "      - {id: A, name: A, duration: 3, predecessors: [{activity: B}]}\n      - {id: B, name: B, duration: 2, predecessors: [{activity: A}]}\n",
		head + prj + "      - {id: A, name: A, estimate: {min: 0, most_likely: 0, max: 100000}}\n      - {id: B, name: B, duration: 0.5, predecessors: [{activity: A, type: start_to_finish, lag: -100000}]}\n",
		head + "calendars: [{id: c, working_days: [sunday], holidays: [2026-03-08, 2026-03-15, 2026-03-22]}]\n" + prj +
			"      - {id: A, name: A, duration: 7, calendar: c, constraint: {type: finish_no_later_than, date: 2026-03-01}}\n      - {id: M, name: M, milestone: true, predecessors: [{activity: A, type: finish_to_finish, lag: 2.5}]}\n",
		head + prj + "      - {id: A, name: A, duration: 1, constraint: {type: start_no_earlier_than, date: 9999-12-31}}\n",
		head + prj + "      - {id: A, name: A, duration: 1}\n      - {id: B, name: B, duration: 1, predecessors: [{activity: A}, {activity: A, type: start_to_start}]}\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		pf, err := pmo.ReadPortfolio(strings.NewReader(doc))
		if err != nil {
			return
		}
		s, err := schedule.CPM(pf)
		if err != nil {
			var ce *schedule.CycleError
			if errors.As(err, &ce) && len(ce.Activities) == 0 {
				t.Fatalf("a cycle without activities: %v", err)
			}
			return
		}
		for _, p := range s.Projects() {
			for _, a := range p.Activities {
				if a.EF < a.ES || a.LF < a.LS || a.FreeFloat > a.TotalFloat+1e-6 && a.TotalFloat >= 0 {
					t.Fatalf("%s/%s: inconsistent %+v", p.ID, a.ID, a)
				}
			}
		}
		sim, err := schedule.Simulate(context.Background(), pf, schedule.SimOptions{Trials: 50})
		if err != nil {
			return
		}
		for _, p := range s.Projects() {
			if _, ok := sim.Finish(p.ID, 0.8); !ok {
				t.Fatalf("no simulated finish of %s", p.ID)
			}
		}
	})
}
