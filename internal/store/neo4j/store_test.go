package neo4j_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/store/neo4j"
	"github.com/powermap/powermap/internal/store/neo4j/neo4jtest"
	"github.com/powermap/powermap/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	neo4jtest.Require(t)
	storetest.Run(t, func(t *testing.T) graph.Store { return neo4jtest.Open(t) })
}

// query runs a read query on the test database with a driver of its own,
// to look at what the store wrote.
func query(t *testing.T, q string, params map[string]any) []*driver.Record {
	t.Helper()
	cfg := neo4jtest.Require(t)
	auth := driver.NoAuth()
	if cfg.Password != "" {
		auth = driver.BasicAuth(cmp(cfg.User, "neo4j"), cfg.Password, "")
	}
	d, err := driver.NewDriverWithContext(cfg.URI, auth)
	require.NoError(t, err)
	defer d.Close(context.Background())
	res, err := driver.ExecuteQuery(t.Context(), d, q, params, driver.EagerResultTransformer, driver.ExecuteQueryWithDatabase(cfg.Database))
	require.NoError(t, err)
	return res.Records
}

func cmp(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}

// TestLabels checks the Neo4j labels and relationship types the store
// writes, and that a kind change moves the labels.
func TestLabels(t *testing.T) {
	s := neo4jtest.Open(t)
	_, err := s.Apply(t.Context(), storetest.SmallMap())
	require.NoError(t, err)
	labels := func() map[string][]string {
		out := map[string][]string{}
		for _, rec := range query(t, "MATCH (n:Entity) RETURN n.id AS id, labels(n) AS l", nil) {
			id, _ := rec.Get("id")
			l, _ := rec.Get("l")
			var ls []string
			for _, x := range l.([]any) {
				ls = append(ls, x.(string))
			}
			sort.Strings(ls)
			out[id.(string)] = ls
		}
		return out
	}
	got := labels()
	assert.Equal(t, []string{"Entity", "Person"}, got[storetest.AnaReyes])
	assert.Equal(t, []string{"Entity", "Official", "Person"}, got[storetest.AaronOrtiz])
	assert.Equal(t, []string{"Donor", "Entity", "Organization"}, got[storetest.AcmeBuildersPAC])
	assert.Equal(t, []string{"Entity", "Organization"}, got[storetest.RiversideCoalition])

	_, err = s.Apply(t.Context(), &graph.Batch{Entities: []graph.Entity{
		{ID: storetest.AnaReyes, Kind: graph.KindDonor, Name: "Ana Reyes"},
		{ID: storetest.AcmeBuildersPAC, Kind: graph.KindOrganization, Name: "Acme Builders PAC"},
	}})
	require.NoError(t, err)
	got = labels()
	assert.Equal(t, []string{"Donor", "Entity", "Person"}, got[storetest.AnaReyes])
	assert.Equal(t, []string{"Entity", "Organization"}, got[storetest.AcmeBuildersPAC])

	recs := query(t, "MATCH (:Entity {id: $s})-[x]->(:Entity {id: $t}) RETURN type(x) AS t",
		map[string]any{"s": storetest.DanaWhitfield, "t": storetest.AaronOrtiz})
	require.Len(t, recs, 1)
	typ, _ := recs[0].Get("t")
	assert.Equal(t, "WORKS_FOR", typ)
}

// TestHostileText stores text that would break string-built Cypher.
func TestHostileText(t *testing.T) {
	s := neo4jtest.Open(t)
	evil := "x'}) DETACH DELETE n //`\" \\ $param {id: 1}"
	b := &graph.Batch{
		Entities: []graph.Entity{
			{ID: evil, Kind: graph.KindPerson, Name: evil, Aliases: []string{evil}, Props: map[string]string{evil: evil, "`": "$"}},
			{ID: "plain", Kind: graph.KindPerson, Name: "Plain"},
		},
		Relationships: []graph.Relationship{{ID: evil, Source: evil, Target: "plain", Type: graph.Knows, Notes: evil, Props: map[string]string{evil: evil}}},
	}
	_, err := s.Apply(t.Context(), b)
	require.NoError(t, err)
	e, err := s.Entity(t.Context(), evil)
	require.NoError(t, err)
	assert.Equal(t, b.Entities[0].Revision(), e.Revision())
	r, err := s.Relationship(t.Context(), evil)
	require.NoError(t, err)
	assert.Equal(t, b.Relationships[0].Revision(), r.Revision())
	c, err := s.Counts(t.Context())
	require.NoError(t, err)
	assert.Equal(t, int64(2), c.Entities)
	found, err := s.Search(t.Context(), evil, 0)
	require.NoError(t, err)
	require.NotEmpty(t, found)
	assert.Equal(t, evil, found[0].ID)
}

