package suite

import (
	"fmt"

	"github.com/pmokit/pmokit/pmo"
)

// packType returns the PMO type named by a pack name (supportive,
// controlling or directive).
func packType(name string) (pmo.Type, error) {
	var t pmo.Type
	if err := t.UnmarshalText([]byte(name)); err != nil || t == 0 {
		return 0, fmt.Errorf("unknown pack %q (want supportive, controlling or directive)", name)
	}
	return t, nil
}
