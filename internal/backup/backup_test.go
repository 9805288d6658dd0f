package backup_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/backup"
	"github.com/powermap/powermap/internal/store/embedded"
	"github.com/powermap/powermap/internal/store/neo4j/neo4jtest"
	"github.com/powermap/powermap/internal/store/storetest"
	"github.com/powermap/powermap/internal/synth"
)

func openEmbedded(t *testing.T) *embedded.Store {
	t.Helper()
	s, err := embedded.Open(t.TempDir(), embedded.WithoutSync())
	require.NoError(t, err)
	t.Cleanup(func() {
		if !t.Failed() {
			require.NoError(t, s.Check(context.Background()), "consistency check after the test")
		}
		require.NoError(t, s.Close())
	})
	return s
}

// today dates the demo campaign and events, so that the map is the same
// whenever the test runs.
var today = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

// demoStore returns an embedded store holding the demo map with its
// speakers' consents, campaign, organizing log, events and the question
// banks of three officials, and storetest.Fill's records of every other
// kind on top; and the counts of each kind it holds.
func demoStore(t *testing.T) (*embedded.Store, backup.Counts) {
	t.Helper()
	ctx := t.Context()
	s := openEmbedded(t)
	b := synth.Demo()
	_, err := s.Apply(ctx, b)
	require.NoError(t, err)
	speakers := synth.DemoSpeakers(b, today) // their consents, kept on their entities
	require.NotEmpty(t, speakers)
	_, err = s.Apply(ctx, &graph.Batch{Entities: speakers})
	require.NoError(t, err)
	d, err := synth.DemoCampaign(b, today)
	require.NoError(t, err)
	_, err = s.CreateCampaign(ctx, d.Campaign)
	require.NoError(t, err)
	for _, ix := range d.Log {
		_, err := s.LogInteraction(ctx, ix)
		require.NoError(t, err)
	}
	events, err := synth.DemoEvents(b, today)
	require.NoError(t, err)
	for _, e := range events {
		_, err := s.CreateEvent(ctx, e)
		require.NoError(t, err)
	}
	banks := 0
	for i := len(b.Entities) - 1; i >= 0 && banks < 3; i-- { // from the end: not in id order
		if e := b.Entities[i]; e.Kind == graph.KindOfficial {
			_, err := s.SaveQuestionBank(ctx, graph.QuestionBank{Official: e.ID, Forum: events[0].ID, Questions: []graph.Question{
				{ID: "q_own", Text: "Will you meet our members, " + e.Name + "?", Sources: []graph.QuestionSource{{Kind: graph.SourceEntity, ID: e.ID, Name: e.Name}}},
			}}, "")
			require.NoError(t, err)
			banks++
		}
	}
	storetest.Fill(t, s)

	c, err := s.Counts(ctx)
	require.NoError(t, err)
	require.Equal(t, int64(2000+9), c.Entities, "the demo's 2,000 entities and Fill's 9")
	want := backup.Counts{graph.RecordEntity: c.Entities, graph.RecordRelationship: c.Relationships}
	for k, n := range storetest.FillCounts {
		want[k] = int64(n)
	}
	want[graph.RecordCampaign]++
	want[graph.RecordInteraction] += int64(len(d.Log))
	want[graph.RecordEvent] += int64(len(events))
	want[graph.RecordQuestionBank] += int64(banks)
	require.Equal(t, 3, banks)
	require.Greater(t, len(d.Log), 10)
	require.Greater(t, len(events), 5)
	return s, want
}

func write(t *testing.T, s graph.BackupStore) ([]byte, backup.Counts) {
	t.Helper()
	var buf bytes.Buffer
	c, err := backup.Write(t.Context(), &buf, s)
	require.NoError(t, err)
	return buf.Bytes(), c
}

// opener opens the file data, as Restore wants it.
func opener(data []byte) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
}

func restore(t *testing.T, data []byte, dst graph.BackupStore) backup.Counts {
	t.Helper()
	c, err := backup.Restore(t.Context(), opener(data), dst, backup.Options{BatchSize: 700})
	require.NoError(t, err)
	return c
}

