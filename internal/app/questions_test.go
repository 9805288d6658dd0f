package app_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/outreach"
	"github.com/powermap/powermap/internal/app"
	"github.com/powermap/powermap/internal/store/embedded"
	"github.com/powermap/powermap/internal/store/neo4j/neo4jtest"
)

// questionsStore is a store that keeps the graph, campaigns, events and
// question banks.
type questionsStore interface {
	graph.Store
	graph.CampaignStore
	graph.EventStore
	graph.QuestionStore
}

// questionsMap is the question bank's fixture: Sen. Vega sits on two
// committees, opposes the toll road, supports transit and has no stance
// on the Fair Housing Act, our campaign's issue. Two PACs and a person
// gave to her; we met her twice, once with a client.
func questionsMap() *graph.Batch {
	org := func(id, name string) graph.Entity {
		return graph.Entity{ID: id, Kind: graph.KindOrganization, Name: name}
	}
	issue := func(id, name string) graph.Entity { return graph.Entity{ID: id, Kind: graph.KindIssue, Name: name} }
	return &graph.Batch{
		Entities: []graph.Entity{
			{ID: "sen-7", Kind: graph.KindOfficial, Name: "Sen. Vega", District: "7"},
			org("hsa", "Human Services Appropriations Committee"), org("wam", "Ways and Means Committee"),
			org("acme", "Acme Builders PAC"), org("zeta", "Zeta Ferry PAC"),
			issue("fha", "Fair Housing Act"), issue("transit", "Transit for All Act"), issue("tolls", "Toll Road Expansion"),
			{ID: "dee", Kind: graph.KindDonor, Name: "Dee Rich"},
			{ID: "ana", Kind: graph.KindPerson, Name: "Ana Ruiz", Ours: true},
			{ID: "cleo", Kind: graph.KindPerson, Name: "Cleo Qxclient", Labels: []string{graph.LabelClient}},
		},
		Relationships: []graph.Relationship{
			{Source: "sen-7", Target: "hsa", Type: graph.ServesOn, Props: map[string]string{"role": "member"}},
			{Source: "sen-7", Target: "wam", Type: graph.MemberOf},
			{Source: "sen-7", Target: "tolls", Type: graph.Opposes, Strength: 1},
			{Source: "sen-7", Target: "transit", Type: graph.Supports, Strength: 0.5},
			{ID: "gift-1", Source: "acme", Target: "sen-7", Type: graph.DonatedTo, Amount: 5000, Date: "2024-03-01"},
			{ID: "gift-2", Source: "acme", Target: "sen-7", Type: graph.DonatedTo, Amount: 2500, Date: "2022-05-01"},
			{ID: "gift-3", Source: "zeta", Target: "sen-7", Type: graph.DonatedTo, Amount: 1000, Date: "2024-01-10"},
			{ID: "gift-4", Source: "dee", Target: "sen-7", Type: graph.DonatedTo, Amount: 9000, Date: "2024-01-10"},
			{Source: "ana", Target: "sen-7", Type: graph.Knows},
		},
	}
}

func questionsApp(t *testing.T, s questionsStore) *app.App {
	t.Helper()
	ctx := t.Context()
	_, err := s.Apply(ctx, questionsMap())
	require.NoError(t, err)
	_, err = s.CreateCampaign(ctx, graph.Campaign{ID: "housing", Name: "Win the Fair Housing Act", Issue: "fha",
		Ask: "Vote yes on the Fair Housing Act in committee.", Start: "2026-01-01",
		Targets: []graph.Target{{Entity: "sen-7", Priority: graph.PriorityPrimary, Status: graph.StatusCommitted,
			Commitment: "Co-sponsor HB 1201", CommittedOn: "2026-04-02"}}})
	require.NoError(t, err)
	for _, ix := range []graph.Interaction{
		{ID: "ix-1", Type: graph.OfficialMeeting, Date: "2026-05-01", Participants: []string{"ana", "sen-7"}, Outcome: "Will read the housing bill."},
		{ID: "ix-2", Type: graph.OfficialMeeting, Date: "2026-06-01", Participants: []string{"ana", "cleo", "sen-7"}, Outcome: "Promised Cleo a meeting"},
		{ID: "ix-3", Type: graph.Call, Date: "2026-06-02", Participants: []string{"ana", "sen-7"}},
	} {
		_, err := s.LogInteraction(ctx, ix)
		require.NoError(t, err)
	}
	_, err = s.CreateEvent(ctx, graph.Event{ID: "forum", Type: graph.EventCandidateForum, Name: "District 7 candidate forum",
		Date: "2026-09-20", Place: "Riverside Library", Officials: []string{"sen-7"}})
	require.NoError(t, err)
	_, err = s.CreateEvent(ctx, graph.Event{ID: "lobby", Type: graph.EventLobbyDay, Name: "Lobby day", Date: "2026-03-04"})
	require.NoError(t, err)
	now := time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)
	a, err := app.New(app.Deps{Store: s, Now: func() time.Time { return now }})
	require.NoError(t, err)
	return a
}

