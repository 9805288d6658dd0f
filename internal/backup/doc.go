// Package backup writes every record of a store to one file and loads such a
// file into an empty store of either kind, so that a map can be backed up
// whole and moved between the embedded store and Neo4j.
//
// A backup is gzip'd JSON Lines. The first line is a header naming the
// format and its version; then comes one line per record, {"kind": ...,
// "record": {...}}, kinds in the order of graph.RecordKinds and records of
// a kind ordered by graph.Record.Key; the last line, {"kind": "end",
// "counts": {...}}, counts the records of each kind, so that a cut-off file
// is refused. The same records always give the same bytes: backing up a
// restored store gives back the file it was restored from.
//
// Restore reads the file twice: once to check every line, so that a corrupt
// file writes nothing, and once to load it in batches, so that memory stays
// bounded whatever the file's size.
package backup
