package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
)

var diffUsage = `usage: pmokit diff (--old FILE|DIR ... --new FILE|DIR ... | --policy FILE|DIR ... | --pack TYPE)
                   (--portfolio FILE | --old-portfolio FILE --new-portfolio FILE)
                   [--project ID --to PHASE] [--at DATE] [--format FORMAT] [--fail-on-new WHAT] [--max-input SIZE]

Shows what a change does to the verdicts before it merges: evaluates the old
and the new policies over one portfolio (a policy change), or one set of
policies over an old and a new portfolio (a data change), or both, with the
same clock, and lists per subject every rule whose verdict changed — newly
failing, newly passing, severity or message changed, outcome changed
between pass and skipped — with an explanation, the subjects newly blocked
or unblocked, and the rules added or removed. With --project and --to it
compares the two sides' gate checks of that project's move instead
(gate-scope policies and the project's own rules, as pmokit gate).

flags:
  --old FILE|DIR        the old policies (repeatable); with --old-pack TYPE
  --new FILE|DIR        the new policies (repeatable); with --new-pack TYPE
  --policy FILE|DIR     policies of both sides (repeatable), with --pack TYPE,
                        when only the portfolio changes
  --portfolio FILE      the portfolio of both sides
  --old-portfolio FILE  the old portfolio snapshot
  --new-portfolio FILE  the new portfolio snapshot
` + maxInputLines(24) + `  --project ID          compare the gate checks of this project's move...
  --to PHASE            ...into this phase, instead of the whole portfolio
  --at DATE             the evaluation clock of both sides, YYYY-MM-DD or
                        RFC 3339 (default: now, read once)
  --format FORMAT       text (default), json, markdown (a pull-request
                        comment), junit, sarif (SARIF 2.1.0) or github
                        (workflow commands)
  --fail-on-new WHAT    what fails the run (exit 1): blocked (default: a
                        subject newly blocked), violations (any newly failing
                        rule) or none
  Each file flag takes - for standard input (one of them at most).

exit status: 0 the change is clean under --fail-on-new, 1 it newly blocks
(or newly fails), 2 bad input, 3 internal error.
`

// diffFormats are the --format values of diff.
var diffFormats = []string{"text", "json", "markdown", "junit", "sarif", "github"}

// failOnNew is diff's --fail-on-new.
type failOnNew string

func (f *failOnNew) Set(s string) error {
	switch s {
	case "blocked", "violations", "none":
		*f = failOnNew(s)
		return nil
	}
	return errors.New("want blocked, violations or none")
}

func (f *failOnNew) String() string { return string(*f) }

// fails reports whether the impact fails the run.
func (f failOnNew) fails(r *governance.ImpactReport) bool {
	switch f {
	case "blocked":
		return r.Counts.NewlyBlocked > 0
	case "violations":
		return r.Counts.NewlyFailing > 0
	}
	return false
}

