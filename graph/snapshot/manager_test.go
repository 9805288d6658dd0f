package snapshot_test

import (
	"context"
	"maps"
	"sync"
	"testing"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/snapshot"
	"github.com/powermap/powermap/graph/snapshot/snapshottest"
	"github.com/powermap/powermap/internal/store/embedded"
)

func openStore(t *testing.T) *embedded.Store {
	t.Helper()
	st, err := embedded.Open(t.TempDir(), embedded.WithoutSync())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestManagerFollowsTheStore runs the Manager over a real embedded store:
// one build per version, a rebuild after a write, and concurrent readers
// that all get a complete snapshot.
func TestManagerFollowsTheStore(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	if _, err := st.Apply(ctx, smallMap()); err != nil {
		t.Fatal(err)
	}
	m := snapshot.NewManager(st, snapshot.Options{}, nil)
	if m.Loaded() != nil {
		t.Fatal("a new Manager holds a snapshot")
	}
	var wg sync.WaitGroup
	got := make([]*snapshot.Snapshot, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := m.Current(ctx)
			if err != nil {
				t.Error(err)
				return
			}
			got[i] = s
		}()
	}
	wg.Wait()
	if m.Builds() != 1 {
		t.Fatalf("%d builds for one version, want 1", m.Builds())
	}
	v, _ := st.Version(ctx)
	for _, s := range got {
		if s != got[0] || s.Version() != v || s.Len() != 6 {
			t.Fatalf("readers got different or incomplete snapshots")
		}
	}
	// Unchanged store: same snapshot, no build.
	if s, _ := m.Current(ctx); s != got[0] || m.Builds() != 1 {
		t.Fatal("the Manager rebuilt an unchanged store")
	}
	// A write moves the version; the next reader sees it.
	if _, err := st.Apply(ctx, &graph.Batch{
		Entities:      []graph.Entity{{ID: "zoe", Kind: graph.KindPerson, Name: "Zoe"}},
		Relationships: []graph.Relationship{{Source: "zoe", Target: "maria", Type: graph.FriendOf}},
	}); err != nil {
		t.Fatal(err)
	}
	s, err := m.Current(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The store keeps a change log: the write is replayed, not rebuilt.
	if s == got[0] || s.Len() != 7 || m.Builds() != 1 || m.Replays() != 1 {
		t.Fatalf("after a write: len %d, builds %d, replays %d", s.Len(), m.Builds(), m.Replays())
	}
	if got[0].Len() != 6 {
		t.Fatal("the old snapshot changed")
	}
	if _, ok := s.Walk().Find(idx(t, s, "zoe"), idx(t, s, "maria")); !ok {
		t.Fatal("the new tie is missing")
	}
}

// TestManagerReplaysWrites checks the Manager's replayed snapshot against
// one built afresh after writes of every kind through a real store,
// deletes and a merge included, and that a store reopened without its
// log is built.
func TestManagerReplaysWrites(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	if _, err := st.Apply(ctx, smallMap()); err != nil {
		t.Fatal(err)
	}
	m := snapshot.NewManager(st, snapshot.Options{}, nil)
	if _, err := m.Current(ctx); err != nil {
		t.Fatal(err)
	}
	writes := []*graph.Batch{
		{Entities: []graph.Entity{{ID: "zoe", Kind: graph.KindPerson, Name: "Zoe", Private: true}},
			Relationships: []graph.Relationship{{Source: "zoe", Target: "maria", Type: graph.FriendOf, Notes: "cousins"}}},
		{Relationships: []graph.Relationship{{Source: "zoe", Target: "maria", Type: graph.Knows, Strength: 0.9}}},
		{Entities: []graph.Entity{{ID: "zoe", Kind: graph.KindPerson, Name: "Zoe Ortiz", Ours: true}}},
		{DeleteRelationships: []string{graph.DefaultRelationshipID("maria", "zoe", graph.Knows)}},
		{DeleteEntities: []string{"maria"}},
	}
	for i, b := range writes {
		if _, err := st.Apply(ctx, b); err != nil {
			t.Fatal(i, err)
		}
		s, err := m.Current(ctx)
		if err != nil {
			t.Fatal(err)
		}
		full, err := snapshot.Build(ctx, st.Stream, snapshot.Options{Now: s.Now()})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := snapshottest.Canon(t, s), snapshottest.Canon(t, full); !maps.Equal(got, want) {
			t.Fatalf("after write %d the replayed snapshot differs from a build:\n%v\n%v", i, got, want)
		}
	}
	if m.Builds() != 1 || m.Replays() != int64(len(writes)) {
		t.Fatalf("builds %d, replays %d", m.Builds(), m.Replays())
	}
}

func TestManagerCancelledFirstBuild(t *testing.T) {
	st := openStore(t)
	m := snapshot.NewManager(st, snapshot.Options{}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := m.Current(ctx); err == nil {
		t.Fatal("a cancelled first build succeeded")
	}
	if m.Loaded() != nil {
		t.Fatal("a failed build left a snapshot")
	}
	if _, err := m.Current(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestDerivedSharesMemory: a derived Manager's snapshot (viewers', without
// the clients) is made from its base's, whose own is unchanged.
func TestDerivedSharesMemory(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	if _, err := st.Apply(ctx, smallMap()); err != nil {
		t.Fatal(err)
	}
	base := snapshot.NewManager(st, snapshot.Options{}, nil)
	derived := snapshot.NewDerived(st, base, func(ctx context.Context, s *snapshot.Snapshot) (*snapshot.Snapshot, error) {
		return s.Without(ctx, func(i int32) bool { n := s.Node(i); return n.HasLabel("client") })
	}, nil)
	d, err := derived.Current(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := d.Index("ana"); ok {
		t.Fatal("the derived snapshot keeps the client")
	}
	b := base.Loaded()
	if b.ID(0) != d.ID(0) || b.Name(1) != d.Name(1) {
		t.Fatal("the derived snapshot does not see the base's nodes")
	}
	if _, ok := b.Index("ana"); !ok {
		t.Fatal("the base snapshot lost the client")
	}
}