// TestRoundTripEmbedded backs up the demo map with records of every kind,
// restores it into a new embedded store, and backs that up: the two files
// are the same bytes, and the restored tokens still sign in.
func TestRoundTripEmbedded(t *testing.T) {
	src, want := demoStore(t)
	first, counts := write(t, src)
	assert.Equal(t, want, counts)
	for _, k := range graph.RecordKinds() {
		assert.Positive(t, counts[k], "the backup holds %s records", k)
	}
	verified, err := backup.Verify(t.Context(), bytes.NewReader(first))
	require.NoError(t, err)
	assert.Equal(t, want, verified)

	dst := openEmbedded(t)
	assert.Equal(t, want, restore(t, first, dst))
	second, counts := write(t, dst)
	assert.Equal(t, want, counts)
	assert.True(t, bytes.Equal(first, second), "backup → restore → backup gives the same bytes")

	tok, err := dst.TokenByHash(t.Context(), graph.HashToken(storetest.FillTokenSecret))
	require.NoError(t, err, "a restored token signs in")
	assert.Equal(t, "tok_a", tok.ID)
	v, err := dst.Version(t.Context())
	require.NoError(t, err)
	assert.Positive(t, v, "the restored graph has a version")
}

// TestRoundTripAcrossStores moves the map embedded → Neo4j → embedded: the
// backup of each store is the same bytes.
func TestRoundTripAcrossStores(t *testing.T) {
	src, want := demoStore(t)
	first, _ := write(t, src)

	n := neo4jtest.Open(t)
	assert.Equal(t, want, restore(t, first, n))
	fromNeo4j, counts := write(t, n)
	assert.Equal(t, want, counts)
	assert.True(t, bytes.Equal(first, fromNeo4j), "the backup of the Neo4j store is the embedded store's")
	tok, err := n.TokenByHash(t.Context(), graph.HashToken(storetest.FillTokenSecret))
	require.NoError(t, err, "a token restored into Neo4j signs in")
	assert.Equal(t, "tok_a", tok.ID)

	back := openEmbedded(t)
	assert.Equal(t, want, restore(t, fromNeo4j, back))
	last, _ := write(t, back)
	assert.True(t, bytes.Equal(first, last), "embedded → Neo4j → embedded gives the same backup")
}

func TestBackupIsDeterministic(t *testing.T) {
	s := openEmbedded(t)
	storetest.Fill(t, s)
	a, _ := write(t, s)
	b, _ := write(t, s)
	assert.Equal(t, a, b)
	text := gunzip(t, a)
	assert.True(t, strings.HasPrefix(text, `{"kind":"header","format":"powermap-backup","version":1}`+"\n"), text[:80])
	assert.Contains(t, text, `{"kind":"redirect","record":{"from":"ortiz-dup","to":"aaron-ortiz"}}`+"\n")
	assert.Contains(t, text, `"hash":"`+graph.HashToken(storetest.FillTokenSecret)+`"`)
	assert.Contains(t, text, "\n"+`{"kind":"question_bank","record":{"official":"aaron-ortiz","forum":"ev-1","questions":[{"id":"q_funder",`)
	assert.True(t, strings.HasSuffix(text, `{"kind":"end","counts":{"audit":3,"campaign":2,"entity":9,"event":1,"interaction":2,`+
		`"job":1,"merge":1,"not_same":1,"outreach":1,"question_bank":1,"redirect":1,"relationship":14,"token":2}}`+"\n"), text[len(text)-200:])
}

func TestRestoreRefusesAStoreThatIsNotEmpty(t *testing.T) {
	s := openEmbedded(t)
	storetest.Fill(t, s)
	data, _ := write(t, s)
	dst := openEmbedded(t)
	require.NoError(t, dst.AppendAudit(t.Context(), graph.AuditEntry{Actor: "system", Action: "start"}))
	_, err := backup.Restore(t.Context(), opener(data), dst, backup.Options{})
	require.Error(t, err)
	assert.True(t, graph.Is(err, graph.Conflict), "%v", err)
	assert.Contains(t, err.Error(), "the store is not empty")
}

