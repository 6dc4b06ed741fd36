package prioritize

import (
	"math"

	"github.com/pmokit/pmokit/internal/textcut"
)

// Criterion is one column of a decision table: its name, its weight and its
// direction. Weights need not sum to 1: every method divides them by their
// sum. A weight must be finite and non-negative, and at least one weight must
// be positive. Cost marks a criterion where lower is better (price, effort,
// risk); otherwise higher is better.
type Criterion struct {
	Name   string  `json:"name"`
	Weight float64 `json:"weight"`
	Cost   bool    `json:"cost,omitempty"`
}

// Row is one alternative of a decision table: a unique, non-empty ID and one
// value per criterion, in the order of [Table.Criteria]. Values must be finite.
type Row struct {
	ID     string    `json:"id"`
	Values []float64 `json:"values"`
}

// MaxItems is the largest number of rows of a [Table] and of items of
// [WSJF], [RICE] and [ICE] (a ranking indexes its items in 32 bits). Every
// ranking costs O(m·n) for m items and n criteria plus a sort of the m
// scores.
const MaxItems = math.MaxInt32

// Table is a decision table: alternatives (rows) scored against weighted
// criteria (columns). It is plain data; its methods never modify it and are
// safe for concurrent use by multiple goroutines.
//
// Every method validates the table first and reports every problem it finds,
// joined (errors.Join), each naming its row and criterion: no criteria, no
// rows, an empty or duplicate criterion name, an empty or duplicate row ID, a
// row of the wrong length, a NaN or infinite value, a negative, NaN or
// infinite weight, weights that are all zero. Each error matches [ErrInvalid].
type Table struct {
	Criteria []Criterion `json:"criteria"`
	Rows     []Row       `json:"rows"`
}

// Normalization says how a criterion's raw values are brought to a common
// scale before they are weighted.
//
// The zero value, [DefaultNormalization], means the method's standard choice:
// [MinMax] for [Table.WeightedSum] and [Vector] for [Table.TOPSIS] (the
// normalization of Hwang and Yoon's original method).
//
// For a criterion with values x_1..x_m (m rows), the normalized value r_i is:
//
//   - MinMax: (x_i − min)/(max − min) for a benefit criterion and
//     (max − x_i)/(max − min) for a cost criterion, so 1 is the best row and 0
//     the worst. When max = min the criterion cannot tell rows apart and every
//     row gets r = 1: it contributes equally to all.
//   - Vector: x_i/√Σx². A weighted sum orients a cost criterion as
//     1 − x_i/√Σx² (same spread, lower raw value scores higher). When every
//     value is 0 every row gets r = 1.
//   - Sum: x_i/Σx for a benefit criterion and (1/x_i)/Σ(1/x) for a cost
//     criterion. Values must be ≥ 0 (a negative value is an error naming the
//     row and criterion); a cost criterion under Sum must be > 0 (a zero is an
//     error, 1/0 has no share). When every value of a benefit criterion is 0
//     every row gets the equal share 1/m.
//   - NoNormalization: the raw value x_i; a weighted sum orients a cost
//     criterion as −x_i. Use it when every criterion is already on one scale
//     (e.g. all scored 1..10).
//
// [Table.TOPSIS] uses the same scaling but never inverts a cost criterion:
// TOPSIS handles direction by taking the minimum of a cost criterion as its
// ideal. Under Sum it therefore uses x_i/Σx for cost criteria too (a zero is
// fine there).
type Normalization int

// The normalizations. See [Normalization] for the formulas.
const (
	DefaultNormalization Normalization = iota // the method's standard: MinMax for WeightedSum, Vector for TOPSIS
	MinMax                                    // (x − min)/(max − min)
	Vector                                    // x/√Σx²
	Sum                                       // x/Σx
	NoNormalization                           // raw values
)

// resolve maps DefaultNormalization to the method's standard and rejects
// undefined values.
func (n Normalization) resolve(def Normalization) (Normalization, error) {
	switch n {
	case DefaultNormalization:
		return def, nil
	case MinMax, Vector, Sum, NoNormalization:
		return n, nil
	}
	return 0, invalidf("invalid normalization %d", int(n))
}

