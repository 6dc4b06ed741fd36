// Package textcut cuts the values that error messages and explanations echo
// to a fixed length, so that a huge input never makes a huge message.
//
// A value of at most [MaxBytes] bytes is shown whole; a longer one shows its
// first MaxBytes bytes (cut at a UTF-8 boundary), an ellipsis and its full
// length: Quote of a 1 MiB run of a gives "aaaa…" (1048576 bytes), with 64
// a's. Every package of the module that echoes input uses it.
package textcut

import (
	"strconv"
	"unicode/utf8"
)

// MaxBytes is the number of bytes of a value that a message shows.
const MaxBytes = 64

// prefix returns the first at most MaxBytes bytes of s, cut at a rune
// boundary, and whether s was longer.
func prefix(s string) (string, bool) {
	if len(s) <= MaxBytes {
		return s, false
	}
	n := MaxBytes
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n], true
}

// Quote returns s quoted as strconv.Quote does, cut to MaxBytes bytes: a
// longer s gives its quoted prefix ending in an ellipsis, then its length,
// as in "aaaa…" (1048576 bytes).
func Quote(s string) string {
	p, cut := prefix(s)
	if !cut {
		return strconv.Quote(s)
	}
	return strconv.Quote(p+"…") + " (" + strconv.Itoa(len(s)) + " bytes)"
}

// Cut returns s unquoted, cut to MaxBytes bytes: a longer s gives its prefix,
// an ellipsis and its length, as in aaaa… (1048576 bytes).
func Cut(s string) string {
	p, cut := prefix(s)
	if !cut {
		return s
	}
	return p + "… (" + strconv.Itoa(len(s)) + " bytes)"
}

// MaxMessageBytes is the number of bytes of a whole message (an error that
// may quote values this package did not cut, such as cel-go's) that
// [Message] keeps.
const MaxMessageBytes = 1024

// Message returns s cut to MaxMessageBytes bytes: a longer s gives its
// prefix (cut at a UTF-8 boundary), an ellipsis and its length.
func Message(s string) string {
	if len(s) <= MaxMessageBytes {
		return s
	}
	n := MaxMessageBytes
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "… (" + strconv.Itoa(len(s)) + " bytes)"
}
