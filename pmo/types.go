package pmo

import (
	"time"

	"github.com/shopspring/decimal"
)

// Portfolio is the root of the schema: a PMO's whole portfolio of programs and
// projects, with the people who run them.
//
// JSON and YAML field names are the struct tags below; they are also the field
// names CEL rules use (portfolio.projects, project.budget.approved, …). Dates
// are time.Time values at midnight UTC, written YYYY-MM-DD in files; the zero
// time means "not given". Optional money fields hold the zero [Money].
type Portfolio struct {
	ID          string    `json:"id" yaml:"id"`
	Name        string    `json:"name" yaml:"name"`
	Description string    `json:"description,omitempty" yaml:"description,omitempty"`
	PMOType     Type      `json:"pmo_type,omitzero" yaml:"pmo_type,omitempty"`
	Currency    string    `json:"currency,omitempty" yaml:"currency,omitempty"` // ISO 4217 code of the portfolio's reporting currency
	Budget      Money     `json:"budget,omitzero" yaml:"budget,omitempty"`
	Lifecycle   Lifecycle `json:"lifecycle,omitempty" yaml:"lifecycle,omitempty"` // ordered phases; empty means DefaultLifecycle()
	// StatusScale is the portfolio's status words, best first; empty means
	// DefaultStatusScale() (status.go).
	StatusScale StatusScale `json:"status_scale,omitempty" yaml:"status_scale,omitempty"`
	People      []Person    `json:"people,omitempty" yaml:"people,omitempty"`
	Programs    []Program   `json:"programs,omitempty" yaml:"programs,omitempty"`
	Projects    []Project   `json:"projects,omitempty" yaml:"projects,omitempty"`

	Calendars []Calendar `json:"calendars,omitempty" yaml:"calendars,omitempty"` // working-day calendars of the activities (activity.go)

	Waivers []Waiver `json:"waivers,omitempty" yaml:"waivers,omitempty"` // governed exceptions to governance policies (waiver.go)
}

// Person is someone who holds a role in the portfolio: sponsor, project
// manager, board member, risk owner… Roles are free words; the policy packs
// use sponsor, project_manager, pmo, portfolio_board and change_authority.
type Person struct {
	ID         string         `json:"id" yaml:"id"`
	Name       string         `json:"name" yaml:"name"`
	Email      string         `json:"email,omitempty" yaml:"email,omitempty"`
	Roles      []string       `json:"roles,omitempty" yaml:"roles,omitempty"`
	Attributes map[string]any `json:"attributes,omitempty" yaml:"attributes,omitempty"` // host-specific custom fields, any JSON value
}

// Program groups related projects that deliver a shared outcome.
type Program struct {
	ID          string         `json:"id" yaml:"id"`
	Name        string         `json:"name" yaml:"name"`
	Description string         `json:"description,omitempty" yaml:"description,omitempty"`
	Manager     string         `json:"manager,omitempty" yaml:"manager,omitempty"`       // a Person ID
	Sponsor     string         `json:"sponsor,omitempty" yaml:"sponsor,omitempty"`       // a Person ID
	Attributes  map[string]any `json:"attributes,omitempty" yaml:"attributes,omitempty"` // host-specific custom fields, any JSON value
}

