// The enums of the schema: each is a typed int whose words are the ones files and CEL rules use.

package pmo

// Type is the type of a PMO as PMI names them: how much of its standards it enforces rather than advises.
// Its zero value means "not set"; files and CEL rules use the words below.
type Type int

// The Type values.
const (
	Supportive  Type = iota + 1 // "supportive": provides templates, training and advice; compliance is voluntary
	Controlling                 // "controlling": requires compliance with its standards and audits it
	Directive                   // "directive": manages the projects directly; every standard is enforced
)

var typeNames = []string{"supportive", "controlling", "directive"}

// String returns the word used in files and rules, or "" when v is not set.
func (v Type) String() string { return enumString(typeNames, v) }

// MarshalText implements [encoding.TextMarshaler].
func (v Type) MarshalText() ([]byte, error) { return enumMarshal("PMO type", typeNames, v) }

// UnmarshalText implements [encoding.TextUnmarshaler]; a word outside the
// table is an error that matches [ErrInvalid].
func (v *Type) UnmarshalText(text []byte) error { return enumParse("PMO type", typeNames, text, v) }

// IsZero reports whether v is not set.
func (v Type) IsZero() bool { return v == 0 }

// RAG is a red/amber/green status.
// Its zero value means "not set"; files and CEL rules use the words below.
type RAG int

// The RAG values.
const (
	Green RAG = iota + 1 // "green": on track
	Amber                // "amber": at risk; needs attention
	Red                  // "red": off track; needs intervention
)

var rAGNames = []string{"green", "amber", "red"}

// String returns the word used in files and rules, or "" when v is not set.
func (v RAG) String() string { return enumString(rAGNames, v) }

// MarshalText implements [encoding.TextMarshaler].
func (v RAG) MarshalText() ([]byte, error) { return enumMarshal("status", rAGNames, v) }

// UnmarshalText implements [encoding.TextUnmarshaler]; a word outside the
// table is an error that matches [ErrInvalid].
func (v *RAG) UnmarshalText(text []byte) error { return enumParse("status", rAGNames, text, v) }

// IsZero reports whether v is not set.
func (v RAG) IsZero() bool { return v == 0 }

// RiskKind is whether a risk is a threat (a negative effect) or an opportunity (a positive one).
// Its zero value means "not set"; files and CEL rules use the words below.
type RiskKind int

// The RiskKind values.
const (
	Threat      RiskKind = iota + 1 // "threat": a risk whose effect is negative
	Opportunity                     // "opportunity": a risk whose effect is positive
)

var riskKindNames = []string{"threat", "opportunity"}

// String returns the word used in files and rules, or "" when v is not set.
func (v RiskKind) String() string { return enumString(riskKindNames, v) }

// MarshalText implements [encoding.TextMarshaler].
func (v RiskKind) MarshalText() ([]byte, error) { return enumMarshal("risk kind", riskKindNames, v) }

// UnmarshalText implements [encoding.TextUnmarshaler]; a word outside the
// table is an error that matches [ErrInvalid].
func (v *RiskKind) UnmarshalText(text []byte) error {
	return enumParse("risk kind", riskKindNames, text, v)
}

// IsZero reports whether v is not set.
func (v RiskKind) IsZero() bool { return v == 0 }

// Response is the strategy chosen for a risk (PMBOK): avoid, transfer, mitigate, accept or escalate a threat; exploit, share, enhance, accept or escalate an opportunity.
// Its zero value means "not set"; files and CEL rules use the words below.
type Response int

// The Response values.
const (
	Avoid    Response = iota + 1 // "avoid": eliminates the threat
	Transfer                     // "transfer": shifts the threat to a third party
	Mitigate                     // "mitigate": reduces the probability or impact of a threat
	Accept                       // "accept": acknowledges the risk without acting on it
	Escalate                     // "escalate": hands the risk to a higher level
	Exploit                      // "exploit": makes sure an opportunity happens
	Share                        // "share": gives an opportunity to a party better able to capture it
	Enhance                      // "enhance": raises the probability or impact of an opportunity
)

