package storetest

import (
	"encoding/json"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

// MergeBackend is a store that keeps the graph and the campaigns, and merges
// entities across both.
type MergeBackend interface {
	graph.Store
	graph.CampaignStore
	graph.MergeStore
}

// MergesOpener returns a new, empty store for one subtest, and registers its
// Close with t.Cleanup.
type MergesOpener func(t *testing.T) MergeBackend

// RunMerges runs the conformance cases of graph.MergeStore. Beyond its doc
// comments, they require that an unmerge gives back a store whose full dump
// (Dump) is byte for byte the one before the merge, and that a backend that
// is also a graph.AccountStore writes the merge's audit entries with it.
func RunMerges(t *testing.T, open MergesOpener) {
	for _, c := range mergeCases {
		t.Run(c.name, func(t *testing.T) { c.run(t, open) })
	}
}

var mergeCases = []struct {
	name string
	run  func(*testing.T, MergesOpener)
}{
	{"Merges/RoundTrip", testMergeRoundTrip},
	{"Merges/UndoConflict", testMergeUndoConflict},
	{"Merges/AliasWrites", testMergeAliasWrites},
	{"Merges/Chain", testMergeChain},
	{"Merges/Refused", testMergeRefused},
}

// OrtizDup is the duplicate of Aarón Ortíz that MergeMap adds, and
// IssueRent a second issue, on which only the duplicate takes a stance.
const (
	OrtizDup  = "ortiz-dup"
	IssueRent = "issue-rent"
)

// MergeMap returns CampaignMap with a second record of senator Ortíz
// (OrtizDup) that holds ties of its own: a KNOWS to Ben Okafor, a WORKS_FOR
// from Dana Whitfield parallel to hers to Ortíz (same derived id once
// re-pointed), a tie to Ortíz himself, a stance on the issue opposite to
// his (his stands), a stance on a second issue he takes no side on (it
// moves), and a tie with an id of its own.
func MergeMap() *graph.Batch {
	b := CampaignMap()
	b.Entities = append(b.Entities, graph.Entity{ID: IssueRent, Kind: graph.KindIssue, Name: "Cap rent increases"})
	b.Entities = append(b.Entities, graph.Entity{ID: OrtizDup, Kind: graph.KindOfficial, Name: "Sen. Ron Ortiz",
		Email: "ron.ortiz@senate.example", Party: "Democratic", Props: map[string]string{"committee": "Finance", "twitter": "@ronortiz"}})
	b.Relationships = append(b.Relationships,
		graph.Relationship{Source: OrtizDup, Target: BenOkafor, Type: graph.Knows, Strength: 0.7},
		graph.Relationship{Source: DanaWhitfield, Target: OrtizDup, Type: graph.WorksFor, Strength: 0.6},
		graph.Relationship{Source: OrtizDup, Target: AaronOrtiz, Type: graph.Knows, Strength: 0.2},
		graph.Relationship{Source: OrtizDup, Target: IssueFY27, Type: graph.Supports, Strength: 0.5},
		graph.Relationship{ID: "dup-member", Source: OrtizDup, Target: RiversideCoalition, Type: graph.MemberOf},
		graph.Relationship{Source: OrtizDup, Target: IssueRent, Type: graph.Opposes, Strength: 1})
	return b
}

// openMerges returns a store holding MergeMap, three campaigns (one that
// targets Ortíz, one both records, one the duplicate alone) and two
// interactions with the duplicate.
func openMerges(t *testing.T, open MergesOpener) MergeBackend {
	t.Helper()
	s := open(t)
	ctx := t.Context()
	_, err := s.Apply(ctx, MergeMap())
	require.NoError(t, err)
	c1 := fy27("c-one")
	c2 := fy27("c-both")
	c2.Targets = append(c2.Targets, graph.Target{Entity: OrtizDup, Priority: graph.PrioritySecondary})
	c3 := fy27("c-dup")
	c3.Targets = []graph.Target{{Entity: OrtizDup, Priority: graph.PriorityPrimary}}
	for _, c := range []graph.Campaign{c1, c2, c3} {
		_, err := s.CreateCampaign(ctx, c)
		require.NoError(t, err)
	}
	for _, i := range []graph.Interaction{
		{ID: "ix-1", Type: graph.InteractionType("official_meeting"), Date: "2026-10-01", Campaign: "c-dup", Participants: []string{AnaReyes, OrtizDup}},
		{ID: "ix-2", Type: graph.InteractionType("call"), Date: "2026-10-02", Participants: []string{AnaReyes, OrtizDup, AaronOrtiz}},
		{ID: "ix-3", Type: graph.InteractionType("call"), Date: "2026-10-03", Participants: []string{AnaReyes, BenOkafor}},
	} {
		_, err := s.LogInteraction(ctx, i)
		require.NoError(t, err)
	}
	return s
}

// Dump writes every record of the stores in canonical form: entities and
// relationships (Stream, sorted by id), campaigns, and the whole
// organizing log, as indented JSON. Two stores with equal dumps hold the
// same records, field for field.
func Dump(t *testing.T, s MergeBackend) string {
	t.Helper()
	ctx := t.Context()
	var d struct {
		Entities      []graph.Entity       `json:"entities"`
		Relationships []graph.Relationship `json:"relationships"`
		Campaigns     []graph.Campaign     `json:"campaigns"`
		Interactions  []graph.Interaction  `json:"interactions"`
	}
	_, err := s.Stream(ctx, graph.StreamFuncs{
		Entity:       func(e *graph.Entity) error { d.Entities = append(d.Entities, *e); return nil },
		Relationship: func(r *graph.Relationship) error { d.Relationships = append(d.Relationships, *r); return nil },
	})
	require.NoError(t, err)
	sort.Slice(d.Entities, func(i, j int) bool { return d.Entities[i].ID < d.Entities[j].ID })
	sort.Slice(d.Relationships, func(i, j int) bool { return d.Relationships[i].ID < d.Relationships[j].ID })
	d.Campaigns, err = s.Campaigns(ctx)
	require.NoError(t, err)
	d.Interactions, err = s.Interactions(ctx, graph.InteractionQuery{})
	require.NoError(t, err)
	for i := range d.Campaigns {
		d.Campaigns[i].CreatedAt = d.Campaigns[i].CreatedAt.UTC()
		d.Campaigns[i].UpdatedAt = d.Campaigns[i].UpdatedAt.UTC()
	}
	for i := range d.Interactions {
		d.Interactions[i].CreatedAt = d.Interactions[i].CreatedAt.UTC()
	}
	out, err := json.MarshalIndent(d, "", "  ")
	require.NoError(t, err)
	return string(out)
}

func mergeReq(keep, drop string) graph.MergeRequest {
	return graph.MergeRequest{Keep: keep, Drop: drop, By: "test",
		Audit: func(m graph.Merge) []graph.AuditEntry {
			return []graph.AuditEntry{{Actor: "test", Action: "entity.merge", Target: m.Keep, Details: graph.MergeAuditDetails(&m)}}
		}}
}

func neighborIDs(t *testing.T, s graph.Store, id string) []string {
	t.Helper()
	ns, err := s.Neighbors(t.Context(), id, nil)
	require.NoError(t, err)
	var out []string
	for _, n := range ns {
		out = append(out, n.Entity.ID)
	}
	sort.Strings(out)
	return out
}

func testMergeRoundTrip(t *testing.T, open MergesOpener) {
	s := openMerges(t, open)
	ctx := t.Context()
	before := Dump(t, s)
	c0, err := s.Counts(ctx)
	require.NoError(t, err)
	v0, err := s.Version(ctx)
	require.NoError(t, err)

	m, err := s.Merge(ctx, mergeReq(AaronOrtiz, OrtizDup))
	require.NoError(t, err)
	assert.NotEmpty(t, m.ID)
	assert.Equal(t, AaronOrtiz, m.Keep)
	assert.Equal(t, OrtizDup, m.Drop)
	assert.Equal(t, graph.MergeCounts{Ties: 3, Stances: 1, SelfLoops: 1, StancesSuperseded: 1, Targets: 2, Interactions: 2}, m.Moved)
	assert.ElementsMatch(t, []string{graph.DefaultRelationshipID(OrtizDup, AaronOrtiz, graph.Knows),
		graph.DefaultRelationshipID(OrtizDup, IssueFY27, graph.Supports)}, m.DroppedTies)

	// The kept record absorbed the duplicate.
	k, err := s.Entity(ctx, AaronOrtiz)
	require.NoError(t, err)
	assert.Equal(t, []string{"Ron Ortiz", "Sen. Ron Ortiz"}, k.Aliases)
	assert.Equal(t, "ron.ortiz@senate.example", k.Email)
	assert.Equal(t, "Independent", k.Party, "the kept record's own fields win")
	assert.Equal(t, map[string]string{"committee": "Housing", "twitter": "@ronortiz"}, k.Props)
	// The merged-away id resolves to it.
	alias, err := s.Entity(ctx, OrtizDup)
	require.NoError(t, err)
	assert.Equal(t, k, alias)
	assert.Equal(t, neighborIDs(t, s, AaronOrtiz), neighborIDs(t, s, OrtizDup))
	assert.Equal(t, []string{AcmeBuildersPAC, AnaReyes, BenOkafor, DanaWhitfield, DanaWhitfield, IssueFY27, IssueRent, RiversideCoalition},
		neighborIDs(t, s, AaronOrtiz), "ties moved and parallel ties kept; the tie between the two and the superseded stance dropped")
	stance, err := s.Neighbors(ctx, AaronOrtiz, []graph.RelType{graph.Supports, graph.Opposes})
	require.NoError(t, err)
	require.Len(t, stance, 2)
	assert.Equal(t, IssueFY27, stance[0].Entity.ID)
	assert.Equal(t, graph.Opposes, stance[0].Relationship.Type, "the kept record's own stance stands")
	assert.Equal(t, IssueRent, stance[1].Entity.ID, "a stance the kept record lacks moves")
	c1, err := s.Counts(ctx)
	require.NoError(t, err)
	assert.Equal(t, c0.Entities-1, c1.Entities)
	assert.Equal(t, c0.Relationships-2, c1.Relationships)
	v1, err := s.Version(ctx)
	require.NoError(t, err)
	assert.Greater(t, v1, v0)
	_, err = s.Relationship(ctx, "dup-member")
	require.NoError(t, err, "a tie with an id of its own keeps it")
	ws, err := s.Relationship(ctx, graph.DefaultRelationshipID(DanaWhitfield, AaronOrtiz, graph.WorksFor)+"/"+OrtizDup)
	require.NoError(t, err, "a parallel tie gets a qualified id")
	assert.Equal(t, 0.6, ws.Strength)

	// Campaigns and the log point at the kept record.
	both, err := s.Campaign(ctx, "c-both")
	require.NoError(t, err)
	require.Len(t, both.Targets, 1)
	assert.Equal(t, AaronOrtiz, both.Targets[0].Entity)
	dup, err := s.Campaign(ctx, "c-dup")
	require.NoError(t, err)
	assert.Equal(t, AaronOrtiz, dup.Targets[0].Entity)
	ix, err := s.Interaction(ctx, "ix-2")
	require.NoError(t, err)
	assert.Equal(t, []string{AnaReyes, AaronOrtiz}, ix.Participants)

	// The record is listed and kept.
	ms, err := s.Merges(ctx, 0)
	require.NoError(t, err)
	require.Len(t, ms, 1)
	assert.Equal(t, m.ID, ms[0].ID)
	assert.Empty(t, ms[0].Before.Entities, "a listing leaves out the records")
	full, err := s.MergeRecord(ctx, m.ID)
	require.NoError(t, err)
	assert.Len(t, full.Before.Entities, 2)
	if as, ok := s.(graph.AccountStore); ok {
		es, err := as.Audit(ctx, graph.AuditQuery{})
		require.NoError(t, err)
		require.NotEmpty(t, es)
		assert.Equal(t, "entity.merge", es[0].Action)
		assert.Equal(t, OrtizDup, es[0].Details["drop"])
		assert.Equal(t, "3", es[0].Details["ties"])
	}

	// Undo gives back every record, byte for byte.
	u, err := s.Unmerge(ctx, graph.UnmergeRequest{ID: m.ID, By: "test"})
	require.NoError(t, err)
	assert.True(t, u.Undone())
	assert.Equal(t, before, Dump(t, s))
	c2, err := s.Counts(ctx)
	require.NoError(t, err)
	c0.Version, c2.Version = 0, 0
	assert.Equal(t, c0, c2)
	e, err := s.Entity(ctx, OrtizDup)
	require.NoError(t, err)
	assert.Equal(t, OrtizDup, e.ID, "the id is its own entity again")
	ms, err = s.Merges(ctx, 0)
	require.NoError(t, err)
	require.Len(t, ms, 1)
	assert.True(t, ms[0].Undone())

	_, err = s.Unmerge(ctx, graph.UnmergeRequest{ID: m.ID})
	assert.Equal(t, graph.Conflict, graph.CodeOf(err), "an undone merge cannot be undone again: %v", err)
	_, err = s.Unmerge(ctx, graph.UnmergeRequest{ID: "mg_missing"})
	assert.Equal(t, graph.NotFound, graph.CodeOf(err))
}

func testMergeUndoConflict(t *testing.T, open MergesOpener) {
	s := openMerges(t, open)
	ctx := t.Context()
	m, err := s.Merge(ctx, mergeReq(AaronOrtiz, OrtizDup))
	require.NoError(t, err)
	k, err := s.Entity(ctx, AaronOrtiz)
	require.NoError(t, err)
	k.Notes = "edited after the merge"
	_, err = s.Apply(ctx, &graph.Batch{Entities: []graph.Entity{k}})
	require.NoError(t, err)
	after := Dump(t, s)

	_, err = s.Unmerge(ctx, graph.UnmergeRequest{ID: m.ID})
	require.Error(t, err)
	assert.Equal(t, graph.Conflict, graph.CodeOf(err))
	ds := graph.DetailsOf(err)
	require.Len(t, ds, 1, "%v", err)
	assert.Equal(t, AaronOrtiz, ds[0].Record)
	assert.Equal(t, "entity", ds[0].Field)
	assert.Contains(t, graph.MessageOf(err), m.ID)
	assert.Equal(t, after, Dump(t, s), "a refused unmerge writes nothing")

	// Putting the record back as the merge left it lets the undo through.
	k.Notes = ""
	_, err = s.Apply(ctx, &graph.Batch{Entities: []graph.Entity{k}})
	require.NoError(t, err)
	_, err = s.Unmerge(ctx, graph.UnmergeRequest{ID: m.ID})
	require.NoError(t, err)
}

func testMergeAliasWrites(t *testing.T, open MergesOpener) {
	s := openMerges(t, open)
	ctx := t.Context()
	_, err := s.Merge(ctx, mergeReq(AaronOrtiz, OrtizDup))
	require.NoError(t, err)
	c0, err := s.Counts(ctx)
	require.NoError(t, err)

	// An import that still knows the old id lands on the kept record.
	_, err = s.Apply(ctx, &graph.Batch{
		Entities:      []graph.Entity{{ID: OrtizDup, Kind: graph.KindOfficial, Name: "Ronald Ortiz", Phone: "+1 555 0199"}},
		Relationships: []graph.Relationship{{Source: ChloeMartin, Target: OrtizDup, Type: graph.Knows}},
	})
	require.NoError(t, err)
	c1, err := s.Counts(ctx)
	require.NoError(t, err)
	assert.Equal(t, c0.Entities, c1.Entities, "no entity is created under the alias id")
	assert.Equal(t, c0.Relationships+1, c1.Relationships)
	k, err := s.Entity(ctx, AaronOrtiz)
	require.NoError(t, err)
	assert.Equal(t, "Aarón Ortíz", k.Name)
	assert.Contains(t, k.Aliases, "Ronald Ortiz")
	assert.Equal(t, "+1 555 0199", k.Phone)
	r, err := s.Relationship(ctx, graph.DefaultRelationshipID(ChloeMartin, AaronOrtiz, graph.Knows))
	require.NoError(t, err)
	assert.Equal(t, AaronOrtiz, r.Target)
	// A campaign or log entry that names the alias is checked against the
	// kept record.
	c := fy27("c-alias")
	c.Targets = []graph.Target{{Entity: OrtizDup, Priority: graph.PriorityPrimary}}
	_, err = s.CreateCampaign(ctx, c)
	require.NoError(t, err)
	// Deleting the alias id deletes nothing.
	_, err = s.Apply(ctx, &graph.Batch{DeleteEntities: []string{OrtizDup}})
	assert.Equal(t, graph.NotFound, graph.CodeOf(err))
	_, err = s.Entity(ctx, AaronOrtiz)
	require.NoError(t, err)
}

func testMergeChain(t *testing.T, open MergesOpener) {
	s := openMerges(t, open)
	ctx := t.Context()
	const third = "ortiz-third"
	_, err := s.Apply(ctx, &graph.Batch{
		Entities:      []graph.Entity{{ID: third, Kind: graph.KindOfficial, Name: "A. Ortiz"}},
		Relationships: []graph.Relationship{{Source: third, Target: ChloeMartin, Type: graph.Knows}},
	})
	require.NoError(t, err)
	before := Dump(t, s)
	first, err := s.Merge(ctx, mergeReq(AaronOrtiz, OrtizDup))
	require.NoError(t, err)
	mid := Dump(t, s)
	_, err = s.Merge(ctx, mergeReq(third, OrtizDup))
	assert.Equal(t, graph.Conflict, graph.CodeOf(err), "an alias id cannot be merged away again: %v", err)

	second, err := s.Merge(ctx, mergeReq(third, AaronOrtiz))
	require.NoError(t, err)
	assert.Equal(t, 1, second.Moved.Redirects, "the first merge's alias now leads to the third record")
	e, err := s.Entity(ctx, OrtizDup)
	require.NoError(t, err)
	assert.Equal(t, third, e.ID)
	e, err = s.Entity(ctx, AaronOrtiz)
	require.NoError(t, err)
	assert.Equal(t, third, e.ID)

	// The first merge cannot be undone under the second.
	_, err = s.Unmerge(ctx, graph.UnmergeRequest{ID: first.ID})
	assert.Equal(t, graph.Conflict, graph.CodeOf(err), "%v", err)
	_, err = s.Unmerge(ctx, graph.UnmergeRequest{ID: second.ID})
	require.NoError(t, err)
	assert.Equal(t, mid, Dump(t, s))
	e, err = s.Entity(ctx, OrtizDup)
	require.NoError(t, err)
	assert.Equal(t, AaronOrtiz, e.ID)
	_, err = s.Unmerge(ctx, graph.UnmergeRequest{ID: first.ID})
	require.NoError(t, err)
	assert.Equal(t, before, Dump(t, s))

	// Merging into an alias id merges into its entity.
	_, err = s.Merge(ctx, mergeReq(AaronOrtiz, OrtizDup))
	require.NoError(t, err)
	m, err := s.Merge(ctx, mergeReq(OrtizDup, third))
	require.NoError(t, err)
	assert.Equal(t, AaronOrtiz, m.Keep)
}

func testMergeRefused(t *testing.T, open MergesOpener) {
	s := openMerges(t, open)
	ctx := t.Context()
	before := Dump(t, s)
	for _, tc := range []struct {
		keep, drop string
		code       graph.Code
	}{
		{AaronOrtiz, AaronOrtiz, graph.Invalid},
		{AaronOrtiz, "nobody", graph.NotFound},
		{"nobody", AaronOrtiz, graph.NotFound},
		{IssueFY27, AaronOrtiz, graph.Invalid},
		{BenOkafor, OrtizDup, graph.Invalid}, // the duplicate is a campaign target; Ben is no official
	} {
		_, err := s.Merge(ctx, mergeReq(tc.keep, tc.drop))
		assert.Equal(t, tc.code, graph.CodeOf(err), "merge %s into %s: %v", tc.drop, tc.keep, err)
	}
	assert.Equal(t, before, Dump(t, s), "a refused merge writes nothing")
	ms, err := s.Merges(ctx, 0)
	require.NoError(t, err)
	assert.Empty(t, ms)
}
