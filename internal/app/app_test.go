package app_test

import (
	"encoding/json"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
	"github.com/powermap/powermap/internal/store/embedded"
)

var (
	admin  = app.Caller{Actor: "test-admin", Role: graph.RoleAdmin}
	viewer = app.Caller{Actor: "test-viewer", Role: graph.RoleViewer}
)

// newApp opens an embedded store with a small map: our Ana reaches the
// senator through the pastor, or better through Zeb, a client.
func newApp(t *testing.T) (*app.App, graph.Store) {
	t.Helper()
	s, err := embedded.Open(t.TempDir(), embedded.WithoutSync())
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	_, err = s.Apply(t.Context(), &graph.Batch{
		Entities: []graph.Entity{
			{ID: "ana", Kind: graph.KindPerson, Name: "Ana Organizer", Ours: true},
			{ID: "sen-1", Kind: graph.KindOfficial, Name: "Sen. Ada Brook", Title: "Senator"},
			{ID: "pastor", Kind: graph.KindPerson, Name: "Pastor Lee"},
			{ID: "zeb", Kind: graph.KindPerson, Name: "Zebulon Qxclient", Labels: []string{"client"}},
			{ID: "olga", Kind: graph.KindPerson, Name: "Olga Qxhidden"},
		},
		Relationships: []graph.Relationship{
			{Source: "ana", Target: "pastor", Type: graph.Knows, Strength: 0.5},
			{Source: "pastor", Target: "sen-1", Type: graph.Knows, Strength: 0.5},
			{Source: "ana", Target: "zeb", Type: graph.FamilyOf, Strength: 0.9},
			{Source: "zeb", Target: "sen-1", Type: graph.FamilyOf, Strength: 0.9},
			{Source: "ana", Target: "olga", Type: graph.FriendOf, Strength: 0.9},
			{Source: "olga", Target: "sen-1", Type: graph.FriendOf, Strength: 0.9},
		},
	})
	require.NoError(t, err)
	a, err := app.New(app.Deps{Store: s})
	require.NoError(t, err)
	return a, s
}

