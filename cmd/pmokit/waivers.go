package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pmokit/pmokit/governance"
)

var waiversUsage = `usage: pmokit waivers --portfolio FILE (--policy FILE|DIR ... | --pack TYPE) [--at DATE] [--waiver-warning DAYS] [--format FORMAT] [--max-input SIZE]

Lists the portfolio's waivers (portfolio.waivers) and where each stands at
the evaluation clock, with the checks pmokit check and pmokit gate apply:
  active    it holds
  expiring  it holds and expires within --waiver-warning
  expired   its expiry has passed
  invalid   it does not hold for another reason (approver, dates, duration,
            a non-waivable policy or rule, a condition false or erroring),
            or it names a policy, rule or subject that does not exist
Each expired or invalid waiver is listed with why. See docs/waivers.md.

flags:
  --portfolio FILE       the portfolio (YAML or JSON); - reads standard input
` + maxInputLines(25) + `  --policy FILE|DIR      a policy file, or a directory of them; repeatable;
                         - reads one policy from standard input
  --pack TYPE            add the built-in pack: supportive, controlling or directive
  --at DATE              the evaluation clock, YYYY-MM-DD or RFC 3339 (default: now)
  --waiver-warning DAYS  the expiring-soon window: days ("14", "14d") or a Go
                         duration ("36h"); 0 turns it off (default 14d)
  --format FORMAT        text (default) or json

exit status: 0 no invalid waiver, 1 an invalid waiver, 2 bad input, 3
internal error.
`

// waiversHelp is "pmokit help waivers": the short form of docs/waivers.md.
const waiversHelp = `Waivers: governed exceptions to governance policies (docs/waivers.md)

A portfolio's waivers are a top-level register, portfolio.waivers (a waiver's
subject may be the portfolio, a project or a change request, and a PMO reviews
its exceptions in one place):

  waivers:
    - id: W-1                      # required, unique
      policy: pmo-standards        # required: a policy of the set
      rule: manager-assigned       # optional: absent waives every rule of the policy
      subject: P-1                 # required: the portfolio's id, a project or a change
                                   #   request (project/change when the id is not unique)
      reason: manager being recruited                 # why (optional, expected)
      reference: PMO-12            # optional: a ticket, a board minute
      requested_by: u-pm           # a person; never the approver
      requested_on: 2026-11-01     # optional; the approval is not before it
      approved_by: u-pmo           # a person holding a role the policy allows
      approved_on: 2026-11-02
      expires: 2027-01-15          # required: the first day it no longer holds
      conditions:                  # CEL on the subject, all must hold
        - project.status_reports.exists(r, now - r.date < days(14))

A violation that a holding waiver covers is the result "waived": it keeps its
message and explanation, names the waiver, does not block and is counted apart
(counts.waived). A waiver holds when it is approved (approved_by; and
approved_on when max_waiver_days or requested_on need it), the approver holds one of the policy's waiver_approvers roles in
portfolio.people (default: pmo, portfolio_board) and is not the requester, it
was not approved before it was requested nor after now, it lasts no longer than the policy's
max_waiver_days from its approval, it has not expired (now < expires), the
policy and rule are waivable, and every condition is true. Otherwise the
violation stands and its message says why. An evaluation error is never
waived. A waiver naming a policy, rule or subject that does not exist is bad
input (exit 2).

Policies declare:
  waivable: false            # the policy, or one rule, cannot be waived
  waiver_approvers: [pmo]    # roles that may approve its waivers
  max_waiver_days: 90        # the longest a waiver may last

A waiver in use that expires within --waiver-warning (default 14 days) is a
warning result of its own (rule waiver-expiring). pmokit gate prints
CONDITIONAL GO when the move is allowed only because of waivers. pmokit
waivers lists every waiver: active, expiring, expired or invalid (exit 1).
`

// waiverWarningFlag is --waiver-warning: the expiring-soon window of
// waivers, in days or as a Go duration.
type waiverWarningFlag struct {
	d   time.Duration
	set bool
}

func (f *waiverWarningFlag) String() string {
	if !f.set {
		return ""
	}
	return f.d.String()
}

func (f *waiverWarningFlag) Set(s string) error {
	d, err := parseDays(s)
	if err != nil {
		return err
	}
	f.d, f.set = d, true
	return nil
}

