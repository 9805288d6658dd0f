package http

import (
	"context"
	"encoding/json"
	"errors"
	nethttp "net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/powermap/powermap/graph"
)

// resource serves GET, POST, PUT, PATCH and DELETE for one record type, so
// that entities and relationships share one implementation of ETags,
// If-Match, read-modify-write and auditing (each write's audit entry rides in
// its batch, see Server.auditBatch).
type resource[T any] struct {
	s    *Server
	name string // "entity", in audit actions and messages
	path string // "/api/v1/entities/", for Location
	// read returns one record from the store.
	read func(ctx context.Context, id string) (T, error)
	// visible applies the caller's visibility to a record.
	visible   func(ctx context.Context, v *visibility, t *T) (bool, error)
	id        func(t *T) string
	setID     func(t *T, id string)
	normalize func(t *T)
	revision  func(t *T) string
	// write adds an upsert of t, del a delete of id, to a batch.
	write  func(b *graph.Batch, t T)
	del    func(b *graph.Batch, id string)
	expect func(id, rev string) graph.Expectation
	// newID makes an id for a record posted without one ("" to leave it).
	newID func(t *T) string
}

func newEntityResource(s *Server) *resource[graph.Entity] {
	return &resource[graph.Entity]{
		s: s, name: "entity", path: "/api/v1/entities/",
		read: s.store.Entity,
		visible: func(_ context.Context, v *visibility, e *graph.Entity) (bool, error) {
			return v.entity(e), nil
		},
		id:        func(e *graph.Entity) string { return e.ID },
		setID:     func(e *graph.Entity, id string) { e.ID = id },
		normalize: func(e *graph.Entity) { e.Normalize() },
		revision:  func(e *graph.Entity) string { return e.Revision() },
		write:     func(b *graph.Batch, e graph.Entity) { b.Entities = append(b.Entities, e) },
		del:       func(b *graph.Batch, id string) { b.DeleteEntities = append(b.DeleteEntities, id) },
		expect:    func(id, rev string) graph.Expectation { return graph.Expectation{Entity: id, Revision: rev} },
		newID:     func(*graph.Entity) string { return "e_" + graph.RandomID(8) },
	}
}

func newRelationshipResource(s *Server) *resource[graph.Relationship] {
	return &resource[graph.Relationship]{
		s: s, name: "relationship", path: "/api/v1/relationships/",
		read: s.store.Relationship,
		visible: func(ctx context.Context, v *visibility, r *graph.Relationship) (bool, error) {
			return v.relationship(ctx, r)
		},
		id:        func(r *graph.Relationship) string { return r.ID },
		setID:     func(r *graph.Relationship, id string) { r.ID = id },
		normalize: func(r *graph.Relationship) { r.Normalize() },
		revision:  func(r *graph.Relationship) string { return r.Revision() },
		write:     func(b *graph.Batch, r graph.Relationship) { b.Relationships = append(b.Relationships, r) },
		del:       func(b *graph.Batch, id string) { b.DeleteRelationships = append(b.DeleteRelationships, id) },
		expect: func(id, rev string) graph.Expectation {
			return graph.Expectation{Relationship: id, Revision: rev}
		},
		newID: func(*graph.Relationship) string { return "" }, // Normalize derives TYPE:source>target
	}
}

// current reads a record the caller may see, or answers NotFound.
func (r *resource[T]) current(c *gin.Context, id string) (T, error) {
	op := "http.get" + r.name
	ctx := c.Request.Context()
	t, err := r.read(ctx, id)
	if err != nil {
		return t, graph.E(op, err)
	}
	ok, err := r.visible(ctx, r.s.visibility(c), &t)
	if err != nil {
		return t, graph.E(op, err)
	}
	if !ok {
		var zero T
		return zero, graph.Errorf(op, graph.NotFound, "%s %q not found", r.name, id)
	}
	return t, nil
}

func (r *resource[T]) get(c *gin.Context) error {
	t, err := r.current(c, c.Param("id"))
	if err != nil {
		return err
	}
	setETag(c, r.revision(&t))
	c.JSON(nethttp.StatusOK, t)
	return nil
}

// create answers POST: the record must not exist yet (409 otherwise).
func (r *resource[T]) create(c *gin.Context) error {
	var t T
	if err := decodeJSON(c, &t); err != nil {
		return err
	}
	if r.id(&t) == "" {
		r.setID(&t, r.newID(&t))
	}
	r.normalize(&t)
	b := &graph.Batch{Audit: r.s.auditBatch(c, r.id(&t), always(r.name+".create"))}
	r.write(b, t)
	if id := r.id(&t); id != "" {
		b.Expect = []graph.Expectation{r.expect(id, "")}
	}
	if _, err := r.apply(c, b, false); err != nil {
		return err
	}
	c.Header("Location", r.path+url.PathEscape(r.id(&t)))
	setETag(c, r.revision(&t))
	c.JSON(nethttp.StatusCreated, t)
	return nil
}

