package governance

// Strict equality: the equality of ==, !=, in, distinct and the set
// functions (see library_guard.go, which installs it).
//
// cel-go reads an error in an equality as "not equal": != of two amounts in
// different currencies is true, and a list or map comparison, in, distinct
// and the set functions skip an element whose comparison fails. Money never
// compares across currencies, so here a comparison of two amounts in
// different currencies is an evaluation error wherever the amounts are: at
// the top, inside lists and maps at any depth, as an element looked up with
// in or compared by distinct, sets.contains, sets.intersects,
// sets.equivalent, hasAll, hasAny, hasOnly and hasExactly. Every element
// pair of two equal-sized lists (and every common key of two equal-sized
// maps) is compared, so the result does not depend on element order:
// [money('1 USD'), money('2 USD')] == [money('2 USD'), money('1 EUR')] is an
// error, not false. Lists (maps) of different sizes are unequal without
// comparing elements. Every other value compares as in CEL.

import (
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
)

// equality compares values, counting one unit of work per value pair and
// refusing to go past limit.
type equality struct {
	fn          string // for messages
	limit, work uint64
}

// strictEqual is == on a and b (fn names the operator in messages), and
// the work it did.
func strictEqual(fn string, a, b ref.Val, limit uint64) (ref.Val, uint64) {
	e := equality{fn: fn, limit: limit}
	return e.eq(a, b, 0), e.work
}

func (e *equality) eq(a, b ref.Val, depth int) ref.Val {
	e.work++
	if e.work > e.limit {
		return tooMuchWork(e.fn, e.work, e.limit)
	}
	if depth > maxValueDepth {
		return types.NewErr("governance: %s: values nested deeper than %d", e.fn, maxValueDepth)
	}
	switch x := a.(type) {
	case *threshold: // a money parameter (params_money.go)
		return x.Equal(b)
	case moneyRef:
		if t, ok := b.(*threshold); ok {
			return t.Equal(a)
		}
		y, ok := b.(moneyRef)
		if !ok {
			return types.False
		}
		c, err := cmpMoney(x.money(), y.money(), e.fn)
		if err != nil {
			return types.WrapErr(err)
		}
		return types.Bool(c == 0)
	case traits.Lister:
		y, ok := b.(traits.Lister)
		if !ok {
			return types.False
		}
		n := sizeOf(x)
		if n != sizeOf(y) {
			return types.False
		}
		res := types.True
		for i := range n {
			r := e.eq(x.Get(types.Int(i)), y.Get(types.Int(i)), depth+1)
			if types.IsError(r) {
				return r
			}
			if r != types.True {
				res = types.False
			}
		}
		return res
	case traits.Mapper:
		y, ok := b.(traits.Mapper)
		if !ok {
			return types.False
		}
		if sizeOf(x) != sizeOf(y) {
			return types.False
		}
		res := types.True
		for it := x.Iterator(); it.HasNext() == types.True; {
			k := it.Next()
			yv, found := y.Find(k)
			if !found {
				res = types.False
				continue
			}
			r := e.eq(x.Get(k), yv, depth+1)
			if types.IsError(r) {
				return r
			}
			if r != types.True {
				res = types.False
			}
		}
		return res
	}
	switch b.(type) {
	case moneyRef, *threshold, traits.Lister, traits.Mapper:
		return types.False
	}
	return types.Equal(a, b)
}

// allStrings reports whether every element of l is a string (then equality
// is string equality and a hash set does).
func allStrings(l traits.Lister) bool {
	for i := range sizeOf(l) {
		if _, ok := l.Get(types.Int(i)).(types.String); !ok {
			return false
		}
	}
	return true
}

func stringSet(l traits.Lister) map[types.String]bool {
	n := sizeOf(l)
	set := make(map[types.String]bool, n)
	for i := range n {
		set[l.Get(types.Int(i)).(types.String)] = true
	}
	return set
}

// inWork is the work of x in list: one unit per element.
func inWork(a []ref.Val, _ uint64) (uint64, ref.Val) {
	if _, ok := a[1].(traits.Lister); ok {
		return sizeOf(a[1]) + 1, nil
	}
	return 1, nil
}

