package outreach_test

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/outreach"
	"github.com/powermap/powermap/internal/store/embedded"
)

// The scenario tests build small maps by hand in a real embedded store and
// check one property of the weekly list each. The week is 2026-W49: Monday
// 30 November to Sunday 6 December 2026; "now" is that Tuesday.
var (
	week49, _ = graph.ParseWeek("2026-W49")
	tuesday   = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
)

const issueID = "issue-fy27"

// world is a scenario under construction.
type world struct {
	b *graph.Batch
}

func newWorld() *world {
	return &world{b: &graph.Batch{Entities: []graph.Entity{
		{ID: issueID, Kind: graph.KindIssue, Name: "FY27 community services"},
	}}}
}

func (w *world) official(id, district string) *world {
	w.b.Entities = append(w.b.Entities, graph.Entity{ID: id, Kind: graph.KindOfficial, Name: "Sen. " + id, Title: "State Senator", District: district})
	return w
}

func (w *world) person(id string) *world {
	w.b.Entities = append(w.b.Entities, graph.Entity{ID: id, Kind: graph.KindPerson, Name: "Person " + id})
	return w
}

// ours adds one of our people, living in district, with labels.
func (w *world) ours(id, district string, labels ...string) *world {
	w.b.Entities = append(w.b.Entities, graph.Entity{ID: id, Kind: graph.KindPerson, Name: "Organizer " + id, Ours: true, District: district, Labels: labels})
	return w
}

func (w *world) org(id, district string) *world {
	w.b.Entities = append(w.b.Entities, graph.Entity{ID: id, Kind: graph.KindOrganization, Name: "Org " + id, District: district})
	return w
}

func (w *world) tie(src, dst string, t graph.RelType, s float64) *world {
	w.b.Relationships = append(w.b.Relationships, graph.Relationship{Source: src, Target: dst, Type: t, Strength: s})
	return w
}

// scenario is a loaded world with a campaign and a log.
type scenario struct {
	t     *testing.T
	store *embedded.Store
	svc   *outreach.Service
}

func load(t *testing.T, w *world, targets []graph.Target, log ...graph.Interaction) *scenario {
	t.Helper()
	s, err := embedded.Open(t.TempDir(), embedded.WithoutSync())
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	ctx := t.Context()
	_, err = s.Apply(ctx, w.b)
	require.NoError(t, err)
	_, err = s.CreateCampaign(ctx, graph.Campaign{ID: "fy27", Name: "Fund community services", Issue: issueID,
		Ask: "Vote for the FY27 restoration", Start: "2026-09-01", Targets: targets})
	require.NoError(t, err)
	for _, ix := range log {
		_, err := s.LogInteraction(ctx, ix)
		require.NoError(t, err)
	}
	svc := &outreach.Service{Graph: s, Campaigns: s, Now: func() time.Time { return tuesday }}
	return &scenario{t: t, store: s, svc: svc}
}

func (sc *scenario) list() *graph.OutreachList {
	sc.t.Helper()
	l, err := sc.svc.Compute(sc.t.Context(), "fy27", week49)
	require.NoError(sc.t, err)
	return l
}

func (sc *scenario) setTargets(ts []graph.Target) {
	sc.t.Helper()
	c, err := sc.store.Campaign(sc.t.Context(), "fy27")
	require.NoError(sc.t, err)
	c.Targets = ts
	_, err = sc.store.UpdateCampaign(sc.t.Context(), c)
	require.NoError(sc.t, err)
}

// entry finds a person's entry, or nil.
func entry(l *graph.OutreachList, id string) *graph.OutreachEntry {
	for i := range l.Entries {
		if l.Entries[i].Person.ID == id {
			return &l.Entries[i]
		}
	}
	return nil
}

func mustEntry(t *testing.T, l *graph.OutreachList, id string) *graph.OutreachEntry {
	t.Helper()
	e := entry(l, id)
	require.NotNil(t, e, "%s is not on the list: %s", id, ranks(l))
	return e
}

