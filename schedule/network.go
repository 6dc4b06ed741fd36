package schedule

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/pmokit/pmokit/pmo"
)

// ErrCycle is matched (errors.Is) by the error of a network whose links
// form a cycle; errors.As gives the [*CycleError] that names it.
var ErrCycle = errors.New("schedule: cycle in the activity network")

// CycleError is the error of a network whose links form a cycle: the
// activities on one cycle, each as project/activity, in link order (each
// is a predecessor of the next, and the last of the first).
type CycleError struct {
	Activities []string
}

// Error implements error.
func (e *CycleError) Error() string {
	return "schedule: cycle in the activity network: " + strings.Join(e.Activities, " → ") + " → " + e.Activities[0]
}

// Unwrap makes a CycleError match [ErrCycle].
func (e *CycleError) Unwrap() error { return ErrCycle }

// Link types, as stored in an edge.
const (
	fs uint8 = iota
	ss
	ff
	sf
)

// edge is one link of the network, seen from one end: other is the node at
// the other end; lag is in the successor's calendar; cross says the two
// ends have different calendars.
type edge struct {
	other int32
	typ   uint8
	cross bool
	lag   float64
}

// fromStart reports whether the predecessor's start (not its finish) is
// the link's origin; toStart whether the successor's start is its target.
func (e *edge) fromStart() bool { return e.typ == ss || e.typ == sf }
func (e *edge) toStart() bool   { return e.typ == fs || e.typ == ss }

// node is one activity of the network with its precomputed bounds, in
// working time of its calendar.
type node struct {
	proj  int32
	cal   int32
	act   *pmo.Activity
	dur   float64 // the most likely duration
	estLo float64 // earliest start: the project's start, start_no_earlier_than
	efLo  float64 // finish_no_earlier_than, or -Inf
	lfHi  float64 // finish_no_later_than, or +Inf
	lsHi  float64 // start_no_later_than, or +Inf
}

// projNet is one project of the network.
type projNet struct {
	p     *pmo.Project
	start float64 // the instant of its start
	nodes []int32 // in file order
	cal   int32   // the calendar all its activities share, or -1
	// milestones: the project's milestones that activities deliver, in the
	// project's order, with their activities.
	milestones []milestoneNet
}

type milestoneNet struct {
	m     *pmo.Milestone
	nodes []int32
}

// network is the activity network of a portfolio, compiled for repeated
// passes: nodes, links in both directions (CSR), a topological order.
type network struct {
	cals     []*calendar
	nodes    []node
	predOff  []int32
	preds    []edge
	succOff  []int32
	succs    []edge
	order    []int32
	projects []projNet
}

