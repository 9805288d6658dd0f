package embedded

import (
	"context"
	"encoding/json"

	bolt "go.etcd.io/bbolt"

	"github.com/powermap/powermap/graph"
)

var _ graph.QuestionStore = (*Store)(nil)

// bucketQuestions holds question banks, created on first write: official
// id → JSON of graph.QuestionBank.
var bucketQuestions = []byte("questions")

// SaveQuestionBank creates or replaces the bank of b.Official.
func (s *Store) SaveQuestionBank(ctx context.Context, b graph.QuestionBank, revision string, audit ...graph.AuditEntry) (graph.QuestionBank, error) {
	const op = "embedded.SaveQuestionBank"
	b.Normalize()
	if err := b.Validate(); err != nil {
		return graph.QuestionBank{}, graph.E(op, err)
	}
	audit, err := graph.PrepareAudit(audit, now())
	if err != nil {
		return graph.QuestionBank{}, graph.E(op, err)
	}
	err = s.update(ctx, op, func(tx *bolt.Tx) error {
		var cur graph.QuestionBank
		found, err := getJSON(tx.Bucket(bucketQuestions), []byte(b.Official), "question bank", &cur)
		switch {
		case err != nil:
			return err
		case revision != "" && !found:
			return graph.QuestionBankMismatch(op, b.Official, revision, "none")
		case found && revision != "" && revision != cur.Revision():
			return graph.QuestionBankMismatch(op, b.Official, revision, cur.Revision())
		}
		if err := b.CheckRefs(lookupIn(tx)); err != nil {
			return err
		}
		b.UpdatedAt = now()
		b.CreatedAt = b.UpdatedAt
		if found {
			b.CreatedAt = cur.CreatedAt
		}
		if err := putJSON(tx, bucketQuestions, []byte(b.Official), b); err != nil {
			return err
		}
		return putAudit(tx, audit)
	})
	if err != nil {
		return graph.QuestionBank{}, err
	}
	return b, nil
}

// QuestionBank returns the bank of an official.
func (s *Store) QuestionBank(ctx context.Context, official string) (graph.QuestionBank, error) {
	const op = "embedded.QuestionBank"
	var b graph.QuestionBank
	err := s.view(ctx, op, func(tx *bolt.Tx) error {
		found, err := getJSON(tx.Bucket(bucketQuestions), []byte(official), "question bank", &b)
		if err == nil && !found {
			return notFound(op, "question bank", official)
		}
		return err
	})
	return b, err
}

// QuestionBanks lists every saved bank, by official id.
func (s *Store) QuestionBanks(ctx context.Context) ([]graph.QuestionBank, error) {
	const op = "embedded.QuestionBanks"
	out := []graph.QuestionBank{}
	err := s.view(ctx, op, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketQuestions)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var qb graph.QuestionBank
			if err := json.Unmarshal(v, &qb); err != nil {
				return corrupt("question bank", string(k), err)
			}
			out = append(out, qb)
			return nil
		})
	})
	return out, err
}

// DeleteQuestionBank deletes an official's bank.
func (s *Store) DeleteQuestionBank(ctx context.Context, official string, audit ...graph.AuditEntry) error {
	const op = "embedded.DeleteQuestionBank"
	audit, err := graph.PrepareAudit(audit, now())
	if err != nil {
		return graph.E(op, err)
	}
	return s.update(ctx, op, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketQuestions)
		if b == nil || b.Get([]byte(official)) == nil {
			return notFound(op, "question bank", official)
		}
		if err := b.Delete([]byte(official)); err != nil {
			return err
		}
		return putAudit(tx, audit)
	})
}