// The draft, by hand: the campaign's issue first (she sits on a committee
// and has no stance), her other stances by issue name, her other seat,
// the two PACs by money (the person who gave is no PAC), her commitment,
// and the two meetings with an outcome, newest first.
var wantDraft = []struct{ template, text string }{
	{app.TemplateCommitteeNoStance, "You sit on the Human Services Appropriations Committee and have not taken a position on the Fair Housing Act. Will you vote yes in committee?"},
	{app.TemplateOpposes, "You oppose Toll Road Expansion. What would change your mind?"},
	{app.TemplateSupports, "You support the Transit for All Act. What will you do this session to move it forward?"},
	{app.TemplateCommitteeSeat, "You serve as a member of the Ways and Means Committee. What will you do there this session for the people who rely on health and human services?"},
	{app.TemplateTopFunder, "Acme Builders PAC has given $7,500 to your campaigns. When its interests and your constituents' differ, whose come first?"},
	{app.TemplateTopFunder, "Zeta Ferry PAC has given $1,000 to your campaigns. When its interests and your constituents' differ, whose come first?"},
	{app.TemplateCommitment, "You committed on 2026-04-02 to our campaign Win the Fair Housing Act: \"Co-sponsor HB 1201\". Will you keep that commitment, and when?"},
	{app.TemplateMeeting, "When we met on 2026-06-01, you told us: \"Promised Cleo a meeting\". Will you say so here, in public?"},
	{app.TemplateMeeting, "When we met on 2026-05-01, you told us: \"Will read the housing bill\". Will you say so here, in public?"},
}

func TestQuestionsEmbedded(t *testing.T) {
	s, err := embedded.Open(t.TempDir(), embedded.WithoutSync())
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	checkQuestions(t, s)
}

// TestQuestionsNeo4j runs the same fixture on a real Neo4j.
func TestQuestionsNeo4j(t *testing.T) {
	neo4jtest.Require(t)
	checkQuestions(t, neo4jtest.Open(t))
}

