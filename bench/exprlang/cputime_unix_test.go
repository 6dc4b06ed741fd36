//go:build unix

package exprlang

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used, user and system, every
// thread (the garbage collector's included): on a shared machine it does
// not count the time the process waits for a core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
