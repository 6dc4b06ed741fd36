package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// fence is one fenced code block of a Markdown file: its info string
// split into language and the file name docs/ci.md gives it.
type fence struct {
	lang, name, body string
	line             int
}

func fences(t *testing.T, path string) []fence {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var (
		out  []fence
		open *fence
		body []string
	)
	for i, l := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(l, "```") {
			if open != nil {
				body = append(body, l)
			}
			continue
		}
		if open != nil {
			open.body = strings.Join(body, "\n") + "\n"
			out = append(out, *open)
			open, body = nil, nil
			continue
		}
		f := strings.Fields(strings.TrimPrefix(l, "```"))
		open = &fence{line: i + 1}
		if len(f) > 0 {
			open.lang = f[0]
		}
		if len(f) > 1 {
			open.name = f[1]
		}
	}
	require.Nil(t, open, "%s: unclosed code block", path)
	return out
}

// ciRepo lays out the repository docs/ci.md assumes in a temporary
// directory: repo/ (portfolio.yaml, policies/) and base/policies (the base
// branch's worktree of the workflow), and for the pull-request scenario
// the changed owners policy and its suite. It returns repo/.
func ciRepo(t *testing.T, pr bool) string {
	t.Helper()
	root := t.TempDir()
	repo := filepath.Join(root, "repo")
	copyDir(t, "testdata/ci/repo", repo)
	copyDir(t, "testdata/ci/repo/policies", filepath.Join(root, "base", "policies"))
	if pr {
		entries, err := os.ReadDir("testdata/ci/pr")
		require.NoError(t, err)
		for _, e := range entries {
			data, err := os.ReadFile(filepath.Join("testdata/ci/pr", e.Name()))
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(repo, "policies", e.Name()), data, 0o644))
		}
	}
	return repo
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	require.NoError(t, os.CopyFS(to, os.DirFS(from)))
}

// shell runs script with sh -e in dir, with the built pmokit first on PATH,
// and returns its exit status and output.
func shell(t *testing.T, dir, script string) (int, string) {
	t.Helper()
	cmd := exec.Command("sh", "-e", "-c", script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(binary)+string(os.PathListSeparator)+os.Getenv("PATH"))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), out.String()
	}
	require.NoError(t, err)
	return 0, out.String()
}

