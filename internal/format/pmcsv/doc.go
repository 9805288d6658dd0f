// Package pmcsv reads and writes the powermap CSV format: entities.csv and
// relationships.csv, each with a header row, UTF-8 with or without a byte
// order mark.
//
// entities.csv requires id, kind and name; labels, ours, private, title,
// party, chamber, district, org_type, email, phone, notes, source_url and
// aliases are optional. relationships.csv requires source, target and type;
// id, strength (empty means the type's default), since, until, amount, date,
// source_url and notes are optional. Columns may come in any order and known
// names ignore case. Every other column is a property; a property whose name
// would read as a known column is written "prop:name". A column
// "id.<scheme>" ("id.bioguide", "id.fec") holds external identifiers, "|"
// between values (see graph.Entity.Identifiers): on import, a row sharing a
// strong one with an entity of the map updates that entity. labels and aliases
// are separated by "|" (a literal "|" or "\" is escaped with "\"); ours and
// private read true/false, yes/no or 1/0; an empty cell is an absent value.
// Against CSV injection, a cell that begins with "=", "+", "-", "@", a tab,
// a carriage return or a single quote is written with a single quote in
// front, unless it is a plain number (strength and amount never need it),
// and reading removes that quote (see csvsafe).
//
// Reading is all-or-nothing: every row is checked, every bad row is reported
// with its file, line, column and reason, and no batch is returned if any
// row is bad. Writing produces the same format, so an export re-imports
// exactly: to a folder for the command line, or to a zip of both files for
// an HTTP download. A zip is opened within format.OpenZip's caps, and a row
// longer than format.MaxRecordBytes is refused without being read whole.
package pmcsv
