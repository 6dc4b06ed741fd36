package governance

import (
	"cel.dev/cel-go/common/overloads"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/interpreter"
)

// A rule's programs compute a literal constructor on constant arguments
// once, when the program is planned, instead of on every evaluation: the
// money('10000000 USD'), duration('8760h'), timestamp(...) and date(...)
// of a rule, which a rule inside a loop would otherwise parse once per
// item per subject. Only these pure conversions of literals are folded
// (named by overload, so a host function of the same name is not); a
// constructor that fails on its literal is left as it is, so its error
// stays the error of the evaluation it always was. The explain program
// (explain_plan.go) is not folded: explanations read the expression as
// written.

// foldableOverloads are the overloads folded on constant arguments.
var foldableOverloads = map[string]bool{
	"money_string": true, "money_int_string": true, "money_double_string": true,
	"date_string":               true,
	overloads.StringToDuration:  true,
	overloads.StringToTimestamp: true,
}

// foldConstants is the program decorator that folds them: a call of a
// foldable overload whose arguments are all constants becomes the
// constant it evaluates to.
func foldConstants(i interpreter.InterpretableV2) (interpreter.InterpretableV2, error) {
	call, ok := i.(interpreter.InterpretableCall)
	if !ok || !foldableOverloads[call.OverloadID()] {
		return i, nil
	}
	for _, a := range call.Args() {
		if _, ok := a.(interpreter.InterpretableConst); !ok {
			return i, nil
		}
	}
	v := call.Eval(interpreter.EmptyActivation())
	if types.IsUnknownOrError(v) {
		return i, nil
	}
	return interpreter.NewConstValue(call.ID(), v), nil
}
