// Package snapshottest checks analysis snapshots in tests: Canon describes
// one by entity ids, so that a snapshot made by replaying writes can be
// compared with one built afresh.
package snapshottest

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph/snapshot"
)

// Canon describes a snapshot by entity ids, not node indices: what a
// build and a replay of the same writes must agree on, or a build of what
// viewers see and a snapshot with hidden entities left out. It fails t when the
// snapshot contradicts itself (an index that does not point back, a tie to
// a deleted node, a count that is off).
func Canon(t testing.TB, s *snapshot.Snapshot) map[string]string {
	t.Helper()
	out := map[string]string{}
	st := s.Stats()
	// What the snapshot holds is compared; the counts of records it left
	// out (stances, past ties...) are a build's diagnostics, which a
	// snapshot that hides entities (Snapshot.Without) cannot know.
	out["stats"] = fmt.Sprintf("entities %d private %d walk ties %d parallel %d influential %d",
		st.Entities, st.Private, st.WalkTies, st.Parallel, st.Influential)
	live := 0
	var ours []string
	for i := range int32(s.Len()) {
		if !s.Live(i) {
			continue
		}
		live++
		n := s.Node(i)
		got, ok := s.Index(n.ID)
		require.True(t, ok, n.ID)
		require.Equal(t, i, got, n.ID)
		out["node "+n.ID] = fmt.Sprintf("%+v", n)
		if n.Ours {
			ours = append(ours, n.ID)
		}
		w := s.Walk()
		lo, hi := w.Span(i)
		for e := lo; e < hi; e++ {
			v := w.Adj[e]
			require.True(t, s.Live(v), "a tie of %s to a deleted node", n.ID)
			var b strings.Builder
			for _, tie := range s.Ties(i, v) {
				fmt.Fprintf(&b, "%s %s %s>%s %g %q; ", tie.ID, tie.Type, s.ID(tie.Source), s.ID(tie.Target), tie.Strength, tie.Notes)
			}
			fmt.Fprintf(&b, "code %s parallel %v", s.WalkType(int(e)), s.HasParallel(int(e)))
			out["walk "+n.ID+" "+s.ID(v)] = b.String()
		}
		for v, x := range s.Influence().Out(i) {
			out["arc "+n.ID+" "+s.ID(v)] = fmt.Sprint(x)
		}
	}
	require.Equal(t, st.Entities, live)
	var ourIDs []string
	for _, i := range s.OursNodes() {
		ourIDs = append(ourIDs, s.ID(i))
	}
	slices.Sort(ours)
	slices.Sort(ourIDs)
	require.Equal(t, ours, ourIDs)
	var links []string
	for l := range s.Links() {
		links = append(links, fmt.Sprintf("%s %s>%s %g", l.Type, s.ID(l.Source), s.ID(l.Target), l.Strength))
	}
	slices.Sort(links)
	out["links"] = strings.Join(links, "\n")
	return out
}
