package pmo

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/pmokit/pmokit/internal/document"
	"github.com/pmokit/pmokit/internal/textcut"
)

// Validate checks a portfolio built in Go with the same rules [ReadPortfolio]
// applies after decoding a file, and returns every problem joined with
// [errors.Join], each a [*FieldError] with its path (Line and Column are 0),
// or nil when the portfolio is valid. The rules:
//
//   - required: id and name of the portfolio, of each person and program;
//     id, name and phase of each project; id of every item in a project's
//     lists (approvals excepted) and its title (name of a milestone,
//     statement of an assumption, description of a benefit, on of a
//     dependency); gate of an approval; date of a status report;
//   - unique: ids of people, of programs, of projects, and of the items of
//     each list of one project;
//   - references: every person (sponsor, manager, owner, requested_by,
//     decided_by, by, approved_by), program and project (dependency on) named
//     must exist; a project does not depend on itself;
//   - phases: the lifecycle's phases are non-empty and unique; a project's
//     phase, an approval's gate and a decision's gate are lifecycle phases;
//   - values: enums within their table, money with a three-letter upper-case
//     currency, finite numbers, valid UTF-8 strings, cost and schedule
//     ranges with min ≤ max, attributes holding only JSON values;
//   - ranges: the portfolio's and projects' budgets (approved, forecast,
//     actual), earned value (bac, pv, ev, ac), a risk's cost_impact,
//     cost_range and residual cost_impact are not negative (a change's
//     cost_impact may be: it can save money); probabilities (a risk's and
//     its residual's) within 0..1; impacts within 1..[MaxImpact] (0: not
//     given), a risk's (or residual's) impacts per dimension at most
//     [MaxDimensions], each named and within 1..MaxImpact, never beside
//     the single impact (nor a residual's of the other form); a risk's schedule days within 0..[MaxScheduleDays], a
//     change's within ±MaxScheduleDays; scores and attribute numbers
//     finite; dates within years 0..9999. Each error names the path and
//     the range;
//   - statuses: the status_scale has 2..[MaxStatusWords] unique, well-formed
//     words ([StatusScale]); a project's and a status report's status is
//     on the portfolio's scale ([Portfolio.Statuses]);
//   - stages and tolerances: stage ids unique in their project, each with
//     a name; a stage's costs not negative and its date pairs in order;
//     every tolerance (the project's and each stage's) has both plus and
//     minus, in a unit its dimension accepts (cost: money or percent;
//     time: days or percent; scope, quality: percent; risk, benefits:
//     money or percent), a minus percent at most 100%, a money cost limit
//     in the currency of the plan's target (budget.approved,
//     planned_cost);
//   - order: a project's start and finish, baseline_start and
//     baseline_finish, forecast_start and forecast_finish, and a
//     milestone's baseline and forecast pairs, have the finish not before
//     the start when both are given;
//   - schedule: calendar ids unique, working days and holidays without
//     duplicates; activity ids unique in their project; every activity has
//     a name and a duration, an estimate (min ≤ most_likely ≤ max) or the
//     milestone flag; durations, estimates and lags finite and within
//     ±MaxActivityDays (durations not negative); predecessors, calendars,
//     milestones and risks named must exist, a predecessor in another
//     project only in one this project depends on. Cycles are errors of
//     package schedule;
//   - waivers: ids unique; id, policy, subject and expires required; the
//     subject is the portfolio's id, a project id or a change request id
//     (written project/change when several projects use it);
//     requested_by and approved_by name people; at most
//     [MaxWaiverConditions] conditions, each non-empty and at most
//     [MaxConditionBytes] bytes. Whether a waiver holds (its policy, rule,
//     approver, dates and conditions) is decided by package governance.
//
// Validate does not modify the portfolio. A nil portfolio is an error.
func (pf *Portfolio) Validate() error {
	if pf == nil {
		return &FieldError{Err: problem("nil portfolio")}
	}
	return joinFieldErrors(pf.check().errs)
}

// pathNode is a path built on the stack while checking; it is rendered only
// when a problem is found.
type pathNode struct {
	parent *pathNode
	seg    seg
}

func (p *pathNode) field(name string) *pathNode { return &pathNode{p, field(name)} }
func (p *pathNode) item(i int) *pathNode        { return &pathNode{p, item(i)} }