// option is the evaluation option of the flag (nil when not given: the
// library's default window).
func (f *waiverWarningFlag) option() governance.EvalOption {
	if !f.set {
		return nil
	}
	return governance.WaiverWarning(f.d)
}

// registerWaiverWarning registers --waiver-warning on fs.
func registerWaiverWarning(fs *flag.FlagSet) *waiverWarningFlag {
	f := &waiverWarningFlag{}
	fs.Var(f, "waiver-warning", "the expiring-soon window of waivers: `DAYS` (14, 14d) or a Go duration; 0: off")
	return f
}

// maxWarningDays bounds --waiver-warning.
const maxWarningDays = 3650

// parseDays reads a number of days ("14", "14d") or a Go duration ("36h").
func parseDays(s string) (time.Duration, error) {
	bad := fmt.Errorf("invalid duration %q (want days such as 14 or 14d, or a Go duration such as 36h; 0 to turn off)", s)
	if n, err := strconv.Atoi(strings.TrimSuffix(s, "d")); err == nil {
		if n < 0 || n > maxWarningDays {
			return 0, bad
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 || d > maxWarningDays*24*time.Hour {
		return 0, bad
	}
	return d, nil
}

// evalOptions returns the options of an evaluation at now.
func evalOptions(now time.Time, warn *waiverWarningFlag) []governance.EvalOption {
	opts := []governance.EvalOption{governance.At(now)}
	if o := warn.option(); o != nil {
		opts = append(opts, o)
	}
	return opts
}

// writeWaived prints the waived results of a report (check and gate text
// output): each with its waiver, its expiry and the conditions that must
// keep holding.
func writeWaived(w io.Writer, rep *governance.Report) {
	ws := rep.Waived()
	if len(ws) == 0 {
		return
	}
	fmt.Fprintf(w, "waived (%d, not counted as violations):\n", len(ws))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, v := range ws {
		subject := fmt.Sprintf("%s %s", v.SubjectKind, v.Subject)
		if p := changeProject(v); p != "" {
			subject += " (project " + p + ")"
		}
		fmt.Fprintf(tw, "  %s\t%s/%s\t%s\t%s\n", v.Severity, v.Policy, v.Rule, subject, oneLine(v.Message))
		fmt.Fprintf(tw, "  \t\t  waiver %s until %s\n", v.WaiverID(), v.Waiver.Expires.Format(time.DateOnly))
		for _, c := range v.Waiver.Conditions {
			fmt.Fprintf(tw, "  \t\t  must hold: %s\n", oneLine(c))
		}
	}
	tw.Flush()
	fmt.Fprintln(w)
}

func runWaivers(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("waivers", waiversUsage, stderr)
	limit := registerMaxInput(fs)
	var (
		pol       policyFlags
		portfolio = fs.String("portfolio", "", "portfolio `FILE`")
		at        = fs.String("at", "", "evaluation clock")
		format    = fs.String("format", "text", "text or json")
	)
	warn := registerWaiverWarning(fs)
	pol.register(fs)
	if status, done := parseNoArgs(fs, waiversUsage, args, stdout); done {
		return status
	}
	if err := checkFormat(*format, "text", "json"); err != nil {
		return fail(stderr, "waivers", err)
	}
	now, err := parseAt(*at)
	if err != nil {
		return fail(stderr, "waivers", err)
	}
	in := newInputs(limit)
	pf, err := in.readPortfolio("--portfolio", *portfolio)
	if err != nil {
		return fail(stderr, "waivers", err)
	}
	set, err := pol.load(in)
	if err != nil {
		return fail(stderr, "waivers", err)
	}
	list, err := set.Waivers(context.Background(), pf, evalOptions(now, warn)...)
	if err != nil {
		return fail(stderr, "waivers", err)
	}
	counts := map[governance.WaiverState]int{}
	for _, st := range list {
		counts[st.State]++
	}
	status := exitOK
	if counts[governance.WaiverInvalid] > 0 {
		status = exitBlocked
	}
	out := &errWriter{w: stdout}
	if *format == "json" {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		type countsJSON struct {
			Active   int `json:"active"`
			Expiring int `json:"expiring"`
			Expired  int `json:"expired"`
			Invalid  int `json:"invalid"`
		}
		_ = enc.Encode(struct {
			Portfolio string                    `json:"portfolio"`
			Now       time.Time                 `json:"now"`
			Counts    countsJSON                `json:"counts"`
			Waivers   []governance.WaiverStatus `json:"waivers"`
		}{pf.ID, now, countsJSON{counts[governance.WaiverActive], counts[governance.WaiverExpiring],
			counts[governance.WaiverExpired], counts[governance.WaiverInvalid]}, list})
	} else {
		fmt.Fprintf(out, "waivers of portfolio %s at %s\n\n", pf.ID, now.Format(time.DateOnly))
		rows := make([][4]string, len(list))
		var width [4]int
		for i, st := range list {
			what := st.Policy
			if st.Rule != "" {
				what += "/" + st.Rule
			}
			rows[i] = [4]string{st.ID, st.State.String(), what, st.Subject}
			for j, cell := range rows[i] {
				width[j] = max(width[j], len(cell))
			}
		}
		for i, st := range list {
			r := rows[i]
			expires := "no expiry"
			if !st.Expires.IsZero() {
				expires = "expires " + st.Expires.Format(time.DateOnly)
			}
			fmt.Fprintf(out, "  %-*s  %-*s  %-*s  %-*s  %s\n", width[0], r[0], width[1], r[1], width[2], r[2], width[3], r[3], expires)
			indent := strings.Repeat(" ", 4+width[0]+width[1])
			for _, p := range st.Problems {
				fmt.Fprintf(out, "%s  %s\n", indent, oneLine(p))
			}
			for _, c := range st.Conditions {
				fmt.Fprintf(out, "%s  must hold: %s\n", indent, oneLine(c))
			}
			if st.Note != "" {
				fmt.Fprintf(out, "%s  note: %s\n", indent, st.Note)
			}
		}
		if len(list) > 0 {
			fmt.Fprintln(out)
		}
		fmt.Fprintf(out, "%s: %d active, %d expiring, %d expired, %d invalid\n", plural(len(list), "waiver"),
			counts[governance.WaiverActive], counts[governance.WaiverExpiring], counts[governance.WaiverExpired], counts[governance.WaiverInvalid])
	}
	if out.err != nil {
		return internal(stderr, "waivers", out.err)
	}
	return status
}

// sarifSuppression is a SARIF 2.1.0 suppression (§3.35): a waived result is
// reported with one, so that code scanning shows it as accepted, not open.
type sarifSuppression struct {
	Kind          string `json:"kind"`   // "external": the waiver is recorded outside the policy file
	Status        string `json:"status"` // "accepted"
	Justification string `json:"justification"`
}

// waived adds the report's waived results, each suppressed by its waiver.
func (b *sarifBuilder) waived(rules ruleIndex, rep *governance.Report) {
	for _, r := range rep.Waived() {
		b.add(rules, r, sarifLevel(r.Severity), subjectName(r)+": "+oneLine(r.Message), resultProperties(r))
		just := "waiver " + r.WaiverID() + " until " + r.Waiver.Expires.Format(time.DateOnly)
		if len(r.Waiver.Conditions) > 0 {
			just += "; must hold: " + strings.Join(r.Waiver.Conditions, "; ")
		}
		b.results[len(b.results)-1].Suppressions = []sarifSuppression{{Kind: "external", Status: "accepted", Justification: just}}
	}
}

// waivedAnnotations are the notices of the waived results (GitHub
// format): a waived violation is shown, as a notice that names its waiver,
// never as an error or a warning.
func waivedAnnotations(v reportView) []annotation {
	var out []annotation
	for _, r := range v.rep.Waived() {
		a := annotation{level: "notice", title: r.Policy + "/" + r.Rule + " (waived)",
			message: subjectName(r) + ": " + oneLine(r.Message) + " (waived by " + r.WaiverID() + " until " + r.Waiver.Expires.Format(time.DateOnly) + ")"}
		if src := v.rules.source(r.Policy, r.Rule); src.repoFile() != "" {
			a.file, a.line, a.column = src.file(), src.loc.Line, src.loc.Column
		}
		out = append(out, a)
	}
	return out
}
