package governance

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
)

// WriteJSON writes the report's JSON form to w: the document MarshalJSON
// gives, indented by indent per level when indent is not empty, followed
// by a newline, byte for byte what a json.Encoder with SetIndent("",
// indent) writes. It writes the results one at a time, so its memory
// beyond the report is one result's JSON, where MarshalJSON (and an
// Encoder) build the whole document: the JSON of the directive pack's
// report over 100,000 projects is about 740 MB. An error of w is
// returned as it is.
func (r *Report) WriteJSON(w io.Writer, indent string) error {
	head, err := json.Marshal(r.head())
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var item bytes.Buffer
	if indent == "" {
		bw.Write(head[:len(head)-1]) // without its closing brace
		bw.WriteString(`,"results":[`)
	} else {
		if err := json.Indent(&item, head, "", indent); err != nil {
			return err
		}
		h := bytes.TrimSuffix(item.Bytes(), []byte("\n}"))
		bw.Write(h)
		bw.WriteString(",\n" + indent + `"results": [`)
	}
	n := r.store.len()
	for i := range n {
		b, err := r.store.result(i).MarshalJSON()
		if err != nil {
			return err
		}
		if i > 0 {
			bw.WriteByte(',')
		}
		if indent == "" {
			bw.Write(b) // json.Marshal's: compact, HTML escaped, as an Encoder writes it
			continue
		}
		item.Reset()
		if err := json.Indent(&item, b, indent+indent, indent); err != nil {
			return err
		}
		bw.WriteString("\n" + indent + indent)
		bw.Write(item.Bytes())
	}
	switch {
	case indent == "":
		bw.WriteString("]}\n")
	case n == 0:
		bw.WriteString("]\n}\n")
	default:
		bw.WriteString("\n" + indent + "]\n}\n")
	}
	return bw.Flush()
}
