package governancetest_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pmokit/pmokit/governance"
	"github.com/pmokit/pmokit/governance/governancetest"
)

func TestRunnerWithParams(t *testing.T) {
	governancetest.NewRunner(t).
		WithParams(governance.Params{{Name: "max_budget", Value: "10000 USD"}}).
		RunSuite(filepath.Join("testdata", "params-suite.yaml"))
}

func TestRunnerWithParamsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "params.yaml")
	require.NoError(t, os.WriteFile(path, []byte("policies:\n  limits:\n    max_budget: {USD: \"10000\"}\n"), 0o600))
	governancetest.NewRunner(t).WithParamsFile(path).RunSuite(filepath.Join("testdata", "params-suite.yaml"))
}

// TestRunnerParamsFailures checks, in a child go test process, that the
// default limit makes the first case fail and that a value no suite's
// policies declare fails the run, naming it.
func TestRunnerParamsFailures(t *testing.T) {
	switch os.Getenv("GOVERNANCETEST_PARAMS") {
	case "default":
		governancetest.RunSuite(t, filepath.Join("testdata", "params-suite.yaml"))
		return
	case "unknown":
		governancetest.NewRunner(t).
			WithParams(governance.Params{{Name: "max_budget", Value: "10000 USD"}, {Name: "max_budgte", Value: "1 USD", File: "p.yaml", Line: 3, Column: 4}}).
			RunSuites(filepath.Join("testdata", "params-suite.yaml"))
		return
	}
	for env, want := range map[string]string{
		"default": "--- FAIL: TestRunnerParamsFailures/within_the_runner's_limit",
		"unknown": "governance: p.yaml:3:4: params: parameter max_budgte: no policy of any suite declares this parameter",
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestRunnerParamsFailures$", "-test.v")
		cmd.Env = append(os.Environ(), "GOVERNANCETEST_PARAMS="+env)
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		require.ErrorAs(t, err, &exit, "the child test must fail:\n%s", out)
		assert.Contains(t, string(out), want)
	}
}
