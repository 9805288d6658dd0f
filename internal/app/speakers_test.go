package app_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
	"github.com/powermap/powermap/internal/store/embedded"
	"github.com/powermap/powermap/internal/store/neo4j/neo4jtest"
)

// The speakers fixture. Senator Vega (district 7) opposes Transit Funding
// and is the target of the housing campaign, so she cares about housing
// and transit. Cleo, a client of ours in 7A, tells a housing story and
// reaches the senator through her chief of staff Sam and as family; Ben, a
// member in district 9, tells a transit story (events only); Dora, a client
// in 7B, agreed to speak inside the coalition only; Hal is a member whose
// story is about parks, which the senator does not care about.
func speakersMap() *graph.Batch {
	p := func(id, name, district string, ours bool, labels ...string) graph.Entity {
		return graph.Entity{ID: id, Kind: graph.KindPerson, Name: name, District: district, Ours: ours, Labels: labels}
	}
	issue := func(id, name string) graph.Entity { return graph.Entity{ID: id, Kind: graph.KindIssue, Name: name} }
	return &graph.Batch{
		Entities: []graph.Entity{
			issue("housing", "Fair Housing Act"), issue("transit", "Transit Funding"), issue("parks", "Parks Bond"),
			{ID: "sen-7", Kind: graph.KindOfficial, Name: "Sen. Vega", District: "7", Title: "Senator"},
			{ID: "sam", Kind: graph.KindPerson, Name: "Sam Chief", Title: "Chief of Staff"},
			p("ana", "Ana Ruiz", "7A", true, "staff"),
			p("cleo", "Cleo Qxclient", "7A", true, "client"),
			p("ben", "Ben Okafor", "9", true, "member"),
			p("dora", "Dora Qxclient", "7B", true, "client"),
			p("hal", "Hal Park", "12", true, "member"),
		},
		Relationships: []graph.Relationship{
			{Source: "sam", Target: "sen-7", Type: graph.WorksFor, Strength: 0.9},
			{Source: "cleo", Target: "sam", Type: graph.FriendOf, Strength: 0.9},
			{Source: "cleo", Target: "sen-7", Type: graph.FamilyOf, Strength: 0.9},
			{Source: "sen-7", Target: "transit", Type: graph.Opposes},
		},
	}
}

func TestSpeakersEmbedded(t *testing.T) {
	s, err := embedded.Open(t.TempDir(), embedded.WithoutSync())
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	checkSpeakers(t, s)
}

// TestSpeakersNeo4j runs the same cases on a real Neo4j.
func TestSpeakersNeo4j(t *testing.T) {
	neo4jtest.Require(t)
	checkSpeakers(t, neo4jtest.Open(t))
}

func names(refs []graph.EntityRef) []string {
	out := []string{}
	for _, r := range refs {
		out = append(out, r.Name)
	}
	return out
}

func speakerNames(l []app.Speaker) []string {
	out := []string{}
	for _, s := range l {
		out = append(out, s.Person.Name)
	}
	return out
}

func matchNames(m *app.SpeakerMatches) []string {
	out := []string{}
	for _, s := range m.Items {
		out = append(out, s.Person.Name)
	}
	return out
}

func messengers(l *graph.OutreachList) []string {
	out := []string{}
	for _, e := range l.Entries {
		if e.Messenger != nil {
			out = append(out, e.Messenger.Person.ID)
		}
	}
	return out
}

