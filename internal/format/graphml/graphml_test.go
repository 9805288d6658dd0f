package graphml

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
			{ID: "p1", Kind: graph.KindPerson, Name: `Ana "Q" <Díaz> & co`, Labels: []string{"staff"}, Ours: true},
			{ID: "o1", Kind: graph.KindOfficial, Name: "Rep. X", Title: "State Representative", Party: "Democratic", Chamber: "House", District: "1"},
			{ID: "d1", Kind: graph.KindDonor, Name: "DOE, JANE", Props: map[string]string{"not_for_solicitation": "true"}},
			{ID: "c1", Kind: graph.KindPerson, Name: "Client", Labels: []string{"client"}},
		},
		Relationships: []graph.Relationship{
			{Source: "p1", Target: "o1", Type: graph.Knows, Strength: 0.8, Since: "2019"},
			{Source: "d1", Target: "o1", Type: graph.DonatedTo, Amount: 500, Date: "2016-03-01"},
			{Source: "c1", Target: "p1", Type: graph.ClientOf},
		},
	}
}

type doc struct {
	Keys []struct {
		ID string `xml:"id,attr"`
	} `xml:"key"`
	Graph struct {
		Nodes []struct {
			ID   string `xml:"id,attr"`
			Data []struct {
				Key   string `xml:"key,attr"`
				Value string `xml:",chardata"`
			} `xml:"data"`
		} `xml:"node"`
		Edges []struct {
			ID       string `xml:"id,attr"`
			Source   string `xml:"source,attr"`
			Target   string `xml:"target,attr"`
			Directed string `xml:"directed,attr"`
			Data     []struct {
				Key   string `xml:"key,attr"`
				Value string `xml:",chardata"`
			} `xml:"data"`
		} `xml:"edge"`
	} `xml:"graph"`
}

func write(t *testing.T, w *Writer) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := w.Write(context.Background(), &buf, format.BatchSource(fixture(), format.Filter{})); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWrite(t *testing.T) {
	out := write(t, &Writer{Scores: map[string]float64{"o1": 0.25}})
	var d doc
	if err := xml.Unmarshal(out, &d); err != nil {
		t.Fatalf("not XML: %v\n%s", err, out)
	}
	if len(d.Graph.Nodes) != 3 || len(d.Graph.Edges) != 2 {
		t.Fatalf("%d nodes, %d edges; want 3 and 2 (the private client and its tie left out)", len(d.Graph.Nodes), len(d.Graph.Edges))
	}
	vals := map[string]string{}
	byID := map[string]string{} // GraphML id -> powermap id
	for _, n := range d.Graph.Nodes {
		id := ""
		for _, x := range n.Data {
			if x.Key == "n_pm_id" {
				id = x.Value
			}
		}
		if id == "" {
			t.Fatalf("node %s has no pm_id", n.ID)
		}
		byID[n.ID] = id
		for _, x := range n.Data {
			vals[id+"."+x.Key] = x.Value
		}
	}
	for k, want := range map[string]string{"p1.n_label": `Ana "Q" <Díaz> & co`, "o1.n_kind": "official", "o1.n_score": "0.25",
		"d1.n_not_for_solicitation": "true", "p1.n_ours": "true", "p1.n_labels": "staff", "o1.n_chamber": "House"} {
		if vals[k] != want {
			t.Errorf("%s = %q, want %q", k, vals[k], want)
		}
	}
	for _, e := range d.Graph.Edges {
		ev := map[string]string{}
		for _, x := range e.Data {
			ev[x.Key] = x.Value
		}
		if byID[e.Source] == "" || byID[e.Target] == "" {
			t.Errorf("edge %+v joins unknown nodes", e)
		}
		switch ev["e_type"] {
		case "KNOWS":
			if ev["e_pm_id"] != "KNOWS:o1~p1" {
				t.Errorf("KNOWS edge pm_id = %q", ev["e_pm_id"])
			}
			if e.Directed != "false" || ev["e_strength"] != "0.8" || ev["e_since"] != "2019" {
				t.Errorf("KNOWS edge = %+v", e)
			}
		case "DONATED_TO":
			if e.Directed != "" || ev["e_amount"] != "500" || ev["e_strength"] != "0.2" {
				t.Errorf("DONATED_TO edge = %+v", e)
			}
		default:
			t.Errorf("unexpected edge %+v", e)
		}
	}
	xsdtest.WellFormed(t, out)
}

// TestSchema validates the output against the published GraphML schema with
// xmllint (see package xsdtest for where the schema comes from).
func TestSchema(t *testing.T) {
	xsdtest.Validate(t, "graphml.xsd", write(t, &Writer{}))
}
