package outreach_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/outreach"
)

// richList is a computed list whose text holds characters that iCalendar
// and CSV must escape.
func richList(t *testing.T) *graph.OutreachList {
	t.Helper()
	w := newWorld().official("s", "7").person("a").person("b").person("c").ours("o", "7A").ours("q", "1B").
		tie("a", "s", graph.WorksFor, 0.9).tie("b", "s", graph.Advises, 0.7).tie("c", "b", graph.FriendOf, 0.8).
		tie("o", "a", graph.Knows, 0.6).tie("q", "c", graph.Knows, 0.7)
	w.b.Entities[2].Name = `Dana "DJ" Whitfield, Jr.; chief\of\staff` // a
	w.b.Entities[3].Name = "=HYPERLINK(\"x\") Zoë 名前 🚀 with a very long name that runs well past seventy-five octets for folding"
	sc := load(t, w, []graph.Target{primary("s")},
		graph.Interaction{ID: "ix-1", Type: graph.OneOnOne, Date: "2026-11-02", Participants: []string{"o", "a"},
			FollowUp: "2026-12-03", Outcome: "wants numbers; call back,\nafter the hearing"})
	l := sc.list()
	require.GreaterOrEqual(t, len(l.Entries), 4)
	return l
}

func TestWriteICSParses(t *testing.T) {
	l := richList(t)
	var buf bytes.Buffer
	require.NoError(t, outreach.WriteICS(&buf, l, "Fund community services"))
	raw := buf.String()
	for _, line := range strings.SplitAfter(raw, "\r\n") {
		if line == "" {
			continue
		}
		require.True(t, strings.HasSuffix(line, "\r\n"), "every line ends with CRLF: %q", line)
		assert.LessOrEqual(t, len(line)-2, 75, "lines are folded at 75 octets: %q", line)
	}

	cal, err := ical.NewDecoder(strings.NewReader(raw)).Decode()
	require.NoError(t, err, "a real iCalendar parser reads it")
	var again bytes.Buffer
	require.NoError(t, ical.NewEncoder(&again).Encode(cal), "and its encoder's RFC 5545 checks pass")

	assert.Equal(t, "2.0", cal.Props.Get(ical.PropVersion).Value)
	var todos []*ical.Component
	for _, c := range cal.Children {
		if c.Name == ical.CompToDo {
			todos = append(todos, c)
		}
	}
	require.Len(t, todos, len(l.Entries), "one VTODO per suggested meeting")
	uids := map[string]bool{}
	monday := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	for i, td := range todos {
		e := l.Entries[i]
		uid := td.Props.Get(ical.PropUID).Value
		assert.False(t, uids[uid], "UIDs are unique")
		uids[uid] = true
		due, err := td.Props.DateTime(ical.PropDue, time.UTC)
		require.NoError(t, err)
		assert.Equal(t, ical.ValueDate, td.Props.Get(ical.PropDue).ValueType())
		assert.False(t, due.Before(monday), "due within the week: %v", due)
		assert.True(t, due.Before(monday.AddDate(0, 0, 7)), "due within the week: %v", due)
		assert.Equal(t, e.Action.Due, due.Format(time.DateOnly))
		summary, err := td.Props.Text(ical.PropSummary)
		require.NoError(t, err)
		assert.Equal(t, e.Action.Text, summary, "text survives escaping")
		desc, err := td.Props.Text(ical.PropDescription)
		require.NoError(t, err)
		assert.Contains(t, desc, e.Person.Name)
		assert.Contains(t, desc, "leverage", "the explanation travels with the task")
		assert.Equal(t, "NEEDS-ACTION", td.Props.Get(ical.PropStatus).Value)
	}
	a := l.Entries[0]
	assert.Equal(t, "a", a.Person.ID, "the due follow-up comes first")
	assert.Equal(t, "2026-12-03", a.Action.Due)

	var same bytes.Buffer
	require.NoError(t, outreach.WriteICS(&same, l, "Fund community services"))
	assert.Equal(t, raw, same.String(), "the same list gives the same file")
}

func TestWriteCSV(t *testing.T) {
	l := richList(t)
	var buf bytes.Buffer
	require.NoError(t, outreach.WriteCSV(&buf, l))
	rows, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, len(l.Entries)+1)
	assert.Equal(t, outreach.ListCSVHeader, rows[0])
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for i, e := range l.Entries {
		r := rows[i+1]
		assert.Equal(t, e.Person.ID, r[col["person_id"]])
		assert.Equal(t, e.Action.Due, r[col["due"]])
		assert.Contains(t, r[col["explanation"]], "access")
		if strings.HasPrefix(e.Person.Name, "=") {
			assert.Equal(t, "'"+e.Person.Name, r[col["person"]], "a formula is defused")
		} else {
			assert.Equal(t, e.Person.Name, r[col["person"]])
		}
	}
}

