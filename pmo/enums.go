// The enums of the schema: each is a typed int whose words are the ones files and CEL rules use.

package pmo

import "github.com/pmokit/pmokit/internal/enum"

// Type is the type of a PMO as PMI names them: how much of its standards it enforces rather than advises.
// Its zero value means "not set"; files and CEL rules use the words below.
type Type int

// The Type values.
const (
	Supportive  Type = iota + 1 // "supportive": provides templates, training and advice; compliance is voluntary
	Controlling                 // "controlling": requires compliance with its standards and audits it
	Directive                   // "directive": manages the projects directly; every standard is enforced
)

var typeTable = &enum.Table[Type]{Pkg: "pmo", Kind: "PMO type", Type: "Type", First: Supportive, Unset: true, Sentinel: ErrInvalid,
	Words: []string{"supportive", "controlling", "directive"}}

// String returns the word used in files and rules, or "" when v is not set.
func (v Type) String() string { return typeTable.String(v) }

// MarshalText implements [encoding.TextMarshaler].
func (v Type) MarshalText() ([]byte, error) { return typeTable.Marshal(v) }

// UnmarshalText implements [encoding.TextUnmarshaler]; a word outside the
// table is an error that matches [ErrInvalid].
func (v *Type) UnmarshalText(text []byte) error { return typeTable.Parse(text, v) }

// IsZero reports whether v is not set.
func (v Type) IsZero() bool { return v == 0 }

// RAG is a project's status: a word of the portfolio's status scale
// ([Portfolio.Statuses]), red/amber/green by default. It is a string, not a
// closed enum, because a portfolio may declare a scale of its own (the UK
// IPA's five delivery confidence levels, say); the reader and
// [Portfolio.Validate] check every status against the portfolio's scale.
// The empty string means "not set".
type RAG string

// The words of the default status scale, best first.
const (
	Green RAG = "green" // on track
	Amber RAG = "amber" // at risk; needs attention
	Red   RAG = "red"   // off track; needs intervention
)

// String returns the status word, or "" when v is not set.
func (v RAG) String() string { return string(v) }

// IsZero reports whether v is not set.
func (v RAG) IsZero() bool { return v == "" }

// RiskKind is whether a risk is a threat (a negative effect) or an opportunity (a positive one).
// Its zero value means "not set"; files and CEL rules use the words below.
type RiskKind int

// The RiskKind values.
const (
	Threat      RiskKind = iota + 1 // "threat": a risk whose effect is negative
	Opportunity                     // "opportunity": a risk whose effect is positive
)

var riskKindTable = &enum.Table[RiskKind]{Pkg: "pmo", Kind: "risk kind", Type: "RiskKind", First: Threat, Unset: true, Sentinel: ErrInvalid,
	Words: []string{"threat", "opportunity"}}

// String returns the word used in files and rules, or "" when v is not set.
func (v RiskKind) String() string { return riskKindTable.String(v) }

// MarshalText implements [encoding.TextMarshaler].
func (v RiskKind) MarshalText() ([]byte, error) { return riskKindTable.Marshal(v) }