// TestConcurrentWriters: writers that overlap all succeed, one at a time,
// and each bumps the version once.
func TestConcurrentWriters(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := t.Context()
	_, err := s.Apply(ctx, &graph.Batch{Entities: []graph.Entity{{ID: "hub", Kind: graph.KindOrganization, Name: "Hub"}}})
	require.NoError(t, err)
	v0, err := s.Version(ctx)
	require.NoError(t, err)
	const writers, each = 4, 5
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				id := fmt.Sprintf("w%d-%d", w, i)
				_, err := s.Apply(ctx, &graph.Batch{
					Entities:      []graph.Entity{{ID: id, Kind: graph.KindPerson, Name: "Writer " + id}},
					Relationships: []graph.Relationship{{Source: id, Target: "hub", Type: graph.MemberOf}},
				})
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	v1, err := s.Version(ctx)
	require.NoError(t, err)
	assert.Equal(t, v0+writers*each, v1)
	nbs, err := s.Neighbors(ctx, "hub", nil)
	require.NoError(t, err)
	assert.Len(t, nbs, writers*each)
}

// TestOpenTwice: two processes may create the schema at the same time.
func TestOpenTwice(t *testing.T) {
	neo4jtest.Open(t)
	cfg := neo4jtest.Require(t)
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range errs {
		wg.Go(func() {
			s, err := neo4j.Open(t.Context(), cfg)
			if err == nil {
				err = s.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for _, err := range errs {
		assert.NoError(t, err)
	}
}

// TestOpenIndexesIdentifiersOfSchema1: entities written before the
// identifiers property existed get it when a store opens the database.
func TestOpenIndexesIdentifiersOfSchema1(t *testing.T) {
	s := neo4jtest.Open(t)
	e := graph.Entity{ID: "bioguide:S001217", Kind: graph.KindOfficial, Name: "Rick Scott"}
	e.AddIdentifier(graph.SchemeBioguide, "S001217")
	_, err := s.Apply(t.Context(), &graph.Batch{Entities: []graph.Entity{e}})
	require.NoError(t, err)
	query(t, "MATCH (n:Entity) REMOVE n.identifiers", nil)
	query(t, "MATCH (m:PowermapMeta) SET m.schema = 1", nil)
	id := graph.Identifier{Scheme: graph.SchemeBioguide, Value: "S001217"}
	got, err := s.LookupIdentifiers(t.Context(), []graph.Identifier{id})
	require.NoError(t, err)
	require.Empty(t, got, "the old layout has no identifiers property")

	again, err := neo4j.Open(t.Context(), neo4jtest.Require(t))
	require.NoError(t, err)
	defer again.Close()
	got, err = again.LookupIdentifiers(t.Context(), []graph.Identifier{id})
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, e.ID, got[0].ID)
	assert.Equal(t, int64(2), query(t, "MATCH (m:PowermapMeta) RETURN m.schema AS v", nil)[0].AsMap()["v"])
}

// proxy forwards TCP connections to Neo4j and can cut them all, to play an
// outage without stopping the server other tests share.
type proxy struct {
	t      *testing.T
	addr   string // where it listens
	target string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	p := &proxy{t: t, addr: "127.0.0.1:0", target: target}
	p.start()
	t.Cleanup(p.stop)
	return p
}

func (p *proxy) start() {
	ln, err := net.Listen("tcp", p.addr)
	require.NoError(p.t, err)
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			u, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, u)
			p.mu.Unlock()
			go func() { io.Copy(u, c); u.Close() }()
			go func() { io.Copy(c, u); c.Close() }()
		}
	}()
}

