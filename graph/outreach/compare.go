package outreach

import "github.com/powermap/powermap/graph"

// Compare marks each entry of cur against prev, an earlier week's list of
// the same campaign: new (absent from prev), up or down (with the previous
// rank), or same; and lists prev's entries that cur dropped, in their old
// order. It returns a copy; cur and prev are unchanged. With a nil prev the
// copy carries no comparison.
func Compare(cur, prev *graph.OutreachList) *graph.OutreachList {
	out := cur.StripComparison()
	if prev == nil {
		return &out
	}
	out.ComparedTo = prev.Week
	before := make(map[string]int, len(prev.Entries))
	for _, e := range prev.Entries {
		before[e.Person.ID] = e.Rank
	}
	now := make(map[string]bool, len(out.Entries))
	for i := range out.Entries {
		e := &out.Entries[i]
		now[e.Person.ID] = true
		r, ok := before[e.Person.ID]
		switch {
		case !ok:
			e.Change = graph.ChangeNew
		case r > e.Rank:
			e.Change, e.PreviousRank = graph.ChangeUp, r
		case r < e.Rank:
			e.Change, e.PreviousRank = graph.ChangeDown, r
		default:
			e.Change, e.PreviousRank = graph.ChangeSame, r
		}
	}
	out.Dropped = []graph.OutreachEntry{}
	for _, e := range prev.Entries {
		if !now[e.Person.ID] {
			e.Change, e.PreviousRank = graph.ChangeDropped, e.Rank
			out.Dropped = append(out.Dropped, e)
		}
	}
	return &out
}
