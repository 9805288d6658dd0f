//go:build linux

package embedded

import (
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// ReleasePages lets go of the pages of the store's file that this process
// holds in its memory map. Reading the store maps the file's pages into the
// process, and a long load that reads all over its indexes ends up with the
// whole file resident, counted in its memory although it is only the
// kernel's cache of the file. ReleasePages drops them from the process
// (madvise MADV_DONTNEED on the read-only shared map): they stay in the
// page cache, and a later read maps them again without reading the disk.
// Nothing stored changes. It holds a read transaction, during which the
// map cannot move.
func (s *Store) ReleasePages() error {
	const op = "embedded.ReleasePages"
	err := s.db.View(func(tx *bolt.Tx) error {
		_, _, errno := syscall.Syscall(syscall.SYS_MADVISE, s.db.Info().Data, uintptr(tx.Size()), syscall.MADV_DONTNEED)
		if errno != 0 {
			return errno
		}
		return nil
	})
	return wrap(op, err)
}
