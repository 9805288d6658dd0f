package http

import (
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

// watchSnapshots exports the size and age of the loaded snapshot.
func (m *metrics) watchSnapshots(mgr *snapshot.Manager, now func() time.Time) {
	loaded := func(f func(*snapshot.Snapshot) float64) func() float64 {
		return func() float64 {
			if s := mgr.Loaded(); s != nil {
				return f(s)
			}
			return 0
		}
	}
	m.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "powermap_snapshot_entities", Help: "Entities in the loaded analysis snapshot."},
			loaded(func(s *snapshot.Snapshot) float64 { return float64(s.Len()) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "powermap_snapshot_walk_ties", Help: "Introduction ties (pairs) in the loaded snapshot."},
			loaded(func(s *snapshot.Snapshot) float64 { return float64(s.Stats().WalkTies) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "powermap_snapshot_bytes", Help: "Estimated memory held by the loaded snapshot."},
			loaded(func(s *snapshot.Snapshot) float64 { return float64(s.Bytes()) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "powermap_snapshot_version", Help: "Store change version the loaded snapshot reflects."},
			loaded(func(s *snapshot.Snapshot) float64 { return float64(s.Version()) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "powermap_snapshot_age_seconds", Help: "Seconds since the loaded snapshot was built."},
			loaded(func(s *snapshot.Snapshot) float64 { return now().Sub(s.Now()).Seconds() })),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "powermap_snapshot_builds_total", Help: "Snapshots built."},
			func() float64 { return float64(mgr.Builds()) }),
	)
}

func (m *metrics) handler() gin.HandlerFunc {
	h := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return gin.WrapH(h)
}