// Project is one project of the portfolio with its plan (Start and Finish,
// and optionally the baseline's and the forecast's dates), money, health and
// RAID log. Person references (Sponsor, Manager, owners) are Person IDs;
// Program is a Program ID; Phase is one of the portfolio's lifecycle phases.
type Project struct {
	ID          string    `json:"id" yaml:"id"`
	Name        string    `json:"name" yaml:"name"`
	Description string    `json:"description,omitempty" yaml:"description,omitempty"`
	Program     string    `json:"program,omitempty" yaml:"program,omitempty"`
	Sponsor     string    `json:"sponsor,omitempty" yaml:"sponsor,omitempty"`
	Manager     string    `json:"manager,omitempty" yaml:"manager,omitempty"`
	Phase       string    `json:"phase" yaml:"phase"`
	Status      RAG       `json:"status,omitzero" yaml:"status,omitempty"`
	Start       time.Time `json:"start,omitzero" yaml:"start,omitempty"`
	Finish      time.Time `json:"finish,omitzero" yaml:"finish,omitempty"`
	// BaselineStart and BaselineFinish are the approved baseline's dates;
	// ForecastStart and ForecastFinish the current forecast's. Each pair
	// has start <= finish, as Start and Finish have.
	BaselineStart  time.Time    `json:"baseline_start,omitzero" yaml:"baseline_start,omitempty"`
	BaselineFinish time.Time    `json:"baseline_finish,omitzero" yaml:"baseline_finish,omitempty"`
	ForecastStart  time.Time    `json:"forecast_start,omitzero" yaml:"forecast_start,omitempty"`
	ForecastFinish time.Time    `json:"forecast_finish,omitzero" yaml:"forecast_finish,omitempty"`
	Budget         Budget       `json:"budget,omitzero" yaml:"budget,omitempty"`
	EarnedValue    *EarnedValue `json:"earned_value,omitempty" yaml:"earned_value,omitempty"`
	// Tolerances are the project tolerances (tolerance.go), Stages its
	// management stages (stage.go), each with its own plan and tolerances.
	Tolerances *Tolerances        `json:"tolerances,omitempty" yaml:"tolerances,omitempty"`
	Stages     []Stage            `json:"stages,omitempty" yaml:"stages,omitempty"`
	Scores     map[string]float64 `json:"scores,omitempty" yaml:"scores,omitempty"`         // prioritization inputs, e.g. business_value
	Attributes map[string]any     `json:"attributes,omitempty" yaml:"attributes,omitempty"` // host-specific custom fields, any JSON value

	StatusReports []StatusReport `json:"status_reports,omitempty" yaml:"status_reports,omitempty"`
	Documents     []Document     `json:"documents,omitempty" yaml:"documents,omitempty"`
	Milestones    []Milestone    `json:"milestones,omitempty" yaml:"milestones,omitempty"`
	Risks         []Risk         `json:"risks,omitempty" yaml:"risks,omitempty"`
	Issues        []Issue        `json:"issues,omitempty" yaml:"issues,omitempty"`
	Assumptions   []Assumption   `json:"assumptions,omitempty" yaml:"assumptions,omitempty"`
	Dependencies  []Dependency   `json:"dependencies,omitempty" yaml:"dependencies,omitempty"`
	Changes       []Change       `json:"changes,omitempty" yaml:"changes,omitempty"`
	Approvals     []Approval     `json:"approvals,omitempty" yaml:"approvals,omitempty"`
	Decisions     []Decision     `json:"decisions,omitempty" yaml:"decisions,omitempty"`
	Benefits      []Benefit      `json:"benefits,omitempty" yaml:"benefits,omitempty"`

	Activities []Activity `json:"activities,omitempty" yaml:"activities,omitempty"` // the activity network (activity.go)
}

// Budget is a project's money: the approved budget, the current forecast at
// completion, and the actual cost so far. Each is optional.
type Budget struct {
	Approved Money `json:"approved,omitzero" yaml:"approved,omitempty"`
	Forecast Money `json:"forecast,omitzero" yaml:"forecast,omitempty"`
	Actual   Money `json:"actual,omitzero" yaml:"actual,omitempty"`
}

// IsZero reports whether no figure of the budget is given.
func (b Budget) IsZero() bool {
	return b.Approved.IsZero() && b.Forecast.IsZero() && b.Actual.IsZero()
}

// EarnedValue is an earned-value snapshot of a project at a status date: budget
// at completion (BAC), planned value (PV), earned value (EV) and actual cost
// (AC). [EarnedValue.Metrics] derives the indices and forecasts.
type EarnedValue struct {
	AsOf time.Time `json:"as_of,omitzero" yaml:"as_of,omitempty"`
	BAC  Money     `json:"bac" yaml:"bac"`
	PV   Money     `json:"pv" yaml:"pv"`
	EV   Money     `json:"ev" yaml:"ev"`
	AC   Money     `json:"ac" yaml:"ac"`
}

