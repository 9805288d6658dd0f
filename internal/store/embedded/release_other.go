//go:build !linux

package embedded

// ReleasePages does nothing on this system (see the Linux version).
func (s *Store) ReleasePages() error { return nil }
