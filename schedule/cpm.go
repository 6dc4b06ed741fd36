package schedule

import (
	"math"
	"time"

	"github.com/pmokit/pmokit/pmo"
)

// eps is the tolerance of float comparisons in working days: an activity
// whose total float is within eps of zero (or below) is critical.
const eps = 1e-9

// MaxCriticalPaths is the largest number of critical paths [Project]
// lists; [Project.CriticalPathsTruncated] tells when there are more.
const MaxCriticalPaths = 64

// Schedule is the result of the critical path method over a portfolio:
// the schedule of every project that has activities. It is immutable and
// safe for concurrent use by multiple goroutines.
type Schedule struct {
	projects []Project
}

// Project is the schedule of one project: its start and early finish, the
// dates and floats of its activities (in file order), its critical paths
// and the dates its milestones are reached.
type Project struct {
	ID     string
	Start  time.Time // the project's start date
	Finish time.Time // the last working day of its latest activity
	// Activities in the order of the project's activities.
	Activities []Activity
	// CriticalPaths are the chains of critical activities, linked by
	// driving links (links with no free float), from a first critical
	// activity to a last one, each as activity IDs; at most
	// MaxCriticalPaths of them, in file order of their activities.
	CriticalPaths          [][]string
	CriticalPathsTruncated bool
	// Milestones are the project's milestones that activities deliver, in
	// the project's order.
	Milestones []Milestone
}

// Milestone is the date a project milestone is reached: the latest early
// finish of the activities that deliver it, beside its due date.
type Milestone struct {
	ID     string
	Due    time.Time // the milestone's due date; zero when not given
	Finish time.Time // the forecast date
}

// Activity is the schedule of one activity. ES, EF, LS and LF are working
// days of the activity's calendar since the project's start (the textbook
// figures: the first activity has ES 0 and EF its duration); the dates are
// the working days they fall on (the start's first day, the finish's last
// day). Floats are in working days of the activity's calendar: total float
// is how far it may slip without delaying its project's finish (or a late
// constraint), free float how far without delaying any successor's early
// dates or its project's early finish.
type Activity struct {
	ID, Name  string
	Milestone bool
	Duration  float64 // the most likely duration, working days

	ES, EF, LS, LF float64

	EarlyStart, EarlyFinish, LateStart, LateFinish time.Time

	TotalFloat, FreeFloat float64
	Critical              bool // total float ≤ 0
}

// CPM runs the critical path method over every project of pf that has
// activities: a forward pass (early dates), the project finishes, a
// backward pass (late dates) and the floats. Links across projects join
// their networks: a project's activities wait for their predecessors in
// other projects, and each project's late dates come from its own finish.
//
// Durations are the activities' most likely durations in working days of
// their calendars (an activity without a calendar works Monday to Friday);
// a lag is in working days of its successor's calendar. A start constraint
// holds at the start of its date, a finish constraint at its end; late
// constraints can make floats negative.
//
// pf should be valid ([pmo.Portfolio.Validate]); CPM re-checks what it
// relies on and returns an error for an unknown reference, a project with
// activities but no start date, and a cycle ([ErrCycle], with a
// [*CycleError] naming its activities). Its cost is linear in activities
// plus links (times log holidays).
func CPM(pf *pmo.Portfolio) (*Schedule, error) {
	n, err := compile(pf)
	if err != nil {
		return nil, err
	}
	return n.cpm(), nil
}

// passes holds the arrays of one run of both passes.
type passes struct {
	dur, es, ef, ls, lf []float64
	finish, finishW     []float64 // per project: the instant, and its working time when on one calendar
}

func (n *network) newPasses() *passes {
	m, np := len(n.nodes), len(n.projects)
	buf := make([]float64, 5*m+2*np)
	return &passes{dur: buf[:m:m], es: buf[m : 2*m : 2*m], ef: buf[2*m : 3*m : 3*m], ls: buf[3*m : 4*m : 4*m], lf: buf[4*m : 5*m : 5*m],
		finish: buf[5*m : 5*m+np : 5*m+np], finishW: buf[5*m+np:]}
}

// run runs both passes for the durations in p.dur.
func (n *network) run(p *passes) {
	n.forward(p.dur, p.es, p.ef)
	for k := range n.projects {
		p.finish[k] = n.finish(k, p.ef)
		if c := n.projects[k].cal; c >= 0 {
			p.finishW[k] = n.cals[c].W(p.finish[k])
		}
	}
	n.backward(p.dur, p.finish, p.finishW, p.ls, p.lf)
}

func (n *network) cpm() *Schedule {
	p := n.newPasses()
	for i := range n.nodes {
		p.dur[i] = n.nodes[i].dur
	}
	n.run(p)
	s := &Schedule{projects: make([]Project, len(n.projects))}
	for k := range n.projects {
		pn := &n.projects[k]
		out := &s.projects[k]
		out.ID = pn.p.ID
		out.Start = dayTime(int64(pn.start))
		out.Finish = finishDate(p.finish[k])
		out.Activities = make([]Activity, len(pn.nodes))
		for j, i := range pn.nodes {
			out.Activities[j] = n.activity(i, p)
		}
		for _, mn := range pn.milestones {
			t := math.Inf(-1)
			for _, i := range mn.nodes {
				t = max(t, n.cals[n.nodes[i].cal].finishAt(p.ef[i]))
			}
			out.Milestones = append(out.Milestones, Milestone{ID: mn.m.ID, Due: mn.m.Due, Finish: finishDate(t)})
		}
		out.CriticalPaths, out.CriticalPathsTruncated = n.criticalPaths(k, p, out.Activities)
	}
	return s
}

