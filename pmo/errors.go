package pmo

import "errors"

// ErrInvalid is matched (errors.Is) by every error about invalid portfolio
// data: a malformed value, a value outside its enum, a missing required field,
// a duplicate ID, a dangling reference.
var ErrInvalid = errors.New("pmo: invalid portfolio")