func gunzip(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data))
	require.NoError(t, err)
	out, err := io.ReadAll(zr)
	require.NoError(t, err)
	return string(out)
}

// TestRestoreRefusesDamagedFiles damages a small backup line by line: each
// damage is an Invalid error naming the line and the field, and the store
// stays empty.
func TestRestoreRefusesDamagedFiles(t *testing.T) {
	s := openEmbedded(t)
	storetest.Fill(t, s)
	data, _ := write(t, s)
	lines := strings.SplitAfter(gunzip(t, data), "\n")
	lines = lines[:len(lines)-1] // the empty string after the last newline
	require.Len(t, lines, 1+9+14+16+1)
	// Lines: 1 header, 2–10 entities (2 aaron-ortiz, 3 acme-builders-pac),
	// 11–24 relationships, 25 the redirect, 26–27 campaigns, 28–29
	// interactions, 30 the outreach list, 31 the event, 32 the question
	// bank, … 41 the end.
	require.Contains(t, lines[1], `"id":"aaron-ortiz"`)
	require.Contains(t, lines[24], `"kind":"redirect"`)
	require.Contains(t, lines[31], `"kind":"question_bank"`)
	edit := func(n int, old, new string) string {
		out := append([]string(nil), lines...)
		require.Contains(t, out[n-1], old, "line %d", n)
		out[n-1] = strings.Replace(out[n-1], old, new, 1)
		return strings.Join(out, "")
	}
	drop := func(n int) string {
		out := append([]string(nil), lines[:n-1]...)
		return strings.Join(append(out, lines[n:]...), "")
	}
	cut := gunzip(t, data)[:len(strings.Join(lines[:12], ""))+20]
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write([]byte(strings.Join(lines, "")))
	require.NoError(t, zw.Close())
	truncated := gz.Bytes()[:gz.Len()*2/3]

	for _, c := range []struct {
		name, file, msg, field string
	}{
		{"NotJSON", edit(2, `{"kind":"entity",`, `{"kind":"entity",,`), "line 2: not valid JSON", ""},
		{"WrongType", edit(2, `"ours":false`, `"ours":"no"`), `line 2: field "entity.ours": a bool cannot hold string`, "entity.ours"},
		{"UnknownField", edit(2, `"name":`, `"nmae":`), `line 2: field "entity.nmae": unknown field`, "entity.nmae"},
		{"EmptyName", edit(2, `"name":"Aarón Ortíz"`, `"name":""`), `line 2: field "entity.name": must not be empty`, "entity.name"},
		{"BadKind", edit(2, `{"kind":"entity",`, `{"kind":"person",`), `line 2: field "kind": unknown kind "person"`, "kind"},
		{"RedirectTo", edit(25, `"to":"aaron-ortiz"`, `"to":""`), `line 25: field "redirect.to": must not be empty`, "redirect.to"},
		{"QuestionText", edit(32, `"text":"Will you meet our members?"`, `"text":""`),
			`line 32: field "question_bank.questions[1].text": must not be empty`, "question_bank.questions[1].text"},
		{"OutOfOrder", edit(3, `"id":"acme-builders-pac"`, `"id":"aaa"`), `line 3: field "entity": entity "aaa" comes after entity "aaron-ortiz"`, "entity"},
		{"Duplicate", edit(3, `"id":"acme-builders-pac"`, `"id":"aaron-ortiz"`), `line 3: field "entity": entity "aaron-ortiz" comes after entity "aaron-ortiz"`, "entity"},
		{"MissingLine", drop(5), `line 40: field "counts.entity": the file says 9, but holds 8`, "counts.entity"},
		{"NoEnd", strings.Join(lines[:len(lines)-1], ""), "line 41: the file ends before its last line", ""},
		{"CutOffLine", cut, "line 13: the line does not end", ""},
		{"CutOffGzip", string(truncated), "the file ends early", ""},
		{"AfterEnd", strings.Join(lines, "") + lines[1], "line 42: nothing may follow the last line", ""},
		{"NotABackup", "name,kind\nAna,person\n", "line 1: not valid JSON", ""},
		{"OtherFormat", edit(1, `"powermap-backup"`, `"other"`), `line 1: field "format": not a powermap backup`, "format"},
		{"NewerVersion", edit(1, `"version":1`, `"version":2`), `line 1: field "version": backup format version 2 is not supported`, "version"},
		{"Empty", "", "line 1: not a powermap backup: the file is empty", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			dst := openEmbedded(t)
			_, err := backup.Restore(t.Context(), opener([]byte(c.file)), dst, backup.Options{})
			require.Error(t, err)
			assert.True(t, graph.Is(err, graph.Invalid), "%v", err)
			assert.Contains(t, graph.MessageOf(err), c.msg)
			if c.field != "" {
				require.NotEmpty(t, graph.DetailsOf(err))
				assert.Equal(t, c.field, graph.DetailsOf(err)[0].Field)
			}
			empty, err := dst.Empty(t.Context())
			require.NoError(t, err)
			assert.True(t, empty, "a damaged file writes nothing")
		})
	}
}

