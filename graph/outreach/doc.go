// Package outreach answers "who do we meet next, who makes the ask, and
// why" for a campaign: the power grid (influence against alignment) and the
// weekly ranked outreach list, with a diff between weeks and JSON, CSV and
// iCalendar exports. Everything here is a pure function of the graph, the
// organizing log, the campaign and the ISO week: the same inputs always give
// the same list, byte for byte.
//
// # The tie-refresh rule
//
// Logging an interaction never rewrites a relationship: the strength a tie
// was recorded with stays in the store. The rule lives in snapshot building
// (RefreshedStream): when outreach builds its analysis snapshot, a tie
// between two people who met is read with an effective strength
//
//	s' = 1 − (1 − s)·(1 − b),   b = 1 − Π (1 − w_k · ½^(age_k / 180 days))
//
// where s is the recorded strength and the product runs over the
// interactions k that both took part in: w_k is the weight of the
// interaction's type (0.35 for a one-on-one, 0.30 for an official meeting or
// a site visit, 0.20 for a call, 0.10 for an email) and age_k its age at the
// start of the week. So s' ≥ s always; a fresh one-on-one lifts a 0.5 tie to
// about 0.67; and the lift halves every 180 days, so a tie refreshed long
// ago decays slowly back to its recorded strength. Two people who met but
// have no introducing tie get a KNOWS tie of strength b in the snapshot
// (never in the store). Only small contacts make ties: the participants of
// a gathering (a community meeting, a lobby day, a drive, a training, a
// forum, a question at a public meeting) or of any interaction with more
// than eight participants are not paired up. Contacts returns the refreshed
// pairs, so that callers can show what a log entry did.
//
// # The outreach score
//
// For each target that still pulls — primary targets weigh 1, secondary
// ones 0.5; a target that has committed weighs 0 (done is done) and one that
// declined half — a person's closeness to the target is personalized
// PageRank read backwards, their contribution to the target: the chance
// that a walk from them, which at each step stops with probability 0.15 and
// otherwise follows one of the current person's ties (over the directed
// influence graph, in proportion to strength), stops at the target. It
// measures how much of their attention ends up with the target. It is
// computed by reverse local push, whose cost does not grow with the map,
// and without our own people, so that how well we know someone does not
// change how close they are to a target. Closeness is divided by the
// highest closeness of any candidate, so the target's nearest person has 1,
// and rounded to three decimals, which absorbs the push's error. The
// candidates are the people (not ours, not organizations) among the
// InnerCircle closest to each pulling target, the pulling targets
// themselves, and, while any target pulls, the campaign's contacts
// (graph.Campaign.Contacts: people the organizers chose, such as community
// leaders), whose leverage is at least ContactLeverage (0.05) so that they
// stay on the list even when the map shows no closeness to a target. Each
// gets six factors; the score is their product:
//
//   - leverage: Σ over pulling targets of weight × closeness (a target's own
//     closeness to itself is 1). A candidate whose only targets have
//     committed has leverage 0 and leaves the list.
//   - access: the strength (product of tie strengths) of the best
//     introduction path from a messenger, one of our people (clients only
//     when labelled speaker), over the refreshed introduction graph; 0.05
//     for cold outreach when no path is stronger than that. The best path
//     is the cheapest, a tie costing snapshot.CostOf(strength) as in
//     graph/paths: -ln(strength), but at least 1e-3.
//   - constituent: 1.5 when the messenger lives in the district of a target
//     the candidate leads to (a matching district, where senate district 7
//     holds house districts 7A and 7B, or a tie to a district the target
//     REPRESENTS), else 1. Messengers are chosen to maximize access ×
//     constituent, so a constituent wins over a non-constituent whose path
//     is less than 1.5 times stronger.
//   - freshness: 1 for someone never met; 0.25 + 0.75·days/30 (at most 1)
//     since the last contact, counted at the start of the week, so someone
//     met last week waits while someone met two months ago comes back.
//   - follow-up: 1.5 when a follow-up set by the last contact falls due by
//     the end of the week (or is overdue); freshness then counts as 1.
//   - alignment: 1.2, 1.1, 1, 0.8 and 0.6 for a stance of +2, +1, 0, −1 and
//     −2 on the issue; 1 when unknown.
//
// Scores are rounded to 12 significant digits; ties break by entity id.
// Each entry carries the factors with their values and a note in words,
// the targets it leads to and how, the messenger and the path, a suggested
// action due within the week, the last contact, the follow-up and a status.
//
// # The power grid
//
// Influence is the percentile, among the relevant entities (the targets,
// everyone with a stance on the issue, and the GridTop highest scores), of
// the contribution to the targets, as closeness above but with everyone
// (ours included) and summed over the targets, a primary target weighing
// twice a secondary one. Alignment is the stance
// on the issue. Targets are decision-makers; others are allies (+1, +2),
// opponents (−1, −2), decision-makers (neutral or unknown, influence at
// least 50) or unorganized and persuadable (neutral or unknown, below 50).
package outreach
