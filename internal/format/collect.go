package format

import (
	"fmt"
	"slices"

	"github.com/powermap/powermap/graph"
)

// Collector assembles the batch of an import from records read one at a
// time. It normalizes and validates each record, reports problems with the
// record's file and line, refuses an id seen before with other content (or,
// for an entity, another kind), skips exact duplicates, and at the end
// records the relationship ends that name no entity of the batch as
// references for Registry.Import to look up. Readers of every format share
// it, so that they judge records alike.
type Collector struct {
	rep   *Report
	batch graph.Batch
	ents  map[string]place
	rels  map[string]place
	// refused entity ids: relationships to them are not reported again.
	refused map[string]bool
	relAt   []place
	files   []string // file names, indexed by place.file
}

// place is where a record was read, kept small: imports hold one per
// record.
type place struct {
	index int32 // in the batch
	file  uint32
	line  int32
}

func (c *Collector) place(index int, file string, line int) place {
	f := len(c.files) - 1
	if f < 0 || c.files[f] != file {
		f = slices.Index(c.files, file)
		if f < 0 {
			c.files = append(c.files, file)
			f = len(c.files) - 1
		}
	}
	return place{index: int32(index), file: uint32(f), line: int32(line)}
}

// NewCollector returns a collector that reports to rep.
func NewCollector(rep *Report) *Collector {
	return &Collector{rep: rep, ents: map[string]place{}, rels: map[string]place{}, refused: map[string]bool{}}
}

// Entity normalizes, validates and adds e, read at file:line. bad says the
// reader already reported a problem with the record, which is then refused
// whatever validation finds; validation details for which quiet (which may
// be nil) returns true are not reported, because the reader reported them
// better. Entity reports whether e was added or skipped as an exact
// duplicate.
func (c *Collector) Entity(e graph.Entity, file string, line int, bad bool, quiet func(graph.Detail) bool) bool {
	e.Normalize()
	if c.validation(e.Validate(), file, line, quiet) || bad {
		c.refused[e.ID] = true
		return false
	}
	if p, dup := c.ents[e.ID]; dup {
		first := &c.batch.Entities[p.index]
		switch {
		case first.Kind != e.Kind:
			c.rep.Errorf(file, line, "kind", "duplicate id %q with conflicting kinds: %s here, %s at %s", e.ID, e.Kind, first.Kind, c.where(p))
		case first.Revision() != e.Revision():
			c.rep.Errorf(file, line, "id", "duplicate id %q with different content from %s", e.ID, c.where(p))
		default:
			c.rep.Skip(file, line, "duplicate of "+c.where(p))
			return true
		}
		return false
	}
	c.ents[e.ID] = c.place(len(c.batch.Entities), file, line)
	c.batch.Entities = append(c.batch.Entities, e)
	return true
}

// Relationship is Entity for relationships. A symmetric tie written again
// from its other end is a duplicate, not a conflict.
func (c *Collector) Relationship(r graph.Relationship, file string, line int, bad bool, quiet func(graph.Detail) bool) bool {
	r.Normalize()
	if c.validation(r.Validate(), file, line, quiet) || bad {
		return false
	}
	if p, dup := c.rels[r.ID]; dup {
		if !sameTie(&c.batch.Relationships[p.index], &r) {
			c.rep.Errorf(file, line, "id", "duplicate relationship %q with different content from %s", r.ID, c.where(p))
			return false
		}
		c.rep.Skip(file, line, "duplicate of "+c.where(p))
		return true
	}
	p := c.place(len(c.batch.Relationships), file, line)
	c.rels[r.ID] = p
	c.relAt = append(c.relAt, p)
	c.batch.Relationships = append(c.batch.Relationships, r)
	return true
}

// validation reports the details of a Validate error, and whether there
// were any (quiet ones included).
func (c *Collector) validation(err error, file string, line int, quiet func(graph.Detail) bool) bool {
	ds := graph.DetailsOf(err)
	for _, d := range ds {
		if quiet != nil && quiet(d) {
			continue
		}
		d.File, d.Line = file, line
		c.rep.Error(d)
	}
	return len(ds) > 0
}

// Batch finishes the import: it records a Reference for every relationship
// end that names no entity of the batch (refused entities aside, as they
// are reported already) and returns the batch, or nil when the report holds
// errors.
func (c *Collector) Batch() *graph.Batch {
	for i := range c.batch.Relationships {
		r := &c.batch.Relationships[i]
		at := c.relAt[i]
		for _, end := range [2]struct{ field, id string }{{"source", r.Source}, {"target", r.Target}} {
			if _, ok := c.ents[end.id]; !ok && !c.refused[end.id] {
				c.rep.Refer(Reference{ID: end.id, File: c.files[at.file], Line: int(at.line), Field: end.field})
			}
		}
	}
	if c.rep.Failed() {
		return nil
	}
	return &c.batch
}

// where names a place as file:line.
func (c *Collector) where(p place) string {
	if p.line > 0 {
		return fmt.Sprintf("%s:%d", c.files[p.file], p.line)
	}
	return c.files[p.file]
}

// sameTie reports whether two relationships with one id say the same thing.
func sameTie(a, b *graph.Relationship) bool {
	if a.Revision() == b.Revision() {
		return true
	}
	if info, _ := b.Type.Info(); info.Symmetric && a.Source == b.Target && a.Target == b.Source {
		c := *b
		c.Source, c.Target = b.Target, b.Source
		return a.Revision() == c.Revision()
	}
	return false
}
