package embedded

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

// crashDirEnv switches the test binary into the crash test's child: it
// writes batches into the store in that folder until it is killed.
const crashDirEnv = "POWERMAP_EMBEDDED_CRASH_DIR"

// workload is a deterministic sequence of batches, and a model of the store
// they build: batch i depends only on i and the batches before it. Every
// batch creates entities, so each one moves the version by exactly one, and
// the version of a store names the last batch it holds.
type workload struct {
	step     int
	ents     map[string]graph.Entity
	rels     map[string]graph.Relationship
	adj      map[string]map[string]bool // entity → relationship ids
	entOrder []string                   // creation order, with deleted ids left in
	relOrder []string
}

func newWorkload() *workload {
	return &workload{ents: map[string]graph.Entity{}, rels: map[string]graph.Relationship{}, adj: map[string]map[string]bool{}}
}

// pick returns up to n distinct live ids from order, drawn with rng.
func pick(rng *rand.Rand, order []string, live func(string) bool, n int) []string {
	var out []string
	for tries := 0; len(out) < n && tries < 4*n && len(order) > 0; tries++ {
		id := order[rng.IntN(len(order))]
		if live(id) && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// next returns the next batch and applies it to the model.
func (w *workload) next() *graph.Batch {
	rng := rand.New(rand.NewPCG(uint64(w.step), 0xc0ffee))
	step := w.step
	w.step++
	liveE := func(id string) bool { _, ok := w.ents[id]; return ok }
	liveR := func(id string) bool { _, ok := w.rels[id]; return ok }
	b := &graph.Batch{}

	if step > 2 {
		b.DeleteEntities = pick(rng, w.entOrder, liveE, 3)
		b.DeleteRelationships = pick(rng, w.relOrder, liveR, 5)
	}
	for j := 0; j < 40; j++ {
		id := fmt.Sprintf("s%05d-%02d", step, j)
		b.Entities = append(b.Entities, graph.Entity{
			ID: id, Kind: graph.Kinds()[rng.IntN(4)], Name: "Crash " + id + " Tester",
			Ours: rng.IntN(3) == 0, Props: map[string]string{"step": strconv.Itoa(step)},
		})
	}
	for _, id := range pick(rng, w.entOrder, liveE, 8) {
		if slices.Contains(b.DeleteEntities, id) {
			continue
		}
		e := w.ents[id]
		e.Name = "Renamed " + id + " v" + strconv.Itoa(step)
		e.Aliases = []string{"Alias " + strconv.Itoa(step)}
		b.Entities = append(b.Entities, e)
	}
	// Endpoints: the new entities and live old ones that survive the deletes.
	var ends []string
	for _, e := range b.Entities {
		ends = append(ends, e.ID)
	}
	for _, id := range pick(rng, w.entOrder, liveE, 40) {
		if !slices.Contains(b.DeleteEntities, id) && !slices.Contains(ends, id) {
			ends = append(ends, id)
		}
	}
	types := []graph.RelType{graph.Knows, graph.FriendOf, graph.WorksFor, graph.MemberOf, graph.DonatedTo}
	for j := 0; j < 120; j++ {
		s, t := ends[rng.IntN(len(ends))], ends[rng.IntN(len(ends))]
		if s == t {
			continue
		}
		b.Relationships = append(b.Relationships, graph.Relationship{
			ID: fmt.Sprintf("r%05d-%03d", step, j), Source: s, Target: t, Type: types[rng.IntN(len(types))],
			Strength: float64(1+rng.IntN(100)) / 100, Since: strconv.Itoa(1990 + rng.IntN(30)),
		})
	}
	for _, id := range pick(rng, w.relOrder, liveR, 10) {
		r := w.rels[id]
		if slices.Contains(b.DeleteRelationships, id) || slices.Contains(b.DeleteEntities, r.Source) || slices.Contains(b.DeleteEntities, r.Target) {
			continue
		}
		r.Strength = float64(1+rng.IntN(100)) / 100
		r.Notes = "updated at step " + strconv.Itoa(step)
		b.Relationships = append(b.Relationships, r)
	}
	// Each batch carries its audit entry, as the API's writes do.
	b.Audit = func(graph.Stats) []graph.AuditEntry {
		return []graph.AuditEntry{{Actor: "crash test", Action: "batch", Target: auditTarget(step)}}
	}
	w.apply(b)
	return b
}

func auditTarget(step int) string { return "step-" + strconv.Itoa(step) }

// apply is the model of Store.Apply for a valid batch.
func (w *workload) apply(b *graph.Batch) {
	delRel := func(id string) {
		r := w.rels[id]
		delete(w.adj[r.Source], id)
		delete(w.adj[r.Target], id)
		delete(w.rels, id)
	}
	for _, id := range b.DeleteRelationships {
		delRel(id)
	}
	for _, id := range b.DeleteEntities {
		for rid := range w.adj[id] {
			delRel(rid)
		}
		delete(w.adj, id)
		delete(w.ents, id)
	}
	for _, e := range b.Entities {
		e.Normalize()
		if _, ok := w.ents[e.ID]; !ok {
			w.entOrder = append(w.entOrder, e.ID)
		}
		w.ents[e.ID] = e
	}
	for _, r := range b.Relationships {
		r.Normalize()
		if old, ok := w.rels[r.ID]; ok {
			delRel(old.ID)
		} else {
			w.relOrder = append(w.relOrder, r.ID)
		}
		w.rels[r.ID] = r
		for _, end := range []string{r.Source, r.Target} {
			if w.adj[end] == nil {
				w.adj[end] = map[string]bool{}
			}
			w.adj[end][r.ID] = true
		}
	}
}

// crashChild writes the workload into the store in dir, from where the
// store's version says it stopped, printing "ack VERSION" after every Apply
// returns, until it is killed (or gives up after a minute).
func crashChild(dir string) {
	ctx := context.Background()
	s, err := Open(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	v, err := s.Version(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	w := newWorkload()
	for w.step < int(v) {
		w.next()
	}
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if _, err := s.Apply(ctx, w.next()); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(4)
		}
		v, err := s.Version(ctx)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(4)
		}
		fmt.Printf("ack %d\n", v)
	}
	os.Exit(0)
}

// TestCrashRecovery kills a writing child process with SIGKILL at random
// moments and checks, after each kill, that the store opens, that every
// acknowledged batch is there (and at most one more), that its contents
// equal the model's, that its indexes agree with its records, and that the
// audit log holds exactly one entry for each batch there.
func TestCrashRecovery(t *testing.T) {
	if dir := os.Getenv(crashDirEnv); dir != "" {
		crashChild(dir)
		return
	}
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("kill delays drawn with seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	dir := t.TempDir()
	var lastAck uint64
	start := time.Now()
	for round := 0; round < 6; round++ {
		acked := runAndKill(t, dir, time.Duration(rng.IntN(400))*time.Millisecond)
		require.GreaterOrEqual(t, acked, lastAck, "the child starts from the last commit")
		lastAck = acked
		t.Logf("round %d: killed after ack %d (%s)", round, acked, time.Since(start))

		s, err := Open(dir)
		require.NoError(t, err, "the store opens after a kill")
		ctx := t.Context()
		require.NoError(t, s.Check(ctx), "indexes are consistent after a kill")
		v, err := s.Version(ctx)
		require.NoError(t, err)
		require.GreaterOrEqual(t, v, acked, "every acknowledged batch survives")
		require.LessOrEqual(t, v, acked+1, "at most the batch in flight was committed unacknowledged")

		w := newWorkload()
		for w.step < int(v) {
			w.next()
		}
		verifyAgainstModel(t, s, w)
		verifyAudit(t, s, w)
		t.Logf("round %d: verified version %d (%s)", round, v, time.Since(start))
		require.NoError(t, s.Close())
		lastAck = v
	}
}

// runAndKill starts the child on dir, lets it write for delay after its
// first acknowledgement, kills it, and returns the last version it
// acknowledged.
func runAndKill(t *testing.T, dir string, delay time.Duration) uint64 {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashRecovery$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashDirEnv+"="+dir)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	acks := make(chan uint64, 1024)
	go func() {
		defer close(acks)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "ack "); ok {
				n, err := strconv.ParseUint(v, 10, 64)
				if err == nil {
					acks <- n
				}
			}
		}
	}()
	var last uint64
	select {
	case v, ok := <-acks:
		if !ok {
			_ = cmd.Wait()
			t.Fatalf("child ended before writing anything: %s", stderr.String())
		}
		last = v
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("child wrote nothing in 60 s: %s", stderr.String())
	}
	time.Sleep(delay)
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	// Lines already written before the kill were acknowledged too.
	for v := range acks {
		last = max(last, v)
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, "child stderr: %s", stderr.String())
	require.Equal(t, "signal: killed", exit.Error(), "child stderr: %s", stderr.String())
	return last
}

