package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/store/neo4j"
	"github.com/powermap/powermap/internal/store/neo4j/neo4jtest"
	"github.com/powermap/powermap/internal/store/storetest"
)

// replica is a real `powermap serve` process over the test's Neo4j.
type replica struct {
	name string
	url  string
	cmd  *exec.Cmd
	out  *syncBuffer
	done chan struct{}
}

// buildPowermap compiles this command into a temporary folder.
func buildPowermap(tb testing.TB) string {
	tb.Helper()
	bin := filepath.Join(tb.TempDir(), "powermap")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(tb, err, "go build: %s", out)
	return bin
}

func freeAddr(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(tb, err)
	defer ln.Close()
	return ln.Addr().String()
}

// startReplica runs `bin serve` on a free loopback port over the Neo4j of
// cfg, and returns once it is ready (/readyz). The test's end stops it.
func startReplica(tb testing.TB, bin, name string, cfg neo4j.Config) *replica {
	tb.Helper()
	addr := freeAddr(tb)
	cmd := exec.Command(bin, "serve", "--addr", addr)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "NEO4J_") && !strings.HasPrefix(kv, "POWERMAP_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "NEO4J_URI="+cfg.URI, "NEO4J_USER="+cfg.User, "NEO4J_PASSWORD="+cfg.Password,
		"NEO4J_DATABASE="+cfg.Database, "POWERMAP_LOG_LEVEL=warn")
	r := &replica{name: name, url: "http://" + addr, cmd: cmd, out: &syncBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = r.out, r.out
	require.NoError(tb, cmd.Start())
	go func() {
		_ = cmd.Wait()
		close(r.done)
	}()
	tb.Cleanup(r.stop)
	deadline := time.Now().Add(90 * time.Second)
	for {
		select {
		case <-r.done:
			tb.Fatalf("replica %s exited before it was ready:\n%s", name, r.out.String())
		default:
		}
		if res, err := http.Get(r.url + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return r
			}
		}
		if time.Now().After(deadline) {
			tb.Fatalf("replica %s not ready within 90 s:\n%s", name, r.out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// kill ends the process at once, as a crash or an OOM killer would.
func (r *replica) kill() {
	_ = r.cmd.Process.Signal(syscall.SIGKILL)
	<-r.done
}

// stop asks the process to stop, and kills it if it does not within 10 s.
func (r *replica) stop() {
	select {
	case <-r.done:
		return
	default:
	}
	_ = r.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-r.done:
	case <-time.After(10 * time.Second):
		r.kill()
	}
}

// call sends a request with token and decodes a JSON answer into out
// (when not nil). It returns the status, 0 when no answer came.
func (r *replica) call(client *http.Client, method, path, token string, body, out any) (int, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, r.url+path, rd)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return 0, err
	}
	if res.StatusCode >= 300 {
		return res.StatusCode, fmt.Errorf("%s %s: %d %s", method, path, res.StatusCode, b)
	}
	if out != nil {
		if raw, ok := out.(*[]byte); ok {
			*raw = b
			return res.StatusCode, nil
		}
		return res.StatusCode, json.Unmarshal(b, out)
	}
	return res.StatusCode, nil
}

// newToken creates a token in the store and returns its secret.
func newToken(tb testing.TB, s graph.AccountStore, name string, role graph.Role) string {
	tb.Helper()
	secret, tok, err := graph.NewToken(name, role, time.Now())
	require.NoError(tb, err)
	require.NoError(tb, s.CreateToken(tb.Context(), tok))
	return secret
}

// revisions is a graph read by Stream, as revisions by id.
type revisions struct {
	Entities, Relationships map[string]string
}

