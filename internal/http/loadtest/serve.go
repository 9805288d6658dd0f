package loadtest

import (
	"context"
	"time"

	"github.com/powermap/powermap/graph"
	pmhttp "github.com/powermap/powermap/internal/http"
	"github.com/powermap/powermap/internal/store/embedded"
	"github.com/powermap/powermap/internal/synth"
)

// Served is a real API server over loopback on a synthetic map, for load
// runs.
type Served struct {
	URL string
	// Token is a viewer token.
	Token string
	srv   *pmhttp.Server
	store *embedded.Store
}

// Close stops the server, then closes the store.
func (s *Served) Close() error {
	err := s.srv.Close()
	if cerr := s.store.Close(); err == nil {
		err = cerr
	}
	return err
}

// Serve loads the synthetic map of n entities (internal/synth, seed 2026)
// into a new embedded store in dir, serves it on a free loopback port with
// the default configuration, and makes a viewer token.
func Serve(ctx context.Context, dir string, n int) (*Served, error) {
	st, err := embedded.Open(dir, embedded.WithoutSync())
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*Served, error) {
		st.Close()
		return nil, err
	}
	if _, err := st.Apply(ctx, synth.Batch(synth.Config{Entities: n, Seed: 2026})); err != nil {
		return fail(err)
	}
	secret, tok, err := graph.NewToken("load", graph.RoleViewer, time.Now())
	if err != nil {
		return fail(err)
	}
	if err := st.CreateToken(ctx, tok); err != nil {
		return fail(err)
	}
	cfg := pmhttp.DefaultConfig()
	cfg.Addr = "127.0.0.1:0"
	srv, err := pmhttp.New(cfg, pmhttp.Deps{Store: st, Accounts: st})
	if err != nil {
		return fail(err)
	}
	if err := srv.Open(); err != nil {
		return fail(err)
	}
	return &Served{URL: srv.URL(), Token: secret, srv: srv, store: st}, nil
}
