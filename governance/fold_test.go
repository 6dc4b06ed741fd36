package governance

import (
	"testing"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFoldConstants checks which calls the programs fold: literal
// constructors on constants become the constant they give (the same value
// as evaluated); a call on data, or of another function, stays a call. (A
// constructor on an invalid literal is a compile error, see
// TestFoldKeepsErrors for one that fails at evaluation.)
func TestFoldConstants(t *testing.T) {
	eng, err := New()
	require.NoError(t, err)
	env := eng.envs[ScopeProject]
	tests := []struct {
		expr   string
		folded bool
	}{
		{`money('10000000 USD')`, true},
		{`money(12, 'EUR')`, true},
		{`money(1.5, 'GBP')`, true},
		{`duration('8760h')`, true},
		{`timestamp('2026-01-01T00:00:00Z')`, true},
		{`date('2026-01-01')`, true},
		{`money(project.name)`, false},
		{`size('abc')`, false},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			ast, iss := env.Compile(tt.expr)
			require.NoError(t, iss.Err())
			var root interpreter.InterpretableV2
			last := func(i interpreter.InterpretableV2) (interpreter.InterpretableV2, error) {
				if i.ID() == ast.NativeRep().Expr().ID() {
					root = i
				}
				return i, nil
			}
			prg, err := env.Program(ast, cel.CustomDecoratorV2(foldConstants), cel.CustomDecoratorV2(last))
			require.NoError(t, err)
			c, isConst := root.(interpreter.InterpretableConst)
			assert.Equal(t, tt.folded, isConst)
			plain, err := env.Program(ast)
			require.NoError(t, err)
			act := map[string]any{"project": nil}
			want, _, wantErr := plain.Eval(act)
			got, _, gotErr := prg.Eval(act)
			if wantErr != nil {
				require.Error(t, gotErr)
				assert.Equal(t, wantErr.Error(), gotErr.Error())
				return
			}
			require.NoError(t, gotErr)
			assert.Equal(t, types.True, want.Equal(got), "%v against %v", got, want)
			if isConst {
				assert.Equal(t, types.True, c.Value().Equal(want))
			}
		})
	}
}

// failingCall is a call of a foldable overload on constants that fails.
type failingCall struct{ interpreter.InterpretableV2 }

func (failingCall) Function() string   { return "money" }
func (failingCall) OverloadID() string { return "money_string" }
func (failingCall) Args() []interpreter.InterpretableV2 {
	return []interpreter.InterpretableV2{interpreter.NewConstValue(2, types.String("x"))}
}
func (failingCall) ID() int64                           { return 1 }
func (failingCall) Eval(interpreter.Activation) ref.Val { return types.NewErr("invalid money") }

// TestFoldKeepsErrors checks that a foldable call that fails is left as
// it is: its error stays the error of each evaluation.
func TestFoldKeepsErrors(t *testing.T) {
	in := failingCall{}
	out, err := foldConstants(in)
	require.NoError(t, err)
	assert.Equal(t, interpreter.InterpretableV2(in), out)
}