func streamRevisions(tb testing.TB, s graph.Store) (revisions, uint64) {
	tb.Helper()
	out := revisions{map[string]string{}, map[string]string{}}
	v, err := s.Stream(tb.Context(), graph.StreamFuncs{
		Entity:       func(e *graph.Entity) error { out.Entities[e.ID] = e.Revision(); return nil },
		Relationship: func(r *graph.Relationship) error { out.Relationships[r.ID] = r.Revision(); return nil },
	})
	require.NoError(tb, err)
	return out, v
}

// replay applies changes to a copy of g.
func (g revisions) replay(chs []graph.Change) revisions {
	out := revisions{map[string]string{}, map[string]string{}}
	for k, v := range g.Entities {
		out.Entities[k] = v
	}
	for k, v := range g.Relationships {
		out.Relationships[k] = v
	}
	for _, ch := range chs {
		for _, e := range ch.EntitiesBefore {
			delete(out.Entities, e.ID)
		}
		for _, r := range ch.RelationshipsBefore {
			delete(out.Relationships, r.ID)
		}
		for _, e := range ch.EntitiesAfter {
			out.Entities[e.ID] = e.Revision()
		}
		for _, r := range ch.RelationshipsAfter {
			out.Relationships[r.ID] = r.Revision()
		}
	}
	return out
}

