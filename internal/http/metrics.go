package http

import (
	nethttp "net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/powermap/powermap/graph/snapshot"
)

// metrics are one server's Prometheus collectors, in a registry of its own
// (no global state: two servers in one test process do not collide).
type metrics struct {
	reg         *prometheus.Registry
	requests    *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	storeErrors *prometheus.CounterVec
	inFlight    prometheus.Gauge
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "powermap_http_requests_total",
			Help: "HTTP requests by method, route template and status code.",
		}, []string{"method", "route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "powermap_http_request_duration_seconds",
			Help:    "HTTP request latency by method and route template.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"method", "route"}),
		storeErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "powermap_store_errors_total",
			Help: "Store calls that failed with an unavailable or internal error, by code.",
		}, []string{"code"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "powermap_http_requests_in_flight",
			Help: "HTTP requests being served.",
		}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.storeErrors, m.inFlight,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// observe is the middleware that counts and times requests by route
// template, so that ids in paths do not explode the label space.
func (m *metrics) observe(c *gin.Context) {
	start := time.Now()
	m.inFlight.Inc()
	defer m.inFlight.Dec()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	m.requests.WithLabelValues(c.Request.Method, route, strconv.Itoa(c.Writer.Status())).Inc()
	m.latency.WithLabelValues(c.Request.Method, route).Observe(time.Since(start).Seconds())
}

// watchSnapshots exports the age of the loaded snapshot and how many were
// built. Nothing that measures the map is exported (entities, ties, bytes,
// change version): those would tell a scraper how many records there are,
// the private ones that viewers never see included.
func (m *metrics) watchSnapshots(mgr *snapshot.Manager, now func() time.Time) {
	m.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "powermap_snapshot_age_seconds", Help: "Seconds since the loaded snapshot was built."},
			func() float64 {
				if s := mgr.Loaded(); s != nil {
					return now().Sub(s.Now()).Seconds()
				}
				return 0
			}),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "powermap_snapshot_builds_total", Help: "Snapshots built by reading the whole store."},
			func() float64 { return float64(mgr.Builds()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "powermap_snapshot_replays_total", Help: "Snapshots made by replaying the store's changes onto the previous one."},
			func() float64 { return float64(mgr.Replays()) }),
	)
}

// handler serves the registry in the Prometheus text format.
func (m *metrics) handler() nethttp.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}
