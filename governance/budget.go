package governance

// Runtime cost tracking, only where it is needed.
//
// cel-go's runtime cost tracker enforces the cost limit but allocates on
// every function call, which is most of the price of an evaluation. An
// expression whose worst-case cost on the portfolio at hand is provably
// within the limit needs no tracker: Evaluate measures the portfolio once
// (its longest list, map and string among what the set's expressions read:
// see reach), estimates each expression's worst case
// at those sizes with cel-go's cost estimator (an upper bound of the runtime
// cost), and evaluates the expressions whose estimate is within the limit
// with an untracked program. The others, and every expression whose cost
// depends on something the measurement does not bound (a dyn value such as
// project.attributes, a policy variable, a list computed by a function), run
// with the tracker. The context still interrupts every evaluation.

import (
	"maps"
	"math/bits"
	"slices"
	"sync"
	"sync/atomic"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/cost"
	"cel.dev/cel-go/common/types"

	"github.com/pmokit/pmokit/pmo"
)

// dataSizes bounds the data the expressions of a policy set can read from
// the rule variables: the length of the portfolio's lists of projects,
// people and programs, of every other list or map they read, and of every
// string they read, each rounded up to a power of two. Attributes are not
// measured: no size read through an attributes map is bounded (see
// dataHints), so their contents never decide a verdict.
type dataSizes struct {
	portfolioList, list, str uint64
}

// measure returns the size bounds of everything in pf, whatever the
// expressions read: measureOn with the full plan.
func measure(pf *pmo.Portfolio) dataSizes { return measureOn(pf, 1, fullPlan()) }

// minMeasureShare is the fewest projects a goroutine of measureOn measures:
// below it, starting goroutines costs more than the walk.
const minMeasureShare = 256

// measureOn returns the size bounds of what plan says the expressions can
// read of pf: one pass over the portfolio, written out per type (a
// reflective walk costs as much as the evaluation it saves), that walks
// no list whose elements hold nothing the plan measures. The projects are
// split over up to workers goroutines, which Evaluate's workers would
// otherwise wait for: the measurement is the serial part of a parallel
// evaluation. None outlives the call.
func measureOn(pf *pmo.Portfolio, workers int, plan *measurePlan) dataSizes {
	// Enumerations read as words of up to 16 bytes ("finish_to_finish"),
	// except a date constraint's type (measured in activities).
	m := sizeMeter{str: longestEnumWord, plan: plan}
	r := &plan.portfolio
	m.s(r.id, pf.ID)
	m.s(r.name, pf.Name)
	m.s(r.description, pf.Description)
	m.s(r.currency, pf.Currency)
	if r.lifecycle {
		m.strList(pf.Phases())
	}
	if r.statusScale {
		m.strList(pf.Statuses())
	}
	if x := &plan.person; x.any {
		for i := range pf.People {
			p := &pf.People[i]
			m.s(x.id, p.ID)
			m.s(x.name, p.Name)
			m.s(x.email, p.Email)
			if x.roles {
				m.strList(p.Roles)
			}
		}
	}
	if x := &plan.program; x.any {
		for i := range pf.Programs {
			p := &pf.Programs[i]
			m.s(x.id, p.ID)
			m.s(x.name, p.Name)
			m.s(x.description, p.Description)
			m.s(x.manager, p.Manager)
			m.s(x.sponsor, p.Sponsor)
		}
	}
	if plan.project.any {
		m.projects(pf.Projects, workers)
	}
	if r.calendars {
		m.n(len(pf.Calendars))
	}
	if plan.calendar.any {
		m.calendars(pf.Calendars) // library_schedule.go
	}
	if r.waivers {
		m.n(len(pf.Waivers))
	}
	if plan.waiver.any {
		m.waivers(pf.Waivers) // waivers.go
	}
	return dataSizes{
		portfolioList: roundUp(max(uint64(len(pf.Projects)), uint64(len(pf.People)), uint64(len(pf.Programs)))),
		list:          roundUp(m.list),
		str:           roundUp(m.str),
	}
}

