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
	"sync"
	"sync/atomic"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/cost"
	"cel.dev/cel-go/common/types"

	"github.com/pmokit/pmokit/pmo"
)

// dataSizes bounds the data reachable from the rule variables: the length
// of the portfolio's lists of projects, people and programs, of every other
// list or map, and of every string, each rounded up to a power of two.
type dataSizes struct {
	portfolioList, list, str uint64
}

// measure returns the size bounds of pf: one pass over the portfolio,
// written out per type (a reflective walk costs as much as the evaluation it
// saves).
func measure(pf *pmo.Portfolio) dataSizes {
	// Enumerations read as words of up to 16 bytes ("finish_to_finish").
	m := sizeMeter{str: longestEnumWord}
	m.strs(pf.ID, pf.Name, pf.Description, pf.Currency)
	m.strList(pf.Phases())
	for i := range pf.People {
		p := &pf.People[i]
		m.strs(p.ID, p.Name, p.Email)
		m.strList(p.Roles)
	}
	for i := range pf.Programs {
		p := &pf.Programs[i]
		m.strs(p.ID, p.Name, p.Description, p.Manager, p.Sponsor)
	}
	for i := range pf.Projects {
		m.project(&pf.Projects[i])
	}
	m.calendars(pf.Calendars) // library_schedule.go
	return dataSizes{
		portfolioList: roundUp(max(uint64(len(pf.Projects)), uint64(len(pf.People)), uint64(len(pf.Programs)))),
		list:          roundUp(m.list),
		str:           roundUp(m.str),
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

func (m *sizeMeter) project(p *pmo.Project) {
	m.strs(p.ID, p.Name, p.Description, p.Program, p.Sponsor, p.Manager, p.Phase)
	m.n(len(p.Scores))
	for k := range p.Scores {
		m.strs(k)
	}
	m.n(len(p.Attributes))
	for k, v := range p.Attributes {
		m.strs(k)
		m.any(v, 0)
	}
	m.n(len(p.StatusReports))
	for _, r := range p.StatusReports {
		m.strs(r.Summary, r.By)
	}
	m.n(len(p.Documents))
	for _, d := range p.Documents {
		m.strs(d.ID, d.Title, d.Kind, d.ApprovedBy, d.URL)
	}
	m.n(len(p.Milestones))
	for _, x := range p.Milestones {
		m.strs(x.ID, x.Name)
	}
	m.n(len(p.Risks))
	for _, r := range p.Risks {
		m.strs(r.ID, r.Title, r.Category, r.Owner)
	}
	m.n(len(p.Issues))
	for _, x := range p.Issues {
		m.strs(x.ID, x.Title, x.Owner)
	}
	m.n(len(p.Assumptions))
	for _, x := range p.Assumptions {
		m.strs(x.ID, x.Statement, x.Owner)
	}
	m.n(len(p.Dependencies))
	for _, x := range p.Dependencies {
		m.strs(x.ID, x.On, x.Description)
	}
	m.n(len(p.Changes))
	for _, x := range p.Changes {
		m.strs(x.ID, x.Title, x.RequestedBy, x.DecidedBy)
	}
	m.n(len(p.Approvals))
	for _, x := range p.Approvals {
		m.strs(x.Gate, x.Role, x.By, x.RequestedBy, x.Comment)
	}
	m.n(len(p.Decisions))
	for _, x := range p.Decisions {
		m.strs(x.ID, x.Title, x.Gate, x.Subject, x.Rationale)
		m.strList(x.By)
	}
	m.n(len(p.Benefits))
	for _, x := range p.Benefits {
		m.strs(x.ID, x.Description, x.Owner, x.Measure)
	}
	m.activities(p.Activities) // library_schedule.go
}

// maxValueDepth bounds the walk of attribute values; deeper values (or a
// cycle built in Go) count as unbounded.
const maxValueDepth = 32

// any measures an attribute value (JSON-like data).
func (m *sizeMeter) any(v any, depth int) {
	if depth > maxValueDepth {
		m.list, m.str = 1<<62, 1<<62
		return
	}
	switch x := v.(type) {
	case string:
		m.strs(x)
	case []any:
		m.n(len(x))
		for _, e := range x {
			m.any(e, depth+1)
		}
	case map[string]any:
		m.n(len(x))
		for k, e := range x {
			m.strs(k)
			m.any(e, depth+1)
		}
	case []string:
		m.strList(x)
	}
}

// dataHints is the cost estimator at measured sizes. It answers only for
// values read from the schema variables (a path rooted in portfolio,
// project, change or gate) and for money; for anything else (computed
// lists, dyn values, variables.<name>) it leaves the size unknown, which
// makes the estimate unbounded.
type dataHints struct{ sizes dataSizes }

// EstimateSize implements cost.Estimator.
func (h dataHints) EstimateSize(n cost.AstNode) *cost.SizeEstimate {
	t := n.Type()
	if t == nil {
		return nil
	}
	if t.Kind() == types.OpaqueKind && t.TypeName() == moneyTypeName {
		return &cost.SizeEstimate{Min: 1, Max: 1}
	}
	path := n.Path()
	if len(path) == 0 {
		return nil
	}
	switch path[0] {
	case "portfolio", "project", "change", "gate":
	default:
		return nil
	}
	switch t.Kind() {
	case types.ListKind, types.MapKind:
		if path[len(path)-1] == "attributes" {
			return nil // dyn values of any size
		}
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
	verdicts  sync.Map                // dataSizes → cel.Program (nil: tracked)
	last      atomic.Pointer[verdict] // the verdict for the sizes seen last
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
		est, err := b.env.EstimateCost(b.ast, dataHints{sizes})
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
