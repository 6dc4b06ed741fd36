package governance

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"cel.dev/cel-go/common/types"
)

// The random expression generator of the differential tests
// (native_diff_test.go): well-typed CEL expressions over the pmo schema,
// the function library, a policy's variables and params, built to exercise
// every operator a native plan compiles and CEL's absorption of errors by
// &&, || and the comprehensions. It is deterministic: the same choices give
// the same policy, whether they come from a seeded PCG or from a fuzzer's
// bytes.

// genSource gives the generator its choices: from a PCG when rnd is set,
// else from data, one byte a choice, 0 once data is used up (0 is always
// the simplest choice, so an exhausted source ends the expression).
type genSource struct {
	rnd  *rand.Rand
	data []byte
	pos  int
}

func seededSource(seed uint64) *genSource {
	return &genSource{rnd: rand.New(rand.NewPCG(seed, seed^0x5deece66d))}
}

func bytesSource(data []byte) *genSource { return &genSource{data: data} }

// intn returns a choice in [0, n).
func (s *genSource) intn(n int) int {
	if n <= 1 {
		return 0
	}
	if s.rnd != nil {
		return s.rnd.IntN(n)
	}
	if s.pos >= len(s.data) {
		return 0
	}
	b := int(s.data[s.pos])
	s.pos++
	return b % n
}

// gkind is the kind of a generated expression's CEL type.
type gkind int

const (
	kBool gkind = iota
	kInt
	kDouble
	kString
	kTime
	kDur
	kMoney
	kThreshold // a money parameter
	kObj       // a schema struct
	kList
	kMap    // map(string, elem)
	kMapDyn // attributes: map(string, dyn)
)

// gtype is a generated expression's CEL type.
type gtype struct {
	k    gkind
	obj  string // kObj: the schema type's name
	elem *gtype // kList, kMap: the element (value) type
}

var (
	tBool   = gtype{k: kBool}
	tInt    = gtype{k: kInt}
	tDouble = gtype{k: kDouble}
	tString = gtype{k: kString}
	tTime   = gtype{k: kTime}
	tDur    = gtype{k: kDur}
	tMoney  = gtype{k: kMoney}
)

func tObj(name string) gtype    { return gtype{k: kObj, obj: name} }
func tList(e gtype) gtype       { return gtype{k: kList, elem: &e} }
func (t gtype) eq(u gtype) bool { return t.String() == u.String() }

func (t gtype) String() string {
	switch t.k {
	case kObj:
		return t.obj
	case kList:
		return "list(" + t.elem.String() + ")"
	case kMap:
		return "map(" + t.elem.String() + ")"
	}
	return [...]string{"bool", "int", "double", "string", "timestamp", "duration", "money", "threshold", "obj", "list", "map", "attributes"}[t.k]
}

// gtypeOf is the generator's view of a schema field's CEL type; false for
// a type it does not generate.
func gtypeOf(t *types.Type) (gtype, bool) {
	switch t.Kind() {
	case types.BoolKind:
		return tBool, true
	case types.IntKind:
		return tInt, true
	case types.DoubleKind:
		return tDouble, true
	case types.StringKind:
		return tString, true
	case types.TimestampKind:
		return tTime, true
	case types.DurationKind:
		return tDur, true
	case types.OpaqueKind:
		if t.TypeName() == moneyTypeName {
			return tMoney, true
		}
	case types.StructKind:
		if _, ok := schema().byName[t.TypeName()]; ok {
			return tObj(t.TypeName()), true
		}
	case types.ListKind:
		if e, ok := gtypeOf(t.Parameters()[0]); ok {
			return tList(e), true
		}
	case types.MapKind:
		v := t.Parameters()[1]
		if v.Kind() == types.DynKind {
			return gtype{k: kMapDyn}, true
		}
		if e, ok := gtypeOf(v); ok {
			return gtype{k: kMap, elem: &e}, true
		}
	}
	return gtype{}, false
}

// genField is one field of a schema struct.
type genField struct {
	name string
	t    gtype
}

// fieldsOf lists the fields of schema struct name that the generator uses,
// in schema order.
func fieldsOf(name string) []genField {
	st, ok := schema().byName[name]
	if !ok {
		return nil
	}
	var out []genField
	for _, n := range st.names {
		if t, ok := gtypeOf(st.fields[n].Type); ok {
			out = append(out, genField{n, t})
		}
	}
	return out
}

// genVar is a name in scope: a root variable, a comprehension's variable,
// a policy variable or a parameter.
type genVar struct {
	name string
	t    gtype
}

// exprGen generates the expressions of one policy.
type exprGen struct {
	src    *genSource
	scope  Scope
	vars   []genVar // innermost last: a later name shadows an earlier one
	nodes  int      // expression nodes generated so far (bounded)
	fields map[string][]genField
}

// maxGenNodes bounds one expression's size whatever the choices.
const maxGenNodes = 60

