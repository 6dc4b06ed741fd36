// Package schedule analyses the activity networks of a portfolio's
// projects ([pmo.Activity]): the critical path method (CPM) and schedule
// risk analysis by Monte Carlo simulation.
//
// # Critical path
//
// [CPM] runs a forward pass (early start and finish), takes each
// project's finish, and runs a backward pass (late start and finish) over
// the network of every project, links across projects included. It
// returns a [Schedule]: per [Project] its finish date, its activities'
// early and late dates, total and free float in working days, and its
// critical paths. Links are finish-to-start, start-to-start,
// finish-to-finish or start-to-finish with a lag (or a lead) in working
// days; start and finish constraints bound the dates. A cycle is an error
// that names its activities ([CycleError], matching [ErrCycle]).
//
// Time runs on working-day calendars ([pmo.Calendar]): the weekdays worked
// and the holidays; an activity without a calendar works Monday to Friday.
// Durations may be fractions of a day. Dates are the working days an
// activity starts and finishes on; the figures ES, EF, LS and LF are the
// working days since the project's start, as in textbook tables.
//
// # Schedule risk
//
// [Simulate] draws each activity's duration from its three-point estimate
// (triangular or Beta-PERT), lets each risk mapped to activities occur with
// its probability and delay them, correlates durations (and a risk's cost
// with its delay) through a Gaussian copula, and runs the network for every
// trial. Its [Simulation] gives the P-quantiles of each project's and
// milestone's finish date, each activity's criticality index, the
// activities that drive a finish, and the joint confidence of a date and a
// budget (NASA's JCL). It is seeded and gives the same result whatever
// GOMAXPROCS.
//
// # Guarantees
//
// Every result is immutable and safe for concurrent use by multiple
// goroutines; callers must not modify the slices it returns. The input
// portfolio is read, never modified. CPM costs time linear in activities
// and links (BenchmarkCPM10k: 10,000 activities).
package schedule