// TestReplicaKilledMidWrite runs two `powermap serve` processes over one
// Neo4j. Clients write through A (entities, ties, deletes with ties) and A
// is killed with SIGKILL while they do. Then every write A acknowledged is
// in the store and in B's answers, and none it did not finish is half
// there; the change log is contiguous up to the store's version and,
// replayed onto the graph before the writes, gives the graph after; B
// answers exactly as a replica started afterwards, and takes writes.
func TestReplicaKilledMidWrite(t *testing.T) {
	s := neo4jtest.Open(t)
	cfg := neo4jtest.Require(t)
	ctx := t.Context()
	_, err := s.Apply(ctx, storetest.SmallMap())
	require.NoError(t, err)
	editor := newToken(t, s, "editor", graph.RoleEditor)
	viewer := newToken(t, s, "viewer", graph.RoleViewer)
	before, v0 := streamRevisions(t, s)

	bin := buildPowermap(t)
	a := startReplica(t, bin, "A", cfg)
	b := startReplica(t, bin, "B", cfg)

	// What A acknowledged, and what each client had in flight when A died.
	type write struct{ kind, id string }
	var mu sync.Mutex
	var acked []write
	unknown := map[string]bool{} // entity ids whose last write has no answer
	const clients = 6
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			client := &http.Client{Timeout: 30 * time.Second}
			ack := func(w write) {
				mu.Lock()
				acked = append(acked, w)
				mu.Unlock()
			}
			lost := func(id string, status int, err error) {
				if status != 0 {
					t.Errorf("client %d: an answer that is no success: %v", c, err)
				}
				mu.Lock()
				unknown[id] = true
				mu.Unlock()
			}
			for i := 0; ; i++ {
				id := fmt.Sprintf("w%d-%04d", c, i)
				status, err := a.call(client, "PUT", "/api/v1/entities/"+id, editor, map[string]any{"kind": "person", "name": "Writer " + id}, nil)
				if err != nil {
					lost(id, status, err)
					return
				}
				ack(write{"entity", id})
				var tie struct {
					ID string `json:"id"`
				}
				status, err = a.call(client, "POST", "/api/v1/relationships", editor,
					map[string]any{"source": id, "target": storetest.AaronOrtiz, "type": "KNOWS", "strength": 0.5}, &tie)
				if err != nil {
					lost(id, status, err)
					return
				}
				ack(write{"relationship", tie.ID})
				if i%3 == 2 { // delete an earlier writer, with its tie
					old := fmt.Sprintf("w%d-%04d", c, i-2)
					status, err := a.call(client, "DELETE", "/api/v1/entities/"+old, editor, nil, nil)
					if err != nil {
						lost(old, status, err)
						return
					}
					ack(write{"delete", old})
				}
			}
		})
	}
	require.Eventually(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(acked) >= 90
	}, 60*time.Second, 5*time.Millisecond, "A took too few writes:\n%s", a.out.String())
	a.kill()
	wg.Wait()
	require.False(t, t.Failed(), "A said:\n%s", a.out.String())

	// Every acknowledged write is in the store, as it is in B's answers.
	deleted := map[string]bool{}
	for _, w := range acked {
		if w.kind == "delete" {
			deleted[w.id] = true
		}
	}
	client := &http.Client{Timeout: 30 * time.Second}
	checked := 0
	for _, w := range acked {
		switch {
		case w.kind == "entity" && !deleted[w.id] && !unknown[w.id]:
			_, err := s.Entity(ctx, w.id)
			require.NoError(t, err, "acknowledged entity %s", w.id)
			_, err = b.call(client, "GET", "/api/v1/entities/"+w.id, viewer, nil, nil)
			require.NoError(t, err, "acknowledged entity %s through B", w.id)
			checked++
		case w.kind == "relationship":
			end := strings.TrimPrefix(w.id, "KNOWS:"+storetest.AaronOrtiz+"~") // KNOWS:aaron-ortiz~w0-0001
			if deleted[end] || unknown[end] {
				continue
			}
			_, err := s.Relationship(ctx, w.id)
			require.NoError(t, err, "acknowledged tie %s", w.id)
			checked++
		case w.kind == "delete":
			_, err := s.Entity(ctx, w.id)
			require.True(t, graph.Is(err, graph.NotFound), "acknowledged delete of %s: %v", w.id, err)
			status, _ := b.call(client, "GET", "/api/v1/entities/"+w.id, viewer, nil, nil)
			require.Equal(t, http.StatusNotFound, status, "acknowledged delete of %s through B", w.id)
			checked++
		}
	}
	t.Logf("%d writes acknowledged by A before it died, %d checked; %d without an answer", len(acked), checked, len(unknown))

	// A write is whole or absent: every tie joins two entities, and each
	// writer's tie is there exactly when the writer is.
	after, v := streamRevisions(t, s)
	for id := range after.Entities {
		if strings.HasPrefix(id, "w") {
			tie := graph.DefaultRelationshipID(id, storetest.AaronOrtiz, graph.Knows)
			_, hasTie := after.Relationships[tie]
			if !hasTie && !unknown[id] {
				t.Errorf("writer %s is in the store without its tie", id)
			}
		}
	}

	// The change log is contiguous up to the version and replays to the
	// store.
	chs, complete, err := s.Changes(ctx, v0)
	require.NoError(t, err)
	require.True(t, complete, "the log covers every write since the start")
	require.Len(t, chs, int(v-v0))
	assert.Equal(t, v, chs[len(chs)-1].Version)
	assert.Equal(t, after, before.replay(chs), "the log replays onto the graph before the writes to the graph now")

	// B answers as a replica started now, and takes writes.
	c := startReplica(t, bin, "C", cfg)
	compare := func(path string) {
		t.Helper()
		for _, tok := range []string{viewer, editor} {
			var want, got []byte
			_, err := c.call(client, "GET", path, tok, nil, &want)
			require.NoError(t, err)
			_, err = b.call(client, "GET", path, tok, nil, &got)
			require.NoError(t, err)
			assert.JSONEq(t, string(want), string(got), path)
		}
	}
	for _, p := range []string{"/api/v1/paths?to=" + storetest.AaronOrtiz + "&k=5", "/api/v1/entities/" + storetest.AaronOrtiz + "/network?depth=1&limit=1000",
		"/api/v1/search?q=writer&limit=50"} {
		compare(p)
	}
	_, err = b.call(client, "PUT", "/api/v1/entities/after-the-crash", editor, map[string]any{"kind": "person", "name": "After The Crash"}, nil)
	require.NoError(t, err)
	_, err = c.call(client, "GET", "/api/v1/entities/after-the-crash", viewer, nil, nil)
	require.NoError(t, err)
}
