package storetest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

func bioguide(v string) graph.Identifier {
	return graph.Identifier{Scheme: graph.SchemeBioguide, Value: v}
}
func fecID(v string) graph.Identifier { return graph.Identifier{Scheme: graph.SchemeFEC, Value: v} }
func ocdPerson(v string) graph.Identifier {
	return graph.Identifier{Scheme: graph.SchemeOCDPerson, Value: v}
}

func testLookupIdentifiers(t *testing.T, open Opener) {
	durbin := graph.Entity{ID: "bioguide:D000563", Kind: graph.KindOfficial, Name: "Richard J. Durbin"}
	durbin.AddIdentifier(graph.SchemeBioguide, "D000563")
	durbin.AddIdentifier(graph.SchemeFEC, "S6IL00151|H2IL20042")
	durbin.AddIdentifier(graph.SchemeWikipedia, "Dick Durbin") // weak: kept, not indexed
	scott := graph.Entity{ID: "ocd-person/3a57e816-1e10-58b5-8394-0272542ca567", Kind: graph.KindOfficial, Name: "Rick Scott"}
	scott.AddIdentifier(graph.SchemeOCDPerson, scott.ID)
	scott.AddIdentifier(graph.SchemeBioguide, "s001217") // upper-cased by Normalize
	// Two records may share an identifier (from before identifiers merged
	// records, or entered by hand): the lookup lists both.
	twin := graph.Entity{ID: "scott-twin", Kind: graph.KindPerson, Name: "Rick Scott"}
	twin.AddIdentifier(graph.SchemeBioguide, "S001217")
	s := load(t, open, SmallMap(), &graph.Batch{Entities: []graph.Entity{durbin, scott, twin}})
	ctx := t.Context()

	lookup := func(ids ...graph.Identifier) []string {
		t.Helper()
		got, err := s.LookupIdentifiers(ctx, ids)
		require.NoError(t, err)
		return entityIDs(got)
	}
	assert.Equal(t, []string{durbin.ID}, lookup(bioguide("D000563")))
	assert.Equal(t, []string{durbin.ID}, lookup(fecID("H2IL20042")))
	assert.Equal(t, []string{durbin.ID}, lookup(fecID("S6IL00151"), bioguide("D000563")), "each entity once")
	assert.Equal(t, []string{scott.ID, "scott-twin"}, lookup(bioguide("S001217")))
	assert.Equal(t, []string{scott.ID}, lookup(ocdPerson(scott.ID)))
	assert.Equal(t, []string{durbin.ID, scott.ID, "scott-twin"}, lookup(
		bioguide("X000000"), fecID("S6IL00151"), bioguide("S001217"), bioguide("D000563"),
		graph.Identifier{Scheme: graph.SchemeBioguide, Value: "a+b:c/(d)\"e*"}, // Lucene syntax is data
	), "ordered by id; misses and repeats are fine")
	assert.Empty(t, lookup())
	// A prefix of a value is not the value.
	assert.Empty(t, lookup(bioguide("D00056"), fecID("S6IL0015")))

	// The entities come back whole.
	got, err := s.LookupIdentifiers(ctx, []graph.Identifier{bioguide("D000563")})
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, normalizedEntity(durbin), got[0])

	_, err = s.LookupIdentifiers(ctx, []graph.Identifier{{Scheme: graph.SchemeWikipedia, Value: "Dick Durbin"}})
	requireCode(t, err, graph.Invalid)

	// The identifiers come back as they were stored.
	e, err := s.Entity(ctx, scott.ID)
	require.NoError(t, err)
	assert.Equal(t, []string{"S001217"}, e.IdentifierValues(graph.SchemeBioguide))
	e, err = s.Entity(ctx, durbin.ID)
	require.NoError(t, err)
	assert.Equal(t, []string{"S6IL00151", "H2IL20042"}, e.IdentifierValues(graph.SchemeFEC))
}

func testIdentifiersFollowUpserts(t *testing.T, open Opener) {
	a := graph.Entity{ID: "a", Kind: graph.KindOfficial, Name: "A"}
	a.AddIdentifier(graph.SchemeBioguide, "A000001")
	a.AddIdentifier(graph.SchemeFEC, "H0XX00001")
	b := graph.Entity{ID: "b", Kind: graph.KindOfficial, Name: "B"}
	b.AddIdentifier(graph.SchemeBioguide, "B000001")
	s := load(t, open, &graph.Batch{Entities: []graph.Entity{a, b}})
	ctx := t.Context()
	lookup := func(ids ...graph.Identifier) []string {
		t.Helper()
		got, err := s.LookupIdentifiers(ctx, ids)
		require.NoError(t, err)
		return entityIDs(got)
	}

	// An update that drops one identifier and adds another moves the index.
	a.Props = nil
	a.AddIdentifier(graph.SchemeBioguide, "A000001")
	a.AddIdentifier(graph.SchemeFEC, "S0XX00002")
	apply(t, s, &graph.Batch{Entities: []graph.Entity{a}})
	assert.Equal(t, []string{"a"}, lookup(bioguide("A000001")))
	assert.Empty(t, lookup(fecID("H0XX00001")))
	assert.Equal(t, []string{"a"}, lookup(fecID("S0XX00002")))

	// A deleted entity is no longer found.
	apply(t, s, &graph.Batch{DeleteEntities: []string{"b"}})
	assert.Empty(t, lookup(bioguide("B000001")))

	// An entity can carry at most one value of a single scheme, and a
	// strong value has no spaces.
	bad := graph.Entity{ID: "c", Kind: graph.KindPerson, Name: "C", Props: map[string]string{"id.bioguide": "C000001|C000002"}}
	_, err := s.Apply(ctx, &graph.Batch{Entities: []graph.Entity{bad}})
	requireDetail(t, err, "c", "props.id.bioguide")
	bad.Props = map[string]string{"id.wikidata": "Q 1"}
	_, err = s.Apply(ctx, &graph.Batch{Entities: []graph.Entity{bad}})
	requireDetail(t, err, "c", "props.id.wikidata")
}
