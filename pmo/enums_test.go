package pmo_test

import (
	"encoding"
	"fmt"
	"strings"
	"testing"

	"github.com/pmokit/pmokit/pmo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// enumCase is one typed enum of the schema and its words in files, in the
// order of its constants (the first word is the value 1).
type enumCase struct {
	name  string
	words []string
	// check runs the text round trip of every word for the enum's type.
	check func(t *testing.T, words []string)
}

// checkEnum checks String, MarshalText and UnmarshalText of an enum type E:
// every word reads as the value of its position and is written and printed
// back unchanged; the zero value is "not set" (the empty word); a value
// outside the table is a marshal error; a word outside it is an error that
// matches ErrInvalid and names the word.
func checkEnum[E interface {
	~int
	String() string
	MarshalText() ([]byte, error)
}, P interface {
	*E
	encoding.TextUnmarshaler
}](t *testing.T, words []string) {
	t.Helper()
	for i, w := range words {
		var v E
		require.NoError(t, P(&v).UnmarshalText([]byte(w)), w)
		assert.Equal(t, E(i+1), v, w)
		assert.Equal(t, w, v.String())
		b, err := v.MarshalText()
		require.NoError(t, err, w)
		assert.Equal(t, w, string(b))
	}

	var zero E
	assert.Equal(t, "", zero.String())
	b, err := zero.MarshalText()
	require.NoError(t, err)
	assert.Empty(t, b)
	v := E(len(words))
	require.NoError(t, P(&v).UnmarshalText(nil))
	assert.Equal(t, zero, v, "the empty word is the zero value")

	for _, bad := range []E{E(len(words) + 1), -1} {
		_, err := bad.MarshalText()
		assert.Error(t, err, "MarshalText(%d)", int(bad))
		assert.True(t, strings.HasSuffix(bad.String(), fmt.Sprintf("(%d)", int(bad))), "String(%d) = %q: a value outside the table shows its number, never a word or nothing", int(bad), bad.String())
	}

	for _, bad := range []string{"bogus", "  " + words[0], words[0] + " "} {
		v := E(1)
		err := P(&v).UnmarshalText([]byte(bad))
		require.ErrorIs(t, err, pmo.ErrInvalid, "UnmarshalText(%q)", bad)
		assert.Contains(t, err.Error(), "pmo: ")
		assert.Contains(t, err.Error(), `"`+bad+`"`)
	}
}

func TestEnums(t *testing.T) {
	tests := []enumCase{
		{"Type", []string{"supportive", "controlling", "directive"}, checkEnum[pmo.Type]},
		{"RiskKind", []string{"threat", "opportunity"}, checkEnum[pmo.RiskKind]},
		{"Response", []string{"avoid", "transfer", "mitigate", "accept", "escalate", "exploit", "share", "enhance"}, checkEnum[pmo.Response]},
		{"RiskStatus", []string{"open", "closed", "occurred"}, checkEnum[pmo.RiskStatus]},
		{"Severity", []string{"low", "medium", "high", "critical"}, checkEnum[pmo.Severity]},
		{"IssueStatus", []string{"open", "closed"}, checkEnum[pmo.IssueStatus]},
		{"AssumptionStatus", []string{"unvalidated", "validated", "invalid"}, checkEnum[pmo.AssumptionStatus]},
		{"DependencyType", []string{"finish_to_start", "start_to_start", "finish_to_finish", "start_to_finish"}, checkEnum[pmo.DependencyType]},
		{"ChangeStatus", []string{"submitted", "approved", "rejected", "deferred", "implemented"}, checkEnum[pmo.ChangeStatus]},
		{"ApprovalDecision", []string{"approved", "rejected", "pending"}, checkEnum[pmo.ApprovalDecision]},
		{"Outcome", []string{"go", "no_go", "hold", "recycle", "approved", "rejected"}, checkEnum[pmo.Outcome]},
		{"BenefitStatus", []string{"planned", "on_track", "at_risk", "realized", "not_realized"}, checkEnum[pmo.BenefitStatus]},
		{"DocumentStatus", []string{"draft", "approved", "superseded"}, checkEnum[pmo.DocumentStatus]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, tt.words) })
	}
}