func newExprGen(src *genSource, scope Scope) *exprGen {
	g := &exprGen{src: src, scope: scope, fields: map[string][]genField{}}
	g.vars = append(g.vars, genVar{"portfolio", tObj(portfolioTypeName)}, genVar{"now", tTime})
	if scope != ScopePortfolio {
		g.vars = append(g.vars, genVar{"project", tObj(projectTypeName)})
	}
	switch scope {
	case ScopeChange:
		g.vars = append(g.vars, genVar{"change", tObj(changeTypeName)})
	case ScopeGate:
		g.vars = append(g.vars, genVar{"gate", tObj(gateTypeName)})
	}
	for _, p := range genParams() {
		g.vars = append(g.vars, genVar{"params." + p.Name, paramGType(p)})
	}
	return g
}

func (g *exprGen) fieldsOf(name string) []genField {
	f, ok := g.fields[name]
	if !ok {
		f = fieldsOf(name)
		g.fields[name] = f
	}
	return f
}

// genParams are the parameters every generated policy declares.
func genParams() []Param {
	return []Param{
		{Name: "p_num", Type: ParamNumber, Default: 0.1},
		{Name: "p_int", Type: ParamInt, Default: 3},
		{Name: "p_str", Type: ParamString, Default: "execution"},
		{Name: "p_bool", Type: ParamBool, Default: true},
		{Name: "p_money", Type: ParamMoney, Default: map[string]any{"USD": "250000", "EUR": "230000.50"}},
		{Name: "p_dur", Type: ParamDuration, Default: "14d"},
		{Name: "p_list", Type: ParamList, Default: []string{"execution", "closing", ""}},
		{Name: "p_map", Type: ParamMap, Of: ParamInt, Default: map[string]any{"green": 0, "amber": 1, "red": 2}},
	}
}

func paramGType(p Param) gtype {
	switch p.Type {
	case ParamNumber:
		return tDouble
	case ParamInt:
		return tInt
	case ParamString:
		return tString
	case ParamBool:
		return tBool
	case ParamMoney:
		return gtype{k: kThreshold}
	case ParamDuration:
		return tDur
	case ParamList:
		return tList(tString)
	}
	return gtype{k: kMap, elem: &tInt}
}

func (g *exprGen) pick(n int) int { return g.src.intn(n) }

// oneOf returns one of the strings.
func (g *exprGen) oneOf(ss ...string) string { return ss[g.pick(len(ss))] }

// visible returns the names in scope, a shadowed one only once (its
// innermost binding).
func (g *exprGen) visible() []genVar {
	var out []genVar
	seen := map[string]bool{}
	for i := len(g.vars) - 1; i >= 0; i-- {
		v := g.vars[i]
		if !seen[v.name] {
			seen[v.name] = true
			out = append(out, v)
		}
	}
	slices.Reverse(out)
	return out
}

