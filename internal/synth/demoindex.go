package synth

import (
	"strings"

	"github.com/powermap/powermap/graph"
)

// DemoIndex keeps, from a map made by Generate and streamed through it, the
// records that DemoSpeakers, DemoCampaign, DemoEvents and DemoCommunity
// read: legislators, officials and issues, our people and organizations,
// clients and speakers, everyone's stances, legislative staff's posts, and
// the ties of advisers and lobbyists. Those functions give the same result
// on its Batch as on the whole map, which a million-entity map can then
// stream to a store without ever holding: the index is a few percent of it.
// Entity and Relationship fit graph.StreamFuncs and never fail.
type DemoIndex struct {
	b graph.Batch
}

// Entity keeps a copy of e if the demo's extras read it.
func (x *DemoIndex) Entity(e *graph.Entity) error {
	if demoReads(e) {
		x.b.Entities = append(x.b.Entities, *e)
	}
	return nil
}

// Relationship keeps a copy of r if the demo's extras read it.
func (x *DemoIndex) Relationship(r *graph.Relationship) error {
	switch {
	case r.Type == graph.Supports, r.Type == graph.Opposes, r.Type == graph.Advises, r.Type == graph.Lobbies,
		r.Type == graph.WorksFor && strings.HasPrefix(r.Source, rolePrefix[rLegStaff]+"-"):
		x.b.Relationships = append(x.b.Relationships, *r)
	}
	return nil
}

// Funcs returns the index's callbacks as graph.StreamFuncs.
func (x *DemoIndex) Funcs() graph.StreamFuncs {
	return graph.StreamFuncs{Entity: x.Entity, Relationship: x.Relationship}
}

// Batch returns the records kept, in stream order. It is the index's own
// batch: callers must not change it.
func (x *DemoIndex) Batch() *graph.Batch { return &x.b }

// demoReads reports whether one of the demo's extras reads e.
func demoReads(e *graph.Entity) bool {
	switch {
	case e.Kind == graph.KindOfficial, e.Kind == graph.KindIssue, e.Ours,
		e.HasLabel(graph.LabelClient), e.HasLabel(graph.LabelSpeaker),
		strings.HasPrefix(e.ID, rolePrefix[rSenator]+"-"), strings.HasPrefix(e.ID, rolePrefix[rRep]+"-"):
		return true
	}
	return false
}
