package main

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"math"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pmokit/pmokit/pmo"
	"github.com/pmokit/pmokit/schedule"
)

var scheduleUsage = `usage: pmokit schedule --portfolio FILE [--project ID] [--simulate TRIALS [--seed N] [--distribution triangular|pert]] [--format text|json|svg] [--max-input SIZE]

Schedules the activities of a portfolio's projects by the critical path
method: per activity its early and late start and finish (working days since
the project's start, and dates), total and free float, whether it is
critical; per project its finish, its critical path and its milestones'
forecast dates. With --simulate, a Monte Carlo schedule risk analysis draws
every activity's duration from its three-point estimate and lets the risks
mapped to activities delay them: P50, P80 and P90 of each project's and
milestone's finish, each activity's criticality index (the share of trials in
which it is critical) and sensitivity (the correlation of its duration with
the finish: the drivers), and the joint confidence of finishing by the
project's finish date within its approved budget (NASA's JCL). Projects
without activities are left out.

flags:
  --portfolio FILE        the portfolio (YAML or JSON)
` + maxInputLines(26) + `  --project ID            only this project
  --simulate TRIALS       run a Monte Carlo simulation of TRIALS trials
  --seed N                the simulation's seed (default 1); the same seed
                          gives the same figures
  --distribution DIST     triangular (default) or pert (Beta-PERT)
  --format FORMAT         text (default), json, or svg (with --simulate: the
                          histogram and S-curve of one project's finish date)

exit status: 0 reported, 2 bad input (a cycle in a network included), 3 output
that could not be written.
`

type scheduleFlags struct {
	portfolio, project, format, dist string
	trials                           int
	seed                             uint64
}

func runSchedule(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("schedule", scheduleUsage, stderr)
	limit := registerMaxInput(fs)
	var f scheduleFlags
	fs.StringVar(&f.portfolio, "portfolio", "", "portfolio `FILE`")
	fs.StringVar(&f.project, "project", "", "project `ID`")
	fs.StringVar(&f.format, "format", "text", "text, json or svg")
	fs.StringVar(&f.dist, "distribution", "triangular", "triangular or pert")
	fs.IntVar(&f.trials, "simulate", 0, "Monte Carlo `TRIALS`")
	fs.Uint64Var(&f.seed, "seed", 1, "simulation seed")
	if status, done := parseNoArgs(fs, scheduleUsage, args, stdout); done {
		return status
	}
	if err := checkFormat(f.format, "text", "json", "svg"); err != nil {
		return fail(stderr, "schedule", err)
	}
	var dist schedule.Distribution
	switch f.dist {
	case "triangular":
	case "pert":
		dist = schedule.BetaPERT
	default:
		return fail(stderr, "schedule", fmt.Errorf("invalid --distribution %q (want triangular or pert)", f.dist))
	}
	switch {
	case f.trials < 0 || f.trials > schedule.MaxTrials:
		return fail(stderr, "schedule", fmt.Errorf("invalid --simulate %d (want 1..%d trials)", f.trials, schedule.MaxTrials))
	case f.trials == 0 && flagSet(fs, "seed"):
		return fail(stderr, "schedule", errors.New("--seed applies only with --simulate TRIALS"))
	case f.trials == 0 && flagSet(fs, "distribution"):
		return fail(stderr, "schedule", errors.New("--distribution applies only with --simulate TRIALS"))
	case f.trials == 0 && f.format == "svg":
		return fail(stderr, "schedule", errors.New("--format svg shows a simulation: give --simulate TRIALS"))
	}
	pf, err := readPortfolio(f.portfolio, limit)
	if err != nil {
		return fail(stderr, "schedule", err)
	}
	s, err := schedule.CPM(pf)
	if err != nil {
		return fail(stderr, "schedule", err)
	}
	projects := s.Projects()
	if f.project != "" {
		p, ok := s.Project(f.project)
		if !ok {
			if _, exists := pf.Project(f.project); exists {
				return fail(stderr, "schedule", fmt.Errorf("--project %s has no activities", f.project))
			}
			return fail(stderr, "schedule", fmt.Errorf("--project %s: no such project", f.project))
		}
		projects = []schedule.Project{*p}
	}
	if len(projects) == 0 {
		return fail(stderr, "schedule", errors.New("no project has activities"))
	}
	rep := scheduleReport{pf: pf, projects: projects, trials: f.trials, seed: f.seed, dist: f.dist}
	if f.trials > 0 {
		if rep.sim, err = schedule.Simulate(context.Background(), pf, schedule.SimOptions{Trials: f.trials, Seed: f.seed, Distribution: dist}); err != nil {
			return fail(stderr, "schedule", err)
		}
	}
	if f.format == "svg" && len(projects) > 1 {
		return fail(stderr, "schedule", errors.New("--format svg shows one project: give --project ID"))
	}
	for k := range projects { // a budget in another currency than the costs is bad input
		p, _ := pf.Project(projects[k].ID)
		if _, _, err := rep.jcl(p); err != nil {
			return fail(stderr, "schedule", err)
		}
	}
	switch f.format {
	case "svg":
		err = rep.writeSVG(stdout, &projects[0])
	case "json":
		err = rep.writeJSON(stdout)
	default:
		err = rep.writeText(stdout)
	}
	if err != nil { // the output could not be written
		return internal(stderr, "schedule", err)
	}
	return exitOK
}