func jsonOf(t testing.TB, v any) string {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func TestViewersSeeNoHiddenRecord(t *testing.T) {
	a, _ := newApp(t)
	ctx := t.Context()

	res, err := a.Paths(ctx, admin, app.PathsQuery{To: "Sen. Ada Brook"})
	require.NoError(t, err)
	assert.Contains(t, jsonOf(t, res), "zeb", "editors and admins see the client")

	res, err = a.Paths(ctx, viewer, app.PathsQuery{To: "sen-1"})
	require.NoError(t, err)
	require.NotEmpty(t, res.Paths, "a viewer still finds the public paths")
	assert.NotContains(t, strings.ToLower(jsonOf(t, res)), "zeb")

	// A hidden record is not found exactly as a missing one is not.
	for _, q := range []func(id string) error{
		func(id string) error { _, err := a.Entity(ctx, viewer, id); return err },
		func(id string) error { _, err := a.Paths(ctx, viewer, app.PathsQuery{To: id}); return err },
		func(id string) error {
			_, err := a.Paths(ctx, viewer, app.PathsQuery{To: "sen-1", From: []string{id}})
			return err
		},
		func(id string) error { _, err := a.InnerCircle(ctx, viewer, id, 5); return err },
		func(id string) error { _, err := a.Connections(ctx, viewer, id, "sen-1"); return err },
		func(id string) error { _, err := a.Network(ctx, viewer, app.NetworkQuery{Center: id}); return err },
		func(id string) error {
			_, err := a.Relationship(ctx, viewer, graph.DefaultRelationshipID(id, "sen-1", graph.FamilyOf))
			return err
		},
	} {
		hiddenErr, missingErr := q("zeb"), q("zz-missing")
		require.Error(t, hiddenErr)
		require.Error(t, missingErr)
		assert.Equal(t, graph.CodeOf(missingErr), graph.CodeOf(hiddenErr))
		assert.Equal(t,
			strings.ReplaceAll(graph.MessageOf(missingErr), "zz-missing", "X"),
			strings.ReplaceAll(graph.MessageOf(hiddenErr), "zeb", "X"))
		assert.Equal(t,
			strings.ReplaceAll(jsonOf(t, graph.DetailsOf(missingErr)), "zz-missing", "X"),
			strings.ReplaceAll(jsonOf(t, graph.DetailsOf(hiddenErr)), "zeb", "X"))
	}
}

// TestHidingIsAtomic hides an entity while viewers ask who knows the
// senator: no answer to a question asked after the write returned may name
// it.
func TestHidingIsAtomic(t *testing.T) {
	a, s := newApp(t)
	ctx := t.Context()
	// Enough filler that a rebuild takes a while: readers that do not wait
	// for it would see the old snapshot.
	var filler graph.Batch
	for i := range 20000 {
		id := "filler-" + strconv.Itoa(i)
		filler.Entities = append(filler.Entities, graph.Entity{ID: id, Kind: graph.KindPerson, Name: "Filler " + strconv.Itoa(i)})
		if i > 0 {
			filler.Relationships = append(filler.Relationships, graph.Relationship{Source: id, Target: "filler-" + strconv.Itoa(i-1), Type: graph.Knows})
		}
	}
	_, err := s.Apply(ctx, &filler)
	require.NoError(t, err)
	res, err := a.Paths(ctx, viewer, app.PathsQuery{To: "sen-1"})
	require.NoError(t, err)
	require.Contains(t, jsonOf(t, res), "olga", "the positive control: Olga is public so far")

	var hiddenAt atomic.Int64 // the number of answers started before the write returned
	hiddenAt.Store(-1)
	var started atomic.Int64
	var wg sync.WaitGroup
	leaks := make(chan string, 100)
	stop := make(chan struct{})
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				after := hiddenAt.Load() >= 0
				started.Add(1)
				res, err := a.Paths(ctx, viewer, app.PathsQuery{To: "sen-1"})
				if err != nil {
					leaks <- "error: " + err.Error()
					return
				}
				if after && strings.Contains(jsonOf(t, res), "olga") {
					leaks <- jsonOf(t, res)
				}
			}
		})
	}
	wait := func(n int64) {
		for started.Load() < n && len(leaks) == 0 {
			runtime.Gosched()
		}
	}
	wait(20)
	_, err = a.PatchEntity(ctx, admin, "olga", []byte(`{"private": true}`), app.Condition{})
	require.NoError(t, err)
	hiddenAt.Store(started.Load())
	wait(hiddenAt.Load() + 50)
	close(stop)
	wg.Wait()
	close(leaks)
	for l := range leaks {
		t.Errorf("a viewer saw the hidden entity after the write returned: %s", l)
	}
}

// TestNamesResolve names entities by id or name everywhere; an ambiguous
// name is Invalid, lists the candidates the caller may see, and is marked
// for the command line's usage exit.
func TestNamesResolve(t *testing.T) {
	a, s := newApp(t)
	ctx := t.Context()
	_, err := s.Apply(ctx, &graph.Batch{Entities: []graph.Entity{
		{ID: "lee-1", Kind: graph.KindPerson, Name: "Pat Lee"},
		{ID: "lee-2", Kind: graph.KindPerson, Name: "Pat Lee"},
		{ID: "lee-3", Kind: graph.KindPerson, Name: "Pat Lee", Private: true},
	}})
	require.NoError(t, err)

	e, err := a.Entity(ctx, viewer, "ada brook")
	require.NoError(t, err)
	assert.Equal(t, "sen-1", e.ID, "a name resolves, ignoring case")

	_, err = a.Paths(ctx, viewer, app.PathsQuery{To: "Pat Lee"})
	require.Error(t, err)
	assert.Equal(t, graph.Invalid, graph.CodeOf(err))
	assert.ErrorIs(t, err, app.ErrAmbiguous)
	assert.Equal(t, "to", graph.DetailsOf(err)[0].Field)
	assert.Contains(t, graph.MessageOf(err), "lee-1")
	assert.Contains(t, graph.MessageOf(err), "lee-2")
	assert.NotContains(t, graph.MessageOf(err), "lee-3", "a viewer's candidates leave the private one out")

	_, err = a.Paths(ctx, admin, app.PathsQuery{To: "Pat Lee"})
	assert.Contains(t, graph.MessageOf(err), "lee-3", "an admin's list has it")
}

