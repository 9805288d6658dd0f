package app

import (
	"context"
	"io"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/backup"
)

// Backup writes a backup of every record of the store to w (see package
// backup): the whole map with its private records, and the token hashes.
// Only an admin may make one (Forbidden otherwise), and it is audited before
// it is written, so that the backup holds its own entry. A store that keeps
// no backup (graph.BackupStore) is Unavailable.
func (a *App) Backup(ctx context.Context, c Caller, w io.Writer) (backup.Counts, error) {
	const op = "app.Backup"
	if !c.Role.Allows(graph.RoleAdmin) {
		return nil, &graph.Error{Op: op, Code: graph.Forbidden, Message: "only an admin may make a backup"}
	}
	s, ok := a.store.(graph.BackupStore)
	if !ok {
		return nil, graph.Errorf(op, graph.Unavailable, "this store cannot be backed up")
	}
	a.audit(ctx, c, "backup", "", map[string]string{"format": backup.Format, "version": "1"})
	return backup.Write(ctx, w, s)
}
