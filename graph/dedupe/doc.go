// Package dedupe finds records of one person that arrived from different
// sources without a shared identifier (congress-legislators, Open States,
// FEC donors and candidates, spreadsheets), and says how sure it is. It is
// pure: it reads graph.Entity values and returns scored pairs; merging
// them, queueing reviews and showing evidence belong to the app. It imports
// neither Neo4j nor gin.
//
// # Use
//
// Build an Index from the map's entities (streamed: NewBuilder, Builder.Add,
// Builder.Build), then ask it for the Candidates of each incoming entity, or
// stream a whole import through Index.Match, which scores on every core and
// emits in input order without holding the import in memory. Pairs finds
// the duplicates within one set of entities. Neighbours (ids of the
// entities a record is tied to: the committees a donor gave to) are an
// optional input; sharing them is evidence.
//
// Only people are matched: persons, officials and donors without an
// OrgType. Organizations and issues have no candidates.
//
// # Contract
//
//   - A Candidate pairs A (the entity asked about) with B (an indexed
//     entity), with a Score in [0,1], a Decision and its Evidence: every
//     non-zero feature with its value and its contribution to the log-odds
//     of the score, largest first, then the bias. Evidence is rounded to
//     four decimals.
//   - Decision is Auto when Score >= Config.AutoThreshold (default 0.98) and
//     no other candidate of A also scores that high; two such candidates
//     both become Review and are marked Ambiguous. Review is Score >=
//     Config.ReviewThreshold (default 0.5); None is kept down to
//     Config.MinScore (0.1) for context.
//   - Output is deterministic: the same index and input give the same
//     candidates in the same order (score descending, then A, then B),
//     whatever the number of workers.
//   - The Index is read-only after Build and safe for concurrent use.
//
// # Blocking
//
// Names are parsed by ParseName (natural order or FEC's "LAST, FIRST
// MIDDLE SUFFIX", honorifics and degrees dropped, suffixes and quoted
// nicknames kept apart, hyphenated and particle surnames kept whole) and
// folded with graph.Fold. A pair is scored only if the two share a key:
// surname part with first initial, with middle initial or with each
// nickname root of the given name; given name with the first or last
// letters of the surname (typos); first initial with ZIP5. See block.go.
// Keys shared by more than Config.MaxBlock (64) entities are split by
// state; a state's part still over the cap is dropped and counted in
// Stats.DroppedBlocks. Nicknames come from the carltonnorthern/nicknames
// table (Apache-2.0), embedded with its source and license.
//
// # Score
//
// The score is a logistic model over about thirty features: surname equal,
// sharing a part, a typo away or different; given name equal, a nickname,
// an initial, a typo away or different; middle names and suffixes agreeing
// or not; state, ZIP5 or ZIP3, district, chamber and party agreeing or
// not; employer and occupation; shared neighbours; and shared or
// conflicting strong identifiers (bioguide, FEC, id.* properties).
//
// Why logistic regression rather than Fellegi–Sunter: the features are
// strongly dependent (a nickname is only tested when the names differ;
// district only within a state), which Fellegi–Sunter's independence
// assumption would count twice, and we have labelled pairs to fit on, so
// there is no need to estimate m and u without labels. A logistic model
// fitted by maximum likelihood is calibrated on data like its training
// data, and each weight reads as log-odds, which is what Evidence shows.
//
// The weights in weights.go are fitted by TestFitModel (fit_test.go:
// Newton's method, ridge penalty 0.1) on every blocked pair of the train
// halves of two labelled sets, and the test fails if they differ from a
// refit. The identifier weights are fixed (+12 shared, −12 conflicting)
// because both sets remove identifiers on purpose. Thresholds were chosen
// on the train halves.
//
//   - Congress: the current legislators (congress-legislators) against the
//     FEC candidate master of early 2016 (cn.txt), with the legislators'
//     id.fec crosswalk removed from the input and used as the truth;
//     legislators alternate between train and test.
//   - Donors: the FEC Illinois contributions against map people made from
//     them by perturbing names, ZIPs, employers and occupations, with hard
//     negatives (same surname and ZIP with another given name; same name in
//     another state). The labels were generated with a fixed seed and
//     committed before any tuning (testdata/donors, fixture_test.go).
//
// TestCongressVersusFEC and TestDonors measure the held-out halves; the
// figures are in BENCHMARKS.md through BenchmarkAccuracyCongress and
// BenchmarkAccuracyDonors. Chamber agreement counts every chamber a
// legislator served in (the congress importer's Props["chambers"]), so a
// senator's old House record matches. Known limits, from those tests: the
// crosswalk misses some FEC ids of the same person (Troy Carter's and Glenn
// Ivey's earlier House runs, Mike Haridopolos's and Ed Case's Senate runs),
// which then count as errors or misses; father and son of one name (Robert
// Menendez Sr. and Jr.) are told apart only by the chamber, since neither
// record carries the suffix; and a name written with an initial and the
// middle name ("J. French Hill") against the full name goes to review.
//
// # Scale
//
// Memory grows with the indexed entities only (a profile and a few 12-byte
// postings each); the incoming side is streamed. BenchmarkDedupe1M matches
// one million generated donors against one million map people. Measured on
// the 2-core reference machine while other work kept its load average near
// 15: 472 s wall, 140 s of CPU (so about 80 s on two idle cores: the build
// is single-threaded, about 20 s), peak Go heap 1.2 GiB, about 41 blocked
// pairs scored per donor. The cpu-s metric is the one to compare across
// runs on a shared machine.
package dedupe
