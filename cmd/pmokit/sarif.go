package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"

	"github.com/pmokit/pmokit/governance"
)

// This file writes SARIF 2.1.0 (OASIS Static Analysis Results Interchange
// Format, https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html),
// the format GitHub code scanning and other CI dashboards read. Only what
// the standard requires and what a reader of a PMO violation needs is
// written: sarifLog.version and runs (§3.13), run.tool.driver.name (§3.14,
// §3.18-3.19), result.message.text (§3.27.11, §3.11), result.ruleId and
// level, and a location per result: the physical location of the rule in
// its policy file (artifactLocation.uri and region.startLine/startColumn,
// both 1-based, §3.28-3.30) and the subject as a logical location (§3.33).

const (
	sarifVersion = "2.1.0"
	sarifSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	// sarifPackBase is the uriBaseId of a rule of a built-in pack: its uri
	// is a path in governance.PackFS, not in the user's repository;
	// sarifPackRoot is where those files are published.
	sarifPackBase = "PMOKIT_PACKS"
	sarifPackRoot = "https://github.com/pmokit/pmokit/blob/main/governance/packs/"
)

type (
	sarifLog struct {
		Version string     `json:"version"`
		Schema  string     `json:"$schema"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool        sarifTool                `json:"tool"`
		Invocations []sarifInvocation        `json:"invocations,omitempty"`
		BaseIDs     map[string]sarifArtifact `json:"originalUriBaseIds,omitempty"`
		Results     []sarifResult            `json:"results"`
		Properties  any                      `json:"properties,omitempty"`
	}
	// sarifInvocation is one run of the tool (§3.20): whether it ran to the
	// end, and the problems that kept it from analysing something.
	sarifInvocation struct {
		ExecutionSuccessful bool                `json:"executionSuccessful"`
		Notifications       []sarifNotification `json:"toolExecutionNotifications,omitempty"`
	}
	// sarifNotification is a problem of the tool's run (§3.58), not a
	// result.
	sarifNotification struct {
		Level     string          `json:"level"`
		Message   sarifMessage    `json:"message"`
		Locations []sarifLocation `json:"locations,omitempty"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		InformationURI string      `json:"informationUri"`
		Version        string      `json:"version,omitempty"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID               string        `json:"id"`
		Name             string        `json:"name"`
		ShortDescription *sarifMessage `json:"shortDescription,omitempty"`
		DefaultConfig    sarifConfig   `json:"defaultConfiguration"`
	}
	sarifConfig struct {
		Level string `json:"level"`
	}
	sarifMessage struct {
		Text string `json:"text"`
	}
	// sarifResult is one result (§3.27). Kind is "" (SARIF's default,
	// "fail") or pass, notApplicable...; a result of another kind than fail
	// has level "none" (§3.27.10). Properties is the verb's own property
	// bag (sarifProperties, sarifTestProperties).
	sarifResult struct {
		RuleID              string             `json:"ruleId"`
		RuleIndex           int                `json:"ruleIndex"`
		Kind                string             `json:"kind,omitempty"`
		Level               string             `json:"level"`
		Message             sarifMessage       `json:"message"`
		Locations           []sarifLocation    `json:"locations"`
		PartialFingerprints map[string]string  `json:"partialFingerprints"`
		Suppressions        []sarifSuppression `json:"suppressions,omitempty"` // a waived result (waivers.go)
		Properties          any                `json:"properties"`
	}
	sarifLocation struct {
		Physical *sarifPhysical `json:"physicalLocation,omitempty"`
		Logical  []sarifLogical `json:"logicalLocations,omitempty"`
	}
	sarifPhysical struct {
		Artifact sarifArtifact `json:"artifactLocation"`
		Region   *sarifRegion  `json:"region,omitempty"`
	}
	sarifArtifact struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn,omitempty"`
	}
	sarifLogical struct {
		Name               string `json:"name"`
		FullyQualifiedName string `json:"fullyQualifiedName"`
		Kind               string `json:"kind"`
	}
	sarifProperties struct {
		Policy        string   `json:"policy"`
		PolicyVersion string   `json:"policyVersion,omitempty"`
		Rule          string   `json:"rule"`
		Subject       string   `json:"subject"`
		SubjectKind   string   `json:"subjectKind"`
		Project       string   `json:"project,omitempty"`
		Outcome       string   `json:"outcome"`
		Severity      string   `json:"severity"`
		Explanation   []string `json:"explanation,omitempty"`
		Change        string   `json:"change,omitempty"` // diff: the change kind
	}
)

// sarifLevel maps a severity onto SARIF's levels (error, warning, note).
func sarifLevel(s governance.Severity) string {
	switch s {
	case governance.SeverityError:
		return "error"
	case governance.SeverityWarning:
		return "warning"
	}
	return "note"
}

// sarifBuilder gathers the rules and results of one run.
type sarifBuilder struct {
	driver  sarifDriver
	index   map[string]int
	results []sarifResult
	bases   map[string]sarifArtifact
	// invocations is nil unless notify was called: check, gate and diff
	// stop at bad input before writing.
	invocations []sarifInvocation
	properties  any // the run's property bag; nil for none
}

func newSARIF() *sarifBuilder {
	return &sarifBuilder{
		driver:  sarifDriver{Name: "pmokit", InformationURI: "https://github.com/pmokit/pmokit", Version: moduleVersion(), Rules: []sarifRule{}},
		index:   map[string]int{},
		results: []sarifResult{},
	}
}