// TestCIDoc runs the commands of docs/ci.md against the built binary: the
// GitHub Actions workflow's steps, the pre-commit hook and the pre-commit
// framework's hooks, on a clean repository (everything passes) and on a
// pull request that makes a missing manager block (the check and the diff
// fail it). Every code block of the page is accounted for: run, or named
// below with the reason it is not.
func TestCIDoc(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Fatalf("docs/ci.md's commands need sh: %v", err)
	}
	blocks := fences(t, "../../docs/ci.md")
	byName := map[string]fence{}
	var notRun []string
	for _, b := range blocks {
		switch {
		case b.name != "":
			byName[b.name] = b
		case b.lang == "":
			notRun = append(notRun, "layout") // the directory layout, not a command
		case strings.Contains(b.body, "go install ./cmd/pmokit"):
			notRun = append(notRun, "install") // TestInstallLine runs its go install
		default:
			t.Errorf("docs/ci.md:%d: a %s block that the test neither runs nor names", b.line, b.lang)
		}
	}
	assert.Equal(t, []string{"layout", "install"}, notRun)
	require.Contains(t, byName, ".github/workflows/pmokit.yaml")
	require.Contains(t, byName, ".git/hooks/pre-commit")
	require.Contains(t, byName, ".pre-commit-config.yaml")
	require.Contains(t, byName, "standard-input")
	assert.Len(t, byName, 4, "a named block the test does not run")

	t.Run("workflow", func(t *testing.T) {
		var wf struct {
			Jobs map[string]struct {
				Steps []struct {
					Name string            `yaml:"name"`
					Uses string            `yaml:"uses"`
					Run  string            `yaml:"run"`
					With map[string]string `yaml:"with"`
				} `yaml:"steps"`
			} `yaml:"jobs"`
		}
		require.NoError(t, yaml.Unmarshal([]byte(byName[".github/workflows/pmokit.yaml"].body), &wf))
		steps := wf.Jobs["policies"].Steps
		require.NotEmpty(t, steps)
		// The steps the test does not run, and why: actions (GitHub's
		// runner provides them; the upload's file is checked instead) and
		// steps that need the network or git history, which the test
		// replaces (the built binary on PATH, a copy of the base policies,
		// impact.md checked instead of posted).
		simulated := map[string]string{
			"Install pmokit":              "go install ./cmd/pmokit",
			"Policies of the base branch": "git worktree add ../base",
			"Comment the impact":          "--body-file impact.md",
		}
		for _, scenario := range []struct {
			name string
			pr   bool
			want map[string]int
		}{
			{"clean", false, map[string]int{"Policy tests": 0, "SARIF log": 0, "JUnit report": 0, "Check the portfolio": 0, "Impact of the change": 0}},
			{"pull request that blocks", true, map[string]int{"Policy tests": 0, "SARIF log": 0, "JUnit report": 0, "Check the portfolio": 1, "Impact of the change": 1}},
		} {
			t.Run(scenario.name, func(t *testing.T) {
				repo := ciRepo(t, scenario.pr)
				var uses []string
				ran := map[string]int{}
				for _, s := range steps {
					switch {
					case s.Uses != "":
						uses = append(uses, s.Uses)
						if f := s.With["sarif_file"]; f != "" {
							checkSARIFFile(t, filepath.Join(repo, f))
						}
					case simulated[s.Name] != "":
						assert.Contains(t, s.Run, simulated[s.Name], "step %q", s.Name)
					default:
						status, out := shell(t, repo, s.Run)
						ran[s.Name] = status
						t.Logf("step %q: exit %d\n%s", s.Name, status, out)
					}
				}
				assert.Equal(t, []string{"actions/checkout@v4", "actions/setup-go@v5", "github/codeql-action/upload-sarif@v3"}, uses)
				assert.Equal(t, scenario.want, ran)
				var junit xmlSuites
				data, err := os.ReadFile(filepath.Join(repo, "pmokit-junit.xml"))
				require.NoError(t, err)
				require.NoError(t, xml.Unmarshal(data, &junit))
				assert.Positive(t, junit.Tests)
				md, err := os.ReadFile(filepath.Join(repo, "impact.md"))
				require.NoError(t, err)
				assert.True(t, strings.HasPrefix(string(md), "### pmokit diff: "), string(md))
				if scenario.pr {
					assert.Contains(t, string(md), "| project P-3 | **newly blocked** | severity changed | `owners/manager` |")
				}
			})
		}
	})

	t.Run("pre-commit hook", func(t *testing.T) {
		hook := byName[".git/hooks/pre-commit"].body
		require.True(t, strings.HasPrefix(hook, "#!/bin/sh\n"))
		status, out := shell(t, ciRepo(t, false), hook)
		assert.Equal(t, 0, status, out)
		status, out = shell(t, ciRepo(t, true), hook)
		assert.Equal(t, 1, status, "a blocking change stops the commit:\n%s", out)
		// A policy that does not compile stops it too, as bad input (2),
		// naming the typo.
		repo := ciRepo(t, false)
		require.NoError(t, os.WriteFile(filepath.Join(repo, "policies", "typo.yaml"), []byte("policy: typo\nrules:\n  - id: r\n    expression: project.mangaer != ''\n"), 0o644))
		status, out = shell(t, repo, hook)
		assert.Equal(t, 2, status, out)
		assert.Contains(t, out, "policies/typo.yaml:4:24:")
	})

	t.Run("pre-commit framework", func(t *testing.T) {
		var cfg struct {
			Repos []struct {
				Repo  string `yaml:"repo"`
				Hooks []struct {
					ID            string `yaml:"id"`
					Entry         string `yaml:"entry"`
					Language      string `yaml:"language"`
					PassFilenames bool   `yaml:"pass_filenames"`
				} `yaml:"hooks"`
			} `yaml:"repos"`
		}
		require.NoError(t, yaml.Unmarshal([]byte(byName[".pre-commit-config.yaml"].body), &cfg))
		require.Len(t, cfg.Repos, 1)
		want := map[bool]map[string]int{false: {"pmokit-test": 0, "pmokit-check": 0}, true: {"pmokit-test": 0, "pmokit-check": 1}}
		for _, pr := range []bool{false, true} {
			repo := ciRepo(t, pr)
			got := map[string]int{}
			for _, h := range cfg.Repos[0].Hooks {
				assert.Equal(t, "system", h.Language)
				assert.False(t, h.PassFilenames, "the commands take no file names")
				got[h.ID], _ = shell(t, repo, h.Entry)
			}
			assert.Equal(t, want[pr], got, "pull request: %v", pr)
		}
	})

	t.Run("standard input", func(t *testing.T) {
		status, out := shell(t, ciRepo(t, false), byName["standard-input"].body)
		assert.Equal(t, 0, status, out)
		assert.Contains(t, out, "portfolio pf-cli at ")
	})
}

func checkSARIFFile(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err, "the SARIF file the upload step sends")
	var log struct {
		Version string `json:"version"`
		Runs    []any  `json:"runs"`
	}
	require.NoError(t, json.Unmarshal(data, &log))
	assert.Equal(t, "2.1.0", log.Version)
	assert.Len(t, log.Runs, 1)
}

// TestInstallLine runs the install commands of README.md and docs/ci.md as
// written, from the repository root (the clone they assume), into a
// temporary GOBIN, and runs the installed pmokit.
func TestInstallLine(t *testing.T) {
	var lines []string
	for _, doc := range []string{"../../README.md", "../../docs/ci.md"} {
		found := false
		for _, b := range fences(t, doc) {
			for _, l := range strings.Split(b.body, "\n") {
				cmd, _, _ := strings.Cut(l, "#")
				cmd = strings.TrimSpace(cmd)
				if strings.HasSuffix(cmd, "go install ./cmd/pmokit") {
					lines = append(lines, cmd)
					found = true
				}
			}
		}
		assert.True(t, found, "%s has no go install ./cmd/pmokit line", doc)
	}
	// docs/ci.md's line is "cd pmokit && go install ./cmd/pmokit" after a
	// git clone: the clone is this repository's root.
	assert.Equal(t, []string{"go install ./cmd/pmokit", "cd pmokit && go install ./cmd/pmokit"}, lines)
	gobin := t.TempDir()
	cmd := exec.Command("go", "install", "./cmd/pmokit")
	cmd.Dir = "../.."
	cmd.Env = append(os.Environ(), "GOBIN="+gobin)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	out, err = exec.Command(filepath.Join(gobin, "pmokit"), "version").CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.True(t, strings.HasPrefix(string(out), "pmokit "), "%s", out)
}