type scheduleReport struct {
	pf       *pmo.Portfolio
	projects []schedule.Project
	sim      *schedule.Simulation
	trials   int
	seed     uint64
	dist     string
}

func day(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format(time.DateOnly)
}

func days(f float64) string { return fmt.Sprintf("%g", math.Round(f*100)/100) }

// jcl returns the joint confidence of finishing by the project's finish
// date within its approved budget, and false when either is not set.
func (r scheduleReport) jcl(p *pmo.Project) (float64, bool, error) {
	if r.sim == nil || p.Finish.IsZero() || p.Budget.Approved.IsZero() {
		return 0, false, nil
	}
	v, err := r.sim.JointConfidence(p.ID, p.Finish, p.Budget.Approved)
	return v, err == nil, err
}

func (r scheduleReport) writeText(w io.Writer) error {
	for k := range r.projects {
		sp := &r.projects[k]
		p, _ := r.pf.Project(sp.ID)
		if k > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "Schedule of %s %s: start %s, finish %s (critical path method)", sp.ID, p.Name, day(sp.Start), day(sp.Finish))
		if !p.Finish.IsZero() {
			fmt.Fprintf(w, "; planned finish %s", day(p.Finish))
		}
		fmt.Fprintln(w)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprint(tw, "  activity\tduration\tES\tEF\tLS\tLF\tearly start\tearly finish\tlate start\tlate finish\ttotal float\tfree float\tcritical")
		if r.sim != nil {
			fmt.Fprint(tw, "\tcriticality")
		}
		fmt.Fprintln(tw, "\tname")
		for _, a := range sp.Activities {
			crit := ""
			if a.Critical {
				crit = "yes"
			}
			dur := days(a.Duration)
			if a.Milestone {
				dur = "milestone"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s", a.ID, dur, days(a.ES), days(a.EF), days(a.LS), days(a.LF),
				day(a.EarlyStart), day(a.EarlyFinish), day(a.LateStart), day(a.LateFinish), days(a.TotalFloat), days(a.FreeFloat), dash(crit))
			if r.sim != nil {
				c, _ := r.sim.Criticality(sp.ID, a.ID)
				fmt.Fprintf(tw, "\t%.0f%%", 100*c)
			}
			fmt.Fprintf(tw, "\t%s\n", a.Name)
		}
		tw.Flush()
		if len(sp.CriticalPaths) == 0 {
			fmt.Fprintln(w, "Critical path: none")
		}
		for i, cp := range sp.CriticalPaths {
			label := "Critical path"
			if len(sp.CriticalPaths) > 1 {
				label = fmt.Sprintf("Critical path %d", i+1)
			}
			fmt.Fprintf(w, "%s: %s\n", label, strings.Join(cp, " → "))
		}
		if sp.CriticalPathsTruncated {
			fmt.Fprintf(w, "(more than %d critical paths; the first %d shown)\n", schedule.MaxCriticalPaths, schedule.MaxCriticalPaths)
		}
		if len(sp.Milestones) > 0 {
			fmt.Fprintln(w, "Milestones:")
			tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
			fmt.Fprint(tw, "  milestone\tdue\tforecast")
			if r.sim != nil {
				fmt.Fprint(tw, "\tP50\tP80\tP90")
			}
			fmt.Fprintln(tw)
			for _, m := range sp.Milestones {
				fmt.Fprintf(tw, "  %s\t%s\t%s", m.ID, day(m.Due), day(m.Finish))
				if r.sim != nil {
					for _, q := range quantiles() {
						d, _ := r.sim.MilestoneFinish(sp.ID, m.ID, q.p)
						fmt.Fprintf(tw, "\t%s", day(d))
					}
				}
				fmt.Fprintln(tw)
			}
			tw.Flush()
		}
		if r.sim == nil {
			continue
		}
		fmt.Fprintf(w, "Monte Carlo simulation: %d trials, seed %d, %s durations\n", r.trials, r.seed, r.dist)
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  \tP50\tP80\tP90")
		fmt.Fprint(tw, "  finish")
		for _, q := range quantiles() {
			d, _ := r.sim.Finish(sp.ID, q.p)
			fmt.Fprintf(tw, "\t%s", day(d))
		}
		fmt.Fprint(tw, "\n  working days")
		for _, q := range quantiles() {
			d, _ := r.sim.Duration(sp.ID, q.p)
			fmt.Fprintf(tw, "\t%s", days(d))
		}
		if _, ok := r.sim.Cost(sp.ID, 0.5); ok {
			fmt.Fprint(tw, "\n  cost")
			for _, q := range quantiles() {
				c, _ := r.sim.Cost(sp.ID, q.p)
				fmt.Fprintf(tw, "\t%s", c)
			}
		}
		fmt.Fprintln(tw)
		tw.Flush()
		drivers, _ := r.sim.Drivers(sp.ID)
		if len(drivers) > 0 {
			fmt.Fprintln(w, "Drivers (correlation of duration with the finish):")
			tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "  activity\tsensitivity\tcriticality")
			for _, d := range drivers {
				fmt.Fprintf(tw, "  %s\t%.2f\t%.0f%%\n", d.Activity, d.Sensitivity, 100*d.Criticality)
			}
			tw.Flush()
		}
		if v, ok, err := r.jcl(p); err != nil {
			return err
		} else if ok {
			fmt.Fprintf(w, "Joint confidence (JCL) of finishing by %s within %s: %.0f%%\n", day(p.Finish), p.Budget.Approved, 100*v)
		}
	}
	return nil
}

