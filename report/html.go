package report

import (
	"bufio"
	"fmt"
	"html/template"
	"io"
)

// WriteHTML writes the board pack as one HTML file: inline CSS, inline SVG
// figures, no script and no external asset. The output is well-formed XML
// and the same pack gives the same bytes.
func (b *BoardPack) WriteHTML(w io.Writer) error {
	bw := bufio.NewWriter(w)
	if err := packTemplate.Execute(bw, b.v); err != nil {
		return fmt.Errorf("report: write html: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("report: write html: %w", err)
	}
	return nil
}

// packTemplate is parsed once from a constant; a parse error is a bug
// caught by every test.
var packTemplate = template.Must(template.New("pack").Parse(packHTML))

const packHTML = `<!DOCTYPE html>
<html lang="en" xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>{{.Title}} at {{.At}}</title>
<style>
/* Printable on A4 (210 × 297 mm) and Letter (8.5 × 11 in): the page size is
   left to the printer (size: auto) and the margins fit both. */
@page { size: auto; margin: 15mm 12mm; }
body { font-family: Helvetica, Arial, sans-serif; font-size: 10.5pt; color: #212121; margin: 0 auto; max-width: 1100px; padding: 0 12px; }
h1 { font-size: 18pt; margin: 12px 0 4px; }
h2 { font-size: 14pt; border-bottom: 2px solid #1565c0; padding-bottom: 2px; margin-top: 28px; }
h3 { font-size: 11.5pt; margin: 16px 0 6px; }
section { break-before: page; page-break-before: always; }
section.first { break-before: auto; page-break-before: auto; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { border: 1px solid #bdbdbd; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eceff1; }
td.date { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr, figure { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
figure { margin: 8px 0; }
figcaption { font-size: 9.5pt; color: #424242; margin-top: 4px; }
svg { max-width: 100%; height: auto; }
figure.curve { display: inline-block; width: 48%; vertical-align: top; margin: 8px 1% 8px 0; }
table.wide { font-size: 8.5pt; }
table.wide td.num { white-space: normal; }
.tag { display: inline-block; padding: 0 6px; border-radius: 3px; font-weight: bold; border: 1px solid #616161; }
.red { background: #f44336; color: #ffffff; }
.amber { background: #ffc107; color: #212121; }
.green { background: #4caf50; color: #ffffff; }
.info { background: #90caf9; color: #212121; }
.none { background: #eeeeee; color: #212121; }
.note { color: #424242; font-size: 9.5pt; }
ul.expl { margin: 2px 0 0 16px; padding: 0; font-size: 9.5pt; }
@media print { body { max-width: none; padding: 0; } a { color: inherit; text-decoration: none; } }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p>Portfolio {{.PortfolioID}}, PMO type {{.PMOType}}, as at {{.At}}.</p>
<nav aria-label="Contents"><ol>
<li><a href="#summary">Portfolio summary</a></li>
<li><a href="#governance">Governance results</a></li>
<li><a href="#gates">Gate readiness</a></li>
<li><a href="#ranking">Ranking</a></li>
<li><a href="#selection">Selection</a></li>
<li><a href="#risk">Risk</a></li>
<li><a href="#earned-value">Earned value</a></li>
</ol></nav>

<section id="summary" class="first">
<h2>Portfolio summary</h2>
<p>{{.Summary.Projects}} projects{{with .Summary.Budget}}; portfolio budget {{.}}{{end}}.</p>
{{if .Summary.ProjectsTable}}<table>
<caption>Projects by phase and status</caption>
<thead><tr><th scope="col">phase</th><th scope="col" class="num">projects</th></tr></thead>
<tbody>{{range .Summary.ByPhase}}
<tr><th scope="row">{{.Name}}</th><td class="num">{{.Count}}</td></tr>{{end}}
</tbody></table>
<table>
<thead><tr><th scope="col">status</th><th scope="col" class="num">projects</th></tr></thead>
<tbody>{{range .Summary.ByStatus}}
<tr><th scope="row"><span class="tag {{.Class}}">{{.Name}}</span></th><td class="num">{{.Count}}</td></tr>{{end}}
</tbody></table>
<table>
<caption>Budget totals per currency (currencies are never added together)</caption>
<thead><tr><th scope="col">currency</th><th scope="col" class="num">approved</th><th scope="col" class="num">forecast</th><th scope="col" class="num">actual</th></tr></thead>
<tbody>{{range .Summary.Totals}}
<tr><th scope="row">{{.Currency}}</th><td class="num">{{.Approved}}</td><td class="num">{{.Forecast}}</td><td class="num">{{.Actual}}</td></tr>{{end}}
</tbody></table>
<table>
<caption>Projects</caption>
<thead><tr><th scope="col">project</th><th scope="col">name</th><th scope="col">phase</th><th scope="col">status</th><th scope="col" class="num">approved</th><th scope="col" class="num">forecast</th><th scope="col" class="num">actual</th></tr></thead>
<tbody>{{range .Summary.ProjectsTable}}
<tr><th scope="row">{{.ID}}</th><td>{{.Name}}</td><td>{{.Phase}}</td><td><span class="tag {{.StatusClass}}">{{.Status}}</span></td><td class="num">{{.Approved}}</td><td class="num">{{.Forecast}}</td><td class="num">{{.Actual}}</td></tr>{{end}}
</tbody></table>{{end}}
</section>

<section id="governance">
<h2>Governance results</h2>
{{- with .Governance}}{{if .Given}}
<p>{{if .Blocked}}<span class="tag red">blocked</span> a violation of severity error blocks.{{else}}<span class="tag green">not blocked</span> no violation of severity error.{{end}}
{{.Counts.Total}} results over {{.Counts.Subjects}} subjects: {{.Counts.Pass}} pass, {{.Counts.Fail}} fail, {{.Counts.Error}} error, {{.Counts.Skipped}} skipped;
{{.Counts.Violations}} violations ({{.Counts.Errors}} errors, {{.Counts.Warnings}} warnings, {{.Counts.Infos}} infos){{if .Counts.Waived}}; {{.Counts.Waived}} waived{{end}}{{if .Counts.Rated}}; {{.Counts.Rated}} rated{{end}}.
{{- if .Conditional}} <span class="tag amber">conditional</span> nothing blocks only because waivers let errors through while they hold.{{end}}</p>
{{- if .Ratings}}
<table>
<caption>Ratings</caption>
<thead><tr><th scope="col">policy / rating</th><th scope="col">levels (subjects at each)</th></tr></thead>
<tbody>{{range .Ratings}}
<tr><th scope="row">{{.Policy}} / {{.Rating}}</th><td>{{range .Levels}}<span class="tag {{.Class}}">{{.Level}}</span> {{.Count}}{{if .Subjects}} ({{range $i, $s := .Subjects}}{{if $i}}, {{end}}{{$s}}{{end}}){{end}} {{end}}{{if .Error}}<span class="tag red">error</span> {{.Error}} {{end}}{{if .Skipped}}skipped {{.Skipped}}{{end}}</td></tr>{{end}}
</tbody></table>{{end}}
{{if .Violations}}<table>
<caption>Violations</caption>
<thead><tr><th scope="col">severity</th><th scope="col">subject</th><th scope="col">policy / rule</th><th scope="col">message and explanation</th></tr></thead>
<tbody>{{range .Violations}}
<tr><td><span class="tag {{.Class}}">{{.Severity}}</span>{{if eq .Outcome "error"}} (rule error){{end}}</td><th scope="row">{{.Subject}}</th><td>{{.Policy}} / {{.Rule}}</td><td>{{.Message}}{{if .Explanation}}<ul class="expl">{{range .Explanation}}<li>{{.}}</li>{{end}}</ul>{{end}}</td></tr>{{end}}
</tbody></table>{{else}}<p>No violations.</p>{{end}}
{{- if .Waived}}
<table>
<caption>Waived: violations let through by a waiver</caption>
<thead><tr><th scope="col">severity</th><th scope="col">subject</th><th scope="col">policy / rule</th><th scope="col">waiver, expiry and conditions</th></tr></thead>
<tbody>{{range .Waived}}
<tr><td><span class="tag {{.Class}}">{{.Severity}}</span> waived</td><th scope="row">{{.Subject}}</th><td>{{.Policy}} / {{.Rule}}</td><td>{{.Message}}<ul class="expl"><li>waiver {{.Waiver}}{{if .Expires}}, expires {{.Expires}}{{end}}</li>{{range .Conditions}}<li>must hold: {{.}}</li>{{end}}</ul></td></tr>{{end}}
</tbody></table>{{end}}
{{- else}}
<p class="note">No policy given: the portfolio was not evaluated.</p>
{{- end}}{{end}}
</section>

<section id="gates">
<h2>Gate readiness</h2>
{{if not .Governance.Given}}<p class="note">No policy given: no gate was checked.</p>{{else if not .Gates}}<p>No project to check.</p>{{else}}<p class="note">Each project's move from its phase into the next phase of the lifecycle, checked against the gate policies as at {{.At}}.</p>
<table>
<thead><tr><th scope="col">project</th><th scope="col">name</th><th scope="col">from</th><th scope="col">to</th><th scope="col">readiness</th><th scope="col">why</th></tr></thead>
<tbody>{{range .Gates}}
<tr><th scope="row">{{.ID}}</th><td>{{.Name}}</td><td>{{.From}}</td><td>{{.To}}</td><td><span class="tag {{.Class}}">{{.State}}</span></td><td>{{.Note}}{{if or .Violations .Waived}}<ul class="expl">{{range .Violations}}<li><span class="tag {{.Class}}">{{.Severity}}</span> {{.Policy}} / {{.Rule}}: {{.Message}}</li>{{end}}{{range .Waived}}<li><span class="tag {{.Class}}">waived</span> {{.Policy}} / {{.Rule}} by {{.Waiver}}{{if .Expires}} until {{.Expires}}{{end}}{{range .Conditions}}; must hold: {{.}}{{end}}</li>{{end}}</ul>{{end}}</td></tr>{{end}}
</tbody></table>{{end}}
</section>

<section id="ranking">
<h2>Ranking</h2>
{{- with .Ranking}}
<p>{{.Method}}. <span class="note">{{.Legend}}</span></p>
{{if .Error}}<p><span class="tag red">not ranked</span> {{.Error}}</p>{{else}}<table>
<thead><tr><th scope="col" class="num">rank</th><th scope="col">project</th><th scope="col">name</th><th scope="col" class="num">score</th>{{range .Criteria}}<th scope="col" class="num">{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Rows}}
<tr><td class="num">{{.Rank}}</td><th scope="row">{{.ID}}</th><td>{{.Name}}</td><td class="num">{{.Score}}</td>{{range .Contributions}}<td class="num">{{.}}</td>{{end}}</tr>{{end}}
</tbody></table>
<p class="note">Each cell is the criterion's part of the score, with the project's value of it in brackets{{if not .Weighted}}; job_size divides{{end}}.</p>{{end}}
{{if .Left}}<p class="note">Not ranked: {{range $i, $e := .Left}}{{if $i}}, {{end}}{{$e}}{{end}}.</p>{{end}}
{{- end}}
</section>

<section id="selection">
<h2>Selection</h2>
{{with .Selection}}<p>Within {{.Budget}}. <span class="note">{{.Note}}</span></p>
{{if .Error}}<p><span class="tag amber">note</span> {{.Error}}</p>{{end}}
{{if .Rows}}<table>
<thead><tr><th scope="col">project</th><th scope="col">name</th><th scope="col" class="num">value</th><th scope="col" class="num">cost</th><th scope="col">requires</th></tr></thead>
<tbody>{{range .Rows}}
<tr><th scope="row">{{.ID}}</th><td>{{.Name}}</td><td class="num">{{.Value}}</td><td class="num">{{.Cost}}</td><td>{{.Requires}}</td></tr>{{end}}
</tbody></table>
<p>Total value {{.Value}}, cost {{.Cost}}, budget left {{.Remaining}}.</p>{{end}}
{{if .NotSelected}}<p>Not selected: {{range $i, $e := .NotSelected}}{{if $i}}, {{end}}{{$e}}{{end}}.</p>{{end}}
{{if .NotCandidates}}<p class="note">Not candidates: {{range $i, $e := .NotCandidates}}{{if $i}}, {{end}}{{$e}}{{end}}.</p>{{end}}
{{else}}<p class="note">No budget given: no selection was made.</p>{{end}}
</section>

<section id="risk">
<h2>Risk</h2>
{{- with .Risk}}
<p>{{.Risks}} risks on the {{.Matrix}} matrix: {{.Threats}} threats and {{.Opps}} opportunities; {{.Open}} open, {{.Occurred}} occurred (closed risks are left out).</p>
<figure aria-label="{{.HeatMapLabel}}">
{{.HeatMap}}
<figcaption>{{.HeatMapLabel}}. Threats and opportunities are drawn on grids of their own; each cell gives its count and its rating.</figcaption>
</figure>
<h3>Top threats, by exposure</h3>
{{if .TopThreats}}{{template "top" .TopThreats}}{{else}}<p>None.</p>{{end}}
<h3>Top opportunities, by exposure</h3>
{{if .TopOpps}}{{template "top" .TopOpps}}{{else}}<p>None.</p>{{end}}
<h3>Monte Carlo simulation</h3>
<p class="note">{{.Trials}} trials per group, seed {{.Seed}}, triangular impacts; an opportunity counts negative (a saving). Cost is simulated per currency and schedule per project: the projects run in parallel, so their days of slip do not add up to a portfolio delay. Each S-curve gives the probability that the impact is at most the figure across; the contingency over the expected value is Pn − mean.</p>
{{if or .CostSims .ScheduleSims}}<table>
<thead><tr><th scope="col">impact</th><th scope="col" class="num">risks</th><th scope="col" class="num">mean</th><th scope="col" class="num">P50</th><th scope="col" class="num">P80</th><th scope="col" class="num">P90</th></tr></thead>
<tbody>{{range .CostSims}}
<tr><th scope="row">cost, {{.Key}}</th><td class="num">{{.Risks}}</td><td class="num">{{.Mean}}</td><td class="num">{{.P50}}</td><td class="num">{{.P80}}</td><td class="num">{{.P90}}</td></tr>{{end}}{{range .ScheduleSims}}
<tr><th scope="row">schedule days, {{.Key}}</th><td class="num">{{.Risks}}</td><td class="num">{{.Mean}}</td><td class="num">{{.P50}}</td><td class="num">{{.P80}}</td><td class="num">{{.P90}}</td></tr>{{end}}
</tbody></table>
{{range .CostSims}}<figure class="curve" aria-label="{{.Label}}">
{{.Figure}}
<figcaption>{{.Label}}.</figcaption>
</figure>
{{end}}{{range .ScheduleSims}}<figure class="curve" aria-label="{{.Label}}">
{{.Figure}}
<figcaption>{{.Label}}.</figcaption>
</figure>
{{end}}{{else}}<p>No open risk to simulate.</p>{{end}}
{{- end}}
</section>

<section id="earned-value">
<h2>Earned value</h2>
{{if .EV}}<p class="note">CPI = EV / AC, SPI = EV / PV, EAC = BAC / CPI, VAC = BAC − EAC, TCPI = (BAC − EV) / (BAC − AC). Health: red when CPI or SPI is below 0.90, amber below 1.00, green otherwise; n/a where a ratio is undefined.</p>
<table class="wide">
<thead><tr><th scope="col">project</th><th scope="col">as of</th><th scope="col" class="num">BAC</th><th scope="col" class="num">PV</th><th scope="col" class="num">EV</th><th scope="col" class="num">AC</th><th scope="col" class="num">CV</th><th scope="col" class="num">SV</th><th scope="col" class="num">CPI</th><th scope="col" class="num">SPI</th><th scope="col" class="num">EAC</th><th scope="col" class="num">VAC</th><th scope="col" class="num">TCPI</th><th scope="col">health</th></tr></thead>
<tbody>{{range .EV}}
<tr><th scope="row">{{.ID}}</th><td class="date">{{.AsOf}}</td><td class="num">{{.BAC}}</td><td class="num">{{.PV}}</td><td class="num">{{.EV}}</td><td class="num">{{.AC}}</td><td class="num">{{.CV}}</td><td class="num">{{.SV}}</td><td class="num">{{.CPI}}</td><td class="num">{{.SPI}}</td><td class="num">{{.EAC}}</td><td class="num">{{.VAC}}</td><td class="num">{{.TCPI}}</td><td><span class="tag {{.HealthClass}}">{{.Health}}</span></td></tr>{{end}}
</tbody></table>{{else}}<p>No project has an earned-value snapshot.</p>{{end}}
</section>
</body>
</html>
{{define "top"}}<table>
<thead><tr><th scope="col" class="num">exposure</th><th scope="col" class="num">score</th><th scope="col">rating</th><th scope="col">project</th><th scope="col">risk</th><th scope="col" class="num">probability</th><th scope="col">title</th></tr></thead>
<tbody>{{range .}}
<tr><td class="num">{{.Exposure}}</td><td class="num">{{.Score}}</td><td><span class="tag {{.RatingClass}}">{{.Rating}}</span>{{if .Dimension}} (by {{.Dimension}}){{end}}</td><td>{{.Project}}</td><th scope="row">{{.Risk}}</th><td class="num">{{.Probability}}</td><td>{{.Title}}</td></tr>{{end}}
</tbody></table>{{end}}`