// compile builds the network of every project that has activities. A
// project with activities needs a start date. The portfolio must be valid
// ([pmo.Portfolio.Validate]); compile re-checks what it relies on.
func compile(pf *pmo.Portfolio) (*network, error) {
	if pf == nil {
		return nil, errors.New("schedule: nil portfolio")
	}
	n := &network{cals: []*calendar{standardCalendar()}}
	calIndex := map[string]int32{}
	for i := range pf.Calendars {
		c, err := newCalendar(&pf.Calendars[i])
		if err != nil {
			return nil, err
		}
		calIndex[c.id] = int32(len(n.cals))
		n.cals = append(n.cals, c)
	}
	nAct, nLink := 0, 0
	for pi := range pf.Projects {
		nAct += len(pf.Projects[pi].Activities)
		for ai := range pf.Projects[pi].Activities {
			nLink += len(pf.Projects[pi].Activities[ai].Predecessors)
		}
	}
	n.nodes = make([]node, 0, nAct)
	var errs []error
	// index: per project (by ID), the node of each activity ID.
	index := make(map[string]map[string]int32, len(pf.Projects))
	for pi := range pf.Projects {
		p := &pf.Projects[pi]
		if len(p.Activities) == 0 {
			continue
		}
		if p.Start.IsZero() {
			errs = append(errs, fmt.Errorf("schedule: project %s: activities without a start date (set start)", p.ID))
			continue
		}
		pn := projNet{p: p, start: float64(dayNumber(p.Start)), cal: -2, nodes: make([]int32, 0, len(p.Activities))}
		local := make(map[string]int32, len(p.Activities))
		index[p.ID] = local
		for ai := range p.Activities {
			a := &p.Activities[ai]
			ci := int32(0)
			if a.Calendar != "" {
				var ok bool
				if ci, ok = calIndex[a.Calendar]; !ok {
					errs = append(errs, fmt.Errorf("schedule: activity %s/%s: unknown calendar %q", p.ID, a.ID, a.Calendar))
					continue
				}
			}
			if _, dup := local[a.ID]; dup {
				errs = append(errs, fmt.Errorf("schedule: activity %s/%s: duplicate id", p.ID, a.ID))
				continue
			}
			d := a.MostLikely()
			if !(d >= 0 && d <= pmo.MaxActivityDays) {
				errs = append(errs, fmt.Errorf("schedule: activity %s/%s: duration %v outside 0..%d", p.ID, a.ID, d, pmo.MaxActivityDays))
				continue
			}
			switch {
			case pn.cal == -2:
				pn.cal = ci
			case pn.cal != ci:
				pn.cal = -1
			}
			i := int32(len(n.nodes))
			local[a.ID] = i
			pn.nodes = append(pn.nodes, i)
			c := n.cals[ci]
			nd := node{proj: int32(len(n.projects)), cal: ci, act: a, dur: d,
				estLo: c.W(pn.start), efLo: math.Inf(-1), lfHi: math.Inf(1), lsHi: math.Inf(1)}
			if dc := a.Constraint; dc != nil {
				day := float64(dayNumber(dc.Date))
				switch dc.Type {
				case pmo.StartNoEarlierThan:
					nd.estLo = max(nd.estLo, c.W(day))
				case pmo.StartNoLaterThan:
					nd.lsHi = c.W(day)
				case pmo.FinishNoEarlierThan:
					nd.efLo = c.W(day + 1)
				case pmo.FinishNoLaterThan:
					nd.lfHi = c.W(day + 1)
				default:
					errs = append(errs, fmt.Errorf("schedule: activity %s/%s: invalid constraint type %d", p.ID, a.ID, int(dc.Type)))
				}
			}
			n.nodes = append(n.nodes, nd)
		}
		for mi := range p.Milestones {
			mn := milestoneNet{m: &p.Milestones[mi]}
			for _, i := range pn.nodes {
				if slices.Contains(n.nodes[i].act.Milestones, mn.m.ID) {
					mn.nodes = append(mn.nodes, i)
				}
			}
			if len(mn.nodes) > 0 {
				pn.milestones = append(pn.milestones, mn)
			}
		}
		n.projects = append(n.projects, pn)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}

	// Links, both directions: the predecessors are appended in node order
	// (CSR), the successors filled from them.
	n.predOff = make([]int32, len(n.nodes)+1)
	n.preds = make([]edge, 0, nLink)
	for i := range n.nodes {
		nd := &n.nodes[i]
		p := n.projects[nd.proj].p
		n.predOff[i] = int32(len(n.preds))
		for _, l := range nd.act.Predecessors {
			pid := l.Project
			if pid == "" {
				pid = p.ID
			}
			j, ok := index[pid][l.Activity]
			if !ok {
				errs = append(errs, fmt.Errorf("schedule: activity %s/%s: unknown predecessor %s/%s", p.ID, nd.act.ID, pid, l.Activity))
				continue
			}
			if !(math.Abs(l.Lag) <= pmo.MaxActivityDays) {
				errs = append(errs, fmt.Errorf("schedule: activity %s/%s: lag %v outside ±%d", p.ID, nd.act.ID, l.Lag, pmo.MaxActivityDays))
				continue
			}
			typ := fs
			switch l.Type {
			case 0, pmo.FinishToStart:
			case pmo.StartToStart:
				typ = ss
			case pmo.FinishToFinish:
				typ = ff
			case pmo.StartToFinish:
				typ = sf
			default:
				errs = append(errs, fmt.Errorf("schedule: activity %s/%s: invalid link type %d", p.ID, nd.act.ID, int(l.Type)))
				continue
			}
			n.preds = append(n.preds, edge{other: j, typ: typ, cross: n.nodes[j].cal != nd.cal, lag: l.Lag})
		}
	}
	n.predOff[len(n.nodes)] = int32(len(n.preds))
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	n.succOff = make([]int32, len(n.nodes)+1)
	for _, e := range n.preds {
		n.succOff[e.other+1]++
	}
	for i := range n.nodes {
		n.succOff[i+1] += n.succOff[i]
	}
	n.succs = make([]edge, len(n.preds))
	fill := slices.Clone(n.succOff[:len(n.nodes)])
	for i := range n.nodes {
		for _, e := range n.preds[n.predOff[i]:n.predOff[i+1]] {
			from := e.other
			e.other = int32(i)
			n.succs[fill[from]] = e
			fill[from]++
		}
	}
	return n, n.sort()
}

