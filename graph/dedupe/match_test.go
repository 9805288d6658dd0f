package dedupe

import (
	"context"
	"errors"
	"io"
	"reflect"
	"testing"

	"github.com/powermap/powermap/graph"
)

// TestMatchIsCandidatesInOrder streams generated donors through Match with
// one and with three workers, and checks that each emits, in input order,
// exactly what Candidates returns.
func TestMatchIsCandidatesInOrder(t *testing.T) {
	g := newPeople(7)
	const mapSize, n = 5000, 1500
	b := NewBuilder(Config{})
	for i := range mapSize {
		e := g.person(i)
		if err := b.Add(&e, nil); err != nil {
			t.Fatal(err)
		}
	}
	ix := b.Build()
	var want [][]Candidate
	found := 0
	for j := range n {
		e := g.donor(j, mapSize)
		cs := ix.Candidates(&e, nil)
		found += len(cs)
		want = append(want, cs)
	}
	if found < n/4 {
		t.Fatalf("only %d candidates for %d donors: the generator or the index is broken", found, n)
	}
	for _, workers := range []int{1, 3} {
		j := 0
		var got [][]Candidate
		var ids []string
		err := ix.Match(context.Background(), workers, func() (Incoming, error) {
			if j == n {
				return Incoming{}, io.EOF
			}
			j++
			return Incoming{Entity: g.donor(j-1, mapSize)}, nil
		}, func(in Incoming, cs []Candidate) error {
			ids = append(ids, in.Entity.ID)
			got = append(got, cs)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("workers=%d: Match differs from Candidates", workers)
		}
		for i, id := range ids {
			if wantID := g.donor(i, mapSize).ID; id != wantID {
				t.Fatalf("workers=%d: entity %d is %s, want %s", workers, i, id, wantID)
			}
		}
	}
}

func TestMatchStopsOnErrors(t *testing.T) {
	b := NewBuilder(Config{})
	ix := b.Build()
	boom := errors.New("boom")
	k := 0
	next := func() (Incoming, error) {
		k++
		return Incoming{Entity: graph.Entity{ID: "x", Kind: graph.KindPerson, Name: "Ada Lovelace"}}, nil
	}
	if err := ix.Match(context.Background(), 2, next, func(Incoming, []Candidate) error { return boom }); !errors.Is(err, boom) {
		t.Errorf("emit error: got %v", err)
	}
	n := 0
	err := ix.Match(context.Background(), 2, func() (Incoming, error) {
		if n++; n > 1000 {
			return Incoming{}, boom
		}
		return next()
	}, func(Incoming, []Candidate) error { return nil })
	if !errors.Is(err, boom) {
		t.Errorf("next error: got %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := ix.Match(ctx, 2, next, func(Incoming, []Candidate) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v", err)
	}
}

func TestPairs(t *testing.T) {
	es := []graph.Entity{
		{ID: "a", Kind: graph.KindOfficial, Name: "Richard J. Durbin", Aliases: []string{"Dick Durbin"}, Party: "Democrat", Chamber: "Senate", Props: map[string]string{"state": "IL"}},
		{ID: "b", Kind: graph.KindPerson, Name: "DURBIN, RICHARD J", Party: "DEM", Chamber: "Senate", Props: map[string]string{"state": "IL"}},
		{ID: "c", Kind: graph.KindPerson, Name: "Tammy Duckworth", Props: map[string]string{"state": "IL"}},
		{ID: "d", Kind: graph.KindOrganization, Name: "Durbin for Senate"},
	}
	ps, err := Pairs(context.Background(), es, nil, Config{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].A != "a" || ps[0].B != "b" || ps[0].Decision != Auto {
		t.Fatalf("got %+v, want a single auto pair a-b", ps)
	}
	if _, err := Pairs(context.Background(), []graph.Entity{{Kind: graph.KindPerson, Name: "X"}}, nil, Config{}); graph.CodeOf(err) != graph.Invalid {
		t.Errorf("entity without id: got %v", err)
	}
}