// startDate is the day an activity starting at instant t works first.
func startDate(t float64) time.Time { return dayTime(int64(math.Floor(t))) }

// finishDate is the day an activity finishing at instant t works last.
func finishDate(t float64) time.Time { return dayTime(int64(math.Ceil(t)) - 1) }

func (n *network) activity(i int32, p *passes) Activity {
	nd := &n.nodes[i]
	c := n.cals[nd.cal]
	base := c.W(n.projects[nd.proj].start)
	a := Activity{
		ID: nd.act.ID, Name: nd.act.Name, Milestone: nd.act.Milestone, Duration: nd.dur,
		ES: p.es[i] - base, EF: p.ef[i] - base, LS: p.ls[i] - base, LF: p.lf[i] - base,
		TotalFloat: p.ls[i] - p.es[i],
	}
	a.Critical = a.TotalFloat <= eps
	a.EarlyStart, a.EarlyFinish = n.dates(nd, base, p.es[i], p.ef[i])
	a.LateStart, a.LateFinish = n.dates(nd, base, p.ls[i], p.lf[i])
	// Free float: up to the earliest successor's early date, and never
	// beyond the project's early finish.
	ff := c.W(p.finish[nd.proj]) - p.ef[i]
	for _, e := range n.succs[n.succOff[i]:n.succOff[i+1]] {
		ff = min(ff, n.slack(i, &e, p.es, p.ef))
	}
	a.FreeFloat = ff
	return a
}

// dates returns the start and finish dates of an activity from s to f in
// its calendar's working time. A milestone is dated on the working day it
// closes, or on the project's first working day when no work precedes it.
func (n *network) dates(nd *node, base, s, f float64) (time.Time, time.Time) {
	c := n.cals[nd.cal]
	if nd.dur == 0 {
		var d time.Time
		if f > base+eps {
			d = finishDate(c.finishAt(f))
		} else {
			d = startDate(c.startAt(s))
		}
		return d, d
	}
	return startDate(c.startAt(s)), finishDate(c.finishAt(f))
}

// criticalPaths lists project k's critical paths: chains of its critical
// activities along driving links (slack ≤ eps) within the project.
func (n *network) criticalPaths(k int, p *passes, acts []Activity) ([][]string, bool) {
	pn := &n.projects[k]
	base := pn.nodes[0] // a project's nodes are consecutive
	critical := func(i int32) bool {
		return n.nodes[i].proj == int32(k) && acts[i-base].Critical
	}
	driving := func(i int32, e *edge) bool {
		return critical(e.other) && n.slack(i, e, p.es, p.ef) <= eps
	}
	hasDrivingPred := func(i int32) bool {
		for _, e := range n.preds[n.predOff[i]:n.predOff[i+1]] {
			if critical(e.other) {
				// the link seen from the predecessor
				for _, se := range n.succs[n.succOff[e.other]:n.succOff[e.other+1]] {
					if se.other == i && se.typ == e.typ && se.lag == e.lag && n.slack(e.other, &se, p.es, p.ef) <= eps {
						return true
					}
				}
			}
		}
		return false
	}
	var paths [][]string
	truncated := false
	var path []string
	var walk func(i int32)
	walk = func(i int32) {
		if len(paths) >= MaxCriticalPaths {
			truncated = true
			return
		}
		path = append(path, n.nodes[i].act.ID)
		next := false
		for _, e := range n.succs[n.succOff[i]:n.succOff[i+1]] {
			if driving(i, &e) {
				next = true
				walk(e.other)
			}
		}
		if !next && len(paths) < MaxCriticalPaths {
			paths = append(paths, append([]string(nil), path...))
		}
		path = path[:len(path)-1]
	}
	for _, i := range pn.nodes {
		if critical(i) && !hasDrivingPred(i) {
			walk(i)
		}
	}
	return paths, truncated
}

// Projects returns the schedules of the projects that have activities, in
// portfolio order.
func (s *Schedule) Projects() []Project { return s.projects }

// Project returns the schedule of the project with the given id, and false
// when it has no activities or does not exist.
func (s *Schedule) Project(id string) (*Project, bool) {
	for i := range s.projects {
		if s.projects[i].ID == id {
			return &s.projects[i], true
		}
	}
	return nil, false
}

// Activity returns the schedule of the activity with the given id.
func (p *Project) Activity(id string) (*Activity, bool) {
	for i := range p.Activities {
		if p.Activities[i].ID == id {
			return &p.Activities[i], true
		}
	}
	return nil, false
}

// CriticalPath returns the first critical path (nil when none): the one
// a report shows when it shows one.
func (p *Project) CriticalPath() []string {
	if len(p.CriticalPaths) == 0 {
		return nil
	}
	return p.CriticalPaths[0]
}
