package suite_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/governance/suite"
	"github.com/pmokit/pmokit/pmo"
)

// TestErrorShape pins the naming rule of pmokit's error types: the file,
// the position, the field path and the cause are File, Line, Column, Path
// and Err in every one of them, and every one matches its package's
// sentinel with errors.Is while Err stays reachable.
func TestErrorShape(t *testing.T) {
	want := map[string]reflect.Type{
		"File": reflect.TypeFor[string](), "Line": reflect.TypeFor[int](), "Column": reflect.TypeFor[int](),
		"Path": reflect.TypeFor[string](), "Err": reflect.TypeFor[error](),
	}
	cause := errors.New("the cause")
	tests := []struct {
		err      error
		sentinel error
	}{
		{&pmo.FieldError{Path: "projects[0].id", Err: cause}, pmo.ErrInvalid},
		{&governance.ParseError{File: "p.yaml", Line: 1, Column: 2, Path: "rules[0].id", Err: cause}, governance.ErrInvalidPolicy},
		{&governance.CompileError{File: "p.yaml", Line: 1, Column: 2, Path: "expression", Err: cause}, governance.ErrInvalidPolicy},
		{&suite.Error{File: "s_test.yaml", Line: 1, Column: 2, Err: cause}, suite.ErrInvalid},
	}
	for _, tt := range tests {
		typ := reflect.TypeOf(tt.err).Elem()
		t.Run(typ.String(), func(t *testing.T) {
			for name, ft := range want {
				f, ok := typ.FieldByName(name)
				if assert.True(t, ok, "%s has no field %s", typ, name) {
					assert.Equal(t, ft, f.Type, "%s.%s", typ, name)
				}
			}
			assert.ErrorIs(t, tt.err, tt.sentinel)
			assert.ErrorIs(t, tt.err, cause)
			assert.Contains(t, tt.err.Error(), "the cause")
		})
	}
}
