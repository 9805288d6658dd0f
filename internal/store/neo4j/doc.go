// Package neo4j implements graph.Store on a Neo4j 5.x database through the
// official Go driver (neo4j-go-driver v5).
//
// Entities are nodes labelled :Entity plus :Person, :Official, :Donor or
// :Organization after their kind; relationships use the types of the graph
// vocabulary. Every write of a batch runs in one managed write transaction
// made of batched UNWIND statements, and statements are picked from tables
// built from the vocabulary, so no user text is ever formatted into Cypher.
// A single :PowermapMeta node holds the change version.
//
// Tests need a running Neo4j named by NEO4J_URI; cmd/neo4j-dev/neo4j.sh
// starts one, and package neo4jtest hands tests a cleaned store.
package neo4j
