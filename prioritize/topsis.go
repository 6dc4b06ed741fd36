package prioritize

import "math"

// TOPSIS ranks the rows by Hwang and Yoon's Technique for Order of Preference
// by Similarity to Ideal Solution:
//
//  1. normalize each criterion by n (the zero value means [Vector], the
//     original method's choice), keeping its direction;
//  2. weight: v_ij = w_j · r_ij, with the weights divided by their sum;
//  3. the ideal point A+ takes each benefit criterion's maximum and each cost
//     criterion's minimum of v; the anti-ideal A− the opposite;
//  4. D+_i and D−_i are the Euclidean distances of row i to A+ and A−;
//  5. the score is the closeness coefficient C_i = D−_i/(D+_i + D−_i), in
//     [0, 1], higher is better.
//
// When every row is identical on every weighted criterion, D+ = D− = 0 and
// every row gets closeness 0.5 (equally near both points). Each item's
// [Ranked.Contributions] hold the raw value, r_ij and v_ij per criterion, and
// [Ranked.Distances] gives D+ and D−. The table is validated first (see
// [Table]); every error matches [ErrInvalid].
func (t Table) TOPSIS(n Normalization) (Ranking, error) {
	n, err := n.resolve(Vector)
	if err != nil {
		return nil, err
	}
	weights, values, bounds, err := t.validate()
	if err != nil {
		return nil, err
	}
	sc, err := t.scalings(n, false, values, bounds)
	if err != nil {
		return nil, err
	}
	nc, m := len(t.Criteria), len(t.Rows)
	ideal := make([]float64, 2*nc) // [0:nc] A+, [nc:2nc] A−
	pos, neg := ideal[:nc:nc], ideal[nc:]
	for j, c := range t.Criteria {
		if c.Cost {
			pos[j], neg[j] = math.Inf(1), math.Inf(-1)
		} else {
			pos[j], neg[j] = math.Inf(-1), math.Inf(1)
		}
	}
	for i := range m {
		for j, x := range values[i*nc : (i+1)*nc] {
			v := weights[j] * sc[j].apply(x)
			if t.Criteria[j].Cost {
				pos[j], neg[j] = min(pos[j], v), max(neg[j], v)
			} else {
				pos[j], neg[j] = max(pos[j], v), min(neg[j], v)
			}
		}
	}
	buf := make([]float64, 3*m)
	scores, dPlus, dMinus := buf[:m:m], buf[m:2*m:2*m], buf[2*m:]
	for i := range m {
		var sp, sn float64
		for j, x := range values[i*nc : (i+1)*nc] {
			v := weights[j] * sc[j].apply(x)
			dp, dn := v-pos[j], v-neg[j]
			sp += dp * dp
			sn += dn * dn
		}
		dp, dn := math.Sqrt(sp), math.Sqrt(sn)
		dPlus[i], dMinus[i] = dp, dn
		if dp+dn == 0 {
			scores[i] = 0.5
		} else {
			scores[i] = dn / (dp + dn)
		}
	}
	ex := &explanation{names: t.names(), nc: nc, values: values, sc: sc, weights: weights, dPlus: dPlus, dMinus: dMinus}
	return buildRanking(scores, t.rowID, ex)
}
