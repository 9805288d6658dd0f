package app

import (
	"context"

	"github.com/powermap/powermap/graph"
)

// Ego-network limits.
const (
	DefaultNetworkDepth = 1
	MaxNetworkDepth     = 3
	DefaultNetworkLimit = 300
	MaxNetworkLimit     = 2000
)

// NetworkNode is a node of an ego network, ready to draw.
type NetworkNode struct {
	ID     string     `json:"id"`
	Name   string     `json:"name"`
	Kind   graph.Kind `json:"kind"`
	Title  string     `json:"title,omitempty"`
	Ours   bool       `json:"ours"`
	Labels []string   `json:"labels"`
	// Depth is the number of hops from the center.
	Depth int `json:"depth"`
}

// NetworkEdge is an edge of an ego network, ready to draw.
type NetworkEdge struct {
	ID       string        `json:"id"`
	Source   string        `json:"source"`
	Target   string        `json:"target"`
	Type     graph.RelType `json:"type"`
	Strength float64       `json:"strength"`
}

// Network is an ego network.
type Network struct {
	Center string        `json:"center"`
	Depth  int           `json:"depth"`
	Nodes  []NetworkNode `json:"nodes"`
	Edges  []NetworkEdge `json:"edges"`
	// Truncated says that the node cap stopped the walk: more entities lie
	// within the depth than were returned.
	Truncated bool `json:"truncated"`
}

// NetworkQuery asks for the ego network of Center (an id or a name).
type NetworkQuery struct {
	Center string
	Depth  int
	Types  []graph.RelType
	Limit  int
}

func networkNode(e *graph.Entity, depth int) NetworkNode {
	labels := e.Labels
	if labels == nil {
		labels = []string{}
	}
	return NetworkNode{ID: e.ID, Name: e.Name, Kind: e.Kind, Title: graph.RoleOf(e.Title, e.OrgType, e.Labels), Ours: e.Ours, Labels: labels, Depth: depth}
}

// neighbors lists the neighbours of id, an entity the view shows, as the
// view shows them.
func (v *view) neighbors(ctx context.Context, id string, types []graph.RelType) ([]graph.Neighbor, error) {
	if p, ok := v.store.(*publicStore); ok {
		return p.neighbors(ctx, id, types)
	}
	return v.store.Neighbors(ctx, id, types)
}

// Network walks breadth-first from the center, nearest first, and stops
// adding nodes at the limit, then says truncated. Edges are those met while
// expanding nodes nearer than depth whose both ends are in the answer. A
// viewer's walk never meets a hidden record.
func (a *App) Network(ctx context.Context, c Caller, q NetworkQuery) (*Network, error) {
	const op = "app.Network"
	if q.Depth == 0 {
		q.Depth = DefaultNetworkDepth
	}
	if q.Limit == 0 {
		q.Limit = DefaultNetworkLimit
	}
	var ds []graph.Detail
	if q.Depth < 1 || q.Depth > MaxNetworkDepth {
		ds = append(ds, graph.Detail{Field: "depth", Reason: "must be between 1 and 3"})
	}
	if q.Limit < 1 || q.Limit > MaxNetworkLimit {
		ds = append(ds, graph.Detail{Field: "limit", Reason: "must be between 1 and 2000"})
	}
	if len(ds) > 0 {
		return nil, &graph.Error{Op: op, Code: graph.Invalid, Message: "bad network query", Details: ds}
	}
	v := a.viewOf(c)
	center, err := a.resolve(ctx, v, "id", q.Center)
	if err != nil {
		return nil, err
	}
	out := &Network{Center: center.ID, Depth: q.Depth, Nodes: []NetworkNode{networkNode(&center, 0)}, Edges: []NetworkEdge{}}
	seen := map[string]bool{center.ID: true}
	edges := map[string]bool{}
	frontier := []string{center.ID}
	for d := 1; d <= q.Depth && len(frontier) > 0; d++ {
		var next []string
		for _, from := range frontier {
			ns, err := v.neighbors(ctx, from, q.Types)
			if graph.Is(err, graph.NotFound) {
				continue // deleted while we walked
			}
			if err != nil {
				return nil, graph.E(op, err)
			}
			for i := range ns {
				n := &ns[i]
				other := n.Entity.ID
				if !seen[other] {
					if len(out.Nodes) >= q.Limit {
						out.Truncated = true
						continue
					}
					seen[other] = true
					out.Nodes = append(out.Nodes, networkNode(&n.Entity, d))
					next = append(next, other)
				}
				r := &n.Relationship
				if !edges[r.ID] {
					edges[r.ID] = true
					out.Edges = append(out.Edges, NetworkEdge{ID: r.ID, Source: r.Source, Target: r.Target, Type: r.Type, Strength: r.Strength})
				}
			}
		}
		frontier = next
	}
	return out, nil
}