func checkSpeakers(t *testing.T, s graph.Store) {
	ctx := t.Context()
	_, err := s.Apply(ctx, speakersMap())
	require.NoError(t, err)
	now := time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)
	a, err := app.New(app.Deps{Store: s, Now: func() time.Time { return now }})
	require.NoError(t, err)
	editor := app.Caller{Actor: "ed", Role: graph.RoleEditor}
	_, err = a.CreateCampaign(ctx, editor, graph.Campaign{ID: "c-housing", Name: "Win housing", Issue: "housing", Ask: "Vote yes",
		Start: "2026-01-01", Targets: []graph.Target{{Entity: "sen-7"}}})
	require.NoError(t, err)
	for _, e := range []graph.Event{
		{ID: "lobby", Type: graph.EventLobbyDay, Name: "Lobby day", Date: "2026-08-01", Officials: []string{"sen-7"}},
		{ID: "train", Type: graph.EventTraining, Name: "Storytelling training", Date: "2026-08-02"},
	} {
		_, err := a.CreateEvent(ctx, editor, e)
		require.NoError(t, err)
	}

	// Record consents.
	got, err := a.RecordConsent(ctx, editor, "Cleo Qxclient", app.ConsentInput{Scope: "events and press", Date: "2026-05-02", Topics: []string{"Fair Housing Act"}})
	require.NoError(t, err)
	assert.Equal(t, graph.Consent{Scope: graph.ScopePublic, Date: "2026-05-02", Topics: []string{"housing"}}, got.Consent)
	assert.Equal(t, "events and press", got.ScopeLabel)
	assert.Equal(t, []string{"Fair Housing Act"}, names(got.Topics))
	_, err = a.RecordConsent(ctx, editor, "ben", app.ConsentInput{Scope: "events only", Date: "2026-06-10", Topics: []string{"transit", "parks"}})
	require.NoError(t, err)
	_, err = a.RecordConsent(ctx, editor, "dora", app.ConsentInput{Scope: "internal", Topics: []string{"housing"}})
	require.NoError(t, err)
	_, err = a.RecordConsent(ctx, editor, "hal", app.ConsentInput{Scope: "public", Date: "2026-07-01", Topics: []string{"parks"}})
	require.NoError(t, err)

	dora, err := a.Consent(ctx, editor, "dora")
	require.NoError(t, err)
	assert.Equal(t, "2026-09-01", dora.Consent.Date, "today when no date is given")

	// Each answer, before the withdrawal.
	list, err := a.Speakers(ctx, editor, app.SpeakersQuery{})
	require.NoError(t, err)
	assert.Equal(t, []string{"Ben Okafor", "Cleo Qxclient", "Dora Qxclient", "Hal Park"}, speakerNames(list.Items))
	list, err = a.Speakers(ctx, editor, app.SpeakersQuery{Issue: "Fair Housing Act"})
	require.NoError(t, err)
	assert.Equal(t, []string{"Cleo Qxclient", "Dora Qxclient"}, speakerNames(list.Items))

	forSen, err := a.SpeakersForTarget(ctx, editor, "Sen. Vega")
	require.NoError(t, err)
	assert.Equal(t, []string{"Fair Housing Act", "Transit Funding"}, names(forSen.Issues))
	// Cleo: housing, and a constituent; Ben: transit. Dora is internal
	// only, Hal's parks story is not the senator's.
	assert.Equal(t, []string{"Cleo Qxclient", "Ben Okafor"}, matchNames(forSen))
	assert.True(t, forSen.Items[0].Constituent)
	assert.Equal(t, "tells a story about Fair Housing Act; lives in district 7A (consent: events and press, since 2026-05-02)", forSen.Items[0].Why)

	forLobby, err := a.SpeakersForEvent(ctx, editor, "lobby")
	require.NoError(t, err)
	assert.Equal(t, []string{"Cleo Qxclient", "Ben Okafor"}, matchNames(forLobby))
	forTraining, err := a.SpeakersForEvent(ctx, editor, "train")
	require.NoError(t, err)
	assert.Equal(t, []string{"Ben Okafor", "Cleo Qxclient", "Dora Qxclient", "Hal Park"}, matchNames(forTraining), "no officials: every speaker a training allows")

	out, _, err := a.Outreach(ctx, editor, app.OutreachQuery{Campaign: "c-housing"})
	require.NoError(t, err)
	assert.Contains(t, messengers(out), "cleo", "a client speaker carries introductions")

	brief, err := a.Brief(ctx, editor, "sen-7")
	require.NoError(t, err)
	assert.Equal(t, []string{"Cleo Qxclient", "Ana Ruiz"}, names(brief.Constituents.Named), "the consenting client speaker, first")
	assert.Equal(t, 1, brief.Constituents.Hidden, "Dora speaks inside the coalition only")

	// Viewers see no client speaker, by name or count.
	for _, q := range []func() (any, error){
		func() (any, error) { return a.Speakers(ctx, viewer, app.SpeakersQuery{}) },
		func() (any, error) { return a.SpeakersForTarget(ctx, viewer, "sen-7") },
		func() (any, error) { return a.SpeakersForEvent(ctx, viewer, "lobby") },
		func() (any, error) { return a.SpeakersForEvent(ctx, viewer, "train") },
		func() (any, error) { return a.Brief(ctx, viewer, "sen-7") },
	} {
		v, err := q()
		require.NoError(t, err)
		assert.NotContains(t, jsonOf(t, v), "Qxclient")
	}
	vl, err := a.Speakers(ctx, viewer, app.SpeakersQuery{})
	require.NoError(t, err)
	assert.Equal(t, []string{"Ben Okafor", "Hal Park"}, speakerNames(vl.Items))
	_, hiddenErr := a.Consent(ctx, viewer, "cleo")
	_, missingErr := a.Consent(ctx, viewer, "zz-missing")
	assert.Equal(t, graph.CodeOf(missingErr), graph.CodeOf(hiddenErr))

	// ONE write withdraws Cleo's consent...
	before, err := s.Version(ctx)
	require.NoError(t, err)
	w, err := a.WithdrawConsent(ctx, editor, "cleo", app.WithdrawInput{Date: "2026-08-20"})
	require.NoError(t, err)
	after, err := s.Version(ctx)
	require.NoError(t, err)
	assert.Equal(t, before+1, after, "one write")
	assert.Equal(t, graph.Consent{Scope: graph.ScopePublic, Date: "2026-05-02", Withdrawn: "2026-08-20", Topics: []string{"housing"}}, w.Consent)

	// ... and every answer follows.
	list, err = a.Speakers(ctx, editor, app.SpeakersQuery{})
	require.NoError(t, err)
	assert.Equal(t, []string{"Ben Okafor", "Dora Qxclient", "Hal Park"}, speakerNames(list.Items))
	forSen, err = a.SpeakersForTarget(ctx, editor, "sen-7")
	require.NoError(t, err)
	assert.Equal(t, []string{"Ben Okafor"}, matchNames(forSen))
	forLobby, err = a.SpeakersForEvent(ctx, editor, "lobby")
	require.NoError(t, err)
	assert.Equal(t, []string{"Ben Okafor"}, matchNames(forLobby))
	forTraining, err = a.SpeakersForEvent(ctx, editor, "train")
	require.NoError(t, err)
	assert.Equal(t, []string{"Ben Okafor", "Dora Qxclient", "Hal Park"}, matchNames(forTraining))
	out, _, err = a.Outreach(ctx, editor, app.OutreachQuery{Campaign: "c-housing"})
	require.NoError(t, err)
	assert.NotContains(t, messengers(out), "cleo")
	brief, err = a.Brief(ctx, editor, "sen-7")
	require.NoError(t, err)
	assert.Equal(t, []string{"Ana Ruiz"}, names(brief.Constituents.Named))
	assert.Equal(t, 2, brief.Constituents.Hidden)
	rec, err := a.Consent(ctx, editor, "cleo")
	require.NoError(t, err)
	assert.Equal(t, "2026-08-20", rec.Consent.Withdrawn, "the record is kept")

	// Given again, the consent is in force again.
	_, err = a.RecordConsent(ctx, editor, "cleo", app.ConsentInput{Scope: "public", Date: "2026-08-30", Topics: []string{"housing"}})
	require.NoError(t, err)
	forSen, err = a.SpeakersForTarget(ctx, editor, "sen-7")
	require.NoError(t, err)
	assert.Equal(t, []string{"Cleo Qxclient", "Ben Okafor"}, matchNames(forSen))

	// Bad input names the field.
	for _, tc := range []struct {
		field string
		call  func() error
	}{
		{"scope", func() error {
			_, err := a.RecordConsent(ctx, editor, "hal", app.ConsentInput{Scope: "everywhere", Topics: []string{"parks"}})
			return err
		}},
		{"date", func() error {
			_, err := a.RecordConsent(ctx, editor, "hal", app.ConsentInput{Scope: "public", Date: "May 2", Topics: []string{"parks"}})
			return err
		}},
		{"date", func() error {
			_, err := a.RecordConsent(ctx, editor, "hal", app.ConsentInput{Scope: "public", Date: "2026-09-02", Topics: []string{"parks"}})
			return err
		}},
		{"topics", func() error {
			_, err := a.RecordConsent(ctx, editor, "hal", app.ConsentInput{Scope: "public"})
			return err
		}},
		{"topics", func() error {
			_, err := a.RecordConsent(ctx, editor, "hal", app.ConsentInput{Scope: "public", Topics: []string{"Ana Ruiz"}})
			return err
		}},
		{"person", func() error {
			_, err := a.RecordConsent(ctx, editor, "sen-7", app.ConsentInput{Scope: "public", Topics: []string{"parks"}})
			return err
		}},
		{"person", func() error {
			_, err := a.WithdrawConsent(ctx, editor, "ana", app.WithdrawInput{})
			return err
		}},
		{"date", func() error {
			_, err := a.WithdrawConsent(ctx, editor, "hal", app.WithdrawInput{Date: "2026-06-01"})
			return err
		}},
		{"issue", func() error { _, err := a.Speakers(ctx, editor, app.SpeakersQuery{Issue: "Nope"}); return err }},
		{"scope", func() error { _, err := a.Speakers(ctx, editor, app.SpeakersQuery{Scope: "nope"}); return err }},
		{"target", func() error { _, err := a.SpeakersForTarget(ctx, editor, "housing"); return err }},
	} {
		err := tc.call()
		require.Error(t, err, tc.field)
		assert.True(t, graph.Is(err, graph.Invalid) || graph.Is(err, graph.NotFound), "%s: %v", tc.field, err)
		ds := graph.DetailsOf(err)
		require.NotEmpty(t, ds, "%s: %v", tc.field, err)
		assert.Equal(t, tc.field, ds[0].Field, "%v", err)
	}
	_, err = a.RecordConsent(ctx, viewer, "hal", app.ConsentInput{Scope: "public", Topics: []string{"parks"}})
	assert.True(t, graph.Is(err, graph.Forbidden))
}
