package http

import (
	nethttp "net/http"

	"github.com/gin-gonic/gin"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/rank"
	"github.com/powermap/powermap/internal/app"
)

// findPaths answers GET /paths?to=&from=&k=&max_hops=&types=&exclude_types=&avoid=
// with app.Paths: the JSON of `powermap paths --json`.
func (s *Server) findPaths(c *gin.Context) error {
	p := queryParams(c)
	q := app.PathsQuery{
		To:           p.str("to"),
		From:         p.list("from"),
		K:            p.int("k", app.DefaultK, 1, app.MaxK),
		MaxHops:      p.int("max_hops", app.DefaultMaxHops, 1, app.MaxHops),
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
	res, err := s.app.Paths(c.Request.Context(), s.caller(c), q)
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, res)
	return nil
}

// connections answers GET /connections?a=&b= with app.Connections.
func (s *Server) connections(c *gin.Context) error {
	p := queryParams(c)
	res, err := s.app.Connections(c.Request.Context(), s.caller(c), p.str("a"), p.str("b"))
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, res)
	return nil
}

// rankings answers GET /rankings?algo=&top=&kind=&label=&within=&types=&seed=&weighted=&exclude_seeds=
// with app.Rankings: the JSON of `powermap rank --json`.
func (s *Server) rankings(c *gin.Context) error {
	p := queryParams(c)
	q := rank.Query{
		Top:          p.int("top", app.DefaultTop, 1, app.MaxTop),
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
	res, err := s.app.Rankings(c.Request.Context(), s.caller(c), q)
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, res)
	return nil
}

// innerCircle answers GET /entities/{id}/inner-circle?top= with
// app.InnerCircle.
func (s *Server) innerCircle(c *gin.Context) error {
	p := queryParams(c)
	top := p.int("top", app.DefaultTop, 1, app.MaxTop)
	if err := p.err(); err != nil {
		return err
	}
	res, err := s.app.InnerCircle(c.Request.Context(), s.caller(c), c.Param("id"), top)
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, res)
	return nil
}

// network answers GET /entities/{id}/network?depth=1..3&types=&limit= with
// app.Network.
func (s *Server) network(c *gin.Context) error {
	p := queryParams(c)
	q := app.NetworkQuery{
		Center: c.Param("id"),
		Depth:  p.int("depth", app.DefaultNetworkDepth, 1, app.MaxNetworkDepth),
		Types:  p.types("types"),
		Limit:  p.int("limit", app.DefaultNetworkLimit, 1, app.MaxNetworkLimit),
	}
	if err := p.err(); err != nil {
		return err
	}
	res, err := s.app.Network(c.Request.Context(), s.caller(c), q)
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, res)
	return nil
}

// ourGivers answers GET /entities/{id}/givers: which of our people and
// contacts gave to the official, and FEC donor records that are probably
// one of them.
func (s *Server) ourGivers(c *gin.Context) error {
	g, err := s.app.OurGivers(c.Request.Context(), s.caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, g)
	return nil
}