// UnmarshalText implements [encoding.TextUnmarshaler]; a word outside the
// table is an error that matches [ErrInvalid].
func (v *RiskKind) UnmarshalText(text []byte) error {
	return riskKindTable.Parse(text, v)
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

var responseTable = &enum.Table[Response]{Pkg: "pmo", Kind: "risk response", Type: "Response", First: Avoid, Unset: true, Sentinel: ErrInvalid,
	Words: []string{"avoid", "transfer", "mitigate", "accept", "escalate", "exploit", "share", "enhance"}}

// String returns the word used in files and rules, or "" when v is not set.
func (v Response) String() string { return responseTable.String(v) }

// MarshalText implements [encoding.TextMarshaler].
func (v Response) MarshalText() ([]byte, error) {
	return responseTable.Marshal(v)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; a word outside the
// table is an error that matches [ErrInvalid].
func (v *Response) UnmarshalText(text []byte) error {
	return responseTable.Parse(text, v)
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

var riskStatusTable = &enum.Table[RiskStatus]{Pkg: "pmo", Kind: "risk status", Type: "RiskStatus", First: RiskOpen, Unset: true, Sentinel: ErrInvalid,
	Words: []string{"open", "closed", "occurred"}}

// String returns the word used in files and rules, or "" when v is not set.
func (v RiskStatus) String() string { return riskStatusTable.String(v) }

// MarshalText implements [encoding.TextMarshaler].
func (v RiskStatus) MarshalText() ([]byte, error) {
	return riskStatusTable.Marshal(v)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; a word outside the
// table is an error that matches [ErrInvalid].
func (v *RiskStatus) UnmarshalText(text []byte) error {
	return riskStatusTable.Parse(text, v)
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

var severityTable = &enum.Table[Severity]{Pkg: "pmo", Kind: "issue severity", Type: "Severity", First: SeverityLow, Unset: true, Sentinel: ErrInvalid,
	Words: []string{"low", "medium", "high", "critical"}}

// String returns the word used in files and rules, or "" when v is not set.
func (v Severity) String() string { return severityTable.String(v) }

// MarshalText implements [encoding.TextMarshaler].
func (v Severity) MarshalText() ([]byte, error) {
	return severityTable.Marshal(v)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; a word outside the
// table is an error that matches [ErrInvalid].
func (v *Severity) UnmarshalText(text []byte) error {
	return severityTable.Parse(text, v)
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

var issueStatusTable = &enum.Table[IssueStatus]{Pkg: "pmo", Kind: "issue status", Type: "IssueStatus", First: IssueOpen, Unset: true, Sentinel: ErrInvalid,
	Words: []string{"open", "closed"}}

// String returns the word used in files and rules, or "" when v is not set.
func (v IssueStatus) String() string { return issueStatusTable.String(v) }

// MarshalText implements [encoding.TextMarshaler].
func (v IssueStatus) MarshalText() ([]byte, error) {
	return issueStatusTable.Marshal(v)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; a word outside the
// table is an error that matches [ErrInvalid].
func (v *IssueStatus) UnmarshalText(text []byte) error {
	return issueStatusTable.Parse(text, v)
}

// IsZero reports whether v is not set.
func (v IssueStatus) IsZero() bool { return v == 0 }

// AssumptionStatus is whether an assumption has been checked.
// Its zero value means "not set"; files and CEL rules use the words below.
type AssumptionStatus int

// The AssumptionStatus values.
const (
	AssumptionUnvalidated AssumptionStatus = iota + 1 // "unvalidated": not yet checked
	AssumptionValidated                               // "validated": confirmed true
	AssumptionInvalid                                 // "invalid": found false; raise a risk or an issue
)

var assumptionStatusTable = &enum.Table[AssumptionStatus]{Pkg: "pmo", Kind: "assumption status", Type: "AssumptionStatus", First: AssumptionUnvalidated, Unset: true, Sentinel: ErrInvalid,
	Words: []string{"unvalidated", "validated", "invalid"}}

// String returns the word used in files and rules, or "" when v is not set.
func (v AssumptionStatus) String() string { return assumptionStatusTable.String(v) }

// MarshalText implements [encoding.TextMarshaler].
func (v AssumptionStatus) MarshalText() ([]byte, error) {
	return assumptionStatusTable.Marshal(v)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; a word outside the
// table is an error that matches [ErrInvalid].
func (v *AssumptionStatus) UnmarshalText(text []byte) error {
	return assumptionStatusTable.Parse(text, v)
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

var dependencyTypeTable = &enum.Table[DependencyType]{Pkg: "pmo", Kind: "dependency type", Type: "DependencyType", First: FinishToStart, Unset: true, Sentinel: ErrInvalid,
	Words: []string{"finish_to_start", "start_to_start", "finish_to_finish", "start_to_finish"}}

// String returns the word used in files and rules, or "" when v is not set.
func (v DependencyType) String() string { return dependencyTypeTable.String(v) }

// MarshalText implements [encoding.TextMarshaler].
func (v DependencyType) MarshalText() ([]byte, error) {
	return dependencyTypeTable.Marshal(v)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; a word outside the
// table is an error that matches [ErrInvalid].
func (v *DependencyType) UnmarshalText(text []byte) error {
	return dependencyTypeTable.Parse(text, v)
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

var changeStatusTable = &enum.Table[ChangeStatus]{Pkg: "pmo", Kind: "change status", Type: "ChangeStatus", First: ChangeSubmitted, Unset: true, Sentinel: ErrInvalid,
	Words: []string{"submitted", "approved", "rejected", "deferred", "implemented"}}

// String returns the word used in files and rules, or "" when v is not set.
func (v ChangeStatus) String() string { return changeStatusTable.String(v) }

// MarshalText implements [encoding.TextMarshaler].
func (v ChangeStatus) MarshalText() ([]byte, error) {
	return changeStatusTable.Marshal(v)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; a word outside the
// table is an error that matches [ErrInvalid].
func (v *ChangeStatus) UnmarshalText(text []byte) error {
	return changeStatusTable.Parse(text, v)
}

// IsZero reports whether v is not set.
func (v ChangeStatus) IsZero() bool { return v == 0 }

// ApprovalDecision is the verdict of an approval.
// Its zero value means "not set"; files and CEL rules use the words below.
type ApprovalDecision int

// The ApprovalDecision values.
const (
	ApprovalApproved ApprovalDecision = iota + 1 // "approved": approves
	ApprovalRejected                             // "rejected": refuses
	ApprovalPending                              // "pending": has been requested but not given
)

var approvalDecisionTable = &enum.Table[ApprovalDecision]{Pkg: "pmo", Kind: "approval decision", Type: "ApprovalDecision", First: ApprovalApproved, Unset: true, Sentinel: ErrInvalid,
	Words: []string{"approved", "rejected", "pending"}}

// String returns the word used in files and rules, or "" when v is not set.
func (v ApprovalDecision) String() string { return approvalDecisionTable.String(v) }

// MarshalText implements [encoding.TextMarshaler].
func (v ApprovalDecision) MarshalText() ([]byte, error) {
	return approvalDecisionTable.Marshal(v)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; a word outside the
// table is an error that matches [ErrInvalid].
func (v *ApprovalDecision) UnmarshalText(text []byte) error {
	return approvalDecisionTable.Parse(text, v)
}

// IsZero reports whether v is not set.
func (v ApprovalDecision) IsZero() bool { return v == 0 }

// Outcome is the outcome of a recorded decision: a stage-gate verdict (go, no_go, hold, recycle; R. G. Cooper's stage-gate terms) or, for other decisions, approved or rejected.
// Its zero value means "not set"; files and CEL rules use the words below.
type Outcome int

// The Outcome values.
const (
	OutcomeGo       Outcome = iota + 1 // "go": proceed to the next phase
	OutcomeNoGo                        // "no_go": stop the project
	OutcomeHold                        // "hold": pause; decide later
	OutcomeRecycle                     // "recycle": redo the work of the current phase
	OutcomeApproved                    // "approved": a non-gate decision that approves
	OutcomeRejected                    // "rejected": a non-gate decision that refuses
)

var outcomeTable = &enum.Table[Outcome]{Pkg: "pmo", Kind: "decision outcome", Type: "Outcome", First: OutcomeGo, Unset: true, Sentinel: ErrInvalid,
	Words: []string{"go", "no_go", "hold", "recycle", "approved", "rejected"}}

// String returns the word used in files and rules, or "" when v is not set.
func (v Outcome) String() string { return outcomeTable.String(v) }

// MarshalText implements [encoding.TextMarshaler].
func (v Outcome) MarshalText() ([]byte, error) {
	return outcomeTable.Marshal(v)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; a word outside the
// table is an error that matches [ErrInvalid].
func (v *Outcome) UnmarshalText(text []byte) error {
	return outcomeTable.Parse(text, v)
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

var benefitStatusTable = &enum.Table[BenefitStatus]{Pkg: "pmo", Kind: "benefit status", Type: "BenefitStatus", First: BenefitPlanned, Unset: true, Sentinel: ErrInvalid,
	Words: []string{"planned", "on_track", "at_risk", "realized", "not_realized"}}

// String returns the word used in files and rules, or "" when v is not set.
func (v BenefitStatus) String() string { return benefitStatusTable.String(v) }

// MarshalText implements [encoding.TextMarshaler].
func (v BenefitStatus) MarshalText() ([]byte, error) {
	return benefitStatusTable.Marshal(v)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; a word outside the
// table is an error that matches [ErrInvalid].
func (v *BenefitStatus) UnmarshalText(text []byte) error {
	return benefitStatusTable.Parse(text, v)
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

var documentStatusTable = &enum.Table[DocumentStatus]{Pkg: "pmo", Kind: "document status", Type: "DocumentStatus", First: DocumentDraft, Unset: true, Sentinel: ErrInvalid,
	Words: []string{"draft", "approved", "superseded"}}

// String returns the word used in files and rules, or "" when v is not set.
func (v DocumentStatus) String() string { return documentStatusTable.String(v) }

// MarshalText implements [encoding.TextMarshaler].
func (v DocumentStatus) MarshalText() ([]byte, error) {
	return documentStatusTable.Marshal(v)
}

// UnmarshalText implements [encoding.TextUnmarshaler]; a word outside the
// table is an error that matches [ErrInvalid].
func (v *DocumentStatus) UnmarshalText(text []byte) error {
	return documentStatusTable.Parse(text, v)
}

// IsZero reports whether v is not set.
func (v DocumentStatus) IsZero() bool { return v == 0 }
