package pmo_test

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/pmokit/pmokit/internal/pmogen"
	"github.com/pmokit/pmokit/pmo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// zeros is an endless reader, like /dev/zero.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	clear(p)
	z.n += int64(len(p))
	return len(p), nil
}

func TestReadPortfolioLimit(t *testing.T) {
	z := &zeros{}
	_, err := pmo.ReadOptions{MaxBytes: 1 << 20}.ReadPortfolio(z)
	require.Error(t, err)
	assert.True(t, errors.Is(err, pmo.ErrTooLarge))
	assert.True(t, errors.Is(err, pmo.ErrInvalid))
	assert.Less(t, z.n, int64(2<<20), "an endless input is read to the limit only")
	assert.EqualError(t, err, "pmo: input larger than the limit of 1048576 bytes (raise MaxBytes in the reader's options to read it)")

	doc := `{"id": "pf", "name": "PF"}`
	_, err = pmo.ReadOptions{MaxBytes: int64(len(doc) - 1)}.ReadPortfolio(strings.NewReader(doc))
	assert.True(t, errors.Is(err, pmo.ErrTooLarge))
	pf, err := pmo.ReadOptions{MaxBytes: int64(len(doc))}.ReadPortfolio(strings.NewReader(doc))
	require.NoError(t, err)
	assert.Equal(t, "PF", pf.Name)

	// The default limit of YAML is lower than JSON's; an explicit limit
	// raises it.
	big := "id: pf\nname: PF\n" + strings.Repeat("#", pmo.MaxYAMLInputSize) + "\n"
	_, err = pmo.ReadPortfolio(strings.NewReader(big))
	assert.True(t, errors.Is(err, pmo.ErrTooLarge))
	pf, err = pmo.ReadOptions{MaxBytes: int64(len(big))}.ReadPortfolio(strings.NewReader(big))
	require.NoError(t, err)
	assert.Equal(t, "PF", pf.Name)
}

// TestReadPortfolioDoesNotPinInput checks that a string kept from a
// portfolio read from JSON does not keep the whole input alive.
func TestReadPortfolioDoesNotPinInput(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, pmogen.Generate(2000, 1).WriteJSON(&buf))
	require.Greater(t, buf.Len(), 10<<20)
	pf, err := pmo.ReadPortfolio(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	size := buf.Len()
	buf = bytes.Buffer{}
	id, cur, name := pf.Projects[0].ID, pf.Projects[0].Budget.Approved.Currency, pf.Projects[0].Name
	pf = nil
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	assert.Less(t, ms.HeapAlloc, uint64(size/4), "kept strings pin at most a chunk, not the %d-byte input", size)
	assert.NotEmpty(t, id+cur+name)
	runtime.KeepAlive(id)
	runtime.KeepAlive(cur)
	runtime.KeepAlive(name)
}

// TestReadRanges checks that out-of-range figures are rejected when
// reading, each with its path, position and the allowed range, and that an
// approval by no person is an error at its place.
func TestReadRanges(t *testing.T) {
	doc := `id: pf
name: PF
people: [{id: u1, name: Ann}]
projects:
  - id: P
    name: N
    phase: execution
    earned_value: {as_of: 2026-01-01, bac: "-1 USD", pv: "1 USD", ev: "1 USD", ac: "1 USD"}
    risks:
      - {id: R, title: T, probability: 1.5, impact: 30, schedule_impact_days: 1e308}
    approvals:
      - {gate: execution, role: sponsor, by: u-nobody, decision: approved}
`
	_, err := pmo.ReadPortfolio(strings.NewReader(doc))
	require.Error(t, err)
	var got []string
	for _, e := range unwrapAll(err) {
		var fe *pmo.FieldError
		if errors.As(e, &fe) && fe == e {
			got = append(got, fmt.Sprintf("%d:%d: %s", fe.Line, fe.Column, fe.Error()))
		}
	}
	assert.Equal(t, []string{
		`8:44: pmo: projects[0].earned_value.bac: negative amount -1 USD (want 0 or more)`,
		`10:40: pmo: projects[0].risks[0].probability: probability 1.5 outside 0..1`,
		`10:53: pmo: projects[0].risks[0].impact: impact 30 outside 1..20 (0 means not given)`,
		`10:79: pmo: projects[0].risks[0].schedule_impact_days: 1e+308 days outside 0..36500`,
		`12:46: pmo: projects[0].approvals[0].by: unknown person "u-nobody"`,
	}, got)
}
