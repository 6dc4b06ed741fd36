package governance

import (
	"fmt"
	"reflect"
	"sync"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"

	"github.com/pmokit/pmokit/pmo"
)

// schemaTypes is the CEL view of the pmo schema: the object types of the
// structs with their fields, and the runtime type of money.
type schemaTypes struct {
	byName    map[string]*structType
	byGo      map[reflect.Type]*structType
	moneyType *types.Type
}

// schema returns the CEL view of the pmo schema. It is the package's only
// package-level value: built once, on first use, and never modified
// afterwards (a lazily computed constant, so that wrapping a struct needs
// no per-engine lookup and no allocation).
var schema = sync.OnceValue(buildSchema)

func schemaOf(t reflect.Type) *structType {
	if st, ok := schema().byGo[t]; ok {
		return st
	}
	return &structType{name: t.String(), typ: types.NewObjectType(t.String()), goType: t}
}

// The CEL names of the schema's object types.
const (
	portfolioTypeName = "pmo.Portfolio"
	projectTypeName   = "pmo.Project"
	changeTypeName    = "pmo.Change"
	gateTypeName      = "governance.Gate"
)

// fieldDef is one field of a schema struct.
type fieldDef struct {
	name string
	ft   *types.FieldType
	get  fieldGetter // the typed read of native plans (native.go); zero for most fields
}

// fieldGetter reads a scalar field of a schema struct as a Go value, for
// native plans: ok is false where the CEL getter returns an error (an
// absent date) or the object is not the struct. At most one is set.
type fieldGetter struct {
	str func(obj any) (string, bool)
	i   func(obj any) (int64, bool)
	d   func(obj any) (float64, bool)
	b   func(obj any) (bool, bool)
	ts  func(obj any) (time.Time, bool)
}

// typed returns g's reading of f as the getter of kind set by with.
func typed[T, V any](f fieldDef, g func(*T) V, with func(*fieldGetter, func(any) (V, bool))) fieldDef {
	with(&f.get, func(obj any) (V, bool) {
		p, ok := obj.(*T)
		if !ok || p == nil {
			var zero V
			return zero, false
		}
		return g(p), true
	})
	return f
}

// field declares a field of struct T with its CEL type, its presence test and
// its getter. The getter receives the native *T (the fast path of cel-go's
// field qualifier) and returns a ref.Val.
func field[T any](name string, t *types.Type, isSet func(*T) bool, get func(*T) (ref.Val, error)) fieldDef {
	typeName := reflect.TypeFor[T]().String()
	return fieldDef{name: name, ft: &types.FieldType{
		Type: t,
		IsSet: func(obj any) bool {
			p, ok := obj.(*T)
			return ok && isSet(p)
		},
		GetFrom: func(obj any) (any, error) {
			p, ok := obj.(*T)
			if !ok || p == nil {
				return nil, fieldError(obj, typeName, name)
			}
			return get(p)
		},
	}}
}

// attributesField is an entity's host-specific attributes: a map of dyn
// values (any JSON value), empty when absent.
func attributesField[T any](g func(*T) map[string]any) fieldDef {
	return field("attributes", types.NewMapType(types.StringType, types.DynType),
		func(p *T) bool { return len(g(p)) > 0 },
		func(p *T) (ref.Val, error) {
			return sortedOf(types.NewStringInterfaceMap(types.DefaultTypeAdapter, g(p))), nil
		})
}

// impactsField is a risk's (or a residual's) consequences per dimension: a
// map(string, int), empty when absent.
func impactsField[T any](g func(*T) map[string]int) fieldDef {
	return field("impacts", types.NewMapType(types.StringType, types.IntType),
		func(p *T) bool { return len(g(p)) > 0 },
		func(p *T) (ref.Val, error) { return sortedValue(types.DefaultTypeAdapter.NativeToValue(g(p))), nil })
}

// strField is a string field: absent reads as ”.
func strField[T any](name string, g func(*T) string) fieldDef {
	return typed(field(name, types.StringType,
		func(p *T) bool { return g(p) != "" },
		func(p *T) (ref.Val, error) { return types.String(g(p)), nil }),
		g, func(f *fieldGetter, get func(any) (string, bool)) { f.str = get })
}

