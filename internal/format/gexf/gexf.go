// Package gexf writes a power map as GEXF 1.2 (the 1.2draft namespace, which Gephi reads and writes), Gephi's native format. Node
// attributes: kind, labels (liststring), title, party, chamber, district,
// org_type, ours, not_for_solicitation and, when Writer.Scores is set,
// score. Edges carry the relationship type as label and as the "type"
// attribute, strength as weight and attribute, and since, until, amount and
// date. Symmetric relationship types are undirected edges.
package gexf

import (
	"bufio"
	"context"
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
)

// Name is the format's name on the command line.
const Name = "gexf"

// Writer writes GEXF. The zero value is ready to use.
type Writer struct {
	// Scores, when set, adds a "score" node attribute for the entities it
	// holds.
	Scores map[string]float64
}

var _ format.Writer = (*Writer)(nil)

// Name implements format.Writer.
func (*Writer) Name() string { return Name }

// ContentType implements format.Writer.
func (*Writer) ContentType() string { return "application/gexf+xml" }

type attr struct{ id, typ string }

var nodeAttrs = []attr{{"kind", "string"}, {"labels", "liststring"}, {"title", "string"}, {"party", "string"}, {"chamber", "string"},
	{"district", "string"}, {"org_type", "string"}, {"ours", "boolean"}, {"not_for_solicitation", "boolean"}, {"score", "double"}}

var edgeAttrs = []attr{{"type", "string"}, {"strength", "double"}, {"since", "string"}, {"until", "string"}, {"amount", "double"}, {"date", "string"}}

// Write implements format.Writer. Nodes come before edges, as GEXF wants,
// because a Source yields every entity before any relationship.
func (wr *Writer) Write(ctx context.Context, w io.Writer, src format.Source) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	bw.WriteString(`<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
		` xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">` + "\n")
	bw.WriteString("  <meta><creator>powermap</creator></meta>\n")
	bw.WriteString(`  <graph mode="static" defaultedgetype="directed">` + "\n")
	for _, c := range []struct {
		class string
		attrs []attr
	}{{"node", nodeAttrs}, {"edge", edgeAttrs}} {
		bw.WriteString(`    <attributes class="` + c.class + `">` + "\n")
		for _, a := range c.attrs {
			bw.WriteString(`      <attribute id="` + a.id + `" title="` + a.id + `" type="` + a.typ + `"/>` + "\n")
		}
		bw.WriteString("    </attributes>\n")
	}
	bw.WriteString("    <nodes>\n")
	inEdges := false
	err := src(ctx, graph.StreamFuncs{
		Entity: func(e *graph.Entity) error {
			bw.WriteString(`      <node id="` + esc(e.ID) + `" label="` + esc(e.Name) + `"><attvalues>`)
			val(bw, "kind", string(e.Kind))
			val(bw, "labels", strings.Join(e.Labels, "|"))
			val(bw, "title", e.Title)
			val(bw, "party", e.Party)
			val(bw, "chamber", e.Chamber)
			val(bw, "district", e.District)
			val(bw, "org_type", e.OrgType)
			val(bw, "ours", strconv.FormatBool(e.Ours))
			if e.Props["not_for_solicitation"] == "true" {
				val(bw, "not_for_solicitation", "true")
			}
			if s, ok := wr.Scores[e.ID]; ok {
				val(bw, "score", strconv.FormatFloat(s, 'g', -1, 64))
			}
			bw.WriteString("</attvalues></node>\n")
			return nil
		},
		Relationship: func(r *graph.Relationship) error {
			if !inEdges {
				bw.WriteString("    </nodes>\n    <edges>\n")
				inEdges = true
			}
			strength := strconv.FormatFloat(r.Strength, 'g', -1, 64)
			bw.WriteString(`      <edge id="` + esc(r.ID) + `" source="` + esc(r.Source) + `" target="` + esc(r.Target) + `" label="` + esc(string(r.Type)) + `"`)
			if info, ok := r.Type.Info(); ok && info.Symmetric {
				bw.WriteString(` type="undirected"`)
			}
			if r.Strength > 0 {
				bw.WriteString(` weight="` + strength + `"`)
			}
			bw.WriteString("><attvalues>")
			val(bw, "type", string(r.Type))
			val(bw, "strength", strength)
			val(bw, "since", r.Since)
			val(bw, "until", r.Until)
			if r.Amount != 0 {
				val(bw, "amount", strconv.FormatFloat(r.Amount, 'f', -1, 64))
			}
			val(bw, "date", r.Date)
			bw.WriteString("</attvalues></edge>\n")
			return nil
		},
	})
	if err != nil {
		return graph.E("gexf.Write", err)
	}
	if !inEdges {
		bw.WriteString("    </nodes>\n    <edges>\n")
	}
	bw.WriteString("    </edges>\n  </graph>\n</gexf>\n")
	if err := bw.Flush(); err != nil {
		return graph.E("gexf.Write", graph.Unavailable, err)
	}
	return nil
}

func val(bw *bufio.Writer, id, v string) {
	if v == "" {
		return
	}
	bw.WriteString(`<attvalue for="` + id + `" value="` + esc(v) + `"/>`)
}

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