// projects measures ps, on up to workers goroutines.
func (m *sizeMeter) projects(ps []pmo.Project, workers int) {
	workers = min(workers, len(ps)/minMeasureShare)
	if workers <= 1 {
		for i := range ps {
			m.project(&ps[i])
		}
		return
	}
	parts := make([]sizeMeter, workers)
	share := (len(ps) + workers - 1) / workers
	plan := m.plan // the goroutines do not capture m, which then stays on the stack
	var wg sync.WaitGroup
	for w := range parts {
		lo, hi := w*share, min((w+1)*share, len(ps))
		wg.Add(1)
		go func() {
			defer wg.Done()
			part := sizeMeter{plan: plan} // local: parts[w] is written once, not per field
			for i := lo; i < hi; i++ {
				part.project(&ps[i])
			}
			parts[w] = part
		}()
	}
	wg.Wait()
	for _, p := range parts {
		m.list, m.str = max(m.list, p.list), max(m.str, p.str)
	}
}

func roundUp(n uint64) uint64 {
	if n <= 1 {
		return 1
	}
	if n > 1<<62 {
		return 1 << 62
	}
	return 1 << bits.Len64(n-1)
}

// longestEnumWord is the length of the longest enumeration word of the
// schema, "finish_to_finish", a date constraint's type aside.
const longestEnumWord = 16

// sizeMeter records the longest list (or map) and string it sees of what
// its plan measures.
type sizeMeter struct {
	list, str uint64
	plan      *measurePlan
}

// s measures the string s when on.
func (m *sizeMeter) s(on bool, s string) {
	if on {
		m.str = max(m.str, uint64(len(s)))
	}
}

// l measures a list or map of n elements when on.
func (m *sizeMeter) l(on bool, n int) {
	if on {
		m.list = max(m.list, uint64(n))
	}
}

func (m *sizeMeter) strs(ss ...string) {
	for _, s := range ss {
		m.str = max(m.str, uint64(len(s)))
	}
}

func (m *sizeMeter) strList(ss []string) {
	m.n(len(ss))
	m.strs(ss...)
}

func (m *sizeMeter) n(n int) { m.list = max(m.list, uint64(n)) }

// impacts measures a risk's consequences per dimension: a map and its keys.
func (m *sizeMeter) impacts(im map[string]int) {
	if len(im) == 0 {
		return
	}
	m.n(len(im))
	for k := range im {
		m.strs(k)
	}
}

