package neo4j

// SetLimits lowers the change log's bounds and Stream's page size for a
// test; zero keeps a limit as it is.
func (s *Store) SetLimits(keepChanges, keepRecords, maxChangeRecords, streamPage int) {
	for _, x := range []struct {
		dst *int
		v   int
	}{{&s.keepChanges, keepChanges}, {&s.keepRecords, keepRecords}, {&s.maxChangeRecords, maxChangeRecords}, {&s.streamPage, streamPage}} {
		if x.v > 0 {
			*x.dst = x.v
		}
	}
}
