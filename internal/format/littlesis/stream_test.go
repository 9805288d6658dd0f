package littlesis

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
	"github.com/powermap/powermap/internal/store/embedded"
)

func openStore(t *testing.T) graph.Store {
	t.Helper()
	st, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestImportInBatches: an import applied three records at a time writes
// what one batch would, and a second run changes nothing.
func TestImportInBatches(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	reg := format.NewRegistry([]format.Reader{Reader{BatchSize: 3, TempDir: t.TempDir()}}, nil)
	rep, err := reg.Import(ctx, st, "", paths, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s := rep.Stats; s.EntitiesCreated != 4 || s.RelationshipsCreated != 13 || rep.Records != 17 {
		t.Errorf("first import: %+v", rep)
	}
	whole, _, err := Reader{}.Read(ctx, paths, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range whole.Relationships {
		got, err := st.Relationship(ctx, r.ID)
		if err != nil || got.Revision() != r.Revision() {
			t.Errorf("relationship %s: %+v, %v; want %+v", r.ID, got, err, r)
		}
	}
	again, err := reg.Import(ctx, st, "", paths, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.Stats.Changed() || again.Stats.EntitiesUnchanged != 4 || again.Stats.RelationshipsUnchanged != 13 {
		t.Errorf("second import: %+v", again.Stats)
	}
}

// TestChecksBeforeWriting: an id that comes twice with different content
// and a relationship end that is nowhere fail the import with their file
// and field before anything is written.
func TestChecksBeforeWriting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ents := filepath.Join(dir, "entities.json")
	rels := filepath.Join(dir, "relationships.json")
	os.WriteFile(ents, []byte(`[{"id": 1, "name": "Ann Roe", "primary_ext": "Person"},
		{"id": 2, "name": "Acme", "primary_ext": "Org"},
		{"id": 1, "name": "Ann Doe", "primary_ext": "Person"}]`), 0o600)
	os.WriteFile(rels, []byte(`[{"id": 7, "entity1_id": 1, "entity2_id": 2, "category_id": 12},
		{"id": 8, "entity1_id": 1, "entity2_id": 99, "category_id": 12}]`), 0o600)
	st := openStore(t)
	reg := format.NewRegistry([]format.Reader{Reader{BatchSize: 1, TempDir: t.TempDir()}}, nil)
	rep, err := reg.Import(ctx, st, "littlesis", []string{ents, rels}, nil)
	if !graph.Is(err, graph.Invalid) {
		t.Fatalf("err = %v", err)
	}
	var dup, unknown bool
	for _, d := range rep.Errors {
		dup = dup || d.Record == "littlesis:1" && d.Field == "id" && strings.Contains(d.Reason, "duplicate entity id")
		unknown = unknown || d.File == rels && d.Field == "entity2_id" && strings.Contains(d.Reason, `"littlesis:99"`)
	}
	if !dup || !unknown {
		t.Errorf("errors = %+v, want the duplicate and the unknown end", rep.Errors)
	}
	if c, _ := st.Counts(ctx); c.Entities+c.Relationships != 0 {
		t.Errorf("a refused import wrote %+v", c)
	}
}

// TestChangedAfterChecking: a file that changes between the check and the
// writing is refused, not written half-checked.
func TestChangedAfterChecking(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ents := filepath.Join(dir, "entities.json")
	os.WriteFile(ents, []byte(`[{"id": 1, "name": "Ann Roe", "primary_ext": "Person"}]`), 0o600)
	pending, _, err := Reader{TempDir: t.TempDir()}.Prepare(ctx, []string{ents}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer pending.Close()
	os.WriteFile(ents, []byte(`[{"id": 1, "name": "", "primary_ext": "Person"}, {"id": 3}]`), 0o600)
	os.Chtimes(ents, time.Now(), time.Now().Add(time.Minute))
	err = pending.Write(ctx, func(*graph.Batch) error { t.Error("a changed file was written"); return nil }, nil)
	if !graph.Is(err, graph.Invalid) || !strings.Contains(err.Error(), "changed after it was checked") {
		t.Errorf("err = %v", err)
	}
}
