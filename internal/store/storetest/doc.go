// Package storetest is the conformance suite that every graph.Store backend
// must pass, embedded and Neo4j alike, and a few fixtures for other tests.
//
// A backend's test calls Run with a function that returns an empty store:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) graph.Store {
//			s, err := embedded.Open(t.TempDir())
//			require.NoError(t, err)
//			t.Cleanup(func() { s.Close() })
//			return s
//		})
//	}
//
// The suite uses only the graph.Store interface, so it runs unchanged
// against any backend. Where the contract in package graph leaves a choice
// open, the suite pins it down; see the doc comment of Run.
package storetest
