package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncBuffer is a buffer that a test may read while a command writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeMetricsAddr checks that POWERMAP_METRICS_ADDR (or --metrics-addr)
// opens a second listener that serves /metrics without a token, while
// /metrics on the main address needs one.
func TestServeMetricsAddr(t *testing.T) {
	var stdout, stderr syncBuffer
	env := map[string]string{"POWERMAP_DATA": t.TempDir(), "POWERMAP_METRICS_ADDR": "127.0.0.1:0"}
	m := &Main{Stdout: &stdout, Stderr: &stderr, Stdin: strings.NewReader(""), Getenv: func(k string) string { return env[k] }}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}) }()
	defer func() {
		cancel()
		assert.Equal(t, exitOK, <-done, "stderr: %s", stderr.String())
	}()

	// addrOf finds a listen address in the text log, after msg=.
	addrOf := func(msg string) string {
		re := regexp.MustCompile(`msg=` + msg + ` addr=(\S+)`)
		var addr string
		require.Eventually(t, func() bool {
			if m := re.FindStringSubmatch(stderr.String()); m != nil {
				addr = m[1]
			}
			return addr != ""
		}, 30*time.Second, 10*time.Millisecond, "stderr: %s", stderr.String())
		return addr
	}
	metrics, main := addrOf(`"serving metrics"`), addrOf("serving")
	get := func(url string) (int, string) {
		res, err := http.Get(url)
		require.NoError(t, err)
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res.StatusCode, string(b)
	}
	code, body := get("http://" + metrics + "/metrics")
	assert.Equal(t, 200, code)
	assert.Contains(t, body, "powermap_http_requests_in_flight")
	code, _ = get("http://" + metrics + "/api/v1/entities")
	assert.Equal(t, 404, code, "the metrics address serves nothing else")
	code, _ = get("http://" + main + "/metrics")
	assert.Equal(t, 401, code, "the main address wants a token")
}

func TestServeMetricsAddrInvalid(t *testing.T) {
	code, _, errOut := run(t, map[string]string{"POWERMAP_DATA": t.TempDir()}, "serve", "--metrics-addr", "nonsense")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "metrics_addr")
	code, _, errOut = run(t, map[string]string{"POWERMAP_DATA": t.TempDir()}, "serve", "--addr", "127.0.0.1:8080", "--metrics-addr", "127.0.0.1:8080")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "must differ from addr")
}
