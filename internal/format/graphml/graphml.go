// Package graphml writes a power map as GraphML, the XML graph format that
// Gephi, yEd, Cytoscape and NetworkX read. Nodes carry label, kind, labels
// (joined by |), title, party, chamber, district, org_type, ours,
// not_for_solicitation and, when Writer.Scores is set, score; edges carry
// type, strength (also as weight), since, until, amount and date. Symmetric
// relationship types (KNOWS...) are written as undirected edges.
//
// GraphML ids must be XML name tokens, which ids such as "ocd-person/…" are
// not, so nodes are numbered n0, n1… and edges e0, e1… in stream order, and
// every node and edge carries its powermap id in the "pm_id" attribute.
package graphml

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
const Name = "graphml"

// Writer writes GraphML. The zero value is ready to use.
type Writer struct {
	// Scores, when set, adds a "score" node attribute (for example a
	// ranking) for the entities it holds.
	Scores map[string]float64
}

var _ format.Writer = (*Writer)(nil)

// Name implements format.Writer.
func (*Writer) Name() string { return Name }

// ContentType implements format.Writer.
func (*Writer) ContentType() string { return "application/graphml+xml" }

type key struct {
	id, for_, typ string
}

var nodeKeys = []key{
	{"pm_id", "node", "string"}, {"label", "node", "string"}, {"kind", "node", "string"}, {"labels", "node", "string"}, {"title", "node", "string"},
	{"party", "node", "string"}, {"chamber", "node", "string"}, {"district", "node", "string"}, {"org_type", "node", "string"},
	{"ours", "node", "boolean"}, {"not_for_solicitation", "node", "boolean"}, {"score", "node", "double"},
}

var edgeKeys = []key{
	{"pm_id", "edge", "string"}, {"type", "edge", "string"}, {"strength", "edge", "double"}, {"weight", "edge", "double"}, {"since", "edge", "string"},
	{"until", "edge", "string"}, {"amount", "edge", "double"}, {"date", "edge", "string"},
}

// Write implements format.Writer: it streams src as one GraphML document.
func (wr *Writer) Write(ctx context.Context, w io.Writer, src format.Source) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	bw.WriteString(`<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
		` xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">` + "\n")
	for _, k := range append(append([]key(nil), nodeKeys...), edgeKeys...) {
		bw.WriteString(`  <key id="` + k.for_[:1] + "_" + k.id + `" for="` + k.for_ + `" attr.name="` + k.id + `" attr.type="` + k.typ + `"/>` + "\n")
	}
	bw.WriteString(`  <graph id="powermap" edgedefault="directed">` + "\n")
	nodes := map[string]string{} // powermap id -> GraphML id
	edges := 0
	err := src(ctx, graph.StreamFuncs{
		Entity: func(e *graph.Entity) error {
			id := "n" + strconv.Itoa(len(nodes))
			nodes[e.ID] = id
			bw.WriteString(`    <node id="` + id + `">`)
			data(bw, "n_pm_id", e.ID)
			data(bw, "n_label", e.Name)
			data(bw, "n_kind", string(e.Kind))
			data(bw, "n_labels", strings.Join(e.Labels, "|"))
			data(bw, "n_title", e.Title)
			data(bw, "n_party", e.Party)
			data(bw, "n_chamber", e.Chamber)
			data(bw, "n_district", e.District)
			data(bw, "n_org_type", e.OrgType)
			data(bw, "n_ours", strconv.FormatBool(e.Ours))
			if e.Props["not_for_solicitation"] == "true" {
				data(bw, "n_not_for_solicitation", "true")
			}
			if s, ok := wr.Scores[e.ID]; ok {
				data(bw, "n_score", strconv.FormatFloat(s, 'g', -1, 64))
			}
			bw.WriteString("</node>\n")
			return nil
		},
		Relationship: func(r *graph.Relationship) error {
			source, okS := nodes[r.Source]
			target, okT := nodes[r.Target]
			if !okS || !okT {
				return graph.Errorf("graphml.Write", graph.Internal, "relationship %q before its endpoints", r.ID)
			}
			bw.WriteString(`    <edge id="e` + strconv.Itoa(edges) + `" source="` + source + `" target="` + target + `"`)
			edges++
			if info, ok := r.Type.Info(); ok && info.Symmetric {
				bw.WriteString(` directed="false"`)
			}
			bw.WriteString(">")
			strength := strconv.FormatFloat(r.Strength, 'g', -1, 64)
			data(bw, "e_pm_id", r.ID)
			data(bw, "e_type", string(r.Type))
			data(bw, "e_strength", strength)
			data(bw, "e_weight", strength)
			data(bw, "e_since", r.Since)
			data(bw, "e_until", r.Until)
			if r.Amount != 0 {
				data(bw, "e_amount", strconv.FormatFloat(r.Amount, 'f', -1, 64))
			}
			data(bw, "e_date", r.Date)
			bw.WriteString("</edge>\n")
			return nil
		},
	})
	if err != nil {
		return graph.E("graphml.Write", err)
	}
	bw.WriteString("  </graph>\n</graphml>\n")
	if err := bw.Flush(); err != nil {
		return graph.E("graphml.Write", graph.Unavailable, err)
	}
	return nil
}

func data(bw *bufio.Writer, key, v string) {
	if v == "" {
		return
	}
	bw.WriteString(`<data key="` + key + `">` + esc(v) + `</data>`)
}

// esc escapes text for XML, dropping characters XML 1.0 cannot hold.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
