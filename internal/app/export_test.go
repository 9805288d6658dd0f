package app

import (
	"context"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/snapshot"
)

// SnapshotOf returns the analysis snapshot c is answered from.
func (a *App) SnapshotOf(ctx context.Context, c Caller) (*snapshot.Snapshot, error) {
	return a.snapshot(ctx, c)
}

// ViewerSnapshots returns the manager of viewers' snapshot.
func (a *App) ViewerSnapshots() *snapshot.Manager { return a.public.snapshots }

// Public returns s as viewers see it.
func Public(s graph.Store) graph.Store { return &publicStore{s: s} }
