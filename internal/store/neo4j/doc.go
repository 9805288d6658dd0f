// Package neo4j implements graph.Store on a Neo4j 5.x database (Community
// 5.26 and later) through the official Go driver, neo4j-go-driver v5.
//
// # Model
//
// Entities are nodes labelled :Entity plus :Person, :Official, :Donor or
// :Organization after their kind; relationships take their type from the
// graph vocabulary and point from Source to Target, symmetric types too.
// Every typed field is a property of the same name; free properties are
// flattened under "props." ("props.twitter"). Each record also keeps its
// graph revision in "rev", and entities keep their folded names and aliases
// in "search", which a full-text index with a whitespace analyzer covers,
// and their strong identifiers ("bioguide:S001217 fec:S8FL00273") in
// "identifiers", which a second full-text index covers for
// LookupIdentifiers. Open fills "identifiers" once in a database written
// before it existed (schema 1 on the :PowermapMeta node).
// Uniqueness constraints guard :Entity(id) and each relationship type's id;
// one :PowermapMeta node holds the change version.
//
// # Writes
//
// Apply runs one managed write transaction: it reads what the batch
// touches, takes a write lock on the :PowermapMeta node so that writers go
// one at a time, and then writes in UNWIND statements of Config.BatchRows
// rows, skipping records whose revision has not changed. Statements come
// from tables built from the vocabulary at start-up: no user text is ever
// formatted into Cypher, and every value is a parameter.
//
// A write that moves the version also creates a (:PowermapChange {version})
// node in its transaction, holding the JSON of its graph.Change: the
// records it touched as they were, read before it wrote (with the ties an
// entity delete removes), and as they are. Changes reads that log (a
// graph.ChangeLog); the log keeps the latest 10,000 changes and at most
// a million records, and a write of more than graph.MaxChangeRecords
// records logs an Overflow change.
//
// # Reads
//
// Neo4j reads are read-committed rather than snapshots. Stream reads in
// pages, each in a read transaction that also reads the version; when a
// write commits during the stream, the change log says which records it
// touched and what they were, and Stream hands those over as they were at
// the version it started at: what the callbacks see is the graph at one
// version. Only when the log cannot say (trimmed past the stream, or an
// Overflow write) does a stream that has handed records over fail with
// graph.Conflict. Dump (a backup) still fails with Conflict when the
// version moves during it.
//
// # Errors
//
// A Neo4j that cannot be reached gives graph.Unavailable errors with the
// message "store unavailable", after the driver's retries (about 3 s with
// DefaultConfig); the same Store recovers when Neo4j is back.
//
// Tests need a running Neo4j named by NEO4J_URI; cmd/neo4j-dev/neo4j.sh
// starts one, and package neo4jtest hands tests an emptied store.
package neo4j
