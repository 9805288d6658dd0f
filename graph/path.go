package graph

import "strings"

// EntityRef names an entity where an answer mentions it (a path, an
// outreach list), with what a reader needs to show it without asking for
// the entity.
type EntityRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Kind Kind   `json:"kind,omitempty"`
	// Title is the entity's title; for an entity without one, its role:
	// its org_type, or else its labels joined by ", " ("board"). It is
	// empty when the entity has none of these.
	Title string `json:"title,omitempty"`
	// Ours marks an entity of our coalition (Entity.Ours).
	Ours bool `json:"ours,omitempty"`
	// Private marks an entity hidden from viewers (Entity.IsPrivate).
	Private bool `json:"private,omitempty"`
}

// RoleOf is what EntityRef.Title holds for an entity with these fields:
// its title, or else its org_type, or else its labels joined by ", ".
func RoleOf(title, orgType string, labels []string) string {
	switch {
	case title != "":
		return title
	case orgType != "":
		return orgType
	}
	return strings.Join(labels, ", ")
}

// RefOf names e for an answer.
func RefOf(e *Entity) EntityRef {
	return EntityRef{ID: e.ID, Name: e.Name, Kind: e.Kind, Title: RoleOf(e.Title, e.OrgType, e.Labels), Ours: e.Ours, Private: e.IsPrivate()}
}

// Hop is one tie of a Path, in the direction of travel: From introduces
// To.
type Hop struct {
	From     string  `json:"from"`
	To       string  `json:"to"`
	Type     RelType `json:"type"`
	Strength float64 `json:"strength"`
	Notes    string  `json:"notes,omitempty"`
	// Relationship is the id of the relationship behind the hop.
	Relationship string `json:"relationship"`
	// Reverse is true when the hop runs against the recorded direction of
	// a directed type (from an organization to its member, say).
	Reverse bool `json:"reverse,omitempty"`
}

// Path is an introduction path: a chain of ties along which each entity
// can introduce the next, from its first node to its last. Nodes has one
// more element than Hops, and Hops[i] joins Nodes[i] to Nodes[i+1].
type Path struct {
	// Nodes carries every entity of the path, first to last.
	Nodes []EntityRef `json:"nodes"`
	Hops  []Hop       `json:"hops"`
	// Strength is the product of the hops' strengths.
	Strength float64 `json:"strength"`
	// Cost is the sum of the hops' costs: -ln(strength) each, but at least
	// graph/snapshot's CostFloor (1e-3), so a tie of strength 1 costs as
	// much as one of strength 0.999.
	Cost float64 `json:"cost"`
}

// IDs returns the ids of the path's nodes, first to last.
func (p Path) IDs() []string {
	ids := make([]string, len(p.Nodes))
	for i, n := range p.Nodes {
		ids[i] = n.ID
	}
	return ids
}
