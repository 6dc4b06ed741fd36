package pmo

import (
	"strings"
	"time"

	"github.com/pmokit/pmokit/internal/textcut"
)

// This file holds the waiver register of the schema: governed exceptions to
// governance policies. Package governance decides whether a waiver holds;
// this package checks that the data is well formed and that what a waiver
// names in the portfolio (people, its subject) exists.

// Waiver is a governed exception to a governance policy: the PMO lets one
// subject (the portfolio, a project or a change request) through one rule
// of a policy (or every rule of it, when Rule is empty) until Expires,
// provided its Conditions (CEL expressions, the compensating controls) hold.
//
// Waivers are a top-level register of the portfolio (portfolio.waivers),
// not a list under each project, because a waiver's subject may be the
// portfolio itself, a project or a change request, and because a PMO
// reviews its exceptions in one register (what is waived, by whom, until
// when) rather than project by project.
//
// Subject is the ID of the portfolio, of a project or of a change request;
// a change request whose ID several projects use is written
// "<project ID>/<change ID>". Expires is the first moment the waiver no
// longer holds: a date means midnight UTC at the start of that day, so
// "expires: 2026-12-31" holds through 30 December. ID, Policy, Subject and
// Expires are required; Reason, the register's audit trail, is expected
// but optional; RequestedBy and ApprovedBy are Person IDs.
type Waiver struct {
	ID          string         `json:"id" yaml:"id"`
	Policy      string         `json:"policy" yaml:"policy"`                 // the policy's name
	Rule        string         `json:"rule,omitempty" yaml:"rule,omitempty"` // a rule ID of the policy; empty: every rule
	Subject     string         `json:"subject" yaml:"subject"`
	Reason      string         `json:"reason,omitempty" yaml:"reason,omitempty"`
	Reference   string         `json:"reference,omitempty" yaml:"reference,omitempty"`       // a ticket, a board minute
	RequestedBy string         `json:"requested_by,omitempty" yaml:"requested_by,omitempty"` // a Person ID
	RequestedOn time.Time      `json:"requested_on,omitzero" yaml:"requested_on,omitempty"`
	ApprovedBy  string         `json:"approved_by,omitempty" yaml:"approved_by,omitempty"` // a Person ID
	ApprovedOn  time.Time      `json:"approved_on,omitzero" yaml:"approved_on,omitempty"`
	Expires     time.Time      `json:"expires" yaml:"expires"`
	Conditions  []string       `json:"conditions,omitempty" yaml:"conditions,omitempty"` // CEL expressions that must hold
	Attributes  map[string]any `json:"attributes,omitempty" yaml:"attributes,omitempty"` // host-specific custom fields, any JSON value
}

// MaxWaiverConditions is the largest number of conditions of one waiver,
// and MaxConditionBytes the longest condition in bytes: a waiver's
// compensating controls are a few short checks, and the bounds keep the
// cost of compiling them small.
const (
	MaxWaiverConditions = 32
	MaxConditionBytes   = 4096
)

// Waiver returns the waiver with the given ID.
func (pf *Portfolio) Waiver(id string) (*Waiver, bool) {
	for i := range pf.Waivers {
		if pf.Waivers[i].ID == id {
			return &pf.Waivers[i], true
		}
	}
	return nil, false
}

// waivers checks the waiver register: ids unique, required fields,
// people and subjects that exist.
func (c *checker) waivers() {
	if len(c.pf.Waivers) == 0 {
		return
	}
	var root *pathNode
	// change IDs → the projects holding them, for the subject check.
	changes := make(map[string][]string)
	for i := range c.pf.Projects {
		p := &c.pf.Projects[i]
		for j := range p.Changes {
			id := p.Changes[j].ID
			if n := len(changes[id]); n == 0 || changes[id][n-1] != p.ID {
				changes[id] = append(changes[id], p.ID)
			}
		}
	}
	ids := make(map[string]int, len(c.pf.Waivers))
	for i := range c.pf.Waivers {
		w := &c.pf.Waivers[i]
		p := root.field("waivers").item(i)
		c.id(p, "waivers", w.ID, ids, i)
		c.required(p.field("policy"), w.Policy)
		c.text(p.field("rule"), w.Rule)
		if c.required(p.field("subject"), w.Subject) {
			c.waiverSubject(p.field("subject"), w.Subject, changes)
		}
		c.text(p.field("reason"), w.Reason)
		c.text(p.field("reference"), w.Reference)
		c.person(p.field("requested_by"), w.RequestedBy)
		c.date(p.field("requested_on"), w.RequestedOn)
		c.person(p.field("approved_by"), w.ApprovedBy)
		c.date(p.field("approved_on"), w.ApprovedOn)
		if w.Expires.IsZero() {
			c.fail(p.field("expires"), "missing required field (a waiver always expires)")
		}
		c.date(p.field("expires"), w.Expires)
		if len(w.Conditions) > MaxWaiverConditions {
			c.fail(p.field("conditions"), "%d conditions, more than the %d allowed", len(w.Conditions), MaxWaiverConditions)
		}
		for j, cond := range w.Conditions {
			q := p.field("conditions").item(j)
			switch {
			case strings.TrimSpace(cond) == "":
				c.fail(q, "empty condition")
			case len(cond) > MaxConditionBytes:
				c.fail(q, "condition of %d bytes, longer than %d", len(cond), MaxConditionBytes)
			default:
				c.text(q, cond)
			}
		}
		c.attributes(p, w.Attributes)
	}
}

// waiverSubject checks that a waiver's subject names the portfolio, a
// project or a change request, unambiguously.
func (c *checker) waiverSubject(p *pathNode, s string, changes map[string][]string) {
	if s == c.pf.ID {
		return
	}
	if _, ok := c.projects[s]; ok {
		return
	}
	if prj, ch, ok := strings.Cut(s, "/"); ok {
		if i, found := c.projects[prj]; found {
			for j := range c.pf.Projects[i].Changes {
				if c.pf.Projects[i].Changes[j].ID == ch {
					return
				}
			}
			c.fail(p, "project %s has no change request %s", textcut.Quote(prj), textcut.Quote(ch))
			return
		}
	}
	switch in := changes[s]; len(in) {
	case 0:
		c.fail(p, "unknown subject %s (want the portfolio's id, a project id or a change request id)", textcut.Quote(s))
	case 1:
	default:
		c.fail(p, "change request id %s is used by projects %s and %s: write %s/%s",
			textcut.Quote(s), textcut.Quote(in[0]), textcut.Quote(in[1]), in[0], s)
	}
}
