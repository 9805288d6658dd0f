// Package embedded is powermap's default graph.Store: a real embedded
// database in one file, dir/powermap.db, kept by go.etcd.io/bbolt.
//
// Records are stored in a compact, versioned binary encoding. Secondary
// indexes (adjacency, search tokens) and counts live in the same file and are
// written in the same transaction as the records, so a crash at any moment
// leaves the store consistent: bbolt fsyncs on commit, and an Apply that has
// returned survives a kill -9. Check verifies the indexes against a full scan.
package embedded