// finite reports whether v is neither NaN nor ±Inf (v − v is NaN for both).
func finite(v float64) bool { return v-v == 0 }

// validate checks the table and returns the weights divided by their sum,
// a flat copy of the values (len(Rows)·len(Criteria), row-major) and each
// criterion's minimum and maximum value (bounds[j] and bounds[n+j] for n
// criteria), gathered in the same sweep over the rows as the copy.
func (t Table) validate() (weights, values, bounds []float64, err error) {
	var errs errList
	n := len(t.Criteria)
	if n == 0 {
		errs.addf("table has no criteria")
	}
	if len(t.Rows) == 0 {
		errs.addf("table has no rows")
	}
	if len(t.Rows) > MaxItems {
		return nil, nil, nil, invalidf("table has %d rows, more than %d", len(t.Rows), MaxItems)
	}
	buf := make([]float64, 3*n) // weights, then minimums, then maximums
	weights, bounds = buf[:n:n], buf[n:]
	var total float64
	names := make(map[string]int, n)
	for j, c := range t.Criteria {
		switch {
		case c.Name == "":
			errs.addf("criteria[%d]: empty name", j)
		default:
			if k, dup := names[c.Name]; dup {
				errs.addAt("", c.Name, "criteria[%d]: duplicate name %s (also criteria[%d])", j, textcut.Quote(c.Name), k)
			} else {
				names[c.Name] = j
			}
		}
		if !finite(c.Weight) || c.Weight < 0 {
			errs.addAt("", c.Name, "criterion %s: weight %v is not a finite non-negative number", textcut.Quote(c.Name), c.Weight)
			continue
		}
		weights[j] = c.Weight
		total += c.Weight
	}
	if n > 0 && total == 0 && len(errs.errs) == 0 {
		errs.addf("every criterion weight is zero")
	}
	if !finite(total) {
		errs.addf("the sum of the criterion weights overflows")
	}
	rows := t.Rows
	lo, hi := bounds[:n:n], bounds[n:2*n:2*n]
	for j := range n {
		lo[j], hi[j] = math.Inf(1), math.Inf(-1)
	}
	seen := newIDSet(len(rows))
	lengthsOK := true
	for i := range rows {
		r := &rows[i]
		if r.ID == "" {
			errs.addf("rows[%d]: empty id", i)
		} else if k, dup := seen.add(r.ID, i); dup {
			errs.addAt(r.ID, "", "rows[%d]: duplicate id %s (also rows[%d])", i, textcut.Quote(r.ID), k)
		}
		if len(r.Values) != n {
			errs.addAt(r.ID, "", "row %s: %d values for %d criteria", textcut.Quote(r.ID), len(r.Values), n)
			lengthsOK = false
		}
	}
	bad := false
	if lengthsOK && n > 0 {
		// Copy the values, check they are finite and track each
		// criterion's range in one sweep.
		values = make([]float64, len(rows)*n)
		for i := range rows {
			src := rows[i].Values
			dst := values[i*n : (i+1)*n : (i+1)*n]
			lo, hi := lo[:len(src)], hi[:len(src)]
			dst = dst[:len(src)]
			var acc float64
			for j, v := range src {
				dst[j] = v
				acc += v - v // NaN if any value is NaN or ±Inf
				if v < lo[j] {
					lo[j] = v
				}
				if v > hi[j] {
					hi[j] = v
				}
			}
			if acc != 0 {
				bad = true
			}
		}
	}
	if bad {
		for i := range rows {
			for j, v := range rows[i].Values {
				if !finite(v) {
					errs.addAt(rows[i].ID, t.Criteria[j].Name, "row %s: criterion %s: value %v is not finite", textcut.Quote(rows[i].ID), textcut.Quote(t.Criteria[j].Name), v)
				}
			}
		}
	}
	if err := errs.err(); err != nil {
		return nil, nil, nil, err
	}
	for j := range weights {
		weights[j] /= total
	}
	return weights, values, bounds, nil
}

