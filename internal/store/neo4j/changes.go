package neo4j

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/powermap/powermap/graph"
)

var _ graph.ChangeLog = (*Store)(nil)

// The change log is one (:PowermapChange {version, records, upto, data|gz})
// node per write that moved the version, created in the write's
// transaction: data is the JSON of the graph.Change, or gz its gzip when
// the JSON is longer than gzipAbove bytes. upto counts the records of every
// change logged so far (PowermapMeta.logRecords), so that trimming by
// records is one range seek.
var changeSchema = []string{
	"CREATE CONSTRAINT powermap_change_version IF NOT EXISTS FOR (c:PowermapChange) REQUIRE c.version IS UNIQUE",
	"CREATE INDEX powermap_change_upto IF NOT EXISTS FOR (c:PowermapChange) ON (c.upto)",
}

// The log's bounds. A write appends one change; the oldest go once the log
// holds more than logChanges changes or logRecords records (the newest
// change always stays). A reader that falls further behind reads the store
// whole.
const (
	logChanges = 10_000
	logRecords = 1_000_000
	// gzipAbove is the length of JSON past which a change is stored
	// gzipped.
	gzipAbove = 16 << 10
)

const (
	cypherAppendChange = "MATCH (m:PowermapMeta {id: '" + metaID + "'}) " +
		"SET m.logRecords = coalesce(m.logRecords, 0) + $records " +
		"CREATE (c:PowermapChange {version: $version, records: $records, upto: m.logRecords, data: $data, gz: $gz}) " +
		"RETURN m.logRecords AS upto"
	cypherTrimByVersion = "MATCH (c:PowermapChange) WHERE c.version <= $cut DELETE c"
	cypherTrimByRecords = "MATCH (c:PowermapChange) WHERE c.upto <= $cut AND c.version < $version DELETE c"
	cypherChanges       = "MATCH (c:PowermapChange) USING INDEX c:PowermapChange(version) WHERE c.version > $since " +
		"RETURN c.version AS v, c.data AS data, c.gz AS gz ORDER BY c.version"
	// cypherImagesOfEntities and cypherImagesOfRels read the records a
	// write is about to change or delete, as they are before it.
	cypherImagesOfEntities = "UNWIND $ids AS id MATCH (n:Entity {id: id}) " + seekN + "RETURN properties(n) AS p"
	cypherImagesOfRels     = "UNWIND $ids AS e MATCH (a)-[x]->(b) WHERE elementId(x) = e " +
		"RETURN a.id AS s, b.id AS t, type(x) AS type, properties(x) AS p"
)

// changePlan is what apply gathers, before it writes, for the change it
// logs: the ids and element ids of the records as they are before the
// write, and the rows it writes.
type changePlan struct {
	beforeEntities []string // ids
	beforeRels     []string // element ids
	afterEntities  []map[string]any
	afterRels      []relRow
}

func (c *changePlan) records() int {
	return len(c.beforeEntities) + len(c.beforeRels) + len(c.afterEntities) + len(c.afterRels)
}