// StatusReport is one periodic status report of a project: its date, overall
// RAG status and a summary. The policy packs check the reporting cadence from
// the latest report's date.
type StatusReport struct {
	Date       time.Time      `json:"date" yaml:"date"`
	Status     RAG            `json:"status,omitzero" yaml:"status,omitempty"`
	Summary    string         `json:"summary,omitempty" yaml:"summary,omitempty"`
	By         string         `json:"by,omitempty" yaml:"by,omitempty"`                 // a Person ID
	Attributes map[string]any `json:"attributes,omitempty" yaml:"attributes,omitempty"` // host-specific custom fields, any JSON value
}

// Document is a governance document of a project: a charter, a business case,
// a recovery plan, an exception report… Kind is a free word; the policy packs
// look for charter, business_case and recovery_plan.
type Document struct {
	ID         string         `json:"id" yaml:"id"`
	Title      string         `json:"title" yaml:"title"`
	Kind       string         `json:"kind,omitempty" yaml:"kind,omitempty"`
	Status     DocumentStatus `json:"status,omitzero" yaml:"status,omitempty"`
	ApprovedBy string         `json:"approved_by,omitempty" yaml:"approved_by,omitempty"` // a Person ID
	ApprovedOn time.Time      `json:"approved_on,omitzero" yaml:"approved_on,omitempty"`
	URL        string         `json:"url,omitempty" yaml:"url,omitempty"`
	Attributes map[string]any `json:"attributes,omitempty" yaml:"attributes,omitempty"` // host-specific custom fields, any JSON value
}

// Milestone is a dated checkpoint of a project: when it is due, and
// optionally the baseline and forecast dates of the work it closes.
type Milestone struct {
	ID     string    `json:"id" yaml:"id"`
	Name   string    `json:"name" yaml:"name"`
	Due    time.Time `json:"due,omitzero" yaml:"due,omitempty"`
	Done   bool      `json:"done,omitempty" yaml:"done,omitempty"`
	DoneOn time.Time `json:"done_on,omitzero" yaml:"done_on,omitempty"`
	// BaselineStart and BaselineFinish are the approved baseline's dates of
	// the work the milestone closes; ForecastStart and ForecastFinish the
	// current forecast's (ForecastFinish: when it is now expected). Each
	// pair has start <= finish.
	BaselineStart  time.Time      `json:"baseline_start,omitzero" yaml:"baseline_start,omitempty"`
	BaselineFinish time.Time      `json:"baseline_finish,omitzero" yaml:"baseline_finish,omitempty"`
	ForecastStart  time.Time      `json:"forecast_start,omitzero" yaml:"forecast_start,omitempty"`
	ForecastFinish time.Time      `json:"forecast_finish,omitzero" yaml:"forecast_finish,omitempty"`
	Attributes     map[string]any `json:"attributes,omitempty" yaml:"attributes,omitempty"` // host-specific custom fields, any JSON value
}

// Risk is an uncertain event that would affect a project: a threat or an
// opportunity. Probability is a fraction in 0..1; Impact is an ordinal on the
// risk matrix's impact scale (1..5 on the standard 5×5). CostImpact is the
// most likely cost if it occurs and CostRange, when given, its minimum and
// maximum (a three-point estimate); likewise for the schedule in days.
//
// Impacts is the consequence per dimension instead of the one Impact, e.g.
// {cost: 4, schedule: 2, performance: 3}: each an ordinal on the same scale,
// the dimensions named by the risk matrix, which says how they combine
// (package risk: the highest by default, as the DoD risk reporting matrix
// does). A risk gives Impact or Impacts, not both: Impact alone is the
// consequence on one unnamed dimension and is rated as it is on any matrix.
type Risk struct {
	ID                 string         `json:"id" yaml:"id"`
	Title              string         `json:"title" yaml:"title"`
	Kind               RiskKind       `json:"kind,omitzero" yaml:"kind,omitempty"` // not set reads as a threat
	Category           string         `json:"category,omitempty" yaml:"category,omitempty"`
	Owner              string         `json:"owner,omitempty" yaml:"owner,omitempty"` // a Person ID
	Probability        float64        `json:"probability,omitempty" yaml:"probability,omitempty"`
	Impact             int            `json:"impact,omitempty" yaml:"impact,omitempty"`
	Impacts            map[string]int `json:"impacts,omitempty" yaml:"impacts,omitempty"` // per consequence dimension, instead of impact
	CostImpact         Money          `json:"cost_impact,omitzero" yaml:"cost_impact,omitempty"`
	CostRange          *MoneyRange    `json:"cost_range,omitempty" yaml:"cost_range,omitempty"`
	ScheduleImpactDays float64        `json:"schedule_impact_days,omitempty" yaml:"schedule_impact_days,omitempty"`
	ScheduleRangeDays  *DaysRange     `json:"schedule_range_days,omitempty" yaml:"schedule_range_days,omitempty"`
	Response           Response       `json:"response,omitzero" yaml:"response,omitempty"`
	Status             RiskStatus     `json:"status,omitzero" yaml:"status,omitempty"`
	Raised             time.Time      `json:"raised,omitzero" yaml:"raised,omitempty"`
	ReviewDate         time.Time      `json:"review_date,omitzero" yaml:"review_date,omitempty"` // next review
	Residual           *Residual      `json:"residual,omitempty" yaml:"residual,omitempty"`      // after the response
	Attributes         map[string]any `json:"attributes,omitempty" yaml:"attributes,omitempty"`  // host-specific custom fields, any JSON value
}