var responseNames = []string{"avoid", "transfer", "mitigate", "accept", "escalate", "exploit", "share", "enhance"}

// String returns the word used in files and rules, or "" when v is not set.
func (v Response) String() string { return enumString(responseNames, v) }

// MarshalText implements [encoding.TextMarshaler].
func (v Response) MarshalText() ([]byte, error) {
	return enumMarshal("risk response", responseNames, v)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; a word outside the
// table is an error that matches [ErrInvalid].
func (v *Response) UnmarshalText(text []byte) error {
	return enumParse("risk response", responseNames, text, v)
}

// IsZero reports whether v is not set.
func (v Response) IsZero() bool { return v == 0 }

// RiskStatus is the state of a risk in its register.
// Its zero value means "not set"; files and CEL rules use the words below.
type RiskStatus int

// The RiskStatus values.
const (
	RiskOpen     RiskStatus = iota + 1 // "open": still possible
	RiskClosed                         // "closed": no longer possible
	RiskOccurred                       // "occurred": has happened (and usually became an issue)
)

var riskStatusNames = []string{"open", "closed", "occurred"}

// String returns the word used in files and rules, or "" when v is not set.
func (v RiskStatus) String() string { return enumString(riskStatusNames, v) }

// MarshalText implements [encoding.TextMarshaler].
func (v RiskStatus) MarshalText() ([]byte, error) {
	return enumMarshal("risk status", riskStatusNames, v)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; a word outside the
// table is an error that matches [ErrInvalid].
func (v *RiskStatus) UnmarshalText(text []byte) error {
	return enumParse("risk status", riskStatusNames, text, v)
}

// IsZero reports whether v is not set.
func (v RiskStatus) IsZero() bool { return v == 0 }

// Severity is how serious an issue is.
// Its zero value means "not set"; files and CEL rules use the words below.
type Severity int

// The Severity values.
const (
	SeverityLow      Severity = iota + 1 // "low": minor
	SeverityMedium                       // "medium": moderate
	SeverityHigh                         // "high": serious
	SeverityCritical                     // "critical": stops the project
)

var severityNames = []string{"low", "medium", "high", "critical"}

// String returns the word used in files and rules, or "" when v is not set.
func (v Severity) String() string { return enumString(severityNames, v) }

// MarshalText implements [encoding.TextMarshaler].
func (v Severity) MarshalText() ([]byte, error) {
	return enumMarshal("issue severity", severityNames, v)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; a word outside the
// table is an error that matches [ErrInvalid].
func (v *Severity) UnmarshalText(text []byte) error {
	return enumParse("issue severity", severityNames, text, v)
}

// IsZero reports whether v is not set.
func (v Severity) IsZero() bool { return v == 0 }

// IssueStatus is the state of an issue.
// Its zero value means "not set"; files and CEL rules use the words below.
type IssueStatus int

// The IssueStatus values.
const (
	IssueOpen   IssueStatus = iota + 1 // "open": unresolved
	IssueClosed                        // "closed": resolved
)

var issueStatusNames = []string{"open", "closed"}

// String returns the word used in files and rules, or "" when v is not set.
func (v IssueStatus) String() string { return enumString(issueStatusNames, v) }

// MarshalText implements [encoding.TextMarshaler].
func (v IssueStatus) MarshalText() ([]byte, error) {
	return enumMarshal("issue status", issueStatusNames, v)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; a word outside the
// table is an error that matches [ErrInvalid].
func (v *IssueStatus) UnmarshalText(text []byte) error {
	return enumParse("issue status", issueStatusNames, text, v)
}

// IsZero reports whether v is not set.
func (v IssueStatus) IsZero() bool { return v == 0 }

// AssumptionStatus is whether an assumption has been checked.
// Its zero value means "not set"; files and CEL rules use the words below.
type AssumptionStatus int

// The AssumptionStatus values.
const (
	Unvalidated AssumptionStatus = iota + 1 // "unvalidated": not yet checked
	Validated                               // "validated": confirmed true
	Invalidated                             // "invalid": found false; raise a risk or an issue
)

var assumptionStatusNames = []string{"unvalidated", "validated", "invalid"}

// String returns the word used in files and rules, or "" when v is not set.
func (v AssumptionStatus) String() string { return enumString(assumptionStatusNames, v) }

// MarshalText implements [encoding.TextMarshaler].
func (v AssumptionStatus) MarshalText() ([]byte, error) {
	return enumMarshal("assumption status", assumptionStatusNames, v)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; a word outside the
// table is an error that matches [ErrInvalid].
func (v *AssumptionStatus) UnmarshalText(text []byte) error {
	return enumParse("assumption status", assumptionStatusNames, text, v)
}

// IsZero reports whether v is not set.
func (v AssumptionStatus) IsZero() bool { return v == 0 }

// DependencyType is the precedence relation of a dependency.
// Its zero value means "not set"; files and CEL rules use the words below.
type DependencyType int

// The DependencyType values.
const (
	FinishToStart  DependencyType = iota + 1 // "finish_to_start": the other project must finish before this one starts
	StartToStart                             // "start_to_start": the other project must start before this one starts
	FinishToFinish                           // "finish_to_finish": the other project must finish before this one finishes
	StartToFinish                            // "start_to_finish": the other project must start before this one finishes
)

var dependencyTypeNames = []string{"finish_to_start", "start_to_start", "finish_to_finish", "start_to_finish"}

// String returns the word used in files and rules, or "" when v is not set.
func (v DependencyType) String() string { return enumString(dependencyTypeNames, v) }

// MarshalText implements [encoding.TextMarshaler].
func (v DependencyType) MarshalText() ([]byte, error) {
	return enumMarshal("dependency type", dependencyTypeNames, v)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; a word outside the
// table is an error that matches [ErrInvalid].
func (v *DependencyType) UnmarshalText(text []byte) error {
	return enumParse("dependency type", dependencyTypeNames, text, v)
}

// IsZero reports whether v is not set.
func (v DependencyType) IsZero() bool { return v == 0 }

// ChangeStatus is the state of a change request.
// Its zero value means "not set"; files and CEL rules use the words below.
type ChangeStatus int

// The ChangeStatus values.
const (
	ChangeSubmitted   ChangeStatus = iota + 1 // "submitted": raised, not yet decided
	ChangeApproved                            // "approved": accepted by its authority
	ChangeRejected                            // "rejected": refused by its authority
	ChangeDeferred                            // "deferred": postponed
	ChangeImplemented                         // "implemented": approved and carried out
)

var changeStatusNames = []string{"submitted", "approved", "rejected", "deferred", "implemented"}

// String returns the word used in files and rules, or "" when v is not set.
func (v ChangeStatus) String() string { return enumString(changeStatusNames, v) }

// MarshalText implements [encoding.TextMarshaler].
func (v ChangeStatus) MarshalText() ([]byte, error) {
	return enumMarshal("change status", changeStatusNames, v)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; a word outside the
// table is an error that matches [ErrInvalid].
func (v *ChangeStatus) UnmarshalText(text []byte) error {
	return enumParse("change status", changeStatusNames, text, v)
}

// IsZero reports whether v is not set.
func (v ChangeStatus) IsZero() bool { return v == 0 }

// ApprovalDecision is the verdict of an approval.
// Its zero value means "not set"; files and CEL rules use the words below.
type ApprovalDecision int

// The ApprovalDecision values.
const (
	Approved ApprovalDecision = iota + 1 // "approved": approves
	Rejected                             // "rejected": refuses
	Pending                              // "pending": has been requested but not given
)

var approvalDecisionNames = []string{"approved", "rejected", "pending"}

// String returns the word used in files and rules, or "" when v is not set.
func (v ApprovalDecision) String() string { return enumString(approvalDecisionNames, v) }

// MarshalText implements [encoding.TextMarshaler].
func (v ApprovalDecision) MarshalText() ([]byte, error) {
	return enumMarshal("approval decision", approvalDecisionNames, v)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; a word outside the
// table is an error that matches [ErrInvalid].
func (v *ApprovalDecision) UnmarshalText(text []byte) error {
	return enumParse("approval decision", approvalDecisionNames, text, v)
}

// IsZero reports whether v is not set.
func (v ApprovalDecision) IsZero() bool { return v == 0 }

// Outcome is the outcome of a recorded decision: a stage-gate verdict (go, no_go, hold, recycle; R. G. Cooper's stage-gate terms) or, for other decisions, approved or rejected.
// Its zero value means "not set"; files and CEL rules use the words below.
type Outcome int

// The Outcome values.
const (
	Go              Outcome = iota + 1 // "go": proceed to the next phase
	NoGo                               // "no_go": stop the project
	Hold                               // "hold": pause; decide later
	Recycle                            // "recycle": redo the work of the current phase
	OutcomeApproved                    // "approved": a non-gate decision that approves
	OutcomeRejected                    // "rejected": a non-gate decision that refuses
)

var outcomeNames = []string{"go", "no_go", "hold", "recycle", "approved", "rejected"}

// String returns the word used in files and rules, or "" when v is not set.
func (v Outcome) String() string { return enumString(outcomeNames, v) }

// MarshalText implements [encoding.TextMarshaler].
func (v Outcome) MarshalText() ([]byte, error) {
	return enumMarshal("decision outcome", outcomeNames, v)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; a word outside the
// table is an error that matches [ErrInvalid].
func (v *Outcome) UnmarshalText(text []byte) error {
	return enumParse("decision outcome", outcomeNames, text, v)
}

// IsZero reports whether v is not set.
func (v Outcome) IsZero() bool { return v == 0 }

// BenefitStatus is the realization state of a benefit.
// Its zero value means "not set"; files and CEL rules use the words below.
type BenefitStatus int

// The BenefitStatus values.
const (
	BenefitPlanned     BenefitStatus = iota + 1 // "planned": not yet measurable
	BenefitOnTrack                              // "on_track": expected to be realized
	BenefitAtRisk                               // "at_risk": may not be realized
	BenefitRealized                             // "realized": achieved
	BenefitNotRealized                          // "not_realized": missed
)

var benefitStatusNames = []string{"planned", "on_track", "at_risk", "realized", "not_realized"}

// String returns the word used in files and rules, or "" when v is not set.
func (v BenefitStatus) String() string { return enumString(benefitStatusNames, v) }

// MarshalText implements [encoding.TextMarshaler].
func (v BenefitStatus) MarshalText() ([]byte, error) {
	return enumMarshal("benefit status", benefitStatusNames, v)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; a word outside the
// table is an error that matches [ErrInvalid].
func (v *BenefitStatus) UnmarshalText(text []byte) error {
	return enumParse("benefit status", benefitStatusNames, text, v)
}

// IsZero reports whether v is not set.
func (v BenefitStatus) IsZero() bool { return v == 0 }

// DocumentStatus is the state of a governance document.
// Its zero value means "not set"; files and CEL rules use the words below.
type DocumentStatus int

// The DocumentStatus values.
const (
	DocumentDraft      DocumentStatus = iota + 1 // "draft": being written
	DocumentApproved                             // "approved": signed off
	DocumentSuperseded                           // "superseded": replaced by a later version
)

var documentStatusNames = []string{"draft", "approved", "superseded"}

// String returns the word used in files and rules, or "" when v is not set.
func (v DocumentStatus) String() string { return enumString(documentStatusNames, v) }

// MarshalText implements [encoding.TextMarshaler].
func (v DocumentStatus) MarshalText() ([]byte, error) {
	return enumMarshal("document status", documentStatusNames, v)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; a word outside the
// table is an error that matches [ErrInvalid].
func (v *DocumentStatus) UnmarshalText(text []byte) error {
	return enumParse("document status", documentStatusNames, text, v)
}

// IsZero reports whether v is not set.
func (v DocumentStatus) IsZero() bool { return v == 0 }
