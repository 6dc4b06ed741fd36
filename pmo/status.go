package pmo

import (
	"fmt"

	"github.com/pmokit/pmokit/internal/textcut"
)

// StatusScale is the ordered list of the status words of a portfolio, best
// first: a project's status and every status report's status is one of
// them, and rules compare statuses by their position (governance's
// status_index). A nil or empty StatusScale stands for
// [DefaultStatusScale] in a [Portfolio].
//
// A scale has 2 to [MaxStatusWords] words, unique, each 1 to 32 bytes of
// ASCII letters, digits, '_', '-' and '/', starting with a letter or a
// digit ("green", "amber/green", "on_track"). Words are compared exactly:
// "Green" is not "green".
//
// The UK Infrastructure and Projects Authority's delivery confidence
// assessment, for example, is the five-level scale
//
//	status_scale: [green, amber/green, amber, amber/red, red]
//
// (Infrastructure and Projects Authority, Annual Report on Major Projects:
// the delivery confidence assessment of every project of the Government
// Major Projects Portfolio, from "successful delivery appears highly
// likely" for green to "appears to be unachievable" for red; NAO,
// "Delivering major projects in government", 2016, Figure 7, lists the
// definitions).
type StatusScale []string

// MaxStatusWords is the largest number of words of a [StatusScale].
const MaxStatusWords = 16

// maxStatusWordLen is the longest status word, in bytes.
const maxStatusWordLen = 32

// DefaultStatusScale returns a new copy of the default status scale: green,
// amber, red.
func DefaultStatusScale() StatusScale {
	return StatusScale{string(Green), string(Amber), string(Red)}
}

// Index returns the position of word in s (0 for the best), or -1 when s
// has no such word.
func (s StatusScale) Index(word string) int {
	for i, w := range s {
		if w == word {
			return i
		}
	}
	return -1
}

// Contains reports whether word is one of s's words.
func (s StatusScale) Contains(word string) bool { return s.Index(word) >= 0 }

// Compare orders two statuses by their position in s: -1 if a is better
// than b, 0 if they are the same word, +1 if a is worse than b. A word
// outside s is an error that matches [ErrInvalid].
func (s StatusScale) Compare(a, b string) (int, error) {
	i, j := s.Index(a), s.Index(b)
	switch {
	case i < 0:
		return 0, fmt.Errorf("%w: status %s is not on the status scale %v", ErrInvalid, textcut.Quote(a), []string(s))
	case j < 0:
		return 0, fmt.Errorf("%w: status %s is not on the status scale %v", ErrInvalid, textcut.Quote(b), []string(s))
	case i < j:
		return -1, nil
	case i > j:
		return 1, nil
	}
	return 0, nil
}

// Statuses returns the portfolio's status scale, or [DefaultStatusScale]
// when the portfolio declares none (or is nil).
func (pf *Portfolio) Statuses() StatusScale {
	if pf == nil || len(pf.StatusScale) == 0 {
		return DefaultStatusScale()
	}
	return pf.StatusScale
}

// validStatusWord reports whether w is a well-formed status word.
func validStatusWord(w string) bool {
	if w == "" || len(w) > maxStatusWordLen {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case i > 0 && (c == '_' || c == '-' || c == '/'):
		default:
			return false
		}
	}
	return true
}

// statusScale checks the portfolio's status_scale.
func (c *checker) statusScale(p *pathNode, s StatusScale) {
	if len(s) == 0 {
		return
	}
	if len(s) < 2 || len(s) > MaxStatusWords {
		c.fail(p, "%d status words (want 2..%d)", len(s), MaxStatusWords)
	}
	seen := make(map[string]int, len(s))
	for i, w := range s {
		q := p.item(i)
		if !validStatusWord(w) {
			c.fail(q, "invalid status word %s (want 1..%d letters, digits, '_', '-' or '/', starting with a letter or a digit)",
				textcut.Quote(w), maxStatusWordLen)
		} else if j, dup := seen[w]; dup {
			c.fail(q, "duplicate status %q (first at status_scale[%d])", w, j)
		} else {
			seen[w] = i
		}
	}
}

// status checks a status against the portfolio's scale; "" is not set.
func (c *checker) status(p *pathNode, v RAG) {
	if v == "" {
		return
	}
	if !c.statuses.Contains(string(v)) {
		c.fail(p, "status %s is not on the status scale %v", textcut.Quote(string(v)), []string(c.statuses))
	}
}
