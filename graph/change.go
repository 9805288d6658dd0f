package graph

import "context"

// Change is what one write did to a store's graph: the records it created,
// updated or deleted, as they were before it and as they are after it. A
// record in Before and not in After was deleted; one in After and not in
// Before was created; one in both was updated. Records a write left as they
// were are in neither. Relationships deleted with their entity are in
// RelationshipsBefore. A write that moved the version without touching
// entities or relationships (a merge's redirect, say) is a Change with
// empty lists.
//
// Replaying changes in version order onto a copy of the graph at the
// version before the first gives the graph at the version of the last: an
// analysis snapshot (graph/snapshot) follows a store's writes that way
// instead of reading the whole store again.
type Change struct {
	// Version is the store's version once the write committed.
	Version             uint64         `json:"version"`
	EntitiesBefore      []Entity       `json:"entities_before,omitempty"`
	EntitiesAfter       []Entity       `json:"entities_after,omitempty"`
	RelationshipsBefore []Relationship `json:"relationships_before,omitempty"`
	RelationshipsAfter  []Relationship `json:"relationships_after,omitempty"`
	// Overflow says the write touched too many records for the log to keep
	// them: the records are left out, and a reader must read the store
	// whole again.
	Overflow bool `json:"overflow,omitempty"`
}

// Records counts the records the change holds.
func (c *Change) Records() int {
	return len(c.EntitiesBefore) + len(c.EntitiesAfter) + len(c.RelationshipsBefore) + len(c.RelationshipsAfter)
}

// ChangeLog is kept by a store that can say what its writes did. Every
// write that moves the store's version appends exactly one Change, with
// that version, in the same transaction as the write; a log keeps only
// its recent past.
type ChangeLog interface {
	// Changes returns the changes after version since, oldest first, up to
	// the store's current version. complete is false when the log no longer
	// reaches back to since+1 (or since is ahead of the store): the caller
	// must then read the store whole.
	Changes(ctx context.Context, since uint64) (changes []Change, complete bool, err error)
}

// MaxChangeRecords is how many records a Change keeps before it becomes an
// Overflow: a bulk import is cheaper to read again than to replay.
const MaxChangeRecords = 200_000
