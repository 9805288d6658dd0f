package app

import (
	"context"
	"io"
	"maps"
	"strconv"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
)

// ExportQuery asks for the map, or what Filter keeps, in one format.
type ExportQuery struct {
	Format string
	Filter format.Filter
}

// Export is a prepared export: check it with App.Export, then Write it.
type Export struct {
	w     format.Writer
	src   format.Source
	tally *privateTally // nil when nothing is left out, or the caller may not know
}

// LeftOut counts the hidden records an export left out.
type LeftOut struct {
	Entities      int `json:"entities"`
	Relationships int `json:"relationships"`
}

// ContentType is the MIME type of the output.
func (e *Export) ContentType() string { return e.w.ContentType() }

// Name is the format's name.
func (e *Export) Name() string { return e.w.Name() }

// Source yields the records the export writes, for a writer of one's own
// (a folder of CSV files).
func (e *Export) Source() format.Source { return e.src }

// Write streams the export to w.
func (e *Export) Write(ctx context.Context, w io.Writer) error { return e.w.Write(ctx, w, e.src) }

// LeftOut counts the private and client records that the filter would have
// kept and the export left out, once it has been written. Only editors and
// admins learn it: to a viewer, hidden records do not exist.
func (e *Export) LeftOut() LeftOut {
	if e.tally == nil {
		return LeftOut{}
	}
	return LeftOut{Entities: e.tally.entities, Relationships: e.tally.relationships}
}

// Export prepares an export of the map the caller sees. Hidden records are
// left out unless Filter.IncludePrivate, which only an admin may set. The
// export is audited.
func (a *App) Export(ctx context.Context, c Caller, q ExportQuery) (*Export, error) {
	const op = "app.Export"
	if q.Format == "" {
		q.Format = "json"
	}
	w, err := a.formats.Writer(q.Format)
	if err != nil {
		return nil, &graph.Error{Op: op, Code: graph.Invalid, Message: graph.MessageOf(err),
			Details: []graph.Detail{{Field: "format", Reason: graph.DetailsOf(err)[0].Reason}}}
	}
	if q.Filter.IncludePrivate && !c.Role.Allows(graph.RoleAdmin) {
		return nil, &graph.Error{Op: op, Code: graph.Forbidden, Message: "only an admin may export private entities",
			Details: []graph.Detail{{Field: "include_private", Reason: "needs the admin role"}}}
	}
	v := a.viewOf(c)
	if q.Filter.Around != "" {
		e, err := a.resolve(ctx, v, "around", q.Filter.Around)
		if err != nil {
			return nil, err
		}
		q.Filter.Around = e.ID
	}
	ex := &Export{w: w}
	store := v.store
	if c.seesAll() && !q.Filter.IncludePrivate {
		ex.tally = &privateTally{Store: store, filter: q.Filter}
		ex.tally.filter.IncludePrivate = true
		store = ex.tally
	}
	ex.src = format.StoreSource(store, q.Filter)
	a.audit(ctx, c, "export", "", map[string]string{"format": w.Name(), "include_private": strconv.FormatBool(q.Filter.IncludePrivate)})
	return ex, nil
}

// privateTally counts what an export leaves out as private: the entities
// that filter (which includes private records) keeps and that are private,
// and the relationships it keeps that touch one of them. It sees every
// record of the store's Stream before the export's own filter does. The
// counts are those of the last Stream: a writer may read its source twice.
type privateTally struct {
	graph.Store
	filter                  format.Filter
	entities, relationships int
}

func (t *privateTally) Stream(ctx context.Context, fn graph.StreamFuncs) (uint64, error) {
	private := map[string]bool{} // every entity the filter keeps: is it private?
	var entities, relationships int
	counted := graph.StreamFuncs{Entity: func(e *graph.Entity) error {
		if t.filter.Entity(e) {
			private[e.ID] = hidden(e)
			if private[e.ID] {
				entities++
			}
		}
		if fn.Entity == nil {
			return nil
		}
		return fn.Entity(e)
	}}
	if fn.Relationship != nil {
		counted.Relationship = func(r *graph.Relationship) error {
			ps, okS := private[r.Source]
			pt, okT := private[r.Target]
			if okS && okT && (ps || pt) && t.filter.Relationship(r) {
				relationships++
			}
			return fn.Relationship(r)
		}
	}
	v, err := t.Store.Stream(ctx, counted)
	if err == nil {
		t.entities = entities
		if fn.Relationship != nil {
			t.relationships = relationships
		}
	}
	return v, err
}

// ImportQuery asks to import files in a format ("" detects it).
type ImportQuery struct {
	Format   string
	Paths    []string
	Progress format.Progress
}

// Import checks every record of the files and writes them (see
// format.Registry.Import, whose report it returns even with an error);
// every batch it applies records an "import" audit
// entry in its own transaction. Viewers' analysis waits for what it wrote.
func (a *App) Import(ctx context.Context, c Caller, q ImportQuery) (*format.Report, error) {
	const op = "app.Import"
	if err := need(c, graph.RoleEditor, op); err != nil {
		return nil, err
	}
	if q.Format == "" {
		r, err := a.formats.Detect(q.Paths)
		if err != nil {
			return nil, err
		}
		q.Format = r.Name() // for the audit entry
	}
	store := &auditedImport{Store: a.store, a: a, c: c, format: q.Format, files: len(q.Paths)}
	rep, err := a.formats.Import(ctx, store, q.Format, q.Paths, q.Progress)
	// Even a failed streamed import may have written batches.
	a.raiseFence(ctx)
	return rep, err
}

// auditedImport is the store an import writes through: every batch it
// applies carries an "import" audit entry, which commits with the batch's
// records. An import applied in several batches (FEC bulk files) records
// one entry per batch, numbered from 1, each with that batch's counts.
type auditedImport struct {
	graph.Store
	a       *App
	c       Caller
	format  string
	files   int
	batches int
}

func (ai *auditedImport) Apply(ctx context.Context, b *graph.Batch) (graph.Stats, error) {
	ai.batches++
	details := map[string]string{
		"format": ai.format, "files": strconv.Itoa(ai.files), "batch": strconv.Itoa(ai.batches),
		"records": strconv.Itoa(len(b.Entities) + len(b.Relationships)),
	}
	b.Audit = ai.a.auditBatch(ai.c, "", func(st graph.Stats) (string, map[string]string) {
		d := maps.Clone(details)
		d["entities_created"], d["entities_updated"] = strconv.Itoa(st.EntitiesCreated), strconv.Itoa(st.EntitiesUpdated)
		d["relationships_created"], d["relationships_updated"] = strconv.Itoa(st.RelationshipsCreated), strconv.Itoa(st.RelationshipsUpdated)
		return "import", d
	})
	return ai.Store.Apply(ctx, b)
}
