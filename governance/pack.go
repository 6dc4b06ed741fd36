package governance

import (
	"embed"
	"fmt"
	"io/fs"
	"path"

	"github.com/pmokit/pmokit/pmo"
)

// packFiles holds the policy packs: one directory of policy files per PMO
// type. It is read-only.
//
//go:embed packs/supportive/*.yaml packs/controlling/*.yaml packs/directive/*.yaml
var packFiles embed.FS

// Pack returns the policies of the ready policy pack for a PMO type
// (supportive, controlling or directive), parsed and ready for
// [Engine.Compile]. Each call returns new values that the caller may change.
//
// The three packs hold the same policies and rules and differ in severity
// and thresholds: the supportive pack advises (info and warning, never
// blocks), the controlling pack enforces the core standards as errors and
// warns about the rest, and the directive pack enforces every rule. The
// rule catalogue, docs/rules.md in the repository, lists every rule with
// what it checks and its severity per pack:
// https://github.com/pmokit/pmokit/blob/main/docs/rules.md
//
// Each policy's Source is its path in [PackFS], e.g.
// "directive/stage-gates.yaml". An unknown or unset type is an error.
func Pack(t pmo.Type) ([]*Policy, error) {
	dir, err := packDir(t)
	if err != nil {
		return nil, err
	}
	sub, err := fs.Sub(packFiles, "packs")
	if err != nil {
		return nil, fmt.Errorf("governance: pack %s: %w", t, err)
	}
	return LoadPolicies(sub, dir)
}

// PackFS returns the policy packs as a read-only file system: a directory
// per PMO type (supportive/, controlling/, directive/) of policy files, each
// commented, that a PMO can copy and adapt:
//
//	fs.WalkDir(governance.PackFS(), ".", ...)
func PackFS() fs.FS {
	sub, err := fs.Sub(packFiles, "packs")
	if err != nil {
		// fs.Sub fails only on an invalid directory name; "packs" is valid.
		return packFiles
	}
	return sub
}

// PackFiles returns the paths in [PackFS] of the policy files of a PMO
// type's pack, in lexical order. An unknown or unset type is an error.
func PackFiles(t pmo.Type) ([]string, error) {
	dir, err := packDir(t)
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(PackFS(), path.Join(dir, "*.yaml"))
	if err != nil {
		return nil, fmt.Errorf("governance: pack %s: %w", t, err)
	}
	return names, nil
}

func packDir(t pmo.Type) (string, error) {
	switch t {
	case pmo.Supportive, pmo.Controlling, pmo.Directive:
		return t.String(), nil
	}
	return "", fmt.Errorf("governance: no policy pack for PMO type %d (want supportive, controlling or directive)", int(t))
}
