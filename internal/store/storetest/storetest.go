package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

// Opener returns a new, empty store for one subtest. It registers the
// store's Close with t.Cleanup, and fails t when the store cannot be opened.
type Opener func(t *testing.T) graph.Store

// Run runs the conformance suite against the backend that open returns.
// open is called once per subtest and must return an empty store.
//
// Beyond the doc comments of graph.Store, the suite requires:
//   - Stored records come back normalized (graph.Entity.Normalize); nil and
//     empty collections are the same.
//   - Stats count distinct ids; the relationships that an entity delete
//     removes count in RelationshipsDeleted.
//   - Deleting a missing id fails the whole batch with NotFound.
//   - A relationship whose endpoint is missing is Invalid, with a Detail
//     whose Record is the relationship id and whose Field is "source" or
//     "target". Deletes apply before upserts, so an endpoint deleted in the
//     same batch is missing.
//   - A failed Expect is Conflict with a Detail whose Record is the id.
//   - Search with no words in the query, or that matches nothing, returns no
//     entities and no error; limit 0 means no limit.
//   - Neighbors of an entity without ties is empty, not an error.
//   - ByKind and ByType may omit zero counts.
//   - With a cancelled context every method fails, with code Unavailable or
//     an error that wraps context.Canceled.
//   - A store that is also a graph.AccountStore writes a batch's audit
//     entries (graph.Batch.Audit) with the batch, and none when it fails.
func Run(t *testing.T, open Opener) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.run(t, open) })
	}
}

var cases = []struct {
	name string
	run  func(*testing.T, Opener)
}{
	{"RoundTrip/Entity", testRoundTripEntity},
	{"RoundTrip/Relationship", testRoundTripRelationship},
	{"Upsert/Idempotent", testUpsertIdempotent},
	{"Upsert/ReplacesRecord", testUpsertReplaces},
	{"Upsert/MovesIndexes", testUpsertMovesIndexes},
	{"Stats", testStats},
	{"AllOrNothing", testAllOrNothing},
	{"EndpointInBatch", testEndpointInBatch},
	{"DuplicateID", testDuplicateID},
	{"Expect", testExpect},
	{"Search", testSearch},
	{"Neighbors", testNeighbors},
	{"Identifiers/Lookup", testLookupIdentifiers},
	{"Identifiers/FollowUpserts", testIdentifiersFollowUpserts},
	{"List/Entities", testListEntities},
	{"List/Relationships", testListRelationships},
	{"Delete", testDelete},
	{"Counts", testCounts},
	{"Version", testVersion},
	{"Stream", testStream},
	{"LargeBatch", testLargeBatch},
	{"Cancelled", testCancelled},
	{"Audit/WithBatch", testAuditWithBatch},
}

// apply applies b and fails the test on error.
func apply(t *testing.T, s graph.Store, b *graph.Batch) graph.Stats {
	t.Helper()
	st, err := s.Apply(t.Context(), b)
	require.NoError(t, err)
	return st
}

// load opens an empty store and applies the batches.
func load(t *testing.T, open Opener, bs ...*graph.Batch) graph.Store {
	t.Helper()
	s := open(t)
	for _, b := range bs {
		apply(t, s, b)
	}
	return s
}

func requireCode(t *testing.T, err error, code graph.Code) {
	t.Helper()
	require.Error(t, err)
	require.Equalf(t, code, graph.CodeOf(err), "error: %v", err)
}

// requireDetail checks that err carries a Detail for record and field.
func requireDetail(t *testing.T, err error, record, field string) {
	t.Helper()
	for _, d := range graph.DetailsOf(err) {
		if d.Record == record && d.Field == field {
			return
		}
	}
	t.Fatalf("error has no detail for record %q, field %q: %v", record, field, err)
}

func normalizedEntity(e graph.Entity) graph.Entity {
	e.Normalize()
	return e
}

func normalizedRelationship(r graph.Relationship) graph.Relationship {
	r.Normalize()
	return r
}

// assertEntity checks that got has the content of want, which must be
// normalized. nil and empty collections are equal.
func assertEntity(t *testing.T, want, got graph.Entity) bool {
	t.Helper()
	if want.Revision() == got.Revision() {
		return true
	}
	return assert.Equal(t, want, got, "entity %q", want.ID)
}

func assertRelationship(t *testing.T, want, got graph.Relationship) bool {
	t.Helper()
	if want.Revision() == got.Revision() {
		return true
	}
	return assert.Equal(t, want, got, "relationship %q", want.ID)
}

// contents is every record of a store by id, as revisions.
type contents struct {
	Entities      map[string]string
	Relationships map[string]string
}

// dump lists the whole store through Entities and Relationships.
func dump(t *testing.T, s graph.Store) contents {
	t.Helper()
	c := contents{Entities: map[string]string{}, Relationships: map[string]string{}}
	es, err := s.Entities(t.Context(), graph.EntityQuery{})
	require.NoError(t, err)
	for i := range es {
		c.Entities[es[i].ID] = es[i].Revision()
	}
	rs, err := s.Relationships(t.Context(), graph.RelationshipQuery{})
	require.NoError(t, err)
	for i := range rs {
		c.Relationships[rs[i].ID] = rs[i].Revision()
	}
	return c
}

func version(t *testing.T, s graph.Store) uint64 {
	t.Helper()
	v, err := s.Version(t.Context())
	require.NoError(t, err)
	return v
}

func entityIDs(es []graph.Entity) []string {
	out := make([]string, len(es))
	for i := range es {
		out[i] = es[i].ID
	}
	return out
}

func relationshipIDs(rs []graph.Relationship) []string {
	out := make([]string, len(rs))
	for i := range rs {
		out[i] = rs[i].ID
	}
	return out
}

// isCancelled reports whether err is what a cancelled call must return.
func isCancelled(err error) bool {
	return errors.Is(err, context.Canceled) || graph.CodeOf(err) == graph.Unavailable
}

func rel(src, tgt string, typ graph.RelType) string {
	return graph.DefaultRelationshipID(src, tgt, typ)
}
