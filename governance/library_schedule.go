package governance

import (
	"fmt"
	"reflect"
	"sync"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"

	"github.com/pmokit/pmokit/pmo"
	"github.com/pmokit/pmokit/schedule"
)

// activityTypeName is the CEL type of an activity of project.activities.
const activityTypeName = "pmo.Activity"

// addScheduleTypes declares the schedule part of the schema to CEL: the
// activities of a project, the calendars of the portfolio, and the
// results of schedule(project).
func addScheduleTypes(add func(name string, goType reflect.Type, defs ...fieldDef)) {
	add(scheduleContextTypeName, reflect.TypeFor[evaluator]())
	add(scheduleTypeName, reflect.TypeFor[scheduleView](), scheduleFields()...)
	type (
		act = pmo.Activity
		lnk = pmo.Link
		cal = pmo.Calendar
	)
	add(activityTypeName, reflect.TypeFor[act](),
		strField("id", func(a *act) string { return a.ID }),
		strField("name", func(a *act) string { return a.Name }),
		doubleField("duration", func(a *act) float64 { return a.Duration }),
		ptrField("estimate", "pmo.ThreePoint", func(a *act) *pmo.ThreePoint { return a.Estimate }),
		listField("predecessors", "pmo.Link", func(a *act) *[]pmo.Link { return &a.Predecessors }),
		ptrField("constraint", "pmo.DateConstraint", func(a *act) *pmo.DateConstraint { return a.Constraint }),
		strField("calendar", func(a *act) string { return a.Calendar }),
		boolField("milestone", func(a *act) bool { return a.Milestone }),
		stringsField("milestones", func(a *act) []string { return a.Milestones }),
		stringsField("risks", func(a *act) []string { return a.Risks }),
		attributesField(func(a *act) map[string]any { return a.Attributes }),
	)
	add("pmo.ThreePoint", reflect.TypeFor[pmo.ThreePoint](),
		doubleField("min", func(t *pmo.ThreePoint) float64 { return t.Min }),
		doubleField("most_likely", func(t *pmo.ThreePoint) float64 { return t.MostLikely }),
		doubleField("max", func(t *pmo.ThreePoint) float64 { return t.Max }),
	)
	add("pmo.Link", reflect.TypeFor[lnk](),
		strField("activity", func(l *lnk) string { return l.Activity }),
		strField("project", func(l *lnk) string { return l.Project }),
		field("type", types.StringType,
			func(l *lnk) bool { return l.Type != 0 },
			func(l *lnk) (ref.Val, error) {
				if l.Type == 0 { // not set reads as finish_to_start (pmo.Link)
					return types.String(pmo.FinishToStart.String()), nil
				}
				return types.String(l.Type.String()), nil
			}),
		doubleField("lag", func(l *lnk) float64 { return l.Lag }),
	)
	add("pmo.DateConstraint", reflect.TypeFor[pmo.DateConstraint](),
		enumField("type", func(c *pmo.DateConstraint) pmo.ConstraintType { return c.Type }),
		timeField("date", func(c *pmo.DateConstraint) time.Time { return c.Date }),
	)
	add("pmo.Calendar", reflect.TypeFor[cal](),
		strField("id", func(c *cal) string { return c.ID }),
		strField("name", func(c *cal) string { return c.Name }),
		field("working_days", types.NewListType(types.StringType),
			func(c *cal) bool { return len(c.WorkingDays) > 0 },
			func(c *cal) (ref.Val, error) {
				words := make([]string, len(c.WorkingDays))
				for i, d := range c.WorkingDays {
					words[i] = d.String()
				}
				return types.NewStringList(types.DefaultTypeAdapter, words), nil
			}),
		field("holidays", types.NewListType(types.TimestampType),
			func(c *cal) bool { return len(c.Holidays) > 0 },
			func(c *cal) (ref.Val, error) {
				days := make([]ref.Val, len(c.Holidays))
				for i, d := range c.Holidays {
					days[i] = types.Timestamp{Time: d}
				}
				return types.NewRefValList(types.DefaultTypeAdapter, days), nil
			}),
	)
}

// activities measures a project's activities for the cost estimate
// (budget.go): what the plan measures of their strings and lists, the
// constraint words included (longer than longestEnumWord).
func (m *sizeMeter) activities(acts []pmo.Activity) {
	x, ln := &m.plan.activity, &m.plan.link
	for i := range acts {
		a := &acts[i]
		m.s(x.id, a.ID)
		m.s(x.name, a.Name)
		m.s(x.calendar, a.Calendar)
		if x.milestones {
			m.strList(a.Milestones)
		}
		if x.risks {
			m.strList(a.Risks)
		}
		m.l(x.predecessors, len(a.Predecessors))
		if ln.any {
			for _, l := range a.Predecessors {
				m.s(ln.activity, l.Activity)
				m.s(ln.project, l.Project)
			}
		}
		if x.constraintType && a.Constraint != nil {
			m.strs(a.Constraint.Type.String())
		}
	}
}