func runDiff(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("diff", diffUsage, stderr)
	limit := registerMaxInput(fs)
	var (
		oldPol, newPol, both policyFlags
		portfolio            = fs.String("portfolio", "", "portfolio `FILE` of both sides")
		oldPortfolio         = fs.String("old-portfolio", "", "old portfolio `FILE`")
		newPortfolio         = fs.String("new-portfolio", "", "new portfolio `FILE`")
		at                   = fs.String("at", "", "evaluation clock")
		format               = fs.String("format", "text", "text, json, markdown, junit, sarif or github")
		project              = fs.String("project", "", "gate check: the project `ID` that moves")
		to                   = fs.String("to", "", "gate check: the `PHASE` it enters")
		failOn               = failOnNew("blocked")
	)
	oldPol.registerAs(fs, "old", "old-pack")
	newPol.registerAs(fs, "new", "new-pack")
	both.register(fs)
	fs.Var(&failOn, "fail-on-new", "what fails the run: blocked, violations or none")
	if status, done := parseNoArgs(fs, diffUsage, args, stdout); done {
		return status
	}
	if err := checkFormat(*format, diffFormats...); err != nil {
		return fail(stderr, "diff", err)
	}
	// The sides: policies from --old/--new, or --policy/--pack for both;
	// portfolio from --portfolio, or --old-portfolio/--new-portfolio.
	switch {
	case both.given() && (oldPol.given() || newPol.given()):
		return fail(stderr, "diff", errors.New("give --old and --new (a policy change) or --policy/--pack (policies of both sides), not both"))
	case !both.given() && (!oldPol.given() || !newPol.given()):
		return fail(stderr, "diff", errors.New("no policies: give --old and --new (with --old-pack, --new-pack), or --policy/--pack for both sides"))
	}
	switch {
	case *portfolio != "" && (*oldPortfolio != "" || *newPortfolio != ""):
		return fail(stderr, "diff", errors.New("give --portfolio or --old-portfolio and --new-portfolio, not both"))
	case *portfolio == "" && (*oldPortfolio == "" || *newPortfolio == ""):
		return fail(stderr, "diff", errors.New("no portfolio: give --portfolio FILE, or --old-portfolio FILE and --new-portfolio FILE"))
	}
	if (*project == "") != (*to == "") {
		return fail(stderr, "diff", errors.New("give --project and --to together (a gate check), or neither"))
	}
	now, err := parseAt(*at)
	if err != nil {
		return fail(stderr, "diff", err)
	}
	in := newInputs(limit)
	var oldPF, newPF *pmo.Portfolio
	if *portfolio != "" {
		if oldPF, err = in.readPortfolio("--portfolio", *portfolio); err != nil {
			return fail(stderr, "diff", err)
		}
		newPF = oldPF
	} else {
		var errs []error
		oldPF, err = in.readPortfolio("--old-portfolio", *oldPortfolio)
		errs = append(errs, err)
		newPF, err = in.readPortfolio("--new-portfolio", *newPortfolio)
		errs = append(errs, err)
		if err := errors.Join(errs...); err != nil {
			return fail(stderr, "diff", err)
		}
	}
	var (
		oldSet, newSet     *governance.PolicySet
		oldRules, newRules ruleIndex
	)
	if both.given() {
		if oldSet, err = both.load(in); err != nil {
			return fail(stderr, "diff", err)
		}
		newSet = oldSet
		oldRules = newRuleIndex(both.parsed, both.fromPack)
		newRules = oldRules
	} else {
		var errs []error
		oldSet, err = oldPol.load(in)
		errs = append(errs, prefixErr("old policies", err))
		newSet, err = newPol.load(in)
		errs = append(errs, prefixErr("new policies", err))
		if err := errors.Join(errs...); err != nil {
			return fail(stderr, "diff", err)
		}
		oldRules = newRuleIndex(oldPol.parsed, oldPol.fromPack)
		newRules = newRuleIndex(newPol.parsed, newPol.fromPack)
	}
	ctx := context.Background()
	var impact *governance.ImpactReport
	switch {
	case *project != "":
		impact, err = gateChanged(ctx, oldSet, newSet, oldPF, newPF, *project, *to, now)
	case oldSet == newSet:
		impact, err = governance.SnapshotImpact(ctx, oldSet, oldPF, newPF, governance.At(now))
	case oldPF == newPF:
		impact, err = governance.Impact(ctx, oldSet, newSet, oldPF, governance.At(now))
	default:
		impact, err = bothChanged(ctx, oldSet, newSet, oldPF, newPF, now)
	}
	if err != nil {
		return fail(stderr, "diff", err)
	}
	view := diffView{at: now, impact: impact, failOn: failOn, oldRules: oldRules, newRules: newRules}
	switch *format {
	case "json":
		err = view.writeJSON(stdout)
	case "markdown":
		err = view.writeMarkdown(stdout)
	case "junit":
		err = writeJUnit(stdout, view.junit())
	case "sarif":
		err = writeSARIF(stdout, view.sarif())
	case "github":
		err = writeGitHub(stdout, view.annotations())
	default:
		err = view.writeText(stdout)
	}
	if err != nil {
		return internal(stderr, "diff", err)
	}
	if failOn.fails(impact) {
		return exitBlocked
	}
	return exitOK
}

// gateChanged compares the two sides' gate checks of one project's move.
func gateChanged(ctx context.Context, oldSet, newSet *governance.PolicySet, oldPF, newPF *pmo.Portfolio, project, to string, now time.Time) (*governance.ImpactReport, error) {
	oldRep, err := oldSet.CheckGate(ctx, oldPF, project, to, governance.At(now))
	if err != nil {
		return nil, fmt.Errorf("old side: %w", err)
	}
	newRep, err := newSet.CheckGate(ctx, newPF, project, to, governance.At(now))
	if err != nil {
		return nil, fmt.Errorf("new side: %w", err)
	}
	return governance.Compare(oldRep, newRep), nil
}

// bothChanged compares old policies over the old portfolio with new
// policies over the new one.
func bothChanged(ctx context.Context, oldSet, newSet *governance.PolicySet, oldPF, newPF *pmo.Portfolio, now time.Time) (*governance.ImpactReport, error) {
	oldRep, err := oldSet.Evaluate(ctx, oldPF, governance.At(now))
	if err != nil {
		return nil, fmt.Errorf("old side: %w", err)
	}
	newRep, err := newSet.Evaluate(ctx, newPF, governance.At(now))
	if err != nil {
		return nil, fmt.Errorf("new side: %w", err)
	}
	return governance.Compare(oldRep, newRep), nil
}

func prefixErr(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", what, err)
}