// MoneyRange is the minimum and maximum of a three-point cost estimate; the
// most likely value is the risk's CostImpact.
type MoneyRange struct {
	Min Money `json:"min" yaml:"min"`
	Max Money `json:"max" yaml:"max"`
}

// DaysRange is the minimum and maximum of a three-point schedule estimate in
// days; the most likely value is the risk's ScheduleImpactDays.
type DaysRange struct {
	Min float64 `json:"min" yaml:"min"`
	Max float64 `json:"max" yaml:"max"`
}

// Residual is a risk's expected probability and impact once its response is
// in place; the Risk's own figures are then the inherent ones. Impacts
// gives the residual consequence of some dimensions of a risk rated per
// dimension (the others keep their inherent level); a risk with the single
// Impact gives the single residual Impact.
type Residual struct {
	Probability float64        `json:"probability,omitempty" yaml:"probability,omitempty"`
	Impact      int            `json:"impact,omitempty" yaml:"impact,omitempty"`
	Impacts     map[string]int `json:"impacts,omitempty" yaml:"impacts,omitempty"`
	CostImpact  Money          `json:"cost_impact,omitzero" yaml:"cost_impact,omitempty"`
}

// Issue is a problem that has happened and needs resolving.
type Issue struct {
	ID         string         `json:"id" yaml:"id"`
	Title      string         `json:"title" yaml:"title"`
	Severity   Severity       `json:"severity,omitzero" yaml:"severity,omitempty"`
	Owner      string         `json:"owner,omitempty" yaml:"owner,omitempty"` // a Person ID
	Status     IssueStatus    `json:"status,omitzero" yaml:"status,omitempty"`
	Opened     time.Time      `json:"opened,omitzero" yaml:"opened,omitempty"`
	Due        time.Time      `json:"due,omitzero" yaml:"due,omitempty"`
	Closed     time.Time      `json:"closed,omitzero" yaml:"closed,omitempty"`
	Attributes map[string]any `json:"attributes,omitempty" yaml:"attributes,omitempty"` // host-specific custom fields, any JSON value
}

// Assumption is something the plan takes as true without proof.
type Assumption struct {
	ID         string           `json:"id" yaml:"id"`
	Statement  string           `json:"statement" yaml:"statement"`
	Owner      string           `json:"owner,omitempty" yaml:"owner,omitempty"` // a Person ID
	Status     AssumptionStatus `json:"status,omitzero" yaml:"status,omitempty"`
	ValidateBy time.Time        `json:"validate_by,omitzero" yaml:"validate_by,omitempty"`
	Attributes map[string]any   `json:"attributes,omitempty" yaml:"attributes,omitempty"` // host-specific custom fields, any JSON value
}

// Dependency is this project's need for another project of the portfolio.
type Dependency struct {
	ID          string         `json:"id" yaml:"id"`
	On          string         `json:"on" yaml:"on"` // a Project ID
	Type        DependencyType `json:"type,omitzero" yaml:"type,omitempty"`
	NeededBy    time.Time      `json:"needed_by,omitzero" yaml:"needed_by,omitempty"`
	Description string         `json:"description,omitempty" yaml:"description,omitempty"`
	Attributes  map[string]any `json:"attributes,omitempty" yaml:"attributes,omitempty"` // host-specific custom fields, any JSON value
}

