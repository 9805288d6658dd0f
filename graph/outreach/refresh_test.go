package outreach_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/outreach"
	"github.com/powermap/powermap/graph/snapshot"
)

func TestRefreshRule(t *testing.T) {
	assert.Equal(t, 0.5, outreach.Refreshed(0.5, 0), "no contact, no change")
	assert.InDelta(t, 0.675, outreach.Refreshed(0.5, 0.35), 1e-12, "a fresh one-on-one lifts a 0.5 tie")
	for _, s := range []float64{0.05, 0.3, 0.9, 1} {
		for _, b := range []float64{0, 0.1, 0.35, 0.9} {
			r := outreach.Refreshed(s, b)
			assert.GreaterOrEqual(t, r, s, "never below the recorded strength")
			assert.LessOrEqual(t, r, 1.0)
		}
	}

	asOf := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	day := func(d time.Time) string { return d.Format(time.DateOnly) }
	log := []graph.Interaction{
		{ID: "1", Type: graph.OneOnOne, Date: day(asOf), Participants: []string{"ana", "dana"}},
		{ID: "2", Type: graph.OneOnOne, Date: day(asOf.Add(-outreach.RefreshHalfLife)), Participants: []string{"ben", "dana"}},
		{ID: "3", Type: graph.Email, Date: day(asOf.AddDate(0, 0, -3)), Participants: []string{"dana", "ana"}},
		{ID: "4", Type: graph.CommunityMeeting, Date: day(asOf), Participants: []string{"ana", "cara"}},
		{ID: "5", Type: graph.OneOnOne, Date: day(asOf), Participants: []string{"p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9"}},
		{ID: "6", Type: graph.Call, Date: day(asOf.AddDate(0, 0, 2)), Participants: []string{"eve", "fay"}},
	}
	c := outreach.NewContacts(log, asOf)
	ad, ok := c.Between("dana", "ana")
	require.True(t, ok)
	assert.Equal(t, "ana", ad.A, "pairs are ordered")
	assert.Equal(t, 2, ad.Count)
	assert.Equal(t, day(asOf), ad.Last)
	emailLift := 0.10 * math.Exp2(-3.0/180)
	assert.InDelta(t, 1-(1-0.35)*(1-emailLift), ad.Boost, 1e-12, "lifts combine")
	bd, ok := c.Between("ben", "dana")
	require.True(t, ok)
	assert.InDelta(t, 0.35/2, bd.Boost, 1e-12, "the lift halves after the half-life: old ties decay slowly")
	_, ok = c.Between("ana", "cara")
	assert.False(t, ok, "a gathering pairs nobody")
	_, ok = c.Between("p1", "p2")
	assert.False(t, ok, "nor does a crowd of more than eight")
	ef, ok := c.Between("eve", "fay")
	require.True(t, ok)
	assert.InDelta(t, 0.20, ef.Boost, 1e-12, "a contact later in the week counts as fresh")
	assert.Equal(t, 3, c.Len())
}

func TestRefreshedStreamKeepsTheStore(t *testing.T) {
	w := newWorld().person("ana").person("dana").person("ben").person("cara").
		tie("ana", "dana", graph.Knows, 0.5).tie("ana", "dana", graph.DonatedTo, 0.2).tie("ben", "cara", graph.Knows, 0.4)
	w.b.Relationships = append(w.b.Relationships, graph.Relationship{Source: "ben", Target: "dana", Type: graph.FriendOf, Strength: 0.6, Until: "2020"})
	sc := load(t, w, nil,
		graph.Interaction{ID: "1", Type: graph.OneOnOne, Date: "2026-11-30", Participants: []string{"ana", "dana"}},
		graph.Interaction{ID: "2", Type: graph.Call, Date: "2026-11-20", Participants: []string{"ben", "dana"}})
	ctx := t.Context()
	log, err := sc.store.Interactions(ctx, graph.InteractionQuery{})
	require.NoError(t, err)
	before, err := sc.store.Version(ctx)
	require.NoError(t, err)
	asOf := week49.Start(time.UTC)
	snap, contacts, err := outreach.BuildSnapshot(ctx, sc.store.Stream, log, asOf)
	require.NoError(t, err)

	ana, _ := snap.Index("ana")
	dana, _ := snap.Index("dana")
	ben, _ := snap.Index("ben")
	cara, _ := snap.Index("cara")
	ties := snap.Ties(ana, dana)
	require.Len(t, ties, 1)
	assert.InDelta(t, outreach.Refreshed(0.5, 0.35), ties[0].Strength, 1e-12, "the snapshot reads the refreshed strength")
	ties = snap.Ties(ben, dana)
	require.Len(t, ties, 1, "an ended tie is not refreshed; the contact adds a KNOWS tie")
	assert.Equal(t, outreach.ContactTieID("ben", "dana"), ties[0].ID)
	ct, _ := contacts.Between("ben", "dana")
	assert.InDelta(t, ct.Boost, ties[0].Strength, 1e-12)
	assert.Contains(t, ties[0].Notes, "organizing log")
	assert.Equal(t, 0.4, snap.Ties(ben, cara)[0].Strength, "ties nobody refreshed are untouched")

	r, err := sc.store.Relationship(ctx, graph.DefaultRelationshipID("ana", "dana", graph.Knows))
	require.NoError(t, err)
	assert.Equal(t, 0.5, r.Strength, "the store keeps the recorded strength")
	_, err = sc.store.Relationship(ctx, outreach.ContactTieID("ben", "dana"))
	assert.True(t, graph.Is(err, graph.NotFound), "contact ties live in the snapshot only")
	after, err := sc.store.Version(ctx)
	require.NoError(t, err)
	assert.Equal(t, before, after, "building the snapshot writes nothing")

	plain, err := snapshot.Build(ctx, sc.store.Stream, snapshot.Options{Now: asOf})
	require.NoError(t, err)
	assert.Equal(t, 0.5, plain.Ties(ana, dana)[0].Strength, "without the log, the recorded strength")

	// The explanation a log entry gets.
	rs, err := sc.svc.Refreshes(ctx, &log[0])
	require.NoError(t, err)
	require.Len(t, rs, 1)
	assert.Equal(t, graph.Knows, rs[0].Type)
	assert.Equal(t, 0.5, rs[0].Recorded)
	assert.InDelta(t, outreach.Refreshed(0.5, rs[0].Boost), rs[0].Effective, 1e-9)
}
