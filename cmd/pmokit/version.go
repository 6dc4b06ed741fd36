package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

const versionUsage = `usage: pmokit version

Prints the pmokit module version, the VCS revision it was built from (with
"+dirty" when the tree had changes), the Go version, and the version of
cel-go, the CEL engine that evaluates the policies.
`

const celModule = "cel.dev/cel-go"

// buildInfo is what version prints, from debug.ReadBuildInfo.
type buildInfo struct {
	module, revision, time, cel, goVersion string
	dirty                                  bool
}

func readBuildInfo() buildInfo {
	b := buildInfo{module: "unknown", revision: "unknown", cel: "unknown", goVersion: runtime.Version()}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	if v := info.Main.Version; v != "" {
		b.module = v
	}
	for _, d := range info.Deps {
		if d.Path == celModule {
			b.cel = d.Version
			if d.Replace != nil {
				b.cel += " => " + d.Replace.Path + " " + d.Replace.Version
			}
		}
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			b.revision = s.Value
		case "vcs.time":
			b.time = s.Value
		case "vcs.modified":
			b.dirty = s.Value == "true"
		}
	}
	return b
}

// moduleVersion is the pmokit module version, "unknown" when the binary
// carries no build information.
func moduleVersion() string { return readBuildInfo().module }

func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("version", versionUsage, stderr)
	if status, done := parseNoArgs(fs, versionUsage, args, stdout); done {
		return status
	}
	b := readBuildInfo()
	rev := b.revision
	if b.dirty {
		rev += "+dirty"
	}
	if b.time != "" {
		rev += " (" + b.time + ")"
	}
	fmt.Fprintf(stdout, "pmokit %s\nrevision %s\n%s\ncel-go %s\n", b.module, rev, b.goVersion, b.cel)
	return exitOK
}
