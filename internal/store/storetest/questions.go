package storetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

// QuestionBackend is a store that keeps both the graph and question banks:
// reference checks read the graph.
type QuestionBackend interface {
	graph.Store
	graph.QuestionStore
}

// QuestionsOpener returns a new, empty store for one subtest, and
// registers its Close with t.Cleanup.
type QuestionsOpener func(t *testing.T) QuestionBackend

// RunQuestions runs the conformance cases of graph.QuestionStore against
// the backend that open returns.
func RunQuestions(t *testing.T, open QuestionsOpener) {
	for _, c := range questionCases {
		t.Run(c.name, func(t *testing.T) { c.run(t, open) })
	}
}

var questionCases = []struct {
	name string
	run  func(*testing.T, QuestionsOpener)
}{
	{"Questions/RoundTrip", testQuestionsRoundTrip},
	{"Questions/Invalid", testQuestionsInvalid},
	{"Questions/Revision", testQuestionsRevision},
	{"Questions/Delete", testQuestionsDelete},
	{"Questions/GraphUntouched", testQuestionsLeaveGraph},
	{"Questions/Audit", testQuestionsAudit},
}

func openQuestions(t *testing.T, open QuestionsOpener) QuestionBackend {
	t.Helper()
	s := open(t)
	_, err := s.Apply(t.Context(), SmallMap())
	require.NoError(t, err)
	return s
}

// ortizBank is a bank of SmallMap's senator: a drafted question with two
// sources, asked and answered with a stance, and one an organizer wrote.
func ortizBank() graph.QuestionBank {
	st := graph.Support
	return graph.QuestionBank{Official: AaronOrtiz, Forum: "ev-forum",
		Questions: []graph.Question{
			{ID: "q_funder", Text: " Acme Builders PAC gave you $5,000. Whose interests come first? ", Template: "top_funder",
				Sources: []graph.QuestionSource{{Kind: "RELATIONSHIP", ID: "DONATED_TO:" + AcmeBuildersPAC + ">" + AaronOrtiz, Name: "gave $5,000"},
					{Kind: graph.SourceEntity, ID: AcmeBuildersPAC, Name: "Acme Builders PAC"}},
				Asked: true, AskedOn: "2026-10-01", Answer: "My constituents.", Issue: "housing", Stance: &st},
			{ID: "q_own", Text: "Will you meet our members?"},
		}}
}

func assertBank(t *testing.T, want, got graph.QuestionBank) {
	t.Helper()
	want.Normalize()
	want.CreatedAt, want.UpdatedAt, got.CreatedAt, got.UpdatedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	assert.Equal(t, want, got)
}

func testQuestionsRoundTrip(t *testing.T, open QuestionsOpener) {
	s := openQuestions(t, open)
	ctx := t.Context()
	bs, err := s.QuestionBanks(ctx)
	require.NoError(t, err)
	assert.Empty(t, bs, "a new store has no question banks")
	_, err = s.QuestionBank(ctx, AaronOrtiz)
	assert.Equal(t, graph.NotFound, graph.CodeOf(err))

	b := ortizBank()
	got, err := s.SaveQuestionBank(ctx, b, "")
	require.NoError(t, err)
	assertBank(t, b, got)
	assert.Equal(t, "Acme Builders PAC gave you $5,000. Whose interests come first?", got.Questions[0].Text, "text is trimmed")
	assert.Equal(t, graph.SourceRelationship, got.Questions[0].Sources[0].Kind, "kinds are lower-cased")
	assert.Equal(t, []graph.QuestionSource{}, got.Questions[1].Sources, "sources are never nil")
	assert.True(t, got.CreatedAt.Equal(got.UpdatedAt))

	read, err := s.QuestionBank(ctx, AaronOrtiz)
	require.NoError(t, err)
	assert.Equal(t, got, read, "read back exactly as stored")
	require.NotNil(t, read.Questions[0].Stance)
	assert.Equal(t, graph.Support, *read.Questions[0].Stance)

	// Reordered and saved again: the order is kept, CreatedAt too.
	time.Sleep(5 * time.Millisecond)
	read.Questions[0], read.Questions[1] = read.Questions[1], read.Questions[0]
	again, err := s.SaveQuestionBank(ctx, read, got.Revision())
	require.NoError(t, err)
	assert.Equal(t, []string{"q_own", "q_funder"}, []string{again.Questions[0].ID, again.Questions[1].ID})
	assert.True(t, again.CreatedAt.Equal(got.CreatedAt))
	assert.True(t, again.UpdatedAt.After(got.UpdatedAt))
	bs, err = s.QuestionBanks(ctx)
	require.NoError(t, err)
	require.Len(t, bs, 1)
	assert.Equal(t, again, bs[0])
}

