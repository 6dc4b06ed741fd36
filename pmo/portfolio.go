package pmo

// Project returns the project with the given ID, and false when there is none.
// The pointer refers into pf.Projects.
func (pf *Portfolio) Project(id string) (*Project, bool) {
	if pf == nil {
		return nil, false
	}
	for i := range pf.Projects {
		if pf.Projects[i].ID == id {
			return &pf.Projects[i], true
		}
	}
	return nil, false
}

// Person returns the person with the given ID, and false when there is none.
func (pf *Portfolio) Person(id string) (*Person, bool) {
	if pf == nil {
		return nil, false
	}
	for i := range pf.People {
		if pf.People[i].ID == id {
			return &pf.People[i], true
		}
	}
	return nil, false
}

// Program returns the program with the given ID, and false when there is none.
func (pf *Portfolio) Program(id string) (*Program, bool) {
	if pf == nil {
		return nil, false
	}
	for i := range pf.Programs {
		if pf.Programs[i].ID == id {
			return &pf.Programs[i], true
		}
	}
	return nil, false
}

// HasRole reports whether the person holds the role (false for a nil
// person).
func (p *Person) HasRole(role string) bool {
	if p == nil {
		return false
	}
	for _, r := range p.Roles {
		if r == role {
			return true
		}
	}
	return false
}
