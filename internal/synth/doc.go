// Package synth generates a fictional power map: the State of Westmark, with
// its legislature, committees and staff, executive departments, towns, our
// own coalition with its member agencies, staff, board, members and clients,
// congregations, businesses, unions, newsrooms, lobbyists, donors with
// heavy-tailed gifts, the bills of the session as issues with everyone's
// stances on them, and a small-world web of personal ties.
//
// Output is a pure function of the Config: the same seed gives the same
// records in the same order. Every name is invented; none belongs to a real
// person. Generate streams the records, so a million entities and ten
// million relationships never sit in memory at once; Batch and Demo collect
// them for small maps.
//
// Districts follow a nested plan: senate district "7" holds house districts
// "7A" and "7B". A person's District is their house district, so their
// senator sits in the district with the trailing letter removed.
package synth