// diffView is what diff prints.
type diffView struct {
	at                 time.Time
	impact             *governance.ImpactReport
	failOn             failOnNew
	oldRules, newRules ruleIndex
}

// verdict is the last line of the text and the title of the Markdown.
func (v diffView) verdict() string {
	c := v.impact.Counts
	switch {
	case c.NewlyBlocked > 0:
		return "the change newly blocks " + plural(c.NewlyBlocked, "subject")
	case c.NewlyFailing > 0:
		return "the change newly fails " + plural(c.NewlyFailing, "rule") + " and blocks nothing new"
	case len(v.impact.Subjects) == 0:
		return "no verdict changes"
	}
	return "the change blocks nothing new"
}

func (v diffView) countsLine() string {
	c := v.impact.Counts
	return fmt.Sprintf("%d newly blocked, %d unblocked; %d newly failing, %d newly passing, %d newly waived, %d severity changed, %d message changed, %d outcome changed",
		c.NewlyBlocked, c.Unblocked, c.NewlyFailing, c.NewlyPassing, c.NewlyWaived, c.SeverityChanged, c.MessageChanged, c.OutcomeChanged)
}

func ruleList(rs []governance.RuleRef) string {
	if len(rs) == 0 {
		return "none"
	}
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = r.Policy + "/" + r.Rule
	}
	return strings.Join(names, ", ")
}

// subjectLabel names an impacted subject: "project P-1", "change CR-7
// (project P-1)", with "(new)" or "(removed)".
func subjectLabel(s governance.SubjectImpact) string {
	l := s.SubjectKind.String() + " " + s.Subject
	if s.SubjectKind == governance.SubjectChange && s.Project != "" {
		l += " (project " + s.Project + ")"
	}
	switch {
	case s.Added:
		l += " (new)"
	case s.Removed:
		l += " (removed)"
	}
	return l
}

func blockState(s governance.SubjectImpact) string {
	switch {
	case s.NewlyBlocked():
		return "NEWLY BLOCKED"
	case s.Unblocked():
		return "unblocked"
	case s.NewBlocked:
		return "still blocked"
	}
	return ""
}

func kindWords(k governance.ChangeKind) string { return strings.ReplaceAll(k.String(), "_", " ") }