func ranks(l *graph.OutreachList) string {
	s := ""
	for _, e := range l.Entries {
		s += e.Person.ID + " "
	}
	return s
}

func leadTo(e *graph.OutreachEntry, target string) *graph.TargetLead {
	for i := range e.Leads {
		if e.Leads[i].Target.ID == target {
			return &e.Leads[i]
		}
	}
	return nil
}

func factor(e *graph.OutreachEntry, name string) float64 {
	for _, f := range e.Factors {
		if f.Name == name {
			return f.Value
		}
	}
	return -1
}

func primary(id string) graph.Target {
	return graph.Target{Entity: id, Priority: graph.PriorityPrimary}
}
func secondary(id string) graph.Target {
	return graph.Target{Entity: id, Priority: graph.PrioritySecondary}
}

// Property 1. Someone in the inner circle of a primary target outranks an
// otherwise-equal person in the inner circle of a secondary target.
func TestPropertyLeverage(t *testing.T) {
	w := newWorld().official("s1", "").official("s2", "").person("a").person("b").ours("o", "").
		tie("a", "s1", graph.WorksFor, 0.9).tie("b", "s2", graph.WorksFor, 0.9).
		tie("o", "a", graph.Knows, 0.8).tie("o", "b", graph.Knows, 0.8)
	sc := load(t, w, []graph.Target{primary("s1"), secondary("s2")})
	l := sc.list()
	a, b := mustEntry(t, l, "a"), mustEntry(t, l, "b")
	assert.Less(t, a.Rank, b.Rank, "the primary target's staffer comes first: %s", ranks(l))
	assert.Greater(t, factor(a, "leverage"), factor(b, "leverage"))
	assert.Equal(t, factor(a, "access"), factor(b, "access"), "otherwise equal")
	assert.Equal(t, "s1", a.Leads[0].Target.ID)
	assert.Equal(t, graph.PriorityPrimary, a.Leads[0].Priority)
	assert.Equal(t, 1.0, a.Leads[0].Closeness)
	assert.Equal(t, "works for Sen. s1", a.Leads[0].How)
	lb := leadTo(b, "s2")
	require.NotNil(t, lb)
	assert.Equal(t, graph.PrioritySecondary, lb.Priority)
	assert.Equal(t, 1.0, lb.Closeness)
	assert.Nil(t, leadTo(b, "s1"), "closeness leaves our own people out: o's ties do not bring b closer to s1")
	assert.Equal(t, "State Senator", mustEntry(t, l, "s1").Role)

	// Swapping the priorities swaps the order.
	sc.setTargets([]graph.Target{secondary("s1"), primary("s2")})
	l = sc.list()
	assert.Greater(t, mustEntry(t, l, "a").Rank, mustEntry(t, l, "b").Rank, "%s", ranks(l))
}

