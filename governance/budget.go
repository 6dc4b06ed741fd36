package governance

// Runtime cost tracking, only where it is needed.
//
// cel-go's runtime cost tracker enforces the cost limit but allocates on
// every function call, which is most of the price of an evaluation. An
// expression whose worst-case cost on the portfolio at hand is provably
// within the limit needs no tracker: Evaluate measures the portfolio once
// (its longest list, map and string), estimates each expression's worst case
// at those sizes with cel-go's cost estimator (an upper bound of the runtime
// cost), and evaluates the expressions whose estimate is within the limit
// with an untracked program. The others, and every expression whose cost
// depends on something the measurement does not bound (a dyn value such as
// project.attributes, a policy variable, a list computed by a function), run
// with the tracker. The context still interrupts every evaluation.

import (
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

// dataSizes bounds the data reachable from the rule variables: the length
// of the portfolio's lists of projects, people and programs, of every other
// list or map, and of every string, each rounded up to a power of two.
// Attributes are not measured: no size read through an attributes map is
// bounded (see dataHints), so their contents never decide a verdict.
type dataSizes struct {
	portfolioList, list, str uint64
}

// measure returns the size bounds of pf: one pass over the portfolio,
// written out per type (a reflective walk costs as much as the evaluation it
// saves).
func measure(pf *pmo.Portfolio) dataSizes { return measureOn(pf, 1) }

// minMeasureShare is the fewest projects a goroutine of measureOn measures:
// below it, starting goroutines costs more than the walk.
const minMeasureShare = 256

// measureOn is measure with the projects split over up to workers
// goroutines, which Evaluate's workers would otherwise wait for: the
// measurement is the serial part of a parallel evaluation. None outlives
// the call.
func measureOn(pf *pmo.Portfolio, workers int) dataSizes {
	// Enumerations read as words of up to 16 bytes ("finish_to_finish").
	m := sizeMeter{str: longestEnumWord}
	m.strs(pf.ID, pf.Name, pf.Description, pf.Currency)
	m.strList(pf.Phases())
	m.strList(pf.Statuses())
	for i := range pf.People {
		p := &pf.People[i]
		m.strs(p.ID, p.Name, p.Email)
		m.strList(p.Roles)
	}
	for i := range pf.Programs {
		p := &pf.Programs[i]
		m.strs(p.ID, p.Name, p.Description, p.Manager, p.Sponsor)
	}
	m.projects(pf.Projects, workers)
	m.calendars(pf.Calendars) // library_schedule.go
	m.waivers(pf.Waivers)     // waivers.go
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
	var wg sync.WaitGroup
	for w := range parts {
		lo, hi := w*share, min((w+1)*share, len(ps))
		wg.Add(1)
		go func() {
			defer wg.Done()
			var part sizeMeter // local: parts[w] is written once, not per field
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
// schema, "finish_to_finish".
const longestEnumWord = 16

// sizeMeter records the longest list (or map) and string it sees.
type sizeMeter struct{ list, str uint64 }

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
	m.strs(p.ID, p.Name, p.Description, p.Program, p.Sponsor, p.Manager, p.Phase, string(p.Status))
	m.n(len(p.Scores))
	for k := range p.Scores {
		m.strs(k)
	}
	m.n(len(p.StatusReports))
	for i := range p.StatusReports {
		r := &p.StatusReports[i]
		m.strs(r.Summary, r.By, string(r.Status))
	}
	m.n(len(p.Documents))
	for i := range p.Documents {
		d := &p.Documents[i]
		m.strs(d.ID, d.Title, d.Kind, d.ApprovedBy, d.URL)
	}
	m.n(len(p.Milestones))
	for i := range p.Milestones {
		x := &p.Milestones[i]
		m.strs(x.ID, x.Name)
	}
	m.n(len(p.Risks))
	for i := range p.Risks {
		r := &p.Risks[i]
		m.strs(r.ID, r.Title, r.Category, r.Owner)
		m.impacts(r.Impacts)
		if r.Residual != nil {
			m.impacts(r.Residual.Impacts)
		}
	}
	m.n(len(p.Issues))
	for i := range p.Issues {
		x := &p.Issues[i]
		m.strs(x.ID, x.Title, x.Owner)
	}
	m.n(len(p.Assumptions))
	for i := range p.Assumptions {
		x := &p.Assumptions[i]
		m.strs(x.ID, x.Statement, x.Owner)
	}
	m.n(len(p.Dependencies))
	for i := range p.Dependencies {
		x := &p.Dependencies[i]
		m.strs(x.ID, x.On, x.Description)
	}
	m.n(len(p.Changes))
	for i := range p.Changes {
		x := &p.Changes[i]
		m.strs(x.ID, x.Title, x.RequestedBy, x.DecidedBy)
	}
	m.n(len(p.Approvals))
	for i := range p.Approvals {
		x := &p.Approvals[i]
		m.strs(x.Gate, x.Role, x.By, x.RequestedBy, x.Comment)
	}
	m.n(len(p.Decisions))
	for i := range p.Decisions {
		x := &p.Decisions[i]
		m.strs(x.ID, x.Title, x.Gate, x.Subject, x.Rationale)
		m.strList(x.By)
	}
	m.n(len(p.Benefits))
	for i := range p.Benefits {
		x := &p.Benefits[i]
		m.strs(x.ID, x.Description, x.Owner, x.Measure)
	}
	m.activities(p.Activities) // library_schedule.go
	m.stages(p)                // library_tolerance.go
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
