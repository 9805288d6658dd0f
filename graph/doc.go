// Package graph is powermap's vocabulary: the entities and relationships of a
// power map, the relationship-type vocabulary, introduction paths (Path),
// validation, errors with kinds, and the Store contract that every storage
// backend implements.
//
// The package imports neither Neo4j nor gin. Storage backends live in
// internal/store/..., the analysis engine in graph's subpackages, and the HTTP
// API in internal/http.
package graph
