package suite

import (
	"fmt"

	"github.com/pmokit/pmokit/pmo"

	"github.com/pmokit/pmokit/internal/textcut"
)

// packType returns the PMO type named by a pack name (supportive,
// controlling or directive).
func packType(name string) (pmo.Type, error) {
	var t pmo.Type
	if err := t.UnmarshalText([]byte(name)); err != nil || t == 0 {
		return 0, fmt.Errorf("unknown pack %s (want supportive, controlling or directive)", textcut.Quote(name))
	}
	return t, nil
}