// inImpl is x in list with strict equality (every element is compared), and
// x in map as in CEL.
func inImpl(a []ref.Val, limit uint64) (ref.Val, uint64) {
	x := a[0]
	switch l := a[1].(type) {
	case traits.Lister:
		e := equality{fn: "in", limit: limit}
		res := types.False
		for i := range sizeOf(l) {
			r := e.eq(x, l.Get(types.Int(i)), 0)
			if types.IsError(r) {
				return r, e.work
			}
			if r == types.True {
				res = types.True
			}
		}
		return res, e.work
	case traits.Container:
		return l.Contains(x), 1
	}
	return types.MaybeNoSuchOverloadErr(a[1]), 1
}

// distinctWork is a lower bound of the work of distinct (one unit per
// element); distinctImpl counts the rest and stops at the limit.
func distinctWork(a []ref.Val, _ uint64) (uint64, ref.Val) { return sizeOf(a[0]) + 1, nil }

// distinctImpl keeps the first of equal elements, in order: with a hash set
// for strings, by strict comparison with the kept elements otherwise.
func distinctImpl(a []ref.Val, limit uint64) (ref.Val, uint64) {
	l, ok := a[0].(traits.Lister)
	if !ok {
		return types.MaybeNoSuchOverloadErr(a[0]), 1
	}
	n := sizeOf(l)
	out := make([]ref.Val, 0, n)
	if allStrings(l) {
		seen := make(map[types.String]bool, n)
		for i := range n {
			s := l.Get(types.Int(i)).(types.String)
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
		return types.NewRefValList(types.DefaultTypeAdapter, out), n + 1
	}
	e := equality{fn: "distinct", limit: limit}
	for i := range n {
		v := l.Get(types.Int(i))
		dup := false
		for _, u := range out {
			r := e.eq(v, u, 0)
			if types.IsError(r) {
				return r, e.work
			}
			if r == types.True {
				dup = true
			}
		}
		if !dup {
			out = append(out, v)
		}
	}
	return types.NewRefValList(types.DefaultTypeAdapter, out), e.work + 1
}

// pairWork is a lower bound of the work of a set function on two lists; the
// implementations count the rest and stop at the limit.
func pairWork(a []ref.Val, _ uint64) (uint64, ref.Val) { return sizeOf(a[0]) + sizeOf(a[1]) + 1, nil }

// setsContains reports whether every element of sub is in list.
func setsContains(list, sub ref.Val, limit uint64) (ref.Val, uint64) {
	return setsMatch(list, sub, limit, "sets.contains", func(found []bool) bool {
		for _, f := range found {
			if !f {
				return false
			}
		}
		return true
	})
}

// setsIntersects reports whether some element of b is in a.
func setsIntersects(a, b ref.Val, limit uint64) (ref.Val, uint64) {
	return setsMatch(a, b, limit, "sets.intersects", func(found []bool) bool {
		for _, f := range found {
			if f {
				return true
			}
		}
		return false
	})
}

// setsEquivalent reports whether a contains b and b contains a.
func setsEquivalent(a, b ref.Val, limit uint64) (ref.Val, uint64) {
	r, w1 := setsContains(a, b, limit)
	if r != types.True {
		return r, w1
	}
	r, w2 := setsContains(b, a, limit-min(w1, limit))
	return r, w1 + w2
}

// setsMatch finds, for each element of sub, whether it is in list (strict
// equality, every pair compared), and decides with verdict.
func setsMatch(list, sub ref.Val, limit uint64, fn string, verdict func(found []bool) bool) (ref.Val, uint64) {
	l, ok1 := list.(traits.Lister)
	s, ok2 := sub.(traits.Lister)
	if !ok1 || !ok2 {
		return types.MaybeNoSuchOverloadErr(sub), 1
	}
	found := make([]bool, sizeOf(s))
	if allStrings(l) && allStrings(s) {
		set := stringSet(l)
		for i := range found {
			found[i] = set[s.Get(types.Int(i)).(types.String)]
		}
		return types.Bool(verdict(found)), sizeOf(l) + sizeOf(s) + 1
	}
	e := equality{fn: fn, limit: limit}
	for i := range found {
		x := s.Get(types.Int(i))
		for j := range sizeOf(l) {
			r := e.eq(x, l.Get(types.Int(j)), 0)
			if types.IsError(r) {
				return r, e.work
			}
			if r == types.True {
				found[i] = true
			}
		}
	}
	return types.Bool(verdict(found)), e.work + 1
}
