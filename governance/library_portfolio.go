package governance

import (
	"sync"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"

	"github.com/pmokit/pmokit/pmo"

	"github.com/pmokit/pmokit/internal/textcut"
)

// The lifecycle and approval functions read the portfolio (its lifecycle, its
// people). Each is a member function of the portfolio, e.g.
// portfolio.phase_index('execution'); the global forms (phase_index(p),
// has_role(id, role), …) are macros that pass the portfolio variable.

// portfolioVal is the CEL value of the portfolio variable in an
// evaluation: the portfolio and its index by ID, which the role functions
// read instead of scanning portfolio.people for every approval. The index
// is built on first use, once per evaluation, and shared by its workers.
type portfolioVal struct {
	objRef[pmo.Portfolio]
	idx *portfolioIndex
}

func newPortfolioVal(pf *pmo.Portfolio) portfolioVal {
	return portfolioVal{objRef[pmo.Portfolio]{pf}, newPortfolioIndex(pf)}
}

// Equal implements ref.Val: the same portfolio, indexed or not.
func (v portfolioVal) Equal(other ref.Val) ref.Val {
	if o, ok := other.(portfolioVal); ok {
		return types.Bool(o.p == v.p)
	}
	return v.objRef.Equal(other)
}

// portfolioIndex finds the people, projects and programs of a portfolio by
// ID in constant time. Each map is built on its first lookup (safe for
// concurrent use); a duplicate ID (which pmo.ReadPortfolio rejects, but a
// portfolio built in Go may hold) keeps its first entity, as the linear
// lookups of pmo.Portfolio do.
type portfolioIndex struct {
	people   func() map[string]*pmo.Person
	projects func() map[string]*pmo.Project
	programs func() map[string]*pmo.Program
}

func newPortfolioIndex(pf *pmo.Portfolio) *portfolioIndex {
	return &portfolioIndex{
		people: sync.OnceValue(func() map[string]*pmo.Person { return indexByID(pf.People, func(p *pmo.Person) string { return p.ID }) }),
		projects: sync.OnceValue(func() map[string]*pmo.Project {
			return indexByID(pf.Projects, func(p *pmo.Project) string { return p.ID })
		}),
		programs: sync.OnceValue(func() map[string]*pmo.Program {
			return indexByID(pf.Programs, func(p *pmo.Program) string { return p.ID })
		}),
	}
}

func indexByID[E any](list []E, id func(*E) string) map[string]*E {
	m := make(map[string]*E, len(list))
	for i := range list {
		e := &list[i]
		if _, dup := m[id(e)]; !dup {
			m[id(e)] = e
		}
	}
	return m
}

// person returns the person with the given ID.
func (x *portfolioIndex) person(id string) (*pmo.Person, bool) {
	p, ok := x.people()[id]
	return p, ok
}

// portfolioRef is a portfolio argument of a function: the portfolio, and
// its index when the value is the evaluation's (nil for a portfolio value
// from elsewhere, looked up linearly).
type portfolioRef struct {
	*pmo.Portfolio
	idx *portfolioIndex
}

// Person returns the person with the given ID.
func (r portfolioRef) Person(id string) (*pmo.Person, bool) {
	if r.idx != nil {
		return r.idx.person(id)
	}
	return r.Portfolio.Person(id)
}

func portfolioArg(v ref.Val) (portfolioRef, bool) {
	switch o := v.(type) {
	case portfolioVal:
		return portfolioRef{o.p, o.idx}, true
	case objRef[pmo.Portfolio]:
		return portfolioRef{o.p, nil}, true
	}
	return portfolioRef{}, false
}

func phaseIndex(pf portfolioRef, phase ref.Val) (int, ref.Val) {
	s, ok := phase.(types.String)
	if !ok {
		return 0, types.MaybeNoSuchOverloadErr(phase)
	}
	l := pf.Phases()
	i := l.Index(string(s))
	if i < 0 {
		return 0, types.NewErr("governance: phase %s is not in the lifecycle %v", textcut.Quote(string(s)), []string(l))
	}
	return i, nil
}

func phaseCompare(test func(a, b int) bool) func(args ...ref.Val) ref.Val {
	return func(args ...ref.Val) ref.Val {
		if len(args) != 3 {
			return types.NewErr("governance: wrong number of arguments")
		}
		pf, ok := portfolioArg(args[0])
		if !ok {
			return types.MaybeNoSuchOverloadErr(args[0])
		}
		a, err := phaseIndex(pf, args[1])
		if err != nil {
			return err
		}
		b, err := phaseIndex(pf, args[2])
		if err != nil {
			return err
		}
		return types.Bool(test(a, b))
	}
}