// paths returns the expressions of type t reachable from the names in
// scope through at most three selects (through structs, never lists): from
// the comprehension variables two times in three when they reach t (so
// that bodies read their variable), else from the root variables, the
// policy variables and, one time in three, the parameters.
func (g *exprGen) paths(t gtype) []string {
	var out []string
	var walk func(expr string, et gtype, depth int)
	walk = func(expr string, et gtype, depth int) {
		if et.eq(t) {
			out = append(out, expr)
		}
		if et.k != kObj || depth == 0 {
			return
		}
		for _, f := range g.fieldsOf(et.obj) {
			walk(expr+"."+f.name, f.t, depth-1)
		}
	}
	vis := g.visible()
	if g.pick(3) != 0 {
		for _, v := range vis {
			if isIterVar(v.name) {
				walk(v.name, v.t, 3)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	params := g.pick(3) == 0
	for _, v := range vis {
		if !strings.HasPrefix(v.name, "params.") || params {
			walk(v.name, v.t, 3)
		}
	}
	if g.scope != ScopePortfolio && g.pick(4) == 0 { // they err without earned value, tolerances
		walk("ev(project)", tObj(evTypeName), 1)
		walk("tolerance(project)", tObj(toleranceCheckTypeName), 1)
	}
	if len(out) == 0 && !params {
		for _, v := range vis {
			if strings.HasPrefix(v.name, "params.") {
				walk(v.name, v.t, 0)
			}
		}
	}
	return out
}

func isIterVar(name string) bool { return slices.Contains(genVarNames, name) }

// path returns one expression of type t from the names in scope, or "".
func (g *exprGen) path(t gtype) string {
	ps := g.paths(t)
	if len(ps) == 0 {
		return ""
	}
	return ps[g.pick(len(ps))]
}

// the words of the literals: enum words, phases, roles, statuses and
// nonsense, so that comparisons hit and miss.
var genWords = []string{"", "open", "closed", "approved", "execution", "planning", "initiation", "closing",
	"sponsor", "project_manager", "green", "amber", "red", "high", "critical", "threat", "mitigate",
	"business_case", "submitted", "rejected", "USD", "EUR", "x", "P-001", "u-ceo", "délivery"}

// gen returns an expression of type t; d bounds its depth.
func (g *exprGen) gen(t gtype, d int) string {
	g.nodes++
	if g.nodes > maxGenNodes {
		d = 0
	}
	switch t.k {
	case kBool:
		return g.genBool(d)
	case kInt:
		return g.genInt(d)
	case kDouble:
		return g.genDouble(d)
	case kString:
		return g.genString(d)
	case kTime:
		return g.genTime(d)
	case kDur:
		return g.genDur(d)
	case kMoney:
		return g.genMoney(d)
	case kList:
		return g.genList(*t.elem, d)
	}
	if p := g.path(t); p != "" {
		return p
	}
	panic("generator: no expression of type " + t.String())
}

// leaf returns a path of type t (half the time, when there is one), else
// lit.
func (g *exprGen) leaf(t gtype, lit func() string) string {
	if g.pick(2) == 0 {
		if p := g.path(t); p != "" {
			return p
		}
	}
	return lit()
}

// orderable are the types with < <= > >=.
var orderable = []gtype{tInt, tDouble, tString, tTime, tDur, tMoney}

func (g *exprGen) genBool(d int) string {
	if d <= 0 {
		return g.leaf(tBool, func() string { return g.oneOf("true", "false") })
	}
	switch g.pick(32) {
	case 0, 1:
		return g.gen(tBool, d-1) + " && " + g.gen(tBool, d-1)
	case 2, 3:
		return g.gen(tBool, d-1) + " || " + g.gen(tBool, d-1)
	case 4:
		return "!(" + g.gen(tBool, d-1) + ")"
	case 5:
		return "(" + g.gen(tBool, d-1) + " ? " + g.gen(tBool, d-1) + " : " + g.gen(tBool, d-1) + ")"
	case 6, 7, 8:
		t := orderable[g.pick(len(orderable))]
		op := g.oneOf("==", "!=", "<", "<=", ">", ">=")
		return "(" + g.gen(t, d-1) + " " + op + " " + g.gen(t, d-1) + ")"
	case 9: // cross-type numeric comparison
		return "(" + g.gen(tInt, d-1) + " " + g.oneOf("<", ">=", ">", "<=") + " " + g.gen(tDouble, d-1) + ")"
	case 10: // threshold comparisons
		return "(" + g.gen(tMoney, d-1) + " " + g.oneOf("<", "<=", ">", ">=") + " " + g.threshold(d-1) + ")"
	case 11, 12, 13:
		return g.comprehension(d)
	case 14:
		if h := g.has(); h != "" {
			return h
		}
		return g.gen(tBool, d-1)
	case 15: // in
		switch g.pick(4) {
		case 0:
			return g.gen(tString, d-1) + " in " + g.genList(tString, d-1)
		case 1:
			return g.gen(tInt, d-1) + " in " + g.genList(tInt, d-1)
		case 2:
			if m := g.path(gtype{k: kMapDyn}); m != "" {
				return "'" + g.oneOf("region", "tier", "regulated", "tags", "x") + "' in " + m
			}
		}
		return "'" + g.oneOf("green", "amber", "strategic_fit", "x") + "' in " + g.oneOf("params.p_map", g.mapPath(tDouble))
	case 16: // host functions
		s := func() string { return g.gen(tString, d-1) }
		switch g.pick(6) {
		case 0:
			return "segregated(" + s() + ", " + s() + ")"
		case 1:
			return "has_role(" + s() + ", " + s() + ")"
		case 2:
			return "phase_before(" + s() + ", " + s() + ")"
		case 3:
			return "phase_at_or_after(" + s() + ", " + s() + ")"
		case 4:
			return "status_worse(" + s() + ", " + s() + ")"
		}
		return "params.p_money.has_currency(" + s() + ")"
	case 17: // attributes: dyn equality, a missing key is an error
		if m := g.path(gtype{k: kMapDyn}); m != "" {
			k := "'" + g.oneOf("region", "tier", "regulated", "x") + "'"
			switch g.pick(3) {
			case 0:
				return m + "[" + k + "] == " + g.oneOf("'EMEA'", "1", "true", "1.0", "null")
			case 1:
				return "has(" + m + "." + g.oneOf("region", "tier", "regulated") + ")"
			}
			return m + "[" + k + "] != " + g.gen(tString, d-1)
		}
		return g.gen(tBool, d-1)
	case 18: // the boolean errors: division by zero, overflow, absent date
		return g.erring(d)
	case 19:
		if p := g.path(tBool); p != "" {
			return p
		}
		return "params.p_bool"
	case 20: // size comparisons
		return "size(" + g.anyList(d-1) + ") " + g.oneOf("==", "<", ">=") + " " + g.genInt(0)
	case 21: // string functions
		fn := g.oneOf("startsWith", "endsWith", "contains")
		if g.pick(4) == 0 {
			return "(" + g.gen(tString, d-1) + ").matches('" + g.oneOf("^P-", "[0-9]$", "^$", "é") + "')"
		}
		return "(" + g.gen(tString, d-1) + ")." + fn + "(" + g.gen(tString, d-1) + ")"
	case 22: // cel.bind, its variable shadowing a comprehension's now and then
		return g.bindExpr(d, tBool)
	case 23: // equality of lists, of schema structs
		e, l := g.someList(d - 1)
		if e.k == kObj {
			v := genVarNames[g.pick(len(genVarNames))]
			g.vars = append(g.vars, genVar{v, e})
			other := g.gen(e, 0)
			g.vars = g.vars[:len(g.vars)-1]
			return l + ".exists(" + v + ", " + v + " " + g.oneOf("==", "!=") + " " + other + ")"
		}
		return "(" + l + " " + g.oneOf("==", "!=") + " " + g.genList(e, d-1) + ")"
	case 24: // comprehensions over maps (keys)
		// The data's maps and map parameters iterate in sorted key order
		// (sorted_map.go): any comprehension, any body, the order of the
		// keys observable (map(k, k)[0]). A map literal keeps cel-go's
		// order, Go's random one: over it only bodies that read only the
		// key and never err, with exists_one, which visits every key.
		v := genVarNames[g.pick(len(genVarNames))]
		if g.pick(4) == 0 {
			body := v + " " + g.oneOf("==", "!=", "<", ">=") + " '" + g.oneOf(genWords...) + "'"
			if g.pick(2) == 0 {
				body = v + "." + g.oneOf("startsWith", "endsWith", "contains") + "('" + g.oneOf("a", "s", "_", "") + "') " + g.oneOf("&&", "||") + " " + g.oneOf("true", "false", "size("+v+") > 4")
			}
			return "{'a': 1, 'b': 2}.exists_one(" + v + ", " + body + ")"
		}
		m := "params.p_map" // a data map, never a literal (mapPath's fallback)
		if p := g.path(gtype{k: kMap, elem: &tDouble}); p != "" && g.pick(2) == 0 {
			m = p
		}
		if g.pick(3) == 0 {
			return "(" + m + ".map(" + v + ", " + v + ")[0] " + g.oneOf("==", "!=", "<") + " '" + g.oneOf(genWords...) + "')"
		}
		g.vars = append(g.vars, genVar{v, tString})
		body := g.gen(tBool, d-1)
		g.vars = g.vars[:len(g.vars)-1]
		return m + "." + g.oneOf("exists", "all", "exists_one") + "(" + v + ", " + body + ")"
	case 25: // sets
		return g.oneOf("sets.contains(", "sets.intersects(", "sets.equivalent(") + g.genList(tString, d-1) + ", " + g.genList(tString, d-1) + ")"
	case 26: // the floating point predicates
		return g.oneOf("math.isNaN(", "math.isInf(", "math.isFinite(") + g.gen(tDouble, d-1) + ")"
	case 28: // equality of booleans, list indexes (out of range: an error)
		if g.pick(2) == 0 {
			return "(" + g.gen(tBool, d-1) + ") " + g.oneOf("==", "!=") + " (" + g.gen(tBool, d-1) + ")"
		}
		e, l := g.someList(d - 1)
		if e.k == kObj {
			fs := g.fieldsOf(e.obj)
			for _, f := range fs {
				if f.t.eq(tString) {
					return "(" + l + ")[" + g.oneOf("0", "1", "-1", "3", g.gen(tInt, 0)) + "]." + f.name + " == '" + g.oneOf(genWords...) + "'"
				}
			}
		}
		if e.k == kBool {
			return "(" + l + ")[" + g.oneOf("0", "1", g.gen(tInt, 0)) + "]"
		}
		return "size((" + l + ")[" + g.oneOf("0", "1", "2", g.gen(tInt, 0)) + "]" + " == " + "(" + l + ")[0] ? [1] : []) == 1"
	case 29: // a map's entries read as fields (a missing key is an error)
		switch g.pick(3) {
		case 0:
			if m := g.path(gtype{k: kMapDyn}); m != "" {
				return m + "." + g.oneOf("region", "tier", "regulated", "x") + " == " + g.oneOf("'EMEA'", "1", "true", "'x'")
			}
		case 1:
			return g.mapPath(tDouble) + "." + g.oneOf("strategic_fit", "job_size", "nope") + " > " + g.gen(tDouble, 0)
		}
		return "params.p_map." + g.oneOf("green", "red", "nope") + " " + g.oneOf("==", "<") + " " + g.gen(tInt, 0)
	case 27: // heterogeneous equality through dyn
		return "dyn(" + g.gen([]gtype{tInt, tDouble, tString}[g.pick(3)], d-1) + ") " + g.oneOf("==", "!=") + " " + g.gen([]gtype{tInt, tDouble, tString}[g.pick(3)], d-1)
	}
	return g.leaf(tBool, func() string { return g.oneOf("true", "false") })
}

// bindExpr returns cel.bind(v, init, body) with body of type t.
func (g *exprGen) bindExpr(d int, t gtype) string {
	it := []gtype{tInt, tString, tMoney, tBool, tDouble, tTime}[g.pick(6)]
	init := g.gen(it, d-1)
	v := genVarNames[g.pick(len(genVarNames))]
	g.vars = append(g.vars, genVar{v, it})
	body := g.gen(t, d-1)
	g.vars = g.vars[:len(g.vars)-1]
	return "cel.bind(" + v + ", " + init + ", " + body + ")"
}

// erring returns a boolean expression that errs on some subjects, under
// an operator that may absorb the error.
func (g *exprGen) erring(d int) string {
	e := ""
	switch g.pick(7) {
	case 0:
		e = "(" + g.gen(tInt, d-1) + " / " + g.oneOf("0", g.gen(tInt, 0)) + " > 0)"
	case 1:
		e = "(" + g.gen(tInt, d-1) + " % " + g.oneOf("0", g.gen(tInt, 0)) + " == 1)"
	case 2:
		e = "(9223372036854775807 + " + g.gen(tInt, d-1) + " > 0)"
	case 3:
		e = "(" + g.gen(tTime, 0) + " < now)"
	case 4:
		e = "(project.scores['" + g.oneOf("strategic_fit", "nope") + "'] > 1.0)"
		if g.scope == ScopePortfolio {
			e = "(params.p_map['" + g.oneOf("red", "nope") + "'] > 0)"
		}
	case 5:
		e = "(int(" + g.gen(tDouble, d-1) + ") > 0)"
	default:
		e = "(" + g.gen(tMoney, 0) + " < " + g.gen(tMoney, 0) + ")"
	}
	switch g.pick(5) {
	case 0:
		return g.gen(tBool, d-1) + " && " + e
	case 1:
		return e + " || " + g.gen(tBool, d-1)
	case 2:
		return "!" + e + " && " + g.gen(tBool, d-1)
	case 3:
		return g.comprehensionWith(d, func(d int) string { return g.gen(tBool, d) + " " + g.oneOf("&&", "||") + " " + e })
	}
	return e
}

// has returns a has() test of a field of a struct in scope, or "".
func (g *exprGen) has() string {
	var objs []string
	var ts []gtype
	for _, p := range g.pathsOfKind(kObj) {
		objs = append(objs, p.expr)
		ts = append(ts, p.t)
	}
	if len(objs) == 0 {
		return ""
	}
	i := g.pick(len(objs))
	fs := g.fieldsOf(ts[i].obj)
	if len(fs) == 0 {
		return ""
	}
	return "has(" + objs[i] + "." + fs[g.pick(len(fs))].name + ")"
}

type typedPath struct {
	expr string
	t    gtype
}

// pathsOfKind lists the paths (as paths does) whose type is of kind k.
func (g *exprGen) pathsOfKind(k gkind) []typedPath {
	var out []typedPath
	var walk func(expr string, et gtype, depth int)
	walk = func(expr string, et gtype, depth int) {
		if et.k == k {
			out = append(out, typedPath{expr, et})
		}
		if et.k != kObj || depth == 0 {
			return
		}
		for _, f := range g.fieldsOf(et.obj) {
			walk(expr+"."+f.name, f.t, depth-1)
		}
	}
	for _, v := range g.visible() {
		if strings.HasPrefix(v.name, "params.") || v.name == "now" {
			continue
		}
		walk(v.name, v.t, 2)
	}
	return out
}

// entityLists are the lists most rules iterate over.
var entityLists = []string{"risks", "milestones", "approvals", "changes", "issues", "documents", "benefits",
	"assumptions", "dependencies", "status_reports", "decisions", "projects", "people", "roles", "by"}

// lists returns the lists in scope (as pathsOfKind does); three times in
// four only the entity lists among them, when there are some.
func (g *exprGen) lists() []typedPath {
	all := g.pathsOfKind(kList)
	if g.pick(4) == 0 {
		return all
	}
	var out []typedPath
	for _, p := range all {
		i := strings.LastIndexByte(p.expr, '.')
		if i >= 0 && slices.Contains(entityLists, p.expr[i+1:]) {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return all
	}
	return out
}

// mapPath returns a map of elem type e in scope, or params.p_map.
func (g *exprGen) mapPath(e gtype) string {
	if p := g.path(gtype{k: kMap, elem: &e}); p != "" {
		return p
	}
	if e.eq(tDouble) {
		return "{'strategic_fit': 1.5, 'x': -0.0}"
	}
	return "params.p_map"
}

func (g *exprGen) threshold(d int) string {
	th := "params.p_money"
	switch g.pick(4) {
	case 0:
		return th + " * " + g.gen(tDouble, d)
	case 1:
		return th + " / " + g.oneOf("2", "0", "0.0", "3")
	}
	return th
}

// anyList returns a list expression of any element type.
func (g *exprGen) anyList(d int) string {
	_, l := g.someList(d)
	return l
}

// someList returns a list expression and its element type: a list field in
// scope (entity lists first), a literal, a filter or a map of one.
func (g *exprGen) someList(d int) (gtype, string) {
	lists := g.lists()
	if len(lists) > 0 && g.pick(4) != 0 {
		p := lists[g.pick(len(lists))]
		e := *p.t.elem
		switch {
		case d > 0 && g.pick(4) == 0:
			return e, p.expr + ".filter(" + g.bind(e, d, tBool) + ")"
		case d > 0 && g.pick(4) == 0:
			mt := []gtype{tInt, tDouble, tString, tMoney, tBool}[g.pick(5)]
			return mt, p.expr + ".map(" + g.bind(e, d, mt) + ")"
		}
		return e, p.expr
	}
	e := []gtype{tInt, tString, tDouble}[g.pick(3)]
	return e, g.genList(e, d)
}

// genList returns a list expression of element type e.
func (g *exprGen) genList(e gtype, d int) string {
	if p := g.path(tList(e)); p != "" && g.pick(3) == 0 {
		return p
	}
	if e.eq(tString) && g.pick(4) == 0 {
		if g.scope == ScopePortfolio {
			return g.oneOf("params.p_list", "portfolio.lifecycle", "portfolio.status_scale")
		}
		return g.oneOf("params.p_list", "portfolio.lifecycle", "approvers(project, 'execution')")
	}
	if d > 0 && g.pick(3) == 0 {
		// a map of an entity list to e
		lists := g.lists()
		if len(lists) > 0 {
			p := lists[g.pick(len(lists))]
			return p.expr + ".map(" + g.bind(*p.t.elem, d, e) + ")"
		}
	}
	n := g.pick(4)
	items := make([]string, n)
	for i := range items {
		items[i] = g.gen(e, min(d-1, 1))
	}
	return "[" + strings.Join(items, ", ") + "]"
}

// genVarNames are the comprehension variables: few, so that nested
// comprehensions shadow each other's.
var genVarNames = []string{"x", "y", "x"}

// bind returns "v, body" for a macro over a list of element type e, body
// of type bt with v in scope.
func (g *exprGen) bind(e gtype, d int, bt gtype) string {
	v := genVarNames[g.pick(len(genVarNames))]
	g.vars = append(g.vars, genVar{v, e})
	body := g.gen(bt, d-1)
	g.vars = g.vars[:len(g.vars)-1]
	return v + ", " + body
}

// comprehension returns exists, all or exists_one over a list.
func (g *exprGen) comprehension(d int) string {
	return g.comprehensionWith(d, func(d int) string { return g.gen(tBool, d) })
}

// comprehensionWith returns a boolean macro over a list whose body is
// body(depth) with the iteration variable in scope.
func (g *exprGen) comprehensionWith(d int, body func(int) string) string {
	e, l := g.someList(d - 1)
	v := genVarNames[g.pick(len(genVarNames))]
	g.vars = append(g.vars, genVar{v, e})
	b := body(d - 1)
	g.vars = g.vars[:len(g.vars)-1]
	return l + "." + g.oneOf("exists", "all", "exists_one", "exists", "all") + "(" + v + ", " + b + ")"
}

func (g *exprGen) genInt(d int) string {
	lit := func() string {
		return g.oneOf("0", "1", "2", "3", "-1", "5", "100", "9223372036854775807", "-9223372036854775807", "4611686018427387904",
			"(-9223372036854775807 - 1)", "9007199254740993", "-9007199254740993", "3037000500")
	}
	if d <= 0 {
		return g.leaf(tInt, lit)
	}
	i := func() string { return g.gen(tInt, d-1) }
	switch g.pick(19) {
	case 0, 1:
		return "(" + i() + " " + g.oneOf("+", "-", "*") + " " + i() + ")"
	case 2:
		return "(" + i() + " " + g.oneOf("/", "%") + " " + i() + ")"
	case 3:
		return "-(" + i() + ")"
	case 4:
		return "size(" + g.anyList(d-1) + ")"
	case 5:
		e, l := g.someList(d - 1)
		return "size(" + l + ".filter(" + g.bind(e, d, tBool) + "))"
	case 6:
		return "int(" + g.gen(tDouble, d-1) + ")"
	case 7:
		return "int(" + g.oneOf("'12'", "'-3'", g.leaf(tString, func() string { return "'7'" })) + ")"
	case 8:
		t := func() string { return g.gen(tTime, d-1) }
		switch g.pick(5) {
		case 0:
			return "days_since(" + t() + ")"
		case 1:
			return "days_until(" + t() + ")"
		case 2:
			return "working_days(" + t() + ", " + t() + ")"
		case 3:
			return "months_between(" + t() + ", " + t() + ")"
		}
		return "int(" + t() + ")"
	case 9:
		return g.oneOf("phase_index(", "status_index(") + g.gen(tString, d-1) + ")"
	case 10:
		return "(" + g.gen(tBool, d-1) + " ? " + i() + " : " + i() + ")"
	case 11:
		return "params.p_map['" + g.oneOf("green", "red", "nope") + "']"
	case 12:
		if g.scope != ScopePortfolio {
			if r := g.path(tObj("pmo.Risk")); r != "" {
				return "risk_impact(" + r + ")"
			}
		}
		return i()
	case 13:
		return "size(" + g.gen(tString, d-1) + ")"
	case 14:
		switch g.pick(3) {
		case 0:
			return "math.abs(" + i() + ")"
		case 1:
			return g.oneOf("math.greatest(", "math.least(") + i() + ", " + i() + ")"
		}
		return "size((" + g.genList(tString, d-1) + ").distinct())"
	case 15:
		t := "(" + g.gen(tTime, d-1) + ")"
		if g.pick(4) == 0 {
			return "(" + g.gen(tDur, d-1) + ")." + g.oneOf("getHours()", "getMinutes()", "getSeconds()", "getMilliseconds()")
		}
		return t + "." + g.oneOf("getFullYear()", "getMonth()", "getDayOfMonth()", "getDayOfWeek()", "getDayOfYear()",
			"getHours('America/New_York')", "getMinutes('+05:30')", "getDate('Asia/Tokyo')")
	case 16:
		return g.bindExpr(d, tInt)
	}
	return g.leaf(tInt, lit)
}

func (g *exprGen) genDouble(d int) string {
	lit := func() string {
		return g.oneOf("0.0", "1.5", "-2.25", "0.1", "1e308", "-1e308", "3.0", "1e-300",
			"9007199254740992.0", "9.223372036854776e18", "-9.223372036854776e18", "-0.0", "4.9e-324")
	}
	if d <= 0 {
		return g.leaf(tDouble, lit)
	}
	f := func() string { return g.gen(tDouble, d-1) }
	switch g.pick(14) {
	case 0, 1:
		return "(" + f() + " " + g.oneOf("+", "-", "*", "/") + " " + f() + ")"
	case 2:
		return "double(" + g.gen(tInt, d-1) + ")"
	case 3:
		return "double(" + g.oneOf("'1.5'", "'NaN'", "'-inf'", g.leaf(tString, func() string { return "'2.5'" })) + ")"
	case 4:
		return "(" + g.gen(tMoney, d-1) + ").amount()"
	case 5:
		return g.mapPath(tDouble) + "['" + g.oneOf("strategic_fit", "job_size", "nope") + "']"
	case 6:
		return "-(" + f() + ")"
	case 7:
		return "(" + g.gen(tBool, d-1) + " ? " + f() + " : " + f() + ")"
	case 8:
		return "(" + g.gen(tMoney, d-1) + " / " + g.gen(tMoney, d-1) + ")"
	case 9:
		if g.scope != ScopePortfolio {
			if r := g.path(tObj("pmo.Risk")); r != "" {
				return "risk_score(" + r + ")"
			}
		}
		return f()
	case 10:
		return g.oneOf("math.abs(", "math.ceil(", "math.floor(", "math.round(", "math.trunc(", "math.sqrt(", "math.sign(") + f() + ")"
	case 11:
		return g.oneOf("math.greatest(", "math.least(") + f() + ", " + f() + ")"
	}
	return g.leaf(tDouble, lit)
}

func (g *exprGen) genString(d int) string {
	lit := func() string { return "'" + g.oneOf(genWords...) + "'" }
	if d <= 0 {
		return g.leaf(tString, lit)
	}
	switch g.pick(12) {
	case 0:
		return "(" + g.gen(tString, d-1) + " + " + g.gen(tString, d-1) + ")"
	case 1:
		return "string(" + g.gen([]gtype{tInt, tDouble, tMoney, tTime, tDur, tBool}[g.pick(6)], d-1) + ")"
	case 2:
		return "(" + g.gen(tMoney, d-1) + ").currency()"
	case 3:
		return "(" + g.gen(tBool, d-1) + " ? " + g.gen(tString, d-1) + " : " + g.gen(tString, d-1) + ")"
	case 4:
		return "worst_status()"
	case 5:
		if g.scope != ScopePortfolio {
			if r := g.path(tObj("pmo.Risk")); r != "" {
				return g.oneOf("risk_rating(", "risk_dimension(") + r + ")"
			}
		}
		return "params.p_str"
	case 6:
		return "(" + g.gen(tString, d-1) + ")." + g.oneOf("lowerAscii()", "upperAscii()", "trim()")
	}
	return g.leaf(tString, lit)
}

func (g *exprGen) genTime(d int) string {
	lit := func() string {
		return g.oneOf("now", "timestamp('2026-01-01T00:00:00Z')", "date('2026-11-26')", "today()",
			"timestamp('0001-01-01T00:00:00Z')", "timestamp('9999-12-31T23:59:59Z')")
	}
	if d <= 0 {
		return g.leaf(tTime, lit)
	}
	switch g.pick(8) {
	case 0, 1:
		return "(" + g.gen(tTime, d-1) + " " + g.oneOf("+", "-") + " " + g.gen(tDur, d-1) + ")"
	case 2:
		return g.oneOf("add_months(", "add_working_days(") + g.gen(tTime, d-1) + ", " + g.gen(tInt, d-1) + ")"
	case 3:
		return g.oneOf("end_of_month(", "date_of(") + g.gen(tTime, d-1) + ")"
	case 4:
		return "(" + g.gen(tBool, d-1) + " ? " + g.gen(tTime, d-1) + " : " + g.gen(tTime, d-1) + ")"
	}
	return g.leaf(tTime, lit)
}

func (g *exprGen) genDur(d int) string {
	lit := func() string {
		return g.oneOf("duration('24h')", "duration('0s')", "duration('-1h')", "params.p_dur", "duration('2562047h')")
	}
	if d <= 0 {
		return g.leaf(tDur, lit)
	}
	switch g.pick(6) {
	case 0:
		return "days(" + g.gen(tInt, d-1) + ")"
	case 1:
		return "(" + g.gen(tTime, d-1) + " - " + g.gen(tTime, d-1) + ")"
	case 2:
		return "(" + g.gen(tDur, d-1) + " " + g.oneOf("+", "-") + " " + g.gen(tDur, d-1) + ")"
	}
	return g.leaf(tDur, lit)
}

func (g *exprGen) genMoney(d int) string {
	lit := func() string {
		return g.oneOf("money('1000000 USD')", "money('0 USD')", "money('-5.5 EUR')", "money('250000 GBP')",
			"money('99999999999999999999999.99 USD')", "money('0.01 JPY')")
	}
	if d <= 0 {
		return g.leaf(tMoney, lit)
	}
	m := func() string { return g.gen(tMoney, d-1) }
	switch g.pick(12) {
	case 0, 1:
		return "(" + m() + " " + g.oneOf("+", "-") + " " + m() + ")"
	case 2:
		return "(" + m() + " * " + g.gen([]gtype{tInt, tDouble}[g.pick(2)], d-1) + ")"
	case 3:
		return "(" + m() + " / " + g.gen([]gtype{tInt, tDouble}[g.pick(2)], d-1) + ")"
	case 4:
		return "-(" + m() + ")"
	case 5:
		return "money(" + g.gen([]gtype{tInt, tDouble}[g.pick(2)], d-1) + ", " + g.oneOf("'USD'", "'EUR'", g.leaf(tString, func() string { return "'GBP'" })) + ")"
	case 6, 7:
		lists := g.lists()
		if len(lists) > 0 {
			p := lists[g.pick(len(lists))]
			return p.expr + ".map(" + g.bind(*p.t.elem, d, tMoney) + ").sum()"
		}
	case 8:
		return "params.p_money.in_currency(" + g.gen(tString, d-1) + ")"
	case 9:
		return "(" + m() + " " + g.oneOf("+", "-") + " " + g.threshold(d-1) + ")"
	}
	return g.leaf(tMoney, lit)
}

// genPolicy returns a policy of scope project, portfolio or change with up
// to two variables, one to three rules (with a when, a message expression
// now and then) and sometimes a policy when.
func genPolicy(src *genSource, name string) *Policy {
	scope := []Scope{ScopeProject, ScopeProject, ScopeProject, ScopePortfolio, ScopeChange, ScopeGate}[src.intn(6)]
	g := newExprGen(src, scope)
	p := &Policy{Name: name, Scope: scope, Params: genParams()}
	depth := 2 + g.pick(3)
	for i := range g.pick(3) {
		t := []gtype{tBool, tInt, tDouble, tMoney, tString, tTime}[g.pick(6)]
		g.nodes = 0
		v := Variable{Name: fmt.Sprintf("v%d", i), Expression: g.gen(t, depth-1)}
		p.Variables = append(p.Variables, v)
		g.vars = append(g.vars, genVar{"variables." + v.Name, t})
	}
	if g.pick(5) == 0 {
		g.nodes = 0
		p.When = g.gen(tBool, depth-1)
	}
	for i := range 1 + g.pick(3) {
		r := Rule{ID: fmt.Sprintf("r%d", i)}
		if g.pick(4) == 0 {
			g.nodes = 0
			r.When = g.gen(tBool, depth-1)
		}
		g.nodes = 0
		r.Expression = g.gen(tBool, depth)
		if g.pick(5) == 0 {
			g.nodes = 0
			r.MessageExpression = g.gen(tString, 1)
		}
		p.Rules = append(p.Rules, r)
	}
	return p
}

// policyText is a policy's expressions, for failure messages.
func policyText(p *Policy) string {
	var b strings.Builder
	fmt.Fprintf(&b, "policy %s (scope %s)\n", p.Name, p.Scope)
	if p.When != "" {
		fmt.Fprintf(&b, "  when: %s\n", p.When)
	}
	for _, v := range p.Variables {
		fmt.Fprintf(&b, "  variables.%s: %s\n", v.Name, v.Expression)
	}
	for _, r := range p.Rules {
		fmt.Fprintf(&b, "  rule %s: %s\n", r.ID, r.Expression)
		if r.When != "" {
			fmt.Fprintf(&b, "    when: %s\n", r.When)
		}
		if r.MessageExpression != "" {
			fmt.Fprintf(&b, "    message_expression: %s\n", r.MessageExpression)
		}
	}
	return b.String()
}
