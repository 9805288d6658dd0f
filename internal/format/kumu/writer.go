package kumu

import (
	"bufio"
	"context"
	"encoding/json"
	"io"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
)

// Writer writes a Kumu JSON blueprint that Kumu imports and that Reader
// reads back to the same records.
type Writer struct{}

var _ format.Writer = Writer{}

// Name implements format.Writer.
func (Writer) Name() string { return Name }

// ContentType implements format.Writer.
func (Writer) ContentType() string { return "application/json" }

// Write implements format.Writer. It streams: one element or connection per
// line.
func (Writer) Write(ctx context.Context, w io.Writer, src format.Source) error {
	const op = "kumu.Write"
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	bw.WriteString("{\"elements\": [\n")
	first, inConns := true, false
	err := src(ctx, graph.StreamFuncs{
		Entity: func(e *graph.Entity) error {
			if !first {
				bw.WriteString(",")
			}
			first = false
			return enc.Encode(elementOf(e))
		},
		Relationship: func(r *graph.Relationship) error {
			if !inConns {
				bw.WriteString("],\n\"connections\": [\n")
				inConns, first = true, true
			}
			if !first {
				bw.WriteString(",")
			}
			first = false
			return enc.Encode(connectionOf(r))
		},
	})
	if err != nil {
		return graph.E(op, err)
	}
	if !inConns {
		bw.WriteString("],\n\"connections\": [\n")
	}
	bw.WriteString("]}\n")
	if err := bw.Flush(); err != nil {
		return graph.E(op, graph.Unavailable, err)
	}
	return nil
}
