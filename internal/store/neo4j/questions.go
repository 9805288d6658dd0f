package neo4j

import (
	"context"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/powermap/powermap/graph"
)

var _ graph.QuestionStore = (*Store)(nil)

// Question banks are nodes labelled :PowermapQuestionBank, never :Entity,
// each keeping its record as a JSON document (doc), keyed by the id of
// its official.
const (
	cypherQuestionSchema = "CREATE CONSTRAINT powermap_question_bank IF NOT EXISTS FOR (q:PowermapQuestionBank) REQUIRE q.official IS UNIQUE"
	cypherQuestionBank   = "MATCH (q:PowermapQuestionBank {official: $official}) RETURN q.doc AS doc"
	cypherPutQuestions   = "MERGE (q:PowermapQuestionBank {official: $official}) SET q.doc = $doc"
	cypherQuestionBanks  = "MATCH (q:PowermapQuestionBank) RETURN q.doc AS doc ORDER BY q.official"
	cypherDeleteBank     = "MATCH (q:PowermapQuestionBank {official: $official}) DELETE q RETURN count(*) AS n"
)

// storedBank reads one bank in tx; nil when there is none.
func storedBank(ctx context.Context, tx driver.ManagedTransaction, official string) (*graph.QuestionBank, error) {
	rec, err := single(ctx, tx, cypherQuestionBank, map[string]any{"official": official})
	if err != nil || rec == nil {
		return nil, err
	}
	var b graph.QuestionBank
	if err := docOf(rec, "question bank", &b); err != nil {
		return nil, err
	}
	return &b, nil
}

// SaveQuestionBank creates or replaces the bank of b.Official.
func (s *Store) SaveQuestionBank(ctx context.Context, b graph.QuestionBank, revision string, audit ...graph.AuditEntry) (graph.QuestionBank, error) {
	const op = "neo4j.SaveQuestionBank"
	b.Normalize()
	if err := b.Validate(); err != nil {
		return graph.QuestionBank{}, wrap(ctx, op, err)
	}
	audit, err := graph.PrepareAudit(audit, nowMillis())
	if err != nil {
		return graph.QuestionBank{}, wrap(ctx, op, err)
	}
	if _, err := driver.ExecuteQuery(ctx, s.driver, cypherQuestionSchema, nil, driver.EagerResultTransformer,
		driver.ExecuteQueryWithDatabase(s.cfg.Database), driver.ExecuteQueryWithWritersRouting()); err != nil {
		return graph.QuestionBank{}, wrap(ctx, op, err)
	}
	return writeAccount(ctx, s, op, func(tx driver.ManagedTransaction) (graph.QuestionBank, error) {
		out := b
		cur, err := storedBank(ctx, tx, b.Official)
		switch {
		case err != nil:
			return out, err
		case revision != "" && cur == nil:
			return out, graph.QuestionBankMismatch(op, b.Official, revision, "none")
		case cur != nil && revision != "" && revision != cur.Revision():
			return out, graph.QuestionBankMismatch(op, b.Official, revision, cur.Revision())
		}
		lookup, err := lookupTx(ctx, tx, []string{b.Official})
		if err != nil {
			return out, err
		}
		if err := b.CheckRefs(lookup); err != nil {
			return out, err
		}
		out.UpdatedAt = nowMillis()
		out.CreatedAt = out.UpdatedAt
		if cur != nil {
			out.CreatedAt = cur.CreatedAt
		}
		doc, err := encodeDoc(out)
		if err != nil {
			return out, err
		}
		if err := campaignExec(ctx, tx, cypherPutQuestions, map[string]any{"official": out.Official, "doc": doc}); err != nil {
			return out, err
		}
		return out, appendAudit(ctx, tx, audit)
	})
}

// QuestionBank returns the bank of an official.
func (s *Store) QuestionBank(ctx context.Context, official string) (graph.QuestionBank, error) {
	const op = "neo4j.QuestionBank"
	return readTx(ctx, s, op, func(tx driver.ManagedTransaction) (graph.QuestionBank, error) {
		b, err := storedBank(ctx, tx, official)
		switch {
		case err != nil:
			return graph.QuestionBank{}, err
		case b == nil:
			return graph.QuestionBank{}, graph.Errorf(op, graph.NotFound, "no question bank for %q", official)
		}
		return *b, nil
	})
}

// QuestionBanks lists every saved bank, by official id.
func (s *Store) QuestionBanks(ctx context.Context) ([]graph.QuestionBank, error) {
	return readTx(ctx, s, "neo4j.QuestionBanks", func(tx driver.ManagedTransaction) ([]graph.QuestionBank, error) {
		out := []graph.QuestionBank{}
		err := each(ctx, tx, cypherQuestionBanks, nil, func(rec *driver.Record) error {
			var b graph.QuestionBank
			err := docOf(rec, "question bank", &b)
			out = append(out, b)
			return err
		})
		return out, err
	})
}

// DeleteQuestionBank deletes an official's bank.
func (s *Store) DeleteQuestionBank(ctx context.Context, official string, audit ...graph.AuditEntry) error {
	const op = "neo4j.DeleteQuestionBank"
	audit, err := graph.PrepareAudit(audit, nowMillis())
	if err != nil {
		return wrap(ctx, op, err)
	}
	_, err = writeAccount(ctx, s, op, func(tx driver.ManagedTransaction) (bool, error) {
		cur, err := storedBank(ctx, tx, official)
		switch {
		case err != nil:
			return false, err
		case cur == nil:
			return false, graph.Errorf(op, graph.NotFound, "no question bank for %q", official)
		}
		if err := campaignExec(ctx, tx, cypherDeleteBank, map[string]any{"official": official}); err != nil {
			return false, err
		}
		return true, appendAudit(ctx, tx, audit)
	})
	return err
}
