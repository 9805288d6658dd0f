package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/powermap/powermap/graph"
)

// ErrPrecondition marks a Conflict caused by a revision the caller gave
// (If-Match) that the record no longer has: the HTTP API answers it 412.
var ErrPrecondition = errors.New("precondition failed")

// PreconditionFailed is the Conflict for a stale revision.
func PreconditionFailed(op, name, id string) error {
	return &graph.Error{Op: op, Code: graph.Conflict,
		Message: name + " " + id + " does not have the revision given in If-Match; read it again",
		Err:     ErrPrecondition}
}

// Condition makes a write conditional. Match is a revision the record must
// have ("*": it must exist); None says it must not exist yet.
type Condition struct {
	Match string
	None  bool
}

func (w Condition) set() bool { return w.Match != "" || w.None }

// Written is the answer of a write: the record as written, and whether it
// was created.
type Written[T any] struct {
	Record  T
	Created bool
	// Revision is the record's new revision.
	Revision string
}

// kind describes one record type, so that entities and relationships share
// one implementation of reads, conditional writes and auditing.
type kind[T any] struct {
	name      string // "entity", in audit actions and messages
	read      func(ctx context.Context, v *view, id string) (T, error)
	id        func(t *T) string
	setID     func(t *T, id string)
	normalize func(t *T)
	revision  func(t *T) string
	write     func(b *graph.Batch, t T)
	del       func(b *graph.Batch, id string)
	expect    func(id, rev string) graph.Expectation
	newID     func() string
}

func (a *App) entityKind() *kind[graph.Entity] {
	return &kind[graph.Entity]{
		name: "entity",
		read: func(ctx context.Context, v *view, id string) (graph.Entity, error) {
			e, err := v.store.Entity(ctx, id)
			return e, notFoundAs(err, func() error { return noEntity("id", id) })
		},
		id:        func(e *graph.Entity) string { return e.ID },
		setID:     func(e *graph.Entity, id string) { e.ID = id },
		normalize: func(e *graph.Entity) { e.Normalize() },
		revision:  func(e *graph.Entity) string { return e.Revision() },
		write:     func(b *graph.Batch, e graph.Entity) { b.Entities = append(b.Entities, e) },
		del:       func(b *graph.Batch, id string) { b.DeleteEntities = append(b.DeleteEntities, id) },
		expect:    func(id, rev string) graph.Expectation { return graph.Expectation{Entity: id, Revision: rev} },
		newID:     func() string { return "e_" + graph.RandomID(8) },
	}
}

