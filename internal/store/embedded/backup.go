package embedded

import (
	"bytes"
	"context"
	"encoding/json"

	bolt "go.etcd.io/bbolt"

	"github.com/powermap/powermap/graph"
)

var _ graph.BackupStore = (*Store)(nil)

// recordBuckets maps each kind of record to the bucket that keeps it. Every
// bucket is keyed by graph.Record.Key, so a cursor lists a kind in backup
// order.
var recordBuckets = map[graph.RecordKind][]byte{
	graph.RecordEntity:       bucketEntities,
	graph.RecordRelationship: bucketRelationships,
	graph.RecordRedirect:     bucketRedirects,
	graph.RecordCampaign:     bucketCampaigns,
	graph.RecordInteraction:  bucketInteractions,
	graph.RecordOutreach:     bucketOutreach,
	graph.RecordEvent:        bucketEvents,
	graph.RecordQuestionBank: bucketQuestions,
	graph.RecordMerge:        bucketMerges,
	graph.RecordNotSame:      bucketNotSame,
	graph.RecordJob:          bucketJobs,
	graph.RecordToken:        bucketTokens,
	graph.RecordAudit:        bucketAudit,
}

// Dump calls fn for every record, kind by kind, from one read transaction.
func (s *Store) Dump(ctx context.Context, fn func(*graph.Record) error) error {
	const op = "embedded.Dump"
	var fnErr error // an error from fn, returned as is
	err := s.view(ctx, op, func(tx *bolt.Tx) error {
		n := 0
		for _, kind := range graph.RecordKinds() {
			b := tx.Bucket(recordBuckets[kind])
			if b == nil {
				continue
			}
			c := b.Cursor()
			for k, v := c.First(); k != nil; k, v = c.Next() {
				if n++; n%1024 == 0 {
					if err := ctx.Err(); err != nil {
						return err
					}
				}
				if kind == graph.RecordJob && bytes.HasSuffix(k, []byte(claimSuffix)) {
					continue // a claim is a lease, not a record
				}
				rec, err := decodeRecord(kind, k, v)
				if err != nil {
					return err
				}
				if err := fn(&rec); err != nil {
					fnErr = err
					return err
				}
			}
		}
		return nil
	})
	if fnErr != nil {
		return fnErr
	}
	return err
}

// decodeRecord decodes the value v stored under key k in kind's bucket.
func decodeRecord(kind graph.RecordKind, k, v []byte) (graph.Record, error) {
	rec := graph.Record{Kind: kind}
	var err error
	unmarshal := func(x any) { err = json.Unmarshal(v, x) }
	switch kind {
	case graph.RecordEntity:
		rec.Entity = new(graph.Entity)
		err = decodeEntity(v, rec.Entity)
	case graph.RecordRelationship:
		rec.Relationship = new(graph.Relationship)
		err = decodeRelationship(v, rec.Relationship)
	case graph.RecordRedirect:
		rec.Redirect = &graph.Redirect{From: string(k), To: string(v)}
	case graph.RecordCampaign:
		rec.Campaign = new(graph.Campaign)
		unmarshal(rec.Campaign)
	case graph.RecordInteraction:
		rec.Interaction = new(graph.Interaction)
		unmarshal(rec.Interaction)
	case graph.RecordOutreach:
		rec.Outreach = new(graph.OutreachList)
		unmarshal(rec.Outreach)
	case graph.RecordEvent:
		rec.Event = new(graph.Event)
		unmarshal(rec.Event)
	case graph.RecordQuestionBank:
		rec.QuestionBank = new(graph.QuestionBank)
		unmarshal(rec.QuestionBank)
	case graph.RecordMerge:
		rec.Merge = new(graph.Merge)
		unmarshal(rec.Merge)
	case graph.RecordNotSame:
		rec.NotSame = new(graph.NotSame)
		unmarshal(rec.NotSame)
		if err == nil {
			rec.NotSame.At = rec.NotSame.At.UTC()
		}
	case graph.RecordJob:
		rec.Job = &graph.JobRun{Name: string(k)}
		err = rec.Job.At.UnmarshalText(v)
		rec.Job.At = rec.Job.At.UTC()
	case graph.RecordToken:
		var t graph.Token
		t, err = decodeToken(v)
		rec.Token = &t
	case graph.RecordAudit:
		rec.Audit = new(graph.AuditEntry)
		unmarshal(rec.Audit)
		if err == nil {
			rec.Audit.At = rec.Audit.At.UTC()
		}
	}
	if err != nil {
		return rec, corrupt(string(kind), string(k), err)
	}
	return rec, nil
}

// Load writes records verbatim (see graph.BackupStore).
func (s *Store) Load(ctx context.Context, recs []graph.Record) error {
	const op = "embedded.Load"
	b, others, err := graph.LoadBatch(op, recs)
	switch {
	case err != nil:
		return err
	case !others && b.Empty():
		return nil
	case !others:
		_, err := s.Apply(ctx, b)
		return wrap(op, err)
	}
	return s.update(ctx, op, func(tx *bolt.Tx) error {
		for i := range recs {
			if err := putRecord(tx, &recs[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// putRecord writes one record that is not part of the graph.
func putRecord(tx *bolt.Tx, r *graph.Record) error {
	key := []byte(r.Key())
	bucket := recordBuckets[r.Kind]
	var v any
	switch {
	case r.Redirect != nil:
		return putRaw(tx, bucket, key, []byte(r.Redirect.To))
	case r.Job != nil:
		at, err := r.Job.At.MarshalText()
		if err != nil {
			return graph.E(graph.Invalid, err)
		}
		return putRaw(tx, bucket, key, at)
	case r.Token != nil:
		raw, err := encodeToken(*r.Token)
		if err != nil {
			return err
		}
		if err := putRaw(tx, bucketTokenHashes, []byte(r.Token.Hash), []byte(r.Token.ID)); err != nil {
			return err
		}
		return putRaw(tx, bucket, key, raw)
	case r.Campaign != nil:
		v = r.Campaign
	case r.Interaction != nil:
		v = r.Interaction
	case r.Outreach != nil:
		v = r.Outreach
	case r.Event != nil:
		v = r.Event
	case r.QuestionBank != nil:
		v = r.QuestionBank
	case r.Merge != nil:
		v = r.Merge
	case r.NotSame != nil:
		v = r.NotSame
	case r.Audit != nil:
		v = r.Audit
	default:
		return graph.Errorf("embedded.Load", graph.Invalid, "a record of kind %q holds nothing", r.Kind)
	}
	if bucket == nil {
		return graph.Errorf("embedded.Load", graph.Invalid, "unknown record kind %q", r.Kind)
	}
	return putJSON(tx, bucket, key, v)
}

func putRaw(tx *bolt.Tx, bucket, key, v []byte) error {
	b, err := tx.CreateBucketIfNotExists(bucket)
	if err != nil {
		return err
	}
	return b.Put(key, v)
}

// Empty reports whether the store holds no record of any kind.
func (s *Store) Empty(ctx context.Context) (bool, error) {
	empty := true
	err := s.view(ctx, "embedded.Empty", func(tx *bolt.Tx) error {
		for kind, name := range recordBuckets {
			b := tx.Bucket(name)
			if b == nil {
				continue
			}
			c := b.Cursor()
			for k, _ := c.First(); k != nil; k, _ = c.Next() {
				if kind != graph.RecordJob || !bytes.HasSuffix(k, []byte(claimSuffix)) {
					empty = false
					return nil
				}
			}
		}
		return nil
	})
	return empty, err
}
