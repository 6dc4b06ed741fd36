package prioritize

// WeightedSum ranks the rows by their weighted sum (simple additive
// weighting): Score_i = Σ_j w_j · r_ij, where w_j is the criterion's weight
// divided by the sum of all weights and r_ij the row's value normalized by n
// and oriented so that higher is better (see [Normalization]; the zero value
// means [MinMax]).
//
// Each item's Contributions hold, per criterion, the raw value, r_ij and
// w_j·r_ij; the Weighted values add up to the Score. The table is validated
// first (see [Table]); every error matches [ErrInvalid].
func (t Table) WeightedSum(n Normalization) (Ranking, error) {
	n, err := n.resolve(MinMax)
	if err != nil {
		return nil, err
	}
	weights, err := t.validate()
	if err != nil {
		return nil, err
	}
	sc, err := t.scalings(n, true)
	if err != nil {
		return nil, err
	}
	nc, m := len(t.Criteria), len(t.Rows)
	ids := make([]string, m)
	scores := make([]float64, m)
	contribs := make([]Contribution, m*nc)
	for i := range t.Rows {
		row := &t.Rows[i]
		ids[i] = row.ID
		cs := contribs[i*nc : (i+1)*nc]
		var s float64
		for j, x := range row.Values[:nc] {
			r := sc[j].apply(x)
			w := weights[j] * r
			cs[j] = Contribution{Criterion: t.Criteria[j].Name, Value: x, Normalized: r, Weighted: w}
			s += w
		}
		scores[i] = s
	}
	return rankInput{ids: ids, scores: scores, contribs: contribs, nc: nc}.build()
}
