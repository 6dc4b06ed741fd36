package prioritize

// WeightedSum ranks the rows by their weighted sum (simple additive
// weighting): Score_i = Σ_j w_j · r_ij, where w_j is the criterion's weight
// divided by the sum of all weights and r_ij the row's value normalized by n
// and oriented so that higher is better (see [Normalization]; the zero value
// means [MinMax]).
//
// Each item's [Ranked.Contributions] hold, per criterion, the raw value,
// r_ij and w_j·r_ij; the Weighted values add up to the Score. The table is
// validated first (see [Table]); every error matches [ErrInvalid]. The
// ranking keeps a copy of the values: later changes to the table do not
// affect it.
func (t Table) WeightedSum(n Normalization) (Ranking, error) {
	n, err := n.resolve(MinMax)
	if err != nil {
		return nil, err
	}
	weights, values, bounds, err := t.validate()
	if err != nil {
		return nil, err
	}
	sc, err := t.scalings(n, true, values, bounds)
	if err != nil {
		return nil, err
	}
	nc, m := len(t.Criteria), len(t.Rows)
	id := t.rowID
	keys := newScoreKeys(m)
	w, scs := weights[:nc], sc[:nc]
	for i := range m {
		var s float64
		for j, x := range values[i*nc : (i+1)*nc : (i+1)*nc][:nc] {
			s += w[j] * scs[j].apply(x)
		}
		if err := keys.set(i, s, id); err != nil {
			return nil, err
		}
	}
	ex := &explanation{names: t.names(), nc: nc, values: values, sc: sc, weights: weights}
	return keys.rank(id, ex), nil
}

// rowID returns row i's ID.
func (t Table) rowID(i int) string { return t.Rows[i].ID }

// names returns the criterion names.
func (t Table) names() []string {
	out := make([]string, len(t.Criteria))
	for j, c := range t.Criteria {
		out[j] = c.Name
	}
	return out
}