// jsonSchedule is the JSON output of schedule. Its field names are part of
// the command's interface: add fields, never rename them.
type jsonSchedule struct {
	Command    string                `json:"command"`
	Portfolio  string                `json:"portfolio"`
	Simulation *jsonScheduleSimInfo  `json:"simulation,omitempty"`
	Projects   []jsonScheduleProject `json:"projects"`
}

type jsonScheduleSimInfo struct {
	Trials       int    `json:"trials"`
	Seed         uint64 `json:"seed"`
	Distribution string `json:"distribution"`
}

type jsonScheduleProject struct {
	ID            string                  `json:"id"`
	Start         string                  `json:"start"`
	Finish        string                  `json:"finish"`
	CriticalPaths [][]string              `json:"critical_paths"`
	Activities    []jsonScheduleActivity  `json:"activities"`
	Milestones    []jsonScheduleMilestone `json:"milestones"`
	Simulation    *jsonScheduleRisk       `json:"simulation,omitempty"`
}

type jsonScheduleActivity struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Milestone   bool     `json:"milestone"`
	Duration    float64  `json:"duration"`
	ES          float64  `json:"es"`
	EF          float64  `json:"ef"`
	LS          float64  `json:"ls"`
	LF          float64  `json:"lf"`
	EarlyStart  string   `json:"early_start"`
	EarlyFinish string   `json:"early_finish"`
	LateStart   string   `json:"late_start"`
	LateFinish  string   `json:"late_finish"`
	TotalFloat  float64  `json:"total_float"`
	FreeFloat   float64  `json:"free_float"`
	Critical    bool     `json:"critical"`
	Criticality *float64 `json:"criticality,omitempty"`
}

type jsonScheduleMilestone struct {
	ID        string            `json:"id"`
	Due       string            `json:"due,omitempty"`
	Forecast  string            `json:"forecast"`
	Quantiles map[string]string `json:"quantiles,omitempty"`
}

type jsonScheduleRisk struct {
	Finish    map[string]string  `json:"finish"`
	Days      map[string]float64 `json:"working_days"`
	Cost      map[string]string  `json:"cost,omitempty"`
	Drivers   []jsonDriver       `json:"drivers"`
	JCL       *float64           `json:"joint_confidence,omitempty"`
	JCLDate   string             `json:"joint_confidence_date,omitempty"`
	JCLBudget string             `json:"joint_confidence_budget,omitempty"`
}

type jsonDriver struct {
	Activity    string  `json:"activity"`
	Sensitivity float64 `json:"sensitivity"`
	Criticality float64 `json:"criticality"`
}

func round4(f float64) float64 { return math.Round(f*1e4) / 1e4 }