func (m *sizeMeter) project(p *pmo.Project) {
	pl := m.plan
	r := &pl.project
	m.s(r.id, p.ID)
	m.s(r.name, p.Name)
	m.s(r.description, p.Description)
	m.s(r.program, p.Program)
	m.s(r.sponsor, p.Sponsor)
	m.s(r.manager, p.Manager)
	m.s(r.phase, p.Phase)
	m.s(r.status, string(p.Status)) // a word of the portfolio's status scale
	if r.scores {
		m.n(len(p.Scores))
		for k := range p.Scores {
			m.strs(k)
		}
	}
	m.l(r.statusReports, len(p.StatusReports))
	if x := &pl.statusReport; x.any {
		for i := range p.StatusReports {
			y := &p.StatusReports[i]
			m.s(x.status, string(y.Status))
			m.s(x.summary, y.Summary)
			m.s(x.by, y.By)
		}
	}
	m.l(r.documents, len(p.Documents))
	if x := &pl.document; x.any {
		for i := range p.Documents {
			y := &p.Documents[i]
			m.s(x.id, y.ID)
			m.s(x.title, y.Title)
			m.s(x.kind, y.Kind)
			m.s(x.approvedBy, y.ApprovedBy)
			m.s(x.url, y.URL)
		}
	}
	m.l(r.milestones, len(p.Milestones))
	if x := &pl.milestone; x.any {
		for i := range p.Milestones {
			y := &p.Milestones[i]
			m.s(x.id, y.ID)
			m.s(x.name, y.Name)
		}
	}
	m.l(r.risks, len(p.Risks))
	if x := &pl.risk; x.any {
		for i := range p.Risks {
			y := &p.Risks[i]
			m.s(x.id, y.ID)
			m.s(x.title, y.Title)
			m.s(x.category, y.Category)
			m.s(x.owner, y.Owner)
			if x.impacts {
				m.impacts(y.Impacts)
			}
			if x.residualImpacts && y.Residual != nil {
				m.impacts(y.Residual.Impacts)
			}
		}
	}
	m.l(r.issues, len(p.Issues))
	if x := &pl.issue; x.any {
		for i := range p.Issues {
			y := &p.Issues[i]
			m.s(x.id, y.ID)
			m.s(x.title, y.Title)
			m.s(x.owner, y.Owner)
		}
	}
	m.l(r.assumptions, len(p.Assumptions))
	if x := &pl.assumption; x.any {
		for i := range p.Assumptions {
			y := &p.Assumptions[i]
			m.s(x.id, y.ID)
			m.s(x.statement, y.Statement)
			m.s(x.owner, y.Owner)
		}
	}
	m.l(r.dependencies, len(p.Dependencies))
	if x := &pl.dependency; x.any {
		for i := range p.Dependencies {
			y := &p.Dependencies[i]
			m.s(x.id, y.ID)
			m.s(x.on, y.On)
			m.s(x.description, y.Description)
		}
	}
	m.l(r.changes, len(p.Changes))
	if x := &pl.change; x.any { // also the change variable's fields
		for i := range p.Changes {
			y := &p.Changes[i]
			m.s(x.id, y.ID)
			m.s(x.title, y.Title)
			m.s(x.requestedBy, y.RequestedBy)
			m.s(x.decidedBy, y.DecidedBy)
		}
	}
	m.l(r.approvals, len(p.Approvals))
	if x := &pl.approval; x.any {
		for i := range p.Approvals {
			y := &p.Approvals[i]
			m.s(x.gate, y.Gate)
			m.s(x.role, y.Role)
			m.s(x.by, y.By)
			m.s(x.requestedBy, y.RequestedBy)
			m.s(x.comment, y.Comment)
		}
	}
	m.l(r.decisions, len(p.Decisions))
	if x := &pl.decision; x.any {
		for i := range p.Decisions {
			y := &p.Decisions[i]
			m.s(x.id, y.ID)
			m.s(x.title, y.Title)
			m.s(x.gate, y.Gate)
			m.s(x.subject, y.Subject)
			m.s(x.rationale, y.Rationale)
			if x.by {
				m.strList(y.By)
			}
		}
	}
	m.l(r.benefits, len(p.Benefits))
	if x := &pl.benefit; x.any {
		for i := range p.Benefits {
			y := &p.Benefits[i]
			m.s(x.id, y.ID)
			m.s(x.description, y.Description)
			m.s(x.owner, y.Owner)
			m.s(x.measure, y.Measure)
		}
	}
	m.l(r.activities, len(p.Activities))
	if pl.activity.any {
		m.activities(p.Activities) // library_schedule.go
	}
	m.l(r.stages, len(p.Stages))
	if pl.stage.any || pl.tolerance.any {
		m.stages(p) // library_tolerance.go
	}
}

// reach is what the expressions of a policy set can read of the portfolio:
// the fields they select, "<type>.<field>" for a field of an object type
// (the checked type of the operand), "*.<field>" where the operand is of
// another type (a field of that name of any type).
//
// Why measuring only these is sound: the cost estimator consults the
// measured sizes only through dataHints.EstimateSize (and rangeBound, which
// asks it for a path), for a node whose path is rooted at a schema
// variable. cel-go builds a path from an identifier by field selections
// (the Select nodes of the expression) and "@items", "@keys", "@values"
// and "@indices" (an index, a comprehension variable, a cel.bind of a
// path); rangeBound's path is made of Select nodes too. So every sized
// node is the value of a field the expression selects, or an element, key
// or value of one, and measuring every instance of each selected field
// bounds it.
type reach map[string]bool

// add adds the fields the checked expression a selects. A presence test
// (has) reads no size: its node is a bool.
func (r reach) add(a *ast.AST) {
	for _, e := range ast.MatchDescendants(ast.NavigateAST(a), ast.KindMatcher(ast.SelectKind)) {
		sel := e.AsSelect()
		if sel.IsTestOnly() {
			continue
		}
		if t := a.GetType(sel.Operand().ID()); t != nil && t.Kind() == types.StructKind {
			r[t.TypeName()+"."+sel.FieldName()] = true
		} else {
			r["*."+sel.FieldName()] = true
		}
	}
}

// has reports whether field of the object type typ is reached.
func (r reach) has(typ, field string) bool { return r[typ+"."+field] || r["*."+field] }

// plan returns the measurement of what r reaches.
func (r reach) plan() *measurePlan { return newMeasurePlan(r.has) }

