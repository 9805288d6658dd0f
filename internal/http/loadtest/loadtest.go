// Package loadtest drives a running powermap API with a bounded mix of
// reads (search, introduction paths and ego networks) from concurrent
// clients, and reports throughput and latency. It sends traffic only to
// the URL it is given, stops by itself when its duration is over, and is
// what `make load` runs (see TestLoad).
package loadtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	nethttp "net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/powermap/powermap/graph"
)

// Config says what to drive and for how long.
type Config struct {
	// URL is the server's base URL, e.g. http://127.0.0.1:8080.
	URL string
	// Token is a viewer (or better) API token.
	Token string
	// Clients is the number of concurrent clients (default 32).
	Clients int
	// Duration bounds the run (default 60 s).
	Duration time.Duration
	// MaxRequests, when positive, also bounds the number of requests.
	MaxRequests int64
	// Seed makes the choice of queries repeatable.
	Seed uint64
	// RequestTimeout bounds one request (default 10 s).
	RequestTimeout time.Duration
	// Mix weighs the kinds of request (default 4 search, 3 network, 3 paths).
	Mix map[string]int
}

// Kinds of request in a Mix.
const (
	KindSearch  = "search"
	KindNetwork = "network"
	KindPaths   = "paths"
)

// Stats summarize the requests of one kind, or of all.
type Stats struct {
	Requests int64 `json:"requests"`
	// Status5xx counts server errors; Status4xx client errors; Failed
	// requests that got no answer (a transport error or a timeout).
	Status5xx int64         `json:"status_5xx"`
	Status4xx int64         `json:"status_4xx"`
	Failed    int64         `json:"failed"`
	P50       time.Duration `json:"p50"`
	P90       time.Duration `json:"p90"`
	P99       time.Duration `json:"p99"`
	Max       time.Duration `json:"max"`
}

// Report is the outcome of a run.
type Report struct {
	Clients  int              `json:"clients"`
	Duration time.Duration    `json:"duration"`
	RPS      float64          `json:"requests_per_second"`
	All      Stats            `json:"all"`
	ByKind   map[string]Stats `json:"by_kind"`
	// CPU is the CPU time this process used during the run, client and
	// server together when both run in it (as in TestLoad), and
	// CPUPerRequest its share per request: unlike throughput, it does not
	// depend on what else the machine runs.
	CPU           time.Duration `json:"cpu"`
	CPUPerRequest time.Duration `json:"cpu_per_request"`
	// FirstErrors keeps a few error answers, for diagnosis.
	FirstErrors []string `json:"first_errors,omitempty"`
}

// String renders the report as a few lines of text.
func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d clients, %s: %d requests, %.0f req/s, p50 %s, p90 %s, p99 %s, max %s, 5xx %d, 4xx %d, failed %d\n",
		r.Clients, r.Duration.Round(time.Millisecond), r.All.Requests, r.RPS, r.All.P50, r.All.P90, r.All.P99, r.All.Max,
		r.All.Status5xx, r.All.Status4xx, r.All.Failed)
	fmt.Fprintf(&b, "  process CPU %s, %s per request\n", r.CPU.Round(time.Millisecond), r.CPUPerRequest.Round(time.Microsecond))
	kinds := make([]string, 0, len(r.ByKind))
	for k := range r.ByKind {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		s := r.ByKind[k]
		fmt.Fprintf(&b, "  %-8s %7d requests, p50 %s, p99 %s, max %s, 5xx %d\n", k, s.Requests, s.P50, s.P99, s.Max, s.Status5xx)
	}
	return b.String()
}

// targets are what the queries ask about, read from the server first.
type targets struct {
	officials []string
	entities  []string
	words     []string
}

// Run drives cfg.URL until cfg.Duration has passed (or ctx ends, or
// MaxRequests were sent) and reports. It fails only when it cannot start:
// the server does not answer or holds too few entities.
func Run(ctx context.Context, cfg Config) (Report, error) {
	if cfg.Clients <= 0 {
		cfg.Clients = 32
	}
	if cfg.Duration <= 0 {
		cfg.Duration = 60 * time.Second
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = 10 * time.Second
	}
	if len(cfg.Mix) == 0 {
		cfg.Mix = map[string]int{KindSearch: 4, KindNetwork: 3, KindPaths: 3}
	}
	cfg.URL = strings.TrimRight(cfg.URL, "/")
	client := &nethttp.Client{
		Timeout: cfg.RequestTimeout,
		Transport: &nethttp.Transport{
			MaxIdleConns: cfg.Clients * 2, MaxIdleConnsPerHost: cfg.Clients * 2, IdleConnTimeout: time.Minute,
		},
	}
	defer client.CloseIdleConnections()
	tg, err := discover(ctx, client, cfg)
	if err != nil {
		return Report{}, err
	}
	var kinds []string
	for k, w := range cfg.Mix {
		for range w {
			kinds = append(kinds, k)
		}
	}
	slices.Sort(kinds)

	ctx, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()
	type sample struct {
		kind   string
		took   time.Duration
		status int // 0: no answer
		body   string
	}
	results := make([][]sample, cfg.Clients)
	var sent sync.Mutex
	var count int64
	start, cpu0 := time.Now(), processCPU()
	var wg sync.WaitGroup
	for i := range cfg.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(cfg.Seed, uint64(i)))
			for ctx.Err() == nil {
				if cfg.MaxRequests > 0 {
					sent.Lock()
					count++
					over := count > cfg.MaxRequests
					sent.Unlock()
					if over {
						return
					}
				}
				kind := kinds[rng.IntN(len(kinds))]
				path := tg.query(kind, rng)
				t0 := time.Now()
				status, body := get(ctx, client, cfg, path)
				took := time.Since(t0)
				if status == 0 && ctx.Err() != nil {
					return // cut by the end of the run, not by the server
				}
				results[i] = append(results[i], sample{kind, took, status, body})
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)

	rep := Report{Clients: cfg.Clients, Duration: elapsed, ByKind: map[string]Stats{}, CPU: processCPU() - cpu0}
	all := []time.Duration{}
	byKind := map[string][]time.Duration{}
	for _, rs := range results {
		for _, s := range rs {
			all = append(all, s.took)
			byKind[s.kind] = append(byKind[s.kind], s.took)
			st := rep.ByKind[s.kind]
			count := func(st *Stats) {
				st.Requests++
				switch {
				case s.status == 0:
					st.Failed++
				case s.status >= 500:
					st.Status5xx++
				case s.status >= 400:
					st.Status4xx++
				}
			}
			count(&st)
			count(&rep.All)
			rep.ByKind[s.kind] = st
			if (s.status == 0 || s.status >= 400) && len(rep.FirstErrors) < 10 {
				rep.FirstErrors = append(rep.FirstErrors, fmt.Sprintf("%s %d %s", s.kind, s.status, s.body))
			}
		}
	}
	quantiles(&rep.All, all)
	for k, ds := range byKind {
		st := rep.ByKind[k]
		quantiles(&st, ds)
		rep.ByKind[k] = st
	}
	rep.RPS = float64(rep.All.Requests) / elapsed.Seconds()
	if rep.All.Requests > 0 {
		rep.CPUPerRequest = rep.CPU / time.Duration(rep.All.Requests)
	}
	return rep, nil
}