func verifyAgainstModel(t *testing.T, s *Store, w *workload) {
	t.Helper()
	ctx := t.Context()
	gotE, gotR := map[string]string{}, map[string]string{}
	_, err := s.Stream(ctx, graph.StreamFuncs{
		Entity:       func(e *graph.Entity) error { gotE[e.ID] = e.Revision(); return nil },
		Relationship: func(r *graph.Relationship) error { gotR[r.ID] = r.Revision(); return nil },
	})
	require.NoError(t, err)
	wantE, wantR := map[string]string{}, map[string]string{}
	for id, e := range w.ents {
		wantE[id] = e.Revision()
	}
	for id, r := range w.rels {
		wantR[id] = r.Revision()
	}
	require.Equal(t, wantE, gotE, "entities equal the model's after %d batches", w.step)
	require.Equal(t, wantR, gotR, "relationships equal the model's after %d batches", w.step)

	c, err := s.Counts(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(len(w.ents)), c.Entities)
	assert.Equal(t, int64(len(w.rels)), c.Relationships)
	// Check has proved that every entity's tokens are indexed; search for
	// a sample of them by name through the public path too.
	for i, id := range w.entOrder {
		e, ok := w.ents[id]
		if !ok || i%10 != 0 {
			continue
		}
		found, err := s.Search(ctx, e.Name, 0)
		require.NoError(t, err)
		require.Contains(t, entityIDs(found), id, "search finds %q by its name", e.Name)
	}
	for id, set := range w.adj {
		if _, ok := w.ents[id]; !ok {
			continue
		}
		nbs, err := s.Neighbors(ctx, id, nil)
		require.NoError(t, err)
		require.Len(t, nbs, len(set), "neighbors of %s", id)
	}
}

// verifyAudit checks that the audit log holds one entry per batch of the
// model, and no entry of a batch that did not commit.
func verifyAudit(t *testing.T, s *Store, w *workload) {
	t.Helper()
	es, err := s.Audit(t.Context(), graph.AuditQuery{})
	require.NoError(t, err)
	got := map[string]int{}
	for _, e := range es {
		got[e.Target]++
	}
	want := map[string]int{}
	for step := range w.step {
		want[auditTarget(step)] = 1
	}
	require.Equal(t, want, got, "one audit entry per committed batch after %d batches", w.step)
}

func entityIDs(es []graph.Entity) []string {
	out := make([]string, len(es))
	for i := range es {
		out[i] = es[i].ID
	}
	return out
}
