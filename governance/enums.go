package governance

import (
	"errors"

	"github.com/pmokit/pmokit/internal/enum"
)

// ErrInvalidReport is what an error reading a report (an outcome or a
// subject kind that is not one of the words of a report) matches with
// errors.Is.
var ErrInvalidReport = errors.New("governance: invalid report")

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

var severityTable = &enum.Table[Severity]{Pkg: "governance", Kind: "severity", Type: "Severity", First: SeverityError, Unset: true, Sentinel: ErrInvalidPolicy,
	Words: []string{"error", "warning", "info"}}

// String returns "error", "warning" or "info", or "" when s is not set.
func (s Severity) String() string { return severityTable.String(s) }

// MarshalText implements [encoding.TextMarshaler].
func (s Severity) MarshalText() ([]byte, error) { return severityTable.Marshal(s) }

// UnmarshalText implements [encoding.TextUnmarshaler]; the empty string
// gives the zero value and an unknown word is an error.
func (s *Severity) UnmarshalText(text []byte) error { return severityTable.Parse(text, s) }

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

var scopeTable = &enum.Table[Scope]{Pkg: "governance", Kind: "scope", Type: "Scope", First: ScopePortfolio, Unset: true, Sentinel: ErrInvalidPolicy,
	Words: []string{"portfolio", "project", "gate", "change"}}

// String returns the scope's word, or "" when s is not set.
func (s Scope) String() string { return scopeTable.String(s) }

// MarshalText implements [encoding.TextMarshaler].
func (s Scope) MarshalText() ([]byte, error) { return scopeTable.Marshal(s) }

// UnmarshalText implements [encoding.TextUnmarshaler]; the empty string
// gives the zero value and an unknown word is an error.
func (s *Scope) UnmarshalText(text []byte) error { return scopeTable.Parse(text, s) }

func (s Scope) orDefault() Scope {
	if s == 0 {
		return ScopeProject
	}
	return s
}

// Outcome is what evaluating one rule or rating on one subject gave.
// Reports use the words "pass", "fail", "error", "skipped", "rated" and
// "waived".
type Outcome int

// The Outcome values.
const (
	OutcomePass    Outcome = iota + 1 // "pass": the expression was true
	OutcomeFail                       // "fail": the expression was false; a violation
	OutcomeError                      // "error": evaluation failed; a violation (fail closed)
	OutcomeSkipped                    // "skipped": the policy's or the rule's when was false
	OutcomeRated                      // "rated": a rating's level matched (Result.Level); not a violation
	OutcomeWaived                     // "waived": a fail that a waiver holding for it lets through (waivers.go); not a violation
)

var outcomeTable = &enum.Table[Outcome]{Pkg: "governance", Kind: "outcome", Type: "Outcome", First: OutcomePass, Unset: false, Sentinel: ErrInvalidReport,
	Words: []string{"pass", "fail", "error", "skipped", "rated", "waived"}}

// String returns the outcome's word, or "" when o is not set.
func (o Outcome) String() string { return outcomeTable.String(o) }

// MarshalText implements [encoding.TextMarshaler].
func (o Outcome) MarshalText() ([]byte, error) { return outcomeTable.Marshal(o) }

// UnmarshalText implements [encoding.TextUnmarshaler].
func (o *Outcome) UnmarshalText(text []byte) error { return outcomeTable.Parse(text, o) }

// SubjectKind is the kind of entity a result is about. Reports use the
// words "portfolio", "project" and "change".
type SubjectKind int

// The SubjectKind values.
const (
	SubjectPortfolio SubjectKind = iota + 1 // "portfolio"
	SubjectProject                          // "project" (also the subject of gate checks)
	SubjectChange                           // "change": a change request of a project
)

var subjectKindTable = &enum.Table[SubjectKind]{Pkg: "governance", Kind: "subject kind", Type: "SubjectKind", First: SubjectPortfolio, Unset: false, Sentinel: ErrInvalidReport,
	Words: []string{"portfolio", "project", "change"}}

// String returns the kind's word, or "" when k is not set.
func (k SubjectKind) String() string { return subjectKindTable.String(k) }

// MarshalText implements [encoding.TextMarshaler].
func (k SubjectKind) MarshalText() ([]byte, error) { return subjectKindTable.Marshal(k) }

// UnmarshalText implements [encoding.TextUnmarshaler].
func (k *SubjectKind) UnmarshalText(text []byte) error { return subjectKindTable.Parse(text, k) }