func (v diffView) writeText(w io.Writer) error {
	fmt.Fprintf(w, "impact at %s: %s\n", v.at.Format("2006-01-02"), v.countsLine())
	fmt.Fprintf(w, "rules added: %s\nrules removed: %s\n\n", ruleList(v.impact.RulesAdded), ruleList(v.impact.RulesRemoved))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, s := range v.impact.Subjects {
		head := subjectLabel(s)
		if b := blockState(s); b != "" {
			head += ": " + b
		}
		fmt.Fprintln(tw, head)
		for _, c := range s.Changes {
			fmt.Fprintf(tw, "  %s\t%s/%s\t%s\n", kindWords(c.Kind), c.Policy, c.Rule, c.Explanation)
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, v.verdict())
	return err
}

// markdownCell makes s safe in a Markdown table cell: one line, pipes and
// backslashes escaped, HTML tags and code spans neutralized.
var markdownCell = strings.NewReplacer(`\`, `\\`, "|", `\|`, "\n", " ", "\r", " ", "<", "&lt;", "`", "'")

func (v diffView) writeMarkdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "### pmokit diff: %s\n\n", v.verdict())
	c := v.impact.Counts
	fmt.Fprintf(&b, "Evaluated at %s.\n\n", v.at.Format("2006-01-02"))
	fmt.Fprintf(&b, "| newly blocked | unblocked | newly failing | newly passing | newly waived | severity changed | message changed | outcome changed |\n")
	fmt.Fprintf(&b, "|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	fmt.Fprintf(&b, "| %d | %d | %d | %d | %d | %d | %d | %d |\n\n",
		c.NewlyBlocked, c.Unblocked, c.NewlyFailing, c.NewlyPassing, c.NewlyWaived, c.SeverityChanged, c.MessageChanged, c.OutcomeChanged)
	fmt.Fprintf(&b, "Rules added: %s. Rules removed: %s.\n\n", markdownCell.Replace(ruleList(v.impact.RulesAdded)), markdownCell.Replace(ruleList(v.impact.RulesRemoved)))
	if len(v.impact.Subjects) > 0 {
		b.WriteString("| subject | verdict | change | rule | explanation |\n|---|---|---|---|---|\n")
		for _, s := range v.impact.Subjects {
			state := blockState(s)
			if state == "NEWLY BLOCKED" {
				state = "**newly blocked**"
			}
			for _, ch := range s.Changes {
				fmt.Fprintf(&b, "| %s | %s | %s | `%s/%s` | %s |\n", markdownCell.Replace(subjectLabel(s)), state, kindWords(ch.Kind),
					markdownCell.Replace(ch.Policy), markdownCell.Replace(ch.Rule), markdownCell.Replace(ch.Explanation))
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// diffJSON is diff's JSON output; its field names are documented in doc.go.
type diffJSON struct {
	Command   string                   `json:"command"`
	Now       string                   `json:"now"`
	FailOnNew string                   `json:"fail_on_new"`
	Fails     bool                     `json:"fails"`
	Impact    *governance.ImpactReport `json:"impact"`
}

func (v diffView) writeJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(diffJSON{Command: "diff", Now: v.at.UTC().Format(time.RFC3339), FailOnNew: string(v.failOn), Fails: v.failOn.fails(v.impact), Impact: v.impact})
}

// fails reports whether change c of subject s fails the run under
// --fail-on-new: with violations, any newly failing rule; with blocked,
// a change that makes an error-severity violation on a newly blocked
// subject (newly failing, or a violation whose severity rose to error).
func (f failOnNew) failsChange(s governance.SubjectImpact, c governance.Change) bool {
	switch f {
	case "violations":
		return c.Kind == governance.ChangeNewlyFailing
	case "blocked":
		blocking := func(r *governance.Result) bool {
			return r != nil && r.IsViolation() && r.Severity == governance.SeverityError
		}
		return s.NewlyBlocked() && blocking(c.New) && !blocking(c.Old)
	}
	return false
}

// changeResult is the result a change is about: the new one, or the old
// one when the rule or subject is gone.
func changeResult(c governance.Change) governance.Result {
	if c.New != nil {
		return *c.New
	}
	return *c.Old
}

// changeRules returns the rule index of the side the change's result is
// from.
func (v diffView) changeRules(c governance.Change) ruleIndex {
	if c.New == nil {
		return v.oldRules
	}
	return v.newRules
}

// changeLevel is a change's level in the machine formats: error when it
// fails the run, warning when it is a newly failing rule that does not,
// notice otherwise.
func (v diffView) changeLevel(s governance.SubjectImpact, c governance.Change) string {
	switch {
	case v.failOn.failsChange(s, c):
		return "error"
	case c.Kind == governance.ChangeNewlyFailing:
		return "warning"
	}
	return "notice"
}

func changeText(s governance.SubjectImpact, c governance.Change) string {
	return subjectLabel(s) + ": " + kindWords(c.Kind) + ": " + c.Explanation
}

// annotations returns a workflow command per change (see changeLevel), at
// the rule's line in the new policies (the old ones for a removed rule).
func (v diffView) annotations() []annotation {
	var out []annotation
	for _, s := range v.impact.Subjects {
		for _, c := range s.Changes {
			a := annotation{level: v.changeLevel(s, c), title: "pmokit diff " + c.Policy + "/" + c.Rule, message: changeText(s, c)}
			if src := v.changeRules(c).source(c.Policy, c.Rule); src.repoFile() != "" {
				a.file, a.line, a.column = src.file(), src.loc.Line, src.loc.Column
			}
			out = append(out, a)
		}
	}
	return out
}

// junit returns a case per change, one suite per policy in order of first
// change: a failure when the change fails the run, else a passed case whose
// output is the change.
func (v diffView) junit() junitReport {
	out := junitReport{Name: "pmokit diff"}
	index := map[string]int{}
	for _, s := range v.impact.Subjects {
		for _, c := range s.Changes {
			i, ok := index[c.Policy]
			if !ok {
				i = len(out.Suites)
				index[c.Policy] = i
				out.Suites = append(out.Suites, junitSuite{Name: c.Policy, File: v.changeRules(c).source(c.Policy, "").repoFile()})
			}
			src := v.changeRules(c).source(c.Policy, c.Rule)
			jc := junitCase{Name: c.Rule + " " + subjectLabel(s), Classname: c.Policy + "." + c.Rule, File: src.repoFile()}
			if jc.File != "" {
				jc.Line = src.loc.Line
			}
			if v.failOn.failsChange(s, c) {
				jc.Failure = &junitProblem{Message: kindWords(c.Kind) + ": " + c.Explanation, Type: c.Kind.String()}
			} else {
				jc.Output = kindWords(c.Kind) + ": " + c.Explanation
			}
			out.Suites[i].Cases = append(out.Suites[i].Cases, jc)
		}
	}
	return out
}

// sarif returns a result per change, at the rule's position, with the
// level of changeLevel (a notice is SARIF's note).
func (v diffView) sarif() sarifLog {
	b := newSARIF()
	for _, s := range v.impact.Subjects {
		for _, c := range s.Changes {
			level := v.changeLevel(s, c)
			if level == "notice" {
				level = "note"
			}
			r := changeResult(c)
			props := resultProperties(r)
			props.Change = c.Kind.String()
			b.add(v.changeRules(c), r, level, changeText(s, c), props)
		}
	}
	return b.log()
}