// programs adds the reach of every expression of the policies that an
// evaluation runs with a budget: their when, variables, rules (when,
// expression, message_expression) and ratings.
func (r reach) programs(policies []*compiledPolicy) {
	for _, cp := range policies {
		prgs := append([]*program{cp.when}, cp.vars...)
		for _, rl := range cp.rules {
			prgs = append(prgs, rl.when, rl.expr, rl.msgExpr)
		}
		prgs = append(prgs, cp.ratingPrograms()...)
		for _, p := range prgs {
			if p != nil {
				r.add(p.ast.NativeRep())
			}
		}
	}
}

// maxPlannedConditions is the most waiver conditions whose reach Evaluate
// compiles before it measures; with more, it measures everything.
const maxPlannedConditions = 64

// measurePlanFor returns what Evaluate measures: what the set's expressions
// read, and what the conditions of the portfolio's waivers read (compiled
// for the set here, before the measurement: an evaluation would compile
// them on first use; see PolicySet.condition). With more than
// maxPlannedConditions conditions, or for a set not made by Compile, it is
// everything.
func (s *PolicySet) measurePlanFor(wr *waiverRun) *measurePlan {
	if s.plan == nil {
		return fullPlan()
	}
	if wr == nil {
		return s.plan
	}
	var r reach
	n := 0
	for i := range wr.waivers {
		ws := &wr.waivers[i]
		if ws.policy == nil {
			continue // applies to nothing of the set: its conditions never run
		}
		for _, text := range ws.w.Conditions {
			if n++; n > maxPlannedConditions {
				return fullPlan()
			}
			e := s.condition(ws.policy, text)
			if e.prg == nil {
				continue // does not compile: never evaluated
			}
			if r == nil {
				r = maps.Clone(s.reach)
			}
			r.add(e.prg.ast.NativeRep())
		}
	}
	if r == nil {
		return s.plan
	}
	return r.plan()
}

// measurePlan is what measureOn measures, per object type of the schema:
// a flag per string, list and map field (a list of strings: its length and
// its strings; a map: its size and its keys), and any, whether anything of
// the type (or of the types it holds) is measured, which decides whether
// the instances of the type are walked at all. Enumerations read as words
// of at most longestEnumWord bytes and are not measured, except a date
// constraint's type.
type measurePlan struct {
	portfolio struct {
		id, name, description, currency, lifecycle, statusScale, calendars, waivers bool
	}
	person  struct{ any, id, name, email, roles bool }
	program struct{ any, id, name, description, manager, sponsor bool }
	project struct {
		any, id, name, description, program, sponsor, manager, phase, status, scores,
		statusReports, documents, milestones, risks, issues, assumptions, dependencies,
		changes, approvals, decisions, benefits, activities, stages bool
	}
	statusReport struct{ any, status, summary, by bool }
	document     struct{ any, id, title, kind, approvedBy, url bool }
	milestone    struct{ any, id, name bool }
	risk         struct{ any, id, title, category, owner, impacts, residualImpacts bool }
	issue        struct{ any, id, title, owner bool }
	assumption   struct{ any, id, statement, owner bool }
	dependency   struct{ any, id, on, description bool }
	change       struct{ any, id, title, requestedBy, decidedBy bool }
	approval     struct{ any, gate, role, by, requestedBy, comment bool }
	decision     struct{ any, id, title, gate, subject, rationale, by bool }
	benefit      struct{ any, id, description, owner, measure bool }
	activity     struct {
		any, id, name, calendar, milestones, risks, predecessors, constraintType bool
	}
	link     struct{ any, activity, project bool }
	calendar struct{ any, id, name, workingDays, holidays bool }
	stage    struct{ any, id, name bool }
	// tolerance: a pmo.Tolerance's limits; check, any field of tolerance()'s
	// results (a few fixed phrases, bounded by 256 bytes).
	tolerance struct{ any, plus, minus, check bool }
	waiver    struct {
		any, id, policy, rule, subject, reason, reference, requestedBy, approvedBy, conditions bool
	}
}

// fullPlan measures everything.
func fullPlan() *measurePlan { return newMeasurePlan(func(string, string) bool { return true }) }

func anyOf(fs ...bool) bool {
	for _, f := range fs {
		if f {
			return true
		}
	}
	return false
}