func (a *App) relationshipKind() *kind[graph.Relationship] {
	return &kind[graph.Relationship]{
		name: "relationship",
		read: func(ctx context.Context, v *view, id string) (graph.Relationship, error) {
			r, err := v.store.Relationship(ctx, id)
			return r, notFoundAs(err, func() error { return noRelationship(id) })
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
		newID: func() string { return "" }, // Normalize derives TYPE:source>target
	}
}

// create writes a new record: it must not exist yet (Conflict otherwise).
func create[T any](ctx context.Context, a *App, c Caller, k *kind[T], t T) (Written[T], error) {
	op := "app.create" + k.name
	if err := need(c, graph.RoleEditor, op); err != nil {
		return Written[T]{}, err
	}
	if k.id(&t) == "" {
		k.setID(&t, k.newID())
	}
	k.normalize(&t)
	b := &graph.Batch{}
	k.write(b, t)
	if id := k.id(&t); id != "" {
		b.Expect = []graph.Expectation{k.expect(id, "")}
	}
	b.Audit = a.auditBatch(c, k.id(&t), always(k.name+".create"))
	if _, err := a.apply(ctx, op, b, false); err != nil {
		return Written[T]{}, err
	}
	return Written[T]{Record: t, Created: true, Revision: k.revision(&t)}, nil
}

// put upserts a record by id, on condition w.
func put[T any](ctx context.Context, a *App, c Caller, k *kind[T], id string, t T, w Condition) (Written[T], error) {
	op := "app.put" + k.name
	if err := need(c, graph.RoleEditor, op); err != nil {
		return Written[T]{}, err
	}
	if got := k.id(&t); got != "" && got != id {
		return Written[T]{}, fieldError(op, "id", "must equal the id in the path ("+id+"), got "+got)
	}
	k.setID(&t, id)
	k.normalize(&t)
	b := &graph.Batch{}
	k.write(b, t)
	switch {
	case w.Match == "*":
		cur, err := k.read(ctx, a.all, id)
		if graph.Is(err, graph.NotFound) {
			return Written[T]{}, PreconditionFailed(op, k.name, id)
		}
		if err != nil {
			return Written[T]{}, graph.E(op, err)
		}
		b.Expect = append(b.Expect, k.expect(id, k.revision(&cur)))
	case w.Match != "":
		b.Expect = append(b.Expect, k.expect(id, w.Match))
	case w.None:
		b.Expect = append(b.Expect, k.expect(id, ""))
	}
	b.Audit = a.auditBatch(c, id, func(st graph.Stats) (string, map[string]string) {
		switch {
		case st.EntitiesCreated+st.RelationshipsCreated > 0:
			return k.name + ".create", nil
		case st.Changed():
			return k.name + ".update", nil
		}
		return "", nil
	})
	st, err := a.apply(ctx, op, b, w.set())
	if err != nil {
		return Written[T]{}, err
	}
	created := st.EntitiesCreated+st.RelationshipsCreated > 0
	return Written[T]{Record: t, Created: created, Revision: k.revision(&t)}, nil
}

// patch applies a JSON merge patch (RFC 7396) to a record: read, merge,
// validate, and write on the condition that nobody changed it in between
// (Conflict), or that it still has revision w.Match (a failed precondition).
func patch[T any](ctx context.Context, a *App, c Caller, k *kind[T], id string, doc []byte, w Condition) (Written[T], error) {
	op := "app.patch" + k.name
	if err := need(c, graph.RoleEditor, op); err != nil {
		return Written[T]{}, err
	}
	cur, rev, err := matching(ctx, a, k, op, id, w)
	if err != nil {
		return Written[T]{}, err
	}
	var p map[string]any
	if err := DecodeJSON(doc, &p); err != nil {
		return Written[T]{}, err
	}
	base, err := toMap(cur)
	if err != nil {
		return Written[T]{}, graph.E(op, graph.Internal, err)
	}
	merged, err := json.Marshal(mergePatch(base, p))
	if err != nil {
		return Written[T]{}, graph.E(op, graph.Internal, err)
	}
	var next T
	if err := DecodeJSON(merged, &next); err != nil {
		return Written[T]{}, err
	}
	if got := k.id(&next); got != id {
		return Written[T]{}, fieldError(op, "id", "cannot be changed by PATCH (delete and create instead)")
	}
	k.normalize(&next)
	b := &graph.Batch{Expect: []graph.Expectation{k.expect(id, rev)}}
	k.write(b, next)
	b.Audit = a.auditBatch(c, id, func(st graph.Stats) (string, map[string]string) {
		if st.Changed() {
			return k.name + ".update", nil
		}
		return "", nil
	})
	if _, err := a.apply(ctx, op, b, w.Match != ""); err != nil {
		return Written[T]{}, err
	}
	return Written[T]{Record: next, Revision: k.revision(&next)}, nil
}

// remove deletes a record (an entity with its relationships).
func remove[T any](ctx context.Context, a *App, c Caller, k *kind[T], id string, w Condition) error {
	op := "app.delete" + k.name
	if err := need(c, graph.RoleEditor, op); err != nil {
		return err
	}
	_, rev, err := matching(ctx, a, k, op, id, w)
	if err != nil {
		return err
	}
	b := &graph.Batch{Expect: []graph.Expectation{k.expect(id, rev)}}
	k.del(b, id)
	b.Audit = a.auditBatch(c, id, func(st graph.Stats) (string, map[string]string) {
		if st.RelationshipsDeleted > 0 && k.name == "entity" {
			return k.name + ".delete", map[string]string{"relationships_deleted": strconv.Itoa(st.RelationshipsDeleted)}
		}
		return k.name + ".delete", nil
	})
	_, err = a.apply(ctx, op, b, w.Match != "")
	return err
}

// matching reads the record a PATCH or DELETE is about and checks it
// against the condition: NotFound when missing, a failed precondition when
// it is not at the revision asked for.
func matching[T any](ctx context.Context, a *App, k *kind[T], op, id string, w Condition) (T, string, error) {
	cur, err := k.read(ctx, a.all, id)
	if err != nil {
		return cur, "", graph.E(op, err)
	}
	rev := k.revision(&cur)
	if w.Match != "" && w.Match != "*" && w.Match != rev {
		return cur, "", PreconditionFailed(op, k.name, id)
	}
	return cur, rev, nil
}

// apply writes a batch. A failed expectation is a Conflict, marked as a
// failed precondition when the caller set the condition. A batch that may
// hide a record raises the viewers' fence before apply returns.
func (a *App) apply(ctx context.Context, op string, b *graph.Batch, callerCondition bool) (graph.Stats, error) {
	st, err := a.store.Apply(ctx, b)
	if err != nil {
		if callerCondition && graph.Is(err, graph.Conflict) {
			return st, &graph.Error{Op: op, Code: graph.Conflict, Message: graph.MessageOf(err), Err: errors.Join(ErrPrecondition, err)}
		}
		return st, graph.E(op, err)
	}
	if mayHide(b) {
		a.raiseFence(ctx)
	}
	return st, nil
}

// CreateEntity stores a new entity; an id is made when none is given.
func (a *App) CreateEntity(ctx context.Context, c Caller, e graph.Entity) (Written[graph.Entity], error) {
	return create(ctx, a, c, a.entityKind(), e)
}

// PutEntity upserts an entity by id.
func (a *App) PutEntity(ctx context.Context, c Caller, id string, e graph.Entity, w Condition) (Written[graph.Entity], error) {
	return put(ctx, a, c, a.entityKind(), id, e, w)
}

// PatchEntity applies a JSON merge patch to an entity.
func (a *App) PatchEntity(ctx context.Context, c Caller, id string, doc []byte, w Condition) (Written[graph.Entity], error) {
	return patch(ctx, a, c, a.entityKind(), id, doc, w)
}

// DeleteEntity deletes an entity and its relationships.
func (a *App) DeleteEntity(ctx context.Context, c Caller, id string, w Condition) error {
	return remove(ctx, a, c, a.entityKind(), id, w)
}

// CreateRelationship stores a new relationship.
func (a *App) CreateRelationship(ctx context.Context, c Caller, r graph.Relationship) (Written[graph.Relationship], error) {
	return create(ctx, a, c, a.relationshipKind(), r)
}

// PutRelationship upserts a relationship by id.
func (a *App) PutRelationship(ctx context.Context, c Caller, id string, r graph.Relationship, w Condition) (Written[graph.Relationship], error) {
	return put(ctx, a, c, a.relationshipKind(), id, r, w)
}

// PatchRelationship applies a JSON merge patch to a relationship.
func (a *App) PatchRelationship(ctx context.Context, c Caller, id string, doc []byte, w Condition) (Written[graph.Relationship], error) {
	return patch(ctx, a, c, a.relationshipKind(), id, doc, w)
}

// DeleteRelationship deletes a relationship.
func (a *App) DeleteRelationship(ctx context.Context, c Caller, id string, w Condition) error {
	return remove(ctx, a, c, a.relationshipKind(), id, w)
}

func fieldError(op, field, reason string) error {
	return &graph.Error{Op: op, Code: graph.Invalid, Message: field + " " + reason,
		Details: []graph.Detail{{Field: field, Reason: reason}}}
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

// DecodeJSON reads a JSON value into v, refusing unknown fields and
// trailing data. Problems are Invalid errors that name the field.
func DecodeJSON(body []byte, v any) error {
	const op = "app.DecodeJSON"
	if len(bytes.TrimSpace(body)) == 0 {
		return fieldError(op, "body", "must be a JSON object, got nothing")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			return fieldError(op, "body", "is not valid JSON at byte "+strconv.FormatInt(syn.Offset, 10)+": "+syn.Error())
		case errors.As(err, &typ):
			field := typ.Field
			if field == "" {
				field = "body"
			}
			return fieldError(op, field, "must be "+jsonKind(typ.Type.Kind().String())+", got "+typ.Value)
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			f, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
			return fieldError(op, f, "is not a known field")
		case errors.Is(err, io.ErrUnexpectedEOF):
			return fieldError(op, "body", "is truncated JSON")
		}
		return fieldError(op, "body", "is not valid JSON: "+err.Error())
	}
	if dec.More() {
		return fieldError(op, "body", "holds data after the JSON value")
	}
	return nil
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "slice", "array":
		return "an array"
	case "map", "struct":
		return "an object"
	}
	return "a number"
}
