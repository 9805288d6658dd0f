package neo4j

import (
	"context"
	"encoding/json"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/powermap/powermap/graph"
)

var _ graph.BackupStore = (*Store)(nil)

// dumpCypher lists each kind of record by graph.Record.Key. Neo4j orders
// strings by code point, which is the byte order of their UTF-8.
var dumpCypher = map[graph.RecordKind]string{
	graph.RecordRelationship: "MATCH (a:Entity)-[x]->(b:Entity) WHERE type(x) IN $types AND x.id IS NOT NULL " +
		"RETURN a.id AS s, b.id AS t, type(x) AS type, properties(x) AS p ORDER BY x.id",
	graph.RecordRedirect:     "MATCH (x:PowermapRedirect) RETURN x.from AS from, x.to AS to ORDER BY x.from",
	graph.RecordCampaign:     "MATCH (c:PowermapCampaign) RETURN c.doc AS doc ORDER BY c.id",
	graph.RecordInteraction:  "MATCH (i:PowermapInteraction) RETURN i.doc AS doc ORDER BY i.id",
	graph.RecordOutreach:     "MATCH (o:PowermapOutreach) RETURN o.doc AS doc ORDER BY o.key",
	graph.RecordEvent:        "MATCH (e:PowermapEvent) RETURN e.doc AS doc ORDER BY e.id",
	graph.RecordQuestionBank: "MATCH (q:PowermapQuestionBank) RETURN q.doc AS doc ORDER BY q.official",
	graph.RecordMerge:        "MATCH (m:PowermapMerge) RETURN m.doc AS doc ORDER BY m.id",
	graph.RecordNotSame:      "MATCH (n:PowermapNotSame) RETURN n.a AS a, n.b AS b, n.by AS by, n.at AS at, n.note AS note ORDER BY n.key",
	graph.RecordJob:          "MATCH (j:PowermapJob) WHERE j.at IS NOT NULL RETURN j.name AS name, j.at AS at ORDER BY j.name",
	graph.RecordToken:        "MATCH (t:PowermapToken) RETURN " + tokenFields + " ORDER BY t.id",
	graph.RecordAudit: "MATCH (a:PowermapAudit) RETURN a.id AS id, a.at AS at, a.actor AS actor, a.action AS action, " +
		"a.target AS target, a.details AS details ORDER BY a.id",
}

// recordLabels are the labels of the nodes that hold records, for Empty.
var recordLabels = []string{"Entity", "PowermapRedirect", "PowermapCampaign", "PowermapInteraction", "PowermapOutreach",
	"PowermapEvent", "PowermapQuestionBank", "PowermapMerge", "PowermapNotSame", "PowermapToken", "PowermapAudit"}

const (
	cypherLoadToken = "MERGE (t:PowermapToken {id: $id}) SET t.name = $name, t.role = $role, t.hash = $hash, " +
		"t.created_at = $created_at, t.revoked_at = $revoked_at"
	cypherAnyJob = "MATCH (j:PowermapJob) WHERE j.at IS NOT NULL RETURN count(j) AS n"
)

// Dump calls fn for every record, kind by kind, from one read transaction.
// Neo4j reads committed data, not a snapshot: as Stream does, Dump fails
// with Conflict when the graph's version moved during the dump.
func (s *Store) Dump(ctx context.Context, fn func(*graph.Record) error) error {
	const op = "neo4j.Dump"
	started := false
	var fnErr error // an error from fn, returned as is
	types := make([]string, 0, len(graph.Types()))
	for _, t := range graph.Types() {
		types = append(types, string(t.Type))
	}
	_, err := readTx(ctx, s, op, func(tx driver.ManagedTransaction) (bool, error) {
		if started {
			return false, errStreamRetry
		}
		before, err := readVersion(ctx, tx)
		if err != nil {
			return false, err
		}
		for _, kind := range graph.RecordKinds() {
			q := dumpCypher[kind]
			if kind == graph.RecordEntity {
				q = cypher.streamEntities
			}
			err := each(ctx, tx, q, map[string]any{"types": types}, func(dr *driver.Record) error {
				started = true
				rec, err := dumpRecord(kind, dr)
				if err != nil {
					return err
				}
				if err := fn(&rec); err != nil {
					fnErr = err
					return err
				}
				return nil
			})
			if err != nil {
				return false, err
			}
		}
		after, err := readVersion(ctx, tx)
		if err != nil {
			return false, err
		}
		if after != before {
			return false, graph.Errorf(op, graph.Conflict, "the store changed during the backup (version %d to %d); run it again", before, after)
		}
		return true, nil
	})
	if fnErr != nil {
		return fnErr
	}
	return err
}

