package suite

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/pmo"
)

// LoadPolicies reads policy files: a path to a file is read as a policy; a
// path to a directory gives every *.yaml, *.yml and *.json file directly in
// it (suites, named *_test.yaml, excepted), in lexical order. Each policy's
// Source is its file path, so that compile errors name file:line:col. The
// errors of all files are joined.
func LoadPolicies(paths ...string) ([]*governance.Policy, error) {
	var (
		out  []*governance.Policy
		errs []error
	)
	for _, p := range paths {
		files, err := policyFiles(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, f := range files {
			pol, err := governance.ParsePolicyFile(f)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			out = append(out, pol)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

func policyFiles(p string) ([]string, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("suite: %w", err)
	}
	if !info.IsDir() {
		return []string{p}, nil
	}
	entries, err := os.ReadDir(p)
	if err != nil {
		return nil, fmt.Errorf("suite: %w", err)
	}
	var files []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || IsSuiteFile(name) {
			continue
		}
		switch strings.ToLower(filepath.Ext(name)) {
		case ".yaml", ".yml", ".json":
			files = append(files, filepath.Join(p, name))
		}
	}
	slices.Sort(files)
	if len(files) == 0 {
		return nil, fmt.Errorf("suite: %s: no policy files (*.yaml, *.yml, *.json)", p)
	}
	return files, nil
}

// PackType returns the PMO type named by a pack name (supportive,
// controlling or directive).
func PackType(name string) (pmo.Type, error) {
	var t pmo.Type
	if err := t.UnmarshalText([]byte(name)); err != nil || t == 0 {
		return 0, fmt.Errorf("suite: unknown pack %q (want supportive, controlling or directive)", name)
	}
	return t, nil
}
