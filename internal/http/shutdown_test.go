package http

import (
	"bytes"
	"context"
	"io"
	nethttp "net/http"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGracefulShutdown cancels Run's context (as SIGTERM does through
// signal.NotifyContext) while a request is in flight: the request completes,
// new connections are refused, and Run returns only after the drain.
func TestGracefulShutdown(t *testing.T) {
	s := newTestServer(t, &bytes.Buffer{})
	s.cfg.Addr = "127.0.0.1:0"
	started, release := make(chan struct{}), make(chan struct{})
	s.engine.GET("/slow", func(c *gin.Context) {
		close(started)
		<-release
		c.String(200, "finished")
	})
	ctx, cancel := context.WithCancel(t.Context())
	ran := make(chan error, 1)
	go func() { ran <- s.Run(ctx) }()
	require.Eventually(t, func() bool { return s.Addr() != "" }, 5*time.Second, 5*time.Millisecond)
	url := s.URL()

	type answer struct {
		status int
		body   string
		err    error
	}
	got := make(chan answer, 1)
	go func() {
		res, err := nethttp.Get(url + "/slow")
		if err != nil {
			got <- answer{err: err}
			return
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		got <- answer{status: res.StatusCode, body: string(b)}
	}()
	<-started
	cancel()
	// Run waits for the in-flight request.
	select {
	case err := <-ran:
		t.Fatalf("Run returned before the in-flight request finished: %v", err)
	case <-time.After(200 * time.Millisecond):
	}
	// No new connection is accepted while draining.
	_, err := (&nethttp.Client{Timeout: 2 * time.Second}).Get(url + "/healthz")
	assert.Error(t, err, "a new request during shutdown must be refused")

	close(release)
	a := <-got
	require.NoError(t, a.err)
	assert.Equal(t, 200, a.status)
	assert.Equal(t, "finished", a.body)
	select {
	case err := <-ran:
		assert.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after the drain")
	}
	// The store stays open for the caller to close.
	require.NoError(t, s.store.Ping(t.Context()))
}

// TestShutdownDeadline drops a request that outlives ShutdownTimeout.
func TestShutdownDeadline(t *testing.T) {
	s := newTestServer(t, &bytes.Buffer{})
	s.cfg.Addr = "127.0.0.1:0"
	s.cfg.ShutdownTimeout = 300 * time.Millisecond
	started := make(chan struct{})
	s.engine.GET("/stuck", func(c *gin.Context) {
		close(started)
		<-c.Request.Context().Done()
	})
	require.NoError(t, s.Open())
	go func() {
		res, err := nethttp.Get(s.URL() + "/stuck")
		if err == nil {
			res.Body.Close()
		}
	}()
	<-started
	t0 := time.Now()
	err := s.Close()
	assert.Error(t, err, "the deadline passed")
	assert.Less(t, time.Since(t0), 5*time.Second)
}
