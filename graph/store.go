package graph

import (
	"context"
	"sort"
)

// Store is the contract every storage backend fulfils: the embedded default
// (internal/store/embedded) and Neo4j (internal/store/neo4j). Both pass the
// conformance suite in internal/store/storetest.
//
// Every method honours ctx: a cancelled context stops the work and returns
// an error whose code is Unavailable or that wraps ctx.Err(). Errors carry a
// Code: NotFound for a missing id, Invalid for bad input (with a Detail per
// problem), Conflict for a failed Expect, and Unavailable when the backend
// cannot be reached.
//
// A store that is also a MergeStore keeps the id of every entity merged
// away as an alias of the entity it was merged into (a Redirect): Entity
// and Neighbors answer an alias id with that entity, Apply writes an
// upsert of an alias id onto it and re-points a relationship end that
// names one (Batch.Redirect), and campaign and log references to an alias
// id are stored as the entity's id (Campaign.CheckRefs). An id that is an
// entity is never redirected, and deletes are not: deleting an alias id is
// NotFound. Listings, Search, Stream and Counts see entities only.
type Store interface {
	// Apply writes a batch atomically: all of it or none of it. Entities and
	// relationships are upserted by id (an upsert replaces the whole record).
	// Deleting an entity deletes its relationships. Records are normalized
	// and validated first; a relationship whose endpoint exists neither in
	// the store nor in the batch is Invalid. Applying a batch that changes
	// nothing leaves the version where it was.
	Apply(ctx context.Context, b *Batch) (Stats, error)

	// Entity returns one entity, or a NotFound error.
	Entity(ctx context.Context, id string) (Entity, error)
	// Entities lists entities ordered by id, after q.After, at most q.Limit.
	Entities(ctx context.Context, q EntityQuery) ([]Entity, error)
	// Relationship returns one relationship, or a NotFound error.
	Relationship(ctx context.Context, id string) (Relationship, error)
	// Relationships lists relationships ordered by id.
	Relationships(ctx context.Context, q RelationshipQuery) ([]Relationship, error)

	// Search finds entities whose name or alias matches q, ignoring case and
	// diacritics (see Entity.MatchScore), best first as RankSearch orders
	// them.
	Search(ctx context.Context, q string, limit int) ([]Entity, error)

	// LookupIdentifiers returns the entities that carry any of ids, strong
	// external identifiers (see Entity.Identifiers), each entity once,
	// ordered by id. An identifier of a weak scheme is Invalid: only strong
	// ones are indexed. Every backend answers from an index, never a scan,
	// so that an import can ask about every record it reads.
	LookupIdentifiers(ctx context.Context, ids []Identifier) ([]Entity, error)

	// Neighbors returns the relationships of entity id (either direction)
	// with the entity at their other end, ordered by relationship id. An
	// empty Types matches every type. A missing id is NotFound.
	Neighbors(ctx context.Context, id string, types []RelType) ([]Neighbor, error)

	// Stream calls fn.Entity for every entity and then fn.Relationship for
	// every relationship, from one consistent read, and returns the change
	// version that read saw. An error from a callback stops the stream and
	// is returned.
	Stream(ctx context.Context, fn StreamFuncs) (version uint64, err error)

	// Counts counts entities and relationships.
	Counts(ctx context.Context) (Counts, error)
	// Version is the change version: it grows with every write that changes
	// something, and never goes back.
	Version(ctx context.Context) (uint64, error)
	// Ping checks that the backend is reachable.
	Ping(ctx context.Context) error
	// Close releases the store.
	Close() error
}

// Batch is a set of writes applied atomically by Store.Apply. Deletes are
// applied first, then entity upserts, then relationship upserts.
type Batch struct {
	Entities            []Entity
	Relationships       []Relationship
	DeleteEntities      []string
	DeleteRelationships []string
	// Expect makes the batch conditional: every expectation must hold
	// before anything is written, or Apply fails with Conflict.
	Expect []Expectation
	// Audit, when set, describes the batch in the audit log (see
	// AccountStore), so that a write and its audit entry commit together or
	// not at all: no crash can leave one without the other. Apply calls it
	// inside its transaction once the batch's Stats are known, and appends
	// the entries it returns, prepared as AppendAudit prepares them, in that
	// same transaction. When the batch fails (a failed Expect, an invalid
	// record, a cancelled context) nothing is appended. It is called even
	// when the batch changes nothing, and then decides alone whether that is
	// worth an entry: returning none records nothing. An invalid entry fails
	// the whole Apply as Invalid. A backend may retry its transaction and
	// call Audit again, so Audit must have no side effects.
	Audit func(Stats) []AuditEntry
}

// Expectation is a precondition on the current revision of one record.
// Exactly one of Entity and Relationship is set. An empty Revision means the
// record must not exist.
type Expectation struct {
	Entity       string
	Relationship string
	Revision     string
}

// ID is the id of the record the expectation is about.
func (x Expectation) ID() string {
	if x.Entity != "" {
		return x.Entity
	}
	return x.Relationship
}

