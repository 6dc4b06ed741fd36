package governance

import (
	"embed"
	"fmt"
	"io/fs"

	"github.com/pmokit/pmokit/pmo"
)

// packFiles holds the policy pack: one directory, policies/, of policy
// files that serve every PMO type. It is read-only.
//
//go:embed packs/policies/*.yaml
var packFiles embed.FS

// packDir is the directory of the pack's policy files in [PackFS].
const packDir = "policies"

// Pack returns the policies of the ready policy pack for a PMO type
// (supportive, controlling or directive), parsed and ready for
// [Engine.Compile]. Each call returns new values that the caller may change.
//
// The three PMO types share one set of policy files, with the same
// policies and rules; each file gives its severity per PMO type (a
// mapping {supportive: ..., controlling: ..., directive: ...}), which Pack
// resolves for t into every [Rule.Severity] and [Rating.Severity], keeping
// the mappings ([Rule.Severities], [Policy.Severities]). Thresholds, money
// limits and phase names are the policies' parameters ([Policy.Params]),
// whose defaults fit the default lifecycle; set them with [WithParams] or
// a parameters file ([ParseParamsFile]). The supportive pack advises
// (info and warning, never blocks), the controlling pack enforces the core
// standards as errors and warns about the rest, and the directive pack
// enforces every rule. The rule catalogue, docs/rules.md in the
// repository, lists every rule and rating with what it checks and its
// severity per PMO type, and every parameter with its default:
// https://github.com/pmokit/pmokit/blob/main/docs/rules.md
//
// Each policy's Source is its path in [PackFS], e.g.
// "policies/stage-gates.yaml", the same for every type. An unknown or
// unset type is an error.
func Pack(t pmo.Type) ([]*Policy, error) {
	if err := checkPackType(t); err != nil {
		return nil, err
	}
	ps, err := LoadPolicies(PackFS(), packDir)
	if err != nil {
		return nil, fmt.Errorf("governance: pack %s: %w", t, err)
	}
	for _, p := range ps {
		for i := range p.Rules {
			r := &p.Rules[i]
			sev, _, msg := severityFor(p, r.Severity, r.Severities, t)
			if msg != "" {
				return nil, fmt.Errorf("governance: pack %s: %s: rule %s: %s", t, p.Source, r.ID, msg)
			}
			r.Severity = sev
		}
		for i := range p.Ratings {
			r := &p.Ratings[i]
			sev, _, msg := severityFor(p, r.Severity, r.Severities, t)
			if msg != "" {
				return nil, fmt.Errorf("governance: pack %s: %s: rating %s: %s", t, p.Source, r.ID, msg)
			}
			r.Severity = sev
		}
	}
	return ps, nil
}

// PackFS returns the policy pack as a read-only file system: one directory,
// policies/, of commented policy files that serve every PMO type (each
// gives its severity per type), which a PMO can copy and adapt:
//
//	fs.WalkDir(governance.PackFS(), ".", ...)
//
// A copied file compiles with the engine option [WithPMOType], which
// chooses the severities of one type.
func PackFS() fs.FS {
	sub, err := fs.Sub(packFiles, "packs")
	if err != nil {
		// fs.Sub fails only on an invalid directory name; "packs" is valid.
		return packFiles
	}
	return sub
}

// PackFiles returns the paths in [PackFS] of the policy files of a PMO
// type's pack, in lexical order: the files are shared by the three types,
// so the list is the same for each. An unknown or unset type is an error.
func PackFiles(t pmo.Type) ([]string, error) {
	if err := checkPackType(t); err != nil {
		return nil, err
	}
	names, err := fs.Glob(PackFS(), packDir+"/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("governance: pack %s: %w", t, err)
	}
	return names, nil
}

func checkPackType(t pmo.Type) error {
	if knownPMOType(t) {
		return nil
	}
	return fmt.Errorf("governance: no policy pack for PMO type %d (want supportive, controlling or directive)", int(t))
}
