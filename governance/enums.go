package governance

import (
	"fmt"

	"github.com/pmokit/pmokit/internal/textcut"
)

// Severity is how serious a violation of a rule is. Files and reports use
// the words "error", "warning" and "info". The zero value means "not set";
// a rule without a severity has SeverityError.
type Severity int

// The Severity values.
const (
	SeverityError   Severity = iota + 1 // "error": the violation blocks (Report.Blocked)
	SeverityWarning                     // "warning": reported, does not block
	SeverityInfo                        // "info": advice
)

// String returns "error", "warning" or "info", or "" when s is not set.
func (s Severity) String() string {
	switch s {
	case SeverityError:
		return "error"
	case SeverityWarning:
		return "warning"
	case SeverityInfo:
		return "info"
	}
	return ""
}

// MarshalText implements [encoding.TextMarshaler].
func (s Severity) MarshalText() ([]byte, error) {
	if s == 0 {
		return []byte{}, nil
	}
	if str := s.String(); str != "" {
		return []byte(str), nil
	}
	return nil, fmt.Errorf("governance: invalid severity %d", int(s))
}

// UnmarshalText implements [encoding.TextUnmarshaler]; the empty string
// gives the zero value and an unknown word is an error.
func (s *Severity) UnmarshalText(text []byte) error {
	switch string(text) {
	case "":
		*s = 0
	case "error":
		*s = SeverityError
	case "warning":
		*s = SeverityWarning
	case "info":
		*s = SeverityInfo
	default:
		return fmt.Errorf("governance: invalid severity %s", textcut.Quote(string(text)))
	}
	return nil
}

// orDefault returns s, or SeverityError when s is not set.
func (s Severity) orDefault() Severity {
	if s == 0 {
		return SeverityError
	}
	return s
}

// Scope is the kind of subject a policy applies to. Files use the words
// "portfolio", "project", "gate" and "change". The zero value means "not
// set", which a policy reads as ScopeProject.
type Scope int

// The Scope values.
const (
	ScopePortfolio Scope = iota + 1 // "portfolio": once per portfolio; variables portfolio, now
	ScopeProject                    // "project": once per project; adds project
	ScopeGate                       // "gate": in CheckGate only; adds project and gate {from, to}
	ScopeChange                     // "change": once per change request; adds project and change
)

// String returns the scope's word, or "" when s is not set.
func (s Scope) String() string {
	switch s {
	case ScopePortfolio:
		return "portfolio"
	case ScopeProject:
		return "project"
	case ScopeGate:
		return "gate"
	case ScopeChange:
		return "change"
	}
	return ""
}

// MarshalText implements [encoding.TextMarshaler].
func (s Scope) MarshalText() ([]byte, error) {
	if s == 0 {
		return []byte{}, nil
	}
	if str := s.String(); str != "" {
		return []byte(str), nil
	}
	return nil, fmt.Errorf("governance: invalid scope %d", int(s))
}

// UnmarshalText implements [encoding.TextUnmarshaler]; the empty string
// gives the zero value and an unknown word is an error.
func (s *Scope) UnmarshalText(text []byte) error {
	switch string(text) {
	case "":
		*s = 0
	case "portfolio":
		*s = ScopePortfolio
	case "project":
		*s = ScopeProject
	case "gate":
		*s = ScopeGate
	case "change":
		*s = ScopeChange
	default:
		return fmt.Errorf("governance: invalid scope %s", textcut.Quote(string(text)))
	}
	return nil
}

func (s Scope) orDefault() Scope {
	if s == 0 {
		return ScopeProject
	}
	return s
}

// Outcome is what evaluating one rule on one subject gave. Reports use the
// words "pass", "fail", "error" and "skipped".
type Outcome int

// The Outcome values.
const (
	OutcomePass    Outcome = iota + 1 // "pass": the expression was true
	OutcomeFail                       // "fail": the expression was false; a violation
	OutcomeError                      // "error": evaluation failed; a violation (fail closed)
	OutcomeSkipped                    // "skipped": the policy's or the rule's when was false
)

// String returns the outcome's word, or "" when o is not set.
func (o Outcome) String() string {
	switch o {
	case OutcomePass:
		return "pass"
	case OutcomeFail:
		return "fail"
	case OutcomeError:
		return "error"
	case OutcomeSkipped:
		return "skipped"
	}
	return ""
}

// MarshalText implements [encoding.TextMarshaler].
func (o Outcome) MarshalText() ([]byte, error) {
	if str := o.String(); str != "" {
		return []byte(str), nil
	}
	return nil, fmt.Errorf("governance: invalid outcome %d", int(o))
}

// UnmarshalText implements [encoding.TextUnmarshaler].
func (o *Outcome) UnmarshalText(text []byte) error {
	switch string(text) {
	case "pass":
		*o = OutcomePass
	case "fail":
		*o = OutcomeFail
	case "error":
		*o = OutcomeError
	case "skipped":
		*o = OutcomeSkipped
	default:
		return fmt.Errorf("governance: invalid outcome %s", textcut.Quote(string(text)))
	}
	return nil
}

// SubjectKind is the kind of entity a result is about. Reports use the
// words "portfolio", "project" and "change".
type SubjectKind int

// The SubjectKind values.
const (
	SubjectPortfolio SubjectKind = iota + 1 // "portfolio"
	SubjectProject                          // "project" (also the subject of gate checks)
	SubjectChange                           // "change": a change request of a project
)

// String returns the kind's word, or "" when k is not set.
func (k SubjectKind) String() string {
	switch k {
	case SubjectPortfolio:
		return "portfolio"
	case SubjectProject:
		return "project"
	case SubjectChange:
		return "change"
	}
	return ""
}

// MarshalText implements [encoding.TextMarshaler].
func (k SubjectKind) MarshalText() ([]byte, error) {
	if str := k.String(); str != "" {
		return []byte(str), nil
	}
	return nil, fmt.Errorf("governance: invalid subject kind %d", int(k))
}

// UnmarshalText implements [encoding.TextUnmarshaler].
func (k *SubjectKind) UnmarshalText(text []byte) error {
	switch string(text) {
	case "portfolio":
		*k = SubjectPortfolio
	case "project":
		*k = SubjectProject
	case "change":
		*k = SubjectChange
	default:
		return fmt.Errorf("governance: invalid subject kind %s", textcut.Quote(string(text)))
	}
	return nil
}