// TestRestoreStopsAtABadBatch restores a file whose every line is right
// but that names an entity it does not hold: the store refuses the batch,
// the error names its lines, and the batches before it stay written.
func TestRestoreStopsAtABadBatch(t *testing.T) {
	s := openEmbedded(t)
	storetest.Fill(t, s)
	data, _ := write(t, s)
	lines := strings.SplitAfter(gunzip(t, data), "\n")
	require.Contains(t, lines[2], `"id":"acme-builders-pac"`)
	end := len(lines) - 2
	require.Contains(t, lines[end], `"entity":9,`)
	lines[end] = strings.Replace(lines[end], `"entity":9,`, `"entity":8,`, 1)
	file := strings.Join(append(lines[:2:2], lines[3:]...), "")

	dst := openEmbedded(t)
	_, err := backup.Restore(t.Context(), opener([]byte(file)), dst, backup.Options{})
	require.Error(t, err)
	assert.True(t, graph.Is(err, graph.Invalid), "%v", err)
	assert.Contains(t, graph.MessageOf(err), "writing lines 10 to 23 (relationship records): ")
	assert.Contains(t, err.Error(), "acme-builders-pac")
	c, err := dst.Counts(t.Context())
	require.NoError(t, err)
	assert.Equal(t, int64(8), c.Entities, "the entities' batch stays written")
	assert.Zero(t, c.Relationships)
}

// progress records what a restore reports.
type progress struct {
	total, done int64
	unit        string
	adds        int
	finished    bool
}

func (p *progress) Start(total int64, unit string) { p.total, p.unit = total, unit }
func (p *progress) Add(n int64)                    { p.done += n; p.adds++ }
func (p *progress) Finish()                        { p.finished = true }

// TestRestoreReportsProgress: the total is known before the first write,
// and every batch is counted.
func TestRestoreReportsProgress(t *testing.T) {
	s := openEmbedded(t)
	storetest.Fill(t, s)
	data, counts := write(t, s)
	p := &progress{}
	_, err := backup.Restore(t.Context(), opener(data), openEmbedded(t), backup.Options{BatchSize: 10, Progress: p})
	require.NoError(t, err)
	assert.Equal(t, int64(39), counts.Total())
	assert.Equal(t, progress{total: 39, done: 39, unit: "records", finished: true,
		// entities 9 (1 batch), relationships 14 (2), then one batch per
		// other kind (batches of 1: 10/10), 16 records.
		adds: 1 + 2 + 16}, *p)
}

// TestRestoreFromFile restores from a file on disk, opened twice.
func TestRestoreFromFile(t *testing.T) {
	s := openEmbedded(t)
	storetest.Fill(t, s)
	data, want := write(t, s)
	path := filepath.Join(t.TempDir(), "map.pmbackup")
	require.NoError(t, os.WriteFile(path, data, 0o600))
	opens := 0
	got, err := backup.Restore(t.Context(), func() (io.ReadCloser, error) { opens++; return os.Open(path) }, openEmbedded(t), backup.Options{})
	require.NoError(t, err)
	assert.Equal(t, want, got)
	assert.Equal(t, 2, opens, "once to check, once to load")
}
