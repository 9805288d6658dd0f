package outreach_test

import (
	"fmt"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/outreach"
)

func ExampleRefreshed() {
	// A 0.5 tie, read after a one-on-one this week and after one 180 days
	// ago: the recorded strength is the floor, and the lift fades.
	fmt.Printf("%.3f\n", outreach.Refreshed(0.5, outreach.RefreshWeight(graph.OneOnOne)))
	fmt.Printf("%.3f\n", outreach.Refreshed(0.5, outreach.RefreshWeight(graph.OneOnOne)/2))
	fmt.Printf("%.3f\n", outreach.Refreshed(0.5, 0))
	// Output:
	// 0.675
	// 0.588
	// 0.500
}

func ExampleNewContacts() {
	monday := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	c := outreach.NewContacts([]graph.Interaction{
		{ID: "ix-1", Type: graph.OneOnOne, Date: "2026-11-26", Participants: []string{"ana", "dana"}},
		{ID: "ix-2", Type: graph.CommunityMeeting, Date: "2026-11-27", Participants: []string{"ana", "ben", "dana"}},
	}, monday)
	for _, ct := range c.All() {
		fmt.Printf("%s~%s: %d interaction(s), last %s, lift %.3f\n", ct.A, ct.B, ct.Count, ct.Last, ct.Boost)
	}
	// Output:
	// ana~dana: 1 interaction(s), last 2026-11-26, lift 0.345
}

func ExampleCompare() {
	e := func(id string, rank int) graph.OutreachEntry {
		return graph.OutreachEntry{Rank: rank, Person: graph.EntityRef{ID: id, Name: id}}
	}
	last := &graph.OutreachList{Week: "2026-W48", Entries: []graph.OutreachEntry{e("dana", 1), e("ben", 2), e("cara", 3)}}
	this := &graph.OutreachList{Week: "2026-W49", Entries: []graph.OutreachEntry{e("ben", 1), e("eve", 2), e("dana", 3)}}
	d := outreach.Compare(this, last)
	for _, x := range d.Entries {
		fmt.Println(x.Rank, x.Person.ID, x.Change, x.PreviousRank)
	}
	for _, x := range d.Dropped {
		fmt.Println("-", x.Person.ID, x.Change, x.PreviousRank)
	}
	// Output:
	// 1 ben up 2
	// 2 eve new 0
	// 3 dana down 1
	// - cara dropped 3
}
