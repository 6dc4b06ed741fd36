package governance_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
)

var updateRules = flag.Bool("update-rules", false, "rewrite docs/rules.md from the policy pack")

// TestRuleCatalogue checks that docs/rules.md is the catalogue generated
// from the pack's policy files; go test ./governance -run TestRuleCatalogue
// -update-rules rewrites it.
func TestRuleCatalogue(t *testing.T) {
	got := ruleCatalogue(t, loadPacks(t))
	path := filepath.Join("..", "docs", "rules.md")
	if *updateRules || updateGolden() {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./governance -run TestRuleCatalogue -update-rules")
	assert.Equal(t, string(want), string(got), "docs/rules.md is stale: run go test ./governance -run TestRuleCatalogue -update-rules")
}

// TestRuleCatalogueReadsThePack checks that the catalogue follows the pack
// files: a changed severity of one type shows in it.
func TestRuleCatalogueReadsThePack(t *testing.T) {
	packs := loadPacks(t)
	before := ruleCatalogue(t, packs)
	packs[pmo.Supportive][0].Rules[0].Severity = governance.SeverityError
	after := ruleCatalogue(t, packs)
	assert.NotEqual(t, string(before), string(after))
	assert.Contains(t, string(after), "| `"+packs[pmo.Supportive][0].Rules[0].ID+"` | "+packs[pmo.Supportive][0].Rules[0].Description+" | error | error | error |")
}

// updateGolden reports whether -update was given, for the case that another
// test file of the package defines it.
func updateGolden() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

func ruleCatalogue(t *testing.T, packs map[pmo.Type][]*governance.Policy) []byte {
	t.Helper()
	var b bytes.Buffer
	b.WriteString(`# Rule catalogue

<!-- Generated from governance/packs/policies by TestRuleCatalogue; do not edit.
     Regenerate: go test ./governance -run TestRuleCatalogue -update-rules -->

pmokit embeds a policy pack for each PMO type (` + "`governance.Pack(pmo.Directive)`" + `,
` + "`pmokit check --pack directive`" + `). The three packs are built from one set of
policy files, so they hold the same policies, rules and ratings; each file gives
its severity per PMO type, as a mapping ` + "`severity: {supportive: info, controlling: warning, directive: error}`" + `
(for the whole policy, or for one rule). The **supportive** pack advises (info
and warning, nothing blocks), the **controlling** pack enforces its core
standards as errors and warns about the rest, the **directive** pack enforces
every rule. An error blocks a gate check (` + "`Report.Blocked`" + `).

Thresholds, money limits, phase names and status words are parameters, listed
under each policy with their defaults: set them in a parameters file
(` + "`pmokit check --params FILE`" + `, ` + "`governance.ParseParamsFile`" + `) or in Go
(` + "`governance.WithParams`" + `) instead of editing the files. A money limit has one
amount per currency: a project in a currency without one is an error result that
names the parameter and the currency, never a comparison of bare numbers. The
default phases are those of the default lifecycle (initiation, planning,
execution, closing); on a portfolio with its own lifecycle a phase parameter
outside it is an error result that names the phase, so set them for yours:
[governance/packs/lifecycles](../governance/packs/lifecycles) holds parameters
files for a PRINCE2-like and a six-phase stage-gate lifecycle.

The files are in [governance/packs/policies](../governance/packs/policies); read
them with ` + "`governance.PackFS()`" + `. A copy of a file compiles with the engine
option ` + "`governance.WithPMOType(t)`" + `, which chooses the severities of one type.
Each rule is tested by the suites in [governance/packs/tests](../governance/packs/tests),
which expect every rule to fail in some case and to pass in another, and every
rating level to rate some subject and to be passed over for another
(see [policy tests](policy-tests.md)).

`)
	types := packTypes()
	dir := packs[types[len(types)-1]]
	eng, err := governance.New(governance.WithPMOType(types[len(types)-1]))
	require.NoError(t, err)
	set, err := eng.Compile(dir...)
	require.NoError(t, err)
	defaults := map[string]governance.ParamValue{}
	for _, v := range set.Params() {
		defaults[v.Policy+"."+v.Name] = v
	}

	b.WriteString("| Policy | Scope | Rules | Ratings |\n|---|---|---|---|\n")
	for _, p := range dir {
		var ids, ratings []string
		for _, r := range p.Rules {
			ids = append(ids, "`"+r.ID+"`")
		}
		for _, r := range p.Ratings {
			ratings = append(ratings, "`"+r.ID+"`")
		}
		fmt.Fprintf(&b, "| [%s](#%s) | %s | %s | %s |\n", p.Name, p.Name, p.Scope, strings.Join(ids, ", "), strings.Join(ratings, ", "))
	}
	header := func(first, second string) {
		fmt.Fprintf(&b, "\n| %s | %s |", first, second)
		for _, typ := range types {
			fmt.Fprintf(&b, " %s |", typ)
		}
		b.WriteString("\n|---|---|" + strings.Repeat("---|", len(types)) + "\n")
	}
	for i, p := range dir {
		fmt.Fprintf(&b, "\n## %s\n\n%s\n\n", p.Name, p.Description)
		fmt.Fprintf(&b, "Scope: `%s`. Version %s. File: [`%s`](../governance/packs/%s).", p.Scope, p.Version, p.Source, p.Source)
		if p.When != "" {
			fmt.Fprintf(&b, " Applies when `%s`.", cell(p.When))
		}
		b.WriteString("\n")
		header("Rule", "What it checks")
		for j, r := range p.Rules {
			fmt.Fprintf(&b, "| `%s` | %s", r.ID, r.Description)
			if r.When != "" {
				fmt.Fprintf(&b, " Applies when `%s`.", cell(r.When))
			}
			for _, typ := range types {
				fmt.Fprintf(&b, " | %s", packs[typ][i].Rules[j].Severity)
			}
			b.WriteString(" |\n")
		}
		if len(p.Params) > 0 {
			b.WriteString("\n| Parameter | Type | Default | Meaning |\n|---|---|---|---|\n")
			for _, d := range p.Params {
				v, ok := defaults[p.Name+"."+d.Name]
				require.True(t, ok, "%s.%s has no default in the compiled pack", p.Name, d.Name)
				require.True(t, v.IsDefault(), "%s.%s", p.Name, d.Name)
				fmt.Fprintf(&b, "| `%s` | %s | `%s` | %s |\n", d.Name, v.Type, cell(v.Value), cell(d.Description))
			}
		}
		for j, r := range p.Ratings {
			fmt.Fprintf(&b, "\nRating `%s`: %s Its error results (a level that cannot be evaluated, or no level that matches) have the severity", r.ID, r.Description)
			for k, typ := range types {
				sep := ","
				switch k {
				case 0:
					sep = ""
				case len(types) - 1:
					sep = " and"
				}
				fmt.Fprintf(&b, "%s %s (%s)", sep, packs[typ][i].Ratings[j].Severity, typ)
			}
			b.WriteString(".\n\n| Level | Rates a subject when (first match wins) |\n|---|---|\n")
			for _, l := range r.Levels {
				fmt.Fprintf(&b, "| `%s` | `%s` |\n", l.Level, cell(l.When))
			}
		}
		if len(p.Variables) > 0 {
			b.WriteString("\n| Variable | Expression |\n|---|---|\n")
			for _, v := range p.Variables {
				fmt.Fprintf(&b, "| `%s` | `%s` |\n", v.Name, cell(v.Expression))
			}
		}
	}
	return b.Bytes()
}

// cell is s on one line, for a table cell.
func cell(s string) string { return strings.ReplaceAll(oneLine(s), "|", `\|`) }

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
