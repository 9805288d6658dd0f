package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/backup"
	"github.com/powermap/powermap/internal/store/embedded"
	"github.com/powermap/powermap/internal/synth"
)

// TestDemoStreamsTheWholeMap loads the demo map streamed in small batches
// and, into another store, as one whole batch the way `powermap demo` did
// before it streamed (synth.Demo with its speakers' consents, then the
// extras made from the whole map): the two stores back up to the same
// records, times of writing aside. Loading the streamed one again changes
// nothing.
func TestDemoStreamsTheWholeMap(t *testing.T) {
	ctx := context.Background()
	today := time.Now()
	open := func() *embedded.Store {
		s, err := embedded.Open(t.TempDir(), embedded.WithoutSync())
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		return s
	}

	streamed := open()
	var batches int
	counted := &countingStore{Store: streamed, applies: &batches}
	st, err := loadDemo(ctx, counted, demoLoad{Config: synth.DemoConfig(), Today: today, Batch: 1000})
	require.NoError(t, err)
	assert.Equal(t, graph.Stats{EntitiesCreated: 2000, RelationshipsCreated: 8971}, st)
	assert.Equal(t, 11+1, batches, "10,971 records in batches of 1,000, then the community records")

	whole := open()
	b := synth.Demo()
	withConsents := *b
	withConsents.Entities = append([]graph.Entity(nil), b.Entities...)
	consents := map[string]graph.Entity{}
	for _, e := range synth.DemoSpeakers(b, today) {
		consents[e.ID] = e
	}
	require.NotEmpty(t, consents)
	for i, e := range withConsents.Entities {
		if c, ok := consents[e.ID]; ok {
			withConsents.Entities[i] = c
		}
	}
	_, err = whole.Apply(ctx, &withConsents)
	require.NoError(t, err)
	require.NoError(t, loadDemoCampaign(ctx, whole, b, today))
	require.NoError(t, loadDemoEvents(ctx, whole, b, today))
	require.NoError(t, loadDemoCommunity(ctx, whole, b, today))
	require.NoError(t, loadDemoQuestions(ctx, whole))

	want := backupLines(t, whole)
	got := backupLines(t, streamed)
	require.Equal(t, len(want), len(got), "lines of the backups")
	for i := range want {
		if !assert.Equal(t, want[i], got[i], "line %d of the backups", i+1) {
			break
		}
	}
	assert.Regexp(t, `"entity":2003,.*"event":12,.*"interaction":19,.*"question_bank":1,.*"relationship":8975`, want[len(want)-1])

	v, err := streamed.Version(ctx)
	require.NoError(t, err)
	st, err = loadDemo(ctx, streamed, demoLoad{Config: synth.DemoConfig(), Today: today, Batch: 1000})
	require.NoError(t, err)
	assert.Equal(t, graph.Stats{EntitiesUnchanged: 2000, RelationshipsUnchanged: 8971}, st, "loading twice")
	again, err := streamed.Version(ctx)
	require.NoError(t, err)
	assert.Equal(t, v, again, "loading twice changes nothing")
	assert.Equal(t, got, backupLines(t, streamed), "loading twice changes nothing")
}

// countingStore counts the batches applied to a store.
type countingStore struct {
	*embedded.Store
	applies *int
}

func (s *countingStore) Apply(ctx context.Context, b *graph.Batch) (graph.Stats, error) {
	*s.applies++
	return s.Store.Apply(ctx, b)
}

// backupLines returns the lines of a backup of s, each with the times at
// which records were written taken out: the "at", "created_at" and
// "updated_at" fields, and the audit entries' ids, which are made from
// their time.
func backupLines(t *testing.T, s graph.BackupStore) []string {
	t.Helper()
	var buf bytes.Buffer
	_, err := backup.Write(context.Background(), &buf, s)
	require.NoError(t, err)
	zr, err := gzip.NewReader(&buf)
	require.NoError(t, err)
	var lines []string
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var v map[string]any
		require.NoError(t, json.Unmarshal(sc.Bytes(), &v))
		if rec, ok := v["record"].(map[string]any); ok {
			if v["kind"] == "audit" {
				delete(rec, "id")
			}
			dropTimes(rec)
		}
		out, err := json.Marshal(v)
		require.NoError(t, err)
		lines = append(lines, string(out))
	}
	require.NoError(t, sc.Err())
	return lines
}

func dropTimes(v any) {
	switch x := v.(type) {
	case map[string]any:
		delete(x, "at")
		delete(x, "created_at")
		delete(x, "updated_at")
		for _, y := range x {
			dropTimes(y)
		}
	case []any:
		for _, y := range x {
			dropTimes(y)
		}
	}
}
