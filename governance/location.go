package governance

// Location is where a policy or one of its rules sits in the file it was
// read from: the file name ([Policy.Source]) and the 1-based line and column
// (columns count bytes). Tools that point a reader at a rule (SARIF, CI
// annotations, editors) use it. Line and Column are zero when the position
// is unknown, for a policy built in Go.
type Location struct {
	Source string `json:"source,omitempty"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
}

// Location returns where the policy starts: its "policy:" key.
func (p *Policy) Location() Location {
	line, col := p.pos.node.fileAt(0)
	return Location{Source: p.Source, Line: line, Column: col}
}

// RuleLocation returns where the rule (or the rating) with the given ID
// sits in the policy's file: the value of its "id:" key. ok is false when
// the policy has no rule or rating with that ID; a known rule of a policy built in Go has a Location with the
// policy's Source and zero Line and Column.
func (p *Policy) RuleLocation(id string) (loc Location, ok bool) {
	for _, r := range p.Rules {
		if r.ID != id {
			continue
		}
		loc.Source = p.Source
		if rp, ok := p.pos.rules[id]; ok { // positions are tied to rule IDs (policy.go)
			loc.Line, loc.Column = rp.id.fileAt(0)
		}
		return loc, true
	}
	return p.ratingLocation(id)
}