// dumpRecord decodes one row of kind's dumpCypher.
func dumpRecord(kind graph.RecordKind, dr *driver.Record) (graph.Record, error) {
	rec := graph.Record{Kind: kind}
	var err error
	str := func(k string) string {
		if err != nil {
			return ""
		}
		var v string
		v, err = value[string](dr, k)
		return v
	}
	at := func(k string) time.Time {
		if err != nil {
			return time.Time{}
		}
		var v time.Time
		v, err = value[time.Time](dr, k)
		return v.UTC()
	}
	switch kind {
	case graph.RecordEntity:
		var e graph.Entity
		e, err = entityField(dr, "p")
		rec.Entity = &e
	case graph.RecordRelationship:
		var r graph.Relationship
		r, err = relRecord(dr)
		rec.Relationship = &r
	case graph.RecordRedirect:
		rec.Redirect = &graph.Redirect{From: str("from"), To: str("to")}
	case graph.RecordCampaign:
		rec.Campaign = new(graph.Campaign)
		err = docOf(dr, "campaign", rec.Campaign)
	case graph.RecordInteraction:
		rec.Interaction = new(graph.Interaction)
		err = docOf(dr, "interaction", rec.Interaction)
	case graph.RecordOutreach:
		rec.Outreach = new(graph.OutreachList)
		err = docOf(dr, "outreach list", rec.Outreach)
	case graph.RecordEvent:
		rec.Event = new(graph.Event)
		err = docOf(dr, "event", rec.Event)
	case graph.RecordQuestionBank:
		rec.QuestionBank = new(graph.QuestionBank)
		err = docOf(dr, "question bank", rec.QuestionBank)
	case graph.RecordMerge:
		rec.Merge = new(graph.Merge)
		err = docOf(dr, "merge", rec.Merge)
	case graph.RecordNotSame:
		rec.NotSame = &graph.NotSame{A: str("a"), B: str("b"), By: str("by"), At: at("at"), Note: str("note")}
	case graph.RecordJob:
		rec.Job = &graph.JobRun{Name: str("name"), At: at("at")}
	case graph.RecordToken:
		var t graph.Token
		t, err = tokenRecord(dr)
		rec.Token = &t
	case graph.RecordAudit:
		e := graph.AuditEntry{ID: str("id"), At: at("at"), Actor: str("actor"), Action: str("action"), Target: str("target")}
		if details := str("details"); err == nil && details != "" {
			err = json.Unmarshal([]byte(details), &e.Details)
		}
		rec.Audit = &e
	}
	if err != nil {
		return rec, graph.Errorf("neo4j.Dump", graph.Internal, "the stored %s does not decode: %v", kind, err)
	}
	return rec, nil
}

// Load writes records verbatim (see graph.BackupStore).
func (s *Store) Load(ctx context.Context, recs []graph.Record) error {
	const op = "neo4j.Load"
	b, others, err := graph.LoadBatch(op, recs)
	switch {
	case err != nil:
		return err
	case !others && b.Empty():
		return nil
	case !others:
		_, err := s.Apply(ctx, b)
		return err
	}
	if err := s.ensureMergeSchema(ctx); err != nil {
		return wrap(ctx, op, err)
	}
	for _, q := range []string{cypherEventSchema, cypherQuestionSchema} {
		if _, err := driver.ExecuteQuery(ctx, s.driver, q, nil, driver.EagerResultTransformer,
			driver.ExecuteQueryWithDatabase(s.cfg.Database), driver.ExecuteQueryWithWritersRouting()); err != nil {
			return wrap(ctx, op, err)
		}
	}
	_, err = writeAccount(ctx, s, op, func(tx driver.ManagedTransaction) (bool, error) {
		for i := range recs {
			q, params, err := loadStatement(&recs[i])
			if err != nil {
				return false, err
			}
			if q == "" { // an audit entry
				if err := appendAudit(ctx, tx, []graph.AuditEntry{*recs[i].Audit}); err != nil {
					return false, err
				}
				continue
			}
			if err := campaignExec(ctx, tx, q, params); err != nil {
				return false, err
			}
		}
		return true, nil
	})
	return err
}