// rule returns the index of rule id in the driver's rules, adding it
// (with name, the one-line description when not "" and the default level)
// the first time.
func (b *sarifBuilder) rule(id, name, description, level string) int {
	i, ok := b.index[id]
	if !ok {
		i = len(b.driver.Rules)
		b.index[id] = i
		rule := sarifRule{ID: id, Name: name, DefaultConfig: sarifConfig{Level: level}}
		if description != "" {
			rule.ShortDescription = &sarifMessage{Text: description}
		}
		b.driver.Rules = append(b.driver.Rules, rule)
	}
	return i
}

// physical returns the physical location of file (a slash path) at line
// and column (0 when unknown), nil when file is ""; pack marks a path in
// the built-in packs (uriBaseId PMOKIT_PACKS).
func (b *sarifBuilder) physical(file string, line, column int, pack bool) *sarifPhysical {
	if file == "" {
		return nil
	}
	phys := &sarifPhysical{Artifact: sarifArtifact{URI: file}}
	if pack {
		phys.Artifact.URIBaseID = sarifPackBase
		b.bases = map[string]sarifArtifact{sarifPackBase: {URI: sarifPackRoot}}
	}
	if line > 0 {
		phys.Region = &sarifRegion{StartLine: line, StartColumn: column}
	}
	return phys
}

// result adds a result, with a partial fingerprint (key "pmokit<key>/v1")
// made from identity: what stays the same when the result comes back.
func (b *sarifBuilder) result(r sarifResult, key, identity string) {
	sum := sha256.Sum256([]byte(identity))
	r.PartialFingerprints = map[string]string{"pmokit" + key + "/v1": hex.EncodeToString(sum[:16])}
	b.results = append(b.results, r)
}

// notify records a problem that kept the tool from analysing something:
// the run's invocation is then not successful.
func (b *sarifBuilder) notify(text string, phys *sarifPhysical) {
	n := sarifNotification{Level: "error", Message: sarifMessage{Text: text}}
	if phys != nil {
		n.Locations = []sarifLocation{{Physical: phys}}
	}
	if len(b.invocations) == 0 {
		b.invocations = []sarifInvocation{{ExecutionSuccessful: true}}
	}
	b.invocations[0].ExecutionSuccessful = false
	b.invocations[0].Notifications = append(b.invocations[0].Notifications, n)
}

// add adds a result about rule policy/rule of rules on r's subject, with
// the given level and message; r gives the subject and the properties.
func (b *sarifBuilder) add(rules ruleIndex, r governance.Result, level, text string, props sarifProperties) {
	id := r.Policy + "/" + r.Rule
	i := b.rule(id, r.Rule, rules.description(r.Policy, r.Rule), sarifLevel(r.Severity))
	loc := sarifLocation{Logical: []sarifLogical{{
		Name:               r.Subject,
		FullyQualifiedName: sarifSubjectPath(r),
		Kind:               "object",
	}}}
	src := rules.source(r.Policy, r.Rule)
	loc.Physical = b.physical(src.file(), src.loc.Line, src.loc.Column, src.pack)
	b.result(sarifResult{
		RuleID:     id,
		RuleIndex:  i,
		Level:      level,
		Message:    sarifMessage{Text: text},
		Locations:  []sarifLocation{loc},
		Properties: props,
	}, "Subject", id+"\x00"+r.SubjectKind.String()+"\x00"+r.Project+"\x00"+r.Subject)
}

func (b *sarifBuilder) log() sarifLog {
	return sarifLog{Version: sarifVersion, Schema: sarifSchema, Runs: []sarifRun{{
		Tool: sarifTool{Driver: b.driver}, Invocations: b.invocations, BaseIDs: b.bases, Results: b.results, Properties: b.properties,
	}}}
}

// resultProperties are the properties of a result about r.
func resultProperties(r governance.Result) sarifProperties {
	return sarifProperties{
		Policy: r.Policy, PolicyVersion: r.PolicyVersion, Rule: r.Rule,
		Subject: r.Subject, SubjectKind: r.SubjectKind.String(), Project: r.Project,
		Outcome: r.Outcome.String(), Severity: r.Severity.String(), Explanation: r.Explanation(),
	}
}

// sarif returns the report's violations as one SARIF run. Every violation
// is a result, whatever --fail-on says (SARIF readers filter by level);
// the rules are those that have a violation, in order of first violation.
func (v reportView) sarif() sarifLog {
	b := newSARIF()
	for _, r := range v.rep.Violations() {
		b.add(v.rules, r, sarifLevel(r.Severity), subjectName(r)+": "+violationText(r), resultProperties(r))
	}
	b.waived(v.rules, v.rep) // waivers.go
	return b.log()
}

// sarifSubjectPath is the subject's fully qualified name: "portfolio/pf-1",
// "project/P-1", "project/P-1/change/CR-7".
func sarifSubjectPath(r governance.Result) string {
	if r.SubjectKind == governance.SubjectChange && r.Project != "" {
		return "project/" + r.Project + "/change/" + r.Subject
	}
	return r.SubjectKind.String() + "/" + r.Subject
}

func writeSARIF(w io.Writer, log sarifLog) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}
