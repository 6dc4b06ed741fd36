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
	"reflect"
	"sync"

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

// measure returns the size bounds of pf.
func measure(pf *pmo.Portfolio) dataSizes {
	var m sizeMeter
	m.walk(reflect.ValueOf(pf).Elem())
	phases := uint64(len(pf.Phases()))
	return dataSizes{
		portfolioList: roundUp(max(uint64(len(pf.Projects)), uint64(len(pf.People)), uint64(len(pf.Programs)))),
		list:          roundUp(max(m.list, phases)),
		str:           roundUp(m.str),
	}
}

func roundUp(n uint64) uint64 {
	if n <= 1 {
		return 1
	}
	return 1 << bits.Len64(n-1)
}

// sizeMeter records the longest list (or map) and string it walks. The
// portfolio's own lists of projects, people and programs are not counted as
// lists (they have their own bound); their elements are walked.
type sizeMeter struct {
	list, str uint64
	depth     int
}

// maxWalkDepth bounds the walk; deeper data (a cycle through attributes
// built in Go) counts as unbounded.
const maxWalkDepth = 64

func (m *sizeMeter) walk(v reflect.Value) {
	if m.depth > maxWalkDepth {
		m.list, m.str = 1<<62, 1<<62
		return
	}
	switch v.Kind() {
	case reflect.String:
		m.str = max(m.str, uint64(v.Len()))
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			m.depth++
			m.walk(v.Elem())
			m.depth--
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[pmo.Money]() {
			return
		}
		m.depth++
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				m.walk(v.Field(i))
			}
		}
		m.depth--
	case reflect.Slice, reflect.Array:
		if m.depth > 1 || v.Type().Elem().Kind() != reflect.Struct {
			m.list = max(m.list, uint64(v.Len()))
		}
		m.depth++
		for i := range v.Len() {
			m.walk(v.Index(i))
		}
		m.depth--
	case reflect.Map:
		m.list = max(m.list, uint64(v.Len()))
		m.depth++
		it := v.MapRange()
		for it.Next() {
			m.walk(it.Key())
			m.walk(it.Value())
		}
		m.depth--
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
	verdicts  sync.Map // dataSizes → bool: within the limit
}

// program returns the untracked program when the expression's worst case at
// sizes is within the limit, and nil otherwise.
func (b *budget) program(sizes dataSizes) cel.Program {
	if b == nil {
		return nil
	}
	ok, found := b.verdicts.Load(sizes)
	if !found {
		est, err := b.env.EstimateCost(b.ast, dataHints{sizes})
		ok = err == nil && est.Max <= b.limit
		b.verdicts.Store(sizes, ok)
	}
	if !ok.(bool) {
		return nil
	}
	prg, err := b.untracked()
	if err != nil {
		return nil
	}
	return prg
}