func quantiles(st *Stats, ds []time.Duration) {
	if len(ds) == 0 {
		return
	}
	slices.Sort(ds)
	at := func(q float64) time.Duration { return ds[min(len(ds)-1, int(q*float64(len(ds))))] }
	st.P50, st.P90, st.P99, st.Max = at(0.50), at(0.90), at(0.99), ds[len(ds)-1]
}

// get sends one GET and returns the status (0 when no answer came) and, for
// an error answer, the start of its body.
func get(ctx context.Context, client *nethttp.Client, cfg Config, path string) (int, string) {
	req, err := nethttp.NewRequestWithContext(ctx, "GET", cfg.URL+path, nil)
	if err != nil {
		return 0, err.Error()
	}
	req.Header.Set("Authorization", "Bearer "+cfg.Token)
	res, err := client.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer res.Body.Close()
	if res.StatusCode >= 400 {
		b, _ := io.ReadAll(io.LimitReader(res.Body, 300))
		return res.StatusCode, string(b)
	}
	_, err = io.Copy(io.Discard, res.Body)
	if err != nil {
		return 0, err.Error()
	}
	return res.StatusCode, ""
}

func (tg *targets) query(kind string, rng *rand.Rand) string {
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	switch kind {
	case KindSearch:
		w := pick(tg.words)
		if n := 2 + rng.IntN(4); n < len(w) {
			w = w[:n] // a prefix, as typed
		}
		return "/api/v1/search?limit=20&q=" + url.QueryEscape(w)
	case KindNetwork:
		depth := 1
		if rng.IntN(3) == 0 {
			depth = 2
		}
		return fmt.Sprintf("/api/v1/entities/%s/network?depth=%d&limit=300", url.PathEscape(pick(tg.entities)), depth)
	case KindPaths:
		return "/api/v1/paths?k=5&max_hops=6&to=" + url.QueryEscape(pick(tg.officials))
	}
	panic("loadtest: unknown kind " + kind)
}

// discover reads officials, entities and name words from the server.
func discover(ctx context.Context, client *nethttp.Client, cfg Config) (*targets, error) {
	list := func(query string) ([]graph.Entity, error) {
		req, err := nethttp.NewRequestWithContext(ctx, "GET", cfg.URL+"/api/v1/entities?"+query, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", "Bearer "+cfg.Token)
		res, err := client.Do(req)
		if err != nil {
			return nil, err
		}
		defer res.Body.Close()
		if res.StatusCode != 200 {
			b, _ := io.ReadAll(io.LimitReader(res.Body, 300))
			return nil, fmt.Errorf("loadtest: GET /api/v1/entities?%s: %d %s", query, res.StatusCode, b)
		}
		var l struct{ Items []graph.Entity }
		return l.Items, json.NewDecoder(res.Body).Decode(&l)
	}
	officials, err := list("kind=official&limit=1000")
	if err != nil {
		return nil, err
	}
	all, err := list("limit=1000")
	if err != nil {
		return nil, err
	}
	tg := &targets{}
	seen := map[string]bool{}
	for _, e := range officials {
		tg.officials = append(tg.officials, e.ID)
	}
	for _, e := range all {
		tg.entities = append(tg.entities, e.ID)
		for _, w := range graph.Tokens(e.Name) {
			if len(w) >= 3 && !seen[w] {
				seen[w] = true
				tg.words = append(tg.words, w)
			}
		}
	}
	if len(tg.officials) == 0 || len(tg.entities) < 10 || len(tg.words) == 0 {
		return nil, fmt.Errorf("loadtest: the map at %s is too small to load (%d officials, %d entities)", cfg.URL, len(tg.officials), len(tg.entities))
	}
	return tg, nil
}
