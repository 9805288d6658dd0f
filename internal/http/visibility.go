package http

import (
	"context"

	"github.com/gin-gonic/gin"

	"github.com/powermap/powermap/graph"
)

// visibility decides what a caller may see: editors and admins see
// everything; viewers see no private entity (Entity.IsPrivate), and no
// relationship that touches one. A hidden record is answered as not found,
// so that its existence does not leak.
type visibility struct {
	all   bool
	store graph.Store
	// private caches entity privacy by id for the request.
	private map[string]bool
}

func (s *Server) visibility(c *gin.Context) *visibility {
	return &visibility{all: roleOf(c).Allows(graph.RoleEditor), store: s.store, private: map[string]bool{}}
}

// entity reports whether e may be shown, and remembers its privacy.
func (v *visibility) entity(e *graph.Entity) bool {
	if v.all {
		return true
	}
	p := e.IsPrivate()
	v.private[e.ID] = p
	return !p
}

// id reports whether the entity with this id may be shown, reading it when
// its privacy is not known yet. A missing entity is not shown.
func (v *visibility) id(ctx context.Context, id string) (bool, error) {
	if v.all {
		return true, nil
	}
	if p, ok := v.private[id]; ok {
		return !p, nil
	}
	e, err := v.store.Entity(ctx, id)
	if graph.Is(err, graph.NotFound) {
		v.private[id] = true
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return v.entity(&e), nil
}

// relationship reports whether r may be shown: both its ends must be.
func (v *visibility) relationship(ctx context.Context, r *graph.Relationship) (bool, error) {
	if v.all {
		return true, nil
	}
	for _, id := range []string{r.Source, r.Target} {
		ok, err := v.id(ctx, id)
		if !ok || err != nil {
			return false, err
		}
	}
	return true, nil
}
