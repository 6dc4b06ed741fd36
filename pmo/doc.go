// Package pmo is pmokit's domain model of a PMO's portfolio: typed data for
// programs, projects and their RAID logs, exact money, the project lifecycle,
// earned value, and a strict reader and writer for portfolio files.
//
// The other packages build on it: governance evaluates CEL policies over a
// [Portfolio], prioritize ranks its projects, risk assesses and simulates
// their [Risk] registers. pmo itself holds data and the behaviour that
// belongs to the data; it has no engines.
//
// # Schema
//
// A [Portfolio] has [Person] records, [Program] records and [Project]
// records. A project has a [Budget], an optional [EarnedValue] snapshot,
// prioritization Scores, host-specific Attributes (any JSON value) and its
// lists: [StatusReport], [Document], [Milestone], [Risk], [Issue],
// [Assumption], [Dependency], [Change], [Approval], [Decision] and [Benefit].
// Every record but the budget and earned-value snapshot (a person, a
// program, a project, each item of its lists and each activity) may carry
// Attributes: host-specific fields, any JSON value, read and checked like
// the project's and visible to CEL rules as x.attributes.
// References between records are IDs: a project's Sponsor is a Person ID,
// its Program a Program ID, a dependency's On a Project ID.
//
// One schema serves JSON files, YAML files, Go and CEL rules: the JSON field
// names in the struct tags (snake_case: earned_value, cost_impact…) are the
// names used everywhere. Enumerations ([RiskStatus], [Response]…) are
// typed integers whose words ("open", "mitigate") come from their
// MarshalText and UnmarshalText methods. A status ([RAG]) is a word of the
// portfolio's own [StatusScale] (status_scale; default green, amber, red),
// checked against it when the portfolio is read or validated.
//
// A [Risk] gives its consequence as one ordinal Impact or as Impacts per
// consequence dimension ({cost: 4, schedule: 2, performance: 3}), not both;
// the dimensions are free words that the risk matrix names, and package
// risk combines them (the highest by default, as the DoD risk reporting
// matrix does).
//
// A project may have management [Stage] records (PRINCE2 stages, distinct
// from the lifecycle phase) and [Tolerances] (cost, time, scope, risk,
// quality, benefits; each a plus and a minus [Limit]) at project and stage
// level; [Project.CheckTolerances] and [Stage.CheckTolerances] measure the
// cost and time forecasts against them.
//
// The portfolio's [Waiver] register (waivers, a top-level list because a
// waiver's subject may be the portfolio, a project or a change request, and
// a PMO reviews its exceptions in one place) records governed exceptions to
// governance policies: the policy and rule waived, the subject, the reason,
// who asked and who approved, when it expires, and the CEL conditions that
// must hold meanwhile. pmo checks the data; package governance decides
// whether a waiver holds.
//
// # Reading, validating, writing
//
// [ReadPortfolio] reads JSON or YAML and is strict: an unknown field, a
// malformed money or date, a word outside its enum, a probability outside
// 0..1, a duplicate ID, a reference to a person, program or project that does
// not exist, a phase outside the lifecycle, a missing required field — each
// is a [*FieldError] with its path, line and column
// (pmo: projects[3].budget.approved: invalid money "12x USD"), and all of
// them are returned together, joined with [errors.Join]. Every such error
// matches [ErrInvalid]. The format is decided once (a file starting with
// '{' is JSON, read by JSON's grammar only); anything after the first JSON
// value or YAML document is an error at its position; duplicate keys, YAML
// aliases (an alias bomb costs nothing), merge keys and tags outside the
// core schema are errors; nesting is bounded; figures are within their
// documented ranges ([Portfolio.Validate]).
//
// Limits: a JSON input is at most [MaxInputSize] (64 MiB) and a YAML one
// [MaxYAMLInputSize] (16 MiB) unless [ReadOptions.MaxBytes] says otherwise;
// an endless reader costs the limit. Peak memory per input byte is at
// most about 2.9× for realistic JSON (decoded as it is parsed, one list
// item at a time) and 31× for YAML, at most about 40× and 140× on adversarial shapes
// (BenchmarkReadPortfolioMemory).
//
// JSON is parsed by the package itself (internal/document, shared by every
// pmokit reader); on a generated 10,000-project portfolio a strict read
// with every check is faster than encoding/json decoding the same file into
// structs of the same shape (BenchmarkReadPortfolio against
// BenchmarkReadPortfolioTyped). YAML goes through yaml.v3, whose parse
// dominates the cost.
//
// [Portfolio.Validate] applies the same rules, with the same messages, to a
// portfolio built in Go. [Portfolio.WriteJSON] and [Portfolio.WriteYAML] write
// a portfolio that ReadPortfolio reads back to an equal value.
//
// # Money
//
// [Money] is an exact decimal amount and an ISO 4217 currency, written
// "1250000.00 USD" in files; [ParseMoney] reads it and [Money.String] prints
// its canonical form. Money is never a float64. Arithmetic ([Money.Add],
// [Money.Sub], [Sum]) and comparison ([Money.Cmp]) of different currencies
// return an error matching [ErrCurrencyMismatch]: pmokit never converts.
//
// # Earned value
//
// [EarnedValue.Metrics] derives CV, SV, CPI, SPI, EAC, ETC, VAC, TCPI and the
// atypical and composite EACs from BAC, PV, EV and AC with the DAU Gold Card
// formulas, in exact decimals (quotients that do not terminate keep
// [EVPrecision] places). A ratio with a zero denominator — CPI of a project
// that has spent nothing — is not an error: the figure is left zero and its
// Defined flag in [EVMetrics] is false.
//
// # Lifecycle
//
// A [Lifecycle] is the ordered list of phases a project passes through;
// [DefaultLifecycle] is initiation, planning, execution, closing, and a
// portfolio may define its own ([Portfolio.Phases]). Phases compare by their
// position ([Lifecycle.Compare]).
//
// # Zero values
//
// The zero value of an optional field means "not given": the empty string,
// zero numbers, the zero [time.Time], the zero Money (no amount and no
// currency; "0 USD" is given), a nil pointer, list or map. The writers leave
// such fields out and the reader reads absent fields, null values, empty
// lists and empty mappings back as zero values. Dates are midnight UTC;
// timestamps are converted to UTC.
//
// # Concurrency
//
// Values of this package are plain data with no hidden state: reading them
// from several goroutines is safe, modifying one while others read it is not.
// The functions of the package keep no global state and may be called
// concurrently.
package pmo