// calendars measures what the plan measures of the portfolio's calendars
// for the cost estimate (weekdays are words of at most 9 bytes).
func (m *sizeMeter) calendars(cals []pmo.Calendar) {
	x := &m.plan.calendar
	for i := range cals {
		c := &cals[i]
		m.s(x.id, c.ID)
		m.s(x.name, c.Name)
		m.l(x.workingDays, len(c.WorkingDays))
		m.l(x.holidays, len(c.Holidays))
	}
}

// The schedule functions read the critical path method's results and the
// schedule risk simulation of the portfolio being evaluated. Both are
// computed at most once per Evaluate (or CheckGate) call, on first use,
// and shared by every rule and worker of the call: a policy set that calls
// none of them pays nothing. The simulation runs SimulationTrials trials
// with seed 0 and triangular durations, so every verdict can be
// reproduced.
//
// The global forms are macros over a hidden context variable that the
// evaluation resolves to its own cache:
//
//	schedule(p)                 → pmokit_schedules.schedule(p)
//	critical(a)                 → pmokit_schedules.critical(a)
//	float_days(a)               → pmokit_schedules.float_days(a)
//	free_float_days(a)          → pmokit_schedules.free_float_days(a)
//	criticality(a)              → pmokit_schedules.criticality(a)
//	joint_confidence(p, d, b)   → pmokit_schedules.joint_confidence(p, d, b)

// SimulationTrials is the number of trials of the schedule risk simulation
// behind schedule(project).p80_finish, criticality(activity) and
// joint_confidence(project, date, budget).
const SimulationTrials = 10_000

const (
	scheduleVar             = "pmokit_schedules"
	scheduleContextTypeName = "governance.ScheduleContext"
	scheduleTypeName        = "governance.Schedule"
)

// scheduleCache is the per-evaluation cache of the schedule functions; it
// lives in the evaluator (eval.go), whose zero value is ready.
type scheduleCache struct {
	cpmOnce sync.Once
	cpm     *schedule.Schedule
	cpmErr  error
	acts    map[*pmo.Activity]actPos
	simOnce sync.Once
	sim     *schedule.Simulation
	simErr  error
}

// actPos locates an activity: its project in the portfolio and in the
// schedule, and its index.
type actPos struct {
	project  *pmo.Project
	schedule *schedule.Project
	index    int
}

func (ev *evaluator) schedules() (*scheduleCache, error) {
	c := &ev.sched
	c.cpmOnce.Do(func() {
		s, err := schedule.CPM(ev.pf)
		if err != nil {
			c.cpmErr = err
			return
		}
		c.cpm, c.acts = s, map[*pmo.Activity]actPos{}
		for i := range ev.pf.Projects {
			p := &ev.pf.Projects[i]
			sp, ok := s.Project(p.ID)
			if !ok {
				continue
			}
			for j := range p.Activities {
				c.acts[&p.Activities[j]] = actPos{project: p, schedule: sp, index: j}
			}
		}
	})
	return c, c.cpmErr
}

func (ev *evaluator) simulation() (*schedule.Simulation, error) {
	c, err := ev.schedules()
	if err != nil {
		return nil, err
	}
	c.simOnce.Do(func() {
		c.sim, c.simErr = schedule.Simulate(ev.ctx, ev.pf, schedule.SimOptions{Trials: SimulationTrials})
	})
	return c.sim, c.simErr
}

// scheduleView is the value of schedule(project).
type scheduleView struct {
	ev *evaluator
	p  *schedule.Project
}

func (v *scheduleView) quantile(q float64) (ref.Val, error) {
	sim, err := v.ev.simulation()
	if err != nil {
		return nil, err
	}
	d, ok := sim.Finish(v.p.ID, q)
	if !ok {
		return nil, fmt.Errorf("no simulated finish of project %s", v.p.ID)
	}
	return types.Timestamp{Time: d}, nil
}

func scheduleFields() []fieldDef {
	type sv = scheduleView
	always := func(*sv) bool { return true }
	pct := func(name string, q float64) fieldDef {
		return field(name, types.TimestampType, always, func(v *sv) (ref.Val, error) { return v.quantile(q) })
	}
	return []fieldDef{
		timeField("start", func(v *sv) time.Time { return v.p.Start }),
		timeField("finish", func(v *sv) time.Time { return v.p.Finish }),
		stringsField("critical_path", func(v *sv) []string { return v.p.CriticalPath() }),
		pct("p50_finish", 0.5),
		pct("p80_finish", 0.8),
		pct("p90_finish", 0.9),
	}
}

func contextArg(v ref.Val) (*evaluator, ref.Val) {
	o, ok := v.(objRef[evaluator])
	if !ok || o.p == nil {
		return nil, types.MaybeNoSuchOverloadErr(v)
	}
	return o.p, nil
}

