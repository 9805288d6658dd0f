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
	w      format.Writer
	src    format.Source
	counts func(ctx context.Context) (LeftOut, error)
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

// Write streams the export to w.
func (e *Export) Write(ctx context.Context, w io.Writer) error { return e.w.Write(ctx, w, e.src) }

// LeftOut counts the private and client records the export leaves out. It
// reads the whole store, and only editors and admins may ask: to a viewer,
// hidden records do not exist.
func (e *Export) LeftOut(ctx context.Context) (LeftOut, error) {
	if e.counts == nil {
		return LeftOut{}, nil
	}
	return e.counts(ctx)
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
	ex := &Export{w: w, src: format.StoreSource(v.store, q.Filter)}
	if c.seesAll() && !q.Filter.IncludePrivate {
		ex.counts = func(ctx context.Context) (LeftOut, error) { return a.leftOut(ctx) }
	}
	a.audit(ctx, c, "export", "", map[string]string{"format": w.Name(), "include_private": strconv.FormatBool(q.Filter.IncludePrivate)})
	return ex, nil
}

// leftOut counts hidden entities and the relationships that touch them.
func (a *App) leftOut(ctx context.Context) (LeftOut, error) {
	var n LeftOut
	gone := map[string]bool{}
	_, err := a.store.Stream(ctx, graph.StreamFuncs{
		Entity: func(e *graph.Entity) error {
			if hidden(e) {
				gone[e.ID] = true
				n.Entities++
			}
			return nil
		},
		Relationship: func(r *graph.Relationship) error {
			if gone[r.Source] || gone[r.Target] {
				n.Relationships++
			}
			return nil
		},
	})
	return n, err
}

// ImportQuery asks to import files in a format ("" detects it).
type ImportQuery struct {
	Format   string
	Paths    []string
	Progress format.Progress
}

// Import checks every record of the files and writes them (see
// format.Registry.Import); every batch it applies records an "import" audit
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
	if err != nil {
		return nil, err
	}
	return rep, nil
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
