// Package openstates imports Open States people and committee YAML (the
// layout of github.com/openstates/people: one file per person under
// legislature/, executive/, municipalities/ and retired/, one file per
// committee under committees/, and municipalities.yml naming the places).
//
// What becomes what:
//
//   - A person becomes an official whose id is the ocd-person id. Name, email
//     and other_names (as Aliases, so that search finds them) are kept; the
//     party is the party without an end date (the last listed otherwise);
//     offices go to Props["offices"] as compact JSON and the first capitol
//     office's phone (else any office's) to Phone; links to Props["links"]
//     and SourceURL; the ocd-person id, ids and other_identifiers are
//     identifiers (Props["id.<scheme>"], see graph.Entity.Identifiers), so
//     that a person already imported from another source (congress, by
//     bioguide id) is updated rather than doubled;
//     every role to Props["roles"] as compact JSON.
//   - The primary role gives Title, Chamber, District and Props["level"]
//     (state or local). It is the role without an end date, else the one that
//     ended last. Chamber is "Senate" for upper, "House" for lower and
//     "Legislature" for a unicameral legislature.
//   - Retired people are kept. When the primary role ended before
//     Options.Now, the official carries the label "retired",
//     Props["retired"]="true" and Props["term_end"]; a role that ends later
//     only sets Props["term_end"]. Retirement is thus decided at import time,
//     so re-importing the same files after a term ends updates the record.
//   - A committee becomes an organization (OrgType committee or
//     subcommittee) whose id is the ocd-organization id; a subcommittee is
//     MEMBER_OF its parent.
//   - A membership becomes SERVES_ON from the person to the committee, with
//     Props["role"] (member when none is given: chair, vice chair, co-chair,
//     republican spokesperson, ranking member...). Chairs and co-chairs
//     carry strength 0.7, other named roles 0.6, members the type's default.
//     A member is found by person_id, else by exact folded name among the
//     people of the same import; one found neither way is skipped, with a
//     reason.
//
// YAML escapes such as "Aar\xF3n" decode to Unicode ("Aarón"). A folder
// with no Open States YAML in it is refused whole; a file that fails to parse
// or misses a required field fails the import, each problem named by file,
// line, field and reason.
package openstates