// Mismatch checks the expectation against the record's current revision
// (empty when the record does not exist). It returns the Detail that a
// Conflict error carries when the expectation fails, and false when it holds.
func (x Expectation) Mismatch(current string) (Detail, bool) {
	if current == x.Revision {
		return Detail{}, false
	}
	var reason string
	switch {
	case x.Revision == "":
		reason = "expected no record, but it exists at revision " + current
	case current == "":
		reason = "expected revision " + x.Revision + ", but the record does not exist"
	default:
		reason = "expected revision " + x.Revision + ", but it is at revision " + current
	}
	return Detail{Record: x.ID(), Field: "revision", Reason: reason}, true
}

// Stats counts what Apply did.
type Stats struct {
	EntitiesCreated        int `json:"entities_created"`
	EntitiesUpdated        int `json:"entities_updated"`
	EntitiesUnchanged      int `json:"entities_unchanged"`
	EntitiesDeleted        int `json:"entities_deleted"`
	RelationshipsCreated   int `json:"relationships_created"`
	RelationshipsUpdated   int `json:"relationships_updated"`
	RelationshipsUnchanged int `json:"relationships_unchanged"`
	RelationshipsDeleted   int `json:"relationships_deleted"`
}

// Changed reports whether the batch changed anything.
func (s Stats) Changed() bool {
	return s.EntitiesCreated+s.EntitiesUpdated+s.EntitiesDeleted+
		s.RelationshipsCreated+s.RelationshipsUpdated+s.RelationshipsDeleted > 0
}

// Add adds o's counts to s.
func (s *Stats) Add(o Stats) {
	s.EntitiesCreated += o.EntitiesCreated
	s.EntitiesUpdated += o.EntitiesUpdated
	s.EntitiesUnchanged += o.EntitiesUnchanged
	s.EntitiesDeleted += o.EntitiesDeleted
	s.RelationshipsCreated += o.RelationshipsCreated
	s.RelationshipsUpdated += o.RelationshipsUpdated
	s.RelationshipsUnchanged += o.RelationshipsUnchanged
	s.RelationshipsDeleted += o.RelationshipsDeleted
}

// EntityQuery filters a listing of entities. Zero values match everything.
type EntityQuery struct {
	Kind  Kind
	Label string
	Ours  *bool
	// After is the id to list after (exclusive): the last id of the previous
	// page.
	After string
	// Limit caps the page; 0 means no cap.
	Limit int
}

// Match reports whether e passes the query's filters (not After or Limit).
func (q EntityQuery) Match(e *Entity) bool {
	if q.Kind != "" && e.Kind != q.Kind {
		return false
	}
	if q.Label != "" && !e.HasLabel(q.Label) {
		return false
	}
	if q.Ours != nil && e.Ours != *q.Ours {
		return false
	}
	return true
}

// RelationshipQuery filters a listing of relationships.
type RelationshipQuery struct {
	Type RelType
	// Entity matches relationships with this entity at either end.
	Entity string
	After  string
	Limit  int
}

// Match reports whether r passes the query's filters (not After or Limit).
func (q RelationshipQuery) Match(r *Relationship) bool {
	if q.Type != "" && r.Type != q.Type {
		return false
	}
	if q.Entity != "" && r.Source != q.Entity && r.Target != q.Entity {
		return false
	}
	return true
}

// Neighbor is one relationship of an entity, with the entity at its other end.
type Neighbor struct {
	Relationship Relationship `json:"relationship"`
	Entity       Entity       `json:"entity"`
}

// StreamFuncs receives a Stream. Either callback may be nil to skip that part.
type StreamFuncs struct {
	Entity       func(*Entity) error
	Relationship func(*Relationship) error
}

// Counts summarizes a store's contents.
type Counts struct {
	Entities      int64             `json:"entities"`
	Relationships int64             `json:"relationships"`
	ByKind        map[Kind]int64    `json:"by_kind"`
	ByType        map[RelType]int64 `json:"by_type"`
	Version       uint64            `json:"version"`
}

// RankSearch orders search candidates by MatchScore (best first: exact and
// last-name matches, then prefix matches, then the rest), breaks ties in
// favour of officials and then of our own people, then by folded name, name
// and id; it drops non-matches and truncates to limit (0 means no limit).
// Stores use it so that every backend ranks alike.
func RankSearch(q string, candidates []Entity, limit int) []Entity {
	type scored struct { // an index, so sorting moves no Entity
		i, score, tie int
		folded        string
	}
	var s []scored
	query := newQuery(q)
	for i := range candidates {
		if sc := candidates[i].matchQuery(query); sc > 0 {
			s = append(s, scored{i, sc, searchTie(&candidates[i]), Fold(candidates[i].Name)})
		}
	}
	sort.Slice(s, func(a, b int) bool {
		x, y := &candidates[s[a].i], &candidates[s[b].i]
		switch {
		case s[a].score != s[b].score:
			return s[a].score > s[b].score
		case s[a].tie != s[b].tie:
			return s[a].tie < s[b].tie
		case s[a].folded != s[b].folded:
			return s[a].folded < s[b].folded
		case x.Name != y.Name:
			return x.Name < y.Name
		}
		return x.ID < y.ID
	})
	if limit > 0 && len(s) > limit {
		s = s[:limit]
	}
	out := make([]Entity, len(s))
	for k := range s {
		out[k] = candidates[s[k].i]
	}
	return out
}

// searchTie ranks equally good matches: officials first, then our own
// people, then everyone else.
func searchTie(e *Entity) int {
	switch {
	case e.Kind == KindOfficial:
		return 0
	case e.Ours:
		return 1
	}
	return 2
}