// Change is a change request against a project's baseline: who asked, its
// cost and schedule impact, and who decided it.
type Change struct {
	ID                 string         `json:"id" yaml:"id"`
	Title              string         `json:"title" yaml:"title"`
	RequestedBy        string         `json:"requested_by,omitempty" yaml:"requested_by,omitempty"` // a Person ID
	Requested          time.Time      `json:"requested,omitzero" yaml:"requested,omitempty"`
	CostImpact         Money          `json:"cost_impact,omitzero" yaml:"cost_impact,omitempty"`
	ScheduleImpactDays float64        `json:"schedule_impact_days,omitempty" yaml:"schedule_impact_days,omitempty"`
	Status             ChangeStatus   `json:"status,omitzero" yaml:"status,omitempty"`
	DecidedBy          string         `json:"decided_by,omitempty" yaml:"decided_by,omitempty"` // a Person ID
	DecidedOn          time.Time      `json:"decided_on,omitzero" yaml:"decided_on,omitempty"`
	Attributes         map[string]any `json:"attributes,omitempty" yaml:"attributes,omitempty"` // host-specific custom fields, any JSON value
}

// Approval is one person's verdict, in a role, on a project moving to a phase
// (Gate names the phase being entered).
type Approval struct {
	Gate        string           `json:"gate" yaml:"gate"`
	Role        string           `json:"role,omitempty" yaml:"role,omitempty"`
	By          string           `json:"by,omitempty" yaml:"by,omitempty"`                     // a Person ID
	RequestedBy string           `json:"requested_by,omitempty" yaml:"requested_by,omitempty"` // a Person ID
	Decision    ApprovalDecision `json:"decision,omitzero" yaml:"decision,omitempty"`
	On          time.Time        `json:"on,omitzero" yaml:"on,omitempty"`
	Comment     string           `json:"comment,omitempty" yaml:"comment,omitempty"`
	Attributes  map[string]any   `json:"attributes,omitempty" yaml:"attributes,omitempty"` // host-specific custom fields, any JSON value
}

// Decision is an entry of a project's decision log: a gate verdict or any
// other recorded decision (a budget exception, a recovery plan…). Gate names
// the phase being entered for a gate decision; Subject says what else the
// decision is about (free word, e.g. budget_tolerance, or a change ID).
type Decision struct {
	ID         string         `json:"id" yaml:"id"`
	Title      string         `json:"title" yaml:"title"`
	Gate       string         `json:"gate,omitempty" yaml:"gate,omitempty"`
	Subject    string         `json:"subject,omitempty" yaml:"subject,omitempty"`
	Outcome    Outcome        `json:"outcome,omitzero" yaml:"outcome,omitempty"`
	By         []string       `json:"by,omitempty" yaml:"by,omitempty"` // Person IDs
	On         time.Time      `json:"on,omitzero" yaml:"on,omitempty"`
	Rationale  string         `json:"rationale,omitempty" yaml:"rationale,omitempty"`
	Attributes map[string]any `json:"attributes,omitempty" yaml:"attributes,omitempty"` // host-specific custom fields, any JSON value
}

// Benefit is a measurable improvement the project is expected to deliver.
type Benefit struct {
	ID          string          `json:"id" yaml:"id"`
	Description string          `json:"description" yaml:"description"`
	Owner       string          `json:"owner,omitempty" yaml:"owner,omitempty"` // a Person ID
	Measure     string          `json:"measure,omitempty" yaml:"measure,omitempty"`
	Target      decimal.Decimal `json:"target,omitzero" yaml:"target,omitempty"`
	TargetDate  time.Time       `json:"target_date,omitzero" yaml:"target_date,omitempty"`
	Status      BenefitStatus   `json:"status,omitzero" yaml:"status,omitempty"`
	Attributes  map[string]any  `json:"attributes,omitempty" yaml:"attributes,omitempty"` // host-specific custom fields, any JSON value
}
