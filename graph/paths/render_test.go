package paths_test

import (
	"bytes"
	"context"
	"regexp"
	"testing"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/paths"
)

func TestSentenceReadsForward(t *testing.T) {
	maria := graph.EntityRef{ID: "maria", Name: "Maria Ortiz", Kind: graph.KindPerson, Title: "board", Ours: true}
	dorian := graph.EntityRef{ID: "dorian", Name: "Dorian Vinegarde", Kind: graph.KindPerson, Title: "District Director"}
	zoe := graph.EntityRef{ID: "zoe", Name: "Sen. Zoë Gingerhook", Kind: graph.KindOfficial}
	acme := graph.EntityRef{ID: "acme", Name: "Acme Inc.", Kind: graph.KindOrganization, Title: "business"}
	ana := graph.EntityRef{ID: "ana", Name: "Ana Ruiz", Kind: graph.KindPerson, Ours: true}
	hop := func(from, to graph.EntityRef, t graph.RelType, reverse bool) graph.Hop {
		return graph.Hop{From: from.ID, To: to.ID, Type: t, Strength: 0.5, Reverse: reverse}
	}
	for _, c := range []struct {
		nodes []graph.EntityRef
		hops  []graph.Hop
		want  string
	}{
		{[]graph.EntityRef{maria, dorian, zoe}, []graph.Hop{hop(maria, dorian, graph.Knows, false), hop(dorian, zoe, graph.WorksFor, false)},
			"Maria Ortiz (our board) knows Dorian Vinegarde, District Director, who works for Sen. Zoë Gingerhook."},
		// Against a directed type's direction; an organization is "which";
		// a name that ends with a full stop ends the sentence.
		{[]graph.EntityRef{zoe, dorian, acme}, []graph.Hop{hop(zoe, dorian, graph.WorksFor, true), hop(dorian, acme, graph.BoardOf, false)},
			"Sen. Zoë Gingerhook employs Dorian Vinegarde, District Director, who is on the board of Acme Inc."},
		{[]graph.EntityRef{ana, acme, maria}, []graph.Hop{hop(ana, acme, graph.MemberOf, false), hop(acme, maria, graph.Leads, true)},
			"Ana Ruiz (ours) is a member of Acme Inc., which is led by Maria Ortiz (our board)."},
		{[]graph.EntityRef{maria}, nil, "Maria Ortiz (our board)."},
	} {
		got := paths.Sentence(graph.Path{Nodes: c.nodes, Hops: c.hops})
		if got != c.want {
			t.Errorf("got  %q\nwant %q", got, c.want)
		}
	}
}

// The text output speaks the reader's language: no type codes, no counts
// of hops.
func TestWriteTextHasNoCodes(t *testing.T) {
	s := snap(t, civicMap())
	res, err := paths.Find(context.Background(), s, paths.Query{To: "bob", K: 10})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := paths.WriteText(&b, res); err != nil {
		t.Fatal(err)
	}
	if len(res.Paths) < 3 {
		t.Fatalf("%d paths", len(res.Paths))
	}
	if codes := regexp.MustCompile(`[A-Z]{2,}_|\b[A-Z]{4,}\b|hop\(s\)|\bhops?\b|→`).FindAllString(b.String(), -1); codes != nil {
		t.Fatalf("codes %q in\n%s", codes, b.String())
	}
}
