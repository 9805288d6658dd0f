package http

import (
	nethttp "net/http"

	"github.com/gin-gonic/gin"

	"github.com/powermap/powermap/graph"
)

// NetworkNode is a node of an ego network, ready to draw.
type NetworkNode struct {
	ID     string     `json:"id"`
	Name   string     `json:"name"`
	Kind   graph.Kind `json:"kind"`
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

// Network is the answer of GET /entities/{id}/network.
type Network struct {
	Center string        `json:"center"`
	Depth  int           `json:"depth"`
	Nodes  []NetworkNode `json:"nodes"`
	Edges  []NetworkEdge `json:"edges"`
	// Truncated says that the node cap stopped the walk: more entities lie
	// within the depth than were returned.
	Truncated bool `json:"truncated"`
}

func networkNode(e *graph.Entity, depth int) NetworkNode {
	labels := e.Labels
	if labels == nil {
		labels = []string{}
	}
	return NetworkNode{ID: e.ID, Name: e.Name, Kind: e.Kind, Ours: e.Ours, Labels: labels, Depth: depth}
}

// network answers GET /entities/{id}/network?depth=1..3&types=&limit=: a
// breadth-first walk from the entity, nearest first, that stops adding
// nodes at limit (capped at NetworkMaxLimit) and then says truncated. Edges
// are those met while expanding nodes nearer than depth whose both ends are
// in the answer. Viewers never see private entities, nor walk through them.
func (s *Server) network(c *gin.Context) error {
	const op = "http.network"
	p := queryParams(c)
	depth := p.int("depth", 1, 1, 3)
	types := p.types("types")
	limit := p.int("limit", s.cfg.NetworkLimit, 1, s.cfg.NetworkMaxLimit)
	if err := p.err(); err != nil {
		return err
	}
	id := c.Param("id")
	center, err := s.entities.current(c, id)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	v := s.visibility(c)
	out := Network{Center: id, Depth: depth, Nodes: []NetworkNode{networkNode(&center, 0)}, Edges: []NetworkEdge{}}
	seen := map[string]bool{id: true}
	edges := map[string]bool{}
	frontier := []string{id}
	for d := 1; d <= depth && len(frontier) > 0; d++ {
		var next []string
		for _, from := range frontier {
			ns, err := s.store.Neighbors(ctx, from, types)
			if graph.Is(err, graph.NotFound) {
				continue // deleted while we walked
			}
			if err != nil {
				return graph.E(op, err)
			}
			for i := range ns {
				n := &ns[i]
				if !v.entity(&n.Entity) {
					continue
				}
				other := n.Entity.ID
				if !seen[other] {
					if len(out.Nodes) >= limit {
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
	c.JSON(nethttp.StatusOK, out)
	return nil
}