// TestPathsDirectFirst: an organizer asks first those of ours who know the
// target themselves, even when a longer path is stronger.
func TestPathsDirectFirst(t *testing.T) {
	s, err := embedded.Open(t.TempDir(), embedded.WithoutSync())
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	b := &graph.Batch{
		Entities: []graph.Entity{
			{ID: "ana", Kind: graph.KindPerson, Name: "Ana Organizer", Ours: true},
			{ID: "bo", Kind: graph.KindPerson, Name: "Bo Member", Ours: true},
			{ID: "sen-1", Kind: graph.KindOfficial, Name: "Sen. Ada Brook", Title: "Senator"},
		},
		Relationships: []graph.Relationship{
			{Source: "ana", Target: "sen-1", Type: graph.Knows, Strength: 0.2},
			{Source: "bo", Target: "sen-1", Type: graph.Knows, Strength: 0.3},
		},
	}
	// Three strong two-hop paths, each stronger than the direct ties.
	for i := range 3 {
		id := "friend-" + strconv.Itoa(i)
		b.Entities = append(b.Entities, graph.Entity{ID: id, Kind: graph.KindPerson, Name: "Friend " + strconv.Itoa(i)})
		b.Relationships = append(b.Relationships,
			graph.Relationship{Source: "ana", Target: id, Type: graph.FamilyOf, Strength: 0.9},
			graph.Relationship{Source: id, Target: "sen-1", Type: graph.FamilyOf, Strength: 0.9})
	}
	_, err = s.Apply(t.Context(), b)
	require.NoError(t, err)
	a, err := app.New(app.Deps{Store: s})
	require.NoError(t, err)

	hops := func(res []graph.Path) (out []string) {
		for _, p := range res {
			out = append(out, strings.Join(p.IDs(), ">"))
		}
		return out
	}
	for _, k := range []int{2, 3, 5, 10} {
		res, err := a.Paths(t.Context(), viewer, app.PathsQuery{To: "sen-1", K: k})
		require.NoError(t, err)
		got := hops(res.Paths)
		want := []string{"bo>sen-1", "ana>sen-1", "ana>friend-0>sen-1", "ana>friend-1>sen-1", "ana>friend-2>sen-1"}
		if k < len(want) {
			want = want[:k]
		}
		require.Len(t, got, len(want), "k=%d", k)
		assert.Equal(t, want[:2], got[:2], "k=%d: direct ties first, strongest first", k)
		assert.ElementsMatch(t, want[2:], got[2:], "k=%d", k)
		assert.Equal(t, k, res.K)
	}
}

// TestSearchCounts: a search says how many match, counting only what the
// caller may see, and whether there are more than it returned.
func TestSearchCounts(t *testing.T) {
	a, _ := newApp(t)
	ctx := t.Context()
	res, err := a.Search(ctx, admin, app.SearchQuery{Q: "qx"})
	require.NoError(t, err)
	assert.Equal(t, 2, res.Total)
	assert.Len(t, res.Items, 2)
	assert.False(t, res.More)

	res, err = a.Search(ctx, admin, app.SearchQuery{Q: "qx", Limit: 1})
	require.NoError(t, err)
	assert.Equal(t, 2, res.Total)
	assert.Len(t, res.Items, 1)
	assert.True(t, res.More)

	res, err = a.Search(ctx, viewer, app.SearchQuery{Q: "qx", Limit: 1})
	require.NoError(t, err)
	assert.Equal(t, 1, res.Total, "the client is not counted for a viewer")
	assert.False(t, res.More)
	assert.NotContains(t, strings.ToLower(jsonOf(t, res)), "zeb")

	res, err = a.Search(ctx, admin, app.SearchQuery{Q: "qx", Kind: graph.KindOfficial})
	require.NoError(t, err)
	assert.Equal(t, 0, res.Total)
	assert.Equal(t, "[]", jsonOf(t, res.Items))
}
