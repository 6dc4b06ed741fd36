//go:build !unix

package exprlang

import "time"

// cpuTime falls back to the monotonic wall clock where getrusage is not
// available.
func cpuTime() time.Duration { return time.Since(cpuEpoch) }

// cpuEpoch is the start of the wall clock cpuTime reads; it is set once and
// never changed.
var cpuEpoch = time.Now()