func (r scheduleReport) writeJSON(w io.Writer) error {
	out := jsonSchedule{Command: "schedule", Portfolio: r.pf.ID, Projects: []jsonScheduleProject{}}
	if r.sim != nil {
		out.Simulation = &jsonScheduleSimInfo{Trials: r.trials, Seed: r.seed, Distribution: r.dist}
	}
	for k := range r.projects {
		sp := &r.projects[k]
		p, _ := r.pf.Project(sp.ID)
		jp := jsonScheduleProject{ID: sp.ID, Start: day(sp.Start), Finish: day(sp.Finish), CriticalPaths: sp.CriticalPaths,
			Activities: []jsonScheduleActivity{}, Milestones: []jsonScheduleMilestone{}}
		if jp.CriticalPaths == nil {
			jp.CriticalPaths = [][]string{}
		}
		for _, a := range sp.Activities {
			ja := jsonScheduleActivity{ID: a.ID, Name: a.Name, Milestone: a.Milestone, Duration: a.Duration,
				ES: round4(a.ES), EF: round4(a.EF), LS: round4(a.LS), LF: round4(a.LF),
				EarlyStart: day(a.EarlyStart), EarlyFinish: day(a.EarlyFinish), LateStart: day(a.LateStart), LateFinish: day(a.LateFinish),
				TotalFloat: round4(a.TotalFloat), FreeFloat: round4(a.FreeFloat), Critical: a.Critical}
			if r.sim != nil {
				c, _ := r.sim.Criticality(sp.ID, a.ID)
				c = round4(c)
				ja.Criticality = &c
			}
			jp.Activities = append(jp.Activities, ja)
		}
		for _, m := range sp.Milestones {
			jm := jsonScheduleMilestone{ID: m.ID, Forecast: day(m.Finish)}
			if !m.Due.IsZero() {
				jm.Due = day(m.Due)
			}
			if r.sim != nil {
				jm.Quantiles = map[string]string{}
				for _, q := range quantiles() {
					d, _ := r.sim.MilestoneFinish(sp.ID, m.ID, q.p)
					jm.Quantiles[q.name] = day(d)
				}
			}
			jp.Milestones = append(jp.Milestones, jm)
		}
		if r.sim != nil {
			js := &jsonScheduleRisk{Finish: map[string]string{}, Days: map[string]float64{}, Drivers: []jsonDriver{}}
			_, hasCost := r.sim.Cost(sp.ID, 0.5)
			if hasCost {
				js.Cost = map[string]string{}
			}
			for _, q := range quantiles() {
				d, _ := r.sim.Finish(sp.ID, q.p)
				js.Finish[q.name] = day(d)
				n, _ := r.sim.Duration(sp.ID, q.p)
				js.Days[q.name] = round4(n)
				if hasCost {
					c, _ := r.sim.Cost(sp.ID, q.p)
					js.Cost[q.name] = c.String()
				}
			}
			drivers, _ := r.sim.Drivers(sp.ID)
			for _, d := range drivers {
				js.Drivers = append(js.Drivers, jsonDriver{Activity: d.Activity, Sensitivity: round4(d.Sensitivity), Criticality: round4(d.Criticality)})
			}
			v, ok, err := r.jcl(p)
			if err != nil {
				return err
			}
			if ok {
				v = round4(v)
				js.JCL, js.JCLDate, js.JCLBudget = &v, day(p.Finish), p.Budget.Approved.String()
			}
			jp.Simulation = js
		}
		out.Projects = append(out.Projects, jp)
	}
	return encodeJSON(w, out)
}