// enumField is an enum field read as its word; absent reads as ”.
func enumField[T any, E interface {
	~int
	MarshalText() ([]byte, error)
}](name string, g func(*T) E) fieldDef {
	words := []ref.Val{types.String("")}
	for i := 1; ; i++ {
		s, err := E(i).MarshalText() // an error past the last word
		if err != nil {
			break
		}
		words = append(words, types.String(s))
	}
	word := func(p *T) string {
		v := int(g(p))
		if v < 0 || v >= len(words) {
			v = 0
		}
		return string(words[v].(types.String))
	}
	return typed(field(name, types.StringType,
		func(p *T) bool { return g(p) != 0 },
		func(p *T) (ref.Val, error) {
			v := int(g(p))
			if v < 0 || v >= len(words) {
				return words[0], nil
			}
			return words[v], nil
		}),
		word, func(f *fieldGetter, get func(any) (string, bool)) { f.str = get })
}

// boolField is a bool field: absent reads as false.
func boolField[T any](name string, g func(*T) bool) fieldDef {
	return typed(field(name, types.BoolType,
		func(p *T) bool { return g(p) },
		func(p *T) (ref.Val, error) { return types.Bool(g(p)), nil }),
		g, func(f *fieldGetter, get func(any) (bool, bool)) { f.b = get })
}

// intField is an int field: absent reads as 0.
func intField[T any](name string, g func(*T) int) fieldDef {
	return typed(field(name, types.IntType,
		func(p *T) bool { return g(p) != 0 },
		func(p *T) (ref.Val, error) { return types.Int(g(p)), nil }),
		func(p *T) int64 { return int64(g(p)) }, func(f *fieldGetter, get func(any) (int64, bool)) { f.i = get })
}

// doubleField is a float64 field: absent reads as 0.0.
func doubleField[T any](name string, g func(*T) float64) fieldDef {
	return typed(field(name, types.DoubleType,
		func(p *T) bool { return g(p) != 0 },
		func(p *T) (ref.Val, error) { return types.Double(g(p)), nil }),
		g, func(f *fieldGetter, get func(any) (float64, bool)) { f.d = get })
}

// timeField is a date field: has() tells whether it is set; reading an absent
// date is an evaluation error.
func timeField[T any](name string, g func(*T) time.Time) fieldDef {
	f := field(name, types.TimestampType,
		func(p *T) bool { return !g(p).IsZero() },
		func(p *T) (ref.Val, error) {
			t := g(p)
			if t.IsZero() {
				return nil, fmt.Errorf("%s is not set (test it with has())", name)
			}
			return types.Timestamp{Time: t}, nil
		})
	f.get.ts = func(obj any) (time.Time, bool) {
		p, ok := obj.(*T)
		if !ok || p == nil {
			return time.Time{}, false
		}
		t := g(p)
		return t, !t.IsZero()
	}
	return f
}

// moneyField is a money field: has() tells whether it is set; an absent
// amount reads as a zero without currency (see library_money.go).
func moneyField[T any](name string, g func(*T) *pmo.Money) fieldDef {
	return field(name, newMoneyType(),
		func(p *T) bool { return !g(p).IsZero() },
		func(p *T) (ref.Val, error) { return moneyRef{g(p)}, nil })
}

// structField is a nested struct held by value; has() tells whether any of
// its fields is set.
func structField[T, F any](name, typeName string, g func(*T) *F, isSet func(*F) bool) fieldDef {
	return field(name, types.NewObjectType(typeName),
		func(p *T) bool { return isSet(g(p)) },
		func(p *T) (ref.Val, error) { return objRef[F]{g(p)}, nil })
}

// ptrField is an optional nested struct; absent reads as an empty one.
func ptrField[T, F any](name, typeName string, g func(*T) *F) fieldDef {
	return field(name, types.NewObjectType(typeName),
		func(p *T) bool { return g(p) != nil },
		func(p *T) (ref.Val, error) {
			f := g(p)
			if f == nil {
				f = new(F)
			}
			return objRef[F]{f}, nil
		})
}

