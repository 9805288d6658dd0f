package main

import (
	"context"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
)

// caller is who the command acts as.
func (m *Main) caller() app.Caller {
	c := app.Admin
	if m.Config.As != "" {
		c.Role = m.Config.As
	}
	return c
}

// newApp wires the use-case layer over an open store, in the organizers'
// time zone: tz, or POWERMAP_TIMEZONE when tz is empty.
func (m *Main) newApp(s backend, tz string) (*app.App, error) {
	loc, err := m.timeZone(tz)
	if err != nil {
		return nil, err
	}
	// A store opened read-only keeps no audit entry of what is read.
	var accounts graph.AccountStore = s
	if ro, ok := s.(interface{ ReadOnly() bool }); ok && ro.ReadOnly() {
		accounts = nil
	}
	return app.New(app.Deps{Store: s, Accounts: accounts, Formats: formats(s).WithLogger(m.Logger()), Location: loc, Logger: m.Logger(),
		Now: func() time.Time { return time.Now().In(loc) }})
}

// withApp opens the store with open (m.openStore, or m.openReadOnly for a
// command that only reads), wires the app over it in time zone tz, and
// runs fn.
func (m *Main) withApp(ctx context.Context, open func(context.Context) (backend, error), tz string, fn func(a *app.App) error) error {
	s, err := open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	a, err := m.newApp(s, tz)
	if err != nil {
		return err
	}
	return fn(a)
}
