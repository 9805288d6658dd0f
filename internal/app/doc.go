// Package app is powermap's use-case layer: one method per question an
// organizer asks (search, an entity and its ties, the ego network, who
// knows X, connections, rankings, the inner circle, campaigns, the power
// grid, the outreach list, export) and per write, each taking the Caller.
//
// Every answer goes through one privacy policy (policy.go): a viewer is
// answered from a view of the stores in which private and client records do
// not exist, so that no path, count, ranking, list, export, ETag or error a
// viewer receives depends on them, and a hidden record is not found exactly
// as a missing one is not. Once a write that hides a record has returned,
// no later answer to a viewer shows it. Editors and admins see everything.
//
// Entities are named by id or by a name that matches one entity; an
// ambiguous name is Invalid and lists the candidates. Defaults (k, max
// hops, top, limits) are declared here once. The HTTP API (internal/http),
// the command line (cmd/powermap) and the weekly job only parse, call and
// write.
package app
