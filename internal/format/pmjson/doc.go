// Package pmjson reads and writes a whole power map as one JSON document:
//
//	{"entities": [ {...}, ... ],
//	 "relationships": [ {...}, ... ]}
//
// Each record has the fields of graph.Entity or graph.Relationship, under
// their JSON names. The writer streams one record per line; the reader
// streams too, refuses unknown fields, and reports every bad record with its
// file, line, record id and field. An export re-imports exactly.
package pmjson
