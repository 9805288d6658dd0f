package graph

import (
	"context"
	"time"
)

// RecordKind names a kind of record a store keeps, as a backup lists it.
type RecordKind string

// The kinds of record, in the order a backup lists and a restore loads
// them: the graph first, so that every later record's references resolve,
// and the audit log last.
const (
	RecordEntity       RecordKind = "entity"
	RecordRelationship RecordKind = "relationship"
	RecordRedirect     RecordKind = "redirect"
	RecordCampaign     RecordKind = "campaign"
	RecordInteraction  RecordKind = "interaction"
	RecordOutreach     RecordKind = "outreach"
	RecordEvent        RecordKind = "event"
	RecordQuestionBank RecordKind = "question_bank"
	RecordMerge        RecordKind = "merge"
	RecordNotSame      RecordKind = "not_same"
	RecordJob          RecordKind = "job"
	RecordToken        RecordKind = "token"
	RecordAudit        RecordKind = "audit"
)

// RecordKinds lists every kind of record in backup order.
func RecordKinds() []RecordKind {
	return []RecordKind{RecordEntity, RecordRelationship, RecordRedirect, RecordCampaign, RecordInteraction,
		RecordOutreach, RecordEvent, RecordQuestionBank, RecordMerge, RecordNotSame, RecordJob, RecordToken, RecordAudit}
}

// Graph reports whether records of kind k are part of the graph (entities
// and relationships), which a store writes through Apply.
func (k RecordKind) Graph() bool { return k == RecordEntity || k == RecordRelationship }

// JobRun is when a named scheduled job last ran (CampaignStore.LastRun).
type JobRun struct {
	Name string    `json:"name"`
	At   time.Time `json:"at"`
}

// Record is one stored record of any kind, as a backup holds it: Kind says
// which one field is set. Records carry what the store keeps verbatim:
// ids, timestamps, token hashes.
type Record struct {
	Kind         RecordKind
	Entity       *Entity
	Relationship *Relationship
	Redirect     *Redirect
	Campaign     *Campaign
	Interaction  *Interaction
	Outreach     *OutreachList
	Event        *Event
	QuestionBank *QuestionBank
	Merge        *Merge
	NotSame      *NotSame
	Job          *JobRun
	Token        *Token
	Audit        *AuditEntry
}

// Key is the record's key within its kind, by which a backup orders the
// records of a kind (byte order): its id; a redirect's From; an outreach
// list's campaign, NUL, week; a question bank's official; a review
// decision's PairKey; a job's name. A record with no field set has the
// empty key.
func (r *Record) Key() string {
	switch {
	case r.Entity != nil:
		return r.Entity.ID
	case r.Relationship != nil:
		return r.Relationship.ID
	case r.Redirect != nil:
		return r.Redirect.From
	case r.Campaign != nil:
		return r.Campaign.ID
	case r.Interaction != nil:
		return r.Interaction.ID
	case r.Outreach != nil:
		return r.Outreach.Campaign + "\x00" + r.Outreach.Week
	case r.Event != nil:
		return r.Event.ID
	case r.QuestionBank != nil:
		return r.QuestionBank.Official
	case r.Merge != nil:
		return r.Merge.ID
	case r.NotSame != nil:
		return r.NotSame.Key()
	case r.Job != nil:
		return r.Job.Name
	case r.Token != nil:
		return r.Token.ID
	case r.Audit != nil:
		return r.Audit.ID
	}
	return ""
}

// BackupStore reads and writes every record a store keeps, verbatim, for
// a backup and a restore (internal/backup). Both store backends implement
// it beside Store and pass the conformance case in internal/store/storetest
// (RunBackup). Browser sessions, job claims and the change version are not
// records: a restored store signs every browser out and starts its version
// afresh.
type BackupStore interface {
	// Dump calls fn for every record from one read: kinds in the order of
	// RecordKinds, and the records of a kind ordered by Key, in byte
	// order. Times are in UTC. A write to the graph during the dump is
	// either absent from it or fails it with Conflict (as Stream). An
	// error from fn stops the dump and is returned.
	Dump(ctx context.Context, fn func(*Record) error) error
	// Load writes records as they are, in one transaction: ids, timestamps
	// and token hashes are kept, no audit entry is appended and references
	// are not checked. recs hold either graph records only (entities and
	// relationships), which Load writes as Apply does, or no graph record
	// at all; a mix is Invalid. A record whose key is already stored is
	// replaced. Load is meant for an empty store, record kinds in the order
	// of RecordKinds.
	Load(ctx context.Context, recs []Record) error
	// Empty reports whether the store holds no record of any kind.
	Empty(ctx context.Context) (bool, error)
}

// LoadBatch returns the graph records of recs as a Batch, which a store's
// Load writes through Apply, and reports whether recs hold records of other
// kinds. recs that mix both are Invalid (see BackupStore.Load).
func LoadBatch(op string, recs []Record) (b *Batch, others bool, err error) {
	b = &Batch{}
	for i := range recs {
		switch r := &recs[i]; {
		case r.Entity != nil:
			b.Entities = append(b.Entities, *r.Entity)
		case r.Relationship != nil:
			b.Relationships = append(b.Relationships, *r.Relationship)
		default:
			others = true
		}
	}
	if others && !b.Empty() {
		return nil, false, Errorf(op, Invalid, "a load mixes graph records with other records")
	}
	return b, others, nil
}