// listField is a list of schema structs; absent reads as [].
func listField[T, E any](name, elemTypeName string, g func(*T) *[]E) fieldDef {
	return field(name, types.NewListType(types.NewObjectType(elemTypeName)),
		func(p *T) bool { return len(*g(p)) > 0 },
		func(p *T) (ref.Val, error) { return sliceRef[E]{g(p)}, nil })
}

// stringsField is a list of strings; absent reads as [].
func stringsField[T any](name string, g func(*T) []string) fieldDef {
	return field(name, types.NewListType(types.StringType),
		func(p *T) bool { return len(g(p)) > 0 },
		func(p *T) (ref.Val, error) { return types.NewStringList(types.DefaultTypeAdapter, g(p)), nil })
}

func buildSchema() schemaTypes {
	s := schemaTypes{byName: map[string]*structType{}, byGo: map[reflect.Type]*structType{}, moneyType: newMoneyRuntimeType()}
	add := func(name string, goType reflect.Type, defs ...fieldDef) {
		st := &structType{name: name, typ: types.NewObjectType(name), goType: goType, fields: map[string]*types.FieldType{}, getters: map[string]fieldGetter{}}
		for _, d := range defs {
			st.fields[d.name] = d.ft
			st.getters[d.name] = d.get
			st.names = append(st.names, d.name)
		}
		s.byName[name] = st
		s.byGo[goType] = st
	}
	type (
		pf  = pmo.Portfolio
		per = pmo.Person
		prg = pmo.Program
		prj = pmo.Project
	)
	add(portfolioTypeName, reflect.TypeFor[pf](),
		strField("id", func(p *pf) string { return p.ID }),
		strField("name", func(p *pf) string { return p.Name }),
		strField("description", func(p *pf) string { return p.Description }),
		enumField("pmo_type", func(p *pf) pmo.Type { return p.PMOType }),
		strField("currency", func(p *pf) string { return p.Currency }),
		moneyField("budget", func(p *pf) *pmo.Money { return &p.Budget }),
		field("lifecycle", types.NewListType(types.StringType),
			func(p *pf) bool { return len(p.Lifecycle) > 0 },
			func(p *pf) (ref.Val, error) {
				return types.NewStringList(types.DefaultTypeAdapter, p.Phases()), nil
			}),
		field("status_scale", types.NewListType(types.StringType),
			func(p *pf) bool { return len(p.StatusScale) > 0 },
			func(p *pf) (ref.Val, error) {
				return types.NewStringList(types.DefaultTypeAdapter, p.Statuses()), nil
			}),
		listField("people", "pmo.Person", func(p *pf) *[]pmo.Person { return &p.People }),
		listField("programs", "pmo.Program", func(p *pf) *[]pmo.Program { return &p.Programs }),
		listField("projects", projectTypeName, func(p *pf) *[]pmo.Project { return &p.Projects }),
		listField("calendars", "pmo.Calendar", func(p *pf) *[]pmo.Calendar { return &p.Calendars }),
		listField("waivers", "pmo.Waiver", func(p *pf) *[]pmo.Waiver { return &p.Waivers }),
	)
	add("pmo.Person", reflect.TypeFor[per](),
		strField("id", func(p *per) string { return p.ID }),
		strField("name", func(p *per) string { return p.Name }),
		strField("email", func(p *per) string { return p.Email }),
		stringsField("roles", func(p *per) []string { return p.Roles }),
		attributesField(func(x *per) map[string]any { return x.Attributes }),
	)
	add("pmo.Program", reflect.TypeFor[prg](),
		strField("id", func(p *prg) string { return p.ID }),
		strField("name", func(p *prg) string { return p.Name }),
		strField("description", func(p *prg) string { return p.Description }),
		strField("manager", func(p *prg) string { return p.Manager }),
		strField("sponsor", func(p *prg) string { return p.Sponsor }),
		attributesField(func(x *prg) map[string]any { return x.Attributes }),
	)
	add(projectTypeName, reflect.TypeFor[prj](),
		strField("id", func(p *prj) string { return p.ID }),
		strField("name", func(p *prj) string { return p.Name }),
		strField("description", func(p *prj) string { return p.Description }),
		strField("program", func(p *prj) string { return p.Program }),
		strField("sponsor", func(p *prj) string { return p.Sponsor }),
		strField("manager", func(p *prj) string { return p.Manager }),
		strField("phase", func(p *prj) string { return p.Phase }),
		strField("status", func(p *prj) string { return string(p.Status) }),
		timeField("start", func(p *prj) time.Time { return p.Start }),
		timeField("finish", func(p *prj) time.Time { return p.Finish }),
		timeField("baseline_start", func(p *prj) time.Time { return p.BaselineStart }),
		timeField("baseline_finish", func(p *prj) time.Time { return p.BaselineFinish }),
		timeField("forecast_start", func(p *prj) time.Time { return p.ForecastStart }),
		timeField("forecast_finish", func(p *prj) time.Time { return p.ForecastFinish }),
		structField("budget", "pmo.Budget", func(p *prj) *pmo.Budget { return &p.Budget },
			func(b *pmo.Budget) bool { return !b.IsZero() }),
		ptrField("earned_value", "pmo.EarnedValue", func(p *prj) *pmo.EarnedValue { return p.EarnedValue }),
		ptrField("tolerances", "pmo.Tolerances", func(p *prj) *pmo.Tolerances { return p.Tolerances }),
		listField("stages", stageTypeName, func(p *prj) *[]pmo.Stage { return &p.Stages }),
		field("scores", types.NewMapType(types.StringType, types.DoubleType),
			func(p *prj) bool { return len(p.Scores) > 0 },
			func(p *prj) (ref.Val, error) {
				return sortedValue(types.DefaultTypeAdapter.NativeToValue(p.Scores)), nil
			}),
		attributesField(func(p *prj) map[string]any { return p.Attributes }),
		listField("status_reports", "pmo.StatusReport", func(p *prj) *[]pmo.StatusReport { return &p.StatusReports }),
		listField("documents", "pmo.Document", func(p *prj) *[]pmo.Document { return &p.Documents }),
		listField("milestones", "pmo.Milestone", func(p *prj) *[]pmo.Milestone { return &p.Milestones }),
		listField("risks", "pmo.Risk", func(p *prj) *[]pmo.Risk { return &p.Risks }),
		listField("issues", "pmo.Issue", func(p *prj) *[]pmo.Issue { return &p.Issues }),
		listField("assumptions", "pmo.Assumption", func(p *prj) *[]pmo.Assumption { return &p.Assumptions }),
		listField("dependencies", "pmo.Dependency", func(p *prj) *[]pmo.Dependency { return &p.Dependencies }),
		listField("changes", changeTypeName, func(p *prj) *[]pmo.Change { return &p.Changes }),
		listField("approvals", "pmo.Approval", func(p *prj) *[]pmo.Approval { return &p.Approvals }),
		listField("decisions", "pmo.Decision", func(p *prj) *[]pmo.Decision { return &p.Decisions }),
		listField("benefits", "pmo.Benefit", func(p *prj) *[]pmo.Benefit { return &p.Benefits }),
		listField("activities", activityTypeName, func(p *prj) *[]pmo.Activity { return &p.Activities }),
	)
	add("pmo.Budget", reflect.TypeFor[pmo.Budget](),
		moneyField("approved", func(b *pmo.Budget) *pmo.Money { return &b.Approved }),
		moneyField("forecast", func(b *pmo.Budget) *pmo.Money { return &b.Forecast }),
		moneyField("actual", func(b *pmo.Budget) *pmo.Money { return &b.Actual }),
	)
	add("pmo.EarnedValue", reflect.TypeFor[pmo.EarnedValue](),
		timeField("as_of", func(e *pmo.EarnedValue) time.Time { return e.AsOf }),
		moneyField("bac", func(e *pmo.EarnedValue) *pmo.Money { return &e.BAC }),
		moneyField("pv", func(e *pmo.EarnedValue) *pmo.Money { return &e.PV }),
		moneyField("ev", func(e *pmo.EarnedValue) *pmo.Money { return &e.EV }),
		moneyField("ac", func(e *pmo.EarnedValue) *pmo.Money { return &e.AC }),
	)
	add("pmo.StatusReport", reflect.TypeFor[pmo.StatusReport](),
		timeField("date", func(r *pmo.StatusReport) time.Time { return r.Date }),
		strField("status", func(r *pmo.StatusReport) string { return string(r.Status) }),
		strField("summary", func(r *pmo.StatusReport) string { return r.Summary }),
		strField("by", func(r *pmo.StatusReport) string { return r.By }),
		attributesField(func(x *pmo.StatusReport) map[string]any { return x.Attributes }),
	)
	add("pmo.Document", reflect.TypeFor[pmo.Document](),
		strField("id", func(d *pmo.Document) string { return d.ID }),
		strField("title", func(d *pmo.Document) string { return d.Title }),
		strField("kind", func(d *pmo.Document) string { return d.Kind }),
		enumField("status", func(d *pmo.Document) pmo.DocumentStatus { return d.Status }),
		strField("approved_by", func(d *pmo.Document) string { return d.ApprovedBy }),
		timeField("approved_on", func(d *pmo.Document) time.Time { return d.ApprovedOn }),
		strField("url", func(d *pmo.Document) string { return d.URL }),
		attributesField(func(x *pmo.Document) map[string]any { return x.Attributes }),
	)
	add("pmo.Milestone", reflect.TypeFor[pmo.Milestone](),
		strField("id", func(m *pmo.Milestone) string { return m.ID }),
		strField("name", func(m *pmo.Milestone) string { return m.Name }),
		timeField("due", func(m *pmo.Milestone) time.Time { return m.Due }),
		boolField("done", func(m *pmo.Milestone) bool { return m.Done }),
		timeField("done_on", func(m *pmo.Milestone) time.Time { return m.DoneOn }),
		timeField("baseline_start", func(m *pmo.Milestone) time.Time { return m.BaselineStart }),
		timeField("baseline_finish", func(m *pmo.Milestone) time.Time { return m.BaselineFinish }),
		timeField("forecast_start", func(m *pmo.Milestone) time.Time { return m.ForecastStart }),
		timeField("forecast_finish", func(m *pmo.Milestone) time.Time { return m.ForecastFinish }),
		attributesField(func(x *pmo.Milestone) map[string]any { return x.Attributes }),
	)
	add("pmo.Risk", reflect.TypeFor[pmo.Risk](),
		strField("id", func(r *pmo.Risk) string { return r.ID }),
		strField("title", func(r *pmo.Risk) string { return r.Title }),
		field("kind", types.StringType,
			func(r *pmo.Risk) bool { return r.Kind != 0 },
			func(r *pmo.Risk) (ref.Val, error) {
				if r.Kind == 0 { // not set reads as a threat (pmo.Risk)
					return types.String(pmo.Threat.String()), nil
				}
				return types.String(r.Kind.String()), nil
			}),
		strField("category", func(r *pmo.Risk) string { return r.Category }),
		strField("owner", func(r *pmo.Risk) string { return r.Owner }),
		doubleField("probability", func(r *pmo.Risk) float64 { return r.Probability }),
		intField("impact", func(r *pmo.Risk) int { return r.Impact }),
		impactsField(func(r *pmo.Risk) map[string]int { return r.Impacts }),
		moneyField("cost_impact", func(r *pmo.Risk) *pmo.Money { return &r.CostImpact }),
		ptrField("cost_range", "pmo.MoneyRange", func(r *pmo.Risk) *pmo.MoneyRange { return r.CostRange }),
		doubleField("schedule_impact_days", func(r *pmo.Risk) float64 { return r.ScheduleImpactDays }),
		ptrField("schedule_range_days", "pmo.DaysRange", func(r *pmo.Risk) *pmo.DaysRange { return r.ScheduleRangeDays }),
		enumField("response", func(r *pmo.Risk) pmo.Response { return r.Response }),
		enumField("status", func(r *pmo.Risk) pmo.RiskStatus { return r.Status }),
		timeField("raised", func(r *pmo.Risk) time.Time { return r.Raised }),
		timeField("review_date", func(r *pmo.Risk) time.Time { return r.ReviewDate }),
		ptrField("residual", "pmo.Residual", func(r *pmo.Risk) *pmo.Residual { return r.Residual }),
		attributesField(func(x *pmo.Risk) map[string]any { return x.Attributes }),
	)
	add("pmo.MoneyRange", reflect.TypeFor[pmo.MoneyRange](),
		moneyField("min", func(r *pmo.MoneyRange) *pmo.Money { return &r.Min }),
		moneyField("max", func(r *pmo.MoneyRange) *pmo.Money { return &r.Max }),
	)
	add("pmo.DaysRange", reflect.TypeFor[pmo.DaysRange](),
		doubleField("min", func(r *pmo.DaysRange) float64 { return r.Min }),
		doubleField("max", func(r *pmo.DaysRange) float64 { return r.Max }),
	)
	add("pmo.Residual", reflect.TypeFor[pmo.Residual](),
		doubleField("probability", func(r *pmo.Residual) float64 { return r.Probability }),
		intField("impact", func(r *pmo.Residual) int { return r.Impact }),
		impactsField(func(r *pmo.Residual) map[string]int { return r.Impacts }),
		moneyField("cost_impact", func(r *pmo.Residual) *pmo.Money { return &r.CostImpact }),
	)
	add("pmo.Issue", reflect.TypeFor[pmo.Issue](),
		strField("id", func(i *pmo.Issue) string { return i.ID }),
		strField("title", func(i *pmo.Issue) string { return i.Title }),
		enumField("severity", func(i *pmo.Issue) pmo.Severity { return i.Severity }),
		strField("owner", func(i *pmo.Issue) string { return i.Owner }),
		enumField("status", func(i *pmo.Issue) pmo.IssueStatus { return i.Status }),
		timeField("opened", func(i *pmo.Issue) time.Time { return i.Opened }),
		timeField("due", func(i *pmo.Issue) time.Time { return i.Due }),
		timeField("closed", func(i *pmo.Issue) time.Time { return i.Closed }),
		attributesField(func(x *pmo.Issue) map[string]any { return x.Attributes }),
	)
	add("pmo.Assumption", reflect.TypeFor[pmo.Assumption](),
		strField("id", func(a *pmo.Assumption) string { return a.ID }),
		strField("statement", func(a *pmo.Assumption) string { return a.Statement }),
		strField("owner", func(a *pmo.Assumption) string { return a.Owner }),
		enumField("status", func(a *pmo.Assumption) pmo.AssumptionStatus { return a.Status }),
		timeField("validate_by", func(a *pmo.Assumption) time.Time { return a.ValidateBy }),
		attributesField(func(x *pmo.Assumption) map[string]any { return x.Attributes }),
	)
	add("pmo.Dependency", reflect.TypeFor[pmo.Dependency](),
		strField("id", func(d *pmo.Dependency) string { return d.ID }),
		strField("on", func(d *pmo.Dependency) string { return d.On }),
		enumField("type", func(d *pmo.Dependency) pmo.DependencyType { return d.Type }),
		timeField("needed_by", func(d *pmo.Dependency) time.Time { return d.NeededBy }),
		strField("description", func(d *pmo.Dependency) string { return d.Description }),
		attributesField(func(x *pmo.Dependency) map[string]any { return x.Attributes }),
	)
	add(changeTypeName, reflect.TypeFor[pmo.Change](),
		strField("id", func(c *pmo.Change) string { return c.ID }),
		strField("title", func(c *pmo.Change) string { return c.Title }),
		strField("requested_by", func(c *pmo.Change) string { return c.RequestedBy }),
		timeField("requested", func(c *pmo.Change) time.Time { return c.Requested }),
		moneyField("cost_impact", func(c *pmo.Change) *pmo.Money { return &c.CostImpact }),
		doubleField("schedule_impact_days", func(c *pmo.Change) float64 { return c.ScheduleImpactDays }),
		enumField("status", func(c *pmo.Change) pmo.ChangeStatus { return c.Status }),
		strField("decided_by", func(c *pmo.Change) string { return c.DecidedBy }),
		timeField("decided_on", func(c *pmo.Change) time.Time { return c.DecidedOn }),
		attributesField(func(x *pmo.Change) map[string]any { return x.Attributes }),
	)
	add("pmo.Approval", reflect.TypeFor[pmo.Approval](),
		strField("gate", func(a *pmo.Approval) string { return a.Gate }),
		strField("role", func(a *pmo.Approval) string { return a.Role }),
		strField("by", func(a *pmo.Approval) string { return a.By }),
		strField("requested_by", func(a *pmo.Approval) string { return a.RequestedBy }),
		enumField("decision", func(a *pmo.Approval) pmo.ApprovalDecision { return a.Decision }),
		timeField("on", func(a *pmo.Approval) time.Time { return a.On }),
		strField("comment", func(a *pmo.Approval) string { return a.Comment }),
		attributesField(func(x *pmo.Approval) map[string]any { return x.Attributes }),
	)
	add("pmo.Decision", reflect.TypeFor[pmo.Decision](),
		strField("id", func(d *pmo.Decision) string { return d.ID }),
		strField("title", func(d *pmo.Decision) string { return d.Title }),
		strField("gate", func(d *pmo.Decision) string { return d.Gate }),
		strField("subject", func(d *pmo.Decision) string { return d.Subject }),
		enumField("outcome", func(d *pmo.Decision) pmo.Outcome { return d.Outcome }),
		stringsField("by", func(d *pmo.Decision) []string { return d.By }),
		timeField("on", func(d *pmo.Decision) time.Time { return d.On }),
		strField("rationale", func(d *pmo.Decision) string { return d.Rationale }),
		attributesField(func(x *pmo.Decision) map[string]any { return x.Attributes }),
	)
	add("pmo.Benefit", reflect.TypeFor[pmo.Benefit](),
		strField("id", func(b *pmo.Benefit) string { return b.ID }),
		strField("description", func(b *pmo.Benefit) string { return b.Description }),
		strField("owner", func(b *pmo.Benefit) string { return b.Owner }),
		strField("measure", func(b *pmo.Benefit) string { return b.Measure }),
		field("target", types.DoubleType,
			func(b *pmo.Benefit) bool { return !b.Target.IsZero() },
			func(b *pmo.Benefit) (ref.Val, error) { return types.Double(b.Target.InexactFloat64()), nil }),
		timeField("target_date", func(b *pmo.Benefit) time.Time { return b.TargetDate }),
		enumField("status", func(b *pmo.Benefit) pmo.BenefitStatus { return b.Status }),
		attributesField(func(x *pmo.Benefit) map[string]any { return x.Attributes }),
	)
	add(gateTypeName, reflect.TypeFor[gateInfo](),
		strField("from", func(g *gateInfo) string { return g.From }),
		strField("to", func(g *gateInfo) string { return g.To }),
	)
	add(evTypeName, reflect.TypeFor[evFigures](), evFields()...)
	addScheduleTypes(add)                                               // library_schedule.go
	addToleranceTypes(add)                                              // library_tolerance.go
	add("pmo.Waiver", reflect.TypeFor[pmo.Waiver](), waiverFields()...) // waivers.go
	return s
}

// gateInfo is the gate variable of gate-scope rules: the project's current
// phase and the phase it asks to enter.
type gateInfo struct{ From, To string }

// nativeSchemaValue wraps a pointer to a schema struct (or a Money) as a CEL
// value.
func nativeSchemaValue(v any) (ref.Val, bool) {
	switch x := v.(type) {
	case *pmo.Portfolio:
		return objRef[pmo.Portfolio]{x}, true
	case *pmo.Project:
		return objRef[pmo.Project]{x}, true
	case *pmo.Change:
		return objRef[pmo.Change]{x}, true
	case *pmo.Risk:
		return objRef[pmo.Risk]{x}, true
	case *pmo.Person:
		return objRef[pmo.Person]{x}, true
	case *pmo.Approval:
		return objRef[pmo.Approval]{x}, true
	case *gateInfo:
		return objRef[gateInfo]{x}, true
	case pmo.Money:
		return moneyRef{&x}, true
	case *pmo.Money:
		return moneyRef{x}, true
	}
	return nil, false
}
