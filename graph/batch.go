package graph

import (
	"strconv"
	"time"
)

// Prepare normalizes and validates every record of the batch, and refuses an
// id that appears twice with different content. It returns one Invalid
// *Error listing every problem, each Detail naming the record id and field.
// Stores call it first in Apply; it does not check that endpoints exist.
func (b *Batch) Prepare() error {
	var ds []Detail
	add := func(err error) {
		if err != nil {
			ds = append(ds, DetailsOf(err)...)
		}
	}
	seenE := make(map[string]int, len(b.Entities))
	for i := range b.Entities {
		e := &b.Entities[i]
		e.Normalize()
		add(e.Validate())
		if j, dup := seenE[e.ID]; dup && e.ID != "" {
			if b.Entities[j].Revision() != e.Revision() {
				ds = append(ds, Detail{Record: e.ID, Field: "id", Reason: "duplicate id with different content (first at entity #" + strconv.Itoa(j+1) + ")"})
			}
		} else {
			seenE[e.ID] = i
		}
	}
	seenR := make(map[string]int, len(b.Relationships))
	for i := range b.Relationships {
		r := &b.Relationships[i]
		r.Normalize()
		add(r.Validate())
		if j, dup := seenR[r.ID]; dup && r.ID != "" {
			if b.Relationships[j].Revision() != r.Revision() {
				ds = append(ds, Detail{Record: r.ID, Field: "id", Reason: "duplicate id with different content (first at relationship #" + strconv.Itoa(j+1) + ")"})
			}
		} else {
			seenR[r.ID] = i
		}
	}
	for _, x := range b.Expect {
		if (x.Entity == "") == (x.Relationship == "") {
			ds = append(ds, Detail{Field: "expect", Reason: "an expectation names exactly one entity or relationship"})
		}
	}
	if len(ds) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Message: "invalid batch: " + ds[0].String(), Details: ds}
}

// Empty reports whether the batch holds no writes.
func (b *Batch) Empty() bool {
	return len(b.Entities) == 0 && len(b.Relationships) == 0 && len(b.DeleteEntities) == 0 && len(b.DeleteRelationships) == 0
}

// AuditEntries returns the audit entries of a batch that Apply has written
// with stats (nil when Audit is unset), each prepared with now as its
// default time (see AuditEntry.Prepare). Stores call it inside Apply's
// transaction, before it commits; an invalid entry is an Invalid error.
func (b *Batch) AuditEntries(st Stats, now time.Time) ([]AuditEntry, error) {
	if b.Audit == nil {
		return nil, nil
	}
	return PrepareAudit(b.Audit(st), now)
}