func checkQuestions(t *testing.T, s questionsStore) {
	a := questionsApp(t, s)
	ctx := t.Context()
	editor := app.Caller{Actor: "ed", Role: graph.RoleEditor}

	t.Run("drafting is deterministic and every source exists", func(t *testing.T) {
		d, err := a.DraftQuestions(ctx, editor, "Sen. Vega")
		require.NoError(t, err)
		assert.Equal(t, "sen-7", d.Official.ID)
		var got []struct{ template, text string }
		for _, q := range d.Questions {
			got = append(got, struct{ template, text string }{q.Template, q.Text})
		}
		assert.Equal(t, wantDraft, got)
		first := d.Questions[0]
		assert.Equal(t, "fha", first.Issue)
		assert.Equal(t, []graph.QuestionSource{
			{Kind: graph.SourceRelationship, ID: "SERVES_ON:sen-7>hsa", Name: "serves on Human Services Appropriations Committee"},
			{Kind: graph.SourceEntity, ID: "fha", Name: "Fair Housing Act"},
			{Kind: graph.SourceCampaign, ID: "housing", Name: "Win the Fair Housing Act"},
		}, first.Sources)
		assert.Equal(t, []graph.QuestionSource{
			{Kind: graph.SourceEntity, ID: "acme", Name: "Acme Builders PAC"},
			{Kind: graph.SourceRelationship, ID: "gift-1", Name: "Acme Builders PAC gave $5,000 (2024-03-01)"},
			{Kind: graph.SourceRelationship, ID: "gift-2", Name: "Acme Builders PAC gave $2,500 (2022-05-01)"},
		}, d.Questions[4].Sources)
		for _, q := range d.Questions {
			require.NotEmpty(t, q.Sources, q.Text)
			for _, src := range q.Sources {
				assertSourceExists(t, s, src)
			}
		}
		again, err := a.DraftQuestions(ctx, editor, "sen-7")
		require.NoError(t, err)
		assert.Equal(t, d, again, "the same map drafts the same questions, ids and order")

		_, err = a.DraftQuestions(ctx, editor, "hsa")
		assert.Equal(t, graph.Invalid, graph.CodeOf(err))
		assert.Equal(t, "id", graph.DetailsOf(err)[0].Field)
	})

	t.Run("a viewer's draft cites no hidden record", func(t *testing.T) {
		d, err := a.DraftQuestions(ctx, viewer, "sen-7")
		require.NoError(t, err)
		require.Len(t, d.Questions, len(wantDraft)-1)
		for _, q := range d.Questions {
			assert.NotContains(t, q.Text, "Cleo")
			for _, src := range q.Sources {
				assert.NotEqual(t, "ix-2", src.ID)
			}
		}
	})

	t.Run("save, reorder, and a viewer never sees a hidden source", func(t *testing.T) {
		d, err := a.DraftQuestions(ctx, editor, "sen-7")
		require.NoError(t, err)
		qs := []graph.Question{d.Questions[7], d.Questions[0], {Text: "Will you hold office hours in the district?"}}
		qs[1].Text = "You sit on the Human Services Appropriations Committee. Will you vote yes on HB 1201?"
		_, err = a.SaveQuestionBank(ctx, viewer, "sen-7", app.QuestionBankInput{Questions: qs})
		assert.Equal(t, graph.Forbidden, graph.CodeOf(err))
		_, err = a.SaveQuestionBank(ctx, editor, "sen-7", app.QuestionBankInput{Forum: "lobby", Questions: qs})
		require.Equal(t, graph.Invalid, graph.CodeOf(err))
		assert.Equal(t, "forum", graph.DetailsOf(err)[0].Field)
		bad := append([]graph.Question{}, qs...)
		bad[0].Sources = append([]graph.QuestionSource{{Kind: graph.SourceInteraction, ID: "ix-nope"}}, bad[0].Sources...)
		_, err = a.SaveQuestionBank(ctx, editor, "sen-7", app.QuestionBankInput{Questions: bad})
		require.Equal(t, graph.Invalid, graph.CodeOf(err))
		assert.Equal(t, "questions[0].sources[0].id", graph.DetailsOf(err)[0].Field)

		b, err := a.SaveQuestionBank(ctx, editor, "sen-7", app.QuestionBankInput{Forum: "forum", Questions: qs})
		require.NoError(t, err)
		require.Len(t, b.Questions, 3)
		assert.Equal(t, "Promised Cleo a meeting", b.Questions[0].Text[len("When we met on 2026-06-01, you told us: \""):][:len("Promised Cleo a meeting")])
		assert.Equal(t, qs[1].Text, b.Questions[1].Text, "edited text is kept")
		assert.NotEmpty(t, b.Questions[2].ID, "a new question gets an id")
		assert.Equal(t, &app.ForumRef{ID: "forum", Name: "District 7 candidate forum", Date: "2026-09-20", Place: "Riverside Library"}, b.Forum)
		assert.NotEmpty(t, b.Revision)

		seen, err := a.QuestionBank(ctx, viewer, "sen-7")
		require.NoError(t, err)
		require.Len(t, seen.Questions, 2, "the question citing the meeting with a client is not shown")
		assert.Equal(t, []string{b.Questions[1].ID, b.Questions[2].ID}, []string{seen.Questions[0].ID, seen.Questions[1].ID})
		assert.Empty(t, seen.Revision)

		// Save again with the order changed, conditionally.
		qs2 := []graph.Question{b.Questions[1], b.Questions[2], b.Questions[0]}
		b2, err := a.SaveQuestionBank(ctx, editor, "sen-7", app.QuestionBankInput{Forum: "forum", Questions: qs2, Revision: b.Revision})
		require.NoError(t, err)
		assert.Equal(t, []string{qs2[0].ID, qs2[1].ID, qs2[2].ID}, []string{b2.Questions[0].ID, b2.Questions[1].ID, b2.Questions[2].ID})
		_, err = a.SaveQuestionBank(ctx, editor, "sen-7", app.QuestionBankInput{Forum: "forum", Questions: qs2, Revision: b.Revision})
		assert.Equal(t, graph.Conflict, graph.CodeOf(err), "a stale revision")
	})

	t.Run("a forum answer changes the stance and the grid", func(t *testing.T) {
		before, err := a.Grid(ctx, editor, "housing")
		require.NoError(t, err)
		assert.False(t, gridAlignment(t, before, "sen-7").Known(), "no stance on the Fair Housing Act yet")

		b, err := a.QuestionBank(ctx, editor, "sen-7")
		require.NoError(t, err)
		q := b.Questions[0]
		require.Equal(t, "fha", q.Issue)
		support := graph.StrongSupport
		_, err = a.AnswerQuestion(ctx, viewer, "sen-7", q.ID, app.AnswerInput{Answer: "Yes.", Stance: &support})
		assert.Equal(t, graph.Forbidden, graph.CodeOf(err))
		bad := graph.Alignment(7)
		_, err = a.AnswerQuestion(ctx, editor, "sen-7", q.ID, app.AnswerInput{Stance: &bad})
		require.Equal(t, graph.Invalid, graph.CodeOf(err))
		assert.Equal(t, "stance", graph.DetailsOf(err)[0].Field)
		_, err = a.AnswerQuestion(ctx, editor, "sen-7", "q_nope", app.AnswerInput{})
		assert.Equal(t, graph.NotFound, graph.CodeOf(err))

		got, err := a.AnswerQuestion(ctx, editor, "sen-7", q.ID, app.AnswerInput{Answer: "Yes, I will vote yes in committee.", Stance: &support})
		require.NoError(t, err)
		aq := got.Questions[0]
		assert.True(t, aq.Asked)
		assert.Equal(t, "2026-09-20", aq.AskedOn, "asked on the forum's date")
		assert.Equal(t, "Yes, I will vote yes in committee.", aq.Answer)
		require.NotNil(t, aq.Stance)
		assert.Equal(t, graph.StrongSupport, *aq.Stance)

		assert.Equal(t, []graph.QuestionSource{
			{Kind: graph.SourceRelationship, ID: "SERVES_ON:sen-7>hsa", Name: "serves on Human Services Appropriations Committee"},
			{Kind: graph.SourceEntity, ID: "fha", Name: "Fair Housing Act"},
			{Kind: graph.SourceCampaign, ID: "housing", Name: "Win the Fair Housing Act"},
			{Kind: graph.SourceRelationship, ID: "SUPPORTS:sen-7>fha", Name: "strongly supports Fair Housing Act (said at the forum)"},
			{Kind: graph.SourceEvent, ID: "forum", Name: "District 7 candidate forum (2026-09-20)"},
		}, aq.Sources, "the question cites the stance it recorded and the forum")
		tie, err := s.Relationship(ctx, "SUPPORTS:sen-7>fha")
		require.NoError(t, err)
		assert.Equal(t, map[string]string{"source": "candidate_forum", "event": "forum"}, tie.Props, "the stance cites the forum")
		assert.Equal(t, "2026-09-20", tie.Date)

		after, err := a.Grid(ctx, editor, "housing")
		require.NoError(t, err)
		assert.Equal(t, graph.StrongSupport, gridAlignment(t, after, "sen-7"), "the grid shows the new stance")
		st, err := a.Stances(ctx, viewer, "fha")
		require.NoError(t, err)
		require.Len(t, st.Stances, 1)
		assert.Equal(t, graph.StrongSupport, st.Stances[0].Alignment)

		// A changed answer changes the stance: the support tie goes.
		opp := graph.Opposition
		_, err = a.AnswerQuestion(ctx, editor, "sen-7", q.ID, app.AnswerInput{Answer: "On second thought, no.", Stance: &opp})
		require.NoError(t, err)
		after, err = a.Grid(ctx, editor, "housing")
		require.NoError(t, err)
		assert.Equal(t, graph.Opposition, gridAlignment(t, after, "sen-7"))
		_, err = s.Relationship(ctx, "SUPPORTS:sen-7>fha")
		assert.Equal(t, graph.NotFound, graph.CodeOf(err))
		seen, err := a.QuestionBank(ctx, viewer, "sen-7")
		require.NoError(t, err)
		require.Equal(t, q.ID, seen.Questions[0].ID, "a viewer still sees the answered question")
		for _, src := range seen.Questions[0].Sources {
			assertSourceExists(t, s, src)
		}
	})
}

func gridAlignment(t *testing.T, g *outreach.Grid, id string) graph.Alignment {
	t.Helper()
	for _, p := range g.Points {
		if p.Entity.ID == id {
			return p.Alignment
		}
	}
	t.Fatalf("%s is not on the grid", id)
	return graph.AlignmentUnknown
}

func assertSourceExists(t *testing.T, s questionsStore, src graph.QuestionSource) {
	t.Helper()
	ctx := t.Context()
	var err error
	switch src.Kind {
	case graph.SourceEntity:
		_, err = s.Entity(ctx, src.ID)
	case graph.SourceRelationship:
		_, err = s.Relationship(ctx, src.ID)
	case graph.SourceInteraction:
		_, err = s.Interaction(ctx, src.ID)
	case graph.SourceCampaign:
		_, err = s.Campaign(ctx, src.ID)
	case graph.SourceEvent:
		_, err = s.Event(ctx, src.ID)
	default:
		t.Errorf("unknown source kind %q", src.Kind)
	}
	assert.NoError(t, err, "source %s %s (%s)", src.Kind, src.ID, src.Name)
	assert.NotEmpty(t, src.Name, "source %s has a name", src.ID)
}