// Property 2. Between two otherwise-equal candidates, the one reachable by
// a stronger introduction path ranks higher.
func TestPropertyAccess(t *testing.T) {
	w := newWorld().official("s", "").person("a").person("b").ours("o1", "").ours("o2", "").
		tie("a", "s", graph.WorksFor, 0.9).tie("b", "s", graph.WorksFor, 0.9).
		tie("o1", "a", graph.Knows, 0.95).tie("o2", "b", graph.Knows, 0.8)
	sc := load(t, w, []graph.Target{primary("s")})
	l := sc.list()
	a, b := mustEntry(t, l, "a"), mustEntry(t, l, "b")
	assert.Less(t, a.Rank, b.Rank, "%s", ranks(l))
	assert.Equal(t, factor(a, "leverage"), factor(b, "leverage"), "otherwise equal")
	assert.Equal(t, 0.95, factor(a, "access"))
	assert.Equal(t, 0.8, factor(b, "access"))
	require.NotNil(t, a.Messenger)
	assert.Equal(t, "o1", a.Messenger.Person.ID)
	assert.Equal(t, []graph.Hop{{From: "o1", To: "a", Type: graph.Knows, Strength: 0.95, Relationship: graph.DefaultRelationshipID("o1", "a", graph.Knows)}}, a.Messenger.Path.Hops)
	assert.Equal(t, "o2", b.Messenger.Person.ID)

	// A two-hop path through a strong friend beats a weak direct tie.
	w = newWorld().official("s", "").person("a").person("b").person("m").ours("o1", "").ours("o2", "").
		tie("a", "s", graph.WorksFor, 0.9).tie("b", "s", graph.WorksFor, 0.9).
		tie("o1", "m", graph.FriendOf, 0.9).tie("m", "a", graph.FamilyOf, 0.9).tie("o2", "b", graph.Knows, 0.7)
	l = load(t, w, []graph.Target{primary("s")}).list()
	a, b = mustEntry(t, l, "a"), mustEntry(t, l, "b")
	assert.Equal(t, 0.81, factor(a, "access"), "0.81 over two hops beats a weaker direct tie")
	assert.Equal(t, 0.7, factor(b, "access"))
	assert.Len(t, a.Messenger.Path.Hops, 2)
	assert.Equal(t, []string{"o1", "m", "a"}, []string{a.Messenger.Path.Nodes[0].ID, a.Messenger.Path.Nodes[1].ID, a.Messenger.Path.Nodes[2].ID})
}

// Property 3. Someone met in the last 7 days ranks below an otherwise-equal
// person last met 60 days ago, unless a follow-up with them is due this
// week, which lifts them.
func TestPropertyFreshness(t *testing.T) {
	w := newWorld().official("s", "").person("a").person("b").ours("o", "").
		tie("a", "s", graph.WorksFor, 0.9).tie("b", "s", graph.WorksFor, 0.9).
		tie("o", "a", graph.Knows, 0.6).tie("o", "b", graph.Knows, 0.6)
	recent := graph.Interaction{ID: "ix-a", Type: graph.OneOnOne, Date: "2026-11-26", Participants: []string{"o", "a"}, Outcome: "interested"}
	old := graph.Interaction{ID: "ix-b", Type: graph.OneOnOne, Date: "2026-10-01", Participants: []string{"o", "b"}}

	l := load(t, w, []graph.Target{primary("s")}, recent, old).list()
	a, b := mustEntry(t, l, "a"), mustEntry(t, l, "b")
	assert.Greater(t, a.Rank, b.Rank, "met four days ago waits; met 60 days ago comes back: %s", ranks(l))
	assert.Equal(t, 1.0, factor(b, "freshness"))
	assert.Less(t, factor(a, "freshness"), 0.5)
	assert.Equal(t, "2026-11-26", a.LastContact)
	assert.Equal(t, graph.OutreachContacted, a.Status)
	assert.Equal(t, graph.OutreachContacted, b.Status)

	due := recent
	due.FollowUp = "2026-12-02"
	l = load(t, w, []graph.Target{primary("s")}, due, old).list()
	a, b = mustEntry(t, l, "a"), mustEntry(t, l, "b")
	assert.Less(t, a.Rank, b.Rank, "a follow-up due this week lifts them: %s", ranks(l))
	assert.Equal(t, graph.OutreachFollowUpDue, a.Status)
	assert.Equal(t, "2026-12-02", a.FollowUp)
	assert.Equal(t, outreach.FollowUpLift, factor(a, "follow_up"))
	assert.Equal(t, "2026-12-02", a.Action.Due)
	assert.Equal(t, graph.OneOnOne, a.Action.Type)
	assert.Contains(t, a.Action.Text, "Follow up with Person a")

	overdue := recent
	overdue.FollowUp = "2026-11-28"
	l = load(t, w, []graph.Target{primary("s")}, overdue, old).list()
	a = mustEntry(t, l, "a")
	assert.Equal(t, graph.OutreachFollowUpOverdue, a.Status)
	assert.Equal(t, "2026-11-30", a.Action.Due, "an overdue follow-up is due on Monday")
	assert.Equal(t, 1, a.Rank)

	later := recent
	later.FollowUp = "2026-12-20"
	l = load(t, w, []graph.Target{primary("s")}, later, old).list()
	assert.Greater(t, mustEntry(t, l, "a").Rank, mustEntry(t, l, "b").Rank, "a follow-up due after the week does not lift")
}

