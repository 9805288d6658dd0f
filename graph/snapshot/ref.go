package snapshot

import (
	"github.com/powermap/powermap/graph"
)

// Ref names node i for an answer: its id, name, kind, title or role,
// and whether it is ours or private (see graph.EntityRef).
func (s *Snapshot) Ref(i int32) graph.EntityRef {
	p := &s.profiles[s.prof[i]]
	return graph.EntityRef{ID: s.ID(i), Name: s.Name(i), Kind: p.kind, Title: graph.RoleOf(p.title, p.orgType, p.labels), Ours: p.ours, Private: p.private}
}

// Hop explains tie t travelled from node from to its other end.
func (s *Snapshot) Hop(from int32, t Tie) graph.Hop {
	to := t.Target
	if to == from {
		to = t.Source
	}
	h := graph.Hop{From: s.ID(from), To: s.ID(to), Type: t.Type, Strength: t.Strength, Notes: t.Notes, Relationship: t.ID}
	if info, _ := t.Type.Info(); !info.Symmetric && t.Source != from {
		h.Reverse = true
	}
	return h
}

// Path explains the path through nodes, where ties[i] joins nodes[i] to
// nodes[i+1]: every node as a Ref, every tie as a Hop, with the path's
// strength and cost.
func (s *Snapshot) Path(nodes []int32, ties []Tie) graph.Path {
	p := graph.Path{Nodes: make([]graph.EntityRef, len(nodes)), Hops: make([]graph.Hop, len(ties)), Strength: 1}
	for i, v := range nodes {
		p.Nodes[i] = s.Ref(v)
	}
	for i, t := range ties {
		p.Hops[i] = s.Hop(nodes[i], t)
		p.Strength *= t.Strength
		p.Cost += CostOf(t.Strength)
	}
	return p
}
