package textcut

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestQuote(t *testing.T) {
	long := strings.Repeat("a", 1<<20)
	for _, c := range []struct{ name, in, want string }{
		{"empty", "", `""`},
		{"short", "12x USD", `"12x USD"`},
		{"escapes", "a\"b\n", `"a\"b\n"`},
		{"exactly max", strings.Repeat("b", MaxBytes), `"` + strings.Repeat("b", MaxBytes) + `"`},
		{"one over", strings.Repeat("b", MaxBytes+1), `"` + strings.Repeat("b", MaxBytes) + `…" (65 bytes)`},
		{"1 MiB", long, `"` + strings.Repeat("a", MaxBytes) + `…" (1048576 bytes)`},
		// é is 2 bytes: 63 a's and é would end at byte 65, so é is left out.
		{"rune boundary", strings.Repeat("a", MaxBytes-1) + "éé", `"` + strings.Repeat("a", MaxBytes-1) + `…" (67 bytes)`},
	} {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, Quote(c.in))
		})
	}
}

func TestCut(t *testing.T) {
	assert.Equal(t, "abc", Cut("abc"))
	assert.Equal(t, strings.Repeat("z", MaxBytes)+"… (100 bytes)", Cut(strings.Repeat("z", 100)))
}

func TestMessage(t *testing.T) {
	assert.Equal(t, "short", Message("short"))
	long := strings.Repeat("m", 5000)
	assert.Equal(t, strings.Repeat("m", MaxMessageBytes)+"… (5000 bytes)", Message(long))
}