// change reads the before-images in tx, which has not written yet, and
// makes the Change that the write will log, without its version. A write
// of more than max records makes an Overflow change, without reading.
func (c *changePlan) change(ctx context.Context, s *Store, tx driver.ManagedTransaction, max int) (*graph.Change, error) {
	ch := &graph.Change{}
	if c.records() > max {
		ch.Overflow = true
		return ch, nil
	}
	for _, part := range chunks(c.beforeEntities, s.cfg.BatchRows) {
		err := each(ctx, tx, cypherImagesOfEntities, map[string]any{"ids": part}, func(rec *driver.Record) error {
			e, err := entityField(rec, "p")
			ch.EntitiesBefore = append(ch.EntitiesBefore, e)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	for _, part := range chunks(c.beforeRels, s.cfg.BatchRows) {
		err := each(ctx, tx, cypherImagesOfRels, map[string]any{"ids": part}, func(rec *driver.Record) error {
			r, err := relRecord(rec)
			ch.RelationshipsBefore = append(ch.RelationshipsBefore, r)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	for _, p := range c.afterEntities {
		e, err := decodeEntity(asStored(p))
		if err != nil {
			return nil, err
		}
		ch.EntitiesAfter = append(ch.EntitiesAfter, e)
	}
	for _, r := range c.afterRels {
		rel, err := decodeRel(r.source, r.target, string(r.typ), asStored(r.props))
		if err != nil {
			return nil, err
		}
		ch.RelationshipsAfter = append(ch.RelationshipsAfter, rel)
	}
	sortChange(ch)
	return ch, nil
}

// asStored turns a property map as the store writes it into one as Neo4j
// returns it, so that decoding it gives the record a read would give.
func asStored(p map[string]any) map[string]any {
	out := make(map[string]any, len(p))
	for k, v := range p {
		if ss, ok := v.([]string); ok {
			xs := make([]any, len(ss))
			for i, s := range ss {
				xs[i] = s
			}
			v = xs
		}
		out[k] = v
	}
	return out
}

func sortChange(ch *graph.Change) {
	for _, es := range [][]graph.Entity{ch.EntitiesBefore, ch.EntitiesAfter} {
		sort.Slice(es, func(i, j int) bool { return es[i].ID < es[j].ID })
	}
	for _, rs := range [][]graph.Relationship{ch.RelationshipsBefore, ch.RelationshipsAfter} {
		sort.Slice(rs, func(i, j int) bool { return rs[i].ID < rs[j].ID })
	}
}

// appendChange logs ch, the change of the write at ch.Version, in tx, and
// trims the log.
func (s *Store) appendChange(ctx context.Context, tx driver.ManagedTransaction, ch *graph.Change) error {
	data, gz, err := encodeChange(ch)
	if err != nil {
		return err
	}
	records := int64(ch.Records())
	rec, err := single(ctx, tx, cypherAppendChange, map[string]any{"version": int64(ch.Version), "records": records,
		"data": data, "gz": gz})
	if err != nil {
		return err
	}
	if rec == nil {
		return fmt.Errorf("append change %d: no version node", ch.Version)
	}
	upto, err := value[int64](rec, "upto")
	if err != nil {
		return err
	}
	if cut := int64(ch.Version) - int64(s.keepChanges); cut > 0 {
		if err := consume(ctx, tx, cypherTrimByVersion, map[string]any{"cut": cut}); err != nil {
			return err
		}
	}
	if cut := upto - int64(s.keepRecords); cut > 0 {
		if err := consume(ctx, tx, cypherTrimByRecords, map[string]any{"cut": cut, "version": int64(ch.Version)}); err != nil {
			return err
		}
	}
	return nil
}

// encodeChange returns the JSON of ch as text, or gzipped as bytes when it
// is long; the other is nil.
func encodeChange(ch *graph.Change) (data, gz any, err error) {
	j, err := json.Marshal(ch)
	if err != nil {
		return nil, nil, err
	}
	if len(j) <= gzipAbove {
		return string(j), nil, nil
	}
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(j); err != nil {
		return nil, nil, err
	}
	if err := w.Close(); err != nil {
		return nil, nil, err
	}
	return nil, buf.Bytes(), nil
}

func decodeChange(rec *driver.Record) (graph.Change, error) {
	var ch graph.Change
	v, err := value[int64](rec, "v")
	if err != nil {
		return ch, err
	}
	var j []byte
	data, _ := rec.Get("data")
	gz, _ := rec.Get("gz")
	switch {
	case data != nil:
		s, ok := data.(string)
		if !ok {
			return ch, fmt.Errorf("change %d: data is %T", v, data)
		}
		j = []byte(s)
	case gz != nil:
		b, ok := gz.([]byte)
		if !ok {
			return ch, fmt.Errorf("change %d: gz is %T", v, gz)
		}
		r, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return ch, fmt.Errorf("change %d: %w", v, err)
		}
		if j, err = io.ReadAll(r); err != nil {
			return ch, fmt.Errorf("change %d: %w", v, err)
		}
	default:
		return ch, fmt.Errorf("change %d holds nothing", v)
	}
	if err := json.Unmarshal(j, &ch); err != nil {
		return ch, fmt.Errorf("change %d: %w", v, err)
	}
	ch.Version = uint64(v)
	return ch, nil
}

// Changes returns the changes after version since (graph.ChangeLog). The
// log is complete when it holds every version from since+1 on, without a
// gap, up to the store's version at least: a database written by a
// powermap that kept no log, or trimmed past since, is not.
func (s *Store) Changes(ctx context.Context, since uint64) ([]graph.Change, bool, error) {
	type result struct {
		changes  []graph.Change
		complete bool
	}
	r, err := readTx(ctx, s, "neo4j.Changes", func(tx driver.ManagedTransaction) (result, error) {
		chs, complete, err := changesTx(ctx, tx, since)
		return result{chs, complete}, err
	})
	return r.changes, r.complete, err
}

// changesTx reads the changes after since in tx. It reads the version
// first: a change committed since then may follow, and the list stops
// before the first gap past that version (reads are read-committed, so a
// later change may show while an earlier one, committing, does not yet).
func changesTx(ctx context.Context, tx driver.ManagedTransaction, since uint64) ([]graph.Change, bool, error) {
	v, err := readVersion(ctx, tx)
	if err != nil {
		return nil, false, err
	}
	if since > v {
		return nil, false, nil
	}
	var out []graph.Change
	next := since + 1
	gap := false
	err = each(ctx, tx, cypherChanges, map[string]any{"since": int64(since)}, func(rec *driver.Record) error {
		if gap {
			return nil
		}
		ch, err := decodeChange(rec)
		if err != nil {
			return err
		}
		if ch.Version != next {
			gap = true
			return nil
		}
		out = append(out, ch)
		next++
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	if next <= v { // the log misses a version up to v
		return nil, false, nil
	}
	return out, true, nil
}