// put answers PUT: an idempotent upsert by id. If-Match makes it
// conditional on the current revision ("*": on existing at all), and
// If-None-Match: * on not existing.
func (r *resource[T]) put(c *gin.Context) error {
	op := "http.put" + r.name
	id := c.Param("id")
	var t T
	if err := decodeJSON(c, &t); err != nil {
		return err
	}
	if got := r.id(&t); got != "" && got != id {
		return bodyError(op, "id", "must equal the id in the path ("+id+"), got "+got)
	}
	r.setID(&t, id)
	r.normalize(&t)
	b := &graph.Batch{Audit: r.s.auditBatch(c, id, func(st graph.Stats) (string, map[string]string) {
		switch {
		case st.EntitiesCreated+st.RelationshipsCreated > 0:
			return r.name + ".create", nil
		case st.Changed():
			return r.name + ".update", nil
		}
		return "", nil // an unchanged record is not recorded
	})}
	r.write(b, t)
	want := ifMatch(c)
	switch {
	case want == "*":
		cur, err := r.read(c.Request.Context(), id)
		if graph.Is(err, graph.NotFound) {
			return preconditionFailed(op, r.name, id, err)
		}
		if err != nil {
			return graph.E(op, err)
		}
		b.Expect = append(b.Expect, r.expect(id, r.revision(&cur)))
	case want != "":
		b.Expect = append(b.Expect, r.expect(id, want))
	case c.GetHeader("If-None-Match") == "*":
		b.Expect = append(b.Expect, r.expect(id, ""))
	}
	st, err := r.apply(c, b, want != "" || c.GetHeader("If-None-Match") != "")
	if err != nil {
		return err
	}
	status := nethttp.StatusOK
	if st.EntitiesCreated+st.RelationshipsCreated > 0 {
		status = nethttp.StatusCreated
		c.Header("Location", r.path+url.PathEscape(id))
	}
	setETag(c, r.revision(&t))
	c.JSON(status, t)
	return nil
}

// patch answers PATCH with a JSON merge patch (RFC 7396): read, merge,
// validate, and write on the condition that nobody changed the record in
// between (409), or that it still has the If-Match revision (412).
func (r *resource[T]) patch(c *gin.Context) error {
	op := "http.patch" + r.name
	id := c.Param("id")
	cur, rev, want, err := r.matching(c, op, id)
	if err != nil {
		return err
	}
	var patch map[string]any
	if err := decodeJSON(c, &patch); err != nil {
		return err
	}
	doc, err := toMap(cur)
	if err != nil {
		return graph.E(op, graph.Internal, err)
	}
	merged, err := json.Marshal(mergePatch(doc, patch))
	if err != nil {
		return graph.E(op, graph.Internal, err)
	}
	var next T
	if err := unmarshalStrict(merged, &next); err != nil {
		return err
	}
	if got := r.id(&next); got != id {
		return bodyError(op, "id", "cannot be changed by PATCH (delete and create instead)")
	}
	r.normalize(&next)
	b := &graph.Batch{Expect: []graph.Expectation{r.expect(id, rev)},
		Audit: r.s.auditBatch(c, id, func(st graph.Stats) (string, map[string]string) {
			if !st.Changed() {
				return "", nil
			}
			return r.name + ".update", nil
		})}
	r.write(b, next)
	if _, err := r.apply(c, b, want != ""); err != nil {
		return err
	}
	setETag(c, r.revision(&next))
	c.JSON(nethttp.StatusOK, next)
	return nil
}

// delete answers DELETE: 204, or 404 when the record is missing. Deleting an
// entity deletes its relationships.
func (r *resource[T]) delete(c *gin.Context) error {
	op := "http.delete" + r.name
	id := c.Param("id")
	_, rev, want, err := r.matching(c, op, id)
	if err != nil {
		return err
	}
	b := &graph.Batch{Expect: []graph.Expectation{r.expect(id, rev)},
		Audit: r.s.auditBatch(c, id, func(st graph.Stats) (string, map[string]string) {
			var details map[string]string
			if st.RelationshipsDeleted > 0 && r.name == "entity" {
				details = map[string]string{"relationships_deleted": itoa(st.RelationshipsDeleted)}
			}
			return r.name + ".delete", details
		})}
	r.del(b, id)
	if _, err := r.apply(c, b, want != ""); err != nil {
		return err
	}
	c.Status(nethttp.StatusNoContent)
	return nil
}

// matching reads the record that PATCH or DELETE is about and checks it
// against If-Match. It returns the record, its revision and the If-Match
// value ("" when absent): 404 when the record is missing, 412 when it is
// not at the revision asked for.
func (r *resource[T]) matching(c *gin.Context, op, id string) (cur T, rev, want string, err error) {
	if cur, err = r.current(c, id); err != nil {
		return cur, "", "", err
	}
	rev, want = r.revision(&cur), ifMatch(c)
	if want != "" && want != "*" && want != rev {
		return cur, "", "", preconditionFailed(op, r.name, id, nil)
	}
	return cur, rev, want, nil
}

// apply writes a batch. A failed expectation is a Conflict; when the client
// set the condition (If-Match, If-None-Match) it is answered 412.
func (r *resource[T]) apply(c *gin.Context, b *graph.Batch, clientCondition bool) (graph.Stats, error) {
	op := "http.write" + r.name
	st, err := r.s.store.Apply(c.Request.Context(), b)
	if err != nil {
		if clientCondition && graph.Is(err, graph.Conflict) {
			return st, &graph.Error{Op: op, Code: graph.Conflict, Message: graph.MessageOf(err), Err: errors.Join(errPrecondition, err)}
		}
		return st, graph.E(op, err)
	}
	return st, nil
}

func preconditionFailed(op, name, id string, cause error) error {
	return &graph.Error{Op: op, Code: graph.Conflict,
		Message: name + " " + id + " does not have the revision given in If-Match; read it again",
		Err:     errors.Join(errPrecondition, cause)}
}

func toMap(v any) (map[string]any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	return m, json.Unmarshal(b, &m)
}

// mergePatch applies an RFC 7396 merge patch to target.
func mergePatch(target, patch any) any {
	pm, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	tm, ok := target.(map[string]any)
	if !ok {
		tm = map[string]any{}
	}
	for k, v := range pm {
		if v == nil {
			delete(tm, k)
		} else {
			tm[k] = mergePatch(tm[k], v)
		}
	}
	return tm
}
