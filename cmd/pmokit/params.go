package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/pmokit/pmokit/governance"
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