// newMeasurePlan returns the plan that measures the fields for which has
// reports true.
func newMeasurePlan(has func(typ, field string) bool) *measurePlan {
	p := &measurePlan{}
	of := func(typ string) func(string) bool { return func(f string) bool { return has(typ, f) } }

	f := of(portfolioTypeName)
	x := &p.portfolio
	x.id, x.name, x.description, x.currency = f("id"), f("name"), f("description"), f("currency")
	x.lifecycle, x.statusScale, x.calendars, x.waivers = f("lifecycle"), f("status_scale"), f("calendars"), f("waivers")

	f = of("pmo.Person")
	pe := &p.person
	pe.id, pe.name, pe.email, pe.roles = f("id"), f("name"), f("email"), f("roles")
	pe.any = anyOf(pe.id, pe.name, pe.email, pe.roles)

	f = of("pmo.Program")
	pg := &p.program
	pg.id, pg.name, pg.description, pg.manager, pg.sponsor = f("id"), f("name"), f("description"), f("manager"), f("sponsor")
	pg.any = anyOf(pg.id, pg.name, pg.description, pg.manager, pg.sponsor)

	f = of("pmo.StatusReport")
	sr := &p.statusReport
	sr.status, sr.summary, sr.by = f("status"), f("summary"), f("by")
	sr.any = anyOf(sr.status, sr.summary, sr.by)

	f = of("pmo.Document")
	d := &p.document
	d.id, d.title, d.kind, d.approvedBy, d.url = f("id"), f("title"), f("kind"), f("approved_by"), f("url")
	d.any = anyOf(d.id, d.title, d.kind, d.approvedBy, d.url)

	f = of("pmo.Milestone")
	ms := &p.milestone
	ms.id, ms.name = f("id"), f("name")
	ms.any = anyOf(ms.id, ms.name)

	f = of("pmo.Risk")
	rk := &p.risk
	rk.id, rk.title, rk.category, rk.owner, rk.impacts = f("id"), f("title"), f("category"), f("owner"), f("impacts")
	rk.residualImpacts = has("pmo.Residual", "impacts")
	rk.any = anyOf(rk.id, rk.title, rk.category, rk.owner, rk.impacts, rk.residualImpacts)

	f = of("pmo.Issue")
	is := &p.issue
	is.id, is.title, is.owner = f("id"), f("title"), f("owner")
	is.any = anyOf(is.id, is.title, is.owner)

	f = of("pmo.Assumption")
	as := &p.assumption
	as.id, as.statement, as.owner = f("id"), f("statement"), f("owner")
	as.any = anyOf(as.id, as.statement, as.owner)

	f = of("pmo.Dependency")
	dp := &p.dependency
	dp.id, dp.on, dp.description = f("id"), f("on"), f("description")
	dp.any = anyOf(dp.id, dp.on, dp.description)

	f = of(changeTypeName)
	ch := &p.change
	ch.id, ch.title, ch.requestedBy, ch.decidedBy = f("id"), f("title"), f("requested_by"), f("decided_by")
	ch.any = anyOf(ch.id, ch.title, ch.requestedBy, ch.decidedBy)

	f = of("pmo.Approval")
	ap := &p.approval
	ap.gate, ap.role, ap.by, ap.requestedBy, ap.comment = f("gate"), f("role"), f("by"), f("requested_by"), f("comment")
	ap.any = anyOf(ap.gate, ap.role, ap.by, ap.requestedBy, ap.comment)

	f = of("pmo.Decision")
	dc := &p.decision
	dc.id, dc.title, dc.gate, dc.subject, dc.rationale, dc.by = f("id"), f("title"), f("gate"), f("subject"), f("rationale"), f("by")
	dc.any = anyOf(dc.id, dc.title, dc.gate, dc.subject, dc.rationale, dc.by)

	f = of("pmo.Benefit")
	bn := &p.benefit
	bn.id, bn.description, bn.owner, bn.measure = f("id"), f("description"), f("owner"), f("measure")
	bn.any = anyOf(bn.id, bn.description, bn.owner, bn.measure)

	f = of("pmo.Link")
	ln := &p.link
	ln.activity, ln.project = f("activity"), f("project")
	ln.any = anyOf(ln.activity, ln.project)

	f = of(activityTypeName)
	ac := &p.activity
	ac.id, ac.name, ac.calendar, ac.milestones, ac.risks, ac.predecessors = f("id"), f("name"), f("calendar"), f("milestones"), f("risks"), f("predecessors")
	ac.constraintType = has("pmo.DateConstraint", "type")
	ac.any = anyOf(ac.id, ac.name, ac.calendar, ac.milestones, ac.risks, ac.predecessors, ac.constraintType, ln.any)

	f = of("pmo.Calendar")
	cl := &p.calendar
	cl.id, cl.name, cl.workingDays, cl.holidays = f("id"), f("name"), f("working_days"), f("holidays")
	cl.any = anyOf(cl.id, cl.name, cl.workingDays, cl.holidays)

	f = of(stageTypeName)
	st := &p.stage
	st.id, st.name = f("id"), f("name")
	st.any = anyOf(st.id, st.name)

	tl := &p.tolerance
	tl.plus, tl.minus = has("pmo.Tolerance", "plus"), has("pmo.Tolerance", "minus")
	for _, typ := range []string{toleranceCheckTypeName, costToleranceTypeName, timeToleranceTypeName} {
		for _, name := range schema().byName[typ].names {
			tl.check = tl.check || has(typ, name)
		}
	}
	tl.any = anyOf(tl.plus, tl.minus, tl.check)

	f = of("pmo.Waiver")
	w := &p.waiver
	w.id, w.policy, w.rule, w.subject, w.reason = f("id"), f("policy"), f("rule"), f("subject"), f("reason")
	w.reference, w.requestedBy, w.approvedBy, w.conditions = f("reference"), f("requested_by"), f("approved_by"), f("conditions")
	w.any = anyOf(w.id, w.policy, w.rule, w.subject, w.reason, w.reference, w.requestedBy, w.approvedBy, w.conditions)

	f = of(projectTypeName)
	pj := &p.project
	pj.id, pj.name, pj.description, pj.program, pj.sponsor = f("id"), f("name"), f("description"), f("program"), f("sponsor")
	pj.manager, pj.phase, pj.status, pj.scores = f("manager"), f("phase"), f("status"), f("scores")
	pj.statusReports, pj.documents, pj.milestones, pj.risks = f("status_reports"), f("documents"), f("milestones"), f("risks")
	pj.issues, pj.assumptions, pj.dependencies, pj.changes = f("issues"), f("assumptions"), f("dependencies"), f("changes")
	pj.approvals, pj.decisions, pj.benefits, pj.activities, pj.stages = f("approvals"), f("decisions"), f("benefits"), f("activities"), f("stages")
	pj.any = anyOf(pj.id, pj.name, pj.description, pj.program, pj.sponsor, pj.manager, pj.phase, pj.status, pj.scores,
		pj.statusReports, pj.documents, pj.milestones, pj.risks, pj.issues, pj.assumptions, pj.dependencies,
		pj.changes, pj.approvals, pj.decisions, pj.benefits, pj.activities, pj.stages,
		sr.any, d.any, ms.any, rk.any, is.any, as.any, dp.any, ch.any, ap.any, dc.any, bn.any, ac.any, st.any, tl.any)
	return p
}

