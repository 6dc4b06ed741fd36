package governance

// The CEL binding of the pmo schema.
//
// Design: every pmo struct is a CEL object type named after it
// (pmo.Project, pmo.Risk, …) whose fields are the JSON names. A value of such
// a type is an objRef: one pointer into the caller's portfolio, so wrapping a
// struct or an element of a list never copies and never allocates. Each field
// has a hand-written getter (a closure over a typed accessor, see schema.go)
// that cel-go calls directly through types.FieldType.GetFrom on the checked
// fast path, so a field read is a type assertion plus a struct load. Lists of
// structs are sliceRefs (one pointer to the slice header) that fold without
// an iterator. Money is an opaque CEL type of its own (see library_money.go).
// This is option (b) of the design brief: faster than converting subjects to
// maps (nothing is converted) and faster than reflection (ext.NativeTypes).

import (
	"fmt"
	"reflect"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
)

// structType is the CEL description of one Go struct of the schema.
type structType struct {
	name   string
	typ    *types.Type
	goType reflect.Type
	fields map[string]*types.FieldType
	// getters are the typed reads of the scalar fields (native plans)
	getters map[string]fieldGetter
	names   []string
}

// objRef is the CEL value of a schema struct: a pointer into the caller's
// data. It is pointer-shaped, so storing it in a ref.Val does not allocate.
type objRef[T any] struct{ p *T }

var (
	_ traits.Indexer     = objRef[int]{}
	_ traits.FieldTester = objRef[int]{}
	_ traits.Lister      = sliceRef[int]{}
	_ traits.Foldable    = sliceRef[int]{}
	_ traits.Iterator    = (*sliceIter[int])(nil)
	_ types.Provider     = (*provider)(nil)
	_ types.Adapter      = (*provider)(nil)
)

func (o objRef[T]) info() *structType { return schemaOf(reflect.TypeFor[T]()) }

// ConvertToNative implements ref.Val: *T and T.
func (o objRef[T]) ConvertToNative(t reflect.Type) (any, error) {
	switch t {
	case reflect.TypeFor[*T]():
		return o.p, nil
	case reflect.TypeFor[T]():
		return *o.p, nil
	}
	return nil, fmt.Errorf("governance: cannot convert %s to %v", o.info().name, t)
}

// ConvertToType implements ref.Val.
func (o objRef[T]) ConvertToType(t ref.Type) ref.Val {
	info := o.info()
	switch {
	case t == types.TypeType:
		return info.typ
	case t.TypeName() == info.name:
		return o
	}
	return types.NewErr("type conversion error from '%s' to '%s'", info.name, t.TypeName())
}

// Equal implements ref.Val: two values are equal when they are the same
// entity (the same element of the portfolio).
func (o objRef[T]) Equal(other ref.Val) ref.Val {
	x, ok := other.(objRef[T])
	return types.Bool(ok && x.p == o.p)
}

// Type implements ref.Val.
func (o objRef[T]) Type() ref.Type { return o.info().typ }

// Value implements ref.Val: the *T.
func (o objRef[T]) Value() any { return o.p }

// IsSet implements traits.FieldTester (used when the static type is dyn).
func (o objRef[T]) IsSet(field ref.Val) ref.Val {
	name, ok := field.(types.String)
	if !ok {
		return types.MaybeNoSuchOverloadErr(field)
	}
	ft, ok := o.info().fields[string(name)]
	if !ok {
		return types.NewErr("no such field '%s'", name)
	}
	return types.Bool(ft.IsSet(o.p))
}

// Get implements traits.Indexer (used when the static type is dyn).
func (o objRef[T]) Get(field ref.Val) ref.Val {
	name, ok := field.(types.String)
	if !ok {
		return types.MaybeNoSuchOverloadErr(field)
	}
	ft, ok := o.info().fields[string(name)]
	if !ok {
		return types.NewErr("no such field '%s'", name)
	}
	v, err := ft.GetFrom(o.p)
	if err != nil {
		return types.WrapErr(err)
	}
	return v.(ref.Val)
}

// sliceRef is the CEL list value of a slice of schema structs: a pointer to
// the caller's slice header.
type sliceRef[E any] struct{ p *[]E }

func (l sliceRef[E]) elem(i int) ref.Val { return objRef[E]{&(*l.p)[i]} }

// size is the list's length (objSeq).
func (l sliceRef[E]) size() int { return len(*l.p) }

// objSeq is a list of schema structs that native plans iterate by index.
type objSeq interface {
	size() int
	elem(i int) ref.Val
}

// Add implements traits.Adder: concatenation gives a plain CEL list.
func (l sliceRef[E]) Add(other ref.Val) ref.Val {
	o, ok := other.(traits.Lister)
	if !ok {
		return types.MaybeNoSuchOverloadErr(other)
	}
	n := len(*l.p)
	out := make([]ref.Val, 0, n+int(o.Size().(types.Int)))
	for i := range n {
		out = append(out, l.elem(i))
	}
	for it := o.Iterator(); it.HasNext() == types.True; {
		out = append(out, it.Next())
	}
	return types.NewRefValList(types.DefaultTypeAdapter, out)
}

// Contains implements traits.Container.
func (l sliceRef[E]) Contains(v ref.Val) ref.Val {
	for i := range *l.p {
		if l.elem(i).Equal(v) == types.True {
			return types.True
		}
	}
	return types.False
}