func testQuestionsInvalid(t *testing.T, open QuestionsOpener) {
	s := openQuestions(t, open)
	ctx := t.Context()
	fields := func(err error) []string {
		var out []string
		for _, d := range graph.DetailsOf(err) {
			out = append(out, d.Field)
		}
		return out
	}
	bad := graph.Alignment(5)
	b := graph.QuestionBank{Official: AaronOrtiz, Questions: []graph.Question{
		{ID: "q1", Text: ""},
		{ID: "q1", Text: "Again?", AskedOn: "2026-02-30", Stance: &bad, Issue: "housing"},
		{ID: "q3", Text: "Why?", Sources: []graph.QuestionSource{{Kind: "rumour", ID: ""}}},
	}}
	_, err := s.SaveQuestionBank(ctx, b, "")
	require.Equal(t, graph.Invalid, graph.CodeOf(err), "%v", err)
	assert.ElementsMatch(t, []string{"questions[0].text", "questions[1].id", "questions[1].asked_on", "questions[1].stance",
		"questions[2].sources[0].kind", "questions[2].sources[0].id"}, fields(err))

	_, err = s.SaveQuestionBank(ctx, graph.QuestionBank{Official: AnaReyes}, "")
	require.Equal(t, graph.Invalid, graph.CodeOf(err))
	assert.Equal(t, []string{"official"}, fields(err), "a bank is for an official")
	_, err = s.SaveQuestionBank(ctx, graph.QuestionBank{Official: "nobody"}, "")
	require.Equal(t, graph.Invalid, graph.CodeOf(err))
	assert.Equal(t, []string{"official"}, fields(err))

	bs, err := s.QuestionBanks(ctx)
	require.NoError(t, err)
	assert.Empty(t, bs, "nothing invalid was written")
}

func testQuestionsRevision(t *testing.T, open QuestionsOpener) {
	s := openQuestions(t, open)
	ctx := t.Context()
	_, err := s.SaveQuestionBank(ctx, ortizBank(), "abc")
	assert.Equal(t, graph.Conflict, graph.CodeOf(err), "a revision of no bank: %v", err)
	b, err := s.SaveQuestionBank(ctx, ortizBank(), "")
	require.NoError(t, err)
	rev := b.Revision()
	b.Forum = ""
	_, err = s.SaveQuestionBank(ctx, b, rev)
	require.NoError(t, err)
	b.Forum = "ev-other"
	_, err = s.SaveQuestionBank(ctx, b, rev)
	assert.Equal(t, graph.Conflict, graph.CodeOf(err), "a stale revision: %v", err)
	read, err := s.QuestionBank(ctx, AaronOrtiz)
	require.NoError(t, err)
	assert.Empty(t, read.Forum, "the stale save wrote nothing")
	_, err = s.SaveQuestionBank(ctx, b, "")
	require.NoError(t, err, "no revision: an unconditional save")
}

func testQuestionsDelete(t *testing.T, open QuestionsOpener) {
	s := openQuestions(t, open)
	ctx := t.Context()
	_, err := s.SaveQuestionBank(ctx, ortizBank(), "")
	require.NoError(t, err)
	require.NoError(t, s.DeleteQuestionBank(ctx, AaronOrtiz))
	_, err = s.QuestionBank(ctx, AaronOrtiz)
	assert.Equal(t, graph.NotFound, graph.CodeOf(err))
	assert.Equal(t, graph.NotFound, graph.CodeOf(s.DeleteQuestionBank(ctx, AaronOrtiz)))
}

func testQuestionsLeaveGraph(t *testing.T, open QuestionsOpener) {
	s := openQuestions(t, open)
	ctx := t.Context()
	before, err := s.Counts(ctx)
	require.NoError(t, err)
	_, err = s.SaveQuestionBank(ctx, ortizBank(), "")
	require.NoError(t, err)
	after, err := s.Counts(ctx)
	require.NoError(t, err)
	assert.Equal(t, before, after, "a question bank moves neither counts nor version")
}

func testQuestionsAudit(t *testing.T, open QuestionsOpener) {
	s := openQuestions(t, open)
	a, ok := s.(graph.AccountStore)
	if !ok {
		t.Skip("the store keeps no audit log")
	}
	ctx := t.Context()
	n := 0
	entry := func(action string) graph.AuditEntry {
		n++
		return graph.AuditEntry{At: t0.Add(time.Duration(n) * time.Second), Actor: "tok_1 (ana)", Action: action, Target: AaronOrtiz}
	}
	_, err := s.SaveQuestionBank(ctx, ortizBank(), "", entry("questions.save"))
	require.NoError(t, err)
	_, err = s.SaveQuestionBank(ctx, graph.QuestionBank{Official: AnaReyes}, "", entry("questions.save"))
	require.Error(t, err, "a failed write records nothing")
	require.NoError(t, s.DeleteQuestionBank(ctx, AaronOrtiz, entry("questions.delete")))
	es, err := a.Audit(ctx, graph.AuditQuery{})
	require.NoError(t, err)
	var got []string
	for i := len(es) - 1; i >= 0; i-- {
		got = append(got, es[i].Action)
	}
	assert.Equal(t, []string{"questions.save", "questions.delete"}, got)
}
