package fec

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
	"github.com/powermap/powermap/internal/format/congress"
	"github.com/powermap/powermap/internal/store/embedded"
)

// TestSpilledImportEqualsInMemory: an import whose transactions go through
// many sorted runs on disk, written in small batches, holds exactly the
// records of one that keeps them in memory.
func TestSpilledImportEqualsInMemory(t *testing.T) {
	ctx := context.Background()
	cg, err := congress.Read(ctx, os.DirFS(congressCorpus))
	if err != nil {
		t.Fatal(err)
	}
	officials := OfficialsFrom(cg.Batch.Entities)
	whole, err := Read(ctx, os.DirFS(sample), Options{Officials: officials})
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(ctx, os.DirFS(sample), Options{Officials: officials, SpillBytes: 8 << 10, BatchSize: 97, TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if runs := p.im.aggs.Runs(); runs < 5 {
		t.Fatalf("%d runs of contributions, want the transactions spilled", runs)
	}
	got := &graph.Batch{}
	batches := 0
	err = p.Write(ctx, func(b *graph.Batch) error {
		if n := len(b.Entities) + len(b.Relationships); n > 97 {
			return fmt.Errorf("a batch of %d records", n)
		}
		batches++
		got.Entities = append(got.Entities, b.Entities...)
		got.Relationships = append(got.Relationships, b.Relationships...)
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if batches < 10 || len(got.Relationships) == 0 {
		t.Fatalf("%d batches, %d relationships", batches, len(got.Relationships))
	}
	if !reflect.DeepEqual(got.Entities, whole.Batch.Entities) || !reflect.DeepEqual(got.Relationships, whole.Batch.Relationships) {
		t.Errorf("spilled import: %d entities, %d relationships; in memory %d, %d, or their contents differ",
			len(got.Entities), len(got.Relationships), len(whole.Batch.Entities), len(whole.Batch.Relationships))
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p.im.dir); !os.IsNotExist(err) {
		t.Errorf("Close left the spill folder: %v", err)
	}
}

// failingStore is a real store whose Apply fails after a number of calls,
// as when the store becomes unreachable part way through an import.
type failingStore struct {
	graph.Store
	left int
}

func (f *failingStore) Apply(ctx context.Context, b *graph.Batch) (graph.Stats, error) {
	if f.left == 0 {
		return graph.Stats{}, graph.Errorf("test", graph.Unavailable, "the store went away")
	}
	f.left--
	return f.Store.Apply(ctx, b)
}

// TestStreamedImportResumes: an FEC import applied in batches that stops
// part way keeps what it wrote and says how to finish; the same import run
// again completes it to exactly what one uninterrupted import writes, and
// a third run changes nothing.
func TestStreamedImportResumes(t *testing.T) {
	ctx := context.Background()
	open := func() graph.Store {
		st, err := embedded.Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	reg := format.NewRegistry([]format.Reader{Reader{BatchSize: 500, TempDir: t.TempDir()}, congress.Reader{}}, nil)
	paths := []string{sample, congressCorpus}

	reference := open()
	if _, err := reg.Import(ctx, reference, "", paths, nil); err != nil {
		t.Fatal(err)
	}
	want, _ := reference.Counts(ctx)

	st := open()
	_, err := reg.Import(ctx, &failingStore{Store: st, left: 4}, "", paths, nil)
	if !graph.Is(err, graph.Unavailable) || !strings.Contains(err.Error(), "run the same import again") {
		t.Fatalf("interrupted import: err = %v", err)
	}
	partial, _ := st.Counts(ctx)
	if partial.Entities == 0 || partial.Entities+partial.Relationships >= want.Entities+want.Relationships {
		t.Fatalf("after the interruption the store holds %+v, want part of %+v", partial, want)
	}
	rep, err := reg.Import(ctx, st, "", paths, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := rep.Stats
	if s.EntitiesUnchanged == 0 || s.EntitiesCreated+s.RelationshipsCreated == 0 || s.EntitiesUpdated+s.RelationshipsUpdated != 0 {
		t.Errorf("resumed import: %+v", s)
	}
	if got, _ := st.Counts(ctx); got.Entities != want.Entities || got.Relationships != want.Relationships {
		t.Errorf("resumed store holds %+v, an uninterrupted import %+v", got, want)
	}
	if got, _ := st.Version(ctx); got == 0 {
		t.Error("version did not move")
	}
	again, err := reg.Import(ctx, st, "", paths, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.Stats.Changed() {
		t.Errorf("third import changed %+v", again.Stats)
	}
}

// TestStreamMergesByIdentifier: a committee already in the map under an id
// of its own, carrying its FEC id, takes the FEC record and its ties in a
// streamed import of many batches, qualified tie ids included.
func TestStreamMergesByIdentifier(t *testing.T) {
	ctx := context.Background()
	st, err := embedded.Open(t.TempDir(), embedded.WithoutSync())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	pac := graph.Entity{ID: "our-pac", Kind: graph.KindOrganization, Name: "Our name for it", OrgType: "pac"}
	pac.AddIdentifier(graph.SchemeFEC, "C00110338")
	if _, err := st.Apply(ctx, &graph.Batch{Entities: []graph.Entity{pac}}); err != nil {
		t.Fatal(err)
	}
	reg := format.NewRegistry([]format.Reader{Reader{BatchSize: 500, TempDir: t.TempDir()}}, nil)
	rep, err := reg.Import(ctx, st, Name, []string{sample}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.MergeCount != 1 || rep.Merged[0].Record != CommitteeID("C00110338") || rep.Merged[0].Into != "our-pac" {
		t.Errorf("merged %d: %+v", rep.MergeCount, rep.Merged)
	}
	if _, err := st.Entity(ctx, CommitteeID("C00110338")); !graph.Is(err, graph.NotFound) {
		t.Errorf("the FEC committee record was written besides ours: %v", err)
	}
	got, err := st.Entity(ctx, "our-pac")
	if err != nil {
		t.Fatal(err)
	}
	if got.Props["source"] != Name || !got.HasLabel("fec") {
		t.Errorf("our-pac = %+v", got)
	}
	ns, err := st.Neighbors(ctx, "our-pac", []graph.RelType{graph.DonatedTo})
	if err != nil {
		t.Fatal(err)
	}
	if len(ns) == 0 {
		t.Fatal("no gifts reached our-pac")
	}
	for _, n := range ns {
		r := n.Relationship
		if !strings.HasPrefix(r.ID, graph.DefaultRelationshipID(r.Source, r.Target, r.Type)+"/") {
			t.Errorf("tie id %q does not follow its ends %s>%s", r.ID, r.Source, r.Target)
		}
	}
	if err := st.Check(ctx); err != nil {
		t.Fatal(err)
	}
}