func hasRole(pf portfolioRef, person, role string) bool {
	p, ok := pf.Person(person)
	return ok && p.HasRole(role)
}

// approvedBy returns the approved approvals of a project for a gate.
func approvedFor(p *pmo.Project, gate string, yield func(a *pmo.Approval) bool) {
	for i := range p.Approvals {
		a := &p.Approvals[i]
		if a.Gate == gate && a.Decision == pmo.ApprovalApproved {
			if !yield(a) {
				return
			}
		}
	}
}

func portfolioOptions() []cel.EnvOption {
	pfType := cel.ObjectType(portfolioTypeName)
	prjType := cel.ObjectType(projectTypeName)
	str := cel.StringType
	return []cel.EnvOption{
		cel.Function("phase_index",
			cel.MemberOverload("portfolio_phase_index_string", []*cel.Type{pfType, str}, cel.IntType,
				cel.BinaryBinding(func(pfv, phase ref.Val) ref.Val {
					pf, ok := portfolioArg(pfv)
					if !ok {
						return types.MaybeNoSuchOverloadErr(pfv)
					}
					i, err := phaseIndex(pf, phase)
					if err != nil {
						return err
					}
					return types.Int(i)
				}))),
		cel.Function("phase_at_or_after",
			cel.MemberOverload("portfolio_phase_at_or_after_string_string", []*cel.Type{pfType, str, str}, cel.BoolType,
				cel.FunctionBinding(phaseCompare(func(a, b int) bool { return a >= b })))),
		cel.Function("phase_before",
			cel.MemberOverload("portfolio_phase_before_string_string", []*cel.Type{pfType, str, str}, cel.BoolType,
				cel.FunctionBinding(phaseCompare(func(a, b int) bool { return a < b })))),
		cel.Function("has_role",
			cel.MemberOverload("portfolio_has_role_string_string", []*cel.Type{pfType, str, str}, cel.BoolType,
				cel.FunctionBinding(func(args ...ref.Val) ref.Val {
					pf, ok := portfolioArg(args[0])
					person, ok1 := args[1].(types.String)
					role, ok2 := args[2].(types.String)
					if !ok || !ok1 || !ok2 {
						return types.NewErr("governance: has_role: bad arguments")
					}
					return types.Bool(hasRole(pf, string(person), string(role)))
				}))),
		cel.Function("approved_by_role",
			cel.MemberOverload("portfolio_approved_by_role_project_string_string", []*cel.Type{pfType, prjType, str, str}, cel.BoolType,
				cel.FunctionBinding(func(args ...ref.Val) ref.Val {
					pf, ok := portfolioArg(args[0])
					prj, ok1 := args[1].(objRef[pmo.Project])
					gate, ok2 := args[2].(types.String)
					role, ok3 := args[3].(types.String)
					if !ok || !ok1 || !ok2 || !ok3 {
						return types.NewErr("governance: approved_by_role: bad arguments")
					}
					found := false
					approvedFor(prj.p, string(gate), func(a *pmo.Approval) bool {
						// The role field of an approval is a claim, not authority:
						// the approver must hold the role in portfolio.people, or be
						// the project's own sponsor when the role is sponsor.
						if hasRole(pf, a.By, string(role)) || (string(role) == "sponsor" && a.By != "" && a.By == prj.p.Sponsor) {
							found = true
							return false
						}
						return true
					})
					return types.Bool(found)
				}))),
		cel.Function("approvers",
			cel.Overload("approvers_project_string", []*cel.Type{prjType, str}, cel.ListType(str),
				cel.BinaryBinding(func(pv, gv ref.Val) ref.Val {
					prj, ok1 := pv.(objRef[pmo.Project])
					gate, ok2 := gv.(types.String)
					if !ok1 || !ok2 {
						return types.NewErr("governance: approvers: bad arguments")
					}
					var out []string
					seen := map[string]bool{}
					approvedFor(prj.p, string(gate), func(a *pmo.Approval) bool {
						if a.By != "" && !seen[a.By] {
							seen[a.By] = true
							out = append(out, a.By)
						}
						return true
					})
					return types.NewStringList(types.DefaultTypeAdapter, out)
				}))),
		cel.Function("segregated",
			cel.Overload("segregated_string_string", []*cel.Type{str, str}, cel.BoolType,
				cel.BinaryBinding(func(a, b ref.Val) ref.Val {
					x, ok1 := a.(types.String)
					y, ok2 := b.(types.String)
					if !ok1 || !ok2 {
						return types.MaybeNoSuchOverloadErr(b)
					}
					return types.Bool(x != "" && y != "" && x != y)
				}))),
	}
}