// sort finds a topological order (Kahn's algorithm, smallest index first
// among the ready, so that the order is deterministic) or the cycle that
// prevents one.
func (n *network) sort() error {
	indeg := make([]int32, len(n.nodes))
	for i := range n.nodes {
		indeg[i] = n.predOff[i+1] - n.predOff[i]
	}
	n.order = make([]int32, 0, len(n.nodes))
	for i := range n.nodes {
		if indeg[i] == 0 {
			n.order = append(n.order, int32(i))
		}
	}
	for k := 0; k < len(n.order); k++ {
		i := n.order[k]
		for _, e := range n.succs[n.succOff[i]:n.succOff[i+1]] {
			if indeg[e.other]--; indeg[e.other] == 0 {
				n.order = append(n.order, e.other)
			}
		}
	}
	if len(n.order) == len(n.nodes) {
		return nil
	}
	// Every node left has a predecessor left: walk predecessors until a
	// node repeats; the walk from its first visit is a cycle.
	start := int32(-1)
	for i := range n.nodes {
		if indeg[i] > 0 {
			start = int32(i)
			break
		}
	}
	seen := map[int32]int{}
	var walk []int32
	for i := start; ; {
		if k, ok := seen[i]; ok {
			walk = walk[k:]
			break
		}
		seen[i] = len(walk)
		walk = append(walk, i)
		for _, e := range n.preds[n.predOff[i]:n.predOff[i+1]] {
			if indeg[e.other] > 0 {
				i = e.other
				break
			}
		}
	}
	slices.Reverse(walk) // predecessor first
	// Start the cycle at its smallest index, for a stable message.
	m := 0
	for k := range walk {
		if walk[k] < walk[m] {
			m = k
		}
	}
	walk = append(walk[m:], walk[:m]...)
	names := make([]string, len(walk))
	for k, i := range walk {
		names[k] = n.name(i)
	}
	return &CycleError{Activities: names}
}

// name returns project/activity of node i.
func (n *network) name(i int32) string {
	nd := &n.nodes[i]
	return n.projects[nd.proj].p.ID + "/" + nd.act.ID
}

// conv converts working time v of calendar from into working time of
// calendar to, through the instant v starts (start) or completes.
func (n *network) conv(v float64, from, to int32, start bool) float64 {
	f := n.cals[from]
	var t float64
	if start {
		t = f.startAt(v)
	} else {
		t = f.finishAt(v)
	}
	return n.cals[to].W(t)
}

// forward computes the early start and finish of every node, in working
// time of its calendar, for the durations dur.
func (n *network) forward(dur, es, ef []float64) {
	for _, i := range n.order {
		nd := &n.nodes[i]
		d := dur[i]
		s := max(nd.estLo, nd.efLo-d)
		for _, e := range n.preds[n.predOff[i]:n.predOff[i+1]] {
			var v float64
			if e.fromStart() {
				v = es[e.other]
			} else {
				v = ef[e.other]
			}
			if e.cross {
				v = n.conv(v, n.nodes[e.other].cal, nd.cal, e.fromStart())
			}
			v += e.lag
			if !e.toStart() {
				v -= d
			}
			s = max(s, v)
		}
		es[i], ef[i] = s, s+d
	}
}

// finish returns the instant project k finishes: the latest early finish
// of its activities. For a project on one calendar it also records the
// finish in that calendar's working time (see projNet.finishW).
func (n *network) finish(k int, ef []float64) float64 {
	pn := &n.projects[k]
	if pn.cal >= 0 {
		w := math.Inf(-1)
		for _, i := range pn.nodes {
			w = max(w, ef[i])
		}
		return n.cals[pn.cal].finishAt(w)
	}
	t := math.Inf(-1)
	for _, i := range pn.nodes {
		t = max(t, n.cals[n.nodes[i].cal].finishAt(ef[i]))
	}
	return t
}

// backward computes the late start and finish of every node, given each
// project's finish instant and, for a project on one calendar, its finish
// in that calendar's working time (finishW).
func (n *network) backward(dur, projFinish, finishW, ls, lf []float64) {
	for k := len(n.order) - 1; k >= 0; k-- {
		i := n.order[k]
		nd := &n.nodes[i]
		d := dur[i]
		var pf float64
		if n.projects[nd.proj].cal == nd.cal {
			pf = finishW[nd.proj]
		} else {
			pf = n.cals[nd.cal].W(projFinish[nd.proj])
		}
		f := min(nd.lfHi, nd.lsHi+d, pf)
		for _, e := range n.succs[n.succOff[i]:n.succOff[i+1]] {
			var v float64
			if e.toStart() {
				v = ls[e.other]
			} else {
				v = lf[e.other]
			}
			v -= e.lag
			if e.cross {
				v = n.conv(v, n.nodes[e.other].cal, nd.cal, e.toStart())
			}
			if e.fromStart() {
				v += d
			}
			f = min(f, v)
		}
		lf[i], ls[i] = f, f-d
	}
}

// slack returns the free float of the link e from node i to its successor
// e.other: how far i's origin end may move without moving the successor.
func (n *network) slack(i int32, e *edge, es, ef []float64) float64 {
	var v float64
	if e.toStart() {
		v = es[e.other]
	} else {
		v = ef[e.other]
	}
	v -= e.lag
	if e.cross {
		v = n.conv(v, n.nodes[e.other].cal, n.nodes[i].cal, e.toStart())
	}
	if e.fromStart() {
		return v - es[i]
	}
	return v - ef[i]
}
