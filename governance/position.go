package governance

import (
	"strings"
	"unicode/utf8"

	"github.com/pmokit/pmokit/internal/document"
)

// seg says that the expression text from byte offset off on sits at file
// line:col (1-based; col counts bytes).
type seg struct{ off, line, col int }

// exprPos maps offsets within an expression to positions in its policy file.
// The zero value knows no file: positions are then within the expression.
// text is the expression the positions were recorded for (see forText).
type exprPos struct {
	segs []seg
	text string
}

// forText returns p when it was recorded for expression text, and the zero
// exprPos otherwise: a host that edited the expression in Go gets positions
// within the expression rather than positions of the old text.
func (p exprPos) forText(text string) exprPos {
	if p.text != text {
		return exprPos{}
	}
	return p
}

// known reports whether the expression came from a file.
func (p exprPos) known() bool { return len(p.segs) > 0 }

// fileAt returns the file position of byte offset off of the expression.
func (p exprPos) fileAt(off int) (line, col int) {
	if len(p.segs) == 0 {
		return 0, 0
	}
	s := p.segs[0]
	for _, c := range p.segs[1:] {
		if c.off > off {
			break
		}
		s = c
	}
	return s.line, s.col + max(off-s.off, 0)
}

// locate turns a CEL location (line 1-based, column 0-based in runes, both
// within the expression) into a file position, or into the 1-based position
// within the expression when p knows no file.
func (p exprPos) locate(expr string, line, col int) (int, int) {
	if line <= 0 {
		line, col = 1, 0
	}
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(expr[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
	}
	for c := 0; c < col && off < len(expr) && expr[off] != '\n'; c++ {
		_, size := utf8.DecodeRuneInString(expr[off:])
		off += size
	}
	if !p.known() {
		return line, col + 1
	}
	return p.fileAt(off)
}

// scalarSegments maps the value of scalar node n back onto the source lines.
// Plain and quoted scalars start at the node's column (after the quote);
// block scalars (| and >, with chomping indicators) start on the next line at
// the block's indentation. Each further source line is found in the value by
// its text, which is exact for plain, literal and folded scalars and best
// effort for quoted scalars with escape sequences or line continuations.
func scalarSegments(lines []string, n *document.Node) []seg {
	if n == nil || n.Kind == document.Map || n.Kind == document.Seq || n.Line <= 0 {
		return nil
	}
	nLine, nColumn := int(n.Line), int(n.Column)
	value := n.Value
	var segs []seg
	cursor := 0
	block := n.Style == document.Literal || n.Style == document.Folded
	first := nLine - 1 // index of the first line holding content
	indent := -1
	if block {
		first = nLine
	} else {
		col := nColumn
		if n.Style == document.DoubleQuoted || n.Style == document.SingleQuoted {
			col++
		}
		segs = append(segs, seg{off: 0, line: nLine, col: col})
		if first < len(lines) {
			start := min(col-1, len(lines[first]))
			cursor = matchLine(value, 0, lines[first][start:])
		}
		first++
	}
	for i := first; i < len(lines) && cursor < len(value); i++ {
		raw := strings.TrimRight(lines[i], "\r")
		trimmed := strings.TrimLeft(raw, " \t")
		if trimmed == "" {
			continue
		}
		lead := len(raw) - len(trimmed)
		if block {
			if indent < 0 {
				indent = lead
			}
			if lead < indent {
				break
			}
			trimmed = raw[indent:]
			lead = indent
		}
		off, end, ok := findLine(value, cursor, trimmed)
		if !ok {
			if block {
				continue
			}
			break
		}
		segs = append(segs, seg{off: off, line: i + 1, col: lead + 1})
		cursor = end
	}
	if len(segs) == 0 {
		segs = append(segs, seg{off: 0, line: nLine, col: nColumn})
	}
	return segs
}

// matchLine returns the offset in value after the longest prefix of text
// that value holds at off.
func matchLine(value string, off int, text string) int {
	i := 0
	for i < len(text) && off+i < len(value) && value[off+i] == text[i] {
		i++
	}
	return off + i
}

// findLine finds source line text in value at or after cursor: the whole
// line, or (for quoted scalars) its longest prefix of at least a few bytes.
func findLine(value string, cursor int, text string) (off, end int, ok bool) {
	rest := value[cursor:]
	if i := strings.Index(rest, text); i >= 0 {
		return cursor + i, cursor + i + len(text), true
	}
	for _, k := range [...]int{len(text) - 1, len(text) / 2, 16, 8, 4} {
		if k < 4 || k >= len(text) {
			continue
		}
		if i := strings.Index(rest, text[:k]); i >= 0 {
			return cursor + i, cursor + i + k, true
		}
	}
	return 0, 0, false
}
