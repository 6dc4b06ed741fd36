package governance

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"sync"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
)

// Maps of the data iterate their keys in sorted order.
//
// cel-go visits the keys of a map built over a Go map in Go's order, which
// changes from one run to the next. A comprehension over a map then gives
// a list in another order (project.scores.map(k, k)[0]), names another key
// in its error, records other values in its explanation and stops at
// another point under a cost limit: the same portfolio, clock and rules
// could give another report. So every map a rule reads from the data (an
// entity's attributes and the maps nested in them, a risk's impacts, a
// project's scores) and every map parameter is a sortedMap: the same map,
// iterated in the order of its keys (booleans, then numbers, then strings,
// each in their natural order). Looking a key up is the map's own.

// sortedMap is a CEL map whose iteration is in sorted key order.
type sortedMap struct {
	traits.Mapper
	keys func() []ref.Val // sorted, made on first iteration
}

var (
	_ traits.Mapper   = (*sortedMap)(nil)
	_ traits.Foldable = (*sortedMap)(nil)
)

// sortedOf returns m iterating in sorted key order.
func sortedOf(m traits.Mapper) *sortedMap {
	return &sortedMap{Mapper: m, keys: sync.OnceValue(func() []ref.Val {
		var keys []ref.Val
		for it := m.Iterator(); it.HasNext() == types.True; {
			keys = append(keys, it.Next())
		}
		slices.SortFunc(keys, compareKeys)
		return keys
	})}
}

// compareKeys orders map keys: booleans, then numbers, then strings, then
// anything else, each in its natural order.
func compareKeys(a, b ref.Val) int {
	rank := func(v ref.Val) int {
		switch v.(type) {
		case types.Bool:
			return 0
		case types.Int, types.Uint, types.Double:
			return 1
		case types.String:
			return 2
		}
		return 3
	}
	if c := cmp.Compare(rank(a), rank(b)); c != 0 {
		return c
	}
	if c, ok := a.(traits.Comparer); ok {
		if n, ok := c.Compare(b).(types.Int); ok {
			return int(n)
		}
	}
	return 0
}

// Iterator implements traits.Iterable: the keys in sorted order.
func (m *sortedMap) Iterator() traits.Iterator {
	return &keyIter{keys: m.keys()}
}

// Fold implements traits.Foldable: comprehensions visit the entries in
// sorted key order.
func (m *sortedMap) Fold(f traits.Folder) {
	for _, k := range m.keys() {
		v, _ := m.Find(k)
		if !f.FoldEntry(k, v) {
			return
		}
	}
}

// Get implements traits.Indexer: a nested map or list of the data is
// sorted too (sortedValue).
func (m *sortedMap) Get(key ref.Val) ref.Val { return sortedValue(m.Mapper.Get(key)) }

// Find implements traits.Mapper, as Get.
func (m *sortedMap) Find(key ref.Val) (ref.Val, bool) {
	v, found := m.Mapper.Find(key)
	return sortedValue(v), found
}

// keyIter iterates a sorted key list.
type keyIter struct {
	keys []ref.Val
	i    int
}

// HasNext implements traits.Iterator.
func (it *keyIter) HasNext() ref.Val { return types.Bool(it.i < len(it.keys)) }

// Next implements traits.Iterator.
func (it *keyIter) Next() ref.Val {
	if it.i >= len(it.keys) {
		return types.NewErr("no more elements")
	}
	k := it.keys[it.i]
	it.i++
	return k
}

// The other methods of keyIter implement ref.Val; an iterator is never a
// value of an expression.
func (it *keyIter) ConvertToNative(t reflect.Type) (any, error) {
	return nil, fmt.Errorf("governance: cannot convert an iterator to %v", t)
}
func (it *keyIter) ConvertToType(ref.Type) ref.Val { return types.NewErr("iterator") }
func (it *keyIter) Equal(ref.Val) ref.Val          { return types.False }
func (it *keyIter) Type() ref.Type                 { return types.IteratorType }
func (it *keyIter) Value() any                     { return nil }

// sortedValue is v with its maps sorted: a map becomes a sortedMap, a
// list a sortedList (whose maps are sorted when read); anything else is v.
func sortedValue(v ref.Val) ref.Val {
	switch x := v.(type) {
	case *sortedMap, sortedList:
		return v
	case traits.Mapper:
		return sortedOf(x)
	case traits.Lister:
		if _, ok := v.(objSeq); ok {
			return v // a list of schema structs holds no map
		}
		return sortedList{x}
	}
	return v
}

// sortedList is a CEL list of the data whose elements' maps are sorted.
type sortedList struct{ traits.Lister }

// Get implements traits.Indexer.
func (l sortedList) Get(i ref.Val) ref.Val { return sortedValue(l.Lister.Get(i)) }

// Add implements traits.Adder: the concatenation's maps are sorted too.
func (l sortedList) Add(other ref.Val) ref.Val { return sortedValue(l.Lister.Add(other)) }

// Iterator implements traits.Iterable.
func (l sortedList) Iterator() traits.Iterator { return sortedIter{l.Lister.Iterator()} }

type sortedIter struct{ traits.Iterator }

// Next implements traits.Iterator.
func (it sortedIter) Next() ref.Val { return sortedValue(it.Iterator.Next()) }