func TestWriteJSONRoundTrips(t *testing.T) {
	l := richList(t)
	var buf bytes.Buffer
	require.NoError(t, outreach.WriteJSON(&buf, l))
	var back graph.OutreachList
	require.NoError(t, json.Unmarshal(buf.Bytes(), &back))
	back.ComputedAt = l.ComputedAt
	assert.Equal(t, *l, back)
}

func TestCompareWeeks(t *testing.T) {
	e := func(id string, rank int) graph.OutreachEntry {
		return graph.OutreachEntry{Rank: rank, Person: graph.EntityRef{ID: id, Name: id}}
	}
	prev := &graph.OutreachList{Campaign: "c", Week: "2026-W48", Entries: []graph.OutreachEntry{e("a", 1), e("b", 2), e("c", 3), e("d", 4)}}
	cur := &graph.OutreachList{Campaign: "c", Week: "2026-W49", Entries: []graph.OutreachEntry{e("c", 1), e("b", 2), e("x", 3), e("a", 4)}}
	got := outreach.Compare(cur, prev)
	assert.Equal(t, "2026-W48", got.ComparedTo)
	changes := map[string][2]any{}
	for _, en := range got.Entries {
		changes[en.Person.ID] = [2]any{en.Change, en.PreviousRank}
	}
	assert.Equal(t, map[string][2]any{
		"c": {graph.ChangeUp, 3}, "b": {graph.ChangeSame, 2}, "x": {graph.ChangeNew, 0}, "a": {graph.ChangeDown, 1},
	}, changes)
	require.Len(t, got.Dropped, 1)
	assert.Equal(t, "d", got.Dropped[0].Person.ID)
	assert.Equal(t, graph.ChangeDropped, got.Dropped[0].Change)
	assert.Equal(t, 4, got.Dropped[0].PreviousRank)
	assert.Empty(t, cur.Entries[0].Change, "the input is not modified")

	none := outreach.Compare(cur, nil)
	assert.Empty(t, none.ComparedTo)
	assert.Empty(t, none.Entries[0].Change, "no earlier list, no comparison")
	again := outreach.Compare(got, nil)
	assert.Empty(t, again.Entries[0].Change, "an old comparison is dropped")
	assert.Nil(t, again.Dropped)
}

// TestPathTextReadsForward checks that an introduction path reads each tie
// the way it points, also when the path runs against it.
func TestPathTextReadsForward(t *testing.T) {
	w := newWorld().official("s", "7").person("a").ours("o", "1B").
		tie("a", "s", graph.WorksFor, 0.9).tie("a", "o", graph.WorksFor, 0.8)
	l := load(t, w, []graph.Target{primary("s")}).list()
	var a *graph.OutreachEntry
	for i := range l.Entries {
		if l.Entries[i].Person.ID == "a" {
			a = &l.Entries[i]
		}
	}
	require.NotNil(t, a)
	require.NotNil(t, a.Messenger)
	p := a.Messenger.Path
	require.Len(t, p.Hops, 1)
	assert.True(t, p.Hops[0].Reverse, "the path runs from o to a, against a's tie")
	assert.Equal(t, "Organizer o employs Person a (0.80)", outreach.PathText(p))
	assert.Equal(t, "employs Person a (0.80)", outreach.HopsText(p))
	assert.Equal(t, "works for Sen. s", a.Leads[0].How)
	assert.Contains(t, outreach.FactorsText(a.Factors), "in 1 hop with")
	assert.Contains(t, outreach.FactorsText(a.Factors), "× follow-up 1 (")
	assert.Contains(t, outreach.LeadsText(a.Leads), "(primary, not asked yet,")
}

func TestWriteGridCSVDefusesFormulas(t *testing.T) {
	g := &outreach.Grid{Points: []outreach.GridPoint{
		{Entity: graph.EntityRef{ID: "=id", Name: "@home", Kind: graph.KindPerson}, Influence: 90, Score: 0.5, Alignment: graph.StrongOpposition},
		{Entity: graph.EntityRef{ID: "b", Name: "'quoted", Kind: graph.KindPerson}, Influence: 10, Score: 0.25, Alignment: graph.Opposition},
		{Entity: graph.EntityRef{ID: "c", Name: "-5 degrees", Kind: graph.KindPerson}, Influence: 5, Score: 0.125, Alignment: graph.Support},
	}}
	var buf bytes.Buffer
	require.NoError(t, outreach.WriteGridCSV(&buf, g))
	rows, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 4)
	assert.Equal(t, []string{"'=id", "'@home", "person", "90.0", "0.5", "-2"}, rows[1][:6], "negative alignments stay numbers")
	assert.Equal(t, "''quoted", rows[2][1], "a leading quote is escaped too, so that the escaping is undone exactly")
	assert.Equal(t, "'-5 degrees", rows[3][1])
}
