// Package embedded is powermap's default graph.Store: a real embedded
// database in one file, dir/powermap.db, kept by go.etcd.io/bbolt.
//
// Open(dir) creates the folder and file; only one process may hold them.
// Records are stored in a compact, versioned binary encoding (codec.go).
// Beside them, in the same file and written in the same transaction, are an
// adjacency index (entity → relationship ids, for Neighbors and cascade
// deletes), a search index (folded token → entity ids, read by prefix), and
// the counters and change version. bbolt fsyncs on commit, so an Apply that
// has returned survives a kill -9 or a power cut, and a crash at any other
// moment leaves the previous state whole. Check verifies the indexes and
// counters against a full scan.
//
// Apply validates with graph.Batch.Prepare, then runs one read-write
// transaction; it stages upserts and writes them in key order, which keeps
// bulk imports linear. Stream reads the whole graph in one read-only
// transaction, so it sees one snapshot while writers go on.
package embedded
