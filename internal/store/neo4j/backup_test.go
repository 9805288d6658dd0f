package neo4j_test

import (
	"testing"

	"github.com/powermap/powermap/internal/store/neo4j/neo4jtest"
	"github.com/powermap/powermap/internal/store/storetest"
)

// TestBackupConformance runs the backup cases on the one test database: the
// store to load into is the same one, emptied.
func TestBackupConformance(t *testing.T) {
	storetest.RunBackup(t, func(t *testing.T, before storetest.BackupBackend) storetest.BackupBackend {
		if before != nil {
			neo4jtest.Reset(t)
			return before
		}
		return neo4jtest.Open(t)
	})
}
