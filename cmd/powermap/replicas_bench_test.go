package main

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/paths"
	"github.com/powermap/powermap/internal/store/neo4j/neo4jtest"
	"github.com/powermap/powermap/internal/synth"
)

// BenchmarkReplicaVisibility measures how soon a write through one replica
// shows in another's introduction paths. Two `powermap serve` processes
// run over one real Neo4j holding the synthetic map (internal/synth, seed
// 2026) of 2,000 entities (POWERMAP_REPLICA_ENTITIES sets another size),
// under 32 concurrent clients of mixed load over loopback: searches, paths
// and ego networks on either replica, and one request in ten a write (a
// note on an entity) through either. Probes, one after the other, each add
// a tie through A from a new person to an official, then ask B's /paths
// from that person until the tie shows; the time from A's answer to B's
// first answer with the tie is the probe's. It runs 50 probes, or as many
// as 2 minutes allow (10 at least), and reports their p50-ms and p99-ms,
// and the load's requests per second. A load request fails the benchmark
// when it gets no answer or a 5xx; a conflict between two clients patching
// one entity (409) is an answer.
func BenchmarkReplicaVisibility(b *testing.B) {
	s := neo4jtest.Open(b)
	cfg := neo4jtest.Require(b)
	ctx := b.Context()
	n := 2000
	if v := os.Getenv("POWERMAP_REPLICA_ENTITIES"); v != "" {
		var err error
		n, err = strconv.Atoi(v)
		require.NoError(b, err)
	}
	_, err := s.Apply(ctx, synth.Batch(synth.Config{Entities: n, Seed: 2026}))
	require.NoError(b, err)
	editor := newToken(b, s, "editor", graph.RoleEditor)
	viewer := newToken(b, s, "viewer", graph.RoleViewer)
	bin := buildPowermap(b)
	a := startReplica(b, bin, "A", cfg)
	r := startReplica(b, bin, "B", cfg)
	replicas := []*replica{a, r}

	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 128}}
	var officials, entities, words []string
	var l struct{ Items []graph.Entity }
	_, err = a.call(client, "GET", "/api/v1/entities?kind=official&limit=1000", viewer, nil, &l)
	require.NoError(b, err)
	for _, e := range l.Items {
		officials = append(officials, e.ID)
	}
	_, err = a.call(client, "GET", "/api/v1/entities?limit=1000", viewer, nil, &l)
	require.NoError(b, err)
	for _, e := range l.Items {
		entities = append(entities, e.ID)
		words = append(words, graph.Tokens(e.Name)...)
	}
	require.NotEmpty(b, officials)

	b.ResetTimer()
	for range b.N {
		// The load.
		stop := make(chan struct{})
		var requests, failures, conflicts atomic.Int64
		var firstErr atomic.Value
		var wg sync.WaitGroup
		start := time.Now()
		for c := range 32 {
			wg.Go(func() {
				rng := rand.New(rand.NewPCG(2026, uint64(c)))
				pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
				for k := 0; ; k++ {
					select {
					case <-stop:
						return
					default:
					}
					to := replicas[rng.IntN(2)]
					var status int
					var err error
					switch x := rng.IntN(10); {
					case x == 0:
						// Two clients may patch one entity at once: one of
						// them gets a conflict (409), as it should.
						status, err = to.call(client, "PATCH", "/api/v1/entities/"+url.PathEscape(pick(entities)), editor,
							map[string]any{"notes": fmt.Sprintf("load %d-%d", c, k)}, nil)
					case x < 4:
						status, err = to.call(client, "GET", "/api/v1/search?limit=20&q="+url.QueryEscape(pick(words)), viewer, nil, nil)
					case x < 7:
						status, err = to.call(client, "GET", "/api/v1/entities/"+url.PathEscape(pick(entities))+"/network?depth=1&limit=300", viewer, nil, nil)
					default:
						status, err = to.call(client, "GET", "/api/v1/paths?k=5&max_hops=6&to="+url.QueryEscape(pick(officials)), viewer, nil, nil)
					}
					requests.Add(1)
					if status == http.StatusConflict {
						conflicts.Add(1)
					} else if err != nil {
						failures.Add(1)
						firstErr.CompareAndSwap(nil, err.Error())
					}
				}
			})
		}

		// The probes.
		const probes, budget = 50, 2 * time.Minute
		var took []time.Duration
		for i := range probes {
			if i >= 10 && time.Since(start) > budget {
				break
			}
			id := fmt.Sprintf("probe-%03d", i)
			to := officials[i%len(officials)]
			_, err := a.call(client, "PUT", "/api/v1/entities/"+id, editor, map[string]any{"kind": "person", "name": "Probe " + strconv.Itoa(i)}, nil)
			require.NoError(b, err)
			_, err = a.call(client, "POST", "/api/v1/relationships", editor, map[string]any{"source": id, "target": to, "type": "KNOWS", "strength": 1}, nil)
			require.NoError(b, err)
			written := time.Now()
			q := "/api/v1/paths?k=1&max_hops=1&from=" + id + "&to=" + url.QueryEscape(to)
			for {
				var res paths.Result
				if _, err := r.call(client, "GET", q, viewer, nil, &res); err == nil && len(res.Paths) == 1 {
					break
				}
				if time.Since(written) > 30*time.Second {
					b.Fatalf("probe %d: the tie did not show in B within 30 s", i)
				}
				time.Sleep(time.Millisecond)
			}
			took = append(took, time.Since(written))
		}
		close(stop)
		wg.Wait()
		elapsed := time.Since(start)

		slices.Sort(took)
		at := func(q float64) float64 {
			return float64(took[min(len(took)-1, int(q*float64(len(took))))]) / float64(time.Millisecond)
		}
		b.ReportMetric(at(0.50), "p50-ms")
		b.ReportMetric(at(0.99), "p99-ms")
		b.ReportMetric(float64(requests.Load())/elapsed.Seconds(), "load-req/s")
		b.Logf("%d entities, %d probes: p50 %.1f ms, p99 %.1f ms, max %s; load %d requests in %s, %d conflicting patches",
			n, len(took), at(0.50), at(0.99), took[len(took)-1], requests.Load(), elapsed.Round(time.Millisecond), conflicts.Load())
		if f := failures.Load(); f > 0 {
			b.Errorf("%d of %d load requests failed; the first: %v", f, requests.Load(), firstErr.Load())
		}
	}
}
