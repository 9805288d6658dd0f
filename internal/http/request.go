package http

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	nethttp "net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/powermap/powermap/graph"
)

// decodeJSON reads the request body into v, refusing unknown fields and
// trailing data. Problems come back as Invalid errors naming the field.
func decodeJSON(c *gin.Context, v any) error {
	const op = "http.decodeJSON"
	body, err := io.ReadAll(c.Request.Body)
	if err != nil {
		var tooBig *nethttp.MaxBytesError
		if errors.As(err, &tooBig) {
			return graph.E(op, graph.TooLarge, err)
		}
		return graph.E(op, graph.Invalid, graph.Detail{Field: "body", Reason: "could not be read"}, err)
	}
	return unmarshalStrict(body, v)
}

func unmarshalStrict(body []byte, v any) error {
	const op = "http.decodeJSON"
	if len(bytes.TrimSpace(body)) == 0 {
		return bodyError(op, "body", "must be a JSON object, got nothing")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			return bodyError(op, "body", "is not valid JSON at byte "+strconv.FormatInt(syn.Offset, 10)+": "+syn.Error())
		case errors.As(err, &typ):
			field := typ.Field
			if field == "" {
				field = "body"
			}
			return bodyError(op, field, "must be "+jsonKind(typ.Type.Kind().String())+", got "+typ.Value)
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			f, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
			return bodyError(op, f, "is not a known field")
		case errors.Is(err, io.ErrUnexpectedEOF):
			return bodyError(op, "body", "is truncated JSON")
		}
		return bodyError(op, "body", "is not valid JSON: "+err.Error())
	}
	if dec.More() {
		return bodyError(op, "body", "holds data after the JSON value")
	}
	return nil
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "slice", "array":
		return "an array"
	case "map", "struct":
		return "an object"
	}
	return "a number"
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

// paginate fills a page of up to limit items from fetch, which lists items
// after a cursor, keeping those that keep accepts. It asks fetch for more
// while kept items fall short, so that hidden items never shorten a page
// that has more to show.
func paginate[T any](ctx context.Context, after string, limit int,
	fetch func(ctx context.Context, after string, n int) ([]T, error),
	id func(*T) string, keep func(*T) (bool, error)) (list[T], error) {
	out := list[T]{Items: make([]T, 0, min(limit, 256))}
	cursor := after
	for {
		batch, err := fetch(ctx, cursor, limit+1)
		if err != nil {
			return out, err
		}
		for i := range batch {
			ok, err := keep(&batch[i])
			if err != nil {
				return out, err
			}
			if !ok {
				continue
			}
			if len(out.Items) == limit {
				out.Next = id(&out.Items[limit-1])
				return out, nil
			}
			out.Items = append(out.Items, batch[i])
		}
		if len(batch) < limit+1 {
			return out, nil
		}
		cursor = id(&batch[len(batch)-1])
	}
}

// ifMatch returns the revision an If-Match header asks for ("" when absent;
// "*" is kept as is).
func ifMatch(c *gin.Context) string {
	v := strings.TrimSpace(c.GetHeader("If-Match"))
	v = strings.TrimPrefix(v, "W/")
	return strings.Trim(v, `"`)
}

func setETag(c *gin.Context, rev string) { c.Header("ETag", `"`+rev+`"`) }
