// Package congress imports the unitedstates/congress-legislators YAML files:
// legislators-current.yaml (required), committees-current.yaml,
// committee-membership-current.yaml and legislators-district-offices.yaml.
//
// What becomes what:
//
//   - A legislator becomes an official whose id is "bioguide:" plus the
//     bioguide id. Every id of the record is kept as an identifier
//     (graph.Entity.Identifiers): Props "id.bioguide", "id.fec" (the FEC
//     candidate ids, so that FEC data links to the official; see package
//     fec), "id.opensecrets", "id.wikidata" and so on, and the district
//     offices as compact JSON under "offices". Importing Open States data
//     for the same members updates these officials (see format.Registry). The last term gives Title (U.S.
//     Senator or U.S. Representative), Chamber (Senate or House), District
//     (the House district number; "0" is an at-large seat), Party, Phone,
//     SourceURL and Props state, level=federal, term_start and term_end.
//     The first-and-last and nickname-and-last names, and the Wikipedia and
//     Ballotpedia page titles, are Aliases.
//   - A committee becomes an organization whose id is "congress:" plus its
//     thomas id (HSAG); a subcommittee's id appends its own (HSAG15), and it
//     is MEMBER_OF its committee.
//   - A membership becomes SERVES_ON from the legislator to the committee,
//     with Props role (the title in lower case, or member), party (majority
//     or minority) and rank. Chairs carry strength 0.7, other titles 0.6.
//
// executive.yaml (every president and vice president since 1789) is not
// read. The files are small (about 1 MB), so each is decoded whole.
package congress
