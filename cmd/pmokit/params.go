package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/governance/suite"
)

// paramsFlagUsage is the --params line of the usages of check, gate and
// test.
const paramsFlagUsage = "values of the policies' parameters: a parameters `FILE` (YAML or JSON: params: for every policy, policies: <policy>: for one)"

// registerParams registers --params FILE.
func (p *policyFlags) registerParams(fs *flag.FlagSet) {
	fs.StringVar(&p.paramsFile, "params", "", paramsFlagUsage)
}

// readParams reads the --params file ("-": standard input), or nothing
// when it is not given.
func (in *inputs) readParams(what, path string) (governance.Params, error) {
	if path == "" {
		return nil, nil
	}
	r, name, closeFn, err := in.open(what, path)
	if err != nil {
		return nil, fmt.Errorf("governance: params: %w", err)
	}
	defer closeFn()
	return governance.ReadParams(r, name)
}

// writeParams prints, in text output, the parameters whose values were
// set (not the defaults), one line: "params: policy.name = value
// (file:line:col), …"; nothing when every value is the default.
func writeParams(w io.Writer, rep *governance.Report) {
	var set []string
	for _, v := range rep.Params() {
		if !v.IsDefault() {
			set = append(set, v.String())
		}
	}
	if len(set) > 0 {
		fmt.Fprintf(w, "params: %s\n\n", strings.Join(set, ", "))
	}
}

// unusedParams reports the --params values of pmokit test that no suite's
// policies declare (each suite applies the values that fit its policies).
func unusedParams(ps governance.Params, results []*suite.Results) error {
	if len(ps) == 0 || len(results) == 0 {
		return nil
	}
	unused := make([]int, len(ps))
	for _, rs := range results {
		for _, i := range rs.UnusedParams {
			unused[i]++
		}
	}
	var errs []error
	for i, n := range unused {
		if n == len(results) {
			s := ps[i]
			e := &governance.ParamError{File: s.File, Line: s.Line, Column: s.Column, Policy: s.Policy, Name: s.Name,
				Err: errors.New("no policy of any suite declares this parameter")}
			errs = append(errs, e)
		}
	}
	return errors.Join(errs...)
}
