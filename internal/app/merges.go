package app

import (
	"context"

	"github.com/powermap/powermap/graph"
)

// Merges are an editing tool: only editors and admins merge, undo or read
// merge records, so a viewer never learns through one that a hidden entity
// exists (the role check comes before any lookup).

// mergeStore returns the store's graph.MergeStore, or an Unavailable error
// when the store keeps no merges.
func (a *App) mergeStore(op string) (graph.MergeStore, error) {
	ms, ok := a.store.(graph.MergeStore)
	if !ok {
		return nil, graph.Errorf(op, graph.Unavailable, "this store cannot merge entities")
	}
	return ms, nil
}

// Merge merges entity drop into entity keep (each an id or an unambiguous
// name): keep absorbs drop's names, fields, ties, stances, campaign targets
// and organizing-log entries, and drop's id becomes an alias of keep (see
// graph.MergeStore). The merge is audited as "entity.merge" with what
// moved. Editors and admins only.
func (a *App) Merge(ctx context.Context, c Caller, keep, drop string) (graph.Merge, error) {
	const op = "app.Merge"
	if err := need(c, graph.RoleEditor, op); err != nil {
		return graph.Merge{}, err
	}
	ms, err := a.mergeStore(op)
	if err != nil {
		return graph.Merge{}, err
	}
	if trim(keep) == "" || trim(drop) == "" {
		var ds []graph.Detail
		if trim(keep) == "" {
			ds = append(ds, graph.Detail{Field: "keep", Reason: "must not be empty"})
		}
		if trim(drop) == "" {
			ds = append(ds, graph.Detail{Field: "drop", Reason: "must not be empty"})
		}
		return graph.Merge{}, &graph.Error{Op: op, Code: graph.Invalid, Message: "invalid merge: " + ds[0].String(), Details: ds}
	}
	k, err := a.resolve(ctx, a.all, "keep", keep)
	if err != nil {
		return graph.Merge{}, graph.E(op, err)
	}
	// The drop is named by id as given when it is an alias id already
	// merged away, so that the store can say so (Conflict) rather than
	// resolve it to its entity.
	dropID := trim(drop)
	if _, err := a.store.Entity(ctx, dropID); graph.Is(err, graph.NotFound) {
		d, err := a.resolve(ctx, a.all, "drop", drop)
		if err != nil {
			return graph.Merge{}, graph.E(op, err)
		}
		dropID = d.ID
	} else if err != nil {
		return graph.Merge{}, graph.E(op, err)
	}
	base := a.entry(c, "entity.merge", k.ID, nil)
	m, err := ms.Merge(ctx, graph.MergeRequest{Keep: k.ID, Drop: dropID, By: base.Actor, At: a.now(),
		Audit: func(m graph.Merge) []graph.AuditEntry {
			e := base
			e.Target, e.Details = m.Keep, graph.MergeAuditDetails(&m)
			return []graph.AuditEntry{e}
		}})
	if err != nil {
		return graph.Merge{}, graph.E(op, err)
	}
	// The kept entity may now be private (it absorbed a private one).
	a.raiseFence(ctx)
	return m, nil
}

// Unmerge undoes a merge: both entities, and every record the merge
// touched, are as they were before it. A merge that later writes touched is
// a Conflict naming each changed record. Editors and admins only.
func (a *App) Unmerge(ctx context.Context, c Caller, id string) (graph.Merge, error) {
	const op = "app.Unmerge"
	if err := need(c, graph.RoleEditor, op); err != nil {
		return graph.Merge{}, err
	}
	ms, err := a.mergeStore(op)
	if err != nil {
		return graph.Merge{}, err
	}
	base := a.entry(c, "entity.unmerge", "", nil)
	m, err := ms.Unmerge(ctx, graph.UnmergeRequest{ID: trim(id), By: base.Actor, At: a.now(),
		Audit: func(m graph.Merge) []graph.AuditEntry {
			e := base
			e.Target, e.Details = m.Keep, map[string]string{"merge": m.ID, "drop": m.Drop}
			return []graph.AuditEntry{e}
		}})
	if err != nil {
		return graph.Merge{}, graph.E(op, err)
	}
	a.raiseFence(ctx)
	return m.Summary(), nil
}

// Merges lists merges newest first, without their records, at most limit
// (0: all). Editors and admins only.
func (a *App) Merges(ctx context.Context, c Caller, limit int) ([]graph.Merge, error) {
	const op = "app.Merges"
	if err := need(c, graph.RoleEditor, op); err != nil {
		return nil, err
	}
	ms, err := a.mergeStore(op)
	if err != nil {
		return nil, err
	}
	out, err := ms.Merges(ctx, limit)
	if err != nil {
		return nil, graph.E(op, err)
	}
	return out, nil
}

// MergeRecord returns one merge with every record it touched, before and
// after. Editors and admins only.
func (a *App) MergeRecord(ctx context.Context, c Caller, id string) (graph.Merge, error) {
	const op = "app.MergeRecord"
	if err := need(c, graph.RoleEditor, op); err != nil {
		return graph.Merge{}, err
	}
	ms, err := a.mergeStore(op)
	if err != nil {
		return graph.Merge{}, err
	}
	m, err := ms.MergeRecord(ctx, trim(id))
	if err != nil {
		return graph.Merge{}, graph.E(op, err)
	}
	return m, nil
}