// writeSVG draws the distribution of one project's simulated finish date:
// a histogram of the trials per working day (bars, left axis) and the
// cumulative S-curve (line, right axis, 0–100%), with the P50, P80 and P90
// dates and the planned finish marked.
func (r scheduleReport) writeSVG(w io.Writer, sp *schedule.Project) error {
	finishes, _ := r.sim.Finishes(sp.ID)
	p, _ := r.pf.Project(sp.ID)
	first, last := finishes[0], finishes[len(finishes)-1]
	nDays := int(last.Sub(first).Hours()/24) + 1
	counts := make([]int, nDays)
	for _, f := range finishes {
		counts[int(f.Sub(first).Hours()/24)]++
	}
	maxCount := 1
	for _, c := range counts {
		maxCount = max(maxCount, c)
	}
	const (
		width, height          = 860.0, 520.0
		left, right, top, bott = 70.0, 70.0, 60.0, 90.0
	)
	pw, ph := width-left-right, height-top-bott
	slot := pw / float64(nDays)
	x := func(t time.Time) float64 { return left + (t.Sub(first).Hours()/24+0.5)*slot }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%g" height="%g" viewBox="0 0 %g %g" font-family="sans-serif" font-size="12">`+"\n", width, height, width, height)
	fmt.Fprintf(&b, `<rect width="%g" height="%g" fill="white"/>`+"\n", width, height)
	title := fmt.Sprintf("%s %s: finish date over %d trials (seed %d, %s)", sp.ID, p.Name, r.trials, r.seed, r.dist)
	fmt.Fprintf(&b, `<text x="%g" y="30" font-size="16" font-weight="bold">%s</text>`+"\n", left, html.EscapeString(title))
	// Axes.
	fmt.Fprintf(&b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="black"/>`+"\n", left, top+ph, left+pw, top+ph)
	fmt.Fprintf(&b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="black"/>`+"\n", left, top, left, top+ph)
	fmt.Fprintf(&b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="black"/>`+"\n", left+pw, top, left+pw, top+ph)
	for i := 0; i <= 4; i++ {
		y := top + ph - float64(i)/4*ph
		fmt.Fprintf(&b, `<text x="%g" y="%g" text-anchor="end">%d</text>`+"\n", left-6, y+4, int(math.Round(float64(maxCount)*float64(i)/4)))
		fmt.Fprintf(&b, `<text x="%g" y="%g">%d%%</text>`+"\n", left+pw+6, y+4, 25*i)
		fmt.Fprintf(&b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="#ddd"/>`+"\n", left, y, left+pw, y)
	}
	fmt.Fprintf(&b, `<text x="18" y="%g" transform="rotate(-90 18 %g)" text-anchor="middle">trials finishing that day</text>`+"\n", top+ph/2, top+ph/2)
	fmt.Fprintf(&b, `<text x="%g" y="%g" transform="rotate(90 %g %g)" text-anchor="middle">cumulative probability</text>`+"\n", width-18, top+ph/2, width-18, top+ph/2)
	// Bars.
	for i, c := range counts {
		if c == 0 {
			continue
		}
		h := float64(c) / float64(maxCount) * ph
		fmt.Fprintf(&b, `<rect x="%.2f" y="%.2f" width="%.2f" height="%.2f" fill="#7aa6d8"/>`+"\n", left+float64(i)*slot+slot*0.1, top+ph-h, slot*0.8, h)
	}
	// S-curve.
	var pts []string
	cum := 0
	for i, c := range counts {
		cum += c
		if c == 0 && i != len(counts)-1 {
			continue
		}
		pts = append(pts, fmt.Sprintf("%.2f,%.2f", left+(float64(i)+0.5)*slot, top+ph-float64(cum)/float64(len(finishes))*ph))
	}
	fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="#c0392b" stroke-width="2"/>`+"\n", strings.Join(pts, " "))
	// Date labels: first, last, and the marks.
	fmt.Fprintf(&b, `<text x="%g" y="%g" text-anchor="start">%s</text>`+"\n", left, top+ph+18, day(first))
	fmt.Fprintf(&b, `<text x="%g" y="%g" text-anchor="end">%s</text>`+"\n", left+pw, top+ph+18, day(last))
	type mark struct {
		label string
		t     time.Time
		color string
	}
	var marks []mark
	for _, q := range quantiles() {
		d, _ := r.sim.Finish(sp.ID, q.p)
		marks = append(marks, mark{q.name + " " + day(d), d, "#2c3e50"})
	}
	if !p.Finish.IsZero() && !p.Finish.Before(first) && !p.Finish.After(last) {
		marks = append(marks, mark{"planned " + day(p.Finish), p.Finish, "#27ae60"})
	}
	for i, m := range marks {
		mx := x(m.t)
		fmt.Fprintf(&b, `<line x1="%.2f" y1="%g" x2="%.2f" y2="%g" stroke="%s" stroke-dasharray="4 3"/>`+"\n", mx, top, mx, top+ph, m.color)
		fmt.Fprintf(&b, `<text x="%.2f" y="%g" text-anchor="middle" fill="%s">%s</text>`+"\n", mx, top+ph+36+float64(i)*14, m.color, html.EscapeString(m.label))
	}
	fmt.Fprintf(&b, `<text x="%g" y="%g" fill="#555">CPM finish %s; bars: trials per day (left axis); line: S-curve (right axis)</text>`+"\n", left, height-8, day(sp.Finish))
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}