// scaling is the per-criterion affine map r = (x − c)·a + d, plus the
// reciprocal-share flag of a cost criterion under Sum normalization. When the
// divisor is so small that its reciprocal overflows (subnormal ranges), a
// holds the divisor itself and divide is set: r = (x − c)/a + d.
type scaling struct {
	c, a, d    float64
	reciprocal bool // r = (1/x)·a
	divide     bool
}

func (s scaling) apply(x float64) float64 {
	switch {
	case s.reciprocal:
		return s.a / x
	case s.divide:
		return (x-s.c)/s.a + s.d
	}
	return (x-s.c)*s.a + s.d
}

// by returns the scaling (x − c)/div, as a multiplication by 1/div when that
// reciprocal is finite.
func by(c, div float64) scaling {
	if inv := 1 / div; finite(inv) {
		return scaling{c: c, a: inv}
	}
	return scaling{c: c, a: div, divide: true}
}

// scalings computes each criterion's scaling under normalization n. When
// orient is true a cost criterion is inverted so that higher r is better
// (weighted sum); when false r keeps the raw direction (TOPSIS).
//
// bounds holds each criterion's minimum and maximum as [Table.validate]
// returns them; MinMax uses them instead of sweeping the values again.
func (t Table) scalings(n Normalization, orient bool, values, bounds []float64) ([]scaling, error) {
	nc := len(t.Criteria)
	m := len(t.Rows)
	out := make([]scaling, nc)
	stats := make([]float64, nc) // per criterion: one accumulator
	switch n {
	case MinMax:
		for j, c := range t.Criteria {
			lo, hi := bounds[j], bounds[nc+j]
			rng := hi - lo
			switch {
			case rng == 0:
				out[j] = scaling{d: 1}
			case !finite(rng):
				return nil, invalidAt("", c.Name, "criterion %s: the range of its values overflows", textcut.Quote(c.Name))
			case orient && c.Cost:
				out[j] = by(hi, -rng)
			default:
				out[j] = by(lo, rng)
			}
		}
	case Vector:
		for i := range m {
			for j, v := range values[i*nc : (i+1)*nc] {
				stats[j] += v * v
			}
		}
		for j, c := range t.Criteria {
			norm := math.Sqrt(stats[j])
			switch {
			case norm == 0:
				out[j] = scaling{d: 1}
			case !finite(norm):
				return nil, invalidAt("", c.Name, "criterion %s: the sum of squares of its values overflows", textcut.Quote(c.Name))
			case orient && c.Cost:
				out[j] = by(norm, -norm)
			default:
				out[j] = by(0, norm)
			}
		}
	case Sum:
		var errs errList
		for i := range m {
			for j, v := range values[i*nc : (i+1)*nc] {
				c := t.Criteria[j]
				switch {
				case v < 0:
					errs.addAt(t.Rows[i].ID, c.Name, "row %s: criterion %s: value %v is negative, sum normalization needs values >= 0", textcut.Quote(t.Rows[i].ID), textcut.Quote(c.Name), v)
				case v == 0 && orient && c.Cost:
					errs.addAt(t.Rows[i].ID, c.Name, "row %s: criterion %s: value 0 of a cost criterion has no reciprocal share under sum normalization", textcut.Quote(t.Rows[i].ID), textcut.Quote(c.Name))
				case orient && c.Cost:
					stats[j] += 1 / v
				default:
					stats[j] += v
				}
			}
		}
		if err := errs.err(); err != nil {
			return nil, err
		}
		for j, c := range t.Criteria {
			s := stats[j]
			switch {
			case s == 0:
				out[j] = scaling{d: 1 / float64(m)}
			case !finite(s):
				return nil, invalidAt("", c.Name, "criterion %s: the sum of its values overflows", textcut.Quote(c.Name))
			case orient && c.Cost:
				out[j] = scaling{a: 1 / s, reciprocal: true}
			default:
				out[j] = by(0, s)
			}
		}
	case NoNormalization:
		for j, c := range t.Criteria {
			if orient && c.Cost {
				out[j] = scaling{a: -1}
			} else {
				out[j] = scaling{a: 1}
			}
		}
	default:
		return nil, invalidf("invalid normalization %d", int(n))
	}
	return out, nil
}