// maxValueDepth bounds the nesting of attribute values that the library's
// deep equality and guards walk (library_equal.go, library_guard.go).
const maxValueDepth = 32

// dataHints is the cost estimator at measured sizes. It answers only for
// values read from the schema variables (a path rooted in portfolio,
// project, change or gate) and for money; for anything else (computed
// lists, dyn values, variables.<name>, and anything on a path through an
// entity's attributes, the dyn values hosts add, which measure does not
// walk) it leaves the size unknown, which makes the estimate unbounded.
//
// An index loop's range, lists.range(size(x)) with x a field path of the
// schema variables, is as long as x; that holds only when no comprehension
// or cel.bind of the expression rebinds a schema variable's name (indexLoops
// false otherwise).
type dataHints struct {
	sizes      dataSizes
	indexLoops bool
	params     dataSizes // the sizes of the policy's parameters, constants (list, str)
}

// EstimateSize implements cost.Estimator.
func (h dataHints) EstimateSize(n cost.AstNode) *cost.SizeEstimate {
	t := n.Type()
	if t == nil {
		return nil
	}
	if t.Kind() == types.OpaqueKind && (t.TypeName() == moneyTypeName || t.TypeName() == thresholdTypeName) {
		return &cost.SizeEstimate{Min: 1, Max: 1}
	}
	path := n.Path()
	if len(path) == 0 {
		return nil
	}
	if isParamName(path[0]) { // constants of known sizes (params_set.go)
		switch t.Kind() {
		case types.ListKind, types.MapKind:
			return &cost.SizeEstimate{Min: 0, Max: h.params.list}
		case types.StringKind:
			return &cost.SizeEstimate{Min: 0, Max: h.params.str}
		}
		return nil
	}
	switch path[0] {
	case "portfolio", "project", "change", "gate":
	default:
		return nil
	}
	if slices.Contains(path, "attributes") {
		return nil // dyn values of any size (and their keys), not measured
	}
	switch t.Kind() {
	case types.ListKind, types.MapKind:
		size := h.sizes.list
		if len(path) == 2 && path[0] == "portfolio" {
			switch path[1] {
			case "projects", "people", "programs":
				size = h.sizes.portfolioList
			}
		}
		return &cost.SizeEstimate{Min: 0, Max: size}
	case types.StringKind, types.BytesKind:
		return &cost.SizeEstimate{Min: 0, Max: h.sizes.str}
	}
	return nil
}