// activityArg returns the schedule of an activity of the portfolio.
func activityArg(ctxv, av ref.Val) (*evaluator, actPos, ref.Val) {
	ev, bad := contextArg(ctxv)
	if bad != nil {
		return nil, actPos{}, bad
	}
	a, ok := av.(objRef[pmo.Activity])
	if !ok {
		return nil, actPos{}, types.MaybeNoSuchOverloadErr(av)
	}
	c, err := ev.schedules()
	if err != nil {
		return nil, actPos{}, types.NewErr("governance: schedule: %v", err)
	}
	pos, ok := c.acts[a.p]
	if !ok {
		return nil, actPos{}, types.NewErr("governance: schedule: activity %s is not an activity of the portfolio's projects", a.p.ID)
	}
	return ev, pos, nil
}

func scheduleOptions() []cel.EnvOption {
	ctxType := cel.ObjectType(scheduleContextTypeName)
	actType := cel.ObjectType(activityTypeName)
	prjType := cel.ObjectType(projectTypeName)
	actDouble := func(name string, get func(ev *evaluator, pos actPos) ref.Val) cel.EnvOption {
		return cel.Function(name, cel.MemberOverload("schedule_"+name+"_activity", []*cel.Type{ctxType, actType}, cel.DoubleType,
			cel.BinaryBinding(func(c, a ref.Val) ref.Val {
				ev, pos, bad := activityArg(c, a)
				if bad != nil {
					return bad
				}
				return get(ev, pos)
			})))
	}
	macro := func(name string, argc int) cel.Macro {
		return cel.GlobalMacro(name, argc, func(eh cel.MacroExprFactory, _ ast.Expr, args []ast.Expr) (ast.Expr, *common.Error) {
			return eh.NewMemberCall(name, eh.NewIdent(scheduleVar), args...), nil
		})
	}
	return []cel.EnvOption{
		cel.Variable(scheduleVar, ctxType),
		cel.Macros(macro("schedule", 1), macro("critical", 1), macro("float_days", 1), macro("free_float_days", 1),
			macro("criticality", 1), macro("joint_confidence", 3)),
		cel.Function("schedule",
			cel.MemberOverload("schedule_project", []*cel.Type{ctxType, prjType}, cel.ObjectType(scheduleTypeName),
				cel.BinaryBinding(func(c, pv ref.Val) ref.Val {
					ev, bad := contextArg(c)
					if bad != nil {
						return bad
					}
					p, ok := pv.(objRef[pmo.Project])
					if !ok {
						return types.MaybeNoSuchOverloadErr(pv)
					}
					cache, err := ev.schedules()
					if err != nil {
						return types.NewErr("governance: schedule: %v", err)
					}
					sp, ok := cache.cpm.Project(p.p.ID)
					if !ok {
						return types.NewErr("governance: schedule: project %s has no activities", p.p.ID)
					}
					return objRef[scheduleView]{&scheduleView{ev: ev, p: sp}}
				}))),
		cel.Function("critical",
			cel.MemberOverload("schedule_critical_activity", []*cel.Type{ctxType, actType}, cel.BoolType,
				cel.BinaryBinding(func(c, a ref.Val) ref.Val {
					_, pos, bad := activityArg(c, a)
					if bad != nil {
						return bad
					}
					return types.Bool(pos.schedule.Activities[pos.index].Critical)
				}))),
		actDouble("float_days", func(_ *evaluator, pos actPos) ref.Val {
			return types.Double(pos.schedule.Activities[pos.index].TotalFloat)
		}),
		actDouble("free_float_days", func(_ *evaluator, pos actPos) ref.Val {
			return types.Double(pos.schedule.Activities[pos.index].FreeFloat)
		}),
		actDouble("criticality", func(ev *evaluator, pos actPos) ref.Val {
			sim, err := ev.simulation()
			if err != nil {
				return types.NewErr("governance: schedule: %v", err)
			}
			c, _ := sim.Criticality(pos.project.ID, pos.schedule.Activities[pos.index].ID)
			return types.Double(c)
		}),
		cel.Function("joint_confidence",
			cel.MemberOverload("schedule_joint_confidence_project_timestamp_money",
				[]*cel.Type{ctxType, prjType, cel.TimestampType, newMoneyType()}, cel.DoubleType,
				cel.FunctionBinding(func(args ...ref.Val) ref.Val {
					if len(args) != 4 {
						return types.NewErr("governance: wrong number of arguments")
					}
					ev, bad := contextArg(args[0])
					if bad != nil {
						return bad
					}
					p, ok := args[1].(objRef[pmo.Project])
					if !ok {
						return types.MaybeNoSuchOverloadErr(args[1])
					}
					d, ok := args[2].(types.Timestamp)
					if !ok {
						return types.MaybeNoSuchOverloadErr(args[2])
					}
					m, ok := args[3].(moneyRef)
					if !ok {
						return types.MaybeNoSuchOverloadErr(args[3])
					}
					sim, err := ev.simulation()
					if err != nil {
						return types.NewErr("governance: schedule: %v", err)
					}
					jcl, err := sim.JointConfidence(p.p.ID, d.Time, m.money())
					if err != nil {
						return types.NewErr("governance: %v", err)
					}
					return types.Double(jcl)
				}))),
	}
}
