package embedded

import (
	"testing"

	"github.com/powermap/powermap/internal/store/storetest"
)

// TestBackupConformance runs the backup cases; openTemp checks the store's
// consistency after each.
func TestBackupConformance(t *testing.T) {
	storetest.RunBackup(t, func(t *testing.T, _ storetest.BackupBackend) storetest.BackupBackend { return openTemp(t) })
}