// EstimateCallCost implements cost.Estimator: as at compile time.
func (h dataHints) EstimateCallCost(function, overloadID string, target *cost.AstNode, args []cost.AstNode) *cost.CallEstimate {
	return sizeHints{}.EstimateCallCost(function, overloadID, target, args)
}

// budget decides, per expression and data size, whether the runtime cost
// tracker is needed. It is safe for concurrent use.
type budget struct {
	env       *cel.Env
	ast       *cel.Ast
	limit     uint64
	untracked func() (cel.Program, error)
	// indexLoops: no comprehension of the expression rebinds a schema
	// variable's name (see dataHints).
	indexLoops bool
	params     dataSizes               // the sizes of the policy's parameter values (list, str)
	verdicts   sync.Map                // dataSizes → cel.Program (nil: tracked)
	last       atomic.Pointer[verdict] // the verdict for the sizes seen last
}

type verdict struct {
	sizes dataSizes
	prg   cel.Program
}

// program returns the untracked program when the expression's worst case at
// sizes is within the limit, and nil otherwise.
func (b *budget) program(sizes dataSizes) cel.Program {
	if b == nil {
		return nil
	}
	if v := b.last.Load(); v != nil && v.sizes == sizes {
		return v.prg
	}
	var prg cel.Program
	if p, found := b.verdicts.Load(sizes); found {
		prg, _ = p.(cel.Program)
	} else {
		h := dataHints{sizes: sizes, indexLoops: b.indexLoops, params: b.params}
		est, err := b.env.EstimateCost(b.ast, h, rangeCost(h))
		if err == nil && est.Max <= b.limit {
			if u, err := b.untracked(); err == nil {
				prg = u
			}
		}
		b.verdicts.Store(sizes, prg)
	}
	b.last.Store(&verdict{sizes: sizes, prg: prg})
	return prg
}

// rangeBound implements rangeBounder: the range of an index loop over x
// is as long as x at the measured sizes.
func (h dataHints) rangeBound(arg cost.AstNode) (uint64, bool) {
	if !h.indexLoops {
		return 0, false
	}
	path, ok := sizeArgPath(arg.Expr())
	if !ok {
		return 0, false
	}
	size := h.EstimateSize(pathNode{path: path, t: types.NewListType(types.DynType)})
	if size == nil {
		return 0, false
	}
	return size.Max, true
}

// pathNode is a cost.AstNode for a field path alone, to size the list an
// index loop ranges over.
type pathNode struct {
	path []string
	t    *types.Type
}

func (p pathNode) Path() []string                   { return p.path }
func (p pathNode) Type() *types.Type                { return p.t }
func (p pathNode) Expr() ast.Expr                   { return nil }
func (p pathNode) ComputedSize() *cost.SizeEstimate { return nil }

// rebindsSchemaVariable reports whether a comprehension (or cel.bind) of a
// binds one of the names of the schema variables.
func rebindsSchemaVariable(a *ast.AST) bool {
	for _, e := range ast.MatchDescendants(ast.NavigateAST(a), ast.KindMatcher(ast.ComprehensionKind)) {
		c := e.AsComprehension()
		for _, name := range []string{c.IterVar(), c.IterVar2(), c.AccuVar()} {
			switch name {
			case "portfolio", "project", "change", "gate":
				return true
			}
		}
	}
	return false
}
