package http

import (
	"strconv"
	"strings"
	"sync"

	nethttp "net/http"

	"github.com/gin-gonic/gin"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/paths"
	"github.com/powermap/powermap/graph/rank"
	"github.com/powermap/powermap/graph/snapshot"
)

// maxPathHops caps max_hops over HTTP; the engine itself allows more.
const maxPathHops = 12

// snapshot returns the current analysis snapshot.
func (s *Server) snapshot(c *gin.Context) (*snapshot.Snapshot, error) {
	snap, err := s.snapshots.Current(c.Request.Context())
	if err != nil {
		return nil, graph.E("http.snapshot", err)
	}
	return snap, nil
}

// privateSet lists a snapshot's private entities, computed once per
// snapshot.
type privateSet struct {
	mu   sync.Mutex
	snap *snapshot.Snapshot
	ids  []string
	idx  map[int32]bool
}

func (p *privateSet) of(snap *snapshot.Snapshot) ([]string, map[int32]bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.snap != snap {
		p.snap, p.ids, p.idx = snap, nil, map[int32]bool{}
		for i := int32(0); int(i) < snap.Len(); i++ {
			if n := snap.Node(i); n.Private {
				p.ids = append(p.ids, n.ID)
				p.idx[i] = true
			}
		}
	}
	return p.ids, p.idx
}

// hidden reports whether the caller may not see entity id of snap. Unknown
// ids are not hidden (the engine answers NotFound for them).
func (s *Server) hidden(c *gin.Context, snap *snapshot.Snapshot, id string) bool {
	if roleOf(c).Allows(graph.RoleEditor) {
		return false
	}
	i, ok := snap.Index(id)
	if !ok {
		return false
	}
	_, idx := s.private.of(snap)
	return idx[i]
}

func notFoundEntity(op, field, id string) error {
	return &graph.Error{Op: op, Code: graph.NotFound, Message: "no entity " + strconv.Quote(id),
		Details: []graph.Detail{{Field: field, Reason: "no entity " + strconv.Quote(id)}}}
}

// findPaths answers GET /paths?to=&from=&k=&max_hops=&types=&exclude_types=&avoid=:
// the k best introduction paths to an entity, from the given sources
// (repeat from=) or from every entity marked ours. Its JSON is the one of
// `powermap paths --json`. Viewers get no path through a private entity.
func (s *Server) findPaths(c *gin.Context) error {
	const op = "http.paths"
	p := queryParams(c)
	q := paths.Query{
		To:           p.str("to"),
		From:         p.list("from"),
		K:            p.int("k", paths.DefaultK, 1, paths.MaxK),
		MaxHops:      p.int("max_hops", paths.DefaultMaxHops, 1, maxPathHops),
		Types:        p.types("types"),
		ExcludeTypes: p.types("exclude_types"),
		Avoid:        p.list("avoid"),
	}
	if q.To == "" {
		p.fail("to", "must not be empty")
	}
	if err := p.err(); err != nil {
		return err
	}
	snap, err := s.snapshot(c)
	if err != nil {
		return err
	}
	if !roleOf(c).Allows(graph.RoleEditor) {
		if s.hidden(c, snap, q.To) {
			return notFoundEntity(op, "to", q.To)
		}
		for _, f := range q.From {
			if s.hidden(c, snap, f) {
				return notFoundEntity(op, "from", f)
			}
		}
		ids, _ := s.private.of(snap)
		q.Avoid = append(q.Avoid, ids...)
	}
	res, err := paths.Find(c.Request.Context(), snap, q)
	if err != nil {
		return graph.E(op, err)
	}
	c.JSON(nethttp.StatusOK, res)
	return nil
}

// connections answers GET /connections?a=&b=: the direct ties, the common
// neighbours (interlocks) and the best paths between two entities. Viewers
// see no private common neighbour and no path through a private entity.
func (s *Server) connections(c *gin.Context) error {
	const op = "http.connections"
	p := queryParams(c)
	a, b := p.str("a"), p.str("b")
	if a == "" {
		p.fail("a", "must not be empty")
	}
	if b == "" {
		p.fail("b", "must not be empty")
	}
	if a != "" && a == b {
		p.fail("b", "must differ from a")
	}
	if err := p.err(); err != nil {
		return err
	}
	snap, err := s.snapshot(c)
	if err != nil {
		return err
	}
	for _, x := range []struct{ field, id string }{{"a", a}, {"b", b}} {
		if s.hidden(c, snap, x.id) {
			return notFoundEntity(op, x.field, x.id)
		}
	}
	ctx := c.Request.Context()
	res, err := paths.Connections(ctx, snap, a, b)
	if err != nil {
		return graph.E(op, err)
	}
	if !roleOf(c).Allows(graph.RoleEditor) {
		ids, idx := s.private.of(snap)
		kept := res.Common[:0]
		for _, cm := range res.Common {
			if i, ok := snap.Index(cm.ID); ok && idx[i] {
				res.CommonTotal--
				continue
			}
			kept = append(kept, cm)
		}
		res.Common = kept
		if len(ids) > 0 {
			found, err := paths.Find(ctx, snap, paths.Query{From: []string{a}, To: b, Avoid: ids})
			if err != nil {
				return graph.E(op, err)
			}
			res.Paths = found.Paths
		}
	}
	c.JSON(nethttp.StatusOK, res)
	return nil
}

