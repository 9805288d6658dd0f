package format

import (
	"context"
	"io"
	"slices"

	"github.com/powermap/powermap/graph"
)

// Reader reads one file format into a batch.
type Reader interface {
	// Name is the format's name on the command line: "csv", "openstates".
	Name() string
	// Detect reports whether paths look like this format. It only sniffs
	// (names, a header, the first bytes) and never parses whole files. An
	// error means the paths cannot be read at all.
	Detect(paths []string) (bool, error)
	// Read parses and validates every record of paths. When any record is
	// bad it returns a nil batch, a Report whose Errors list every bad
	// record, and an Invalid *graph.Error carrying the same details. Read
	// writes nothing anywhere; p may be nil.
	Read(ctx context.Context, paths []string, p Progress) (*graph.Batch, *Report, error)
}

// StreamReader is a Reader whose input can be too large for one batch in
// memory, such as FEC bulk files. Prepare parses and checks every record
// of paths, as Read does, and keeps them (on disk if need be); the Pending
// it returns then hands them over in batches that are applied one
// transaction each. Prepare writes nothing to any store.
type StreamReader interface {
	Reader
	Prepare(ctx context.Context, paths []string, p Progress) (Pending, *Report, error)
}

// Pending holds the records of a prepared import.
type Pending interface {
	// Write calls apply with every record, in batches: an entity comes in
	// the same batch as the relationships that refer to it or in an earlier
	// one. An error from apply stops the writing and is returned. p may be
	// nil.
	Write(ctx context.Context, apply func(*graph.Batch) error, p Progress) error
	// Close releases what Prepare kept.
	Close() error
}

// Collect writes every record of p into one batch: how a StreamReader
// serves Read.
func Collect(ctx context.Context, p Pending) (*graph.Batch, error) {
	b := &graph.Batch{}
	err := p.Write(ctx, func(x *graph.Batch) error {
		b.Entities = append(b.Entities, x.Entities...)
		b.Relationships = append(b.Relationships, x.Relationships...)
		return nil
	}, nil)
	if err != nil {
		return nil, err
	}
	return b, nil
}

// ReadPrepared serves Read for a StreamReader r: it prepares paths and
// collects every record into one batch.
func ReadPrepared(ctx context.Context, r StreamReader, paths []string, p Progress) (*graph.Batch, *Report, error) {
	pending, rep, err := r.Prepare(ctx, paths, p)
	if err != nil {
		return nil, rep, err
	}
	defer pending.Close()
	b, err := Collect(ctx, pending)
	return b, rep, err
}

// Writer writes a map in one file format.
type Writer interface {
	// Name is the format's name on the command line: "json", "csv".
	Name() string
	// ContentType is the MIME type of the output, for HTTP downloads.
	ContentType() string
	// Write streams the records of src to w. It may call src more than
	// once (a CSV header needs every property name first).
	Write(ctx context.Context, w io.Writer, src Source) error
}

// Source yields the records to export: every entity through fn.Entity, then
// every relationship through fn.Relationship, as graph.Store.Stream does. A
// Source may be called more than once and should yield the same records each
// time.
type Source func(ctx context.Context, fn graph.StreamFuncs) error

// Filter selects what an export holds. Zero values select everything that is
// not private. A relationship is exported only when both its ends are.
type Filter struct {
	// Kinds keeps entities of these kinds; empty keeps every kind.
	Kinds []graph.Kind `json:"kinds,omitempty"`
	// Labels keeps entities carrying at least one of these labels; empty
	// keeps every entity.
	Labels []string `json:"labels,omitempty"`
	// Types keeps relationships of these types; empty keeps every type.
	Types []graph.RelType `json:"types,omitempty"`
	// IncludePrivate keeps private entities (Entity.IsPrivate); they are
	// left out by default.
	IncludePrivate bool `json:"include_private,omitempty"`
	// Around, when set, keeps only the ego network of this entity: the
	// entities at most Depth hops from it (a Depth below 1 means 1),
	// walking relationships of the kept Types through entities that are
	// not left out as private. Kinds and Labels then filter that network.
	// A missing entity is a NotFound error.
	Around string `json:"around,omitempty"`
	Depth  int    `json:"depth,omitempty"`
}

// Entity reports whether the filter keeps e.
func (f Filter) Entity(e *graph.Entity) bool {
	if !f.IncludePrivate && e.IsPrivate() {
		return false
	}
	if len(f.Kinds) > 0 && !slices.Contains(f.Kinds, e.Kind) {
		return false
	}
	if len(f.Labels) > 0 && !slices.ContainsFunc(f.Labels, e.HasLabel) {
		return false
	}
	return true
}

// Relationship reports whether the filter keeps r by its type; its ends are
// checked by the Source.
func (f Filter) Relationship(r *graph.Relationship) bool {
	return len(f.Types) == 0 || slices.Contains(f.Types, r.Type)
}