// Property 4. A target that has committed stops pulling candidates toward
// itself.
func TestPropertyDoneIsDone(t *testing.T) {
	w := newWorld().official("s1", "").official("s2", "").person("a").person("b").ours("o", "").
		tie("a", "s1", graph.WorksFor, 0.9).tie("b", "s2", graph.WorksFor, 0.9).tie("o", "b", graph.Knows, 0.7)
	sc := load(t, w, []graph.Target{primary("s1"), primary("s2")})
	l := sc.list()
	mustEntry(t, l, "a")
	mustEntry(t, l, "s1")

	won := primary("s1")
	won.Status, won.Commitment, won.CommittedOn = graph.StatusCommitted, "Will vote yes", "2026-11-20"
	sc.setTargets([]graph.Target{won, primary("s2")})
	l = sc.list()
	assert.Nil(t, entry(l, "a"), "the committed target's staffer leaves the list: %s", ranks(l))
	assert.Nil(t, entry(l, "s1"), "so does the committed target")
	for _, e := range l.Entries {
		for _, ld := range e.Leads {
			assert.NotEqual(t, "s1", ld.Target.ID, "%s still leads to the committed target", e.Person.ID)
		}
	}
	mustEntry(t, l, "b")

	// A declined target still pulls, at half weight.
	no := primary("s1")
	no.Status = graph.StatusDeclined
	sc.setTargets([]graph.Target{no, primary("s2")})
	l = sc.list()
	s1 := mustEntry(t, l, "s1")
	assert.Equal(t, graph.SiteVisit, s1.Action.Type)
	assert.Equal(t, 0.5, factor(mustEntry(t, l, "a"), "leverage"))
}

// Property 5. Among possible messengers, our people who live in the
// target's district are preferred, including clients willing to speak.
func TestPropertyConstituents(t *testing.T) {
	w := newWorld().official("s", "7").person("a").
		ours("o1", "3A").ours("o2", "7B", graph.LabelClient, graph.LabelSpeaker).ours("o3", "7A", graph.LabelClient).
		tie("a", "s", graph.WorksFor, 0.9).
		tie("o1", "a", graph.Knows, 0.6).tie("o2", "a", graph.Knows, 0.5).tie("o3", "a", graph.Knows, 0.9)
	l := load(t, w, []graph.Target{primary("s")}).list()
	a := mustEntry(t, l, "a")
	require.NotNil(t, a.Messenger)
	assert.Equal(t, "o2", a.Messenger.Person.ID, "the speaker who lives in senate district 7 (house 7B) carries the ask")
	assert.True(t, a.Messenger.Constituent)
	assert.True(t, a.Messenger.Speaker)
	assert.True(t, a.Messenger.Person.Private, "a client stays marked private")
	assert.Equal(t, 0.5, factor(a, "access"))
	assert.Equal(t, outreach.ConstituentBonus, factor(a, "constituent"))

	// A constituent tied through a district the target REPRESENTS.
	w = newWorld().official("s", "").org("d9", "9").person("c").ours("o4", "9").ours("o5", "1A").
		tie("s", "d9", graph.Represents, 0.3).tie("c", "s", graph.WorksFor, 0.9).
		tie("o4", "c", graph.Knows, 0.5).tie("o5", "c", graph.Knows, 0.6)
	l = load(t, w, []graph.Target{primary("s")}).list()
	c := mustEntry(t, l, "c")
	assert.Equal(t, "o4", c.Messenger.Person.ID)
	assert.True(t, c.Messenger.Constituent)

	// Between two otherwise-equal candidates, the one a constituent reaches
	// ranks higher.
	w = newWorld().official("s", "7").person("x").person("y").ours("o6", "7A").ours("o7", "2B").
		tie("x", "s", graph.WorksFor, 0.9).tie("y", "s", graph.WorksFor, 0.9).
		tie("o6", "x", graph.Knows, 0.5).tie("o7", "y", graph.Knows, 0.5)
	l = load(t, w, []graph.Target{primary("s")}).list()
	assert.Less(t, mustEntry(t, l, "x").Rank, mustEntry(t, l, "y").Rank, "%s", ranks(l))
	// The senator is best approached by a constituent too.
	assert.Equal(t, "o6", mustEntry(t, l, "s").Messenger.Person.ID)
}