// stop closes the listener and every connection through it.
func (p *proxy) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// TestOutage: while Neo4j cannot be reached every call fails quickly with
// Unavailable, and the same store works again once it can.
func TestOutage(t *testing.T) {
	neo4jtest.Open(t)
	cfg := neo4jtest.Require(t)
	u, err := url.Parse(cfg.URI)
	require.NoError(t, err)
	p := newProxy(t, u.Host)
	// Through the proxy, and with bolt:// even for neo4j://, so that the
	// driver does not route around it.
	cfg.URI = "bolt://" + p.addr
	cfg.RetryTime = 500 * time.Millisecond
	s, err := neo4j.Open(t.Context(), cfg)
	require.NoError(t, err)
	defer s.Close()
	ctx := t.Context()
	_, err = s.Apply(ctx, storetest.SmallMap())
	require.NoError(t, err)

	p.stop()
	for name, call := range map[string]func() error{
		"Counts": func() error { _, err := s.Counts(ctx); return err },
		"Apply": func() error {
			_, err := s.Apply(ctx, &graph.Batch{Entities: []graph.Entity{{ID: "x", Kind: graph.KindPerson, Name: "X"}}})
			return err
		},
		"Ping": func() error { return s.Ping(ctx) },
	} {
		err := call()
		require.Error(t, err, name)
		assert.Equal(t, graph.Unavailable, graph.CodeOf(err), "%s: %v", name, err)
		assert.Equal(t, "store unavailable", graph.MessageOf(err), name)
	}

	p.start()
	require.NoError(t, s.Ping(ctx))
	c, err := s.Counts(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(7), c.Entities)
	_, err = s.Apply(ctx, &graph.Batch{Entities: []graph.Entity{{ID: "x", Kind: graph.KindPerson, Name: "X"}}})
	require.NoError(t, err)
}

// TestClosedStoreUnavailable checks that calls on a closed store fail as
// Unavailable, like the embedded store's, not as internal errors.
func TestClosedStoreUnavailable(t *testing.T) {
	cfg := neo4jtest.Require(t)
	ctx := context.Background()
	s, err := neo4j.Open(ctx, cfg)
	require.NoError(t, err)
	require.NoError(t, s.Close())
	_, err = s.Entity(ctx, "anyone")
	require.Error(t, err)
	assert.Equal(t, graph.Unavailable, graph.CodeOf(err), "%v", err)
	_, err = s.Apply(ctx, &graph.Batch{Entities: []graph.Entity{{ID: "x", Kind: graph.KindPerson, Name: "X"}}})
	assert.Equal(t, graph.Unavailable, graph.CodeOf(err), "%v", err)
}

func TestChangeLog(t *testing.T) {
	neo4jtest.Require(t)
	storetest.RunChanges(t, func(t *testing.T) graph.Store { return neo4jtest.Open(t) })
}

// TestCountRelsReadsTheCountsStore: every write looks up which
// relationship types are in use (liveTypes). Neo4j answers that from its
// counts store in constant time only when the count is not grouped by
// anything; grouped by the type's name, it scanned every relationship,
// and a write to a map of 10M ties took seconds.
func TestCountRelsReadsTheCountsStore(t *testing.T) {
	s := neo4jtest.Open(t)
	ops, err := s.CountRelsPlan(context.Background())
	require.NoError(t, err)
	counts := 0
	for _, op := range ops {
		name, _, _ := strings.Cut(op, "@")
		require.NotContains(t, []string{"Expand(All)", "DirectedRelationshipTypeScan", "UndirectedRelationshipTypeScan", "AllNodesScan", "EagerAggregation", "OrderedAggregation"}, name, "plan: %v", ops)
		if name == "RelationshipCountFromCountStore" {
			counts++
		}
	}
	require.NotZero(t, counts, "plan: %v", ops)
}
