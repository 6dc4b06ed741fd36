// Package document is the one way pmokit reads a file: the portfolio
// (pmo), policies (governance), risk matrices (risk) and policy test suites
// all read through it, so that every file kind obeys the same rules and
// limits.
//
// A reader
//
//  1. reads its input with [ReadAll], [ReadFile] or [ReadFS] under a size
//     limit (each reader documents its default and lets its caller set
//     another), failing with a [*TooLargeError] past it, so that an endless
//     input costs at most the limit;
//  2. decides the format once with [Detect] (the file's extension, else its
//     first byte) and parses with that format's grammar only: [ParseJSON],
//     a strict RFC 8259 parser, or [ParseYAML], yaml.v3 with the strict
//     rules below; a JSON file is never re-read as YAML;
//  3. decodes the positioned [Node] tree into its types, reporting every
//     problem with its path, line and column.
//
// The rules every document obeys, whatever its kind: one value (JSON) or
// one document (YAML) — anything after it is an error at its position;
// every key of a mapping given once; no YAML aliases, merge keys or tags
// outside the core schema (!!binary included); valid UTF-8; nesting at most
// [MaxDepth]. Each is an [*Error] with its path, line and column; a syntax
// error has the line and column of the offending token.
//
// Memory: the tree costs 56 bytes per value on top of the input, whose
// memory the tree's strings share (a reader clones the strings it keeps, so
// that a kept value never pins the input). [StreamJSON] hands a large JSON
// object over one member or list item at a time, so that the whole tree is
// never held.
package document
