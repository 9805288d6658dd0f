// Package kumu reads and writes Kumu (kumu.io) maps: the JSON blueprint
// ({"elements": [...], "connections": [...]}) and Kumu's spreadsheet layout
// saved as two CSV files, one of elements (a Label column) and one of
// connections (From and To columns), where multi-valued cells are separated
// by "|".
//
// Mapping:
//
//   - An element's "id" (else its label) is the entity id; label is Name;
//     type is the Kind when it names one (Person, Official, Donor,
//     Organization), else the entity is a person (an organization when the
//     type says organization, company, committee or group) and the type is
//     kept as a label; tags are Labels; description is Notes. Fields named
//     like Entity's JSON fields (title, party, chamber, district, org_type,
//     email, phone, source_url, aliases, ours, private) fill them, fields
//     "prop:NAME" fill Props, and any other field goes to Props as is.
//   - A connection's from and to name elements by id or label; its type is
//     the relationship type when it is one of ours ("KNOWS", "friend of"),
//     else KNOWS with Props["kumu_type"] keeping the original; strength,
//     since, until, amount, date, source_url, description (Notes), id and
//     "prop:NAME" fields fill the rest.
//
// The Writer writes a blueprint with exactly these fields, so that an
// export imported again gives back the same entities and relationships.
// Blueprints are decoded whole (they are one JSON object); CSV files are
// read row by row.
package kumu
