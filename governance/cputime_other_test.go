//go:build !unix

package governance

import "time"

var cpuStart = time.Now()

// cpuTime falls back to the wall clock where getrusage is not available.
func cpuTime() time.Duration { return time.Since(cpuStart) }
