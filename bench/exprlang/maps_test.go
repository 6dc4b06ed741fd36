package exprlang

import (
	"encoding"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
	"github.com/shopspring/decimal"

	"github.com/pmokit/pmokit/pmo"
)

// mapRules returns celRules in expr-lang over the portfolio as plain maps
// (toMap): JSON names, enums as words, as a host without typed structs
// would hand data to expr-lang. Each rule means what its exprRules twin
// means (see there); the money operators are function calls, as the
// checker does not know the maps' values are money.
func mapRules() []string {
	return []string{
		`project.sponsor != ""`,
		`project.manager != ""`,
		`project.phase != "execution" || any(project.approvals, .gate == "execution" && .role == "sponsor" && .decision == "approved")`,
		`!has(project.budget.forecast) || !has(project.budget.approved) || moneyLessOrEqual(project.budget.forecast, moneyTimes(project.budget.approved, 1.1))`,
		`all(filter(project.risks, .status == "open" && .impact >= 4), .owner != "")`,
		`all(filter(project.risks, .status == "open" && .probability * .impact >= 2.0), .response != "")`,
		`all(project.milestones, .done || !has(.due) || .due >= now)`,
		`project.status != "red" || any(project.issues, .status == "open")`,
		`project.phase == "initiation" || any(project.status_reports, has(.date) && daysBetween(.date, now) <= 30) || (any(project.status_reports, !has(.date)) && unset("status_reports.date"))`,
		`all(project.changes, .status != "approved" || segregated(.requested_by, .decided_by))`,
		`all(project.approvals, .requested_by == "" || .requested_by != .by)`,
		`project.phase == "initiation" || any(project.documents, .kind == "business_case" && .status == "approved")`,
		`moneyLessOrEqual(sumMoney(map(filter(project.risks, .status == "open" && has(.cost_impact)), .cost_impact)), project.budget.approved)`,
		`!has(project.start) || all(project.dependencies, !has(.needed_by) || .needed_by >= project.start - duration("8760h"))`,
		`all(project.benefits, .owner != "")`,
		`all(filter(project.assumptions, .status == "unvalidated"), !has(.validate_by) || .validate_by >= now - duration("2160h"))`,
		`!has(project.finish) || !has(project.start) || workingDays(project.start, project.finish) >= 5`,
		`all(filter(project.issues, .status == "open" && (.severity == "high" || .severity == "critical")), .owner != "")`,
		`len(project.risks) <= 20 && len(project.milestones) <= 50`,
		`all(filter(project.changes, has(.cost_impact)), .cost_impact.Currency != "USD" || moneyLess(.cost_impact, money("10000000 USD")))`,
	}
}

// newMapEnv returns the environment of the map rules at now: project (set
// per project), now, and the const functions money and duration.
func newMapEnv(now time.Time) map[string]any {
	return map[string]any{"project": map[string]any(nil), "now": now,
		"money": pmo.ParseMoney, "duration": time.ParseDuration}
}

// compileMapRules compiles rules (expr-lang over maps) once each, with the
// host functions and the literals folded.
func compileMapRules(rules []string, now time.Time) ([]*vm.Program, error) {
	opts := []expr.Option{expr.Env(newMapEnv(now)), expr.AsBool(), expr.DisableBuiltin("duration"),
		expr.ConstExpr("money"), expr.ConstExpr("duration")}
	opts = append(opts, hostFunctions()...)
	prgs := make([]*vm.Program, len(rules))
	for i, r := range rules {
		p, err := expr.Compile(r, opts...)
		if err != nil {
			return nil, fmt.Errorf("exprlang: map rule %d: %w", i, err)
		}
		prgs[i] = p
	}
	return prgs, nil
}

// projectMaps converts the projects of pf to maps, once.
func projectMaps(pf *pmo.Portfolio) []map[string]any {
	out := make([]map[string]any, len(pf.Projects))
	for i := range pf.Projects {
		out[i] = toMap(reflect.ValueOf(&pf.Projects[i]).Elem()).(map[string]any)
	}
	return out
}

// mapVerdicts runs the map rules on every project and returns
// pass[i*len(prgs)+j] as exprVerdicts does.
func mapVerdicts(projects []map[string]any, now time.Time, prgs []*vm.Program) []bool {
	pass := make([]bool, len(projects)*len(prgs))
	e := newMapEnv(now)
	var machine vm.VM
	k := 0
	for _, pm := range projects {
		e["project"] = pm
		for _, p := range prgs {
			out, err := machine.Run(p, e)
			pass[k] = err == nil && out == true
			k++
		}
	}
	return pass
}

// toMap converts a schema value to plain values: a struct to a map by JSON
// names, a list to []any, an enum to its word ("" when not set or outside
// its table, as CEL reads it), a named string to a string, a decimal to a
// float64; money (pmo.Money) and dates (time.Time) stay as they are, absent
// ones as their zero values (has() tests them).
func toMap(v reflect.Value) any {
	switch x := v.Interface().(type) {
	case pmo.Money, time.Time:
		return x
	case decimal.Decimal:
		return x.InexactFloat64()
	case encoding.TextMarshaler:
		if v.Kind() == reflect.Int {
			b, err := x.MarshalText()
			if err != nil {
				return ""
			}
			return string(b)
		}
	}
	switch v.Kind() {
	case reflect.String:
		return v.String()
	case reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return toMap(v.Elem())
	case reflect.Struct:
		m := map[string]any{}
		t := v.Type()
		for i := range t.NumField() {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			m[name] = toMap(v.Field(i))
		}
		return m
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.String {
			return v.Interface()
		}
		out := make([]any, v.Len())
		for i := range out {
			out[i] = toMap(v.Index(i))
		}
		return out
	}
	return v.Interface()
}