// Property 6. The same graph, log and week always give the same list, with
// deterministic tie-breaks.
func TestPropertyStability(t *testing.T) {
	w := newWorld().official("s", "4").person("p1").person("p2").person("p3").person("p4").ours("o", "4A").ours("q", "2A").
		tie("p1", "s", graph.WorksFor, 0.8).tie("p2", "s", graph.WorksFor, 0.8).tie("p3", "s", graph.Advises, 0.6).
		tie("p4", "p3", graph.FriendOf, 0.7).tie("o", "p1", graph.Knows, 0.5).tie("o", "p2", graph.Knows, 0.5).
		tie("q", "p4", graph.Knows, 0.6).tie("q", "p3", graph.ColleagueOf, 0.4)
	log := []graph.Interaction{
		{ID: "ix-1", Type: graph.OneOnOne, Date: "2026-11-10", Participants: []string{"o", "p3"}, FollowUp: "2026-12-03"},
		{ID: "ix-2", Type: graph.Call, Date: "2026-10-10", Participants: []string{"q", "p4"}},
		{ID: "ix-3", Type: graph.CommunityMeeting, Date: "2026-11-20", Participants: []string{"o", "q", "p1", "p2", "p4"}},
	}
	targets := []graph.Target{primary("s")}
	first := load(t, w, targets, log...).list()
	require.NotEmpty(t, first.Entries)

	// p1 and p2 are perfect twins: equal scores, ordered by id.
	p1, p2 := mustEntry(t, first, "p1"), mustEntry(t, first, "p2")
	assert.Equal(t, p1.Score, p2.Score)
	assert.Equal(t, p1.Rank+1, p2.Rank, "twins break ties by id")

	// The same content loaded in another order, with the log shuffled,
	// gives the same list, byte for byte.
	want := canonical(t, first)
	r := rand.New(rand.NewPCG(7, 7))
	for range 3 {
		b := &graph.Batch{Entities: append([]graph.Entity(nil), w.b.Entities...), Relationships: append([]graph.Relationship(nil), w.b.Relationships...)}
		r.Shuffle(len(b.Entities), func(i, j int) { b.Entities[i], b.Entities[j] = b.Entities[j], b.Entities[i] })
		r.Shuffle(len(b.Relationships), func(i, j int) { b.Relationships[i], b.Relationships[j] = b.Relationships[j], b.Relationships[i] })
		shuffled := append([]graph.Interaction(nil), log...)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		sc := load(t, &world{b: b}, targets, shuffled...)
		assert.Equal(t, want, canonical(t, sc.list()))
		assert.Equal(t, want, canonical(t, sc.list()), "and again from the cached snapshot")
	}
}

// canonical is a list's JSON without its computation time.
func canonical(t *testing.T, l *graph.OutreachList) string {
	t.Helper()
	c := *l
	c.ComputedAt = time.Time{}
	c.GraphVersion = 0
	b, err := json.Marshal(c)
	require.NoError(t, err)
	return string(b)
}
