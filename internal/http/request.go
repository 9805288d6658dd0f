package http

import (
	"errors"
	"io"
	nethttp "net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
)

// decodeJSON reads the request body into v with app.DecodeJSON.
func decodeJSON(c *gin.Context, v any) error {
	body, err := readBody(c)
	if err != nil {
		return err
	}
	return app.DecodeJSON(body, v)
}

// readBody reads the request body, within its cap.
func readBody(c *gin.Context) ([]byte, error) {
	const op = "http.readBody"
	body, err := io.ReadAll(c.Request.Body)
	if err != nil {
		var tooBig *nethttp.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, graph.E(op, graph.TooLarge, err)
		}
		return nil, graph.E(op, graph.Invalid, graph.Detail{Field: "body", Reason: "could not be read"}, err)
	}
	return body, nil
}

func bodyError(op, field, reason string) error {
	return &graph.Error{Op: op, Code: graph.Invalid, Message: field + " " + reason, Details: []graph.Detail{{Field: field, Reason: reason}}}
}

// params reads query parameters and collects every problem, so that one
// response lists them all.
type params struct {
	c  *gin.Context
	ds []graph.Detail
}

func queryParams(c *gin.Context) *params { return &params{c: c} }

func (p *params) fail(field, reason string) {
	p.ds = append(p.ds, graph.Detail{Field: field, Reason: reason})
}

func (p *params) str(name string) string { return strings.TrimSpace(p.c.Query(name)) }

// int parses an integer parameter in [min, max]; absent gives def.
func (p *params) int(name string, def, min, max int) int {
	s := p.str(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		p.fail(name, "must be an integer, got "+strconv.Quote(s))
		return def
	}
	if n < min || n > max {
		p.fail(name, "must be between "+strconv.Itoa(min)+" and "+strconv.Itoa(max)+", got "+s)
		return def
	}
	return n
}

// bool parses true/false; absent gives nil.
func (p *params) bool(name string) *bool {
	s := p.str(name)
	if s == "" {
		return nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		p.fail(name, "must be true or false, got "+strconv.Quote(s))
		return nil
	}
	return &b
}

// boolDefault parses true/false; absent gives def.
func (p *params) boolDefault(name string, def bool) bool {
	if b := p.bool(name); b != nil {
		return *b
	}
	return def
}

// list returns every value of a repeated parameter (from=a&from=b), trimmed,
// without empty ones. Values are never split on commas: ids may hold them.
func (p *params) list(name string) []string {
	var out []string
	for _, v := range p.c.QueryArray(name) {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func (p *params) kind(name string) graph.Kind {
	s := p.str(name)
	if s == "" {
		return ""
	}
	k, err := graph.ParseKind(s)
	if err != nil {
		p.fail(name, graph.DetailsOf(err)[0].Reason)
	}
	return k
}

func (p *params) types(name string) []graph.RelType {
	ts, err := graph.ParseRelTypes(p.str(name))
	if err != nil {
		p.fail(name, graph.DetailsOf(err)[0].Reason)
	}
	return ts
}

// page reads after and limit.
func (p *params) page(def, max int) (after string, limit int) {
	return p.c.Query("after"), p.int("limit", def, 1, max)
}

func (p *params) err() error {
	if len(p.ds) == 0 {
		return nil
	}
	return &graph.Error{Op: "http.params", Code: graph.Invalid, Message: "invalid query: " + p.ds[0].String(), Details: p.ds}
}

// list is the JSON of every paginated listing. Next, when set, is the value
// of after for the next page.
type list[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next,omitempty"`
}

// ifMatch returns the revision an If-Match header asks for ("" when absent;
// "*" is kept as is).
func ifMatch(c *gin.Context) string {
	v := strings.TrimSpace(c.GetHeader("If-Match"))
	v = strings.TrimPrefix(v, "W/")
	return strings.Trim(v, `"`)
}

func setETag(c *gin.Context, rev string) { c.Header("ETag", `"`+rev+`"`) }
