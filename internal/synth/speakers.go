package synth

import (
	"slices"
	"strings"
	"time"

	"github.com/powermap/powermap/graph"
)

// DemoSpeakers records on the demo map's speakers (the people labelled
// speaker) their consent to speak: a scope (most agree to events and the
// press, some to events only, some to speak inside the coalition only), a
// date in the past months, and one or two story topics among the issues our
// coalition supports, the campaign's issue first. The last client speaker
// has withdrawn their consent since, so that the demo shows a withdrawn
// one: their entity no longer carries the label. It returns the speakers'
// entities as they should be written, from those of b, and is a pure
// function of the map and today's date; a map without issues we support or
// without speakers gives none.
func DemoSpeakers(b *graph.Batch, today time.Time) []graph.Entity {
	var issues []string
	for _, r := range b.Relationships {
		if r.Source == OursCoalitionID && r.Type == graph.Supports {
			issues = append(issues, r.Target)
		}
	}
	slices.Sort(issues)
	var speakers []graph.Entity
	for _, e := range b.Entities {
		if e.Kind == graph.KindPerson && e.HasLabel(graph.LabelSpeaker) {
			speakers = append(speakers, e)
		}
	}
	if len(issues) == 0 || len(speakers) == 0 {
		return nil
	}
	slices.SortFunc(speakers, func(x, y graph.Entity) int { return strings.Compare(x.ID, y.ID) })
	withdrawn := -1
	for i, e := range speakers {
		if e.HasLabel(graph.LabelClient) {
			withdrawn = i
		}
	}
	day := func(d int) string { return today.AddDate(0, 0, d).Format(time.DateOnly) }
	scopes := []graph.ConsentScope{graph.ScopePublic, graph.ScopeEvents, graph.ScopePublic, graph.ScopeInternal}
	out := make([]graph.Entity, 0, len(speakers))
	for k, e := range speakers {
		c := graph.Consent{Scope: scopes[k%len(scopes)], Date: day(-20 - 7*(k%30)), Topics: []string{issues[0]}}
		if k%3 == 2 && len(issues) > 1 {
			c.Topics = append(c.Topics, issues[1+k%(len(issues)-1)])
		}
		if k%5 == 4 && len(issues) > 1 {
			c.Topics = []string{issues[1+k%(len(issues)-1)]}
		}
		if k == withdrawn {
			c.Withdrawn = day(-5)
		}
		c.Normalize()
		c.Apply(&e)
		out = append(out, e)
	}
	return out
}
