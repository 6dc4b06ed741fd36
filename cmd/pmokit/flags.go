package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
	"github.com/pmokit/pmokit/risk"
)

// stringList is a repeatable string flag (--policy a --policy b).
type stringList []string

func (s *stringList) String() string { return strings.Join(*s, ",") }

func (s *stringList) Set(v string) error {
	*s = append(*s, v)
	return nil
}

// newFlags returns a flag set that writes its errors to stderr and returns
// them instead of exiting; parseFlags prints the usage (usage is kept in the
// signature so that every verb reads the same).
func newFlags(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("pmokit "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {}
	return fs
}

// parseFlags parses args; it returns done when the verb must stop, with the
// exit status: --help prints the usage on stdout (0), a bad flag prints the
// error and the usage on stderr (2).
func parseFlags(fs *flag.FlagSet, usage string, args []string, stdout io.Writer) (status int, done bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			return exitOK, true
		}
		fmt.Fprint(fs.Output(), usage)
		return exitUsage, true
	}
	return 0, false
}

// parseNoArgs is parseFlags for a verb that takes flags only: a positional
// argument is a usage error too (exit 2, with the usage on stderr).
func parseNoArgs(fs *flag.FlagSet, usage string, args []string, stdout io.Writer) (status int, done bool) {
	if status, done := parseFlags(fs, usage, args, stdout); done {
		return status, true
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "%s: unexpected argument %q\n\n%s", fs.Name(), fs.Arg(0), usage)
		return exitUsage, true
	}
	return 0, false
}

// checkFormat returns an error naming the accepted values when format is not
// one of formats.
func checkFormat(format string, formats ...string) error {
	if slices.Contains(formats, format) {
		return nil
	}
	want := strings.Join(formats[:len(formats)-1], ", ") + " or " + formats[len(formats)-1]
	return fmt.Errorf("invalid --format %q (want %s)", format, want)
}

// policyFlags are the flags that choose policies, shared by check, gate and
// diff: --policy FILE|DIR (repeatable) and --pack TYPE, or under other
// names (diff's --old and --old-pack).
type policyFlags struct {
	policyFlag, packFlag string // the flag names, for messages
	policies             stringList
	packs                stringList // at most one; a list so that a second --pack is an error, not silently the one taken
	// parsed holds the policies load read, in set order, for the rule
	// locations reports point at; fromPack marks the built-in ones.
	parsed   []*governance.Policy
	fromPack map[*governance.Policy]bool
	// paramsFile is --params FILE (check, gate; see registerParams).
	paramsFile string
	// matrixName is --matrix MATRIX (check, gate; see registerMatrix);
	// matrix, when set, is the matrix itself (report's).
	matrixName string
	matrix     *risk.Matrix
}

func (p *policyFlags) register(fs *flag.FlagSet) { p.registerAs(fs, "policy", "pack") }

// registerAs registers the two flags under the given names.
func (p *policyFlags) registerAs(fs *flag.FlagSet, policy, pack string) {
	p.policyFlag, p.packFlag = "--"+policy, "--"+pack
	fs.Var(&p.policies, policy, "policy `FILE|DIR` (repeatable; - reads standard input)")
	fs.Var(&p.packs, pack, "add the built-in pack `TYPE`: supportive, controlling or directive")
}

// given reports whether any of the flags was given.
func (p *policyFlags) given() bool { return len(p.policies) > 0 || len(p.packs) > 0 }

// load reads and compiles the chosen policies; a --policy of "-" reads one
// policy from standard input.
func (p *policyFlags) load(in *inputs) (*governance.PolicySet, error) {
	if !p.given() {
		return nil, fmt.Errorf("no policies: give %s or %s", p.policyFlag, p.packFlag)
	}
	if len(p.packs) > 1 {
		return nil, fmt.Errorf("%s given %d times (%s): give one pack", p.packFlag, len(p.packs), strings.Join(p.packs, ", "))
	}
	var (
		policies []*governance.Policy
		opts     []governance.Option
	)
	if len(p.packs) == 1 {
		var t pmo.Type
		if err := t.UnmarshalText([]byte(p.packs[0])); err != nil || t == 0 {
			return nil, fmt.Errorf("unknown pack %q (want supportive, controlling or directive)", p.packs[0])
		}
		ps, err := governance.Pack(t)
		if err != nil {
			return nil, err
		}
		policies = append(policies, ps...)
		// The --policy files beside the pack that give a severity per PMO
		// type take the pack's type.
		opts = append(opts, governance.WithPMOType(t))
		p.fromPack = make(map[*governance.Policy]bool, len(ps))
		for _, pol := range ps {
			p.fromPack[pol] = true
		}
	}
	var errs []error
	for _, path := range p.policies {
		if isStdin(path) {
			pol, err := in.readStdinPolicy(p.policyFlag)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			policies = append(policies, pol)
			continue
		}
		ps, err := governance.LoadPolicies(nil, path)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		policies = append(policies, ps...)
	}
	params, err := in.readParams("--params", p.paramsFile)
	if err != nil {
		errs = append(errs, err)
	}
	mopts, err := p.matrixOption(in)
	if err != nil {
		errs = append(errs, err)
	}
	opts = append(opts, mopts...)
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	p.parsed = policies
	return compile(policies, append(opts, governance.WithParams(params))...)
}

// compile compiles policies with an engine of opts.
func compile(policies []*governance.Policy, opts ...governance.Option) (*governance.PolicySet, error) {
	eng, err := governance.New(opts...)
	if err != nil {
		return nil, err
	}
	return eng.Compile(policies...)
}

// parseAt parses --at: empty means the wall clock.
func parseAt(s string) (time.Time, error) {
	if s == "" {
		return time.Now().UTC(), nil
	}
	t, err := pmo.ParseTime(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("invalid --at %q (want YYYY-MM-DD or RFC 3339)", s)
	}
	return t, nil
}

// readPortfolio reads the --portfolio file ("-": standard input) of a verb
// that reads no other input, under the --max-input limit.
func readPortfolio(path string, limit *maxInput) (*pmo.Portfolio, error) {
	return newInputs(limit).readPortfolio("--portfolio", path)
}

// fail prints an input error and returns the usage exit status.
func fail(stderr io.Writer, verb string, err error) int {
	// A joined error (every problem of a file) prints one problem a line,
	// each with the verb, so that each reads "pmokit check: pmo:
	// file:line:col: path: problem" and tools can pick them out.
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintf(stderr, "pmokit %s: %s\n", verb, line)
	}
	return exitUsage
}
