package document

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
)

// Format is the format of a document, decided once before parsing.
type Format uint8

// The formats.
const (
	YAML Format = iota + 1
	JSON
)

// String returns "YAML" or "JSON".
func (f Format) String() string {
	if f == JSON {
		return "JSON"
	}
	return "YAML"
}

// Detect decides the format of a document once: by the extension of name
// (.json is JSON; .yaml and .yml are YAML) when it has one of those, else by
// the first byte that is not white space or a byte order mark ('{' or '['
// is JSON, anything else YAML). The document is then read by that format's
// grammar only: a .json file or a text starting with '{' that is not valid
// JSON is a JSON error, never re-read as YAML.
func Detect(name string, data []byte) Format {
	switch strings.ToLower(path.Ext(name)) {
	case ".json":
		return JSON
	case ".yaml", ".yml":
		return YAML
	}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') {
		return JSON
	}
	return YAML
}

// Parse parses data in format f with [ParseJSON] or [ParseYAML].
func Parse(data []byte, f Format) (Node, error) {
	if f == JSON {
		return ParseJSON(data)
	}
	return ParseYAML(data)
}

// ErrTooLarge is matched (errors.Is) by the error of a document larger than
// its limit.
var ErrTooLarge = errors.New("document: input too large")

// TooLargeError is a document larger than the reader's limit.
type TooLargeError struct {
	Limit int64
}

// Error says the limit and how to raise it.
func (e *TooLargeError) Error() string {
	return fmt.Sprintf("input larger than the limit of %d bytes (raise MaxBytes in the reader's options to read it)", e.Limit)
}

// Unwrap returns [ErrTooLarge].
func (e *TooLargeError) Unwrap() error { return ErrTooLarge }

// Check returns a *[TooLargeError] when data is longer than limit.
func Check(data []byte, limit int64) error {
	if int64(len(data)) > limit {
		return &TooLargeError{Limit: limit}
	}
	return nil
}

// ReadAll reads r to its end, or fails with a *[TooLargeError] as soon as
// it has read more than limit bytes, so that an endless reader (/dev/zero)
// costs at most limit+1 bytes. When r says how much it holds (a
// bytes.Reader, a strings.Reader, a regular file) the buffer is sized from
// it, so a large file is not copied as the buffer grows; a size above the
// limit fails before reading. An error of r itself is returned as it is.
func ReadAll(r io.Reader, limit int64) ([]byte, error) {
	size := int64(64 << 10)
	switch v := r.(type) {
	case interface{ Len() int }:
		if int64(v.Len()) > limit {
			return nil, &TooLargeError{Limit: limit}
		}
		size = int64(v.Len()) + 1
	case *os.File:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() {
			size = fi.Size() + 1 // a file may change while read: read to see
		}
	}
	buf := make([]byte, 0, min(size, limit+1))
	lr := io.LimitReader(r, limit+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return nil, &TooLargeError{Limit: limit}
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// ReadFile reads the file at name with [ReadAll] under limit.
func ReadFile(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadAll(f, limit)
}

// ReadFS reads the file name of fsys with [ReadAll] under limit.
func ReadFS(fsys fs.FS, name string, limit int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > limit {
		return nil, &TooLargeError{Limit: limit}
	}
	return ReadAll(f, limit)
}
