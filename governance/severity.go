package governance

import (
	"fmt"

	"github.com/pmokit/pmokit/internal/document"
	"github.com/pmokit/pmokit/internal/textcut"
	"github.com/pmokit/pmokit/pmo"
)

// pmoTypes returns the PMO types a severity map names, in catalogue order.
func pmoTypes() [3]pmo.Type { return [...]pmo.Type{pmo.Supportive, pmo.Controlling, pmo.Directive} }

// WithPMOType sets the PMO type (supportive, controlling or directive) that
// policies are compiled for: a severity given per PMO type (a rule's or a
// policy's "severity: {supportive: info, controlling: warning, directive:
// error}", [Rule.Severities], [Policy.Severities]) takes its value for t.
// Without it such a severity is a compile error that says to set the type,
// never a guess. A scalar severity ([Rule.Severity], which [Pack] sets for
// its type) does not depend on it. An unset or unknown type is an error.
func WithPMOType(t pmo.Type) Option {
	return func(e *Engine) error {
		if !knownPMOType(t) {
			return fmt.Errorf("governance: invalid PMO type %d (want supportive, controlling or directive)", int(t))
		}
		e.pmoType = t
		return nil
	}
}

func knownPMOType(t pmo.Type) bool {
	for _, k := range pmoTypes() {
		if t == k {
			return true
		}
	}
	return false
}

// severityFor resolves the severity of a rule or rating of p (its own
// scalar and map) for the PMO type t (0: not set): the own scalar, else
// the own map, else the policy's scalar, else the policy's map, else
// SeverityError. A map without t, or with no type to choose, is an error;
// fromPolicy says that the policy-level default was the one at fault.
func severityFor(p *Policy, own Severity, ownMap map[pmo.Type]Severity, t pmo.Type) (sev Severity, fromPolicy bool, msg string) {
	switch {
	case own != 0:
		return own, false, ""
	case ownMap != nil:
		sev, msg = pickSeverity(ownMap, t)
		return sev, false, msg
	case p.Severity != 0:
		return p.Severity, true, ""
	case p.Severities != nil:
		sev, msg = pickSeverity(p.Severities, t)
		return sev, true, msg
	}
	return SeverityError, false, ""
}

// pickSeverity takes the value of a severity map for t.
func pickSeverity(m map[pmo.Type]Severity, t pmo.Type) (Severity, string) {
	if t == 0 {
		return 0, "severity is given per PMO type: set the PMO type to compile for (governance.WithPMOType; pmokit: --pack TYPE)"
	}
	s, ok := m[t]
	if !ok || s == 0 {
		return 0, fmt.Sprintf("severity has no value for PMO type %s", t)
	}
	if s < 0 || s > SeverityInfo {
		return 0, fmt.Sprintf("invalid severity %d for PMO type %s", int(s), t)
	}
	return s, ""
}

// severity reads a "severity:" value: a word (error, warning, info) or a
// mapping from every PMO type to a word.
func (pp *policyParser) severity(n *document.Node, field string) (Severity, map[pmo.Type]Severity) {
	if n.Kind != document.Map {
		var s Severity
		w := pp.str(n, field)
		if err := s.UnmarshalText([]byte(w)); err != nil {
			pp.errorf(n, field, "invalid severity %s (want error, warning or info)", textcut.Quote(w))
		}
		return s, nil
	}
	m := make(map[pmo.Type]Severity, len(pmoTypes()))
	for k, v := range pp.fields(n, field) {
		f := field + "." + k.Value
		var t pmo.Type
		if err := t.UnmarshalText([]byte(k.Value)); err != nil || t == 0 {
			pp.errorf(k, f, "unknown PMO type %s (want supportive, controlling or directive)", textcut.Quote(k.Value))
			continue
		}
		var s Severity
		before := len(pp.errs)
		w := pp.str(v, f)
		if len(pp.errs) > before {
			continue
		}
		if err := s.UnmarshalText([]byte(w)); err != nil || s == 0 {
			pp.errorf(v, f, "invalid severity %s (want error, warning or info)", textcut.Quote(w))
			continue
		}
		m[t] = s
	}
	for _, t := range pmoTypes() {
		if _, ok := m[t]; !ok && !hasKey(n, t.String()) {
			pp.errorf(n, field, "no severity for PMO type %s (a severity by PMO type names supportive, controlling and directive)", t)
		}
	}
	return 0, m
}

// severityPos is the position of a "severity:" value.
func severityPos(n *document.Node) exprPos {
	return exprPos{segs: []seg{{line: int(n.Line), col: int(n.Column)}}}
}

// severity resolves the severity of the rule or rating id (its own scalar
// and map) for the engine's PMO type and records a compile error when it
// cannot be (a map severity without a type to choose, a map without the
// type, a value that is not a severity), at sevPos (else idPos). An error
// of the policy-level default is recorded once per policy, at the policy's
// "severity:", however many rules and ratings use it.
func (pc *policyCompiler) severity(id string, own Severity, ownMap map[pmo.Type]Severity, idPos, sevPos exprPos, policyReported *bool) Severity {
	if own < 0 || own > SeverityInfo {
		pc.fail(id, "severity", idPos, "", 0, 0, fmt.Sprintf("invalid severity %d", int(own)))
		return SeverityError
	}
	sev, fromPolicy, msg := severityFor(pc.p, own, ownMap, pc.e.pmoType)
	if msg == "" && fromPolicy && (sev < 0 || sev > SeverityInfo) {
		msg = fmt.Sprintf("invalid severity %d", int(sev))
	}
	switch {
	case msg == "":
		return sev
	case !fromPolicy:
		pos := sevPos
		if !pos.known() {
			pos = idPos
		}
		pc.fail(id, "severity", pos, "", 0, 0, msg)
	case !*policyReported:
		*policyReported = true
		pos := pc.p.pos.severity
		if !pos.known() {
			pos = pc.p.pos.node
		}
		pc.fail("", "severity", pos, "", 0, 0, msg)
	}
	return SeverityError
}