// rankings answers GET /rankings?algo=&top=&kind=&label=&within=&types=&seed=&weighted=&exclude_seeds=:
// the JSON of `powermap rank --json`. Viewers see no private entity in the
// results (private entities still take part in the computation).
func (s *Server) rankings(c *gin.Context) error {
	p := queryParams(c)
	q := rank.Query{
		Top:          p.int("top", rank.DefaultTop, 1, 1000),
		Kind:         p.kind("kind"),
		Label:        p.str("label"),
		Within:       p.boolDefault("within", false),
		Types:        p.types("types"),
		Seeds:        p.list("seed"),
		Weighted:     p.boolDefault("weighted", true),
		ExcludeSeeds: p.boolDefault("exclude_seeds", false),
	}
	if a := p.str("algo"); a == "" {
		p.fail("algo", "must not be empty")
	} else if algo, err := rank.ParseAlgo(a); err != nil {
		p.fail("algo", graph.DetailsOf(err)[0].Reason)
	} else {
		q.Algo = algo
	}
	if err := p.err(); err != nil {
		return err
	}
	return s.rank(c, q, "seed")
}

// innerCircle answers GET /entities/{id}/inner-circle?top=: personalized
// PageRank seeded at the entity, the entity left out.
func (s *Server) innerCircle(c *gin.Context) error {
	p := queryParams(c)
	top := p.int("top", rank.DefaultTop, 1, 1000)
	if err := p.err(); err != nil {
		return err
	}
	q := rank.Query{Algo: rank.AlgoPPR, Seeds: []string{c.Param("id")}, ExcludeSeeds: true, Weighted: true, Top: top}
	return s.rank(c, q, "id")
}

// rank runs a ranking for the caller, from the cache when the same query
// ran on the same snapshot.
func (s *Server) rank(c *gin.Context, q rank.Query, seedField string) error {
	const op = "http.rank"
	snap, err := s.snapshot(c)
	if err != nil {
		return err
	}
	q.HidePrivate = !roleOf(c).Allows(graph.RoleEditor)
	for _, id := range q.Seeds {
		if s.hidden(c, snap, id) {
			return notFoundEntity(op, seedField, id)
		}
	}
	key := rankKey(q)
	if res, ok := s.ranks.get(snap, key); ok {
		c.JSON(nethttp.StatusOK, res)
		return nil
	}
	res, err := rank.Run(c.Request.Context(), snap, q)
	if err != nil {
		return graph.E(op, err)
	}
	s.ranks.put(snap, key, res)
	c.JSON(nethttp.StatusOK, res)
	return nil
}

func rankKey(q rank.Query) string {
	var b strings.Builder
	b.WriteString(string(q.Algo))
	for _, x := range []string{strconv.Itoa(q.Top), string(q.Kind), q.Label, strconv.FormatBool(q.Within), strconv.FormatBool(q.Weighted),
		strconv.FormatBool(q.ExcludeSeeds), strconv.FormatBool(q.HidePrivate)} {
		b.WriteByte(0)
		b.WriteString(x)
	}
	for _, t := range q.Types {
		b.WriteByte(1)
		b.WriteString(string(t))
	}
	for _, id := range q.Seeds {
		b.WriteByte(2)
		b.WriteString(id)
	}
	return b.String()
}

// rankCache keeps the rankings computed on the current snapshot: they are
// costly (betweenness runs for seconds) and the web UI asks for the same ones
// again. A new snapshot empties it.
type rankCache struct {
	mu   sync.Mutex
	snap *snapshot.Snapshot
	m    map[string]*rank.Result
}

const rankCacheMax = 64

func (rc *rankCache) get(snap *snapshot.Snapshot, key string) (*rank.Result, bool) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.snap != snap {
		return nil, false
	}
	res, ok := rc.m[key]
	return res, ok
}

func (rc *rankCache) put(snap *snapshot.Snapshot, key string, res *rank.Result) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.snap != snap || len(rc.m) >= rankCacheMax {
		rc.snap, rc.m = snap, map[string]*rank.Result{}
	}
	rc.m[key] = res
}
