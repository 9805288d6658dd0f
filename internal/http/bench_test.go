package http_test

import (
	"fmt"
	nethttp "net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	pmhttp "github.com/powermap/powermap/internal/http"
	"github.com/powermap/powermap/internal/store/embedded"
	"github.com/powermap/powermap/internal/synth"
)

// benchServer serves the synthetic map of n entities (seed 2026) from an
// embedded store, and returns its handler, a viewer token and some ids.
func benchServer(b *testing.B, n int) (nethttp.Handler, string, []graph.Entity) {
	b.Helper()
	st, err := embedded.Open(b.TempDir(), embedded.WithoutSync())
	require.NoError(b, err)
	b.Cleanup(func() { st.Close() })
	_, err = st.Apply(b.Context(), synth.Batch(synth.Config{Entities: n, Seed: 2026}))
	require.NoError(b, err)
	srv, err := pmhttp.New(pmhttp.DefaultConfig(), pmhttp.Deps{Store: st, Accounts: st})
	require.NoError(b, err)
	secret, tok, err := graph.NewToken("bench", graph.RoleViewer, time.Now())
	require.NoError(b, err)
	require.NoError(b, st.CreateToken(b.Context(), tok))
	es, err := st.Entities(b.Context(), graph.EntityQuery{Limit: 1000})
	require.NoError(b, err)
	officials, err := st.Entities(b.Context(), graph.EntityQuery{Kind: graph.KindOfficial, Limit: 100})
	require.NoError(b, err)
	var visible []graph.Entity
	for _, e := range append(officials, es...) {
		if !e.IsPrivate() {
			visible = append(visible, e)
		}
	}
	return srv.Handler(), secret, visible
}

func benchGet(b *testing.B, h nethttp.Handler, token string, path func(i int) string) {
	b.Helper()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		req := httptest.NewRequest("GET", path(i), nil)
		req.Header.Set("Authorization", "Bearer "+token)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("%s: %d %s", req.URL, w.Code, w.Body)
		}
		i++
	}
}

// BenchmarkAPI10k measures one request of each read kind through the whole
// handler stack (auth, middleware, store or engine, JSON), without the
// network, on the 10k-entity synthetic map.
func BenchmarkAPI10k(b *testing.B) {
	h, token, es := benchServer(b, 10_000)
	var officials []string
	for _, e := range es {
		if e.Kind == graph.KindOfficial {
			officials = append(officials, e.ID)
		}
	}
	words := []string{}
	for _, e := range es {
		if ws := graph.Tokens(e.Name); len(ws) > 1 && len(ws[1]) >= 3 {
			words = append(words, ws[1][:3])
		}
	}
	b.Run("Search", func(b *testing.B) {
		benchGet(b, h, token, func(i int) string { return "/api/v1/search?q=" + url.QueryEscape(words[i%len(words)]) })
	})
	b.Run("Entity", func(b *testing.B) {
		benchGet(b, h, token, func(i int) string { return "/api/v1/entities/" + url.PathEscape(es[i%len(es)].ID) })
	})
	for _, depth := range []int{1, 2} {
		b.Run(fmt.Sprintf("Network/depth=%d", depth), func(b *testing.B) {
			benchGet(b, h, token, func(i int) string {
				return fmt.Sprintf("/api/v1/entities/%s/network?depth=%d", url.PathEscape(es[i%len(es)].ID), depth)
			})
		})
	}
	b.Run("Paths", func(b *testing.B) {
		benchGet(b, h, token, func(i int) string { return "/api/v1/paths?to=" + url.QueryEscape(officials[i%len(officials)]) })
	})
}