// Get implements traits.Indexer.
func (l sliceRef[E]) Get(index ref.Val) ref.Val {
	i, err := types.GetOrError(index)
	if err != nil {
		return types.WrapErr(err)
	}
	if i < 0 || i >= len(*l.p) {
		return types.NewErr("index out of range: %d", i)
	}
	return l.elem(i)
}

// Size implements traits.Sizer.
func (l sliceRef[E]) Size() ref.Val { return types.Int(len(*l.p)) }

// Iterator implements traits.Iterable.
func (l sliceRef[E]) Iterator() traits.Iterator { return &sliceIter[E]{l: l} }

// Fold implements traits.Foldable: comprehensions iterate without an
// iterator.
func (l sliceRef[E]) Fold(f traits.Folder) {
	for i := range *l.p {
		if !f.FoldEntry(types.Int(i), l.elem(i)) {
			return
		}
	}
}

// ConvertToNative implements ref.Val: []E, *[]E or []any.
func (l sliceRef[E]) ConvertToNative(t reflect.Type) (any, error) {
	switch t {
	case reflect.TypeFor[[]E]():
		return *l.p, nil
	case reflect.TypeFor[*[]E]():
		return l.p, nil
	}
	return nil, fmt.Errorf("governance: cannot convert list of %s to %v", schemaOf(reflect.TypeFor[E]()).name, t)
}

// ConvertToType implements ref.Val.
func (l sliceRef[E]) ConvertToType(t ref.Type) ref.Val {
	switch {
	case t == types.TypeType:
		return types.ListType
	case t.TypeName() == types.ListType.TypeName():
		return l
	}
	return types.NewErr("type conversion error from 'list' to '%s'", t.TypeName())
}

// Equal implements ref.Val: element-wise.
func (l sliceRef[E]) Equal(other ref.Val) ref.Val {
	o, ok := other.(traits.Lister)
	if !ok || o.Size() != l.Size() {
		return types.False
	}
	for i := range *l.p {
		if eq := l.elem(i).Equal(o.Get(types.Int(i))); eq != types.True {
			return eq
		}
	}
	return types.True
}

// Type implements ref.Val.
func (l sliceRef[E]) Type() ref.Type { return types.ListType }

// Value implements ref.Val: the []E.
func (l sliceRef[E]) Value() any { return *l.p }

type sliceIter[E any] struct {
	l sliceRef[E]
	i int
}

// The methods of sliceIter implement traits.Iterator; comprehensions use
// sliceRef.Fold instead, so they serve only hosts that iterate themselves.

// HasNext implements traits.Iterator.
func (it *sliceIter[E]) HasNext() ref.Val { return types.Bool(it.i < len(*it.l.p)) }

// Next implements traits.Iterator.
func (it *sliceIter[E]) Next() ref.Val {
	if it.i >= len(*it.l.p) {
		return types.NewErr("no more elements")
	}
	v := it.l.elem(it.i)
	it.i++
	return v
}

func (it *sliceIter[E]) ConvertToNative(reflect.Type) (any, error) {
	return nil, fmt.Errorf("governance: cannot convert an iterator")
}
func (it *sliceIter[E]) ConvertToType(ref.Type) ref.Val { return types.NewErr("iterator") }
func (it *sliceIter[E]) Equal(ref.Val) ref.Val          { return types.False }
func (it *sliceIter[E]) Type() ref.Type                 { return types.IteratorType }
func (it *sliceIter[E]) Value() any                     { return nil }

// provider is the types.Provider and types.Adapter of the engine: the schema
// types first, then the environment's own.
type provider struct {
	base    types.Provider
	adapter types.Adapter
}

// EnumValue implements types.Provider.
func (p *provider) EnumValue(name string) ref.Val { return p.base.EnumValue(name) }

// FindIdent implements types.Provider.
func (p *provider) FindIdent(name string) (ref.Val, bool) { return p.base.FindIdent(name) }

// FindStructType implements types.Provider.
func (p *provider) FindStructType(name string) (*types.Type, bool) {
	if st, ok := schema().byName[name]; ok {
		return types.NewTypeTypeWithParam(st.typ), true
	}
	return p.base.FindStructType(name)
}

// FindStructFieldNames implements types.Provider.
func (p *provider) FindStructFieldNames(name string) ([]string, bool) {
	if st, ok := schema().byName[name]; ok {
		return append([]string(nil), st.names...), true
	}
	return p.base.FindStructFieldNames(name)
}

// FindStructFieldType implements types.Provider.
func (p *provider) FindStructFieldType(name, field string) (*types.FieldType, bool) {
	if st, ok := schema().byName[name]; ok {
		ft, ok := st.fields[field]
		return ft, ok
	}
	return p.base.FindStructFieldType(name, field)
}

// NewValue implements types.Provider: schema values cannot be built in CEL.
func (p *provider) NewValue(name string, fields map[string]ref.Val) ref.Val {
	if _, ok := schema().byName[name]; ok {
		return types.NewErr("governance: cannot create a %s in a rule", name)
	}
	return p.base.NewValue(name, fields)
}

// NativeToValue implements types.Adapter.
func (p *provider) NativeToValue(v any) ref.Val {
	if rv, ok := v.(ref.Val); ok {
		return rv
	}
	if rv, ok := nativeSchemaValue(v); ok {
		return rv
	}
	return p.adapter.NativeToValue(v)
}

// fieldError is the error of a field getter called on something other than
// its struct: the error a failed qualification carried, or a type error.
func fieldError(obj any, typeName, field string) error {
	if err, ok := obj.(error); ok {
		return err
	}
	return fmt.Errorf("no such field '%s' on %T (want %s)", field, obj, typeName)
}
