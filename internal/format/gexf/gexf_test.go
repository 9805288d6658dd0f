package gexf

import (
	"bytes"
	"context"
	"encoding/xml"
	"testing"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
	"github.com/powermap/powermap/internal/format/xsdtest"
)

func fixture() *graph.Batch {
	return &graph.Batch{
		Entities: []graph.Entity{
			{ID: "p1", Kind: graph.KindPerson, Name: `Ana "Q" <Díaz> & co`, Labels: []string{"staff", "board"}, Ours: true},
			{ID: "o1", Kind: graph.KindOfficial, Name: "Rep. X", Title: "State Representative", Chamber: "House"},
			{ID: "d1", Kind: graph.KindDonor, Name: "DOE, JANE", Props: map[string]string{"not_for_solicitation": "true"}},
			{ID: "c1", Kind: graph.KindPerson, Name: "Client", Private: true},
		},
		Relationships: []graph.Relationship{
			{Source: "p1", Target: "o1", Type: graph.Knows, Strength: 0.8},
			{Source: "d1", Target: "o1", Type: graph.DonatedTo, Amount: 500, Date: "2016-03-01"},
			{Source: "c1", Target: "p1", Type: graph.ClientOf},
		},
	}
}

type attvalue struct {
	For   string `xml:"for,attr"`
	Value string `xml:"value,attr"`
}

type doc struct {
	Version string `xml:"version,attr"`
	Graph   struct {
		Attributes []struct {
			Class string `xml:"class,attr"`
			Attrs []struct {
				ID   string `xml:"id,attr"`
				Type string `xml:"type,attr"`
			} `xml:"attribute"`
		} `xml:"attributes"`
		Nodes []struct {
			ID     string     `xml:"id,attr"`
			Label  string     `xml:"label,attr"`
			Values []attvalue `xml:"attvalues>attvalue"`
		} `xml:"nodes>node"`
		Edges []struct {
			ID     string     `xml:"id,attr"`
			Label  string     `xml:"label,attr"`
			Type   string     `xml:"type,attr"`
			Weight string     `xml:"weight,attr"`
			Values []attvalue `xml:"attvalues>attvalue"`
		} `xml:"edges>edge"`
	} `xml:"graph"`
}

func write(t *testing.T, w *Writer, b *graph.Batch) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := w.Write(context.Background(), &buf, format.BatchSource(b, format.Filter{})); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWrite(t *testing.T) {
	out := write(t, &Writer{Scores: map[string]float64{"o1": 0.25}}, fixture())
	var d doc
	if err := xml.Unmarshal(out, &d); err != nil {
		t.Fatalf("not XML: %v\n%s", err, out)
	}
	if d.Version != "1.2" || len(d.Graph.Attributes) != 2 {
		t.Fatalf("header = %+v", d)
	}
	if len(d.Graph.Nodes) != 3 || len(d.Graph.Edges) != 2 {
		t.Fatalf("%d nodes, %d edges; want 3 and 2 (the private entity and its tie left out)", len(d.Graph.Nodes), len(d.Graph.Edges))
	}
	vals := map[string]string{}
	for _, n := range d.Graph.Nodes {
		vals[n.ID+".label"] = n.Label
		for _, v := range n.Values {
			vals[n.ID+"."+v.For] = v.Value
		}
	}
	for k, want := range map[string]string{"p1.label": `Ana "Q" <Díaz> & co`, "p1.labels": "board|staff", "o1.score": "0.25",
		"d1.not_for_solicitation": "true", "o1.kind": "official", "p1.ours": "true"} {
		if vals[k] != want {
			t.Errorf("%s = %q, want %q", k, vals[k], want)
		}
	}
	for _, e := range d.Graph.Edges {
		switch e.Label {
		case "KNOWS":
			if e.Type != "undirected" || e.Weight != "0.8" {
				t.Errorf("KNOWS = %+v", e)
			}
		case "DONATED_TO":
			if e.Type != "" || e.Weight != "0.2" || len(e.Values) != 4 {
				t.Errorf("DONATED_TO = %+v", e)
			}
		default:
			t.Errorf("unexpected edge %+v", e)
		}
	}
	xsdtest.WellFormed(t, out)
	// A map without relationships still has its edges element.
	empty := write(t, &Writer{}, &graph.Batch{Entities: fixture().Entities[:1]})
	var d2 doc
	if err := xml.Unmarshal(empty, &d2); err != nil || len(d2.Graph.Nodes) != 1 {
		t.Errorf("entities only: %v %s", err, empty)
	}
	xsdtest.WellFormed(t, empty)
}

// TestSchema validates the output against the published GEXF schema with
// xmllint (see package xsdtest for where the schema comes from).
func TestSchema(t *testing.T) {
	xsdtest.Validate(t, "gexf.xsd", write(t, &Writer{}, fixture()))
}