// Everything is the filter of a full backup: every record, private ones too.
var Everything = Filter{IncludePrivate: true}

// StoreSource exports the contents of s through f, from one consistent read
// per call. It remembers the ids of the exported entities, so its memory
// grows with the number of entities, never with the number of relationships.
func StoreSource(s graph.Store, f Filter) Source {
	return func(ctx context.Context, fn graph.StreamFuncs) error {
		var ego map[string]bool
		if f.Around != "" {
			center, err := s.Entity(ctx, f.Around)
			if err != nil {
				return err
			}
			ego, err = egoNetwork(ctx, f, &center, func(id string) ([]graph.Neighbor, error) {
				return s.Neighbors(ctx, id, f.Types)
			})
			if err != nil {
				return err
			}
		}
		_, err := s.Stream(ctx, filtered(f, ego, fn))
		return err
	}
}

// egoNetwork walks breadth-first from center, f.Depth hops at most.
func egoNetwork(ctx context.Context, f Filter, center *graph.Entity, neighbors func(id string) ([]graph.Neighbor, error)) (map[string]bool, error) {
	depth := max(f.Depth, 1)
	in := map[string]bool{center.ID: true}
	if !f.IncludePrivate && center.IsPrivate() {
		return in, nil
	}
	frontier := []string{center.ID}
	for hop := 0; hop < depth && len(frontier) > 0; hop++ {
		var next []string
		for _, id := range frontier {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			ns, err := neighbors(id)
			if err != nil {
				return nil, err
			}
			for i := range ns {
				e := &ns[i].Entity
				if in[e.ID] || !f.Relationship(&ns[i].Relationship) || (!f.IncludePrivate && e.IsPrivate()) {
					continue
				}
				in[e.ID] = true
				next = append(next, e.ID)
			}
		}
		frontier = next
	}
	return in, nil
}

// BatchSource exports the upserts of b through f, normalized.
func BatchSource(b *graph.Batch, f Filter) Source {
	return func(ctx context.Context, fn graph.StreamFuncs) error {
		var ego map[string]bool
		if f.Around != "" {
			var err error
			if ego, err = batchEgo(ctx, b, f); err != nil {
				return err
			}
		}
		sf := filtered(f, ego, fn)
		if sf.Entity != nil {
			for i := range b.Entities {
				if i%4096 == 0 && ctx.Err() != nil {
					return ctx.Err()
				}
				e := b.Entities[i]
				e.Normalize()
				if err := sf.Entity(&e); err != nil {
					return err
				}
			}
		}
		if sf.Relationship != nil {
			for i := range b.Relationships {
				if i%4096 == 0 && ctx.Err() != nil {
					return ctx.Err()
				}
				r := b.Relationships[i]
				r.Normalize()
				if err := sf.Relationship(&r); err != nil {
					return err
				}
			}
		}
		return nil
	}
}

// batchEgo is egoNetwork over the upserts of a batch.
func batchEgo(ctx context.Context, b *graph.Batch, f Filter) (map[string]bool, error) {
	byID := make(map[string]*graph.Entity, len(b.Entities))
	for i := range b.Entities {
		e := b.Entities[i]
		e.Normalize()
		byID[e.ID] = &e
	}
	center, ok := byID[f.Around]
	if !ok {
		return nil, graph.Errorf("format.BatchSource", graph.NotFound, "no entity %q", f.Around)
	}
	adj := map[string][]graph.Neighbor{}
	for i := range b.Relationships {
		r := b.Relationships[i]
		r.Normalize()
		s, t := byID[r.Source], byID[r.Target]
		if s == nil || t == nil {
			continue
		}
		adj[r.Source] = append(adj[r.Source], graph.Neighbor{Relationship: r, Entity: *t})
		adj[r.Target] = append(adj[r.Target], graph.Neighbor{Relationship: r, Entity: *s})
	}
	return egoNetwork(ctx, f, center, func(id string) ([]graph.Neighbor, error) { return adj[id], nil })
}

// filtered wraps fn so that it sees only what f keeps, within ego when ego
// is not nil. Entities are always visited, to learn which relationship ends
// are exported.
func filtered(f Filter, ego map[string]bool, fn graph.StreamFuncs) graph.StreamFuncs {
	kept := map[string]struct{}{}
	out := graph.StreamFuncs{
		Entity: func(e *graph.Entity) error {
			if !f.Entity(e) || (ego != nil && !ego[e.ID]) {
				return nil
			}
			kept[e.ID] = struct{}{}
			if fn.Entity != nil {
				return fn.Entity(e)
			}
			return nil
		},
	}
	if fn.Relationship != nil {
		out.Relationship = func(r *graph.Relationship) error {
			if !f.Relationship(r) {
				return nil
			}
			if _, ok := kept[r.Source]; !ok {
				return nil
			}
			if _, ok := kept[r.Target]; !ok {
				return nil
			}
			return fn.Relationship(r)
		}
	}
	return out
}