// segs returns the path from the root. It copies the names, so that the
// path nodes (built on the stack of the checking functions) do not escape.
func (p *pathNode) segs() []seg {
	var out []seg
	for q := p; q != nil; q = q.parent {
		out = append(out, seg{name: strings.Clone(q.seg.name), index: q.seg.index, key: q.seg.key})
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// checker collects the problems of one portfolio.
type checker struct {
	pf       *Portfolio
	phases   Lifecycle
	statuses StatusScale
	people   map[string]int
	programs map[string]int
	projects map[string]int
	errs     []*FieldError
	segs     [][]seg // the path of each error, for ReadPortfolio to locate it

	calendars map[string]int // calendar ids (activity.go)
}

func (c *checker) fail(p *pathNode, format string, args ...any) {
	segs := p.segs()
	c.errs = append(c.errs, &FieldError{Path: renderPath(segs), Err: problem(fmt.Sprintf(format, args...))})
	c.segs = append(c.segs, segs)
}

func (c *checker) failErr(p *pathNode, err error) {
	segs := p.segs()
	c.errs = append(c.errs, &FieldError{Path: renderPath(segs), Err: err})
	c.segs = append(c.segs, segs)
}

// check runs every rule; the result has one path per error (c.segs).
func (pf *Portfolio) check() *checker {
	c := &checker{pf: pf, phases: pf.Phases(), statuses: pf.Statuses()}
	c.portfolio()
	return c
}

func (c *checker) portfolio() {
	pf := c.pf
	var root *pathNode
	c.required(root.field("id"), pf.ID)
	c.required(root.field("name"), pf.Name)
	c.text(root.field("description"), pf.Description)
	c.enum(root.field("pmo_type"), pf.PMOType)
	if pf.Currency != "" && !validCurrency(pf.Currency) {
		c.fail(root.field("currency"), "invalid currency %s (want three upper-case letters)", textcut.Quote(pf.Currency))
	}
	c.amount(root.field("budget"), pf.Budget)
	seenPhase := make(map[string]int, len(pf.Lifecycle))
	for i, ph := range pf.Lifecycle {
		p := root.field("lifecycle").item(i)
		c.text(p, ph)
		if ph == "" {
			c.fail(p, "empty phase name")
		} else if j, dup := seenPhase[ph]; dup {
			c.fail(p, "duplicate phase %q (first at lifecycle[%d])", ph, j)
		} else {
			seenPhase[ph] = i
		}
	}
	c.statusScale(root.field("status_scale"), pf.StatusScale)

	c.people = make(map[string]int, len(pf.People))
	for i := range pf.People {
		p, x := root.field("people").item(i), &pf.People[i]
		c.id(p, "people", x.ID, c.people, i)
		c.required(p.field("name"), x.Name)
		c.text(p.field("email"), x.Email)
		for j, r := range x.Roles {
			c.text(p.field("roles").item(j), r)
		}
		c.attributes(p, x.Attributes)
	}
	c.programs = make(map[string]int, len(pf.Programs))
	for i := range pf.Programs {
		p, x := root.field("programs").item(i), &pf.Programs[i]
		c.id(p, "programs", x.ID, c.programs, i)
		c.required(p.field("name"), x.Name)
		c.text(p.field("description"), x.Description)
		c.person(p.field("manager"), x.Manager)
		c.person(p.field("sponsor"), x.Sponsor)
		c.attributes(p, x.Attributes)
	}
	c.calendarList()
	c.projects = make(map[string]int, len(pf.Projects))
	for i := range pf.Projects {
		c.id(root.field("projects").item(i), "projects", pf.Projects[i].ID, c.projects, i)
	}
	for i := range pf.Projects {
		c.project(root.field("projects").item(i), &pf.Projects[i])
	}
	c.waivers() // waiver.go
}

func (c *checker) project(p *pathNode, x *Project) {
	c.required(p.field("name"), x.Name)
	c.text(p.field("description"), x.Description)
	if x.Program != "" {
		if _, ok := c.programs[x.Program]; !ok {
			c.fail(p.field("program"), "unknown program %s", textcut.Quote(x.Program))
		}
	}
	c.person(p.field("sponsor"), x.Sponsor)
	c.person(p.field("manager"), x.Manager)
	c.phase(p.field("phase"), x.Phase, true)
	c.status(p.field("status"), x.Status)
	c.span(p, "start", x.Start, "finish", x.Finish)
	c.span(p, "baseline_start", x.BaselineStart, "baseline_finish", x.BaselineFinish)
	c.span(p, "forecast_start", x.ForecastStart, "forecast_finish", x.ForecastFinish)
	c.amount(p.field("budget").field("approved"), x.Budget.Approved)
	c.amount(p.field("budget").field("forecast"), x.Budget.Forecast)
	c.amount(p.field("budget").field("actual"), x.Budget.Actual)
	if ev := x.EarnedValue; ev != nil {
		q := p.field("earned_value")
		c.amount(q.field("bac"), ev.BAC)
		c.amount(q.field("pv"), ev.PV)
		c.amount(q.field("ev"), ev.EV)
		c.amount(q.field("ac"), ev.AC)
	}
	for _, k := range slices.Sorted(maps.Keys(x.Scores)) {
		c.finite(p.field("scores").key(k), x.Scores[k])
	}
	c.attributes(p, x.Attributes)
	c.tolerances(p, x.Tolerances, x.Budget.Approved.Currency)
	c.stages(p, x)

	ids := make(map[string]int)
	list := func(name string, i int, id string) *pathNode {
		q := p.field(name).item(i)
		if i == 0 {
			clear(ids)
		}
		c.id(q, name, id, ids, i)
		return q
	}
	for i := range x.StatusReports {
		q, s := p.field("status_reports").item(i), &x.StatusReports[i]
		if s.Date.IsZero() {
			c.fail(q.field("date"), "missing required field")
		}
		c.date(q.field("date"), s.Date)
		c.status(q.field("status"), s.Status)
		c.text(q.field("summary"), s.Summary)
		c.person(q.field("by"), s.By)
		c.attributes(q, s.Attributes)
	}
	for i := range x.Documents {
		d := &x.Documents[i]
		q := list("documents", i, d.ID)
		c.required(q.field("title"), d.Title)
		c.text(q.field("kind"), d.Kind)
		c.enum(q.field("status"), d.Status)
		c.person(q.field("approved_by"), d.ApprovedBy)
		c.date(q.field("approved_on"), d.ApprovedOn)
		c.text(q.field("url"), d.URL)
		c.attributes(q, d.Attributes)
	}
	for i := range x.Milestones {
		m := &x.Milestones[i]
		q := list("milestones", i, m.ID)
		c.required(q.field("name"), m.Name)
		c.date(q.field("due"), m.Due)
		c.date(q.field("done_on"), m.DoneOn)
		c.span(q, "baseline_start", m.BaselineStart, "baseline_finish", m.BaselineFinish)
		c.span(q, "forecast_start", m.ForecastStart, "forecast_finish", m.ForecastFinish)
		c.attributes(q, m.Attributes)
	}
	for i := range x.Risks {
		c.risk(list("risks", i, x.Risks[i].ID), &x.Risks[i])
	}
	for i := range x.Issues {
		is := &x.Issues[i]
		q := list("issues", i, is.ID)
		c.required(q.field("title"), is.Title)
		c.enum(q.field("severity"), is.Severity)
		c.person(q.field("owner"), is.Owner)
		c.enum(q.field("status"), is.Status)
		c.date(q.field("opened"), is.Opened)
		c.date(q.field("due"), is.Due)
		c.date(q.field("closed"), is.Closed)
		c.attributes(q, is.Attributes)
	}
	for i := range x.Assumptions {
		a := &x.Assumptions[i]
		q := list("assumptions", i, a.ID)
		c.required(q.field("statement"), a.Statement)
		c.person(q.field("owner"), a.Owner)
		c.enum(q.field("status"), a.Status)
		c.date(q.field("validate_by"), a.ValidateBy)
		c.attributes(q, a.Attributes)
	}
	for i := range x.Dependencies {
		dep := &x.Dependencies[i]
		q := list("dependencies", i, dep.ID)
		if c.required(q.field("on"), dep.On) {
			if _, ok := c.projects[dep.On]; !ok {
				c.fail(q.field("on"), "unknown project %s", textcut.Quote(dep.On))
			} else if dep.On == x.ID {
				c.fail(q.field("on"), "project %q depends on itself", dep.On)
			}
		}
		c.enum(q.field("type"), dep.Type)
		c.date(q.field("needed_by"), dep.NeededBy)
		c.text(q.field("description"), dep.Description)
		c.attributes(q, dep.Attributes)
	}
	for i := range x.Changes {
		ch := &x.Changes[i]
		q := list("changes", i, ch.ID)
		c.required(q.field("title"), ch.Title)
		c.person(q.field("requested_by"), ch.RequestedBy)
		c.date(q.field("requested"), ch.Requested)
		c.money(q.field("cost_impact"), ch.CostImpact) // a change may save money
		c.scheduleDays(q.field("schedule_impact_days"), ch.ScheduleImpactDays, -MaxScheduleDays)
		c.enum(q.field("status"), ch.Status)
		c.person(q.field("decided_by"), ch.DecidedBy)
		c.date(q.field("decided_on"), ch.DecidedOn)
		c.attributes(q, ch.Attributes)
	}
	for i := range x.Approvals {
		a := &x.Approvals[i]
		q := p.field("approvals").item(i)
		c.phase(q.field("gate"), a.Gate, true)
		c.text(q.field("role"), a.Role)
		c.person(q.field("by"), a.By)
		c.person(q.field("requested_by"), a.RequestedBy)
		c.enum(q.field("decision"), a.Decision)
		c.date(q.field("on"), a.On)
		c.text(q.field("comment"), a.Comment)
		c.attributes(q, a.Attributes)
	}
	for i := range x.Decisions {
		dc := &x.Decisions[i]
		q := list("decisions", i, dc.ID)
		c.required(q.field("title"), dc.Title)
		c.phase(q.field("gate"), dc.Gate, false)
		c.text(q.field("subject"), dc.Subject)
		c.enum(q.field("outcome"), dc.Outcome)
		for j, by := range dc.By {
			if by == "" {
				c.fail(q.field("by").item(j), "empty person id")
			} else {
				c.person(q.field("by").item(j), by)
			}
		}
		c.date(q.field("on"), dc.On)
		c.text(q.field("rationale"), dc.Rationale)
		c.attributes(q, dc.Attributes)
	}
	for i := range x.Benefits {
		b := &x.Benefits[i]
		q := list("benefits", i, b.ID)
		c.required(q.field("description"), b.Description)
		c.person(q.field("owner"), b.Owner)
		c.text(q.field("measure"), b.Measure)
		c.date(q.field("target_date"), b.TargetDate)
		c.enum(q.field("status"), b.Status)
		c.attributes(q, b.Attributes)
	}
	c.activities(p, x)
}

func (c *checker) risk(q *pathNode, r *Risk) {
	c.required(q.field("title"), r.Title)
	c.enum(q.field("kind"), r.Kind)
	c.text(q.field("category"), r.Category)
	c.person(q.field("owner"), r.Owner)
	c.probability(q.field("probability"), r.Probability)
	c.impact(q.field("impact"), r.Impact)
	c.impacts(q, r.Impact, r.Impacts)
	c.amount(q.field("cost_impact"), r.CostImpact)
	if cr := r.CostRange; cr != nil {
		rq := q.field("cost_range")
		okMin, okMax := c.amount(rq.field("min"), cr.Min), c.amount(rq.field("max"), cr.Max)
		if okMin && okMax && !cr.Min.IsZero() && !cr.Max.IsZero() {
			if cmp, err := cr.Min.Cmp(cr.Max); err != nil {
				c.failErr(rq, err)
			} else if cmp > 0 {
				c.fail(rq, "min %s is above max %s", cr.Min, cr.Max)
			}
		}
	}
	c.scheduleDays(q.field("schedule_impact_days"), r.ScheduleImpactDays, 0)
	if sr := r.ScheduleRangeDays; sr != nil {
		rq := q.field("schedule_range_days")
		if c.scheduleDays(rq.field("min"), sr.Min, 0) && c.scheduleDays(rq.field("max"), sr.Max, 0) && sr.Min > sr.Max {
			c.fail(rq, "min %v is above max %v", sr.Min, sr.Max)
		}
	}
	c.enum(q.field("response"), r.Response)
	c.enum(q.field("status"), r.Status)
	c.date(q.field("raised"), r.Raised)
	c.date(q.field("review_date"), r.ReviewDate)
	if res := r.Residual; res != nil {
		rq := q.field("residual")
		c.probability(rq.field("probability"), res.Probability)
		c.impact(rq.field("impact"), res.Impact)
		c.impacts(rq, res.Impact, res.Impacts)
		switch {
		case res.Impact != 0 && len(r.Impacts) > 0:
			c.fail(rq.field("impact"), "a single residual impact for a risk rated per dimension: give residual impacts")
		case len(res.Impacts) > 0 && r.Impact != 0:
			c.fail(rq.field("impacts"), "residual impacts per dimension for a risk with the single impact: give a residual impact")
		}
		c.amount(rq.field("cost_impact"), res.CostImpact)
	}
	c.attributes(q, r.Attributes)
}

func (c *checker) required(p *pathNode, s string) bool {
	if s == "" {
		c.fail(p, "missing required field")
		return false
	}
	return c.text(p, s)
}

func (c *checker) text(p *pathNode, s string) bool {
	if !utf8.ValidString(s) {
		c.fail(p, "invalid UTF-8 in %s", textcut.Quote(s))
		return false
	}
	return true
}

func (c *checker) id(p *pathNode, list, id string, seen map[string]int, i int) {
	if !c.required(p.field("id"), id) {
		return
	}
	if j, dup := seen[id]; dup {
		c.fail(p.field("id"), "duplicate id %s (first at %s[%d])", textcut.Quote(id), list, j)
		return
	}
	seen[id] = i
}

func (c *checker) person(p *pathNode, id string) {
	if id == "" {
		return
	}
	if _, ok := c.people[id]; !ok {
		c.fail(p, "unknown person %s", textcut.Quote(id))
	}
}

func (c *checker) phase(p *pathNode, phase string, required bool) {
	if phase == "" {
		if required {
			c.fail(p, "missing required field")
		}
		return
	}
	if !c.phases.Contains(phase) {
		c.fail(p, "phase %s is not in the lifecycle %v", textcut.Quote(phase), []string(c.phases))
	}
}

// enumValue is what every enum of the schema implements.
type enumValue interface {
	MarshalText() ([]byte, error)
	IsZero() bool
}

func (c *checker) enum(p *pathNode, v enumValue) {
	if _, err := v.MarshalText(); err != nil {
		c.fail(p, "invalid value: %v", trimPkg(err))
	}
}

func (c *checker) money(p *pathNode, m Money) bool {
	if m.IsZero() {
		return true
	}
	if !validCurrency(m.Currency) {
		c.fail(p, "invalid currency %s in %s (want three upper-case letters)", textcut.Quote(m.Currency), m.Amount)
		return false
	}
	return true
}

// span checks a start and a finish date of the record at p: each a valid
// date, and the finish not before the start when both are given.
func (c *checker) span(p *pathNode, startName string, start time.Time, finishName string, finish time.Time) {
	c.date(p.field(startName), start)
	c.date(p.field(finishName), finish)
	if !start.IsZero() && !finish.IsZero() && finish.Before(start) {
		c.fail(p.field(finishName), "%s %s is before %s %s", finishName, finish.Format(time.DateOnly), startName, start.Format(time.DateOnly))
	}
}

func (c *checker) date(p *pathNode, t time.Time) {
	if !t.IsZero() && (t.Year() < 0 || t.Year() > 9999) {
		c.fail(p, "date %s outside years 0..9999", t)
	}
}

func (c *checker) finite(p *pathNode, f float64) bool {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		c.fail(p, "invalid number %v (want a finite number)", f)
		return false
	}
	return true
}

func (c *checker) probability(p *pathNode, f float64) {
	if !(f >= 0 && f <= 1) {
		c.fail(p, "probability %v outside 0..1", f)
	}
}

func (c *checker) impact(p *pathNode, i int) {
	if i < 0 || i > MaxImpact {
		c.fail(p, "impact %d outside 1..%d (0 means not given)", i, MaxImpact)
	}
}

// MaxImpact is the largest ordinal impact of a risk, the number of impact
// levels of the largest risk matrix (risk.MaxLevels).
const MaxImpact = 20

// MaxDimensions is the largest number of consequence dimensions in a risk's
// impacts, the number of dimensions of the largest risk matrix
// (risk.MaxDimensions).
const MaxDimensions = 20

// impacts checks the consequences per dimension of a risk or a residual at
// p: not beside a single impact, at most MaxDimensions of them, each named
// (a non-empty word without surrounding spaces or control characters) and
// within 1..MaxImpact.
func (c *checker) impacts(p *pathNode, single int, m map[string]int) {
	if len(m) == 0 {
		return
	}
	ip := p.field("impacts")
	if single != 0 {
		c.fail(ip, "impact and impacts both given: give the single impact or one per dimension")
	}
	if len(m) > MaxDimensions {
		c.fail(ip, "%d dimensions, more than %d", len(m), MaxDimensions)
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		kp := ip.key(k)
		switch {
		case !c.text(kp, k):
		case strings.TrimSpace(k) == "":
			c.fail(kp, "empty dimension name")
		case strings.TrimSpace(k) != k:
			c.fail(kp, "dimension name %s has surrounding spaces", textcut.Quote(k))
		case strings.ContainsFunc(k, unicode.IsControl):
			c.fail(kp, "dimension name %s has a control character", textcut.Quote(k))
		case m[k] < 1 || m[k] > MaxImpact:
			c.fail(kp, "impact %d outside 1..%d", m[k], MaxImpact)
		}
	}
}

// MaxScheduleDays bounds every schedule figure in days, 36,500 (a hundred
// years): a risk's schedule_impact_days and schedule_range_days are within
// 0..MaxScheduleDays, a change's schedule_impact_days within
// -MaxScheduleDays..MaxScheduleDays (a change may shorten the schedule).
const MaxScheduleDays = 36500

// amount checks a money that cannot be negative: budgets, earned-value
// figures, a risk's cost impact and range.
func (c *checker) amount(p *pathNode, m Money) bool {
	if !c.money(p, m) {
		return false
	}
	if m.Amount.IsNegative() {
		c.fail(p, "negative amount %s (want 0 or more)", m)
		return false
	}
	return true
}

func (c *checker) scheduleDays(p *pathNode, f, lo float64) bool {
	if !c.finite(p, f) {
		return false
	}
	if f < lo || f > MaxScheduleDays {
		c.fail(p, "%v days outside %v..%d", f, lo, MaxScheduleDays)
		return false
	}
	return true
}

// attributes checks the attributes of the entity at p, in key order.
func (c *checker) attributes(p *pathNode, attrs map[string]any) {
	if scalarsOK(attrs) { // the common case, checked without sorting or paths
		return
	}
	for _, k := range slices.Sorted(maps.Keys(attrs)) {
		c.attribute(p.field("attributes").key(k), attrs[k], 0)
	}
}

// attribute accepts the JSON values (nil, bool, string, numbers, []any,
// map[string]any) that the writers can write and the reader reads back.
func (c *checker) attribute(p *pathNode, v any, depth int) {
	if depth > document.MaxDepth {
		c.fail(p, "nesting deeper than %d", document.MaxDepth)
		return
	}
	switch v := v.(type) {
	case nil, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
	case float32:
		c.finite(p, float64(v))
	case float64:
		c.finite(p, v)
	case string:
		c.text(p, v)
	case []any:
		for i, e := range v {
			if !scalarOK(e) { // a valid scalar needs no path: long lists allocate nothing
				c.attribute(p.item(i), e, depth+1)
			}
		}
	case map[string]any:
		if scalarsOK(v) {
			return
		}
		for _, k := range slices.Sorted(maps.Keys(v)) {
			c.attribute(p.key(k), v[k], depth+1)
		}
	default:
		c.fail(p, "unsupported attribute value of type %T (want a JSON value)", v)
	}
}

// scalarOK reports whether v is a valid attribute scalar; lists, maps and
// invalid scalars are for attribute to check.
func scalarOK(v any) bool {
	switch v := v.(type) {
	case nil, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return true
	case float64:
		return !math.IsNaN(v) && !math.IsInf(v, 0)
	case string:
		return utf8.ValidString(v)
	}
	return false
}

// scalarsOK reports whether every value of m is a valid attribute scalar
// (scalarOK): such a map has nothing for attribute to report.
func scalarsOK(m map[string]any) bool {
	for _, v := range m {
		if !scalarOK(v) {
			return false
		}
	}
	return true
}

func (p *pathNode) key(k string) *pathNode { return &pathNode{p, key(k)} }

// trimPkg drops the "pmo: " prefix of an error of this package, for use
// inside a FieldError that adds its own.
func trimPkg(err error) string {
	s := err.Error()
	if len(s) > 5 && s[:5] == "pmo: " {
		return s[5:]
	}
	return s
}