// loadStatement returns the statement that writes r and its parameters; an
// audit entry has none, appendAudit writes it.
func loadStatement(r *graph.Record) (string, map[string]any, error) {
	doc := func(v any) (map[string]any, error) {
		d, err := encodeDoc(v)
		return map[string]any{"doc": d}, err
	}
	var (
		q      string
		params map[string]any
		err    error
	)
	switch {
	case r.Redirect != nil:
		return cypherPutRedirect, map[string]any{"from": r.Redirect.From, "to": r.Redirect.To}, nil
	case r.Campaign != nil:
		q = cypherPutCampaign
		params, err = doc(r.Campaign)
		params["id"] = r.Campaign.ID
	case r.Interaction != nil:
		i := r.Interaction
		q = cypherPutLogEntry
		params, err = doc(i)
		params["id"], params["date"], params["campaign"], params["participants"] = i.ID, i.Date, i.Campaign, i.Participants
	case r.Outreach != nil:
		l := r.Outreach
		q = cypherSaveOutreach
		params, err = doc(l)
		params["key"], params["campaign"], params["week"] = outreachKey(l.Campaign, l.Week), l.Campaign, l.Week
	case r.Event != nil:
		e := r.Event
		q = cypherPutEvent
		params, err = doc(e)
		params["id"], params["type"], params["date"], params["refs"] = e.ID, string(e.Type), e.Date, e.Refs()
	case r.QuestionBank != nil:
		q = cypherPutQuestions
		params, err = doc(r.QuestionBank)
		params["official"] = r.QuestionBank.Official
	case r.Merge != nil:
		q = cypherPutMerge
		params, err = doc(r.Merge)
		params["id"], params["at"] = r.Merge.ID, r.Merge.At
	case r.NotSame != nil:
		n := r.NotSame
		return cypherMarkNotSame, map[string]any{"key": n.Key(), "a": n.A, "b": n.B, "by": n.By, "at": n.At.UTC(), "note": n.Note}, nil
	case r.Job != nil:
		return cypherSetLastRun, map[string]any{"name": r.Job.Name, "at": r.Job.At.UTC()}, nil
	case r.Token != nil:
		t := r.Token
		var revoked any
		if !t.RevokedAt.IsZero() {
			revoked = t.RevokedAt.UTC()
		}
		return cypherLoadToken, map[string]any{"id": t.ID, "name": t.Name, "role": string(t.Role), "hash": t.Hash,
			"created_at": t.CreatedAt.UTC(), "revoked_at": revoked}, nil
	case r.Audit != nil:
		return "", nil, nil
	default:
		return "", nil, graph.Errorf("neo4j.Load", graph.Invalid, "a record of kind %q holds nothing", r.Kind)
	}
	return q, params, err
}

// Empty reports whether the store holds no record of any kind.
func (s *Store) Empty(ctx context.Context) (bool, error) {
	return readTx(ctx, s, "neo4j.Empty", func(tx driver.ManagedTransaction) (bool, error) {
		for _, label := range append(recordLabels, "") {
			q := cypherAnyJob
			if label != "" { // labels come from the fixed list above
				q = "MATCH (n:" + label + ") RETURN count(n) AS n"
			}
			rec, err := single(ctx, tx, q, nil)
			if err != nil {
				return false, err
			}
			if n, err := value[int64](rec, "n"); err != nil || n > 0 {
				return false, err
			}
		}
		return true, nil
	})
}
