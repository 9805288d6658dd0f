// Package format is powermap's import and export framework. A Reader turns
// files into one graph.Batch and a Report; a Writer streams a map out of a
// Source. A Registry, built by its caller from the formats it wants, picks a
// reader by name or by sniffing the files, and imports all-or-nothing: every
// row is read and validated first, every bad row is reported with its file,
// line and field, and only a clean batch reaches the store, in one Apply.
//
// Every batch that Registry.Import applies, streamed or not, first goes
// through one resolver (identify.go): an entity that shares a strong
// external identifier (graph.Identifier: bioguide, fec, ocd-person...)
// with one entity of the store or of the import updates that entity
// instead of making another, and relationship ends follow it; a record
// whose identifiers name two entities, or that disagrees with its match on
// a single-valued scheme, is written under its own id and reported, never
// merged. Importers therefore record every id they see as an identifier.
//
// Readers share a Collector, which validates records, refuses conflicting
// duplicates and notes references to entities outside the batch, so that
// every format judges records alike. StoreSource and BatchSource feed
// writers, through a Filter (kinds, labels, types, private records, an ego
// network).
//
// Formats live in sibling packages: pmcsv and pmjson (powermap's own),
// openstates, congress, fec, littlesis, kumu, graphml and gexf. There is no
// global registration: cmd/powermap and the HTTP API list the formats they
// offer.
package format
