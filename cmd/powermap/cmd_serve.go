package main

import (
	"context"
	"flag"
	"fmt"

	apihttp "github.com/powermap/powermap/internal/http"
	"github.com/powermap/powermap/web"
)

func serveCommand() *command {
	cfg := apihttp.DefaultConfig()
	var demo bool
	return &command{
		name:    "serve",
		summary: "serve the API and the web UI",
		usage:   "serve [--addr HOST:PORT] [--demo] [--allow-remote] [--metrics-addr HOST:PORT]",
		help: `Serve runs powermap for a team: the web UI at / and the JSON API under
/api/v1, on one address.

On the first run against a store with no API tokens it creates an admin
token and prints it with a sign-in link: keep it, it is shown only once
(create more with 'powermap token create').

It binds to loopback by default. Binding to another address needs
--allow-remote, and should only be done with TLS terminated in front.

/metrics (Prometheus) needs an admin token. For a scraper, --metrics-addr
(POWERMAP_METRICS_ADDR) serves /metrics alone, without a token, on a second
address, e.g. one on a private network; it holds request and process
figures, nothing of the map.

Every Monday at 07:00 (POWERMAP_WEEKLY, e.g. "Mon 07:00"; in the time zone
POWERMAP_TIMEZONE, e.g. America/Chicago) it computes and keeps each active
campaign's outreach list; a run missed while it was down is caught up at
start.

SIGINT or SIGTERM stops it gracefully: requests in flight finish first.

Examples:
  powermap serve --demo                  # load the demo map if the store is empty
  NEO4J_URI=bolt://localhost:7687 powermap serve
  powermap serve --metrics-addr 10.0.0.5:9090   # Prometheus scrapes http://10.0.0.5:9090/metrics`,
		flags: func(fs *flag.FlagSet, m *Main) {
			fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "the `HOST:PORT` to listen on")
			fs.BoolVar(&cfg.AllowRemote, "allow-remote", false, "allow binding a non-loopback address (put TLS in front)")
			fs.StringVar(&cfg.PublicURL, "public-url", "", "the `URL` people use to reach the server, for sign-in links (default http://ADDR)")
			fs.BoolVar(&cfg.CookieSecure, "secure-cookies", false, "mark session cookies Secure (when served over HTTPS)")
			fs.StringVar(&cfg.MetricsAddr, "metrics-addr", m.Getenv("POWERMAP_METRICS_ADDR"), "also serve /metrics alone, without a token, on this host:port, for a scraper (env POWERMAP_METRICS_ADDR; on --addr it needs an admin token)")
			fs.BoolVar(&demo, "demo", false, "load the demo map when the store is empty")
		},
		run: func(ctx context.Context, m *Main, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected argument %q", args[0])
			}
			if err := cfg.Validate(); err != nil {
				return usagef("%s", errorText(err))
			}
			loc, err := m.timeZone("")
			if err != nil {
				return err
			}
			cfg.Location = loc
			m.serving = true
			log := m.Logger()
			s, err := m.openStore(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			if demo {
				loaded, err := loadDemoIfEmpty(ctx, s)
				if err != nil {
					return err
				}
				if loaded {
					log.Info("loaded the demo map into the empty store")
				}
			}
			a, err := m.newApp(s, "")
			if err != nil {
				return err
			}
			waitWeekly, err := m.startWeekly(ctx, s, a, log)
			if err != nil {
				return err
			}
			defer waitWeekly()
			ui, err := web.New()
			if err != nil {
				return err
			}
			srv, err := apihttp.New(cfg, apihttp.Deps{Store: s, Accounts: s, Logger: log, UI: ui, App: a})
			if err != nil {
				return err
			}
			if err := srv.Open(); err != nil {
				return err
			}
			log.Info("powermap is serving", "url", srv.URL(), "store", m.Config.Backend())
			if _, err := apihttp.EnsureAdmin(ctx, s, publicURL(cfg, srv), m.Stdout); err != nil {
				srv.Close()
				return err
			}
			fmt.Fprintf(m.Stdout, "powermap is serving %s from %s. Press Ctrl-C to stop.\n", srv.URL(), m.Config.Where())
			<-ctx.Done()
			log.Info("shutting down")
			return srv.Close()
		},
	}
}

func publicURL(cfg apihttp.Config, srv *apihttp.Server) string {
	if cfg.PublicURL != "" {
		return cfg.PublicURL
	}
	return srv.URL()
}
