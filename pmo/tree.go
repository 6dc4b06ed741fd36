package pmo

import "github.com/pmokit/pmokit/internal/document"

// The writer builds the same document tree the reader decodes
// (internal/document); these names keep its code short.
type (
	node     = document.Node
	nodeKind = document.Kind
)

const (
	nullNode      = document.Null
	boolNode      = document.Bool
	intNode       = document.Int
	floatNode     = document.Float
	stringNode    = document.String
	timestampNode = document.Timestamp
	seqNode       = document.Seq
	mapNode       = document.Map
)
